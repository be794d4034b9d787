"""A path that is not a Wangge project: one clear reason, and the file is never written."""

from __future__ import annotations

import sqlite3

import pytest

from layers.errors import NotAProjectError, ProjectExistsError
from layers.store import create_project, open_project


def _unchanged_after_failed_open(path, match: str) -> None:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(NotAProjectError, match=match):
        open_project(path)
    if before is not None:
        assert path.read_bytes() == before
        assert not path.with_name(path.name + "-wal").exists()


def test_missing_file(tmp_path):
    with pytest.raises(NotAProjectError, match="no such file"):
        open_project(tmp_path / "nope.gpkg")
    assert not (tmp_path / "nope.gpkg").exists()


def test_a_folder(tmp_path):
    with pytest.raises(NotAProjectError, match="a folder"):
        open_project(tmp_path)


def test_a_text_file(tmp_path):
    path = tmp_path / "notes.gpkg"
    path.write_text("这不是地理数据库", encoding="utf-8")
    _unchanged_after_failed_open(path, "not a GeoPackage")


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.gpkg"
    path.write_bytes(b"")
    _unchanged_after_failed_open(path, "not a GeoPackage")


def test_a_plain_sqlite_database(tmp_path):
    path = tmp_path / "plain.gpkg"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
    _unchanged_after_failed_open(path, "not a GeoPackage")


def test_a_geopackage_from_another_program(tmp_path):
    import geopandas as gpd
    from shapely import Point

    path = tmp_path / "other.gpkg"
    gpd.GeoDataFrame({"name": ["a"]}, geometry=[Point(1, 2)], crs="EPSG:4326").to_file(path, driver="GPKG")
    _unchanged_after_failed_open(path, "without Wangge layers")


def test_a_truncated_project(make_project, tmp_path):
    make_project().close()
    path = tmp_path / "station.gpkg"
    damaged = tmp_path / "damaged.gpkg"
    damaged.write_bytes(path.read_bytes()[:3000])
    _unchanged_after_failed_open(damaged, "damaged|not a Wangge project")


def test_create_never_overwrites(tmp_path):
    path = tmp_path / "station.gpkg"
    path.write_bytes(b"precious")
    with pytest.raises(ProjectExistsError):
        create_project(path, "站")
    assert path.read_bytes() == b"precious"


def test_postgis_locations_are_explained_without_leaking_a_password():
    with pytest.raises(NotAProjectError) as error:
        open_project("postgresql://chief:s3cret@db.example/station")
    assert "s3cret" not in str(error.value)
