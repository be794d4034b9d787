"""The embedded project store: one GeoPackage file per station.

Looking never writes. A project opens on a read-only SQLite connection, so
``info``, ``print``, ``report`` or a window closed without an edit leave the
file byte-identical, as backup and sync tools and read-only shares need. A
file saved by an older Wangge is read through a migrated copy in memory.

The first edit opens the file for writing: schema migrations, then WAL mode
and one transaction per edit, so a crash loses at most the edit in flight.
When the store closes after edits, the file is checkpointed and switched back
to a rollback journal, leaving one self-contained ``.gpkg`` that QGIS,
``ogrinfo`` or a USB stick can take. A file, folder or disk that cannot be
written keeps the store read-only: every edit is refused with
:class:`~layers.errors.ReadOnlyProjectError` and nothing is written.

A file is checked read-only before anything is written to it: a path that is
not a Wangge project is refused with a one-line reason and stays untouched.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import struct
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry.base import BaseGeometry

from layers import values
from layers.crs import STORAGE_EPSG
from layers.errors import (
    QT_TRANSLATE_NOOP,
    AuditLogMissingError,
    ConflictError,
    IntegrityError,
    NoSuchFolderError,
    NotAProjectError,
    ProjectExistsError,
    ReadOnlyProjectError,
    RecordNotFoundError,
    SchemaTooNewError,
    UnsupportedCrsError,
)
from layers.feedback import Feedback
from layers.household_status import STALE_TABLE, STATUS_FIELDS, STATUS_TABLE
from layers.schema import GEOMETRY_COLUMN, Field, FieldType, LayerSchema, layer_schema
from layers.store import gpkg_geometry, gpkg_schema
from layers.store.audit import AUDIT_TABLE, AuditEntry, audited_values
from layers.store.base import (
    SETTINGS,
    Feature,
    Matched,
    PendingEdit,
    ProjectStore,
    checked_columns,
    frame_column,
    refuse_record_fields,
    refuse_unknown_fields,
    wanted_columns,
)
from layers.store.layer_styles import write_layer_styles
from layers.store.migrations import MIGRATIONS, Migration, applied_version, latest_version, migrate

_SQLITE_MAGIC = b"SQLite format 3\x00"
_BULK_CHUNK = 20_000
_REBUILD_INDEXES_FROM = 10_000
_SYNC_BASE = "wangge_sync_base"
_CACHE_KIB = -16_384  # 16 MiB of page cache (negative: KiB), so the R-tree and indexes stay in memory
_BULK_CACHE_KIB = -524_288  # 512 MiB while a bulk load builds indexes over millions of rows
_q = gpkg_schema.quote
logger = logging.getLogger(__name__)


def inspect_project_file(path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Check, read-only, that ``path`` is a Wangge project this app can open; return its schema version."""
    if not path.exists():
        raise NotAProjectError(path=str(path), reason=QT_TRANSLATE_NOOP("reason", "no such file"))
    if not path.is_file():
        raise NotAProjectError(path=str(path), reason=QT_TRANSLATE_NOOP("reason", "a folder, not a file"))
    with path.open("rb") as handle:
        if handle.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise NotAProjectError(path=str(path), reason=QT_TRANSLATE_NOOP("reason", "not a GeoPackage (SQLite) file"))
    try:
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            (application_id,) = connection.execute("PRAGMA application_id").fetchone()
            if application_id != gpkg_schema.APPLICATION_ID:
                raise NotAProjectError(
                    path=str(path), reason=QT_TRANSLATE_NOOP("reason", "an SQLite database, but not a GeoPackage")
                )
            version = applied_version(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise NotAProjectError(path=str(path), reason=f"damaged or unreadable file: {error}") from None
    if version == 0:
        raise NotAProjectError(path=str(path), reason=QT_TRANSLATE_NOOP("reason", "a GeoPackage without Wangge layers"))
    if version > latest_version(migrations):
        raise SchemaTooNewError(path=str(path), found=version, supported=latest_version(migrations))
    return version


def is_writable(path: Path) -> bool:
    """Whether SQLite can write ``path``: the file itself and its folder (journal and WAL files live beside it)."""
    return os.access(path, os.W_OK) and folder_is_writable(path)


def folder_is_writable(path: Path) -> bool:
    return os.access(path.resolve().parent, os.W_OK)


class GeoPackageStore(ProjectStore):
    """A station project in a GeoPackage file (see the module docstring)."""

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        user: str | None = None,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> None:
        super().__init__(user)
        self._path = path
        self._connection = connection
        self._migrations = migrations
        self._writing = False  # True once the connection can write (see _start_writing)
        self._retired: list[sqlite3.Connection] = []
        self._lock = threading.RLock()
        self._pending = PendingEdit()
        self._edited_layers: set[str] = set()

    # -- opening and creating ------------------------------------------------
    @classmethod
    def create(
        cls,
        path: str | Path,
        station: str,
        migrations: Sequence[Migration] = MIGRATIONS,
        user: str | None = None,
        styles: Mapping[str, str] | None = None,
    ) -> GeoPackageStore:
        """Create a new, empty project file; refuses to overwrite an existing one.

        ``user`` is who the audit log names for the edits (default: the OS login name); ``styles``
        (layer name -> QML, see :mod:`.layer_styles`) how QGIS and QField show each layer.
        """
        path = Path(path)
        if path.exists():
            raise ProjectExistsError(path=str(path))
        if not path.parent.is_dir():
            raise NoSuchFolderError(path=str(path), folder=str(path.parent))
        if not folder_is_writable(path):
            raise ReadOnlyProjectError(path=str(path))
        connection = _connect_for_writing(path)
        try:
            migrate(connection, migrations)
        except BaseException:
            connection.close()
            path.unlink(missing_ok=True)
            raise
        store = cls(path, connection, user, migrations)
        store._writing = True
        with store.edit():
            store.set_setting("station", station)
            store.set_setting("timezone", values.STATION_TIMEZONE.key)
            if styles:
                write_layer_styles(store._db, styles)
        return store

    @classmethod
    def open(
        cls, path: str | Path, migrations: Sequence[Migration] = MIGRATIONS, user: str | None = None
    ) -> GeoPackageStore:
        """Open a project file for reading; the first edit opens it for writing. See :func:`inspect_project_file`."""
        path = Path(path)
        version = inspect_project_file(path, migrations)
        connection = _connect_for_reading(path)
        if version < latest_version(migrations):
            connection = _migrated_in_memory(connection, migrations)
        return cls(path, connection, user, migrations)

    @property
    def read_only(self) -> bool:
        return not self._writing and not is_writable(self._path)

    def _start_writing(self) -> None:
        """Swap the reading connection for a writing one (migrating the file first); under ``self._lock``."""
        if self._writing:
            return
        if self.read_only:
            raise ReadOnlyProjectError(path=str(self._path))
        try:
            connection = _connect_for_writing(self._path)
            try:
                migrate(connection, self._migrations)
            except BaseException:
                connection.close()
                raise
        except sqlite3.OperationalError as error:
            if not _refused_writing(error):
                raise
            raise ReadOnlyProjectError(path=str(self._path)) from error
        # A reader on another thread may still hold the old connection: retire it, close it with the store.
        self._retired.append(self._connection)
        self._connection, self._writing = connection, True

    def close(self) -> None:
        with self._lock:
            if self._connection is None:
                return
            for retired in self._retired:
                retired.close()
            if self._writing:
                self._fold_wal_into_file()
            self._connection.close()
            self._connection = None

    def _fold_wal_into_file(self) -> None:
        self._update_extents()
        try:
            self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._connection.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.OperationalError as error:
            # Another program (QGIS, say) has the file open: it stays in WAL mode, which every
            # GeoPackage reader handles, and the last program to close it folds the WAL in.
            logger.info("%s stays in WAL mode: %s", self._path, error)

    # -- the project -------------------------------------------------------
    @property
    def location(self) -> str:
        return str(self._path)

    @property
    def path(self) -> Path:
        return self._path

    def schema_version(self) -> int:
        return applied_version(self._db)

    def settings(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM wangge_settings").fetchall())

    def set_setting(self, key: str, value: str) -> None:
        with self.edit():
            self._db.execute("INSERT OR REPLACE INTO wangge_settings VALUES (?, ?)", (key, value))
            self._pending.note(SETTINGS, "updated", key)

    def extent(self, layer: str) -> tuple[float, float, float, float] | None:
        """The union of the boxes in the R-tree's root node: the layer's bounds without a scan.

        ``MIN(minx)`` over the R-tree reads every entry, a quarter of a second at a million households,
        before a window can show anything. SQLite's R*Tree keeps its root as node 1 of the ``_node``
        table: a 2-byte depth, a 2-byte count, then per child a 64-bit id and its box as 32-bit floats
        (minx, maxx, miny, maxy), all big-endian; the values are the same rounded floats the scan returns.
        """
        rtree = gpkg_schema.rtree_name(layer_schema(layer).name)
        root = self._db.execute(f"SELECT data FROM {_q(rtree + '_node')} WHERE nodeno = 1").fetchone()
        (count,) = struct.unpack_from(">H", root[0], 2) if root else (0,)
        if not count:
            return None
        boxes = np.array([struct.unpack_from(">4f", root[0], 4 + child * 24 + 8) for child in range(count)])
        return (float(boxes[:, 0].min()), float(boxes[:, 2].min()), float(boxes[:, 1].max()), float(boxes[:, 3].max()))

    @property
    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            raise RuntimeError(f"{self._path}: the project is closed")
        return self._connection

    # -- reading -----------------------------------------------------------
    def count(self, layer: str) -> int:
        schema = layer_schema(layer)
        (n,) = self._db.execute(f"SELECT COUNT(*) FROM {_q(schema.name)}").fetchone()
        return int(n)

    def _select_sql(self, schema: LayerSchema, columns: Sequence[str]) -> str:
        names = [_q(name) for name in columns]
        if schema.is_spatial:
            names.append(GEOMETRY_COLUMN)
        return f"SELECT {', '.join(names)} FROM {_q(schema.name)}"

    def get(self, layer: str, record_id: str) -> Feature:
        schema = layer_schema(layer)
        with self._lock:
            row = self._db.execute(
                self._select_sql(schema, schema.field_names) + " WHERE id = ?", (record_id,)
            ).fetchone()
        if row is None:
            raise RecordNotFoundError(layer=layer, record=record_id)
        attributes = {f.name: values.from_storage(f, raw) for f, raw in zip(schema.fields, row)}
        geometry = gpkg_geometry.decode(row[-1]) if schema.is_spatial else None
        return Feature(layer, attributes, geometry)

    def read(
        self,
        layer: str,
        bbox: tuple[float, float, float, float] | None = None,
        columns: Iterable[str] | None = None,
        matching: Mapping[str, Matched] | None = None,
    ) -> gpd.GeoDataFrame | pd.DataFrame:
        schema = layer_schema(layer)
        wanted = wanted_columns(schema, columns, bbox, matching)
        self._refuse_foreign_crs(schema)
        conditions: list[str] = []
        parameters: list = []
        if bbox is not None:
            minx, miny, maxx, maxy = bbox
            conditions.append(
                f"fid IN (SELECT id FROM {_q(gpkg_schema.rtree_name(layer))}"
                " WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?)"
            )
            parameters += [maxx, minx, maxy, miny]
        matched, matched_parameters = self._matching_sql(schema, matching)
        conditions += matched
        parameters += matched_parameters
        sql = self._select_sql(schema, wanted)
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY fid", parameters).fetchall()
        stored = list(zip(*rows)) if rows else [()] * (len(wanted) + schema.is_spatial)
        frame = pd.DataFrame({name: frame_column(schema.field(name), stored[i]) for i, name in enumerate(wanted)})
        if not schema.is_spatial:
            return frame
        geometry = gpkg_geometry.decode_many(stored[-1]) if rows else np.array([], dtype=object)
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs=f"EPSG:{STORAGE_EPSG}"))

    def _refuse_foreign_crs(self, schema: LayerSchema) -> None:
        """Geometries are read as CGCS2000 lon/lat; a layer another tool saved in another CRS is refused by name."""
        if not schema.is_spatial:
            return
        row = self._db.execute(
            "SELECT c.srs_id, s.organization, s.organization_coordsys_id, s.srs_name FROM gpkg_geometry_columns c "
            "LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = c.srs_id WHERE c.table_name = ?",
            (schema.name,),
        ).fetchone()
        if row is not None and row[0] != STORAGE_EPSG:
            srs_id, organisation, code, name = row
            crs = f"{organisation}:{code} ({name})" if organisation else f"srs_id {srs_id}"
            raise UnsupportedCrsError(location=self.location, layer=schema.name, crs=crs)

    # -- editing -----------------------------------------------------------
    @contextmanager
    def edit(self) -> Iterator[None]:
        with self._lock:
            outermost = self._pending.depth == 0
            if outermost:
                self._start_writing()
                self._db.execute("BEGIN IMMEDIATE")
            self._pending.depth += 1
            try:
                yield
            except BaseException:
                self._pending.depth -= 1
                if outermost:
                    self._db.execute("ROLLBACK")
                    self._pending = PendingEdit()
                raise
            self._pending.depth -= 1
            if not outermost:
                return
            try:
                self._keep_stale_status()
                self._db.execute("COMMIT")
            except sqlite3.IntegrityError:
                # A deferred reference check failed; the transaction is still open, so name the row.
                problem = self._broken_reference([layer for layer in self._pending.changes if layer != SETTINGS])
                self._db.execute("ROLLBACK")
                self._pending = PendingEdit()
                raise problem from None
            committed, self._pending = self._pending, PendingEdit()
            self._edited_layers.update(layer for layer in committed.changes if layer != SETTINGS)
        for change in committed.announcements():
            self.changed.emit(change)

    @contextmanager
    def between_edits(self) -> Iterator[None]:
        """Hold this store's edits off while another connection writes the file (imagery tiles, say).

        Inside an edit of this store the other connection would wait for a lock
        this thread holds, so that is refused as the programming error it is.
        """
        with self._lock:
            if self._pending.depth:
                raise RuntimeError(f"{self._path}: cannot write with another connection inside an edit of this store")
            yield

    def _write_whole(self, feature: Feature, replace_existing: bool) -> Feature:
        """Insert ``feature`` with every field as given; with ``replace_existing``, overwrite its record."""
        schema = layer_schema(feature.layer)
        refuse_unknown_fields(schema, feature.attributes)
        record = str(feature.attributes.get("id"))
        row = {f.name: values.to_storage(schema, record, f, feature.attributes.get(f.name)) for f in schema.fields}
        if schema.is_spatial:
            values.check_geometry(schema, record, feature.geometry)
            row[GEOMETRY_COLUMN] = gpkg_geometry.encode(feature.geometry, STORAGE_EPSG)
        audited_row = {name: value for name, value in row.items() if name != GEOMETRY_COLUMN}
        if schema.is_spatial:
            audited_row[GEOMETRY_COLUMN] = feature.geometry
        new_values = audited_values(schema, audited_row)
        with self.edit():
            self._check_references(schema, record, row)
            exists = replace_existing and self._record_exists(schema.name, record)
            if exists:
                entry = AuditEntry.update(schema.name, record, self._audited_record(schema, record), new_values)
            else:
                entry = AuditEntry.insert(schema.name, new_values)
            try:
                if exists:
                    assignments = ", ".join(f"{_q(name)} = ?" for name in row)
                    self._db.execute(
                        f"UPDATE {_q(schema.name)} SET {assignments} WHERE id = ?", [*row.values(), record]
                    )
                else:
                    names, marks = ", ".join(map(_q, row)), ", ".join("?" * len(row))
                    self._db.execute(f"INSERT INTO {_q(schema.name)} ({names}) VALUES ({marks})", list(row.values()))
            except sqlite3.IntegrityError as error:
                raise IntegrityError(layer=schema.name, reason=_integrity_reason(error, record)) from None
            self._log(entry)
            self._touch(schema.name)
            self._pending.note(schema.name, "updated" if exists else "inserted", record)
        return self.get(schema.name, record)

    def _update(
        self,
        layer: str,
        record_id: str,
        changes: Mapping[str, Any],
        expected_version: int,
        geometry: BaseGeometry | None = None,
    ) -> Feature:
        schema = layer_schema(layer)
        refuse_record_fields(changes)
        stored = {
            name: values.to_storage(schema, record_id, schema.field(name), value) for name, value in changes.items()
        }
        stored["version"] = expected_version + 1
        stored["updated_at"] = values.format_datetime(datetime.now(UTC))
        if geometry is not None:
            values.check_geometry(schema, record_id, geometry)
            stored[GEOMETRY_COLUMN] = gpkg_geometry.encode(geometry, STORAGE_EPSG)
        assignments = ", ".join(f"{_q(name)} = ?" for name in stored)
        new_values = audited_values(schema, stored | ({} if geometry is None else {GEOMETRY_COLUMN: geometry}))
        with self.edit():
            self._check_references(schema, record_id, stored)
            old_values = self._audited_record(schema, record_id, list(new_values))
            try:
                cursor = self._db.execute(
                    f"UPDATE {_q(schema.name)} SET {assignments} WHERE id = ? AND version = ?",
                    [*stored.values(), record_id, expected_version],
                )
            except sqlite3.IntegrityError as error:
                raise IntegrityError(layer=schema.name, reason=_integrity_reason(error, record_id)) from None
            if cursor.rowcount != 1:
                self._raise_missing_or_conflict(schema, record_id, expected_version)
            self._log(AuditEntry.update(schema.name, record_id, old_values or {}, new_values))
            self._touch(schema.name)
            self._pending.note(schema.name, "updated", record_id)
        return self.get(schema.name, record_id)

    def _delete(self, layer: str, record_id: str, expected_version: int) -> Feature:
        schema = layer_schema(layer)
        with self.edit():
            before = self.get(schema.name, record_id)
            if before.version != expected_version:
                raise ConflictError(layer=layer, record=record_id, expected=expected_version, actual=before.version)
            self._check_not_referenced(schema, record_id)
            deleted = self._audited_record(schema, record_id)
            self._db.execute(f"DELETE FROM {_q(schema.name)} WHERE id = ?", (record_id,))
            self._log(AuditEntry.delete(schema.name, deleted))
            self._touch(schema.name)
            self._pending.note(schema.name, "deleted", record_id)
        return before

    # -- the audit log -------------------------------------------------------
    def _audited_record(
        self, schema: LayerSchema, record_id: str, names: Sequence[str] | None = None
    ) -> dict[str, Any] | None:
        """The stored values of a record (of the named fields; ``geom`` as WKT) as the log keeps them."""
        if names is None:
            names = [*schema.field_names, *([GEOMETRY_COLUMN] if schema.is_spatial else [])]
        columns = ", ".join(map(_q, names))
        row = self._db.execute(f"SELECT {columns} FROM {_q(schema.name)} WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            return None
        stored = dict(zip(names, row))
        if GEOMETRY_COLUMN in stored:
            blob = stored[GEOMETRY_COLUMN]
            stored[GEOMETRY_COLUMN] = None if blob is None else gpkg_geometry.decode(blob)
        return audited_values(schema, stored)

    def _log(self, entry: AuditEntry) -> None:
        """Append ``entry`` to the log; only ever called inside the edit it records."""
        try:
            self._db.execute(
                f"INSERT INTO {AUDIT_TABLE} (at, who, action, layer, record, version, old_values, new_values) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                entry.stored_row(datetime.now(UTC), self.user),
            )
        except sqlite3.OperationalError as error:
            if AUDIT_TABLE not in str(error):
                raise
            raise AuditLogMissingError(path=str(self._path)) from None

    def _audit_rows(
        self, record_id: str | None, layer: str | None, since: datetime | None, limit: int | None
    ) -> list[tuple]:
        conditions, parameters = [], []
        for condition, value in (
            ("record = ?", record_id),
            ("layer = ?", layer),
            ("at >= ?", None if since is None else values.format_datetime(since)),
        ):
            if value is not None:
                conditions.append(condition)
                parameters.append(value)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = (
            "SELECT seq, at, who, NULL, action, layer, record, version, old_values, new_values "
            f"FROM {AUDIT_TABLE}{where} ORDER BY seq DESC"
        )
        if limit is not None:
            sql += " LIMIT ?"
            parameters.append(limit)
        with self._lock:
            return self._db.execute(sql, parameters).fetchall()

    def _raise_missing_or_conflict(self, schema: LayerSchema, record_id: str, expected: int) -> None:
        row = self._db.execute(f"SELECT version FROM {_q(schema.name)} WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise RecordNotFoundError(layer=schema.name, record=record_id)
        raise ConflictError(layer=schema.name, record=record_id, expected=expected, actual=row[0])

    def _broken_reference(self, tables: list[str]) -> IntegrityError:
        for table in tables:
            row = self._db.execute(f"PRAGMA foreign_key_check({_q(table)})").fetchone()
            if row is not None:
                _, rowid, parent, key = row
                spec = [f for f in layer_schema(table).fields if f.references == parent][0]
                record, target = self._db.execute(
                    f"SELECT id, {_q(spec.name)} FROM {_q(table)} WHERE fid = ?", (rowid,)
                ).fetchone()
                return IntegrityError(
                    layer=table,
                    reason=f"record {record}: field '{spec.name}' refers to {target}, which is not in '{parent}'",
                )
        return IntegrityError(layer=", ".join(tables), reason="a reference to a missing record")

    def _record_exists(self, layer: str, record_id: str) -> bool:
        return self._db.execute(f"SELECT 1 FROM {_q(layer)} WHERE id = ?", (record_id,)).fetchone() is not None

    def _all_ids(self, layer: str) -> pd.Index:
        return pd.Index([row[0] for row in self._db.execute(f"SELECT id FROM {_q(layer)}")])

    def _count_referencing(self, layer: str, field: str, record_id: str) -> int:
        (n,) = self._db.execute(f"SELECT COUNT(*) FROM {_q(layer)} WHERE {_q(field)} = ?", (record_id,)).fetchone()
        return int(n)

    def _touch(self, table: str) -> None:
        self._db.execute(
            "UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?",
            (values.format_datetime(datetime.now(UTC)), table),
        )

    def _update_extents(self) -> None:
        """Keep ``gpkg_contents`` extents true for the layers edited here, as QGIS zooms to them first."""
        edited = [name for name in self._edited_layers if layer_schema(name).is_spatial]
        if not edited:
            return
        with self.edit():
            for name in edited:
                self._db.execute(
                    "UPDATE gpkg_contents SET (min_x, min_y, max_x, max_y) = (?, ?, ?, ?) WHERE table_name = ?",
                    (*(self.extent(name) or (None,) * 4), name),
                )

    # -- offline copies: the server state each record was pulled or synced at --------
    def load_sync_base(self, layer: str) -> dict[str, dict[str, Any]]:
        """Canonical rows (see ``layers.store.offline``) by record id; empty for a copy never pulled."""
        if not self._has_table(_SYNC_BASE):
            return {}
        rows = self._db.execute(f"SELECT id, row FROM {_SYNC_BASE} WHERE layer = ?", (layer,)).fetchall()
        return {record: json.loads(row) for record, row in rows}

    def save_sync_base(self, layer: str, rows: Mapping[str, Mapping[str, Any]]) -> None:
        with self.edit():
            self._db.execute(
                f"CREATE TABLE IF NOT EXISTS {_SYNC_BASE} "
                "(layer TEXT NOT NULL, id TEXT NOT NULL, row TEXT NOT NULL, PRIMARY KEY (layer, id))"
            )
            self._db.executemany(
                f"INSERT OR REPLACE INTO {_SYNC_BASE} VALUES (?, ?, ?)",
                [(layer, record, json.dumps(row, ensure_ascii=False)) for record, row in rows.items()],
            )

    def forget_sync_base(self, layer: str, record: str) -> None:
        if self._has_table(_SYNC_BASE):
            with self.edit():
                self._db.execute(f"DELETE FROM {_SYNC_BASE} WHERE layer = ? AND id = ?", (layer, record))

    # -- the kept household status: SQL primitives -----------------------------
    def _table_sql(self, name: str) -> str:
        return _q(name)

    def _households_within_sql(self, bbox: tuple[float, float, float, float]) -> str:
        minx, miny, maxx, maxy = map(float, bbox)
        return (
            f"SELECT id FROM households WHERE fid IN (SELECT id FROM {_q(gpkg_schema.rtree_name('households'))} "
            f"WHERE minx <= {maxx!r} AND maxx >= {minx!r} AND miny <= {maxy!r} AND maxy >= {miny!r})"
        )

    def _days_since_sql(self, column: str, moment: pd.Timestamp) -> str:
        utc = pd.Timestamp(moment).tz_convert("UTC")  # the file keeps moments as UTC text; julianday reads them so
        return f"(julianday('{utc.strftime('%Y-%m-%dT%H:%M:%S.%f')}') - julianday({column}))"

    def _rows(self, query: str, parameters: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(query, parameters).fetchall()

    _contains_sql = "LIKE ? ESCAPE '\\'"  # SQLite's LIKE ignores the case of Latin letters

    def _any_of_sql(self, column: str, is_id: bool) -> str:
        return f"{column} IN (SELECT value FROM json_each(?))"  # one parameter, however many values

    def _list_parameter(self, values: Sequence[str]) -> Any:
        return json.dumps(list(values))

    def _moment_parameter(self, moment: pd.Timestamp) -> Any:
        # as the file keeps moments (UTC text, fixed width): compared as text, by the index on the field
        return values.format_datetime(pd.Timestamp(moment).to_pydatetime())

    def _station_clock_sql(self, column: str) -> str:
        return f"strftime('%Y-%m-%d %H:%M', {column}, '{STATION_UTC_OFFSET_HOURS:+d} hours')"

    def _leading_number_sql(self, text: str) -> str:
        return f"CASE WHEN ltrim({text}) GLOB '[0-9]*' THEN CAST(ltrim({text}) AS INTEGER) END"

    def _replace_status(self, households: list[str], fresh: pd.DataFrame) -> None:
        # the edit holds the file's write lock (BEGIN IMMEDIATE): no other program can have marked one since
        self._db.execute(
            f"DELETE FROM {_q(STATUS_TABLE)} WHERE household_id IN (SELECT household_id FROM {_q(STALE_TABLE)})"
        )
        rows = zip(*(_stored_status_column(spec, fresh[spec.name]) for spec in STATUS_FIELDS))
        self._db.executemany(f"INSERT INTO {_q(STATUS_TABLE)} VALUES ({', '.join('?' * len(STATUS_FIELDS))})", rows)
        self._db.execute(f"DELETE FROM {_q(STALE_TABLE)}")

    def _has_table(self, name: str) -> bool:
        found = self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
        return found is not None

    # -- bulk loading ------------------------------------------------------
    def bulk_load(self, layer: str, frame: pd.DataFrame, feedback: Feedback | None = None) -> int:
        schema = layer_schema(layer)
        feedback = feedback or Feedback()
        columns, geometries = checked_columns(schema, frame)
        blobs: list = []
        envelopes = None
        if geometries is not None:
            blobs = gpkg_geometry.encode_many(geometries, STORAGE_EPSG)
            envelopes = gpkg_geometry.envelopes_many(geometries)
        n = len(frame)
        self._db.execute(f"PRAGMA cache_size = {_BULK_CACHE_KIB}")
        try:
            self._bulk_insert(schema, columns, blobs, envelopes, n, feedback)
        finally:
            self._db.execute(f"PRAGMA cache_size = {_CACHE_KIB}")
        feedback.set_progress(100.0)
        return n

    def _bulk_insert(
        self, schema: LayerSchema, columns: dict, blobs: list, envelopes, n: int, feedback: Feedback
    ) -> None:
        names = list(columns)
        rebuild_indexes = n >= _REBUILD_INDEXES_FROM and n > self.count(schema.name)
        with self.edit():
            self._check_references_of_rows(schema, columns)
            if rebuild_indexes:  # building an index once is faster than growing it row by row
                for index in gpkg_schema.secondary_index_sql(schema):
                    self._db.execute(f"DROP INDEX IF EXISTS {_q(index)}")
            (start,) = self._db.execute(f"SELECT COALESCE(MAX(fid), 0) + 1 FROM {_q(schema.name)}").fetchone()
            fids = range(start, start + n)
            insert_columns = ["fid", *names] + ([GEOMETRY_COLUMN] if schema.is_spatial else [])
            sql = (
                f"INSERT INTO {_q(schema.name)} ({', '.join(map(_q, insert_columns))}) "
                f"VALUES ({', '.join('?' * len(insert_columns))})"
            )
            column_lists = [fids, *columns.values()] + ([blobs] if schema.is_spatial else [])
            if schema.is_spatial:
                gpkg_schema.drop_rtree_triggers(self._db, schema.name)
            try:
                for chunk_start in range(0, n, _BULK_CHUNK):
                    feedback.raise_if_canceled()
                    chunk = slice(chunk_start, chunk_start + _BULK_CHUNK)
                    self._db.executemany(sql, zip(*(c[chunk] for c in column_lists)))
                    feedback.set_progress(90.0 * min(n, chunk_start + _BULK_CHUNK) / n)
            except sqlite3.IntegrityError as error:
                raise IntegrityError(layer=schema.name, reason=_integrity_reason(error, "?")) from None
            feedback.push_info(QT_TRANSLATE_NOOP("Feedback", "indexing {layer}"), layer=schema.name)
            if schema.is_spatial:
                present = np.flatnonzero(~np.isnan(envelopes[:, 0]))
                present = present[gpkg_geometry.z_order(envelopes[present])] if len(present) else present
                rtree_rows = zip(np.asarray(fids)[present].tolist(), *envelopes[present].T.tolist())
                self._db.executemany(
                    f"INSERT INTO {_q(gpkg_schema.rtree_name(schema.name))} VALUES (?, ?, ?, ?, ?)", rtree_rows
                )
                gpkg_schema.restore_rtree_triggers(self._db, schema.name)
            if rebuild_indexes:
                for statement in gpkg_schema.secondary_index_sql(schema).values():
                    self._db.execute(statement)
            self._log(AuditEntry.bulk_load(schema.name, columns["id"]))
            self._touch(schema.name)
            for record in columns["id"]:
                self._pending.note(schema.name, "inserted", record)


STATION_UTC_OFFSET_HOURS = datetime(2000, 1, 1, tzinfo=values.STATION_TIMEZONE).utcoffset() // timedelta(hours=1)
"""Beijing time is UTC+8 all year (China keeps no summer time)."""


def _stored_status_column(spec: Field, column: pd.Series) -> list:
    """A status column as the file keeps it: times as UTC text like every layer's, days as ISO dates."""
    if spec.type is FieldType.DATETIME:
        moments = pd.to_datetime(column, utc=True)
        text = moments.dt.strftime("%Y-%m-%dT%H:%M:%S.%f").str[:-3] + "Z"
        return text.astype(object).where(moments.notna(), None).tolist()
    if spec.type is FieldType.DATE:
        return [None if day is None else day.isoformat() for day in column]
    if spec.type is FieldType.INTEGER:
        return [int(number) for number in column]
    return column.astype(object).where(column.notna(), None).tolist()


def _connect_for_reading(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: no journal mode switch, no header change, no side files created."""
    connection = sqlite3.connect(
        path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None, check_same_thread=False, timeout=10
    )
    _prepare(connection)
    return connection


def _connect_for_writing(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")  # a committed edit survives a power cut, not only a crash
    except BaseException:
        connection.close()
        raise
    _prepare(connection)
    return connection


def _refused_writing(error: sqlite3.OperationalError) -> bool:
    """Whether SQLite was refused the file: a disk that said it could be written and then did not (a network
    share, a locked stick) makes a read-only project too."""
    return any(text in str(error) for text in ("readonly", "read-only", "unable to open database file"))


def _prepare(connection: sqlite3.Connection) -> None:
    """What every connection needs: references checked, a page cache that holds the indexes, our SQL functions."""
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(f"PRAGMA cache_size = {_CACHE_KIB}")
    gpkg_geometry.register_functions(connection)


def _migrated_in_memory(connection: sqlite3.Connection, migrations: Sequence[Migration]) -> sqlite3.Connection:
    """A project saved by an older Wangge, migrated in memory so that reading it changes nothing on disk."""
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        connection.backup(memory)
    finally:
        connection.close()
    _prepare(memory)
    migrate(memory, migrations)
    return memory


def _integrity_reason(error: sqlite3.IntegrityError, record: str) -> str:
    text = str(error)
    if text.startswith("UNIQUE constraint failed"):
        column = text.rsplit(".", 1)[-1]
        return f"another record already has this {column} (record {record})"
    return f"{text} (record {record})"
