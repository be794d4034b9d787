"""The visits an assessment of some weeks or months needs, and no others: a county keeps years of them.

Each assessment counts the visits of a span of time (a month's bulletin, a
week's sheet, the dashboard's six months, a route plan's moment) and judges
two things that look further back: whether a household is overdue at a
moment (a key person not seen within its cycle) and whether a settled
dispute's follow-up visit was made; the weekly sheet and the route planner
also ask whether a household was ever visited. So it reads, of a project's
visits:

- every visit made in ``[since, until)``;
- every follow-up visit (``dispute_followup``), whenever made: one or two per
  settled dispute;
- with ``last_before_since``, each household's last visit before ``since``,
  from the status the store keeps (:meth:`~layers.store.base.ProjectStore.last_visits`),
  as a visit of no purpose, officer or result. Without it, judgements of
  recency only look back a cycle: no household waits longer than the longest
  cycle (:func:`recency_span_start`), so a visit older than that before a
  moment judges nothing at it, and starting ``since`` that much before the
  first moment judged makes every judgement what it is over all visits.

Every count of visits within ``[since, until)`` is then what it is over all
the visits. At a million households and six million visits, reading them
whole took 40 s and 5 GB, and finding each household's last visit before
six months ago takes the database 40 s itself: the dashboard and the
bulletin look back a cycle instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from layers.household_status import FOLLOWUP_PURPOSE
from layers.store import ProjectStore
from layers.store.record_query import Period, RecordQuery
from layers.visit_cycles import DEFAULT_VISIT_CYCLE_DAYS, KeyPersonCycles
from layers.vocabulary import KeyPersonTag

SLICE = pd.Timedelta(days=31)
"""How much of a span :func:`deciding_visits` reads at a time."""


def recency_span_start(
    counted_from: pd.Timestamp, first_judged: pd.Timestamp, grids: pd.DataFrame, cycles: KeyPersonCycles
) -> pd.Timestamp:
    """Where the visits start that decide counts from ``counted_from`` and who is overdue at moments from
    ``first_judged`` on: a longest cycle (a key-person tag's, a grid's or the default) before it, if earlier."""
    longest = max(
        [cycles.days(code) for code in KeyPersonTag.codes()]
        + [DEFAULT_VISIT_CYCLE_DAYS, *grids["visit_cycle_days"].dropna()]
    )
    return min(pd.Timestamp(counted_from), pd.Timestamp(first_judged) - pd.Timedelta(days=float(longest)))


def deciding_visits(
    store: ProjectStore,
    columns: list[str],
    since: pd.Timestamp,
    until: pd.Timestamp | None = None,
    last_before_since: bool = True,
    households: Sequence[str] | None = None,
    disputes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """``columns`` of the visits that decide every judgement made at moments in ``[since, until)``
    (``until`` ``None``: up to the last visit kept), as the module says; without their positions.

    ``households`` and ``disputes`` narrow a judgement made of some only (an officer's): the last visits
    are of those households, the follow-ups of those disputes. A span's visits are all read.
    """
    read = list(dict.fromkeys(["household_id", "visited_at", "purpose", "dispute_id", *columns]))
    since = pd.Timestamp(since).tz_convert("UTC")
    of_disputes = {} if disputes is None else {"dispute_id": list(disputes)}
    followups = store.read("visits", columns=read, matching={"purpose": FOLLOWUP_PURPOSE, **of_disputes})
    followups = pd.DataFrame(followups.drop(columns="geometry", errors="ignore"))
    in_span = followups.iloc[:0]
    if until is None or since < until:
        in_span = _visits_between(store, read, since, until)
        read_already = (in_span["purpose"] == FOLLOWUP_PURPOSE).to_numpy()
        if disputes is not None:
            read_already &= in_span["dispute_id"].isin(list(disputes)).to_numpy()
        in_span = in_span[~read_already]  # the follow-ups come whole from their own reading
    earlier = store.last_visits(since, households) if last_before_since else followups.iloc[:0]
    frames = [frame.reindex(columns=read) for frame in (earlier, in_span, followups)]
    return pd.concat([frame for frame in frames if len(frame)] or frames[-1:], ignore_index=True)[columns]


def _visits_between(
    store: ProjectStore, columns: list[str], since: pd.Timestamp, until: pd.Timestamp | None
) -> pd.DataFrame:
    """``columns`` of the visits of ``[since, until)`` (``until`` ``None``: up to the last), a month at a time.

    Half a year of a county's visits is four million rows: held all at once as the database hands them
    over, they took two gigabytes more than the frame they make.
    """
    last_start = until if until is not None else pd.Timestamp.now(tz="UTC")
    frames, start, texts = [], since, {}
    while True:
        end = start + SLICE
        final = end >= last_start
        stop = until if final else end
        frame = store.read_selected("visits", RecordQuery(period=Period("visited_at", start=start, end=stop)), columns)
        frame = frame if stop is None else frame[(frame["visited_at"] < stop).to_numpy()]  # ends are included
        frames.append(frame.assign(**{name: _shared(frame[name], texts) for name in _text_columns(frame)}))
        if final:
            return pd.concat(frames, ignore_index=True)
        start = end


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [name for name in frame.columns if pd.api.types.is_object_dtype(frame[name])]


def _shared(values: pd.Series, texts: dict[str, str]) -> np.ndarray:
    """``values`` with each text the one object ``texts`` keeps for it: the database hands over a new string
    for every row, and a county's months of visits name a million households and a few purposes four
    million times (half a gigabyte of copies)."""
    codes, found = pd.factorize(values)
    if not len(found):
        return np.full(len(values), None, dtype=object)
    kept = np.array([texts.setdefault(text, text) for text in found], dtype=object)
    return np.where(codes >= 0, kept[np.maximum(codes, 0)], None)
