"""The visits an assessment of some weeks or months needs, and no others: a county keeps years of them.

Each assessment counts the visits of a span of time (a month's bulletin, a
week's sheet, the dashboard's six months, a route plan's moment) and judges
two things that look further back: a household's last visit before a moment
(a key person overdue, a household never visited) and whether a settled
dispute's follow-up visit was made. So it reads, of a project's visits:

- every visit made in ``[since, until)``;
- each household's last visit before ``since``, from the status the store
  keeps (:meth:`~layers.store.base.ProjectStore.last_visits`), as a visit of
  no purpose, officer or result;
- every follow-up visit (``dispute_followup``), whenever made: one or two per
  settled dispute.

Every count of visits within ``[since, until)``, every last visit before a
moment in that span and every follow-up judgement is then what it is over all
the visits. Reading a million households' six million visits whole took 40 s
and 5 GB; this reads one household's worth more than the span's.
"""

from __future__ import annotations

import pandas as pd

from layers.household_status import FOLLOWUP_PURPOSE
from layers.store import ProjectStore
from layers.store.record_query import Period, RecordQuery


def deciding_visits(
    store: ProjectStore, columns: list[str], since: pd.Timestamp, until: pd.Timestamp | None = None
) -> pd.DataFrame:
    """``columns`` of the visits that decide every judgement made at moments in ``[since, until)``
    (``until`` ``None``: up to the last visit kept), as the module says; without their positions."""
    read = list(dict.fromkeys(["id", "household_id", "visited_at", *columns]))
    since = pd.Timestamp(since).tz_convert("UTC")
    followups = store.read("visits", columns=read, matching={"purpose": FOLLOWUP_PURPOSE})
    followups = pd.DataFrame(followups.drop(columns="geometry", errors="ignore"))
    in_span = followups.iloc[:0]
    if until is None or since < until:
        in_span = store.read_selected("visits", RecordQuery(period=Period("visited_at", start=since)), read)
        if until is not None:
            in_span = in_span[(in_span["visited_at"] < until).to_numpy()]
        followups = followups[~followups["id"].isin(in_span["id"]).to_numpy()]  # those of the span are read already
    frames = [frame.reindex(columns=read) for frame in (store.last_visits(since), in_span, followups)]
    return pd.concat([frame for frame in frames if len(frame)] or frames[-1:], ignore_index=True)[columns]
