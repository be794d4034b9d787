"""The sheets of one print: ids handed to its map pages, and what each page showed, for the register.

A document paints its pages through :meth:`SheetPrint.code` (the QR text of a
map page, None when the print cannot be read back) and tells
:meth:`SheetPrint.painted` where its map went. After the PDF is written whole,
:meth:`SheetPrint.entries` paints each map page once more as an image, the
page the register keeps to compare photos with, and
:func:`layers.printed_sheets.register_sheets` writes them. The same record
lists the pages for ``wangge print --json``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtGui import QImage, QPainter

from layers.crs import MEASURE_EPSG
from layers.feedback import Feedback
from layers.printed_sheets import SheetEntry, can_register, sheet_project_key
from layers.store import ProjectStore
from maps.print.map_frame import MapFrame
from maps.print.page import PageFormat, page_as_image
from maps.scan.sheet_layout import new_sheet_id, sheet_code

REGISTER_DPI = 200
"""The register's page images: 7.9 pixels a millimetre, finer than a pen stroke, about 150 KB an A4 map page."""


@dataclass(frozen=True)
class PrintedPage:
    """One page of a printed document, as ``wangge print --json`` lists it."""

    page: int
    sheet_id: str | None = None
    grid: str | None = None
    map_frame_mm: tuple[float, float, float, float] | None = None
    """left, top, width, height in mm from the page's top-left corner; None on a page without a map."""
    extent: tuple[float, float, float, float] | None = None
    """What the frame shows, minx, miny, maxx, maxy in metres of ``crs``, north up."""
    crs: str | None = None
    markers_mm: dict[str, list[float]] | None = None

    def as_json(self) -> dict:
        return {
            "page": self.page,
            "sheet_id": self.sheet_id,
            "grid": self.grid,
            "map_frame_mm": None if self.map_frame_mm is None else [round(v, 3) for v in self.map_frame_mm],
            "extent": None if self.extent is None else [round(v, 3) for v in self.extent],
            "crs": self.crs,
        }


@dataclass(frozen=True)
class PrintedDocument:
    """A written document and what each of its pages shows; ``readable``: its sheets can be read back."""

    out: Path
    pages: list[PrintedPage]
    readable: bool

    def as_json(self) -> dict:
        return {"out": str(self.out), "pages": [page.as_json() for page in self.pages]}


@dataclass
class SheetPrint:
    """Sheet ids and what each map page showed, for one print of ``document`` on ``page_format``.

    A page may be turned otherwise (the atlas's overview of a wide station is landscape): it is
    registered, and painted for the register, on its own format.
    """

    document: str
    page_format: PageFormat
    project_key: str | None
    """None: the print is not registered (a read-only project), so its pages carry no markers or QR code."""
    new_id: Callable[[], str] = new_sheet_id
    """Where sheet ids come from: random, except in the demo, which is the same on every run."""
    _ids: dict[int, str] = field(default_factory=dict)
    _pages: dict[int, PrintedPage] = field(default_factory=dict)
    _formats: dict[int, PageFormat] = field(default_factory=dict)

    @classmethod
    def of(cls, store: ProjectStore | None, document: str, page_format: PageFormat) -> SheetPrint:
        """A print of ``store``'s data; ``store`` None (or read-only) prints sheets that cannot be read back."""
        key = sheet_project_key(store) if store is not None and can_register(store) else None
        return cls(document, page_format, key)

    @property
    def readable(self) -> bool:
        """Whether photos of these sheets can be read back."""
        return self.project_key is not None

    def code(self, page: int) -> str | None:
        """The QR text of map page ``page`` (from 1), the same on every call; None when not registered."""
        if self.project_key is None:
            return None
        if page not in self._ids:
            self._ids[page] = self.new_id()
        sheet_id = self._ids[page]
        return sheet_code(self.project_key, sheet_id)

    def painted(self, page: int, grid_code: str | None, frame: MapFrame | None,
                page_format: PageFormat | None = None) -> None:  # fmt: skip
        """Record what page ``page`` showed: its grid, where its map went (``frame`` None: no map) and, when
        not the print's, its paper."""
        if page_format is not None:
            self._formats[page] = page_format
        if frame is None:
            self._pages[page] = PrintedPage(page, grid=grid_code)
            return
        layout = frame.reading_marks
        self._pages[page] = PrintedPage(
            page,
            self._ids.get(page),
            grid_code,
            frame.box_mm,
            frame.settings.visible_extent,
            f"EPSG:{MEASURE_EPSG}",
            None if layout is None else layout.as_json(),
        )

    def format_of(self, page: int) -> PageFormat:
        """The paper page ``page`` was painted on."""
        return self._formats.get(page, self.page_format)

    def pages(self, count: int) -> list[PrintedPage]:
        """Every page of the document, in order."""
        return [self._pages.get(number, PrintedPage(number)) for number in range(1, count + 1)]

    def entries(self, paint_page: Callable[[QPainter, int], None], feedback: Feedback) -> list[SheetEntry]:
        """The register's entries: each map page with an id painted again as the image the register keeps."""
        numbered = [page for page in self._pages.values() if page.sheet_id is not None]
        entries = []
        for index, page in enumerate(numbered):
            feedback.raise_if_canceled()
            page_format = self.format_of(page.page)
            image = page_as_image(
                page_format, REGISTER_DPI, lambda painter, number=page.page: paint_page(painter, number)
            )
            entries.append(
                SheetEntry(
                    sheet_id=page.sheet_id,
                    document=self.document,
                    page=page.page,
                    grid_code=page.grid,
                    paper=page_format.paper.name,
                    landscape=page_format.landscape,
                    map_frame_mm=page.map_frame_mm,
                    extent=page.extent,
                    crs=page.crs,
                    markers_mm=page.markers_mm,
                    page_image=png_bytes(image),
                )
            )
            feedback.set_progress(100 * (index + 1) / len(numbered))
        return entries


def png_bytes(image: QImage) -> bytes:
    """The page as a 256-colour PNG: a third of the size of full colour, and pen marks are found all the same."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    pixels = np.frombuffer(rgb.constBits(), np.uint8).reshape(rgb.height(), rgb.bytesPerLine())
    page = Image.fromarray(np.ascontiguousarray(pixels[:, : rgb.width() * 3]).reshape(rgb.height(), rgb.width(), 3))
    out = io.BytesIO()
    page.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    return out.getvalue()
