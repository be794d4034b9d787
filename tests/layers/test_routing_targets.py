"""The station's rules choose the households of the day, on the demo village, checked against pandas counts."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, time, timedelta

import numpy as np
import pandas as pd
import pytest

from layers.errors import UnknownOfficerError
from layers.routing.errors import NoPoliceOfficeError, RulesFileError
from layers.routing.plan import RouteSettings, plan_day
from layers.routing.roads import project_roads
from layers.routing.targets import TargetRules, find_targets, police_office
from layers.store import new_feature, open_project
from layers.store.gpkg import GeoPackageStore
from layers.values import STATION_TIMEZONE
from layers.vocabulary import VisitPurpose
from tests.conftest import DEMO_AS_OF
from tests.layers.test_assessment import key_person_cycles, own_cycles

MORNING = datetime.combine(DEMO_AS_OF, time(8), STATION_TIMEZONE)


@pytest.fixture(scope="module")
def demo(demo_village_path):
    with open_project(demo_village_path) as store:
        yield store


def _last_visits(store) -> tuple[pd.DataFrame, pd.Series]:
    households = store.read("households", columns=["id", "grid_id", "key_person"])
    visits = store.read("visits", columns=["household_id", "visited_at"])
    before = visits[visits["visited_at"] < pd.Timestamp(MORNING)]
    return households, before.groupby("household_id")["visited_at"].max()


def test_each_target_carries_the_weight_of_its_weightiest_reason(demo):
    rules = TargetRules()
    found = find_targets(demo, rules, MORNING)
    assert found.targets, "the demo village has households to visit"
    for stop in found.targets:
        assert stop.priority == max(getattr(rules, reason) for reason in stop.reasons)
        assert stop.household_id == stop.id
    priorities = [stop.priority for stop in found.targets]
    assert priorities == sorted(priorities, reverse=True)
    assert len({stop.id for stop in found.targets}) == len(found.targets), "one stop per household"


def test_never_visited_and_key_persons_overdue_match_a_pandas_count(demo):
    households, last_visit = _last_visits(demo)
    grids = demo.read("grids", columns=["id", "visit_cycle_days"]).set_index("id")["visit_cycle_days"]
    last = households["id"].map(last_visit)
    never = set(households["id"][last.isna()])
    age_days = (pd.Timestamp(MORNING) - last).dt.total_seconds() / 86400
    cycle = own_cycles(households, households["grid_id"].map(grids).fillna(30), key_person_cycles(demo.location))
    key = households["key_person"].fillna("") != ""
    overdue = set(households["id"][key & (last.isna() | (age_days > cycle))])

    found = find_targets(demo, TargetRules(), MORNING)
    by_reason = {reason: {stop.id for stop in found.targets if reason in stop.reasons}
                 for reason in ("never_visited", "key_person_overdue")}  # fmt: skip
    assert by_reason["never_visited"] == never
    assert by_reason["key_person_overdue"] == overdue
    assert overdue, "the demo village has key persons overdue"


def test_open_disputes_by_grade_are_targets_with_their_grade_weight(demo):
    disputes = demo.read("disputes", columns=["household_id", "grade", "status", "reported_at"])
    open_now = disputes[disputes["status"].isin(["open", "mediating", "escalated"])]
    found = find_targets(demo, TargetRules(dispute_yellow=70, dispute_green=10), MORNING)
    for grade in ("red", "orange", "yellow", "green"):
        expected = set(open_now["household_id"][open_now["grade"] == grade])
        assert {stop.id for stop in found.targets if f"dispute_{grade}" in stop.reasons} == expected
    assert not any("dispute_green" in stop.reasons for stop in find_targets(demo, TargetRules(), MORNING).targets)


def test_a_station_changes_the_weights_with_a_rules_file(demo, tmp_path):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"never_visited": 0, "key_person_overdue": 90}), encoding="utf-8")
    rules = TargetRules.from_file(path)
    found = find_targets(demo, rules, MORNING)
    assert not any(stop.reasons == ("never_visited",) for stop in found.targets)
    assert {stop.priority for stop in found.targets if "key_person_overdue" in stop.reasons} == {90.0}
    path.write_text(json.dumps({"red": 100}), encoding="utf-8")
    with pytest.raises(RulesFileError, match="no rule is called 'red'"):
        TargetRules.from_file(path)
    path.write_text(json.dumps({"dispute_red": "high"}), encoding="utf-8")
    with pytest.raises(RulesFileError, match="must be a whole number"):
        TargetRules.from_file(path)


def test_an_officer_gets_the_targets_of_his_grids_only(demo):
    grids = demo.read("grids", columns=["id", "officer"])
    officer = grids["officer"].iloc[0]
    his = set(grids["id"][grids["officer"] == officer])
    households = demo.read("households", columns=["id", "grid_id"]).set_index("id")["grid_id"]
    found = find_targets(demo, TargetRules(), MORNING, officer=officer)
    assert found.targets
    assert all(households[stop.id] in his for stop in found.targets)
    assert len(found.targets) < len(find_targets(demo, TargetRules(), MORNING).targets)
    with pytest.raises(UnknownOfficerError):
        find_targets(demo, TargetRules(), MORNING, officer="没有这个人")


def test_households_picked_on_the_map_are_stops_with_their_rule_reasons_kept(demo):
    grids = demo.read("grids", columns=["id", "officer"])
    officer = grids["officer"].iloc[0]
    households = demo.read("households", columns=["id", "grid_id"])
    ruled = find_targets(demo, TargetRules(), MORNING, officer=officer)
    already = ruled.targets[0].id  # picked and named by a rule: one stop, both reasons
    elsewhere = households["id"][households["grid_id"] != grids["id"].iloc[0]]
    outside = next(i for i in elsewhere if i not in {stop.id for stop in ruled.targets})  # not his grid, no rule
    found = find_targets(demo, TargetRules(), MORNING, officer=officer, picked=[already, outside])
    by_id = {stop.id: stop for stop in found.targets}
    assert len(found.targets) == len(ruled.targets) + 1
    assert by_id[outside].reasons == ("picked",) and by_id[outside].priority == TargetRules().picked
    assert set(by_id[already].reasons) == {*ruled.targets[0].reasons, "picked"}
    off = find_targets(demo, TargetRules(picked=0), MORNING, officer=officer, picked=[outside])
    assert outside not in {stop.id for stop in off.targets}


def test_labels_mask_the_head_name_unless_asked(demo):
    masked = find_targets(demo, TargetRules(), MORNING).targets[0]
    full = find_targets(demo, TargetRules(), MORNING, show_personal=True).targets[0]
    assert "*" in masked.label and "*" not in full.label
    assert masked.label.split()[0] == full.label.split()[0], "both start with the house number"


def test_a_day_in_the_demo_village_starts_at_the_police_office_and_keeps_the_weightiest(demo):
    office = police_office(demo)
    assert office.label.endswith("警务室")
    targets = find_targets(demo, TargetRules(), MORNING).targets
    roads = project_roads(demo)
    assert roads.pieces.count == 1, "the demo's lanes, drawn a few metres short of the main road, are joined to it"
    plan = plan_day(targets, office, roads, settings=RouteSettings(budget_h=3.0, search_seconds=0.3))
    assert plan.order[0] == office.id
    assert not plan.straight_line and plan.minutes <= 180 + 1e-6
    assert plan.dropped
    kept = np.array([stop.stop.priority for stop in plan.stops])
    left_out = np.array([dropped.stop.priority for dropped in plan.dropped])
    assert kept.mean() > left_out.mean()
    assert max(left_out) <= max(kept)


def test_the_other_party_of_an_open_dispute_is_a_stop_for_the_same_reason(make_project):
    store = make_project()
    dispute, other = store.standard["dispute_1"], store.standard["house_3"]  # red, open, at house 2
    before = {stop.id: stop.reasons for stop in find_targets(store, TargetRules(), MORNING).targets}
    assert "dispute_red" not in before.get(other.id, ())
    store.update("disputes", dispute.id, {"party_households": other.id}, dispute.version)
    after = {stop.id: stop.reasons for stop in find_targets(store, TargetRules(), MORNING).targets}
    assert "dispute_red" in after[other.id] and "dispute_red" in after[dispute["household_id"]]


def test_without_a_police_office_the_error_says_what_to_add_or_choose(make_project):
    store = make_project(with_data=False)
    with pytest.raises(NoPoliceOfficeError, match="no police office landmark to start from") as raised:
        police_office(store)
    assert "choose another place to start" in str(raised.value)
    assert "--" not in str(raised.value), "the domain names no option of the command line"


def _rows_read(monkeypatch, layer: str) -> list[int]:
    """The number of records of ``layer`` each ``read`` of the file hands over from now on."""
    read_rows, read = [], GeoPackageStore.read

    def counted(store, name, *args, **kwargs):
        frame = read(store, name, *args, **kwargs)
        read_rows.extend([len(frame)] if name == layer else [])
        return frame

    monkeypatch.setattr(GeoPackageStore, "read", counted)
    return read_rows


def test_the_targets_read_the_follow_up_visits_not_every_visit(demo, monkeypatch):
    """A county keeps millions of visits: each household's last one is found by the database."""
    purposes = demo.read("visits", columns=["purpose"])["purpose"]
    followups = int((purposes == VisitPurpose.DISPUTE_FOLLOWUP.value).sum())
    read_rows = _rows_read(monkeypatch, "visits")
    assert find_targets(demo, TargetRules(), MORNING).targets
    assert 0 < sum(read_rows) == followups < len(purposes) / 10


def test_an_officers_plan_reads_his_grids_and_finds_what_the_stations_plan_finds_there(
    demo_village_path, tmp_path, monkeypatch
):
    """His grids' households are read, not the county's; a dispute in his grid at a household of another grid
    is that household's stop, never one at the dispute's own place."""
    path = tmp_path / "village.gpkg"
    shutil.copy(demo_village_path, path)
    with open_project(path) as store:
        grids = store.read("grids", columns=["id", "officer"])
        officer = grids["officer"].iloc[0]
        his = set(grids["id"][grids["officer"] == officer])
        households = store.read("households", columns=["id", "grid_id"])
        elsewhere = households["id"][~households["grid_id"].isin(his)].iloc[0]
        dispute = store.read("disputes", columns=["id", "version"]).iloc[0]
        opened = {"status": "open", "grade": "red", "resolved_at": None, "reported_at": MORNING - timedelta(days=3)}
        store.update("disputes", dispute["id"], {"grid_id": sorted(his)[0], "household_id": elsewhere, **opened},
                     dispute["version"])  # fmt: skip
        station = find_targets(store, TargetRules(), MORNING).targets
        read_rows = _rows_read(monkeypatch, "households")
        his_stops = find_targets(store, TargetRules(), MORNING, officer=officer).targets
        households_read = sum(read_rows)
        every_officers = {name: find_targets(store, TargetRules(), MORNING, officer=name).targets
                          for name in grids["officer"].unique()}  # fmt: skip

    grid_of = households.set_index("id")["grid_id"]
    officer_of = grids.set_index("id")["officer"]
    for name, stops in every_officers.items():
        expected = [stop for stop in station if stop.household_id is not None and officer_of[grid_of[stop.id]] == name]
        assert {stop.id: stop.reasons for stop in stops} == {stop.id: stop.reasons for stop in expected}, name
    reasons = {reason for stops in every_officers.values() for stop in stops for reason in stop.reasons}
    assert {"followup_overdue", "key_person_overdue", "never_visited", "dispute_red"} <= reasons
    assert elsewhere in {stop.id for stop in station} and dispute["id"] not in {stop.id for stop in his_stops}
    assert households_read < len(households) / 2


def test_an_officers_plan_sees_the_follow_up_visit_made_to_his_dispute(make_project):
    store = make_project()
    dispute, house = store.standard["dispute_2"], store.standard["house_3"]  # green, YH-02, follow-up due 18 Feb
    grids = store.read("grids", columns=["code", "officer"])
    officer = grids["officer"][grids["code"] == "YH-02"].iloc[0]
    moment = datetime(2026, 3, 5, 8, tzinfo=STATION_TIMEZONE)

    def reasons() -> tuple[str, ...]:
        stops = {stop.id: stop for stop in find_targets(store, TargetRules(), moment, officer=officer).targets}
        return stops[house.id].reasons if house.id in stops else ()

    assert "followup_overdue" in reasons()
    made = datetime(2026, 3, 2, 10, tzinfo=STATION_TIMEZONE)
    store.insert(new_feature("visits", None, household_id=house.id, visited_at=made, officer=officer,
                             purpose="dispute_followup", dispute_id=dispute.id))  # fmt: skip
    assert "followup_overdue" not in reasons()
