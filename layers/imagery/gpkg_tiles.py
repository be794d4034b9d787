"""Tile pyramids in a GeoPackage, as the OGC GeoPackage 1.3 tiles option lays them out.

A pyramid is a table of tiles (``zoom_level``, ``tile_column``, ``tile_row``,
``tile_data``: a PNG or JPEG) registered in ``gpkg_contents`` with
``data_type='tiles'``, one row in ``gpkg_tile_matrix_set`` (its CRS and the
extent the tile grid covers) and one row per zoom level in
``gpkg_tile_matrix``. The grid follows what ``gdal_translate -of GPKG`` plus
``gdaladdo`` write, so GDAL, QGIS and our own reader see the same thing in our
tables and in theirs: zoom level ``z`` is a ``2**z`` by ``2**z`` matrix of
tiles anchored at the top-left corner of the tile matrix set, each zoom level
halving the pixel size of the one before, and tile rows count down from the
top. The extent in ``gpkg_contents`` is the image's own; the tile matrix set is
that extent padded to whole tiles of zoom level 0.

The user-facing name of an image is its ``gpkg_contents.identifier``; its table
is named ``imagery_<n>``, a safe SQL identifier whatever language the name is in.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pyproj import CRS

from layers.store.gpkg_schema import quote
from layers.values import format_datetime

TILES = "tiles"
TABLE_PREFIX = "imagery_"
FIRST_CUSTOM_SRS_ID = 100_000
"""Where GDAL numbers coordinate systems without an EPSG code; we number ours the same way."""

TILE_TABLES_SQL = (
    "CREATE TABLE IF NOT EXISTS gpkg_tile_matrix_set (table_name TEXT NOT NULL PRIMARY KEY, "
    "srs_id INTEGER NOT NULL, min_x DOUBLE NOT NULL, min_y DOUBLE NOT NULL, max_x DOUBLE NOT NULL, "
    "max_y DOUBLE NOT NULL, "
    "CONSTRAINT fk_gtms_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), "
    "CONSTRAINT fk_gtms_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))",
    "CREATE TABLE IF NOT EXISTS gpkg_tile_matrix (table_name TEXT NOT NULL, zoom_level INTEGER NOT NULL, "
    "matrix_width INTEGER NOT NULL, matrix_height INTEGER NOT NULL, tile_width INTEGER NOT NULL, "
    "tile_height INTEGER NOT NULL, pixel_x_size DOUBLE NOT NULL, pixel_y_size DOUBLE NOT NULL, "
    "CONSTRAINT pk_ttm PRIMARY KEY (table_name, zoom_level), "
    "CONSTRAINT fk_tmm_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name))",
)


def tile_table_sql(table: str) -> str:
    """The spec's tile pyramid user data table."""
    return (
        f"CREATE TABLE {quote(table)} (id INTEGER PRIMARY KEY AUTOINCREMENT, zoom_level INTEGER NOT NULL, "
        "tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL, "
        "UNIQUE (zoom_level, tile_column, tile_row))"
    )


@dataclass(frozen=True)
class TileMatrixSet:
    """The tile grid of one pyramid: zoom level ``z`` has ``2**z`` x ``2**z`` tiles over the same extent."""

    min_x: float
    max_y: float
    zoom0_pixel_x: float
    zoom0_pixel_y: float
    zoom_levels: tuple[int, ...]
    tile_width: int = 256
    tile_height: int = 256

    def pixel_size(self, zoom: int) -> tuple[float, float]:
        return self.zoom0_pixel_x / 2**zoom, self.zoom0_pixel_y / 2**zoom

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """The extent the grid covers: one tile of zoom level 0."""
        return (
            self.min_x,
            self.max_y - self.zoom0_pixel_y * self.tile_height,
            self.min_x + self.zoom0_pixel_x * self.tile_width,
            self.max_y,
        )

    def matrix_rows(self, table: str) -> list[tuple]:
        """``gpkg_tile_matrix`` rows for ``table``."""
        return [
            (table, zoom, 2**zoom, 2**zoom, self.tile_width, self.tile_height, *self.pixel_size(zoom))
            for zoom in self.zoom_levels
        ]


@dataclass(frozen=True)
class SpatialReference:
    """A coordinate system as ``gpkg_spatial_ref_sys`` keeps it."""

    epsg: int | None
    wkt: str

    @classmethod
    def from_wkt(cls, wkt: str) -> SpatialReference:
        return cls(CRS.from_wkt(wkt).to_epsg(min_confidence=90), wkt)

    @property
    def name(self) -> str:
        return CRS.from_wkt(self.wkt).name


@dataclass(frozen=True)
class ImageryInfo:
    """One imagery pyramid of a project, as ``wangge basemap list`` shows it.

    ``bounds`` are the image's extent in its own ``crs``; ``pixel_size`` is the
    ground size of a pixel (x, y) at the most detailed zoom level, in the CRS's units.
    """

    table: str
    name: str
    crs: str
    bounds: tuple[float, float, float, float]
    min_zoom: int
    max_zoom: int
    pixel_size: tuple[float, float]
    tiles: int

    @property
    def zoom_levels(self) -> tuple[int, int]:
        return self.min_zoom, self.max_zoom

    def as_json(self) -> dict:
        return {
            "table": self.table,
            "name": self.name,
            "crs": self.crs,
            "bounds": list(self.bounds),
            "zoom_levels": [self.min_zoom, self.max_zoom],
            "pixel_size": list(self.pixel_size),
            "tiles": self.tiles,
        }


def create_tile_tables(connection: sqlite3.Connection) -> None:
    for statement in TILE_TABLES_SQL:
        connection.execute(statement)


def register_crs(connection: sqlite3.Connection, reference: SpatialReference) -> int:
    """The ``srs_id`` of ``reference`` in this file, adding its row when missing."""
    if reference.epsg is not None:
        found = connection.execute(
            "SELECT srs_id FROM gpkg_spatial_ref_sys WHERE organization = 'EPSG' AND organization_coordsys_id = ?",
            (reference.epsg,),
        ).fetchone()
        if found:
            return int(found[0])
        taken = connection.execute("SELECT 1 FROM gpkg_spatial_ref_sys WHERE srs_id = ?", (reference.epsg,)).fetchone()
        if not taken:
            connection.execute(
                "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, 'EPSG', ?, ?, NULL)",
                (reference.name, reference.epsg, reference.epsg, reference.wkt),
            )
            return reference.epsg
    found = connection.execute(
        "SELECT srs_id FROM gpkg_spatial_ref_sys WHERE definition = ?", (reference.wkt,)
    ).fetchone()
    if found:
        return int(found[0])
    (srs_id,) = connection.execute(
        "SELECT MAX(COALESCE(MAX(srs_id), 0) + 1, ?) FROM gpkg_spatial_ref_sys", (FIRST_CUSTOM_SRS_ID,)
    ).fetchone()
    connection.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, 'NONE', ?, ?, NULL)",
        (reference.name, srs_id, srs_id, reference.wkt),
    )
    return int(srs_id)


def name_taken(connection: sqlite3.Connection, name: str) -> bool:
    """Whether any table of the file (imagery or layer) already has ``name`` as its identifier or table name."""
    found = connection.execute(
        "SELECT 1 FROM gpkg_contents WHERE identifier = ? OR table_name = ?", (name, name)
    ).fetchone()
    return found is not None


def next_table_name(connection: sqlite3.Connection) -> str:
    """``imagery_<n>`` with ``n`` one more than any in the file, so a removed table's name is never reused."""
    names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
    numbers = [int(match.group(1)) for name in names if (match := re.fullmatch(r"imagery_(\d+)", name))]
    return f"{TABLE_PREFIX}{max(numbers, default=0) + 1}"


def register_pyramid(
    connection: sqlite3.Connection,
    table: str,
    name: str,
    description: str,
    srs_id: int,
    bounds: tuple[float, float, float, float],
    matrix_set: TileMatrixSet,
) -> None:
    """Create ``table`` and register it in ``gpkg_contents``, ``gpkg_tile_matrix_set`` and ``gpkg_tile_matrix``."""
    create_tile_tables(connection)
    connection.execute(tile_table_sql(table))
    connection.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, "
        "min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (table, TILES, name, description, format_datetime(datetime.now(UTC)), *bounds, srs_id),
    )
    connection.execute(
        "INSERT INTO gpkg_tile_matrix_set VALUES (?, ?, ?, ?, ?, ?)", (table, srs_id, *matrix_set.bounds)
    )
    connection.executemany(
        "INSERT INTO gpkg_tile_matrix VALUES (?, ?, ?, ?, ?, ?, ?, ?)", matrix_set.matrix_rows(table)
    )


def read_imagery(connection: sqlite3.Connection) -> list[ImageryInfo]:
    """Every tiles table registered in the file, ours or another tool's, in the order they were added."""
    has_matrix = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_tile_matrix'"
    ).fetchone()
    if not has_matrix:
        return []
    rows = connection.execute(
        "SELECT c.table_name, COALESCE(c.identifier, c.table_name), s.organization, s.organization_coordsys_id, "
        "s.srs_name, c.min_x, c.min_y, c.max_x, c.max_y, MIN(m.zoom_level), MAX(m.zoom_level) "
        "FROM gpkg_contents c JOIN gpkg_tile_matrix m ON m.table_name = c.table_name "
        "LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = c.srs_id "
        "WHERE c.data_type = ? GROUP BY c.table_name ORDER BY c.rowid",
        (TILES,),
    ).fetchall()
    found = []
    for table, name, organisation, code, srs_name, *bounds, min_zoom, max_zoom in rows:
        pixel = connection.execute(
            "SELECT pixel_x_size, pixel_y_size FROM gpkg_tile_matrix WHERE table_name = ? AND zoom_level = ?",
            (table, max_zoom),
        ).fetchone()
        (tiles,) = connection.execute(f"SELECT COUNT(*) FROM {quote(table)}").fetchone()
        crs = f"{organisation}:{code}" if organisation and organisation.upper() != "NONE" else str(srs_name)
        found.append(ImageryInfo(table, name, crs, tuple(bounds), min_zoom, max_zoom, tuple(pixel), int(tiles)))
    return found


def list_imagery(path: str | Path) -> list[ImageryInfo]:
    """The imagery of a GeoPackage project, read without writing anything to it."""
    from layers.store.gpkg import inspect_project_file

    path = Path(path)
    inspect_project_file(path)
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return read_imagery(connection)
    finally:
        connection.close()


def unregister_pyramid(connection: sqlite3.Connection, table: str) -> None:
    """Drop ``table`` and every row the GeoPackage keeps about it (contents, matrix set, matrices, extensions)."""
    for registry in ("gpkg_tile_matrix", "gpkg_tile_matrix_set", "gpkg_extensions", "gpkg_contents"):
        connection.execute(f"DELETE FROM {registry} WHERE table_name = ?", (table,))
    connection.execute(f"DROP TABLE {quote(table)}")
