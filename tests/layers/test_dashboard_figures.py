"""The dashboard's figures against a plain pandas count of the demo village, grid by grid.

The oracle reads the GeoPackage with pyogrio, judges weeks by the ISO calendar
of each local date and months by local ``YYYY-MM`` text, so it shares neither
reading nor boundary code with :mod:`layers.assessment.dashboard_figures`. Disputes per
month come from the monthly assessment's own oracle.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pyogrio
import pytest

from layers.assessment.dashboard_figures import STATION, dashboard_figures, read_for_dashboard
from layers.store import GeoPackageStore
from layers.store.record_query import RecordQuery
from layers.values import STATION_TIMEZONE
from tests.layers.test_assessment import GRADES, LOCAL, key_person_cycles, local_month, own_cycles
from tests.layers.test_assessment import oracle as monthly_oracle

AS_OF = datetime(2026, 11, 28, 20, 0, tzinfo=STATION_TIMEZONE)
MONTHS = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]


def read(path, layer: str) -> pd.DataFrame:
    return pyogrio.read_dataframe(path, layer=layer, read_geometry=False)


@pytest.fixture(scope="module")
def demo(demo_village_path):
    with GeoPackageStore.open(demo_village_path) as store:
        data = read_for_dashboard(store, pd.Timestamp(AS_OF).tz_convert("UTC"))
        kept = store.count_matching("visits", RecordQuery())
    assert len(data.visits) < kept * 0.7  # a year of visits kept: those of six months and the few that decide read
    return data, dashboard_figures(data)


def plain_count(path) -> dict:
    """Per grid code and for the station: every figure of the dashboard, counted the plain way."""
    grids = read(path, "grids")
    households = read(path, "households")
    visits = read(path, "visits")
    disputes = read(path, "disputes")
    as_of = pd.Timestamp(AS_OF).tz_convert("UTC")
    visits["grid_id"] = visits["household_id"].map(households.set_index("id")["grid_id"])
    disputes["grid"] = disputes["grid_id"].fillna(disputes["household_id"].map(households.set_index("id")["grid_id"]))

    last_visit = visits.groupby("household_id")["visited_at"].max()
    age_days = (as_of - households["id"].map(last_visit)).dt.total_seconds() / 86400
    cycle = households["grid_id"].map(grids.set_index("id")["visit_cycle_days"]).fillna(30)
    households["in_cycle"] = age_days <= cycle
    own_cycle = own_cycles(households, cycle, key_person_cycles(path))  # key persons: their own, not the grid's
    households["key_overdue"] = (households["key_person"].fillna("") != "") & ~(age_days <= own_cycle)

    local_day = visits["visited_at"].dt.tz_convert(LOCAL).dt.date
    iso = [day.isocalendar()[:2] for day in local_day]
    today = AS_OF.date()
    wanted_weeks = [(today - timedelta(weeks=back)).isocalendar()[:2] for back in range(11, -1, -1)]
    visits["iso_week"] = iso
    in_months = local_month(visits["visited_at"]).isin(MONTHS)

    resolution = disputes["resolved_at"].where(
        disputes["resolved_at"].notna() | (disputes["status"] != "resolved"), disputes["updated_at"]
    )
    reopened = (disputes["status"] != "resolved") & resolution.notna() & (disputes["updated_at"] < as_of)
    resolved_now = resolution.notna() & (resolution < as_of) & ~reopened
    yesterday = (today - timedelta(days=1)).isoformat()
    due = disputes["followup_due"].dt.strftime("%Y-%m-%d").fillna("9999")
    followup_visits = visits[(visits["purpose"] == "dispute_followup") & (visits["visited_at"] < as_of)]
    followed = (disputes["followed_up_at"] < as_of) | disputes["id"].isin(followup_visits["dispute_id"])
    disputes["followup_overdue"] = resolved_now & (due <= yesterday) & ~followed
    disputes["days"] = (resolution - disputes["reported_at"]).dt.total_seconds() / 86400
    disputes["resolved_in_months"] = local_month(resolution).isin(MONTHS)

    def figures(in_households, in_visits, in_disputes) -> dict:
        unit = households[in_households]
        unit_visits = visits[in_visits]
        months_visits = visits[in_visits & in_months]
        resolved = disputes[in_disputes & disputes["resolved_in_months"]]
        return {
            "households": len(unit),
            "coverage": unit["in_cycle"].mean() if len(unit) else 0.0,
            "key_persons_overdue": int(unit["key_overdue"].sum()),
            "followups_overdue": int(disputes[in_disputes]["followup_overdue"].sum()),
            "app_coverage": unit["anti_fraud_app"].mean() if len(unit) else 0.0,
            "loss_prevented_yuan": float(months_visits["loss_prevented_yuan"].fillna(0).sum()),
            "visits_per_week": [int((unit_visits["iso_week"] == week).sum()) for week in wanted_weeks],
            "median_days": {grade: resolved[resolved["grade"] == grade]["days"].median() for grade in GRADES},
        }

    result = {
        grid.code: figures(households["grid_id"] == grid.id, visits["grid_id"] == grid.id, disputes["grid"] == grid.id)
        for grid in grids.itertuples()
    }
    result[STATION] = figures(
        pd.Series(True, index=households.index), pd.Series(True, index=visits.index), disputes["id"].notna()
    )
    return result


def shown(figures, unit: str, key: str | None = None) -> dict:
    """The module's figures of one unit in the oracle's form."""
    counts = figures.counts.loc[unit]
    return {
        "households": int(counts["households"]),
        "coverage": float(counts["coverage"]),
        "key_persons_overdue": int(counts["key_persons_overdue"]),
        "followups_overdue": int(counts["followups_overdue"]),
        "app_coverage": float(counts["app_coverage"]),
        "loss_prevented_yuan": float(counts["loss_prevented_yuan"]),
        "visits_per_week": [int(v) for v in figures.visits_per_week.loc[unit]],
        "median_days": figures.median_days_to_resolve.loc[unit].to_dict(),
    }


def assert_same(actual: dict, expected: dict) -> None:
    actual, expected = dict(actual), dict(expected)
    medians_a, medians_e = actual.pop("median_days"), expected.pop("median_days")
    assert actual.pop("visits_per_week") == expected.pop("visits_per_week")  # counts: exactly equal
    assert actual == pytest.approx(expected, rel=1e-12)
    for grade in GRADES:
        assert np.isnan(medians_a[grade]) == np.isnan(medians_e[grade]), grade
        assert np.isnan(medians_e[grade]) or medians_a[grade] == pytest.approx(medians_e[grade], rel=1e-12)


def test_every_grid_and_the_station_agree_with_a_plain_count(demo, demo_village_path):
    data, figures = demo
    expected = plain_count(demo_village_path)
    for grid_id, code in figures.grids["code"].items():
        assert_same(shown(figures.by_grid, grid_id), expected[code])
    station = shown(figures.station, STATION)
    assert_same(station, expected[STATION])
    # figures with substance, not zeros agreeing
    assert 0 < station["coverage"] < 1 and 0 < station["app_coverage"] < 1
    assert station["key_persons_overdue"] and station["loss_prevented_yuan"] > 0 and min(station["visits_per_week"]) > 0
    assert any(not np.isnan(days) for days in station["median_days"].values())


@pytest.mark.parametrize("month", ["2026-08", "2026-11"])
def test_disputes_per_month_are_the_monthly_assessments(demo, demo_village_path, month):
    _data, figures = demo
    report = monthly_oracle(demo_village_path, month)
    by_code = {row["code"]: row for row in report["grids"]}
    for grid_id, code in figures.grids["code"].items():
        for series in ("disputes_reported", "disputes_resolved", "disputes_open"):
            table = figures.by_grid.disputes_of(grid_id, series)
            assert table.loc[month].to_dict() == by_code[code][series]
    station_open = figures.station.disputes_of(STATION, "disputes_open").loc[month].to_dict()
    assert station_open == report["station"]["disputes_open"]


def test_this_months_task_list_and_spot_checks_are_the_monthly_assessments(demo, demo_village_path):
    _data, figures = demo
    report = monthly_oracle(demo_village_path, figures.months[-1])
    units = [(figures.by_grid, grid_id, row) for grid_id, row in zip(figures.grids.index, report["grids"])]
    for unit_figures, key, expected in [*units, (figures.station, STATION, report["station"])]:
        counts = unit_figures.counts.loc[key]
        checks = {result: int(counts[f"spot_checks.{result}"]) for result in expected["spot_checks"]}
        assert checks == expected["spot_checks"]
        assert (int(counts["visit_target"]) or None) == expected["visit_target"]
        progress = counts["target_progress"]
        assert (None if np.isnan(progress) else round(progress, 4)) == expected["target_progress"]
    assert report["station"]["target_progress"] and any(row["visit_target"] is None for row in report["grids"])


def test_weeks_and_months_end_with_the_review_moment(demo):
    _data, figures = demo
    assert figures.months == tuple(MONTHS)
    assert len(figures.weeks) == 12 and figures.weeks[-1].date().isoformat() == "2026-11-23"  # a Monday
    assert all(b - a == pd.Timedelta(weeks=1) for a, b in zip(figures.weeks, figures.weeks[1:]))


def test_an_officer_of_two_grids_gets_their_sum_and_a_household_in_no_grid_counts_for_the_station_only(demo):
    data, figures = demo
    first, second = figures.grids.index[:2]
    officer = figures.grids.loc[first, "officer"]
    grids = data.grids.copy()
    grids.loc[grids["id"] == second, "officer"] = officer
    households = data.households.copy()
    households.loc[households.index[households["grid_id"] == first][0], "grid_id"] = None
    changed = dashboard_figures(replace(data, grids=grids, households=households))

    both = [first, second]
    officer_households = changed.by_officer.counts.loc[officer, "households"]
    assert officer_households == changed.by_grid.counts.loc[both, "households"].sum()
    assert officer_households == figures.by_grid.counts.loc[both, "households"].sum() - 1
    week_sum = changed.by_grid.visits_per_week.loc[both].sum()
    assert changed.by_officer.visits_per_week.loc[officer].equals(week_sum)
    assert len(changed.by_officer.counts) == len(figures.by_officer.counts) - 1
    assert changed.station.counts.loc[STATION, "households"] == len(households)
    assert changed.station.visits_per_week.equals(figures.station.visits_per_week)
