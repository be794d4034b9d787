"""Wrong control points on drawings the detector was not calibrated on: held-out seeds of the drawing family.

The rates are those of docs/georef-blunders.md, over 100 drawings each; the house
error is judged against a plain thin-plate spline on all points (GDAL's ``-tps``,
the same spline as ``Method.TPS``: tests/maps/test_georef.py checks them against each other).
"""

from __future__ import annotations

import numpy as np
import pytest

from demo.georef_drawings import HELD_OUT_SEEDS, drawing
from layers.errors import InvalidControlPointsError
from maps.georef.analysis import choose_method, rank_suspects
from maps.georef.transforms import Method, fit

SEEDS = range(HELD_OUT_SEEDS + 1000, HELD_OUT_SEEDS + 1100)  # not the benchmark's rows either


def _ids(count: int) -> list[str]:
    return [str(i + 1) for i in range(count)]


def _flagged(choice, ids) -> set[int]:
    return {ids.index(point_id) for point_id in choice.left_out} | {s.index for s in choice.suspects}


def _near_errors(case, transform) -> np.ndarray:
    """Errors (m) of the households within 400 m of a wrong point, control points excepted."""
    others = case.others()
    wrong_at = case.household_metres[case.picked[list(case.wrong)]]
    distance = np.hypot(*(case.household_metres[others][:, None, :] - wrong_at[None]).transpose(2, 0, 1)).min(axis=1)
    near = others[distance < 400]
    return np.hypot(*(transform.forward.apply(case.household_pixels[near]) - case.household_metres[near]).T)


def test_one_wrong_point_of_200_m_among_15_is_caught_and_auto_places_the_houses_near_it_well():
    ids = _ids(15)
    caught, alarms, auto_errors, tps_errors = 0, 0, [], []
    for seed in SEEDS:
        case, clean = drawing(seed, 15, wrong=1, off_m=200), drawing(seed, 15)
        choice = choose_method(case.pixels, case.metres, ids)
        caught += case.wrong[0] in _flagged(choice, ids)
        alarms += bool(rank_suspects(clean.pixels, clean.metres, ids))
        auto_errors.append(_near_errors(case, choice.transform))
        tps_errors.append(_near_errors(case, fit(Method.TPS, case.pixels, case.metres)))
    assert caught >= 0.9 * len(SEEDS)
    assert alarms <= 0.1 * len(SEEDS)
    assert np.median(np.concatenate(auto_errors)) <= 0.45 * np.median(np.concatenate(tps_errors))


def test_two_wrong_points_among_20_are_both_found():
    ids = _ids(20)
    both = 0
    for seed in SEEDS:
        case = drawing(seed, 20, wrong=2, off_m=200)
        both += set(case.wrong) <= _flagged(choose_method(case.pixels, case.metres, ids), ids)
    assert both >= 0.8 * len(SEEDS)


@pytest.mark.parametrize("count", [12, 20])
def test_points_crowded_where_the_drawing_is_squeezed_are_not_taken_for_mistakes(count):
    """Half the points clicked close together in one part of the sheet, on drawings with a squeezed lane
    or corner: a correct point is flagged in few of them, as on any clean drawing."""
    ids, checked, alarms = _ids(count), 0, 0
    for seed in range(HELD_OUT_SEEDS + 2000, HELD_OUT_SEEDS + 2400):
        clean = drawing(seed, count, layout="uneven")
        if not {"lane", "corner"} & set(clean.kinds):
            continue
        checked += 1
        alarms += bool(rank_suspects(clean.pixels, clean.metres, ids))
    assert checked >= 100
    assert alarms <= 0.1 * checked


def test_a_bent_drawing_with_a_wrong_point_gets_no_rigid_fit():
    """Auto compares methods on the same points, the wrong one set aside: a rigid fit that cannot follow the
    wrong point no longer looks better than a spline that bent to it."""
    bent = []
    for seed in SEEDS:
        case = drawing(seed, 15, wrong=1, off_m=200)
        if "bend" in case.kinds or "swell" in case.kinds:
            bent.append(choose_method(case.pixels, case.metres, _ids(15)).transform.method)
    assert len(bent) >= 40
    assert sum(method in (Method.HELMERT, Method.AFFINE, Method.POLY1) for method in bent) <= 0.1 * len(bent)


def test_two_points_clicked_at_one_place_are_named_not_a_singular_matrix():
    pixels = np.array([[0, 0], [100, 0], [100, 100], [0, 100], [50, 50], [50, 50], [20, 80]], dtype=float)
    metres = pixels * 2.0 + [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [3, 0], [0, 0]]
    ids = [str(n) for n in range(1, 8)]
    with pytest.raises(InvalidControlPointsError, match="points 5, 6 are at the same place on the sketch"):
        choose_method(pixels, metres, ids)
