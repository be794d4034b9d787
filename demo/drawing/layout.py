"""Where an officer's pen puts the village on paper: a smooth, non-linear distortion.

People draw what matters big: the village centre swells, the outskirts shrink,
the main road is drawn roughly along the sheet whatever its true heading, and
long gentle bends drift. We model that as a rotation, a radial "importance"
magnification that is strongest at the centre, a low-frequency wave, and a
final push-apart so that no two house boxes overlap (a person leaves room for
the numbers). All steps are smooth, so the sketch keeps the topology of the
village but not its metres — what a georeferencer has to cope with.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from demo.drawing.scene import (
    SketchGridBoundary,
    SketchHouse,
    SketchLandmark,
    SketchRoad,
    SketchScene,
)
from demo.station.village import VillagePlan
from layers.vocabulary import RoadKind

PAPER_SIZE = (4000, 2800)  # with the photo margin about a 14-megapixel phone picture
MARGINS = (200, 380, 200, 220)  # left, top (title), right, bottom
HOUSE_BOX_PX = 30.0
MIN_HOUSE_SPACING_PX = HOUSE_BOX_PX + 6.0
MAIN_ROAD_CLEARANCE_PX = 34.0  # the main road is drawn as two lines about 24 px apart
MAX_STRETCH = 2.2  # how much more one direction may be enlarged than the other


@dataclass(frozen=True)
class SketchDistortion:
    """The smooth map from village metres to paper pixels (before the push-apart)."""

    centre: np.ndarray
    rotation: float
    radius: float
    magnification: float
    wave_amplitude: float
    wave_length: float
    wave_phase: np.ndarray
    scale: np.ndarray  # pixels per metre along x and y: a long, thin village is stretched to fill the sheet
    offset: np.ndarray

    def _normalised(self, xy: np.ndarray) -> np.ndarray:
        c, s = np.cos(self.rotation), np.sin(self.rotation)
        local = (np.asarray(xy, float) - self.centre) @ np.array([[c, -s], [s, c]])
        local[:, 1] *= -1  # paper y grows downwards
        r = np.hypot(local[:, 0], local[:, 1]) / self.radius
        local *= (1 + self.magnification * np.exp(-2.5 * r**2))[:, None]
        wave = self.wave_amplitude * np.sin(2 * np.pi * local[:, ::-1] / self.wave_length + self.wave_phase)
        return local + wave

    def __call__(self, xy: np.ndarray) -> np.ndarray:
        return self._normalised(xy) * self.scale + self.offset


def fit_distortion(plan: VillagePlan, rng: np.random.Generator) -> SketchDistortion:
    """A distortion drawn at random, then scaled so the village fills the sheet inside the margins.

    The narrow direction of the village may be enlarged up to ``MAX_STRETCH`` times more than
    the long one: an officer fills his sheet, he does not keep the aspect ratio.
    """
    main = np.asarray(plan.roads[0].line.coords)
    heading = np.arctan2(*(main[-1] - main[0])[::-1])
    every_point = np.vstack([plan.houses, [[lm.x, lm.y] for lm in plan.landmarks]])
    centre = every_point.mean(axis=0)
    radius = float(np.max(np.hypot(*(every_point - centre).T)))
    draft = SketchDistortion(
        centre=centre,
        rotation=float(heading + rng.normal(0, 0.12)),
        radius=radius,
        magnification=float(rng.uniform(0.25, 0.4)),
        wave_amplitude=float(0.03 * radius),
        wave_length=float(rng.uniform(1.4, 2.2) * radius),
        wave_phase=rng.uniform(0, 2 * np.pi, 2),
        scale=np.ones(2),
        offset=np.zeros(2),
    )
    outline = np.vstack([every_point] + [np.asarray(g.exterior.coords) for g in plan.grids])
    drawn = draft(outline)
    low, high = drawn.min(axis=0), drawn.max(axis=0)
    left, top, right, bottom = MARGINS
    box = np.array([PAPER_SIZE[0] - left - right, PAPER_SIZE[1] - top - bottom], float)
    fit = box / (high - low)
    scale = np.minimum(fit, fit.min() * MAX_STRETCH)
    offset = np.array([left, top]) + (box - (high - low) * scale) / 2 - low * scale
    return SketchDistortion(**{**draft.__dict__, "scale": scale, "offset": offset})


def push_apart(points: np.ndarray, spacing: float, iterations: int = 40) -> np.ndarray:
    """Move points apart until no two are closer than ``spacing``, each move as small as it can be."""
    points = np.array(points, float)
    for _ in range(iterations):
        tree = shapely.STRtree(shapely.points(points))
        left, right = tree.query(shapely.points(points), predicate="dwithin", distance=spacing)
        pair = left < right
        left, right = left[pair], right[pair]
        if len(left) == 0:
            break
        delta = points[right] - points[left]
        distance = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-6)
        push = ((spacing - distance) / 2 + 0.5)[:, None] * delta / distance[:, None]
        moves = np.zeros_like(points)
        np.add.at(moves, right, push)
        np.add.at(moves, left, -push)
        points += moves
    return points


def keep_off_roads(points: np.ndarray, roads: list[np.ndarray], clearance: float) -> np.ndarray:
    """Move points that lie within ``clearance`` of a road out to that distance, on their own side."""
    points = np.array(points, float)
    for road in roads:
        line = shapely.linestrings(road)
        houses = shapely.points(points)
        near = shapely.dwithin(houses, line, clearance)
        if not near.any():
            continue
        foot = shapely.get_coordinates(
            shapely.line_interpolate_point(line, shapely.line_locate_point(line, houses[near]))
        )
        away = points[near] - foot
        length = np.hypot(away[:, 0], away[:, 1])
        # A house exactly on the centreline has no side of its own: put it above the road.
        direction = np.where(length[:, None] > 1e-6, away / np.maximum(length, 1e-6)[:, None], [0.0, -1.0])
        points[near] = foot + clearance * direction
    return points


def _densified(line_coords: np.ndarray, step: float) -> np.ndarray:
    line = shapely.segmentize(shapely.linestrings(line_coords), step)
    return shapely.get_coordinates(line)


def sketch_scene(
    plan: VillagePlan,
    house_numbers: list[str],
    key_person: np.ndarray,
    household_ids: list[str],
    grid_labels: list[tuple[str, str]],
    officer: str,
    rng: np.random.Generator,
) -> tuple[SketchScene, SketchDistortion]:
    """The scene an officer would draw of ``plan``, and the distortion used to draw it.

    ``grid_labels`` gives (code, name) per grid of the plan, in plan order.
    """
    distortion = fit_distortion(plan, rng)
    main_roads = [
        distortion(_densified(np.asarray(r.line.coords), 20.0)) for r in plan.roads if r.kind is RoadKind.MAIN
    ]
    houses_xy = distortion(plan.houses)
    for _ in range(3):  # officers leave the main road clear and give every box its room
        houses_xy = push_apart(keep_off_roads(houses_xy, main_roads, MAIN_ROAD_CLEARANCE_PX), MIN_HOUSE_SPACING_PX)
    houses = tuple(
        SketchHouse(hid, number, float(x), float(y), bool(key))
        for hid, number, (x, y), key in zip(household_ids, house_numbers, houses_xy, key_person)
    )
    roads = tuple(
        SketchRoad(
            points=tuple(map(tuple, distortion(_densified(np.asarray(road.line.coords), 20.0)).tolist())),
            kind=road.kind.value,
            label="到县城" if index == 0 else road.name,
        )
        for index, road in enumerate(plan.roads)
    )
    landmarks = tuple(
        SketchLandmark(lm.kind.value, lm.name, *map(float, distortion(np.array([[lm.x, lm.y]]))[0]))
        for lm in plan.landmarks
    )
    boundaries = []
    for (code, name), polygon in zip(grid_labels, plan.grids):
        ring = distortion(_densified(np.asarray(polygon.exterior.coords), 25.0))
        label_at = distortion(np.asarray(polygon.representative_point().coords))[0]
        boundaries.append(SketchGridBoundary(code, name, tuple(map(tuple, ring.tolist())), tuple(label_at.tolist())))
    north = distortion(np.array([distortion.centre, distortion.centre + [0.0, 50.0]]))
    north_angle = float(np.degrees(np.arctan2(north[1, 0] - north[0, 0], north[0, 1] - north[1, 1])))
    scene = SketchScene(
        title=f"{plan.name}网格图",
        author=f"社区民警 {officer} 绘",
        paper_width=PAPER_SIZE[0],
        paper_height=PAPER_SIZE[1],
        roads=roads,
        houses=houses,
        landmarks=landmarks,
        grid_boundaries=tuple(boundaries),
        north_angle_deg=north_angle,
        notes=("★ 重点关注户", "□ 住户（门牌号）"),
    )
    return scene, distortion
