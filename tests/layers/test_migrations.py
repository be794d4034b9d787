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


V2 = (*MIGRATIONS, Migration(2, "grids get a patrol zone", _add_patrol_zone))


def _columns(path, table: str) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def test_a_new_project_is_at_the_latest_version(make_project):
    store = make_project(with_data=False)
    assert store.schema_version() == latest_version() == 1


def test_opening_an_older_file_applies_pending_migrations_and_keeps_the_data(make_project, tmp_path):
    store = make_project()
    grid_id = store.standard["grid_a"].id
    store.close()
    path = tmp_path / "station.gpkg"
    migrated = GeoPackageStore.open(path, migrations=V2)
    assert migrated.schema_version() == 2
    assert migrated.get("grids", grid_id)["code"] == "YH-01"
    migrated.close()
    assert "patrol_zone" in _columns(path, "grids")
    with sqlite3.connect(path) as connection:
        history = connection.execute(
            "SELECT version, description FROM wangge_schema_version ORDER BY version"
        ).fetchall()
    assert [v for v, _ in history] == [1, 2]


def test_a_failing_migration_leaves_the_file_as_it_was(make_project, tmp_path):
    make_project().close()
    path = tmp_path / "station.gpkg"
    before = path.read_bytes()
    with pytest.raises(RuntimeError, match="half way"):
        GeoPackageStore.open(path, migrations=(*MIGRATIONS, Migration(2, "broken", _broken)))
    assert "half_done" not in _columns(path, "grids")
    with sqlite3.connect(path) as connection:
        assert applied_version(connection) == 1
    reopened = GeoPackageStore.open(path)
    assert reopened.count("grids") == 2
    reopened.close()
    assert len(path.read_bytes()) == len(before)


def test_a_file_from_a_newer_app_is_refused_untouched(make_project, tmp_path):
    GeoPackageStore.create(tmp_path / "newer.gpkg", "站", migrations=V2).close()
    path = tmp_path / "newer.gpkg"
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match="schema version 2"):
        GeoPackageStore.open(path)
    assert path.read_bytes() == before
