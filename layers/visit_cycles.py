"""How often a household is due a visit: its grid's cycle, or its key-person tags' own, shorter cycles.

The station sets the days per key-person tag (:class:`KeyPersonCycles`, kept in
the project setting ``key_person_cycles``). The policy is plain data with no
store behind it, because the store itself keeps each household's next visit due
by it (:mod:`layers.household_status`), and every report judges by the same rule
(:mod:`layers.assessment.key_persons`).

Examples
--------
>>> cycles = KeyPersonCycles(hardship=21)
>>> cycles.days("hardship"), cycles.days("elderly_alone")
(21, 7)
>>> key, text = cycles.to_setting()
>>> KeyPersonCycles.from_settings({key: text}) == cycles
True
>>> last = pd.Series(pd.to_datetime(["2026-11-20", "2026-10-01", None], utc=True))
>>> list(visit_recency(last, pd.Series([30, 30, 30]), pd.Timestamp("2026-11-28", tz="UTC")))
['visited', 'overdue', 'never']
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import ClassVar, Self

import numpy as np
import pandas as pd

from layers.errors import QT_TRANSLATE_NOOP, WanggeError
from layers.schema import layer_schema
from layers.vocabulary import KEY_PERSON_SEPARATOR, KeyPersonTag, VisitRecency, Vocabulary

log = logging.getLogger(__name__)

DUE_SOON_SHARE = 0.8
"""A household is due soon once this share of its grid's cycle has passed: a week's warning on a 30-day cycle."""


DEFAULT_VISIT_CYCLE_DAYS = layer_schema("grids").field("visit_cycle_days").default
"""The cycle of a household in no grid (or a grid without one), as a new grid gets it."""
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


def visit_recency(last_visit: pd.Series, cycle_days: pd.Series, as_of: pd.Timestamp) -> np.ndarray:
    """:class:`VisitRecency` code of each household from its last visit and its grid's cycle in days."""
    age_days = (as_of - last_visit).dt.total_seconds().to_numpy() / 86400.0
    cycle = cycle_days.to_numpy(dtype=float)
    codes = np.full(len(age_days), VisitRecency.NEVER.value, dtype=object)
    seen = ~np.isnan(age_days)
    codes[seen & (age_days > cycle)] = VisitRecency.OVERDUE.value
    codes[seen & (age_days <= cycle)] = VisitRecency.DUE_SOON.value
    codes[seen & (age_days <= cycle * DUE_SOON_SHARE)] = VisitRecency.VISITED.value
    return codes
