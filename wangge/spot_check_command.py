"""``wangge spot-check``: the day's call-back list of visits, and recording what a call-back found.

The sample comes from :func:`layers.assessment.spot_checks.spot_check_sample`, so the
list printed here is the one any other copy of the project draws for that day.
Bad input is named in one line before anything is written.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from layers.text_width import display_width, pad
from wangge.i18n import term, tr

if TYPE_CHECKING:
    import pandas as pd


def add_spot_check_command(commands: argparse._SubParsersAction) -> None:
    """Add ``spot-check`` to the ``wangge`` parser."""
    command = commands.add_parser(
        "spot-check",
        help=tr("draw the day's spot check of visits, or record a call-back's result"),
        description=tr(
            "Daily spot check: with --day, print a random but reproducible sample of each officer's visits of "
            "that day (Beijing time) with the household's phone to call back; the same project and day always "
            "give the same sample. With --record, store what the call-back found."
        ),
    )
    command.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg) or database URL"))
    action = command.add_mutually_exclusive_group()
    action.add_argument("--day", metavar="YYYY-MM-DD", help=tr("the day whose visits to sample"))
    action.add_argument(
        "--record",
        metavar="VISIT",
        help=tr("the visit whose call-back result to record: its code in the day's list, or its id"),
    )
    command.add_argument("--per-officer", default="3", metavar="N", help=tr("visits to sample per officer (default 3)"))
    command.add_argument("--json", action="store_true", help=tr("print machine-readable JSON"))
    command.add_argument(
        "--result",
        metavar="RESULT",
        help=tr("what the call-back found: confirmed, not_confirmed or unreachable"),
    )
    command.add_argument("--by", metavar="NAME", help=tr("who called the household back"))


def run_spot_check(arguments: argparse.Namespace) -> int:
    from layers.errors import QT_TRANSLATE_NOOP

    if arguments.record is not None:
        return _record(arguments)
    if arguments.day is None:
        raise _invalid(QT_TRANSLATE_NOOP("reason", "give --day YYYY-MM-DD to draw a sample or --record VISIT"))
    return _sample(arguments)


def _invalid(reason: str, **params: object) -> Exception:
    from layers.assessment.spot_checks import SpotCheckError

    return SpotCheckError(reason=reason, **params)


def _sample(arguments: argparse.Namespace) -> int:
    from layers.assessment.spot_checks import spot_check_sample
    from layers.errors import QT_TRANSLATE_NOOP
    from layers.store import open_project

    if arguments.result is not None or arguments.by is not None:
        raise _invalid(QT_TRANSLATE_NOOP("reason", "--result and --by go with --record VISIT, not with --day"))
    try:
        day = date.fromisoformat(arguments.day)
    except ValueError:
        raise _invalid(
            QT_TRANSLATE_NOOP("reason", "'{given}' is not a day; write it as YYYY-MM-DD, e.g. 2026-11-27"),
            given=arguments.day,
        ) from None
    per_officer = _whole_number(arguments.per_officer)
    with open_project(arguments.project) as store:
        sample = spot_check_sample(store, day, per_officer)
    if arguments.json:
        print(json.dumps(_sample_json(day, per_officer, sample), ensure_ascii=False, indent=2))
    else:
        print(_table(day, sample))
    return 0


def _whole_number(text: str) -> int:
    from layers.errors import QT_TRANSLATE_NOOP

    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise _invalid(
            QT_TRANSLATE_NOOP("reason", "draw at least 1 visit per officer, not {per_officer}"), per_officer=text
        )
    return number


def _record(arguments: argparse.Namespace) -> int:
    from layers.assessment.spot_checks import find_visit, record_spot_check, spot_check_result, visit_code
    from layers.errors import QT_TRANSLATE_NOOP
    from layers.store import open_project

    if arguments.result is None or not (arguments.by or "").strip():
        raise _invalid(QT_TRANSLATE_NOOP("reason", "--record needs --result RESULT and --by NAME"))
    result = spot_check_result(arguments.result)  # a mistyped result is named before the project is opened
    with open_project(arguments.project) as store:
        visit = record_spot_check(store, find_visit(store, arguments.record), result, arguments.by, datetime.now(UTC))
    print(
        tr("visit {visit}: spot check {result} recorded by {by}").format(
            visit=visit_code(visit.id), result=term(result), by=visit["spot_checked_by"]
        )
    )
    return 0


def _sample_json(day: date, per_officer: int, sample: pd.DataFrame) -> dict:
    visits = sample.assign(visited_at=sample["visited_at"].map(lambda moment: moment.isoformat()))
    records = visits.astype(object).where(visits.notna(), None).to_dict("records")
    return {"day": day.isoformat(), "per_officer": per_officer, "visits": records}


def _table(day: date, sample: pd.DataFrame) -> str:
    """The sample as aligned text, one visit a line, for the supervisor to call down; visits by their short code."""
    from layers.assessment.spot_checks import visit_code

    if sample.empty:
        return tr("{day}: no visits recorded that day").format(day=day.isoformat())
    headers = [tr("officer"), tr("time"), tr("house no."), tr("head of household"), tr("phone"), tr("visit code")]
    names = sample.fillna({"house_no": "", "head_name": "", "phone": ""})
    rows = [
        [officer, moment.strftime("%H:%M"), house_no, head_name, phone, visit_code(visit_id)]
        for officer, moment, house_no, head_name, phone, visit_id in names[
            ["officer", "visited_at", "house_no", "head_name", "phone", "visit_id"]
        ].itertuples(index=False)
    ]
    widths = [max(display_width(text) for text in column) for column in zip(headers, *rows)]
    lines = [tr("{day}: spot check of {count} visits").format(day=day.isoformat(), count=len(rows))]
    lines += ["  ".join(pad(text, width) for text, width in zip(line, widths)).rstrip()
              for line in (headers, *rows)]  # fmt: skip
    return "\n".join(lines)
