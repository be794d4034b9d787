"""Forward migrations: applied in order, all or nothing, newer files refused."""

from __future__ import annotations

import sqlite3

import pytest

from layers.errors import SchemaTooNewError
from layers.store import GeoPackageStore
from layers.store.migrations import MIGRATIONS, Migration, applied_version, latest_version


def _add_patrol_zone(connection: sqlite3.Connection) -> None:
    columns = {row[1] for row in connection.execute("PRAGMA table_info(grids)")}
    if "patrol_zone" not in columns:
        connection.execute("ALTER TABLE grids ADD COLUMN patrol_zone TEXT")


def _broken(connection: sqlite3.Connection) -> None:
    connection.execute("ALTER TABLE grids ADD COLUMN half_done TEXT")
    raise RuntimeError("migration failed half way")


NEXT = latest_version() + 1
V_NEXT = (*MIGRATIONS, Migration(NEXT, "grids get a patrol zone", _add_patrol_zone))


def _columns(path, table: str) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def test_a_new_project_is_at_the_latest_version(make_project):
    store = make_project(with_data=False)
    assert store.schema_version() == latest_version() == len(MIGRATIONS)


def test_reading_an_older_file_migrates_a_copy_in_memory_and_leaves_the_file_alone(make_project, tmp_path):
    make_project().close()
    path = tmp_path / "station.gpkg"
    before = path.read_bytes()
    with GeoPackageStore.open(path, migrations=V_NEXT) as store:
        assert store.schema_version() == NEXT
        assert "patrol_zone" in {row[1] for row in store._db.execute("PRAGMA table_info(grids)")}
    assert path.read_bytes() == before


def test_the_first_edit_of_an_older_file_applies_pending_migrations_and_keeps_the_data(make_project, tmp_path):
    store = make_project()
    grid_id = store.standard["grid_a"].id
    store.close()
    path = tmp_path / "station.gpkg"
    migrated = GeoPackageStore.open(path, migrations=V_NEXT)
    assert migrated.schema_version() == NEXT
    assert migrated.get("grids", grid_id)["code"] == "YH-01"
    migrated.set_setting("note", "first edit")
    migrated.close()
    assert "patrol_zone" in _columns(path, "grids")
    with sqlite3.connect(path) as connection:
        history = connection.execute(
            "SELECT version, description FROM wangge_schema_version ORDER BY version"
        ).fetchall()
    assert [v for v, _ in history] == list(range(1, NEXT + 1))


def test_a_failing_migration_leaves_the_file_as_it_was(make_project, tmp_path):
    make_project().close()
    path = tmp_path / "station.gpkg"
    before = path.read_bytes()
    with pytest.raises(RuntimeError, match="half way"):
        GeoPackageStore.open(path, migrations=(*MIGRATIONS, Migration(NEXT, "broken", _broken)))
    store = GeoPackageStore.open(path)
    store._migrations = (*MIGRATIONS, Migration(NEXT, "broken", _broken))  # the file was current when opened
    with pytest.raises(RuntimeError, match="half way"):
        store.set_setting("note", "an edit that needs the broken migration first")
    store.close()
    assert "half_done" not in _columns(path, "grids")
    with sqlite3.connect(path) as connection:
        assert applied_version(connection) == latest_version()
    reopened = GeoPackageStore.open(path)
    assert reopened.count("grids") == 2
    reopened.close()
    assert len(path.read_bytes()) == len(before)


def test_a_file_from_a_newer_app_is_refused_untouched(make_project, tmp_path):
    GeoPackageStore.create(tmp_path / "newer.gpkg", "站", migrations=V_NEXT).close()
    path = tmp_path / "newer.gpkg"
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match=f"schema version {NEXT}"):
        GeoPackageStore.open(path)
    assert path.read_bytes() == before


def _as_version_1(path) -> None:
    """Make ``path`` look like a file written before migration 2: no sketch outline on grids."""
    with sqlite3.connect(path) as connection:
        for column in ("sketch_outline", "sketch_id"):
            connection.execute("DROP INDEX IF EXISTS idx_grids_sketch_id")
            connection.execute(f"ALTER TABLE grids DROP COLUMN {column}")
        connection.execute("DELETE FROM wangge_schema_version WHERE version > 1")


def test_a_version_1_file_gains_the_sketch_outline_of_grids(make_project, tmp_path):
    store = make_project()
    grid_id = store.standard["grid_a"].id
    store.close()
    path = tmp_path / "station.gpkg"
    _as_version_1(path)
    assert "sketch_outline" not in _columns(path, "grids")
    migrated = GeoPackageStore.open(path)
    assert migrated.schema_version() == latest_version()
    grid = migrated.get("grids", grid_id)
    assert grid["code"] == "YH-01" and grid["sketch_outline"] is None
    migrated.update("grids", grid_id, {"sketch_outline": "[[1, 2], [3, 4], [5, 1]]"}, grid.version)
    migrated.close()
    assert {"sketch_id", "sketch_outline"} <= _columns(path, "grids")


def _as_version_2(path) -> None:
    """Make ``path`` look like a file written before migration 3: no spot checks, no visit targets."""
    with sqlite3.connect(path) as connection:
        for table, column in (
            ("visits", "spot_check"),
            ("visits", "spot_checked_by"),
            ("visits", "spot_checked_at"),
            ("grids", "monthly_visit_target"),
        ):
            connection.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        connection.execute("DELETE FROM wangge_schema_version WHERE version > 2")


def test_a_version_2_file_gains_spot_checks_of_visits_and_grid_targets(make_project, tmp_path):
    store = make_project()
    grid_id = store.standard["grid_a"].id
    visit_id = store.read("visits", columns=["id"])["id"].iloc[0]
    store.close()
    path = tmp_path / "station.gpkg"
    _as_version_2(path)
    assert "spot_check" not in _columns(path, "visits")
    migrated = GeoPackageStore.open(path)
    assert migrated.schema_version() == latest_version()
    visit = migrated.get("visits", visit_id)
    assert visit["spot_check"] is None and visit["spot_checked_by"] is None
    migrated.update("visits", visit_id, {"spot_check": "confirmed", "spot_checked_by": "马所长"}, visit.version)
    grid = migrated.get("grids", grid_id)
    assert grid["monthly_visit_target"] is None
    migrated.update("grids", grid_id, {"monthly_visit_target": 40}, grid.version)
    assert migrated.get("grids", grid_id)["monthly_visit_target"] == 40
    migrated.close()
    assert {"spot_check", "spot_checked_by", "spot_checked_at"} <= _columns(path, "visits")
    assert "monthly_visit_target" in _columns(path, "grids")


def test_a_version_4_file_gains_the_other_parties_of_its_disputes(make_project, tmp_path):
    store = make_project()
    dispute = store.standard["dispute_1"]
    store.close()
    path = tmp_path / "station.gpkg"
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE disputes DROP COLUMN party_households")
        connection.execute("DELETE FROM wangge_schema_version WHERE version > 4")
    assert "party_households" not in _columns(path, "disputes")
    migrated = GeoPackageStore.open(path)
    assert migrated.schema_version() == latest_version() >= 5
    assert migrated.get("disputes", dispute.id)["party_households"] == ""
    migrated.close()
