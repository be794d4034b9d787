"""Registered sheets marked with pens and photographed."""

from __future__ import annotations

from dataclasses import dataclass

from demo.field_photo import CameraShot, MarkedSheetPhoto, PenMark, draw_pen_marks, photograph_sheet
from demo.field_sheet import printed_page
from layers.printed_sheets import SheetEntry
from maps.scan.sheet_layout import SheetMarksLayout


def keep_clear(sheet: SheetEntry) -> list[tuple[float, float, float, float]]:
    """Where no pen mark is drawn: the sheet's markers and QR code."""
    return SheetMarksLayout.from_json(sheet.markers_mm).keep_clear_mm()


@dataclass(frozen=True)
class MarkedSheet:
    sheet: SheetEntry
    marks: list[PenMark]
    photo: MarkedSheetPhoto


def marked_photo(sheet: SheetEntry, marks: list[PenMark], shot: CameraShot, seed: int) -> MarkedSheet:
    page, px_per_mm = printed_page(sheet)
    return MarkedSheet(
        sheet, marks, photograph_sheet(draw_pen_marks(page, px_per_mm, marks, seed), px_per_mm, shot, seed)
    )
