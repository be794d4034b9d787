"""What an officer needs under the layers in QField: the grid's own sketch, and the station's imagery.

A GeoPackage for the field (a pulled grid copy, a GeoPackage export) gets each placed
sketch as a raster layer, warped north-up by the same homography Wangge's own sketch
basemap uses (:mod:`maps.sketch_basemap`), and, from a project that has it, the
satellite imagery tile for tile (:mod:`layers.imagery.copying`). QGIS and QField list
them as raster layers named ``手绘图 <title>`` and by the imagery's own name.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtGui import QImage

from layers.feedback import Feedback
from layers.imagery.adding import add_imagery_to_geopackage
from layers.imagery.copying import copy_imagery
from layers.store import GeoPackageStore, ProjectStore
from maps.georef.warp import WarpedSketch, write_georeferenced
from maps.sketch_basemap import SketchBasemap, load_sketch_basemaps

MAX_SIDE_PX = 4096
"""The warped sketch's longer side at most: a phone photo's detail, not more."""

SKETCH_NAME = "手绘图 {title}"


def add_field_basemaps(source: ProjectStore, target: str | Path, feedback: Feedback | None = None) -> list[str]:
    """Add ``source``'s placed sketches, and its imagery if it is another GeoPackage, to ``target``; returns names.

    ``target`` may be ``source``'s own file (a pulled copy gets its sketches as basemaps).
    """
    feedback = feedback or Feedback()
    target = Path(target)
    names = []
    same_file = isinstance(source, GeoPackageStore) and source.path.resolve() == target.resolve()
    if isinstance(source, GeoPackageStore) and not same_file:  # a shared database holds no imagery
        names += [pyramid.name for pyramid in copy_imagery(source.path, target, feedback.step(0, 60))]
    basemaps, _unreadable = load_sketch_basemaps(source)  # an unreadable photo is named where sketches are opened
    with tempfile.TemporaryDirectory(prefix="wangge-sketch-") as folder:
        for index, basemap in enumerate(basemaps):
            feedback.raise_if_canceled()
            image = Path(folder) / f"sketch-{index}.png"
            write_georeferenced(warped_north_up(basemap), image)
            step = feedback.step(60 + 40 * index / len(basemaps), 60 + 40 * (index + 1) / len(basemaps))
            name = SKETCH_NAME.format(title=basemap.title)
            store = source if same_file else None  # its edits are held off while the pyramid goes in
            names.append(add_imagery_to_geopackage(target, image, name, step, store).name)
    feedback.set_progress(100)
    return names


def warped_north_up(basemap: SketchBasemap) -> WarpedSketch:
    """The sketch through its homography onto a north-up grid of metres, transparent outside the paper."""
    width, height = basemap.image.width(), basemap.image.height()
    corners = np.array([[0, 0, 1], [width, 0, 1], [width, height, 1], [0, height, 1]], dtype=float)
    placed = corners @ basemap.homography.T
    placed = placed[:, :2] / placed[:, 2:]
    left, bottom = placed.min(axis=0)
    right, top = placed.max(axis=0)
    pixel = max(_metres_per_pixel(basemap.homography, width, height), max(right - left, top - bottom) / MAX_SIDE_PX)
    columns, rows = int(np.ceil((right - left) / pixel)), int(np.ceil((top - bottom) / pixel))
    to_output = np.array([[1 / pixel, 0, -left / pixel], [0, -1 / pixel, top / pixel], [0, 0, 1]])
    pixels = _bgra(basemap.image)
    warped = cv2.warpPerspective(
        pixels, to_output @ basemap.homography, (columns, rows), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0, 0)
    )
    image = QImage(warped.data, columns, rows, 4 * columns, QImage.Format.Format_ARGB32).copy()
    extent = (float(left), float(top - rows * pixel), float(left + columns * pixel), float(top))
    return WarpedSketch(image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied), extent, float(pixel))


def _metres_per_pixel(homography: np.ndarray, width: int, height: int) -> float:
    """The ground size of one sketch pixel at the sketch's centre."""
    centre = np.array([[width / 2, height / 2, 1], [width / 2 + 1, height / 2, 1], [width / 2, height / 2 + 1, 1]])
    placed = centre @ homography.T
    placed = placed[:, :2] / placed[:, 2:]
    (ax, ay), (bx, by) = placed[1] - placed[0], placed[2] - placed[0]
    return float(np.sqrt(abs(ax * by - ay * bx)))  # the square root of the pixel's area on the ground


def _bgra(image: QImage) -> np.ndarray:
    """The image's pixels as rows of B, G, R, A bytes (Qt's ARGB32 in memory order)."""
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)
    buffer = np.frombuffer(argb.constBits(), dtype=np.uint8, count=argb.sizeInBytes())
    return (
        buffer.reshape(argb.height(), argb.bytesPerLine())[:, : 4 * argb.width()]
        .reshape(argb.height(), argb.width(), 4)
        .copy()
    )
