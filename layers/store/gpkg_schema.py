"""SQL that lays out a GeoPackage from the layer declarations in :mod:`layers.schema`.

What this writes is plain OGC GeoPackage 1.3 so QGIS, ``ogrinfo`` and QField
read every layer: the core tables, the CRS definitions, one feature (or
attribute) table per layer, an R-tree spatial index with the spec's triggers,
and the schema extension (``gpkg_data_columns`` with Chinese field titles,
``gpkg_data_column_constraints`` with the closed vocabularies as enumerations,
which GDAL exposes as coded field domains).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime

from layers.crs import STORAGE_EPSG, crs
from layers.household_status import STALE_TABLE, STATUS_FIELDS, STATUS_TABLE
from layers.schema import GEOMETRY_COLUMN, Field, FieldType, Generated, LayerSchema
from layers.values import format_datetime
from layers.visit_cycles import KeyPersonCycles

APPLICATION_ID = 0x47504B47  # "GPKG"
USER_VERSION = 10300  # GeoPackage 1.3.0

CORE_TABLES = """
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
  scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
CREATE TABLE IF NOT EXISTS gpkg_data_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT, description TEXT,
  mime_type TEXT, constraint_name TEXT,
  CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name),
  CONSTRAINT gdc_tn UNIQUE (table_name, name));
CREATE TABLE IF NOT EXISTS gpkg_data_column_constraints (
  constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL, value TEXT, min NUMERIC,
  min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN, description TEXT,
  CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value));
"""

_SCHEMA_EXTENSION = "http://www.geopackage.org/spec/#extension_schema"
_RTREE_EXTENSION = "http://www.geopackage.org/spec/#extension_rtree"


def quote(identifier: str) -> str:
    """An SQL identifier in double quotes (names come from our schema, never from users)."""
    return '"' + identifier.replace('"', '""') + '"'


def create_core(connection: sqlite3.Connection) -> None:
    """The GeoPackage core tables and the CRS rows the spec requires, plus CGCS2000."""
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {USER_VERSION}")
    for statement in CORE_TABLES.split(";"):
        if statement.strip():
            connection.execute(statement)
    storage = crs(STORAGE_EPSG)
    rows = [
        ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"),
        ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
        ("WGS 84 geodetic", 4326, "EPSG", 4326, crs(4326).to_wkt("WKT1_GDAL"), "longitude/latitude, WGS 84"),
        (
            storage.name,
            STORAGE_EPSG,
            "EPSG",
            STORAGE_EPSG,
            storage.to_wkt("WKT1_GDAL"),
            "China Geodetic Coordinate System 2000, lon/lat",
        ),
    ]
    connection.executemany("INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", rows)


GENERATED_SQL = {
    # Version 4 (random) UUID text: 8-4-4-4-12 hex digits, '4' opening the third group, 8/9/a/b the fourth.
    Generated.NEW_UUID: "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))",
    # As layers.values.format_datetime writes it; GDAL reads exactly this expression as CURRENT_TIMESTAMP,
    # so QGIS and QField offer the current time.
    Generated.NOW: "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
}
"""SQLite column defaults for :class:`~layers.schema.Generated` values."""


def _column_head_sql(field: Field) -> str:
    """A column's name, type and the constraints that say whether it may be empty or repeated."""
    parts = [quote(field.name), field.type.value]
    if field.required:
        parts.append("NOT NULL")
    if field.unique:
        parts.append("UNIQUE")
    return " ".join(parts)


def _column_sql(field: Field) -> str:
    parts = [_column_head_sql(field)]
    if field.generated is not None:
        parts.append("DEFAULT " + GENERATED_SQL[field.generated])
    if field.default is not None:
        default = int(field.default) if field.type is FieldType.BOOLEAN else field.default
        parts.append("DEFAULT " + (f"'{default}'" if isinstance(default, str) else str(default)))
    if field.vocabulary is not None:
        codes = ", ".join(f"'{code}'" for code in field.vocabulary.codes())
        parts.append(f"CHECK ({quote(field.name)} IN ({codes}))")
    if field.type is FieldType.BOOLEAN:
        parts.append(f"CHECK ({quote(field.name)} IN (0, 1))")
    if field.name == "version":
        parts.append("CHECK (version >= 1)")
    if field.references:
        parts.append(f"REFERENCES {quote(field.references)}(id) DEFERRABLE INITIALLY DEFERRED")
    return " ".join(parts)


def table_sql(layer: LayerSchema) -> str:
    columns = ["fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"]
    if layer.is_spatial:
        columns.append(f"{GEOMETRY_COLUMN} {layer.geometry_type.value}")
    columns += [_column_sql(field) for field in layer.fields]
    return f"CREATE TABLE {quote(layer.name)} (\n  " + ",\n  ".join(columns) + "\n)"


def create_layer(connection: sqlite3.Connection, layer: LayerSchema) -> None:
    """Create one layer's table, register it, index it and describe its columns."""
    connection.execute(table_sql(layer))
    now = format_datetime(datetime.now(UTC))
    connection.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            layer.name,
            "features" if layer.is_spatial else "attributes",
            layer.name,
            f"{layer.title_zh} — {layer.description}",
            now,
            STORAGE_EPSG if layer.is_spatial else None,
        ),
    )
    for statement in secondary_index_sql(layer).values():
        connection.execute(statement)
    if layer.is_spatial:
        connection.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)",
            (layer.name, GEOMETRY_COLUMN, layer.geometry_type.value, STORAGE_EPSG),
        )
        create_rtree(connection, layer.name)
    describe_columns(connection, layer)


def secondary_index_sql(layer: LayerSchema) -> dict[str, str]:
    """Index name -> CREATE INDEX, for references (joins, reference checks) and event times."""
    return {
        f"idx_{layer.name}_{field.name}": f"CREATE INDEX {quote(f'idx_{layer.name}_{field.name}')} "
        f"ON {quote(layer.name)} ({quote(field.name)})"
        for field in layer.fields
        if field.references or field.name in ("visited_at", "reported_at")
    }


def rtree_name(table: str) -> str:
    return f"rtree_{table}_{GEOMETRY_COLUMN}"


def rtree_trigger_sql(table: str) -> list[str]:
    """The spec's six triggers that keep the R-tree in step with the table."""
    t, c, r = quote(table), GEOMETRY_COLUMN, quote(rtree_name(table))
    values = f"(NEW.fid, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c}))"
    name = rtree_name(table)
    return [
        f"CREATE TRIGGER {quote(name + '_insert')} AFTER INSERT ON {t} "
        f"WHEN (NEW.{c} NOT NULL AND NOT ST_IsEmpty(NEW.{c})) "
        f"BEGIN INSERT OR REPLACE INTO {r} VALUES {values}; END",
        f"CREATE TRIGGER {quote(name + '_update1')} AFTER UPDATE OF {c} ON {t} "
        f"WHEN OLD.fid = NEW.fid AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c})) "
        f"BEGIN INSERT OR REPLACE INTO {r} VALUES {values}; END",
        f"CREATE TRIGGER {quote(name + '_update2')} AFTER UPDATE OF {c} ON {t} "
        f"WHEN OLD.fid = NEW.fid AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c})) "
        f"BEGIN DELETE FROM {r} WHERE id = OLD.fid; END",
        f"CREATE TRIGGER {quote(name + '_update3')} AFTER UPDATE ON {t} "
        f"WHEN OLD.fid != NEW.fid AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c})) "
        f"BEGIN DELETE FROM {r} WHERE id = OLD.fid; INSERT OR REPLACE INTO {r} VALUES {values}; END",
        f"CREATE TRIGGER {quote(name + '_update4')} AFTER UPDATE ON {t} "
        f"WHEN OLD.fid != NEW.fid AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c})) "
        f"BEGIN DELETE FROM {r} WHERE id IN (OLD.fid, NEW.fid); END",
        f"CREATE TRIGGER {quote(name + '_delete')} AFTER DELETE ON {t} "
        f"WHEN OLD.{c} NOT NULL "
        f"BEGIN DELETE FROM {r} WHERE id = OLD.fid; END",
    ]


def create_rtree(connection: sqlite3.Connection, table: str) -> None:
    connection.execute(f"CREATE VIRTUAL TABLE {quote(rtree_name(table))} USING rtree(id, minx, maxx, miny, maxy)")
    for statement in rtree_trigger_sql(table):
        connection.execute(statement)
    connection.execute(
        "INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', ?, 'write-only')",
        (table, GEOMETRY_COLUMN, _RTREE_EXTENSION),
    )


def drop_rtree_triggers(connection: sqlite3.Connection, table: str) -> None:
    """For bulk loads: the index is filled in one statement afterwards instead."""
    name = rtree_name(table)
    for suffix in ("insert", "update1", "update2", "update3", "update4", "delete"):
        connection.execute(f"DROP TRIGGER IF EXISTS {quote(name + '_' + suffix)}")


def restore_rtree_triggers(connection: sqlite3.Connection, table: str) -> None:
    for statement in rtree_trigger_sql(table):
        connection.execute(statement)


def add_missing_columns(connection: sqlite3.Connection, layers: Iterable[LayerSchema]) -> None:
    """Add the declared fields a file made by an older Wangge lacks (new fields are always optional)."""
    for layer in layers:
        present = {row[1] for row in connection.execute(f"PRAGMA table_info({quote(layer.name)})")}
        for field in layer.fields:
            if field.name not in present:
                connection.execute(f"ALTER TABLE {quote(layer.name)} ADD COLUMN {_column_sql(field)}")
        describe_columns(connection, layer)


def add_generated_defaults(connection: sqlite3.Connection, layers: Iterable[LayerSchema]) -> None:
    """Give the generated fields of a file made by an older Wangge their database defaults.

    SQLite cannot alter a column, but a default changes nothing stored, so, as SQLite's
    documentation allows for exactly this change ("ALTER TABLE", section 7), the table's
    definition text is edited in place: the column's head gets its ``DEFAULT``, nothing else
    moves. A column written by some other program is left as it is. Runs inside the
    migration's transaction, so a failure leaves the file as it was.
    """
    (schema_version,) = connection.execute("PRAGMA schema_version").fetchone()
    edited = False
    connection.execute("PRAGMA writable_schema = ON")
    try:
        for layer in layers:
            row = connection.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (layer.name,)
            ).fetchone()
            if row is None:
                continue
            definition = row[0]
            for field in layer.fields:
                if field.generated is None:
                    continue
                head = _column_head_sql(field)
                if definition.count(head + ",") + definition.count(head + "\n") != 1:
                    continue  # not as Wangge wrote it, or it has its default already
                definition = definition.replace(head, f"{head} DEFAULT {GENERATED_SQL[field.generated]}", 1)
            if definition != row[0]:
                connection.execute(
                    "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (definition, layer.name)
                )
                edited = True
        if edited:
            connection.execute(f"PRAGMA schema_version = {schema_version + 1}")
    finally:
        connection.execute("PRAGMA writable_schema = OFF")
    if edited:
        (verdict,) = connection.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            raise sqlite3.DatabaseError(f"the project file's tables do not check out after adding defaults: {verdict}")


def register_schema_extension(connection: sqlite3.Connection) -> None:
    """The schema extension's two rows in ``gpkg_extensions``, once per file as the spec requires (Req 141).

    ``INSERT OR IGNORE`` cannot keep them single: the unique key includes ``column_name``,
    which is NULL here, and NULLs never collide. Extra rows an older Wangge wrote are removed.
    """
    for extension_table in ("gpkg_data_columns", "gpkg_data_column_constraints"):
        connection.execute(
            "DELETE FROM gpkg_extensions WHERE extension_name = 'gpkg_schema' AND table_name = ? AND rowid NOT IN "
            "(SELECT MIN(rowid) FROM gpkg_extensions WHERE extension_name = 'gpkg_schema' AND table_name = ?)",
            (extension_table, extension_table),
        )
        connection.execute(
            "INSERT INTO gpkg_extensions SELECT ?, NULL, 'gpkg_schema', ?, 'read-write' WHERE NOT EXISTS "
            "(SELECT 1 FROM gpkg_extensions WHERE extension_name = 'gpkg_schema' AND table_name = ?)",
            (extension_table, _SCHEMA_EXTENSION, extension_table),
        )


def describe_columns(connection: sqlite3.Connection, layer: LayerSchema) -> None:
    """Chinese titles for every column and enumerations for closed vocabularies."""
    register_schema_extension(connection)
    for field in layer.fields:
        constraint = None
        if field.vocabulary is not None:
            constraint = f"wangge_{field.vocabulary.__name__.lower()}"
            connection.executemany(
                "INSERT OR IGNORE INTO gpkg_data_column_constraints"
                " (constraint_name, constraint_type, value, description) VALUES (?, 'enum', ?, ?)",
                [(constraint, member.value, member.zh) for member in field.vocabulary],
            )
        connection.execute(
            "INSERT OR REPLACE INTO gpkg_data_columns"
            " (table_name, column_name, name, title, description, constraint_name) VALUES (?, ?, ?, ?, ?, ?)",
            (layer.name, field.name, field.title_zh, field.title_zh, field.description or None, constraint),
        )


AUDIT_LOG_SQL = [
    # Not registered in gpkg_contents (like wangge_settings), so GDAL and QGIS list no extra layer.
    "CREATE TABLE IF NOT EXISTS wangge_audit (\n"
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n"  # AUTOINCREMENT: a number is never given twice
    "  at DATETIME NOT NULL,\n"
    "  who TEXT NOT NULL,\n"
    "  action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'bulk_load')),\n"
    "  layer TEXT NOT NULL,\n"
    "  record TEXT,\n"
    "  version INTEGER,\n"
    "  old_values TEXT,\n"
    "  new_values TEXT)",
    "CREATE INDEX IF NOT EXISTS idx_wangge_audit_record ON wangge_audit (record)",
    # History is append-only for every program that opens the file, not only for Wangge.
    "CREATE TRIGGER IF NOT EXISTS wangge_audit_no_update BEFORE UPDATE ON wangge_audit "
    "BEGIN SELECT RAISE(ABORT, 'wangge_audit is append-only: audit entries cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS wangge_audit_no_delete BEFORE DELETE ON wangge_audit "
    "BEGIN SELECT RAISE(ABORT, 'wangge_audit is append-only: audit entries cannot be deleted'); END",
    # INSERT OR REPLACE would overwrite an entry without firing the DELETE trigger.
    "CREATE TRIGGER IF NOT EXISTS wangge_audit_no_replace BEFORE INSERT ON wangge_audit "
    "WHEN NEW.seq IS NOT NULL AND EXISTS (SELECT 1 FROM wangge_audit WHERE seq = NEW.seq) "
    "BEGIN SELECT RAISE(ABORT, 'wangge_audit is append-only: audit entries cannot be replaced'); END",
]


def create_audit_log(connection: sqlite3.Connection) -> None:
    """The append-only audit log table and the triggers that refuse to change or delete its entries."""
    for statement in AUDIT_LOG_SQL:
        connection.execute(statement)


def _marks(household: str) -> str:
    """The trigger statement that marks the household named by ``household`` (an expression) out of date."""
    return f"INSERT OR IGNORE INTO {quote(STALE_TABLE)} SELECT {household} WHERE {household} IS NOT NULL"


STATUS_TRIGGERS = {
    # A visit changes its household's last visit and, as a follow-up, its dispute's household's follow-ups.
    "visits": lambda row: [
        _marks(f"{row}.household_id"),
        f"INSERT OR IGNORE INTO {quote(STALE_TABLE)} SELECT household_id FROM disputes "
        f"WHERE id = {row}.dispute_id AND household_id IS NOT NULL",
    ],
    "disputes": lambda row: [_marks(f"{row}.household_id")],
    "households": lambda row: [_marks(f"{row}.id")],
}
"""For each layer, the statements that mark the households a changed row (``NEW`` or ``OLD``) concerns."""


def household_status_sql() -> list[str]:
    """The kept household status, its stale marks, and the triggers that mark whichever program edits.

    Triggers only mark; the store recomputes the marked households before it
    commits (:meth:`layers.store.base.ProjectStore.household_status`), because the
    rules (key-person cycles, follow-ups) are Python the SQL must not repeat.
    """
    columns = ",\n  ".join(_column_head_sql(field) for field in STATUS_FIELDS)
    statements = [
        f"CREATE TABLE IF NOT EXISTS {quote(STATUS_TABLE)} (\n  {columns},\n  PRIMARY KEY (household_id)\n)"
        " WITHOUT ROWID",
        f"CREATE TABLE IF NOT EXISTS {quote(STALE_TABLE)} (household_id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID",
    ]
    for layer, marks in STATUS_TRIGGERS.items():
        for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            body = "; ".join(statement for row in rows for statement in marks(row))
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {quote(f'wangge_status_{layer}_{event.lower()}')} "
                f"AFTER {event} ON {quote(layer)} BEGIN {body}; END"
            )
    statements += [
        # A grid's cycle sets its households' next visit; the key-person policy every key person's.
        f"CREATE TRIGGER IF NOT EXISTS wangge_status_grid_cycle AFTER UPDATE OF visit_cycle_days ON grids "
        f"BEGIN INSERT OR IGNORE INTO {quote(STALE_TABLE)} SELECT id FROM households WHERE grid_id = NEW.id; END",
        *(
            f"CREATE TRIGGER IF NOT EXISTS wangge_status_policy_{event.lower()} AFTER {event} ON wangge_settings "
            f"WHEN NEW.key = '{KeyPersonCycles.setting}' BEGIN INSERT OR IGNORE INTO {quote(STALE_TABLE)} "
            "SELECT id FROM households WHERE trim(coalesce(key_person, '')) <> ''; END"
            for event in ("INSERT", "UPDATE")
        ),
        f"INSERT OR IGNORE INTO {quote(STALE_TABLE)} SELECT id FROM households",
    ]
    return statements


STATUS_BY_GRID_INDEX = "idx_household_status_grid"
"""The kept status in grid order, holding every field the counts per grid read: the overview of a county of a
million households is one pass of this index (0.6 s), not a sort of the table (1.5 s)."""


def index_status_by_grid(connection: sqlite3.Connection) -> None:
    """Migration 10: the covering index of the counts per grid (``ProjectStore.grid_summaries``)."""
    counted = ("grid_id", "last_visit", "grid_cycle_days", "own_cycle_days", "is_key_person")
    connection.execute(
        f"CREATE INDEX IF NOT EXISTS {quote(STATUS_BY_GRID_INDEX)} ON {quote(STATUS_TABLE)} "
        f"({', '.join(quote(name) for name in counted)})"
    )


def create_household_status(connection: sqlite3.Connection) -> None:
    """Migration 9: every household marked, so the first edit (or any reading) has its status."""
    for statement in household_status_sql():
        connection.execute(statement)
