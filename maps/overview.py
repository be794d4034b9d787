"""The county overview: grids shaded by visit coverage, with their counts, where households cannot be told apart.

At a county's scale a map of 100,000 household stamps under 6,000 dispute
symbols tells a chief nothing, and reading them costs seconds. Beyond
:data:`OVERVIEW_FROM_METRES_PER_PIXEL` the renderer draws instead each grid in
its class of coverage (households visited within their grid's cycle), labelled
with its share and its open disputes, from the summaries the store counts
(:meth:`layers.store.base.ProjectStore.grid_summaries`); zoomed in, households
and disputes come back. The legend says which is shown.
"""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter

from layers.vocabulary import Grade
from maps.fonts import map_font
from maps.label_placement import Label, LabelPlacer
from maps.map_content import GridSummaries, lines_path
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
"""A grid gets its figures written on it once it is this wide on screen."""
OVERVIEW_LABEL = 3
OVERVIEW_TEXT = "#102a43"


def shows_overview(settings: MapSettings, summaries: GridSummaries | None) -> bool:
    """Whether ``settings`` are zoomed out beyond telling households apart, with summaries to show instead."""
    return summaries is not None and settings.metres_per_pixel >= OVERVIEW_FROM_METRES_PER_PIXEL


def draw_overview(
    painter: QPainter, geometries: np.ndarray, summaries: GridSummaries, label_points: list, metres_per_pixel: float,
    dpi: float, labels: LabelPlacer,
) -> list[LegendEntry]:  # fmt: skip
    """Fill each grid (``geometries`` in metres, simplified to the scale; ``painter`` maps metres to pixels) by its
    coverage class and queue its figures at ``label_points`` (pixels; ``None`` off screen); returns the legend
    entries of the classes drawn."""
    classes = np.array([coverage_class(share) for share in summaries.coverage], dtype=int)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # the outlines drawn next hide the edges
    for index, (_, fill) in enumerate(COVERAGE_CLASSES):
        if (classes == index).any():  # one path per class: a county's grids in five fills, not 700
            painter.fillPath(lines_path(geometries[classes == index]), QColor(fill))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    share_font, dispute_font = map_font(dpi, 8, bold=True), map_font(dpi, 7, bold=True)
    line = points_to_pixels(9, dpi)
    grades = list(Grade)
    widths = (shapely.bounds(geometries)[:, 2] - shapely.bounds(geometries)[:, 0]) / metres_per_pixel
    for point, width, share, open_by_grade, households in zip(
        label_points, widths, summaries.coverage, summaries.open_by_grade, summaries.households
    ):
        if point is None or households == 0 or width < LABELLED_FROM_PIXELS:
            continue
        x, y = point
        labels.add(OVERVIEW_LABEL, Label(x, y, f"{share:.0%}", share_font, OVERVIEW_TEXT))
        if open_by_grade.sum():
            hardest = grades[int(np.flatnonzero(open_by_grade)[-1])]
            labels.add(OVERVIEW_LABEL, Label(x, y + line, f"{int(open_by_grade.sum())}", dispute_font,
                                             GRADE_COLOURS[hardest]))  # fmt: skip
    counts = np.bincount(classes, minlength=len(COVERAGE_CLASSES))
    return [
        LegendEntry("grids", COVERAGE_FILLS[index], f"coverage_{index}", int(count))
        for index, count in enumerate(counts)
        if count
    ]
