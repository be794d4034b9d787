"""``wangge route``: the JSON contract, a project's day from its police office, one-line refusals."""

from __future__ import annotations

import json
import shutil

import geopandas as gpd
import gpxpy
import pytest
from shapely import LineString

from layers.store import open_project
from tests.cli_helpers import assert_one_line_error, wangge

pytestmark = pytest.mark.clock  # without --as-of a route is planned for today

X, Y = 583000.0, 4088000.0  # metres in UTM 48N


def write_ring_roads(path, crs: str | None = "EPSG:32648") -> None:
    """A 1000 m square ring road with two lanes running in from the west and east, ending 20 m apart."""
    lines = [
        LineString([(X, Y), (X + 1000, Y), (X + 1000, Y + 1000), (X, Y + 1000), (X, Y)]),
        LineString([(X, Y + 500), (X + 490, Y + 500)]),
        LineString([(X + 1000, Y + 500), (X + 510, Y + 500)]),
    ]
    gpd.GeoDataFrame({"kind": ["main", "lane", "lane"]}, geometry=lines, crs=crs).to_file(path)


def write_stops(path, rows: list[tuple[str, float, float]]) -> None:
    path.write_text("id,x,y\n" + "".join(f"{i},{x},{y}\n" for i, x, y in rows), encoding="utf-8")


STOPS = [("office", X, Y), ("west", X + 490, Y + 500), ("east", X + 510, Y + 500), ("north", X + 500, Y + 1000),
         ("south_east", X + 1000, Y)]  # fmt: skip


def test_json_gives_the_order_from_the_start_and_the_length_along_the_roads(tmp_path):
    write_ring_roads(tmp_path / "roads.gpkg")
    write_stops(tmp_path / "stops.csv", STOPS)
    result = wangge("route", str(tmp_path / "stops.csv"), "--start", "office", "--roads", str(tmp_path / "roads.gpkg"),
                    "--json", "--gpx", str(tmp_path / "day.gpx"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["order"][0] == "office"
    assert sorted(plan["order"]) == sorted(stop_id for stop_id, _, _ in STOPS)
    assert plan["length_m"] == pytest.approx(4 * 1000 + 4 * 490)  # round the ring once, each lane in and out
    assert plan["straight_line"] is False
    assert len(plan["legs"]) == 5
    assert [leg["from"] for leg in plan["legs"]] == plan["order"]
    assert [leg["to"] for leg in plan["legs"]] == plan["order"][1:] + ["office"]
    assert sum(leg["length_m"] for leg in plan["legs"]) == pytest.approx(plan["length_m"])
    assert all(set(leg) >= {"from", "to", "length_m", "minutes"} for leg in plan["legs"])
    with open(tmp_path / "day.gpx", encoding="utf-8") as file:
        assert len(gpxpy.parse(file).waypoints) == 5


def test_without_roads_the_route_is_in_straight_lines_and_says_so(tmp_path):
    write_stops(tmp_path / "stops.csv", STOPS)
    result = wangge("route", str(tmp_path / "stops.csv"), "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["straight_line"] is True
    assert plan["order"][0] == "office", "the first stop of the file starts the day"
    assert "straight lines" in result.stderr and "--roads FILE" in result.stderr, "the option that gives roads"


def test_a_project_plans_from_its_police_office_along_its_roads(demo_village_path, tmp_path, capsys):
    project = tmp_path / "demo.gpkg"
    shutil.copy(demo_village_path, project)
    result = wangge("route", str(project), "--as-of", "2026-11-28", "--budget-h", "3", "--json", "--quiet")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    landmarks = gpd.read_file(project, layer="landmarks")
    office_id = landmarks["id"][landmarks["kind"] == "police_office"].iloc[0]
    assert plan["order"][0] == office_id
    assert plan["straight_line"] is False
    assert 0 < plan["minutes"] <= 180
    assert plan["dropped"] and all(item["reason"] == "over_budget" for item in plan["dropped"])
    from wangge.cli import main

    assert main(["route", str(project), "--as-of", "2026-11-28", "--days", "2", "--quiet"]) == 0
    sheet = capsys.readouterr().out.splitlines()
    assert sheet[0] == "day 1" and "警务室" in sheet[1]
    numbered = [line.split()[0] for line in sheet if line.strip()[:1].isdigit()]
    assert numbered.count("1") == 2, "each day numbers its stops from 1"


def test_a_project_without_a_police_office_is_told_to_give_a_start(make_project, capsys):
    from wangge.cli import main

    store = make_project()
    store.delete("landmarks", store.standard["police_office"].id, expected_version=1)
    store.close()
    assert main(["route", store.location, "--as-of", "2026-04-10", "--quiet"]) == 1
    line = capsys.readouterr().err.strip()
    assert "no police office landmark to start from" in line and "--start" in line


REFUSALS = {
    "budget": ["reaches no stop", "a longer day"],
    "off_network": ["start", "m from the nearest road"],
    "empty": ["no stops to visit"],
    "no_crs": ["roads.shp", "does not say its coordinate system"],
    "bad_row": ["stops.csv, row 3", "column 'x'"],
    "unknown_start": ["no stop has the id 'police'"],
}


def refused_arguments(tmp_path, case: str) -> list[str]:
    stops = tmp_path / "stops.csv"
    roads = tmp_path / "roads.gpkg"
    write_ring_roads(roads)
    write_stops(stops, STOPS)
    arguments = ["route", str(stops), "--roads", str(roads), "--quiet"]
    if case == "budget":
        arguments += ["--budget-h", "0.1"]
    elif case == "off_network":
        write_stops(stops, [("camp", X - 3000, Y - 3000), *STOPS[1:]])
    elif case == "empty":
        stops.write_text("id,x,y\n", encoding="utf-8")
    elif case == "no_crs":
        arguments[3] = str(tmp_path / "roads.shp")
        write_ring_roads(tmp_path / "roads.shp", crs=None)
    elif case == "bad_row":
        stops.write_text(f"id,x,y\na,{X},{Y}\nb,east,{Y}\n", encoding="utf-8")
    elif case == "unknown_start":
        arguments += ["--start", "police"]
    return arguments


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
@pytest.mark.parametrize("case", REFUSALS)
def test_refusals_are_one_line(tmp_path, capsys, case):
    """In this process (each refusal comes before any planning); the shell's view is the subprocess tests above."""
    from wangge.cli import main

    arguments = refused_arguments(tmp_path, case)
    assert main(arguments) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    assert lines[0].startswith("wangge: ")
    for fragment in REFUSALS[case]:
        assert fragment in lines[0]


def test_a_refusal_in_the_shell_is_one_line_on_stderr(tmp_path):
    assert_one_line_error(wangge(*refused_arguments(tmp_path, "budget")), *REFUSALS["budget"])


def test_a_days_route_lasts_the_stations_working_day_unless_told(demo_village_path, tmp_path):
    project = tmp_path / "demo.gpkg"
    shutil.copy(demo_village_path, project)

    def hours(*more: str) -> float:
        result = wangge("route", str(project), "--as-of", "2026-11-28", "--json", "--quiet", *more)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["minutes"] / 60

    assert 7 < hours() <= 8  # the default day, not every household due (17 hours)
    assert hours("--budget-h", "3") <= 3
    with open_project(project) as store:
        store.set_setting("working_day_hours", "5")
    assert 4 < hours() <= 5
    with open_project(project) as store:
        store.set_setting("working_day_hours", "all day")
    assert_one_line_error(wangge("route", str(project), "--quiet"), "'all day'", "station rules")
