"""The oracle for the kept household status: every household recounted from all its records, by the review's
and the monthly assessment's own functions, not by :func:`layers.household_status.compute_status`."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from layers.assessment.monthly import followups_overdue_at
from layers.disputes.states import OPEN_STATUSES
from layers.review import load_review, read_layer
from layers.store import ProjectStore
from layers.values import STATION_TIMEZONE
from layers.visit_cycles import KeyPersonCycles, household_cycles
from layers.vocabulary import Grade

LONG_AFTER = pd.Timestamp("2200-01-01", tz="UTC")
"""A moment after every follow-up day: a follow-up still pending then is one not made at all."""


def recount(store: ProjectStore) -> pd.DataFrame:
    """Every household's status from all its visits and disputes, in the kept status's columns, by household."""
    data = replace(load_review(store), visits=read_layer(store, "visits"))  # every visit, not the kept status
    grids, disputes = data.grids, data.disputes
    last_visit = data.visits.groupby("household_id")["visited_at"].max()  # not the kept status load_review reads
    ids = data.households["id"].to_numpy()
    households = data.households.assign(last_visit=pd.to_datetime(last_visit.reindex(ids).to_numpy(), utc=True))
    cycles = KeyPersonCycles.from_settings(store.settings())
    grid_cycle = households["grid_id"].map(grids.set_index("id")["visit_cycle_days"]).astype("Float64").fillna(30)
    local_day = households["last_visit"].dt.tz_convert(STATION_TIMEZONE).dt.tz_localize(None).dt.normalize()
    own_cycle = household_cycles(grids, households, cycles)
    due = local_day + pd.to_timedelta(own_cycle.to_numpy(), unit="D")
    open_disputes = disputes[disputes["status"].isin(OPEN_STATUSES).to_numpy()]
    rank = {grade.value: i for i, grade in enumerate(Grade)}
    hardest = open_disputes.groupby("household_id")["grade"].agg(lambda grades: max(grades, key=rank.__getitem__))
    pending = disputes[followups_overdue_at(LONG_AFTER, disputes, data.visits)]
    by_household = households["id"]
    return pd.DataFrame(
        {
            "household_id": by_household,
            "grid_id": households["grid_id"],
            "is_key_person": households["key_person"].fillna("").str.strip() != "",
            "last_visit": households["last_visit"],
            "grid_cycle_days": grid_cycle.astype(int),
            "own_cycle_days": own_cycle.astype(int),
            "next_visit_due": [None if pd.isna(day) else day.date() for day in due],
            "open_disputes": by_household.map(open_disputes["household_id"].value_counts()).fillna(0).astype(int),
            "hardest_open_grade": by_household.map(hardest).astype(object).where(by_household.map(hardest).notna()),
            "followups_pending": by_household.map(pending["household_id"].value_counts()).fillna(0).astype(int),
            "next_followup_due": by_household.map(pending.groupby("household_id")["followup_due"].min()),
        }
    )


INTEGER_COLUMNS = ("grid_cycle_days", "own_cycle_days", "open_disputes", "followups_pending")


def comparable(status: pd.DataFrame) -> list[dict]:
    """Rows as plain values ordered by household, so two frames compare whatever their dtypes."""
    rows = []
    for row in status.sort_values("household_id").to_dict("records"):
        rows.append(
            {
                name: None
                if value is None or (not isinstance(value, str) and pd.isna(value))
                else (int(value) if name in INTEGER_COLUMNS else bool(value) if name == "is_key_person" else value)
                for name, value in row.items()
            }
        )
    for row in rows:
        if row["last_visit"] is not None:
            row["last_visit"] = pd.Timestamp(row["last_visit"]).floor("ms")
    return rows


def assert_status_kept(store: ProjectStore) -> None:
    """The store keeps every household's status (none left for reading to compute), and it is the recount's."""
    assert not store.households_out_of_date()
    kept, counted = comparable(store.household_status()), comparable(recount(store))
    assert [row["household_id"] for row in kept] == [row["household_id"] for row in counted]
    differing = [(k, c) for k, c in zip(kept, counted) if k != c]
    first = differing[0] if differing else None
    assert not differing, f"{len(differing)} households differ, first: kept {first[0]}, recount {first[1]}"
