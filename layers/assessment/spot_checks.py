"""The daily spot check (每日暗访抽查): who to call back, and the recorded result.

Every day a supervisor calls back a few households an officer says he visited,
to learn whether the visit happened. Which visits are called must not be the
officer's choice, nor the supervisor's whim: the sample is drawn at random, but
from a seed made of the station's name and the day, so the same project and day
always give the same sample and anyone can draw it again to check it was not
picked by hand. The seed goes through SHA-256 because Python's ``hash()`` of a
string changes from one run to the next.

The sample carries the household's head name and phone unmasked: it is the
supervisor's call list inside the station and never leaves it. The results
count in the monthly assessment (:mod:`layers.assessment.monthly`, ``spot_checks``).

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
    changes = spot_check_changes(visit_id, result, by, at)
    if expected_version is None:
        expected_version = store.get("visits", visit_id).version
    return store.update("visits", visit_id, changes, expected_version)


VISIT_CODE_LENGTH = 8
"""How much of a visit's id the day's list shows: one in 4 billion for two visits to share it."""
SHORTEST_VISIT_CODE = 6


def visit_code(visit_id: str) -> str:
    """The short code the day's list gives a visit: the start of its id, which never changes."""
    return visit_id[:VISIT_CODE_LENGTH]


def find_visit(store: ProjectStore, code: str) -> str:
    """The id of the visit whose id is ``code`` or starts with it (at least six characters, as listed).

    A code of no visit, or of two, is refused naming it, so a call-back is never recorded on the wrong visit.
    """
    code = code.strip().lower()
    if len(code) < SHORTEST_VISIT_CODE:
        raise SpotCheckError(
            reason=QT_TRANSLATE_NOOP("reason", "visit code {code} is too short: give the {length} characters listed"),
            code=code,
            length=VISIT_CODE_LENGTH,
        )
    ids = store.read("visits", columns=["id"])["id"]
    matching = ids[ids.str.startswith(code)].tolist()
    if len(matching) == 1:
        return matching[0]
    if not matching:
        raise SpotCheckError(reason=QT_TRANSLATE_NOOP("reason", "no visit has the code {code}"), code=code)
    raise SpotCheckError(
        reason=QT_TRANSLATE_NOOP("reason", "{count} visits begin with {code}: give more of the code"),
        code=code,
        count=len(matching),
    )


def spot_check_changes(visit_id: str, result: SpotCheckResult | str, by: str, at: datetime) -> dict:
    """The visit's fields a call-back sets, checked: a known result and the name of who called."""
    checked = spot_check_result(str(result))
    supervisor = by.strip()
    if not supervisor:
        raise SpotCheckError(reason=QT_TRANSLATE_NOOP("reason", "name who called visit {visit} back"), visit=visit_id)
    return {"spot_check": checked.value, "spot_checked_by": supervisor, "spot_checked_at": at}
