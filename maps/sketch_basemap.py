"""A photographed sketch placed on the map by its control points, as an optional basemap.

The basemap uses the best single projective transform (homography) of the
sketch's enabled control points: a photo of a sheet of paper is, to first
order, a perspective view of a plane, so four or more points place it
sensibly. The officer's own drawing distortions are the georeferencer's job;
here the sketch only has to sit under the real layers for orientation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from PySide6.QtGui import QImage

from layers.crs import to_measure
from layers.errors import SketchUnreadableError, WanggeError
from layers.store import ProjectStore
from maps.sketch_photo import photo_header_readable, upright_image

MINIMUM_CONTROL_POINTS = 4


@dataclass(frozen=True)
class SketchBasemap:
    sketch_id: str
    title: str
    image: QImage
    homography: np.ndarray  # 3x3, sketch pixel (column, row, 1) -> metres (x, y, w)


def _normalising(points: np.ndarray) -> np.ndarray:
    """Similarity moving ``points`` to mean 0 and mean distance sqrt(2) (Hartley), for a stable fit."""
    centre = points.mean(axis=0)
    spread = np.sqrt(((points - centre) ** 2).sum(axis=1)).mean() or 1.0
    scale = np.sqrt(2) / spread
    return np.array([[scale, 0, -scale * centre[0]], [0, scale, -scale * centre[1]], [0, 0, 1]])


def fit_homography(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Least-squares homography from ``source`` (n, 2) to ``target`` (n, 2), n >= 4 (normalised DLT).

    >>> square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    >>> h = fit_homography(square, square * 2 + 5)
    >>> np.round(h @ [1, 1, 1] / (h @ [1, 1, 1])[2], 6).tolist()
    [7.0, 7.0, 1.0]
    """
    t_source, t_target = _normalising(source), _normalising(target)
    s = np.c_[source, np.ones(len(source))] @ t_source.T
    d = np.c_[target, np.ones(len(target))] @ t_target.T
    rows = []
    for (u, v, _), (x, y, _) in zip(s, d):
        rows.append([-u, -v, -1, 0, 0, 0, x * u, x * v, x])
        rows.append([0, 0, 0, -u, -v, -1, y * u, y * v, y])
    _, _, vt = np.linalg.svd(np.asarray(rows))
    normalised = vt[-1].reshape(3, 3)
    homography = np.linalg.inv(t_target) @ normalised @ t_source
    return homography / homography[2, 2]


def unreadable_sketches(store: ProjectStore) -> tuple[WanggeError, ...]:
    """A message for each sketch whose photo cannot be read, from the photos' headers: said when a project
    opens, while the photos are decoded only when the sketch layer is shown (:func:`load_sketch_basemaps`)."""
    sketches = store.read("sketches", columns=["title", "image"])
    return tuple(
        SketchUnreadableError(title=title)
        for title, image_bytes in zip(sketches["title"], sketches["image"])
        if not photo_header_readable(image_bytes)
    )


def load_sketch_basemaps(store: ProjectStore) -> tuple[tuple[SketchBasemap, ...], tuple[WanggeError, ...]]:
    """Every sketch that can be placed, and a message for each that cannot be read."""
    sketches = store.read("sketches", columns=["id", "title", "image"])
    points = store.read("sketch_control_points", columns=["sketch_id", "sketch_x", "sketch_y", "enabled"])
    points = points[points["enabled"].to_numpy(dtype=bool)]
    basemaps, problems = [], []
    for sketch_id, title, image_bytes in zip(sketches["id"], sketches["title"], sketches["image"]):
        image = upright_image(image_bytes)
        if image.isNull():
            problems.append(SketchUnreadableError(title=title))
            continue
        own = points[(points["sketch_id"] == sketch_id).to_numpy()]
        if len(own) < MINIMUM_CONTROL_POINTS:
            continue  # not georeferenced yet: nothing to place, nothing wrong
        geometry = own.geometry.to_numpy()
        x, y = to_measure(shapely.get_x(geometry), shapely.get_y(geometry))
        source = np.c_[own["sketch_x"].to_numpy(dtype=float), own["sketch_y"].to_numpy(dtype=float)]
        homography = fit_homography(source, np.c_[x, y])
        basemaps.append(SketchBasemap(sketch_id, title, image.convertToFormat(QImage.Format.Format_ARGB32), homography))
    return tuple(basemaps), tuple(problems)
