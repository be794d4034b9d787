"""The monthly assessment of a station (每月考核通报): the figures of each grid and of the whole station.

Officers are assessed monthly on their grid's visits and disputes; the station
dashboard, the bulletins (PDF, xlsx) and ``wangge report`` all take their
numbers from :func:`monthly_report`, so a chief never sees two answers to one
question.

Definitions
-----------
A month runs from 00:00 on its first day to 00:00 on the first day of the
next month, in the station's local time (:data:`layers.values.STATION_TIMEZONE`):
a visit at 23:59 Beijing time on 31 October (15:59 UTC) belongs to October,
one at 00:00 on 1 November does not. "At month end" means at that last instant.

Records are placed in grids as they are *now*: a household counts in the grid
of its current ``grid_id`` (one moved between grids counts, with all its visits,
in its new grid); a visit counts in the grid of its household; a dispute in its
own ``grid_id``, or its household's when it has none.

``households``
    Households of the grid, as of now.
``visits``
    Visits in the month to the grid's households, whatever their purpose or outcome.
``households_visited``
    Distinct households of the grid with at least one visit in the month.
``coverage``
    ``households_visited / households``; 0 for a grid without households
    (rounded to 4 decimals in JSON).
``disputes_reported``
    Disputes whose ``reported_at`` falls in the month, by grade.
``disputes_resolved``
    Disputes whose resolution falls in the month, by grade. The resolution is
    ``resolved_at``; a dispute marked resolved without one was resolved at its
    last edit (``updated_at``). A dispute resolved and later reopened (its
    status is open, mediating or escalated again but it keeps ``resolved_at``)
    still counts as resolved in the month it was resolved. The project keeps
    one ``resolved_at`` per dispute, so a dispute resolved twice counts in the
    month of its latest resolution.
``disputes_open``
    Disputes reported before month end and not resolved at month end, by
    grade. A reopened dispute is open at month end if it was reopened by then;
    the project keeps no history of edits, so its reopening is dated by its
    last edit (``updated_at``), the latest it can have happened.
``followups_overdue``
    Disputes resolved at month end whose follow-up visit (回访) was due on or
    before the last day of the month (``followup_due``, a station-local day)
    and not made by month end. A follow-up is made by ``followed_up_at`` or by
    a visit with purpose ``dispute_followup`` naming the dispute made at or
    after its (latest) resolution, whichever came first: a dispute resolved,
    reopened and resolved again needs a follow-up of the new settlement. A
    dispute without ``followup_due`` has no follow-up due.
``key_persons_overdue``
    Households with a key-person tag whose last visit before month end is
    older than their own cycle at month end, or who had no visit at all by
    then (:func:`layers.assessment.key_persons.key_persons_overdue_at`). A key person's
    cycle is the shortest of its tags' cycles, which the station sets
    (:class:`layers.assessment.key_persons.KeyPersonCycles`, project setting
    ``key_person_cycles``; e.g. 7 days for the elderly living alone); a tag
    the station's policy does not know counts with the grid's
    ``visit_cycle_days``.
``spot_checks``
    Visits of the month called back by a supervisor (每日暗访抽查), by result
    (:class:`~layers.vocabulary.SpotCheckResult`): a visit counts in the month
    it was made, whenever it was called back.
``visit_target`` and ``target_progress``
    The grid's task list (``monthly_visit_target``, households to visit in a
    month; none or 0 means no target, and both are ``null``) and
    ``households_visited / visit_target`` (may pass 1). The station's target
    is the sum of its grids' targets, and its progress counts the households
    visited in those grids only, so grids without a task list neither help
    nor hurt it.

The station's figures count every record of the project, households in no
grid included (so they add up to the sum of the grids only when every
household has a grid); its coverage is recomputed over all its households,
never averaged over grids.

Examples
--------
>>> period = month_period("2026-10")
>>> period.start, period.end
(Timestamp('2026-09-30 16:00:00+0000', tz='UTC'), Timestamp('2026-10-31 16:00:00+0000', tz='UTC'))
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from layers.assessment.deciding_visits import deciding_visits, recency_span_start
from layers.assessment.key_persons import key_persons_overdue_at
from layers.disputes.states import resolution_moment
from layers.errors import InvalidMonthError, MonthNotBegunError
from layers.feedback import Feedback
from layers.store import ProjectStore
from layers.values import STATION_TIMEZONE
from layers.visit_cycles import DEFAULT_CYCLES, KeyPersonCycles
from layers.vocabulary import DisputeStatus, Grade, SpotCheckResult, VisitPurpose

GRADES = Grade.codes()
SPOT_CHECK_RESULTS = SpotCheckResult.codes()
NO_GRID = ""
"""The key of records in no grid: they count for the station only."""

COUNTS = ("households", "visits", "households_visited", "followups_overdue", "key_persons_overdue",
          "visit_target", "target_households_visited")  # fmt: skip
BY_GRADE = ("disputes_reported", "disputes_resolved", "disputes_open")
SPOT_CHECKS = "spot_checks"

READ_COLUMNS = {
    "grids": ["id", "code", "name", "officer", "visit_cycle_days", "monthly_visit_target"],
    "households": ["id", "grid_id", "key_person"],
    "disputes": [
        "id", "household_id", "grid_id", "reported_at", "grade", "status", "resolved_at", "followup_due",
        "followed_up_at", "updated_at",
    ],
    "visits": ["household_id", "visited_at", "purpose", "dispute_id", "spot_check"],
}  # fmt: skip
"""The fields the figures need, in reading order: visits, the bulk, last."""
READING_PROGRESS = {"grids": 2, "households": 10, "disputes": 12, "visits": 90}


@dataclass(frozen=True)
class MonthPeriod:
    """A calendar month in the station's time zone, as UTC instants: ``start <= moment < end``."""

    month: str
    start: pd.Timestamp
    end: pd.Timestamp
    last_day: date


def month_period(text: str) -> MonthPeriod:
    """The month written ``YYYY-MM``; :class:`~layers.errors.InvalidMonthError` names anything else."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InvalidMonthError(given=text)
    first = pd.Timestamp(int(match.group(1)), int(match.group(2)), 1, tz=STATION_TIMEZONE)
    following = first + pd.offsets.MonthBegin(1)
    last_day = (following - pd.Timedelta(days=1)).date()
    return MonthPeriod(match.group(0), first.tz_convert("UTC"), following.tz_convert("UTC"), last_day)


def begun_month(text: str, now: datetime) -> MonthPeriod:
    """:func:`month_period`, refusing a month that begins after ``now`` (:class:`~layers.errors.MonthNotBegunError`)."""
    period = month_period(text)
    if period.start > pd.Timestamp(now):
        today = pd.Timestamp(now).tz_convert(STATION_TIMEZONE).date().isoformat()
        raise MonthNotBegunError(month=period.month, today=today)
    return period


def no_spot_checks() -> dict[str, int]:
    """Every spot-check result, none of them counted yet."""
    return dict.fromkeys(SPOT_CHECK_RESULTS, 0)


@dataclass(frozen=True)
class Figures:
    """The assessment figures of one grid or of the station; disputes by grade code, spot checks by result.

    ``visit_target`` is 0 without a task list; ``target_households_visited``
    is ``households_visited`` where there is one (0 elsewhere), so both add up
    over grids and the station's progress follows from the sums.
    """

    households: int
    visits: int
    households_visited: int
    disputes_reported: dict[str, int]
    disputes_resolved: dict[str, int]
    disputes_open: dict[str, int]
    followups_overdue: int
    key_persons_overdue: int
    spot_checks: dict[str, int] = field(default_factory=no_spot_checks)
    visit_target: int = 0
    target_households_visited: int = 0

    @property
    def coverage(self) -> float:
        """Share of households visited in the month; 0 when there are none to visit."""
        return self.households_visited / self.households if self.households else 0.0

    @property
    def target_progress(self) -> float | None:
        """Households visited toward the task list over its target; ``None`` without a task list."""
        return self.target_households_visited / self.visit_target if self.visit_target else None

    @property
    def spot_checked(self) -> int:
        """Visits of the month called back, whatever the result."""
        return sum(self.spot_checks.values())

    def to_json(self) -> dict:
        progress = self.target_progress
        return {
            "households": self.households,
            "visits": self.visits,
            "households_visited": self.households_visited,
            "coverage": round(self.coverage, 4),
            "disputes_reported": dict(self.disputes_reported),
            "disputes_resolved": dict(self.disputes_resolved),
            "disputes_open": dict(self.disputes_open),
            "followups_overdue": self.followups_overdue,
            "key_persons_overdue": self.key_persons_overdue,
            "spot_checks": dict(self.spot_checks),
            "visit_target": self.visit_target or None,
            "target_progress": None if progress is None else round(progress, 4),
        }

    @classmethod
    def from_row(cls, row: Mapping[str, int]) -> Figures:
        """Figures from one row of the table :func:`figures_table` builds."""
        by_grade = {name: {grade: int(row[f"{name}.{grade}"]) for grade in GRADES} for name in BY_GRADE}
        spot_checks = {result: int(row[f"{SPOT_CHECKS}.{result}"]) for result in SPOT_CHECK_RESULTS}
        return cls(**{name: int(row[name]) for name in COUNTS}, **by_grade, spot_checks=spot_checks)


@dataclass(frozen=True)
class GridFigures:
    """A grid as the bulletin names it (code, name, officer) and its figures."""

    code: str
    name: str
    officer: str
    figures: Figures

    def to_json(self) -> dict:
        return {"code": self.code, "name": self.name, "officer": self.officer, **self.figures.to_json()}


@dataclass(frozen=True)
class MonthlyReport:
    """A station's month: every grid (ordered by code) and the station as a whole.

    ``to_json()`` gives the contract of ``wangge report --json``:
    ``{"month", "grids": [{"code", "name", "officer", ...figures}], "station": {"name", ...figures}}``.
    """

    month: str
    station_name: str
    grids: tuple[GridFigures, ...]
    station: Figures

    def to_json(self) -> dict:
        return {
            "month": self.month,
            "grids": [grid.to_json() for grid in self.grids],
            "station": {"name": self.station_name, **self.station.to_json()},
        }


def read_layers(
    store: ProjectStore,
    columns: dict[str, list[str]],
    feedback: Feedback,
    since: pd.Timestamp,
    until: pd.Timestamp,
    cycles: KeyPersonCycles | None = None,
) -> dict[str, pd.DataFrame]:
    """``columns`` of the four layers an assessment of ``[since, until)`` reads; of the visits, only those
    that decide its figures (:func:`~layers.assessment.deciding_visits.deciding_visits`), the bulk of the time.

    With ``cycles``, the assessment judges recency at ``until`` only (who is overdue then), never whether a
    household was ever visited: its visits are read from a longest cycle before ``until`` at the latest.
    """
    frames = {}
    for layer, percent in READING_PROGRESS.items():
        feedback.raise_if_canceled()
        if layer != "visits":
            frames[layer] = store.read(layer, columns=columns[layer])
        elif cycles is None:
            frames[layer] = deciding_visits(store, columns[layer], since, until)
        else:
            start = recency_span_start(since, until, frames["grids"], cycles)
            frames[layer] = deciding_visits(store, columns[layer], start, until, last_before_since=False)
        feedback.set_progress(percent)
    return frames


def monthly_report(store: ProjectStore, month: str, feedback: Feedback | None = None) -> MonthlyReport:
    """The figures of ``month`` (``YYYY-MM``) for every grid of ``store`` and for the station."""
    period = month_period(month)
    feedback = feedback or Feedback()
    cycles = KeyPersonCycles.from_settings(store.settings())
    frames = read_layers(store, READ_COLUMNS, feedback, period.start, period.end, cycles)
    table = figures_table(period, **frames, cycles=cycles)
    rows = table.to_dict("index")
    grids = frames["grids"].sort_values("code", kind="stable")
    feedback.set_progress(100)
    return MonthlyReport(
        month=period.month,
        station_name=store.settings().get("station", ""),
        grids=tuple(
            GridFigures(code, name, officer, Figures.from_row(rows[grid_id]))
            for grid_id, code, name, officer in grids[["id", "code", "name", "officer"]].itertuples(index=False)
        ),
        station=Figures.from_row(table.sum().to_dict()),
    )


def figures_table(
    period: MonthPeriod,
    grids: pd.DataFrame,
    households: pd.DataFrame,
    disputes: pd.DataFrame,
    visits: pd.DataFrame,
    places: GridPlaces | None = None,
    cycles: KeyPersonCycles = DEFAULT_CYCLES,
    cycle_days: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per grid id (and :data:`NO_GRID`), one column per count, ``disputes_*.<grade>`` by grade,
    ``spot_checks.<result>`` by result.

    Every count is additive over grids, so the station's row is the column sums.
    ``places`` saves placing the records again when one caller counts many months, and ``cycle_days``
    (:func:`~layers.assessment.key_persons.key_person_cycle_days`) working out the key persons' cycles again;
    ``cycles`` is the station's key-person policy (the defaults when not given).
    """
    places = places or place_in_grids(grids, households, disputes, visits)
    count = places.count
    moment = visits["visited_at"]
    in_month = ((moment >= period.start) & (moment < period.end)).to_numpy()
    visit_household = places.visit_household
    visited = np.unique(visit_household[in_month & (visit_household >= 0)])
    columns = {
        "households": count(places.household),
        "visits": count(places.visit[in_month]),
        "households_visited": count(places.household[visited]),
        "key_persons_overdue": count(
            places.household[
                key_persons_overdue_at(
                    period.end, grids, households, visits, visit_household, cycles=cycles, cycle_days=cycle_days
                )
            ]
        ),
    }
    target = grids["monthly_visit_target"].fillna(0).astype(int).to_numpy()
    columns["visit_target"] = np.append(target, 0)
    columns["target_households_visited"] = np.where(columns["visit_target"] > 0, columns["households_visited"], 0)
    by_result = places.count_by(places.visit[in_month], visits["spot_check"][in_month], SPOT_CHECK_RESULTS)
    columns.update({f"{SPOT_CHECKS}.{result}": by_result[:, index] for index, result in enumerate(SPOT_CHECK_RESULTS)})
    states = _dispute_states(period, disputes)
    columns["followups_overdue"] = count(places.dispute[followups_overdue_at(period.end, disputes, visits)])
    for name, mask in (
        ("disputes_reported", states["reported"]),
        ("disputes_resolved", states["resolved"]),
        ("disputes_open", states["open_at_end"]),
    ):
        by_grade = places.count_by(places.dispute[mask], disputes["grade"][mask], GRADES)
        columns.update({f"{name}.{grade}": by_grade[:, index] for index, grade in enumerate(GRADES)})
    return pd.DataFrame(columns, index=places.keys)


@dataclass(frozen=True)
class GridPlaces:
    """Where each record counts, as positions in ``keys`` (the grid ids, then :data:`NO_GRID`).

    Counting by integer position is what keeps a county's million visits quick:
    grouping by the grid's id text would hash every visit's id once per count.
    ``visit_household`` is each visit's household row (-1 for none).
    """

    keys: pd.Index
    household: np.ndarray
    visit: np.ndarray
    dispute: np.ndarray
    visit_household: np.ndarray

    def count(self, positions: np.ndarray) -> np.ndarray:
        """How many of ``positions`` fall on each key."""
        return np.bincount(positions, minlength=len(self.keys))

    def count_by(self, positions: np.ndarray, codes: pd.Series, every_code: tuple[str, ...]) -> np.ndarray:
        """Counts per key (rows) and code (columns, in ``every_code`` order); unknown or missing codes are left out."""
        code = pd.Categorical(codes, categories=list(every_code)).codes.astype(np.int64)
        known = code >= 0
        flat = positions[known] * len(every_code) + code[known]
        return np.bincount(flat, minlength=len(self.keys) * len(every_code)).reshape(len(self.keys), len(every_code))


def place_in_grids(
    grids: pd.DataFrame,
    households: pd.DataFrame,
    disputes: pd.DataFrame,
    visits: pd.DataFrame,
    visit_household: np.ndarray | None = None,
) -> GridPlaces:
    """Place every record in its grid as the definitions say; a grid id no grid has counts as :data:`NO_GRID`."""
    keys = pd.Index([*grids["id"], NO_GRID])
    no_grid = len(keys) - 1
    household = keys.get_indexer(household_grid_keys(households))
    household[household < 0] = no_grid
    if visit_household is None:
        visit_household = pd.Index(households["id"]).get_indexer(visits["household_id"])
    dispute_household = pd.Index(households["id"]).get_indexer(disputes["household_id"])
    own = keys.get_indexer(disputes["grid_id"].fillna(NO_GRID).to_numpy(dtype=object))
    via_household = np.where(dispute_household >= 0, household[np.maximum(dispute_household, 0)], no_grid)
    return GridPlaces(
        keys=keys,
        household=household,
        visit=np.where(visit_household >= 0, household[np.maximum(visit_household, 0)], no_grid),
        dispute=np.where(disputes["grid_id"].isna().to_numpy() | (own < 0), via_household, own),
        visit_household=visit_household,
    )


def household_grid_keys(households: pd.DataFrame) -> np.ndarray:
    """Each household's current grid id, :data:`NO_GRID` for none."""
    return households["grid_id"].fillna(NO_GRID).to_numpy(dtype=object)


def grid_through_household(rows: np.ndarray, household_grid: np.ndarray) -> np.ndarray:
    """The grid of records pointing at household ``rows`` (-1: unknown household, so :data:`NO_GRID`)."""
    return np.where(rows >= 0, household_grid[np.maximum(rows, 0)], NO_GRID)


def dispute_grid(disputes: pd.DataFrame, households: pd.DataFrame, household_grid: np.ndarray) -> np.ndarray:
    """Each dispute's own grid, else its household's current grid, else :data:`NO_GRID`."""
    rows = pd.Index(households["id"]).get_indexer(disputes["household_id"])
    via_household = grid_through_household(rows, household_grid)
    own = disputes["grid_id"].to_numpy(dtype=object)
    return np.where(pd.isna(own), via_household, own)


def resolved_by(end: pd.Timestamp, disputes: pd.DataFrame) -> np.ndarray:
    """Mask over disputes resolved before ``end`` and not reopened by then (a reopening is dated by the last edit)."""
    marked_resolved = (disputes["status"] == DisputeStatus.RESOLVED.value).to_numpy()
    resolution = resolution_moment(disputes)
    reopened_by_end = ~marked_resolved & resolution.notna().to_numpy() & (disputes["updated_at"] < end).to_numpy()
    return (resolution < end).to_numpy() & ~reopened_by_end


def _dispute_states(period: MonthPeriod, disputes: pd.DataFrame) -> dict[str, np.ndarray]:
    """Masks over disputes: reported and resolved in the month, open at month end."""
    resolution = resolution_moment(disputes)
    resolved_at_end = resolved_by(period.end, disputes)
    reported = disputes["reported_at"]
    return {
        "reported": ((reported >= period.start) & (reported < period.end)).to_numpy(),
        "resolved": ((resolution >= period.start) & (resolution < period.end)).to_numpy(),
        "open_at_end": (reported < period.end).to_numpy() & ~resolved_at_end,
    }


def followups_overdue_at(end: pd.Timestamp, disputes: pd.DataFrame, visits: pd.DataFrame) -> np.ndarray:
    """Mask over disputes resolved at ``end`` whose follow-up day was over by ``end`` and not made by then.

    A due day is over once the next station-local day has begun: at a month's
    end that is its last day, at 15:00 on a weekday it is yesterday.
    """
    local_day = end.tz_convert(STATION_TIMEZONE).tz_localize(None).normalize()
    due_over = (pd.to_datetime(disputes["followup_due"]) < local_day).to_numpy()
    followups = visits[(visits["purpose"] == VisitPurpose.DISPUTE_FOLLOWUP.value) & (visits["visited_at"] < end)]
    resolved_at = resolution_moment(disputes).set_axis(disputes["id"]).reindex(followups["dispute_id"].to_numpy())
    after_resolution = (followups["visited_at"].to_numpy() >= resolved_at.to_numpy()) & resolved_at.notna().to_numpy()
    made_by_end = (disputes["followed_up_at"] < end) | disputes["id"].isin(followups["dispute_id"][after_resolution])
    return resolved_by(end, disputes) & due_over & ~made_by_end.to_numpy()
