"""The layout of a synthetic rural village, in metres (UTM 48N).

Villages in the loess hills of Tongxin string their houses along a main road
and along lanes branching off it, in hamlets. We build that: a gently curving
main road, lanes leaving it on both sides at a shared angle (so they do not
cross), houses on both sides of each lane set back from it, landmarks by the
main road, and grids as the Voronoi cells of k-means clusters of the houses
clipped to the village outline — so grids tile the village without gaps or
overlaps and every household lies inside its own grid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
import shapely.affinity
from shapely.geometry import LineString, MultiPoint, Polygon

from demo.station.names import LANE_NAMES, village_name
from layers.vocabulary import LandmarkKind, RoadKind

HOUSE_SPACING_M = (22.0, 34.0)
HOUSE_SETBACK_M = (11.0, 17.0)
MIN_HOUSE_GAP_M = 14.0
HOUSEHOLDS_PER_GRID = 140
GRID_EDGE_STEP_M = 10.0
GRID_EDGE_CLEARANCE_M = 0.5


@dataclass(frozen=True)
class PlannedRoad:
    kind: RoadKind
    name: str
    line: LineString  # metres


@dataclass(frozen=True)
class PlannedLandmark:
    kind: LandmarkKind
    name: str
    x: float
    y: float


@dataclass(frozen=True)
class VillagePlan:
    """One village in metres: roads, houses, grids and landmarks."""

    name: str
    roads: tuple[PlannedRoad, ...]
    houses: np.ndarray  # (n, 2) metres
    house_road: tuple[str, ...]  # the lane or road each house is numbered on
    grid_of_house: np.ndarray  # (n,) grid index 0..k-1, grids ordered west to east
    grids: tuple[Polygon, ...]  # metres
    landmarks: tuple[PlannedLandmark, ...]
    junctions: np.ndarray  # (m, 2) where lanes leave the main road: good control points
    township: str = ""  # given once the station's villages are laid out (demo.station.generate)


def _smooth_curve(rng: np.random.Generator, length: float, amplitude: float, samples: int) -> np.ndarray:
    """A gently meandering line along x, as roads in the hills are."""
    x = np.linspace(-length / 2, length / 2, samples)
    y = np.zeros_like(x)
    for _ in range(3):
        wavelength = rng.uniform(0.6, 1.6) * length
        y += rng.uniform(0.3, 1.0) * amplitude * np.sin(2 * np.pi * x / wavelength + rng.uniform(0, 2 * np.pi))
    return np.column_stack([x, y])


def _rotate(points: np.ndarray, angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return points @ np.array([[c, s], [-s, c]])


def _houses_along(line: np.ndarray, rng: np.random.Generator, start: float) -> np.ndarray:
    """House positions on both sides of a polyline, from ``start`` metres onwards."""
    road = LineString(line)
    total = road.length
    houses = []
    for side in (-1.0, 1.0):
        steps = rng.uniform(*HOUSE_SPACING_M, int(total / HOUSE_SPACING_M[0]) + 2)
        chainage = start + rng.uniform(0, 10) + np.concatenate([[0.0], np.cumsum(steps[:-1])])
        chainage = chainage[chainage < total - 8]
        at = shapely.get_coordinates(shapely.line_interpolate_point(road, chainage))
        ahead = shapely.get_coordinates(shapely.line_interpolate_point(road, np.minimum(chainage + 1, total)))
        behind = shapely.get_coordinates(shapely.line_interpolate_point(road, np.maximum(chainage - 1, 0)))
        direction = ahead - behind
        direction /= np.hypot(direction[:, 0], direction[:, 1])[:, None]
        normal = np.column_stack([-direction[:, 1], direction[:, 0]])
        setback = rng.uniform(*HOUSE_SETBACK_M, len(chainage))[:, None]
        houses.append(at + side * setback * normal + rng.normal(0, 2.0, (len(chainage), 2)))
    return np.vstack(houses)


def _kmeans(
    points: np.ndarray, k: int, rng: np.random.Generator, iterations: int = 30
) -> tuple[np.ndarray, np.ndarray]:
    """Labels and centres of a k-means clustering (k-means++ start); the last step assigns."""
    centres = [points[rng.integers(len(points))]]
    for _ in range(1, k):
        d2 = np.min([np.sum((points - c) ** 2, axis=1) for c in centres], axis=0)
        centres.append(points[rng.choice(len(points), p=d2 / d2.sum())])
    centres = np.array(centres)
    for _ in range(iterations):
        labels = np.argmin(((points[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
        centres = np.array([points[labels == j].mean(axis=0) if np.any(labels == j) else centres[j] for j in range(k)])
    return np.argmin(((points[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1), centres


def plan_village(
    households: int, rng: np.random.Generator, origin: tuple[float, float], metres_per_household: float = 5.5
) -> VillagePlan:
    """Lay out a village of ``households`` houses around ``origin`` (metres, UTM 48N)."""
    name = village_name(rng)
    heading = rng.uniform(-0.5, 0.5)  # the valley's direction, radians from east
    main_length = max(700.0, metres_per_household * households)
    main = _rotate(_smooth_curve(rng, main_length, 0.06 * main_length, 80), heading)
    lanes: list[np.ndarray] = []
    junctions = []
    side_angles = {1.0: rng.uniform(1.2, 1.9), -1.0: -rng.uniform(1.2, 1.9)}  # shared per side: lanes never cross
    main_chainage = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(main, axis=0).T))])
    position = rng.uniform(60, 120)
    while position < main_chainage[-1] - 60:
        index = np.searchsorted(main_chainage, position) - 1
        base = main[index]
        sides = (1.0, -1.0) if rng.random() < 0.6 else (rng.choice([1.0, -1.0]),)
        for side in sides:
            length = rng.uniform(140, 420)
            curve = _smooth_curve(rng, length, 0.05 * length, 24)
            curve[:, 0] += length / 2
            angle = heading + side_angles[side] + rng.normal(0, 0.06)
            lanes.append(base + _rotate(curve, angle))
        junctions.append(base)
        position += rng.uniform(130, 190)
    centre_index = len(main) // 2

    candidates, candidate_road = [], []
    for number, lane in enumerate(lanes):
        found = _houses_along(lane, rng, start=22.0)
        candidates.append(found)
        candidate_road += [LANE_NAMES[number % len(LANE_NAMES)]] * len(found)
    main_houses = _houses_along(main[centre_index - 12 : centre_index + 12], rng, start=0.0)
    candidates.append(main_houses)
    candidate_road += ["主街"] * len(main_houses)
    houses = np.vstack(candidates)
    road_lines = [LineString(main)] + [LineString(lane) for lane in lanes]
    houses, candidate_road = _thin_out(houses, np.array(candidate_road), road_lines)
    # Keep the houses nearest the main road: hamlets grow outwards from it.
    keep = np.argsort(shapely.distance(shapely.points(houses), LineString(main)) + rng.uniform(0, 60, len(houses)))
    if len(keep) < households:
        # too few plots: lay out a longer valley
        return plan_village(households, rng, origin, metres_per_household * 1.2)
    keep = np.sort(keep[:households])
    houses, house_road = houses[keep], candidate_road[keep]

    k = int(np.clip(round(households / HOUSEHOLDS_PER_GRID), 3, 6)) if households >= 3 else 1
    labels, centres = _kmeans(houses, k, rng)
    order = np.argsort(centres[:, 0])  # grid 1 in the west, as an officer would number them
    rank = np.empty(k, dtype=int)
    rank[order] = np.arange(k)
    labels, centres = rank[labels], centres[order]
    landmarks = _place_landmarks(name, main, centre_index, houses, rng)
    outline_points = np.vstack([houses, [[lm.x, lm.y] for lm in landmarks]])
    outline = MultiPoint(outline_points).convex_hull.buffer(70.0, quad_segs=4)
    cells = shapely.voronoi_polygons(MultiPoint(centres), extend_to=outline, ordered=True)
    # Dense vertices keep the edges where they are once projected to lon/lat (a straight UTM edge
    # is a curve there), and a house a hair's breadth from its grid's edge steps inside.
    grids = tuple(shapely.segmentize(shapely.intersection(cell, outline), GRID_EDGE_STEP_M) for cell in cells.geoms)
    houses = _inside_own_grid(houses, labels, grids)

    offset = np.asarray(origin)
    roads = [PlannedRoad(RoadKind.MAIN, "乡道", LineString(main + offset))]
    roads += [
        PlannedRoad(RoadKind.LANE, LANE_NAMES[i % len(LANE_NAMES)], LineString(lane + offset))
        for i, lane in enumerate(lanes)
    ]
    return VillagePlan(
        name=name,
        roads=tuple(roads),
        houses=houses + offset,
        house_road=tuple(house_road.tolist()),
        grid_of_house=labels,
        grids=tuple(shapely.affinity.translate(g, *offset) for g in grids),
        landmarks=tuple(PlannedLandmark(lm.kind, lm.name, lm.x + offset[0], lm.y + offset[1]) for lm in landmarks),
        junctions=np.array(junctions).reshape(-1, 2) + offset,
    )


def _inside_own_grid(houses: np.ndarray, labels: np.ndarray, grids: tuple[Polygon, ...]) -> np.ndarray:
    """Move houses lying within ``GRID_EDGE_CLEARANCE_M`` of their grid's edge that far inside it."""
    houses = houses.copy()
    own = np.array(grids, dtype=object)[labels]
    points = shapely.points(houses)
    near = shapely.distance(points, shapely.boundary(own)) < GRID_EDGE_CLEARANCE_M
    if near.any():
        inward = shapely.get_coordinates(shapely.centroid(own[near])) - houses[near]
        inward /= np.hypot(inward[:, 0], inward[:, 1])[:, None]
        houses[near] += inward * 2 * GRID_EDGE_CLEARANCE_M
    return houses


def _thin_out(houses: np.ndarray, roads: np.ndarray, road_lines: list[LineString]) -> tuple[np.ndarray, np.ndarray]:
    """Drop houses that stand on a road or too close to an earlier house."""
    points = shapely.points(houses)
    on_road, _ = shapely.STRtree(road_lines).query(points, predicate="dwithin", distance=7.0)
    clear_of_roads = np.ones(len(points), dtype=bool)
    clear_of_roads[on_road] = False
    points, houses, roads = points[clear_of_roads], houses[clear_of_roads], roads[clear_of_roads]
    tree = shapely.STRtree(points)
    left, right = tree.query(points, predicate="dwithin", distance=MIN_HOUSE_GAP_M)
    clash = left > right  # of each close pair, drop the later house
    drop = np.zeros(len(points), dtype=bool)
    drop[left[clash]] = True
    return houses[~drop], roads[~drop]


def _place_landmarks(
    name: str, main: np.ndarray, centre_index: int, houses: np.ndarray, rng: np.random.Generator
) -> list[PlannedLandmark]:
    stem = name.removesuffix("村")
    direction = main[centre_index + 1] - main[centre_index - 1]
    direction /= np.hypot(*direction)
    normal = np.array([-direction[1], direction[0]])

    def beside_main(index: int, side: float, setback: float) -> tuple[float, float]:
        point = main[int(np.clip(index, 0, len(main) - 1))] + side * setback * normal
        return float(point[0]), float(point[1])

    places = [
        (LandmarkKind.VILLAGE_COMMITTEE, f"{stem}村委会", beside_main(centre_index, 1, 34)),
        (LandmarkKind.POLICE_OFFICE, f"{stem}警务室", beside_main(centre_index + 2, 1, 34)),
        (LandmarkKind.CLINIC, f"{stem}卫生室", beside_main(centre_index - 2, -1, 34)),
        (LandmarkKind.SCHOOL, f"{stem}小学", beside_main(centre_index + rng.integers(5, 9), -1, 45)),
        (LandmarkKind.MOSQUE, f"{stem}清真寺", beside_main(centre_index - rng.integers(5, 9), 1, 45)),
        (LandmarkKind.SHOP, f"{stem}小卖部", beside_main(centre_index + 4, -1, 30)),
        (LandmarkKind.BRIDGE, f"{stem}桥", beside_main(centre_index + rng.integers(14, 22), 0, 0)),
    ]
    landmarks = []
    for kind, label, (x, y) in places:
        # Landmarks stand on their own plot: move off any house they would cover.
        nearest = np.min(np.hypot(houses[:, 0] - x, houses[:, 1] - y))
        if nearest < 12 and kind is not LandmarkKind.BRIDGE:
            x, y = x + normal[0] * 14, y + normal[1] * 14
        landmarks.append(PlannedLandmark(kind, label, x, y))
    return landmarks
