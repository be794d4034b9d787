"""The GeoPackage project store: round trips, versions, transactions, crash safety."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta

import pytest
from shapely import Point, Polygon

from layers.errors import ConflictError, IntegrityError, InvalidValueError, RecordNotFoundError
from layers.schema import LAYERS
from layers.store import SETTINGS, Change, GeoPackageStore, new_feature, open_project
from tests.standard_data import BEIJING


def test_every_layer_round_trips_values_and_geometry(make_project):
    store = make_project()
    for feature in store.standard.values():
        stored = store.get(feature.layer, feature.id)
        assert stored.attributes == {k: feature.attributes[k] for k in stored.attributes} | {
            "created_at": stored["created_at"],
            "updated_at": stored["updated_at"],
        }
        if feature.geometry is None:
            assert stored.geometry is None
        else:
            assert stored.geometry.equals_exact(feature.geometry, 1e-12)


def test_datetimes_keep_the_instant_and_come_back_time_zone_aware(make_project):
    store = make_project()
    visit = store.get("visits", store.standard["visit_1"].id)
    # 23:59 Beijing time on the last day of March is still March locally, April 1 never
    assert visit["visited_at"] == datetime(2026, 3, 31, 23, 59, tzinfo=BEIJING)
    assert visit["visited_at"].astimezone(BEIJING).date() == date(2026, 3, 31)
    raw = store._db.execute("SELECT visited_at FROM visits WHERE id = ?", (visit.id,)).fetchone()[0]
    assert raw == "2026-03-31T15:59:00.000Z"


def test_read_returns_typed_frames(make_project):
    store = make_project()
    households = store.read("households")
    assert len(households) == 3
    assert str(households.crs) == "EPSG:4490"
    assert households["anti_fraud_app"].dtype == "boolean"
    assert households["members"].dtype == "Int64"
    visits = store.read("visits")
    assert str(visits["visited_at"].dt.tz) == "UTC"
    assert visits.geometry.isna().sum() == 1  # a visit may have no location
    officers = store.read("officers")
    assert "geometry" not in officers


def test_read_by_extent_uses_the_spatial_index(make_project):
    store = make_project()
    west = store.read("households", bbox=(105.90, 36.90, 105.91, 36.91))
    assert sorted(west["house_no"]) == ["1", "2"]
    assert len(store.read("households", bbox=(100.0, 30.0, 100.1, 30.1))) == 0


def test_update_bumps_the_version_and_refuses_a_stale_edit(make_project):
    store = make_project()
    house = store.standard["house_2"]
    changed = store.update("households", house.id, {"members": 5}, expected_version=house.version)
    assert (changed.version, changed["members"]) == (2, 5)
    assert changed["updated_at"] >= house["updated_at"]
    with pytest.raises(ConflictError) as conflict:
        store.update("households", house.id, {"members": 6}, expected_version=1)
    assert conflict.value.params["actual"] == 2
    assert store.get("households", house.id)["members"] == 5


def test_update_moves_a_geometry_and_the_index_follows(make_project):
    store = make_project()
    house = store.standard["house_2"]
    store.update("households", house.id, {}, expected_version=1, geometry=Point(105.918, 36.908))
    east = store.read("households", bbox=(105.91, 36.90, 105.92, 36.91))
    assert sorted(east["house_no"]) == ["2", "3"]


def test_record_fields_cannot_be_edited_by_hand(make_project):
    store = make_project()
    house = store.standard["house_1"]
    with pytest.raises(KeyError):
        store.update("households", house.id, {"version": 99}, expected_version=1)


def test_missing_record(make_project):
    store = make_project()
    with pytest.raises(RecordNotFoundError):
        store.get("households", "no-such-id")
    with pytest.raises(RecordNotFoundError):
        store.update("households", "no-such-id", {"members": 1}, expected_version=1)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("grade", "purple"),
        ("members", "three"),
        ("members", True),
        ("agreement_signed", "yes"),
        ("reported_at", datetime(2026, 1, 1, 9, 0)),  # naive: which clock?
        ("reported_at", "yesterday"),
        ("kind", None),
    ],
)
def test_bad_values_are_refused_naming_the_field(make_project, field, value):
    store = make_project()
    if field == "members":
        feature = new_feature("households", Point(105.9, 36.9), house_no="9", head_name="王", members=value)
    else:
        good = dict(grade="green", kind="family", reported_at=datetime(2026, 1, 1, 9, 0, tzinfo=BEIJING))
        feature = new_feature("disputes", Point(105.9, 36.9), **(good | {field: value}))
    before = store.count(feature.layer)
    with pytest.raises(InvalidValueError) as error:
        store.insert(feature)
    assert error.value.params["field"] == field
    assert field in str(error.value)
    assert store.count(feature.layer) == before


def test_projected_or_swapped_coordinates_are_refused(make_project):
    store = make_project()
    with pytest.raises(InvalidValueError, match="longitude/latitude"):
        store.insert(new_feature("households", Point(580000, 4090000), house_no="9", head_name="王"))
    with pytest.raises(InvalidValueError, match="Point expected"):
        store.insert(new_feature("households", Polygon([(0, 0), (1, 0), (1, 1)]), house_no="9", head_name="王"))


def test_reference_to_a_missing_record_is_refused(make_project):
    store = make_project()
    with pytest.raises(InvalidValueError, match="no such record in layer 'grids'"):
        store.insert(new_feature("households", Point(105.9, 36.9), house_no="9", head_name="王", grid_id="nope"))


def test_a_referenced_record_cannot_be_deleted(make_project):
    store = make_project()
    house = store.standard["house_1"]
    with pytest.raises(IntegrityError, match="referenced by 1 record"):
        store.delete("households", house.id, expected_version=1)
    assert store.count("households") == 3


def test_delete_returns_the_record_so_it_can_be_restored(make_project):
    store = make_project()
    landmark = store.standard["police_office"]
    removed = store.delete("landmarks", landmark.id, expected_version=1)
    assert store.count("landmarks") == 0
    store.insert(removed)
    assert store.get("landmarks", landmark.id).attributes == removed.attributes


def test_unique_grid_code(make_project):
    store = make_project()
    duplicate = new_feature(
        "grids",
        Polygon([(105.93, 36.9), (105.94, 36.9), (105.94, 36.91)]),
        code="YH-01",
        name="x",
        station="s",
        officer="o",
    )
    with pytest.raises(IntegrityError, match="already has this code"):
        store.insert(duplicate)


def test_an_edit_is_all_or_nothing(make_project):
    store = make_project()
    house = store.standard["house_2"]
    with pytest.raises(InvalidValueError):
        with store.edit():
            store.update("households", house.id, {"members": 7}, expected_version=1)
            store.insert(new_feature("visits", None, household_id=house.id, visited_at="not a date", officer="马"))
    assert store.get("households", house.id)["members"] == 1
    assert store.get("households", house.id).version == 1


def test_changed_fires_once_per_committed_edit_and_never_for_a_rolled_back_one(make_project):
    store = make_project()
    seen = []
    store.changed.connect(seen.append)
    house = store.standard["house_2"]
    with store.edit():
        store.update("households", house.id, {"members": 2}, expected_version=1)
        store.update("households", house.id, {"members": 3}, expected_version=2)
    assert len(seen) == 1 and seen[0].layer == "households" and seen[0].updated == (house.id, house.id)
    with pytest.raises(ConflictError):
        store.update("households", house.id, {"members": 4}, expected_version=1)
    assert len(seen) == 1


def test_a_settings_edit_is_announced_like_an_edit_of_records(make_project):
    store = make_project()
    seen = []
    store.changed.connect(seen.append)
    with store.edit():
        store.set_setting("key_person_cycles", '{"elderly_alone": 7}')
        store.set_setting("station", "豫海派出所")
    assert seen == [Change(SETTINGS, updated=("key_person_cycles", "station"))]


def test_read_matching_selects_records_by_a_field_in_the_database(make_project):
    store = make_project()
    house = store.standard["house_3"]
    visits = store.read("visits")
    theirs = store.read("visits", matching={"household_id": house.id})
    assert len(theirs) and set(theirs["id"]) == set(visits[visits["household_id"] == house.id]["id"])
    assert store.read("visits", matching={"household_id": "no such household"}).empty
    with pytest.raises(KeyError, match="householdid"):
        store.read("visits", matching={"householdid": house.id})


def test_hostile_text_is_stored_and_read_back_unchanged(make_project):
    store = make_project()
    hostile = [
        "'); DROP TABLE households;--",
        "x" * 100_000,
        "tab\tnewline\nnull\x00bell\x07",
        "😀 马 \u202e reversed",
        '"quoted" \\ backslash',
    ]
    ids = []
    for text in hostile:
        ids.append(
            store.insert(new_feature("households", Point(105.9, 36.9), house_no=text, head_name=text, notes=text)).id
        )
    for text, record in zip(hostile, ids):
        assert store.get("households", record)["head_name"] == text
    assert list(store.read("households")["notes"].iloc[-len(hostile) :]) == hostile


def test_bulk_load_checks_every_row_before_writing(make_project):
    import geopandas as gpd

    store = make_project()
    frame = gpd.GeoDataFrame(
        {"house_no": ["10", "11", "12"], "head_name": ["甲", None, "丙"]},
        geometry=[Point(105.9, 36.9)] * 3,
        crs="EPSG:4490",
    )
    with pytest.raises(InvalidValueError, match="row 2.*head_name"):
        store.bulk_load("households", frame)
    assert store.count("households") == 3
    frame.loc[1, "head_name"] = "乙"
    assert store.bulk_load("households", frame) == 3
    assert len(store.read("households", bbox=(105.89, 36.89, 105.901, 36.901))) == 3  # the index was filled


def test_settings_persist(make_project, tmp_path):
    store = make_project()
    store.set_setting("timezone", "Asia/Shanghai")
    store.close()
    reopened = open_project(tmp_path / "station.gpkg")
    assert reopened.settings()["station"] == "豫海派出所"
    reopened.close()


def test_wal_while_open_and_a_single_self_contained_file_after_close(make_project, tmp_path):
    store = make_project()
    path = tmp_path / "station.gpkg"
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    assert not path.with_name(path.name + "-wal").exists()
    with sqlite3.connect(path) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert plain.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_crash_loses_nothing_that_was_committed(make_project, tmp_path):
    store = make_project()
    store.close()
    path = tmp_path / "station.gpkg"
    script = textwrap.dedent(
        f"""
        import os
        from shapely import Point
        from layers.store import open_project, new_feature
        store = open_project({str(path)!r})
        store.insert(new_feature("households", Point(105.9, 36.9), house_no="crash-1", head_name="甲"))
        with store.edit():
            store.insert(new_feature("households", Point(105.9, 36.9), house_no="crash-2", head_name="乙"))
            os._exit(9)  # the process dies in the middle of an edit
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert result.returncode == 9, result.stderr.decode()
    reopened = GeoPackageStore.open(path)
    numbers = set(reopened.read("households")["house_no"])
    reopened.close()
    assert "crash-1" in numbers and "crash-2" not in numbers


def test_layer_info_counts_and_extents(make_project):
    store = make_project()
    info = {layer.name: layer for layer in store.layer_info()}
    assert set(info) == set(LAYERS)
    assert info["households"].count == 3 and info["visits"].count == 2
    minx, miny, maxx, maxy = info["grids"].extent
    assert minx == pytest.approx(105.90, abs=1e-4) and maxx == pytest.approx(105.92, abs=1e-4)
    assert info["officers"].extent is None


def test_timestamps_are_utc(make_project):
    store = make_project()
    house = store.standard["house_1"]
    stored = store.get("households", house.id)
    assert stored["created_at"].utcoffset() == timedelta(0)
    assert abs(stored["created_at"] - datetime.now(UTC)) < timedelta(minutes=5)


def test_closing_records_the_extents_qgis_zooms_to(make_project, tmp_path):
    store = make_project()
    store.close()
    with sqlite3.connect(tmp_path / "station.gpkg") as plain:
        minx, miny, maxx, maxy = plain.execute(
            "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'grids'"
        ).fetchone()
        assert plain.execute("SELECT min_x FROM gpkg_contents WHERE table_name = 'officers'").fetchone() == (None,)
    assert (minx, maxx) == (pytest.approx(105.90, abs=1e-4), pytest.approx(105.92, abs=1e-4))
    assert (miny, maxy) == (pytest.approx(36.90, abs=1e-4), pytest.approx(36.91, abs=1e-4))


def test_bulk_load_refuses_what_a_single_edit_refuses(make_project):
    import geopandas as gpd

    store = make_project()
    frame = gpd.GeoDataFrame(
        {"house_no": ["10", "11"], "head_name": ["甲", "乙"], "sketch_x": [1.5, "2"]},
        geometry=[Point(105.9, 36.9)] * 2,
        crs="EPSG:4490",
    )
    with pytest.raises(InvalidValueError, match="row 2.*sketch_x.*finite number"):
        store.bulk_load("households", frame)
    assert store.count("households") == 3


def test_versions_read_from_a_frame_are_accepted_for_edits(make_project):
    """Versions come back from ``read`` as numpy integers; an edit against one is no conflict."""
    store = make_project()
    frame = store.read("households", columns=["id", "version", "members"])
    record, version = frame["id"].iloc[0], frame["version"].iloc[0]
    updated = store.update("households", record, {"members": 4}, expected_version=version)
    assert updated.version == int(version) + 1
    landmarks = store.read("landmarks", columns=["id", "version"])
    store.delete("landmarks", landmarks["id"].iloc[0], expected_version=landmarks["version"].iloc[0])
    assert store.count("landmarks") == 0
