"""The audit log: every committed edit leaves its entry, a rolled-back one none, and nothing rewrites history."""

from __future__ import annotations

import getpass
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta

import geopandas as gpd
import psycopg
import pytest
from shapely import LineString, Point

from layers.errors import (
    AuditLogForbiddenError,
    AuditLogMissingError,
    ConflictError,
    InvalidValueError,
    RecordNotFoundError,
    SchemaTooNewError,
)
from layers.schema import LAYERS
from layers.store import GeoPackageStore, new_feature, open_project
from layers.store.gpkg import inspect_project_file
from layers.store.migrations import MIGRATIONS, latest_version
from tests.conftest import require_tool
from tests.standard_data import BEIJING

pytestmark = pytest.mark.clock  # entries are stamped now and read back by day

WHO = "马文华"


@pytest.fixture
def store(make_project):
    """The standard project, edited from here on by officer 马文华; ``log`` shows only this test's entries."""
    project = make_project()
    project.user = WHO
    project.baseline = int(project.audit(limit=1)["seq"].iloc[0])
    return project


def log(store, **filters):
    """The entries written since the standard data was added, newest first."""
    entries = store.audit(**filters)
    return entries[entries["seq"] > store.baseline].reset_index(drop=True)


def one_house(store):
    """House 2 of the standard data, as stored: nothing references it."""
    return store.get("households", store.standard["house_2"].id)


# -- one entry per edit, with its values -------------------------------------------


def test_insert_update_and_delete_each_leave_one_entry_with_who_when_and_the_values(store):
    before = datetime.now(UTC)
    house = store.insert(new_feature("households", Point(105.9, 36.9), house_no="8", head_name="王", members=2))
    store.update("households", house.id, {"members": 3, "phone": "13900000000"}, expected_version=1)
    store.update("households", house.id, {}, expected_version=2, geometry=Point(105.905, 36.901))
    store.delete("households", house.id, expected_version=3)
    after = datetime.now(UTC)

    entries = log(store, record_id=house.id)
    assert entries["action"].tolist() == ["delete", "update", "update", "insert"]  # newest first
    assert entries["version"].tolist() == [3, 3, 2, 1]
    assert set(entries["user"]) == {WHO} and entries["db_role"].isna().all()
    assert entries["seq"].is_monotonic_decreasing and entries["seq"].is_unique
    assert ((entries["at"] >= before - timedelta(milliseconds=1)) & (entries["at"] <= after)).all()

    deleted, moved, edited, inserted = entries.to_dict("records")
    assert inserted["old_values"] is None
    assert inserted["new_values"]["head_name"] == "王" and inserted["new_values"]["members"] == 2
    assert inserted["new_values"]["geom"] == "POINT (105.9 36.9)"
    assert inserted["new_values"]["created_at"].endswith("Z")  # stored form: UTC ISO 8601 text
    # only what changed, in stored form; the phone is personal data and kept for accountability
    # updated_at is kept to the millisecond: two edits within one leave it unchanged, and so unlogged
    assert edited["old_values"] | {"updated_at": None} == {
        "members": 2,
        "phone": None,
        "version": 1,
        "updated_at": None,
    }
    assert {k: edited["new_values"][k] for k in ("members", "phone", "version")} == {
        "members": 3,
        "phone": "13900000000",
        "version": 2,
    }
    assert set(moved["new_values"]) - {"updated_at"} == {"version", "geom"}
    assert (moved["old_values"]["geom"], moved["new_values"]["geom"]) == (
        "POINT (105.9 36.9)",
        "POINT (105.905 36.901)",
    )
    assert deleted["new_values"] is None
    assert deleted["old_values"]["members"] == 3 and deleted["old_values"]["geom"] == "POINT (105.905 36.901)"


def test_an_undo_through_replace_and_insert_is_audited_like_any_edit(store):
    house = store.insert(new_feature("households", Point(105.9, 36.9), house_no="8", head_name="王", members=2))
    edited = store.update("households", house.id, {"members": 9}, expected_version=house.version)
    store.replace(house)  # undo: the record exactly as it was, version included
    removed = store.delete("households", house.id, expected_version=house.version)
    store.insert(removed)  # undo of the delete
    undone_delete, delete, undone_edit, edit, insert = log(store, record_id=house.id).to_dict("records")
    assert [e["action"] for e in (insert, edit, undone_edit, delete, undone_delete)] == [
        "insert",
        "update",
        "update",
        "delete",
        "insert",
    ]
    assert edit["new_values"]["members"] == 9 and edited.version == house.version + 1
    assert (undone_edit["old_values"]["members"], undone_edit["new_values"]["members"]) == (9, house["members"])
    assert undone_edit["version"] == house.version
    assert undone_delete["new_values"]["house_no"] == house["house_no"]


def test_a_sketch_photo_is_left_out_of_the_log(store):
    sketch = next(f for f in store.standard.values() if f.layer == "sketches")
    store.update("sketches", sketch.id, {"image": b"\x89PNG other photo", "title": "新图"}, sketch.version)
    [entry] = log(store, layer="sketches").to_dict("records")
    assert "image" not in entry["new_values"] and entry["new_values"]["title"] == "新图"


# -- nothing for what was not committed ----------------------------------------------


def test_refused_edits_leave_no_entry(store):
    house = one_house(store)
    store.update("households", house.id, {"members": 4}, expected_version=house.version)
    with pytest.raises(ConflictError):
        store.update("households", house.id, {"members": 5}, expected_version=house.version)
    with pytest.raises(ConflictError):
        store.delete("households", house.id, expected_version=house.version)
    with pytest.raises(InvalidValueError):
        store.update("households", house.id, {"members": "many"}, expected_version=house.version + 1)
    with pytest.raises(InvalidValueError):
        store.insert(new_feature("households", Point(105.9, 36.9), house_no="9", head_name=None))
    with pytest.raises(RecordNotFoundError):
        store.update("households", "no-such-id", {"members": 1}, expected_version=1)
    assert len(log(store)) == 1


def test_an_edit_that_raises_half_way_leaves_no_entry(store):
    house = one_house(store)
    with pytest.raises(RuntimeError, match="power cut"):
        with store.edit():
            store.update("households", house.id, {"members": 7}, expected_version=house.version)
            store.insert(new_feature("households", Point(105.9, 36.9), house_no="10", head_name="甲"))
            assert len(log(store)) == 2  # written in the edit's own transaction...
            raise RuntimeError("power cut")
    assert len(log(store)) == 0  # ...so they went with it
    assert store.get("households", house.id).version == house.version


def test_a_file_whose_log_was_dropped_refuses_edits_instead_of_leaving_them_unlogged(store):
    house = one_house(store)
    store._db.execute("DROP TABLE wangge_audit")
    with pytest.raises(AuditLogMissingError, match="wangge_audit"):
        store.update("households", house.id, {"members": 7}, expected_version=house.version)
    assert store.get("households", house.id).version == house.version


# -- bulk loads ---------------------------------------------------------------


def test_a_bulk_load_is_one_entry_naming_every_record_it_wrote(store):
    frame = gpd.GeoDataFrame(
        {"house_no": ["10", "11", "12"], "head_name": ["甲", "乙", "丙"]}, geometry=[Point(105.9, 36.9)] * 3
    )
    before = set(store.read("households", columns=["id"])["id"])
    assert store.bulk_load("households", frame) == 3
    loaded = set(store.read("households", columns=["id"])["id"]) - before
    [entry] = log(store).to_dict("records")
    assert (entry["action"], entry["layer"], entry["record"], entry["user"]) == ("bulk_load", "households", None, WHO)
    assert entry["new_values"]["count"] == 3 and set(entry["new_values"]["ids"]) == loaded
    bad = frame.assign(head_name=["甲", None, "丙"])
    with pytest.raises(InvalidValueError):
        store.bulk_load("households", bad)
    assert len(log(store)) == 1


# -- reading -------------------------------------------------------------------


def test_entries_are_filtered_by_record_layer_day_and_limit(store):
    house = one_house(store)
    store.update("households", house.id, {"members": 2}, expected_version=house.version)
    road = store.insert(new_feature("roads", LineString([(105.90, 36.907), (105.91, 36.907)]), kind="lane"))
    store.update("households", house.id, {"members": 3}, expected_version=house.version + 1)
    assert log(store)["record"].tolist() == [house.id, road.id, house.id]
    assert log(store, layer="roads")["record"].tolist() == [road.id]
    assert len(log(store, record_id=house.id)) == 2 and len(log(store, record_id="nobody")) == 0
    assert log(store, limit=1)["new_values"].iloc[0]["members"] == 3
    today_in_beijing = datetime.now(BEIJING).date()  # a calendar day starts at midnight station time
    assert len(log(store, since=today_in_beijing)) == 3
    assert len(log(store, since=today_in_beijing + timedelta(days=1))) == 0
    assert len(log(store, since=datetime.now(UTC) + timedelta(hours=1))) == 0
    with pytest.raises(KeyError):
        log(store, layer="household")
    with pytest.raises(ValueError):
        log(store, since=datetime(2026, 1, 1))  # which clock?
    assert list(log(store).columns) == [
        "seq",
        "at",
        "user",
        "db_role",
        "action",
        "layer",
        "record",
        "version",
        "old_values",
        "new_values",
    ]


def test_the_user_defaults_to_the_login_name(make_project):
    assert make_project(with_data=False).user == getpass.getuser()


# -- history cannot be rewritten -----------------------------------------------------


def test_another_program_cannot_change_delete_or_replace_entries(store, tmp_path):
    house = one_house(store)
    store.update("households", house.id, {"members": 4}, expected_version=house.version)
    store.close()
    path = tmp_path / "station.gpkg"
    with sqlite3.connect(path) as raw:
        before = raw.execute("SELECT * FROM wangge_audit").fetchall()
        for statement in (
            "UPDATE wangge_audit SET who = 'nobody'",
            "DELETE FROM wangge_audit",
            "INSERT OR REPLACE INTO wangge_audit (seq, at, who, action, layer) "
            "SELECT seq, at, 'nobody', action, layer FROM wangge_audit",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                raw.execute(statement)
        assert raw.execute("SELECT * FROM wangge_audit").fetchall() == before


def test_qgis_and_gdal_see_the_same_layers_and_not_the_log(make_project, tmp_path):
    require_tool(shutil.which("ogrinfo") is not None, "ogrinfo (gdal-bin)")
    make_project().close()
    listing = subprocess.run(
        ["ogrinfo", "-ro", "-q", str(tmp_path / "station.gpkg")], capture_output=True, text=True, check=True
    ).stdout
    listed = [line.split(": ", 1)[1].split(" (")[0] for line in listing.splitlines() if ": " in line]
    assert sorted(listed) == sorted(LAYERS)


# -- schema versions -------------------------------------------------------------


def _as_version_3(path) -> None:
    """Make ``path`` look like a file written before migration 4: no audit log."""
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE wangge_audit")
        connection.execute("DELETE FROM wangge_schema_version WHERE version > 3")


def test_opening_a_version_3_file_adds_the_log_and_leaves_the_data_alone(make_project, tmp_path):
    store = make_project()
    house = store.standard["house_2"]
    store.close()
    path = tmp_path / "station.gpkg"
    _as_version_3(path)
    with GeoPackageStore.open(path, migrations=MIGRATIONS[:3]) as old_app:
        before = {layer: old_app.read(layer) for layer in LAYERS}
    with GeoPackageStore.open(path, user=WHO) as migrated:
        assert migrated.schema_version() == latest_version()
        for layer, frame in before.items():
            after = migrated.read(layer)
            assert after.equals(frame), layer
        assert len(migrated.audit()) == 0  # nothing is invented for the past
        migrated.update("households", house.id, {"members": 6}, expected_version=house.version)
        assert migrated.audit()["user"].tolist() == [WHO]
    with sqlite3.connect(path) as raw, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("DELETE FROM wangge_audit")


def test_an_app_that_knows_only_version_3_refuses_a_newer_file_untouched(make_project, tmp_path):
    make_project().close()
    path = tmp_path / "station.gpkg"
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match=f"schema version {latest_version()}.*knows up to 3"):
        inspect_project_file(path, MIGRATIONS[:3])
    with pytest.raises(SchemaTooNewError):
        GeoPackageStore.open(path, migrations=MIGRATIONS[:3])
    assert path.read_bytes() == before


# -- the shared database ------------------------------------------------------------


@pytest.fixture
def station_url(make_project, postgis_url):
    """A database with the standard data, loaded as the superuser."""
    source = make_project()
    with open_project(postgis_url) as target:
        for layer in LAYERS:
            target.bulk_load(layer, source.read(layer))
    return postgis_url, source.standard


def test_postgis_entries_name_the_person_and_the_role_and_only_the_changed_fields(station_url):
    url, standard = station_url
    house = standard["house_2"]
    with open_project(url, user=WHO) as store:
        loaded = store.audit()
        assert set(loaded["action"]) == {"insert"} and len(loaded) == len(standard)  # the server logs each row
        store.update("households", house.id, {"members": 5}, expected_version=1, geometry=Point(105.91, 36.9))
        with pytest.raises(ConflictError):
            store.update("households", house.id, {"members": 6}, expected_version=1)
        with pytest.raises(RuntimeError):
            with store.edit():
                store.update("households", house.id, {"members": 7}, expected_version=2)
                raise RuntimeError("power cut")
        removed = store.delete("landmarks", standard["police_office"].id, expected_version=1)
        store.insert(removed)
        undo, delete, update = store.audit(limit=3).to_dict("records")
    assert (update["user"], update["db_role"], update["action"], update["version"]) == (WHO, "postgres", "update", 2)
    assert set(update["new_values"]) == {"members", "version", "updated_at", "geom"}
    assert (update["old_values"]["members"], update["new_values"]["members"]) == (1, 5)
    assert update["new_values"]["geom"] == "POINT(105.91 36.9)"  # WKT, as PostGIS writes it
    assert (delete["action"], delete["new_values"], delete["version"]) == ("delete", None, 1)
    assert delete["old_values"]["name"] == standard["police_office"]["name"]
    assert undo["action"] == "insert" and undo["record"] == removed.id
    with psycopg.connect(url, autocommit=True) as raw:  # an edit made outside Wangge has its entry too
        raw.execute("UPDATE wangge.households SET notes = '已走访' WHERE id = %s", (house.id,))
    with open_project(url) as store:
        [outside] = store.audit(record_id=house.id, limit=1).to_dict("records")
        assert (outside["user"], outside["db_role"], outside["new_values"]["notes"]) == (None, "postgres", "已走访")


def test_postgis_entries_cannot_be_changed_even_by_the_owner(station_url):
    url, _ = station_url
    with psycopg.connect(url, autocommit=True) as raw:
        before = raw.execute("SELECT count(*), max(id) FROM wangge.audit").fetchone()
        for statement in (
            "UPDATE wangge.audit SET who = 'nobody'",
            "DELETE FROM wangge.audit",
            "TRUNCATE wangge.audit",
        ):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                raw.execute(statement)
        assert raw.execute("SELECT count(*), max(id) FROM wangge.audit").fetchone() == before


def test_an_officer_may_not_read_the_log(station_url, postgis_cluster):
    from psycopg.conninfo import conninfo_to_dict

    from layers.store.postgis_admin import add_user

    url, _ = station_url
    add_user(url, "wg_audit_officer", "officer", ["YH-01"])
    officer_url = postgis_cluster.url(conninfo_to_dict(url)["dbname"], "wg_audit_officer")
    with open_project(officer_url) as store, pytest.raises(AuditLogForbiddenError, match="wg_audit_officer"):
        store.audit()


def test_a_version_3_database_is_brought_to_version_4_keeping_its_data_and_history(
    make_project, postgis_cluster, monkeypatch
):
    from layers.store import postgis, postgis_admin

    url = postgis_cluster.create_database("t_audit_v3")
    monkeypatch.setattr(postgis_admin, "MIGRATIONS", postgis.MIGRATIONS[:3])
    assert postgis_admin.initialise(url) == [1, 2, 3]
    source = make_project()
    with open_project(url) as v3:
        for layer in LAYERS:
            v3.bulk_load(layer, source.read(layer))
        before = {layer: v3.read(layer) for layer in LAYERS}
        history = v3.audit()
        assert history["version"].isna().all()  # no such column before version 4
    monkeypatch.undo()
    assert postgis_admin.initialise(url)[0] == 4
    with open_project(url, user=WHO) as store:
        assert store.schema_version() == postgis.LATEST_VERSION
        for layer, frame in before.items():
            assert store.read(layer).equals(frame), layer
        assert store.audit().drop(columns="version").equals(history.drop(columns="version"))
        store.update("households", source.standard["house_2"].id, {"members": 5}, expected_version=1)
        newest = store.audit(limit=1).iloc[0]
        assert (newest["user"], newest["version"], set(newest["new_values"])) == (
            WHO,
            2,
            {"members", "version", "updated_at"},
        )
    newest = postgis.LATEST_VERSION
    monkeypatch.setattr(postgis, "LATEST_VERSION", 3)
    with pytest.raises(SchemaTooNewError, match=f"schema version {newest}.*knows up to 3"):
        open_project(url)
