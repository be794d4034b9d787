"""The printed route sheet (走访路线单): the day's route on a map and the stops to tick off, on A4.

The officer takes it into the villages: a summary of the day (length, time on
the road, stops, when he leaves and is back), what he should know about the
plan (straight lines, roads in pieces, stops left out and why), a map of the
route area with the route drawn as on the canvas (:func:`maps.route_drawing.draw_route`)
over the project's grids, roads, landmarks and households, and the table of
stops in visiting order with the planned arrival and an empty box to tick.
A week's plan prints one section (map and table) per day or officer, each from
a new page; a long table flows on to further pages.

The pages are drawn with the page kit every document shares (:mod:`maps.print.page`),
the map in the frame every printed map has (:mod:`maps.print.map_frame`), and
written by :func:`maps.print.pdf.write_pdf`. Heads of household are read from the project and masked
(:mod:`layers.privacy`) unless full details are asked for; the footer says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QColor, QPainter, QPen

from layers.feedback import Feedback
from layers.printed_sheets import SheetEntry, register_sheets
from layers.privacy import mask_name
from layers.review import ReviewFilter, load_review, select
from layers.routing.plan import DroppedStop, RoutePlan, WeekPlan
from layers.routing.stop import Stop
from layers.routing.targets import TargetReason
from layers.store import ProjectStore
from layers.values import station_today
from maps.map_content import MapContent, build_map_content
from maps.map_settings import LayerView
from maps.print.map_frame import MapFrame, MapMarks, draw_map_frame
from maps.print.page import (
    A4_MM,
    A4_PORTRAIT,
    DOCUMENT_FRAME,
    DOCUMENT_TABLE,
    GAP_MM,
    HEADER_MM,
    INK,
    MARGIN_MM,
    ROW_MM,
    TABLE_HEADING_MM,
    Column,
    PagePainter,
    residents_notice,
)
from maps.print.pagination import flow_rows
from maps.print.pdf import pdf_destination, write_pdf
from maps.print.sheet_register import REGISTER_DPI, PrintedDocument, SheetPrint
from maps.route_drawing import (
    draw_arrows,
    draw_route,
    draw_start_mark,
    draw_stop_marks,
    route_extent,
    transform_mapping,
)
from maps.symbology import HouseholdStyle
from maps.words import CHINESE, current_language, term

translate = QCoreApplication.translate  # the name Qt's lupdate looks for

TOP_MM = DOCUMENT_FRAME.body_top_mm
BOTTOM_MM = DOCUMENT_FRAME.body_bottom_mm(A4_MM[1])
WIDTH_MM = A4_MM[0] - 2 * MARGIN_MM
HEADING_MM = 7.0
NOTICE_LINE_MM = 4.2
NOTICE_GAP_MM = 1.5
"""Between the last notice line and the map frame, so the list of stops left out does not touch it."""
NOTICE_POINTS = 7.5
NOTICE_COLOUR = "#8a4b00"
NOTICE_LINES_PER_GROUP = 2
MAP_MM = (70.0, 118.0)
"""The map frame's height: as tall as the route area is, within these bounds."""
CORNER_MM = 13.0
"""Room above and below the route for the north arrow and the scale bar, so they cover no stop."""
LEGEND_MM = 7.0
BOX_MM = 3.2
ROUTE_MAP_LAYERS = (
    LayerView("grids"),
    LayerView("roads"),
    LayerView("landmarks"),
    LayerView("households", style=HouseholdStyle.PLAIN.value),  # grey: the route's marks carry the colour
)
ROUTE_MAP_MARKS = MapMarks(under_overlay=True)
"""The scale bar and north arrow under the route: a stop in a corner must stay readable."""
HOUSEHOLD_COLUMNS = ["id", "house_no", "head_name"]


@dataclass(frozen=True)
class RouteSection:
    """One route of the sheet, ready to paint: its words, table rows and map height."""

    plan: RoutePlan
    heading: str
    summary: str
    notices: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    map_mm: float

    @property
    def map_top_mm(self) -> float:
        notices = len(self.notices) * NOTICE_LINE_MM + (NOTICE_GAP_MM if self.notices else 0.0)
        return TOP_MM + (HEADING_MM if self.heading else 0.0) + notices

    @property
    def table_top_mm(self) -> float:
        return self.map_top_mm + self.map_mm + LEGEND_MM + GAP_MM


@dataclass(frozen=True)
class SheetPage:
    """One page: a section, the slice of its rows, and whether it opens the section (with the map)."""

    section: int
    rows: tuple[int, int]
    first: bool


# -- words ---------------------------------------------------------------------------


def route_title(who: str, day: date) -> str:
    """``{officer or station} 走访路线 {date}``: the sheet's title."""
    return translate("RouteSheet", "{who} visit route {day}").format(who=who, day=day.isoformat())


def clock(plan: RoutePlan, minutes: float) -> str:
    """The time of day ``minutes`` after the route leaves its start (``RouteSettings.start_time``)."""
    leaves = datetime.combine(date(2000, 1, 1), plan.settings.start_time)
    return (leaves + timedelta(minutes=round(minutes))).strftime("%H:%M")


def duration(minutes: float) -> str:
    whole = int(round(minutes))
    if whole < 60:
        return translate("RouteSheet", "{minutes} min").format(minutes=whole)
    return translate("RouteSheet", "{hours} h {minutes:02d} min").format(hours=whole // 60, minutes=whole % 60)


def distance(metres: float) -> str:
    """Metres up to a kilometre, then kilometres to a tenth: how far to the next stop."""
    if metres < 1000:
        return translate("RouteSheet", "{metres} m").format(metres=round(metres))
    return translate("RouteSheet", "{km:.1f} km").format(km=metres / 1000)


def reason_words(reasons: tuple[str, ...]) -> str:
    """The stop's reasons as words in the current language, the weightiest first."""
    separator = "、" if current_language() == CHINESE else ", "
    known = {reason.value: reason for reason in TargetReason}
    return separator.join(term(known[code]) if code in known else code for code in reasons)


def summary(plan: RoutePlan) -> str:
    """The day in one line: length, time on the road, stops, start, speed, time at a stop, the day's budget."""
    settings = plan.settings
    budget = (
        translate("RouteSheet", "no time limit")
        if settings.budget_h is None
        else translate("RouteSheet", "a day of {hours:g} h").format(hours=settings.budget_h)
    )
    return translate(
        "RouteSheet",
        "{km:.1f} km, {travel} on the road, {count} stops · from {start}, leaving {leaves}, back about {back} · "
        "{speed:g} km/h, {service:g} min a stop, {budget}",
    ).format(
        km=plan.length_m / 1000, travel=duration(plan.travel_min), count=len(plan.stops), start=plan.start.name,
        leaves=clock(plan, 0), back=clock(plan, plan.minutes), speed=settings.speed_kmh,
        service=settings.service_min, budget=budget,
    )  # fmt: skip


def section_headings(week: WeekPlan) -> list[str]:
    """ "Day 2 of 5" when the routes share a start (days of a week), "Route 2 of 3, from ..." when not (officers)."""
    count = len(week.routes)
    if count == 1:
        return [""]
    days = len({route.start.id for route in week.routes}) == 1
    return [
        translate("RouteSheet", "Day {number} of {count}").format(number=number, count=count)
        if days
        else translate("RouteSheet", "Route {number} of {count}, from {start}").format(
            number=number, count=count, start=route.start.name
        )
        for number, route in enumerate(week.routes, start=1)
    ]


# -- the table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Households:
    """House numbers and heads of the project's households by id, heads masked unless asked otherwise."""

    house_no: dict[str, str]
    head: dict[str, str]

    @classmethod
    def read(cls, store: ProjectStore, show_personal: bool) -> Households:
        frame = store.read("households", columns=HOUSEHOLD_COLUMNS)
        ids = frame["id"].astype(str)
        heads = frame["head_name"].fillna("").astype(str)
        return cls(
            dict(zip(ids, frame["house_no"].fillna("").astype(str))),
            dict(zip(ids, heads if show_personal else heads.map(mask_name))),
        )

    def house(self, stop: Stop) -> str:
        """The house number; a stop that is no household (a dispute's own place) by its label."""
        if stop.household_id in self.house_no:
            return self.house_no[stop.household_id]
        return stop.label or "—"

    def head_of(self, stop: Stop) -> str:
        return self.head.get(stop.household_id or "", "")


def table_columns() -> list[Column]:
    return [
        Column(translate("RouteSheet", "Stop"), 0.45),
        Column(translate("RouteSheet", "House no."), 0.8, numeric=False),
        Column(translate("RouteSheet", "Head of household"), 1.1, numeric=False),
        Column(translate("RouteSheet", "Why visit"), 2.5, numeric=False),
        Column(translate("RouteSheet", "Arrival"), 0.75),
        Column(translate("RouteSheet", "From previous"), 0.95),
        Column(translate("RouteSheet", "Visited √"), 0.7, numeric=False),
    ]


def table_rows(plan: RoutePlan, households: Households) -> tuple[tuple[str, ...], ...]:
    """A row per stop in visiting order, then the way back (or on to the end)."""
    rows = [
        (str(planned.number), households.house(planned.stop), households.head_of(planned.stop),
         reason_words(planned.stop.reasons), clock(plan, planned.arrival_min), distance(leg.length_m), "")
        for planned, leg in zip(plan.stops, plan.legs)
    ]  # fmt: skip
    if len(plan.legs) > len(plan.stops):
        arrival = plan.minutes
        words = translate("RouteSheet", "back at the start") if plan.closed else translate("RouteSheet", "end")
        rows.append(("", plan.end.name, "", words, clock(plan, arrival), distance(plan.legs[-1].length_m), ""))
    return tuple(rows)


# -- notices ---------------------------------------------------------------------------

WORD = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|\s+")
"""A wrapping unit: one Chinese character, or a word of other text with the spaces after it."""


def wrap(measure: PagePainter, text: str, points: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` mm, broken between words or Chinese characters."""
    lines, line = [], ""
    for word in WORD.findall(text):
        if line and measure.text_width((line + word).rstrip(), points) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
    return [*lines, line.rstrip()] if line.strip() else lines


def left_out_lines(measure: PagePainter, dropped: tuple[DroppedStop, ...], households: Households) -> list[str]:
    """Stops left out, a group per reason, each in at most two lines: the reason, how many, which houses."""
    lines: list[str] = []
    for reason in dict.fromkeys(item.reason for item in dropped):
        group = [item for item in dropped if item.reason is reason]
        names = [households.house(item.stop) + (f" ({distance(item.distance_m)})" if item.distance_m else "")
                 for item in group]  # fmt: skip
        head = translate("RouteSheet", "Left out ({reason}), {count}:").format(reason=term(reason), count=len(group))
        shown = len(names)
        while True:
            rest = len(names) - shown
            more = [translate("RouteSheet", "and {count} more").format(count=rest)] if rest else []
            wrapped = wrap(measure, " ".join([head, *names[:shown], *more]), NOTICE_POINTS, WIDTH_MM)
            if len(wrapped) <= NOTICE_LINES_PER_GROUP or shown == 0:
                break
            shown = max(0, shown - max(1, len(names) // 20))
        lines += wrapped[:NOTICE_LINES_PER_GROUP]
    return lines


def notice_lines(
    measure: PagePainter, plan: RoutePlan, dropped: tuple[DroppedStop, ...], households: Households
) -> tuple[str, ...]:
    """What the officer should read before he sets out, wrapped to the page."""
    lines = [line for notice in plan.notices for line in
             wrap(measure, "※ " + notice.translated(translate), NOTICE_POINTS, WIDTH_MM)]  # fmt: skip
    return tuple(lines + left_out_lines(measure, dropped, households))


def sheet_extent(plan: RoutePlan) -> tuple[float, float, float, float]:
    """The route's extent with room at the top and bottom for the frame's north arrow and scale bar."""
    minx, miny, maxx, maxy = route_extent(plan)
    room = CORNER_MM * max((maxx - minx) / WIDTH_MM, (maxy - miny) / MAP_MM[1])
    return (minx, miny - room, maxx, maxy + room)


def map_height(plan: RoutePlan) -> float:
    minx, miny, maxx, maxy = sheet_extent(plan)
    return float(np.clip(WIDTH_MM * (maxy - miny) / (maxx - minx), *MAP_MM))


# -- pages -----------------------------------------------------------------------------


def route_sheet_pages(sections: list[RouteSection]) -> list[SheetPage]:
    """Each section from a new page, its map first and its table flowing on to further pages.

    A section's first page comes even when its map leaves no room for a row.
    """
    table = DOCUMENT_TABLE
    pages: list[SheetPage] = []
    for index, section in enumerate(sections):
        beside_map = max(0, table.rows_fitting(BOTTOM_MM - section.table_top_mm))
        per_page = table.rows_fitting(BOTTOM_MM - (TOP_MM + (HEADING_MM if section.heading else 0.0)))
        for number, rows in enumerate(flow_rows(len(section.rows), [beside_map], per_page)):
            pages.append(SheetPage(index, rows, first=number == 0))
    return pages


@dataclass(frozen=True)
class SheetContent:
    """Everything the pages draw, gathered before painting starts."""

    title: str
    sections: tuple[RouteSection, ...]
    map_content: MapContent
    show_personal: bool


def paint_page(painter: QPainter, dpi: int, content: SheetContent, pages: list[SheetPage], number: int,
               sheets: SheetPrint) -> None:  # fmt: skip
    """Page ``number`` (from 1) of ``pages``; its map carries the markers and QR code of ``sheets``."""
    page = pages[number - 1]
    section = content.sections[page.section]
    drawer = PagePainter(painter, dpi, A4_MM)
    label = translate("Bulletin", "page {number} of {count}").format(number=number, count=len(pages))
    drawer.frame(content.title, section.summary, label, residents_notice(content.show_personal))
    y = TOP_MM
    if section.heading:
        heading = section.heading if page.first else translate("RouteSheet", "{heading}, continued").format(
            heading=section.heading)  # fmt: skip
        drawer.text(MARGIN_MM, y + 5, heading, 10, bold=True)
        y += HEADING_MM
    if page.first:
        for line in section.notices:
            drawer.text(MARGIN_MM, y + 3.2, line, NOTICE_POINTS, colour=NOTICE_COLOUR)
            y += NOTICE_LINE_MM
        y += NOTICE_GAP_MM if section.notices else 0.0
        frame = _draw_map(drawer, content.map_content, section, y, sheets.code(number))
        sheets.painted(number, None, frame)
        _draw_legend(drawer, section.plan, y + section.map_mm + 1.0)
        y = section.table_top_mm
    else:
        sheets.painted(number, None, None)
    start, end = page.rows
    if end > start or page.first:
        heading = translate("RouteSheet", "Stops in visiting order")
        if start > 0:
            heading = translate("RouteSheet", "{heading}, continued").format(heading=heading)
        drawer.text(MARGIN_MM, y + 5, heading, 10, bold=True)
        table_top = y + TABLE_HEADING_MM
        drawer.table(MARGIN_MM, table_top, WIDTH_MM, table_columns(), [list(row) for row in section.rows[start:end]])
        _draw_tick_boxes(drawer, section.rows[start:end], table_top + HEADER_MM)


def _draw_map(drawer: PagePainter, map_content: MapContent, section: RouteSection, y: float,
              sheet_code: str | None) -> MapFrame:  # fmt: skip
    """The base map at paper resolution with the route over it, in the frame every printed map has."""

    def route(frame: MapFrame) -> None:
        draw_route(drawer.painter, section.plan, transform_mapping(frame.transform), drawer.px_per_mm)

    marks = replace(ROUTE_MAP_MARKS, sheet_code=sheet_code)
    return draw_map_frame(drawer, (MARGIN_MM, y, WIDTH_MM, section.map_mm), sheet_extent(section.plan),
                          ROUTE_MAP_LAYERS, map_content, marks, over=route)  # fmt: skip


def _draw_legend(drawer: PagePainter, plan: RoutePlan, y: float) -> None:
    """The route's marks explained in one line under the map."""
    mm, middle = drawer.px_per_mm, y + 3.0
    x = MARGIN_MM + 2.5
    start_words = (
        translate("RouteSheet", "start and end: {place}").format(place=plan.start.name)
        if plan.closed
        else translate("RouteSheet", "start: {place}").format(place=plan.start.name)
    )
    draw_start_mark(drawer.painter, np.array([drawer.mm(x), drawer.mm(middle)]), mm)
    drawer.text(x + 4, middle + 1.2, start_words, 7.5)
    x += 4 + drawer.text_width(start_words, 7.5) + 8
    draw_stop_marks(drawer.painter, np.array([[drawer.mm(x), drawer.mm(middle)]]), [1], mm)
    stop_words = translate("RouteSheet", "stop, numbered in visiting order")
    drawer.text(x + 4, middle + 1.2, stop_words, 7.5)
    x += 4 + drawer.text_width(stop_words, 7.5) + 6
    line = np.array([[drawer.mm(x), drawer.mm(middle)], [drawer.mm(x + 8), drawer.mm(middle)]])
    draw_arrows(drawer.painter, [line], mm, every_mm=8)
    drawer.text(x + 10, middle + 1.2, translate("RouteSheet", "direction of travel"), 7.5)


def _draw_tick_boxes(drawer: PagePainter, rows: tuple[tuple[str, ...], ...], top: float) -> None:
    """An empty box in the last column of every stop's row, to tick at the door (the bundled font has √ but no ✓)."""
    columns = table_columns()
    scale = WIDTH_MM / sum(column.share for column in columns)
    left = MARGIN_MM + sum(column.share for column in columns[:-1]) * scale
    centre = left + columns[-1].share * scale / 2
    drawer.painter.setPen(QPen(QColor(INK), drawer.mm(0.25)))
    drawer.painter.setBrush(QColor("#ffffff"))
    for index, row in enumerate(rows):
        if row[0]:  # the way back has nothing to tick
            box_top = top + index * ROW_MM + (ROW_MM - BOX_MM) / 2
            drawer.painter.drawRect(QRectF(drawer.rect(centre - BOX_MM / 2, box_top, BOX_MM, BOX_MM)))


# -- the whole sheet -------------------------------------------------------------------


def gather_content(
    store: ProjectStore,
    week: WeekPlan,
    show_personal: bool,
    title: str | None,
    dpi: int,
    feedback: Feedback,
) -> SheetContent:
    """Read the households and the base map, word the notices and fill the tables."""
    households = Households.read(store, show_personal)
    feedback.set_progress(10)
    data = load_review(store, feedback=feedback.step(10, 90))
    map_content = build_map_content(data, select(data, ReviewFilter()))
    measure = PagePainter(QPainter(), dpi, A4_MM)
    # one day's plan keeps what its budget left out on the route; a week's, on the week
    left_out = week.routes[0].dropped if len(week.routes) == 1 else week.dropped
    sections = tuple(
        RouteSection(
            plan=plan,
            heading=heading,
            summary=summary(plan),
            notices=notice_lines(measure, plan, left_out if index == 0 else (), households),
            rows=table_rows(plan, households),
            map_mm=map_height(plan),
        )
        for index, (plan, heading) in enumerate(zip(week.routes, section_headings(week)))
    )
    feedback.set_progress(100)
    if title is None:
        who = store.settings().get("station", "")
        title = route_title(who, station_today())
    return SheetContent(title, sections, map_content, show_personal)


def print_route_sheet(
    store: ProjectStore,
    plan_or_week: RoutePlan | WeekPlan,
    out: str | Path,
    show_personal: bool = False,
    feedback: Feedback | None = None,
    title: str | None = None,
    dpi: int = 150,
) -> tuple[PrintedDocument, list[SheetEntry]]:
    """Print the route sheet of a day's plan (or a section per route of a week's) at ``out``.

    ``store`` is the project the plan was made from: it gives the base map and
    the households' numbers and heads (masked unless ``show_personal``). The
    title defaults to the station's name and today's date (:func:`route_title`).
    Returns what each page shows and the register's entries of its maps, not yet
    registered: the desktop registers them on the window's own thread.
    """
    feedback = feedback or Feedback()
    out = pdf_destination(out)
    week = plan_or_week if isinstance(plan_or_week, WeekPlan) else WeekPlan((plan_or_week,), ())
    content = gather_content(store, week, show_personal, title, dpi, feedback.step(0, 40))
    pages = route_sheet_pages(list(content.sections))
    sheets = SheetPrint.of(store, "route_sheet", A4_PORTRAIT)
    write_pdf(out, content.title, [A4_PORTRAIT] * len(pages), dpi,
              lambda painter, number: paint_page(painter, dpi, content, pages, number, sheets),
              feedback.step(0, 85 if sheets.readable else 100), progress_from=40)  # fmt: skip
    entries = sheets.entries(
        lambda painter, number: paint_page(painter, REGISTER_DPI, content, pages, number, sheets),
        feedback.step(85, 100),
    )
    return PrintedDocument(out, sheets.pages(len(pages)), sheets.readable), entries


def write_route_sheet(
    store: ProjectStore,
    plan_or_week: RoutePlan | WeekPlan,
    out: str | Path,
    show_personal: bool = False,
    feedback: Feedback | None = None,
    title: str | None = None,
    dpi: int = 150,
) -> PrintedDocument:
    """:func:`print_route_sheet`, its map pages registered in ``store`` (unless it is read-only)."""
    printed, entries = print_route_sheet(store, plan_or_week, out, show_personal, feedback, title, dpi)
    if entries:
        register_sheets(store, entries)
    return printed
