"""Records added by other programs are whole: the database gives them an id, version 1 and their times.

QGIS, QField and plain SQL through GDAL fill only what a user typed; Wangge reads what they added like
its own records, in a new project, in a project made before the defaults existed, and on the server.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid
from datetime import UTC, datetime, timedelta

import psycopg

from layers.schema import LAYERS, RECORD_FIELDS
from layers.store import GeoPackageStore, open_project
from layers.store.gpkg_schema import GENERATED_SQL
from tests.conftest import require_tool

ADD_HOUSE_SQL = "INSERT INTO households (house_no, head_name) VALUES ('88', '马二')"
ADD_OFFICER_SQL = "INSERT INTO officers (name, role, station) VALUES ('马警官', 'auxiliary', '豫海派出所')"
"""An attribute table: plain sqlite3 cannot write a spatial layer, whose R-tree triggers call GeoPackage functions."""


def _is_uuid4(text: str) -> bool:
    try:
        return uuid.UUID(text).version == 4 and str(uuid.UUID(text)) == text
    except ValueError:
        return False


def _written_now(record) -> None:
    """Both times are the moment of writing, in UTC (the database's clock: the tests' fixed clock cannot reach it)."""
    assert record["created_at"] == record["updated_at"]
    assert record["created_at"].utcoffset() == timedelta(0)


def _added(store, layer: str, before: set[str]):
    (added,) = set(store.read(layer)["id"]) - before
    return store.get(layer, added)


def test_a_house_added_through_gdal_gets_an_id_a_version_and_its_times(make_project, tmp_path):
    require_tool(shutil.which("ogrinfo") is not None, "ogrinfo (gdal-bin)")
    store = make_project()
    before = set(store.read("households")["id"])
    store.close()
    path = tmp_path / "station.gpkg"
    for _ in range(2):
        subprocess.run(["ogrinfo", str(path), "-q", "-sql", ADD_HOUSE_SQL], check=True, capture_output=True)
    with GeoPackageStore.open(path) as reopened:
        added = reopened.read("households").loc[lambda frame: ~frame["id"].isin(before)]
        assert len(added) == 2 and added["id"].nunique() == 2
        assert all(_is_uuid4(text) for text in added["id"])
        house = reopened.get("households", added["id"].iloc[0])
    assert house.version == 1
    assert house["members"] == 1 and house["located_by"] == "manual"  # the declared defaults as well
    _written_now(house)


def test_every_layer_declares_its_record_fields_generated():
    generated = {field.name: field.generated for field in RECORD_FIELDS if field.generated is not None}
    assert set(generated) == {"id", "created_at", "updated_at"}
    for layer in LAYERS.values():
        assert {f.name: f.generated for f in layer.fields if f.generated is not None} == generated, layer.name


def _as_written_before_the_defaults(path) -> None:
    """The file as Wangge wrote it up to schema version 7: the same tables without the generated defaults."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN")
    (schema_version,) = connection.execute("PRAGMA schema_version").fetchone()
    connection.execute("PRAGMA writable_schema = ON")
    for name in LAYERS:
        (definition,) = connection.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        for expression in GENERATED_SQL.values():
            definition = definition.replace(f" DEFAULT {expression}", "")
        connection.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (definition, name))
    connection.execute(f"PRAGMA schema_version = {schema_version + 1}")
    connection.execute("PRAGMA writable_schema = OFF")
    connection.execute("DELETE FROM wangge_schema_version WHERE version > 7")
    connection.execute("COMMIT")
    connection.close()


def _defaults(path, table: str) -> dict[str, str | None]:
    with sqlite3.connect(path) as connection:
        return {row[1]: row[4] for row in connection.execute(f"PRAGMA table_info({table})")}


def test_a_project_from_before_the_defaults_gains_them_and_keeps_every_record(make_project, tmp_path):
    store = make_project()
    before = {name: store.read(name) for name in LAYERS}
    store.close()
    path = tmp_path / "station.gpkg"
    _as_written_before_the_defaults(path)
    with sqlite3.connect(path) as connection:
        try:
            connection.execute(ADD_OFFICER_SQL)
            raise AssertionError("the older file took an officer without an id")
        except sqlite3.IntegrityError as error:
            assert "officers.id" in str(error)
    with GeoPackageStore.open(path) as migrated:
        migrated.set_setting("note", "the first edit applies the pending migration")
    for name in LAYERS:
        assert _defaults(path, name)["id"] is not None, name
        assert _defaults(path, name)["created_at"] == GENERATED_SQL[RECORD_FIELDS[2].generated][1:-1], name
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        connection.execute(ADD_OFFICER_SQL)
    with GeoPackageStore.open(path) as migrated:
        for name, frame in before.items():
            after = migrated.read(name)
            assert set(frame["id"]) <= set(after["id"]), name
        officer = _added(migrated, "officers", set(before["officers"]["id"]))
        assert _is_uuid4(officer.id) and officer.version == 1
        _written_now(officer)


def test_a_house_added_on_the_server_in_sql_gets_an_id_a_version_and_its_times(make_project, postgis_url):
    from layers.store.offline import push

    with open_project(postgis_url) as server:
        push(make_project(), server)
        before = set(server.read("households")["id"])
    with psycopg.connect(postgis_url, autocommit=True) as connection:
        connection.execute("INSERT INTO wangge.households (house_no, head_name) VALUES ('88', '马二')")
    with open_project(postgis_url) as server:
        house = _added(server, "households", before)
        assert _is_uuid4(house.id) and house.version == 1
        _written_now(house)


def test_a_time_written_without_a_zone_is_the_stations_local_time(make_project, tmp_path):
    """QGIS and QField write what their form shows (``now()``, a date picker) in the device's time, with no zone."""
    require_tool(shutil.which("ogrinfo") is not None, "ogrinfo (gdal-bin)")
    store = make_project()
    visit = store.read("visits").iloc[0]
    store.close()
    path = tmp_path / "station.gpkg"
    sql = f"UPDATE visits SET visited_at = '2026-12-07T09:30:00' WHERE id = '{visit['id']}'"
    subprocess.run(["ogrinfo", str(path), "-q", "-sql", sql], check=True, capture_output=True)
    expected = datetime(2026, 12, 7, 1, 30, tzinfo=UTC)  # 09:30 in Beijing
    with GeoPackageStore.open(path) as reopened:
        assert reopened.get("visits", visit["id"])["visited_at"] == expected
        frame = reopened.read("visits").set_index("id")
        assert frame.loc[visit["id"], "visited_at"] == expected
        assert frame["visited_at"].notna().all()
