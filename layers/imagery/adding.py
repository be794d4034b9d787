"""Satellite imagery into a station's GeoPackage project, as a tile pyramid with every zoom level.

A GeoTIFF keeps its own coordinate system (UTM 48N, CGCS2000 Gauss-Kruger or
lon/lat): its pixels become the most detailed zoom level as they are, without
resampling, and each lower zoom level halves the one above, exactly the tile
grid ``gdal_translate -of GPKG`` and ``gdaladdo`` make. Reprojecting to Web
Mercator (GoogleMapsCompatible) would resample every pixel once more, stretch
the pixels by 1/cos(latitude) (25 % at Tongxin) and double the work, for a
web-tile grid no offline station needs; the map warps at display time anyway.
An MBTiles package is already Web Mercator tiles and is copied tile for tile.

The project file changes in one SQLite transaction or not at all. The long part
(reading the image, halving it, compressing some thousands of tiles) writes to a
scratch SQLite file next to the project, on the same disk; the project is then
opened for writing once, the scratch file attached, and the tiles copied over
with the pyramid's registration in a single transaction. Writing the project
directly in one transaction would save that copy, but would hold the project's
write lock for minutes on a 2 GB image, while the desktop app must keep saving
an officer's edits; the copy holds it for seconds. A cancel, an error or a
crash before the commit leaves the project byte-identical (the scratch file is
removed; a crash may leave a ``.<project>.*.imagery`` file, which is safe to
delete). With a :class:`~layers.store.gpkg.GeoPackageStore` given, the copy
waits for the store's edit in progress and refuses to run inside one.

Memory stays bounded: the image is read in strips a tile high (see
:mod:`layers.imagery.pyramid`), never whole.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TypeVar

from layers.errors import QT_TRANSLATE_NOOP, ReadOnlyProjectError
from layers.feedback import Feedback
from layers.imagery import gpkg_tiles
from layers.imagery.errors import (
    ImageryFileError,
    ImageryNameTakenError,
    ImageryNeedsGeoPackageError,
    ImageryWriteError,
)
from layers.imagery.gpkg_tiles import ImageryInfo, TileMatrixSet
from layers.imagery.mbtiles import WEBP_EXTENSION, TilePackage, is_tile_package, read_tile_package
from layers.imagery.pyramid import TILE_SIZE, PyramidBuilder, Tile
from layers.imagery.raster_source import RasterSource, open_raster
from layers.store.base import ProjectStore
from layers.store.gpkg import GeoPackageStore, inspect_project_file, is_writable

COPY_CHUNK = 64
"""Tiles copied into the project per statement, between two checks for cancel."""
SCRATCH_SUFFIX = ".imagery"
_T = TypeVar("_T")


def add_imagery(
    project: str | Path | ProjectStore,
    image_path: str | Path,
    name: str | None = None,
    feedback: Feedback | None = None,
) -> ImageryInfo:
    """Add a GeoTIFF (or any georeferenced raster GDAL reads) or an MBTiles package to a project.

    Parameters
    ----------
    project
        The project's ``.gpkg`` path, or its open store.
    image_path
        The image or tile package.
    name
        The name users see (``gpkg_contents.identifier``); default: the file name without its extension.
    feedback
        Progress from 0 to 100 and cancel.

    Returns
    -------
    ImageryInfo
        The new pyramid as :func:`list_imagery` lists it.

    Raises
    ------
    ImageryFileError
        The image is missing, not a raster, damaged or not georeferenced.
    ImageryNameTakenError
        The project already has imagery or a layer of that name.
    ImageryNeedsGeoPackageError
        The project is a shared database.
    ReadOnlyProjectError
        The project file or its folder cannot be written.
    """
    path, store = project_file(project)
    return add_imagery_to_geopackage(path, image_path, name, feedback, store)


def add_imagery_to_geopackage(
    path: Path,
    image_path: str | Path,
    name: str | None = None,
    feedback: Feedback | None = None,
    store: GeoPackageStore | None = None,
) -> ImageryInfo:
    """:func:`add_imagery` into any GeoPackage, a Wangge project or not (an export for QGIS and QField, say).

    ``store``, when the file is an open project, holds its edits off while the pyramid is copied in.
    """
    feedback = feedback or Feedback()
    image_path = Path(image_path)
    _refuse_missing(image_path)
    name = (name or "").strip() or image_path.stem
    _refuse_taken_name(path, name)
    if is_tile_package(image_path):
        package = read_tile_package(image_path)
        return in_one_transaction(
            path, store, lambda connection: _copy_package(connection, package, name, feedback), image_path
        )
    with open_raster(image_path) as source, _scratch_file(path) as scratch:
        try:
            _write_pyramid(source, scratch, feedback.step(0, 90))
        except sqlite3.OperationalError as error:  # the disk filled up, say
            raise ImageryWriteError(path=str(path), reason=str(error)) from None
        copying = feedback.step(90, 100)
        return in_one_transaction(
            path, store, lambda connection: _copy_pyramid(connection, source, name, copying), scratch
        )


def list_imagery(project: str | Path | ProjectStore) -> list[ImageryInfo]:
    """Every tile pyramid of a GeoPackage project (ours or one GDAL wrote), read without writing."""
    path, _ = project_file(project, for_writing=False)
    return gpkg_tiles.list_imagery(path)


def project_file(project: str | Path | ProjectStore, for_writing: bool = True) -> tuple[Path, GeoPackageStore | None]:
    """The project's file (and store, when one was given); refuses databases, read-only files and non-projects."""
    from layers.store import is_database_url

    if isinstance(project, ProjectStore):
        if not isinstance(project, GeoPackageStore):
            raise ImageryNeedsGeoPackageError(location=project.location)
        if for_writing and project.read_only:
            raise ReadOnlyProjectError(path=str(project.path))
        return project.path, project
    if is_database_url(project):
        raise ImageryNeedsGeoPackageError(location=str(project))
    path = Path(project)
    if for_writing and path.exists() and not is_writable(path):
        raise ReadOnlyProjectError(path=str(path))
    inspect_project_file(path)
    return path, None


def _refuse_missing(image_path: Path) -> None:
    if not image_path.exists():
        raise ImageryFileError(path=str(image_path), reason=QT_TRANSLATE_NOOP("reason", "no such file"))
    if not image_path.is_file():
        raise ImageryFileError(path=str(image_path), reason=QT_TRANSLATE_NOOP("reason", "a folder, not a file"))


def _refuse_taken_name(path: Path, name: str) -> None:
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        taken = gpkg_tiles.name_taken(connection, name)
    finally:
        connection.close()
    if taken:
        raise ImageryNameTakenError(path=str(path), name=name)


@contextmanager
def _scratch_file(project: Path) -> Iterator[Path]:
    """An empty file beside the project (same disk, so the space it needs is the project's), always removed."""
    handle, name = tempfile.mkstemp(prefix=f".{project.name}.", suffix=SCRATCH_SUFFIX, dir=project.resolve().parent)
    os.close(handle)
    scratch = Path(name)
    try:
        yield scratch
    finally:
        scratch.unlink(missing_ok=True)


def _write_pyramid(source: RasterSource, scratch: Path, feedback: Feedback) -> None:
    """Every tile of every zoom level into ``scratch``'s table ``tiles``, reading the image once."""
    connection = sqlite3.connect(scratch, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = OFF")  # a scratch file: thrown away on any failure
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute(
            "CREATE TABLE tiles (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL, "
            "tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL)"
        )
        connection.execute("BEGIN")

        def store_tiles(tiles: list[Tile]) -> None:
            connection.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", tiles)

        pyramid = PyramidBuilder(source.width, source.height, source.channels, store_tiles)
        try:
            step = source.rows_per_read
            for row in range(0, source.height, step):
                feedback.raise_if_canceled()
                rows = source.read_rows(row, min(step, source.height - row))
                for start in range(0, rows.shape[1], TILE_SIZE):
                    pyramid.add_strip(rows[:, start : start + TILE_SIZE])
                    feedback.set_progress(100.0 * pyramid.tiles_done / pyramid.tile_positions)
                    feedback.raise_if_canceled()
            pyramid.finish()
        finally:
            pyramid.close()
        connection.execute("COMMIT")
        feedback.set_progress(100.0)
    finally:
        connection.close()


def _raster_matrix_set(source: RasterSource, top_zoom: int) -> TileMatrixSet:
    pixel_x, pixel_y = source.pixel_size
    left, _, _, top = source.bounds
    zooms = tuple(range(top_zoom + 1))
    return TileMatrixSet(left, top, pixel_x * 2**top_zoom, pixel_y * 2**top_zoom, zooms, TILE_SIZE, TILE_SIZE)


def _copy_pyramid(connection: sqlite3.Connection, source: RasterSource, name: str, feedback: Feedback) -> ImageryInfo:
    from layers.imagery.pyramid import max_zoom

    table = _register(
        connection,
        name,
        f"imagery from {source.path.name}",
        source.reference,
        source.bounds,
        _raster_matrix_set(source, max_zoom(source.width, source.height)),
    )
    first, last = connection.execute("SELECT MIN(rowid), MAX(rowid) FROM source.tiles").fetchone()
    if first is not None:
        insert = (
            f"INSERT INTO {gpkg_tiles.quote(table)} (zoom_level, tile_column, tile_row, tile_data) "
            "SELECT zoom_level, tile_column, tile_row, tile_data FROM source.tiles WHERE rowid BETWEEN ? AND ?"
        )
        for start in range(first, last + 1, COPY_CHUNK):
            feedback.raise_if_canceled()
            connection.execute(insert, (start, start + COPY_CHUNK - 1))
            feedback.set_progress(100.0 * (start + COPY_CHUNK - first) / (last + 1 - first))
    feedback.raise_if_canceled()  # the last chance: after this the transaction commits
    return _described(connection, table)


def _copy_package(connection: sqlite3.Connection, package: TilePackage, name: str, feedback: Feedback) -> ImageryInfo:
    table = _register(
        connection, name, f"tile package {package.path.name}", package.reference, package.bounds, package.matrix_set
    )
    if package.webp:
        connection.execute(
            "INSERT INTO gpkg_extensions VALUES (?, 'tile_data', ?, ?, 'read-write')", (table, *WEBP_EXTENSION)
        )
    insert = (
        f"INSERT INTO {gpkg_tiles.quote(table)} (zoom_level, tile_column, tile_row, tile_data) "
        "SELECT zoom_level, tile_column, (1 << zoom_level) - 1 - tile_row, tile_data FROM source.tiles "
        "WHERE zoom_level = ? AND tile_row BETWEEN ? AND ? AND tile_column BETWEEN 0 AND (1 << zoom_level) - 1"
    )
    copied = 0
    for zoom in package.zoom_levels:
        low, high = connection.execute(
            "SELECT MIN(tile_row), MAX(tile_row) FROM source.tiles WHERE zoom_level = ?", (zoom,)
        ).fetchone()
        low, high = max(low, 0), min(high, 2**zoom - 1)
        (count,) = connection.execute("SELECT COUNT(*) FROM source.tiles WHERE zoom_level = ?", (zoom,)).fetchone()
        rows_per_copy = max(1, (high - low + 1) * COPY_CHUNK // max(count, 1))
        for start in range(low, high + 1, rows_per_copy):
            feedback.raise_if_canceled()
            copied += connection.execute(insert, (zoom, start, start + rows_per_copy - 1)).rowcount
            feedback.set_progress(100.0 * copied / package.tile_count)
    feedback.raise_if_canceled()
    return _described(connection, table)


def _register(
    connection: sqlite3.Connection,
    name: str,
    description: str,
    reference: gpkg_tiles.SpatialReference,
    bounds: tuple[float, float, float, float],
    matrix_set: TileMatrixSet,
) -> str:
    """Create and register the next ``imagery_<n>`` table; refuses a name another process took meanwhile."""
    if gpkg_tiles.name_taken(connection, name):
        raise ImageryNameTakenError(path=connection.execute("PRAGMA database_list").fetchone()[2], name=name)
    table = gpkg_tiles.next_table_name(connection)
    srs_id = gpkg_tiles.register_crs(connection, reference)
    gpkg_tiles.register_pyramid(connection, table, name, description, srs_id, bounds, matrix_set)
    return table


def _described(connection: sqlite3.Connection, table: str) -> ImageryInfo:
    return next(info for info in gpkg_tiles.read_imagery(connection) if info.table == table)


def in_one_transaction(
    path: Path, store: GeoPackageStore | None, work: Callable[[sqlite3.Connection], _T], source: Path | None = None
) -> _T:
    """Run ``work`` on a writing connection to ``path`` in one transaction, ``source`` attached read-only if given.

    The store's own edits are held off meanwhile (:meth:`GeoPackageStore.between_edits`);
    a refused write becomes :class:`ReadOnlyProjectError` or :class:`ImageryWriteError`.
    """
    with store.between_edits() if store is not None else nullcontext():
        try:
            connection = sqlite3.connect(path.resolve().as_uri(), uri=True, isolation_level=None, timeout=30)
        except sqlite3.OperationalError as error:
            raise refused_write(path, error) from None
        try:
            if source is not None:
                connection.execute("ATTACH DATABASE ? AS source", (source.resolve().as_uri() + "?mode=ro",))
            connection.execute("BEGIN IMMEDIATE")
            try:
                result = work(connection)
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as error:
            raise refused_write(path, error) from None
        finally:
            connection.close()
    return result


def refused_write(path: Path, error: sqlite3.OperationalError) -> Exception:
    """A disk that refuses the write it allowed (a network share, a locked stick) makes a read-only project too."""
    if any(text in str(error) for text in ("readonly", "read-only", "unable to open database file")):
        return ReadOnlyProjectError(path=str(path))
    return ImageryWriteError(path=str(path), reason=str(error))
