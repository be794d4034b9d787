"""How far a household lands from its true place when a sketch is georeferenced from a few clicked points.

A demo sketch comes with its answer key: each drawn house's true pixel and true
position. That lets us play an officer: pick a few well-spread houses as control
points, click them with a hand's imprecision on the photo and on the reference
map, fit every method and the auto choice, and place every *other* drawn house.
The error at those houses — not the leave-one-out figure the auto choice itself
minimises — is what a user of the georeferenced sketch lives with.

Numpy and the georeferencing engine only, so the benchmark script and the tests
run the very same simulation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from demo.ground_truth import sketch_ground_truth
from layers.crs import to_measure
from layers.errors import InvalidControlPointsError
from layers.store import open_project
from maps.georef.analysis import choose_method
from maps.georef.transforms import MINIMUM_POINTS, Method, fit

SKETCH_CLICK_NOISE_PX = 3.0
"""Standard deviation per axis of a click on the sketch photo: a house box is about 30 px wide."""
MAP_CLICK_NOISE_M = 2.0
"""Standard deviation per axis of a click on the reference map: a roof is a few metres across."""
AUTO = "auto"
SINGLE_METHODS = tuple(Method)


@dataclass(frozen=True)
class SketchTruth:
    """Every drawn household of one sketch: true photo pixels (x right, y down) and true UTM metres."""

    pixels: np.ndarray
    metres: np.ndarray


@dataclass(frozen=True)
class MethodAccuracy:
    """Household position errors of one method at one control-point count, pooled over the trials."""

    count: int
    method: str
    median_m: float
    p90_m: float
    trials: int


def load_sketch_truth(path: Path) -> SketchTruth:
    """The answer key of a demo project's only sketch, positions in metres (EPSG:32648)."""
    store = open_project(path)
    try:
        drawn = sketch_ground_truth(store)
    finally:
        store.close()
    x, y = to_measure(drawn.geometry.x.to_numpy(), drawn.geometry.y.to_numpy())
    return SketchTruth(drawn[["sketch_x", "sketch_y"]].to_numpy(dtype=float), np.column_stack([x, y]))


def spread_houses(pixels: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of ``count`` houses spread over the sheet, as an officer picks them: farthest-point sampling.

    Starting from a random house, each next one is the house farthest (on the sketch)
    from those already picked, so the corners and edges are covered first and the
    interior is filled as the count grows — the advice every georeferencing manual gives.
    """
    chosen = [int(rng.integers(len(pixels)))]
    nearest = np.hypot(*(pixels - pixels[chosen[0]]).T)
    for _ in range(count - 1):
        chosen.append(int(np.argmax(nearest)))
        nearest = np.minimum(nearest, np.hypot(*(pixels - pixels[chosen[-1]]).T))
    return np.array(chosen)


@dataclass(frozen=True)
class Trial:
    """One officer's clicks: each method's error (m) at every drawn house not clicked, and what auto chose."""

    errors_m: dict[str, np.ndarray]
    auto_choice: str


@dataclass(frozen=True)
class AccuracyStudy:
    rows: list[MethodAccuracy]
    auto_choices: dict[int, Counter[str]]
    """Per control-point count, how often auto chose each method ("poly3 without a point": a point set aside)."""

    def auto_ratio(self, count: int) -> float:
        """Auto's median error over the best single method's median, at ``count`` control points."""
        at_count = [row for row in self.rows if row.count == count]
        auto = next(row.median_m for row in at_count if row.method == AUTO)
        return auto / min(row.median_m for row in at_count if row.method != AUTO)


def click_trial(truth: SketchTruth, count: int, rng: np.random.Generator) -> Trial:
    """Click ``count`` spread houses with noise, fit every method and auto, and place the other houses.

    A method that needs more points than ``count``, or that refuses these points, is left out.
    """
    picked = spread_houses(truth.pixels, count, rng)
    pixels = truth.pixels[picked] + rng.normal(0, SKETCH_CLICK_NOISE_PX, (count, 2))
    metres = truth.metres[picked] + rng.normal(0, MAP_CLICK_NOISE_M, (count, 2))
    ids = [str(i + 1) for i in range(count)]
    others = np.setdiff1d(np.arange(len(truth.pixels)), picked)
    houses, places = truth.pixels[others], truth.metres[others]
    transforms = {}
    for method in SINGLE_METHODS:
        if count < MINIMUM_POINTS[method]:
            continue
        try:
            transforms[method.value] = fit(method, pixels, metres, ids)
        except InvalidControlPointsError:
            continue
    auto = choose_method(pixels, metres, ids)
    transforms[AUTO] = auto.transform
    errors = {name: np.hypot(*(t.forward.apply(houses) - places).T) for name, t in transforms.items()}
    return Trial(errors, auto.transform.method.value + (" without a point" if auto.left_out else ""))


def accuracy_study(truth: SketchTruth, counts: Iterable[int], seeds: Iterable[int]) -> AccuracyStudy:
    """Median and 90th-percentile household error per control-point count and method, pooled over seeds.

    Each (count, seed) pair has its own random stream, so a count's figures do not
    change when other counts are added to the study.
    """
    seeds = list(seeds)
    rows, choices = [], {}
    for count in counts:
        trials = [click_trial(truth, count, np.random.default_rng((count, seed))) for seed in seeds]
        choices[count] = Counter(trial.auto_choice for trial in trials)
        for name in dict.fromkeys(name for trial in trials for name in trial.errors_m):
            runs = [trial.errors_m[name] for trial in trials if name in trial.errors_m]
            errors = np.concatenate(runs)
            rows.append(
                MethodAccuracy(count, name, float(np.median(errors)), float(np.percentile(errors, 90)), len(runs))
            )
    return AccuracyStudy(rows, choices)
