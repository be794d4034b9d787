"""Each household's standing, kept by the store so that nothing needs the visits to show it.

A county keeps about 600,000 visits a year, and the map, the overview and the
counts need only a few facts of each household: when it was last visited,
when its next visit falls due, its open disputes and the hardest of their
grades, and its dispute follow-ups still to make. The store keeps these in a
table of its own, one row per household, recomputed in the same transaction as
every edit of a visit, a dispute, a household, a grid's cycle or the
key-person policy (:meth:`layers.store.base.ProjectStore.household_status`).
The rules are the ones the counts use: :mod:`layers.visit_cycles` and
:mod:`layers.disputes.states`.

Whether a household is "visited", "due soon" or "overdue" depends on the
moment it is looked at, so it is not kept: :func:`recency_at` reads it off
``last_visit`` and ``grid_cycle_days``.

Examples
--------
>>> households = pd.DataFrame({"id": ["h1", "h2"], "grid_id": ["g1", "g1"], "key_person": ["elderly_alone", None]})
>>> grids = pd.DataFrame({"id": ["g1"], "visit_cycle_days": [30]})
>>> visits = pd.DataFrame({"household_id": ["h1", "h1"],
...                        "visited_at": pd.to_datetime(["2026-11-01T02:00Z", "2026-11-20T02:00Z"])})
>>> status = compute_status(households, grids, visits, no_disputes(), no_followup_visits(), DEFAULT_CYCLES)
>>> status[["household_id", "own_cycle_days", "next_visit_due"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'household_id': 'h1', 'own_cycle_days': 7, 'next_visit_due': datetime.date(2026, 11, 27)},
 {'household_id': 'h2', 'own_cycle_days': 30, 'next_visit_due': None}]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.disputes.states import OPEN_STATUSES, resolution_moment
from layers.schema import Field, FieldType
from layers.values import STATION_TIMEZONE
from layers.visit_cycles import DEFAULT_CYCLES, DEFAULT_VISIT_CYCLE_DAYS, KeyPersonCycles, is_key_person, visit_recency
from layers.vocabulary import DisputeStatus, Grade, VisitPurpose

STATUS_TABLE = "household_status"
STALE_TABLE = "household_status_stale"
"""Households whose status an edit made out of date: written by triggers on the layers, whichever program
edits them, and emptied when the store recomputes their status before committing."""

STATUS_FIELDS = (
    Field("household_id", FieldType.TEXT, "住户", required=True, references="households"),
    Field("grid_id", FieldType.TEXT, "所属网格", references="grids"),
    Field("is_key_person", FieldType.BOOLEAN, "重点关注对象", required=True),
    Field("last_visit", FieldType.DATETIME, "最近走访"),
    Field("grid_cycle_days", FieldType.INTEGER, "网格走访周期（天）", required=True),
    Field("own_cycle_days", FieldType.INTEGER, "本户走访周期（天）", required=True),
    Field("next_visit_due", FieldType.DATE, "下次走访期限"),
    Field("open_disputes", FieldType.INTEGER, "未化解纠纷", required=True),
    Field("hardest_open_grade", FieldType.TEXT, "最难等级"),
    Field("followups_pending", FieldType.INTEGER, "待回访", required=True),
    Field("next_followup_due", FieldType.DATE, "最早回访期限"),
)
"""``household_id`` names its household (in a file with no database reference: a deleted household's row goes
with the recount that follows); ``grid_id`` and ``is_key_person`` are its own, kept here so that a county's
summaries are one pass over this table. ``grid_cycle_days`` is its grid's cycle, by which the map colours its recency;
``own_cycle_days`` its own, shorter for key persons, by which it is overdue as a key person; ``next_visit_due``
follows its own cycle and is ``None`` for a household never visited: it is due now."""
STATUS_COLUMNS = tuple(field.name for field in STATUS_FIELDS)

STATUS_INPUTS = {
    "households": ("id", "grid_id", "key_person"),
    "visits": ("household_id", "visited_at"),
    "disputes": ("id", "household_id", "grade", "status", "resolved_at", "updated_at", "followup_due",
                 "followed_up_at"),
    "followup_visits": ("dispute_id", "visited_at"),
}  # fmt: skip
"""What a backend reads for the households it recomputes: their own rows, visits and disputes, and the
follow-up visits made for those disputes (which may be to another party's household)."""
FOLLOWUP_PURPOSE = VisitPurpose.DISPUTE_FOLLOWUP.value
GRADE_CODES = tuple(grade.value for grade in Grade)
NO_GRID = "(none)"
"""Where summaries count the households and disputes in no grid, until they become ``None`` again."""


def no_disputes() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in STATUS_INPUTS["disputes"]})


def no_followup_visits() -> pd.DataFrame:
    return pd.DataFrame({"dispute_id": pd.Series(dtype=object), "visited_at": pd.Series(dtype="datetime64[ns, UTC]")})


def compute_status(
    households: pd.DataFrame,
    grids: pd.DataFrame,
    visits: pd.DataFrame,
    disputes: pd.DataFrame,
    followup_visits: pd.DataFrame,
    cycles: KeyPersonCycles = DEFAULT_CYCLES,
) -> pd.DataFrame:
    """The status rows (:data:`STATUS_COLUMNS`) of ``households``, one each, in their order.

    ``visits`` and ``disputes`` need hold only those of ``households`` (more do no harm);
    ``followup_visits`` the follow-up visits of those disputes; ``grids`` their grids' cycles.
    """
    ids = households["id"].astype(object).to_numpy()
    index = pd.Index(ids)
    grid_cycle = households["grid_id"].map(grids.set_index("id")["visit_cycle_days"]).astype("Float64")
    grid_cycle = grid_cycle.fillna(DEFAULT_VISIT_CYCLE_DAYS).astype(int)
    own_cycle = cycles.household_cycle_days(households["key_person"], grid_cycle.astype(float))

    last_visit = _latest_by(visits["household_id"], visits["visited_at"], index)
    local_day = last_visit.dt.tz_convert(STATION_TIMEZONE).dt.tz_localize(None).dt.normalize()
    due = local_day + pd.to_timedelta(own_cycle.to_numpy(), unit="D")

    is_open = disputes["status"].isin(OPEN_STATUSES).to_numpy()
    open_count = _count_by(disputes["household_id"][is_open], index)
    grade_rank = pd.Categorical(disputes["grade"][is_open], categories=GRADE_CODES).codes
    hardest_rank = pd.Series(grade_rank, index=disputes["household_id"][is_open].to_numpy())
    hardest_rank = hardest_rank[hardest_rank >= 0].groupby(level=0).max().reindex(ids).to_numpy(dtype=float)
    hardest = np.array([*GRADE_CODES, None], dtype=object)[
        np.nan_to_num(hardest_rank, nan=len(GRADE_CODES)).astype(int)
    ]

    pending = _followups_pending(disputes, followup_visits)
    pending_disputes = disputes[pending]
    followups = _count_by(pending_disputes["household_id"], index)
    earliest = pd.to_datetime(pd.Series(pending_disputes["followup_due"].to_numpy(), dtype=object))
    next_followup = earliest.groupby(pending_disputes["household_id"].to_numpy()).min().reindex(ids)

    return pd.DataFrame(
        {
            "household_id": ids,
            "grid_id": households["grid_id"].astype(object).where(households["grid_id"].notna(), None).to_numpy(),
            "is_key_person": is_key_person(households),
            "last_visit": last_visit.to_numpy(),
            "grid_cycle_days": grid_cycle.to_numpy(dtype=int),
            "own_cycle_days": own_cycle.to_numpy(dtype=int),
            "next_visit_due": _dates(due),
            "open_disputes": open_count,
            "hardest_open_grade": hardest,
            "followups_pending": followups,
            "next_followup_due": _dates(next_followup),
        }
    )


def _latest_by(keys: pd.Series, moments: pd.Series, index: pd.Index) -> pd.Series:
    latest = pd.Series(moments.to_numpy(), index=keys.to_numpy()).groupby(level=0).max()
    return pd.Series(pd.to_datetime(latest.reindex(index).to_numpy(), utc=True))


def _count_by(keys: pd.Series, index: pd.Index) -> np.ndarray:
    return keys.value_counts().reindex(index, fill_value=0).to_numpy(dtype=int)


def _dates(moments: pd.Series) -> np.ndarray:
    """Calendar days as ``date`` objects, ``None`` where there is none."""
    days = pd.Series(pd.to_datetime(moments.to_numpy()))
    return days.dt.date.astype(object).where(days.notna(), None).to_numpy()


def _followups_pending(disputes: pd.DataFrame, followup_visits: pd.DataFrame) -> np.ndarray:
    """Mask over disputes resolved, with a follow-up day set, and no follow-up made since their resolution.

    A follow-up is made when ``followed_up_at`` is set or a follow-up visit names the dispute after it was
    resolved (as :func:`layers.assessment.monthly.followups_overdue_at` counts it).
    """
    resolved = (disputes["status"] == DisputeStatus.RESOLVED.value).to_numpy()
    has_due = disputes["followup_due"].notna().to_numpy()
    resolution = resolution_moment(disputes).set_axis(disputes["id"].to_numpy())
    visit_resolution = resolution.reindex(followup_visits["dispute_id"].to_numpy())
    after = (followup_visits["visited_at"].to_numpy() >= visit_resolution.to_numpy()) & visit_resolution.notna()
    followed_up = (
        disputes["followed_up_at"].notna().to_numpy()
        | disputes["id"].isin(followup_visits["dispute_id"][after.to_numpy()]).to_numpy()
    )
    return resolved & has_due & ~followed_up


def recency_at(status: pd.DataFrame, as_of: pd.Timestamp) -> np.ndarray:
    """:class:`~layers.vocabulary.VisitRecency` code of each status row at ``as_of``, by its grid's cycle."""
    last = pd.to_datetime(status["last_visit"], utc=True)
    return visit_recency(last, status["grid_cycle_days"].astype(float), as_of)


GRADE_COUNTS = tuple(f"open_{grade}" for grade in GRADE_CODES)
SUMMARY_COLUMNS = ("grid_id", "households", "in_cycle", "overdue", "never_visited", "key_persons_overdue",
                   *GRADE_COUNTS)  # fmt: skip
"""A grid's summary: its households, those visited within their grid's cycle ("visited" or "due soon"), overdue
or never visited, its key persons overdue by their own cycle, and its open disputes by grade (a dispute's own
grid, else its household's)."""


def summary_frame(households: pd.DataFrame, open_disputes: list[tuple]) -> pd.DataFrame:
    """:data:`SUMMARY_COLUMNS` from counts per grid of households and (grid, grade, count) of open disputes."""
    disputes = pd.DataFrame(open_disputes, columns=["grid_id", "grade", "count"])
    by_grade = disputes.pivot_table(index="grid_id", columns="grade", values="count", aggfunc="sum", dropna=False)
    by_grade = by_grade.reindex(columns=list(GRADE_CODES)).fillna(0).astype(int)
    by_grade.columns = list(GRADE_COUNTS)
    keyed = households.assign(grid_id=households["grid_id"].fillna(NO_GRID)).set_index("grid_id")
    by_grade.index = by_grade.index.fillna(NO_GRID) if len(by_grade) else by_grade.index
    summary = keyed.join(by_grade, how="outer").fillna(0).astype(int).reset_index(names="grid_id")
    summary["grid_id"] = summary["grid_id"].where(summary["grid_id"] != NO_GRID, None)
    return summary[list(SUMMARY_COLUMNS)]


def summarise_grids(
    households: pd.DataFrame, status: pd.DataFrame, disputes: pd.DataFrame, as_of: pd.Timestamp
) -> pd.DataFrame:
    """:data:`SUMMARY_COLUMNS` counted from frames: ``households`` (id, grid_id, key_person), their ``status``
    and ``disputes`` (household_id, grid_id, grade, status), by the rules the database counts with."""
    kept = status.set_index("household_id").reindex(households["id"].to_numpy()).reset_index(drop=True)
    last = pd.to_datetime(kept["last_visit"], utc=True)
    age = (as_of - last).dt.total_seconds().to_numpy() / 86400.0
    seen = ~np.isnan(age)
    key_person = is_key_person(households)
    own_cycle = kept["own_cycle_days"].to_numpy(dtype=float)
    counts = pd.DataFrame(
        {
            "grid_id": households["grid_id"].fillna(NO_GRID).to_numpy(),
            "households": 1,
            "in_cycle": seen & (age <= kept["grid_cycle_days"].to_numpy(dtype=float)),
            "overdue": seen & (age > kept["grid_cycle_days"].to_numpy(dtype=float)),
            "never_visited": ~seen,
            "key_persons_overdue": key_person & (~seen | (age > own_cycle)),
        }
    )
    per_grid = counts.groupby("grid_id").sum().astype(int).reset_index()
    per_grid["grid_id"] = per_grid["grid_id"].where(per_grid["grid_id"] != NO_GRID, None)
    household_grid = households.set_index("id")["grid_id"]
    opened = disputes[disputes["status"].isin(OPEN_STATUSES).to_numpy()]
    grid = opened["grid_id"].fillna(opened["household_id"].map(household_grid))
    rows = opened.assign(grid_id=grid).groupby(["grid_id", "grade"], dropna=False).size()
    return summary_frame(per_grid, [(g, grade, n) for (g, grade), n in rows.items()])
