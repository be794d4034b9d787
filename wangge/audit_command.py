"""``wangge audit``: read the audit log of a project — who changed which record, when, from what to what.

The command only reads: the log has no way to be changed, from here or
anywhere. Residents' names, phones and ID numbers in the logged values are
masked as on every other output unless ``--show-personal`` is given; the log
itself keeps them in full, since accountability needs the real values.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from wangge.arguments import day, whole_number
from wangge.i18n import field_title, layer_title, term, tr

if TYPE_CHECKING:
    import pandas as pd


def add_audit_command(commands: argparse._SubParsersAction) -> None:
    """Add ``audit`` to the ``wangge`` parser."""
    from layers.schema import LAYERS

    command = commands.add_parser(
        "audit",
        help=tr("show the audit log: who changed which record, when, and the old and new values"),
        description=tr(
            "Print the project's audit log, newest entry first: when (station time), who, what was done to which "
            "record of which layer, the version it left, and the old and new values of the changed fields. "
            "Residents' names, phones and ID numbers are masked unless --show-personal is given."
        ),
    )
    command.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg) or database URL"))
    command.add_argument("--layer", choices=list(LAYERS), metavar="LAYER", help=tr("only entries of this layer"))
    command.add_argument("--record", metavar="ID", help=tr("only entries of this record"))
    command.add_argument(
        "--since", type=day, metavar="YYYY-MM-DD", help=tr("only entries from this day on (station time)")
    )
    command.add_argument("--limit", type=whole_number, metavar="N", help=tr("only the newest N entries"))
    command.add_argument("--json", action="store_true", help=tr("print machine-readable JSON"))
    command.add_argument("--show-personal", action="store_true", help=tr("print names, phones and ID numbers in full"))


def run_audit(arguments: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from layers.store import open_project
    from layers.values import STATION_TIMEZONE

    with open_project(arguments.project) as store:
        entries = store.audit(
            record_id=arguments.record, layer=arguments.layer, since=arguments.since, limit=arguments.limit
        )
        timezone = ZoneInfo(store.settings().get("timezone") or STATION_TIMEZONE.key)
    records = [_entry_json(entry, arguments.show_personal) for entry in entries.to_dict("records")]
    if arguments.json:
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    if not records:
        print(tr("no audit entries"))
        return 0
    for entry, moment in zip(records, entries["at"]):
        print(_heading(entry, moment.tz_convert(timezone)))
        for line in _value_lines(entry):
            print(f"    {line}")
    return 0


def _entry_json(entry: dict[str, Any], show_personal: bool) -> dict[str, Any]:
    """One entry as JSON-able values, personal values masked unless asked for."""
    plain = {name: (None if _missing(value) else value) for name, value in entry.items()}
    plain["at"] = entry["at"].isoformat().replace("+00:00", "Z")
    plain["seq"] = int(entry["seq"])
    plain["version"] = None if plain["version"] is None else int(plain["version"])
    for column in ("old_values", "new_values"):
        plain[column] = _masked(entry["layer"], plain[column], show_personal)
    return plain


def _missing(value: Any) -> bool:
    import pandas as pd

    return not isinstance(value, dict) and pd.isna(value)


def _masked(layer: str, values: dict[str, Any] | None, show_personal: bool) -> dict[str, Any] | None:
    """The sensitive values of ``layer`` masked as :mod:`layers.privacy` masks exports; others as logged."""
    import pandas as pd

    from layers.privacy import FREE_TEXT_MASK, mask_frame
    from layers.schema import layer_schema

    if values is None or show_personal:
        return values
    schema = layer_schema(layer)
    personal = {
        name: value
        for name, value in values.items()
        if value is not None and name in schema.field_names and schema.field(name).sensitive
    }
    if not personal:
        return values
    masked = mask_frame(layer, pd.DataFrame([personal], dtype=object)).iloc[0].to_dict()
    # An ID number leaves no trace in an export; here the reader must still see that it changed.
    return {name: masked.get(name, FREE_TEXT_MASK) if name in personal else value for name, value in values.items()}


def _heading(entry: dict[str, Any], moment: pd.Timestamp) -> str:
    who = entry["user"] or "?"
    if entry["db_role"]:
        who += f" ({entry['db_role']})"
    record = entry["record"] or ""
    version = "" if entry["version"] is None else f" v{entry['version']}"
    when = moment.strftime("%Y-%m-%d %H:%M:%S %z")
    actions = {"insert": tr("added"), "update": tr("changed"), "delete": tr("deleted"), "bulk_load": tr("loaded")}
    action = actions.get(entry["action"], entry["action"])
    return f"#{entry['seq']}  {when}  {who}  {action}  {_layer_title(entry['layer'])}  {record}{version}".rstrip()


def _layer_title(layer: str) -> str:
    """The layer in the user's words; a layer this Wangge does not know (from a newer one) by its name."""
    from layers.schema import LAYERS

    return layer_title(layer) if layer in LAYERS else layer


def _value_lines(entry: dict[str, Any]) -> list[str]:
    old, new = entry["old_values"], entry["new_values"]
    if entry["action"] == "bulk_load":
        ids = new["ids"]
        span = f"{ids[0]} … {ids[-1]}" if len(ids) > 1 else "".join(ids)
        return [tr("{count} records loaded: {span}").format(count=new["count"], span=span)]
    layer = entry["layer"]
    if old is not None and new is not None:
        return [
            tr("{field}: {old} → {new}").format(
                field=_field(layer, name), old=_shown(layer, name, old.get(name)), new=_shown(layer, name, value)
            )
            for name, value in new.items()
        ]
    return [
        tr("{field}: {value}").format(field=_field(layer, name), value=_shown(layer, name, value))
        for name, value in (old or new or {}).items()
        if value is not None
    ]


def _field(layer: str, name: str) -> str:
    """A logged field's title in the user's words; a field this Wangge does not know by its name."""
    from layers.schema import GEOMETRY_COLUMN, LAYERS

    if name == GEOMETRY_COLUMN:
        return tr("location")
    known = layer in LAYERS and name in LAYERS[layer].field_names
    return field_title(layer, name) if known else name


def _shown(layer: str, name: str, value: Any) -> str:
    """A logged value as the user reads it: a vocabulary code in words, yes or no, long text cut."""
    from layers.schema import LAYERS, FieldType

    field = LAYERS[layer].field(name) if layer in LAYERS and name in LAYERS[layer].field_names else None
    if value is not None and field is not None and field.vocabulary is not None and value in field.vocabulary.codes():
        value = term(field.vocabulary(value))
    elif value is not None and field is not None and field.type is FieldType.BOOLEAN:
        value = tr("yes") if value else tr("no")  # the log keeps SQLite's 1 and 0
    text = "∅" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "…"
