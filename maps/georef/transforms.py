"""Transforms from sketch pixels (x right, y down) to metres, with honest error figures.

Helmert, affine, projective, polynomial (orders 1-3) and thin-plate spline (TPS)
fits, each with its residuals and its leave-one-out (LOO) errors: the error at a
control point when that point is left out of the fit. An exact TPS passes
through every point, so its residuals are zero whatever the drawing; its LOO
errors say how far a house between control points may really be off. A
smoothing TPS trades a little of that exactness for robustness to clicking
noise, with its smoothing chosen by the smallest LOO error.

Polynomials and the exact TPS are the same mathematics as GDAL's
``gdaltransform -order N`` and ``-tps`` (a least-squares polynomial and the
spline with basis r² log r² plus an affine part); like GDAL, the inverse is a
second fit from metres back to pixels.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import Enum

import numpy as np

from layers.errors import QT_TRANSLATE_NOOP, InvalidControlPointsError


class Method(str, Enum):
    HELMERT = "helmert"
    AFFINE = "affine"
    PROJECTIVE = "projective"
    POLY1 = "poly1"
    POLY2 = "poly2"
    POLY3 = "poly3"
    TPS = "tps"
    TPS_SMOOTH = "tps-smooth"


MINIMUM_POINTS = {
    Method.HELMERT: 2,
    Method.AFFINE: 3,
    Method.PROJECTIVE: 4,
    Method.POLY1: 3,
    Method.POLY2: 6,
    Method.POLY3: 10,
    Method.TPS: 3,
    Method.TPS_SMOOTH: 4,
}
SMOOTHING_GRID = np.concatenate([[0.0], np.logspace(-4, 3, 36)])
"""Smoothing weights tried for the smoothing TPS, relative to the mean basis value of the points."""


@dataclass(frozen=True)
class Fitted:
    """One direction of a fitted transform: ``apply`` maps (n, 2) points."""

    method: Method
    kind: str
    parameters: tuple

    def apply(self, points: np.ndarray) -> np.ndarray:
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        return _APPLY[self.kind](self.parameters, points)


# -- polynomial family: affine, Helmert and polynomials are linear least squares ---------------


def _poly_terms(points: np.ndarray, order: int, centre: np.ndarray, scale: float) -> np.ndarray:
    """Design matrix 1, x, y, x², xy, y², x³, x²y, xy², y³ (up to ``order``) of normalised points."""
    u, v = ((points - centre) / scale).T
    columns = [np.ones_like(u)]
    for degree in range(1, order + 1):
        columns += [u ** (degree - k) * v**k for k in range(degree + 1)]
    return np.column_stack(columns)


def _normalisation(points: np.ndarray) -> tuple[np.ndarray, float]:
    centre = points.mean(axis=0)
    scale = float(np.abs(points - centre).max()) or 1.0
    return centre, scale


def _fit_poly(source: np.ndarray, target: np.ndarray, order: int) -> tuple:
    centre, scale = _normalisation(source)
    design = _poly_terms(source, order, centre, scale)
    coefficients, *_ = np.linalg.lstsq(design, target, rcond=None)
    return (order, centre, scale, coefficients)


def _apply_poly(parameters: tuple, points: np.ndarray) -> np.ndarray:
    order, centre, scale, coefficients = parameters
    return _poly_terms(points, order, centre, scale) @ coefficients


def _fit_helmert(source: np.ndarray, target: np.ndarray) -> tuple:
    """Similarity: x' = a·u − b·v + tx, y' = b·u + a·v + ty (scale, rotation, shift; no shear).

    Pixel rows run down and northings up, so the similarity is fitted to the
    sketch mirrored (v = −row): otherwise no rotation could turn a drawing north-up.
    """
    centre, scale = _normalisation(source)
    u, v = ((source - centre) / scale).T
    v = -v
    ones, zeros = np.ones_like(u), np.zeros_like(u)
    design = np.vstack([np.column_stack([u, -v, ones, zeros]), np.column_stack([v, u, zeros, ones])])
    solution, *_ = np.linalg.lstsq(design, np.concatenate([target[:, 0], target[:, 1]]), rcond=None)
    return (centre, scale, solution)


def _apply_helmert(parameters: tuple, points: np.ndarray) -> np.ndarray:
    centre, scale, (a, b, tx, ty) = parameters
    u, v = ((points - centre) / scale).T
    v = -v
    return np.column_stack([a * u - b * v + tx, b * u + a * v + ty])


def _fit_projective(source: np.ndarray, target: np.ndarray) -> tuple:
    from maps.sketch_basemap import fit_homography

    return (fit_homography(source, target),)


def _apply_projective(parameters: tuple, points: np.ndarray) -> np.ndarray:
    (homography,) = parameters
    mapped = np.column_stack([points, np.ones(len(points))]) @ homography.T
    return mapped[:, :2] / mapped[:, 2:]


# -- thin-plate spline -------------------------------------------------------------------------


_TINY = 1e-300


def _basis(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """GDAL's TPS kernel r² log r² between every point of ``a`` and of ``b`` (0 where r = 0).

    Built in place, one (len(a), len(b)) array at a time: applying a spline to a
    million points is this kernel and nothing else.
    """
    squared = a[:, 0:1] - b[:, 0]
    squared *= squared
    dy = a[:, 1:2] - b[:, 1]
    dy *= dy
    squared += dy
    np.maximum(squared, _TINY, out=squared)  # r = 0 then gives tiny·log(tiny) ≈ −7e−298: zero for any sum
    values = np.log(squared)
    values *= squared
    return values


def _tps_system(source: np.ndarray, smoothing: float) -> tuple[np.ndarray, np.ndarray, float]:
    centre, scale = _normalisation(source)
    normalised = (source - centre) / scale
    kernel = _basis(normalised, normalised)
    n = len(source)
    weight = smoothing * (np.abs(kernel).mean() or 1.0)
    matrix = np.zeros((n + 3, n + 3))
    matrix[:n, :n] = kernel + weight * np.eye(n)
    matrix[:n, n] = matrix[n, :n] = 1.0
    matrix[:n, n + 1 :] = normalised
    matrix[n + 1 :, :n] = normalised.T
    return matrix, normalised, scale


def _fit_tps(source: np.ndarray, target: np.ndarray, smoothing: float = 0.0) -> tuple:
    matrix, normalised, scale = _tps_system(source, smoothing)
    right = np.zeros((len(source) + 3, 2))
    right[: len(source)] = target
    coefficients = np.linalg.solve(matrix, right)
    centre = source.mean(axis=0)
    return (centre, scale, normalised, coefficients)


TPS_CHUNK = 32_768
"""Points per block when applying a spline: the kernel block is TPS_CHUNK x nodes, about 50 MB for 200 nodes."""


def _apply_tps(parameters: tuple, points: np.ndarray) -> np.ndarray:
    centre, scale, nodes, coefficients = parameters
    n = len(nodes)
    result = np.empty((len(points), 2))

    def block(start: int) -> None:
        normalised = (points[start : start + TPS_CHUNK] - centre) / scale
        result[start : start + TPS_CHUNK] = (
            _basis(normalised, nodes) @ coefficients[:n] + coefficients[n] + normalised @ coefficients[n + 1 :]
        )

    starts = range(0, len(points), TPS_CHUNK)
    if len(starts) == 1:
        block(0)
    else:  # numpy lets go of the GIL inside each block, so blocks share the cores
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            list(pool.map(block, starts))
    return result


def tps_loo_errors(source: np.ndarray, target: np.ndarray, smoothing: float = 0.0) -> np.ndarray:
    """Leave-one-out errors (n, 2) of a (smoothing) TPS without refitting n times.

    For a kernel interpolator, the residual at point i of the fit without i is
    ``c_i / (A⁻¹)_ii`` with ``c = A⁻¹ v`` (Dubrule's formula), the bordered
    system included: exact for the interpolating TPS; for the smoothing TPS it
    holds the smoothing weight fixed (a refit would rescale it by a few per cent).
    """
    errors, _ = tps_loo_parts(source, target, smoothing)
    return errors


def tps_loo_parts(source: np.ndarray, target: np.ndarray, smoothing: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """LOO errors (n, 2) of a (smoothing) TPS and each point's LOO error standardised, (n,).

    Dubrule's formula also gives how large each LOO error is expected to be: its
    variance under the spline's own model is proportional to ``1 / (A⁻¹)_ii``. A
    corner point, predicted by extrapolation, is expected to be off by more than a
    point amid others; ``|c_i| / sqrt((A⁻¹)_ii)`` puts both on one scale (up to a
    factor common to all points).
    """
    matrix, _, _ = _tps_system(source, smoothing)
    inverse = np.linalg.inv(matrix)
    n = len(source)
    right = np.zeros((n + 3, 2))
    right[:n] = target
    coefficients = inverse @ right
    diagonal = np.diag(inverse)[:n]
    return -coefficients[:n] / diagonal[:, None], np.hypot(*coefficients[:n].T) / np.sqrt(np.abs(diagonal))


def quadratic_loo_parts(source: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LOO errors (n, 2) of a polynomial of order 2 and each point's LOO error standardised, (n,).

    The least-squares counterpart of :func:`tps_loo_parts`: with leverage ``h_i`` (the
    hat matrix's diagonal), the LOO error is ``r_i / (1 - h_i)`` and its expected size
    is proportional to ``1 / sqrt(1 - h_i)``, so ``|r_i| / sqrt(1 - h_i)`` is standardised.
    """
    centre, scale = _normalisation(source)
    design = _poly_terms(source, 2, centre, scale)
    solve = np.linalg.pinv(design)
    leverage = np.clip(np.einsum("ij,ji->i", design, solve), 0.0, 1.0 - 1e-9)
    residuals = design @ (solve @ target) - target
    return residuals / (1 - leverage)[:, None], np.hypot(*residuals.T) / np.sqrt(1 - leverage)


_APPLY = {"poly": _apply_poly, "helmert": _apply_helmert, "projective": _apply_projective, "tps": _apply_tps}


# -- fitting -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transform:
    """A fitted transform in both directions, and how well it fits its control points."""

    method: Method
    forward: Fitted  # pixels -> metres
    inverse: Fitted  # metres -> pixels
    residuals: np.ndarray  # (n, 2) metres: fitted - given
    loo: np.ndarray  # (n, 2) metres: fitted without the point - given
    smoothing: float = 0.0

    @property
    def residual_m(self) -> np.ndarray:
        return np.hypot(*self.residuals.T)

    @property
    def loo_m(self) -> np.ndarray:
        return np.hypot(*self.loo.T)

    @property
    def rmse_m(self) -> float:
        return float(np.sqrt(np.mean(self.residual_m**2)))

    @property
    def loo_rmse_m(self) -> float:
        return float(np.sqrt(np.mean(self.loo_m**2)))


def _fit_direction(method: Method, source: np.ndarray, target: np.ndarray, smoothing: float) -> Fitted:
    if method is Method.HELMERT:
        return Fitted(method, "helmert", _fit_helmert(source, target))
    if method is Method.PROJECTIVE:
        return Fitted(method, "projective", _fit_projective(source, target))
    if method in (Method.TPS, Method.TPS_SMOOTH):
        return Fitted(method, "tps", _fit_tps(source, target, smoothing))
    order = {Method.AFFINE: 1, Method.POLY1: 1, Method.POLY2: 2, Method.POLY3: 3}[method]
    return Fitted(method, "poly", _fit_poly(source, target, order))


def check_distinct(method: str, pixels: np.ndarray, metres: np.ndarray, ids: list[str]) -> None:
    """Refuse two points at one place, on the sketch or on the map, naming them: every spline through them is
    singular, and a point clicked twice is the user's to remove."""
    sides = (
        (pixels, QT_TRANSLATE_NOOP("reason", "points {points} are at the same place on the sketch; remove one")),
        (metres, QT_TRANSLATE_NOOP("reason", "points {points} are at the same place on the map; remove one")),
    )
    for coordinates, same_place in sides:
        _, first, counts = np.unique(np.round(coordinates, 6), axis=0, return_index=True, return_counts=True)
        if (counts > 1).any():
            twin = first[counts > 1][0]
            same = [ids[i] for i in range(len(ids)) if np.allclose(coordinates[i], coordinates[twin])]
            raise InvalidControlPointsError(method=method, reason=same_place, points=", ".join(same))


def check_points(method: Method, pixels: np.ndarray, metres: np.ndarray, ids: list[str]) -> None:
    """Refuse what no fit can use, naming the points: too few, duplicates, or all on one line."""
    needed = MINIMUM_POINTS[method]
    if len(pixels) < needed:
        raise InvalidControlPointsError(
            method=method.value,
            reason=QT_TRANSLATE_NOOP("reason", "needs at least {needed} enabled control points, has {count}"),
            needed=needed,
            count=len(pixels),
        )
    check_distinct(method.value, pixels, metres, ids)
    sides = (
        (pixels, QT_TRANSLATE_NOOP("reason", "all points lie on one line on the sketch; add a point off it")),
        (metres, QT_TRANSLATE_NOOP("reason", "all points lie on one line on the map; add a point off it")),
    )
    for coordinates, one_line in sides:
        centred = coordinates - coordinates.mean(axis=0)
        singular = np.linalg.svd(centred, compute_uv=False)
        if method is not Method.HELMERT and singular[-1] <= 1e-9 * max(singular[0], 1e-12):
            raise InvalidControlPointsError(method=method.value, reason=one_line)


def fit(
    method: Method,
    pixels: np.ndarray,
    metres: np.ndarray,
    ids: list[str] | None = None,
    smoothing: float | None = None,
) -> Transform:
    """Fit ``method`` to control points (pixels (n, 2), y down; metres (n, 2)); LOO errors included.

    For ``TPS_SMOOTH`` the smoothing is chosen by the smallest LOO RMSE unless given.
    """
    pixels, metres = np.asarray(pixels, dtype=float), np.asarray(metres, dtype=float)
    ids = ids or [str(i + 1) for i in range(len(pixels))]
    check_points(method, pixels, metres, ids)
    if method is Method.TPS_SMOOTH and smoothing is None:
        scores = [np.sqrt(np.mean(np.sum(tps_loo_errors(pixels, metres, s) ** 2, axis=1))) for s in SMOOTHING_GRID]
        smoothing = float(SMOOTHING_GRID[int(np.argmin(scores))])
    smoothing = smoothing or 0.0
    forward = _fit_direction(method, pixels, metres, smoothing)
    inverse = _fit_direction(method, metres, pixels, smoothing)
    residuals = forward.apply(pixels) - metres
    if method in (Method.TPS, Method.TPS_SMOOTH):
        loo = tps_loo_errors(pixels, metres, smoothing)
    else:
        loo = _refit_loo(method, pixels, metres)
    return Transform(method, forward, inverse, residuals, loo, smoothing)


def _refit_loo(method: Method, pixels: np.ndarray, metres: np.ndarray) -> np.ndarray:
    """LOO errors by refitting without each point; NaN where too few points would remain."""
    n = len(pixels)
    errors = np.full((n, 2), np.nan)
    if n - 1 < MINIMUM_POINTS[method]:
        return errors
    for i in range(n):
        keep = np.arange(n) != i
        fitted = _fit_direction(method, pixels[keep], metres[keep], 0.0)
        errors[i] = fitted.apply(pixels[i : i + 1])[0] - metres[i]
    return errors
