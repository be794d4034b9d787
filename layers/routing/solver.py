"""Which stops fit a day, and in what order to visit them.

Two solvers, each doing what it does best:

* the **order** of a set of stops comes from ``fast_tsp`` (MIT), a local search
  that reaches the optimum of TSPLIB instances of up to 280 nodes in a tenth of
  a second, where OR-Tools' routing search stays 1-4 % above it in seconds;
* the **choice** of stops when a day cannot hold them all comes from OR-Tools'
  routing library (Apache-2.0): a prize-collecting tour where leaving a stop out
  costs a penalty from its priority, with a time dimension of travel plus the
  time spent at each stop, bounded by the day's budget. Its chosen stops are
  then ordered again by ``fast_tsp`` and the budget checked again.

Both work on matrices, so this module knows nothing of roads or households.
Nodes are indices into the matrices; a route is a list of nodes from its start
to its end (the end not repeated when the route returns to its start).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import fast_tsp
import numpy as np

from layers.feedback import Feedback

FAST_TSP_MAX = 2**16 - 1
"""fast_tsp takes distances as 16-bit unsigned integers."""
PATH_SHARE = 3
"""For a route that ends elsewhere than it starts, distances are scaled to a third of the range,
so that the dummy node closing the path can cost more than any detour (see :func:`route_order`)."""


def tour_seconds(stops: int) -> float:
    """Search time of the order: generous for ``fast_tsp``, which converges on 200 stops in well under this."""
    return min(1.0, 0.1 + 0.002 * stops)


def quantise(metres: np.ndarray, ceiling: int = FAST_TSP_MAX) -> np.ndarray:
    """Distances as integers of at most ``ceiling``, keeping as much precision as the range allows.

    An integer matrix that fits is multiplied by a whole factor, so the order of
    tour lengths is exactly kept (TSPLIB's rounded distances, for instance).
    """
    largest = float(np.max(metres)) if metres.size else 0.0
    if largest <= 0:
        return np.zeros(metres.shape, dtype=np.int64)
    scale = np.floor(ceiling / largest) if largest <= ceiling else ceiling / largest
    scaled = np.rint(metres * scale).astype(np.int64)
    return np.minimum(scaled, scaled.T)  # symmetric to the last unit, as fast_tsp requires


def route_order(metres: np.ndarray, start: int, end: int, seconds: float | None = None) -> list[int]:
    """Every node of ``metres`` in a short order from ``start`` to ``end`` (a closed tour when they are one).

    A route ending elsewhere is solved as a closed tour with a dummy node joined
    at no cost to the start and the end and at the highest cost to every other:
    the best tour then passes start - dummy - end, and cut at the dummy it is
    the best path.
    """
    count = len(metres)
    seconds = tour_seconds(count) if seconds is None else seconds
    if start == end:
        if count <= 2:
            return [start, *(node for node in range(count) if node != start)]
        tour = fast_tsp.find_tour(quantise(metres), seconds, 1, "auto", True)
        at = tour.index(start)
        return tour[at:] + tour[:at]
    if count <= 2:
        return [start, end]
    closing = np.full((count + 1, count + 1), FAST_TSP_MAX, dtype=np.int64)
    closing[:count, :count] = quantise(metres, FAST_TSP_MAX // PATH_SHARE)
    closing[count, count] = 0
    closing[count, [start, end]] = closing[[start, end], count] = 0
    tour = fast_tsp.find_tour(closing, seconds, 1, "auto", True)
    at = tour.index(count)
    path = tour[at + 1 :] + tour[:at]
    if path[0] == end:
        path.reverse()
    if path[0] != start or path[-1] != end:  # never seen; keep the promise of start first, end last anyway
        path = [start, *(node for node in path if node not in (start, end)), end]
    return path


def route_length(metres: np.ndarray, route: Sequence[int], closed: bool) -> float:
    """Length of ``route``, with the way back to its first node when ``closed``."""
    nodes = [*route, route[0]] if closed else list(route)
    return float(sum(metres[a, b] for a, b in zip(nodes[:-1], nodes[1:])))


@dataclass(frozen=True)
class DayProblem:
    """What a day's route is chosen from; all arrays are indexed by node.

    ``travel_s[i, j]`` is the travel time in seconds, ``service_s[i]`` the time
    spent at node ``i`` (0 at the start and end), ``priority[i]`` how much it
    matters that ``i`` is visited (positive; ignored at the start and end).
    ``budget_s`` is the length of the day, ``None`` for no limit.
    """

    metres: np.ndarray
    travel_s: np.ndarray
    service_s: np.ndarray
    priority: np.ndarray
    budget_s: float | None = None

    @property
    def count(self) -> int:
        return len(self.metres)

    def route_seconds(self, route: Sequence[int], closed: bool) -> float:
        """Travel and service time of ``route``, returning to its first node when ``closed``."""
        return route_length(self.travel_s, route, closed) + float(self.service_s[list(route)].sum())

    def fits(self, route: Sequence[int], closed: bool) -> bool:
        return self.budget_s is None or self.route_seconds(route, closed) <= self.budget_s + 1e-6


def day_route(
    problem: DayProblem,
    start: int,
    end: int,
    candidates: Sequence[int],
    seconds: float | None = None,
    feedback: Feedback | None = None,
) -> list[int]:
    """The route from ``start`` to ``end`` through as many of ``candidates`` as the day holds, best first.

    When all candidates fit, they are all visited in ``fast_tsp``'s order; when
    not, OR-Tools chooses which to keep (the highest total priority, then the
    shortest way), ``fast_tsp`` orders them, and any stop left out that still
    fits is put in where it costs least, highest priority first.
    """
    feedback = feedback or Feedback()
    closed = start == end
    ends = [start] if closed else [start, end]
    everything = [*ends, *candidates]
    order = _ordered(problem, everything, start, end, seconds)
    feedback.set_progress(30)
    if problem.fits(order, closed):
        return order
    feedback.raise_if_canceled()
    chosen = choose_routes(problem, [start], [end], candidates, seconds or 1.0)[0]
    feedback.set_progress(80)
    visited = chosen[1:] if closed else chosen[1:-1]
    reordered = _ordered(problem, [*ends, *visited], start, end, seconds)
    route = min((chosen, reordered), key=lambda nodes: route_length(problem.metres, nodes, closed))
    route = _fill(problem, route, [node for node in candidates if node not in route], closed)
    feedback.set_progress(100)
    return route


def _ordered(problem: DayProblem, nodes: list[int], start: int, end: int, seconds: float | None) -> list[int]:
    """``nodes`` in ``fast_tsp``'s order, as nodes of ``problem``."""
    local = np.asarray(nodes)
    order = route_order(problem.metres[np.ix_(local, local)], nodes.index(start), nodes.index(end), seconds)
    return [int(local[at]) for at in order]


def _fill(problem: DayProblem, route: list[int], left_out: list[int], closed: bool) -> list[int]:
    """Put each left-out stop, highest priority first, where it adds least, while the day holds it."""
    route = list(route)
    for node in sorted(left_out, key=lambda node: -problem.priority[node]):
        following = [*route[1:], route[0]] if closed else route[1:]
        previous = route if closed else route[:-1]
        added = problem.metres[previous, node] + problem.metres[node, following] - problem.metres[previous, following]
        at = int(np.argmin(added)) + 1
        trial = [*route[:at], node, *route[at:]]
        if problem.fits(trial, closed):
            route = trial
    return route


BALANCE_WEIGHT = 100
"""Cost of a second on the longest route, against a metre of travel: a week's days come out about as long."""
PENALTY_HEADROOM = 2
"""Penalty per unit of priority, in multiples of the longest possible route: keeping more priority always wins."""


def choose_routes(
    problem: DayProblem,
    starts: Sequence[int],
    ends: Sequence[int],
    candidates: Sequence[int],
    seconds: float,
    balance_s: float | None = None,
) -> list[list[int]]:
    """OR-Tools' choice of candidates for one route per start (a day or an officer), within the budget each.

    Leaving a candidate out costs its priority times more than any route can be
    long, so the search keeps the highest total priority first and shortens the
    routes second. With ``balance_s`` (a fair share of the work in seconds),
    each route longer than that share and the longest route are penalised, so
    a week's stops spread over its days rather than filling the first ones.
    Each route is returned from its start to its end (the end repeated only
    when it differs from the start).
    """
    # imported here: a window that plans no route is spared OR-Tools' start-up time and memory
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    nodes = sorted({*starts, *ends, *candidates})
    local = {node: index for index, node in enumerate(nodes)}
    pick = np.asarray(nodes)
    metres = np.rint(problem.metres[np.ix_(pick, pick)]).astype(np.int64)
    travel = np.rint(problem.travel_s[np.ix_(pick, pick)] + problem.service_s[pick][:, None]).astype(np.int64)
    manager = pywrapcp.RoutingIndexManager(
        len(nodes), len(starts), [local[node] for node in starts], [local[node] for node in ends]
    )
    routing = pywrapcp.RoutingModel(manager)
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(metres.tolist()))
    horizon = int(problem.budget_s) if problem.budget_s is not None else int(travel.max() * (len(nodes) + 1))
    routing.AddDimension(routing.RegisterTransitMatrix(travel.tolist()), 0, horizon, True, "time")
    balance_weight = 0 if balance_s is None else BALANCE_WEIGHT
    time = routing.GetDimensionOrDie("time")
    time.SetGlobalSpanCostCoefficient(balance_weight)
    if balance_s is not None:
        for vehicle in range(len(starts)):
            time.SetCumulVarSoftUpperBound(routing.End(vehicle), int(balance_s), balance_weight)
    worst_route = int(metres.max()) * (len(nodes) + 1) + horizon * balance_weight * (len(starts) + 1) + 1
    for node in candidates:
        penalty = int(round(float(problem.priority[node]) * PENALTY_HEADROOM * worst_route))
        routing.AddDisjunction([manager.NodeToIndex(local[node])], max(penalty, 1))
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    parameters.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    parameters.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
    solution = routing.SolveWithParameters(parameters)
    if solution is None:
        return [[start] + ([end] if end != start else []) for start, end in zip(starts, ends)]
    routes = []
    for vehicle, (start, end) in enumerate(zip(starts, ends)):
        index = routing.Start(vehicle)
        route = []
        while not routing.IsEnd(index):
            route.append(nodes[manager.IndexToNode(index)])
            index = solution.Value(routing.NextVar(index))
        routes.append(route + ([end] if end != start else []))
    return routes
