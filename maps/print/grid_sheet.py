"""One printed grid sheet: title block, map frame, scale, north arrow, graticule ticks, legend, household list.

Everything is measured in millimetres on paper and drawn with any QPainter
(a QPdfWriter page or a QImage), so the PDF, the PNG and the print preview
are the same drawing. The map inside the frame is the canvas's renderer at the
paper's resolution; house numbers and grid names are then written as real text
on top, so a PDF reader can search them. What the sheet says about residents
comes masked (:mod:`layers.privacy`) unless the user asked for full details,
and the footer says which.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF

from layers.crs import to_measure, to_storage
from layers.values import STATION_TIMEZONE
from layers.vocabulary import split_tags
from maps.fonts import map_font
from maps.label_placement import Label, LabelPlacer, paint_text
from maps.legend import legend_symbol, legend_text
from maps.map_content import MapContent
from maps.map_settings import LayerView, MapSettings, with_imagery
from maps.print.page import PageFormat, Paper
from maps.renderer import RenderedMap, render_map
from maps.symbology import DisputeStyle, HouseholdStyle
from maps.words import CHINESE, current_language, term

MARGIN_MM = 10.0
TITLE_MM = 20.0
FOOTER_MM = 7.0
ROW_MM = 4.6
GAP_MM = 4.0
SCALE_BAR_LENGTHS_M = (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000)
TICK_STEPS_DEGREES = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
PRINT_LAYERS = (
    LayerView("sketch", visible=False, opacity=0.45),
    LayerView("grids"),
    LayerView("roads"),
    LayerView("landmarks"),
    LayerView("households", style=HouseholdStyle.RECENCY.value),
    LayerView("disputes", style=DisputeStyle.OPEN_ONLY.value),  # paper shows the work still to do
)


@dataclass(frozen=True)
class PageSetup:
    paper: Paper = Paper.A4
    landscape: bool = False
    dpi: int = 150
    show_personal: bool = False
    sketch_basemap: bool = False
    imagery: bool = False  # the project's satellite imagery under the map

    @property
    def page_format(self) -> PageFormat:
        return PageFormat(self.paper, self.landscape)

    @property
    def size_mm(self) -> tuple[float, float]:
        return self.page_format.size_mm


@dataclass(frozen=True)
class SheetContent:
    """What one sheet shows: a grid (or the whole station) within ``extent`` metres, and its households."""

    title: str
    subtitle: str
    extent: tuple[float, float, float, float]
    households: pd.DataFrame  # house_no, head_name, members, key_person, last_visit; already masked as required
    page_label: str = ""
    locator: tuple[tuple[float, float, float, float], tuple[float, float, float, float]] | None = None
    """(whole grid, this part) when a grid is split across sheets."""
    house_numbers: bool = True


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


@dataclass(frozen=True)
class SheetGeometry:
    """Where the parts of a map sheet go, in millimetres from the page's top left."""

    frame: tuple[float, float, float, float]  # x, y, width, height of the map
    side: tuple[float, float, float, float]  # legend and household list
    legend_width: float

    @property
    def table(self) -> tuple[float, float, float, float]:
        x, y, width, height = self.side
        return (x + self.legend_width + GAP_MM, y, width - self.legend_width - GAP_MM, height)


def sheet_geometry(setup: PageSetup) -> SheetGeometry:
    """Portrait: the map above, legend and list below; landscape: the map left, they to its right."""
    width, height = setup.size_mm
    top, bottom = MARGIN_MM + TITLE_MM, height - MARGIN_MM - FOOTER_MM
    if setup.landscape:
        map_width = (width - 2 * MARGIN_MM) * 0.64
        frame = (MARGIN_MM, top, map_width, bottom - top)
        side_x = MARGIN_MM + map_width + GAP_MM
        side = (side_x, top, width - MARGIN_MM - side_x, bottom - top)
    else:
        map_height = (bottom - top) * 0.62
        frame = (MARGIN_MM, top, width - 2 * MARGIN_MM, map_height)
        side_y = top + map_height + GAP_MM + 6  # room for the longitude labels under the frame
        side = (MARGIN_MM, side_y, width - 2 * MARGIN_MM, bottom - side_y)
    return SheetGeometry(frame, side, min(55.0, side[2] * 0.4))


def rows_beside_map(setup: PageSetup) -> int:
    """How many household rows fit on a sheet that also holds the map."""
    _, _, width, height = sheet_geometry(setup).table
    return _table_capacity(width, height)


def rows_on_table_page(setup: PageSetup) -> int:
    """How many household rows fit on a continuation page."""
    width, height = setup.size_mm
    return _table_capacity(width - 2 * MARGIN_MM, height - 2 * MARGIN_MM - TITLE_MM - FOOTER_MM)


class SheetPainter:
    """Draws one sheet on ``painter``, whose device has ``setup.dpi`` pixels per inch."""

    def __init__(self, painter: QPainter, setup: PageSetup, content: MapContent) -> None:
        self.painter, self.setup, self.content = painter, setup, content
        self.px_per_mm = setup.dpi / 25.4

    def mm(self, value: float) -> float:
        return value * self.px_per_mm

    def rect(self, x: float, y: float, width: float, height: float) -> QRectF:
        return QRectF(self.mm(x), self.mm(y), self.mm(width), self.mm(height))

    def text(self, x: float, y: float, text: str, points: float, bold: bool = False, colour: str = "#1a1a1a") -> None:
        paint_text(self.painter, QPointF(self.mm(x), self.mm(y)), text, map_font(self.setup.dpi, points, bold), colour)

    # -- the sheet -----------------------------------------------------------
    def draw_map_sheet(self, sheet: SheetContent, table_rows: pd.DataFrame) -> MapFrame:
        """A sheet with a map: returns where the map went (for tests and the continuation pages)."""
        geometry = sheet_geometry(self.setup)
        self._title(sheet)
        map_frame = self._map(sheet, *geometry.frame)
        side_x, side_y, _, side_height = geometry.side
        self._legend(map_frame.rendered, side_x, side_y, geometry.legend_width, side_height)
        self._table(table_rows, *geometry.table)
        self._footer(sheet.page_label)
        return map_frame

    def draw_table_sheet(self, sheet: SheetContent, table_rows: pd.DataFrame) -> None:
        """A continuation page: the rest of the household list."""
        width, height = self.setup.size_mm
        self._title(sheet)
        top = MARGIN_MM + TITLE_MM
        self._table(table_rows, MARGIN_MM, top, width - 2 * MARGIN_MM, height - MARGIN_MM - FOOTER_MM - top)
        self._footer(sheet.page_label)

    # -- parts ---------------------------------------------------------------
    def _title(self, sheet: SheetContent) -> None:
        width, _ = self.setup.size_mm
        self.text(MARGIN_MM, MARGIN_MM + 8, sheet.title, 16, bold=True, colour="#880e4f")
        self.text(MARGIN_MM, MARGIN_MM + 15, sheet.subtitle, 8.5)
        self.painter.setPen(QPen(QColor("#880e4f"), self.mm(0.5)))
        y = self.mm(MARGIN_MM + TITLE_MM - 2.5)
        self.painter.drawLine(QPointF(self.mm(MARGIN_MM), y), QPointF(self.mm(width - MARGIN_MM), y))

    def _footer(self, page_label: str) -> None:
        width, height = self.setup.size_mm
        if self.setup.show_personal:
            notice = QCoreApplication.translate(
                "PrintLayout", "Contains residents' personal information in full: keep it safe and destroy after use"
            )
            colour = "#b2182b"
        else:
            notice = QCoreApplication.translate(
                "PrintLayout", "Residents' names and phone numbers are masked; ID numbers are never printed"
            )
            colour = "#555555"
        y = height - MARGIN_MM - 1.5
        self.text(MARGIN_MM, y, notice, 7, colour=colour)
        if page_label:
            self.painter.setFont(map_font(self.setup.dpi, 7))
            box = self.rect(width - MARGIN_MM - 60, y - 4, 60, 5)
            self.painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, page_label)

    def _map(self, sheet: SheetContent, x: float, y: float, width: float, height: float) -> MapFrame:
        frame = self.rect(x, y, width, height)
        pixels = (max(1, round(frame.width())), max(1, round(frame.height())))
        layers = tuple(
            replace(view, visible=self.setup.sketch_basemap) if view.name == "sketch" else view for view in PRINT_LAYERS
        )
        if self.setup.imagery:
            layers = with_imagery(layers, tuple(source.table for source in self.content.imagery))
        settings = MapSettings(sheet.extent, *pixels, dpi=self.setup.dpi, layers=layers, labels=False,
                               background="#ffffff")  # fmt: skip
        rendered = render_map(settings, self.content)
        self.painter.drawImage(frame, rendered.image)
        map_frame = MapFrame(settings, frame, rendered)
        self._labels(map_frame, sheet)
        self.painter.setPen(QPen(QColor("#333333"), self.mm(0.3)))
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.painter.drawRect(frame)
        self._ticks(map_frame)
        self._scale_and_north(map_frame)
        if sheet.locator:
            self._locator(map_frame, *sheet.locator)
        return map_frame

    def _labels(self, frame: MapFrame, sheet: SheetContent) -> None:
        """Grid names and every house number, as text, placed so they never overlap."""
        placer = LabelPlacer()
        content, dpi = self.content, self.setup.dpi
        title_font, detail_font, number_font = map_font(dpi, 9, bold=True), map_font(dpi, 7), map_font(dpi, 5.5)
        for label in content.grid_labels:
            point = frame.to_page(label.x, label.y)
            if frame.rect.contains(point):
                placer.add(3, Label(point.x(), point.y() - self.mm(2), f"{label.code} {label.name}", title_font,
                                    "#880e4f"))  # fmt: skip
                placer.add(3, Label(point.x(), point.y() + self.mm(2), label.officer, detail_font, "#880e4f"))
        if sheet.house_numbers:
            near, far = self.mm(2.2), self.mm(3.2)
            around = (
                (0, -near),
                (0, near),
                (far, 0),
                (-far, 0),
                (far, -near),
                (-far, -near),
                (far, near),
                (-far, near),
            )
            for x, y, number in zip(content.household_x, content.household_y, content.household_no):
                point = frame.to_page(x, y)
                if frame.rect.contains(point):
                    spots = tuple((point.x() + dx, point.y() + dy) for dx, dy in around)
                    placer.add(1, Label(*spots[0], str(number), number_font, "#222222", spots[1:]))
        self.painter.save()
        self.painter.setClipRect(frame.rect)
        self.placed_labels = placer.paint(self.painter)
        self.painter.restore()

    def _ticks(self, frame: MapFrame) -> None:
        """Longitude ticks on the bottom edge and latitude ticks on the left, labelled in degrees."""
        minx, miny, maxx, maxy = frame.settings.visible_extent
        (lon0, lon1), (lat0, lat1) = to_storage([minx, maxx], [miny, maxy])
        font = map_font(self.setup.dpi, 5.5)
        self.painter.setFont(font)
        self.painter.setPen(QPen(QColor("#333333"), self.mm(0.25)))
        tick = self.mm(1.5)
        for lon in _ticks_between(lon0, lon1):
            x, _ = to_measure(lon, (lat0 + lat1) / 2)
            point = frame.to_page(x, miny)
            self.painter.drawLine(point, point + QPointF(0, tick))
            box = QRectF(point.x() - self.mm(12), point.y() + tick, self.mm(24), self.mm(3))
            self.painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, f"{lon:.4f}°E")
        for lat in _ticks_between(lat0, lat1):
            _, y = to_measure((lon0 + lon1) / 2, lat)
            point = frame.to_page(minx, y)
            self.painter.drawLine(point, point - QPointF(tick, 0))
            self.painter.save()
            self.painter.translate(point - QPointF(tick + self.mm(0.5), 0))
            self.painter.rotate(-90)
            box = QRectF(-self.mm(12), -self.mm(3), self.mm(24), self.mm(3))
            self.painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, f"{lat:.4f}°N")
            self.painter.restore()

    def _scale_and_north(self, frame: MapFrame) -> None:
        """A scale bar true at the printed scale, the ratio 1:n, and a north arrow, in the frame's corners."""
        bar = scale_bar(frame.mm_per_metre)
        left = frame.rect.left() + self.mm(4)
        base = frame.rect.bottom() - self.mm(5)
        white_box = QRectF(left - self.mm(2), base - self.mm(7.5), self.mm(max(bar.length_mm + 12, 30)), self.mm(11))
        self.painter.fillRect(white_box, QColor(255, 255, 255, 225))
        segments = 4
        for index in range(segments):
            segment = QRectF(left + self.mm(bar.length_mm) * index / segments, base - self.mm(1.2),
                             self.mm(bar.length_mm) / segments, self.mm(1.2))  # fmt: skip
            self.painter.setPen(QPen(QColor("#111111"), self.mm(0.2)))
            self.painter.setBrush(QColor("#111111") if index % 2 == 0 else QColor("#ffffff"))
            self.painter.drawRect(segment)
        self.painter.setFont(map_font(self.setup.dpi, 6))
        for fraction, words in (
            (0, "0"),
            (0.5, f"{bar.metres / 2:g}"),
            (1, f"{bar.metres:g} {QCoreApplication.translate('PrintLayout', 'm')}"),
        ):
            x = left + self.mm(bar.length_mm) * fraction
            box = QRectF(x - self.mm(10), base - self.mm(5), self.mm(20), self.mm(3.5))
            self.painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, words)
        ratio = QCoreApplication.translate("PrintLayout", "Scale 1:{scale}").format(
            scale=f"{round(frame.settings.scale_denominator):,}"
        )
        self.painter.drawText(QPointF(left, base + self.mm(3.2)), ratio)
        self.scale_bar_rect = QRectF(left, base - self.mm(1.2), self.mm(bar.length_mm), self.mm(1.2))
        self.scale_bar = bar
        # north arrow, top right: UTM grid north is within a degree of true north in Ningxia
        tip = QPointF(frame.rect.right() - self.mm(8), frame.rect.top() + self.mm(4))
        size = self.mm(7)
        self.painter.setPen(QPen(QColor("#111111"), self.mm(0.25)))
        self.painter.setBrush(QColor("#111111"))
        self.painter.drawPolygon(QPolygonF([tip, tip + QPointF(size * 0.35, size), tip + QPointF(0, size * 0.75)]))
        self.painter.setBrush(QColor("#ffffff"))
        self.painter.drawPolygon(QPolygonF([tip, tip + QPointF(-size * 0.35, size), tip + QPointF(0, size * 0.75)]))
        self.painter.setFont(map_font(self.setup.dpi, 8))
        box = QRectF(tip.x() - self.mm(5), tip.y() + size, self.mm(10), self.mm(4))
        self.painter.drawText(
            box,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            QCoreApplication.translate("PrintLayout", "N"),
        )

    def _locator(self, frame: MapFrame, whole: tuple, part: tuple) -> None:
        """A small inset of the whole grid with this sheet's part marked, for grids split across sheets."""
        size = self.mm(28)
        inset = QRectF(frame.rect.right() - size - self.mm(3), frame.rect.bottom() - size - self.mm(3), size, size)
        self.painter.fillRect(inset, QColor(255, 255, 255, 235))
        self.painter.setPen(QPen(QColor("#333333"), self.mm(0.2)))
        self.painter.drawRect(inset)
        minx, miny, maxx, maxy = whole
        scale = min(inset.width(), inset.height()) * 0.9 / max(maxx - minx, maxy - miny)

        def place(x: float, y: float) -> QPointF:
            return QPointF(inset.center().x() + (x - (minx + maxx) / 2) * scale,
                           inset.center().y() - (y - (miny + maxy) / 2) * scale)  # fmt: skip

        self.painter.drawRect(QRectF(place(minx, maxy), place(maxx, miny)))
        self.painter.setPen(QPen(QColor("#b2182b"), self.mm(0.5)))
        self.painter.drawRect(QRectF(place(part[0], part[3]), place(part[2], part[1])))

    def _legend(self, rendered: RenderedMap, x: float, y: float, width: float, height: float) -> None:
        self.text(x, y, QCoreApplication.translate("PrintLayout", "Legend"), 9, bold=True)
        row = y + 2
        symbol_px = round(self.mm(3.6))
        self.painter.setFont(map_font(self.setup.dpi, 6.5))
        for entry in rendered.legend:
            if row + ROW_MM > y + height:
                break
            image: QImage = legend_symbol(entry, symbol_px, self.setup.dpi)
            self.painter.drawImage(QPointF(self.mm(x), self.mm(row)), image)
            self.painter.setPen(QColor("#1a1a1a"))
            self.painter.drawText(self.rect(x + 5, row, width - 5, ROW_MM), Qt.AlignmentFlag.AlignVCenter,
                                  legend_text(entry))  # fmt: skip
            row += ROW_MM

    def _table(self, rows: pd.DataFrame, x: float, y: float, width: float, height: float) -> None:
        """The household index in as many side-by-side blocks as the width allows."""
        if not len(rows):
            return
        self.text(x, y, QCoreApplication.translate("PrintLayout", "Households"), 9, bold=True)
        top = y + 2
        per_block = max(1, int((height - 2) // ROW_MM) - 1)
        blocks = max(1, int(width // TABLE_BLOCK_MM))
        block_width = width / blocks
        columns = _table_columns()
        for block in range(blocks):
            chunk = rows.iloc[block * per_block : (block + 1) * per_block]
            if chunk.empty:
                break
            left = x + block * block_width
            self._table_block(chunk, columns, left, top, block_width - 2)

    def _table_block(self, chunk: pd.DataFrame, columns: list, x: float, y: float, width: float) -> None:
        scale = width / sum(share for _, _, share in columns)
        header_font, cell_font = map_font(self.setup.dpi, 6), map_font(self.setup.dpi, 6)
        self.painter.fillRect(self.rect(x, y, width, ROW_MM), QColor("#f3e5ec"))
        for index, values in enumerate([None, *chunk.itertuples(index=False)]):
            row_y = y + index * ROW_MM
            if index and index % 2 == 0:
                self.painter.fillRect(self.rect(x, row_y, width, ROW_MM), QColor("#f7f7f7"))
            left = x
            for field, title, share in columns:
                self.painter.setFont(header_font if values is None else cell_font)
                self.painter.setPen(QColor("#1a1a1a"))
                text = title if values is None else _cell(field, getattr(values, field))
                box = self.rect(left + 0.6, row_y, share * scale - 1.2, ROW_MM)
                elided = self.painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, round(box.width()))
                self.painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)
                left += share * scale


TABLE_BLOCK_MM = 62.0
"""A household-list block is at least this wide; wider tables get several blocks side by side."""


def _table_columns() -> list[tuple[str, str, float]]:
    """(field, title, width share) of the household list."""
    return [
        ("house_no", QCoreApplication.translate("PrintLayout", "No."), 1.0),
        ("head_name", QCoreApplication.translate("PrintLayout", "Head"), 1.5),
        ("members", QCoreApplication.translate("PrintLayout", "Pers."), 0.7),
        ("key_person", QCoreApplication.translate("PrintLayout", "Key person"), 2.0),
        ("last_visit", QCoreApplication.translate("PrintLayout", "Last visit"), 1.6),
    ]


def _table_capacity(width: float, height: float) -> int:
    blocks = max(1, int(width // TABLE_BLOCK_MM))
    return blocks * max(1, int((height - 2) // ROW_MM) - 1)


def _cell(field: str, value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if field == "key_person":
        separator = "、" if current_language() == CHINESE else ", "
        return separator.join(term(tag) for tag in split_tags(str(value)))
    if field == "last_visit":
        return pd.Timestamp(value).tz_convert(STATION_TIMEZONE).strftime("%Y-%m-%d")
    return str(value)


def _ticks_between(low: float, high: float) -> list[float]:
    """Round degree values for 3 to 6 ticks between ``low`` and ``high``."""
    span = high - low
    step = next((s for s in TICK_STEPS_DEGREES if span / s <= 6), TICK_STEPS_DEGREES[-1])
    first = math.ceil(low / step) * step
    return [round(v, 6) for v in np.arange(first, high, step)]


@dataclass
class MapFrame:
    """Where the map went on the page and how metres map onto it."""

    settings: MapSettings
    rect: QRectF
    rendered: RenderedMap

    @property
    def mm_per_metre(self) -> float:
        return (self.rect.width() / self.settings.width) / self.settings.metres_per_pixel * 25.4 / self.settings.dpi

    def to_page(self, x: float, y: float) -> QPointF:
        minx, _, _, maxy = self.settings.visible_extent
        scale = self.rect.width() / self.settings.width / self.settings.metres_per_pixel
        return QPointF(self.rect.left() + (x - minx) * scale, self.rect.top() + (maxy - y) * scale)
