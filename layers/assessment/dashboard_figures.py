"""The station review dashboard's figures, per grid, per officer and for the station, from the review's data.

The dashboard sits beside the map in the review window and counts a
:class:`~layers.review.ReviewData` of the whole project that
:func:`read_for_dashboard` reads: every household and dispute, and of the
visits only those of the weeks and months shown and the few that decide
their judgements. It counts disputes month by month with the monthly assessment's
own table (:func:`layers.assessment.monthly.figures_table`): the bars a chief sees on
screen are the numbers the bulletin prints.

Definitions
-----------
All figures are taken at the review's moment ``as_of`` (``ReviewData.as_of``).
Records are placed in grids as :mod:`layers.assessment.monthly` places them; an
officer's figures are those of the grids he is the community officer of
(``grids.officer``); the station counts every record, households in no grid
included.

``coverage``
    Share of households visited within their grid's cycle: the review's
    recency is "visited" or "due soon" (:func:`layers.review.visit_recency`).
``visits_per_week``
    Visits per ISO week (Monday to Sunday, station time) over the ``weeks``
    weeks ending with the week of ``as_of``; the current week is partial.
``key_persons_overdue``
    Key persons overdue at ``as_of`` against their own cycle, as the monthly
    assessment judges them (:func:`layers.assessment.key_persons.key_persons_overdue_at`
    with the station's :class:`~layers.assessment.key_persons.KeyPersonCycles`), not
    against the grid's cycle the coverage uses.
``followups_overdue``
    Disputes resolved at ``as_of`` whose follow-up day is over and no
    follow-up was made (:func:`layers.assessment.monthly.followups_overdue_at`).
``app_coverage``
    Share of households with the anti-fraud app (``anti_fraud_app``).
``loss_prevented_yuan``
    Sum of ``loss_prevented_yuan`` of the visits in the ``months`` months shown.
``disputes``
    Reported, resolved and open at month end, by grade, for each of the
    ``months`` calendar months ending with the month of ``as_of``, exactly
    as the monthly assessment counts them.
``median_days_to_resolve``
    By grade, the median of days from report to resolution of the disputes
    resolved in those months (the ones in the "resolved" bars); NaN for none.
``visit_target``, ``target_households_visited``, ``target_progress`` and ``spot_checks.<result>``
    The month of ``as_of`` against the task list, and its visits called back
    by result, exactly as the monthly assessment counts them; ``target_progress``
    is NaN for a unit without a task list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from layers.assessment.deciding_visits import deciding_visits, recency_span_start
from layers.assessment.key_persons import key_person_cycle_days, key_persons_overdue_at
from layers.assessment.monthly import (
    BY_GRADE,
    GRADES,
    NO_GRID,
    READ_COLUMNS,
    SPOT_CHECK_RESULTS,
    SPOT_CHECKS,
    GridPlaces,
    figures_table,
    followups_overdue_at,
    month_period,
    place_in_grids,
)
from layers.disputes.states import resolution_moment
from layers.review import ReviewData, load_counted_review
from layers.store import ProjectStore
from layers.values import STATION_TIMEZONE
from layers.visit_cycles import DEFAULT_CYCLES, KeyPersonCycles
from layers.vocabulary import VisitRecency

VISIT_COLUMNS = [*READ_COLUMNS["visits"], "loss_prevented_yuan"]
"""What the dashboard reads of each visit: the monthly assessment's fields and the losses prevented."""
COUNTED_COLUMNS = {
    "grids": READ_COLUMNS["grids"],
    "households": [*READ_COLUMNS["households"], "anti_fraud_app"],
    "disputes": READ_COLUMNS["disputes"],
}
"""What the dashboard reads of the other layers: the monthly assessment's fields and who has the app."""
WEEKS = 12
MONTHS = 6
STATION = "station"
"""The key of the station's one row."""
IN_CYCLE = (VisitRecency.VISITED.value, VisitRecency.DUE_SOON.value)
COUNT_COLUMNS = ("households", "in_cycle", "key_persons_overdue", "followups_overdue", "app_installed")
SUPERVISION_COLUMNS = (
    "visit_target", "target_households_visited", *(f"{SPOT_CHECKS}.{result}" for result in SPOT_CHECK_RESULTS),
)  # fmt: skip
"""The current month's task list and spot checks, taken from the monthly assessment's table."""


@dataclass(frozen=True)
class UnitFigures:
    """The figures of some units (grids, officers or the station), one row per unit key.

    ``counts`` has :data:`COUNT_COLUMNS`, :data:`SUPERVISION_COLUMNS`, ``coverage``,
    ``app_coverage``, ``target_progress`` and ``loss_prevented_yuan``; ``visits_per_week`` one column per week (its
    Monday); ``disputes`` columns ``(series, grade, month)`` with series from
    :data:`layers.assessment.monthly.BY_GRADE`; ``median_days_to_resolve`` one column per grade.
    """

    counts: pd.DataFrame
    visits_per_week: pd.DataFrame
    disputes: pd.DataFrame
    median_days_to_resolve: pd.DataFrame

    def disputes_of(self, unit: str, series: str) -> pd.DataFrame:
        """One unit's ``series`` (e.g. ``"disputes_reported"``) as a table: months down, grades across."""
        return self.disputes.loc[unit, series].unstack("grade").reindex(columns=list(GRADES))


@dataclass(frozen=True)
class DashboardFigures:
    """What the dashboard shows: grids ordered by code (``grids``: ``code``, ``name``, ``officer``)."""

    as_of: pd.Timestamp
    weeks: tuple[pd.Timestamp, ...]
    months: tuple[str, ...]
    grids: pd.DataFrame
    by_grid: UnitFigures
    by_officer: UnitFigures
    station: UnitFigures


def week_start(moments: pd.Series) -> pd.Series:
    """The Monday 00:00 (station time) of each moment's ISO week."""
    local = moments.dt.tz_convert(STATION_TIMEZONE).dt.normalize()
    return local - pd.to_timedelta(local.dt.day_of_week, unit="D")


def recent_weeks(as_of: pd.Timestamp, weeks: int = WEEKS) -> tuple[pd.Timestamp, ...]:
    """Mondays of the ``weeks`` ISO weeks ending with the week of ``as_of``, oldest first."""
    current = week_start(pd.Series([as_of])).iloc[0]
    return tuple(current - pd.Timedelta(weeks=back) for back in range(weeks - 1, -1, -1))


def recent_months(as_of: pd.Timestamp, months: int = MONTHS) -> tuple[str, ...]:
    """``YYYY-MM`` of the ``months`` calendar months ending with the month of ``as_of``, oldest first."""
    current = as_of.tz_convert(STATION_TIMEZONE).tz_localize(None).to_period("M")
    return tuple(str(current - back) for back in range(months - 1, -1, -1))


def counted_since(as_of: pd.Timestamp, weeks: int = WEEKS, months: int = MONTHS) -> pd.Timestamp:
    """The first instant the figures at ``as_of`` count visits from: the oldest week's or month's start."""
    return min(recent_weeks(as_of, weeks)[0], month_period(recent_months(as_of, months)[0]).start)


def read_for_dashboard(
    store: ProjectStore,
    as_of: pd.Timestamp,
    cycles: KeyPersonCycles = DEFAULT_CYCLES,
    weeks: int = WEEKS,
    months: int = MONTHS,
) -> ReviewData:
    """What :func:`dashboard_figures` counts at ``as_of`` by the station's ``cycles``: the project's grids,
    households and disputes, and only the visits that decide the weeks and months shown
    (:func:`~layers.assessment.deciding_visits.deciding_visits`), not every year kept.

    The dashboard judges who is overdue at each month's end and at ``as_of``, never whether a household
    was ever visited, so its visits start a longest cycle before the first month's end at the latest.
    """
    data = load_counted_review(store, COUNTED_COLUMNS, as_of)
    first_month_end = month_period(recent_months(as_of, months)[0]).end
    since = recency_span_start(counted_since(as_of, weeks, months), first_month_end, data.grids, cycles)
    return replace(data, visits=deciding_visits(store, VISIT_COLUMNS, since, last_before_since=False))


def dashboard_figures(
    data: ReviewData, weeks: int = WEEKS, months: int = MONTHS, cycles: KeyPersonCycles = DEFAULT_CYCLES
) -> DashboardFigures:
    """The dashboard's figures of ``data`` at ``data.as_of``, per grid, per officer and for the station.

    ``cycles`` is the station's key-person policy: pass
    ``KeyPersonCycles.from_settings(store.settings())`` so the dashboard and the bulletin agree.
    """
    as_of = data.as_of
    week_list, month_list = recent_weeks(as_of, weeks), recent_months(as_of, months)
    grids = data.grids.sort_values("code", kind="stable").set_index("id")[["code", "name", "officer"]]
    per_grid = _per_grid_key(data, week_list, month_list, cycles)
    unit_maps = {
        "by_grid": pd.Series(grids.index, index=grids.index),
        "by_officer": grids["officer"],
        "station": pd.Series(STATION, index=[*grids.index, NO_GRID]),
    }
    units = {name: _regroup(per_grid, unit_of_grid) for name, unit_of_grid in unit_maps.items()}
    return DashboardFigures(as_of, week_list, month_list, pd.DataFrame(grids), **units)


@dataclass(frozen=True)
class _PerGridKey:
    """Additive tables keyed by grid id (and :data:`NO_GRID`), and resolution durations per dispute."""

    counts: pd.DataFrame
    visits_per_week: pd.DataFrame
    disputes: pd.DataFrame
    resolutions: pd.DataFrame  # grid, grade, days


def _per_grid_key(
    data: ReviewData, weeks: tuple[pd.Timestamp, ...], months: tuple[str, ...], cycles: KeyPersonCycles
) -> _PerGridKey:
    households, visits, disputes = data.households, data.visits, data.disputes
    places = place_in_grids(data.grids, households, disputes, visits, data.visit_household_rows)
    keys = places.keys
    periods = [month_period(month) for month in months]
    in_months = ((visits["visited_at"] >= periods[0].start) & (visits["visited_at"] < periods[-1].end)).to_numpy()
    recency = households["recency"]
    cycle_days = key_person_cycle_days(data.grids, households, cycles)  # once for the seven moments judged
    counts = pd.DataFrame(
        {
            "households": places.count(places.household),
            "in_cycle": places.count(places.household[recency.isin(IN_CYCLE).to_numpy()]),
            "key_persons_overdue": places.count(
                places.household[
                    key_persons_overdue_at(
                        data.as_of, data.grids, households, visits, data.visit_household_rows, cycle_days=cycle_days
                    )
                ]
            ),
            "app_installed": places.count(
                places.household[households["anti_fraud_app"].fillna(False).to_numpy(dtype=bool)]
            ),
            "followups_overdue": places.count(places.dispute[followups_overdue_at(data.as_of, disputes, visits)]),
            "loss_prevented_yuan": np.bincount(
                places.visit[in_months],
                weights=visits["loss_prevented_yuan"].fillna(0.0).to_numpy()[in_months],
                minlength=len(keys),
            ),
        },
        index=keys,
    )
    monthly = {
        period.month: figures_table(period, data.grids, households, disputes, visits, places, cycles, cycle_days)
        for period in periods
    }
    counts[list(SUPERVISION_COLUMNS)] = monthly[periods[-1].month][list(SUPERVISION_COLUMNS)]
    return _PerGridKey(
        counts=counts,
        visits_per_week=_visits_per_week(places, visits["visited_at"], weeks),
        disputes=_disputes_by_month(monthly, keys),
        resolutions=_resolutions(disputes, keys.to_numpy()[places.dispute], periods[0].start, periods[-1].end),
    )


def _visits_per_week(places: GridPlaces, moments: pd.Series, weeks: tuple[pd.Timestamp, ...]) -> pd.DataFrame:
    """Visits per key (rows) and ISO week (columns, the ``weeks`` Mondays); visits in other weeks left out."""
    mondays = week_start(moments).dt.tz_localize(None).to_numpy()
    week = pd.Index([monday.tz_localize(None) for monday in weeks]).get_indexer(mondays)
    shown = week >= 0
    flat = places.visit[shown] * len(weeks) + week[shown]
    table = np.bincount(flat, minlength=len(places.keys) * len(weeks)).reshape(len(places.keys), len(weeks))
    return pd.DataFrame(table, index=places.keys, columns=list(weeks))


def _disputes_by_month(tables: dict[str, pd.DataFrame], keys: pd.Index) -> pd.DataFrame:
    """Columns ``(series, grade, month)``: the monthly assessment's dispute counts, month by month."""
    columns = pd.MultiIndex.from_tuples(
        [(series, grade, month) for series in BY_GRADE for grade in GRADES for month in tables],
        names=["series", "grade", "month"],
    )
    values = {column: tables[column[2]][f"{column[0]}.{column[1]}"] for column in columns}
    return pd.DataFrame(values, index=keys, columns=columns)


def _resolutions(
    disputes: pd.DataFrame, grid_of_dispute: np.ndarray, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Grid, grade and days from report to resolution of the disputes resolved in ``[start, end)``."""
    resolved = resolution_moment(disputes)
    inside = ((resolved >= start) & (resolved < end)).to_numpy()
    days = (resolved - disputes["reported_at"]).dt.total_seconds().to_numpy() / 86400.0
    return pd.DataFrame({"grid": grid_of_dispute[inside], "grade": disputes["grade"].to_numpy()[inside],
                         "days": days[inside]})  # fmt: skip


def _regroup(per_grid: _PerGridKey, unit_of_grid: pd.Series) -> UnitFigures:
    """Sum the grid keys' additive figures into units; grid keys the map leaves out count for no unit."""
    units = pd.Index(pd.unique(unit_of_grid.to_numpy()))

    def summed(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.groupby(frame.index.map(unit_of_grid)).sum().reindex(units, fill_value=0)

    counts = summed(per_grid.counts)
    counts["coverage"] = _share(counts["in_cycle"], counts["households"])
    counts["app_coverage"] = _share(counts["app_installed"], counts["households"])
    counts["target_progress"] = counts["target_households_visited"] / counts["visit_target"].where(
        counts["visit_target"] > 0
    )
    resolutions = per_grid.resolutions.assign(unit=per_grid.resolutions["grid"].map(unit_of_grid))
    medians = resolutions.groupby(["unit", "grade"])["days"].median().unstack()
    return UnitFigures(
        counts=counts,
        visits_per_week=summed(per_grid.visits_per_week),
        disputes=summed(per_grid.disputes),
        median_days_to_resolve=medians.reindex(index=units, columns=list(GRADES)).astype(float),
    )


def _share(part: pd.Series, whole: pd.Series) -> pd.Series:
    """``part / whole``; 0 where there is nothing to count."""
    return (part / whole.where(whole > 0)).fillna(0.0)
