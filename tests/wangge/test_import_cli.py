"""``wangge import`` as a clerk runs it: a bad file refused with the project byte-identical, the rest on request."""

from __future__ import annotations

import hashlib

import numpy as np
import shapely

from layers.china_offsets import wgs84_to_gcj02
from layers.store import open_project
from tests.cli_helpers import assert_one_line_error, wangge
from tests.layers.test_imports_households import BAD_ROWS, metres_apart, write_csv, write_xlsx


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def standard_project_file(make_project):
    store = make_project()
    path = store.path
    store.close()
    return path


def test_a_file_with_bad_rows_is_refused_and_the_project_is_byte_identical(make_project, tmp_path):
    project = standard_project_file(make_project)
    register = write_xlsx(tmp_path / "住户.xlsx", BAD_ROWS)
    before = digest(project)
    result = wangge("import", str(project), "households", str(register), "--quiet")
    assert_one_line_error(result, "5 row(s) with problems", "nothing was imported", "row 3, 家庭人口 '三'")
    assert digest(project) == before
    assert "row 5, 门牌号 '10': house number already on row 2 in the same grid" in result.stdout


def test_valid_rows_only_imports_the_rest_and_says_what_was_left_out(make_project, tmp_path):
    project = standard_project_file(make_project)
    register = write_xlsx(tmp_path / "住户.xlsx", BAD_ROWS)
    result = wangge("import", str(project), "households", str(register), "--valid-rows-only", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "imported 1 households" in result.stdout and "5 row(s) with problems left out" in result.stdout
    with open_project(project) as store:
        assert sorted(store.read("households")["house_no"]) == ["1", "10", "2", "3"]


def test_a_gbk_csv_of_phone_map_coordinates_imports(make_project, tmp_path):
    project = standard_project_file(make_project)
    lon, lat = wgs84_to_gcj02(np.array([105.9031, 105.9172]), np.array([36.9042, 36.9067]))
    rows = [["30", "王建国", "4", "13812345678", "", lon[0], lat[0]], ["31", "马海", "2", "", "", lon[1], lat[1]]]
    register = write_csv(tmp_path / "住户.csv", rows, encoding="gbk")
    result = wangge("import", str(project), "households", str(register), "--crs", "gcj02", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "text encoding: GBK" in result.stdout
    with open_project(project) as store:
        imported = store.read("households").set_index("house_no").loc[["30", "31"]]
    assert metres_apart(imported.geometry.values, [105.9031, 105.9172], [36.9042, 36.9067]).max() < 1.0
    assert shapely.get_x(imported.geometry.values[0]) != lon[0]


def test_an_unknown_coordinate_system_is_a_one_line_error(make_project, tmp_path):
    project = standard_project_file(make_project)
    register = write_xlsx(tmp_path / "住户.xlsx", BAD_ROWS[:1])
    before = digest(project)
    result = wangge("import", str(project), "households", str(register), "--crs", "mars", "--quiet")
    assert_one_line_error(result, "unknown coordinate system 'mars'")
    assert digest(project) == before


def test_a_mapping_names_a_column_nobody_recognises(make_project, tmp_path):
    project = standard_project_file(make_project)
    register = write_xlsx(tmp_path / "住户.xlsx", [["40", "张三"]], header=["门牌号", "屋主"])
    refused = wangge("import", str(project), "households", str(register), "--quiet")
    assert_one_line_error(refused, "no column for 户主姓名 (head_name)")
    result = wangge("import", str(project), "households", str(register), "--map", "屋主=head_name", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "屋主 -> Head of household" in result.stdout


def test_a_register_with_a_header_and_no_rows_is_refused_as_empty(make_project, tmp_path):
    project = standard_project_file(make_project)
    register = write_csv(tmp_path / "住户.csv", [])
    before = digest(project)
    result = wangge("import", str(project), "households", str(register), "--quiet")
    assert_one_line_error(result, str(register), "no data rows")
    assert digest(project) == before


def test_a_missing_column_is_not_preceded_by_a_count_of_valid_rows(make_project, tmp_path):
    project = standard_project_file(make_project)
    register = write_csv(tmp_path / "住户.csv", [["5", "3"], ["6", "2"]], header=["门牌号", "家庭人口"])
    result = wangge("import", str(project), "households", str(register), "--quiet")
    assert_one_line_error(result, "no column for")
    assert "rows valid" not in result.stdout


def test_an_error_about_the_project_names_the_users_own_file(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a project")
    register = write_csv(tmp_path / "住户.csv", [["5", "王", 3, None, None, 105.9, 36.9]])
    result = wangge("import", str(notes), "households", str(register), "--quiet")
    assert_one_line_error(result, f"{notes}: not a Wangge project")
    assert notes.read_text() == "not a project"


def test_an_error_after_progress_starts_a_line_of_its_own(make_project):
    project = standard_project_file(make_project)
    result = wangge("route", str(project), "--grid", "ZZ-99")
    assert result.returncode != 0
    last_line = result.stderr.rstrip("\n").split("\n")[-1]
    assert last_line == "wangge: no grid has the code ZZ-99", repr(result.stderr)


# -- map files: a station's own grids, roads and landmarks ---------------------------------


def new_station_file(tmp_path):
    from layers.station_setup import StationSetup, create_station_project

    path = tmp_path / "清水河.gpkg"
    create_station_project(path, StationSetup(station="韦州派出所")).close()
    return path


def test_a_county_grid_shapefile_then_an_osm_extract_come_in_from_the_command_line(tmp_path):
    from tests import station_files as place

    project = new_station_file(tmp_path)
    grids = wangge("import", str(project), "grids", str(place.grid_shapefile(tmp_path / "county")), "--quiet")
    assert grids.returncode == 0, grids.stderr
    assert "text encoding: GBK" in grids.stdout and "网格编号 -> Code" in grids.stdout
    extract = str(place.osm_extract(tmp_path))
    roads = wangge("import", str(project), "roads", extract, "--quiet")
    assert roads.returncode == 0, roads.stderr
    with open_project(project) as store:
        assert sorted(store.read("grids")["code"]) == sorted(place.GRID)
        assert set(store.read("roads")["name"]) == {road.name for road in place.ROADS}


def test_bad_map_files_are_one_line_errors_and_leave_the_project_unchanged(tmp_path):
    from tests import station_files as place

    project = new_station_file(tmp_path)
    before = digest(project)
    unplaced = wangge("import", str(project), "roads", str(place.osm_extract(tmp_path)), "--quiet")
    assert_one_line_error(unplaced, "tongxin.osm.pbf", "no grids, households or imagery yet")
    no_prj = place.grid_shapefile(tmp_path / "no_prj", prj=False)
    assert_one_line_error(wangge("import", str(project), "grids", str(no_prj), "--quiet"), str(no_prj), "--crs")
    empty_kml = place.kml_without_coordinates(tmp_path)
    assert_one_line_error(
        wangge("import", str(project), "landmarks", str(empty_kml), "--quiet"), str(empty_kml), "coordinates"
    )
    assert digest(project) == before
    assert wangge("import", str(project), "grids", str(place.grid_geojson(tmp_path)), "--quiet").returncode == 0
    after_grids = digest(project)
    elsewhere = place.osm_extract(tmp_path / "other", covers_station=False)
    assert_one_line_error(wangge("import", str(project), "roads", str(elsewhere), "--quiet"), "station's area")
    assert digest(project) == after_grids
