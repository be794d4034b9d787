"""``wangge route``: plan an officer's day (or week) of visits along the roads, print it, export it for a phone.

STOPS is a CSV of points (``id,x,y`` in metres or ``id,lon,lat``) or a project:
then the stops are the households the station's rules name as of a moment
(:func:`layers.routing.targets.find_targets`), the start is the project's police
office and the roads its ``roads`` layer. The plan comes from
:func:`layers.routing.plan.plan_day` (or ``plan_week`` with ``--days``), the
functions the desktop's route dialog calls; this module parses, prints and
writes. ``--json`` prints ``{"order", "length_m", "legs", ...}``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from layers.errors import QT_TRANSLATE_NOOP
from layers.routing.errors import NoPoliceOfficeError, StraightLineNotice
from wangge.arguments import moment, positive_number, whole_number
from wangge.console import ConsoleFeedback
from wangge.i18n import term, tr, translate

if TYPE_CHECKING:
    from layers.feedback import Feedback
    from layers.routing.plan import RoutePlan, WeekPlan
    from layers.routing.stop import Stop
    from layers.store import ProjectStore

POINT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


class NoStartGivenError(NoPoliceOfficeError):
    """No police office to start from, and no ``--start``: the option is this command's way round it."""

    template = QT_TRANSLATE_NOOP(
        "NoStartGivenError",
        "{location}: no police office landmark to start from; add one (kind police_office) or give --start with a landmark id or LON,LAT",  # noqa: E501 - one line, as lupdate extracts it
    )


class NoRoadsGivenNotice(StraightLineNotice):
    """No road network in the project, and no ``--roads``: the option is this command's way to a route by road."""

    template = QT_TRANSLATE_NOOP(
        "NoRoadsGivenNotice",
        "no road network: distances are straight lines, so the real way is longer; give the roads with --roads FILE for a route along them",  # noqa: E501 - one line, as lupdate extracts it
    )


def add_route_command(commands: argparse._SubParsersAction) -> None:
    """Add ``route`` to the ``wangge`` parser."""
    command = commands.add_parser(
        "route",
        help=tr("plan the day's route to the households that matter most, along the roads"),
        description=tr(
            "Plan a route from a start (the police office) through the stops and back, along the roads: the "
            "shortest order, and when a day's budget cannot hold every stop, the weightiest ones. STOPS is a CSV "
            "with columns id,x,y (metres, UTM zone 48N) or id,lon,lat, optionally label and priority; or a "
            "project, whose households the station's rules choose: open red and orange disputes, dispute "
            "follow-ups overdue or due, key persons overdue, households never visited. Without roads the "
            "distances are straight lines, and the plan says so."
        ),
    )
    command.add_argument("stops", metavar="STOPS", help=tr("a CSV of stops, or a project file (.gpkg) or database URL"))
    command.add_argument(
        "--start",
        metavar="ID",
        help=tr("where the day starts: a stop id, a landmark id of the project, or LON,LAT (default: the first "
                "stop of the file, the project's police office)"),
    )  # fmt: skip
    command.add_argument("--end", metavar="ID", help=tr("where the day ends, as --start (default: back at the start)"))
    command.add_argument(
        "--roads", type=Path, metavar="FILE", help=tr("a road file: GeoPackage, GeoJSON, Shapefile or OSM .osm.pbf")
    )
    command.add_argument(
        "--speed-kmh", type=positive_number, metavar="V",
        help=tr("travel speed in km/h (default 25, driving; about 4.5 on foot)"),
    )  # fmt: skip
    command.add_argument(
        "--budget-h",
        type=positive_number,
        metavar="H",
        help=tr("hours in the day, travel and visits (default: the station's working day, 8 unless it set another)"),
    )
    command.add_argument("--service-min", type=float, metavar="M", help=tr("minutes spent at each stop (default 15)"))
    command.add_argument(
        "--days",
        type=whole_number,
        default=1,
        metavar="N",
        help=tr("spread the stops over N days from the same start"),
    )
    command.add_argument("--crs", metavar="CRS", help=tr("coordinate system of x,y in the CSV (default EPSG:32648)"))
    command.add_argument(
        "--as-of", type=moment, metavar="YYYY-MM-DD", help=tr("judge the rules as of this day (default now)")
    )
    command.add_argument("--officer", metavar="NAME", help=tr("only the households of this officer's grids"))
    command.add_argument("--grid", action="append", default=[], metavar="CODE", help=tr("only this grid (repeatable)"))
    command.add_argument(
        "--rules-file", type=Path, metavar="JSON",
        help=tr('weights of the rules, e.g. {"dispute_red": 120, "never_visited": 0}'),
    )  # fmt: skip
    command.add_argument("--show-personal", action="store_true", help=tr("label households with the head's full name"))
    command.add_argument("--gpx", type=Path, metavar="FILE", help=tr("also write the route as GPX for a phone"))
    command.add_argument(
        "--sheet", type=Path, metavar="FILE.pdf",
        help=tr("also print the route sheet (map and stops to tick off) as PDF; STOPS must be a project"),
    )  # fmt: skip
    command.add_argument("--json", action="store_true", help=tr("print machine-readable JSON"))
    command.add_argument("--quiet", action="store_true", help=tr("print no progress"))


def run_route(arguments: argparse.Namespace) -> int:
    from layers.routing.plan import WORKING_DAY_H, RouteSettings, plan_week, working_day_h
    from layers.routing.roads import read_road_file
    from layers.store import is_database_url, open_project

    from_project = is_database_url(arguments.stops) or arguments.stops.lower().endswith(".gpkg")
    budget_h = arguments.budget_h
    if budget_h is None and from_project:
        with open_project(arguments.stops) as store:
            budget_h = working_day_h(store.settings())
    defaults = RouteSettings()
    settings = RouteSettings(
        speed_kmh=arguments.speed_kmh or defaults.speed_kmh,
        service_min=defaults.service_min if arguments.service_min is None else max(0.0, arguments.service_min),
        budget_h=WORKING_DAY_H if budget_h is None else budget_h,
    )
    _check_gpx_destination(arguments)
    _check_sheet_destination(arguments, from_project)
    feedback = ConsoleFeedback(arguments.quiet or arguments.json)
    network = read_road_file(arguments.roads, feedback.step(0, 20), settings.on_foot) if arguments.roads else None
    if from_project:
        stops, start, end, network = _from_project(arguments, network, feedback)
    else:
        stops, start, end = _from_file(arguments)
    planned_by = 70 if arguments.sheet else 100
    week = plan_week(stops, [start] * arguments.days, network, [end] * arguments.days, settings,
                     feedback.step(30, planned_by))  # fmt: skip
    for notice in week.routes[0].notices:
        if isinstance(notice, StraightLineNotice):
            notice = NoRoadsGivenNotice(**notice.params)
        print(f"wangge: {notice.translated(translate)}", file=sys.stderr)
    if arguments.gpx:
        _write_gpx(week, arguments.gpx)
    if arguments.sheet:
        _write_sheet(arguments, week, feedback.step(planned_by, 100))
    if arguments.json:
        document = week.routes[0].to_json() if arguments.days == 1 else week.to_json()
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        for day, plan in enumerate(week.routes, start=1):
            if arguments.days > 1:
                print(tr("day {day}").format(day=day))
            print(_sheet(plan))
    return 0


def _from_file(arguments: argparse.Namespace) -> tuple[list[Stop], Stop, Stop]:
    from layers.crs import coordinate_system
    from layers.routing.stops_file import read_stops_file

    coordinates = coordinate_system(arguments.crs) if arguments.crs else None
    stops = list(read_stops_file(arguments.stops, coordinates))
    if not stops:
        from layers.routing.errors import NoStopsError

        raise NoStopsError(reason=QT_TRANSLATE_NOOP("reason", "{path} lists none"), path=arguments.stops)
    start = _place(arguments.start, stops, None) if arguments.start else stops[0]
    end = _place(arguments.end, stops, None) if arguments.end else start
    return stops, start, end


def _from_project(arguments: argparse.Namespace, network, feedback: ConsoleFeedback):
    """The rules' targets, the police office (or the start asked for) and the project's roads unless a file is given."""
    from layers.routing.errors import NoStopsError
    from layers.routing.roads import project_roads
    from layers.routing.targets import TargetRules, find_targets, police_office
    from layers.store import open_project

    rules = TargetRules.from_file(arguments.rules_file) if arguments.rules_file else TargetRules()
    with open_project(arguments.stops) as store:
        found = find_targets(store, rules, arguments.as_of, arguments.officer, arguments.grid,
                             arguments.show_personal, feedback.step(20, 28))  # fmt: skip
        stops = list(found.targets)
        if not stops:
            raise NoStopsError(
                reason=QT_TRANSLATE_NOOP("reason", "no household of {location} matches the rules as of that day"),
                location=store.location,
            )
        if arguments.start:
            start = _place(arguments.start, stops, store)
        else:
            try:
                start = police_office(store, arguments.officer, arguments.grid)
            except NoPoliceOfficeError as error:
                raise NoStartGivenError(**error.params) from None
        end = _place(arguments.end, stops, store) if arguments.end else start
        if network is None:
            network = project_roads(store, feedback.step(28, 30))
    return stops, start, end, network


def _place(text: str, stops: list[Stop], store: ProjectStore | None) -> Stop:
    """A stop of the list, a landmark of the project, or a point written LON,LAT."""
    from layers.routing.errors import UnknownStopError
    from layers.routing.stop import Stop

    for stop in stops:
        if stop.id == text:
            return stop
    if store is not None:
        landmarks = store.read("landmarks", columns=["id", "name"])
        match = landmarks[landmarks["id"] == text]
        if len(match) and match.geometry.iloc[0] is not None:
            point = match.geometry.iloc[0]
            return Stop.at_lonlat(text, point.x, point.y, label=str(match["name"].iloc[0]))
    point = POINT.match(text)
    if point and abs(float(point.group(1))) <= 180 and abs(float(point.group(2))) <= 90:
        return Stop.at_lonlat(text, float(point.group(1)), float(point.group(2)))
    raise UnknownStopError(stop=text)


def _check_gpx_destination(arguments: argparse.Namespace) -> None:
    """A GPX file in a folder that does not exist is refused before any work."""
    from layers.errors import ExportFailedError

    if arguments.gpx is not None and not arguments.gpx.parent.is_dir():
        raise ExportFailedError(
            path=str(arguments.gpx), reason=QT_TRANSLATE_NOOP("reason", "the folder does not exist")
        )


def _check_sheet_destination(arguments: argparse.Namespace, from_project: bool) -> None:
    """A sheet needs the project's map and a PDF name in a folder that exists: refused before any work."""
    from layers.errors import PrintError

    sheet: Path | None = arguments.sheet
    if sheet is None:
        return
    if not from_project:
        raise PrintError(
            path=str(sheet),
            reason=QT_TRANSLATE_NOOP("reason", "a route sheet needs a project for its map; STOPS is a file of points"),
        )
    if sheet.suffix.lower() != ".pdf":
        raise PrintError(path=str(sheet), reason=QT_TRANSLATE_NOOP("reason", "the file must end in .pdf"))
    if not sheet.parent.is_dir():
        raise PrintError(path=str(sheet), reason=QT_TRANSLATE_NOOP("reason", "the folder does not exist"))


def _write_sheet(arguments: argparse.Namespace, week: WeekPlan, feedback: Feedback) -> None:
    """The route sheet, titled with the officer (or the station) and the day the rules were judged for."""
    from layers.store import open_project
    from layers.values import STATION_TIMEZONE
    from maps.print.route_sheet import route_title, write_route_sheet
    from maps.qt_runtime import ensure_gui_application
    from wangge.i18n import translate_drawings
    from wangge.print_command import unreadable_sheets_notice

    translate_drawings(ensure_gui_application())
    day = (arguments.as_of or datetime.now(STATION_TIMEZONE)).astimezone(STATION_TIMEZONE).date()
    with open_project(arguments.stops) as store:
        who = arguments.officer or store.settings().get("station", "")
        printed = write_route_sheet(store, week, arguments.sheet, arguments.show_personal, feedback,
                                    route_title(who, day))  # fmt: skip
    print(tr("wrote {path}").format(path=arguments.sheet), file=sys.stderr)
    if not printed.readable:
        print(unreadable_sheets_notice(), file=sys.stderr)


def _write_gpx(week: WeekPlan, path: Path) -> None:
    """One GPX file per day: ``route.gpx`` for one day, ``route-1.gpx``, ``route-2.gpx``... for several."""
    from layers.routing.gpx import write_gpx

    for day, plan in enumerate(week.routes, start=1):
        target = path if len(week.routes) == 1 else path.with_name(f"{path.stem}-{day}{path.suffix}")
        write_gpx(plan, target)
        print(tr("wrote {path}").format(path=target), file=sys.stderr)


def _clock(minutes: float) -> str:
    """Hours and minutes after leaving the start."""
    whole = int(round(minutes))
    return f"{whole // 60}:{whole % 60:02d}"


def _sheet(plan: RoutePlan) -> str:
    """The plan as a numbered list an officer can read at a glance."""
    from layers.routing.targets import TargetReason

    lines = [
        tr("from {start}: {count} stops, {km:.1f} km, {hours:.1f} h ({travel} on the road)").format(
            start=plan.start.name, count=len(plan.stops), km=plan.length_m / 1000, hours=plan.minutes / 60,
            travel=_clock(plan.travel_min),
        )
    ]  # fmt: skip
    for planned in plan.stops:
        reasons = tr(", ").join(term(TargetReason(reason)) for reason in planned.stop.reasons)
        lines.append(f"{planned.number:>3}  {_clock(planned.arrival_min):>6}  {planned.stop.name}  {reasons}".rstrip())
    lines.append(tr("back at {end} after {time}").format(end=plan.end.name, time=_clock(plan.minutes)))
    if plan.dropped:
        left_out = tr(", ").join(
            tr("{stop} ({reason})").format(stop=dropped.stop.name, reason=term(dropped.reason))
            for dropped in plan.dropped
        )
        lines.append(tr("left out: {stops}").format(stops=left_out))
    return "\n".join(lines)
