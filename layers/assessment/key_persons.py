"""Key persons (重点关注对象) and their own visit cycles: who is due, and whose list they are on.

An elderly person living alone cannot wait a month for the next knock on the
door, however long his grid's cycle is: each key-person tag has a cycle of its
own, which the station sets (:class:`KeyPersonCycles`, kept in the project
setting ``key_person_cycles``). The monthly assessment, the dashboard, the
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

Examples
--------
>>> cycles = KeyPersonCycles(hardship=21)
>>> cycles.days("hardship"), cycles.days("elderly_alone")
(21, 7)
>>> key, text = cycles.to_setting()
>>> KeyPersonCycles.from_settings({key: text}) == cycles
True
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from typing import ClassVar, Self

import numpy as np
import pandas as pd

from layers.errors import QT_TRANSLATE_NOOP, UnknownOfficerError, WanggeError
from layers.review import visit_recency
from layers.schema import layer_schema
from layers.store import ProjectStore
from layers.values import STATION_TIMEZONE
from layers.vocabulary import KEY_PERSON_SEPARATOR, KeyPersonTag, VisitRecency, Vocabulary

log = logging.getLogger(__name__)

DEFAULT_VISIT_CYCLE_DAYS = layer_schema("grids").field("visit_cycle_days").default
"""The cycle of a household in no grid (or a grid without one), as a new grid gets it."""
OVERDUE_RECENCY = (VisitRecency.OVERDUE.value, VisitRecency.NEVER.value)
FEWEST_DAYS, MOST_DAYS = 1, 365
"""The days a station may set: at least a day, at most a year."""


class InvalidPolicyError(WanggeError):
    """A number of days the station tried to set that is no number of days; nothing was saved."""

    template = QT_TRANSLATE_NOOP(
        "InvalidPolicyError",
        "setting '{setting}', {code}: {value!r} is not a number of days; give a whole number from {fewest} to {most}",
    )


@dataclass(frozen=True)
class DaysPerCode:
    """Days the station sets for each code of a vocabulary, kept as a JSON object in one project setting.

    Subclasses are frozen dataclasses with one field per code of
    ``vocabulary`` (the field name is the code, the default the suggested
    days). Building one with a value that is not a whole number of days from
    :data:`FEWEST_DAYS` to :data:`MOST_DAYS` raises
    :class:`InvalidPolicyError`, so a bad value is refused when it is set,
    never when a report is already half counted.
    """

    vocabulary: ClassVar[type[Vocabulary]]
    setting: ClassVar[str]

    def __post_init__(self) -> None:
        for code, days in self.as_dict().items():
            if not is_days(days):
                raise InvalidPolicyError(setting=self.setting, code=code, value=days, fewest=FEWEST_DAYS,
                                         most=MOST_DAYS)  # fmt: skip

    def days(self, code: str) -> int:
        """The days set for ``code``; a code the vocabulary lacks is a ``KeyError`` naming the known ones."""
        if code not in self.vocabulary.codes():
            raise KeyError(f"'{code}' is not one of {', '.join(self.vocabulary.codes())}")
        return getattr(self, str(code))

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def to_setting(self) -> tuple[str, str]:
        """The project setting's key and JSON text: ``store.set_setting(*policy.to_setting())``."""
        return self.setting, json.dumps(self.as_dict())

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> Self:
        """The policy of a project's ``settings`` (``store.settings()``); the defaults where it sets none.

        A damaged setting (not JSON, not an object, a value that is no number
        of days) must not stop a report: the value at fault falls back to its
        default, the others are kept, and a warning is logged.
        """
        text = settings.get(cls.setting)
        if not text:
            return cls()
        try:
            stored = json.loads(text)
        except ValueError:
            stored = None
        if not isinstance(stored, dict):
            log.warning("project setting %r is not a JSON object of days; the defaults apply: %r", cls.setting, text)
            return cls()
        kept = {code: stored[code] for code in cls.vocabulary.codes() if code in stored and is_days(stored[code])}
        ignored = sorted(set(stored) - set(kept))
        if ignored:
            log.warning("project setting %r: ignored %s; their defaults apply", cls.setting, ", ".join(ignored))
        return replace(cls(), **kept)


def is_days(value: object) -> bool:
    """Whether ``value`` is a number of days a station may set (JSON ``true`` is no number)."""
    return isinstance(value, int) and not isinstance(value, bool) and FEWEST_DAYS <= value <= MOST_DAYS


@dataclass(frozen=True)
class KeyPersonCycles(DaysPerCode):
    """Days between visits for each key-person tag (:class:`~layers.vocabulary.KeyPersonTag`).

    The defaults are a starting point, not a rule: the station sets its own
    (project setting ``key_person_cycles``). Those living alone or under
    supervision are seen weekly, children and disabled persons fortnightly,
    households in hardship monthly.
    """

    vocabulary: ClassVar[type[Vocabulary]] = KeyPersonTag
    setting: ClassVar[str] = "key_person_cycles"

    elderly_alone: int = 7
    left_behind_child: int = 14
    disabled: int = 14
    mental_illness: int = 7
    community_correction: int = 7
    hardship: int = 30

    def household_cycle_days(self, key_person: pd.Series, grid_cycle: pd.Series) -> pd.Series:
        """Each household's cycle in days: the shortest of its tags' cycles.

        ``key_person`` holds the stored tags (codes joined by commas),
        ``grid_cycle`` the cycle of each household's grid. An unknown tag counts
        with the grid's cycle; a household without tags has the grid's cycle.
        """
        stored = key_person.fillna("").astype(str)
        known = set(KeyPersonTag.codes())
        own, falls_back = {}, {}
        for tags in pd.unique(stored):  # a handful of tag combinations, however many households
            codes = [code.strip() for code in tags.split(KEY_PERSON_SEPARATOR) if code.strip()]
            own[tags] = min((self.days(code) for code in codes if code in known), default=np.inf)
            falls_back[tags] = not codes or any(code not in known for code in codes)
        own_days = stored.map(own).to_numpy(dtype=float)
        grid_days = grid_cycle.to_numpy(dtype=float)
        cycle = np.where(stored.map(falls_back).to_numpy(dtype=bool), np.minimum(own_days, grid_days), own_days)
        return pd.Series(cycle, index=key_person.index)


DEFAULT_CYCLES = KeyPersonCycles()


def is_key_person(households: pd.DataFrame) -> np.ndarray:
    """Mask over households with at least one key-person tag."""
    return households["key_person"].fillna("").str.strip().to_numpy(dtype=object) != ""


def household_cycles(grids: pd.DataFrame, households: pd.DataFrame, cycles: KeyPersonCycles) -> pd.Series:
    """Each household's own cycle in days (see :meth:`KeyPersonCycles.household_cycle_days`)."""
    grid_cycle = households["grid_id"].map(grids.set_index("id")["visit_cycle_days"]).astype("Float64")
    return cycles.household_cycle_days(households["key_person"], grid_cycle.fillna(DEFAULT_VISIT_CYCLE_DAYS))


def last_visits(
    end: pd.Timestamp, households: pd.DataFrame, visits: pd.DataFrame, visit_household: np.ndarray
) -> pd.Series:
    """Each household's last visit before ``end`` (NaT for none), indexed like ``households``.

    ``visit_household`` is each visit's row in ``households`` (-1 for none).
    """
    before_end = (visits["visited_at"] < end).to_numpy() & (visit_household >= 0)
    last = visits["visited_at"][before_end].groupby(visit_household[before_end]).max()
    return last.reindex(np.arange(len(households))).set_axis(households.index)


def key_persons_overdue_at(
    end: pd.Timestamp,
    grids: pd.DataFrame,
    households: pd.DataFrame,
    visits: pd.DataFrame,
    visit_household: np.ndarray,
    *,
    cycles: KeyPersonCycles = DEFAULT_CYCLES,
) -> np.ndarray:
    """Mask over households: key persons whose last visit before ``end`` is older than their own cycle, or none.

    ``visit_household`` is each visit's row in ``households`` (-1 for none);
    ``cycles`` is the station's policy (``KeyPersonCycles.from_settings(store.settings())``).
    """
    last_visit = last_visits(end, households, visits, visit_household)
    recency = visit_recency(last_visit, household_cycles(grids, households, cycles), end)
    return is_key_person(households) & np.isin(recency, OVERDUE_RECENCY)


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
    frames = {layer: store.read(layer, columns=columns) for layer, columns in READ_COLUMNS.items()}
    return key_persons_due(day, **frames, cycles=cycles, officer=officer)


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
    end_of_day = pd.Timestamp(day + timedelta(days=1)).tz_localize(STATION_TIMEZONE).tz_convert("UTC")
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
