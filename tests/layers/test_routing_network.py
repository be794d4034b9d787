"""The road graph: distances along the roads, stops snapped onto segments, pieces of a broken network."""

from __future__ import annotations

import numpy as np
import pytest
from shapely import LineString

from layers.routing.network import RoadNetwork, StraightLines
from layers.routing.plan import plan_day
from layers.routing.stop import Stop

SEARCH = 0.05


def ring_with_dead_end_lanes() -> list[LineString]:
    """A square ring road of 1000 m sides; two lanes run in from the west and east sides at y=500
    and stop 20 m apart in the middle. Their ends look neighbours; by road they are 1,980 m apart."""
    return [
        LineString([(0, 0), (1000, 0), (1000, 1000), (0, 1000), (0, 0)]),
        LineString([(0, 500), (490, 500)]),
        LineString([(1000, 500), (510, 500)]),
    ]


OFFICE = Stop("office", 0.0, 0.0, "警务室")
WEST_END = Stop("west-lane-end", 490.0, 500.0)
EAST_END = Stop("east-lane-end", 510.0, 500.0)
NORTH = Stop("north", 500.0, 1000.0)
SOUTH_EAST = Stop("south-east", 1000.0, 0.0)
STOPS = [WEST_END, EAST_END, NORTH, SOUTH_EAST]


def test_lane_ends_are_far_apart_by_road():
    roads = RoadNetwork.from_lines(ring_with_dead_end_lanes())
    travel = roads.travel_matrix(np.array([[490.0, 500.0], [510.0, 500.0]]))
    # back down the west lane 490, 500 along the ring to a corner, 1000 across, 500 down, 490 up the east lane
    assert travel.metres[0, 1] == pytest.approx(490 + 500 + 1000 + 500 + 490)
    assert travel.path(0, 1).length == pytest.approx(travel.metres[0, 1])


def test_route_follows_the_roads_where_straight_lines_mislead():
    plan = plan_day(STOPS, OFFICE, RoadNetwork.from_lines(ring_with_dead_end_lanes()))
    # every tour must go round the ring once (4 x 1000 m) and up and down each 490 m lane:
    # the best tour does exactly that and nothing more
    by_hand = 4 * 1000 + 2 * 490 + 2 * 490
    assert plan.length_m == pytest.approx(by_hand)
    assert sum(leg.path.length for leg in plan.legs) == pytest.approx(by_hand)
    assert not plan.straight_line
    assert plan.order[0] == "office"
    ends = (plan.order.index("west-lane-end"), plan.order.index("east-lane-end"))
    assert abs(ends[0] - ends[1]) != 1, "the lane ends look 20 m apart, but are never visited one after the other"


def test_straight_lines_would_have_chosen_a_longer_way():
    """The order planned on straight lines, driven on the roads, is 2,000 m longer: why roads matter."""
    straight = plan_day(STOPS, OFFICE, StraightLines())
    assert straight.straight_line
    travel = RoadNetwork.from_lines(ring_with_dead_end_lanes()).travel_matrix(
        np.array([[stop.x, stop.y] for stop in [OFFICE, *STOPS]])
    )
    index = {stop.id: at for at, stop in enumerate([OFFICE, *STOPS])}
    nodes = [index[stop_id] for stop_id in straight.order] + [0]
    driven = sum(travel.metres[a, b] for a, b in zip(nodes[:-1], nodes[1:]))
    assert driven == pytest.approx(4 * 1000 + 2 * 490 + 2 * 490 + 2000)


def test_stop_beside_a_road_is_snapped_onto_it_at_its_foot():
    """A household 15 m off a 300 m lane, halfway along, is 150 m from either end, not at the nearer end."""
    roads = RoadNetwork.from_lines([LineString([(0, 0), (300, 0)])])
    travel = roads.travel_matrix(np.array([[0.0, 0.0], [150.0, 15.0], [300.0, 0.0]]))
    assert travel.snap_m[1] == pytest.approx(15.0)
    assert travel.metres[0, 1] == pytest.approx(150.0)
    assert travel.metres[1, 2] == pytest.approx(150.0)
    assert travel.metres[0, 2] == pytest.approx(300.0)


def test_several_stops_on_one_segment_are_chained_in_order():
    roads = RoadNetwork.from_lines([LineString([(0, 0), (1000, 0)])])
    travel = roads.travel_matrix(np.array([[800.0, 5.0], [100.0, -5.0], [400.0, 0.0], [400.0, 3.0]]))
    assert travel.metres[1, 0] == pytest.approx(700.0)
    assert travel.metres[1, 2] == pytest.approx(300.0)
    assert travel.metres[2, 3] == pytest.approx(0.0)
    assert travel.path(1, 0).length == pytest.approx(700.0)


def test_crossing_roads_are_joined_where_they_cross():
    """Two lines crossing without a shared vertex still meet: village roads cross at grade."""
    roads = RoadNetwork.from_lines([LineString([(0, 0), (200, 0)]), LineString([(100, -100), (100, 100)])])
    travel = roads.travel_matrix(np.array([[0.0, 0.0], [100.0, 100.0]]))
    assert travel.metres[0, 1] == pytest.approx(200.0)
    assert roads.pieces.count == 1


def test_lane_digitised_short_of_the_main_road_is_joined_to_it():
    main = LineString([(0, 0), (1000, 0)])
    lane = LineString([(500, 8), (500, 300)])  # stops 8 m short of the main road
    assert RoadNetwork.from_lines([main, lane]).pieces.count == 1
    assert RoadNetwork.from_lines([main, lane], join_within_m=0).pieces.count == 2


def test_disconnected_pieces_are_reported_and_their_stops_dropped():
    main = LineString([(0, 0), (1000, 0)])
    across_the_river = LineString([(0, 600), (1000, 600)])
    roads = RoadNetwork.from_lines([main, across_the_river])
    assert roads.pieces.count == 2
    assert roads.pieces.detached_m == pytest.approx(1000.0)
    plan = plan_day([Stop("near", 500, 10), Stop("far", 500, 590)], Stop("office", 0, 0), roads)
    assert plan.order == ["office", "near"]
    assert [(dropped.stop.id, dropped.reason.value) for dropped in plan.dropped] == [("far", "unreachable")]
    assert any("2 pieces" in str(notice) for notice in plan.notices)


def test_parallel_roads_count_by_the_shorter():
    straight = LineString([(0, 0), (100, 0)])
    detour = LineString([(0, 0), (50, 80), (100, 0)])
    travel = RoadNetwork.from_lines([detour, straight]).travel_matrix(np.array([[0.0, 0.0], [100.0, 0.0]]))
    assert travel.metres[0, 1] == pytest.approx(100.0)
