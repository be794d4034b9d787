"""The audit log (审计日志): who changed which record, when, and from what to what.

Every edit a store commits carries its audit entries in the same transaction,
so a rolled-back edit leaves none and a committed one always has its entries.
The log is append-only: the stores offer no way to change or delete an entry,
and the file or database refuses it too (triggers on the table), so neither
the app nor another tool rewrites history quietly.

An entry names the record and the version the edit left it at, and for the
fields that changed their old and new values in the store's stored form
(ISO 8601 text for times, 0/1 or true/false for booleans, as each store keeps
them). Geometry is written as WKT rather than a bare "changed": a household
moved by mistake must be put back where it was, and the old point is the only
record of where that is. Personal fields (:attr:`layers.schema.Field.sensitive`)
are logged unmasked on purpose: accountability needs the real values, and the
log is as protected as the data it describes. Photos (BLOB fields) are left
out: megabytes per entry would tell an auditor nothing a version does not.

This module holds what both stores share: the entry's columns and actions, the
diffing and the reading of entries into a frame. Each store writes with its own
SQL (the shared database writes from a server-side trigger, see
:mod:`layers.store.postgis_schema`).
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from layers.schema import GEOMETRY_COLUMN, FieldType, LayerSchema
from layers.values import format_datetime

AUDIT_TABLE = "wangge_audit"
"""The GeoPackage table of the log; the shared database keeps it as ``wangge.audit``."""

COLUMNS = ("seq", "at", "user", "db_role", "action", "layer", "record", "version", "old_values", "new_values")
"""Columns of :meth:`ProjectStore.audit`'s frame, in order.

``seq`` numbers entries in commit order; ``at`` is UTC; ``user`` is the person
the app acted for (:attr:`ProjectStore.user`), ``db_role`` the database role the
server checked (shared database only); ``version`` is the record's version after
the edit (for a delete, the version deleted); ``old_values``/``new_values`` hold
the changed fields only (``None`` for an insert's old and a delete's new values).
"""


class AuditAction(str, Enum):
    """What an entry records."""

    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    BULK_LOAD = "bulk_load"  # one entry per load: the layer, the count and every id loaded


def current_login() -> str:
    """The OS login name, the default :attr:`ProjectStore.user`; ``"unknown"`` where the OS has none.

    ``getpass`` reads LOGNAME/USER first and then the password database; a
    container may have neither, and an edit must not fail for that.
    """
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def audited_values(schema: LayerSchema, stored: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON-able values of one record as the log keeps them.

    ``stored`` maps field names to stored values and, for a spatial layer,
    ``geom`` to a shapely geometry (or ``None``), which becomes WKT. BLOB fields
    are left out.
    """
    audited: dict[str, Any] = {}
    for name, value in stored.items():
        if name == GEOMETRY_COLUMN:
            audited[name] = None if value is None or value.is_empty else value.wkt
        elif schema.field(name).type is not FieldType.BLOB:
            audited[name] = value
    return audited


def changed_values(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields of ``new`` whose values differ from ``old``: (their old values, their new values)."""
    changed = [name for name, value in new.items() if old.get(name) != value]
    return {name: old.get(name) for name in changed}, {name: new[name] for name in changed}


@dataclass(frozen=True)
class AuditEntry:
    """One entry about to be written, before the store adds when and who."""

    action: AuditAction
    layer: str
    record: str | None
    version: int | None
    old_values: Mapping[str, Any] | None
    new_values: Mapping[str, Any] | None

    @classmethod
    def insert(cls, layer: str, new: Mapping[str, Any]) -> AuditEntry:
        return cls(AuditAction.INSERT, layer, new["id"], new["version"], None, dict(new))

    @classmethod
    def update(cls, layer: str, record: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> AuditEntry:
        old_changed, new_changed = changed_values(old, new)
        return cls(AuditAction.UPDATE, layer, record, new["version"], old_changed, new_changed)

    @classmethod
    def delete(cls, layer: str, old: Mapping[str, Any]) -> AuditEntry:
        return cls(AuditAction.DELETE, layer, old["id"], old["version"], dict(old), None)

    @classmethod
    def bulk_load(cls, layer: str, ids: Sequence[str]) -> AuditEntry:
        """One entry for a whole load: ids are random UUIDs, so a range would name nothing; list them all."""
        return cls(AuditAction.BULK_LOAD, layer, None, None, None, {"count": len(ids), "ids": list(ids)})

    def stored_row(self, at: datetime, user: str) -> tuple:
        """(at, user, action, layer, record, version, old_values, new_values) with the values as JSON text."""
        return (
            format_datetime(at),
            user,
            self.action.value,
            self.layer,
            self.record,
            self.version,
            as_json(self.old_values),
            as_json(self.new_values),
        )


def as_json(values: Mapping[str, Any] | None) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False)


def since_instant(since: date | datetime | None, timezone: ZoneInfo) -> datetime | None:
    """The UTC instant an audit query starts at; a calendar day starts at midnight in the station's time zone."""
    if since is None:
        return None
    if isinstance(since, datetime):
        if since.tzinfo is None:
            raise ValueError("since: a datetime needs a time zone (which clock is it?)")
        return since.astimezone(UTC)
    return datetime.combine(since, time(0), tzinfo=timezone).astimezone(UTC)


def audit_frame(rows: Iterable[Sequence[Any]]) -> pd.DataFrame:
    """Rows in :data:`COLUMNS` order (values as JSON text or already decoded) as the frame ``audit`` returns."""
    # object columns keep None for "no value", as the stores' read() frames do for text
    frame = pd.DataFrame(list(rows), columns=list(COLUMNS), dtype=object)
    frame["seq"] = frame["seq"].astype("int64")
    frame["at"] = pd.to_datetime(frame["at"], utc=True, format="ISO8601")
    frame["version"] = frame["version"].astype("Int64")
    for column in ("old_values", "new_values"):
        frame[column] = frame[column].map(_decoded, na_action="ignore").astype(object)
        frame[column] = frame[column].where(frame[column].notna(), None)
    return frame.sort_values("seq", ascending=False, ignore_index=True)


def _decoded(value: str | Mapping[str, Any]) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value)
