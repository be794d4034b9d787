"""An expensive map evaluated on a coarse lattice and interpolated, as GDAL's approximate transformer.

Warping inverse-maps every output pixel to the sketch. A thin-plate spline costs
O(control points) per pixel, so a 40-megapixel warp would spend most of its time
there. Like GDAL's ``GDALApproxTransform`` we evaluate the map exactly on a lattice
every ``step`` output pixels and interpolate bilinearly between the nodes, and
evaluate exactly wherever the interpolation would be off by more than ``tolerance``
source pixels.

The error check is exact for maps that are quadratic over a cell: bilinear
interpolation reproduces the constant, linear and ``xy`` terms, so its error is
``a·t(1-t) + b·s(1-s)`` (vectors ``a``, ``b``; ``t``, ``s`` the position in the
cell), which is largest at the cell's centre or the midpoint of one of its edges.
Those five points are evaluated exactly.

A TPS is not quadratic near its control points: its kernel r² log r² has a
logarithmic second derivative there, and a cell holding one erred up to 2.5 times
its check. Cells within ``NEAR_CELLS`` of a control point (``singular``) are
therefore evaluated exactly. Elsewhere, over 360 random, strongly bent TPS with
control points 25-150 output pixels apart (far denser than on any sketch), a
cell's true error reached 1.29 times its check. A cell is evaluated exactly when
its check exceeds the tolerance divided by ``SAFETY`` = 2, so the error left is at
most ``tolerance`` wherever a cell's error is within twice its check; the tests
measure it against the exact TPS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

ExactMap = Callable[[np.ndarray], np.ndarray]
"""Maps (n, 2) points to (n, 2) points, exactly and expensively."""

LATTICE_STEP = 16
"""Output pixels between lattice nodes, GDAL's default ballpark for approximate warping."""
TOLERANCE_PX = 0.125
"""Largest interpolation error allowed, in source pixels (GDAL's gdalwarp default ``-et 0.125``)."""
SAFETY = 2.0
"""How much larger than its checked points a cell's error may be (measured up to 1.59, see above)."""
NEAR_CELLS = 1
"""Cells this close (in cells, either way) to a control point are always evaluated exactly."""


@dataclass(frozen=True)
class Axis:
    """Pixel centres ``origin + spacing * i`` for ``i`` in ``range(count)``, along x or y in map units."""

    origin: float
    spacing: float
    count: int

    def at(self, index: np.ndarray | float) -> np.ndarray:
        return self.origin + self.spacing * np.asarray(index, dtype=float)


def exact_grid(exact: ExactMap, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """``exact`` at every (x, y) of the grid ``xs`` × ``ys``, shaped (len(ys), len(xs), 2)."""
    x, y = np.meshgrid(xs, ys)
    return exact(np.column_stack([x.ravel(), y.ravel()])).reshape(len(ys), len(xs), 2)


def interpolated(exact: ExactMap, columns: Axis, rows: Axis, step: int = LATTICE_STEP) -> tuple[np.ndarray, np.ndarray]:
    """The lattice interpolation over ``rows`` × ``columns`` (no refinement), and each cell's checked error.

    Returns positions (2, rows.count, columns.count): x then y planes, so each is contiguous
    for the sampling; and the error (cells down, cells across) found at each cell's centre and
    edge midpoints. Nodes sit at local indices 0, step, 2·step, ..., so blocks of rows that
    start at multiples of ``step`` share one lattice and leave no seams.
    """
    across, down = -(-columns.count // step), -(-rows.count // step)  # cells, the last pixel inside the last
    node_x, node_y = columns.at(step * np.arange(across + 1)), rows.at(step * np.arange(down + 1))
    middle_x, middle_y = columns.at(step * np.arange(across) + step / 2), rows.at(step * np.arange(down) + step / 2)
    nodes = exact_grid(exact, node_x, node_y)
    centre_error = _distance(exact_grid(exact, middle_x, middle_y), _mean4(nodes))
    horizontal_error = _distance(exact_grid(exact, middle_x, node_y), (nodes[:, :-1] + nodes[:, 1:]) / 2)
    vertical_error = _distance(exact_grid(exact, node_x, middle_y), (nodes[:-1] + nodes[1:]) / 2)
    cell_error = np.fmax.reduce(
        [
            centre_error,
            horizontal_error[:-1],
            horizontal_error[1:],
            vertical_error[:, :-1],
            vertical_error[:, 1:],
        ]
    )
    planes = nodes.transpose(2, 0, 1)  # (2, down + 1, across + 1): a few rows, cheap to interpolate along
    cell, offset = np.divmod(np.arange(columns.count), step)
    t = offset / step
    along = planes[:, :, cell] * (1 - t) + planes[:, :, cell + 1] * t  # (2, down + 1, columns)
    return _row_weights(rows.count, down + 1, step) @ along, cell_error


def approximate(
    exact: ExactMap,
    columns: Axis,
    rows: Axis,
    step: int = LATTICE_STEP,
    tolerance: float = TOLERANCE_PX,
    singular: np.ndarray | None = None,
) -> tuple[np.ndarray, float]:
    """``exact`` at every pixel centre of ``rows`` × ``columns``, within ``tolerance`` (see the module).

    ``singular`` (k, 2) are places in map units where the map is not smooth (a TPS's
    control points); cells near them are evaluated exactly, as are cells whose check is
    not finite (the map left its domain). Returns positions (2, rows.count,
    columns.count) and the share of pixels evaluated exactly.
    """
    positions, cell_error = interpolated(exact, columns, rows, step)
    rough = ~(cell_error <= tolerance / SAFETY) | near_cells(cell_error.shape, columns, rows, step, singular)
    if not rough.any():
        return positions, 0.0
    row_in_rough = rough[np.arange(rows.count) // step]
    pixel_rows, pixel_columns = np.nonzero(row_in_rough[:, np.arange(columns.count) // step])
    exact_places = np.column_stack([columns.at(pixel_columns), rows.at(pixel_rows)])
    positions[:, pixel_rows, pixel_columns] = exact(exact_places).T
    return positions, len(pixel_rows) / (rows.count * columns.count)


def near_cells(shape: tuple[int, int], columns: Axis, rows: Axis, step: int, singular: np.ndarray | None) -> np.ndarray:
    """Cells (down, across) within ``NEAR_CELLS`` cells of any ``singular`` place."""
    near = np.zeros(shape, dtype=bool)
    if singular is None or not len(singular):
        return near
    cell_x = np.floor((singular[:, 0] - columns.origin) / columns.spacing / step + 0.5 / step).astype(int)
    cell_y = np.floor((singular[:, 1] - rows.origin) / rows.spacing / step + 0.5 / step).astype(int)
    offsets = np.arange(-NEAR_CELLS, NEAR_CELLS + 1)
    xs = (cell_x[:, None, None] + offsets[None, None, :]).repeat(len(offsets), axis=1)
    ys = (cell_y[:, None, None] + offsets[None, :, None]).repeat(len(offsets), axis=2)
    inside = (xs >= 0) & (xs < shape[1]) & (ys >= 0) & (ys < shape[0])
    near[ys[inside], xs[inside]] = True
    return near


def _row_weights(count: int, nodes: int, step: int) -> np.ndarray:
    """(count, nodes) weights of linear interpolation from node rows every ``step`` to each of ``count`` rows.

    Two non-zeros per row; as a matrix product the interpolation down a block runs in BLAS.
    """
    cell, offset = np.divmod(np.arange(count), step)
    weights = np.zeros((count, nodes))
    weights[np.arange(count), cell] = 1 - offset / step
    weights[np.arange(count), cell + 1] = offset / step
    return weights


def _mean4(nodes: np.ndarray) -> np.ndarray:
    return (nodes[:-1, :-1] + nodes[:-1, 1:] + nodes[1:, :-1] + nodes[1:, 1:]) / 4


def _distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.hypot(*(a - b).transpose(2, 0, 1))
