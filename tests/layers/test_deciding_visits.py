"""The visits an assessment reads decide what all the visits decide, on a file and on a PostGIS server.

The oracle is every visit, read whole: for moments across the span, each
household's last visit before the moment, the follow-up visits, and the
visits of the span must be the same from the few read as from all of them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from layers.assessment.deciding_visits import deciding_visits, recency_span_start
from layers.assessment.monthly import READ_COLUMNS, figures_table, month_period, read_layers
from layers.feedback import Feedback
from layers.household_status import FOLLOWUP_PURPOSE
from layers.values import STATION_TIMEZONE
from layers.visit_cycles import KeyPersonCycles

COLUMNS = ["household_id", "visited_at", "purpose", "dispute_id", "spot_check"]
SINCE = pd.Timestamp("2026-09-01", tz=STATION_TIMEZONE).tz_convert("UTC")
UNTIL = pd.Timestamp("2026-11-01", tz=STATION_TIMEZONE).tz_convert("UTC")


@pytest.fixture
def village(village_on_each_backend):
    return village_on_each_backend


def _last_before(visits: pd.DataFrame, moment: pd.Timestamp) -> pd.Series:
    before = visits[visits["visited_at"] < moment]
    return before.groupby("household_id")["visited_at"].max().sort_index()


@pytest.mark.parametrize("until", [UNTIL, None], ids=["two-months", "to-the-end"])
def test_the_visits_read_decide_what_all_visits_decide(village, until):
    every = pd.DataFrame(village.read("visits", columns=["id", *COLUMNS]).drop(columns="geometry", errors="ignore"))
    read = deciding_visits(village, COLUMNS, since=SINCE, until=until)

    assert list(read.columns) == COLUMNS
    in_span = (every["visited_at"] >= SINCE) & ((every["visited_at"] < until) if until is not None else True)
    assert 0 < len(read) < len(every) / 2  # a year of visits kept, about two months read
    read_in_span = read[(read["visited_at"] >= SINCE) & ((read["visited_at"] < until) if until is not None else True)]
    expected = every[in_span].sort_values(["household_id", "visited_at"])[COLUMNS].reset_index(drop=True)
    assert read_in_span.sort_values(["household_id", "visited_at"]).reset_index(drop=True).equals(expected)

    end = until if until is not None else every["visited_at"].max() + pd.Timedelta(days=1)
    for moment in [SINCE, *pd.date_range(SINCE, end, periods=7)[1:]]:
        pd.testing.assert_series_equal(_last_before(read, moment), _last_before(every, moment))
    followups = every[every["purpose"] == FOLLOWUP_PURPOSE]
    read_followups = read[read["purpose"] == FOLLOWUP_PURPOSE]
    assert len(followups) and len(read_followups) == len(followups)  # each once, those of the span too
    assert sorted(read_followups["dispute_id"]) == sorted(followups["dispute_id"])


def test_a_plan_at_a_moment_reads_no_visit_of_a_span(village):
    read = deciding_visits(village, COLUMNS, since=UNTIL, until=UNTIL)
    every = village.read("visits", columns=["household_id", "visited_at", "purpose"])
    purposes = read["purpose"].dropna().unique()
    assert list(purposes) == [FOLLOWUP_PURPOSE]  # the rest are last visits, of no purpose
    assert read["household_id"][read["purpose"].isna()].is_unique
    pd.testing.assert_series_equal(_last_before(read, UNTIL), _last_before(every, UNTIL))


def test_read_matches_any_of_a_list_of_values(village):
    grids = village.read("grids", columns=["id"])["id"].tolist()
    households = village.read("households", columns=["id", "grid_id"])
    chosen = grids[:2]
    matched = village.read("households", columns=["id", "grid_id"], matching={"grid_id": chosen})
    assert len(matched) and sorted(matched["id"]) == sorted(households["id"][households["grid_id"].isin(chosen)])
    some = households["id"].iloc[[3, 1, 4]].tolist()
    assert sorted(village.read("households", columns=["id"], matching={"id": some})["id"]) == sorted(some)
    assert village.read("households", columns=["id"], matching={"id": []}).empty
    assert np.all(matched.geometry.notna())


@pytest.mark.parametrize("month", ["2026-08", "2026-11"])
def test_who_is_overdue_at_month_end_is_judged_from_a_cycle_back_as_from_every_visit(village, month):
    """A station whose households in hardship wait 90 days: the bulletin's key persons overdue, read as the
    bulletin reads (a longest cycle back, no household's older visits), are those all visits give."""
    cycles = KeyPersonCycles(hardship=90)
    period = month_period(month)
    read = read_layers(village, READ_COLUMNS, Feedback(), period.start, period.end, cycles)
    every = {**read, "visits": pd.DataFrame(village.read("visits", columns=READ_COLUMNS["visits"]))}
    expected = figures_table(period, **every, cycles=cycles)
    found = figures_table(period, **read, cycles=cycles)
    assert found.equals(expected)
    assert expected["key_persons_overdue"].sum() > 0 and len(read["visits"]) < len(every["visits"]) / 2
    start = recency_span_start(period.start, period.end, read["grids"], cycles)
    assert start == period.end - pd.Timedelta(days=90)
