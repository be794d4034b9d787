"""Today's work of an officer: the key persons due for a visit and the dispute follow-ups overdue.

Both lists are the assessment's own judgements (:func:`key_persons_due`,
:func:`layers.disputes.workflow.overdue_followups`), so what an officer
clears from them is what the weekly and monthly assessment count. Both come
from one reading of only the columns they need; of the visits, each household's last before the day
ends and the follow-ups (:func:`~layers.assessment.deciding_visits.deciding_visits`), not a county's
millions.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd

from layers.assessment.deciding_visits import deciding_visits
from layers.assessment.key_persons import READ_COLUMNS as KEY_PERSON_COLUMNS
from layers.assessment.key_persons import day_end, key_persons_due
from layers.disputes.workflow import READ_FOR_OVERDUE, overdue_followups
from layers.store import ProjectStore
from layers.values import STATION_TIMEZONE
from layers.visit_cycles import KeyPersonCycles


def todays_lists(store: ProjectStore, day: date, officer: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The key persons due on ``day`` and the follow-ups overdue at its end, of ``officer``'s grids (or all),
    from one reading of the project."""
    columns: dict[str, list[str]] = {}
    for needed in (KEY_PERSON_COLUMNS, READ_FOR_OVERDUE):
        for layer, names in needed.items():
            columns[layer] = list(dict.fromkeys([*columns.get(layer, []), *names]))
    frames = {layer: store.read(layer, columns=names) for layer, names in columns.items() if layer != "visits"}
    frames["visits"] = deciding_visits(store, columns["visits"], since=day_end(day), until=day_end(day))
    cycles = KeyPersonCycles.from_settings(store.settings())
    due = key_persons_due(day, frames["grids"], frames["households"], frames["visits"], cycles=cycles, officer=officer)
    overdue = overdue_followups(frames, datetime.combine(day, time(23, 59, 59), STATION_TIMEZONE))
    if officer is not None:
        overdue = overdue[overdue["officer"] == officer].reset_index(drop=True)
    return due, overdue
