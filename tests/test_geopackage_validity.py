"""Every GeoPackage Wangge writes passes GDAL's own validator (``validate_gpkg.py --extra``).

The validator is the one Debian's python3-gdal ships, run by Debian's Python,
which has the ``osgeo`` bindings it needs; QGIS installs bring the same GDAL.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from layers.store import create_project, open_project
from layers.store.migrations import VERSION_TABLE
from layers.store.offline import pull, push
from maps.exports import export_gpkg
from maps.field_basemaps import add_field_basemaps
from maps.qgis_style import project_layer_styles
from tests.conftest import require_tool

VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")
SYSTEM_PYTHON = Path("/usr/bin/python3")


def assert_valid_geopackage(path: Path) -> None:
    require_tool(VALIDATOR.exists() and SYSTEM_PYTHON.exists(), "GDAL's validate_gpkg.py (python3-gdal)")
    result = subprocess.run(
        [str(SYSTEM_PYTHON), str(VALIDATOR), "--extra", str(path)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{path.name}: {result.stdout}{result.stderr}"
    assert result.stdout.strip() == "", f"{path.name}: {result.stdout}"


def test_a_new_empty_project(tmp_path):
    create_project(tmp_path / "empty.gpkg", "豫海派出所", styles=project_layer_styles()).close()
    assert_valid_geopackage(tmp_path / "empty.gpkg")


def test_a_project_after_edits(make_project):
    store = make_project()
    household = store.read("households").iloc[0]
    store.update("households", household["id"], {"phone": "13900000000"}, household["version"])
    store.delete("visits", store.read("visits")["id"].iloc[0], 1)
    store.close()
    assert_valid_geopackage(store.path)


def test_the_demo_village(demo_village_path, tmp_path):
    copy = tmp_path / "demo.gpkg"  # the validator only reads, but the session's file is shared
    shutil.copy(demo_village_path, copy)
    assert_valid_geopackage(copy)


def test_an_export(demo_village_path, tmp_path):
    with open_project(demo_village_path) as store:
        export_gpkg(store, tmp_path / "export.gpkg")
    assert_valid_geopackage(tmp_path / "export.gpkg")


def test_an_offline_copy_pulled_from_the_shared_database(demo_village_path, postgis_url, tmp_path, qapp):
    with open_project(demo_village_path) as local, open_project(postgis_url) as server:
        push(local, server)
        pull(
            server,
            tmp_path / "yh01.gpkg",
            grid_code="YH-01",
            styles=project_layer_styles(),
            complete=lambda copy, feedback: add_field_basemaps(copy, copy.path, feedback),  # its sketch as a raster
        )
    assert_valid_geopackage(tmp_path / "yh01.gpkg")


def test_a_file_from_an_older_wangge_once_edited(make_project):
    """Schema version 5 wrote the schema extension once per layer; the first edit puts that right."""
    store = make_project()
    store.close()
    with sqlite3.connect(store.path) as connection:
        connection.executemany(
            "INSERT INTO gpkg_extensions SELECT table_name, NULL, 'gpkg_schema', definition, scope "
            "FROM gpkg_extensions WHERE extension_name = 'gpkg_schema'",
            [()] * 3,
        )
        connection.execute(f"DELETE FROM {VERSION_TABLE} WHERE version >= 6")  # as saved by schema version 5
    connection.close()
    with open_project(store.path) as older:
        older.set_setting("note", "an edit")
    assert_valid_geopackage(store.path)


def test_the_validator_catches_a_broken_file(make_project):
    """The check can fail: a file with an R-tree trigger removed is refused."""
    store = make_project()
    store.close()
    with sqlite3.connect(store.path) as connection:
        connection.execute("DROP TRIGGER rtree_households_geom_update1")
    connection.close()
    with pytest.raises(AssertionError, match="trigger missing"):
        assert_valid_geopackage(store.path)
