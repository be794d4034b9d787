"""The 346 dispute workflow: every step it allows, the ones it refuses, a whole life written to a real project."""

from __future__ import annotations

import doctest
import json
import logging
import shutil
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from shapely import Point

import layers.disputes.workflow
from layers.assessment.monthly import monthly_report, resolved_by
from layers.disputes.workflow import (
    OVERDUE_COLUMNS,
    DisputeAction,
    DisputeWithoutHouseholdError,
    FollowupPolicy,
    InvalidTransitionError,
    allowed_actions,
    followup_visit,
    overdue_followups,
    transition,
)
from layers.errors import ConflictError
from layers.store import GeoPackageStore, new_feature
from layers.visit_cycles import InvalidPolicyError
from layers.vocabulary import Grade
from tests.standard_data import BEIJING

pytestmark = pytest.mark.clock  # a follow-up falls due so many Beijing days after the moment of settlement

AT = datetime(2026, 4, 10, 15, 0, tzinfo=BEIJING)
POLICY = FollowupPolicy()
A = DisputeAction


def dispute(status: str, level: str = "village", grade: str = "yellow", followed_up_at=None, **more) -> dict:
    return {"id": "d-1", "status": status, "level": level, "grade": grade, "followed_up_at": followed_up_at,
            "household_id": "h-1", **more}  # fmt: skip


def test_the_module_examples_run():
    assert doctest.testmod(layers.disputes.workflow).failed == 0


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (dispute("open"), (A.START_MEDIATION, A.ESCALATE)),
        (dispute("open", "township"), (A.START_MEDIATION, A.ESCALATE)),
        (dispute("open", "county"), (A.START_MEDIATION,)),
        (dispute("mediating"), (A.ESCALATE, A.RESOLVE)),
        (dispute("mediating", "county"), (A.RESOLVE,)),
        (dispute("escalated", "township"), (A.TAKE_UP,)),
        (dispute("resolved"), (A.FOLLOW_UP, A.REOPEN)),
        (dispute("resolved", followed_up_at=AT), (A.REOPEN,)),
        (dispute("resolved", followed_up_at=pd.NaT), (A.FOLLOW_UP, A.REOPEN)),  # a row read with store.read
        (dispute("settled"), ()),  # a status another tool wrote
    ],
)
def test_the_buttons_offered_follow_the_status(record, expected):
    assert allowed_actions(record) == expected


@pytest.mark.parametrize(
    ("record", "action", "details", "expected"),
    [
        (dispute("open"), A.START_MEDIATION, {"mediator": "马老师"}, {"status": "mediating", "mediator": "马老师"}),
        (dispute("open"), A.START_MEDIATION, {}, {"status": "mediating"}),
        (dispute("open"), A.ESCALATE, {}, {"status": "escalated", "level": "township"}),
        (dispute("mediating"), A.ESCALATE, {}, {"status": "escalated", "level": "township"}),
        (dispute("mediating", "township"), A.ESCALATE, {}, {"status": "escalated", "level": "county"}),
        (dispute("escalated", "county"), A.TAKE_UP, {"mediator": "县调委会"},
         {"status": "mediating", "mediator": "县调委会"}),
        (dispute("mediating", grade="yellow"), A.RESOLVE, {"agreement_signed": True},
         {"status": "resolved", "resolved_at": AT, "followup_due": date(2026, 4, 20), "followed_up_at": None,
          "agreement_signed": True}),
        (dispute("resolved", resolved_at=AT), A.FOLLOW_UP, {}, {"followed_up_at": AT}),
        (dispute("resolved", resolved_at=AT), A.REOPEN, {}, {"status": "mediating"}),
    ],
)  # fmt: skip
def test_every_allowed_step_returns_exactly_the_fields_it_changes(record, action, details, expected):
    assert transition(record, action, AT, POLICY, **details) == expected


@pytest.mark.parametrize(
    ("record", "action", "reason", "allowed"),
    [
        (dispute("open"), A.RESOLVE, "does not follow", "start_mediation (开始调解), escalate (上报上级调解)"),
        (dispute("open"), A.TAKE_UP, "does not follow", "start_mediation (开始调解), escalate (上报上级调解)"),
        (dispute("escalated", "township"), A.RESOLVE, "does not follow", "take_up (上级受理)"),
        (dispute("escalated", "township"), A.ESCALATE, "does not follow", "take_up (上级受理)"),
        (dispute("mediating", "county"), A.ESCALATE, "county is the highest", "resolve (化解)"),
        (dispute("mediating"), A.FOLLOW_UP, "does not follow", "escalate (上报上级调解), resolve (化解)"),
        (dispute("resolved"), A.ESCALATE, "does not follow", "follow_up (回访), reopen (重新调解)"),
        (dispute("resolved"), A.RESOLVE, "does not follow", "follow_up (回访), reopen (重新调解)"),
        (dispute("resolved", followed_up_at=AT), A.FOLLOW_UP, "already followed up", "reopen (重新调解)"),
        (dispute("open"), A.REOPEN, "does not follow", "start_mediation (开始调解), escalate (上报上级调解)"),
        (dispute("settled"), A.RESOLVE, "does not follow", "allowed next: -"),
    ],
)
def test_a_refused_step_names_the_dispute_its_status_and_what_is_allowed(record, action, reason, allowed):
    with pytest.raises(InvalidTransitionError) as raised:
        transition(record, action, AT, POLICY)
    message = str(raised.value)
    assert message.startswith("dispute d-1 is ") and f"cannot {action.value} ({action.zh})" in message
    assert reason in message and message.endswith(allowed)
    assert raised.value.status == record["status"] and raised.value.allowed == allowed_actions(record)


def test_the_message_names_the_status_and_level_in_both_languages():
    with pytest.raises(InvalidTransitionError, match=r"is mediating \(调解中\) at county \(县级\) level"):
        transition(dispute("mediating", "county"), A.ESCALATE, AT, POLICY)


def test_a_detail_the_step_does_not_take_and_a_moment_without_zone_are_refused():
    with pytest.raises(TypeError, match="escalate takes no mediator"):
        transition(dispute("open"), A.ESCALATE, AT, POLICY, mediator="马老师")
    with pytest.raises(TypeError, match="agreement_signed"):
        transition(dispute("open"), A.START_MEDIATION, AT, POLICY, agreement_signed=True)
    with pytest.raises(ValueError, match="time zone"):
        transition(dispute("mediating"), A.RESOLVE, datetime(2026, 4, 10, 15), POLICY)


@pytest.mark.parametrize(("grade", "due"), [("green", 15), ("yellow", 10), ("orange", 7), ("red", 3)])
def test_the_followup_falls_due_by_grade_harder_sooner(grade, due):
    changes = transition(dispute("mediating", grade=grade), A.RESOLVE, AT, POLICY)
    assert changes["followup_due"] == date(2026, 4, 10 + due)


def test_the_followup_day_counts_from_the_station_local_day_of_the_resolution():
    after_midnight = datetime(2026, 4, 10, 16, 30, tzinfo=UTC)  # 00:30 on 11 April in Ningxia
    changes = transition(dispute("mediating", grade="red"), A.RESOLVE, after_midnight, POLICY)
    assert changes["followup_due"] == date(2026, 4, 14)
    before_midnight = datetime(2026, 4, 10, 15, 30, tzinfo=UTC)  # 23:30 on 10 April
    assert transition(dispute("mediating", grade="red"), A.RESOLVE, before_midnight, POLICY)["followup_due"] == date(
        2026, 4, 13
    )


def apply(store, record, action: DisputeAction, at: datetime, policy: FollowupPolicy, **details):
    return store.update("disputes", record.id, transition(record, action, at, policy, **details), record.version)


def test_a_whole_life_written_to_a_project(make_project):
    store = make_project()
    house_2 = store.standard["house_2"]
    store.set_setting(*FollowupPolicy(orange=5).to_setting())
    policy = FollowupPolicy.from_settings(store.settings())
    record = store.insert(
        new_feature("disputes", house_2.geometry, household_id=house_2.id, grid_id=house_2["grid_id"], grade="orange",
                    kind="land", reported_at=datetime(2026, 4, 1, 9, tzinfo=BEIJING))
    )  # fmt: skip
    assert allowed_actions(record) == (A.START_MEDIATION, A.ESCALATE)
    record = apply(store, record, A.START_MEDIATION, datetime(2026, 4, 2, 9, tzinfo=BEIJING), policy, mediator="村调委")
    record = apply(store, record, A.ESCALATE, datetime(2026, 4, 5, 9, tzinfo=BEIJING), policy)
    assert (record["status"], record["level"], record["mediator"]) == ("escalated", "township", "村调委")
    record = apply(store, record, A.TAKE_UP, datetime(2026, 4, 6, 9, tzinfo=BEIJING), policy, mediator="乡司法所")
    record = apply(store, record, A.ESCALATE, datetime(2026, 4, 9, 9, tzinfo=BEIJING), policy)
    assert (record["status"], record["level"]) == ("escalated", "county")
    record = apply(store, record, A.TAKE_UP, datetime(2026, 4, 10, 9, tzinfo=BEIJING), policy, mediator="县调委会")
    assert allowed_actions(record) == (A.RESOLVE,)  # the county is the top
    resolved_at = datetime(2026, 4, 20, 16, tzinfo=BEIJING)
    record = apply(store, record, A.RESOLVE, resolved_at, policy, agreement_signed=True)
    assert (record["status"], record["level"], record["agreement_signed"]) == ("resolved", "county", True)
    assert record["resolved_at"] == resolved_at and record["followup_due"] == date(2026, 4, 25)  # orange: 5 days

    followed_at = datetime(2026, 4, 24, 10, tzinfo=BEIJING)
    visit = followup_visit(record, followed_at, "马文华", "双方履行协议")
    assert (visit["purpose"], visit["dispute_id"], visit["household_id"]) == ("dispute_followup", record.id, house_2.id)
    assert visit["visited_at"] == followed_at and visit.geometry == record.geometry
    with store.edit():  # what the desktop does in one undoable group
        record = apply(store, record, A.FOLLOW_UP, followed_at, policy)
        store.insert(visit)
    assert record["followed_up_at"] == followed_at and store.get("visits", visit.id)["notes"] == "双方履行协议"
    assert monthly_report(store, "2026-04").grids[0].figures.disputes_resolved["orange"] == 1
    assert allowed_actions(record) == (A.REOPEN,)

    record = apply(store, record, A.REOPEN, datetime.now(BEIJING), policy)
    assert (record["status"], record["resolved_at"]) == ("mediating", resolved_at)  # kept: resolved, then reopened
    frame = store.read("disputes")
    assert not resolved_by(pd.Timestamp.now(tz="UTC") + pd.Timedelta(minutes=1), frame)[frame["id"] == record.id][0]
    april = monthly_report(store, "2026-04").grids[0].figures
    assert april.disputes_resolved["orange"] == 1  # still resolved in the month it was

    again = datetime(2026, 5, 3, 11, tzinfo=BEIJING)
    record = apply(store, record, A.RESOLVE, again, policy)
    assert (record["status"], record["resolved_at"], record["followup_due"]) == ("resolved", again, date(2026, 5, 8))
    assert record["followed_up_at"] is None and record["agreement_signed"] is True  # a new follow-up is due
    assert record.version == 10


def test_changes_applied_against_an_old_version_are_refused(make_project):
    store = make_project()
    before = store.standard["dispute_1"]  # red, open, county
    store.update("disputes", before.id, {"mediator": "县调委会"}, before.version)  # someone else, meanwhile
    with pytest.raises(ConflictError):
        store.update("disputes", before.id, transition(before, A.START_MEDIATION, AT, POLICY), before.version)
    assert store.get("disputes", before.id)["status"] == "open"


def test_a_followup_visit_needs_the_disputes_household():
    with pytest.raises(DisputeWithoutHouseholdError, match="d-1 names no household"):
        followup_visit(dispute("resolved", household_id=None), AT, "马文华")


def test_the_followup_policy_goes_to_the_project_settings_and_back(make_project):
    store = make_project()
    assert FollowupPolicy.from_settings(store.settings()) == FollowupPolicy()
    assert FollowupPolicy().as_dict() == {"green": 15, "yellow": 10, "orange": 7, "red": 3}
    assert set(FollowupPolicy().as_dict()) == set(Grade.codes())
    store.set_setting(*FollowupPolicy(red=1, green=30).to_setting())
    assert json.loads(store.settings()["followup_days"]) == {"green": 30, "yellow": 10, "orange": 7, "red": 1}
    assert FollowupPolicy.from_settings(store.settings()) == FollowupPolicy(red=1, green=30)


@pytest.mark.parametrize("stored", ["not json", "[3, 7]", json.dumps({"red": -1, "green": 20})])
def test_a_damaged_followup_setting_falls_back_to_the_defaults(stored, caplog):
    with caplog.at_level(logging.WARNING):
        policy = FollowupPolicy.from_settings({"followup_days": stored})
    assert policy.red == 3 and policy.days("yellow") == 10 and "followup_days" in caplog.text
    assert policy.green == (20 if "green" in stored else 15)  # the good value of a partly damaged setting stays


@pytest.mark.parametrize("days", [0, 400, 2.5, False, "3"])
def test_a_followup_delay_that_is_no_number_of_days_is_refused(days):
    with pytest.raises(InvalidPolicyError, match="followup_days', red: .* is not a number of days"):
        FollowupPolicy(red=days)


def resolved_dispute(store, house, grade: str, due: date, **more):
    return store.insert(
        new_feature("disputes", house.geometry, household_id=house.id, grid_id=house["grid_id"], grade=grade,
                    kind="debt", status="resolved", reported_at=datetime(2026, 1, 5, tzinfo=BEIJING),
                    resolved_at=datetime(2026, 1, 20, tzinfo=BEIJING), followup_due=due, **more)
    )  # fmt: skip


def test_overdue_followups_by_hand(make_project):
    store = make_project()
    house_1, house_2 = store.standard["house_1"], store.standard["house_2"]
    red = resolved_dispute(store, house_1, "red", date(2026, 2, 10))
    resolved_dispute(store, house_2, "orange", date(2026, 2, 10))
    yesterday = resolved_dispute(store, house_2, "yellow", date(2026, 2, 28))
    resolved_dispute(store, house_1, "yellow", date(2026, 3, 1))  # due today: not overdue yet
    resolved_dispute(store, house_1, "red", date(2026, 2, 1), followed_up_at=datetime(2026, 2, 3, tzinfo=BEIJING))
    visited = resolved_dispute(store, house_2, "green", date(2026, 2, 1))
    store.insert(new_feature("visits", None, household_id=house_2.id, visited_at=datetime(2026, 2, 2, tzinfo=BEIJING),
                             officer="马文华", purpose="dispute_followup", dispute_id=visited.id))  # fmt: skip
    as_of = datetime(2026, 3, 1, 10, tzinfo=BEIJING)

    overdue = overdue_followups(store, as_of)
    assert list(overdue.columns) == list(OVERDUE_COLUMNS)
    rows = list(overdue[["grade", "house_no", "grid_code", "officer", "followup_due", "days_overdue"]].itertuples(
        index=False, name=None))  # fmt: skip
    assert rows == [
        ("red", "1", "YH-01", "马文华", date(2026, 2, 10), 19),  # red before orange, equally overdue
        ("orange", "2", "YH-01", "马文华", date(2026, 2, 10), 19),
        ("green", "3", "YH-02", "丁海", date(2026, 2, 18), 11),  # the standard data's dispute_2
        ("yellow", "2", "YH-01", "马文华", date(2026, 2, 28), 1),
    ]
    assert overdue["dispute_id"].iloc[0] == red.id and overdue["dispute_id"].iloc[-1] == yesterday.id
    assert overdue["head_name"].iloc[0] == "张文华"

    frames = {layer: store.read(layer) for layer in ("grids", "households", "disputes", "visits")}
    assert overdue_followups(frames, as_of).equals(overdue)  # the review window's frames give the same list
    with pytest.raises(ValueError, match="time zone"):
        overdue_followups(store, datetime(2026, 3, 1, 10))


def test_overdue_followups_at_month_end_are_the_monthly_assessments(demo_village_path, tmp_path):
    path = tmp_path / "demo.gpkg"
    shutil.copy(demo_village_path, path)
    with GeoPackageStore.open(path) as store:
        report = monthly_report(store, "2026-10")
        month_end = datetime(2026, 11, 1, tzinfo=BEIJING)
        overdue = overdue_followups(store, month_end)
    assert len(overdue) == report.station.followups_overdue > 0
    by_grid = overdue.groupby("grid_code").size()
    assert {grid.code: grid.figures.followups_overdue for grid in report.grids if grid.figures.followups_overdue} == (
        by_grid.to_dict()
    )
    assert (overdue["days_overdue"] >= 1).all() and overdue["days_overdue"].is_monotonic_decreasing


def test_a_dispute_in_no_grid_is_listed_without_officer(make_project):
    store = make_project()
    stray = store.insert(new_feature("households", Point(105.95, 36.95), house_no="9", head_name="王强"))
    resolved_dispute(store, stray, "yellow", date(2026, 2, 20))
    overdue = overdue_followups(store, datetime(2026, 2, 22, tzinfo=BEIJING))
    row = overdue[overdue["house_no"] == "9"].iloc[0]
    assert row["grid_id"] is None and row["grid_code"] is None and row["officer"] is None
    assert row["days_overdue"] == 2
