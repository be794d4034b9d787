"""Key persons (重点关注对象) and their own visit cycles: who is due, and whose list they are on.

An elderly person living alone cannot wait a month for the next knock on the
door, however long his grid's cycle is: each key-person tag has a cycle of its
own, which the station sets (:class:`~layers.visit_cycles.KeyPersonCycles`,
kept in the project setting ``key_person_cycles``). The monthly assessment, the dashboard, the
weekly sheet and the route targets all judge key persons with
:func:`key_persons_overdue_at`, so "overdue" means one thing everywhere.

Definitions
-----------
A key person is a household with at least one key-person tag (``key_person``).
Its cycle is the shortest cycle of its tags: a household both elderly-alone (7
days) and in hardship (30 days) is visited every 7 days. A tag the policy does
not know (written by another tool) counts with the cycle of the household's
grid (``visit_cycle_days``, 30 days without a grid), so an unknown tag never
makes a household wait longer than its grid would.

A key person is overdue at a moment when its last visit before that moment is
older than its cycle, or when it had no visit at all by then (the review's
:func:`layers.review.visit_recency`, "overdue" or "never"). Its next visit
falls due on the station-local day of its last visit plus its cycle; it is due
by a day when it is overdue at the end of that day, that is when the due day
is that day or earlier (or it was never visited).

"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from layers.assessment.deciding_visits import deciding_visits
from layers.errors import UnknownOfficerError
from layers.store import ProjectStore
from layers.values import STATION_TIMEZONE
from layers.visit_cycles import DEFAULT_CYCLES, KeyPersonCycles, household_cycles, is_key_person, visit_recency
from layers.vocabulary import VisitRecency

OVERDUE_RECENCY = (VisitRecency.OVERDUE.value, VisitRecency.NEVER.value)


def last_visits(
    end: pd.Timestamp, households: pd.DataFrame, visits: pd.DataFrame, visit_household: np.ndarray
) -> pd.Series:
    """Each household's last visit before ``end`` (NaT for none), indexed like ``households``.

    ``visit_household`` is each visit's row in ``households`` (-1 for none).
    """
    before_end = (visits["visited_at"] < end).to_numpy() & (visit_household >= 0)
    last = visits["visited_at"][before_end].groupby(visit_household[before_end]).max()
    return last.reindex(np.arange(len(households))).set_axis(households.index)


def key_person_cycle_days(grids: pd.DataFrame, households: pd.DataFrame, cycles: KeyPersonCycles) -> np.ndarray:
    """Each household's own cycle in days where it is a key person, NaN where it is none.

    What judging key persons needs of the households, worked out once when one count judges them at many
    moments (the dashboard's six month ends): a county's million households took a second each time.
    """
    key = is_key_person(households)
    days = np.full(len(households), np.nan)
    days[key] = household_cycles(grids, households[key], cycles).to_numpy(dtype=float)
    return days


def key_persons_overdue_at(
    end: pd.Timestamp,
    grids: pd.DataFrame,
    households: pd.DataFrame,
    visits: pd.DataFrame,
    visit_household: np.ndarray,
    *,
    cycles: KeyPersonCycles = DEFAULT_CYCLES,
    cycle_days: np.ndarray | None = None,
) -> np.ndarray:
    """Mask over households: key persons whose last visit before ``end`` is older than their own cycle, or none.

    ``visit_household`` is each visit's row in ``households`` (-1 for none);
    ``cycles`` is the station's policy (``KeyPersonCycles.from_settings(store.settings())``);
    ``cycle_days`` its :func:`key_person_cycle_days`, when already worked out.
    """
    if cycle_days is None:
        cycle_days = key_person_cycle_days(grids, households, cycles)
    key = ~np.isnan(cycle_days)
    of_key_person = (visit_household >= 0) & key[np.maximum(visit_household, 0)]
    last_visit = last_visits(end, households, visits[["visited_at"]][of_key_person], visit_household[of_key_person])
    overdue = np.zeros(len(households), dtype=bool)
    recency = visit_recency(last_visit[key], pd.Series(cycle_days[key]), end)
    overdue[key] = np.isin(recency, OVERDUE_RECENCY)
    return overdue


DUE_COLUMNS = (
    "household_id", "officer", "grid_code", "house_no", "head_name", "key_person", "cycle_days", "last_visit",
    "due_day", "days_overdue",
)  # fmt: skip
"""The columns of :func:`due_today`."""
READ_COLUMNS = {
    "grids": ["id", "code", "officer", "visit_cycle_days"],
    "households": ["id", "house_no", "head_name", "grid_id", "key_person"],
    "visits": ["household_id", "visited_at"],
}


def due_today(store: ProjectStore, day: date, officer: str | None = None) -> pd.DataFrame:
    """Key persons whose next visit falls due on or before ``day`` (station-local), per officer of their grid.

    One row per household with :data:`DUE_COLUMNS`: ``officer`` and
    ``grid_code`` of its grid (``None`` in no grid), ``key_person`` its stored
    tags, ``cycle_days`` its own cycle, ``last_visit`` (UTC, NaT if never),
    ``due_day`` (``None`` if never visited) and ``days_overdue`` (0: due
    today; missing if never visited). Ordered by officer, then most overdue
    first, never-visited ones at the head as the longest waiting. Names are
    full, for the officer's own screen: mask them before the list leaves the
    app (:func:`layers.privacy.mask_frame`).

    With ``officer``, only the key persons of his grids;
    :class:`~layers.errors.UnknownOfficerError` if no grid names him.
    """
    cycles = KeyPersonCycles.from_settings(store.settings())
    frames = {layer: store.read(layer, columns=READ_COLUMNS[layer]) for layer in ("grids", "households")}
    visits = deciding_visits(store, READ_COLUMNS["visits"], since=day_end(day), until=day_end(day))
    return key_persons_due(day, **frames, visits=visits, cycles=cycles, officer=officer)


def day_end(day: date) -> pd.Timestamp:
    """The instant ``day`` ends in the station's time zone (the next day's midnight), in UTC."""
    return pd.Timestamp(day + timedelta(days=1)).tz_localize(STATION_TIMEZONE).tz_convert("UTC")


def key_persons_due(
    day: date,
    grids: pd.DataFrame,
    households: pd.DataFrame,
    visits: pd.DataFrame,
    *,
    cycles: KeyPersonCycles = DEFAULT_CYCLES,
    officer: str | None = None,
) -> pd.DataFrame:
    """:func:`due_today` of frames already read (the review window holds them)."""
    if officer is not None and officer not in set(grids["officer"].dropna()):
        raise UnknownOfficerError(officer=officer)
    households = households.reset_index(drop=True)
    end_of_day = day_end(day)
    visit_household = pd.Index(households["id"]).get_indexer(visits["household_id"])
    due = key_persons_overdue_at(end_of_day, grids, households, visits, visit_household, cycles=cycles)
    by_grid = grids.set_index("id")

    def of_grid(field: str) -> pd.Series:
        value = households["grid_id"].map(by_grid[field]).astype(object)
        return value.where(value.notna(), None)

    listed = pd.DataFrame(
        {
            "household_id": households["id"],
            "officer": of_grid("officer"),
            "grid_code": of_grid("code"),
            "house_no": households["house_no"],
            "head_name": households["head_name"],
            "key_person": households["key_person"],
            "cycle_days": household_cycles(grids, households, cycles).astype(int),
            "last_visit": last_visits(end_of_day, households, visits, visit_household),
        }
    )[due]
    if officer is not None:
        listed = listed[(listed["officer"] == officer).to_numpy()]
    last_day = listed["last_visit"].dt.tz_convert(STATION_TIMEZONE).dt.tz_localize(None).dt.normalize()
    due_day = last_day + pd.to_timedelta(listed["cycle_days"], unit="D")
    listed["due_day"] = due_day.dt.date.astype(object).where(due_day.notna(), None)
    listed["days_overdue"] = (pd.Timestamp(day) - due_day).dt.days.astype("Int64")
    order = listed.assign(never=listed["last_visit"].isna(), overdue=listed["days_overdue"].fillna(0))
    order = order.sort_values(
        ["officer", "never", "overdue", "house_no"], ascending=[True, False, False, True], kind="stable",
        na_position="last",
    )  # fmt: skip
    return listed.loc[order.index, list(DUE_COLUMNS)].reset_index(drop=True)
