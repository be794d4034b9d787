"""The shared station store: the same layers on PostgreSQL/PostGIS.

Opened from a ``postgresql://`` URL exactly as a ``.gpkg`` is opened from a path.
The password never appears in :attr:`location`, messages or files: pass it
through the PostgreSQL password file (``~/.pgpass``), a service file or
``PGPASSWORD``, as for ``psql``.

Every write states the version it was made against (``WHERE version = %s``);
the server's trigger bumps the version, so two windows (or a window and QGIS)
can never overwrite each other silently. Permissions are the server's: a
forbidden write fails with :class:`~layers.errors.PermissionDeniedError` naming
the layer and record. Changes made by other sessions arrive through
``LISTEN``/``NOTIFY`` and are emitted on :attr:`ProjectStore.changed` from a
background thread once :meth:`PostGISStore.listen` is running.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
import shapely
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from shapely.geometry.base import BaseGeometry

from layers import values
from layers.crs import STORAGE_EPSG
from layers.errors import (
    QT_TRANSLATE_NOOP,
    AuditLogForbiddenError,
    ConflictError,
    DatabaseUnreachableError,
    DatabaseUrlError,
    IntegrityError,
    InvalidValueError,
    NotAProjectError,
    PermissionDeniedError,
    RecordNotFoundError,
    SchemaTooNewError,
)
from layers.feedback import Feedback
from layers.household_status import STALE_TABLE, STATUS_COLUMNS, STATUS_TABLE
from layers.schema import GEOMETRY_COLUMN, LayerSchema, layer_schema
from layers.store import postgis_schema as ddl
from layers.store.base import (
    SETTINGS,
    Change,
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

MIGRATIONS = (
    (1, "station layers, roles, row-level security, audit and change notification", ddl.create_schema_sql),
    (2, "grids remember the outline drawn on a sketch (sketch_id, sketch_outline)", ddl.add_missing_columns_sql),
    (
        3,
        "daily spot checks of visits (spot_check, spot_checked_by, spot_checked_at); "
        "grids' monthly visit target (monthly_visit_target)",
        ddl.add_missing_columns_sql,
    ),
    (
        4,
        "the audit names the app's user and the record's version, keeps only the changed fields "
        "and refuses to be changed or deleted",
        ddl.audit_log_sql,
    ),
    (5, "disputes link the other parties' households (party_households)", ddl.add_missing_columns_sql),
    (
        6,
        "printed sheets are registered (printed_sheets), photos of marked sheets kept (field_photos) and their "
        "pen marks proposed as edits (field_marks); the project gets the key its sheets' QR codes carry",
        ddl.field_sheets_sql,
    ),
    (
        7,
        "every record's id, created_at and updated_at have database defaults, so records added in QGIS, QField "
        "or SQL get a UUID and their times",
        ddl.generated_defaults_sql,
    ),
    (
        8,
        "each household's status (last visit, next visit due, open disputes and their hardest grade, follow-ups "
        "pending) is kept in household_status, marked out of date by triggers whichever program edits",
        ddl.household_status_sql,
    ),
)
LATEST_VERSION = max(version for version, _, _ in MIGRATIONS)
HOUSEHOLD_STATUS_VERSION = 8
"""The schema version from which the server keeps each household's status."""
_COPY_PROGRESS_EVERY = 20_000


def safe_location(url: str) -> str:
    """``url`` without its password, for titles, logs and messages."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return url.split("@")[-1]
    parts.pop("password", None)
    user = parts.get("user")
    host = parts.get("host", "localhost")
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user + '@' if user else ''}{host}{port}/{parts.get('dbname', '')}"


def connect(url: str, **options: Any) -> psycopg.Connection:
    """A connection with UTC session time; a refused connection becomes a one-line error."""
    try:
        return psycopg.connect(url, options="-c TimeZone=UTC", application_name="wangge", **options)
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[-1].strip() if str(error).strip() else type(error).__name__
        raise DatabaseUnreachableError(path=safe_location(url), reason=reason) from None
    except psycopg.ProgrammingError as error:  # a mistyped URL or option
        raise DatabaseUrlError(path=safe_location(url), reason=_first_line(error)) from None


def is_record_id(text: object) -> bool:
    """Whether ``text`` can be a record id at all (a UUID); anything else names no record."""
    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True


def schema_version_of(connection: psycopg.Connection) -> int:
    exists = connection.execute("SELECT to_regclass(%s)", (f"{ddl.SCHEMA}.schema_version",)).fetchone()[0]
    if exists is None:
        return 0
    return int(connection.execute(f"SELECT COALESCE(MAX(version), 0) FROM {ddl.SCHEMA}.schema_version").fetchone()[0])


def _columns(schema: LayerSchema, names: Iterable[str]) -> sql.Composed:
    """Column list for SELECT: uuids as text (ids are text everywhere in Wangge), geometry as WKB."""
    parts = []
    for name in names:
        column = sql.Identifier(name)
        parts.append(sql.SQL("{}::text").format(column) if ddl.is_uuid(schema.field(name)) else column)
    if schema.is_spatial:
        parts.append(sql.SQL("ST_AsBinary({})").format(sql.Identifier(GEOMETRY_COLUMN)))
    return sql.SQL(", ").join(parts)


def _table(layer: str) -> sql.Composed:
    return sql.SQL("{}.{}").format(sql.Identifier(ddl.SCHEMA), sql.Identifier(layer))


def _geometry_parameter(geometry: BaseGeometry | None) -> str | None:
    if geometry is None or geometry.is_empty:
        return None
    return shapely.to_wkb(shapely.set_srid(geometry, STORAGE_EPSG), hex=True, include_srid=True)


class PostGISStore(ProjectStore):
    """A station project in a PostgreSQL/PostGIS database (see the module docstring)."""

    def __init__(self, url: str, connection: psycopg.Connection, user: str | None = None) -> None:
        super().__init__(user)
        self._url = url
        self._connection = connection
        self._lock = threading.RLock()
        self._pending = PendingEdit()
        self._listener: threading.Thread | None = None
        self._stop_listening = threading.Event()

    @classmethod
    def open(cls, url: str, user: str | None = None) -> PostGISStore:
        """Open the shared database; ``user`` is who the audit log names besides the database role."""
        connection = connect(url, autocommit=True)
        version = schema_version_of(connection)
        if version == 0:
            connection.close()
            raise NotAProjectError(
                path=safe_location(url),
                reason=QT_TRANSLATE_NOOP("reason", "a database without Wangge layers (run: wangge db init URL)"),
            )
        if version > LATEST_VERSION:
            connection.close()
            raise SchemaTooNewError(path=safe_location(url), found=version, supported=LATEST_VERSION)
        store = cls(url, connection, user)
        store.keeps_household_status = version >= HOUSEHOLD_STATUS_VERSION
        return store

    # -- the project -------------------------------------------------------
    @property
    def location(self) -> str:
        return safe_location(self._url)

    @property
    def db_role(self) -> str:
        """The database role this store logs in as, which the server's permissions check (no query)."""
        return self._db.info.user

    def schema_version(self) -> int:
        return schema_version_of(self._db)

    def settings(self) -> dict[str, str]:
        return dict(self._db.execute(f"SELECT key, value FROM {ddl.SCHEMA}.settings").fetchall())

    def set_setting(self, key: str, value: str) -> None:
        with self.edit():
            self._execute(
                f"INSERT INTO {ddl.SCHEMA}.settings VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
                layer="settings",
                record=key,
            )
            self._pending.note(SETTINGS, "updated", key)

    def extent(self, layer: str) -> tuple[float, float, float, float] | None:
        query = sql.SQL(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent({}) e FROM {}) s"
        ).format(sql.Identifier(GEOMETRY_COLUMN), _table(layer_schema(layer).name))
        box = self._db.execute(query).fetchone()
        return None if box[0] is None else tuple(box)

    def close(self) -> None:
        self._stop_listening.set()
        if self._listener is not None:
            self._listener.join(timeout=5)
            self._listener = None
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    @property
    def _db(self) -> psycopg.Connection:
        if self._connection is None:
            raise RuntimeError(f"{self.location}: the project is closed")
        return self._connection

    def _execute(self, query, parameters=(), layer: str = "?", record: str = "?") -> psycopg.Cursor:
        """Run one statement; the server's refusals become errors a user can act on."""
        try:
            return self._db.execute(query, parameters)
        except psycopg.errors.InsufficientPrivilege as error:
            raise PermissionDeniedError(
                layer=layer, record=record, user=self.db_role, reason=_first_line(error)
            ) from None
        except psycopg.errors.IntegrityError as error:
            raise IntegrityError(layer=layer, reason=f"{_first_line(error)} (record {record})") from None

    # -- reading -----------------------------------------------------------
    def count(self, layer: str) -> int:
        layer_schema(layer)
        return int(self._db.execute(sql.SQL("SELECT count(*) FROM {}").format(_table(layer))).fetchone()[0])

    def get(self, layer: str, record_id: str) -> Feature:
        schema = layer_schema(layer)
        row = None
        if is_record_id(record_id):
            query = sql.SQL("SELECT {} FROM {} WHERE id = %s").format(
                _columns(schema, schema.field_names), _table(layer)
            )
            with self._lock:
                row = self._db.execute(query, (record_id,)).fetchone()
        if row is None:
            raise RecordNotFoundError(layer=layer, record=record_id)
        attributes = dict(zip(schema.field_names, _plain(row)))  # psycopg returns native Python values
        geometry = shapely.from_wkb(row[-1]) if schema.is_spatial and row[-1] is not None else None
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
        query = sql.SQL("SELECT {} FROM {}").format(_columns(schema, wanted), _table(layer))
        conditions: list[sql.Composable] = []
        parameters: list = []
        if bbox is not None:
            conditions.append(
                sql.SQL("{} && ST_MakeEnvelope(%s, %s, %s, %s, %s)").format(sql.Identifier(GEOMETRY_COLUMN))
            )
            parameters += [*bbox, STORAGE_EPSG]
        matched, matched_parameters = self._matching_sql(schema, matching)
        conditions += [sql.SQL(condition) for condition in matched]
        parameters += matched_parameters
        if conditions:
            query += sql.SQL(" WHERE ") + sql.SQL(" AND ").join(conditions)
        query += sql.SQL(" ORDER BY created_at, id")
        with self._lock:
            rows = self._db.execute(query, parameters).fetchall()
        stored = list(zip(*rows)) if rows else [()] * (len(wanted) + schema.is_spatial)
        frame = pd.DataFrame(
            {name: frame_column(schema.field(name), _plain(stored[i])) for i, name in enumerate(wanted)}
        )
        if not schema.is_spatial:
            return frame
        blobs = [None if blob is None else bytes(blob) for blob in stored[-1]]
        geometry = shapely.from_wkb(np.array(blobs, dtype=object)) if rows else np.array([], dtype=object)
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs=f"EPSG:{STORAGE_EPSG}"))

    # -- editing -----------------------------------------------------------
    @contextmanager
    def edit(self) -> Iterator[None]:
        with self._lock:
            outermost = self._pending.depth == 0
            self._pending.depth += 1
            try:
                with self._db.transaction():
                    if outermost:  # read by the server's audit trigger, for this transaction only
                        self._db.execute("SELECT set_config('wangge.user', %s, true)", (self.user,))
                    yield
                    if outermost:
                        self._keep_stale_status()
            except psycopg.errors.IntegrityError as error:
                raise IntegrityError(layer=", ".join(self._pending.changes) or "?", reason=_first_line(error)) from None
            finally:
                self._pending.depth -= 1
                if outermost:
                    committed, self._pending = self._pending, PendingEdit()
        if outermost:
            for change in committed.announcements():
                self.changed.emit(change)

    def _checked_row(self, schema: LayerSchema, record: str, attributes: Mapping[str, Any]) -> dict[str, Any]:
        refuse_unknown_fields(schema, attributes)
        row = {
            name: values.check_value(schema, record, schema.field(name), value) for name, value in attributes.items()
        }
        for name, value in row.items():
            if isinstance(value, str) and "\x00" in value:
                raise _nul_refused(schema, record, name)
        return row

    def _write_whole(self, feature: Feature, replace_existing: bool) -> Feature:
        schema = layer_schema(feature.layer)
        record = str(feature.attributes.get("id"))
        row = self._checked_row(schema, record, {f.name: feature.attributes.get(f.name) for f in schema.fields})
        if schema.is_spatial:
            values.check_geometry(schema, record, feature.geometry)
            row[GEOMETRY_COLUMN] = _geometry_parameter(feature.geometry)
        with self.edit():
            self._check_references(schema, record, row)
            exists = replace_existing and self._record_exists(schema.name, record)
            if exists:
                # Write the given version and times: the version trigger stands aside for this transaction.
                self._db.execute("SELECT set_config('wangge.restoring', 'on', true)")
                assignments = sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(name)) for name in row)
                query = sql.SQL("UPDATE {} SET {} WHERE id = %s").format(_table(schema.name), assignments)
                self._execute(query, [*row.values(), record], schema.name, record)
                self._db.execute("SELECT set_config('wangge.restoring', 'off', true)")
            else:
                query = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
                    _table(schema.name),
                    sql.SQL(", ").join(map(sql.Identifier, row)),
                    sql.SQL(", ").join(sql.Placeholder() * len(row)),
                )
                self._execute(query, list(row.values()), schema.name, record)
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
        if not is_record_id(record_id):
            raise RecordNotFoundError(layer=layer, record=record_id)
        row = self._checked_row(schema, record_id, changes)
        if geometry is not None:
            values.check_geometry(schema, record_id, geometry)
            row[GEOMETRY_COLUMN] = _geometry_parameter(geometry)
        if not row:
            return self.get(layer, record_id)
        assignments = sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(name)) for name in row)
        query = sql.SQL("UPDATE {} SET {} WHERE id = %s AND version = %s").format(_table(layer), assignments)
        with self.edit():
            self._check_references(schema, record_id, row)
            cursor = self._execute(query, [*row.values(), record_id, expected_version], layer, record_id)
            if cursor.rowcount != 1:
                self._explain_untouched(schema, record_id, expected_version)
            self._pending.note(layer, "updated", record_id)
        return self.get(layer, record_id)

    def _delete(self, layer: str, record_id: str, expected_version: int) -> Feature:
        schema = layer_schema(layer)
        with self.edit():
            before = self.get(layer, record_id)
            if before.version != expected_version:
                raise ConflictError(layer=layer, record=record_id, expected=expected_version, actual=before.version)
            self._check_not_referenced(schema, record_id)
            cursor = self._execute(
                sql.SQL("DELETE FROM {} WHERE id = %s AND version = %s").format(_table(layer)),
                (record_id, expected_version),
                layer,
                record_id,
            )
            if cursor.rowcount != 1:
                self._explain_untouched(schema, record_id, expected_version)
            self._pending.note(layer, "deleted", record_id)
        return before

    def _explain_untouched(self, schema: LayerSchema, record_id: str, expected: int) -> None:
        """No row changed: gone, moved on to another version, or hidden from this user by the server."""
        row = self._db.execute(
            sql.SQL("SELECT version FROM {} WHERE id = %s").format(_table(schema.name)), (record_id,)
        ).fetchone()
        if row is None:
            raise RecordNotFoundError(layer=schema.name, record=record_id)
        if row[0] != expected:
            raise ConflictError(layer=schema.name, record=record_id, expected=expected, actual=row[0])
        raise PermissionDeniedError(
            layer=schema.name,
            record=record_id,
            user=self.db_role,
            reason=QT_TRANSLATE_NOOP("reason", "the record is outside the grids you may edit"),
        )

    def _record_exists(self, layer: str, record_id: str) -> bool:
        if not is_record_id(record_id):
            return False
        query = sql.SQL("SELECT 1 FROM {} WHERE id = %s").format(_table(layer))
        return self._db.execute(query, (record_id,)).fetchone() is not None

    def _all_ids(self, layer: str) -> pd.Index:
        return pd.Index([row[0] for row in self._db.execute(sql.SQL("SELECT id::text FROM {}").format(_table(layer)))])

    def _count_referencing(self, layer: str, field: str, record_id: str) -> int:
        query = sql.SQL("SELECT count(*) FROM {} WHERE {} = %s").format(_table(layer), sql.Identifier(field))
        return int(self._db.execute(query, (record_id,)).fetchone()[0])

    # -- the kept household status: SQL primitives -----------------------------
    def _table_sql(self, name: str) -> str:
        return ddl.table(name)

    def _households_within_sql(self, bbox: tuple[float, float, float, float]) -> str:
        minx, miny, maxx, maxy = map(float, bbox)
        return (
            f"SELECT id FROM {ddl.table('households')} WHERE {GEOMETRY_COLUMN} && "
            f"ST_MakeEnvelope({minx!r}, {miny!r}, {maxx!r}, {maxy!r}, {STORAGE_EPSG})"
        )

    def _days_since_sql(self, column: str, moment: pd.Timestamp) -> str:
        return f"(extract(epoch FROM (timestamptz '{moment.isoformat()}' - {column})) / 86400.0)"

    def _rows(self, query: str, parameters: Sequence[Any] = ()) -> list[tuple]:
        """Rows with ids as text, as everywhere in Wangge (the server keeps them as uuid)."""
        with self._lock:
            rows = self._db.execute(query, parameters or None).fetchall()
        return [tuple(str(value) if isinstance(value, uuid.UUID) else value for value in row) for row in rows]

    _parameter_mark = "%s"
    _contains_sql = "ILIKE %s ESCAPE '\\'"

    def _any_of_sql(self, column: str, is_id: bool) -> str:
        return f"{column} = ANY(%s::uuid[])" if is_id else f"{column} = ANY(%s)"

    def _list_parameter(self, values: Sequence[str]) -> Any:
        return list(values)

    def _moment_parameter(self, moment: pd.Timestamp) -> Any:
        return pd.Timestamp(moment).to_pydatetime()

    def _station_clock_sql(self, column: str) -> str:
        return f"to_char({column} AT TIME ZONE '{values.STATION_TIMEZONE.key}', 'YYYY-MM-DD HH24:MI')"

    def _leading_number_sql(self, text: str) -> str:
        return f"CAST(substring({text} from '^\\s*(\\d+)') AS bigint)"

    def _replace_status(self, households: list[str], fresh: pd.DataFrame) -> None:
        # by the ids computed: another session (QGIS on the server) may have committed a mark since
        marked = sql.SQL("DELETE FROM {} WHERE household_id = ANY(%s::uuid[])")
        self._execute(marked.format(sql.SQL(ddl.table(STATUS_TABLE))), (households,), layer=STATUS_TABLE)
        copy = sql.SQL("COPY {} FROM STDIN").format(sql.SQL(ddl.table(STATUS_TABLE)))
        columns = [fresh[name].astype(object).where(fresh[name].notna(), None) for name in STATUS_COLUMNS]
        with self._db.cursor().copy(copy) as writer:
            for row in zip(*columns):
                writer.write_row(row)
        self._execute(marked.format(sql.SQL(ddl.table(STALE_TABLE))), (households,), layer=STATUS_TABLE)

    # -- bulk loading ------------------------------------------------------
    def bulk_load(self, layer: str, frame: pd.DataFrame, feedback: Feedback | None = None) -> int:
        schema = layer_schema(layer)
        feedback = feedback or Feedback()
        columns, geometries = checked_columns(schema, frame)
        for name, column in columns.items():
            has_nul = [isinstance(value, str) and "\x00" in value for value in column]
            if any(has_nul):
                raise _nul_refused(schema, f"row {has_nul.index(True) + 1}", name)
        names = list(columns)
        if geometries is not None:
            present = ~(shapely.is_missing(geometries) | shapely.is_empty(geometries))
            ewkb = np.full(len(geometries), None, dtype=object)
            ewkb[present] = shapely.to_wkb(
                shapely.set_srid(geometries[present], STORAGE_EPSG), hex=True, include_srid=True
            )
            columns[GEOMETRY_COLUMN] = ewkb.tolist()
            names.append(GEOMETRY_COLUMN)
        n = len(frame)
        copy = sql.SQL("COPY {} ({}) FROM STDIN").format(_table(layer), sql.SQL(", ").join(map(sql.Identifier, names)))
        with self.edit():
            self._check_references_of_rows(schema, columns)
            try:
                with self._db.cursor().copy(copy) as writer:
                    for index, row in enumerate(zip(*columns.values())):
                        writer.write_row(row)
                        if index % _COPY_PROGRESS_EVERY == 0:
                            feedback.raise_if_canceled()
                            feedback.set_progress(100.0 * index / max(n, 1))
            except psycopg.errors.InsufficientPrivilege as error:
                raise PermissionDeniedError(
                    layer=layer, record="*", user=self.db_role, reason=_first_line(error)
                ) from None
            except psycopg.errors.IntegrityError as error:
                raise IntegrityError(layer=layer, reason=_first_line(error)) from None
            for record in columns["id"]:
                self._pending.note(layer, "inserted", record)
        feedback.set_progress(100.0)
        return n

    # -- the audit log (written by the server's trigger) --------------------
    def _audit_rows(
        self, record_id: str | None, layer: str | None, since: datetime | None, limit: int | None
    ) -> list[tuple]:
        if record_id is not None and not is_record_id(record_id):
            return []
        conditions, parameters = [], []
        for condition, value in (("record = %s", record_id), ("layer = %s", layer), ("at >= %s", since)):
            if value is not None:
                conditions.append(sql.SQL(condition))
                parameters.append(value)
        # A database its administrator has not yet brought to version 4 has neither column.
        app_user, version = ("app_user", "version") if self.schema_version() >= 4 else ("NULL", "NULL::integer")
        query = sql.SQL(
            f"SELECT id, at, {app_user}, who, action, layer, record::text, {version}, old_values, new_values "
            f"FROM {ddl.SCHEMA}.audit"
        )
        if conditions:
            query += sql.SQL(" WHERE ") + sql.SQL(" AND ").join(conditions)
        query += sql.SQL(" ORDER BY id DESC")
        if limit is not None:
            query += sql.SQL(" LIMIT %s")
            parameters.append(limit)
        try:
            with self._lock:
                return self._db.execute(query, parameters).fetchall()
        except psycopg.errors.InsufficientPrivilege as error:
            raise AuditLogForbiddenError(location=self.location, user=self.db_role, reason=_first_line(error)) from None

    # -- other sessions' changes -------------------------------------------
    def listen(self) -> None:
        """Start emitting :attr:`changed` for edits committed by other sessions (from a background thread)."""
        if self._listener is not None:
            return
        own_backend = self._db.info.backend_pid
        listener_connection = connect(self._url, autocommit=True)
        listener_connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(ddl.NOTIFY_CHANNEL)))
        self._stop_listening.clear()

        def run() -> None:
            with listener_connection:
                while not self._stop_listening.is_set():
                    for notice in listener_connection.notifies(timeout=0.5, stop_after=50):
                        message = json.loads(notice.payload)
                        if message["backend"] == own_backend:
                            continue
                        kind = {"insert": "inserted", "update": "updated", "delete": "deleted"}[message["action"]]
                        # A large load names no ids: an empty Change tells views to reload the layer.
                        self.changed.emit(Change(message["layer"], **{kind: tuple(message["ids"] or ())}))

        self._listener = threading.Thread(target=run, name="wangge-listen", daemon=True)
        self._listener.start()


def _nul_refused(schema: LayerSchema, record: str, field: str) -> InvalidValueError:
    return InvalidValueError(
        layer=schema.name,
        record=record,
        field=field,
        value="\\x00",
        reason=QT_TRANSLATE_NOOP("reason", "PostgreSQL text cannot hold the NUL character (\\x00); remove it"),
    )


def _plain(column: tuple) -> list:
    """Database values as the frames want them: bytes for bytea."""
    return [bytes(value) if isinstance(value, memoryview) else value for value in column]


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
