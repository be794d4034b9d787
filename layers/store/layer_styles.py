"""The ``layer_styles`` table of a GeoPackage: each layer's default look and form for QGIS and QField.

QGIS and QField read this table (the convention QGIS set for GeoPackage, PostGIS and
SpatiaLite) when they open a layer, and apply the style marked ``useAsDefault``. The
table is laid out exactly as QGIS itself creates it, and registered in
``gpkg_contents`` as an attribute table as QGIS does, so QGIS can add styles of its own
beside ours and GDAL's validator accepts the file. The QML comes from
:mod:`maps.qgis_style`; this module only stores it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime

from layers.schema import GEOMETRY_COLUMN, LAYERS
from layers.values import format_datetime

TABLE = "layer_styles"
STYLE_NAME = "网格 Wangge"
"""Wangge's style per layer; a style the user saved under another name is never touched."""

_CREATE = (
    'CREATE TABLE IF NOT EXISTS "layer_styles" ( "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
    '"f_table_catalog" TEXT(256), "f_table_schema" TEXT(256), "f_table_name" TEXT(256), '
    '"f_geometry_column" TEXT(256), "styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT, '
    '"useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), "ui" TEXT(30), '
    "\"update_time\" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
)


def write_layer_styles(connection: sqlite3.Connection, styles: Mapping[str, str]) -> None:
    """Store ``styles`` (layer name -> QML) as Wangge's style of each layer, inside the caller's transaction.

    Ours becomes the layer's default unless the user already chose another style as default.
    """
    connection.execute(_CREATE)
    now = format_datetime(datetime.now(UTC))
    connection.execute(
        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
        "VALUES (?, 'attributes', ?, '', ?)",
        (TABLE, TABLE, now),
    )
    for layer, qml in styles.items():
        geometry_column = GEOMETRY_COLUMN if LAYERS[layer].is_spatial else ""
        connection.execute("DELETE FROM layer_styles WHERE f_table_name = ? AND styleName = ?", (layer, STYLE_NAME))
        (others_default,) = connection.execute(
            "SELECT COUNT(*) FROM layer_styles WHERE f_table_name = ? AND useAsDefault", (layer,)
        ).fetchone()
        connection.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
            "styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
            "VALUES ('', '', ?, ?, ?, ?, '', ?, ?, '', NULL, ?)",
            (
                layer,
                geometry_column,
                STYLE_NAME,
                qml,
                int(others_default == 0),
                f"{LAYERS[layer].title_zh}（网格）",
                now,
            ),
        )


def read_layer_styles(connection: sqlite3.Connection) -> dict[str, str]:
    """Layer name -> Wangge's QML in the file; empty when the file has none."""
    exists = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)).fetchone()
    if not exists:
        return {}
    rows = connection.execute("SELECT f_table_name, styleQML FROM layer_styles WHERE styleName = ?", (STYLE_NAME,))
    return dict(rows.fetchall())
