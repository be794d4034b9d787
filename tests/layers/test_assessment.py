"""The monthly assessment against an independent pandas count, and its edge cases.

The oracle reads the GeoPackage with pyogrio (not the store) and judges months by
the local calendar month of each moment as text, not by UTC instants, so it
shares neither reading nor boundary code with :mod:`layers.assessment.monthly`.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, datetime, timedelta

import pandas as pd
import pyogrio
import pytest
from shapely import Point

from layers.assessment.monthly import month_period, monthly_report
from layers.errors import InvalidMonthError
from layers.store import GeoPackageStore, new_feature
from tests.standard_data import BEIJING

pytestmark = pytest.mark.clock  # edits stamped now are counted in the month they fall in

GRADES = ["green", "yellow", "orange", "red"]
SPOT_CHECK_RESULTS = ["confirmed", "not_confirmed", "unreachable"]
LOCAL = "Asia/Shanghai"
KEY_PERSON_CYCLES = {
    "elderly_alone": 7, "left_behind_child": 14, "disabled": 14, "mental_illness": 7, "community_correction": 7,
    "hardship": 30,
}  # fmt: skip
"""The default days between a key person's visits, per tag, written out rather than read from the module."""


def read(path, layer: str) -> pd.DataFrame:
    return pyogrio.read_dataframe(path, layer=layer, read_geometry=False)


def local_month(moments: pd.Series) -> pd.Series:
    """``YYYY-MM`` of each moment on a Beijing calendar; "" for none."""
    return moments.dt.tz_convert(LOCAL).dt.strftime("%Y-%m").fillna("")


def by_grade(disputes: pd.DataFrame) -> dict[str, int]:
    return {grade: int((disputes["grade"] == grade).sum()) for grade in GRADES}


def setting(path, key: str) -> str | None:
    with sqlite3.connect(path) as db:
        row = db.execute("SELECT value FROM wangge_settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def key_person_cycles(path) -> dict[str, int]:
    """The project's days per tag: the defaults, with the ones its ``key_person_cycles`` setting gives."""
    return {**KEY_PERSON_CYCLES, **json.loads(setting(path, "key_person_cycles") or "{}")}


def own_cycles(households: pd.DataFrame, grid_cycle: pd.Series, cycles: dict[str, int]) -> list[float]:
    """Each household's cycle, one at a time: its tags' shortest, a tag not in ``cycles`` counting as the grid's."""
    own = []
    for tags, grid_days in zip(households["key_person"].fillna(""), grid_cycle):
        days = [cycles.get(tag, grid_days) for tag in tags.split(",") if tag]
        own.append(min(days) if days else grid_days)
    return own


def oracle(path, month: str) -> dict:
    """The report's JSON computed the plain way, one grid at a time."""
    grids = read(path, "grids").sort_values("code")
    households = read(path, "households")
    visits = read(path, "visits").merge(
        households[["id", "grid_id"]].rename(columns={"id": "household_id"}), on="household_id", how="left"
    )
    disputes = read(path, "disputes")
    household_grid = households.set_index("id")["grid_id"]
    disputes["grid"] = disputes["grid_id"].fillna(disputes["household_id"].map(household_grid))
    month_end = pd.Timestamp(f"{month}-01", tz=LOCAL) + pd.DateOffset(months=1)
    last_day = (month_end - pd.Timedelta(days=1)).strftime("%Y-%m-%d")

    visit_month = local_month(visits["visited_at"])
    resolved_month = local_month(disputes["resolved_at"])
    reopened = (disputes["status"] != "resolved") & disputes["resolved_at"].notna()
    reopened_by_end = reopened & (local_month(disputes["updated_at"]) <= month)
    resolved_by_end = disputes["resolved_at"].notna() & (resolved_month <= month) & ~reopened_by_end
    followup_visits = visits[(visits["purpose"] == "dispute_followup") & (visit_month <= month)]
    resolved_of = disputes.set_index("id")["resolved_at"].fillna(disputes.set_index("id")["updated_at"])
    followup_visits = followup_visits[followup_visits["visited_at"] >= followup_visits["dispute_id"].map(resolved_of)]
    followed_up_month = local_month(disputes["followed_up_at"])
    followed_up = ((followed_up_month != "") & (followed_up_month <= month)) | disputes["id"].isin(
        followup_visits["dispute_id"]
    )
    due = disputes["followup_due"].dt.strftime("%Y-%m-%d").fillna("9999")
    disputes["overdue_followup"] = resolved_by_end & (due <= last_day) & ~followed_up
    disputes["reported_in_month"] = local_month(disputes["reported_at"]) == month
    disputes["resolved_in_month"] = disputes["resolved_at"].notna() & (resolved_month == month)
    disputes["open_at_end"] = (local_month(disputes["reported_at"]) <= month) & ~resolved_by_end

    until_end = visits[visit_month <= month]
    last_visit = until_end.groupby("household_id")["visited_at"].max()
    grid_cycle = households["grid_id"].map(grids.set_index("id")["visit_cycle_days"]).fillna(30)
    cycle = own_cycles(households, grid_cycle, key_person_cycles(path))
    age_days = (month_end.tz_convert("UTC") - households["id"].map(last_visit)).dt.total_seconds() / 86400
    households["key_overdue"] = (households["key_person"].fillna("") != "") & ~(age_days <= cycle)

    def figures(in_unit_households, in_unit_visits, in_unit_disputes) -> dict:
        month_visits = visits[in_unit_visits & (visit_month == month)]
        count = int(in_unit_households.sum())
        seen = month_visits["household_id"].nunique()
        unit_disputes = disputes[in_unit_disputes]
        return {
            "households": count,
            "visits": len(month_visits),
            "households_visited": seen,
            "coverage": round(seen / count, 4) if count else 0.0,
            "disputes_reported": by_grade(unit_disputes[unit_disputes["reported_in_month"]]),
            "disputes_resolved": by_grade(unit_disputes[unit_disputes["resolved_in_month"]]),
            "disputes_open": by_grade(unit_disputes[unit_disputes["open_at_end"]]),
            "followups_overdue": int(unit_disputes["overdue_followup"].sum()),
            "key_persons_overdue": int(households["key_overdue"][in_unit_households].sum()),
            "spot_checks": {result: int((month_visits["spot_check"] == result).sum()) for result in SPOT_CHECK_RESULTS},
        }

    def target(grids_with_target: pd.DataFrame) -> dict:
        """Task-list figures over these grids: their targets' sum, households visited in them over it."""
        total = int(grids_with_target["monthly_visit_target"].sum())
        in_them = visits["grid_id"].isin(grids_with_target["id"]) & (visit_month == month)
        seen = visits[in_them]["household_id"].nunique()
        return {"visit_target": total or None, "target_progress": round(seen / total, 4) if total else None}

    targeted = grids[grids["monthly_visit_target"].fillna(0) > 0]

    rows = [
        {
            "code": grid.code,
            "name": grid.name,
            "officer": grid.officer,
            **figures(households["grid_id"] == grid.id, visits["grid_id"] == grid.id, disputes["grid"] == grid.id),
            **target(targeted[targeted["id"] == grid.id]),
        }
        for grid in grids.itertuples()
    ]
    everything = pd.Series(True, index=households.index)
    station = figures(everything, pd.Series(True, index=visits.index), pd.Series(True, index=disputes.index))
    station.update(target(targeted))
    return {"month": month, "grids": rows, "station": {"name": setting(path, "station"), **station}}


@pytest.mark.parametrize("month", ["2026-10", "2026-11"])
def test_every_figure_of_the_demo_village_agrees_with_a_plain_count(demo_village_path, month):
    with GeoPackageStore.open(demo_village_path) as store:
        report = monthly_report(store, month).to_json()
    expected = oracle(demo_village_path, month)
    assert report == expected
    station = report["station"]
    assert station["visits"] > 100 and 0 < station["coverage"] < 1  # a month with activity, not zeros agreeing
    assert sum(station["disputes_reported"].values()) and sum(station["disputes_open"].values())
    assert station["followups_overdue"] and station["key_persons_overdue"]
    assert sum(station["spot_checks"].values()) and station["visit_target"]
    assert any(grid["visit_target"] is None for grid in report["grids"])  # a grid without a task list


def test_station_adds_up_the_grids_of_the_demo(demo_village_path):
    with GeoPackageStore.open(demo_village_path) as store:
        report = monthly_report(store, "2026-11")
    assert report.station.households == sum(g.figures.households for g in report.grids) == 570
    assert report.station.visits == sum(g.figures.visits for g in report.grids)
    assert report.station.coverage == report.station.households_visited / 570


def grid_figures(store, month: str) -> dict:
    return {grid.code: grid.figures for grid in monthly_report(store, month).grids}


def visit(store, household, moment: datetime, **attributes):
    return store.insert(
        new_feature("visits", None, household_id=household.id, visited_at=moment, officer="马文华", **attributes)
    )


def test_a_visit_at_2359_local_on_the_last_day_counts_in_that_month_and_midnight_in_the_next(make_project):
    store = make_project()
    house_2 = store.standard["house_2"]
    visit(store, house_2, datetime(2026, 4, 30, 23, 59, tzinfo=BEIJING))  # 15:59 UTC
    visit(store, house_2, datetime(2026, 5, 1, 0, 0, tzinfo=BEIJING))  # still 30 April in UTC
    # the standard data's visit_1 is at 23:59 local on 31 March
    assert grid_figures(store, "2026-03")["YH-01"].visits == 1
    assert grid_figures(store, "2026-04")["YH-01"].visits == 1
    assert grid_figures(store, "2026-05")["YH-01"].visits == 1
    april = monthly_report(store, "2026-04")
    assert april.station.visits == 2 and april.station.households_visited == 2  # with visit_2 to house 3


def test_a_resolved_and_reopened_dispute_counts_resolved_in_its_month_and_open_once_reopened(make_project):
    store = make_project()
    now = datetime.now(BEIJING)
    this_month = now.strftime("%Y-%m")
    last_month_day = now.replace(day=1) - timedelta(days=1)
    last_month = last_month_day.strftime("%Y-%m")
    dispute = store.standard["dispute_1"]  # red, open, grid YH-01, reported 2026-03-01
    resolved_at = last_month_day.replace(day=5, hour=15)
    resolved = store.update(
        "disputes",
        dispute.id,
        {"status": "resolved", "resolved_at": resolved_at, "followup_due": last_month_day.replace(day=20).date()},
        dispute.version,
    )
    before = grid_figures(store, last_month)["YH-01"]
    assert before.disputes_resolved["red"] == 1 and before.disputes_open["red"] == 0
    assert before.followups_overdue == 1
    store.update("disputes", dispute.id, {"status": "mediating"}, resolved.version)  # reopened now
    after = grid_figures(store, last_month)["YH-01"]
    assert after == before  # reopened after that month ended: its month stays as it was
    current = grid_figures(store, this_month)["YH-01"]
    assert current.disputes_resolved["red"] == 0 and current.disputes_open["red"] == 1
    assert current.followups_overdue == 0  # open again: no follow-up is due


def test_a_followup_visit_ends_the_overdue_followup_from_its_month(make_project):
    store = make_project()
    dispute = store.standard["dispute_2"]  # green, grid YH-02, resolved 2026-02-03, follow-up due 2026-02-18
    visit(store, store.standard["house_3"], datetime(2026, 3, 2, 10, tzinfo=BEIJING),
          purpose="dispute_followup", dispute_id=dispute.id)  # fmt: skip
    february = grid_figures(store, "2026-02")["YH-02"]
    assert february.disputes_reported == {"green": 1, "yellow": 0, "orange": 0, "red": 0}
    assert february.disputes_resolved["green"] == 1 and february.disputes_open["green"] == 0
    assert february.followups_overdue == 1
    assert grid_figures(store, "2026-03")["YH-02"].followups_overdue == 0


def test_a_followup_before_a_reopening_does_not_follow_up_the_next_settlement(make_project):
    store = make_project()
    dispute = store.standard["dispute_2"]  # green, grid YH-02, resolved 2026-02-03, follow-up due 2026-02-18
    visit(store, store.standard["house_3"], datetime(2026, 2, 10, 10, tzinfo=BEIJING),
          purpose="dispute_followup", dispute_id=dispute.id)  # fmt: skip
    assert grid_figures(store, "2026-02")["YH-02"].followups_overdue == 0
    # reopened in March, resolved again on 2 April with a new follow-up day: the February visit does not count
    resolved_again = {"status": "resolved", "resolved_at": datetime(2026, 4, 2, 9, tzinfo=BEIJING),
                      "followup_due": date(2026, 4, 12)}  # fmt: skip
    store.update("disputes", dispute.id, resolved_again, store.get("disputes", dispute.id).version)
    assert grid_figures(store, "2026-04")["YH-02"].followups_overdue == 1
    visit(store, store.standard["house_3"], datetime(2026, 4, 20, 10, tzinfo=BEIJING),
          purpose="dispute_followup", dispute_id=dispute.id)  # fmt: skip
    assert grid_figures(store, "2026-04")["YH-02"].followups_overdue == 0


def test_a_household_moved_between_grids_counts_in_its_new_grid(make_project):
    store = make_project()
    house_2, grid_b = store.standard["house_2"], store.standard["grid_b"]
    visit(store, house_2, datetime(2026, 4, 10, 9, tzinfo=BEIJING))
    store.update("households", house_2.id, {"grid_id": grid_b.id}, house_2.version)
    april = grid_figures(store, "2026-04")
    assert (april["YH-01"].households, april["YH-01"].visits) == (1, 0)
    assert (april["YH-02"].households, april["YH-02"].visits, april["YH-02"].households_visited) == (2, 2, 2)
    assert april["YH-02"].coverage == 1.0


def test_a_key_person_is_overdue_once_the_last_visit_is_older_than_its_own_cycle_not_the_grids(make_project):
    store = make_project()  # house 1, elderly living alone (7 days) in YH-01 (30 days), visited 23:59 on 31 March
    assert grid_figures(store, "2026-02")["YH-01"].key_persons_overdue == 1  # never visited yet
    assert grid_figures(store, "2026-03")["YH-01"].key_persons_overdue == 0
    visit(store, store.standard["house_1"], datetime(2026, 4, 24, 0, 1, tzinfo=BEIJING))
    assert grid_figures(store, "2026-04")["YH-01"].key_persons_overdue == 0  # 7 days less a minute by 1 May
    visit(store, store.standard["house_1"], datetime(2026, 5, 24, 23, 59, tzinfo=BEIJING))
    assert grid_figures(store, "2026-05")["YH-01"].key_persons_overdue == 1  # 7 days and a minute by 1 June


def test_the_stations_own_key_person_cycles_count_in_the_report(make_project):
    store = make_project()
    visit(store, store.standard["house_1"], datetime(2026, 5, 20, 10, tzinfo=BEIJING))
    assert grid_figures(store, "2026-05")["YH-01"].key_persons_overdue == 1  # 11 days by 1 June
    store.set_setting("key_person_cycles", json.dumps({"elderly_alone": 14}))
    assert grid_figures(store, "2026-05")["YH-01"].key_persons_overdue == 0
    store.set_setting("key_person_cycles", "{not json")  # a damaged setting: the defaults, no crash
    assert grid_figures(store, "2026-05")["YH-01"].key_persons_overdue == 1


def test_a_custom_policy_on_the_demo_village_agrees_with_a_plain_count(demo_village_path, tmp_path):
    path = tmp_path / "demo.gpkg"
    shutil.copy(demo_village_path, path)
    with GeoPackageStore.open(path) as store:
        default = monthly_report(store, "2026-11").station.key_persons_overdue
        store.set_setting("key_person_cycles", json.dumps({"elderly_alone": 3, "hardship": 60, "disabled": 45}))
        report = monthly_report(store, "2026-11").to_json()
    assert report == oracle(path, "2026-11")
    assert report["station"]["key_persons_overdue"] != default  # the setting made a difference


def test_households_in_no_grid_count_for_the_station_only(make_project):
    store = make_project()
    stray = store.insert(new_feature("households", Point(105.95, 36.95), house_no="9", head_name="王强"))
    visit(store, stray, datetime(2026, 4, 3, 11, tzinfo=BEIJING))
    report = monthly_report(store, "2026-04")
    assert report.station.households == sum(g.figures.households for g in report.grids) + 1 == 4
    assert report.station.visits == 2 and report.station.coverage == 0.5


def test_an_empty_project_reports_zeros(make_project):
    store = make_project(with_data=False)
    report = monthly_report(store, "2026-11").to_json()
    assert report["grids"] == []
    assert report["station"]["households"] == 0 and report["station"]["coverage"] == 0.0
    assert report["station"]["disputes_open"] == dict.fromkeys(GRADES, 0)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "November", ""])
def test_a_month_not_written_yyyy_mm_is_refused_by_name(text):
    with pytest.raises(InvalidMonthError, match="YYYY-MM") as raised:
        month_period(text)
    assert f"'{text}'" in str(raised.value)


def test_a_month_runs_from_local_midnight_to_local_midnight():
    period = month_period("2026-12")
    assert period.start == pd.Timestamp("2026-11-30 16:00", tz="UTC")
    assert period.end == pd.Timestamp("2026-12-31 16:00", tz="UTC")
    assert period.last_day == date(2026, 12, 31)


def test_a_dispute_marked_resolved_without_a_time_was_resolved_at_its_last_edit(make_project):
    store = make_project()
    dispute = store.standard["dispute_1"]
    store.update("disputes", dispute.id, {"status": "resolved"}, dispute.version)
    this_month = grid_figures(store, datetime.now(BEIJING).strftime("%Y-%m"))["YH-01"]
    assert this_month.disputes_resolved["red"] == 1 and this_month.disputes_open["red"] == 0
