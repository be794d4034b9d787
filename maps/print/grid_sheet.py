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

import pandas as pd
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from layers.values import STATION_TIMEZONE
from layers.vocabulary import split_tags
from maps.fonts import map_font
from maps.label_placement import Label, LabelPlacer, paint_text
from maps.map_content import MapContent
from maps.map_settings import LayerView, with_imagery
from maps.print.map_frame import MapFrame, MapMarks, draw_map_frame, draw_map_legend
from maps.print.page import PageFormat, PagePainter, Paper
from maps.symbology import DisputeStyle, HouseholdStyle
from maps.words import CHINESE, current_language, term

MARGIN_MM = 10.0
TITLE_MM = 20.0
FOOTER_MM = 7.0
ROW_MM = 4.6
GAP_MM = 4.0
PRINT_LAYERS = (
    LayerView("sketch", visible=False, opacity=0.45),
    LayerView("grids"),
    LayerView("roads"),
    LayerView("landmarks"),
    LayerView("households", style=HouseholdStyle.RECENCY.value),
    LayerView("disputes", style=DisputeStyle.OPEN_ONLY.value),  # paper shows the work still to do
)
GRID_SHEET_MARKS = MapMarks(graticule=True)


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
        self.page = PagePainter(painter, setup.dpi, setup.size_mm)
        self.px_per_mm = self.page.px_per_mm

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
        map_frame = self._map(sheet, geometry.frame)
        side_x, side_y, _, side_height = geometry.side
        draw_map_legend(self.page, map_frame.rendered, (side_x, side_y, geometry.legend_width, side_height))
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

    def _map(self, sheet: SheetContent, box: tuple[float, float, float, float]) -> MapFrame:
        layers = tuple(
            replace(view, visible=self.setup.sketch_basemap) if view.name == "sketch" else view for view in PRINT_LAYERS
        )
        if self.setup.imagery:
            layers = with_imagery(layers, tuple(source.table for source in self.content.imagery))
        marks = replace(GRID_SHEET_MARKS, locator=sheet.locator)
        return draw_map_frame(self.page, box, sheet.extent, layers, self.content, marks,
                              over=lambda frame: self._labels(frame, sheet))  # fmt: skip

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
        self.placed_labels = placer.paint(self.painter)

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
