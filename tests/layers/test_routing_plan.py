"""Planning a day and a week: budgets, priorities, refusals with a message an officer can act on."""

from __future__ import annotations

import numpy as np
import pytest
from shapely import LineString

from layers.routing.errors import BudgetTooSmallError, NoStopsError, StartOffNetworkError
from layers.routing.network import RoadNetwork, StraightLines
from layers.routing.plan import RouteSettings, plan_day, plan_week
from layers.routing.stop import Stop

FAST = dict(search_seconds=0.3)
MAIN_ROAD = RoadNetwork.from_lines([LineString([(0, 0), (6000, 0)])])
OFFICE = Stop("office", 0.0, 0.0, "警务室")


def households_along_the_road(count: int, spacing: float = 100.0, priority: float = 1.0) -> list[Stop]:
    return [Stop(f"h{number}", spacing * number, 10.0, f"{number}号", priority) for number in range(1, count + 1)]


def test_arrival_times_add_travel_and_the_time_at_each_stop():
    settings = RouteSettings(speed_kmh=36.0, service_min=10.0, **FAST)  # 36 km/h: 600 m a minute
    plan = plan_day([Stop("a", 600, 0), Stop("b", 1200, 0)], OFFICE, MAIN_ROAD, settings=settings)
    assert plan.order == ["office", "a", "b"]
    assert [stop.arrival_min for stop in plan.stops] == pytest.approx([1.0, 12.0])
    assert [leg.minutes for leg in plan.legs] == pytest.approx([1.0, 1.0, 2.0])
    assert plan.length_m == pytest.approx(2400.0)
    assert plan.minutes == pytest.approx(4.0 + 20.0)
    assert plan.to_json()["legs"][0] == {"from": "office", "to": "a", "length_m": 600.0, "minutes": 1.0}


def test_a_short_day_keeps_the_weightiest_stops():
    """Eight households at the far end matter most; twenty near ones less. Four hours cannot hold them all."""
    near = households_along_the_road(20, spacing=50.0, priority=20)
    far = [Stop(f"red{n}", 5000 + 50 * n, 10.0, priority=100) for n in range(8)]
    settings = RouteSettings(speed_kmh=20.0, service_min=15.0, budget_h=4.0, **FAST)
    plan = plan_day([*near, *far], OFFICE, MAIN_ROAD, settings=settings)
    kept = {stop.stop.id for stop in plan.stops}
    assert {stop.id for stop in far} <= kept
    assert plan.minutes <= 4 * 60 + 1e-6
    assert len(plan.stops) + len(plan.dropped) == 28
    assert {dropped.reason.value for dropped in plan.dropped} == {"over_budget"}
    # the day is full: not one more stop of those left out would fit
    assert plan.minutes + settings.service_min > 4 * 60 - 15


def test_a_budget_too_small_for_any_stop_says_what_the_nearest_needs():
    settings = RouteSettings(speed_kmh=30.0, service_min=15.0, budget_h=0.25, **FAST)
    with pytest.raises(BudgetTooSmallError) as raised:
        plan_day([Stop("h1", 3000, 0), Stop("h2", 5000, 0)], OFFICE, MAIN_ROAD, settings=settings)
    message = str(raised.value)
    assert "0.25 h" in message and "h1" in message
    assert "0.45 h" in message  # 6 km there and back at 30 km/h is 12 min, plus 15 min at the door


def test_a_start_far_from_every_road_is_refused_saying_how_far():
    with pytest.raises(StartOffNetworkError) as raised:
        plan_day(households_along_the_road(3), Stop("camp", 100, 2400, "工地"), MAIN_ROAD)
    assert "工地 is 2400 m from the nearest road" in str(raised.value)


def test_an_empty_list_of_stops_is_refused():
    with pytest.raises(NoStopsError, match="empty"):
        plan_day([], OFFICE, MAIN_ROAD)
    with pytest.raises(NoStopsError):
        plan_day([OFFICE], OFFICE, MAIN_ROAD)  # the start alone is nothing to visit


def test_stops_far_from_the_roads_are_left_out_and_named():
    plan = plan_day([Stop("h1", 500, 5), Stop("hut", 900, 1500, "羊圈")], OFFICE, MAIN_ROAD)
    assert plan.order == ["office", "h1"]
    assert plan.dropped[0].reason.value == "off_network"
    assert plan.dropped[0].distance_m == pytest.approx(1500.0)
    assert any("羊圈 at 1500 m" in str(notice) for notice in plan.notices)


def test_without_roads_the_plan_says_it_is_in_straight_lines():
    plan = plan_day(households_along_the_road(4), OFFICE, None)
    assert plan.straight_line
    assert plan.to_json()["straight_line"] is True
    assert any("straight lines" in warning for warning in plan.to_json()["warnings"])
    assert plan.length_m == pytest.approx(np.hypot(100, 10) + 300 + np.hypot(400, 10))


def test_a_route_may_end_elsewhere_than_it_starts():
    home = Stop("home", 6000, 0, "县城")
    plan = plan_day(households_along_the_road(5, spacing=1000), OFFICE, MAIN_ROAD, end=home)
    assert plan.order == ["office", "h1", "h2", "h3", "h4", "h5", "home"]
    assert plan.length_m == pytest.approx(6000.0)
    assert not plan.closed


def test_a_week_spreads_the_stops_over_its_days_once_each():
    rng = np.random.default_rng(7)
    stops = [Stop(f"h{n}", x, y) for n, (x, y) in enumerate(rng.uniform(0, 3000, (40, 2)))]
    week = plan_week(stops, [OFFICE] * 5, StraightLines(), settings=RouteSettings(**FAST))
    visited = [stop.stop.id for route in week.routes for stop in route.stops]
    assert sorted(visited) == sorted(stop.id for stop in stops), "every stop once, none twice"
    assert all(route.order[0] == "office" for route in week.routes)
    lengths = [route.minutes for route in week.routes]
    assert max(lengths) < 2 * min(lengths), f"days should be about as long: {lengths}"


def test_a_week_with_a_budget_leaves_out_what_no_day_holds():
    stops = households_along_the_road(30, spacing=150, priority=10)
    settings = RouteSettings(speed_kmh=20.0, service_min=20.0, budget_h=2.0, **FAST)
    week = plan_week(stops, [OFFICE] * 2, MAIN_ROAD, settings=settings)
    visited = [stop.stop.id for route in week.routes for stop in route.stops]
    assert len(visited) == len(set(visited))
    assert len(visited) + len(week.dropped) == 30
    assert all(route.minutes <= 120 + 1e-6 for route in week.routes)
    assert week.dropped


def test_officers_each_start_from_their_own_office():
    west, east = Stop("west-office", 0, 0), Stop("east-office", 6000, 0)
    stops = [Stop("w1", 300, 0), Stop("w2", 600, 0), Stop("e1", 5400, 0), Stop("e2", 5700, 0)]
    week = plan_week(stops, [west, east], MAIN_ROAD, settings=RouteSettings(**FAST))
    assert sorted(week.routes[0].order[1:]) == ["w1", "w2"]
    assert sorted(week.routes[1].order[1:]) == ["e1", "e2"]
