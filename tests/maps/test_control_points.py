"""Control point files: QGIS .points, GDAL text, IIIF/Allmaps JSON, and the project's own."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from pyproj import CRS, Transformer

from layers.crs import MEASURE_EPSG
from layers.errors import ControlPointFileError
from layers.store import open_project
from maps.georef.control_points import (
    ControlPoint,
    control_points_from_store,
    read_control_points,
    read_gdal_gcps,
    read_iiif_annotation,
    read_qgis_points,
    write_gdal_gcps,
    write_iiif_annotation,
    write_qgis_points,
)

# Tongxin county, UTM 48N.
TONGXIN_EAST, TONGXIN_NORTH = 580_000.0, 4_085_000.0


def to_metres(epsg: int, lon, lat):
    """The oracle: pyproj directly, not the module's helpers."""
    return Transformer.from_crs(f"EPSG:{epsg}", f"EPSG:{MEASURE_EPSG}", always_xy=True).transform(lon, lat)


def to_lonlat(x, y):
    return Transformer.from_crs(f"EPSG:{MEASURE_EPSG}", "EPSG:4490", always_xy=True).transform(x, y)


@pytest.fixture
def points() -> list[ControlPoint]:
    rng = np.random.default_rng(3)
    pixel = rng.uniform([0, 0], [4000, 3000], (12, 2))
    metres = rng.uniform([-600, -600], [600, 600], (12, 2)) + [TONGXIN_EAST, TONGXIN_NORTH]
    return [
        ControlPoint(str(i + 1), px, py, x, y, enabled=(i != 4))
        for i, ((px, py), (x, y)) in enumerate(zip(pixel.tolist(), metres.tolist()))
    ]


def assert_same_points(read, expected, compare_ids: bool = False):
    assert len(read) == len(expected)
    for got, want in zip(read, expected):
        assert abs(got.pixel_x - want.pixel_x) < 1e-6 and abs(got.pixel_y - want.pixel_y) < 1e-6
        assert abs(got.x - want.x) < 1e-3 and abs(got.y - want.y) < 1e-3
        assert got.enabled == want.enabled
        if compare_ids:
            assert got.id == want.id


# -- QGIS .points -------------------------------------------------------------------


def test_qgis_round_trip(tmp_path, points):
    path = tmp_path / "sketch.points"
    write_qgis_points(path, points)
    assert_same_points(read_qgis_points(path), points)
    assert_same_points(read_control_points(path), points)


def test_qgis_file_is_the_326_form_with_negative_rows(tmp_path, points):
    path = tmp_path / "sketch.points"
    write_qgis_points(path, points, residuals={"1": (3.0, -4.0)})
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#CRS: ")
    assert CRS.from_user_input(lines[0][len("#CRS: ") :]).to_epsg() == MEASURE_EPSG
    assert lines[1] == "mapX,mapY,sourceX,sourceY,enable,dX,dY,residual"
    first = [float(value) for value in lines[2].split(",")]
    assert first[2] == pytest.approx(points[0].pixel_x) and first[3] == pytest.approx(-points[0].pixel_y)
    assert first[3] < 0
    assert first[5:] == [3.0, -4.0, 5.0]
    assert lines[2 + 4].split(",")[4] == "0"  # the disabled point
    assert lines[3].split(",")[5:] == ["", "", ""]  # no residual given: left empty, not a false zero


def test_qgis_reads_negative_source_y_as_a_row_down(tmp_path):
    path = tmp_path / "qgis.points"
    path.write_text(
        "#CRS: EPSG:32648\n"
        "mapX,mapY,sourceX,sourceY,enable,dX,dY,residual\n"
        "580100.5,4085200.25,120.5,-340.75,1,0.1,0.2,0.22\n"
        "580300,4085000,900,-1200,0,,,\n",
        encoding="utf-8",
    )
    first, second = read_qgis_points(path)
    assert (first.pixel_x, first.pixel_y, first.x, first.y, first.enabled) == (
        120.5,
        340.75,
        580100.5,
        4085200.25,
        True,
    )
    assert (second.pixel_y, second.enabled) == (1200.0, False)


def test_qgis_crs_line_in_wkt_converts_lonlat(tmp_path):
    wkt = CRS.from_epsg(4490).to_wkt()
    path = tmp_path / "lonlat.points"
    path.write_text(
        f"#CRS: {wkt}\nmapX,mapY,sourceX,sourceY,enable,dX,dY,residual\n105.91,36.92,10,-20,1,0,0,0\n",
        encoding="utf-8",
    )
    (point,) = read_qgis_points(path)
    x, y = to_metres(4490, 105.91, 36.92)
    assert (point.x, point.y) == pytest.approx((x, y), abs=1e-3)


def test_qgis_old_form_in_degrees_is_cgcs2000(tmp_path):
    path = tmp_path / "old.points"
    path.write_text(
        "mapX,mapY,pixelX,pixelY,enable\n105.91,36.92,10,-20,1\n105.93,36.90,400,-380,1\n", encoding="utf-8"
    )
    points = read_qgis_points(path)
    x, y = to_metres(4490, [105.91, 105.93], [36.92, 36.90])
    assert [p.x for p in points] == pytest.approx(x, abs=1e-3)
    assert [p.y for p in points] == pytest.approx(y, abs=1e-3)
    assert [p.pixel_y for p in points] == [20.0, 380.0]


def test_qgis_old_form_in_metres_is_utm48n(tmp_path):
    path = tmp_path / "old.points"
    path.write_text("mapX,mapY,pixelX,pixelY,enable\n580100,4085200,10,-20,1\n", encoding="utf-8")
    (point,) = read_qgis_points(path)
    assert (point.x, point.y, point.pixel_y) == (580100.0, 4085200.0, 20.0)


def test_qgis_bad_line_names_the_line(tmp_path):
    path = tmp_path / "bad.points"
    path.write_text(
        "#CRS: EPSG:32648\nmapX,mapY,sourceX,sourceY,enable,dX,dY,residual\n580100,4085200,10,-20,1,,,\n"
        "580100,north,10,-20,1,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ControlPointFileError) as error:
        read_control_points(path)
    assert str(error.value) == f"{path}, line 4: a coordinate is not a number"


def test_qgis_unknown_crs_names_line_one(tmp_path):
    path = tmp_path / "bad.points"
    path.write_text("#CRS: not a crs\nmapX,mapY,sourceX,sourceY,enable\n", encoding="utf-8")
    with pytest.raises(ControlPointFileError, match=r"bad\.points, line 1: unknown coordinate system"):
        read_qgis_points(path)


# -- GDAL-style text ------------------------------------------------------------------


def test_gdal_round_trip_keeps_the_enabled_points(tmp_path, points):
    path = tmp_path / "sketch.gcps.txt"
    write_gdal_gcps(path, points)
    enabled = [p for p in points if p.enabled]
    assert_same_points(read_gdal_gcps(path), enabled)
    assert_same_points(read_control_points(path), enabled)


def test_gdal_text_accepts_commas_spaces_and_comments(tmp_path):
    path = tmp_path / "gcps.txt"
    path.write_text(
        "# px py X Y\n\n10 20 580100 4085200\n30.5,\t40.25 , 580200.5,4085300  # the well\n", encoding="utf-8"
    )
    first, second = read_gdal_gcps(path)
    assert (first.pixel_x, first.pixel_y, first.x, first.y) == (10.0, 20.0, 580100.0, 4085200.0)
    assert (second.pixel_x, second.pixel_y, second.x, second.y) == (30.5, 40.25, 580200.5, 4085300.0)
    assert (first.id, second.id) == ("1", "2")


def test_gdal_text_in_lonlat_is_converted(tmp_path):
    path = tmp_path / "gcps.txt"
    path.write_text("10 20 105.91 36.92\n", encoding="utf-8")
    (point,) = read_gdal_gcps(path, crs="EPSG:4490")
    assert (point.x, point.y) == pytest.approx(to_metres(4490, 105.91, 36.92), abs=1e-3)


@pytest.mark.parametrize("bad", ["10 20 580100\n", "10 20 580100 4085200 7\n", "10 twenty 580100 4085200\n"])
def test_gdal_bad_line_names_the_line(tmp_path, bad):
    path = tmp_path / "gcps.txt"
    path.write_text("# header\n10 20 580100 4085200\n" + bad, encoding="utf-8")
    with pytest.raises(ControlPointFileError, match=r"gcps\.txt, line 3: "):
        read_control_points(path)


# -- IIIF Georeference Annotation (Allmaps) -------------------------------------------


def test_iiif_round_trip(tmp_path, points):
    path = tmp_path / "sketch.json"
    write_iiif_annotation(path, points, image_id="https://example.org/iiif/sketch", width=4000, height=3000)
    assert_same_points(read_iiif_annotation(path), points, compare_ids=True)
    assert_same_points(read_control_points(path), points, compare_ids=True)


def test_iiif_annotation_is_what_allmaps_reads(tmp_path, points):
    path = tmp_path / "sketch.json"
    write_iiif_annotation(path, points, image_id="https://example.org/iiif/sketch", width=4000, height=3000)
    annotation = json.loads(path.read_text(encoding="utf-8"))
    assert annotation["type"] == "Annotation" and annotation["motivation"] == "georeferencing"
    assert annotation["target"]["source"] == {
        "id": "https://example.org/iiif/sketch",
        "type": "ImageService3",
        "width": 4000,
        "height": 3000,
    }
    assert annotation["body"]["type"] == "FeatureCollection"
    feature = annotation["body"]["features"][0]
    assert feature["properties"]["resourceCoords"] == [points[0].pixel_x, points[0].pixel_y]
    lon, lat = feature["geometry"]["coordinates"]
    assert (lon, lat) == pytest.approx(to_lonlat(points[0].x, points[0].y), abs=1e-8)
    assert 105 < lon < 107 and 36 < lat < 38


def test_iiif_reads_an_annotation_page_in_wgs84(tmp_path):
    page = {
        "type": "AnnotationPage",
        "items": [
            {
                "type": "Annotation",
                "motivation": "georeferencing",
                "body": {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"resourceCoords": [10, 20]},
                            "geometry": {"type": "Point", "coordinates": [105.91, 36.92]},
                        }
                    ],
                },
            }
        ],
    }
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    (point,) = read_control_points(path)
    assert (point.pixel_x, point.pixel_y) == (10.0, 20.0)
    assert (point.x, point.y) == pytest.approx(to_metres(4326, 105.91, 36.92), abs=1e-3)


def test_iiif_bad_feature_names_its_line(tmp_path, points):
    path = tmp_path / "sketch.json"
    write_iiif_annotation(path, points[:3], image_id="urn:sketch", width=4000, height=3000)
    annotation = json.loads(path.read_text(encoding="utf-8"))
    del annotation["body"]["features"][1]["properties"]["resourceCoords"]
    text = json.dumps(annotation, indent=2)
    path.write_text(text, encoding="utf-8")
    second_feature_line = [n for n, line in enumerate(text.splitlines(), 1) if '"type": "Feature"' in line][1]
    with pytest.raises(ControlPointFileError) as error:
        read_control_points(path)
    assert f"line {second_feature_line}: a point needs properties.resourceCoords" in str(error.value)


def test_iiif_broken_json_names_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "type": "Annotation",\n  "body": [,\n}\n', encoding="utf-8")
    with pytest.raises(ControlPointFileError, match=r"broken\.json, line 3: not valid JSON"):
        read_control_points(path)


# -- the project ---------------------------------------------------------------------


def test_demo_village_control_points_from_the_store(demo_village_path, tmp_path):
    path = tmp_path / "demo.gpkg"
    shutil.copy(demo_village_path, path)
    with open_project(path) as store:
        sketch = store.read("sketches", columns=["id", "width", "height"]).iloc[0]
        stored = store.read("sketch_control_points")
        points = control_points_from_store(store, sketch["id"])
        assert control_points_from_store(store, "no such sketch") == ()
    # The demo clicks its landmarks and every third lane junction: 16 points on its one sketch.
    assert len(points) == len(stored) == 16
    assert {p.id for p in points} == set(stored["id"])
    assert all(p.enabled for p in points)
    assert all(0 <= p.pixel_x <= sketch["width"] and 0 <= p.pixel_y <= sketch["height"] for p in points)
    # Near the village, in metres: within a couple of kilometres of each other, and the same
    # positions pyproj gives for the stored lon/lat.
    x, y = np.array([p.x for p in points]), np.array([p.y for p in points])
    assert np.hypot(x - x.mean(), y - y.mean()).max() < 2000
    stored_x, stored_y = to_metres(4490, stored.geometry.x.to_numpy(), stored.geometry.y.to_numpy())
    by_id = dict(zip(stored["id"], zip(stored_x, stored_y)))
    for point in points:
        assert (point.x, point.y) == pytest.approx(by_id[point.id], abs=1e-3)
