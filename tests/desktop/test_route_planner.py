"""A day's route planned in the main window on the demo village: seen on the map, picked on the map, sent to a phone."""

from __future__ import annotations

import json

import gpxpy
import numpy as np
import pytest
from PySide6.QtCore import QDate, QPointF, Qt

from desktop.route_planner import RULES_SETTING
from layers.routing.targets import TargetReason, TargetRules
from tests.conftest import DEMO_AS_OF
from tests.desktop.conftest import run_to_end

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time


@pytest.fixture
def window(demo_window):
    """The main window on a copy of the demo village, the route planner open on the demo's day."""
    window = demo_window(drawn=True)
    window.route_action.trigger()
    dock = window.route_dock
    dock.day_edit.setDate(QDate(DEMO_AS_OF.year, DEMO_AS_OF.month, DEMO_AS_OF.day))
    dock.officer_box.setCurrentIndex(1)  # the first officer's grids
    return window


def plan(qtbot, window):
    """Press "Plan the route", wait for the plan (made on a worker thread) and for the map to draw the new view."""
    qtbot.mouseClick(window.route_dock.plan_button, Qt.MouseButton.LeftButton)
    run_to_end(qtbot, window.route_dock.tasks.current)
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=30000):
        pass  # the plan's view was asked for when the plan was shown; it is drawn from the event loop
    return window.route_dock.route


def pixel(window, x: float, y: float) -> tuple[int, int, int]:
    image = window.canvas.grab().toImage()
    point = window.canvas.to_widget(QPointF(x, y)).toPoint()
    colour = image.pixelColor(point.x(), point.y())
    return colour.red(), colour.green(), colour.blue()


def test_a_day_plan_is_listed_drawn_on_the_map_and_read_back_from_gpx(qtbot, window, tmp_path):
    dock = window.route_dock
    route = plan(qtbot, window)
    assert route is not None and route.stops and not window.warnings
    assert route.start.label and dock.stop_table.rowCount() == len(route.stops)
    assert [dock.stop_table.item(row, 0).text() for row in range(len(route.stops))] == [
        str(number) for number in range(1, len(route.stops) + 1)
    ]
    weights = TargetRules()
    first = route.stops[0].stop
    assert first.priority == max(weights.weight(TargetReason(code)) for code in first.reasons)
    assert f"{len(route.stops)}" in dock.summary.text() and "km" in dock.summary.text()
    assert route.stops[0].arrival_min > 0 and dock.stop_table.item(0, 3).text() > "08:30"

    stop = route.stops[0].stop
    drawn = pixel(window, stop.x, stop.y)
    dock.hide()
    window.canvas.repaint()
    assert pixel(window, stop.x, stop.y) != drawn, "the numbered stop is drawn only while the planner is open"
    dock.show()

    path = dock.export_gpx(str(tmp_path / "day.gpx"))
    with open(path, encoding="utf-8") as file:
        gpx = gpxpy.parse(file)
    names = [point.name for point in gpx.waypoints]
    assert len(names) >= len(route.stops) and all(planned.stop.name in " ".join(names) for planned in route.stops)
    track = [(point.longitude, point.latitude) for segment in gpx.tracks[0].segments for point in segment.points]
    lon, lat = route.start.lonlat
    assert track[0] == pytest.approx((lon, lat), abs=2e-4)


def test_a_household_picked_on_the_map_is_a_stop_and_the_weights_are_the_stations(qtbot, window):
    dock = window.route_dock
    households = window.data.households
    first_officer_grids = window.data.grids["id"][window.data.grids["officer"] == dock.officer_box.currentData()]
    elsewhere = households[~households["grid_id"].isin(first_officer_grids) & np.isfinite(households["x"])]
    chosen = elsewhere.iloc[0]
    window.canvas.zoom_to_point(chosen["x"], chosen["y"], 0.5)
    qtbot.mouseClick(dock.pick_button, Qt.MouseButton.LeftButton)
    at = window.canvas.to_widget(QPointF(chosen["x"], chosen["y"])).toPoint()
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=at)
    assert dock.picked == [chosen["id"]] and not window.cards, "picking opens no household card"
    dock.weight_boxes[TargetReason.NEVER_VISITED].setValue(0)
    route = plan(qtbot, window)
    reasons = {planned.stop.id: planned.stop.reasons for planned in [*route.stops]}
    dropped = {entry.stop.id for entry in route.dropped}
    assert chosen["id"] in reasons or chosen["id"] in dropped
    assert reasons.get(chosen["id"], ("picked",)) == ("picked",)
    assert all("never_visited" not in codes for codes in reasons.values())
    assert json.loads(window.store.settings()[RULES_SETTING])["never_visited"] == 0
    window.undo_stack.undo()  # the station's weights are an edit like any other
    assert json.loads(window.store.settings()[RULES_SETTING])["never_visited"] == TargetRules().weight(
        TargetReason.NEVER_VISITED
    )


def test_a_day_too_short_for_any_stop_is_explained_and_nothing_is_drawn(qtbot, window):
    dock = window.route_dock
    dock.budget_box.setValue(0.25)
    dock.service_box.setValue(240)
    qtbot.mouseClick(dock.plan_button, Qt.MouseButton.LeftButton)
    run_to_end(qtbot, dock.tasks.current)
    assert dock.route is None and window.warnings and "reaches no stop" in window.warnings[-1]
    assert not dock.gpx_button.isEnabled() and not dock.sheet_button.isEnabled()


def test_a_week_over_the_officers_gives_each_officer_a_route_from_his_office(qtbot, window):
    dock = window.route_dock
    dock.officer_box.setCurrentIndex(0)  # the whole station
    dock.split_box.setCurrentIndex(dock.split_box.findData("officers"))
    assert not dock.days_box.isEnabled()
    dock.budget_check.setChecked(False)
    plan(qtbot, window)
    officers = sorted(set(window.data.grids["officer"]))
    assert [dock.route_box.itemText(index) for index in range(dock.route_box.count())] == officers
    routes = dock.week.routes
    assert len(routes) == len(officers) and all(route.stops for route in routes), "the work is shared out"
    visited = [planned.stop.id for route in routes for planned in route.stops]
    assert len(visited) == len(set(visited)), "no household on two routes"
    dock.route_box.setCurrentIndex(2)
    assert dock.route is routes[2] and dock.stop_table.rowCount() == len(routes[2].stops)
