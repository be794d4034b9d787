"""Key persons' own visit cycles and the day's list of those due, against hand counts and a pandas oracle."""

from __future__ import annotations

import doctest
import json
import logging
from datetime import date, datetime, timedelta

import pandas as pd
import pyogrio
import pytest
from shapely import Point

import layers.assessment.key_persons
from layers.assessment.key_persons import DUE_COLUMNS, due_today
from layers.errors import UnknownOfficerError
from layers.store import GeoPackageStore, new_feature
from layers.visit_cycles import InvalidPolicyError, KeyPersonCycles
from layers.vocabulary import KeyPersonTag
from tests.conftest import DEMO_AS_OF
from tests.layers.test_assessment import KEY_PERSON_CYCLES, LOCAL, own_cycles
from tests.standard_data import BEIJING

pytestmark = pytest.mark.clock  # key persons fall due by calendar day in Beijing


def cycle_of(tags: str, grid_days: float = 30, cycles: KeyPersonCycles | None = None) -> float:
    household = pd.Series([tags])
    return (cycles or KeyPersonCycles()).household_cycle_days(household, pd.Series([grid_days])).iloc[0]


def test_the_module_examples_run():
    assert doctest.testmod(layers.assessment.key_persons).failed == 0


def test_every_tag_has_a_cycle_and_the_defaults_are_the_suggested_ones():
    cycles = KeyPersonCycles()
    assert set(cycles.as_dict()) == set(KeyPersonTag.codes())
    assert cycles.as_dict() == KEY_PERSON_CYCLES


@pytest.mark.parametrize(
    ("tags", "grid_days", "expected"),
    [
        ("elderly_alone", 30, 7),
        ("hardship", 60, 30),
        ("hardship", 20, 30),  # the tag's own cycle, even when the grid's is shorter
        ("hardship,left_behind_child", 60, 14),  # the shortest wins
        ("elderly_alone,hardship,disabled", 60, 7),
        ("disabled,hardship", 45, 14),
        ("widowed", 45, 45),  # a tag the policy does not know: the grid's cycle
        ("hardship,widowed", 45, 30),  # the shortest of the tag's cycle and the grid's
        ("hardship,widowed", 20, 20),
        ("", 45, 45),  # no key person: the grid's cycle
    ],
)
def test_a_households_cycle_is_the_shortest_of_its_tags(tags, grid_days, expected):
    assert cycle_of(tags, grid_days) == expected


def test_the_station_sets_its_own_cycles():
    cycles = KeyPersonCycles(hardship=10)
    assert cycle_of("hardship,left_behind_child", 60, cycles) == 10
    assert cycle_of("hardship", 60) == 30


@pytest.mark.parametrize("days", [0, -7, 366, 7.5, True, "7", None])
def test_a_value_that_is_no_number_of_days_is_refused_by_name(days):
    with pytest.raises(InvalidPolicyError) as raised:
        KeyPersonCycles(elderly_alone=days)
    message = str(raised.value)
    assert "key_person_cycles" in message and "elderly_alone" in message and "1 to 365" in message


def test_the_cycles_go_to_the_project_settings_and_back(make_project):
    store = make_project()
    assert KeyPersonCycles.from_settings(store.settings()) == KeyPersonCycles()  # none set: the defaults
    cycles = KeyPersonCycles(elderly_alone=5, hardship=21)
    store.set_setting(*cycles.to_setting())
    assert json.loads(store.settings()["key_person_cycles"])["hardship"] == 21
    assert KeyPersonCycles.from_settings(store.settings()) == cycles


@pytest.mark.parametrize("stored", ["{oops", "[7, 14]", '"7"', "null"])
def test_a_damaged_setting_falls_back_to_the_defaults_with_a_warning(stored, caplog):
    with caplog.at_level(logging.WARNING):
        assert KeyPersonCycles.from_settings({"key_person_cycles": stored}) == KeyPersonCycles()
    assert "key_person_cycles" in caplog.text


def test_a_bad_value_in_the_setting_falls_back_alone_and_the_good_ones_are_kept(caplog):
    stored = json.dumps({"elderly_alone": 3, "hardship": 0, "disabled": "often", "widowed": 9})
    with caplog.at_level(logging.WARNING):
        cycles = KeyPersonCycles.from_settings({"key_person_cycles": stored})
    assert cycles == KeyPersonCycles(elderly_alone=3)
    assert "disabled" in caplog.text and "hardship" in caplog.text and "widowed" in caplog.text


def key_person(store, house_no: str, tags: str, grid) -> object:
    return store.insert(
        new_feature("households", Point(105.905, 36.905), house_no=house_no, head_name="王强",
                    grid_id=grid.id if grid else None, key_person=tags)
    )  # fmt: skip


def visit(store, household, moment: datetime) -> None:
    store.insert(new_feature("visits", None, household_id=household.id, visited_at=moment, officer="马文华"))


@pytest.fixture
def village(make_project):
    """The standard data with key persons in both grids and one in no grid.

    House 1 (YH-01, 马文华): elderly alone, 7 days, visited 31 March 23:59, due 7 April.
    House 3 (YH-02, 丁海, 60-day grid): hardship and left-behind child, 14 days, visited 2 April, due 16 April.
    House 4 (YH-02): disabled, never visited. House 5: hardship, in no grid, never visited.
    """
    store = make_project()
    standard = store.standard
    house_3 = standard["house_3"]
    store.update("households", house_3.id, {"key_person": "hardship,left_behind_child"}, house_3.version)
    key_person(store, "4", "disabled", standard["grid_b"])
    key_person(store, "5", "hardship", None)
    return store


def listed(store, day: date, officer: str | None = None) -> list[tuple]:
    due = due_today(store, day, officer)
    return list(due[["officer", "house_no", "days_overdue"]].itertuples(index=False, name=None))


def test_due_today_by_hand(village):
    assert listed(village, date(2026, 4, 6)) == [("丁海", "4", pd.NA), (None, "5", pd.NA)]
    assert listed(village, date(2026, 4, 7)) == [("丁海", "4", pd.NA), ("马文华", "1", 0), (None, "5", pd.NA)]
    assert listed(village, date(2026, 4, 20)) == [
        ("丁海", "4", pd.NA),
        ("丁海", "3", 4),  # due 16 April
        ("马文华", "1", 13),  # due 7 April
        (None, "5", pd.NA),
    ]


def test_due_today_per_officer_and_an_unknown_officer_is_named(village):
    assert listed(village, date(2026, 4, 20), "马文华") == [("马文华", "1", 13)]
    assert [row[1] for row in listed(village, date(2026, 4, 20), "丁海")] == ["4", "3"]
    with pytest.raises(UnknownOfficerError, match="杨平"):
        due_today(village, date(2026, 4, 20), "杨平")  # an auxiliary, not a grid's officer


def test_a_visit_on_the_day_takes_a_key_person_off_the_list_and_its_columns_say_why(village):
    house_1 = village.standard["house_1"]
    row = due_today(village, date(2026, 4, 9), "马文华").iloc[0]
    assert list(row.index) == list(DUE_COLUMNS)
    assert (row["household_id"], row["grid_code"], row["head_name"], row["key_person"]) == (
        house_1.id, "YH-01", "张文华", "elderly_alone",
    )  # fmt: skip
    assert row["cycle_days"] == 7 and row["due_day"] == date(2026, 4, 7) and row["days_overdue"] == 2
    assert row["last_visit"] == pd.Timestamp("2026-03-31 15:59", tz="UTC")
    visit(village, house_1, datetime(2026, 4, 9, 23, 0, tzinfo=BEIJING))
    assert listed(village, date(2026, 4, 9), "马文华") == []
    assert listed(village, date(2026, 4, 16), "马文华") == [("马文华", "1", 0)]  # the next is due a week later


def test_the_stations_cycles_decide_who_is_due(village):
    village.set_setting(*KeyPersonCycles(elderly_alone=20).to_setting())
    assert listed(village, date(2026, 4, 19), "马文华") == []
    assert listed(village, date(2026, 4, 20), "马文华") == [("马文华", "1", 0)]


def test_an_empty_project_has_no_one_due(make_project):
    due = due_today(make_project(with_data=False), date(2026, 4, 20))
    assert due.empty and list(due.columns) == list(DUE_COLUMNS)


def plain_due(path, day: date) -> pd.DataFrame:
    """Who is due by ``day`` in the demo village, counted the plain way from the file."""
    grids = pyogrio.read_dataframe(path, layer="grids", read_geometry=False).set_index("id")
    households = pyogrio.read_dataframe(path, layer="households", read_geometry=False)
    visits = pyogrio.read_dataframe(path, layer="visits", read_geometry=False)
    visit_day = visits["visited_at"].dt.tz_convert(LOCAL).dt.strftime("%Y-%m-%d")
    last = visits[visit_day <= day.isoformat()].groupby("household_id")["visited_at"].max()
    households["last_visit"] = households["id"].map(last)
    grid_days = households["grid_id"].map(grids["visit_cycle_days"]).fillna(30)
    households["cycle"] = own_cycles(households, grid_days, KEY_PERSON_CYCLES)
    last_day = pd.to_datetime(households["last_visit"].dt.tz_convert(LOCAL).dt.strftime("%Y-%m-%d"))
    due_day = last_day + pd.to_timedelta(households["cycle"], unit="D")
    households["days_overdue"] = (pd.Timestamp(day) - due_day).dt.days
    key = households["key_person"].fillna("") != ""
    due = households[key & (households["last_visit"].isna() | (households["days_overdue"] >= 0))]
    return due.assign(officer=due["grid_id"].map(grids["officer"]))


@pytest.mark.parametrize("day", [DEMO_AS_OF, DEMO_AS_OF - timedelta(days=40)])
def test_the_demo_villages_list_agrees_with_a_plain_count(demo_village_path, day):
    with GeoPackageStore.open(demo_village_path) as store:
        due = due_today(store, day)
        officers = sorted(set(due["officer"].dropna()))
        per_officer = {officer: due_today(store, day, officer) for officer in officers}
    expected = plain_due(demo_village_path, day)
    assert len(due) == len(expected) > 10 and (due["days_overdue"] > 0).any() and due["last_visit"].isna().any()
    got = {(row.household_id, row.officer, None if pd.isna(row.days_overdue) else int(row.days_overdue))
           for row in due.itertuples()}  # fmt: skip
    want = {(row.id, row.officer, None if pd.isna(row.days_overdue) else int(row.days_overdue))
            for row in expected.itertuples()}  # fmt: skip
    assert got == want
    for officer, his in per_officer.items():
        assert set(his["household_id"]) == set(expected[expected["officer"] == officer]["id"])
        never = his["last_visit"].isna().to_numpy()
        assert not (never[1:] & ~never[:-1]).any(), "never-visited ones head the list"
        overdue = his["days_overdue"][~never].to_list()
        assert overdue == sorted(overdue, reverse=True), "most overdue first"
    assert len(officers) > 1 and sum(map(len, per_officer.values())) == due["officer"].notna().sum()
