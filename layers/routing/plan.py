"""A day's route, or a week's, for an officer: what the map draws, the sheet prints and the phone follows.

:func:`plan_day` takes the stops (from the station's rules, picked on the map,
or read from a file), where the day starts (the police office) and a network
(roads, or :class:`~layers.routing.network.StraightLines` when the project has
none) and returns a :class:`RoutePlan`: the stops in visiting order with their
arrival times, the legs along the roads, the stops left out and why, and
notices the officer should read (straight lines, a road network in pieces).
:func:`plan_week` spreads the stops over several routes: the days of a week
from one office, or officers each from his own.

Travel is along the roads between the points where the stops meet them; the
few metres from the road to the door are part of the time spent at the stop.
Long work takes a :class:`~layers.feedback.Feedback`, so the desktop shows
progress with Cancel and the CLI percentages.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import time

import numpy as np
import shapely
from shapely import LineString

from layers.crs import to_storage
from layers.errors import QT_TRANSLATE_NOOP
from layers.feedback import Feedback
from layers.routing.errors import (
    BudgetTooSmallError,
    DisconnectedNetworkNotice,
    NoStopsError,
    RouteError,
    RouteNotice,
    StartOffNetworkError,
    StopsOffNetworkNotice,
    StraightLineNotice,
    WorkingDayError,
)
from layers.routing.network import RoadNetwork, StraightLines, TravelMatrix, TravelNetwork
from layers.routing.solver import DayProblem, choose_routes, day_route, route_length, route_order
from layers.routing.stop import Stop
from layers.vocabulary import Vocabulary

MAX_SNAP_M = 500.0
"""A stop farther than this from every road is not on the network: its road distances would mislead."""
DRIVING_KMH = 25.0
"""Village roads in the loess hills: a police car rarely averages more."""
WALKING_KMH = 4.5
ON_FOOT_UP_TO_KMH = 7.0
"""At this speed or slower the officer is walking; faster, he rides a vehicle that keeps to roads."""
SERVICE_MIN = 15.0
"""Time at each household: knocking, talking, writing the visit down."""
DAY_STARTS = time(8, 30)
"""When an officer leaves the police office, Beijing time, unless the plan says otherwise."""
WORKING_DAY_H = 8.0
"""A day's route, travel and visits, when the station has set no other length: without one a "day" of
every household due ran to 17 hours."""
WORKING_DAY_SETTING = "working_day_hours"
"""The station's own length of a day's route, in hours (a station rule)."""
LONGEST_DAY_H = 16.0


def working_day_h(settings: Mapping[str, str]) -> float:
    """The station's working day in hours from its settings; :data:`WORKING_DAY_H` when it set none.

    A value that is no number of hours between a quarter and :data:`LONGEST_DAY_H` (edited by hand
    in another program, say) is refused naming it, rather than planning a day of it.
    """
    text = settings.get(WORKING_DAY_SETTING)
    if text is None:
        return WORKING_DAY_H
    try:
        hours = float(text)
    except ValueError:
        hours = math.nan
    if not 0.25 <= hours <= LONGEST_DAY_H:
        raise WorkingDayError(given=text, longest=LONGEST_DAY_H)
    return hours


def working_day_or_default(settings: Mapping[str, str]) -> float:
    """:func:`working_day_h`, or :data:`WORKING_DAY_H` where the setting cannot be read: for a form that shows
    the value and whose saving puts it right (the command line refuses it instead, naming it)."""
    try:
        return working_day_h(settings)
    except WorkingDayError:
        return WORKING_DAY_H


class DropReason(Vocabulary):
    """Why a stop is not on the route."""

    OVER_BUDGET = "over_budget", "当天时间不够"
    UNREACHABLE = "unreachable", "道路不通"
    OFF_NETWORK = "off_network", "离道路太远"


@dataclass(frozen=True)
class RouteSettings:
    """How the officer travels and how long his day is; ``budget_h`` ``None`` means no limit.

    ``start_time`` only turns the arrival minutes into clock times on the route sheet.
    """

    speed_kmh: float = DRIVING_KMH
    service_min: float = SERVICE_MIN
    budget_h: float | None = None
    search_seconds: float | None = None  # None: as long as the number of stops needs
    start_time: time = DAY_STARTS

    @property
    def on_foot(self) -> bool:
        """Whether the officer walks (and may take footways and paths) rather than drives."""
        return self.speed_kmh <= ON_FOOT_UP_TO_KMH

    @property
    def metres_per_second(self) -> float:
        return self.speed_kmh / 3.6


@dataclass(frozen=True)
class PlannedStop:
    """A stop on the route: its number on the sheet (1 = first after the start) and when he gets there."""

    number: int
    stop: Stop
    arrival_min: float
    snap_m: float


@dataclass(frozen=True)
class Leg:
    """The way from one stop to the next, along the roads (or straight), in metres (UTM 48N)."""

    origin: str
    destination: str
    length_m: float
    minutes: float
    path: LineString

    @property
    def path_lonlat(self) -> LineString:
        """The path in storage lon/lat, for GPX and the map."""
        return _lonlat(self.path)

    def to_json(self) -> dict:
        return {
            "from": self.origin,
            "to": self.destination,
            "length_m": round(self.length_m, 2),
            "minutes": round(self.minutes, 2),
        }


def _lonlat(line: LineString) -> LineString:
    return shapely.transform(line, lambda xy: np.column_stack(to_storage(xy[:, 0], xy[:, 1])))


@dataclass(frozen=True)
class DroppedStop:
    """A stop left out, why, and (off the network) how far it is from the nearest road."""

    stop: Stop
    reason: DropReason
    distance_m: float | None = None

    def to_json(self) -> dict:
        return {"id": self.stop.id, "reason": self.reason.value, "priority": self.stop.priority}


@dataclass(frozen=True)
class RoutePlan:
    """One route: from ``start`` through ``stops`` in order to ``end`` (the start again on a closed route)."""

    start: Stop
    end: Stop
    stops: tuple[PlannedStop, ...]
    legs: tuple[Leg, ...]
    dropped: tuple[DroppedStop, ...]
    straight_line: bool
    notices: tuple[RouteNotice, ...]
    settings: RouteSettings

    @property
    def closed(self) -> bool:
        return self.start.id == self.end.id

    @property
    def order(self) -> list[str]:
        """Stop ids in visiting order from the start; the end last when it is not the start."""
        return [self.start.id, *(planned.stop.id for planned in self.stops)] + ([] if self.closed else [self.end.id])

    @property
    def length_m(self) -> float:
        return float(sum(leg.length_m for leg in self.legs))

    @property
    def travel_min(self) -> float:
        return float(sum(leg.minutes for leg in self.legs))

    @property
    def minutes(self) -> float:
        """The whole day: travel and the time at each stop."""
        return self.travel_min + self.settings.service_min * len(self.stops)

    @property
    def path(self) -> LineString:
        """The whole route as one line in metres, for the map and the GPX track."""
        coords = [self.legs[0].path.coords[0]] if self.legs else []
        for leg in self.legs:
            coords.extend(leg.path.coords[1:] if len(leg.path.coords) > 1 else leg.path.coords)
        return LineString(coords if len(coords) > 1 else coords * 2)

    @property
    def path_lonlat(self) -> LineString:
        """The whole route in storage lon/lat."""
        return _lonlat(self.path)

    def to_json(self) -> dict:
        """The contract of ``wangge route --json``: ``order``, ``length_m`` and ``legs`` first."""
        return {
            "order": self.order,
            "length_m": round(self.length_m, 2),
            "legs": [leg.to_json() for leg in self.legs],
            "minutes": round(self.minutes, 2),
            "stops": [
                {
                    "number": planned.number,
                    "id": planned.stop.id,
                    "label": planned.stop.label,
                    "reasons": list(planned.stop.reasons),
                    "priority": planned.stop.priority,
                    "arrival_min": round(planned.arrival_min, 2),
                    "lon": round(planned.stop.lonlat[0], 7),
                    "lat": round(planned.stop.lonlat[1], 7),
                }
                for planned in self.stops
            ],
            "dropped": [dropped.to_json() for dropped in self.dropped],
            "straight_line": self.straight_line,
            "warnings": [str(notice) for notice in self.notices],
        }


@dataclass(frozen=True)
class WeekPlan:
    """Several routes sharing one list of stops, each stop on at most one; what none could take."""

    routes: tuple[RoutePlan, ...]
    dropped: tuple[DroppedStop, ...]

    def to_json(self) -> dict:
        return {
            "routes": [route.to_json() for route in self.routes],
            "dropped": [dropped.to_json() for dropped in self.dropped],
        }


# -- planning ---------------------------------------------------------------------


def plan_day(
    stops: Sequence[Stop],
    start: Stop,
    network: TravelNetwork | None = None,
    end: Stop | None = None,
    settings: RouteSettings | None = None,
    feedback: Feedback | None = None,
) -> RoutePlan:
    """The day's route from ``start`` (back to it, or on to ``end``) through the stops that fit the day.

    Without a network the distances are straight lines and the plan says so.
    Raises :class:`~layers.routing.errors.NoStopsError` for nothing to visit,
    :class:`~layers.routing.errors.StartOffNetworkError` for a start far from
    every road and :class:`~layers.routing.errors.BudgetTooSmallError` when not
    even the nearest stop fits the day.
    """
    return plan_week(stops, [start], network, [end or start], settings, feedback).routes[0]


def plan_week(
    stops: Sequence[Stop],
    starts: Sequence[Stop],
    network: TravelNetwork | None = None,
    ends: Sequence[Stop] | None = None,
    settings: RouteSettings | None = None,
    feedback: Feedback | None = None,
) -> WeekPlan:
    """One route per start, each stop on at most one: the days of a week (the office ``days`` times) or officers.

    Without a budget every reachable stop is placed and the routes are balanced
    (the longest day as short as it can be); with one, each route holds what
    its day can and the weightiest stops are kept.
    """
    settings = settings or RouteSettings()
    feedback = feedback or Feedback()
    ends = list(ends or starts)
    if len(ends) != len(starts):
        raise ValueError("one end per start")
    day = _Day.prepare(stops, starts, ends, network or StraightLines(), settings, feedback.step(0, 40))
    first_start, first_end = day.node(starts[0]), day.node(ends[0])
    day.refuse_unfitting(first_start, first_end)
    solving = feedback.step(40, 95)
    if len(starts) == 1:
        routes = [day_route(day.problem, first_start, first_end, day.candidates, settings.search_seconds, solving)]
    else:
        routes = _week_routes(day, [day.node(s) for s in starts], [day.node(e) for e in ends], solving)
    placed = {node for route in routes for node in route}
    over_budget = tuple(
        DroppedStop(day.stops[node], DropReason.OVER_BUDGET) for node in day.candidates if node not in placed
    )
    plans = tuple(
        day.route_plan(route, day.node(end), over_budget if len(starts) == 1 else ())
        for route, end in zip(routes, ends)
    )
    feedback.set_progress(100)
    return WeekPlan(plans, day.dropped + (over_budget if len(starts) > 1 else ()))


def _week_routes(day: _Day, starts: list[int], ends: list[int], feedback: Feedback) -> list[list[int]]:
    """OR-Tools spreads the stops over the routes; ``fast_tsp`` then orders each route's stops."""
    seconds = day.settings.search_seconds or max(1.0, len(day.candidates) / 50)
    everything = [starts[0], *day.candidates]
    one_tour = route_order(day.problem.metres[np.ix_(everything, everything)], 0, 0, day.settings.search_seconds)
    fair_share = day.problem.route_seconds([everything[at] for at in one_tour], closed=True) / len(starts)
    chosen = choose_routes(day.problem, starts, ends, day.candidates, seconds, balance_s=fair_share)
    feedback.set_progress(70)
    routes = []
    for route, start, end in zip(chosen, starts, ends):
        closed = start == end
        visited = route[1:] if closed else route[1:-1]
        nodes = [start] if closed else [start, end]
        nodes += visited
        local = np.asarray(nodes)
        order = route_order(day.problem.metres[np.ix_(local, local)], 0, nodes.index(end), day.settings.search_seconds)
        reordered = [int(local[at]) for at in order]
        better = min((route, reordered), key=lambda nodes: route_length(day.problem.metres, nodes, closed))
        routes.append(better)
    return routes


@dataclass
class _Day:
    """The points of a plan (starts and ends first, then the stops) with their travel matrix and what was dropped."""

    stops: list[Stop]
    travel: TravelMatrix
    problem: DayProblem
    candidates: list[int]
    dropped: tuple[DroppedStop, ...]
    notices: tuple[RouteNotice, ...]
    settings: RouteSettings

    def node(self, stop: Stop) -> int:
        return next(index for index, known in enumerate(self.stops) if known.id == stop.id)

    @classmethod
    def prepare(
        cls,
        stops: Sequence[Stop],
        starts: Sequence[Stop],
        ends: Sequence[Stop],
        network: TravelNetwork,
        settings: RouteSettings,
        feedback: Feedback,
    ) -> _Day:
        """Starts and ends first (each once), then the stops to visit (each once, in the order given)."""
        terminals = list({stop.id: stop for stop in [*starts, *ends]}.values())
        terminal_ids = {stop.id for stop in terminals}
        visits = [stop for stop in {stop.id: stop for stop in stops}.values() if stop.id not in terminal_ids]
        if not visits:
            raise NoStopsError(reason=QT_TRANSLATE_NOOP("reason", "the list of stops is empty"))
        points = [*terminals, *visits]
        travel = network.travel_matrix(np.array([[stop.x, stop.y] for stop in points]), feedback)
        for index, stop in enumerate(terminals):
            if travel.snap_m[index] > MAX_SNAP_M:
                raise StartOffNetworkError(
                    stop=stop.name,
                    distance_m=float(travel.snap_m[index]),
                    limit_m=MAX_SNAP_M,
                )
        if not np.isfinite(travel.metres[: len(terminals), : len(terminals)]).all():
            raise RouteError(reason=QT_TRANSLATE_NOOP("reason", "no road joins the start to the end"))
        notices: list[RouteNotice] = []
        if travel.straight_line:
            notices.append(StraightLineNotice())
        elif isinstance(network, RoadNetwork) and network.pieces.count > 1:
            pieces = network.pieces
            notices.append(DisconnectedNetworkNotice(pieces=pieces.count, detached_m=pieces.detached_m))
        dropped, candidates = cls._reachable(points, len(terminals), travel, notices)
        if not candidates:
            raise NoStopsError(
                reason=QT_TRANSLATE_NOOP("reason", "none of the {count} stops can be reached by road from the start"),
                count=len(visits),
            )
        metres = np.where(np.isfinite(travel.metres), travel.metres, 0.0)
        service_s = np.array([0.0] * len(terminals) + [settings.service_min * 60.0] * len(visits))
        problem = DayProblem(
            metres=metres,
            travel_s=metres / settings.metres_per_second,
            service_s=service_s,
            priority=np.array([0.0] * len(terminals) + [stop.priority for stop in visits]),
            budget_s=None if settings.budget_h is None else settings.budget_h * 3600.0,
        )
        return cls(points, travel, problem, candidates, tuple(dropped), tuple(notices), settings)

    @staticmethod
    def _reachable(
        points: list[Stop], terminals: int, travel: TravelMatrix, notices: list[RouteNotice]
    ) -> tuple[list[DroppedStop], list[int]]:
        """Stops near a road of the start's piece; the others dropped, saying why."""
        dropped: list[DroppedStop] = []
        candidates: list[int] = []
        off_network = []
        for node in range(terminals, len(points)):
            if travel.snap_m[node] > MAX_SNAP_M:
                off_network.append(node)
                dropped.append(DroppedStop(points[node], DropReason.OFF_NETWORK, float(travel.snap_m[node])))
            elif not np.isfinite(travel.metres[:terminals, node]).all():
                dropped.append(DroppedStop(points[node], DropReason.UNREACHABLE))
            else:
                candidates.append(node)
        if off_network:
            farthest = max(off_network, key=lambda node: travel.snap_m[node])
            notices.append(
                StopsOffNetworkNotice(
                    count=len(off_network),
                    limit_m=MAX_SNAP_M,
                    stop=points[farthest].name,
                    distance_m=float(travel.snap_m[farthest]),
                )
            )
        return dropped, candidates

    def refuse_unfitting(self, start: int, end: int) -> None:
        """Name the nearest stop and what it needs when the day's budget reaches none."""
        if self.problem.budget_s is None:
            return
        needs = [self.problem.route_seconds([start, node] if start == end else [start, node, end], start == end)
                 for node in self.candidates]  # fmt: skip
        nearest = int(np.argmin(needs))
        if needs[nearest] > self.problem.budget_s:
            raise BudgetTooSmallError(
                budget_h=self.settings.budget_h,
                stop=self.stops[self.candidates[nearest]].name,
                needed_h=needs[nearest] / 3600.0,
            )

    def route_plan(self, route: list[int], end: int, over_budget: tuple[DroppedStop, ...]) -> RoutePlan:
        """The plan of ``route`` (nodes from its start to ``end``): arrival times, legs and their paths."""
        start = route[0]
        nodes = [*route, start] if end == start else route
        visiting = set(self.candidates)
        legs: list[Leg] = []
        planned: list[PlannedStop] = []
        clock_min = 0.0
        for origin, destination in zip(nodes[:-1], nodes[1:]):
            minutes = self.problem.travel_s[origin, destination] / 60.0
            legs.append(
                Leg(
                    origin=self.stops[origin].id,
                    destination=self.stops[destination].id,
                    length_m=float(self.problem.metres[origin, destination]),
                    minutes=float(minutes),
                    path=self.travel.path(origin, destination),
                )
            )
            clock_min += minutes
            if destination in visiting:
                snap_m = float(self.travel.snap_m[destination])
                planned.append(PlannedStop(len(planned) + 1, self.stops[destination], clock_min, snap_m))
                clock_min += self.settings.service_min
        return RoutePlan(
            start=self.stops[start],
            end=self.stops[end],
            stops=tuple(planned),
            legs=tuple(legs),
            dropped=self.dropped + over_budget,
            straight_line=self.travel.straight_line,
            notices=self.notices,
            settings=self.settings,
        )
