"""The printed weekly follow-up sheet (每周考核 / 回访清单): A4 pages, each officer from a new page.

It is drawn with the page kit every document shares (:mod:`maps.print.page`):
the same title, rule, tables and footer as the monthly bulletin, in the bundled
font, so the text is searchable in the PDF. An officer's tables flow on to further pages when his
list is long. Head names are as :func:`layers.assessment.weekly_sheet.weekly_sheet` gave
them, masked unless full details were asked for, and the footer says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QImage, QPainter

from layers.assessment.weekly_sheet import OfficerWeek, WeeklySheet
from layers.errors import PrintError
from layers.feedback import Feedback
from layers.vocabulary import Grade, VisitPurpose
from maps.print.page import (
    A4_MM,
    A4_PORTRAIT,
    DOCUMENT_FRAME,
    DOCUMENT_TABLE,
    GAP_MM,
    MARGIN_MM,
    TABLE_HEADING_MM,
    Column,
    PagePainter,
    page_as_image,
)
from maps.print.pagination import flow_rows
from maps.print.pdf import pdf_destination, write_pdf
from maps.words import term

TOP_MM = DOCUMENT_FRAME.body_top_mm
BOTTOM_MM = DOCUMENT_FRAME.body_bottom_mm(A4_MM[1])
WIDTH_MM = A4_MM[0] - 2 * MARGIN_MM


@dataclass(frozen=True)
class Section:
    """A heading and a table of an officer's sheet."""

    heading: str
    columns: list[Column]
    rows: list[list[str]]


@dataclass(frozen=True)
class SheetPage:
    """One page: an officer and the slices ``(section, start, end)`` of his sections it holds."""

    officer: int
    slices: tuple[tuple[int, int, int], ...]


def sections(entry: OfficerWeek) -> list[Section]:
    """An officer's sheet as tables: the week's visits, disputes and key persons, follow-ups, next week's list."""
    translate = QCoreApplication.translate
    visits = Section(
        translate("WeeklySheet", "Visits recorded this week, by purpose"),
        [*(Column(term(purpose), 1.0) for purpose in VisitPurpose), Column(translate("WeeklySheet", "Total"), 0.8)],
        [[*map(str, entry.visits_by_purpose.values()), str(entry.visits)]],
    )
    standing = Section(
        translate("WeeklySheet", "Open disputes in his grids at week end, by grade; key persons overdue"),
        [*(Column(term(grade), 1.0) for grade in Grade), Column(translate("WeeklySheet", "Key persons overdue"), 1.6)],
        [[*map(str, entry.disputes_open.values()), str(entry.key_persons_overdue)]],
    )
    followups = Section(
        translate("WeeklySheet", "Dispute follow-ups due this week or overdue"),
        [Column(translate("WeeklySheet", "House no."), 1.0, numeric=False),
         Column(translate("WeeklySheet", "Head of household"), 1.2, numeric=False),
         Column(translate("WeeklySheet", "Grade"), 0.8, numeric=False),
         Column(translate("WeeklySheet", "Due"), 1.0, numeric=False),
         Column(translate("WeeklySheet", "Done"), 0.8, numeric=False)],
        [[followup.house_no, followup.head_name, term(Grade(followup.grade)), followup.due.isoformat(),
          translate("WeeklySheet", "done") if followup.done else translate("WeeklySheet", "not yet")]
         for followup in entry.followups] or [[translate("WeeklySheet", "none"), "", "", "", ""]],
    )  # fmt: skip
    to_visit = Section(
        translate("WeeklySheet", "Households to visit next week"),
        [Column("#", 0.4), Column(translate("WeeklySheet", "House no."), 1.0, numeric=False),
         Column(translate("WeeklySheet", "Head of household"), 1.2, numeric=False),
         Column(translate("WeeklySheet", "Reason"), 2.0, numeric=False)],
        [[str(number), household.house_no, household.head_name, reason_words(household.reason.value)]
         for number, household in enumerate(entry.to_visit, start=1)]
        or [["", translate("WeeklySheet", "none"), "", ""]],
    )  # fmt: skip
    return [visits, standing, followups, to_visit]


def reason_words(reason: str) -> str:
    translate = QCoreApplication.translate
    return {
        "key_person_overdue": translate("WeeklySheet", "key person overdue"),
        "followup_due": translate("WeeklySheet", "dispute follow-up"),
        "never_visited": translate("WeeklySheet", "never visited"),
    }[reason]


def weekly_sheet_pages(row_counts: list[list[int]]) -> list[SheetPage]:
    """Pages for officers whose sections have ``row_counts`` rows: each officer from a new page, tables flowing.

    A table starts on a new page when not even its first row fits under what is already there.

    >>> [page.slices for page in weekly_sheet_pages([[1, 1, 2, 3]])]
    [((0, 0, 1), (1, 0, 1), (2, 0, 2), (3, 0, 3))]
    """
    table = DOCUMENT_TABLE
    pages: list[SheetPage] = []
    for officer, counts in enumerate(row_counts):
        slices: list[tuple[int, int, int]] = []
        y = TOP_MM
        for section, count in enumerate(counts):
            if not count:
                continue
            if table.rows_fitting(BOTTOM_MM - y) < 1:
                pages.append(SheetPage(officer, tuple(slices)))
                slices, y = [], TOP_MM
            flowing = flow_rows(count, [table.rows_fitting(BOTTOM_MM - y)], table.rows_fitting(BOTTOM_MM - TOP_MM))
            for number, (start, end) in enumerate(flowing):
                if number:
                    pages.append(SheetPage(officer, tuple(slices)))
                    slices, y = [], TOP_MM
                slices.append((section, start, end))
                y += table.height_mm(end - start)
        pages.append(SheetPage(officer, tuple(slices)))
    return pages


def page_plan(sheet: WeeklySheet) -> list[SheetPage]:
    return weekly_sheet_pages([[len(section.rows) for section in sections(entry)] for entry in sheet.officers])


def paint_page(painter: QPainter, dpi: int, sheet: WeeklySheet, pages: list[SheetPage], number: int) -> None:
    """Page ``number`` (from 1) of ``pages``."""
    page = pages[number - 1]
    entry = sheet.officers[page.officer]
    drawer = PagePainter(painter, dpi, A4_MM)
    translate = QCoreApplication.translate
    period = sheet.period
    title = translate("WeeklySheet", "{station} week {week:02d} of {year}: visits and follow-ups — {officer}").format(
        station=sheet.station_name, week=period.number, year=period.year, officer=entry.officer
    )
    subtitle = translate("WeeklySheet", "{week}, {monday} to {sunday} (Beijing time) · grids: {grids}").format(
        week=period.week, monday=period.monday.isoformat(), sunday=period.sunday.isoformat(),
        grids="、".join(entry.grid_codes) or translate("WeeklySheet", "none"),
    )  # fmt: skip
    if sheet.show_personal:
        note = translate("WeeklySheet", "Full personal details: for the station's own use, do not pass on")
    else:
        note = translate("WeeklySheet", "Head names masked; full details in the app only")
    label = translate("Bulletin", "page {number} of {count}").format(number=number, count=len(pages))
    drawer.frame(title, subtitle, label, note)
    tables = sections(entry)
    y = TOP_MM
    for index, start, end in page.slices:
        section = tables[index]
        heading = section.heading if start == 0 else translate("WeeklySheet", "{heading}, continued").format(
            heading=section.heading)  # fmt: skip
        drawer.text(MARGIN_MM, y + 5, heading, 10, bold=True)
        y = drawer.table(MARGIN_MM, y + TABLE_HEADING_MM, WIDTH_MM, section.columns, section.rows[start:end]) + GAP_MM


def page_image(sheet: WeeklySheet, number: int = 1, dpi: int = 100) -> QImage:
    """One page as an image, for previews and tests."""
    return page_as_image(A4_PORTRAIT, dpi, lambda painter: paint_page(painter, dpi, sheet, page_plan(sheet), number))


def write_weekly_sheet_pdf(sheet: WeeklySheet, out: str | Path, dpi: int = 150,
                           feedback: Feedback | None = None) -> int:  # fmt: skip
    """Print ``sheet`` as a PDF at ``out`` (written under a temporary name, then renamed); returns the page count."""
    feedback = feedback or Feedback()
    out = pdf_destination(out)
    if not sheet.officers:
        raise PrintError(path=str(out), reason=QT_TRANSLATE_NOOP("reason", "no officer to print"))
    pages = page_plan(sheet)
    title = QCoreApplication.translate("WeeklySheet", "Weekly sheet {week}").format(week=sheet.period.week)
    write_pdf(out, title, [A4_PORTRAIT] * len(pages), dpi,
              lambda painter, number: paint_page(painter, dpi, sheet, pages, number), feedback)  # fmt: skip
    return len(pages)
