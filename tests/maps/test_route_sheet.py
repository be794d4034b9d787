"""The printed route sheet, read back as a PDF reader would, and the route drawing, looked at pixel by pixel."""

from __future__ import annotations

import shutil
from datetime import datetime

import numpy as np
import pypdf
import pytest
from PySide6.QtGui import QColor, QImage, QPainter
from shapely import LineString

from layers.errors import Canceled, PrintError
from layers.feedback import Feedback
from layers.routing.plan import Leg, PlannedStop, RoutePlan, RouteSettings, plan_day, plan_week
from layers.routing.roads import project_roads
from layers.routing.stop import Stop
from layers.routing.targets import find_targets, police_office
from layers.store import open_project
from layers.values import STATION_TIMEZONE
from maps.print.route_sheet import write_route_sheet
from maps.route_drawing import ROUTE_COLOUR, START_COLOUR, STOP_RADIUS_MM, draw_route, route_extent
from tests.cli_helpers import assert_one_line_error, wangge

pytestmark = pytest.mark.clock  # the sheet is titled with today's date

AS_OF = datetime(2026, 11, 28, 12, tzinfo=STATION_TIMEZONE)


@pytest.fixture(scope="module")
def demo_routes(demo_village_path):
    """A four-hour day and a three-day week from the demo village's police office, and its households."""
    with open_project(demo_village_path) as store:
        targets = find_targets(store, as_of=AS_OF).targets
        office, roads = police_office(store), project_roads(store)
        households = store.read("households", columns=["id", "house_no", "head_name", "phone"])
    settings = RouteSettings(budget_h=4, search_seconds=0.2)
    day = plan_day(targets, office, roads, settings=settings)
    week = plan_week(targets, [office] * 3, roads, settings=settings)
    return day, week, households.set_index("id")


@pytest.fixture(scope="module")
def sheets(demo_village_path, demo_routes, tmp_path_factory):
    folder = tmp_path_factory.mktemp("route-sheet")
    day, week, _ = demo_routes
    paths = {name: folder / f"{name}.pdf" for name in ("day", "personal", "week")}
    project = shutil.copy(demo_village_path, folder / "village.gpkg")  # printing registers its sheets
    with open_project(project) as store:
        pages = {
            "day": len(write_route_sheet(store, day, paths["day"]).pages),
            "personal": len(write_route_sheet(store, day, paths["personal"], show_personal=True).pages),
            "week": len(write_route_sheet(store, week, paths["week"]).pages),
        }
    return paths, pages


def _words(path) -> list[str]:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split()


def _text(path) -> str:
    return " ".join(_words(path))


def test_a4_with_every_stop_in_visiting_order(sheets, demo_routes):
    paths, pages = sheets
    day, _, households = demo_routes
    reader = pypdf.PdfReader(paths["day"])
    assert pages["day"] == len(reader.pages) == 1
    assert all((round(page.mediabox.width), round(page.mediabox.height)) == (595, 842) for page in reader.pages)
    words = _words(paths["day"])
    at = words.index("order")  # "Stops in visiting order": the table follows
    assert len(day.stops) >= 10
    for planned in day.stops:
        house = households.loc[planned.stop.household_id, "house_no"]
        at = words.index(house, at + 1)
        assert words[at - 1] == str(planned.number), f"stop {planned.number} is house {house}"
    text = _text(paths["day"])
    assert f"{len(day.stops)} stops" in text and f"{day.length_m / 1000:.1f} km" in text
    assert "08:30" in text, "the day leaves at 08:30 unless the plan says otherwise"
    assert "Left out (Over budget)" in text


def test_heads_are_masked_unless_full_details_are_asked_for(sheets, demo_routes):
    paths, _ = sheets
    day, _, households = demo_routes
    heads = [households.loc[planned.stop.household_id, "head_name"] for planned in day.stops]
    masked, personal = _text(paths["day"]), _text(paths["personal"])
    assert not any(head in masked for head in heads)
    assert all(head in personal for head in heads)
    assert not any(phone and phone in text for phone in households["phone"] for text in (masked, personal))
    assert "masked" in masked and "masked" not in personal
    assert "personal information in full" in personal


def test_the_chinese_font_is_embedded(sheets):
    paths, _ = sheets
    page = pypdf.PdfReader(paths["day"]).pages[0]
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    cjk = [font for font in fonts if "WanggeSansSC" in str(font.get("/BaseFont"))]
    assert cjk
    descriptor = cjk[0]["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert any(key in descriptor for key in ("/FontFile2", "/FontFile3"))


def test_a_week_prints_a_section_per_day(sheets, demo_routes):
    paths, pages = sheets
    _, week, households = demo_routes
    reader = pypdf.PdfReader(paths["week"])
    assert pages["week"] == len(reader.pages) == 3
    for day, (page, route) in enumerate(zip(reader.pages, week.routes), start=1):
        words = page.extract_text().split()
        assert " ".join(words[words.index("Day") : words.index("Day") + 4]) == f"Day {day} of 3"
        houses = [households.loc[planned.stop.household_id, "house_no"] for planned in route.stops]
        assert houses and all(house in words for house in houses)


def test_a_cancel_leaves_no_file(demo_village_path, demo_routes, tmp_path):
    _, week, _ = demo_routes

    class CancelAfterTheFirstPage(Feedback):
        def set_progress(self, percent: float) -> None:
            super().set_progress(percent)
            if percent > 50:
                self.cancel()

    canceled = Feedback()
    canceled.cancel()
    with open_project(demo_village_path) as store:
        with pytest.raises(Canceled):
            write_route_sheet(store, week, tmp_path / "before.pdf", feedback=canceled)
        with pytest.raises(Canceled):
            write_route_sheet(store, week, tmp_path / "during.pdf", feedback=CancelAfterTheFirstPage())
        with pytest.raises(PrintError, match=r"\.pdf"):
            write_route_sheet(store, week, tmp_path / "sheet.docx")
    assert list(tmp_path.iterdir()) == []


def test_wangge_route_prints_a_sheet_for_a_project_only(village_copy, tmp_path):
    from wangge.cli import main

    out = tmp_path / "route.pdf"
    assert main(["route", str(village_copy), "--as-of", "2026-11-28", "--budget-h", "2", "--sheet", str(out),
                 "--quiet"]) == 0  # fmt: skip
    printed = _text(out)
    assert "visit route 2026-11-28" in printed and "Left out (Over budget)" in printed
    (tmp_path / "stops.csv").write_text("id,x,y\na,583000,4088000\nb,583100,4088000\n", encoding="utf-8")
    refused = wangge("route", str(tmp_path / "stops.csv"), "--sheet", str(tmp_path / "csv.pdf"))
    assert_one_line_error(refused, "csv.pdf", "needs a project")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["route.pdf", "stops.csv"]


# -- drawing --------------------------------------------------------------------------

X0, Y0 = 583000.0, 4088000.0
PX_PER_M, PX_PER_MM = 0.5, 4.0


def _straight_plan() -> RoutePlan:
    """Office at the west, stops 1 and 2 along a road going east, back to the office."""
    office, east, far_east = (
        Stop("office", X0 + 100, Y0 + 300),
        Stop("a", X0 + 400, Y0 + 300),
        Stop("b", X0 + 700, Y0 + 300),
    )
    path = LineString([(office.x, office.y), (east.x, east.y), (far_east.x, far_east.y)])
    legs = (
        Leg("office", "a", 300, 1, LineString(path.coords[:2])),
        Leg("a", "b", 300, 1, LineString(path.coords[1:])),
        Leg("b", "office", 600, 2, LineString(path.coords[::-1])),
    )
    stops = (PlannedStop(1, east, 1, 0), PlannedStop(2, far_east, 17, 0))
    return RoutePlan(office, office, stops, legs, (), False, (), RouteSettings())


def _to_device(xy: np.ndarray) -> np.ndarray:
    return np.column_stack([(xy[:, 0] - X0) * PX_PER_M, (Y0 + 600 - xy[:, 1]) * PX_PER_M])


def _pixel(image: QImage, x: float, y: float) -> str:
    return QColor(image.pixel(round(x), round(y))).name()


def test_draw_route_puts_numbered_stops_where_to_device_says():
    plan = _straight_plan()
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    draw_route(painter, plan, _to_device, PX_PER_MM)
    painter.end()
    radius = STOP_RADIUS_MM * PX_PER_MM
    for planned in plan.stops:
        (x, y), = _to_device(np.array([[planned.stop.x, planned.stop.y]]))  # fmt: skip
        assert _pixel(image, x - 0.7 * radius, y) == ROUTE_COLOUR  # the disc
        inside = [QColor(image.pixel(round(x + dx), round(y + dy))).lightness() for dx in range(-3, 4)
                  for dy in range(-3, 4)]  # fmt: skip
        assert max(inside) > 200, "a light number on the disc"
    (start_x, start_y), = _to_device(np.array([[plan.start.x, plan.start.y]]))  # fmt: skip
    assert _pixel(image, start_x - 0.35 * 4.4 * PX_PER_MM, start_y) == START_COLOUR
    along = start_x + 25  # on the first leg, past the start's mark, before the first arrow
    assert _pixel(image, along, start_y) == ROUTE_COLOUR
    assert _pixel(image, along, start_y + 6 * PX_PER_MM) == "#ffffff"  # nothing drawn off the route
    assert _pixel(image, 350, 50) == "#ffffff"
    # the first leg's one arrow sits half way (x 125) and points east: wide at its back, narrow at its tip
    assert _pixel(image, 120, start_y - 3) == ROUTE_COLOUR
    assert _pixel(image, 127, start_y - 3) == "#ffffff"


def test_the_extent_holds_the_route_with_room_for_its_marks():
    plan = _straight_plan()
    minx, miny, maxx, maxy = route_extent(plan)
    assert minx < X0 + 100 - 50 and maxx > X0 + 700 + 50 and miny < Y0 + 300 - 50 and maxy > Y0 + 300 + 50
