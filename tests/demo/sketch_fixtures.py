"""A synthetic village sketch scene, shared by the sketch tests and the docs example.

A main road crosses the sheet, a second one leaves it northwards, numbered lanes
branch off both sides with houses along them, tracks lead out to the fields, and
three grids split the village from west to east.
"""

from __future__ import annotations

import numpy as np

from demo.drawing.scene import SketchGridBoundary, SketchHouse, SketchLandmark, SketchRoad, SketchScene

HOUSE_SPACING = 40.0
LANE_SPACING = 170.0
LANE_OFFSET = 27.0
MAIN_OFFSET = 42.0

LANDMARKS = (
    ("police_office", "警务室", 0.47, -1),
    ("village_committee", "村委会", 0.56, -1),
    ("school", "学校", 0.41, 1),
    ("mosque", "清真寺", 0.62, 1),
    ("clinic", "卫生室", 0.33, -1),
    ("shop", "小卖部", 0.52, 1),
    ("shop", "小卖部", 0.73, -1),
)


def village_scene(houses: int = 200, paper: tuple[int, int] = (1600, 1150), seed: int = 0) -> SketchScene:
    """A village of ``houses`` numbered houses on a ``paper`` (width, height) sheet."""
    rng = np.random.default_rng(seed)
    w, h = paper
    top, bottom = 0.17 * h, 0.93 * h
    phase = rng.uniform(0, 2 * np.pi)

    def main_y(x: np.ndarray) -> np.ndarray:
        return 0.53 * h + 0.045 * h * np.sin(2 * np.pi * 0.8 * x / w + phase)

    xs = np.arange(0.015 * w, 0.985 * w, 30.0)
    main = np.stack([xs, main_y(xs)], 1)
    north_x = 0.79 * w
    north_y = np.linspace(main_y(np.array([north_x]))[0], 0.13 * h, 12)
    north = np.stack([north_x + 14 * np.sin(np.linspace(0, 3, 12)), north_y], 1)

    lane_x = np.arange(0.07 * w, 0.95 * w, LANE_SPACING) + rng.uniform(-15, 15)
    lane_x = lane_x[np.abs(lane_x - north_x) > 0.6 * LANE_SPACING]
    landmark_at = [
        (kind, label, np.array([fx * w, main_y(np.array([fx * w]))[0] + side * 62]))
        for kind, label, fx, side in LANDMARKS
    ]

    tilt_phase = rng.uniform(0, 2 * np.pi)
    slots, lane_of, lanes = [], [], []
    for x in lane_x:
        y0 = main_y(np.array([x]))[0]
        tilt = 0.16 * np.sin(2 * np.pi * x / (1.3 * w) + tilt_phase)  # neighbouring lanes lean alike
        for direction, end in ((-1, top), (1, bottom)):
            length = abs(end - y0)
            t = np.arange(0.0, length, 20.0)
            heading = np.array([np.sin(tilt), direction * np.cos(tilt)])
            across = np.array([-heading[1], heading[0]])
            bend = rng.uniform(-30, 30)
            lane = np.array([x, y0]) + t[:, None] * heading + (bend * (t / length) ** 2)[:, None] * across
            lanes.append((lane, t))
            along = 55 + np.cumsum(HOUSE_SPACING + rng.uniform(-2, 10, int(length / HOUSE_SPACING) + 1))
            along = along[along < length]
            centre_line = np.stack([np.interp(along, t, lane[:, 0]), np.interp(along, t, lane[:, 1])], 1)
            for side in (-1, 1):
                slots.append(centre_line + side * LANE_OFFSET * across)
                lane_of += [len(lanes) - 1] * len(along)
    road_x = np.arange(0.05 * w, 0.95 * w, HOUSE_SPACING) + rng.uniform(-4, 4)
    road_x = road_x[np.min(np.abs(road_x[:, None] - np.r_[lane_x, north_x][None]), 1) > 45]
    for side in (-1, 1):
        slots.append(np.stack([road_x, main_y(road_x) + side * MAIN_OFFSET], 1))
        lane_of += [-1] * len(road_x)
    slots = np.concatenate(slots) + rng.normal(0, 2.5, (len(lane_of), 2))
    lane_of = np.array(lane_of)

    free = (np.min([np.hypot(*(slots - at).T) for _, _, at in landmark_at], 0) > 55) & (rng.random(len(slots)) > 0.07)
    centre = np.array([0.52 * w, 0.53 * h])
    order = np.argsort(np.hypot(*((slots - centre) / [1.0, 0.8]).T) + rng.uniform(0, 60, len(slots)))
    chosen = []
    for slot in order[free[order]]:  # nearest the centre first, never two boxes on top of each other
        if len(chosen) == houses:
            break
        if not chosen or np.hypot(*(slots[chosen] - slots[slot]).T).min() > 37:
            chosen.append(slot)
    chosen = np.sort(chosen)
    xy = slots[chosen]

    scene_houses, counters = [], {}
    for number, (slot, (x, y)) in enumerate(zip(chosen, xy)):
        lane = int(lane_of[slot])
        counters[lane] = counters.get(lane, 0) + 1
        house_no = f"{lane // 2 + 1}-{counters[lane]}" if lane >= 0 and lane % 4 < 2 else str(number + 1)
        scene_houses.append(SketchHouse(f"H{number:04d}", house_no, float(x), float(y), bool(rng.random() < 0.06)))

    roads = [SketchRoad(_pts(main), "main", "到县城"), SketchRoad(_pts(north), "main", "到镇上")]
    for index, (lane, t) in enumerate(lanes):
        used = xy[lane_of[chosen] == index]
        if len(used) == 0:
            continue
        reach = np.hypot(*(used - lane[0]).T).max() + rng.uniform(45, 90)
        lane = lane[t <= reach]
        label = f"{index // 2 + 1}队巷" if index % 6 == 1 else ""
        roads.append(SketchRoad(_pts(lane), "lane", label))
        if index % 7 == 3:
            step = np.sign(lane[-1, 1] - lane[0, 1])
            end = (0.03 * h) if step < 0 else (0.97 * h)
            track = np.stack([lane[-1, 0] + np.linspace(0, 120, 6), np.linspace(lane[-1, 1] + 10 * step, end, 6)], 1)
            roads.append(SketchRoad(_pts(track), "track", "到田地" if step > 0 else "去水库"))

    landmarks = tuple(SketchLandmark(kind, label, float(at[0]), float(at[1])) for kind, label, at in landmark_at)
    low, high = xy.min(0) - 75, xy.max(0) + 75
    splits = [low[0], *np.sort(lane_x)[[len(lane_x) // 3, 2 * len(lane_x) // 3]] + LANE_SPACING / 2, high[0]]
    wiggle = [np.stack([x + rng.uniform(-20, 20, 5), np.linspace(low[1], high[1], 5)], 1) for x in splits]
    grids = []
    for index, (left, right) in enumerate(zip(wiggle[:-1], wiggle[1:])):
        ring = np.vstack([left, right[::-1], left[:1]])
        label_at = (float((left[0, 0] + right[0, 0]) / 2), float(low[1] + 60))
        name = f"第{'一二三'[index]}网格"
        grids.append(SketchGridBoundary(f"NX-HY-{index + 1:02d}", name, _pts(ring), label_at))
    return SketchScene(
        title="红星村网格图",
        author="社区民警 马建国",
        paper_width=w,
        paper_height=h,
        roads=tuple(roads),
        houses=tuple(scene_houses),
        landmarks=landmarks,
        grid_boundaries=tuple(grids),
        north_angle_deg=float(rng.uniform(-20, 20)),
        notes=("★ 重点关注户", "□ 住户（门牌号）"),
    )


def _pts(points: np.ndarray) -> tuple[tuple[float, float], ...]:
    return tuple((float(x), float(y)) for x, y in points)
