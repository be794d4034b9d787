"""The printed monthly bulletin (每月通报): ranking table, dispute chart and coverage map on A4 pages.

The station posts it on the wall and sends it up to the county, so it says
everything with counts only: the figures are :func:`layers.assessment.monthly.monthly_report`'s,
ranked by :mod:`layers.assessment.bulletin`'s rule (the same order as the workbook). One
after the other, flowing over pages as they fit: the station's figures in one paragraph,
the grid ranking, the coverage map (as tall as the station is), the dispute chart
(stretched to fill what its page leaves) and the officer ranking. The pages are drawn
with the page kit (:mod:`maps.print.page`) and written by
:func:`maps.print.pdf.write_pdf`, as every printed document is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage, QPainter

from layers.assessment.bulletin import hard_disputes_open, rank_grids, rank_officers
from layers.assessment.monthly import Figures, GridFigures, MonthlyReport
from layers.feedback import Feedback
from layers.review import ReviewData, ReviewFilter, load_review, select
from layers.store import ProjectStore
from layers.values import STATION_TIMEZONE
from layers.vocabulary import Grade, SpotCheckResult
from maps.map_content import MapContent, build_map_content
from maps.print.coverage_map import coverage_map_mm, draw_coverage_map, station_ratio
from maps.print.dispute_chart import FURNITURE_MM, draw_dispute_chart
from maps.print.page import (
    A4_MM,
    DOCUMENT_FRAME,
    DOCUMENT_TABLE,
    GAP_MM,
    MARGIN_MM,
    TABLE_HEADING_MM,
    Column,
    PageFormat,
    PagePainter,
    Paper,
    page_as_image,
)
from maps.print.pagination import flow_rows
from maps.print.pdf import pdf_destination, write_pdf
from maps.words import CHINESE, current_language, term

SUMMARY_MM = 22.5
CHART_MM = (FURNITURE_MM + 45.0, FURNITURE_MM + 110.0)
"""The chart's height: a plot at least 4.5 cm high (else it goes to the next page), at most 11 cm."""
TOP_MM = DOCUMENT_FRAME.body_top_mm
BODY_MM = DOCUMENT_FRAME.body_bottom_mm(A4_MM[1]) - TOP_MM
WIDTH_MM = A4_MM[0] - 2 * MARGIN_MM
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")  # fmt: skip


@dataclass(frozen=True)
class BulletinPage:
    """What one page holds, top to bottom: the summary, a slice of the grid ranking's rows (station total
    last), a slice of the officer ranking, the chart (``chart_mm`` high, 0: none) and the coverage map."""

    summary: bool = False
    rows: tuple[int, int] | None = None
    officers: tuple[int, int] | None = None
    chart_mm: float = 0.0
    map: bool = False
    landscape: bool = False
    """A map on a page of its own is turned as the station is: an east-west village prints larger across."""

    @property
    def page_format(self) -> PageFormat:
        return PageFormat(Paper.A4, self.landscape)


def body_mm(page_format: PageFormat) -> tuple[float, float]:
    """The width and height (mm) of the body of a bulletin page, between the margins, title block and footer."""
    width, height = page_format.size_mm
    return width - 2 * MARGIN_MM, DOCUMENT_FRAME.body_bottom_mm(height) - TOP_MM


def map_turned(ratio: float | None) -> bool:
    """Whether the coverage map of a station ``ratio`` times as tall as wide prints larger on a landscape page."""
    if ratio is None:
        return False
    furniture = coverage_map_mm(0.0, 0.0, BODY_MM)

    def map_width(landscape: bool) -> float:
        width, height = body_mm(PageFormat(Paper.A4, landscape))
        return min(width, (height - furniture) / ratio)

    return map_width(True) > map_width(False)


def bulletin_pages(row_count: int, officer_count: int, ratio: float | None) -> list[BulletinPage]:
    """Pages for a ranking of ``row_count`` rows, ``officer_count`` officers and a station ``ratio`` times as tall
    as wide (None: no grids).

    Each part follows the one before on the same page when it fits under it: the
    tables flow over pages, the chart moves to the next page only when its plot would
    be lower than :data:`CHART_MM` allows, and it stretches to fill what its page
    leaves. The coverage map follows it when it fits under the chart; when not, the
    map has a page of its own, turned as the station is, so no page is half empty.

    >>> [(page.rows, page.officers, round(page.chart_mm), page.map, page.landscape)
    ...  for page in bulletin_pages(5, 4, 0.35)]
    [((0, 5), (0, 4), 128, False, False), (None, None, 0, True, True)]
    """
    table = DOCUMENT_TABLE
    pages, room = [BulletinPage(summary=True)], BODY_MM - SUMMARY_MM
    for part, count in (("rows", row_count), ("officers", officer_count)):
        if not count:
            continue
        if table.rows_fitting(room) < 1:  # not even its first row fits under what is there
            pages.append(BulletinPage())
            room = BODY_MM
        for number, rows in enumerate(flow_rows(count, [table.rows_fitting(room)], table.rows_fitting(BODY_MM))):
            if number:
                pages.append(BulletinPage())
                room = BODY_MM
            pages[-1] = replace(pages[-1], **{part: rows})
            room -= table.height_mm(rows[1] - rows[0])
    if room < CHART_MM[0]:
        pages.append(BulletinPage())
        room = BODY_MM
    map_mm = coverage_map_mm(ratio, WIDTH_MM, BODY_MM) + GAP_MM
    if room - CHART_MM[0] >= map_mm:  # the map fits under the chart
        pages[-1] = replace(pages[-1], chart_mm=min(CHART_MM[1], room - map_mm), map=True)
        return pages
    pages[-1] = replace(pages[-1], chart_mm=min(CHART_MM[1], room))
    return [*pages, BulletinPage(map=True, landscape=map_turned(ratio))]


def month_words(month: str) -> str:
    """``2026-11`` as 2026年11月 in Chinese, November 2026 in English."""
    year, number = (int(part) for part in month.split("-"))
    return f"{year}年{number}月" if current_language() == CHINESE else f"{ENGLISH_MONTHS[number - 1]} {year}"


def grade_initials() -> str:
    """绿/黄/橙/红 or G/Y/O/R: the order of the counts in a grade column."""
    return "/".join(term(grade)[0] for grade in Grade)


def ranking_columns() -> list[Column]:
    translate = QCoreApplication.translate
    grades = grade_initials()
    return [
        Column(translate("Bulletin", "Rank"), 0.55),
        Column(translate("Bulletin", "Grid"), 0.95, numeric=False),
        Column(translate("Bulletin", "Name"), 1.4, numeric=False),
        Column(translate("Bulletin", "Officer"), 0.95, numeric=False),
        Column(translate("Bulletin", "Househ."), 0.7),
        Column(translate("Bulletin", "Visits"), 0.65),
        Column(translate("Bulletin", "Visited"), 0.7),
        Column(translate("Bulletin", "Coverage"), 0.8),
        Column(translate("Bulletin", "New\n{grades}").format(grades=grades), 1.25),
        Column(translate("Bulletin", "Resolved\n{grades}").format(grades=grades), 1.3),
        Column(translate("Bulletin", "Open\n{grades}").format(grades=grades), 1.3),
        Column(translate("Bulletin", "Follow-ups\noverdue"), 0.95),
        Column(translate("Bulletin", "Key persons\noverdue"), 0.95),
        Column(translate("Bulletin", "Task list\ndone"), 0.8),
        Column(translate("Bulletin", "Checked\n(failed)"), 0.85),
    ]


def officer_columns() -> list[Column]:
    """The officer ranking: the grid columns with the officer and his grids in place of the grid's."""
    columns = ranking_columns()
    translate = QCoreApplication.translate
    return [columns[0], columns[3], Column(translate("Bulletin", "Grids"), 1.5, numeric=False), *columns[4:]]


def officer_rows(report: MonthlyReport) -> list[list[str]]:
    return [[str(rank), entry.officer, "、".join(entry.grid_codes), *_figure_cells(entry.figures)]
            for rank, entry in enumerate(rank_officers(report), start=1)]  # fmt: skip


def ranking_rows(report: MonthlyReport) -> list[list[str]]:
    """The table's text: ranked grids, then the station."""
    rows = [[str(rank), grid.code, grid.name, grid.officer, *_figure_cells(grid.figures)]
            for rank, grid in enumerate(rank_grids(report), start=1)]  # fmt: skip
    total = QCoreApplication.translate("Bulletin", "Total")
    return [*rows, ["", total, report.station_name, "", *_figure_cells(report.station)]]


def _figure_cells(figures: Figures) -> list[str]:
    return [
        f"{figures.households:,}", f"{figures.visits:,}", f"{figures.households_visited:,}",
        f"{figures.coverage:.1%}", *("/".join(map(str, getattr(figures, name).values())) for name in
                                    ("disputes_reported", "disputes_resolved", "disputes_open")),
        f"{figures.followups_overdue:,}", f"{figures.key_persons_overdue:,}", _progress_cell(figures),
        f"{figures.spot_checked:,} ({figures.spot_checks[SpotCheckResult.NOT_CONFIRMED.value]:,})",
    ]  # fmt: skip


def _progress_cell(figures: Figures) -> str:
    """Progress against the task list as a percentage; a dash for a grid without one."""
    progress = figures.target_progress
    return "—" if progress is None else f"{progress:.0%}"


def station_summary(report: MonthlyReport) -> list[str]:
    """The station's month in three lines of words, above the table."""
    station = report.station
    checks = station.spot_checks
    translate = QCoreApplication.translate
    return [
        translate("Bulletin", "{households:,} households, {visits:,} visits, {visited:,} households visited "
                              "({coverage:.1%}).").format(households=station.households, visits=station.visits,
                                                          visited=station.households_visited,
                                                          coverage=station.coverage),
        translate("Bulletin", "Disputes: {new} new, {resolved} resolved, {open} open at month end ({hard} orange or "
                              "red). Overdue: follow-up visits {followups}, key persons {key}.").format(
            new=sum(station.disputes_reported.values()), resolved=sum(station.disputes_resolved.values()),
            open=sum(station.disputes_open.values()), hard=hard_disputes_open(station),
            followups=station.followups_overdue, key=station.key_persons_overdue),
        translate("Bulletin", "Spot checks: {checked} visits called back, {confirmed} confirmed, {failed} not "
                              "confirmed, {unreachable} unreachable. Task lists: {done} of {target} households "
                              "({progress}).").format(
            checked=station.spot_checked, confirmed=checks[SpotCheckResult.CONFIRMED.value],
            failed=checks[SpotCheckResult.NOT_CONFIRMED.value], unreachable=checks[SpotCheckResult.UNREACHABLE.value],
            done=station.target_households_visited, target=station.visit_target, progress=_progress_cell(station)),
    ]  # fmt: skip


@dataclass(frozen=True)
class BulletinContent:
    """Everything the pages draw, gathered before painting starts."""

    report: MonthlyReport
    ranked: tuple[GridFigures, ...]
    data: ReviewData
    map_content: MapContent
    printed: str

    @property
    def pages(self) -> list[BulletinPage]:
        """The pages this bulletin takes."""
        officers = len(rank_officers(self.report))
        return bulletin_pages(len(self.report.grids) + 1, officers, station_ratio(self.data))


def paint_page(painter: QPainter, dpi: int, content: BulletinContent, pages: list[BulletinPage], number: int) -> None:
    """Page ``number`` (from 1) of ``pages``."""
    report, page = content.report, pages[number - 1]
    drawer = PagePainter(painter, dpi, page.page_format.size_mm)
    translate = QCoreApplication.translate
    title = translate("Bulletin", "{station} community policing bulletin, {month}").format(
        station=report.station_name, month=month_words(report.month)
    )
    subtitle = translate("Bulletin", "Month {month} (Beijing time) · ranked by visit coverage, then fewer open orange "
                                     "and red disputes · printed {date}").format(month=report.month,
                                                                                date=content.printed)  # fmt: skip
    label = translate("Bulletin", "page {number} of {count}").format(number=number, count=len(pages))
    drawer.frame(title, subtitle, label, translate("Bulletin", "Counts only: this bulletin names no resident"))
    width, height = body_mm(page.page_format)
    y = TOP_MM
    if page.summary:
        for line_number, line in enumerate(station_summary(report)):
            drawer.text(MARGIN_MM, y + 4 + 5.5 * line_number, line, 8.5)
        y += SUMMARY_MM
    if page.rows is not None:
        heading = translate("Bulletin", "Grid ranking") if page.rows[0] == 0 else translate(
            "Bulletin", "Grid ranking, continued")  # fmt: skip
        drawer.text(MARGIN_MM, y + 5, heading, 10, bold=True)
        rows = ranking_rows(report)
        start, end = page.rows
        y = drawer.table(MARGIN_MM, y + TABLE_HEADING_MM, width, ranking_columns(), rows[start:end],
                         bold_last=end == len(rows)) + GAP_MM  # fmt: skip
    if page.officers is not None:
        start, end = page.officers
        heading = translate("Bulletin", "Officer ranking (all his grids together)")
        drawer.text(MARGIN_MM, y + 5, heading if start == 0 else translate("Bulletin", "{heading}, continued").format(
            heading=heading), 10, bold=True)  # fmt: skip
        y = drawer.table(MARGIN_MM, y + TABLE_HEADING_MM, width, officer_columns(),
                         officer_rows(report)[start:end]) + GAP_MM  # fmt: skip
    if page.chart_mm:
        draw_dispute_chart(drawer, content.ranked, MARGIN_MM, y, width, page.chart_mm)
        y += page.chart_mm + GAP_MM
    if page.map:
        coverage = {grid.code: grid.figures.coverage for grid in report.grids}
        map_height = coverage_map_mm(station_ratio(content.data), width, TOP_MM + height - y)
        draw_coverage_map(drawer, content.data, content.map_content, coverage, (MARGIN_MM, y, width, map_height))


def gather_content(store: ProjectStore, report: MonthlyReport, feedback: Feedback,
                   as_of: datetime | None = None) -> BulletinContent:  # fmt: skip
    """Read the map data (grids, roads, landmarks) and rank the grids; ``as_of`` is the print date."""
    data = load_review(store, as_of, feedback)
    printed = data.as_of.tz_convert(STATION_TIMEZONE).date().isoformat()
    return BulletinContent(report, rank_grids(report), data, build_map_content(data, select(data, ReviewFilter())),
                           printed)  # fmt: skip


def page_image(content: BulletinContent, number: int = 1, dpi: int = 100) -> QImage:
    """One page as an image, for previews and tests."""
    pages = content.pages
    return page_as_image(pages[number - 1].page_format, dpi,
                         lambda painter: paint_page(painter, dpi, content, pages, number))  # fmt: skip


def write_bulletin_pdf(store: ProjectStore, report: MonthlyReport, out: str | Path, dpi: int = 150,
                       feedback: Feedback | None = None, as_of: datetime | None = None) -> int:  # fmt: skip
    """Print ``report`` as the bulletin PDF at ``out``; returns the number of pages."""
    feedback = feedback or Feedback()
    out = pdf_destination(out)
    content = gather_content(store, report, feedback.step(0, 40), as_of)
    pages = content.pages
    title = QCoreApplication.translate("Bulletin", "Monthly bulletin {month}").format(month=report.month)
    write_pdf(out, title, [page.page_format for page in pages], dpi,
              lambda painter, number: paint_page(painter, dpi, content, pages, number), feedback,
              progress_from=40)  # fmt: skip
    return len(pages)
