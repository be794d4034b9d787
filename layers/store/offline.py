"""Offline copies of a shared database: pull a grid, edit it anywhere, sync it back.

An offline copy is a plain GeoPackage project, editable in Wangge, QGIS or
QField. At pull time it records, in ``wangge_sync_base``, every record it
received as the server had it (version and values). Sync compares three
states of each record — the copy now, the server now, and that base — so edits
made by any program are found by their values, not by trusting a version
counter that QGIS would not bump:

- changed on one side only: the change goes to the other side;
- changed on both sides in different fields: both changes are kept;
- changed on both sides in the same field to different values: a conflict,
  listed field by field with both values; nothing is overwritten, and the
  local change stays in the copy until the user chooses a side (``resolve``).

Every write to the server states the server version it was based on, so an
edit made meanwhile by someone else is never overwritten either.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.errors import (
    QT_TRANSLATE_NOOP,
    ConflictError,
    PermissionDeniedError,
    ProjectExistsError,
    Translate,
    UnknownGridError,
    WanggeError,
)
from layers.feedback import Feedback
from layers.files import atomic_output
from layers.schema import LAYERS, RECORD_FIELD_NAMES
from layers.store.base import Feature, ProjectStore
from layers.store.gpkg import GeoPackageStore
from layers.values import format_datetime
from layers.vocabulary import Vocabulary

Side = Literal["local", "server"]
DELETED = "(deleted)"  # the "field" of a conflict between a deletion and an edit
DELETED_HERE = (QT_TRANSLATE_NOOP("sync", "deleted here"), QT_TRANSLATE_NOOP("sync", "changed on the server"))
DELETED_THERE = (QT_TRANSLATE_NOOP("sync", "changed here"), QT_TRANSLATE_NOOP("sync", "deleted on the server"))
_NO_VALUE = object()


@dataclass(frozen=True)
class FieldConflict:
    """One field changed differently on both sides since the last sync."""

    layer: str
    record: str
    field: str
    local: Any
    server: Any


@dataclass
class SyncReport:
    sent: Counter = field(default_factory=Counter)  # (layer, "inserted"/"updated"/"deleted") -> n
    received: Counter = field(default_factory=Counter)
    conflicts: list[FieldConflict] = field(default_factory=list)
    refused: list[WanggeError] = field(default_factory=list)  # the server's refusals, record by record


def _canonical(value: Any) -> Any:
    """A JSON-able form in which equal values compare equal whichever store they came from."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return format_datetime(value)  # millisecond precision: what a GeoPackage keeps
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "geom_type"):
        return shapely.to_wkb(value, hex=True, output_dimension=2)
    return value


def canonical_rows(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Records of a layer frame by id, each a dict of canonical field values (geometry included)."""
    records = frame.drop(columns="geometry").to_dict("records") if "geometry" in frame else frame.to_dict("records")
    geometries = frame.geometry.tolist() if isinstance(frame, gpd.GeoDataFrame) else [None] * len(records)
    rows = {}
    for record, geometry in zip(records, geometries):
        row = {name: _canonical(value) for name, value in record.items()}
        row["geom"] = _canonical(geometry)
        rows[row["id"]] = row
    return rows


def canonical_feature(feature: Feature) -> dict[str, Any]:
    """:func:`canonical_rows` for one record."""
    row = {name: _canonical(value) for name, value in feature.attributes.items()}
    row["geom"] = _canonical(feature.geometry)
    return row


def _changed_fields(now: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value
        for name, value in now.items()
        if name not in RECORD_FIELD_NAMES and base.get(name, _NO_VALUE) != value
    }


# -- scope: which records an offline copy holds ------------------------------------
def scoped(server: ProjectStore, grid_code: str | None) -> dict[str, pd.DataFrame]:
    """The server's layers, or only what one grid's officer needs in the village."""
    frames = {name: server.read(name) for name in LAYERS}
    if not grid_code:
        return frames
    grids = frames["grids"][frames["grids"]["code"] == grid_code]
    if grids.empty:
        raise UnknownGridError(code=grid_code)
    grid_ids = set(grids["id"])
    area = shapely.union_all(grids.geometry.values)

    def keep(name: str, mask) -> None:
        frames[name] = frames[name][np.asarray(mask, dtype=bool)].reset_index(drop=True)

    keep("grids", frames["grids"]["id"].isin(grid_ids))
    keep("households", frames["households"]["grid_id"].isin(grid_ids))
    households = set(frames["households"]["id"])
    keep("disputes", frames["disputes"]["household_id"].isin(households) | frames["disputes"]["grid_id"].isin(grid_ids))
    keep("disputes", frames["disputes"]["household_id"].isna() | frames["disputes"]["household_id"].isin(households))
    disputes = set(frames["disputes"]["id"])
    visits = frames["visits"]
    keep(
        "visits",
        visits["household_id"].isin(households) & (visits["dispute_id"].isna() | visits["dispute_id"].isin(disputes)),
    )
    keep("landmarks", frames["landmarks"]["grid_id"].isna() | frames["landmarks"]["grid_id"].isin(grid_ids))
    keep("roads", shapely.intersects(frames["roads"].geometry.values, area))
    sketches = frames["sketches"]
    drawn_on = set(frames["households"]["sketch_id"].dropna())  # a household's sketch comes along
    keep("sketches", sketches["grid_id"].isna() | sketches["grid_id"].isin(grid_ids) | sketches["id"].isin(drawn_on))
    keep("sketch_control_points", frames["sketch_control_points"]["sketch_id"].isin(set(frames["sketches"]["id"])))
    return frames


# -- pull and push -----------------------------------------------------------------
def pull(
    server: ProjectStore,
    out: str | Path,
    grid_code: str | None = None,
    feedback: Feedback | None = None,
    styles: Mapping[str, str] | None = None,
    complete: Callable[[GeoPackageStore, Feedback], None] | None = None,
) -> dict:
    """Write an offline copy of the server (or of one grid) to a new project file; returns counts.

    ``styles`` (layer name -> QML) are how QGIS and QField, which officers may edit the copy with, show each
    layer; ``complete`` adds what else the copy should carry (its sketches as basemaps, say) before it appears.
    """
    out = Path(out)
    feedback = feedback or Feedback()
    if out.exists():
        raise ProjectExistsError(path=str(out))
    frames = scoped(server, grid_code)
    with atomic_output(out) as temporary:  # a canceled or failed pull leaves no half copy to be mistaken for one
        copy = GeoPackageStore.create(temporary, server.settings().get("station", ""), styles=styles)
        try:
            for key, value in server.settings().items():
                copy.set_setting(key, value)
            copy.set_setting("sync_server", server.location)
            copy.set_setting("sync_grid", grid_code or "")
            loading = feedback.step(0, 80) if complete else feedback
            for index, (name, frame) in enumerate(frames.items()):
                loading.raise_if_canceled()
                copy.bulk_load(name, frame)
                copy.save_sync_base(name, {rid: row for rid, row in canonical_rows(frame).items()})
                loading.set_progress(100 * (index + 1) / len(frames))
            if complete:
                complete(copy, feedback.step(80, 100))
        finally:
            copy.close()
    return {name: len(frame) for name, frame in frames.items()}


def push(local: ProjectStore, server: ProjectStore, feedback: Feedback | None = None) -> dict:
    """Load a whole station project into an empty shared database, in one transaction; returns counts."""
    feedback = feedback or Feedback()
    counts = {}
    with server.edit():  # all or nothing: a canceled or refused push leaves the database as it was
        for key, value in local.settings().items():
            if not key.startswith("sync_"):
                server.set_setting(key, value)
        for index, name in enumerate(LAYERS):
            feedback.raise_if_canceled()
            counts[name] = server.bulk_load(name, local.read(name))
            feedback.set_progress(100 * (index + 1) / len(LAYERS))
    return counts


# -- sync --------------------------------------------------------------------------
def sync(
    local: GeoPackageStore, server: ProjectStore, resolve: Side | None = None, feedback: Feedback | None = None
) -> SyncReport:
    """Exchange edits between an offline copy and the server (see the module docstring).

    Each record is exchanged (and its base updated) in its own transactions, so a
    canceled sync leaves both sides consistent and the next one carries on.
    """
    feedback = feedback or Feedback()
    report = SyncReport()
    frames = scoped(server, local.settings().get("sync_grid") or None)
    base = {name: local.load_sync_base(name) for name in LAYERS}
    server_rows = {name: canonical_rows(frames[name]) for name in LAYERS}
    local_rows = {name: canonical_rows(local.read(name)) for name in LAYERS}

    def attempt(action: Callable[[], None]) -> None:
        try:
            action()
        except (PermissionDeniedError, ConflictError) as error:
            report.refused.append(error)

    steps = 2 * len(LAYERS)
    for step, name in enumerate(LAYERS):  # inserts and updates, parents before children
        feedback.raise_if_canceled()
        feedback.set_progress(100 * step / steps)
        for record in sorted(set(local_rows[name]) | set(server_rows[name])):
            mine, theirs, then = local_rows[name].get(record), server_rows[name].get(record), base[name].get(record)
            if then is not None and (mine is None or theirs is None):
                continue  # deleted on one side: second pass
            attempt(partial(_merge_record, local, server, name, record, mine, theirs, then, resolve, report))
    for step, name in enumerate(reversed(list(LAYERS)), start=len(LAYERS)):  # deletions, children first
        feedback.raise_if_canceled()
        feedback.set_progress(100 * step / steps)
        for record, then in base[name].items():
            mine, theirs = local_rows[name].get(record), server_rows[name].get(record)
            attempt(partial(_merge_deletion, local, server, name, record, mine, theirs, then, resolve, report))
    feedback.set_progress(100)
    return report


def _accept(local: GeoPackageStore, server: ProjectStore, layer: str, record: str) -> None:
    """Make the copy hold the server's record exactly, and remember it as the new base."""
    local.save_sync_base(layer, {record: canonical_feature(local.replace(server.get(layer, record)))})


def _merge_record(local, server, layer, record, mine, theirs, then, resolve, report) -> None:
    if mine is None:  # new on the server
        _accept(local, server, layer, record)
        report.received[layer, "inserted"] += 1
        return
    if theirs is None:  # new in the copy
        server.insert(local.get(layer, record))
        report.sent[layer, "inserted"] += 1
        _accept(local, server, layer, record)
        return
    if then is None:
        # On both sides but never synced together: equal fields agree, differing ones are conflicts.
        if not _changed_fields(mine, theirs):
            local.save_sync_base(layer, {record: theirs})
            return
        then = {name: value for name, value in mine.items() if theirs.get(name) == value}
    local_changes = _changed_fields(mine, then)
    server_changes = _changed_fields(theirs, then)
    clashes = [f for f in local_changes if f in server_changes and local_changes[f] != server_changes[f]]
    if clashes and resolve is None:
        local_feature, server_feature = local.get(layer, record), server.get(layer, record)
        for name in clashes:
            report.conflicts.append(
                FieldConflict(layer, record, name, _value(local_feature, name), _value(server_feature, name))
            )
        return
    if clashes and resolve == "server":
        local_changes = {f: v for f, v in local_changes.items() if f not in clashes}
    if local_changes:
        feature = local.get(layer, record)
        changes = {f: feature[f] for f in local_changes if f != "geom"}
        geometry = feature.geometry if "geom" in local_changes else None
        server.update(layer, record, changes, expected_version=server.get(layer, record).version, geometry=geometry)
        report.sent[layer, "updated"] += 1
    if server_changes:
        report.received[layer, "updated"] += 1
    if local_changes or server_changes:
        _accept(local, server, layer, record)


def _merge_deletion(local, server, layer, record, mine, theirs, then, resolve, report) -> None:
    if mine is None and theirs is not None:  # deleted in the copy
        if not _changed_fields(theirs, then) or resolve == "local":
            server.delete(layer, record, expected_version=server.get(layer, record).version)
            report.sent[layer, "deleted"] += 1
            local.forget_sync_base(layer, record)
        elif resolve == "server":
            _accept(local, server, layer, record)
        else:
            report.conflicts.append(FieldConflict(layer, record, DELETED, *DELETED_HERE))
    elif theirs is None and mine is not None:  # deleted on the server
        if not _changed_fields(mine, then) or resolve == "server":
            local.delete(layer, record, expected_version=local.get(layer, record).version)
            report.received[layer, "deleted"] += 1
            local.forget_sync_base(layer, record)
        elif resolve == "local":
            server.insert(local.get(layer, record))
            report.sent[layer, "inserted"] += 1
            _accept(local, server, layer, record)
        else:
            report.conflicts.append(FieldConflict(layer, record, DELETED, *DELETED_THERE))
    elif mine is None and theirs is None:
        local.forget_sync_base(layer, record)


def _value(feature: Feature, name: str) -> Any:
    return feature.geometry.wkt if name == "geom" and feature.geometry is not None else feature.attributes.get(name)


KIND_WORDS = {
    "inserted": QT_TRANSLATE_NOOP("sync", "inserted"),
    "updated": QT_TRANSLATE_NOOP("sync", "updated"),
    "deleted": QT_TRANSLATE_NOOP("sync", "deleted"),
}


@dataclass(frozen=True)
class SyncWords:
    """How the reader calls layers, fields and codes; by default their names and codes, as stored.

    The command line gives its own (:func:`wangge.i18n.layer_title`, ``field_title`` and ``term``),
    so that a Chinese reader sees "住户 … 联系电话", not "households … phone".
    """

    layer: Callable[[str], str] = lambda layer: layer
    field: Callable[[str, str], str] = lambda layer, name: name
    code: Callable[[Vocabulary], str] = str


def describe(
    report: SyncReport, translate: Translate = lambda context, text: text, words: SyncWords | None = None
) -> list[str]:
    """Lines for the CLI in the user's language: what moved, the refusals, each conflict field by field."""
    words = words or SyncWords()

    def moved(template: str, counts: Counter) -> list[str]:
        return [
            translate("sync", template).format(kind=translate("sync", KIND_WORDS[kind]), layer=words.layer(layer), n=n)
            for (layer, kind), n in sorted(counts.items())
        ]

    lines = moved(QT_TRANSLATE_NOOP("sync", "sent {kind} {layer}: {n}"), report.sent)
    lines += moved(QT_TRANSLATE_NOOP("sync", "received {kind} {layer}: {n}"), report.received)
    refused = translate("sync", QT_TRANSLATE_NOOP("sync", "refused by the server: {reason}"))
    lines += [refused.format(reason=error.translated(translate)) for error in report.refused]
    conflict = translate(
        "sync", QT_TRANSLATE_NOOP("sync", "conflict {layer} {record} {field}: here {local} / server {server}")
    )
    lines += [
        conflict.format(
            layer=words.layer(c.layer),
            record=c.record,
            field=_field_word(c, words),
            local=_shown(c, c.local, translate, words),
            server=_shown(c, c.server, translate, words),
        )
        for c in report.conflicts
    ]
    return lines


def _field_word(conflict: FieldConflict, words: SyncWords) -> str:
    """The conflicting field as the reader calls it; a deletion conflict is about the record, not a field."""
    if conflict.field == DELETED or conflict.field not in LAYERS[conflict.layer].field_names:
        return conflict.field
    return words.field(conflict.layer, conflict.field)


def _shown(conflict: FieldConflict, value: Any, translate: Translate, words: SyncWords) -> str:
    """A conflicting value as the CLI prints it: JSON, a code in words, or the words of a deletion conflict."""
    if conflict.field == DELETED:
        return translate("sync", value)
    if conflict.field in LAYERS[conflict.layer].field_names:
        vocabulary = LAYERS[conflict.layer].field(conflict.field).vocabulary
        if vocabulary is not None and value in vocabulary.codes():
            return words.code(vocabulary(value))
    return json.dumps(value, ensure_ascii=False, default=str)
