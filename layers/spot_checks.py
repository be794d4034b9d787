"""The daily spot check (每日暗访抽查) and each grid's monthly visit target (任务清单).

Every day a supervisor calls back a few households an officer says he visited,
to learn whether the visit happened. Which visits are called must not be the
officer's choice, nor the supervisor's whim: the sample is drawn at random, but
from a seed made of the station's name and the day, so the same project and day
always give the same sample and anyone can draw it again to check it was not
picked by hand. The seed goes through SHA-256 because Python's ``hash()`` of a
string changes from one run to the next.

The sample carries the household's head name and phone unmasked: it is the
supervisor's call list inside the station and never leaves it.

Examples
--------
>>> day_bounds(date(2026, 4, 1))
(Timestamp('2026-03-31 16:00:00+0000', tz='UTC'), Timestamp('2026-04-01 16:00:00+0000', tz='UTC'))
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from layers.assessment import (
    NO_GRID,
    grid_through_household,
    household_grid_keys,
    month_period,
)
from layers.errors import QT_TRANSLATE_NOOP, WanggeError
from layers.store import ProjectStore
from layers.store.base import Feature
from layers.values import STATION_TIMEZONE
from layers.vocabulary import SpotCheckResult

DEFAULT_PER_OFFICER = 3
SAMPLE_COLUMNS = [
    "visit_id", "officer", "visited_at", "purpose", "outcome", "household_id", "house_no", "head_name", "phone",
    "spot_check",
]  # fmt: skip
"""The columns of a spot-check sample, in the order the supervisor reads them."""

VISIT_COLUMNS = ["id", "household_id", "visited_at", "officer", "purpose", "outcome", "spot_check"]
HOUSEHOLD_COLUMNS = ["id", "house_no", "head_name", "phone", "grid_id"]


class SpotCheckError(WanggeError):
    """A spot check that cannot be drawn or recorded as asked."""

    template = QT_TRANSLATE_NOOP("SpotCheckError", "spot check: {reason}")


@dataclass(frozen=True)
class VisitRegister:
    """What a spot check is drawn from: the station's name, its visits and its households."""

    station: str
    visits: pd.DataFrame
    households: pd.DataFrame

    @classmethod
    def from_store(cls, store: ProjectStore) -> VisitRegister:
        return cls(
            station=store.settings().get("station", ""),
            visits=store.read("visits", columns=VISIT_COLUMNS),
            households=store.read("households", columns=HOUSEHOLD_COLUMNS),
        )


def day_bounds(day: date) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The station-local ``day`` as UTC instants: ``start <= moment < end``."""
    start = pd.Timestamp(day.year, day.month, day.day, tz=STATION_TIMEZONE)
    following = day + timedelta(days=1)
    end = pd.Timestamp(following.year, following.month, following.day, tz=STATION_TIMEZONE)
    return start.tz_convert("UTC"), end.tz_convert("UTC")


def sample_seed(station: str, day: date) -> str:
    """The default seed of a day's sample: the station's name and the day, so each station draws its own."""
    return f"{station}|{day.isoformat()}"


def _generator(seed: str) -> np.random.Generator:
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def spot_check_sample(
    store_or_data: ProjectStore | VisitRegister,
    day: date,
    per_officer: int = DEFAULT_PER_OFFICER,
    seed: str | None = None,
) -> pd.DataFrame:
    """Up to ``per_officer`` visits of each officer recorded on the station-local ``day``, drawn reproducibly.

    Returns one row per sampled visit (columns :data:`SAMPLE_COLUMNS`, ``visited_at``
    in station-local time), ordered by officer and time. ``seed`` defaults to
    :func:`sample_seed`; the draw does not depend on the order records are stored in.
    """
    if per_officer < 1:
        raise SpotCheckError(
            reason=QT_TRANSLATE_NOOP("reason", "draw at least 1 visit per officer, not {per_officer}"),
            per_officer=per_officer,
        )
    register = store_or_data if isinstance(store_or_data, VisitRegister) else VisitRegister.from_store(store_or_data)
    start, end = day_bounds(day)
    visits = register.visits
    on_day = visits[(visits["visited_at"] >= start) & (visits["visited_at"] < end)]
    # a fixed order before the draw, so that the same visits get the same random keys wherever they are stored
    on_day = on_day.sort_values(["officer", "visited_at", "id"], kind="stable")
    draw = _generator(seed if seed is not None else sample_seed(register.station, day)).random(len(on_day))
    chosen = (
        on_day.assign(draw=draw)
        .sort_values(["officer", "draw"], kind="stable")
        .groupby("officer", sort=False)
        .head(per_officer)
        .sort_values(["officer", "visited_at", "id"], kind="stable")
    )
    households = register.households.set_index("id")[["house_no", "head_name", "phone"]]
    sample = chosen.join(households, on="household_id").rename(columns={"id": "visit_id"})
    sample["visited_at"] = sample["visited_at"].dt.tz_convert(STATION_TIMEZONE)
    return sample[SAMPLE_COLUMNS].reset_index(drop=True)


def spot_check_result(text: str) -> SpotCheckResult:
    """The result coded ``text``; :class:`SpotCheckError` lists the codes for anything else."""
    try:
        return SpotCheckResult(text)
    except ValueError:
        raise SpotCheckError(
            reason=QT_TRANSLATE_NOOP("reason", "'{result}' is not a result; use one of {codes}"),
            result=text,
            codes=", ".join(SpotCheckResult.codes()),
        ) from None


def record_spot_check(
    store: ProjectStore,
    visit_id: str,
    result: SpotCheckResult | str,
    by: str,
    at: datetime,
    expected_version: int | None = None,
) -> Feature:
    """Record the call-back of one visit: its result, who called and when; returns the visit as stored.

    The update is version-checked: pass the ``expected_version`` the supervisor
    saw to refuse overwriting an edit made since; by default the version just read.
    """
    checked = spot_check_result(str(result))
    supervisor = by.strip()
    if not supervisor:
        raise SpotCheckError(reason=QT_TRANSLATE_NOOP("reason", "name who called visit {visit} back"), visit=visit_id)
    if expected_version is None:
        expected_version = store.get("visits", visit_id).version
    changes = {"spot_check": checked.value, "spot_checked_by": supervisor, "spot_checked_at": at}
    return store.update("visits", visit_id, changes, expected_version)


@dataclass(frozen=True)
class GridSpotChecks:
    """A grid's month against its task list: spot-check results of its visits, and its visit target.

    ``target_progress`` is ``households_visited / target``; ``None`` when the grid has no target.
    """

    code: str
    spot_checks: dict[str, int]
    households_visited: int
    target: int | None

    @property
    def target_progress(self) -> float | None:
        return self.households_visited / self.target if self.target else None

    def to_json(self) -> dict:
        progress = self.target_progress
        return {
            "code": self.code,
            "spot_checks": dict(self.spot_checks),
            "households_visited": self.households_visited,
            "target": self.target,
            "target_progress": None if progress is None else round(progress, 4),
        }


def monthly_spot_checks(store: ProjectStore, month: str) -> tuple[GridSpotChecks, ...]:
    """Each grid's spot checks and target progress for ``month`` (``YYYY-MM``), ordered by grid code.

    Visits and households count as in :mod:`layers.assessment`: a visit counts
    in the month it was made, in its household's current grid.
    """
    period = month_period(month)
    grids = store.read("grids", columns=["id", "code", "monthly_visit_target"]).sort_values("code", kind="stable")
    households = store.read("households", columns=["id", "grid_id"])
    visits = store.read("visits", columns=["household_id", "visited_at", "spot_check"])
    in_month = ((visits["visited_at"] >= period.start) & (visits["visited_at"] < period.end)).to_numpy()
    visit_household = pd.Index(households["id"]).get_indexer(visits["household_id"])
    visit_grid = grid_through_household(visit_household, household_grid_keys(households))[in_month]
    month_visits = pd.DataFrame(
        {"grid": visit_grid, "household": visit_household[in_month], "spot_check": visits["spot_check"][in_month]}
    )
    month_visits = month_visits[month_visits["grid"] != NO_GRID]
    checked = month_visits.dropna(subset=["spot_check"]).groupby(["grid", "spot_check"]).size()
    visited = month_visits[month_visits["household"] >= 0].groupby("grid")["household"].nunique()
    return tuple(
        GridSpotChecks(
            code=code,
            spot_checks=_results_of(checked, grid_id),
            households_visited=int(visited.get(grid_id, 0)),
            target=None if pd.isna(target) else int(target),
        )
        for grid_id, code, target in grids[["id", "code", "monthly_visit_target"]].itertuples(index=False)
    )


def _results_of(checked: pd.Series, grid_id: str) -> dict[str, int]:
    """Counts by result code of one grid, every result named (0 when none)."""
    counts = checked.xs(grid_id, level="grid") if grid_id in checked.index.get_level_values("grid") else {}
    return {code: int(counts.get(code, 0)) for code in SpotCheckResult.codes()}
