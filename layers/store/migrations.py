"""Forward migrations of the project file's schema.

A project file records in ``wangge_schema_version`` every schema version
applied to it. Opening an older file applies the missing migrations in order,
all in one transaction: a failing migration leaves the file exactly as it was.
A file newer than this app is refused, not "repaired".

Migration 1 lays out the layers as :mod:`layers.schema` declares them today.
Later migrations must therefore be idempotent with respect to the current
declarations (e.g. add a column only if it is missing), because a new file
already has it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from layers.schema import LAYERS, PROJECT_KEY, new_project_key
from layers.store import gpkg_schema
from layers.values import format_datetime


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _create_layers(connection: sqlite3.Connection) -> None:
    gpkg_schema.create_core(connection)
    connection.execute("CREATE TABLE wangge_settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
    for layer in LAYERS.values():
        gpkg_schema.create_layer(connection, layer)


def _add_missing_columns(connection: sqlite3.Connection) -> None:
    gpkg_schema.add_missing_columns(connection, LAYERS.values())


def _create_audit_log(connection: sqlite3.Connection) -> None:
    gpkg_schema.create_audit_log(connection)


def _create_missing_layers(connection: sqlite3.Connection) -> None:
    """The declared layers an older file lacks; a new file has them from migration 1."""
    existing = {name for (name,) in connection.execute("SELECT table_name FROM gpkg_contents")}
    for layer in LAYERS.values():
        if layer.name not in existing:
            gpkg_schema.create_layer(connection, layer)


def _field_sheets(connection: sqlite3.Connection) -> None:
    _create_missing_layers(connection)
    connection.execute(
        "INSERT OR IGNORE INTO wangge_settings (key, value) VALUES (?, ?)", (PROJECT_KEY, new_project_key())
    )


def _generated_defaults(connection: sqlite3.Connection) -> None:
    gpkg_schema.add_generated_defaults(connection, LAYERS.values())


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "station project layers: grids, households, visits, disputes, landmarks, roads, "
        "officers, sketches, sketch control points",
        _create_layers,
    ),
    Migration(2, "grids remember the outline drawn on a sketch (sketch_id, sketch_outline)", _add_missing_columns),
    Migration(
        3,
        "daily spot checks of visits (spot_check, spot_checked_by, spot_checked_at); "
        "grids' monthly visit target (monthly_visit_target)",
        _add_missing_columns,
    ),
    Migration(
        4,
        "the audit log (wangge_audit): who changed which record when, old and new values; append-only",
        _create_audit_log,
    ),
    Migration(5, "disputes link the other parties' households (party_households)", _add_missing_columns),
    Migration(
        6,
        "gpkg_extensions names the schema extension once per table, as GDAL's GeoPackage validator requires",
        gpkg_schema.register_schema_extension,
    ),
    Migration(
        7,
        "printed sheets are registered (printed_sheets), photos of marked sheets kept (field_photos) and their "
        "pen marks proposed as edits (field_marks); the project gets the key its sheets' QR codes carry",
        _field_sheets,
    ),
    Migration(
        8,
        "every record's id, created_at and updated_at have database defaults, so records added in QGIS, QField "
        "or SQL get a UUID and their times",
        _generated_defaults,
    ),
    Migration(
        9,
        "each household's status (last visit, next visit due, open disputes and their hardest grade, follow-ups "
        "pending) is kept in household_status, marked out of date by triggers whichever program edits",
        gpkg_schema.create_household_status,
    ),
    Migration(
        10,
        "the kept household status is indexed by grid with the fields counted, so a county's counts per grid "
        "are read in one pass",
        gpkg_schema.index_status_by_grid,
    ),
)

VERSION_TABLE = "wangge_schema_version"


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    return max(m.version for m in migrations)


def applied_version(connection: sqlite3.Connection) -> int:
    """The schema version of an open project file; 0 when it has none."""
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (VERSION_TABLE,)
    ).fetchone()
    if not exists:
        return 0
    (version,) = connection.execute(f"SELECT COALESCE(MAX(version), 0) FROM {VERSION_TABLE}").fetchone()
    return int(version)


def migrate(connection: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Apply the pending migrations in one transaction; returns the versions applied.

    ``connection`` must be in autocommit mode (``isolation_level=None``) so that
    this function owns the transaction.
    """
    current = applied_version(connection)
    pending = [m for m in sorted(migrations, key=lambda m: m.version) if m.version > current]
    if not pending:
        return []
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute(
            f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} "
            "(version INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL, applied_at DATETIME NOT NULL)"
        )
        for migration in pending:
            migration.apply(connection)
            connection.execute(
                f"INSERT INTO {VERSION_TABLE} VALUES (?, ?, ?)",
                (migration.version, migration.description, format_datetime(datetime.now(UTC))),
            )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return [m.version for m in pending]
