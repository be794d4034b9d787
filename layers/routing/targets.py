"""Which households an officer should reach, and how much each matters: the station's rules.

The rules are the monthly assessment's (:mod:`layers.assessment.monthly`) judged at a
moment: what the chief will count against an officer is what the route puts
first. Each rule has a weight the station can change (a JSON file of weights);
a weight of 0 turns a rule off. A household several rules name is one stop,
weighted by its weightiest reason, with all its reasons listed.

Rules
-----
``dispute_<grade>``
    A dispute open at the moment (reported before it, not resolved by it), at
    its household and the other parties' households (``party_households``:
    mediation and follow-up visit both sides), or at its own position when it
    names no household. The follow-up rules below name the parties too.
``followup_overdue``
    A resolved dispute whose follow-up visit (回访) day is over and not made
    (:func:`layers.assessment.monthly.followups_overdue_at`).
``followup_due``
    One whose follow-up day falls today or within ``followup_due_within_days``
    days and is not made yet.
``key_person_overdue``
    A key person not visited within its own cycle (the station's
    :class:`~layers.assessment.key_persons.KeyPersonCycles`), or never
    (:func:`layers.assessment.key_persons.key_persons_overdue_at`).
``never_visited``
    A household with no visit at all before the moment.

Examples
--------
>>> rules = TargetRules().with_weights({"never_visited": 0, "dispute_red": 120})
>>> rules.weight(TargetReason.DISPUTE_RED), rules.weight(TargetReason.NEVER_VISITED)
(120, 0)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from layers.assessment.deciding_visits import deciding_visits
from layers.assessment.key_persons import key_persons_overdue_at
from layers.assessment.monthly import (
    dispute_grid,
    followups_overdue_at,
    household_grid_keys,
    resolved_by,
)
from layers.crs import to_measure
from layers.disputes.register import party_ids, party_rows
from layers.errors import QT_TRANSLATE_NOOP, UnknownGridError, UnknownOfficerError
from layers.feedback import Feedback
from layers.privacy import mask_name
from layers.routing.errors import NoPoliceOfficeError, RulesFileError
from layers.routing.stop import Stop
from layers.store import ProjectStore
from layers.values import STATION_TIMEZONE
from layers.visit_cycles import KeyPersonCycles
from layers.vocabulary import Grade, LandmarkKind, Vocabulary

READ_COLUMNS = {
    "grids": ["id", "code", "officer", "visit_cycle_days"],
    "households": ["id", "house_no", "head_name", "grid_id", "key_person"],
    "disputes": [
        "id", "household_id", "grid_id", "reported_at", "grade", "status", "resolved_at", "followup_due",
        "followed_up_at", "updated_at", "party_households",
    ],
    "visits": ["household_id", "visited_at", "purpose", "dispute_id"],
}  # fmt: skip
"""What the rules read of each layer (the assessment's judgements need the same fields)."""


class TargetReason(Vocabulary):
    """Why a household is a stop of the route."""

    DISPUTE_RED = "dispute_red", "红色纠纷未化解"
    DISPUTE_ORANGE = "dispute_orange", "橙色纠纷未化解"
    DISPUTE_YELLOW = "dispute_yellow", "黄色纠纷未化解"
    DISPUTE_GREEN = "dispute_green", "绿色纠纷未化解"
    FOLLOWUP_OVERDUE = "followup_overdue", "回访逾期"
    FOLLOWUP_DUE = "followup_due", "回访将到期"
    KEY_PERSON_OVERDUE = "key_person_overdue", "重点人员逾期未访"
    NEVER_VISITED = "never_visited", "从未走访"
    PICKED = "picked", "手工选定"


DISPUTE_REASONS = {
    Grade.RED.value: TargetReason.DISPUTE_RED,
    Grade.ORANGE.value: TargetReason.DISPUTE_ORANGE,
    Grade.YELLOW.value: TargetReason.DISPUTE_YELLOW,
    Grade.GREEN.value: TargetReason.DISPUTE_GREEN,
}


@dataclass(frozen=True)
class TargetRules:
    """The weight of each rule (0: off) and how far ahead a follow-up counts as due.

    The defaults put open red disputes before everything, as the station's
    graded management does, and households never visited last.
    """

    dispute_red: int = 100
    dispute_orange: int = 60
    dispute_yellow: int = 0
    dispute_green: int = 0
    followup_overdue: int = 50
    followup_due: int = 30
    key_person_overdue: int = 40
    never_visited: int = 20
    picked: int = 100
    followup_due_within_days: int = 3

    def weight(self, reason: TargetReason) -> int:
        return getattr(self, reason.value)

    def with_weights(self, weights: Mapping[str, object], source: str = "rules") -> TargetRules:
        """These rules with some weights changed; refuses an unknown rule or a weight that is no whole number >= 0."""
        known = {field.name for field in fields(self)}
        changes = {}
        for name, value in weights.items():
            if name not in known:
                raise RulesFileError(
                    path=source,
                    reason=QT_TRANSLATE_NOOP("reason", "no rule is called '{name}'; the rules are: {rules}"),
                    name=name,
                    rules=", ".join(sorted(known)),
                )
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise RulesFileError(
                    path=source,
                    reason=QT_TRANSLATE_NOOP("reason", "the weight of '{name}' must be a whole number of 0 or more"),
                    name=name,
                )
            changes[name] = value
        return replace(self, **changes)

    @classmethod
    def from_file(cls, path: str | Path) -> TargetRules:
        """The defaults with the weights of a JSON file, e.g. ``{"dispute_red": 120, "never_visited": 0}``."""
        try:
            weights = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise RulesFileError(path=str(path), reason=getattr(error, "strerror", None) or str(error)) from error
        if not isinstance(weights, dict):
            raise RulesFileError(
                path=str(path), reason=QT_TRANSLATE_NOOP("reason", "expected an object of rule names and weights")
            )
        return cls().with_weights(weights, str(path))

    def to_json(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class TargetList:
    """The stops the rules found (weightiest first) and the households they name that have no position yet."""

    targets: tuple[Stop, ...]
    unplaced: tuple[str, ...]


def find_targets(
    store: ProjectStore,
    rules: TargetRules | None = None,
    as_of: datetime | None = None,
    officer: str | None = None,
    grid_codes: Sequence[str] = (),
    show_personal: bool = False,
    feedback: Feedback | None = None,
    picked: Sequence[str] = (),
) -> TargetList:
    """The households to reach as of ``as_of`` (default now), in ``officer``'s grids or ``grid_codes``, or all.

    ``picked`` are household ids an officer chose on the map: they are stops
    (reason ``picked``) wherever they are, as the officer asked for them.
    Labels are the house number and the head's name, masked (张*华) unless
    ``show_personal``: a route sheet and a GPX file leave the app.
    """
    rules = rules or TargetRules()
    feedback = feedback or Feedback()
    moment = pd.Timestamp(as_of or datetime.now(STATION_TIMEZONE)).tz_convert("UTC")
    grids = store.read("grids", columns=READ_COLUMNS["grids"])
    in_scope = _grids_in_scope(grids, officer, grid_codes)
    disputes, households, visits = _read_for_targets(store, moment, in_scope, picked, feedback.step(0, 90))
    household_grid = household_grid_keys(households)
    cycles = KeyPersonCycles.from_settings(store.settings())
    reasons = _household_reasons(moment, rules, cycles, grids, households, disputes, visits)
    feedback.set_progress(95)
    dispute_rows = pd.Index(households["id"]).get_indexer(disputes["household_id"])
    own_place = _own_place_reasons(moment, rules, disputes, visits, dispute_rows)
    if in_scope is not None:
        reasons = reasons[np.isin(household_grid[reasons["row"]], in_scope)]
        own_place = own_place[np.isin(dispute_grid(disputes, households, household_grid)[own_place["row"]], in_scope)]
    picked_rows = np.flatnonzero(households["id"].isin(list(picked)).to_numpy())
    reasons = pd.concat([reasons, _reason_rows({TargetReason.PICKED: picked_rows}, rules)], ignore_index=True)
    stops, unplaced = _stops(reasons, households, rules, show_personal)
    stops += _stops(own_place, disputes, rules, show_personal)[0]
    feedback.set_progress(100)
    stops.sort(key=lambda stop: (-stop.priority, _house_number(stop.label), stop.label))
    return TargetList(tuple(stops), tuple(unplaced))


def _read_for_targets(
    store: ProjectStore, moment: pd.Timestamp, in_scope: np.ndarray | None, picked: Sequence[str], feedback: Feedback
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """What the rules judge by: the disputes, the households in scope, and of the visits only those that decide.

    An officer's plan reads the households of his grids (``in_scope``; ``None``: the station's), those he
    picked, and those the disputes name: a dispute whose household is in another grid is still not one that
    names none, to be reached at its own position. The visits are each household's last before the moment
    and the follow-ups (:func:`~layers.assessment.deciding_visits.deciding_visits`), for an officer of his
    households and of the disputes whose reasons can fall in his grids. A county keeps a million households
    and millions of visits, which took 40 s and 5 GB to read whole.
    """
    disputes = store.read("disputes", columns=READ_COLUMNS["disputes"])
    feedback.set_progress(20)
    parties = [party_ids(stored) for stored in disputes["party_households"].fillna("")]
    if in_scope is None:
        households = store.read("households", columns=READ_COLUMNS["households"])
        visits = deciding_visits(store, READ_COLUMNS["visits"], since=moment, until=moment)
        feedback.set_progress(100)
        return disputes, households, visits
    named = {*disputes["household_id"].dropna(), *picked, *(i for ids in parties for i in ids)}
    columns = READ_COLUMNS["households"]
    households = pd.concat(
        [
            store.read("households", columns=columns, matching={"grid_id": list(in_scope)}),
            store.read("households", columns=columns, matching={"id": sorted(named)}),
        ],
        ignore_index=True,
    ).drop_duplicates("id", ignore_index=True)
    feedback.set_progress(60)
    feedback.raise_if_canceled()
    his = set(households["id"][households["grid_id"].isin(in_scope).to_numpy()])
    judged = (
        disputes["household_id"].isin(his).to_numpy()
        | disputes["grid_id"].isin(in_scope).to_numpy()
        | np.array([not his.isdisjoint(ids) for ids in parties], dtype=bool)
    )  # the disputes whose reasons can fall in scope: at, with or in his households and grids
    visits = deciding_visits(
        store, READ_COLUMNS["visits"], since=moment, until=moment, households=sorted(his),
        disputes=disputes["id"][judged].tolist(),
    )  # fmt: skip
    feedback.set_progress(100)
    return disputes, households, visits


def _grids_in_scope(grids: pd.DataFrame, officer: str | None, grid_codes: Sequence[str]) -> np.ndarray | None:
    """Ids of the grids asked for (``None``: the whole station); an unknown officer or code is named."""
    if officer is None and not grid_codes:
        return None
    chosen = np.ones(len(grids), dtype=bool)
    if officer is not None:
        chosen &= (grids["officer"] == officer).to_numpy()
        if not chosen.any():
            raise UnknownOfficerError(officer=officer)
    for code in grid_codes:
        if code not in set(grids["code"]):
            raise UnknownGridError(code=code)
    if grid_codes:
        chosen &= grids["code"].isin(list(grid_codes)).to_numpy()
    return grids["id"].to_numpy(dtype=object)[chosen]


def _household_reasons(
    moment: pd.Timestamp,
    rules: TargetRules,
    cycles: KeyPersonCycles,
    grids: pd.DataFrame,
    households: pd.DataFrame,
    disputes: pd.DataFrame,
    visits: pd.DataFrame,
) -> pd.DataFrame:
    """One row per (household row, reason) the rules with a weight find."""
    visit_household = pd.Index(households["id"]).get_indexer(visits["household_id"])
    dispute_rows = pd.Index(households["id"]).get_indexer(disputes["household_id"])
    seen = visit_household[(visits["visited_at"] < moment).to_numpy() & (visit_household >= 0)]
    by_household = {
        TargetReason.KEY_PERSON_OVERDUE: np.flatnonzero(
            key_persons_overdue_at(moment, grids, households, visits, visit_household, cycles=cycles)
        ),
        TargetReason.NEVER_VISITED: np.setdiff1d(np.arange(len(households)), seen),
    }
    linked_dispute, linked_household = party_rows(disputes, pd.Index(households["id"]))
    for reason, mask in _dispute_masks(moment, rules, disputes, visits).items():
        rows = dispute_rows[mask]
        other_sides = linked_household[mask[linked_dispute]]  # mediation and follow-up visit both sides
        by_household[reason] = np.concatenate([rows[rows >= 0], other_sides])
    return _reason_rows(by_household, rules)


def _own_place_reasons(
    moment: pd.Timestamp, rules: TargetRules, disputes: pd.DataFrame, visits: pd.DataFrame, dispute_rows: np.ndarray
) -> pd.DataFrame:
    """Disputes naming no household of the project: the stop is the dispute's own position."""
    masks = _dispute_masks(moment, rules, disputes, visits)
    return _reason_rows({reason: np.flatnonzero(mask & (dispute_rows < 0)) for reason, mask in masks.items()}, rules)


def _dispute_masks(
    moment: pd.Timestamp, rules: TargetRules, disputes: pd.DataFrame, visits: pd.DataFrame
) -> dict[TargetReason, np.ndarray]:
    """Masks over disputes for each dispute rule: open by grade, follow-ups overdue and falling due.

    A follow-up falls due within N days when it will be overdue once the day
    N days after today is over: the assessment's own judgement, moved ahead.
    """
    open_now = (disputes["reported_at"] < moment).to_numpy() & ~resolved_by(moment, disputes)
    grades = disputes["grade"].to_numpy(dtype=object)
    masks = {reason: open_now & (grades == grade) for grade, reason in DISPUTE_REASONS.items()}
    overdue = followups_overdue_at(moment, disputes, visits)
    today = moment.tz_convert(STATION_TIMEZONE).normalize()
    horizon = (today + pd.Timedelta(days=rules.followup_due_within_days + 1)).tz_convert("UTC")
    masks[TargetReason.FOLLOWUP_OVERDUE] = overdue
    masks[TargetReason.FOLLOWUP_DUE] = followups_overdue_at(horizon, disputes, visits) & ~overdue
    return masks


def _reason_rows(by_reason: Mapping[TargetReason, np.ndarray], rules: TargetRules) -> pd.DataFrame:
    """The rows each weighted reason names, as one frame of (row, reason, weight)."""
    weighted = [(reason, rows) for reason, rows in by_reason.items() if rules.weight(reason) > 0]
    return pd.DataFrame(
        {
            "row": np.concatenate([rows for _, rows in weighted] or [np.empty(0, dtype=int)]).astype(int),
            "reason": np.concatenate([[reason.value] * len(rows) for reason, rows in weighted] or [[]]).astype(object),
            "weight": np.concatenate(
                [[rules.weight(reason)] * len(rows) for reason, rows in weighted] or [np.empty(0)]
            ).astype(float),
        }
    )


def _stops(
    reasons: pd.DataFrame, records: pd.DataFrame, rules: TargetRules, show_personal: bool
) -> tuple[list[Stop], list[str]]:
    """One stop per record row named, weighted by its weightiest reason; ids of records with no position."""
    stops: list[Stop] = []
    unplaced: list[str] = []
    geometry = records.geometry.to_numpy()
    is_household = "house_no" in records.columns
    for row, group in reasons.sort_values("weight", ascending=False, kind="stable").groupby("row", sort=True):
        record_id = str(records["id"].iloc[row])
        point = geometry[row]
        if point is None or shapely.is_empty(point):
            unplaced.append(record_id)
            continue
        x, y = to_measure(shapely.get_x(point), shapely.get_y(point))
        stops.append(
            Stop(
                id=record_id,
                x=float(x),
                y=float(y),
                label=_label(records.iloc[row], show_personal) if is_household else "",
                priority=float(group["weight"].iloc[0]),
                reasons=tuple(dict.fromkeys(group["reason"])),
                household_id=record_id if is_household else None,
            )
        )
    return stops, unplaced


def _label(household: pd.Series, show_personal: bool) -> str:
    """``门牌号 户主``, the head's name masked unless asked otherwise."""
    name = household["head_name"] if show_personal else mask_name(household["head_name"])
    return " ".join(part for part in (str(household["house_no"] or ""), name or "") if part)


def _house_number(label: str) -> float:
    """House 57 before house 109: the leading digits of the label, as the officer walks the lane."""
    digits = ""
    for character in label:
        if not character.isdigit():
            break
        digits += character
    return float(digits) if digits else float("inf")


def police_office(store: ProjectStore, officer: str | None = None, grid_codes: Sequence[str] = ()) -> Stop:
    """The police office (警务室) a day starts from: one in the officer's (or given) grids, else the first by name."""
    landmarks = store.read("landmarks", columns=["id", "kind", "name", "grid_id"])
    offices = landmarks[(landmarks["kind"] == LandmarkKind.POLICE_OFFICE.value) & ~landmarks.geometry.is_empty]
    offices = offices[offices.geometry.notna()].sort_values("name", kind="stable")
    if offices.empty:
        raise NoPoliceOfficeError(location=store.location)
    if officer is not None or grid_codes:
        grids = store.read("grids", columns=["id", "code", "officer"])
        in_scope = _grids_in_scope(grids, officer, grid_codes)
        own = offices[offices["grid_id"].isin(list(in_scope))]
        offices = own if len(own) else offices
    office = offices.iloc[0]
    return Stop.at_lonlat(str(office["id"]), office.geometry.x, office.geometry.y, label=str(office["name"]))
