"""The bulletin's map: the station's grids shaded by the month's visit coverage.

The grids are filled by classes of coverage first, then the ordinary map
(grid boundaries, roads, landmarks) is rendered by :func:`maps.renderer.render_map`
on a transparent background and laid over them, so roads and police offices
stay visible through the shading, in the map frame every printed map has
(:mod:`maps.print.map_frame`). Households and disputes are left out: the
bulletin shows counts, not where anybody lives.
"""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QColor, QPen, QTransform

from layers.review import ReviewData
from maps.map_content import MapContent, lines_path
from maps.map_settings import LayerView
from maps.print.map_frame import MapFrame, MapMarks, draw_map_frame
from maps.print.page import INK, PagePainter
from maps.symbology import COVERAGE_CLASSES, coverage_class

DARK_FROM = 0.6
"""Classes from here are dark enough to need a white label box."""
MAP_LAYERS = (LayerView("grids"), LayerView("roads"), LayerView("landmarks"))
COVERAGE_MAP_MARKS = MapMarks(scale_bar=False, north_arrow=False)
"""A map of the whole station to compare grids by: no scale or north to read off it."""
HEADING_MM = 9.0
LEGEND_MM = 13.0
"""Under the map: the legend's heading and its row of boxes."""


def station_extent(data: ReviewData) -> tuple[float, float, float, float] | None:
    """The grids' bounds in metres, padded a little; ``None`` for a station without grids."""
    if not len(data.grids):
        return None
    minx, miny, maxx, maxy = data.grids.total_bounds
    pad = max(maxx - minx, maxy - miny, 100.0) * 0.05
    return (minx - pad, miny - pad, maxx + pad, maxy + pad)


def station_ratio(data: ReviewData) -> float | None:
    """How many times as tall as wide the map's extent is; ``None`` for a station without grids."""
    extent = station_extent(data)
    if extent is None:
        return None
    minx, miny, maxx, maxy = extent
    return (maxy - miny) / (maxx - minx)


def coverage_map_mm(ratio: float | None, width: float, up_to: float) -> float:
    """The height (mm, heading and legend included) of the map ``width`` mm wide of a station ``ratio`` times as
    tall as wide (:func:`station_ratio`): as tall as the station is, up to ``up_to``."""
    if ratio is None:
        return HEADING_MM + 7
    return min(up_to, HEADING_MM + width * ratio + LEGEND_MM)


def draw_coverage_map(page: PagePainter, data: ReviewData, content: MapContent, coverage: dict[str, float],
                      box: tuple[float, float, float, float]) -> float:  # fmt: skip
    """The map in ``box`` (x, y, width, height in mm, legend included); returns where it ends (mm).

    ``coverage`` is by grid code. The map is as tall as the station is, up to the box.
    """
    x, y, width, height = box
    page.text(x, y + 5, QCoreApplication.translate("Bulletin", "Visit coverage by grid"), 10, bold=True)
    extent = station_extent(data)
    if extent is None:
        page.text(x, y + 14, QCoreApplication.translate("Bulletin", "The station has no grids to show."), 9)
        return y + HEADING_MM + 7
    minx, miny, maxx, maxy = extent
    frame_height = min(height - HEADING_MM - LEGEND_MM, width * (maxy - miny) / (maxx - minx))  # no empty band
    codes = data.grids["code"].to_numpy(dtype=object)
    geometries = data.grids.geometry.to_numpy()

    def shading(frame: MapFrame) -> None:
        page.painter.fillRect(frame.rect, QColor("#ffffff"))
        to_page = frame.transform
        for code, geometry in zip(codes, geometries):
            fill = COVERAGE_CLASSES[coverage_class(coverage.get(code, 0.0))][1]
            page.painter.fillPath(to_page.map(lines_path(np.array([geometry]))), QColor(fill))

    def labels(frame: MapFrame) -> None:
        _grid_labels(page, codes, geometries, coverage, frame.transform)

    frame = draw_map_frame(page, (x, y + HEADING_MM, width, frame_height), extent, MAP_LAYERS, content,
                           COVERAGE_MAP_MARKS, background="#00000000", beneath=shading, over=labels)  # fmt: skip
    bottom = page.to_mm(frame.rect.bottom())
    _legend(page, coverage, x, bottom + 5)
    return bottom + LEGEND_MM


def _grid_labels(page: PagePainter, codes: np.ndarray, geometries: np.ndarray, coverage: dict[str, float],
                 to_page: QTransform) -> None:  # fmt: skip
    """Each grid's code and coverage on a white box at a point inside it (searchable text in the PDF)."""
    anchors = shapely.point_on_surface(geometries)
    for code, anchor in zip(codes, anchors):
        centre = to_page.map(shapely.get_x(anchor), shapely.get_y(anchor))
        text = f"{code} {coverage.get(code, 0.0):.0%}"
        width = page.text_width(text, 8) + 2
        left_mm, top_mm = page.to_mm(centre[0]) - width / 2, page.to_mm(centre[1]) - 2.8
        page.painter.fillRect(page.rect(left_mm, top_mm, width, 4.4), QColor(255, 255, 255, 225))
        page.text(left_mm + 1, top_mm + 3.3, text, 8, bold=True)


def _legend(page: PagePainter, coverage: dict[str, float], x: float, y: float) -> None:
    """One box per class with its range and how many grids fall in it."""
    counts = np.bincount([coverage_class(value) for value in coverage.values()], minlength=len(COVERAGE_CLASSES))
    heading = QCoreApplication.translate("Bulletin", "Households visited in the month (number of grids)")
    page.text(x, y, heading, 8, bold=True)
    left = x
    for index, (low, fill) in enumerate(COVERAGE_CLASSES):
        high = COVERAGE_CLASSES[index + 1][0] if index + 1 < len(COVERAGE_CLASSES) else 1.0
        page.painter.setPen(QPen(QColor(INK), page.mm(0.1)))
        page.painter.setBrush(QColor(fill))
        page.painter.drawRect(QRectF(page.rect(left, y + 3, 5, 4)))
        words = QCoreApplication.translate("Bulletin", "{low:.0%}–{high:.0%} ({count})").format(
            low=low, high=high, count=int(counts[index])
        )
        page.text(left + 6.5, y + 6.4, words, 7)
        left += 6.5 + page.text_width(words, 7) + 6
