"""The station's hold on its officers in the demo: each grid's task list and the daily spot checks.

The county bureau assesses officers against a monthly task list (任务清单) and
by calling back a sample of yesterday's visits (每日暗访抽查). The demo carries
both so the dashboard, the bulletin and ``wangge report`` have something to
show: targets near what each grid's visit cycle asks for, one grid left
without a task list (a new grid the station has not planned yet), and two
months of call-backs drawn exactly as :func:`layers.assessment.spot_checks.spot_check_sample`
draws them, so the demo's recorded checks are the ones a supervisor would
have been given.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from layers.assessment.spot_checks import VisitRegister, spot_check_sample
from layers.values import STATION_TIMEZONE
from layers.vocabulary import SpotCheckResult

SPOT_CHECK_DAYS = 60
"""Days before the demo's day whose visits were called back."""
RESULT_SHARES = {SpotCheckResult.CONFIRMED: 0.86, SpotCheckResult.UNREACHABLE: 0.1, SpotCheckResult.NOT_CONFIRMED: 0.04}
CALLS_PER_OFFICER = 1
"""A village station has few visits a day: one call-back per officer already checks a good share."""
TARGET_STEP = 5
"""Task lists are round numbers of households."""


def task_lists(grids: pd.DataFrame, household_grids: pd.Series) -> pd.Series:
    """Each grid's monthly visit target: its households times 30 days over its cycle, up to a round number.

    The last grid has none. ``household_grids`` is each household's grid id.
    """
    households = household_grids.value_counts().reindex(grids["id"], fill_value=0).to_numpy()
    per_month = households * 30 / grids["visit_cycle_days"].to_numpy(float)
    targets = pd.array(np.ceil(per_month / TARGET_STEP).astype(int) * TARGET_STEP, dtype="Int64")
    targets[len(targets) - 1] = pd.NA
    return pd.Series(targets, index=grids.index, name="monthly_visit_target")


def record_spot_checks(
    rng: np.random.Generator,
    visits: pd.DataFrame,
    households: pd.DataFrame,
    station: str,
    supervisor: str,
    as_of: date,
) -> None:
    """Fill ``visits``' spot-check columns for the samples of the :data:`SPOT_CHECK_DAYS` days before ``as_of``.

    Each day's sample is called back the next morning, 09:00 to 11:30.
    """
    visits["spot_check"] = None
    visits["spot_checked_by"] = None
    visits["spot_checked_at"] = pd.Series(pd.NaT, index=visits.index, dtype=f"datetime64[ns, {STATION_TIMEZONE}]")
    register = VisitRegister(station, visits, households)
    results = list(RESULT_SHARES)
    row_of = pd.Series(visits.index, index=visits["id"])
    for days_back in range(SPOT_CHECK_DAYS, 0, -1):
        day = as_of - timedelta(days=days_back)
        rows = row_of[spot_check_sample(register, day, CALLS_PER_OFFICER)["visit_id"]].to_numpy()
        called = pd.Timestamp(as_of - timedelta(days=days_back - 1), tz=STATION_TIMEZONE) + pd.to_timedelta(
            np.sort(rng.integers(9 * 60, 11 * 60 + 30, len(rows))), unit="min"
        )
        drawn = rng.choice(len(results), size=len(rows), p=list(RESULT_SHARES.values()))
        visits.loc[rows, "spot_check"] = [results[index].value for index in drawn]
        visits.loc[rows, "spot_checked_by"] = supervisor
        visits.loc[rows, "spot_checked_at"] = called
