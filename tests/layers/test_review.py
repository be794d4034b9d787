"""The review model: recency against each grid's cycle, one filter for map, table and counts, search."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pandas as pd
import pytest

from layers.review import ReviewFilter, load_review, review_counts, review_query, search_households, select, with_layer
from layers.store import open_project
from layers.values import STATION_TIMEZONE
from tests.conftest import make_demo_village
from tests.standard_data import damage_geometries

pytestmark = pytest.mark.clock  # visit recency is counted against today


def _review(store, day: str):
    return load_review(store, as_of=datetime.fromisoformat(day).replace(tzinfo=STATION_TIMEZONE))


def _selected(store, data, review_filter: ReviewFilter, layer: str = "visits") -> set[str]:
    """The ids of the records the filter selects, as the store finds them (a county's are not in memory)."""
    query = review_query(layer, data.grids, review_filter, data.as_of)
    found = set(store.read_page(layer, query, ["id"], 0, 1000)["id"])
    assert store.count_matching(layer, query) == len(found)
    return found


def _visits(store, data, review_filter: ReviewFilter) -> set[str]:
    return _selected(store, data, review_filter)


def _store_selects_as_memory_does(store, data, review_filter: ReviewFilter) -> dict[str, int]:
    """The store's selection of households and disputes is the one made in memory; its counts, returned."""
    chosen = select(data, review_filter)
    for layer in ("households", "disputes"):
        frame = getattr(data, layer)
        assert _selected(store, data, review_filter, layer) == set(frame["id"][getattr(chosen, layer)]), layer
    return review_counts(store, data.grids, review_filter, data.as_of)


def _recency(data) -> dict[str, str]:
    return dict(zip(data.households["house_no"], data.households["recency"]))


def test_recency_follows_each_grids_cycle(make_project):
    store = make_project()
    # house 1: visited 03-31 in a 30-day grid; house 3: visited 04-02 in a 60-day grid; house 2: never
    assert _recency(_review(store, "2026-04-15")) == {"1": "visited", "2": "never", "3": "visited"}
    assert _recency(_review(store, "2026-04-27")) == {"1": "due_soon", "2": "never", "3": "visited"}
    assert _recency(_review(store, "2026-05-10")) == {"1": "overdue", "2": "never", "3": "visited"}
    assert _recency(_review(store, "2026-06-10")) == {"1": "overdue", "2": "never", "3": "overdue"}


def test_a_new_visit_updates_recency_when_the_layer_is_reread(make_project):
    store = make_project()
    data = _review(store, "2026-05-10")
    house_1 = store.standard["house_1"]
    store.update("visits", store.standard["visit_1"].id, {"visited_at": datetime(2026, 5, 9, tzinfo=STATION_TIMEZONE)},
                 expected_version=1)  # fmt: skip
    data = with_layer(data, store, "visits")
    assert data.households.set_index("id").loc[house_1.id, "recency"] == "visited"


def test_grid_filter_reaches_households_visits_and_disputes(make_project):
    store = make_project()
    data = _review(store, "2026-04-15")
    grid_a = store.standard["grid_a"].id
    chosen = select(data, ReviewFilter(grid_ids=frozenset({grid_a})))
    assert set(data.households["house_no"][chosen.households]) == {"1", "2"}
    assert _visits(store, data, ReviewFilter(grid_ids=frozenset({grid_a}))) == {store.standard["visit_1"].id}
    assert set(data.disputes["id"][chosen.disputes]) == {store.standard["dispute_1"].id}
    assert _store_selects_as_memory_does(store, data, ReviewFilter(grid_ids=frozenset({grid_a}))) == {
        "grids": 1, "households": 2, "disputes": 1, "open_disputes": 1, "overdue": 0, "never": 1,
    }  # fmt: skip


def test_officer_grade_status_recency_and_tag_filters(make_project):
    store = make_project()
    data = _review(store, "2026-04-15")
    by_officer = select(data, ReviewFilter(officers=frozenset({"丁海"})))
    assert set(data.households["house_no"][by_officer.households]) == {"3"}
    red = select(data, ReviewFilter(grades=frozenset({"red"})))
    assert list(data.disputes["grade"][red.disputes]) == ["red"]
    assert _store_selects_as_memory_does(store, data, ReviewFilter(grades=frozenset({"red"})))["households"] == 3
    resolved = select(data, ReviewFilter(statuses=frozenset({"resolved"})))
    assert list(data.disputes["status"][resolved.disputes]) == ["resolved"]
    never = select(data, ReviewFilter(recency=frozenset({"never"})))
    assert set(data.households["house_no"][never.households]) == {"2"}
    assert _visits(store, data, ReviewFilter(recency=frozenset({"never"}))) == set()
    assert _visits(store, data, ReviewFilter(officers=frozenset({"丁海"}))) == {store.standard["visit_2"].id}
    elderly = select(data, ReviewFilter(key_person_tags=frozenset({"elderly_alone"})))
    assert set(data.households["house_no"][elderly.households]) == {"1"}
    assert not select(data, ReviewFilter(key_person_tags=frozenset({"disabled"}))).households.any()
    for review_filter in (
        ReviewFilter(officers=frozenset({"丁海"})),
        ReviewFilter(statuses=frozenset({"resolved"})),
        ReviewFilter(recency=frozenset({"never"})),
        ReviewFilter(key_person_tags=frozenset({"elderly_alone", "disabled"})),
        ReviewFilter(grades=frozenset({"red"}), recency=frozenset({"visited", "never"})),
    ):
        _store_selects_as_memory_does(store, data, review_filter)


def test_period_is_whole_days_in_the_station_time_zone(make_project):
    store = make_project()
    data = _review(store, "2026-04-15")
    # visit 1 was at 23:59 Beijing time on 31 March, which is 15:59 UTC the same day
    march = ReviewFilter(date_from=date(2026, 3, 31), date_to=date(2026, 3, 31))
    assert _visits(store, data, march) == {store.standard["visit_1"].id}
    april = ReviewFilter(date_from=date(2026, 4, 1))
    assert _visits(store, data, april) == {store.standard["visit_2"].id}
    assert _store_selects_as_memory_does(store, data, april)["disputes"] == 0  # both were reported before April


def test_counts_match_an_independent_count_on_the_demo_village(tmp_path):
    project = make_demo_village(tmp_path / "demo.gpkg", 300, 7, date(2026, 11, 28))
    with open_project(project) as store:
        data = load_review(store, as_of=datetime(2026, 11, 28, tzinfo=STATION_TIMEZONE))
        raw = store.read("disputes", columns=["grade", "status"])
        review_filter = ReviewFilter(grades=frozenset({"red", "orange"}), statuses=frozenset({"open"}))
        counts = _store_selects_as_memory_does(store, data, review_filter)
        every = review_counts(store, data.grids, ReviewFilter(), data.as_of)
    expected = int((raw["grade"].isin(["red", "orange"]) & (raw["status"] == "open")).sum())
    assert counts["disputes"] == counts["open_disputes"] == expected
    assert counts["households"] == len(data.households) == 300
    assert every["overdue"] == int((data.households["recency"] == "overdue").sum()) > 0
    assert every["never"] == int((data.households["recency"] == "never").sum())
    assert every["open_disputes"] == int(raw["status"].isin(["open", "mediating", "escalated"]).sum())


def test_search_finds_house_numbers_first_then_names_and_phones(make_project):
    store = make_project()
    store.update("households", store.standard["house_3"].id, {"house_no": "10"}, 1)  # holds a 1, after house 1
    assert list(search_households(store, "1")["house_no"]) == ["1", "10"]
    assert list(search_households(store, "李秀兰")["house_no"]) == ["2"]
    assert list(search_households(store, "1381234")["house_no"]) == ["1"]
    assert search_households(store, "  ").empty
    assert search_households(store, "no such person").empty


def test_a_damaged_layer_is_reported_and_the_rest_still_loads(make_project, tmp_path):
    make_project().close()
    path = tmp_path / "station.gpkg"
    damage_geometries(path, "disputes")
    with open_project(path) as store:
        data = load_review(store)
    assert len(data.disputes) == 0 and len(data.households) == 3
    [problem] = data.problems
    assert "disputes" in str(problem) and str(path) in str(problem)


def test_a_layer_in_a_foreign_crs_is_named_and_the_rest_still_loads(make_project, tmp_path):
    make_project().close()
    path = tmp_path / "station.gpkg"
    db = sqlite3.connect(path)
    db.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 / Pseudo-Mercator', 3857, 'EPSG', 3857, 'PROJCS[...]', '')"
    )
    db.execute("UPDATE gpkg_geometry_columns SET srs_id = 3857 WHERE table_name = 'roads'")
    db.commit()
    db.close()
    with open_project(path) as store:
        data = load_review(store)
    assert len(data.roads) == 0 and len(data.households) == 3
    [problem] = data.problems
    assert "roads" in str(problem) and "EPSG:3857" in str(problem) and "EPSG:4490" in str(problem)


@pytest.mark.parametrize("layer", ["grids", "households", "visits", "disputes", "landmarks", "roads"])
def test_an_empty_layer_keeps_its_columns(make_project, layer):
    store = make_project(with_data=False)
    data = load_review(store)
    frame = getattr(data, layer)
    assert len(frame) == 0 and "id" in frame.columns
    assert isinstance(frame, pd.DataFrame)


def test_a_change_patched_in_equals_the_layer_read_again(make_project):
    from shapely import Point

    from layers.review import with_change, with_layer
    from layers.store import new_feature

    store = make_project()
    data = _review(store, "2026-05-10")
    changes = []
    store.changed.connect(changes.append)
    house = store.standard["house_2"]
    store.update("households", house.id, {"members": 7}, expected_version=house.version)
    store.insert(
        new_feature(
            "visits",
            Point(105.906, 36.904),
            household_id=house.id,
            visited_at=datetime(2026, 5, 9, 10, tzinfo=STATION_TIMEZONE),
            officer="马文华",
        )  # fmt: skip
    )
    store.delete("disputes", store.standard["dispute_2"].id, expected_version=1)
    for change in changes:
        patched = with_change(data, store, change)
        reread = with_layer(data, store, change.layer)
        for layer in ("households", "visits", "disputes"):
            a = getattr(patched, layer).sort_values("id").reset_index(drop=True)
            b = getattr(reread, layer).sort_values("id").reset_index(drop=True)
            pd.testing.assert_frame_equal(a.drop(columns="geometry"), b.drop(columns="geometry"), check_dtype=False)
        assert patched.households["last_visit"].dtype == reread.households["last_visit"].dtype
        data = patched
    assert data.households.set_index("id").loc[house.id, "recency"] == "visited"  # the new visit made house 2 visited
