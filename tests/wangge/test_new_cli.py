"""``wangge new``: a station's own project from nothing; an existing file is never touched."""

from __future__ import annotations

import json

from layers.store import open_project
from tests.cli_helpers import assert_one_line_error, wangge
from tests.test_geopackage_validity import assert_valid_geopackage


def test_a_new_station_project_holds_the_station_its_villages_and_people(tmp_path):
    path = tmp_path / "豫海.gpkg"
    result = wangge(
        "new", str(path), "--station", "豫海派出所", "--township", "豫海镇", "--county", "同心县",
        "--village", "犁铧嘴村", "--village", "菜园村", "--officer", "马文华:13800000001", "--auxiliary", "李强",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert str(path) in result.stdout
    with open_project(path) as store:
        settings = store.settings()
        officers = store.read("officers").sort_values("name")
        assert all(store.count(layer) == 0 for layer in ("grids", "households", "visits", "disputes", "sketches"))
    assert (settings["station"], settings["township"], settings["county"]) == ("豫海派出所", "豫海镇", "同心县")
    assert json.loads(settings["villages"]) == ["犁铧嘴村", "菜园村"]
    assert list(zip(officers["name"], officers["role"], officers["phone"].fillna(""))) == [
        ("李强", "auxiliary", ""),
        ("马文华", "community_officer", "13800000001"),
    ]
    assert_valid_geopackage(path)
    info = wangge("info", str(path))
    assert info.returncode == 0 and "豫海派出所" in info.stdout


def test_an_existing_file_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "notes.gpkg"
    path.write_bytes(b"not mine to overwrite")
    result = wangge("new", str(path), "--station", "豫海派出所")
    assert_one_line_error(result, str(path), "already exists")
    assert path.read_bytes() == b"not mine to overwrite"


def test_bad_setup_is_one_line_and_leaves_no_file(tmp_path):
    path = tmp_path / "station.gpkg"
    assert_one_line_error(wangge("new", str(path), "--station", "  "), "needs a name")
    assert_one_line_error(wangge("new", str(path), "--station", "站", "--timezone", "Mars/Base"), "Mars/Base")
    assert_one_line_error(
        wangge("new", str(path), "--station", "站", "--officer", "马文华", "--auxiliary", "马文华"), "listed twice"
    )
    assert not path.exists()
    bad_member = wangge("new", str(path), "--station", "站", "--officer", ":13800000000")
    assert bad_member.returncode == 2 and "NAME or NAME:PHONE" in bad_member.stderr
    assert not path.exists()


def test_a_folder_that_does_not_exist_is_named_in_one_line(tmp_path):
    missing = tmp_path / "U盘" / "豫海.gpkg"
    assert_one_line_error(wangge("new", str(missing), "--station", "豫海派出所"), str(missing.parent), "does not exist")
    assert not missing.parent.exists()
    assert_one_line_error(wangge("demo-data", str(missing)), str(missing), "does not exist")
