"""The project store interface: what every backend (GeoPackage, PostGIS) offers.

A store holds the layers of one station project. Every edit is one atomic
transaction: a crash loses at most the edit in flight. Every record has a UUID
``id`` and a ``version``; :meth:`ProjectStore.update` and
:meth:`ProjectStore.delete` take the version the user edited and refuse with
:class:`~layers.errors.ConflictError` if the record moved on meanwhile, so
nobody's work is silently overwritten.

Views never poll: they subscribe to :attr:`ProjectStore.changed`, which fires
after each committed edit with a :class:`Change`.

Every committed edit also leaves its entries in the audit log, written in the
same transaction (see :mod:`layers.store.audit`); :meth:`ProjectStore.audit`
reads them back, and nothing offers to change them.
"""

from __future__ import annotations

import operator
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry.base import BaseGeometry

from layers import values
from layers.disputes.states import OPEN_STATUSES
from layers.errors import IntegrityError, InvalidValueError
from layers.events import EventEmitter
from layers.feedback import Feedback
from layers.household_status import (
    FOLLOWUP_PURPOSE,
    STALE_TABLE,
    STATUS_FIELDS,
    STATUS_INPUTS,
    STATUS_TABLE,
    compute_status,
    summarise_grids,
    summary_frame,
)
from layers.schema import LAYERS, RECORD_FIELD_NAMES, Field, FieldType, LayerSchema, layer_schema
from layers.store.audit import audit_frame, current_login, since_instant
from layers.store.record_query import KEPT_STATUS_FIELDS, MatchKind, OrderKind, RecordQuery, WordMatch
from layers.visit_cycles import DUE_SOON_SHARE, KeyPersonCycles
from layers.vocabulary import KEY_PERSON_SEPARATOR, VisitRecency


@dataclass(frozen=True)
class Feature:
    """One record of a layer: its attribute values and its geometry (lon/lat)."""

    layer: str
    attributes: Mapping[str, Any]
    geometry: BaseGeometry | None = None

    @property
    def id(self) -> str:
        return self.attributes["id"]

    @property
    def version(self) -> int:
        return self.attributes["version"]

    def __getitem__(self, name: str) -> Any:
        return self.attributes[name]


def new_feature(layer: str, geometry: BaseGeometry | None = None, **attributes: Any) -> Feature:
    """A feature not stored yet: fills ``id``, ``version`` and timestamps, then field defaults.

    Examples
    --------
    >>> from shapely import Point
    >>> f = new_feature("landmarks", Point(105.9, 36.9), kind="police_office", name="犁铧嘴警务室")
    >>> f.version, len(f.id)
    (1, 36)
    """
    schema = layer_schema(layer)
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    for spec in schema.fields:
        if spec.name not in RECORD_FIELD_NAMES:
            values[spec.name] = spec.default
    refuse_unknown_fields(schema, attributes)
    values.update(attributes)
    return Feature(layer, values, geometry)


@dataclass(frozen=True)
class Change:
    """What one committed edit changed, for views and the undo stack.

    A change of the station's settings is announced like one of records: its
    ``layer`` is :data:`SETTINGS` and ``updated`` names the keys.
    """

    layer: str
    inserted: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()


Matched = str | Sequence[str]
"""What :meth:`ProjectStore.read` matches a field with: one value, or any of several."""

SETTINGS = "settings"
"""The :attr:`Change.layer` of an edit of the station's settings (rules, name, clock)."""


@dataclass
class PendingEdit:
    """What the edit in progress has changed so far, announced on :attr:`ProjectStore.changed` at commit."""

    depth: int = 0
    changes: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def note(self, layer: str, kind: str, record_id: str) -> None:
        self.changes.setdefault(layer, {"inserted": [], "updated": [], "deleted": []})[kind].append(record_id)

    def announcements(self) -> list[Change]:
        return [
            Change(layer, tuple(kinds["inserted"]), tuple(kinds["updated"]), tuple(kinds["deleted"]))
            for layer, kinds in self.changes.items()
        ]


def refuse_unknown_fields(schema: LayerSchema, names: Iterable[str]) -> None:
    unknown = set(names) - set(schema.field_names)
    if unknown:
        raise KeyError(f"layer '{schema.name}' has no field(s): {', '.join(sorted(unknown))}")


def refuse_record_fields(changes: Mapping[str, Any]) -> None:
    protected = set(changes) & set(RECORD_FIELD_NAMES)
    if protected:
        raise KeyError(f"the store maintains {', '.join(sorted(protected))}; they cannot be edited")


@dataclass
class LayerInfo:
    """Summary of one layer, for ``wangge info`` and the layers panel."""

    name: str
    title_zh: str
    geometry_type: str | None
    count: int
    extent: tuple[float, float, float, float] | None = None


class ProjectStore(ABC):
    """One station project, stored in a GeoPackage file or a PostGIS database."""

    def __init__(self, user: str | None = None) -> None:
        self.changed: EventEmitter[Change] = EventEmitter()
        self.user: str = user or current_login()
        """Who the edits are made for, as the audit log names them (default: the OS login name)."""

    # -- the project -------------------------------------------------------
    @property
    @abstractmethod
    def location(self) -> str:
        """Where the project lives: a file path or a connection URL without password."""

    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def settings(self) -> dict[str, str]:
        """Project settings such as ``station`` and ``timezone``."""

    @abstractmethod
    def set_setting(self, key: str, value: str) -> None: ...

    @property
    def read_only(self) -> bool:
        """True when no edit can be saved here (a write-protected file); every edit is then refused."""
        return False

    def layer_info(self) -> list[LayerInfo]:
        """Every layer with its record count and extent (lon/lat), for ``wangge info``."""
        return [
            LayerInfo(
                name=layer.name,
                title_zh=layer.title_zh,
                geometry_type=layer.geometry_type.value if layer.geometry_type else None,
                count=self.count(layer.name),
                extent=self.extent(layer.name) if layer.is_spatial else None,
            )
            for layer in LAYERS.values()
        ]

    @abstractmethod
    def extent(self, layer: str) -> tuple[float, float, float, float] | None:
        """(minx, miny, maxx, maxy) of a spatial layer's geometries; ``None`` when it has none."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> ProjectStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def listen(self) -> None:  # noqa: B027 - optional: only a shared database has other sessions
        """Start reporting other sessions' committed edits on :attr:`changed`.

        A shared database does (from a background thread); a project file has no
        other sessions to hear, so by default this does nothing.
        """

    # -- reading -----------------------------------------------------------
    @abstractmethod
    def count(self, layer: str) -> int: ...

    @abstractmethod
    def get(self, layer: str, record_id: str) -> Feature:
        """One record; :class:`~layers.errors.RecordNotFoundError` if there is none."""

    @abstractmethod
    def read(
        self,
        layer: str,
        bbox: tuple[float, float, float, float] | None = None,
        columns: Iterable[str] | None = None,
        matching: Mapping[str, Matched] | None = None,
    ) -> gpd.GeoDataFrame | pd.DataFrame:
        """A whole layer (or the part whose envelope meets ``bbox``, in lon/lat) as a frame.

        ``matching`` keeps only the records whose text fields hold the given
        values (``{"household_id": id}``: one household's visits) or one of a
        list of them (``{"grid_id": [...]}``: an officer's grids), selected by
        the database rather than after reading the layer. Spatial layers come
        back as a GeoDataFrame in the storage CRS, others as a DataFrame.
        Datetimes are time-zone aware (UTC), booleans are booleans.
        """

    # -- pages of records, sorted and filtered by the database ----------------
    def read_page(
        self, layer: str, query: RecordQuery, columns: Sequence[str], offset: int, limit: int
    ) -> pd.DataFrame:
        """``limit`` records from the ``offset``-th of those ``query`` selects, in its order (then by id).

        Only these rows are read: a table showing a county's visits reads the
        fifty on screen, however many years the project keeps.
        """
        schema = layer_schema(layer)
        fields = [schema.field(name) for name in columns]
        where, parameters = self._where_sql(schema, query)
        references = {
            OrderKind.HOUSEHOLD: f" LEFT JOIN {self._table_sql('households')} oh ON oh.id = r.household_id",
            OrderKind.GRID: f" LEFT JOIN {self._table_sql('grids')} og ON og.id = r.grid_id",
        }  # the referenced record a table sorts by
        joined = references.get(query.order.kind, "") if query.order is not None else ""
        statement = (
            f"SELECT {_names(fields, 'r')} FROM {self._table_sql(layer)} r{joined}{self._status_join(schema, query)}"
            f"{where} ORDER BY {self._order_sql(schema, query)} LIMIT {int(limit)} OFFSET {int(offset)}"
        )
        return _typed_columns(fields, self._rows(statement, parameters))

    def read_selected(self, layer: str, query: RecordQuery, columns: Sequence[str]) -> pd.DataFrame:
        """``columns`` of every record ``query`` selects, in no order: what a count over some months reads
        of a layer that keeps years, without its positions."""
        schema = layer_schema(layer)
        fields = [schema.field(name) for name in columns]
        where, parameters = self._where_sql(schema, query)
        statement = f"SELECT {_names(fields, 'r')} FROM {self._table_sql(layer)} r{self._status_join(schema, query)}"
        return _typed_columns(fields, self._rows(statement + where, parameters))

    def count_matching(self, layer: str, query: RecordQuery) -> int:
        """How many records of ``layer`` ``query`` selects, counted by the database."""
        schema = layer_schema(layer)
        where, parameters = self._where_sql(schema, query)
        table = f"{self._table_sql(layer)} r{self._status_join(schema, query)}"
        return int(self._rows(f"SELECT count(*) FROM {table}{where}", parameters)[0][0])

    def last_visits(self, before: datetime, households: Sequence[str] | None = None) -> pd.DataFrame:
        """Each household's last visit before ``before`` (``household_id``, ``visited_at``), without reading
        the visits: who was never visited, or is overdue, as of a chosen day needs one visit per household,
        and reading a county's six million visits to find them took 40 s and 5 GB. ``households``: of
        these only (an officer's).

        The status the store keeps holds each household's last visit; only the households visited since
        ``before`` (today's, for a plan made this morning) are asked of the visits themselves.
        """
        moment = pd.Timestamp(before).tz_convert("UTC")
        status = self.household_status(columns=["last_visit"], households=households)
        last = pd.to_datetime(status["last_visit"], utc=True)
        found = pd.DataFrame({"household_id": status["household_id"], "visited_at": last})[(last < moment).to_numpy()]
        since = status["household_id"][(last >= moment).to_numpy()].tolist()
        if not since:
            return found.reset_index(drop=True)
        schema = layer_schema("visits")
        rows = self._rows(
            f"SELECT household_id, max(visited_at) FROM {self._table_sql('visits')} "
            f"WHERE {self._any_of_sql('household_id', is_id=True)} AND visited_at < {self._parameter_mark} "
            "GROUP BY household_id",
            [self._list_parameter(since), self._moment_parameter(moment)],
        )
        earlier = _typed_columns([schema.field("household_id"), schema.field("visited_at")], rows)
        return pd.concat([found, earlier], ignore_index=True)

    def _status_join(self, schema: LayerSchema, query: RecordQuery) -> str:
        """The join to each household's kept status (aliased ``s``) when ``query`` matches or sorts by it."""
        used = {place.field for word in query.words for place in word.places}
        used |= {query.order.field} if query.order is not None else set()
        if schema.name != "households" or not used & set(KEPT_STATUS_FIELDS):
            return ""
        return f" LEFT JOIN {self._table_sql(STATUS_TABLE)} s ON s.household_id = r.id"

    def _field_sql(self, schema: LayerSchema, name: str, query: RecordQuery) -> str:
        """SQL of field ``name`` of the record ``r``; a household's kept status from its join ``s``."""
        if schema.name == "households" and name in KEPT_STATUS_FIELDS:
            return "s.last_visit" if name == "last_visit" else self._recency_sql("s", query)
        return f'r."{schema.field(name).name}"'

    def _recency_sql(self, status: str, query: RecordQuery) -> str:
        """SQL of the :class:`~layers.vocabulary.VisitRecency` code of kept status row ``status`` at the query's
        moment, by the rule of :func:`~layers.visit_cycles.visit_recency` (a never-visited household is "never")."""
        if query.as_of is None:
            raise ValueError("a household's recency needs the moment it is judged at (RecordQuery.as_of)")
        age, cycle = self._days_since_sql(f"{status}.last_visit", query.as_of), f"{status}.grid_cycle_days"
        return (
            f"(CASE WHEN {status}.last_visit IS NULL THEN '{VisitRecency.NEVER.value}' "
            f"WHEN {age} > {cycle} THEN '{VisitRecency.OVERDUE.value}' "
            f"WHEN {age} > {cycle} * {DUE_SOON_SHARE!r} THEN '{VisitRecency.DUE_SOON.value}' "
            f"ELSE '{VisitRecency.VISITED.value}' END)"
        )

    def _where_sql(self, schema: LayerSchema, query: RecordQuery) -> tuple[str, list]:
        """`` WHERE …`` of ``query`` over the layer aliased ``r``, and its parameters ('' when it keeps all).

        Field names come from ``schema`` (an unknown one is refused there); values are always parameters.
        """
        conditions: list[str] = []
        parameters: list = []
        mark = self._parameter_mark
        if query.period is not None:
            for moment, comparison in ((query.period.start, ">="), (query.period.end, "<=")):
                if moment is not None:
                    conditions.append(f'r."{schema.field(query.period.field).name}" {comparison} {mark}')
                    parameters.append(self._moment_parameter(moment))
        for name, allowed in query.one_of:
            conditions.append(self._any_of_sql(f'r."{name}"', is_id=_is_id(schema, name)))
            parameters.append(self._list_parameter(allowed))
        if query.grids is not None:  # a dispute's own grid, else its household's
            household_grid = f"(SELECT h.grid_id FROM {self._table_sql('households')} h WHERE h.id = r.household_id)"
            conditions.append(self._any_of_sql(f'coalesce(r."{schema.field("grid_id").name}", {household_grid})', True))
            parameters.append(self._list_parameter(query.grids))
        household_conditions, household_parameters = self._household_conditions(query)
        if household_conditions:
            households = self._table_sql("households")
            own = "r.id" if schema.name == "households" else "r.household_id"
            conditions.append(f"{own} IN (SELECT h.id FROM {households} h WHERE {' AND '.join(household_conditions)})")
            parameters += household_parameters
        for word in query.words:
            found: list[str] = []
            for place in word.places:
                sql, parameter = self._word_sql(schema, place, word.text, query)
                found.append(sql)
                parameters += parameter
            conditions.append(f"({' OR '.join(found)})" if found else "1 = 0")
        return (" WHERE " + " AND ".join(conditions) if conditions else ""), parameters

    def _household_conditions(self, query: RecordQuery) -> tuple[list[str], list]:
        """The conditions on a household ``h`` that ``query`` puts on the record's household, and their parameters."""
        conditions: list[str] = []
        parameters: list = []
        if query.households_in_grids is not None:
            conditions.append(self._any_of_sql("h.grid_id", is_id=True))
            parameters.append(self._list_parameter(query.households_in_grids))
        if query.recency:
            status = self._table_sql(STATUS_TABLE)
            recency = self._any_of_sql(self._recency_sql("s", query), is_id=False)
            conditions.append(f"h.id IN (SELECT s.household_id FROM {status} s WHERE {recency})")
            parameters.append(self._list_parameter(query.recency))
        if query.key_persons:
            sql, listed = self._lists_any_sql("h.key_person", query.key_persons)
            conditions.append(sql)
            parameters += listed
        return conditions, parameters

    def _lists_any_sql(self, column: str, codes: Sequence[str]) -> tuple[str, list]:
        """SQL of ``column``'s list of codes ("elderly_alone,left_behind_child") holding any of ``codes``."""
        if not codes:
            return "1 = 0", []
        kept = f"('{KEY_PERSON_SEPARATOR}' || coalesce({column}, '') || '{KEY_PERSON_SEPARATOR}')"
        sql = "(" + " OR ".join(f"{kept} {self._contains_sql}" for _ in codes) + ")"
        return sql, [_contains_pattern(f"{KEY_PERSON_SEPARATOR}{code}{KEY_PERSON_SEPARATOR}") for code in codes]

    def _word_sql(self, schema: LayerSchema, place: WordMatch, word: str, query: RecordQuery) -> tuple[str, list]:
        column = self._field_sql(schema, place.field, query)
        if place.kind is MatchKind.LISTED_CODES:
            return self._lists_any_sql(column, place.codes)
        if place.kind is MatchKind.CODES:
            if not place.codes:
                return "1 = 0", []
            return self._any_of_sql(column, is_id=False), [self._list_parameter(place.codes)]
        pattern = [_contains_pattern(word)]
        if place.kind is MatchKind.STATION_CLOCK:
            return f"{self._station_clock_sql(column)} {self._contains_sql}", pattern
        if place.kind is MatchKind.HOUSEHOLD:
            label = "coalesce(house_no, '') || ' ' || coalesce(head_name, '')"
            households = self._table_sql("households")
            return f"{column} IN (SELECT id FROM {households} WHERE {label} {self._contains_sql})", pattern
        return f"CAST({column} AS TEXT) {self._contains_sql}", pattern

    def _order_sql(self, schema: LayerSchema, query: RecordQuery) -> str:
        order = query.order
        if order is None:
            return "r.id"
        direction = "DESC" if order.descending else "ASC"
        column = self._field_sql(schema, order.field, query)
        if order.kind is OrderKind.RANK:
            ranks = " ".join(f"WHEN {_sql_text(code)} THEN {rank}" for rank, code in enumerate(order.codes))
            keys = [f"CASE {column} {ranks} END"]
        elif order.kind is OrderKind.HOUSEHOLD:
            keys = [self._leading_number_sql("oh.house_no"), "oh.house_no", "oh.head_name"]
        elif order.kind is OrderKind.GRID:
            keys = ["og.code"]
        elif order.kind is OrderKind.WORDS:
            keys = [self._leading_number_sql(column), column]
        else:
            keys = [column]
        return ", ".join([*(f"{key} {direction} NULLS LAST" for key in keys), f"r.id {direction}"])

    _parameter_mark = "?"
    """How this backend's SQL marks a parameter."""

    def _matching_sql(self, schema: LayerSchema, matching: Mapping[str, Matched] | None) -> tuple[list[str], list]:
        """The conditions of :meth:`read`'s ``matching``: a field holding one value, or one of a list of them."""
        conditions: list[str] = []
        parameters: list = []
        for name, value in (matching or {}).items():
            column = f'"{schema.field(name).name}"'
            if isinstance(value, str):
                conditions.append(f"{column} = {self._parameter_mark}")
                parameters.append(value)
            else:
                conditions.append(self._any_of_sql(column, is_id=_is_id(schema, name)))
                parameters.append(self._list_parameter(list(value)))
        return conditions, parameters

    @property
    @abstractmethod
    def _contains_sql(self) -> str:
        """The condition, after a text expression, that it contains a parameter ``%word%`` (any case)."""

    @abstractmethod
    def _any_of_sql(self, column: str, is_id: bool) -> str:
        """SQL of ``column`` being one of the values in one list parameter (ids when ``is_id``)."""

    @abstractmethod
    def _list_parameter(self, values: Sequence[str]) -> Any:
        """A list of values as the one parameter :meth:`_any_of_sql` takes."""

    @abstractmethod
    def _moment_parameter(self, moment: pd.Timestamp) -> Any:
        """An instant as this backend compares it with a stored moment."""

    @abstractmethod
    def _station_clock_sql(self, column: str) -> str:
        """SQL of the text a table shows for the moment in ``column``: the station's clock, to the minute."""

    @abstractmethod
    def _leading_number_sql(self, text: str) -> str:
        """SQL of the number a text begins with (``NULL`` when it begins with none): house 2 before 10."""

    # -- editing: each call is one transaction unless inside edit() ---------
    @abstractmethod
    def edit(self) -> AbstractContextManager[None]:
        """Group several inserts, updates and deletes into one atomic edit.

        >>> with store.edit():                              # doctest: +SKIP
        ...     store.insert(dispute)
        ...     store.update("households", hid, {"key_person": "elderly_alone"}, expected_version=3)
        """

    def insert(self, feature: Feature) -> Feature:
        """Add a new record; returns it as stored."""
        return self._write_whole(feature, replace_existing=False)

    def replace(self, feature: Feature) -> Feature:
        """Write a record exactly as given, version and timestamps included (sync and undo only).

        Inserts it when absent. Ordinary edits use :meth:`update`, which checks versions.
        """
        return self._write_whole(feature, replace_existing=True)

    @abstractmethod
    def _write_whole(self, feature: Feature, replace_existing: bool) -> Feature:
        """Insert ``feature`` with every field as given; with ``replace_existing``, overwrite its record."""

    def update(
        self,
        layer: str,
        record_id: str,
        changes: Mapping[str, Any],
        expected_version: int,
        geometry: BaseGeometry | None = None,
    ) -> Feature:
        """Change some fields (and optionally the geometry) of one record.

        Raises :class:`~layers.errors.ConflictError` when the stored version is not
        ``expected_version``. Returns the record as stored, version + 1.
        """
        # a version read with read() is a numpy integer, which a database driver may bind as a blob
        return self._update(layer, record_id, changes, operator.index(expected_version), geometry)

    def delete(self, layer: str, record_id: str, expected_version: int) -> Feature:
        """Remove one record; returns it as it was, so the deletion can be undone."""
        return self._delete(layer, record_id, operator.index(expected_version))

    @abstractmethod
    def _update(
        self,
        layer: str,
        record_id: str,
        changes: Mapping[str, Any],
        expected_version: int,
        geometry: BaseGeometry | None,
    ) -> Feature:
        """:meth:`update` with ``expected_version`` a plain int."""

    @abstractmethod
    def _delete(self, layer: str, record_id: str, expected_version: int) -> Feature:
        """:meth:`delete` with ``expected_version`` a plain int."""

    @abstractmethod
    def bulk_load(self, layer: str, frame: pd.DataFrame, feedback: Feedback | None = None) -> int:
        """Append many new records in one transaction (imports, demo data).

        ``frame`` holds the layer's fields (missing optional ones are filled with
        defaults; ``id``/``version``/timestamps are generated when absent) and,
        for spatial layers, a lon/lat geometry column. All rows are checked before
        anything is written. Returns the number of records written.
        """

    # -- each household's status, kept (see layers.household_status) ----------
    keeps_household_status = True
    """False for a shared database made by an older Wangge, until ``wangge db init`` brings it up to date."""

    def household_status(
        self,
        bbox: tuple[float, float, float, float] | None = None,
        columns: Iterable[str] | None = None,
        households: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Every household's status (:data:`~layers.household_status.STATUS_COLUMNS`), without reading a visit.

        ``bbox`` (lon/lat) keeps the households whose position lies in it, found by the spatial index;
        ``households`` only these (the ones a visit just logged changed); ``columns`` the status fields wanted
        besides ``household_id`` (a map needs two of them).
        A household that another program's edit left out of date (QGIS on the
        file, say: the layers' triggers mark it) is computed afresh here and not
        written, since reading never writes; the next edit in Wangge keeps it again.
        """
        fields = [spec for spec in STATUS_FIELDS if columns is None or spec.name in {"household_id", *columns}]
        wanted = [spec.name for spec in fields]
        if not self.keeps_household_status:
            status = self._computed_status(stale_only=False)[wanted]
            if bbox is not None:
                status = status[status["household_id"].isin(self.read("households", bbox, ["id"])["id"]).to_numpy()]
            return status if households is None else status[status["household_id"].isin(households).to_numpy()]
        conditions, parameters = [], []
        if bbox is not None:
            conditions.append(f"household_id IN ({self._households_within_sql(bbox)})")
        if households is not None:
            conditions.append(self._any_of_sql("household_id", is_id=True))
            parameters.append(self._list_parameter(households))
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = self._rows(f"SELECT {_names(fields)} FROM {self._table_sql(STATUS_TABLE)}{where}", parameters)
        kept = _typed_columns(fields, rows)
        stale = self.households_out_of_date()
        if not stale:
            return kept
        fresh = self._computed_status(stale_only=True)[wanted]
        if bbox is not None:
            inside = [row[0] for row in self._rows(self._households_within_sql(bbox))]
            fresh = fresh[fresh["household_id"].isin(inside).to_numpy()]
        if households is not None:
            fresh = fresh[fresh["household_id"].isin(households).to_numpy()]
        kept = kept[~kept["household_id"].isin(stale).to_numpy()]
        return pd.concat([kept, fresh], ignore_index=True) if len(kept) else fresh.reset_index(drop=True)

    def grid_summaries(self, as_of: datetime) -> pd.DataFrame:
        """Per grid, counted by the database from the kept status (no visit read), as the dashboard counts at
        ``as_of``: the columns of :data:`~layers.household_status.SUMMARY_COLUMNS`, ``grid_id`` ``None`` for
        households and disputes in no grid.

        A county's overview is drawn from these, so they cost one pass of the
        database over the kept status, not a read of the households. Households
        another program's edit left out of date are counted from their recomputed status.
        """
        moment = pd.Timestamp(as_of).tz_convert("UTC")
        if not self.keeps_household_status or self.households_out_of_date():
            households = self.read("households", columns=["id", "grid_id", "key_person"])
            disputes = self.read("disputes", columns=["household_id", "grid_id", "grade", "status"])
            return summarise_grids(households, self.household_status(), disputes, moment)
        t, age = self._table_sql, self._days_since_sql("s.last_visit", moment)
        seen = "s.last_visit IS NOT NULL"
        counted = {
            "households": "count(*)",
            "in_cycle": f"sum(CASE WHEN {seen} AND {age} <= s.grid_cycle_days THEN 1 ELSE 0 END)",
            "overdue": f"sum(CASE WHEN {seen} AND {age} > s.grid_cycle_days THEN 1 ELSE 0 END)",
            "never_visited": f"sum(CASE WHEN {seen} THEN 0 ELSE 1 END)",
            "key_persons_overdue": f"sum(CASE WHEN s.is_key_person AND "
            f"(s.last_visit IS NULL OR {age} > s.own_cycle_days) THEN 1 ELSE 0 END)",
        }
        households = self._rows(
            f"SELECT s.grid_id, {', '.join(counted.values())} FROM {t(STATUS_TABLE)} s GROUP BY s.grid_id"
        )
        open_statuses = ", ".join(f"'{status}'" for status in sorted(OPEN_STATUSES))
        disputes = self._rows(
            f"SELECT coalesce(d.grid_id, h.grid_id), d.grade, count(*) FROM {t('disputes')} d "
            f"LEFT JOIN {t('households')} h ON h.id = d.household_id WHERE d.status IN ({open_statuses}) "
            "GROUP BY coalesce(d.grid_id, h.grid_id), d.grade"
        )
        return summary_frame(pd.DataFrame(households, columns=["grid_id", *counted]), disputes)

    @abstractmethod
    def _days_since_sql(self, column: str, moment: pd.Timestamp) -> str:
        """SQL of the days (fractional) from the moment in ``column`` to ``moment``."""

    def refresh_household_status(self) -> int:
        """Keep the status of every household an edit made out of date; returns how many were recomputed.

        Every edit does this before it commits; call it after a migration or a
        bulk change made outside the store.
        """
        with self.edit():
            return self._keep_stale_status()

    def _keep_stale_status(self) -> int:
        """Inside the edit's transaction: recompute the marked households' rows and clear their marks."""
        if not self.keeps_household_status:
            return 0
        marked = self.households_out_of_date()
        if not marked:
            return 0
        fresh = self._computed_status(stale_only=True)
        self._replace_status(sorted(set(marked) | set(fresh["household_id"])), fresh)
        return len(fresh)

    def households_out_of_date(self) -> list[str]:
        """Households whose kept status an edit outside Wangge left out of date (none after Wangge's own edits)."""
        return [row[0] for row in self._rows(f"SELECT household_id FROM {self._table_sql(STALE_TABLE)}")]

    def _computed_status(self, stale_only: bool) -> pd.DataFrame:
        """The status computed from the records: of the households marked stale that still exist, or of all."""
        t = self._table_sql

        def of(alias: str, column: str) -> str:
            """A join keeping the rows of marked households only, by ``alias.column``; nothing for all rows."""
            return f" JOIN {t(STALE_TABLE)} s ON s.household_id = {alias}.{column}" if stale_only else ""

        inputs = {name: _names(columns, name[0]) for name, columns in STATUS_INPUTS.items()}
        queries = {
            "households": f"SELECT {inputs['households']} FROM {t('households')} h{of('h', 'id')}",
            "visits": f"SELECT {inputs['visits']} FROM {t('visits')} v{of('v', 'household_id')}",
            "disputes": f"SELECT {inputs['disputes']} FROM {t('disputes')} d{of('d', 'household_id')}",
            "followup_visits": f"SELECT {inputs['followup_visits']} FROM {t('visits')} f "
            f"JOIN {t('disputes')} d ON d.id = f.dispute_id{of('d', 'household_id')} "
            f"WHERE f.purpose = '{FOLLOWUP_PURPOSE}'",
        }
        frames = {name: self._typed_frame(query, name) for name, query in queries.items()}
        grids = self.read("grids", columns=["id", "visit_cycle_days"])
        return compute_status(**frames, grids=grids, cycles=KeyPersonCycles.from_settings(self.settings()))

    @abstractmethod
    def _households_within_sql(self, bbox: tuple[float, float, float, float]) -> str:
        """A query of the ids of the households whose position lies in ``bbox`` (lon/lat), by the spatial index."""

    def _typed_frame(self, query: str, inputs: str) -> pd.DataFrame:
        schema = layer_schema("visits" if inputs == "followup_visits" else inputs)
        return _typed_columns([schema.field(name) for name in STATUS_INPUTS[inputs]], self._rows(query))

    @abstractmethod
    def _table_sql(self, name: str) -> str:
        """A table's name as this backend's SQL writes it (schema and quotes)."""

    @abstractmethod
    def _rows(self, query: str, parameters: Sequence[Any] = ()) -> list[tuple]:
        """All rows of one read-only query, its parameters marked by :attr:`_parameter_mark`."""

    @abstractmethod
    def _replace_status(self, households: list[str], fresh: pd.DataFrame) -> None:
        """Inside the current edit: the status rows of ``households`` become ``fresh`` (a household gone has
        none), and their marks are cleared; marks another session committed meanwhile stay for the next edit."""

    # -- the audit log -------------------------------------------------------
    def audit(
        self,
        record_id: str | None = None,
        layer: str | None = None,
        since: date | datetime | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Audit entries, newest first, with the columns of :data:`layers.store.audit.COLUMNS`.

        ``since`` is an aware datetime or a calendar day (from midnight in the
        station's time zone); ``limit`` keeps the newest entries only. There is
        deliberately no way to change or remove an entry.
        """
        if layer is not None:
            layer_schema(layer)  # a clear KeyError for a misspelt layer
        if limit is not None and operator.index(limit) < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        timezone = ZoneInfo(self.settings().get("timezone") or values.STATION_TIMEZONE.key)
        rows = self._audit_rows(record_id, layer, since_instant(since, timezone), limit)
        return audit_frame(rows)

    @abstractmethod
    def _audit_rows(
        self, record_id: str | None, layer: str | None, since: datetime | None, limit: int | None
    ) -> list[tuple]:
        """Entries matching every given filter, newest first, as tuples in ``COLUMNS`` order."""

    # -- reference rules, shared by the backends ------------------------------
    @abstractmethod
    def _record_exists(self, layer: str, record_id: str) -> bool: ...

    @abstractmethod
    def _all_ids(self, layer: str) -> pd.Index: ...

    @abstractmethod
    def _count_referencing(self, layer: str, field: str, record_id: str) -> int: ...

    def _check_references(self, schema: LayerSchema, record: str, row: Mapping[str, Any]) -> None:
        """Each reference of one record points at an existing record (named error otherwise)."""
        for spec in schema.fields:
            target = row.get(spec.name)
            if spec.references and target is not None and not self._record_exists(spec.references, str(target)):
                raise InvalidValueError(
                    layer=schema.name,
                    record=record,
                    field=spec.name,
                    value=target,
                    reason=f"no such record in layer '{spec.references}'",
                )

    def _check_references_of_rows(self, schema: LayerSchema, columns: Mapping[str, list]) -> None:
        """Every reference of a bulk load points at an existing record; names the first row that does not."""
        for spec in schema.fields:
            if not spec.references:
                continue
            targets = pd.Series(columns[spec.name], dtype=object)
            present = targets.notna().to_numpy()
            if not present.any():
                continue
            dangling = present & ~targets.isin(self._all_ids(spec.references)).to_numpy()
            if dangling.any():
                row = int(np.flatnonzero(dangling)[0])
                raise InvalidValueError(
                    layer=schema.name,
                    record=f"row {row + 1}",
                    field=spec.name,
                    value=targets.iloc[row],
                    reason=f"no such record in layer '{spec.references}'",
                )

    def _check_not_referenced(self, schema: LayerSchema, record_id: str) -> None:
        """A record still referenced elsewhere cannot be deleted: say by what."""
        for other in LAYERS.values():
            for spec in other.fields:
                if spec.references != schema.name:
                    continue
                n = self._count_referencing(other.name, spec.name, record_id)
                if n:
                    raise IntegrityError(
                        layer=schema.name,
                        reason=f"record {record_id} is still referenced by {n} record(s) of "
                        f"'{other.name}' (field '{spec.name}'); move or delete them first",
                    )


def _typed_columns(fields: Sequence[Field], rows: list[tuple]) -> pd.DataFrame:
    """A frame of ``rows`` as a backend returned them, each column typed by its field."""
    stored = list(zip(*rows)) if rows else [()] * len(fields)
    return pd.DataFrame({spec.name: frame_column(spec, stored[i]) for i, spec in enumerate(fields)})


def _is_id(schema: LayerSchema, name: str) -> bool:
    """Whether field ``name`` holds record ids, which the server keeps as uuid, not text."""
    return name == "id" or schema.field(name).references is not None


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _contains_pattern(word: str) -> str:
    """The ``LIKE`` pattern of text containing ``word``, its own ``%``, ``_`` and ``\\`` taken literally."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _names(columns: Iterable, alias: str | None = None) -> str:
    """Column names (or fields) quoted for SQL, each prefixed by ``alias`` when given."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f'{prefix}"{getattr(column, "name", column)}"' for column in columns)


def with_record_fields(schema: LayerSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """Fill ``id``, ``version``, timestamps and absent optional fields of new records."""
    frame = frame.copy()
    n = len(frame)
    if "id" not in frame:
        frame["id"] = [str(uuid.uuid4()) for _ in range(n)]
    now = pd.Timestamp.now(tz="UTC")
    defaults = {"version": 1, "created_at": now, "updated_at": now}
    for spec in schema.fields:
        if spec.name not in frame:
            default = defaults.get(spec.name, spec.default)
            frame[spec.name] = pd.Series([default] * n, index=frame.index, dtype=object if default is None else None)
    refuse_unknown_fields(schema, set(frame.columns) - {"geometry"})
    return frame


def checked_columns(schema: LayerSchema, frame: pd.DataFrame) -> tuple[dict[str, list], np.ndarray | None]:
    """Check every row of a bulk load before anything is written.

    Returns the field columns in their GeoPackage forms (ISO text, 0/1, which
    PostgreSQL's COPY also accepts) and, for spatial layers, the geometries.
    """
    frame = with_record_fields(schema, frame)
    columns = {spec.name: values.column_to_storage(schema, spec, frame[spec.name]) for spec in schema.fields}
    if not schema.is_spatial:
        return columns, None
    geometry = frame.geometry.values if isinstance(frame, gpd.GeoDataFrame) else frame["geometry"]
    geometries = np.asarray(geometry, dtype=object)
    values.check_geometries(schema, geometries)
    return columns, geometries


def wanted_columns(
    schema: LayerSchema, columns: Iterable[str] | None, bbox: object, matching: Mapping[str, Matched] | None = None
) -> list[str]:
    """The fields a ``read`` asks for, refusing misspelt ones and an extent on a layer without geometry."""
    wanted = list(schema.field_names if columns is None else columns)
    for name in [*wanted, *(matching or ())]:
        schema.field(name)  # a clear KeyError for a misspelt column
    if bbox is not None and not schema.is_spatial:
        raise ValueError(f"layer '{schema.name}' has no geometry to filter by extent")
    return wanted


def _stored_datetimes(stored: pd.Series) -> pd.Series:
    """:func:`~layers.values.stored_datetime` over a column: text (GeoPackage) or native moments (PostGIS), in UTC."""
    present = stored.dropna()
    if present.empty or not isinstance(present.iloc[0], str):
        return pd.to_datetime(stored, utc=True, format="ISO8601")
    text = stored.astype("string")
    zoned = text.str.endswith("Z", na=True)
    if zoned.all():
        return pd.to_datetime(text, utc=True, format="ISO8601")
    zoned |= text.str.contains(r"[+-]\d\d:?\d\d$", regex=True, na=True)
    moments = pd.to_datetime(text.where(zoned), utc=True, format="ISO8601")
    if not zoned.all():
        local = pd.to_datetime(text.where(~zoned), format="ISO8601").dt.tz_localize(values.STATION_TIMEZONE)
        moments = moments.where(zoned, local.dt.tz_convert("UTC"))
    return moments


def frame_column(spec: Field, stored: Sequence[Any]) -> pd.Series:
    """A frame column of typed values from what a backend returned (text or native values)."""
    series = pd.Series(stored, dtype=object)
    if spec.type is FieldType.DATETIME:
        return _stored_datetimes(series)
    if spec.type is FieldType.DATE:
        return series.map(lambda v: v if v is None or isinstance(v, date) else date.fromisoformat(v))
    if spec.type is FieldType.BOOLEAN:
        return series.astype("boolean")
    if spec.type is FieldType.INTEGER:
        return series.astype("Int64")
    if spec.type is FieldType.REAL:
        return series.astype("float64")
    return series
