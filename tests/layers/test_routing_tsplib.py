"""Tour quality against the TSPLIB optima (G. Reinelt, Heidelberg): the oracle for the visiting order."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from layers.routing.solver import quantise, route_length, route_order

TSPLIB = Path(__file__).resolve().parents[1] / "data" / "tsplib"
OPTIMA = {"eil51": 426, "berlin52": 7542, "st70": 675, "kroA100": 21282, "ch150": 6528, "a280": 2579}
WITHIN = 0.02


def euc_2d(name: str) -> np.ndarray:
    """TSPLIB's EUC_2D: the Euclidean distance rounded to the nearest integer."""
    xy = np.loadtxt(TSPLIB / f"{name}.xy")[:, 1:]
    return np.floor(np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) + 0.5)


@pytest.mark.parametrize("name", OPTIMA)
def test_closed_tour_within_two_percent_of_the_optimum(name):
    metres = euc_2d(name)
    tour = route_order(metres, start=0, end=0, seconds=0.2)
    assert sorted(tour) == list(range(len(metres))), "every node exactly once"
    assert tour[0] == 0
    length = route_length(metres, tour, closed=True)
    assert OPTIMA[name] <= length <= OPTIMA[name] * (1 + WITHIN), f"{name}: {length} vs optimum {OPTIMA[name]}"


def test_integer_distances_are_scaled_by_a_whole_factor():
    """fast_tsp takes 16-bit integers: TSPLIB's integers keep their exact ratios, so the optimum stays the optimum."""
    metres = euc_2d("eil51")
    scaled = quantise(metres)
    factor = scaled.max() // metres.max()
    assert factor > 1
    assert np.array_equal(scaled, metres * factor)
    assert scaled.max() <= 2**16 - 1


def test_open_route_is_the_best_path_from_start_to_end():
    """A day ending elsewhere (at home in the county town) is a path, not a closed tour: checked against every order."""
    metres = euc_2d("berlin52")[:9, :9]
    path = route_order(metres, start=2, end=6, seconds=0.1)
    assert path[0] == 2 and path[-1] == 6
    assert sorted(path) == list(range(9))
    middle = [node for node in range(9) if node not in (2, 6)]
    best = min(route_length(metres, [2, *order, 6], closed=False) for order in itertools.permutations(middle))
    assert route_length(metres, path, closed=False) == best


def test_open_route_on_a_large_instance_starts_and_ends_where_asked():
    metres = euc_2d("kroA100")
    path = route_order(metres, start=3, end=40, seconds=0.1)
    assert path[0] == 3 and path[-1] == 40
    assert sorted(path) == list(range(len(metres)))
