"""Where a grid's label may go: candidate centres inside the part of the grid in view.

A grid's default label point (``point_on_surface`` of the whole polygon) often
falls on a village street, under households and the road, or outside the view.
As QGIS's polygon labelling does, the label gets candidates instead, all inside
the visible part of the grid: first the pole of inaccessibility (the centre of
the largest circle inside it, the roomiest spot), then a point on its surface,
then rings around the pole and, with few grids in view, points all over the grid;
:class:`~maps.label_placement.LabelPlacer` takes the free one hiding the
fewest symbols. Vectorised over the grids in view.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import shapely
from PySide6.QtGui import QFont, QTransform

from maps.label_placement import Label, label_box
from maps.map_content import MapContent

Extent = tuple[float, float, float, float]

RING_STEPS = (0.5, 1.0, 1.5, 2.0, 3.0)
"""Rings around the pole, in label sizes: near ones first, so a label moves no farther than it must."""
DIRECTIONS = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))
LATTICE_GRIDS_UP_TO = 12
"""With this few grids in view (a village or a grid sheet), each label also tries points all over its grid: where
labels matter most, a free spot far from the pole beats a crowded one near it."""


def grid_labels_in_view(
    content: MapContent, view: Extent, to_device: QTransform, fonts: tuple[QFont, QFont], colour: str
) -> list[Label]:
    """Each grid in ``view``: its code and name over its officer's name, one label in device pixels
    (``to_device`` maps metres to them), at its first candidate with the others as alternatives."""
    in_view = content.grids.indices_within(view)
    title, detail = fonts
    blocks = [
        Label(0, 0, f"{grid.code} {grid.name}", title, colour, (), grid.officer, detail)
        for grid in (content.grid_labels[i] for i in in_view)
    ]
    if not blocks:
        return []
    largest = np.array([(box.width(), box.height()) for box in map(label_box, blocks)]).max(axis=0)
    label_size = largest / abs(to_device.m11())  # in metres
    labels = []
    for block, spots in zip(blocks, grid_label_spots(content.grids.geometries[in_view], view, tuple(label_size))):
        if len(spots):
            columns = to_device.m11() * spots[:, 0] + to_device.m31()  # metres to pixels: a scale and a shift
            rows = to_device.m22() * spots[:, 1] + to_device.m32()
            (x, y), *others = zip(columns.tolist(), rows.tolist())
            labels.append(replace(block, x=x, y=y, alternatives=tuple(others)))
    return labels


def grid_label_spots(polygons: np.ndarray, view: Extent, label_size: tuple[float, float]) -> list[np.ndarray]:
    """Per grid polygon, candidate label centres in metres ((n, 2), best first); empty when the grid is out of view.

    ``label_size`` is the label's width and height in metres. Candidates where the
    label lies whole inside the grid's part in ``view`` are the only ones kept when
    there are any; a part too narrow for the label keeps those whose centre is in it.

    >>> import shapely
    >>> square = shapely.box(0, 0, 100, 100)
    >>> spots = grid_label_spots(np.array([square]), (-500, -500, 500, 500), (20, 10))
    >>> spots[0][0].round().tolist(), bool(shapely.contains_xy(square, *spots[0].T).all())
    ([50.0, 50.0], True)
    """
    spots: list[np.ndarray] = [np.empty((0, 2)) for _ in polygons]
    if not len(polygons):
        return spots
    width, height = label_size
    visible = shapely.intersection(polygons, shapely.box(*view))
    collections = shapely.get_type_id(visible) == shapely.GeometryType.GEOMETRYCOLLECTION
    visible[collections] = shapely.buffer(visible[collections], 0)  # a grid touching the view's edge: its area only
    shown = ~shapely.is_empty(visible)
    if not shown.any():
        return spots
    areas = visible[shown]
    shapely.prepare(areas)  # every candidate and its corners are tested against them: index each area once
    tolerance = max(min(width, height) / 8, 1e-3)  # GEOS stops refining cells below it
    poles = shapely.get_coordinates(shapely.get_point(shapely.maximum_inscribed_circle(areas, tolerance), 0))
    surface = shapely.get_coordinates(shapely.point_on_surface(areas))
    offsets = np.array([(dx * step * width, dy * step * height * 2) for step in RING_STEPS for dx, dy in DIRECTIONS])
    rings = poles[:, None, :] + offsets[None, :, :]
    candidates = np.concatenate([poles[:, None, :], surface[:, None, :], rings], axis=1)  # grids x candidates x 2
    inside = shapely.contains_xy(areas[:, None], candidates[..., 0], candidates[..., 1])
    inside[:, :2] = True  # the pole and the surface point lie inside by construction (or on a sliver's edge)
    whole = _fits(areas, candidates, width, height)
    for index, area, pole, grid_candidates, grid_inside, grid_whole in zip(
        np.nonzero(shown)[0], areas, poles, candidates, inside, whole
    ):
        fitting = grid_candidates[grid_whole]
        if len(areas) <= LATTICE_GRIDS_UP_TO or not len(fitting):  # few grids, or an odd corner the rings miss
            lattice = _lattice(area, pole, width, height)
            fitting = np.concatenate([fitting, lattice[_fits(np.array([area]), lattice[None], width, height)[0]]])
        spots[index] = fitting if len(fitting) else grid_candidates[grid_inside]  # too narrow: the label may spill
    return spots


def _fits(areas: np.ndarray, candidates: np.ndarray, width: float, height: float) -> np.ndarray:
    """Whether a box of width x height centred on each candidate (grids x candidates x 2) lies inside its area:
    its corners and the middles of its long edges do."""
    box = np.array([(dx * width / 2, dy * height / 2) for dx in (-1, 0, 1) for dy in (-1, 1)])
    corners = candidates[:, :, None, :] + box[None, None, :, :]
    return shapely.contains_xy(areas[:, None, None], corners[..., 0], corners[..., 1]).all(axis=2)


LATTICE_SIDE = 16


def _lattice(area: shapely.Geometry, pole: np.ndarray, width: float, height: float) -> np.ndarray:
    """Points over the area's bounds, at most LATTICE_SIDE a side, nearest the pole first."""
    minx, miny, maxx, maxy = shapely.bounds(area)
    xs = np.arange(minx + width / 2, maxx - width / 2, max(width / 4, (maxx - minx) / LATTICE_SIDE))
    ys = np.arange(miny + height / 2, maxy - height / 2, max(height / 2, (maxy - miny) / LATTICE_SIDE))
    points = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    return points[np.argsort(np.hypot(*(points - pole).T), kind="stable")]
