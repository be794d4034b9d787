"""The weekly follow-up sheet on the demo village, checked against independent pandas counts."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from layers.assessment.weekly_sheet import week_period, weekly_sheet
from layers.errors import InvalidWeekError
from layers.privacy import mask_name
from layers.store import GeoPackageStore, new_feature, open_project

WEEK = "2026-W47"


def test_visit_counts_per_officer_agree_with_an_independent_pandas_count(demo_village_path):
    with GeoPackageStore.open(demo_village_path) as store:
        sheet = weekly_sheet(store, WEEK)
        visits = store.read("visits", columns=["visited_at", "officer", "purpose"])
    local = visits["visited_at"].dt.tz_convert("Asia/Shanghai")
    in_week = visits[(local >= pd.Timestamp("2026-11-16", tz="Asia/Shanghai"))
                     & (local < pd.Timestamp("2026-11-23", tz="Asia/Shanghai"))]  # fmt: skip
    expected = in_week.groupby(["officer", "purpose"]).size()
    assert len(expected) > 0
    counted = {(entry.officer, purpose): count for entry in sheet.officers
               for purpose, count in entry.visits_by_purpose.items() if count}  # fmt: skip
    assert counted == expected.to_dict()


def test_a_visit_on_sunday_2359_counts_and_one_on_monday_0000_does_not(demo_village_path, tmp_path):
    path = tmp_path / "demo.gpkg"
    shutil.copy(demo_village_path, path)
    with GeoPackageStore.open(path) as store:
        before = {entry.officer: entry.visits for entry in weekly_sheet(store, WEEK).officers}
        household = store.read("households", columns=["id"])["id"].iloc[0]
        for moment in ("2026-11-22 23:59", "2026-11-23 00:00"):
            local = pd.Timestamp(moment, tz="Asia/Shanghai").to_pydatetime()
            store.insert(new_feature("visits", None, household_id=household, visited_at=local, officer="测试民警"))
        after = {entry.officer: entry.visits for entry in weekly_sheet(store, WEEK).officers}
        following = {entry.officer: entry.visits for entry in weekly_sheet(store, "2026-W48").officers}
    assert after["测试民警"] == 1 and following["测试民警"] == 1
    assert {name: count for name, count in after.items() if name != "测试民警"} == before


def test_head_names_are_masked_by_default_and_full_when_asked(demo_village_path):
    with GeoPackageStore.open(demo_village_path) as store:
        masked = weekly_sheet(store, WEEK)
        full = weekly_sheet(store, WEEK, show_personal=True)
        households = store.read("households", columns=["house_no", "head_name"])
        names = dict(zip(households["house_no"], households["head_name"], strict=True))
    listed = [(a, b) for m, f in zip(masked.officers, full.officers, strict=True)
              for a, b in zip(m.to_visit, f.to_visit, strict=True)]  # fmt: skip
    assert listed
    for shown, in_full in listed:
        assert in_full.head_name == names[in_full.house_no]
        assert shown.head_name == mask_name(in_full.head_name) and shown.house_no == in_full.house_no
        assert shown.head_name != in_full.head_name or len(in_full.head_name) < 2


@pytest.mark.parametrize("text", ["2026-47", "2026-W00", "2026-W54", "W47", "2026-11"])
def test_a_week_not_written_yyyy_www_is_named(text):
    with pytest.raises(InvalidWeekError, match="YYYY-Www"):
        week_period(text)


def test_next_weeks_households_are_listed_by_house_number_within_each_reason(demo_village_path):
    store = open_project(demo_village_path)
    try:
        sheet = weekly_sheet(store, "2026-W47", show_personal=True)
    finally:
        store.close()
    for officer in sheet.officers:
        listed = officer.to_visit
        for reason in {household.reason for household in listed}:
            numbers = [int(h.house_no) for h in listed if h.reason == reason and str(h.house_no).isdigit()]
            assert numbers == sorted(numbers)
