"""An expensive map evaluated on a coarse lattice and interpolated, as GDAL's approximate transformer.

Warping inverse-maps every output pixel to the sketch. A thin-plate spline costs
O(control points) per pixel, so a 40-megapixel warp would spend most of its time
there. Like GDAL's ``GDALApproxTransform`` we evaluate the map exactly on a lattice
every ``step`` (16) output pixels and interpolate bilinearly between the nodes;
where the interpolation could be off by more than ``tolerance`` (0.125) source
pixels, a cell is approximated again on a lattice every ``SUB_STEP`` (4) pixels,
and evaluated exactly where even that fails.

The error check is exact for maps that are quadratic over a cell: bilinear
interpolation reproduces the constant, linear and ``xy`` terms, so its error is
``a·t(1-t) + b·s(1-s)`` (vectors ``a``, ``b``; ``t``, ``s`` the position in the
cell), which is largest at the cell's centre or the midpoint of one of its edges.
Those five points are evaluated exactly, for every cell.

A TPS is not quadratic near its control points: its kernel r² log r² has a
logarithmic second derivative there, and a cell holding one erred up to 2.5 times
its check. Cells within ``NEAR_CELLS`` (1) cell of a control point (``singular``)
therefore always go down a level. Elsewhere, over 360 random, strongly bent TPS
with control points 25-150 output pixels apart (far denser than on any sketch), a
cell's true error reached 1.59 times its check. A cell passes when its check is
within the tolerance divided by ``SAFETY`` (2). So the error left is at most
``tolerance`` wherever a cell's error is within twice its check; the tests measure
it against the exact TPS.
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
"""Cells this close (in cells, either way) to a control point are never trusted to the check alone."""
SUB_STEP = 4
"""A cell that fails its check is approximated again on a lattice this fine before going exact."""


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
    cell_error = checked_error(
        nodes,
        exact_grid(exact, middle_x, middle_y),
        exact_grid(exact, middle_x, node_y),
        exact_grid(exact, node_x, middle_y),
    )
    planes = nodes.transpose(2, 0, 1)  # (2, down + 1, across + 1): a few rows, cheap to interpolate along
    cell, offset = np.divmod(np.arange(columns.count), step)
    t = offset / step
    along = planes[:, :, cell] * (1 - t) + planes[:, :, cell + 1] * t  # (2, down + 1, columns)
    cell, offset = np.divmod(np.arange(rows.count), step)
    s = (offset / step)[:, None]
    positions = along[:, cell] * (1 - s)
    positions += along[:, cell + 1] * s
    return positions, cell_error


def approximate(
    exact: ExactMap,
    columns: Axis,
    rows: Axis,
    step: int = LATTICE_STEP,
    tolerance: float = TOLERANCE_PX,
    singular: np.ndarray | None = None,
) -> tuple[np.ndarray, float]:
    """``exact`` at every pixel centre of ``rows`` × ``columns``, within ``tolerance`` (see the module).

    A cell that fails its check, or lies near one of the ``singular`` places (k, 2) in map
    units where the map is not smooth (a TPS's control points), is approximated again on a
    ``SUB_STEP`` lattice under the same rules, and evaluated exactly where that fails too.
    A check that is not finite (the map left its domain) fails. Returns positions (2,
    rows.count, columns.count) and the share of pixels evaluated exactly.
    """
    positions, cell_error = interpolated(exact, columns, rows, step)
    places = _pixel_places(singular, columns, rows, margin=(NEAR_CELLS + 1) * step)
    down, across = cell_error.shape
    centre_rows = (step * np.arange(down) + (step - 1) / 2)[:, None]
    centre_columns = step * np.arange(across) + (step - 1) / 2
    rough = ~(cell_error <= tolerance / SAFETY) | _near(centre_rows, centre_columns, step, places)
    if not rough.any():
        return positions, 0.0
    cell_rows, cell_columns = np.nonzero(rough)
    exact_pixels = refine_cells(
        positions, exact, columns, rows, step * cell_rows, step * cell_columns, step, tolerance, places
    )
    return positions, exact_pixels / (rows.count * columns.count)


def refine_cells(
    positions: np.ndarray,
    exact: ExactMap,
    columns: Axis,
    rows: Axis,
    tops: np.ndarray,
    lefts: np.ndarray,
    size: int,
    tolerance: float,
    places: np.ndarray,
) -> int:
    """Approximate the cells of ``size`` pixels at (``tops``, ``lefts``) again on a ``SUB_STEP`` lattice.

    Sub-cells that fail their check, or lie near a singular place (``places``, in pixels),
    are evaluated exactly. Writes into ``positions``; returns the number of exact pixels.
    """
    sub, count = SUB_STEP, size // SUB_STEP
    node_offsets, middle_offsets = sub * np.arange(count + 1), sub * np.arange(count) + sub / 2

    def at(row_offsets: np.ndarray, column_offsets: np.ndarray) -> np.ndarray:
        pixel_rows = tops[:, None, None] + row_offsets[None, :, None]
        pixel_columns = lefts[:, None, None] + column_offsets[None, None, :]
        pixel_rows, pixel_columns = np.broadcast_arrays(pixel_rows, pixel_columns)
        places = np.column_stack([columns.at(pixel_columns.ravel()), rows.at(pixel_rows.ravel())])
        return exact(places).reshape(*pixel_rows.shape, 2)

    nodes = at(node_offsets, node_offsets)  # (cells, count + 1, count + 1, 2)
    error = checked_error(
        nodes, at(middle_offsets, middle_offsets), at(node_offsets, middle_offsets), at(middle_offsets, node_offsets)
    )
    index, fraction = np.divmod(np.arange(size), sub)
    t = (fraction / sub)[:, None]
    along = nodes[:, :, index] * (1 - t) + nodes[:, :, index + 1] * t  # (cells, count + 1, size, 2)
    values = along[:, index] * (1 - t)[:, None] + along[:, index + 1] * t[:, None]  # (cells, size, size, 2)
    sub_centres = sub * np.arange(count) + (sub - 1) / 2
    near = _near((tops[:, None] + sub_centres)[:, :, None], (lefts[:, None] + sub_centres)[:, None, :], sub, places)
    cell, sub_row, sub_column = np.nonzero(~(error <= tolerance / SAFETY) | near)
    within_row, within_column = np.divmod(np.arange(sub * sub), sub)
    local_rows = (sub * sub_row[:, None] + within_row).ravel()
    local_columns = (sub * sub_column[:, None] + within_column).ravel()
    cell = np.repeat(cell, sub * sub)
    exact_places = np.column_stack([columns.at(lefts[cell] + local_columns), rows.at(tops[cell] + local_rows)])
    values[cell, local_rows, local_columns] = exact(exact_places)
    pixel_rows = tops[:, None, None] + np.arange(size)[None, :, None]
    pixel_columns = lefts[:, None, None] + np.arange(size)[None, None, :]
    pixel_rows, pixel_columns = np.broadcast_arrays(pixel_rows, pixel_columns)
    inside = (pixel_rows < rows.count) & (pixel_columns < columns.count)  # edge cells reach past the block
    positions[:, pixel_rows[inside], pixel_columns[inside]] = values[inside].T
    return int(inside[cell, local_rows, local_columns].sum())


def checked_error(nodes: np.ndarray, centres: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray) -> np.ndarray:
    """Each cell's largest interpolation error at its centre and edge midpoints.

    ``nodes`` (..., r + 1, c + 1, 2) and the exact values at the cells' centres (..., r, c, 2),
    at the midpoints of horizontal edges (..., r + 1, c, 2) and of vertical ones (..., r, c + 1, 2).
    """
    centre_error = _distance(centres, _mean4(nodes))
    horizontal_error = _distance(horizontal, (nodes[..., :, :-1, :] + nodes[..., :, 1:, :]) / 2)
    vertical_error = _distance(vertical, (nodes[..., :-1, :, :] + nodes[..., 1:, :, :]) / 2)
    return np.fmax.reduce(
        [
            centre_error,
            horizontal_error[..., :-1, :],
            horizontal_error[..., 1:, :],
            vertical_error[..., :, :-1],
            vertical_error[..., :, 1:],
        ]
    )


def _pixel_places(singular: np.ndarray | None, columns: Axis, rows: Axis, margin: float) -> np.ndarray:
    """``singular`` places as (column, row) pixel positions, keeping those within ``margin`` of the block."""
    if singular is None or not len(singular):
        return np.empty((0, 2))
    places = np.column_stack(
        [(singular[:, 0] - columns.origin) / columns.spacing, (singular[:, 1] - rows.origin) / rows.spacing]
    )
    keep = (places >= -margin).all(axis=1) & (places[:, 0] <= columns.count + margin)
    return places[keep & (places[:, 1] <= rows.count + margin)]


def _near(centre_rows: np.ndarray, centre_columns: np.ndarray, size: float, places: np.ndarray) -> np.ndarray:
    """Whether cells of ``size`` pixels centred at (rows, columns) lie within ``NEAR_CELLS`` cells of a place."""
    reach = (NEAR_CELLS + 0.5) * size
    near = np.zeros(np.broadcast_shapes(np.shape(centre_rows), np.shape(centre_columns)), dtype=bool)
    for column, row in places:  # a few dozen control points near a block; each test is one array operation
        near |= (np.abs(centre_rows - row) <= reach) & (np.abs(centre_columns - column) <= reach)
    return near


def _mean4(nodes: np.ndarray) -> np.ndarray:
    return (nodes[..., :-1, :-1, :] + nodes[..., :-1, 1:, :] + nodes[..., 1:, :-1, :] + nodes[..., 1:, 1:, :]) / 4


def _distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    difference = a - b
    return np.hypot(difference[..., 0], difference[..., 1])
