"""The county overview: grids shaded by visit coverage, with their counts, where households cannot be told apart.

At a county's scale a map of 100,000 household stamps under 6,000 dispute
symbols tells a chief nothing, and reading them costs seconds. Beyond
:data:`OVERVIEW_FROM_METRES_PER_PIXEL` the renderer draws instead each grid in
its class of coverage (households visited within their grid's cycle), labelled
with its share and its open disputes, from the summaries the store counts
(:meth:`layers.store.base.ProjectStore.grid_summaries`). Zoomed out further,
where grids are specks, their villages and then their townships are shaded,
their grids' counts added up (:func:`overview_units`); zoomed in, households
and disputes come back. The legend says which is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter

from layers.vocabulary import Grade
from maps.fonts import map_font
from maps.label_placement import Label, LabelPlacer
from maps.map_content import GridSummaries, MapContent, lines_path
from maps.map_settings import MapSettings
from maps.symbology import (
    COVERAGE_CLASSES,
    COVERAGE_FILLS,
    GRADE_COLOURS,
    LegendEntry,
    coverage_class,
    points_to_pixels,
)

OVERVIEW_FROM_METRES_PER_PIXEL = 10.0
"""From here out (a 1920-pixel view about 19 km wide) a household symbol covers 50 m and neighbours merge on
screen: grids are summarised instead."""
LABELLED_FROM_PIXELS = 36
"""A unit (grid, village, township) gets its figures written on it once it is this wide on screen; the overview
shades the finest unit whose typical member is."""
OVERVIEW_LABEL = 3
OVERVIEW_TEXT = "#102a43"


def shows_overview(settings: MapSettings, summaries: GridSummaries | None) -> bool:
    """Whether ``settings`` are zoomed out beyond telling households apart, with summaries to show instead."""
    return summaries is not None and settings.metres_per_pixel >= OVERVIEW_FROM_METRES_PER_PIXEL


OVERVIEW_UNITS = ("grid", "village", "township")
"""What an overview may summarise, finest first: each grid, or its grids together by village or by township."""


@dataclass(frozen=True)
class OverviewUnits:
    """The units an overview shades: each grid's unit, and per unit its counts, name and place for its figures."""

    unit: str  # one of OVERVIEW_UNITS
    of_grid: np.ndarray  # each drawn grid's unit (index into the per-unit arrays)
    summaries: GridSummaries  # per unit: its grids' counts added up (they are counts of households or disputes)
    names: tuple[str, ...]  # per unit; empty for grids, whose code is known from the grid itself
    anchors: np.ndarray  # (units, 2) metres: the grid label point nearest the unit's middle, so figures sit on land
    widths_m: np.ndarray  # per unit: the side of a square as large as its grids' boxes together


def overview_units(content: MapContent, metres_per_pixel: float) -> OverviewUnits:
    """The finest unit whose typical member is wide enough on screen to carry its figures.

    Zoomed out over a county, 700 grids are specks: their villages (the
    grids' ``village``), and further out their townships, are shaded instead.
    A grid without a village or township stays a unit of its own. Each kind
    of unit is worked out once per content: panning over a county only draws.
    """
    areas = dict(content.grid_areas)
    units = None
    for unit in (unit for unit in OVERVIEW_UNITS if unit == "grid" or unit in areas):
        if unit not in content.overview_units:  # two render threads may both build it: same result, no harm
            content.overview_units[unit] = _units_of_content(content, unit, areas)
        units = content.overview_units[unit]
        if not len(units.widths_m) or np.median(units.widths_m) / metres_per_pixel >= LABELLED_FROM_PIXELS:
            break
    return units


def _units_of_content(content: MapContent, unit: str, areas: dict[str, np.ndarray]) -> OverviewUnits:
    geometries = content.grids.geometries
    bounds = shapely.bounds(geometries) if len(geometries) else np.zeros((0, 4))
    anchors = np.array([(label.x, label.y) for label in content.grid_labels], dtype=float).reshape(-1, 2)
    codes = np.array([label.code for label in content.grid_labels], dtype=object)
    if unit == "grid":
        names = codes
    else:  # a blank name (another GIS writes "" as often as nothing) is no name
        named = pd.Series(areas[unit], dtype=object)
        names = named.where(named.fillna("").astype(str).str.strip() != "", pd.Series(codes)).to_numpy(dtype=object)
    keys = names
    if unit == "village" and "township" in areas:  # a village is known by its township: two may have a 李家庄村
        keys = (pd.Series(areas["township"]).fillna("") + "/" + names).to_numpy(dtype=object)
    return _units_of(unit, keys, names, bounds, anchors, content.grid_summaries)


def _units_of(
    unit: str, keys: np.ndarray, names: np.ndarray, bounds: np.ndarray, anchors: np.ndarray, grids: GridSummaries
) -> OverviewUnits:
    of_grid, unique = pd.factorize(pd.Series(keys, dtype=object))
    count = len(unique)
    first = np.zeros(count, dtype=int)
    first[of_grid[::-1]] = np.arange(len(of_grid))[::-1]  # each unit's first grid, which names it

    def added(values: np.ndarray) -> np.ndarray:
        total = np.zeros((count, *values.shape[1:]), dtype=values.dtype)
        np.add.at(total, of_grid, values)
        return total

    middle = added(anchors) / np.maximum(np.bincount(of_grid, minlength=count), 1)[:, None]
    off_middle = np.hypot(*(anchors - middle[of_grid]).T)
    by_unit = np.lexsort((off_middle, of_grid))  # each unit's grids, the one nearest its middle first
    nearest = by_unit[np.flatnonzero(np.r_[True, np.diff(of_grid[by_unit]) != 0])]
    summaries = GridSummaries(added(grids.households), added(grids.in_cycle), added(grids.open_by_grade))
    return OverviewUnits(
        unit=unit,
        of_grid=of_grid,
        summaries=summaries,
        names=() if unit == "grid" else tuple(str(name) for name in names[first]),
        anchors=anchors[nearest] if count else np.zeros((0, 2)),
        widths_m=np.sqrt(added((bounds[:, 2] - bounds[:, 0]) * (bounds[:, 3] - bounds[:, 1]))),
    )


def draw_overview(
    painter: QPainter, geometries: np.ndarray, units: OverviewUnits, label_points: list, metres_per_pixel: float,
    dpi: float, labels: LabelPlacer,
) -> list[LegendEntry]:  # fmt: skip
    """Fill each grid (``geometries`` in metres, simplified to the scale; ``painter`` maps metres to pixels) by the
    coverage class of its unit and queue each unit's figures at ``label_points`` (pixels; ``None`` off screen);
    returns the legend entries of the classes drawn, counting units."""
    unit_classes = np.array([coverage_class(share) for share in units.summaries.coverage], dtype=int)
    classes = unit_classes[units.of_grid] if len(units.of_grid) else unit_classes
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # the outlines drawn next hide the edges
    for index, (_, fill) in enumerate(COVERAGE_CLASSES):
        if (classes == index).any():  # one path per class: a county's grids in five fills, not 700
            painter.fillPath(lines_path(geometries[classes == index]), QColor(fill))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    share_font, dispute_font = map_font(dpi, 8, bold=True), map_font(dpi, 7, bold=True)
    line = points_to_pixels(11, dpi)  # a line and a third of 8 pt: labels keep clear of two thirds of a line
    grades = list(Grade)
    summaries = units.summaries
    names = units.names or ("",) * len(summaries.households)
    for point, width, name, share, open_by_grade, households in zip(
        label_points, units.widths_m / metres_per_pixel, names, summaries.coverage, summaries.open_by_grade,
        summaries.households,
    ):  # fmt: skip
        if point is None or households == 0 or width < LABELLED_FROM_PIXELS:
            continue
        x, y = point
        figures = f"{name} {share:.0%}" if name else f"{share:.0%}"  # one label: a name never goes without its share
        labels.add(OVERVIEW_LABEL, Label(x, y, figures, share_font, OVERVIEW_TEXT))
        if open_by_grade.sum():
            hardest = grades[int(np.flatnonzero(open_by_grade)[-1])]
            labels.add(OVERVIEW_LABEL, Label(x, y + line, f"{int(open_by_grade.sum())}", dispute_font,
                                             GRADE_COLOURS[hardest]))  # fmt: skip
    counts = np.bincount(unit_classes, minlength=len(COVERAGE_CLASSES))
    return [
        LegendEntry("grids", COVERAGE_FILLS[index], f"coverage_{index}", int(count), state=units.unit)
        for index, count in enumerate(counts)
        if count
    ]
