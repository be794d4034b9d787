"""The station atlas: an overview page, then one sheet (or several) per grid, in one PDF.

A grid whose households would print smaller than :data:`SMALLEST_SCALE` on one
sheet is split into parts, each with a locator inset. The household list
follows the map on the same page as far as it fits, then on continuation
pages. Each sheet is drawn by :mod:`maps.print.grid_sheet`; the pages go into
one PDF by :func:`maps.print.pdf.write_pdf`, so a canceled or failed atlas
leaves nothing behind, and the job reports to a :class:`~layers.feedback.Feedback`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QImage, QPainter

from layers.crs import MEASURE_EPSG, STORAGE_EPSG, transformer
from layers.errors import PrintError, UnknownGridError
from layers.feedback import Feedback
from layers.files import atomic_output
from layers.imagery.reading import imagery_sources
from layers.printed_sheets import SheetEntry, register_sheets
from layers.privacy import mask_frame
from layers.review import ReviewData, ReviewFilter, load_review, select
from layers.store import ProjectStore
from layers.values import STATION_TIMEZONE
from maps.map_content import MapContent, build_map_content
from maps.map_settings import MapSettings
from maps.print.grid_sheet import (
    GridSheetPainter,
    PageSetup,
    SheetContent,
    overview_geometry,
    rows_beside_map,
    rows_on_table_page,
    sheet_geometry,
)
from maps.print.page import PageFormat, Paper, page_as_image
from maps.print.pagination import flow_rows
from maps.print.pdf import write_pdf
from maps.print.sheet_register import REGISTER_DPI, PrintedDocument, SheetPrint
from maps.sketch_basemap import load_sketch_basemaps

SYMBOL_REACH_MM = 5.0
"""How far onto a printed map a household's symbol or a road's name reaches from beyond its frame."""
SMALLEST_SCALE = 8000
"""A grid printed smaller than 1:8,000 gets split: house numbers need about 3 mm between houses on paper."""
TABLE_FIELDS = ["house_no", "head_name", "members", "key_person", "last_visit"]


@dataclass(frozen=True)
class Page:
    """One page to print: the station's overview, a sheet with its map, or a continuation of its household list.

    The overview is turned as the station is (:func:`~maps.print.grid_sheet.overview_geometry`), the grid
    sheets as the user asked.
    """

    sheet: SheetContent
    rows: pd.DataFrame
    with_map: bool
    landscape: bool
    overview: bool = False

    def setup(self, setup: PageSetup) -> PageSetup:
        """``setup`` turned as this page is."""
        return replace(setup, landscape=self.landscape)

    def page_format(self, setup: PageSetup) -> PageFormat:
        return self.setup(setup).page_format


def _grid_extent(grid_geometry) -> tuple[float, float, float, float]:
    """The grid's whole outline, padded a little: an officer must see where his grid ends.

    A grid drawn as a cell of fields is mostly empty; :func:`_split` cuts a large
    one into parts at a scale house numbers can be read at, and :func:`_inhabited`
    drops the parts where nobody lives.
    """
    return _padded(grid_geometry.bounds)


def _padded(extent: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """``extent`` with 4 % of its longer side (at least 4 m) around it, so no outline touches the frame."""
    minx, miny, maxx, maxy = extent
    pad = max(maxx - minx, maxy - miny, 100.0) * 0.04
    return (minx - pad, miny - pad, maxx + pad, maxy + pad)


def _split(extent: tuple, frame_mm: tuple[float, float]) -> list[tuple]:
    """Parts of ``extent`` small enough to print at 1:SMALLEST_SCALE or larger in a frame of ``frame_mm``."""
    minx, miny, maxx, maxy = extent
    ground_w, ground_h = frame_mm[0] / 1000 * SMALLEST_SCALE, frame_mm[1] / 1000 * SMALLEST_SCALE
    across, down = math.ceil((maxx - minx) / ground_w), math.ceil((maxy - miny) / ground_h)
    if across * down == 1:
        return [extent]
    width, height = (maxx - minx) / across, (maxy - miny) / down
    return [
        (minx + i * width, maxy - (j + 1) * height, minx + (i + 1) * width, maxy - j * height)
        for j in range(down)
        for i in range(across)
    ]


def _inhabited(parts: list[tuple], data: ReviewData, grid_id: str) -> list[tuple]:
    """The parts holding at least one of the grid's households (a grid over two villages has fields between)."""
    households = data.households[(data.households["grid_id"] == grid_id).to_numpy()]
    x, y = households["x"].to_numpy(), households["y"].to_numpy()
    kept = [p for p in parts if ((x >= p[0]) & (x <= p[2]) & (y >= p[1]) & (y <= p[3])).any()]
    return kept or parts[:1]


def household_rows(data: ReviewData, grid_id: str | None, show_personal: bool) -> pd.DataFrame:
    """The household list of a grid (or of all), sorted by house number as officers walk it, masked as asked."""
    households = data.households if grid_id is None else data.households[data.households["grid_id"] == grid_id]
    numbers = list(households["house_no"])
    order = sorted(range(len(numbers)), key=lambda i: _house_order(numbers[i]))
    rows = households.iloc[order][TABLE_FIELDS + ["phone"]]
    return mask_frame("households", rows, show_personal)[TABLE_FIELDS].reset_index(drop=True)


def _house_order(number: str) -> tuple:
    digits = "".join(c for c in str(number) if c.isdigit())
    return (int(digits) if digits else math.inf, str(number))


def atlas_pages(data: ReviewData, station: str, grid_ids: list[str] | None, setup: PageSetup,
               overview: bool) -> list[Page]:  # fmt: skip
    """Every page of the atlas, in order: overview first, then each grid's parts and list pages."""
    printed = data.as_of.tz_convert(STATION_TIMEZONE).date().isoformat()
    beside_map, per_page = rows_beside_map(setup), rows_on_table_page(setup)
    grids = data.grids if grid_ids is None else data.grids[data.grids["id"].isin(grid_ids)]
    grids = grids.sort_values("code")
    subtitle_station = QCoreApplication.translate("Atlas", "Station: {station}").format(station=station)
    pages: list[Page] = []
    if overview:
        extent = None if data.extent is None else _padded(data.extent)  # the station's tips clear of the frame
        if extent is not None:
            sheet = SheetContent(
                QCoreApplication.translate("Atlas", "Grid overview · {station}").format(station=station),
                f"{subtitle_station}    "
                + QCoreApplication.translate("Atlas", "{count} grids, {households} households · printed {date}").format(
                    count=len(grids), households=len(data.households), date=printed
                ),
                extent,
                pd.DataFrame(columns=TABLE_FIELDS),
                house_numbers=False,
            )
            landscape = overview_geometry(setup.paper, extent).landscape
            pages.append(Page(sheet, sheet.households, True, landscape, overview=True))
    for grid in grids.itertuples():
        whole = _grid_extent(grid.geometry)
        parts = _inhabited(_split(whole, sheet_geometry(setup).frame[2:]), data, grid.id)
        rows = household_rows(data, grid.id, setup.show_personal)
        subtitle = "    ".join(
            [
                subtitle_station,
                QCoreApplication.translate("Atlas", "Officer: {officer}").format(officer=grid.officer),
                QCoreApplication.translate("Atlas", "Auxiliary: {auxiliary}").format(auxiliary=grid.auxiliary or "—"),
                QCoreApplication.translate("Atlas", "Duty phone: {phone}").format(phone=grid.phone or "—"),
                QCoreApplication.translate("Atlas", "Printed {date}").format(date=printed),
            ]
        )
        title = QCoreApplication.translate("Atlas", "Grid map · {code} {name}").format(code=grid.code, name=grid.name)
        slices = flow_rows(len(rows), [beside_map] * len(parts), per_page)  # a map page per part, then lists
        for index, part in enumerate(parts):
            label = (
                QCoreApplication.translate("Atlas", "part {index} of {count}").format(index=index + 1, count=len(parts))
                if len(parts) > 1
                else ""
            )
            sheet = SheetContent(title, subtitle, part, rows, label, (whole, part) if len(parts) > 1 else None,
                                 grid_code=grid.code)  # fmt: skip
            start, end = slices[index]
            pages.append(Page(sheet, rows.iloc[start:end], True, setup.landscape))
        continued = QCoreApplication.translate("Atlas", "household list, continued")
        for start, end in slices[len(parts) :]:
            sheet = SheetContent(title, subtitle, whole, rows, continued, grid_code=grid.code)
            pages.append(Page(sheet, rows.iloc[start:end], False, setup.landscape))
    return pages


def read_for_printing(
    store: ProjectStore, grid: str | None = None, as_of: datetime | None = None, feedback: Feedback | None = None
) -> ReviewData:
    """What printing ``grid`` (its code or name) shows; the whole project for the atlas of every grid.

    One grid's sheets show its outline and what lies around it, and reading a county to print them took
    seconds and gigabytes. So the grid's own households are read first, with what lies within its outline's
    box; then what lies within the ground its pages can show on any paper either way up (:func:`printed_extent`).
    """
    feedback = feedback or Feedback()
    if grid is None:
        return load_review(store, as_of, feedback)
    grids = store.read("grids", columns=["id", "code", "name"])
    grid_ids = find_grids(grids, grid)
    outline = tuple(grids[grids["id"].isin(grid_ids)].total_bounds)
    own = load_review(store, as_of, feedback.step(0, 30), bbox=outline, households_of=grid_ids)
    shown = transformer(MEASURE_EPSG, STORAGE_EPSG).transform_bounds(*printed_extent(own, grid_ids), densify_pts=21)
    return load_review(store, as_of, feedback.step(30, 100), bbox=shown, households_of=grid_ids)


def printed_extent(data: ReviewData, grid_ids: list[str]) -> tuple[float, float, float, float]:
    """The ground, in metres, the map pages of ``grid_ids`` may show on any paper either way up.

    A page fits its part of a grid into its frame's shape, so it shows more than the part across one
    side; and a symbol or a name beyond the frame reaches :data:`SYMBOL_REACH_MM` into it.
    """
    boxes = []
    for paper in Paper:
        for landscape in (False, True):
            setup = PageSetup(paper=paper, landscape=landscape)
            for page in atlas_pages(data, "", grid_ids, setup, overview=False):
                if not page.with_map:
                    continue
                _x, _y, width_mm, height_mm = sheet_geometry(page.setup(setup)).frame
                frame = MapSettings(page.sheet.extent, round(width_mm), round(height_mm))
                minx, miny, maxx, maxy = frame.visible_extent
                reach = SYMBOL_REACH_MM * (maxx - minx) / width_mm
                boxes.append((minx - reach, miny - reach, maxx + reach, maxy + reach))
    array = np.array(boxes)
    return (array[:, 0].min(), array[:, 1].min(), array[:, 2].max(), array[:, 3].max())


def find_grids(grids: pd.DataFrame, wanted: str) -> list[str]:
    """Ids of the grids (``id``, ``code``, ``name``) whose code or name is ``wanted``; a clear error otherwise."""
    chosen = grids[(grids["code"] == wanted) | (grids["name"] == wanted)]
    if chosen.empty:
        raise UnknownGridError(code=wanted)
    return list(chosen["id"])


def _paint_page(painter: QPainter, setup: PageSetup, content: MapContent, pages: list[Page], number: int,
                sheets: SheetPrint) -> None:  # fmt: skip
    page = pages[number - 1]
    sheet = page.sheet
    label = QCoreApplication.translate("Atlas", "page {number} of {count}").format(number=number, count=len(pages))
    sheet = replace(sheet, page_label=f"{sheet.page_label}  {label}".strip())
    page_setup = page.setup(setup)
    drawer = GridSheetPainter(painter, page_setup, content)
    if page.overview:
        frame = drawer.draw_overview_sheet(replace(sheet, sheet_code=sheets.code(number)))
    elif page.with_map:
        frame = drawer.draw_map_sheet(replace(sheet, sheet_code=sheets.code(number)), page.rows)
    else:
        drawer.draw_table_sheet(sheet, page.rows)
        frame = None
    sheets.painted(number, sheet.grid_code, frame, page_setup.page_format)


def page_image(setup: PageSetup, content: MapContent, pages: list[Page], sheets: SheetPrint, number: int = 1) -> QImage:
    """Page ``number`` (from 1) as an image at the setup's resolution: the PNG output and the print preview."""
    return page_as_image(
        pages[number - 1].page_format(setup), setup.dpi,
        lambda painter: _paint_page(painter, setup, content, pages, number, sheets),
    )  # fmt: skip


def write_atlas_pdf(out: Path, setup: PageSetup, content: MapContent, pages: list[Page], sheets: SheetPrint,
                    feedback: Feedback) -> list[SheetEntry]:  # fmt: skip
    """All ``pages`` into one PDF at ``out``; returns the register's entries of its map pages (none if unreadable).

    The entries are made after the PDF is whole: a canceled print registers nothing.
    """
    write_pdf(out, pages[0].sheet.title if pages else "", [page.page_format(setup) for page in pages], setup.dpi,
              lambda painter, number: _paint_page(painter, setup, content, pages, number, sheets),
              feedback.step(0, 80 if sheets.readable else 100))  # fmt: skip
    return sheets.entries(_register_painting(setup, content, pages, sheets), feedback.step(80, 100))


def _register_painting(setup: PageSetup, content: MapContent, pages: list[Page], sheets: SheetPrint):
    """Pages painted for the register at its resolution, with the ids they were printed with."""
    register_setup = replace(setup, dpi=REGISTER_DPI)
    return lambda painter, number: _paint_page(painter, register_setup, content, pages, number, sheets)


def write_atlas(
    store: ProjectStore,
    out: Path,
    setup: PageSetup,
    grid: str | None = None,
    feedback: Feedback | None = None,
    as_of: datetime | None = None,
) -> PrintedDocument:
    """Print the atlas (``grid`` None: overview and every grid) or one grid's sheets to ``out`` (.pdf or .png).

    A PNG holds the first page only. ``as_of`` (default now) is the moment visit recency is judged
    at and the print date. The map pages are registered in the project (unless it is read-only),
    so photos of them can be read back. Returns what each page shows.
    """
    printed, entries = print_atlas(store, out, setup, grid, feedback, as_of)
    if entries:
        register_sheets(store, entries)
    return printed


def print_atlas(
    store: ProjectStore,
    out: Path,
    setup: PageSetup,
    grid: str | None = None,
    feedback: Feedback | None = None,
    as_of: datetime | None = None,
    sheets: SheetPrint | None = None,
) -> tuple[PrintedDocument, list[SheetEntry]]:
    """:func:`write_atlas` without registering: what each page shows and the register's entries.

    ``sheets`` (default: this project's) hands out the sheet ids.
    """
    feedback = feedback or Feedback()
    out = Path(out)
    if out.suffix.lower() not in (".pdf", ".png"):
        raise PrintError(path=str(out), reason=QT_TRANSLATE_NOOP("reason", "the file must end in .pdf or .png"))
    data = read_for_printing(store, grid, as_of, feedback.step(0, 20))
    grid_ids = find_grids(data.grids, grid) if grid else None
    sketches, problems = load_sketch_basemaps(store) if setup.sketch_basemap else ((), ())
    imagery, imagery_problems = imagery_sources(store) if setup.imagery else ((), ())
    content = build_map_content(data, select(data, ReviewFilter()), sketches, problems + imagery_problems, imagery)
    pages = atlas_pages(data, store.settings().get("station", ""), grid_ids, setup, overview=grid is None)
    sheets = sheets or SheetPrint.of(store, "atlas" if grid is None else "grid_sheet", setup.page_format)
    if out.suffix.lower() == ".pdf":
        entries = write_atlas_pdf(out, setup, content, pages, sheets, feedback.step(20, 100))
        count = len(pages)
    else:
        with atomic_output(out, PrintError) as temporary:
            if not page_image(setup, content, pages, sheets).save(str(temporary), "PNG"):
                raise PrintError(path=str(out), reason=QT_TRANSLATE_NOOP("reason", "the image could not be written"))
        entries = sheets.entries(_register_painting(setup, content, pages, sheets), feedback.step(80, 100))
        count = 1
    return PrintedDocument(out, sheets.pages(count), sheets.readable), entries
