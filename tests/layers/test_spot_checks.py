"""The daily spot check: a reproducible sample of a day's visits per officer, results recorded, grid targets."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from layers.assessment.monthly import monthly_report
from layers.assessment.spot_checks import SpotCheckError, record_spot_check, spot_check_sample
from layers.errors import ConflictError
from layers.store.base import new_feature
from layers.values import STATION_TIMEZONE

pytestmark = pytest.mark.clock  # call-backs are stamped now and counted by day

BEIJING = STATION_TIMEZONE
DAY = date(2026, 5, 12)


def _busy_day(store, visits_per_officer: int = 8) -> None:
    """Two officers with ``visits_per_officer`` visits each on :data:`DAY`, plus one at each edge of the day."""
    house_a, house_b = store.standard["house_1"].id, store.standard["house_3"].id
    with store.edit():
        for officer, household in (("马文华", house_a), ("丁海", house_b)):
            for hour in range(visits_per_officer):
                store.insert(
                    new_feature(
                        "visits",
                        None,
                        household_id=household,
                        visited_at=datetime(2026, 5, 12, 8 + hour, 0, tzinfo=BEIJING),
                        officer=officer,
                    )
                )
        store.insert(new_feature("visits", None, household_id=house_a, officer="马文华",
                                 visited_at=datetime(2026, 5, 11, 23, 59, tzinfo=BEIJING)))  # fmt: skip
        store.insert(new_feature("visits", None, household_id=house_a, officer="马文华",
                                 visited_at=datetime(2026, 5, 13, 0, 0, tzinfo=BEIJING)))  # fmt: skip


def test_the_same_day_always_gives_the_same_sample(make_project):
    store = make_project()
    _busy_day(store)
    first = spot_check_sample(store, DAY)
    again = spot_check_sample(store, DAY)
    assert first["visit_id"].tolist() == again["visit_id"].tolist()
    other_seed = spot_check_sample(store, DAY, seed="another draw")
    assert set(other_seed["visit_id"]) != set(first["visit_id"])


def test_another_day_draws_another_sample(make_project):
    store = make_project()
    _busy_day(store)
    house_a, house_b = store.standard["house_1"].id, store.standard["house_3"].id
    with store.edit():  # the next day looks exactly like this one
        for officer, household in (("马文华", house_a), ("丁海", house_b)):
            for hour in range(1, 8):
                store.insert(new_feature("visits", None, household_id=household, officer=officer,
                                         visited_at=datetime(2026, 5, 13, 8 + hour, 0, tzinfo=BEIJING)))  # fmt: skip
    today = spot_check_sample(store, DAY)
    tomorrow = spot_check_sample(store, date(2026, 5, 13))
    assert set(today["visit_id"]).isdisjoint(tomorrow["visit_id"])
    hours = {officer: [moment.hour for moment in group] for officer, group in today.groupby("officer")["visited_at"]}
    next_hours = {
        officer: [moment.hour for moment in group] for officer, group in tomorrow.groupby("officer")["visited_at"]
    }
    assert hours != next_hours  # another seed, not the same positions in the day


def test_only_visits_of_that_local_day_are_sampled(make_project):
    store = make_project()
    _busy_day(store, visits_per_officer=1)
    sample = spot_check_sample(store, DAY, per_officer=10)
    local_days = {moment.date() for moment in sample["visited_at"]}
    assert local_days == {DAY} and len(sample) == 2  # 23:59 the day before and 00:00 the day after stay out
    assert {moment.date() for moment in spot_check_sample(store, date(2026, 5, 11), per_officer=10)["visited_at"]} == {
        date(2026, 5, 11)
    }
    thirteenth = spot_check_sample(store, date(2026, 5, 13), per_officer=10)
    assert thirteenth["visited_at"].tolist() == [datetime(2026, 5, 13, 0, 0, tzinfo=BEIJING)]


def test_each_officer_gets_at_most_the_asked_number(make_project):
    store = make_project()
    _busy_day(store)
    sample = spot_check_sample(store, DAY, per_officer=3)
    assert sample["officer"].value_counts().to_dict() == {"马文华": 3, "丁海": 3}
    assert spot_check_sample(store, DAY, per_officer=20)["officer"].value_counts().to_dict() == {"马文华": 8, "丁海": 8}
    with pytest.raises(SpotCheckError, match="at least 1"):
        spot_check_sample(store, DAY, per_officer=0)


def test_the_sample_names_the_household_to_call_unmasked(make_project):
    store = make_project()
    _busy_day(store, visits_per_officer=1)
    sample = spot_check_sample(store, DAY).set_index("officer")
    house_1 = store.standard["house_1"]
    assert sample.loc["马文华", "house_no"] == house_1["house_no"]
    assert sample.loc["马文华", "head_name"] == house_1["head_name"] and "*" not in house_1["head_name"]
    assert sample.loc["马文华", "phone"] == house_1["phone"]


def test_a_recorded_result_updates_the_visit_and_counts_in_its_month(make_project):
    store = make_project()
    _busy_day(store)
    sample = spot_check_sample(store, DAY, per_officer=2)
    at = datetime(2026, 5, 12, 18, 0, tzinfo=BEIJING)
    results = ["confirmed", "confirmed", "unreachable", "not_confirmed"]
    for visit_id, result in zip(sample["visit_id"], results):
        stored = record_spot_check(store, visit_id, result, "马所长", at)
        assert stored["spot_check"] == result and stored["spot_checked_by"] == "马所长"
        assert stored["spot_checked_at"] == at and stored.version == 2
    by_code = {grid.code: grid.figures for grid in monthly_report(store, "2026-05").grids}
    counts = {code: figures.spot_checks for code, figures in by_code.items()}
    grid_of = {"马文华": store.standard["grid_a"]["code"], "丁海": store.standard["grid_b"]["code"]}
    expected = {code: {"confirmed": 0, "not_confirmed": 0, "unreachable": 0} for code in by_code}
    for officer, result in zip(sample["officer"], results):
        expected[grid_of[officer]][result] += 1
    assert counts == expected
    station = monthly_report(store, "2026-05").station
    assert station.spot_checks == {"confirmed": 2, "not_confirmed": 1, "unreachable": 1}
    assert monthly_report(store, "2026-04").station.spot_checked == 0


def test_recording_refuses_bad_input_and_stale_versions(make_project):
    store = make_project()
    visit = store.standard["visit_1"]
    at = datetime(2026, 4, 1, 9, 0, tzinfo=BEIJING)
    with pytest.raises(SpotCheckError, match="'maybe' is not a result"):
        record_spot_check(store, visit.id, "maybe", "马所长", at)
    with pytest.raises(SpotCheckError, match="name who called"):
        record_spot_check(store, visit.id, "confirmed", "  ", at)
    record_spot_check(store, visit.id, "confirmed", "马所长", at)
    with pytest.raises(ConflictError):
        record_spot_check(store, visit.id, "unreachable", "马所长", at, expected_version=1)
    assert store.get("visits", visit.id)["spot_check"] == "confirmed"


def test_a_target_gives_progress_and_no_target_gives_none(make_project):
    store = make_project()
    grid_a = store.standard["grid_a"]
    store.update("grids", grid_a.id, {"monthly_visit_target": 4}, grid_a.version)
    report = monthly_report(store, "2026-03")
    by_code = {grid.code: grid.figures for grid in report.grids}
    with_target, without = by_code[grid_a["code"]], by_code[store.standard["grid_b"]["code"]]
    assert with_target.households_visited == 1  # visit_1 at 23:59 on 31 March
    assert with_target.visit_target == 4 and with_target.target_progress == 0.25
    assert without.visit_target == 0 and without.target_progress is None
    assert report.grids[0].to_json()["target_progress"] == 0.25
    assert without.to_json()["visit_target"] is None and without.to_json()["target_progress"] is None
    # the station's progress counts only the grids with a task list
    assert report.station.visit_target == 4 and report.station.target_progress == 0.25
