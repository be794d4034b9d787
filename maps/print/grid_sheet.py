"""One printed grid sheet: title block, map frame, scale, north arrow, graticule ticks, legend, household list.

Everything is measured in millimetres on paper and drawn with the page kit
(:mod:`maps.print.page`) on any QPainter, so the PDF, the PNG and the print
preview are the same drawing. The map and its marks are the map frame every
printed map has (:mod:`maps.print.map_frame`); house numbers and grid names are
written over it as real text, so a PDF reader can search them. What the sheet says about residents
comes masked (:mod:`layers.privacy`) unless the user asked for full details,
and the footer says which.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPainter

from layers.values import STATION_TIMEZONE
from layers.vocabulary import split_tags
from maps.fonts import map_font
from maps.grid_label_spots import grid_labels_in_view
from maps.label_placement import Label, LabelPlacer
from maps.map_content import MapContent
from maps.map_settings import LayerView, with_imagery
from maps.print.map_frame import LEGEND_COLUMN_MM, MapFrame, MapMarks, draw_map_frame, draw_map_legend
from maps.print.page import (
    ACCENT,
    QUIET,
    WARNING,
    Column,
    PageFormat,
    PageFrame,
    PagePainter,
    Paper,
    TableStyle,
    residents_notice,
)
from maps.renderer import point_reach
from maps.symbology import RECENCY_MARKERS, DisputeStyle, HouseholdStyle
from maps.words import CHINESE, current_language, term

GRID_SHEET_FRAME = PageFrame(margin_mm=10.0, title_mm=20.0, footer_mm=7.0, title_baseline_mm=8.0,
                             subtitle_baseline_mm=15.0, rule_mm=2.5)  # fmt: skip
"""A tighter title block than the other documents': the map gets the room."""
MARGIN_MM = GRID_SHEET_FRAME.margin_mm
GAP_MM = 4.0
HOUSEHOLD_LIST = TableStyle(heading_mm=5.5, header_mm=4.6, row_mm=4.6, gap_mm=0.0, heading_lines_mm=(2.3,),
                            header_points=6, row_points=6, padding_mm=0.6, rule_below=False)  # fmt: skip
"""The household list: small type in narrow blocks, as many side by side as the width allows."""
TABLE_BLOCK_MM = 62.0
"""A household-list block is at least this wide; wider tables get several blocks side by side."""
PRINT_LAYERS = (
    LayerView("sketch", visible=False, opacity=0.45),
    LayerView("grids"),
    LayerView("roads"),
    LayerView("landmarks"),
    LayerView("households", style=HouseholdStyle.RECENCY.value),
    LayerView("disputes", style=DisputeStyle.OPEN_ONLY.value),  # paper shows the work still to do
)
GRID_SHEET_MARKS = MapMarks(graticule=True)
LONGITUDE_LABELS_MM = 6.0
"""Under the map frame: the longitude ticks and their labels (``105.9250°E``)."""
HEADING_BASELINE_MM = 4.0
"""From the top of the legend's or the household list's area to its heading's baseline."""
LEGEND_SHARE = 0.4
"""Of the room beside (or under) a grid's map, what the legend takes, up to :data:`LEGEND_UP_TO_MM`, and down to
:data:`LEGEND_NARROWEST_MM` when the household list needs the room."""
LEGEND_UP_TO_MM = 55.0
LEGEND_NARROWEST_MM = 28.0
"""A symbol and the longest legend entry ("Visited in cycle (235)") at 6.5 points."""
OVERVIEW_LEGEND_MM = 33.0
"""Under an overview's map: the legend's heading and five rows, in columns across the page."""


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
    grid_code: str | None = None
    """The grid the sheet shows, as the register of printed sheets names it (None: the whole station)."""
    sheet_code: str | None = None
    """The text of the QR code a sheet that can be read back from a photo carries (None: no markers)."""


@dataclass(frozen=True)
class SheetGeometry:
    """Where the parts of a map sheet go, in millimetres from the page's top left."""

    frame: tuple[float, float, float, float]  # x, y, width, height of the map
    side: tuple[float, float, float, float]  # legend and household list
    legend_width: float

    @property
    def legend(self) -> tuple[float, float, float, float]:
        """x, heading baseline, width and height of the legend (:func:`maps.print.map_frame.draw_map_legend`)."""
        x, y, _, height = self.side
        return legend_box(x, y, self.legend_width, height)

    @property
    def table(self) -> tuple[float, float, float, float]:
        x, y, width, height = self.side
        return (x + self.legend_width + GAP_MM, y, width - self.legend_width - GAP_MM, height)


def legend_box(x: float, top: float, width: float, height: float) -> tuple[float, float, float, float]:
    """The legend's box (heading baseline first) in the area from ``top``, its heading where the list's is."""
    return (x, top + HEADING_BASELINE_MM, width, height - HEADING_BASELINE_MM)


def sheet_geometry(setup: PageSetup) -> SheetGeometry:
    """Portrait: the map above, legend and list below; landscape: the map left, they to its right.

    The legend narrows (down to :data:`LEGEND_NARROWEST_MM`) so that a household-list
    block of :data:`TABLE_BLOCK_MM` fits beside it: beside a landscape A4 map the list
    was narrower, and its headings were cut ("P…").
    """
    width, height = setup.size_mm
    top, bottom = GRID_SHEET_FRAME.body_top_mm, GRID_SHEET_FRAME.body_bottom_mm(height)
    if setup.landscape:
        map_width = (width - 2 * MARGIN_MM) * 0.64
        frame = (MARGIN_MM, top, map_width, bottom - top - LONGITUDE_LABELS_MM)  # the footer stays clear of them
        side_x = MARGIN_MM + map_width + GAP_MM
        side = (side_x, top, width - MARGIN_MM - side_x, bottom - top)
    else:
        map_height = (bottom - top) * 0.62
        frame = (MARGIN_MM, top, width - 2 * MARGIN_MM, map_height)
        side_y = top + map_height + GAP_MM + LONGITUDE_LABELS_MM
        side = (MARGIN_MM, side_y, width - 2 * MARGIN_MM, bottom - side_y)
    beside_list = max(LEGEND_NARROWEST_MM, side[2] - GAP_MM - TABLE_BLOCK_MM)
    return SheetGeometry(frame, side, min(LEGEND_UP_TO_MM, side[2] * LEGEND_SHARE, beside_list))


@dataclass(frozen=True)
class OverviewGeometry:
    """Where the station overview's map and legend go, on paper turned ``landscape`` or not."""

    landscape: bool
    frame: tuple[float, float, float, float]
    legend: tuple[float, float, float, float]
    """x, heading baseline, width and height of the legend (see :func:`maps.print.map_frame.draw_map_legend`)."""
    mm_per_metre: float


def overview_geometry(paper: Paper, extent: tuple[float, float, float, float]) -> OverviewGeometry:
    """The overview's page turned, and its map shaped, as the station is: printed at the largest scale.

    Both orientations are tried, each with the legend under the map (in columns) and beside it (one
    column); the map frame takes the station's own proportions, so no empty band lies inside it. An
    east-west village thus gets a landscape page with the legend below, a north-south one a portrait
    page, and the map fills the paper either way.
    """
    minx, miny, maxx, maxy = extent
    ground_width, ground_height = max(maxx - minx, 1.0), max(maxy - miny, 1.0)
    layouts = []
    for landscape in (False, True):
        page_width, page_height = PageFormat(paper, landscape).size_mm
        top = GRID_SHEET_FRAME.body_top_mm
        body_width = page_width - 2 * MARGIN_MM
        body_height = GRID_SHEET_FRAME.body_bottom_mm(page_height) - top
        map_height = body_height - LONGITUDE_LABELS_MM
        # the legend under the map, in columns across the page
        scale = min(body_width / ground_width, (map_height - OVERVIEW_LEGEND_MM) / ground_height)
        width, height = ground_width * scale, ground_height * scale
        legend_top = top + height + LONGITUDE_LABELS_MM
        layouts.append(OverviewGeometry(
            landscape, (MARGIN_MM + (body_width - width) / 2, top, width, height),
            legend_box(MARGIN_MM, legend_top, body_width, top + body_height - legend_top),
            scale,
        ))  # fmt: skip
        # the legend beside the map, one column
        scale = min((body_width - GAP_MM - LEGEND_COLUMN_MM) / ground_width, map_height / ground_height)
        width, height = ground_width * scale, ground_height * scale
        layouts.append(OverviewGeometry(
            landscape, (MARGIN_MM, top, width, height),
            legend_box(MARGIN_MM + width + GAP_MM, top, LEGEND_COLUMN_MM, body_height),
            scale,
        ))  # fmt: skip
    return max(layouts, key=lambda layout: layout.mm_per_metre)


def rows_beside_map(setup: PageSetup) -> int:
    """How many household rows fit on a sheet that also holds the map."""
    _, _, width, height = sheet_geometry(setup).table
    return _table_capacity(width, height)


def rows_on_table_page(setup: PageSetup) -> int:
    """How many household rows fit on a continuation page."""
    width, height = setup.size_mm
    body = GRID_SHEET_FRAME.body_bottom_mm(height) - GRID_SHEET_FRAME.body_top_mm
    return _table_capacity(width - 2 * MARGIN_MM, body)


class GridSheetPainter:
    """Draws one sheet on ``painter``, whose device has ``setup.dpi`` pixels per inch."""

    def __init__(self, painter: QPainter, setup: PageSetup, content: MapContent) -> None:
        self.painter, self.setup, self.content = painter, setup, content
        self.page = PagePainter(painter, setup.dpi, setup.size_mm, GRID_SHEET_FRAME)
        self.placed_labels: list[Label] = []

    def draw_map_sheet(self, sheet: SheetContent, table_rows: pd.DataFrame) -> MapFrame:
        """A sheet with a map: returns where the map went (for tests and the continuation pages)."""
        geometry = sheet_geometry(self.setup)
        self._frame(sheet)
        map_frame = self._map(sheet, geometry.frame)
        draw_map_legend(self.page, map_frame.rendered, geometry.legend)
        self._table(table_rows, *geometry.table)
        return map_frame

    def draw_overview_sheet(self, sheet: SheetContent) -> MapFrame:
        """The station's overview: the map shaped as the station is, and its legend (the setup must be turned
        as :func:`overview_geometry` says)."""
        geometry = overview_geometry(self.setup.paper, sheet.extent)
        self._frame(sheet)
        map_frame = self._map(sheet, geometry.frame)
        draw_map_legend(self.page, map_frame.rendered, geometry.legend)
        return map_frame

    def draw_table_sheet(self, sheet: SheetContent, table_rows: pd.DataFrame) -> None:
        """A continuation page: the rest of the household list."""
        width, height = self.setup.size_mm
        self._frame(sheet)
        top, bottom = GRID_SHEET_FRAME.body_top_mm, GRID_SHEET_FRAME.body_bottom_mm(height)
        self._table(table_rows, MARGIN_MM, top, width - 2 * MARGIN_MM, bottom - top)

    def _frame(self, sheet: SheetContent) -> None:
        """Title block and footer; the footer says whether residents are named in full, in red when they are."""
        show_personal = self.setup.show_personal
        self.page.frame(sheet.title, sheet.subtitle, sheet.page_label, residents_notice(show_personal),
                        WARNING if show_personal else QUIET)  # fmt: skip

    def _map(self, sheet: SheetContent, box: tuple[float, float, float, float]) -> MapFrame:
        layers = tuple(
            replace(view, visible=self.setup.sketch_basemap) if view.name == "sketch" else view for view in PRINT_LAYERS
        )
        if self.setup.imagery:
            layers = with_imagery(layers, tuple(source.table for source in self.content.imagery))
        marks = replace(GRID_SHEET_MARKS, locator=sheet.locator, sheet_code=sheet.sheet_code)
        return draw_map_frame(self.page, box, sheet.extent, layers, self.content, marks,
                              over=lambda frame: self._labels(frame, sheet))  # fmt: skip

    def _labels(self, frame: MapFrame, sheet: SheetContent) -> None:
        """Grid names and every house number, as text, placed so they never overlap each other or the frame's
        marks, and hide as few of the map's symbols as they can."""
        symbols = frame.rendered.symbols
        if symbols is not None:
            symbols = symbols.with_origin((frame.rect.left(), frame.rect.top()))
        placer = LabelPlacer(keep_clear=frame.furniture, within=frame.rect, symbols=symbols)
        content, dpi = self.content, self.setup.dpi
        title_font, detail_font, number_font = map_font(dpi, 9, bold=True), map_font(dpi, 7), map_font(dpi, 5.5)
        fonts = title_font, detail_font
        for label in grid_labels_in_view(content, frame.settings.visible_extent, frame.transform, fonts, ACCENT):
            placer.add(3, label)
        if sheet.house_numbers:
            reach = max(point_reach(marker, dpi) for marker in RECENCY_MARKERS.values())
            transform = frame.transform
            columns = transform.m11() * content.household_x + transform.m31()
            rows = transform.m22() * content.household_y + transform.m32()
            rect = frame.rect
            inside = (
                (columns >= rect.left()) & (columns <= rect.right()) & (rows >= rect.top()) & (rows <= rect.bottom())
            )
            for x, y, number in zip(columns[inside], rows[inside], content.household_no[inside]):
                placer.add(1, Label(float(x), float(y), str(number), number_font, "#222222", around=reach))
        self.placed_labels = placer.paint(self.painter)

    def _table(self, rows: pd.DataFrame, x: float, y: float, width: float, height: float) -> None:
        """The household index in as many side-by-side blocks as the width allows."""
        if not len(rows):
            return
        # the heading inside its area, under the title block's rule (its baseline at the top struck it through)
        self.page.text(x, y + HEADING_BASELINE_MM, QCoreApplication.translate("PrintLayout", "Households"), 9,
                       bold=True)  # fmt: skip
        per_block = max(1, HOUSEHOLD_LIST.rows_fitting(height))
        blocks = max(1, int(width // TABLE_BLOCK_MM))
        block_width = width / blocks
        fields, columns = zip(*_table_columns())
        for block in range(blocks):
            chunk = rows.iloc[block * per_block : (block + 1) * per_block]
            if chunk.empty:
                break
            cells = [
                [_cell(field, value) for field, value in zip(fields, row)]
                for row in chunk[list(fields)].itertuples(index=False)
            ]
            self.page.table(x + block * block_width, y + HOUSEHOLD_LIST.heading_mm, block_width - 2, list(columns),
                            cells, HOUSEHOLD_LIST)  # fmt: skip


def _table_columns() -> list[tuple[str, Column]]:
    """(field, column) of the household list."""
    translate = QCoreApplication.translate
    return [
        ("house_no", Column(translate("PrintLayout", "No."), 1.0, numeric=False)),
        ("head_name", Column(translate("PrintLayout", "Head"), 1.5, numeric=False)),
        ("members", Column(translate("PrintLayout", "Pers."), 0.7, numeric=False)),
        ("key_person", Column(translate("PrintLayout", "Key person"), 2.0, numeric=False)),
        ("last_visit", Column(translate("PrintLayout", "Last visit"), 1.6, numeric=False)),
    ]


def _table_capacity(width: float, height: float) -> int:
    blocks = max(1, int(width // TABLE_BLOCK_MM))
    return blocks * max(1, HOUSEHOLD_LIST.rows_fitting(height))


def _cell(field: str, value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if field == "key_person":
        separator = "、" if current_language() == CHINESE else ", "
        return separator.join(term(tag) for tag in split_tags(str(value)))
    if field == "last_visit":
        return pd.Timestamp(value).tz_convert(STATION_TIMEZONE).strftime("%Y-%m-%d")
    return str(value)
