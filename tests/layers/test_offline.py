"""Offline copies: push, pull and sync against a real PostGIS server."""

from __future__ import annotations

import subprocess

import pandas as pd
import psycopg
import pytest
from shapely import Point

from layers.schema import LAYERS
from layers.store import GeoPackageStore, new_feature, open_project
from layers.store.offline import DELETED, pull, push, sync
from layers.store.postgis_admin import add_user


@pytest.fixture
def station(make_project, postgis_url):
    """The standard station pushed to a fresh shared database; yields (url, standard features)."""
    local = make_project()
    with open_project(postgis_url) as server:
        push(local, server)
    return postgis_url, local.standard


def _same_layers(a, b) -> None:
    for name in LAYERS:
        left = pd.DataFrame(a.read(name)).sort_values("id").reset_index(drop=True)
        right = pd.DataFrame(b.read(name)).sort_values("id").reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, obj=name)


def test_push_then_pull_gives_back_identical_layers(make_project, station, tmp_path):
    url, _ = station
    with open_project(url) as server:
        pull(server, tmp_path / "copy.gpkg")
    with open_project(tmp_path / "station.gpkg") as original, open_project(tmp_path / "copy.gpkg") as copy:
        _same_layers(original, copy)
        assert copy.settings()["station"] == original.settings()["station"]


def test_a_grid_copy_holds_that_grid_and_what_it_refers_to(station, tmp_path):
    url, standard = station
    with open_project(url) as server:
        counts = pull(server, tmp_path / "yh01.gpkg", grid_code="YH-01")
    assert counts["grids"] == 1 and counts["households"] == 2
    with open_project(tmp_path / "yh01.gpkg") as copy:
        assert set(copy.read("households")["id"]) == {standard["house_1"].id, standard["house_2"].id}
        assert set(copy.read("visits")["household_id"]) <= {standard["house_1"].id, standard["house_2"].id}
        assert copy.settings()["sync_grid"] == "YH-01"


def test_the_copy_remembers_the_server_without_its_password(station, tmp_path, postgis_cluster):
    url, _ = station
    with_password = url.replace("postgres@", "postgres:s3cret@")
    with open_project(with_password) as server:
        pull(server, tmp_path / "copy.gpkg")
    assert b"s3cret" not in (tmp_path / "copy.gpkg").read_bytes()


def test_edits_on_both_sides_merge_and_a_clash_is_listed_with_both_values(station, tmp_path):
    url, standard = station
    house, other = standard["house_1"], standard["house_2"]
    with open_project(url) as server:
        pull(server, tmp_path / "copy.gpkg", grid_code="YH-01")
    copy = GeoPackageStore.open(tmp_path / "copy.gpkg")
    copy.update("households", house.id, {"members": 7}, expected_version=1)
    copy.update("households", other.id, {"phone": "13900000000"}, expected_version=1)
    new_visit = copy.insert(
        new_feature("visits", None, household_id=house.id, visited_at="2026-11-27T10:00:00+08:00", officer="马文华")
    )
    with open_project(url) as server:
        server.update("households", house.id, {"camera": True}, expected_version=1)
        server.update("households", other.id, {"phone": "13811111111"}, expected_version=1)
        report = sync(copy, server)
        assert [(c.record, c.field, c.local, c.server) for c in report.conflicts] == [
            (other.id, "phone", "13900000000", "13811111111")
        ]
        merged = server.get("households", house.id)
        assert (merged["members"], merged["camera"]) == (7, True)
        assert server.get("visits", new_visit.id)["officer"] == "马文华"
        assert server.get("households", other.id)["phone"] == "13811111111"  # not overwritten
    assert copy.get("households", house.id)["camera"] is True
    assert copy.get("households", other.id)["phone"] == "13900000000"  # the local change is kept
    with open_project(url) as server:
        again = sync(copy, server)
        assert len(again.conflicts) == 1  # still listed until the user chooses
        settled = sync(copy, server, resolve="local")
        assert not settled.conflicts
        assert server.get("households", other.id)["phone"] == "13900000000"
        assert not sync(copy, server).conflicts
    copy.close()


def test_edits_made_in_another_gis_are_found_by_value(station, tmp_path):
    """QGIS or QField do not bump Wangge's versions: sync compares values with the pulled state."""
    url, standard = station
    house = standard["house_2"]
    with open_project(url) as server:
        pull(server, tmp_path / "copy.gpkg")
    subprocess.run(
        [
            "ogrinfo",
            str(tmp_path / "copy.gpkg"),
            "-q",
            "-sql",
            f"UPDATE households SET members = 6 WHERE id = '{house.id}'",
        ],
        check=True,
        capture_output=True,
    )
    with GeoPackageStore.open(tmp_path / "copy.gpkg") as copy, open_project(url) as server:
        report = sync(copy, server)
        assert report.sent["households", "updated"] == 1
        assert server.get("households", house.id)["members"] == 6


def test_deletions_travel_and_a_deletion_against_an_edit_is_a_conflict(station, tmp_path):
    url, standard = station
    with open_project(url) as server:
        pull(server, tmp_path / "copy.gpkg")
    copy = GeoPackageStore.open(tmp_path / "copy.gpkg")
    copy.delete("landmarks", standard["police_office"].id, expected_version=1)
    copy.delete("roads", standard["road"].id, expected_version=1)
    with open_project(url) as server:
        server.update("roads", standard["road"].id, {"name": "新修乡道"}, expected_version=1)
        server.delete("sketch_control_points", standard["control_point"].id, expected_version=1)
        report = sync(copy, server)
        assert report.sent["landmarks", "deleted"] == 1
        assert report.received["sketch_control_points", "deleted"] == 1
        assert [(c.layer, c.field) for c in report.conflicts] == [("roads", DELETED)]
        assert server.count("landmarks") == 0 and server.count("roads") == 1
    assert copy.count("sketch_control_points") == 0
    copy.close()


def test_an_officer_cannot_push_edits_outside_his_grids(station, tmp_path, postgis_cluster):
    url, standard = station
    add_user(url, "ma", "officer", ["YH-01"])
    officer_url = postgis_cluster.url(psycopg.conninfo.conninfo_to_dict(url)["dbname"], "ma")
    with open_project(officer_url) as server:
        pull(server, tmp_path / "copy.gpkg")
    copy = GeoPackageStore.open(tmp_path / "copy.gpkg")
    copy.update("households", standard["house_3"].id, {"members": 9}, expected_version=1)  # grid YH-02
    copy.update("households", standard["house_1"].id, {"members": 8}, expected_version=1)  # his grid
    with open_project(officer_url) as server:
        report = sync(copy, server)
        assert report.sent["households", "updated"] == 1
        assert len(report.refused) == 1 and "ma may not make this change" in str(report.refused[0])
        assert server.get("households", standard["house_3"].id)["members"] == 1
    assert copy.get("households", standard["house_3"].id)["members"] == 9  # kept for the chief to settle
    copy.close()


def test_pull_refuses_an_unknown_grid_and_an_existing_file(station, tmp_path):
    url, _ = station
    existing = tmp_path / "mine.gpkg"
    existing.write_bytes(b"keep")
    with open_project(url) as server:
        with pytest.raises(Exception, match="already exists"):
            pull(server, existing)
        with pytest.raises(Exception, match="no grid has the code YH-99"):
            pull(server, tmp_path / "x.gpkg", grid_code="YH-99")
    assert existing.read_bytes() == b"keep" and not (tmp_path / "x.gpkg").exists()


def test_new_records_from_the_server_arrive(station, tmp_path):
    url, standard = station
    with open_project(url) as server:
        pull(server, tmp_path / "copy.gpkg")
        added = server.insert(
            new_feature(
                "households", Point(105.907, 36.907), house_no="99", head_name="新户", grid_id=standard["grid_a"].id
            )
        )
    with GeoPackageStore.open(tmp_path / "copy.gpkg") as copy, open_project(url) as server:
        report = sync(copy, server)
        assert report.received["households", "inserted"] == 1
        assert copy.get("households", added.id)["head_name"] == "新户"


def test_a_refused_push_leaves_the_database_empty(make_project, postgis_url):
    local = make_project()
    with open_project(postgis_url) as server:
        server.bulk_load("grids", local.read("grids").iloc[:1])  # the same grid twice: the push must fail
        with pytest.raises(Exception, match="grids"):
            push(local, server)
        assert server.count("grids") == 1 and server.count("households") == 0
