"""The station's files of :mod:`tests.station_files` are what they claim, read back by other readers than ours."""

from __future__ import annotations

import ast
import csv
import json
import struct
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from pathlib import Path

import gpxpy
import numpy as np
import pillow_heif
import pyogrio
import pytest
import rasterio
import shapely
import time_machine
from openpyxl import load_workbook
from PIL import Image, ImageOps, UnidentifiedImageError
from pyproj import Geod
from rasterio.errors import NotGeoreferencedWarning, RasterioIOError
from rasterio.warp import transform, transform_bounds

from layers.imports.headers import EXTRA_TARGETS, FIELD_NAMES, normalise_header
from tests import station_files as station
from tests.station_files import GRIDS, HOUSEHOLDS, LANDMARKS, ROADS, VILLAGE_BOUNDS

GEOD = Geod(ellps="WGS84")


def metres(a, b) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2]


def dbf_fields(raw: bytes) -> list[tuple[bytes, str]]:
    """(name bytes, type) of each field descriptor of a dBASE III header."""
    header_length = struct.unpack("<H", raw[8:10])[0]
    fields = []
    for start in range(32, header_length - 1, 32):
        descriptor = raw[start : start + 32]
        fields.append((descriptor[:11].rstrip(b"\x00"), chr(descriptor[11])))
    return fields


def test_the_place_is_consistent_grids_tile_the_village_and_each_household_is_in_its_grid():
    polygons = {grid.code: station.grid_polygon(grid) for grid in GRIDS}
    assert all(polygon.is_valid for polygon in polygons.values())
    union = shapely.union_all(list(polygons.values()))
    assert union.symmetric_difference(shapely.box(*VILLAGE_BOUNDS)).area < 1e-12
    for household in HOUSEHOLDS:
        assert polygons[household.grid_code].contains(shapely.Point(household.position)), household.house_no
    west, south, east, north = VILLAGE_BOUNDS
    assert 1400 < metres((west, south), (east, south)) < 1600 and 1100 < metres((west, south), (west, north)) < 1300
    assert metres((west, south), (105.915, 36.93)) < 1500


def test_the_grid_shapefile_is_gbk_without_cpg_in_cgcs2000_gauss_kruger(tmp_path):
    path = station.grid_shapefile(tmp_path)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".dbf", ".prj", ".shp", ".shx"]
    raw = path.with_suffix(".dbf").read_bytes()
    assert raw[1:4] == bytes([2025 - 1900, 3, 18])  # the fixed date, not the day the test ran
    assert raw[29] == 0  # no language driver: nothing in the file says GBK
    names = [name for name, _ in dbf_fields(raw)]
    assert [name.decode("gbk") for name in names] == list(station.GRID_FIELDS)
    assert all(len(name) <= 10 for name in names)
    assert "清水河村第一网格".encode("gbk") in raw and "马建军".encode("gbk") in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "CGCS2000_3_Degree_GK_CM_105E" in path.with_suffix(".prj").read_text()

    frame = pyogrio.read_dataframe(path, encoding="GBK")
    assert frame.crs.to_epsg() == 4544
    assert list(frame["网格编号"]) == [grid.code for grid in GRIDS]
    assert list(frame["社区民警"]) == [grid.officer for grid in GRIDS]
    assert list(frame["户数"]) == [4, 4, 4]
    back = frame.to_crs(4490).geometry
    for polygon, grid in zip(back, GRIDS):
        assert polygon.symmetric_difference(station.grid_polygon(grid)).area < 1e-12
    # read without being told, GDAL takes the bytes for Latin-1: mojibake, as a station sees it
    guessed = pyogrio.read_dataframe(path)
    assert "网格编号" not in guessed.columns and "Íø¸ñ±àºÅ" in guessed.columns


@pytest.mark.filterwarnings("ignore:Could not decode error message")  # GDAL shortens UTF-8 names, in UTF-8
def test_the_shapefile_variants_name_the_encoding_or_lack_the_projection(tmp_path):
    with_cpg = station.grid_shapefile(tmp_path / "cpg", cpg=True)
    assert with_cpg.with_suffix(".cpg").read_text() == "GBK"
    assert list(pyogrio.read_dataframe(with_cpg)["网格名称"]) == [grid.name for grid in GRIDS]
    without_prj = station.grid_shapefile(tmp_path / "noprj", prj=False)
    assert not without_prj.with_suffix(".prj").exists()
    assert pyogrio.read_info(without_prj, encoding="GBK")["crs"] is None
    utf8 = station.grid_shapefile(tmp_path / "utf8", encoding="UTF-8")
    assert "清水河村第一网格".encode() in utf8.with_suffix(".dbf").read_bytes()


def test_gdal_reads_the_grids_from_kml_and_geojson(tmp_path):
    for path in (station.grid_kml(tmp_path), station.grid_geojson(tmp_path)):
        frame = pyogrio.read_dataframe(path)
        assert frame.crs.to_epsg() == 4326, path
        for polygon, grid in zip(frame.geometry, GRIDS):
            assert polygon.symmetric_difference(station.grid_polygon(grid)).area < 1e-12, path
    assert list(pyogrio.read_dataframe(tmp_path / "网格.kml")["Name"]) == [grid.name for grid in GRIDS]
    properties = json.loads((tmp_path / "网格.geojson").read_text(encoding="utf-8"))["features"][0]["properties"]
    assert properties["网格编号"] == "QSH-01" and properties["所属村"] == "清水河村"


def test_the_kml_without_coordinates_has_named_placemarks_with_empty_coordinates(tmp_path):
    root = ElementTree.parse(station.kml_without_coordinates(tmp_path)).getroot()
    namespace = {"k": "http://www.opengis.net/kml/2.2"}
    placemarks = root.findall(".//k:Placemark", namespace)
    assert len(placemarks) == 3
    for placemark in placemarks:
        assert placemark.find("k:name", namespace).text
        assert not (placemark.find(".//k:coordinates", namespace).text or "").strip()


def _other_tags(text) -> dict[str, str]:
    if not isinstance(text, str):
        return {}
    pairs = [part.split('"=>"') for part in text.strip('"').split('","') if part]
    return dict(pairs)


def test_gdal_reads_roads_landmarks_and_fields_from_the_osm_extract(tmp_path):
    path = station.osm_extract(tmp_path)
    lines = pyogrio.read_dataframe(path, layer="lines")
    roads = {road.name: road for road in ROADS}
    village = lines[lines["name"].isin(roads)]
    assert sorted(village["name"]) == sorted(roads)
    assert set(village["highway"]) == {"primary", "residential", "track", "path"}
    for name, geometry, highway in zip(village["name"], village.geometry, village["highway"]):
        assert highway == roads[name].highway
        assert np.allclose(shapely.get_coordinates(geometry), roads[name].points, atol=1e-7)

    points = pyogrio.read_dataframe(path, layer="points")
    tags = {name: _other_tags(other) for name, other in zip(points["name"], points["other_tags"])}
    for landmark in LANDMARKS:
        assert set(landmark.tags) <= set(tags[landmark.name].items()), landmark.name
        found = points.geometry[points["name"] == landmark.name].iloc[0]
        assert metres((found.x, found.y), landmark.position) < 0.05
    assert tags["清水河清真寺"]["religion"] == "muslim"
    assert tags["马氏诊所"]["amenity"] == "doctors"

    areas = pyogrio.read_dataframe(path, layer="multipolygons")
    assert sorted(areas["landuse"]) == ["farmland", "farmland", "residential"]

    everything = [*lines.geometry, *points.geometry]
    far = [g for g in everything if metres(shapely.get_coordinates(g)[0], station.CENTRE) > 20_000]
    assert len(far) >= 4  # the other village, for clipping


def test_an_extract_of_another_place_has_nothing_at_the_station(tmp_path):
    path = station.osm_extract(tmp_path, covers_station=False)
    box = shapely.box(*VILLAGE_BOUNDS).buffer(0.05)
    for layer in ("lines", "points"):
        frame = pyogrio.read_dataframe(path, layer=layer)
        assert len(frame) > 0 and not frame.intersects(box).any(), layer


def _colour_at(dataset, lon, lat) -> np.ndarray:
    x, y = transform("EPSG:4490", dataset.crs, [lon], [lat])
    row, column = dataset.index(x[0], y[0])
    return dataset.read(window=((row, row + 1), (column, column + 1)))[:, 0, 0]


@pytest.mark.parametrize("epsg", [32648, 4544, 4490])
def test_the_imagery_shows_roads_roofs_and_fields_where_the_place_has_them(tmp_path, epsg):
    imagery = station.township_geotiff(tmp_path, epsg=epsg, size=(400, 320) if epsg != 32648 else (800, 640))
    with rasterio.open(imagery.path) as dataset:
        assert dataset.crs.to_epsg() == epsg
        assert (dataset.count, dataset.dtypes[0], (dataset.width, dataset.height)) == (3, "uint8", imagery.size)
        assert np.allclose(tuple(dataset.bounds), imagery.bounds)
        assert dataset.res[0] == pytest.approx(imagery.pixel_size)
        left, bottom, right, top = transform_bounds(dataset.crs, "EPSG:4490", *dataset.bounds)
        assert left < VILLAGE_BOUNDS[0] and bottom < VILLAGE_BOUNDS[1]
        assert right > VILLAGE_BOUNDS[2] and top > VILLAGE_BOUNDS[3]
        for road in ROADS[:4]:
            (alon, alat), (blon, blat) = road.points[:2]
            middle = _colour_at(dataset, (alon + blon) / 2, (alat + blat) / 2)
            assert tuple(middle) == station.ROAD_COLOURS[road.highway], road.name
        for household in HOUSEHOLDS:
            assert tuple(_colour_at(dataset, *household.position)) == station.ROOF_COLOUR, household.house_no
        assert tuple(_colour_at(dataset, *station.LANDMARK["school"].position)) == (172, 68, 52)
        field = _colour_at(dataset, 105.9080, 36.9350).astype(int)
        assert field[1] - field[2] > 20 and field[0] - field[2] > 20  # green or brown, not grey or blue
    if epsg == 32648:
        assert 1.8 < imagery.pixel_size < 2.6 and imagery.path.stat().st_size < 600_000


def test_broken_and_ungeoreferenced_tiffs(tmp_path):
    with pytest.raises(RasterioIOError):
        with rasterio.open(station.corrupt_geotiff(tmp_path)) as dataset:
            dataset.read()
    path = station.ungeoreferenced_tiff(tmp_path)
    with pytest.warns(NotGeoreferencedWarning), rasterio.open(path) as dataset:
        assert dataset.crs is None and dataset.transform.is_identity and dataset.count == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["扫描图.tif", "损坏影像.tif"]  # no .aux.xml, no world file


def test_the_phone_gpx_has_named_waypoints_and_a_track_along_the_lane(tmp_path):
    path, track = station.phone_gpx(tmp_path)
    gpx = gpxpy.parse(path.read_text(encoding="utf-8"))
    assert [w.name for w in gpx.waypoints] == [name for name, _ in station.GPX_WAYPOINTS]
    for waypoint, (_, position) in zip(gpx.waypoints, station.GPX_WAYPOINTS):
        assert metres((waypoint.longitude, waypoint.latitude), position) < 0.01
    points = gpx.tracks[0].segments[0].points
    assert len(points) == len(track) > 20
    lane = shapely.LineString(ROADS[2].points)
    assert max(lane.distance(shapely.Point(p.longitude, p.latitude)) for p in points) < 1e-6
    assert "<time>2025-03-18T09:30:00Z</time>" in path.read_text(encoding="utf-8")


def test_phone_map_positions_are_shifted_hundreds_of_metres_from_the_truth(tmp_path):
    path, truth = station.gcj02_points_csv(tmp_path)
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["名称"] for row in rows] == [point.name for point in truth]
    for row, point in zip(rows, truth):
        written = (float(row["经度"]), float(row["纬度"]))
        assert written == point.written and len(row["经度"].split(".")[1]) == 6
        assert 100 < metres(written, point.true_position) < 1000


def test_the_household_register_has_a_title_row_recognised_headers_and_two_rows_without_coordinates(tmp_path):
    path, households = station.household_register_xlsx(tmp_path)
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "韦州镇清水河村住户花名册" and "A1:J1" in {str(r) for r in sheet.merged_cells.ranges}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    header, data = rows[0], rows[1:]
    assert header == station.REGISTER_HEADERS
    recognised = {normalise_header(name) for names in FIELD_NAMES["households"].values() for name in names}
    recognised |= {normalise_header(name) for names in EXTRA_TARGETS["households"].values() for name in names}
    assert set(map(normalise_header, header)) - recognised == {"序号"}
    assert len(data) == len(households) == 12
    by_header = [dict(zip(header, row)) for row in data]
    assert sum(row["经度"] is None for row in by_header) == 2
    grids = {grid.code for grid in GRIDS}
    for row, household in zip(by_header, households):
        assert row["所属网格"] in grids and row["户主姓名"] == household.head_name
        assert isinstance(row["联系电话"], str)
        if row["经度"] is not None:
            assert metres((row["经度"], row["纬度"]), household.position) < 0.1


def _dark(rgb: np.ndarray, column: float, row: float, radius: int = 3) -> bool:
    window = rgb[round(row) - radius : round(row) + radius + 1, round(column) - radius : round(column) + radius + 1]
    return window.sum(axis=2).min() < 250


def test_the_sketch_photo_is_stored_sideways_and_has_ink_at_each_control_point(tmp_path, qapp):
    sketch = station.photographed_sketch(tmp_path)
    assert sketch.path.stat().st_size < 400_000
    with Image.open(sketch.path) as image:
        assert image.format == "JPEG" and image.size == sketch.size[::-1]
        assert image.getexif()[0x0112] == 6
        upright = np.asarray(ImageOps.exif_transpose(image).convert("RGB"))
    assert upright.shape[:2] == sketch.size[::-1]
    points = np.array([point.pixel for point in sketch.control_points])
    assert len(points) >= 6
    assert np.ptp(points[:, 0]) > sketch.size[0] / 3 and np.ptp(points[:, 1]) > sketch.size[1] / 3
    for point in sketch.control_points:
        assert _dark(upright, *point.pixel), point.name
    assert upright[820, 200].sum() > 450  # the paper far from any feature is light
    assert upright[10, 10].sum() < 350  # the desk around it is not


def test_the_heic_sketch_reads_back_upright_with_the_same_control_points(tmp_path, qapp):
    sketch = station.photographed_sketch_heic(tmp_path)
    assert sketch.path.stat().st_size < 400_000
    heif = pillow_heif.open_heif(sketch.path)
    assert heif.size == sketch.size
    pillow_heif.register_heif_opener()
    with Image.open(sketch.path) as image:
        upright = np.asarray(image.convert("RGB"))
    assert upright.shape[:2] == sketch.size[::-1]
    jpeg = station.photographed_sketch(tmp_path)
    assert [p.pixel for p in jpeg.control_points] == [p.pixel for p in sketch.control_points]
    for point in sketch.control_points:
        assert _dark(upright, *point.pixel), point.name


def test_a_text_file_named_jpg_is_not_an_image(tmp_path):
    with pytest.raises(UnidentifiedImageError):
        Image.open(station.not_an_image(tmp_path))


STILL_MOMENT = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)


def test_the_same_call_writes_the_same_bytes(tmp_path, qapp):
    makers = (
        station.grid_shapefile, station.grid_kml, station.grid_geojson, station.osm_extract, station.township_geotiff,
        station.phone_gpx, station.gcj02_points_csv, station.household_register_xlsx, station.photographed_sketch,
        station.photographed_sketch_heic, station.corrupt_geotiff, station.ungeoreferenced_tiff,
    )  # fmt: skip
    for maker in makers:
        with time_machine.travel(STILL_MOMENT, tick=False):  # a workbook stamps the time it was written
            maker(tmp_path / "a")
            maker(tmp_path / "b")
    for first in sorted((tmp_path / "a").iterdir()):
        assert first.read_bytes() == (tmp_path / "b" / first.name).read_bytes(), first.name


def test_the_fixtures_are_made_without_the_demo_generator():
    source = Path(station.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not {name for name in imported if name == "demo" or name.startswith("demo.")}
