"""How close to optimal and how fast the route order is, against OR-Tools' routing search on the same matrices.

    python benchmarks/bench_routing.py --repeats 3

For the six TSPLIB instances of ``tests/data/tsplib`` (EUC_2D, published
optima) and random 60/120/200-stop villages (5 km square, rounded metres,
fixed seeds; their reference is the best tour any solver here found, including
``fast_tsp`` given 5 s), each row gives the gap above the optimum (or the
reference) and the median time of:

``ours``
    :func:`layers.routing.solver.route_order`, ``fast_tsp`` with the time
    Wangge gives it by default (0.1 s + 2 ms per stop, at most 1 s);
``OR-Tools default``
    PATH_CHEAPEST_ARC and the default search (greedy descent to a local optimum),
    the distance matrix registered as a transit matrix;
``OR-Tools GLS``
    guided local search given the same time as ours.

A day under a time budget (OR-Tools choosing, ``fast_tsp`` ordering) is timed
last. Machines are shared and noisy: read gaps and ratios, not milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TSPLIB = Path(__file__).resolve().parents[1] / "tests" / "data" / "tsplib"
OPTIMA = {"eil51": 426, "berlin52": 7542, "st70": 675, "kroA100": 21282, "ch150": 6528, "a280": 2579}
RANDOM_SIZES = (60, 120, 200)


def euc_2d(xy: np.ndarray) -> np.ndarray:
    return np.floor(np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) + 0.5)


def instances() -> dict[str, tuple[np.ndarray, float | None]]:
    found = {name: (euc_2d(np.loadtxt(TSPLIB / f"{name}.xy")[:, 1:]), float(opt)) for name, opt in OPTIMA.items()}
    for size in RANDOM_SIZES:
        xy = np.random.default_rng(size).uniform(0, 5000, (size, 2))
        found[f"random{size}"] = (euc_2d(xy), None)
    return found


def tour_length(metres: np.ndarray, tour: list[int]) -> float:
    from layers.routing.solver import route_length

    return route_length(metres, tour, closed=True)


def ortools_tour(metres: np.ndarray, guided_seconds: float | None) -> list[int]:
    """OR-Tools' routing on one vehicle from node 0: default search, or GLS for ``guided_seconds``."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    manager = pywrapcp.RoutingIndexManager(len(metres), 1, 0)
    routing = pywrapcp.RoutingModel(manager)
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(metres.astype(np.int64).tolist()))
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    if guided_seconds is not None:
        parameters.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        parameters.time_limit.FromMilliseconds(int(guided_seconds * 1000))
    solution = routing.SolveWithParameters(parameters)
    index, tour = routing.Start(0), []
    while not routing.IsEnd(index):
        tour.append(manager.IndexToNode(index))
        index = solution.Value(routing.NextVar(index))
    return tour


def timed(solve, repeats: int) -> tuple[list[int], float]:
    """The best tour of ``repeats`` runs and the median seconds."""
    tours, times = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        tours.append(solve())
        times.append(time.perf_counter() - started)
    return tours, statistics.median(times)


def measure(repeats: int) -> list[dict]:
    from layers.routing.solver import route_order, tour_seconds

    rows = []
    for name, (metres, optimum) in instances().items():
        seconds = tour_seconds(len(metres))
        ours, ours_s = timed(lambda metres=metres: route_order(metres, 0, 0), repeats)
        default, default_s = timed(lambda metres=metres: ortools_tour(metres, None), repeats)
        guided, guided_s = timed(lambda metres=metres, seconds=seconds: ortools_tour(metres, seconds), repeats)
        lengths = {
            "ours": max(tour_length(metres, tour) for tour in ours),  # the worst run: what a user may get
            "default": max(tour_length(metres, tour) for tour in default),
            "guided": max(tour_length(metres, tour) for tour in guided),
        }
        if optimum is None:
            long_run = route_order(metres, 0, 0, seconds=5.0)
            optimum = min(tour_length(metres, long_run), *lengths.values())
        rows.append(
            {
                "name": name,
                "stops": len(metres),
                "reference": optimum,
                "published": name in OPTIMA,
                **{f"{key}_gap": 100 * (value - optimum) / optimum for key, value in lengths.items()},
                "ours_s": ours_s,
                "default_s": default_s,
                "guided_s": guided_s,
            }
        )
    return rows


def measure_budget_day(repeats: int) -> dict:
    """A 200-stop day that a 4-hour budget cannot hold: OR-Tools chooses, fast_tsp orders."""
    from layers.routing.network import StraightLines
    from layers.routing.plan import RouteSettings, plan_day
    from layers.routing.stop import Stop

    rng = np.random.default_rng(2021)
    xy = rng.uniform(0, 5000, (200, 2))
    weights = rng.choice([20, 30, 40, 50, 60, 100], size=200)
    stops = [Stop(f"h{n}", x, y, priority=float(w)) for n, ((x, y), w) in enumerate(zip(xy, weights))]
    start = Stop("office", 2500.0, 2500.0)
    settings = RouteSettings(speed_kmh=25.0, service_min=10.0, budget_h=4.0)
    plans, seconds = timed(lambda: plan_day(stops, start, StraightLines(), settings=settings), repeats)
    plan = plans[-1]
    return {"seconds": seconds, "kept": len(plan.stops), "minutes": plan.minutes,
            "kept_priority": sum(s.stop.priority for s in plan.stops), "red_kept": sum(
                1 for s in plan.stops if s.stop.priority == 100), "red_total": int((weights == 100).sum())}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    rows = measure(arguments.repeats)
    print(f"Tour order, closed tour from node 0; gap above the optimum, worst of {arguments.repeats} runs; "
          "median seconds\n")  # fmt: skip
    print("| instance | stops | optimum | ours gap | ours s | OR-Tools default gap | default s | "
          "OR-Tools GLS (same time) gap | GLS s |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        reference = f"{row['reference']:.0f}" + ("" if row["published"] else " (best found)")
        print(
            f"| {row['name']} | {row['stops']} | {reference} | {row['ours_gap']:.2f} % | {row['ours_s']:.2f} | "
            f"{row['default_gap']:.2f} % | {row['default_s']:.2f} | {row['guided_gap']:.2f} % | {row['guided_s']:.2f} |"
        )
    day = measure_budget_day(arguments.repeats)
    print(
        f"\nA 200-stop day under a 4 h budget (10 min a stop, 25 km/h, straight lines): {day['seconds']:.2f} s median, "
        f"{day['kept']} stops kept ({day['minutes']:.0f} min), {day['red_kept']} of {day['red_total']} "
        f"priority-100 stops among them"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
