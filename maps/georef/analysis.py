"""What to make of a fit: which control points are wrong, which method to trust, where to click next.

All judgements rest on leave-one-out (LOO) errors, the honest accuracy figure
of :mod:`maps.georef.transforms`. A clicking mistake (the neighbour's house,
the wrong crossroads) is a jump of one point on the map, while a hand's
distortion is smooth over the sheet, however strong. The test therefore asks
a thin-plate spline, which follows any smooth distortion, whether one point
is off by far more than the spline expects at that place (a corner point is
expected to be off by more than one amid others), in both directions (sketch
to map and back), and whether setting it aside lowers the other points' LOO
errors, as it does when the wrong point had pulled the fit near them. The rule
and its threshold were calibrated on a family of drawings bent, swollen,
stretched and squeezed in many ways (``benchmarks/georef_blunders.py``,
``docs/georef-blunders.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from layers.errors import QT_TRANSLATE_NOOP, InvalidControlPointsError
from maps.georef.transforms import (
    MINIMUM_POINTS,
    Method,
    Transform,
    check_distinct,
    fit,
    quadratic_loo_parts,
    tps_loo_parts,
)

SUSPECT_SCORE = ((8, 5.1), (10, 4.9), (12, 5.4), (15, 5.6), (20, 6.1), (25, 6.3), (30, 6.2), (40, 6.2))
"""(control points, score) above which the spline's most doubtful point is a suspect; interpolated between
counts. Exceeded by 6% of clean drawings of the calibration seeds 0-999
(``python benchmarks/georef_blunders.py --calibrate --seeds 1000``)."""
QUADRATIC_SUSPECT_SCORE = ((8, 13.0), (10, 10.4), (12, 15.4), (15, 12.4), (20, 10.7), (25, 10.7), (30, 10.2),
                           (40, 10.4))  # fmt: skip
"""The same for a polynomial of order 2, from :data:`QUADRATIC_JUDGE_POINTS` points on, exceeded by 1% of clean
calibration drawings: on a drawing a quadratic nearly fits, it is the sharper judge of the two. Together
the two flag 6.5-6.9% of clean calibration drawings."""
QUADRATIC_JUDGE_POINTS = 10
SPLINE_JUDGE_POINTS = 8
"""From this many points on, the spline judges; with fewer, the best global fit does (see
:data:`JUDGE_METHODS`): a spline on a handful of points is mostly extrapolation."""
CONTENDERS = 3
"""How many of the points that stand out most are weighed against each other."""
MOST_SUSPECTS = 7
"""At most one suspect per this many points (and always at least one may be named)."""
SUSPECT_RATIO = 4.0
"""With few points: a point is suspect when its LOO error exceeds this many times the median of the others' ..."""
SUSPECT_GAIN = 0.3
"""... and leaving it out lowers the LOO RMSE by at least this share."""
JUDGE_METHODS = (Method.AFFINE, Method.PROJECTIVE, Method.POLY2)
"""With few points, blunders are judged with the best of these global fits."""
AUTO_METHODS = (Method.HELMERT, Method.AFFINE, Method.PROJECTIVE, Method.POLY2, Method.POLY3, Method.TPS,
                Method.TPS_SMOOTH)  # fmt: skip


@dataclass(frozen=True)
class Suspect:
    index: int
    id: str
    loo_m: float
    loo_rmse_without_m: float
    reason: str


def suspect_threshold(count: int, table: tuple = SUSPECT_SCORE) -> float:
    """The score above which the most doubtful of ``count`` points is a suspect (:data:`SUSPECT_SCORE`)."""
    counts, scores = zip(*table)
    return float(np.interp(count, counts, scores))


@dataclass(frozen=True)
class BlunderScore:
    """How much the most doubtful point of a set stands out; ``score`` is compared with the threshold."""

    index: int
    score: float
    standing_out: float  # its standardised LOO error over the median one, both directions
    gain: float  # the others' LOO RMSE with it over without it
    loo_m: float
    others_rmse_m: float
    others_rmse_without_m: float


def blunder_score(pixels: np.ndarray, metres: np.ndarray, parts=tps_loo_parts) -> BlunderScore:
    """The point that stands out most from a fit of the others, and by how much.

    ``parts`` gives a fit's LOO errors and standardised LOO errors: :func:`tps_loo_parts` (an
    exact thin-plate spline, the default) or :func:`quadratic_loo_parts`.

    Of the :data:`CONTENDERS` points that stand out most, the one whose removal helps the others most is
    taken: next to a wrong point a correct one stands out too (the wrong one pulls its prediction), but
    setting the correct one aside leaves the wrong one's pull on the rest.
    """
    loo, forward = parts(pixels, metres)
    _, backward = parts(metres, pixels)
    standing_out = np.sqrt(forward / np.median(forward) * backward / np.median(backward))
    loo_m = np.hypot(*loo.T)
    best = None
    for index in np.argsort(standing_out)[::-1][:CONTENDERS]:
        keep = np.arange(len(pixels)) != index
        without_m = np.hypot(*parts(pixels[keep], metres[keep])[0].T)
        before, after = _rmse(loo_m[keep]), _rmse(without_m)
        gain = before / max(after, 1e-9)
        score = BlunderScore(
            int(index), float(standing_out[index] * gain), float(standing_out[index]), gain, float(loo_m[index]),
            before, after,
        )  # fmt: skip
        if best is None or score.score > best.score:
            best = score
    return best


def most_doubtful(pixels: np.ndarray, metres: np.ndarray) -> BlunderScore | None:
    """The most doubtful point by the spline or, from :data:`QUADRATIC_JUDGE_POINTS` points on, by a
    quadratic, whichever exceeds its threshold by more; None if neither judge finds a suspect."""
    judges = [(tps_loo_parts, SUSPECT_SCORE)]
    if len(pixels) >= QUADRATIC_JUDGE_POINTS:
        judges.append((quadratic_loo_parts, QUADRATIC_SUSPECT_SCORE))
    verdicts = []
    for parts, table in judges:
        score = blunder_score(pixels, metres, parts)
        verdicts.append((score.score / suspect_threshold(len(pixels), table), score))
    ratio, score = max(verdicts, key=lambda verdict: verdict[0])
    return score if ratio >= 1 else None


def rank_suspects(
    pixels: np.ndarray, metres: np.ndarray, ids: list[str], method: Method | None = None
) -> list[Suspect]:
    """Points that look wrong (a neighbour's house, another crossroads), most doubtful first, each explained.

    The most doubtful point is tested; if it is a suspect it is set aside and the
    rest are tested again, up to one suspect per :data:`MOST_SUSPECTS` points.
    ``method`` is used only below :data:`SPLINE_JUDGE_POINTS` points.
    """
    pixels, metres = np.asarray(pixels, dtype=float), np.asarray(metres, dtype=float)
    check_distinct((method or Method.TPS).value, pixels, metres, ids)  # twins make every spline singular
    if len(pixels) < SPLINE_JUDGE_POINTS:
        return _global_suspects(pixels, metres, ids, method)[: max(1, len(pixels) // MOST_SUSPECTS)]
    suspects: list[Suspect] = []
    kept = np.arange(len(pixels))
    while len(suspects) < max(1, len(pixels) // MOST_SUSPECTS) and len(kept) >= SPLINE_JUDGE_POINTS:
        score = most_doubtful(pixels[kept], metres[kept])
        if score is None:
            break
        index = int(kept[score.index])
        reason = (
            f"point {ids[index]}: left out, it would be off by {score.loo_m:.1f} m, {score.standing_out:.1f} times "
            f"what the other points lead one to expect there; without it the other points' LOO RMSE falls from "
            f"{score.others_rmse_m:.1f} m to {score.others_rmse_without_m:.1f} m. It was probably clicked at the "
            "wrong place (a neighbour's house, another crossroads) or given the wrong map position."
        )
        suspects.append(Suspect(index, ids[index], score.loo_m, score.others_rmse_without_m, reason))
        kept = np.delete(kept, score.index)
    return suspects


def judging_method(pixels: np.ndarray, metres: np.ndarray, ids: list[str]) -> Method | None:
    """The global fit with the lowest LOO RMSE that these points allow (None if none has a point to spare)."""
    scores = [
        (fit(method, pixels, metres, ids).loo_rmse_m, method)
        for method in JUDGE_METHODS
        if len(pixels) >= MINIMUM_POINTS[method] + 2
    ]
    return min(scores)[1] if scores else None


def _global_suspects(pixels: np.ndarray, metres: np.ndarray, ids: list[str], method: Method | None) -> list[Suspect]:
    """With few points: flagged when its LOO error under the best global fit exceeds :data:`SUSPECT_RATIO` times
    the others' median and leaving it out lowers the LOO RMSE by :data:`SUSPECT_GAIN` or more."""
    method = method or judging_method(pixels, metres, ids)
    if method is None or len(pixels) - 1 < MINIMUM_POINTS[method] + 1:
        return []
    whole = fit(method, pixels, metres, ids)
    loo = whole.loo_m
    gains = []
    for i in range(len(pixels)):
        keep = np.arange(len(pixels)) != i
        without = fit(method, pixels[keep], metres[keep], [ids[k] for k in np.nonzero(keep)[0]])
        gains.append((whole.loo_rmse_m - without.loo_rmse_m, i, without.loo_rmse_m))
    suspects = []
    for gain, i, rmse_without in sorted(gains, reverse=True):
        typical = float(np.nanmedian(np.delete(loo, i)))
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


def choose_method(pixels: np.ndarray, metres: np.ndarray, ids: list[str], vouched: tuple[str, ...] = ()) -> AutoChoice:
    """The method (and smoothing) with the lowest LOO RMSE, fitted without the points that look wrong.

    A point in ``vouched`` (the user put it back) is never set aside, though it may still be named a suspect.

    Every method is scored on the same points: the suspects are set aside for all of
    them. Scored with a wrong point in, a rigid fit that cannot follow it looks good
    beside a spline that bends to it, and then places the houses near it far off;
    scored without it, a rigid method wins only where the drawing really is rigid.
    """
    pixels, metres = np.asarray(pixels, dtype=float), np.asarray(metres, dtype=float)
    suspects = rank_suspects(pixels, metres, ids)
    left_out = tuple(s.id for s in suspects if s.id not in vouched)
    kept = np.array([point_id not in left_out for point_id in ids], dtype=bool)
    kept_ids = [ids[k] for k in np.nonzero(kept)[0]]
    candidates: list[tuple[float, Transform]] = []
    for method in AUTO_METHODS:
        if kept.sum() < MINIMUM_POINTS[method] + 1:  # LOO needs a point to spare
            continue
        try:
            transform = fit(method, pixels[kept], metres[kept], kept_ids)
        except InvalidControlPointsError:
            continue
        candidates.append((transform.loo_rmse_m, transform))
    if not candidates:
        raise InvalidControlPointsError(
            method="auto",
            reason=QT_TRANSLATE_NOOP("reason", "{count} control points are too few for any fit; add more"),
            count=len(pixels),
        )
    candidates.sort(key=lambda c: c[0])
    score, transform = candidates[0]
    ranking = ", ".join(f"{t.method.value} {s:.1f} m" for s, t in candidates[1:4])
    judged_on = f" on the points other than {', '.join(left_out)}" if left_out else ""
    explanation = (
        f"{transform.method.value} has the lowest leave-one-out error{judged_on} ({score:.1f} m); next: {ranking}"
    )
    if transform.method is Method.TPS_SMOOTH:
        explanation += f"; smoothing {transform.smoothing:g} chosen the same way"
    for suspect in suspects:
        kept_anyway = " kept, as you put it back" if suspect.id in vouched else " set aside"
        explanation += f"; point {suspect.id}{kept_anyway}: {suspect.reason}"
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
