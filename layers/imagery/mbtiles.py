"""An offline tile package (``.mbtiles``) read as a tile pyramid that can be copied into a project as it is.

MBTiles hold Web Mercator (EPSG:3857) tiles of the GoogleMapsCompatible grid
in a ``tiles`` table (often a view over ``map`` and ``images``). The grid is a
GeoPackage tile matrix set as it stands (zoom ``z`` is ``2**z`` tiles across
the world), so the tiles are copied byte for byte: only the row numbering
differs, MBTiles counting rows up from the south (TMS), GeoPackage down from
the north. Vector tile packages (``pbf``) are refused: they are not imagery.
"""

from __future__ import annotations

import io
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from pyproj import CRS, Transformer

from layers.errors import QT_TRANSLATE_NOOP
from layers.imagery.errors import ImageryFileError
from layers.imagery.gpkg_tiles import SpatialReference, TileMatrixSet

SQLITE_MAGIC = b"SQLite format 3\x00"
WEB_MERCATOR_EPSG = 3857
WORLD_HALF_WIDTH = 20037508.342789244
"""Half the width of the Web Mercator world square, in metres."""
WEBP_EXTENSION = ("gpkg_webp", "http://www.geopackage.org/spec/#extension_tiles_webp")


@dataclass(frozen=True)
class TilePackage:
    """What is known of an MBTiles file before its tiles are copied."""

    path: Path
    zoom_levels: tuple[int, ...]
    tile_count: int
    matrix_set: TileMatrixSet
    bounds: tuple[float, float, float, float]
    webp: bool

    @property
    def reference(self) -> SpatialReference:
        return SpatialReference(WEB_MERCATOR_EPSG, CRS.from_epsg(WEB_MERCATOR_EPSG).to_wkt("WKT1_GDAL"))


def is_tile_package(path: Path) -> bool:
    """Whether ``path`` is an SQLite file: MBTiles is the only SQLite imagery format we take."""
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def read_tile_package(path: Path) -> TilePackage:
    """Check an MBTiles file and describe its pyramid; :class:`ImageryFileError` when it is not one we can use."""
    try:
        connection = connect_read_only(path)
        try:
            return _described(path, connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise ImageryFileError(path=str(path), reason=f"damaged or unreadable MBTiles file: {error}") from None


def _declared_bounds(
    declared: str | None, tiled: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """The package's own ``bounds`` (lon/lat) in Web Mercator within its tiles, as GDAL shows the package;
    the tiles' extent when it declares none or nonsense."""
    try:
        west, south, east, north = (float(value) for value in str(declared).split(","))
    except ValueError:
        return tiled
    to_mercator = Transformer.from_crs(4326, WEB_MERCATOR_EPSG, always_xy=True)
    (left, right), (bottom, top) = to_mercator.transform([west, east], [max(south, -85.0511), min(north, 85.0511)])
    clipped = (max(left, tiled[0]), max(bottom, tiled[1]), min(right, tiled[2]), min(top, tiled[3]))
    return clipped if clipped[0] < clipped[2] and clipped[1] < clipped[3] else tiled


def _described(path: Path, connection: sqlite3.Connection) -> TilePackage:
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    if "tiles" not in names:
        raise ImageryFileError(
            path=str(path), reason=QT_TRANSLATE_NOOP("reason", "an SQLite file, but not an MBTiles tile package")
        )
    metadata = dict(connection.execute("SELECT name, value FROM metadata").fetchall()) if "metadata" in names else {}
    if str(metadata.get("format", "")).lower() in ("pbf", "mvt"):
        raise ImageryFileError(
            path=str(path), reason=QT_TRANSLATE_NOOP("reason", "vector tiles (pbf), not imagery; use a raster package")
        )
    levels = connection.execute(
        "SELECT zoom_level, COUNT(*), MIN(tile_column), MAX(tile_column), MIN(tile_row), MAX(tile_row) "
        "FROM tiles WHERE zoom_level BETWEEN 0 AND 30 AND tile_column >= 0 AND tile_row >= 0 "
        "AND tile_column < (1 << zoom_level) AND tile_row < (1 << zoom_level) GROUP BY zoom_level ORDER BY zoom_level"
    ).fetchall()
    if not levels:
        raise ImageryFileError(path=str(path), reason=QT_TRANSLATE_NOOP("reason", "the tile package holds no tiles"))
    top_zoom, _, min_column, max_column, min_row, max_row = levels[-1]
    (sample,) = connection.execute("SELECT tile_data FROM tiles WHERE zoom_level = ? LIMIT 1", (top_zoom,)).fetchone()
    try:
        width, height = Image.open(io.BytesIO(sample)).size
    except (UnidentifiedImageError, OSError, TypeError):
        raise ImageryFileError(
            path=str(path), reason=QT_TRANSLATE_NOOP("reason", "its tiles are not PNG, JPEG or WebP pictures")
        ) from None
    world = 2 * WORLD_HALF_WIDTH
    matrix_set = TileMatrixSet(
        -WORLD_HALF_WIDTH, WORLD_HALF_WIDTH, world / width, world / height, tuple(z for z, *_ in levels), width, height
    )
    tile_metres = world / 2**top_zoom
    tiled = (
        -WORLD_HALF_WIDTH + min_column * tile_metres,
        -WORLD_HALF_WIDTH + min_row * tile_metres,  # TMS rows count up from the south edge
        -WORLD_HALF_WIDTH + (max_column + 1) * tile_metres,
        -WORLD_HALF_WIDTH + (max_row + 1) * tile_metres,
    )
    bounds = _declared_bounds(metadata.get("bounds"), tiled)
    webp = bytes(sample[:4]) == b"RIFF" and bytes(sample[8:12]) == b"WEBP"
    return TilePackage(path, matrix_set.zoom_levels, sum(level[1] for level in levels), matrix_set, bounds, webp)
