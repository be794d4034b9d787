"""The 346 dispute workflow (矛盾纠纷 "346" 工作机制): what may happen to a dispute next, and what it changes.

A dispute is mediated where it arises and goes up the three levels of joint
mediation (三级联调: village, township, county) when that level cannot settle
it; once resolved, it gets a follow-up visit (回访), sooner the harder its
four-colour grade. This module is the rule book the desktop's buttons follow:
:func:`allowed_actions` says which buttons to offer, :func:`transition`
returns the field changes an action makes (or refuses with
:class:`InvalidTransitionError`), and the caller writes them with
``store.update`` inside its own undoable edit. Nothing here writes to a store,
so an action can be shown, applied and undone like any other edit.

The flow
--------
==========  ===============  ==========  ==================================================
status      action           becomes     also sets
==========  ===============  ==========  ==================================================
open        start_mediation  mediating   ``mediator`` if given
open        escalate         escalated   ``level`` one up
mediating   escalate         escalated   ``level`` one up
escalated   take_up          mediating   ``mediator`` if given (the higher level's)
mediating   resolve          resolved    ``resolved_at``, ``followup_due``, ``followed_up_at``
                                         cleared; ``agreement_signed``, ``mediator`` if given
resolved    follow_up        resolved    ``followed_up_at`` (once)
resolved    reopen           mediating   nothing else: ``resolved_at`` stays
==========  ===============  ==========  ==================================================

``escalate`` raises ``level`` by one and leaves the dispute ``escalated``
until the higher level takes it up (``take_up``: mediating at that level);
the county is the top, there is no escalating further. ``reopen`` takes a
resolved dispute back to mediating and keeps ``resolved_at``: the monthly
assessment (:mod:`layers.assessment.monthly`) reads a dispute that is not resolved but
has ``resolved_at`` as "resolved and reopened", counted resolved in its month
and open from its reopening (dated by the store's ``updated_at``). Resolving
again sets a new ``resolved_at`` and follow-up day, and clears the old
``followed_up_at``: the new settlement needs its own follow-up, and the
assessment counts only follow-up visits made since the latest resolution
(:func:`layers.assessment.monthly.followups_overdue_at`).

Examples
--------
>>> from datetime import datetime
>>> from layers.values import STATION_TIMEZONE
>>> dispute = {"id": "d1", "status": "mediating", "level": "village", "grade": "red", "followed_up_at": None}
>>> [action.value for action in allowed_actions(dispute)]
['escalate', 'resolve']
>>> at = datetime(2026, 11, 28, 23, 30, tzinfo=STATION_TIMEZONE)
>>> changes = transition(dispute, DisputeAction.RESOLVE, at, FollowupPolicy(), agreement_signed=True)
>>> changes["status"], changes["followup_due"], changes["agreement_signed"]
('resolved', datetime.date(2026, 12, 1), True)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from layers.assessment.monthly import NO_GRID, READ_COLUMNS, dispute_grid, followups_overdue_at, household_grid_keys
from layers.errors import QT_TRANSLATE_NOOP, WanggeError
from layers.store import Feature, ProjectStore, new_feature
from layers.values import STATION_TIMEZONE
from layers.visit_cycles import DaysPerCode
from layers.vocabulary import DisputeStatus, Grade, MediationLevel, VisitPurpose, Vocabulary

Dispute = Feature | Mapping[str, Any]
"""A dispute as the store gives it (:class:`~layers.store.Feature`) or as a row or dict of its fields."""


class DisputeAction(Vocabulary):
    """What an officer or mediator does to a dispute, in the order the buttons are offered."""

    START_MEDIATION = "start_mediation", "开始调解"
    ESCALATE = "escalate", "上报上级调解"
    TAKE_UP = "take_up", "上级受理"
    RESOLVE = "resolve", "化解"
    FOLLOW_UP = "follow_up", "回访"
    REOPEN = "reopen", "重新调解"


class InvalidTransitionError(WanggeError):
    """An action the dispute's status does not allow; nothing was changed."""

    template = QT_TRANSLATE_NOOP(
        "InvalidTransitionError",
        "dispute {dispute} is {status} at {level} level: it cannot {action} ({reason}); allowed next: {allowed}",
    )

    def __init__(self, dispute: Dispute, action: DisputeAction, reason: str) -> None:
        self.dispute_id = str(_value(dispute, "id"))
        self.status = str(_value(dispute, "status"))
        self.action = action
        self.allowed = allowed_actions(dispute)
        super().__init__(
            dispute=self.dispute_id,
            status=_word(DisputeStatus, self.status),
            level=_word(MediationLevel, _value(dispute, "level")),
            action=_word(DisputeAction, action),
            reason=reason,
            allowed=", ".join(_word(DisputeAction, step) for step in self.allowed) or "-",
        )


class DisputeWithoutHouseholdError(WanggeError):
    """A follow-up visit for a dispute that names no household: a visit is always to a household."""

    template = QT_TRANSLATE_NOOP(
        "DisputeWithoutHouseholdError",
        "dispute {dispute} names no household, so its follow-up cannot be logged as a visit; "
        "link the dispute to a household, or record the follow-up on the dispute alone",
    )


def _word(vocabulary: type[Vocabulary], code: object) -> str:
    """``code (词)`` for a message read in either language; an unknown code as it is."""
    try:
        return f"{code} ({vocabulary(code).zh})"
    except ValueError:
        return str(code)


def _value(dispute: Dispute, name: str) -> Any:
    """A field of ``dispute``; a missing value (``None``, NaN, NaT, absent) is ``None``."""
    try:
        value = dispute[name]
    except KeyError:
        return None
    if value is None or (not isinstance(value, str) and np.ndim(value) == 0 and pd.isna(value)):
        return None
    return value


@dataclass(frozen=True)
class FollowupPolicy(DaysPerCode):
    """Days from a dispute's resolution to its follow-up visit (回访), by grade.

    The station sets these (project setting ``followup_days``); the defaults
    only suggest that a harder dispute is followed up sooner, because a
    settlement reached with difficulty is the likeliest to break.
    ``FollowupPolicy.from_settings(store.settings())`` reads them and
    ``store.set_setting(*policy.to_setting())`` keeps them.
    """

    vocabulary: ClassVar[type[Vocabulary]] = Grade
    setting: ClassVar[str] = "followup_days"

    green: int = 15
    yellow: int = 10
    orange: int = 7
    red: int = 3

    def followup_due(self, grade: str, resolved_at: datetime) -> date:
        """The station-local day of ``resolved_at`` plus the grade's days."""
        return resolved_at.astimezone(STATION_TIMEZONE).date() + timedelta(days=self.days(grade))


NEXT_LEVEL = {
    MediationLevel.VILLAGE.value: MediationLevel.TOWNSHIP,
    MediationLevel.TOWNSHIP.value: MediationLevel.COUNTY,
}
"""Where escalation leads; the county has no level above it."""

ACTION_DETAILS: dict[DisputeAction, frozenset[str]] = {
    DisputeAction.START_MEDIATION: frozenset({"mediator"}),
    DisputeAction.ESCALATE: frozenset(),
    DisputeAction.TAKE_UP: frozenset({"mediator"}),
    DisputeAction.RESOLVE: frozenset({"mediator", "agreement_signed"}),
    DisputeAction.FOLLOW_UP: frozenset(),
    DisputeAction.REOPEN: frozenset({"mediator"}),
}
"""The details each action may be given, as keyword arguments of :func:`transition`."""


def allowed_actions(dispute: Dispute) -> tuple[DisputeAction, ...]:
    """The actions the dispute's status allows now, in :class:`DisputeAction` order: the UI's buttons."""
    escalate = (DisputeAction.ESCALATE,) if _value(dispute, "level") in NEXT_LEVEL else ()
    follow_up = () if _value(dispute, "followed_up_at") else (DisputeAction.FOLLOW_UP,)
    allowed = {
        DisputeStatus.OPEN.value: (DisputeAction.START_MEDIATION, *escalate),
        DisputeStatus.MEDIATING.value: (*escalate, DisputeAction.RESOLVE),
        DisputeStatus.ESCALATED.value: (DisputeAction.TAKE_UP,),
        DisputeStatus.RESOLVED.value: (*follow_up, DisputeAction.REOPEN),
    }.get(_value(dispute, "status"), ())
    return tuple(action for action in DisputeAction if action in allowed)


def transition(
    dispute: Dispute, action: DisputeAction, at: datetime, settings: FollowupPolicy, **details: Any
) -> dict[str, object]:
    """The fields ``action`` at moment ``at`` changes on ``dispute``, for ``store.update``.

    ``details`` are what the action records besides its moment: ``mediator``
    (start_mediation, take_up, resolve, reopen) and ``agreement_signed``
    (resolve). ``settings`` gives the follow-up delay a resolution sets.
    Refuses with :class:`InvalidTransitionError` an action the dispute's status
    does not allow (naming the steps that are), a ``TypeError`` for a detail
    the action does not take and a ``ValueError`` for a moment without time zone.
    """
    action = DisputeAction(action)
    unknown = set(details) - ACTION_DETAILS[action]
    if unknown:
        raise TypeError(f"{action.value} takes no {', '.join(sorted(unknown))}")
    if at.tzinfo is None:
        raise ValueError(f"{at}: a moment without time zone is ambiguous; give station time or UTC")
    if action not in allowed_actions(dispute):
        raise InvalidTransitionError(dispute, action, _refusal(dispute, action))
    changes = CHANGES[action](dispute, at, settings)
    changes.update(details)
    return changes


def _refusal(dispute: Dispute, action: DisputeAction) -> str:
    if action is DisputeAction.ESCALATE and _value(dispute, "level") == MediationLevel.COUNTY.value:
        return QT_TRANSLATE_NOOP("reason", "the county is the highest level of joint mediation")
    if action is DisputeAction.FOLLOW_UP and _value(dispute, "followed_up_at"):
        return QT_TRANSLATE_NOOP("reason", "it was already followed up")
    return QT_TRANSLATE_NOOP("reason", "that step does not follow from its status")


def _escalated(dispute: Dispute, at: datetime, settings: FollowupPolicy) -> dict[str, object]:
    return {"status": DisputeStatus.ESCALATED.value, "level": NEXT_LEVEL[_value(dispute, "level")].value}


def _resolved(dispute: Dispute, at: datetime, settings: FollowupPolicy) -> dict[str, object]:
    return {
        "status": DisputeStatus.RESOLVED.value,
        "resolved_at": at,
        "followup_due": settings.followup_due(_value(dispute, "grade"), at),
        "followed_up_at": None,
    }


def _mediating(dispute: Dispute, at: datetime, settings: FollowupPolicy) -> dict[str, object]:
    return {"status": DisputeStatus.MEDIATING.value}


def _followed_up(dispute: Dispute, at: datetime, settings: FollowupPolicy) -> dict[str, object]:
    return {"followed_up_at": at}


CHANGES: dict[DisputeAction, Callable[[Dispute, datetime, FollowupPolicy], dict[str, object]]] = {
    DisputeAction.START_MEDIATION: _mediating,
    DisputeAction.ESCALATE: _escalated,
    DisputeAction.TAKE_UP: _mediating,
    DisputeAction.RESOLVE: _resolved,
    DisputeAction.FOLLOW_UP: _followed_up,
    DisputeAction.REOPEN: _mediating,  # resolved_at stays: the assessment reads it as "resolved and reopened"
}


def followup_visit(dispute: Dispute, at: datetime, officer: str, notes: str | None = None) -> Feature:
    """The visit that records a dispute's follow-up (purpose ``dispute_followup``, naming the dispute).

    Insert it in the same edit as the ``follow_up`` transition, so one undo
    takes back both. It stands where the dispute stands (a household's
    position, usually); :class:`DisputeWithoutHouseholdError` if the dispute
    names no household.
    """
    household_id = _value(dispute, "household_id")
    if household_id is None:
        raise DisputeWithoutHouseholdError(dispute=_value(dispute, "id"))
    return new_feature(
        "visits",
        dispute.geometry if isinstance(dispute, Feature) else None,
        household_id=household_id,
        visited_at=at,
        officer=officer,
        purpose=VisitPurpose.DISPUTE_FOLLOWUP.value,
        dispute_id=_value(dispute, "id"),
        notes=notes,
    )


OVERDUE_COLUMNS = (
    "dispute_id", "grade", "household_id", "house_no", "head_name", "grid_id", "grid_code", "officer",
    "followup_due", "days_overdue",
)  # fmt: skip
"""The columns of :func:`overdue_followups`."""
READ_FOR_OVERDUE = {
    "grids": ["id", "code", "officer"],
    "households": ["id", "house_no", "head_name", "grid_id"],
    "disputes": READ_COLUMNS["disputes"],
    "visits": READ_COLUMNS["visits"],
}
GRADE_ORDER = {grade: rank for rank, grade in enumerate(reversed(Grade.codes()))}
"""Red first among disputes equally overdue."""


def overdue_followups(store_or_frames: ProjectStore | Mapping[str, pd.DataFrame], as_of: datetime) -> pd.DataFrame:
    """The disputes whose follow-up visit is overdue at ``as_of``, most overdue first.

    Overdue as the monthly assessment judges it
    (:func:`layers.assessment.monthly.followups_overdue_at`): resolved, the due day
    over, no follow-up made. ``store_or_frames`` is a store, or frames
    ``grids``, ``households``, ``disputes`` and ``visits`` already read (the
    review window's). One row per dispute with :data:`OVERDUE_COLUMNS`: its
    household (house number and head, full names: mask before they leave the
    app), its grid (its own or its household's) and that grid's officer, the
    due day and the whole days since it.
    """
    if as_of.tzinfo is None:
        raise ValueError(f"{as_of}: a moment without time zone is ambiguous; give station time or UTC")
    frames = _frames(store_or_frames)
    grids, disputes, visits = frames["grids"], frames["disputes"], frames["visits"]
    households = frames["households"].reset_index(drop=True)
    moment = pd.Timestamp(as_of).tz_convert("UTC")
    overdue = followups_overdue_at(moment, disputes, visits)
    household_row = pd.Index(households["id"]).get_indexer(disputes["household_id"])[overdue]
    known = household_row >= 0
    grid_id = dispute_grid(disputes, households, household_grid_keys(households))[overdue]
    by_grid = grids.set_index("id")
    due = pd.to_datetime(disputes["followup_due"][overdue])
    today = pd.Timestamp(moment.tz_convert(STATION_TIMEZONE).date())

    def of_household(field: str) -> pd.Series:
        values = households[field].to_numpy(dtype=object)[np.maximum(household_row, 0)]
        return pd.Series(np.where(known, values, None), dtype=object)  # None, not NaN, for no household

    listed = pd.DataFrame(
        {
            "dispute_id": disputes["id"][overdue].to_numpy(dtype=object),
            "grade": disputes["grade"][overdue].to_numpy(dtype=object),
            "household_id": disputes["household_id"][overdue].to_numpy(dtype=object),
            "house_no": of_household("house_no"),
            "head_name": of_household("head_name"),
            "grid_id": pd.Series(np.where(grid_id == NO_GRID, None, grid_id), dtype=object),
            "followup_due": due.dt.date.to_numpy(dtype=object),
            "days_overdue": (today - due).dt.days.to_numpy(dtype=int),
        }
    )
    for column, field in (("grid_code", "code"), ("officer", "officer")):
        value = listed["grid_id"].map(by_grid[field]).astype(object)
        listed[column] = value.where(value.notna(), None)
    listed["grade_rank"] = listed["grade"].map(GRADE_ORDER)
    listed = listed.sort_values(["days_overdue", "grade_rank", "grid_code", "house_no"],
                                ascending=[False, True, True, True], kind="stable")  # fmt: skip
    return listed[list(OVERDUE_COLUMNS)].reset_index(drop=True)


def _frames(store_or_frames: ProjectStore | Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    if isinstance(store_or_frames, ProjectStore):
        return {layer: store_or_frames.read(layer, columns=columns) for layer, columns in READ_FOR_OVERDUE.items()}
    return {layer: store_or_frames[layer] for layer in READ_FOR_OVERDUE}
