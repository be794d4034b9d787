"""What to make of a fit: which control point is wrong, which method to trust, where to click next.

All judgements rest on leave-one-out (LOO) errors, the honest accuracy figure
of :mod:`maps.georef.transforms`: a clicking mistake (the neighbour's house,
the wrong crossroads) shows as one point whose removal lowers the LOO RMSE far
more than removing any other would.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from layers.errors import QT_TRANSLATE_NOOP, InvalidControlPointsError
from maps.georef.transforms import MINIMUM_POINTS, Method, Transform, fit

SUSPECT_RATIO = 4.0
"""A point is suspect when its LOO error exceeds this many times the median of the others' ..."""
SUSPECT_GAIN = 0.3
"""... and leaving it out lowers the LOO RMSE by at least this share."""
JUDGE_METHODS = (Method.AFFINE, Method.PROJECTIVE, Method.POLY2)
"""Blunders are judged with the best of these global fits: a spline bends to a wrong point and its
extrapolation errors at the edge of the points look like blunders too; so do a cubic's, which left
without a corner point of a sketch swings out by a hundred metres or more."""
AUTO_METHODS = (Method.HELMERT, Method.AFFINE, Method.PROJECTIVE, Method.POLY2, Method.POLY3, Method.TPS,
                Method.TPS_SMOOTH)  # fmt: skip


@dataclass(frozen=True)
class Suspect:
    index: int
    id: str
    loo_m: float
    loo_rmse_without_m: float
    reason: str


def judging_method(pixels: np.ndarray, metres: np.ndarray, ids: list[str]) -> Method | None:
    """The global fit with the lowest LOO RMSE that these points allow (None if none has a point to spare)."""
    scores = [
        (fit(method, pixels, metres, ids).loo_rmse_m, method)
        for method in JUDGE_METHODS
        if len(pixels) >= MINIMUM_POINTS[method] + 2
    ]
    return min(scores)[1] if scores else None


def rank_suspects(
    pixels: np.ndarray, metres: np.ndarray, ids: list[str], method: Method | None = None
) -> list[Suspect]:
    """Points whose removal lowers the LOO RMSE far more than noise would, most first, each explained.

    Flagged when its LOO error exceeds :data:`SUSPECT_RATIO` times the others' median
    and leaving it out lowers the LOO RMSE by :data:`SUSPECT_GAIN` or more.
    """
    pixels, metres = np.asarray(pixels, dtype=float), np.asarray(metres, dtype=float)
    method = method or judging_method(pixels, metres, ids)
    if method is None:
        return []
    whole = fit(method, pixels, metres, ids)
    if len(pixels) - 1 < MINIMUM_POINTS[method] + 1:
        return []
    loo = whole.loo_m
    gains = []
    for i in range(len(pixels)):
        keep = np.arange(len(pixels)) != i
        without = fit(method, pixels[keep], metres[keep], [ids[k] for k in np.nonzero(keep)[0]])
        gains.append((whole.loo_rmse_m - without.loo_rmse_m, i, without.loo_rmse_m))
    suspects = []
    for gain, i, rmse_without in sorted(gains, reverse=True):
        others = np.delete(loo, i)
        typical = float(np.nanmedian(others)) if len(others) else 0.0
        if not (loo[i] > SUSPECT_RATIO * typical and gain >= SUSPECT_GAIN * whole.loo_rmse_m):
            continue
        reason = (
            f"point {ids[i]}: left out, it would be off by {loo[i]:.1f} m, {loo[i] / max(typical, 1e-9):.1f} times "
            f"the other points' typical {typical:.1f} m; without it the LOO RMSE falls from "
            f"{whole.loo_rmse_m:.1f} m to {rmse_without:.1f} m. It was probably clicked at the wrong place "
            "(a neighbour's house, another crossroads) or given the wrong map position."
        )
        suspects.append(Suspect(i, ids[i], float(loo[i]), float(rmse_without), reason))
    return suspects


@dataclass(frozen=True)
class AutoChoice:
    transform: Transform
    left_out: tuple[str, ...]
    explanation: str
    suspects: tuple[Suspect, ...] = ()  # as ranked on the way, so callers need not rank again


def choose_method(pixels: np.ndarray, metres: np.ndarray, ids: list[str]) -> AutoChoice:
    """The method (and smoothing, and whether to set a flagged blunder aside) with the lowest LOO RMSE.

    When a point is suspect, every candidate, with or without that point, is scored on
    the LOO errors of the *other* points. Scoring the fit without it on fewer points
    would reward leaving out any point that is merely hard to predict — a corner of
    the drawing, where every LOO error is an extrapolation — and such a fit then
    places the households near that corner worse. A real blunder, by contrast, spoils
    its neighbours' LOO errors, so setting it aside still wins on the others' errors.
    """
    pixels, metres = np.asarray(pixels, dtype=float), np.asarray(metres, dtype=float)
    suspects = rank_suspects(pixels, metres, ids)
    scored = np.arange(len(pixels)) != suspects[0].index if suspects else np.ones(len(pixels), dtype=bool)
    candidates: list[tuple[float, Transform, tuple[str, ...]]] = []
    for method in AUTO_METHODS:
        if len(pixels) < MINIMUM_POINTS[method] + 1:  # LOO needs a point to spare
            continue
        try:
            transform = fit(method, pixels, metres, ids)
        except InvalidControlPointsError:
            continue
        candidates.append((_rmse(transform.loo_m[scored]), transform, ()))
    if not candidates:
        raise InvalidControlPointsError(
            method="auto",
            reason=QT_TRANSLATE_NOOP("reason", "{count} control points are too few for any fit; add more"),
            count=len(pixels),
        )
    if suspects:
        kept_ids = [ids[k] for k in np.nonzero(scored)[0]]
        for method in AUTO_METHODS:
            if scored.sum() < MINIMUM_POINTS[method] + 1:
                continue
            transform = fit(method, pixels[scored], metres[scored], kept_ids)
            candidates.append((transform.loo_rmse_m, transform, (suspects[0].id,)))
    score, transform, left_out = min(candidates, key=lambda c: c[0])
    ranking = ", ".join(
        f"{t.method.value}{' without point ' + ','.join(out) if out else ''} {s:.1f} m"
        for s, t, out in sorted(candidates, key=lambda c: c[0])[1:4]
    )
    judged_on = f" on the points other than suspect {suspects[0].id}" if suspects else ""
    explanation = (
        f"{transform.method.value} has the lowest leave-one-out error{judged_on} ({score:.1f} m); next: {ranking}"
    )
    if transform.method is Method.TPS_SMOOTH:
        explanation += f"; smoothing {transform.smoothing:g} chosen the same way"
    if left_out:
        explanation += f"; point {left_out[0]} set aside: {suspects[0].reason}"
    return AutoChoice(transform, left_out, explanation, tuple(suspects))


def _rmse(errors_m: np.ndarray) -> float:
    return float(np.sqrt(np.mean(errors_m**2)))


def suggest_next_points(pixels: np.ndarray, loo_m: np.ndarray, width: int, height: int, count: int = 3) -> np.ndarray:
    """Sketch pixels where a new control point helps most: far from the others, near points that fit badly.

    Uncertainty grows with the distance to the nearest control point, weighted by
    that point's LOO error; each suggestion then counts as a point for the next.
    """
    step = max(width, height) / 48
    xs, ys = np.meshgrid(np.arange(step / 2, width, step), np.arange(step / 2, height, step))
    cells = np.column_stack([xs.ravel(), ys.ravel()])
    points = np.asarray(pixels, dtype=float)
    errors = np.nan_to_num(np.asarray(loo_m, dtype=float), nan=np.nanmax(loo_m) if np.isfinite(loo_m).any() else 1.0)
    typical = float(np.median(errors)) or 1.0
    chosen = []
    for _ in range(count):
        distances = np.hypot(*(cells[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
        nearest = distances.argmin(axis=1)
        score = distances[np.arange(len(cells)), nearest] * (1 + errors[nearest] / typical)
        best = cells[int(np.argmax(score))]
        chosen.append(best)
        points = np.vstack([points, best])
        errors = np.append(errors, typical)
    return np.array(chosen)


def local_distortion(transform: Transform, width: int, height: int, step: float) -> dict[str, np.ndarray]:
    """Scale (metres per pixel) and rotation (degrees) of the fitted transform on a grid over the sketch.

    Where the drawing is stretched, the scale is small; where squeezed, large. The
    Jacobian is taken by central differences of one pixel.
    """
    xs, ys = np.meshgrid(np.arange(step / 2, width, step), np.arange(step / 2, height, step))
    centres = np.column_stack([xs.ravel(), ys.ravel()])
    dx = transform.forward.apply(centres + [0.5, 0]) - transform.forward.apply(centres - [0.5, 0])
    dy = transform.forward.apply(centres + [0, 0.5]) - transform.forward.apply(centres - [0, 0.5])
    determinant = dx[:, 0] * dy[:, 1] - dx[:, 1] * dy[:, 0]
    scale = np.sqrt(np.abs(determinant)).reshape(xs.shape)
    rotation = np.degrees(np.arctan2(dx[:, 1], dx[:, 0])).reshape(xs.shape)
    return {"x": xs, "y": ys, "scale_m_per_px": scale, "rotation_deg": rotation}
