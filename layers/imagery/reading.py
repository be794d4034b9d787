"""A project's imagery read for one view: the pixels covering an extent, at the view's pixel size, in its CRS.

Every picture that shows imagery (the canvas, a printed page, the web page)
asks for exactly the grid it draws: an extent, a width and a height in a
coordinate system (the map's UTM 48N, or Web Mercator for the web page).
The tiles under that extent are taken from the zoom level of the pyramid
nearest the view's pixel size, so a whole township on a screen reads a few
dozen tiles of a low zoom level, never the full-resolution image; they are
pasted into one array, and ``rasterio.warp.reproject`` warps that array onto
the view's grid. Memory and time follow the view's size, not the extent's: at
most about two source pixels per view pixel are read.

The tiles are read with Python's own ``sqlite3``, the library the project store
writes the file with, never through GDAL: rasterio brings a second copy of
SQLite, and two copies in one process do not see each other's locks, so
GDAL closing its connection deletes the write-ahead log the store still has
open (see "How To Corrupt An SQLite Database File", section 2.2). GDAL only
warps arrays in memory here. Each read opens its own read-only connection, so
render jobs on worker threads never share one, and looking at imagery never
changes the project file.

No Qt here: the result is an RGBA ``numpy`` array, which :mod:`maps` wraps in
an image; the same function serves the command line and the exports.
"""

from __future__ import annotations

import io
import math
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.errors import RasterioError
from rasterio.transform import Affine, from_bounds
from rasterio.warp import reproject, transform_bounds

from layers.crs import MEASURE_EPSG
from layers.errors import QT_TRANSLATE_NOOP, Canceled, WanggeError
from layers.imagery.adding import list_imagery
from layers.store.base import ProjectStore
from layers.store.gpkg import GeoPackageStore
from layers.store.gpkg_schema import quote

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
            pyramid = _read_pyramid(path, info.table)
            extent = transform_bounds(
                pyramid.crs, f"EPSG:{MEASURE_EPSG}", *pyramid.data_bounds, densify_pts=DENSIFY_POINTS
            )
        except (sqlite3.Error, RasterioError, LookupError) as error:
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
    view_crs = CRS.from_epsg(epsg)
    try:
        pyramid = _read_pyramid(source.path, source.table)
        seen = transform_bounds(view_crs, pyramid.crs, *extent, densify_pts=DENSIFY_POINTS)
        view_pixel = min((seen[2] - seen[0]) / width, (seen[3] - seen[1]) / height)
        level = pyramid.level_for(view_pixel)
        mosaic = _mosaic(source, pyramid, level, seen, is_canceled)
        if mosaic is None:
            return None
        rgba, mosaic_transform = mosaic
        _check(is_canceled)
        view = np.zeros((4, height, width), dtype=np.uint8)
        reproject(
            _premultiplied(rgba),
            view,
            src_transform=mosaic_transform,
            src_crs=pyramid.crs,
            dst_transform=from_bounds(*extent, width, height),
            dst_crs=view_crs,
            resampling=Resampling.bilinear,
        )
    except (sqlite3.Error, RasterioError, LookupError) as error:
        raise ImageryReadError(path=str(source.path), name=source.name, reason=str(error)) from None
    _check(is_canceled)
    return _unpremultiplied(view)


def _premultiplied(rgba: np.ndarray) -> np.ndarray:
    """Bands with colours multiplied by alpha, so that plain interpolation of the four weighs colours by alpha.

    GDAL's own alpha handling (``src_alpha``) does the same weighting three
    times slower; warping premultiplied bands gives the same picture.
    """
    bands = np.moveaxis(rgba, -1, 0).copy()
    alpha = bands[3]
    if alpha.min() < 255:
        bands[:3] = (bands[:3].astype(np.uint16) * alpha + 127) // 255
    return bands


def _unpremultiplied(bands: np.ndarray) -> np.ndarray:
    """A warped view of premultiplied bands as plain RGBA (height, width, 4)."""
    alpha = bands[3]
    partly = (alpha > 0) & (alpha < 255)
    if partly.any():
        colours = bands[:3, partly].astype(np.uint32)
        bands[:3, partly] = np.minimum((colours * 255 + alpha[partly] // 2) // alpha[partly], 255)
    return np.ascontiguousarray(np.moveaxis(bands, 0, -1))


@dataclass(frozen=True)
class _Level:
    """One zoom level of a tile pyramid, as ``gpkg_tile_matrix`` describes it."""

    zoom: int
    columns: int
    rows: int
    tile_width: int
    tile_height: int
    pixel_x: float
    pixel_y: float


@dataclass(frozen=True)
class _Pyramid:
    """A tiles table's coordinate system, tile grid origin and zoom levels (finest last)."""

    crs: CRS
    bounds: Extent
    """The tile grid's extent (whole tiles), the origin tiles are counted from."""
    levels: tuple[_Level, ...]
    data_bounds: Extent
    """Where the image has pixels (``gpkg_contents``), within the tile grid."""

    def level_for(self, view_pixel: float) -> _Level:
        """The level nearest ``view_pixel`` on the halving scale; the finest one when all are coarser.

        Its pixels are at most √2 times the view's: a slight enlargement costs
        less sharpness than warping down four times as many pixels costs time.
        """
        detailed = [level for level in self.levels if level.pixel_x <= view_pixel * math.sqrt(2)]
        return detailed[0] if detailed else self.levels[-1]


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def _read_pyramid(path: Path, table: str) -> _Pyramid:
    connection = _connect(path)
    try:
        (wkt, *bounds, data_west, data_south, data_east, data_north) = connection.execute(
            "SELECT s.definition, m.min_x, m.min_y, m.max_x, m.max_y, c.min_x, c.min_y, c.max_x, c.max_y "
            "FROM gpkg_tile_matrix_set m JOIN gpkg_spatial_ref_sys s ON s.srs_id = m.srs_id "
            "JOIN gpkg_contents c ON c.table_name = m.table_name WHERE m.table_name = ?",
            (table,),
        ).fetchone()
        rows = connection.execute(
            "SELECT zoom_level, matrix_width, matrix_height, tile_width, tile_height, pixel_x_size, pixel_y_size "
            "FROM gpkg_tile_matrix WHERE table_name = ? ORDER BY pixel_x_size DESC",
            (table,),
        ).fetchall()
    finally:
        connection.close()
    if not rows:
        raise LookupError(f"{table} has no zoom levels")
    data_bounds = (data_west, data_south, data_east, data_north)
    if None in data_bounds:  # the contents' extent is optional in the standard: the tile grid's then
        data_bounds = tuple(bounds)
    return _Pyramid(CRS.from_wkt(wkt), tuple(bounds), tuple(_Level(*row) for row in rows), data_bounds)


def _mosaic(
    source: ImagerySource, pyramid: _Pyramid, level: _Level, seen: Extent, is_canceled: IsCanceled
) -> tuple[np.ndarray, Affine] | None:
    """The tiles of ``level`` under ``seen`` (the pyramid's CRS) pasted into one RGBA array, and its transform."""
    min_x, _min_y, _max_x, max_y = pyramid.bounds
    ground_width, ground_height = level.tile_width * level.pixel_x, level.tile_height * level.pixel_y
    first_column = max(math.floor((seen[0] - min_x) / ground_width), 0)
    last_column = min(math.floor((seen[2] - min_x) / ground_width), level.columns - 1)
    first_row = max(math.floor((max_y - seen[3]) / ground_height), 0)
    last_row = min(math.floor((max_y - seen[1]) / ground_height), level.rows - 1)
    if first_column > last_column or first_row > last_row:
        return None
    columns, rows = last_column - first_column + 1, last_row - first_row + 1
    rgba = np.zeros((rows * level.tile_height, columns * level.tile_width, 4), dtype=np.uint8)
    connection = _connect(source.path)
    try:
        tiles = connection.execute(
            f"SELECT tile_column, tile_row, tile_data FROM {quote(source.table)} WHERE zoom_level = ? "
            "AND tile_column BETWEEN ? AND ? AND tile_row BETWEEN ? AND ?",
            (level.zoom, first_column, last_column, first_row, last_row),
        )
        found = False
        for column, row, data in tiles:
            _check(is_canceled)
            top, left = (row - first_row) * level.tile_height, (column - first_column) * level.tile_width
            rgba[top : top + level.tile_height, left : left + level.tile_width] = _decoded(data, level)
            found = True
    finally:
        connection.close()
    if not found:
        return None
    origin_x, origin_y = min_x + first_column * ground_width, max_y - first_row * ground_height
    return rgba, Affine(level.pixel_x, 0.0, origin_x, 0.0, -level.pixel_y, origin_y)


def _decoded(data: bytes, level: _Level) -> np.ndarray:
    """A tile's picture (JPEG, PNG or WebP) as RGBA of the level's tile size."""
    try:
        picture = Image.open(io.BytesIO(data)).convert("RGBA")
    except (UnidentifiedImageError, OSError) as error:
        raise LookupError(f"a tile of zoom level {level.zoom} is not a picture ({error})") from None
    if picture.size != (level.tile_width, level.tile_height):
        raise LookupError(f"a tile of zoom level {level.zoom} is {picture.size[0]}x{picture.size[1]} pixels")
    return np.asarray(picture)


def _check(is_canceled: IsCanceled) -> None:
    if is_canceled():
        raise Canceled()
