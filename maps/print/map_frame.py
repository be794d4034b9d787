"""A map on a printed page, with the marks a printed map carries, drawn in one place.

Every document that prints a map (the grid sheets of the atlas, the route
sheet, the bulletin's coverage map) asks here for its map frame: the map
rendered by :func:`maps.renderer.render_map` at the paper's resolution into a
frame given in millimetres, what the document draws over it (house numbers, the
route, coverage labels), the frame's border, and the marks its map carries
(:class:`MapMarks`): a scale bar true at the printed scale with the ratio 1:n,
a north arrow, degree ticks along the edges, a locator inset for a grid split
over sheets. What every printed map must carry is added here and reaches every
document.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainterPath, QPen, QPolygonF, QTransform

from layers.crs import to_measure, to_storage
from maps.fonts import map_font
from maps.legend import legend_symbol, legend_text
from maps.map_content import MapContent
from maps.map_settings import LayerView, MapSettings
from maps.print.page import INK, PagePainter, pixels_per_mm
from maps.renderer import RenderedMap, render_map, world_to_pixel
from maps.scan.sheet_layout import (
    CORNER_BOX_MM,
    SheetMarksLayout,
    marker_bits,
    marks_scale,
    qr_modules,
    sheet_marks_layout,
)

Extent = tuple[float, float, float, float]
"""minx, miny, maxx, maxy in metres."""
Box = tuple[float, float, float, float]
"""x, y, width, height in mm on the page."""
SCALE_BAR_LENGTHS_M = (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000)
TICK_STEPS_DEGREES = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
BORDER = "#333333"
LEGEND_ROW_MM = 4.6
LEGEND_COLUMN_MM = 46.0
"""The narrowest column of legend rows: a symbol and the longest entry ("Households not visited (12)")."""


@dataclass(frozen=True)
class MapMarks:
    """What a document's map carries besides the map itself."""

    scale_bar: bool = True
    """Bottom left: a bar true at the printed scale, and the ratio 1:n."""
    north_arrow: bool = True
    graticule: bool = False
    """Longitude ticks along the bottom edge and latitude ticks along the left, labelled in degrees."""
    under_overlay: bool = False
    """The scale bar and north arrow lie under what the document draws over the map (a route's stops stay
    readable); otherwise over it (house numbers never hide the scale)."""
    locator: tuple[Extent, Extent] | None = None
    """(whole grid, this part): an inset locating this sheet's part of a grid split across sheets."""
    sheet_code: str | None = None
    """The text of the sheet's QR code (:func:`maps.scan.sheet_layout.sheet_code`): when given, the frame
    carries the markers and the code a phone photo of the sheet is read back by."""

    def corner_mm(self, page_size_mm: tuple[float, float]) -> float:
        """How far the scale bar, north arrow and locator keep from the frame's corners: clear of the markers."""
        return CORNER_BOX_MM * marks_scale(page_size_mm) if self.sheet_code else 0.0


@dataclass
class MapFrame:
    """Where the map went on the page and how metres map onto it."""

    settings: MapSettings
    rect: QRectF
    rendered: RenderedMap
    box_mm: Box
    reading_marks: SheetMarksLayout | None = None
    """Where the markers and QR code went, when the sheet carries them."""
    furniture: tuple[QRectF, ...] = ()
    """Page boxes (device pixels) of the scale bar, north arrow, locator, markers and QR code: what labels
    drawn over the map must keep clear of (:class:`maps.label_placement.LabelPlacer`)."""

    @property
    def mm_per_metre(self) -> float:
        page_pixels_per_metre = (self.rect.width() / self.settings.width) / self.settings.metres_per_pixel
        return page_pixels_per_metre / pixels_per_mm(self.settings.dpi)

    def to_page(self, x: float, y: float) -> QPointF:
        """A point in metres on the page, in device pixels."""
        return self.transform.map(QPointF(x, y))

    @cached_property
    def transform(self) -> QTransform:
        """Metres to page pixels: the rendered image's pixels stretched over the frame."""
        return (
            world_to_pixel(self.settings)
            * QTransform.fromScale(self.rect.width() / self.settings.width, self.rect.height() / self.settings.height)
            * QTransform.fromTranslate(self.rect.left(), self.rect.top())
        )


FrameDrawing = Callable[[MapFrame], None]


def draw_map_frame(
    page: PagePainter,
    box: Box,
    extent: Extent,
    layers: tuple[LayerView, ...],
    content: MapContent,
    marks: MapMarks,
    background: str = "#ffffff",
    beneath: FrameDrawing | None = None,
    over: FrameDrawing | None = None,
) -> MapFrame:
    """The map of ``extent`` in ``box`` (x, y, width, height in mm), bordered and with its ``marks``.

    ``beneath`` and ``over`` are what the document draws under and over the
    rendered map, clipped to the frame. Returns where the map went.
    """
    rect = page.rect(*box)
    settings = MapSettings(extent, max(1, round(rect.width())), max(1, round(rect.height())), dpi=page.dpi,
                           layers=layers, labels=False, background=background)  # fmt: skip
    frame = MapFrame(settings, rect, render_map(settings, content), box)
    frame.furniture = _furniture(page, frame, marks)
    painter = page.painter
    if beneath is not None:
        _clipped(page, frame, beneath)
    painter.drawImage(rect, frame.rendered.image)
    if marks.under_overlay:
        _scale_and_north(page, frame, marks)
    if over is not None:
        _clipped(page, frame, over)
    painter.setPen(QPen(QColor(BORDER), page.mm(0.3)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect)
    if marks.graticule:
        _graticule(page, frame)
    if not marks.under_overlay:
        _scale_and_north(page, frame, marks)
    if marks.locator is not None:
        _locator(page, frame, *marks.locator, marks.corner_mm(page.size_mm))
    if marks.sheet_code is not None:
        frame.reading_marks = _reading_marks(page, box, marks.sheet_code)
    return frame


def _clipped(page: PagePainter, frame: MapFrame, drawing: FrameDrawing) -> None:
    page.painter.save()
    page.painter.setClipRect(frame.rect)
    drawing(frame)
    page.painter.restore()


# -- marks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleBar:
    metres: float
    length_mm: float


def scale_bar(mm_per_metre: float, longest_mm: float = 45.0) -> ScaleBar:
    """The longest round ground length whose bar fits in ``longest_mm``.

    >>> scale_bar(0.25)  # 1:4,000
    ScaleBar(metres=100, length_mm=25.0)
    """
    fitting = [m for m in SCALE_BAR_LENGTHS_M if m * mm_per_metre <= longest_mm] or [SCALE_BAR_LENGTHS_M[0]]
    metres = fitting[-1]
    return ScaleBar(metres, metres * mm_per_metre)


def _furniture(page: PagePainter, frame: MapFrame, marks: MapMarks) -> tuple[QRectF, ...]:
    """Where the frame's marks will be, known before anything is drawn over the map."""
    corner = marks.corner_mm(page.size_mm)
    boxes = []
    if marks.scale_bar:
        boxes.append(_scale_bar_box(page, frame, corner))
    if marks.north_arrow:
        boxes.append(_north_arrow_box(page, frame, corner))
    if marks.locator is not None:
        boxes.append(_locator_box(page, frame, corner))
    if marks.sheet_code is not None:
        layout = sheet_marks_layout(frame.box_mm, marks_scale(page.size_mm))
        boxes += [page.rect(*white) for white in layout.keep_clear_mm()]
    return tuple(boxes)


def _scale_bar_box(page: PagePainter, frame: MapFrame, corner_mm: float) -> QRectF:
    """The scale bar's white box with its ratio line under it."""
    mm, bar = page.mm, scale_bar(frame.mm_per_metre)
    left, base = frame.rect.left() + mm(4 + corner_mm), frame.rect.bottom() - mm(5)
    return QRectF(left - mm(2), base - mm(7.5), mm(max(bar.length_mm + 12, 30)), mm(11))


def _north_arrow_box(page: PagePainter, frame: MapFrame, corner_mm: float) -> QRectF:
    """The arrow and the letter under it."""
    mm = page.mm
    tip = QPointF(frame.rect.right() - mm(8 + corner_mm), frame.rect.top() + mm(4))
    return QRectF(tip.x() - mm(5), tip.y(), mm(10), mm(7 + 4))


def _locator_box(page: PagePainter, frame: MapFrame, corner_mm: float) -> QRectF:
    mm, size = page.mm, page.mm(28)
    return QRectF(frame.rect.right() - size - mm(3), frame.rect.bottom() - size - mm(3 + corner_mm), size, size)


def _scale_and_north(page: PagePainter, frame: MapFrame, marks: MapMarks) -> None:
    if marks.scale_bar:
        _scale_bar(page, frame, marks.corner_mm(page.size_mm))
    if marks.north_arrow:
        _north_arrow(page, frame, marks.corner_mm(page.size_mm))


def _scale_bar(page: PagePainter, frame: MapFrame, corner_mm: float) -> None:
    """A scale bar true at the printed scale and the ratio 1:n, on white, in the frame's bottom left corner."""
    painter, mm = page.painter, page.mm
    bar = scale_bar(frame.mm_per_metre)
    white_box = _scale_bar_box(page, frame, corner_mm)
    left, base = white_box.left() + mm(2), white_box.top() + mm(7.5)
    painter.fillRect(white_box, QColor(255, 255, 255, 225))
    segments = 4
    for index in range(segments):
        segment = QRectF(left + mm(bar.length_mm) * index / segments, base - mm(1.2),
                         mm(bar.length_mm) / segments, mm(1.2))  # fmt: skip
        painter.setPen(QPen(QColor("#111111"), mm(0.2)))
        painter.setBrush(QColor("#111111") if index % 2 == 0 else QColor("#ffffff"))
        painter.drawRect(segment)
    painter.setFont(map_font(page.dpi, 6))
    for fraction, words in (
        (0, "0"),
        (0.5, f"{bar.metres / 2:g}"),
        (1, f"{bar.metres:g} {QCoreApplication.translate('PrintLayout', 'm')}"),
    ):
        x = left + mm(bar.length_mm) * fraction
        box = QRectF(x - mm(10), base - mm(5), mm(20), mm(3.5))
        painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, words)
    ratio = QCoreApplication.translate("PrintLayout", "Scale 1:{scale}").format(
        scale=f"{round(frame.settings.scale_denominator):,}"
    )
    painter.drawText(QPointF(left, base + mm(3.2)), ratio)


def _north_arrow(page: PagePainter, frame: MapFrame, corner_mm: float) -> None:
    """Top right; UTM grid north is within a degree of true north in Ningxia."""
    painter, mm = page.painter, page.mm
    tip = QPointF(frame.rect.right() - mm(8 + corner_mm), frame.rect.top() + mm(4))
    size = mm(7)
    painter.setPen(QPen(QColor("#111111"), mm(0.25)))
    painter.setBrush(QColor("#111111"))
    painter.drawPolygon(QPolygonF([tip, tip + QPointF(size * 0.35, size), tip + QPointF(0, size * 0.75)]))
    painter.setBrush(QColor("#ffffff"))
    painter.drawPolygon(QPolygonF([tip, tip + QPointF(-size * 0.35, size), tip + QPointF(0, size * 0.75)]))
    painter.setFont(map_font(page.dpi, 8))
    box = QRectF(tip.x() - mm(5), tip.y() + size, mm(10), mm(4))
    painter.drawText(
        box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, QCoreApplication.translate("PrintLayout", "N")
    )


def _graticule(page: PagePainter, frame: MapFrame) -> None:
    """Longitude ticks on the bottom edge and latitude ticks on the left, labelled in degrees."""
    painter, mm = page.painter, page.mm
    minx, miny, maxx, maxy = frame.settings.visible_extent
    (lon0, lon1), (lat0, lat1) = to_storage([minx, maxx], [miny, maxy])
    painter.setFont(map_font(page.dpi, 5.5))
    painter.setPen(QPen(QColor(BORDER), mm(0.25)))
    tick = mm(1.5)
    for lon in ticks_between(lon0, lon1):
        x, _ = to_measure(lon, (lat0 + lat1) / 2)
        point = frame.to_page(x, miny)
        painter.drawLine(point, point + QPointF(0, tick))
        box = QRectF(point.x() - mm(12), point.y() + tick, mm(24), mm(3))
        painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, f"{lon:.4f}°E")
    for lat in ticks_between(lat0, lat1):
        _, y = to_measure((lon0 + lon1) / 2, lat)
        point = frame.to_page(minx, y)
        painter.drawLine(point, point - QPointF(tick, 0))
        painter.save()
        painter.translate(point - QPointF(tick + mm(0.5), 0))
        painter.rotate(-90)
        box = QRectF(-mm(12), -mm(3), mm(24), mm(3))
        painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, f"{lat:.4f}°N")
        painter.restore()


def ticks_between(low: float, high: float) -> list[float]:
    """Round degree values for 3 to 6 ticks between ``low`` and ``high``."""
    span = high - low
    step = next((s for s in TICK_STEPS_DEGREES if span / s <= 6), TICK_STEPS_DEGREES[-1])
    first = math.ceil(low / step) * step
    return [round(v, 6) for v in np.arange(first, high, step)]


def _locator(page: PagePainter, frame: MapFrame, whole: Extent, part: Extent, corner_mm: float) -> None:
    """A small inset of the whole grid with this sheet's part marked, for grids split across sheets."""
    painter, mm = page.painter, page.mm
    inset = _locator_box(page, frame, corner_mm)
    painter.fillRect(inset, QColor(255, 255, 255, 235))
    painter.setPen(QPen(QColor(BORDER), mm(0.2)))
    painter.drawRect(inset)
    minx, miny, maxx, maxy = whole
    scale = min(inset.width(), inset.height()) * 0.9 / max(maxx - minx, maxy - miny)

    def place(x: float, y: float) -> QPointF:
        return QPointF(inset.center().x() + (x - (minx + maxx) / 2) * scale,
                       inset.center().y() - (y - (miny + maxy) / 2) * scale)  # fmt: skip

    painter.drawRect(QRectF(place(minx, maxy), place(maxx, miny)))
    painter.setPen(QPen(QColor("#b2182b"), mm(0.5)))
    painter.drawRect(QRectF(place(part[0], part[3]), place(part[2], part[1])))


def _reading_marks(page: PagePainter, box: Box, code: str) -> SheetMarksLayout:
    """The four corner markers and the QR code, as black squares on white boxes (vector shapes in a PDF).

    Drawn last, over the map and its border: a detector needs the marker's white
    quiet zone whole, and a few millimetres of the map's padded corners are what they cover.
    """
    layout = sheet_marks_layout(box, marks_scale(page.size_mm))
    painter = page.painter
    for white in layout.keep_clear_mm():
        painter.fillRect(page.rect(*white), QColor("#ffffff"))
    for marker_id, (x, y, side, _) in layout.markers.items():
        _cells(page, marker_bits(marker_id), x, y, side)
    x, y, side, _ = layout.qr
    _cells(page, qr_modules(code), x, y, side)
    return layout


def _cells(page: PagePainter, black: np.ndarray, x: float, y: float, side: float) -> None:
    """A square of ``black`` cells filled as one shape, so a PDF viewer shows no hairline seams between cells."""
    cell = side / black.shape[0]
    shape = QPainterPath()
    shape.setFillRule(Qt.FillRule.WindingFill)
    for row, cells in enumerate(black):
        edges = np.flatnonzero(np.diff(np.r_[0, cells.astype(np.int8), 0]))
        for start, end in zip(edges[::2], edges[1::2]):
            shape.addRect(page.rect(x + start * cell, y + row * cell, (end - start) * cell, cell))
    page.painter.fillPath(shape, QColor("#000000"))


def legend_columns(width: float) -> int:
    """How many columns of legend rows a box ``width`` mm wide holds: one beside a map, several under it."""
    return max(1, int(width // LEGEND_COLUMN_MM))


def draw_map_legend(page: PagePainter, rendered: RenderedMap, box: Box) -> None:
    """The legend of what the map drew in ``box`` (x, y, width, height in mm): a row per symbol, in as many
    columns as the width holds, each as long as the others, filled top to bottom."""
    x, y, width, height = box
    page.text(x, y, QCoreApplication.translate("PrintLayout", "Legend"), 9, bold=True)
    columns = legend_columns(width)
    column_width = width / columns
    per_column = max(1, min(int((height - 2) // LEGEND_ROW_MM), math.ceil(len(rendered.legend) / columns)))
    symbol_px = round(page.mm(3.6))
    page.painter.setFont(map_font(page.dpi, 6.5))
    for index, entry in enumerate(rendered.legend[: columns * per_column]):
        left = x + index // per_column * column_width
        row = y + 2 + index % per_column * LEGEND_ROW_MM
        image: QImage = legend_symbol(entry, symbol_px, page.dpi)
        page.painter.drawImage(QPointF(page.mm(left), page.mm(row)), image)
        page.painter.setPen(QColor(INK))
        page.painter.drawText(page.rect(left + 5, row, column_width - 6, LEGEND_ROW_MM),
                              Qt.AlignmentFlag.AlignVCenter, legend_text(entry))  # fmt: skip
