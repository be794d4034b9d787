"""A project's imagery copied tile for tile into another GeoPackage: an export an officer takes to the field.

QField shows a GeoPackage's tile pyramids under its layers, so an export carries the
station's satellite imagery as the project holds it: the same tile matrices, CRS and
tiles, nothing decoded or resampled. The copy is one transaction of the target file
(:func:`~layers.imagery.adding.in_one_transaction`), the source attached read-only.
"""

from __future__ import annotations

from pathlib import Path

from layers.feedback import Feedback
from layers.imagery import gpkg_tiles
from layers.imagery.adding import COPY_CHUNK, in_one_transaction
from layers.imagery.gpkg_tiles import ImageryInfo, SpatialReference


def copy_imagery(source: str | Path, target: str | Path, feedback: Feedback | None = None) -> list[ImageryInfo]:
    """Copy every imagery pyramid of ``source`` into ``target``; returns them as ``target`` lists them.

    ``target`` must be a GeoPackage without imagery of the same names (a fresh export).
    """
    feedback = feedback or Feedback()
    source, target = Path(source), Path(target)
    pyramids = gpkg_tiles.list_imagery(source)
    if not pyramids:
        return []

    def copy(connection) -> list[ImageryInfo]:
        total = sum(pyramid.tiles for pyramid in pyramids) or 1
        copied = 0
        for pyramid in pyramids:
            table = _register_like(connection, pyramid.table)
            insert = (
                f"INSERT INTO {gpkg_tiles.quote(table)} (zoom_level, tile_column, tile_row, tile_data) "
                f"SELECT zoom_level, tile_column, tile_row, tile_data FROM source.{gpkg_tiles.quote(pyramid.table)} "
                "WHERE rowid BETWEEN ? AND ?"
            )
            first, last = connection.execute(
                f"SELECT MIN(rowid), MAX(rowid) FROM source.{gpkg_tiles.quote(pyramid.table)}"
            ).fetchone()
            for start in range(first or 0, (last or -1) + 1, COPY_CHUNK):
                feedback.raise_if_canceled()
                copied += connection.execute(insert, (start, start + COPY_CHUNK - 1)).rowcount
                feedback.set_progress(100.0 * copied / total)
        feedback.raise_if_canceled()
        return gpkg_tiles.read_imagery(connection)

    return in_one_transaction(target, None, copy, source)


def _register_like(connection, source_table: str) -> str:
    """A new tiles table in the target registered as ``source_table`` is in the source; returns its name."""
    (definition,) = connection.execute(
        "SELECT s.definition FROM source.gpkg_contents c JOIN source.gpkg_spatial_ref_sys s ON s.srs_id = c.srs_id "
        "WHERE c.table_name = ?",
        (source_table,),
    ).fetchone()
    srs_id = gpkg_tiles.register_crs(connection, SpatialReference.from_wkt(definition))
    (min_x, min_y, max_x, max_y) = connection.execute(
        "SELECT min_x, min_y, max_x, max_y FROM source.gpkg_tile_matrix_set WHERE table_name = ?", (source_table,)
    ).fetchone()
    table = gpkg_tiles.next_table_name(connection)
    gpkg_tiles.create_tile_tables(connection)
    connection.execute(gpkg_tiles.tile_table_sql(table))
    connection.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, "
        "min_x, min_y, max_x, max_y, srs_id) SELECT ?, data_type, identifier, description, last_change, "
        "min_x, min_y, max_x, max_y, ? FROM source.gpkg_contents WHERE table_name = ?",
        (table, srs_id, source_table),
    )
    connection.execute(
        "INSERT INTO gpkg_tile_matrix_set VALUES (?, ?, ?, ?, ?, ?)", (table, srs_id, min_x, min_y, max_x, max_y)
    )
    connection.execute(
        "INSERT INTO gpkg_tile_matrix SELECT ?, zoom_level, matrix_width, matrix_height, tile_width, tile_height, "
        "pixel_x_size, pixel_y_size FROM source.gpkg_tile_matrix WHERE table_name = ?",
        (table, source_table),
    )
    connection.execute(
        "INSERT INTO gpkg_extensions SELECT ?, column_name, extension_name, definition, scope "
        "FROM source.gpkg_extensions WHERE table_name = ?",
        (table, source_table),
    )
    return table
