"""Officers, grids, roads and landmarks from the files a station is given, made without the demo generator."""

from __future__ import annotations

import hashlib
import zipfile

import geopandas as gpd
import numpy as np
import pytest
import shapely
from openpyxl import Workbook
from pyproj import Transformer

from layers.imports import import_register, plan_import
from layers.imports.errors import (
    ImportFileError,
    ImportRefusedError,
    NoCoordinateSystemError,
    NoFeaturesError,
    NoStationAreaError,
    NotAMapFileError,
    OutsideStationError,
)
from layers.station_setup import StationSetup, create_station_project
from layers.vocabulary import LandmarkKind, RoadKind
from tests import station_files as place

TO_METRES = Transformer.from_crs(4490, 32648, always_xy=True)


@pytest.fixture
def station(tmp_path):
    store = create_station_project(tmp_path / "清水河.gpkg", StationSetup(station="韦州派出所", township="韦州镇"))
    yield store
    store.close()


def metres(geometry):
    return shapely.transform(geometry, lambda xy: np.column_stack(TO_METRES.transform(xy[:, 0], xy[:, 1])))


def file_hash(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_grids_are_the_place(store):
    grids = store.read("grids").set_index("code")
    assert sorted(grids.index) == sorted(place.GRID)
    for code, truth in place.GRID.items():
        assert grids.loc[code, "name"] == truth.name, "Chinese text read in the file's encoding"
        assert grids.loc[code, "officer"] == truth.officer and grids.loc[code, "auxiliary"] == truth.auxiliary
        assert grids.loc[code, "station"] == "韦州派出所", "the project's station where the file names none"
        drawn, true = metres(grids.loc[code, "geometry"]), metres(place.grid_polygon(truth))
        assert drawn.hausdorff_distance(true) < 0.5, f"{code} lands where it is, within half a metre"


@pytest.mark.parametrize("cpg", [False, True], ids=["GBK without .cpg", "GBK with .cpg"])
def test_a_county_grid_shapefile_in_gauss_kruger_and_gbk_comes_in_as_it_is(station, tmp_path, cpg):
    shapefile = place.grid_shapefile(tmp_path / "county", cpg=cpg)
    result = import_register(station, "grids", shapefile)
    assert result.written == 3
    assert "4544" in result.report.coordinate_system or "105E" in result.report.coordinate_system
    assert_grids_are_the_place(station)


def test_a_zipped_shapefile_as_offices_email_it(station, tmp_path):
    shapefile = place.grid_shapefile(tmp_path / "county")
    archive = tmp_path / "网格边界.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in shapefile.parent.glob(shapefile.stem + ".*"):
            zipped.write(part, part.name)
    assert import_register(station, "grids", archive).report.encoding == "GBK"
    assert_grids_are_the_place(station)


@pytest.mark.parametrize("writer", [place.grid_geojson, place.grid_kml], ids=["GeoJSON", "KML"])
def test_grids_from_geojson_and_kml(station, tmp_path, writer):
    import_register(station, "grids", writer(tmp_path))
    assert_grids_are_the_place(station)


def test_a_shapefile_without_prj_is_refused_unless_its_system_is_given(station, tmp_path):
    shapefile = place.grid_shapefile(tmp_path, prj=False)
    before = file_hash(station.path)
    with pytest.raises(NoCoordinateSystemError, match="网格.shp.*coordinate system") as refused:
        plan_import(station, "grids", shapefile)
    assert "--" not in str(refused.value), "the domain names no command-line option (the import dialog shows it too)"
    assert file_hash(station.path) == before
    import_register(station, "grids", shapefile, crs="EPSG:4544")
    assert_grids_are_the_place(station)


def test_the_wrong_system_puts_features_outside_china_and_says_so(station, tmp_path):
    shapefile = place.grid_shapefile(tmp_path, prj=False)
    plan = plan_import(station, "grids", shapefile, crs="cgcs2000")  # Gauss-Kruger metres read as degrees
    assert plan.report.bad_rows == 3
    assert all("outside China" in problem.translated() for problem in plan.report.problems)


def test_importing_the_same_grids_twice_is_refused_by_code(station, tmp_path):
    import_register(station, "grids", place.grid_geojson(tmp_path))
    with pytest.raises(ImportRefusedError, match="already has a grid with this code"):
        import_register(station, "grids", place.grid_kml(tmp_path))
    assert len(station.read("grids")) == 3


def test_a_grid_in_two_pieces_and_a_point_are_problems_named_by_feature(station, tmp_path):
    pieces = shapely.MultiPolygon([place.grid_polygon(place.GRIDS[0]), shapely.box(105.95, 36.95, 105.96, 36.96)])
    frame = gpd.GeoDataFrame(
        {"网格编号": ["A", "B", "C"], "网格名称": ["一", "二", "三"]},
        geometry=[pieces, shapely.Point(105.91, 36.93), place.grid_polygon(place.GRIDS[2])],
        crs="EPSG:4490",
    )
    path = tmp_path / "grids.gpkg"
    frame.to_file(path, layer="网格")
    report = plan_import(station, "grids", path).report
    problems = {problem.row: problem.translated() for problem in report.problems}
    assert set(problems) == {1, 2}
    assert problems[1].startswith("feature 1") and "2 separate parts" in problems[1]
    assert "this feature is a Point" in problems[2]
    assert import_register(station, "grids", path, valid_rows_only=True).written == 1


def test_a_kml_without_coordinates_is_refused_in_one_message(station, tmp_path):
    path = place.kml_without_coordinates(tmp_path)
    before = file_hash(station.path)
    with pytest.raises(NoFeaturesError, match="标注.kml"):
        plan_import(station, "landmarks", path)
    assert file_hash(station.path) == before


def test_roads_cannot_come_from_a_spreadsheet(station, tmp_path):
    path, _ = place.household_register_xlsx(tmp_path)
    with pytest.raises(NotAMapFileError, match="roads"):
        plan_import(station, "roads", path)


# -- OpenStreetMap ------------------------------------------------------------------------


def test_an_osm_extract_needs_the_station_placed_first(station, tmp_path):
    with pytest.raises(NoStationAreaError):
        plan_import(station, "roads", place.osm_extract(tmp_path))


def test_roads_of_an_osm_extract_are_clipped_to_the_station_and_get_their_kinds(station, tmp_path):
    import_register(station, "grids", place.grid_geojson(tmp_path))
    extract = place.osm_extract(tmp_path)
    result = import_register(station, "roads", extract)
    roads = station.read("roads")
    assert len(roads) == result.written
    far = shapely.Point(place.FAR_AWAY_CENTRE).buffer(0.05)
    assert not shapely.intersects(roads.geometry.to_numpy(), far).any(), "the other village's roads are cut off"
    kinds = dict(zip(roads["name"], roads["kind"]))
    assert kinds["同韦公路"] == RoadKind.MAIN and kinds["学校巷"] == RoadKind.LANE and kinds["田间路"] == RoadKind.TRACK
    lane = metres(roads.loc[roads["name"] == "清真寺巷", "geometry"].iloc[0])
    truth = metres(shapely.LineString(place.ROADS[2].points))
    assert lane.hausdorff_distance(truth) < 0.5
    with pytest.raises(ImportRefusedError, match="already in the project"):
        import_register(station, "roads", extract)


def test_landmarks_of_an_osm_extract_are_the_ones_an_officer_names(station, tmp_path):
    import_register(station, "grids", place.grid_geojson(tmp_path))
    import_register(station, "landmarks", place.osm_extract(tmp_path))
    landmarks = station.read("landmarks").set_index("name")
    assert set(landmarks.index) == {landmark.name for landmark in place.LANDMARKS}
    expected = {
        "school": LandmarkKind.SCHOOL,
        "mosque": LandmarkKind.MOSQUE,
        "clinic": LandmarkKind.CLINIC,
        "doctors": LandmarkKind.CLINIC,
        "shop": LandmarkKind.SHOP,
        "committee": LandmarkKind.VILLAGE_COMMITTEE,
        "police": LandmarkKind.POLICE_OFFICE,
    }
    for landmark in place.LANDMARKS:
        assert landmarks.loc[landmark.name, "kind"] == expected[landmark.key], landmark.name
        assert landmarks.loc[landmark.name, "grid_id"] is not None, "placed in the grid it stands in"


def test_an_extract_of_another_county_is_refused_and_the_project_unchanged(station, tmp_path):
    import_register(station, "grids", place.grid_geojson(tmp_path))
    before = file_hash(station.path)
    with pytest.raises(OutsideStationError, match="station's area"):
        plan_import(station, "roads", place.osm_extract(tmp_path / "other", covers_station=False))
    assert file_hash(station.path) == before


# -- phones and lists ----------------------------------------------------------------------


def test_a_phones_gpx_gives_landmarks_told_by_name_and_a_walked_lane(station, tmp_path):
    gpx, track = place.phone_gpx(tmp_path)
    import_register(station, "landmarks", gpx)
    landmarks = station.read("landmarks").set_index("name")
    assert landmarks.loc["清真寺", "kind"] == LandmarkKind.MOSQUE
    assert landmarks.loc["清水河小学", "kind"] == LandmarkKind.SCHOOL
    assert landmarks.loc["马文华家", "kind"] == LandmarkKind.OTHER
    import_register(station, "roads", gpx)
    walked = station.read("roads")
    assert len(walked) == 1 and walked["kind"].iloc[0] == RoadKind.LANE
    assert metres(walked.geometry.iloc[0]).hausdorff_distance(metres(shapely.LineString(track))) < 0.5


def test_places_read_off_a_phone_map_are_shifted_back_from_gcj02(station, tmp_path):
    path, points = place.gcj02_points_csv(tmp_path)
    import_register(station, "landmarks", path, crs="gcj02")
    landmarks = station.read("landmarks").set_index("name")
    for point in points:
        error = metres(landmarks.loc[point.name, "geometry"]).distance(metres(shapely.Point(point.true_position)))
        assert error < 1.0, f"{point.name} within a metre after undoing the shift"


def test_officers_from_a_workbook(station, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["韦州派出所社区警务人员名单"])
    sheet.append(["序号", "姓名", "职务", "手机号码"])
    sheet.append([1, "马建军", "社区民警", "13709531101"])
    sheet.append([2, "杨小东", "辅警", "13709531102"])
    sheet.append([3, "田志刚", "社区民警", "1370953110"])  # a digit short
    sheet.append([4, "马小兵", None, "13709531104"])
    path = tmp_path / "民警名单.xlsx"
    workbook.save(path)
    report = plan_import(station, "officers", path).report
    assert [(problem.row, problem.column) for problem in report.problems] == [(5, "手机号码")]
    import_register(station, "officers", path, valid_rows_only=True)
    officers = station.read("officers").set_index("name")
    assert officers.loc["杨小东", "role"] == "auxiliary" and officers.loc["马建军", "station"] == "韦州派出所"
    assert officers.loc["马小兵", "role"] == "community_officer", "a blank role is a community officer's"


def test_a_station_with_only_its_satellite_image_clips_an_extract_to_it(station, tmp_path):
    from layers.imagery import add_imagery

    add_imagery(station.path, place.township_geotiff(tmp_path, epsg=4544).path)
    import_register(station, "roads", place.osm_extract(tmp_path))
    names = set(station.read("roads")["name"])
    assert names == {road.name for road in place.ROADS}, "the village's roads, none of the other village's"


def test_the_project_itself_is_not_imported_into_itself(station):
    with pytest.raises(ImportFileError, match="the project itself"):
        plan_import(station, "grids", station.path)
