"""The weekly follow-up sheet of each officer (每周考核 / 回访清单).

Every week the station checks each officer against his list: what he did in
the week and what he must do in the next. The sheet takes its rules from the
monthly assessment (:mod:`layers.assessment.monthly`), so a week and a month never
disagree about what "overdue" means.

Definitions
-----------
A week is an ISO week, ``YYYY-Www``: from 00:00 on Monday to 00:00 on the next
Monday in the station's local time (:data:`layers.values.STATION_TIMEZONE`).
A visit at 23:59 on Sunday belongs to the week, one at 00:00 on Monday does not.

An officer's grids are the grids naming him as their officer; the households,
disputes and key persons of the sheet are those of his grids as they are now.

``visits_by_purpose``
    Visits *he recorded* (the visit's ``officer``) in the week, by purpose,
    wherever the household lives.
``followups``
    Disputes in his grids resolved at week end whose follow-up visit (回访)
    was due in the week, or was already overdue when the week began; ``done``
    when it was made by week end (:func:`layers.assessment.monthly.followups_overdue_at`).
``key_persons_overdue``
    Key persons of his grids overdue at week end against their own cycles,
    the station's (:func:`layers.assessment.key_persons.key_persons_overdue_at`).
``disputes_open``
    Disputes of his grids open at week end, by grade.
``to_visit``
    The households to visit next week: key persons overdue first, then the
    households of follow-ups not made, then households never visited; each
    household once, by house number within each group. Head names are masked
    (张*华) unless full details are asked for.

Examples
--------
>>> period = week_period("2026-W48")
>>> period.monday, period.sunday
(datetime.date(2026, 11, 23), datetime.date(2026, 11, 29))
>>> period.start
Timestamp('2026-11-22 16:00:00+0000', tz='UTC')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from layers.assessment.key_persons import key_persons_overdue_at
from layers.assessment.monthly import (
    GRADES,
    dispute_grid,
    followups_overdue_at,
    household_grid_keys,
    read_layers,
    resolved_by,
)
from layers.assessment.monthly import READ_COLUMNS as ASSESSMENT_COLUMNS
from layers.errors import InvalidWeekError, UnknownOfficerError
from layers.feedback import Feedback
from layers.privacy import mask_frame
from layers.store import ProjectStore
from layers.values import STATION_TIMEZONE
from layers.visit_cycles import DEFAULT_CYCLES, KeyPersonCycles
from layers.vocabulary import Grade, VisitPurpose, Vocabulary

READ_COLUMNS = {
    "grids": ASSESSMENT_COLUMNS["grids"],
    "households": [*ASSESSMENT_COLUMNS["households"], "house_no", "head_name"],
    "disputes": ASSESSMENT_COLUMNS["disputes"],
    "visits": [*ASSESSMENT_COLUMNS["visits"], "officer"],
}


class VisitReason(Vocabulary):
    """Why a household is on next week's list, in the order the list takes them."""

    KEY_PERSON_OVERDUE = "key_person_overdue", "重点人员逾期"
    FOLLOWUP_DUE = "followup_due", "纠纷回访"
    NEVER_VISITED = "never_visited", "从未走访"


@dataclass(frozen=True)
class WeekPeriod:
    """An ISO week in the station's time zone, as UTC instants: ``start <= moment < end``."""

    week: str
    start: pd.Timestamp
    end: pd.Timestamp
    monday: date
    sunday: date

    @property
    def year(self) -> int:
        return self.monday.isocalendar().year

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week


def week_period(text: str) -> WeekPeriod:
    """The week written ``YYYY-Www``; :class:`~layers.errors.InvalidWeekError` names anything else."""
    match = re.fullmatch(r"(\d{4})-[Ww](\d{2})", text.strip())
    if not match:
        raise InvalidWeekError(given=text)
    try:
        monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:  # week 00, or week 53 of a year with 52
        raise InvalidWeekError(given=text) from None
    start = pd.Timestamp(monday).tz_localize(STATION_TIMEZONE)
    end = start + pd.Timedelta(days=7)
    week = f"{match.group(1)}-W{match.group(2)}"
    return WeekPeriod(week, start.tz_convert("UTC"), end.tz_convert("UTC"), monday, monday + pd.Timedelta(days=6))


@dataclass(frozen=True)
class FollowUp:
    """A dispute follow-up on an officer's list; names masked unless full details were asked for."""

    house_no: str
    head_name: str
    grade: str
    due: date
    done: bool


@dataclass(frozen=True)
class HouseholdToVisit:
    house_no: str
    head_name: str
    reason: VisitReason


@dataclass(frozen=True)
class OfficerWeek:
    """One officer's sheet for the week."""

    officer: str
    grid_codes: tuple[str, ...]
    visits_by_purpose: dict[str, int]
    followups: tuple[FollowUp, ...]
    key_persons_overdue: int
    disputes_open: dict[str, int]
    to_visit: tuple[HouseholdToVisit, ...]

    @property
    def visits(self) -> int:
        return sum(self.visits_by_purpose.values())


@dataclass(frozen=True)
class WeeklySheet:
    """The week's sheets of a station, one per officer by name; ``show_personal`` says whether names are full."""

    period: WeekPeriod
    station_name: str
    officers: tuple[OfficerWeek, ...]
    show_personal: bool


def weekly_sheet(
    store: ProjectStore,
    week: str,
    officer: str | None = None,
    show_personal: bool = False,
    feedback: Feedback | None = None,
) -> WeeklySheet:
    """The sheet of ``week`` (``YYYY-Www``) for ``officer``, or for every officer named on a grid or a visit."""
    period = week_period(week)
    feedback = feedback or Feedback()
    frames = read_layers(store, READ_COLUMNS, feedback, period.start, period.end)
    week_data = WeekData.build(period, **frames, cycles=KeyPersonCycles.from_settings(store.settings()))
    names = week_data.officers()
    if officer is not None:
        if officer not in names:
            raise UnknownOfficerError(officer=officer)
        names = [officer]
    sheets = tuple(week_data.officer_week(name, show_personal) for name in names)
    feedback.set_progress(100)
    return WeeklySheet(period, store.settings().get("station", ""), sheets, show_personal)


@dataclass(frozen=True)
class WeekData:
    """The project's records with the week's judgements computed once for all officers."""

    period: WeekPeriod
    grids: pd.DataFrame
    households: pd.DataFrame
    disputes: pd.DataFrame
    visits: pd.DataFrame
    household_grid: np.ndarray
    in_week: np.ndarray
    key_overdue: np.ndarray
    never_visited: np.ndarray
    dispute_grid: np.ndarray
    open_at_end: np.ndarray
    followup_listed: np.ndarray
    followup_done: np.ndarray

    @classmethod
    def build(
        cls, period: WeekPeriod, grids: pd.DataFrame, households: pd.DataFrame, disputes: pd.DataFrame,
        visits: pd.DataFrame, cycles: KeyPersonCycles = DEFAULT_CYCLES,
    ) -> WeekData:  # fmt: skip
        households = households.reset_index(drop=True)
        household_grid = household_grid_keys(households)
        visit_household = pd.Index(households["id"]).get_indexer(visits["household_id"])
        moment = visits["visited_at"]
        in_week = ((moment >= period.start) & (moment < period.end)).to_numpy()
        seen_by_end = (moment < period.end).to_numpy() & (visit_household >= 0)
        never_visited = ~np.isin(np.arange(len(households)), visit_household[seen_by_end])
        due = pd.to_datetime(disputes["followup_due"])
        due_in_week = ((due >= pd.Timestamp(period.monday)) & (due <= pd.Timestamp(period.sunday))).to_numpy()
        overdue_at_start = followups_overdue_at(period.start, disputes, visits)
        listed = resolved_by(period.end, disputes) & (due_in_week | overdue_at_start)
        return cls(
            period=period,
            grids=grids,
            households=households,
            disputes=disputes,
            visits=visits,
            household_grid=household_grid,
            in_week=in_week,
            key_overdue=key_persons_overdue_at(period.end, grids, households, visits, visit_household, cycles=cycles),
            never_visited=never_visited,
            dispute_grid=dispute_grid(disputes, households, household_grid),
            open_at_end=(disputes["reported_at"] < period.end).to_numpy() & ~resolved_by(period.end, disputes),
            followup_listed=listed,
            followup_done=listed & ~followups_overdue_at(period.end, disputes, visits),
        )

    def officers(self) -> list[str]:
        """Officers named on a grid or on a visit of the week, by name."""
        named = pd.concat([self.grids["officer"], self.visits["officer"][self.in_week]]).dropna()
        return sorted(set(named) - {""})

    def officer_week(self, officer: str, show_personal: bool) -> OfficerWeek:
        his_grids = self.grids[self.grids["officer"] == officer].sort_values("code", kind="stable")
        grid_ids = his_grids["id"].to_numpy(dtype=object)
        his_households = np.isin(self.household_grid, grid_ids)
        his_disputes = np.isin(self.dispute_grid, grid_ids)
        recorded = self.visits[self.in_week & (self.visits["officer"] == officer).to_numpy()]
        purposes = recorded["purpose"].value_counts().reindex(list(VisitPurpose.codes()), fill_value=0)
        open_grades = self.disputes["grade"][his_disputes & self.open_at_end].value_counts()
        followups = self.disputes[his_disputes & self.followup_listed]
        done = self.followup_done[his_disputes & self.followup_listed]
        return OfficerWeek(
            officer=officer,
            grid_codes=tuple(his_grids["code"]),
            visits_by_purpose={code: int(count) for code, count in purposes.items()},
            followups=self._followups(followups, done, show_personal),
            key_persons_overdue=int((his_households & self.key_overdue).sum()),
            disputes_open={grade: int(open_grades.get(grade, 0)) for grade in GRADES},
            to_visit=self._to_visit(his_households, followups[~done], show_personal),
        )

    def _named(self, rows: np.ndarray, show_personal: bool) -> pd.DataFrame:
        """House number and head name of household ``rows`` (-1: none), masked unless asked otherwise."""
        known = rows >= 0
        frame = pd.DataFrame({"house_no": [""] * len(rows), "head_name": [""] * len(rows)}, dtype=object)
        frame.loc[known, ["house_no", "head_name"]] = self.households[["house_no", "head_name"]].to_numpy(dtype=object)[
            rows[known]
        ]
        return mask_frame("households", frame.fillna(""), show_personal)

    def _household_rows(self, disputes: pd.DataFrame) -> np.ndarray:
        return pd.Index(self.households["id"]).get_indexer(disputes["household_id"])

    def _followups(self, disputes: pd.DataFrame, done: np.ndarray, show_personal: bool) -> tuple[FollowUp, ...]:
        named = self._named(self._household_rows(disputes), show_personal)
        due = pd.to_datetime(disputes["followup_due"]).dt.date.to_numpy()
        entries = sorted(
            zip(due, named["house_no"], named["head_name"], disputes["grade"], done, strict=True),
            key=lambda entry: (entry[0], entry[1]),
        )
        return tuple(
            FollowUp(house_no, head_name, Grade(grade).value, due_day, bool(made))
            for due_day, house_no, head_name, grade, made in entries
        )

    def _to_visit(
        self, his_households: np.ndarray, followups_not_made: pd.DataFrame, show_personal: bool
    ) -> tuple[HouseholdToVisit, ...]:
        followup_rows = self._household_rows(followups_not_made)
        groups = [
            (VisitReason.KEY_PERSON_OVERDUE, np.flatnonzero(his_households & self.key_overdue)),
            (VisitReason.FOLLOWUP_DUE, np.unique(followup_rows[followup_rows >= 0])),
            (VisitReason.NEVER_VISITED, np.flatnonzero(his_households & self.never_visited)),
        ]
        listed = pd.DataFrame(
            {
                "row": np.concatenate([rows for _, rows in groups]),
                "reason": np.concatenate([[reason] * len(rows) for reason, rows in groups]).astype(object),
                "order": np.concatenate([[order] * len(rows) for order, (_, rows) in enumerate(groups)]),
            }
        )
        listed["house_no"] = self.households["house_no"].to_numpy(dtype=object)[listed["row"].to_numpy(dtype=int)]
        listed["number"] = pd.to_numeric(listed["house_no"].astype(str).str.extract(r"^(\d+)")[0], errors="coerce")
        # house 57 before house 109, as the officer walks the lane; numbers with text after (12-1) by their digits
        listed = listed.drop_duplicates("row").sort_values(["order", "number", "house_no"], kind="stable")
        named = self._named(listed["row"].to_numpy(dtype=int), show_personal)
        return tuple(
            HouseholdToVisit(house_no, head_name, VisitReason(reason))
            for house_no, head_name, reason in zip(named["house_no"], named["head_name"], listed["reason"], strict=True)
        )
