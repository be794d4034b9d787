"""Road files in other coordinate systems and formats, stop lists in CSV, and the GPX a phone reads."""

from __future__ import annotations

import geopandas as gpd
import gpxpy
import pytest
from shapely import LineString

from layers.crs import MEASURE_EPSG, to_storage
from layers.routing.errors import RoadFileError, StopsFileError
from layers.routing.gpx import write_gpx
from layers.routing.plan import RouteSettings, plan_day
from layers.routing.roads import read_road_file
from layers.routing.stop import Stop
from layers.routing.stops_file import read_stops_file

ORIGIN = (583000.0, 4088000.0)  # metres in UTM 48N, in the demo village
FAST = RouteSettings(search_seconds=0.1)


def lane_in_metres() -> gpd.GeoDataFrame:
    x, y = ORIGIN
    lines = [LineString([(x, y), (x + 1000, y)]), LineString([(x + 500, y), (x + 500, y + 400)])]
    return gpd.GeoDataFrame({"name": ["主路", "巷道"]}, geometry=lines, crs=f"EPSG:{MEASURE_EPSG}")


def test_a_road_file_in_web_mercator_is_reprojected_to_metres(tmp_path):
    path = tmp_path / "roads.geojson"
    lane_in_metres().to_crs(epsg=3857).to_file(path, driver="GeoJSON")
    network = read_road_file(path)
    x, y = ORIGIN
    travel = network.travel_matrix([[x, y], [x + 500, y + 400]])
    assert travel.metres[0, 1] == pytest.approx(900.0, abs=0.05)  # true metres, not Mercator's stretched ones


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_a_road_file_without_a_coordinate_system_is_refused(tmp_path):
    path = tmp_path / "roads.shp"
    lane_in_metres().set_crs(None, allow_override=True).to_file(path)
    with pytest.raises(RoadFileError, match="does not say its coordinate system"):
        read_road_file(path)


def test_a_road_file_that_does_not_exist_or_holds_no_lines_is_refused(tmp_path):
    with pytest.raises(RoadFileError, match="does not exist"):
        read_road_file(tmp_path / "missing.gpkg")
    points = tmp_path / "points.gpkg"
    gpd.GeoDataFrame(geometry=gpd.points_from_xy([105.9], [36.9]), crs="EPSG:4490").to_file(points)
    with pytest.raises(RoadFileError, match="no lines"):
        read_road_file(points)


def write_osm(path, ends: tuple[float, float], tags: tuple[tuple[str, str], tuple[str, str]]):
    """An OSM file of two ways: along y = 0 from x = 0 to 1000 m and along y = 300 from 0 to ``ends[1]`` m
    (``ends[0]`` is the first's end), tagged ``tags`` (key, value) each."""
    x, y = ORIGIN
    corners = [to_storage(x, y), to_storage(x + ends[0], y), to_storage(x, y + 300), to_storage(x + ends[1], y + 300)]
    nodes = "".join(
        f'<node id="{n}" version="1" lat="{lat:.8f}" lon="{lon:.8f}"/>' for n, (lon, lat) in enumerate(corners, 1)
    )
    ways = "".join(
        f'<way id="{10 + k}" version="1"><nd ref="{2 * k + 1}"/><nd ref="{2 * k + 2}"/>'
        f'<tag k="{key}" v="{value}"/></way>'
        for k, (key, value) in enumerate(tags)
    )
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?><osm version="0.6" generator="test">{nodes}{ways}</osm>',
                    encoding="utf-8")  # fmt: skip
    return path


def test_openstreetmap_ways_tagged_highway_are_the_roads(tmp_path):
    """GDAL's OSM driver reads .osm.pbf and .osm alike; a river is not a road."""
    path = write_osm(tmp_path / "village.osm", (1000, 1000), (("highway", "unclassified"), ("waterway", "river")))
    network = read_road_file(path)
    assert network.pieces.count == 1
    assert network.pieces.lengths_m[0] == pytest.approx(1000.0, abs=0.05)


def test_stops_in_metres_or_in_degrees(tmp_path):
    metres = tmp_path / "metres.csv"
    metres.write_text("id,x,y,label,priority\n1,583000,4088000,12号,5\n2,583100.5,4088000,,\n", encoding="utf-8")
    stops = read_stops_file(metres)
    assert [(stop.id, stop.x, stop.label, stop.priority) for stop in stops] == [
        ("1", 583000.0, "12号", 5.0),
        ("2", 583100.5, "", 1.0),
    ]
    lon, lat = to_storage(583000.0, 4088000.0)
    degrees = tmp_path / "degrees.csv"
    degrees.write_bytes(f"ID,Lon,Lat\n户1,{lon:.9f},{lat:.9f}\n".encode("gb18030"))  # as Excel saves it in China
    (stop,) = read_stops_file(degrees)
    assert stop.id == "户1"
    assert (stop.x, stop.y) == pytest.approx((583000.0, 4088000.0), abs=0.001)


@pytest.mark.parametrize(
    ("content", "row", "fragment"),
    [
        ("name,x,y\na,1,2\n", 1, "id,x,y"),
        ("id,x,y\na,1,2\nb,1\n", 3, "column 'y' must be a number, not ''"),
        ("id,x,y\na,1,2\n\nb,east,2\n", 4, "column 'x' must be a number, not 'east'"),
        ("id,x,y\na,1,2\na,3,4\n", 3, "the id 'a' is used twice"),
        ("id,lon,lat\na,583000,4088000\n", 2, "are not degrees"),
        ("id,x,y,priority\na,1,2,0\n", 2, "priority must be more than 0"),
    ],
)
def test_a_bad_row_is_named_by_its_row_number(tmp_path, content, row, fragment):
    path = tmp_path / "stops.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(StopsFileError) as raised:
        read_stops_file(path)
    assert f"stops.csv, row {row}: " in str(raised.value)
    assert fragment in str(raised.value)


def test_gpx_has_numbered_waypoints_in_visiting_order_and_the_track_along_the_roads(tmp_path):
    x, y = ORIGIN
    network = read_road_file(_saved(lane_in_metres(), tmp_path / "roads.gpkg"))
    office = Stop("office", x, y, "海家台警务室")
    stops = [Stop("h2", x + 500, y + 400, "12号 马*"), Stop("h1", x + 300, y + 5, "7号 丁*英")]
    plan = plan_day(stops, office, network, settings=FAST)
    path = write_gpx(plan, tmp_path / "route.gpx")
    with open(path, encoding="utf-8") as file:
        gpx = gpxpy.parse(file)
    numbered = [f"1 {plan.stops[0].stop.label}", f"2 {plan.stops[1].stop.label}"]
    assert sorted(numbered) == ["1 12号 马*", "2 7号 丁*英"] or sorted(numbered) == ["1 7号 丁*英", "2 12号 马*"]
    assert [point.name for point in gpx.waypoints] == ["海家台警务室", *numbered]
    lon, lat = plan.stops[0].stop.lonlat
    assert (gpx.waypoints[1].longitude, gpx.waypoints[1].latitude) == pytest.approx((lon, lat), abs=1e-6)
    assert [point.name for point in gpx.routes[0].points] == ["海家台警务室", *numbered, "海家台警务室"]
    track_m = gpx.tracks[0].length_2d()
    assert track_m == pytest.approx(plan.length_m, rel=0.005)  # gpxpy measures on the sphere, we in UTM
    assert plan.length_m == pytest.approx(2 * 500 + 2 * 400)
    assert not list(tmp_path.glob(".*partial*")), "no temporary file left behind"


def _saved(frame: gpd.GeoDataFrame, path):
    frame.to_crs(epsg=4490).to_file(path)
    return path


def test_a_footway_is_a_road_on_foot_only(tmp_path):
    path = write_osm(tmp_path / "village.osm", (1000, 400), (("highway", "unclassified"), ("highway", "footway")))
    by_car, on_foot = read_road_file(path), read_road_file(path, on_foot=True)
    assert sum(by_car.pieces.lengths_m) == pytest.approx(1000.0, abs=0.05)
    assert sum(on_foot.pieces.lengths_m) == pytest.approx(1400.0, abs=0.05)
