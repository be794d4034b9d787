"""A project's imagery read for one view: the pixels covering an extent, at the view's pixel size, in its CRS.

Every picture that shows imagery (the canvas, a printed page, the web page)
asks for exactly the grid it draws: an extent, a width and a height in a
coordinate system (the map's UTM 48N, or Web Mercator for the web page).
The part of the imagery under that extent is read *decimated* to about the
view's pixel size; GDAL serves such a read from the coarsest zoom level of the
GeoPackage pyramid (its overviews) that is still at least as detailed as asked,
so a whole township on a screen reads a few million pixels of a low zoom level,
never the full-resolution image. ``rasterio.warp.reproject`` then warps that
small array onto the view's grid. Memory and time follow the view's size, not
the extent's: at most about four source pixels per view pixel are read.

A GDAL dataset must not be used by two threads at once, and render jobs run on
worker threads that come and go, so each read opens the GeoPackage itself (a
few milliseconds) and closes it at the end. Opening is read-only: looking at
imagery never changes the project file.

No Qt here: the result is an RGBA ``numpy`` array, which :mod:`maps` wraps in
an image; the same function serves the command line and the exports.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from rasterio.enums import Resampling
from rasterio.errors import RasterioError
from rasterio.transform import from_bounds
from rasterio.warp import reproject, transform_bounds
from rasterio.windows import Window
from rasterio.windows import from_bounds as window_from_bounds

from layers.crs import MEASURE_EPSG
from layers.errors import QT_TRANSLATE_NOOP, Canceled, WanggeError
from layers.imagery.adding import list_imagery
from layers.store.base import ProjectStore
from layers.store.gpkg import GeoPackageStore

Extent = tuple[float, float, float, float]
IsCanceled = Callable[[], bool]

DENSIFY_POINTS = 21
"""Points per edge when an extent changes coordinate system: UTM and lon/lat edges bend against each other."""


class ImageryReadError(WanggeError):
    """Imagery kept in the project cannot be read (damaged tiles, a table another tool left half-written)."""

    template = QT_TRANSLATE_NOOP("ImageryReadError", "{path}: the imagery '{name}' cannot be shown ({reason})")


@dataclass(frozen=True)
class ImagerySource:
    """One imagery of a project as a map draws it: where its tiles are, and the ground it covers in metres.

    ``extent`` is the image's bounds in the map's UTM 48N (EPSG:32648), so a
    view can zoom to imagery and skip imagery outside it without opening it.
    """

    path: Path
    table: str
    name: str
    extent: Extent

    def covers(self, extent: Extent) -> bool:
        minx, miny, maxx, maxy = self.extent
        return extent[0] < maxx and extent[2] > minx and extent[1] < maxy and extent[3] > miny


def imagery_sources(project: str | Path | ProjectStore) -> tuple[tuple[ImagerySource, ...], tuple[WanggeError, ...]]:
    """The imagery of a GeoPackage project, in the order it was added, and a message for each that cannot be read.

    A shared database keeps no imagery: it has none to show.
    """
    if isinstance(project, ProjectStore) and not isinstance(project, GeoPackageStore):
        return (), ()
    path = project.path if isinstance(project, GeoPackageStore) else Path(project)
    sources, problems = [], []
    for info in list_imagery(path):
        try:
            with _open(path, info.table) as dataset:
                extent = transform_bounds(dataset.crs, f"EPSG:{MEASURE_EPSG}", *dataset.bounds, DENSIFY_POINTS)
        except RasterioError as error:
            problems.append(ImageryReadError(path=str(path), name=info.name, reason=str(error)))
            continue
        sources.append(ImagerySource(path, info.table, info.name, tuple(float(v) for v in extent)))
    return tuple(sources), tuple(problems)


def imagery_extent(sources: tuple[ImagerySource, ...]) -> Extent | None:
    """The extent in metres of all ``sources`` together; ``None`` without any."""
    if not sources:
        return None
    boxes = np.array([source.extent for source in sources])
    return (boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max())


def read_imagery(
    source: ImagerySource,
    extent: Extent,
    width: int,
    height: int,
    epsg: int = MEASURE_EPSG,
    is_canceled: IsCanceled = lambda: False,
) -> np.ndarray | None:
    """The imagery on the grid of ``width`` x ``height`` pixels over ``extent`` (in ``epsg``), as RGBA.

    Returns a ``(height, width, 4)`` uint8 array, not premultiplied, transparent
    where the imagery has no pixels; ``None`` when the imagery misses the extent.
    Raises :class:`~layers.errors.Canceled` between steps once ``is_canceled()``
    and :class:`ImageryReadError` when the tiles cannot be read.
    """
    _check(is_canceled)
    try:
        with _open(source.path, source.table) as dataset:
            view_crs = f"EPSG:{epsg}"
            seen = transform_bounds(view_crs, dataset.crs, *extent, DENSIFY_POINTS)
            window = _window_under(dataset, seen)
            if window is None:
                return None
            view_pixel = min((seen[2] - seen[0]) / width, (seen[3] - seen[1]) / height)
            shape = _decimated_shape(window, view_pixel / abs(dataset.res[0]))
            _check(is_canceled)
            rgba = _rgba(dataset, window, shape)
            _check(is_canceled)
            window_transform = dataset.window_transform(window)
            scaled = window_transform @ window_transform.scale(window.width / shape[1], window.height / shape[0])
            view = np.zeros((4, height, width), dtype=np.uint8)
            reproject(
                rgba,
                view,
                src_transform=scaled,
                src_crs=dataset.crs,
                src_alpha=4,
                dst_transform=from_bounds(*extent, width, height),
                dst_crs=view_crs,
                dst_alpha=4,
                resampling=Resampling.bilinear,
            )
    except RasterioError as error:
        raise ImageryReadError(path=str(source.path), name=source.name, reason=str(error)) from None
    _check(is_canceled)
    return np.ascontiguousarray(np.moveaxis(view, 0, -1))


def _open(path: Path, table: str) -> rasterio.DatasetReader:
    return rasterio.open(path, driver="GPKG", TABLE=table)


def _check(is_canceled: IsCanceled) -> None:
    if is_canceled():
        raise Canceled()


def _window_under(dataset: rasterio.DatasetReader, bounds: Extent) -> Window | None:
    """The whole-pixel window of ``dataset`` under ``bounds`` (its CRS), one pixel wider for the resampling."""
    left, bottom, right, top = dataset.bounds
    west, south, east, north = max(bounds[0], left), max(bounds[1], bottom), min(bounds[2], right), min(bounds[3], top)
    if west >= east or south >= north:
        return None
    window = window_from_bounds(west, south, east, north, dataset.transform)
    column, row = math.floor(window.col_off) - 1, math.floor(window.row_off) - 1
    end_column = math.ceil(window.col_off + window.width) + 1
    end_row = math.ceil(window.row_off + window.height) + 1
    column, row = max(column, 0), max(row, 0)
    end_column, end_row = min(end_column, dataset.width), min(end_row, dataset.height)
    return Window(column, row, end_column - column, end_row - row)


def _decimated_shape(window: Window, view_pixels_per_source_pixel: float) -> tuple[int, int]:
    """How many pixels to read the window into: about one per view pixel, never more than the window has."""
    step = max(view_pixels_per_source_pixel, 1.0)
    return max(1, math.ceil(window.height / step)), max(1, math.ceil(window.width / step))


def _rgba(dataset: rasterio.DatasetReader, window: Window, shape: tuple[int, int]) -> np.ndarray:
    """The window read decimated to ``shape`` as four bands: grey becomes RGB, a missing alpha is opaque."""
    bands = dataset.read(window=window, out_shape=(dataset.count, *shape), resampling=Resampling.average)
    if dataset.count in (1, 2):
        bands = np.concatenate([bands[:1], bands[:1], bands[:1], bands[1:]])
    if len(bands) == 3:
        alpha = dataset.dataset_mask(window=window, out_shape=shape)
        bands = np.concatenate([bands, alpha[None]])
    return bands[:4]
