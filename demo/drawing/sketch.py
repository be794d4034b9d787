"""A phone photo of a hand-drawn paper grid map, rendered from a :class:`SketchScene`.

The photo is demo data and ground truth for the georeferencer: it must pass for
an officer's ballpoint sketch photographed off-axis on a desk, while
``paper_to_photo`` says exactly where every paper pixel went. This module draws
the map on the sheet; :mod:`demo.drawing.phone_photo` makes the paper and takes the photo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from demo.drawing.pen import (
    Hand,
    HandLettering,
    Ink,
    InkLayer,
    Points,
    arc_length,
    dashes,
    densify,
    hand_boxes,
    inside_ring,
    landmark_symbol,
    nearest_on_segments,
    parallel,
    parts_away_from,
    pen_strokes,
    point_at,
    rectangle,
    star,
    symbol_kind,
    unit,
)
from demo.drawing.phone_photo import SketchPhoto, ink_flow, paper_sheet, photograph  # callers import SketchPhoto here
from demo.drawing.scene import SketchRoad, SketchScene
from maps.fonts import chinese_font_family
from maps.qt_runtime import ensure_gui_application

PEN_WIDTH = 2.4  # a ballpoint line on a phone photo of the sheet, in paper pixels
MAIN_ROAD_HALF_WIDTH = 15.0
HAND = Hand()  # long lines: roads, borders
SMALL_HAND = Hand(amplitude=0.7, wavelength=45.0, overshoot=(-1.0, 2.5), stroke_length=(400.0, 800.0), corner_lift=0.5)
RED_INK = Ink((0.74, 0.24, 0.22))


def draw_sketch(scene: SketchScene, seed: int) -> SketchPhoto:
    """Draw ``scene`` by hand on paper and photograph it; the same seed gives the same bytes."""
    ensure_gui_application()
    rng = np.random.default_rng(seed)
    w, h = scene.paper_width, scene.paper_height
    ink = InkLayer(w, h)
    _Artist(scene, rng, ink).draw()
    paper = paper_sheet(w, h, rng)
    ink.multiply_into(paper, ink_flow(w, h, rng))
    return photograph(paper, rng)


# --- the drawing -------------------------------------------------------------------------


@dataclass(frozen=True)
class _RoadLabel:
    """Where a road's name goes: a span of arc length along the (densified) road line."""

    text: str
    line: Points
    s: np.ndarray
    start: float
    length: float
    size: float
    arrow: float  # length of the "this way" arrow after the text, 0 for none

    def along(self, at: np.ndarray) -> Points:
        return point_at(self.line, self.s, at)

    def span(self) -> Points:
        return self.along(np.linspace(self.start - 6, self.start + self.length + 6, 12))


class _Artist:
    """Draws a scene in the order an officer would: roads, houses, places, words, grids."""

    def __init__(self, scene: SketchScene, rng: np.random.Generator, ink: InkLayer) -> None:
        self.scene, self.rng, self.ink = scene, rng, ink
        self.letters = HandLettering(chinese_font_family())
        base = (0.17, 0.21, 0.47) if rng.random() < 0.75 else (0.2, 0.2, 0.24)  # blue or black ballpoint
        self.pen = Ink(tuple(float(np.clip(c + rng.normal(0, 0.02), 0, 1)) for c in base))
        self.houses = np.array([(h.x, h.y) for h in scene.houses], float).reshape(-1, 2)
        roads = [np.asarray(r.points, float) for r in scene.roads if len(r.points) > 1]
        self.seg_a = np.concatenate([r[:-1] for r in roads]) if roads else np.empty((0, 2))
        self.seg_b = np.concatenate([r[1:] for r in roads]) if roads else np.empty((0, 2))
        rings = [np.asarray(g.ring, float) for g in scene.grid_boundaries if len(g.ring) > 1]
        landmarks = np.array([(m.x, m.y) for m in scene.landmarks], float).reshape(-1, 2)
        drawn = np.concatenate([self.houses, landmarks, *(densify(line, 15.0) for line in roads + rings)])
        self.crowding = _Crowding(drawn, scene.paper_width, scene.paper_height)

    def draw(self) -> None:
        roads = [road for road in self.scene.roads if len(road.points) > 1]
        labels = {id(road): self._place_label(road) for road in roads if road.label}
        for road in roads:
            self._road(road, labels.get(id(road)))
        self._houses()
        for landmark in self.scene.landmarks:
            self._landmark(symbol_kind(landmark.kind, landmark.label), landmark.label, (landmark.x, landmark.y))
        for label in labels.values():
            if label is not None:
                self._road_label(label)
        self._grids()
        self._furniture()

    def write(
        self,
        text: str,
        centre: tuple[float, float],
        size: float,
        ink: Ink | None = None,
        angle: float = 0.0,
        weight: float = PEN_WIDTH,
    ) -> None:
        """Hand-letter ``text`` centred on ``centre``, its strokes ``weight`` px wide."""
        self.ink.letter(self.letters.write(text, centre, size, self.rng, angle), ink or self.pen, size, weight)

    def lines(self, lines: list[Points], hand: Hand = HAND, ink: Ink | None = None, width: float = PEN_WIDTH) -> None:
        """Draw polylines freehand."""
        strokes = [stroke for line in lines for stroke in pen_strokes(line, self.rng, hand)]
        self.ink.stroke(strokes, ink or self.pen, width, self.rng)

    def _crowd(self, centres: Points, half_width: float, half_height: float | None = None) -> np.ndarray:
        half = np.array([half_width, half_width if half_height is None else half_height])
        return self.crowding.count(centres - half, centres + half)

    def _main_roads(self, other_than: SketchRoad | None = None) -> list[Points]:
        mains = [r for r in self.scene.roads if r.kind == "main" and r is not other_than and len(r.points) > 1]
        return [np.asarray(r.points, float) for r in mains]

    # -- roads --

    def _road(self, road: SketchRoad, label: _RoadLabel | None) -> None:
        """Main roads as two lines, lanes as one, tracks dashed. Lanes stop at a main road's edge
        and leave a gap where their name is written on them."""
        points = np.asarray(road.points, float)
        if road.kind == "main":
            others = self._main_roads(road)
            for side in (-1, 1):
                edge = parallel(points, side * MAIN_ROAD_HALF_WIDTH * self.rng.uniform(0.9, 1.1))
                self.lines(parts_away_from(edge, others, MAIN_ROAD_HALF_WIDTH - 1))
            return
        pieces = parts_away_from(points, self._main_roads(), MAIN_ROAD_HALF_WIDTH + 1.5)
        if label is not None:
            pieces = [p for piece in pieces for p in parts_away_from(piece, [label.span()], label.size * 0.6)]
        if road.kind == "track":
            dashed = [d for piece in pieces for d in dashes(piece, self.rng, 13, 9)]
            self.ink.stroke(dashed, self.pen, PEN_WIDTH * 0.9, self.rng)
        else:
            self.lines(pieces)

    def _place_label(self, road: SketchRoad) -> _RoadLabel | None:
        """A road's name goes where few houses are; a '到…' (to…) label near the end nearest the sheet's edge."""
        line = densify(np.asarray(road.points, float), 6.0)
        size = 26.0 if road.kind == "main" else 22.0
        length = self.letters.width(road.label, size) * 1.15
        towards_end = road.label[0] in "到去往通"
        if towards_end and self._edge_distance(line[0]) < self._edge_distance(line[-1]):
            line = line[::-1].copy()
        s = arc_length(line)
        arrow = 70.0 if towards_end and road.kind == "main" else 0.0
        room = s[-1] - length - arrow - 30
        if room < 0:
            return None
        starts = np.linspace(15, 15 + room, max(2, int(room / 15)))
        score = self._crowd(point_at(line, s, starts + length / 2), length / 2 + 12) * 100.0
        score += np.abs(starts - (room if towards_end else room / 2)) * 0.05
        return _RoadLabel(road.label, line, s, float(starts[np.argmin(score)]), length, size, arrow)

    def _edge_distance(self, point: Points) -> float:
        w, h = self.scene.paper_width, self.scene.paper_height
        return float(min(point[0], point[1], w - point[0], h - point[1]))

    def _road_label(self, label: _RoadLabel) -> None:
        """Characters follow the road; on steep roads they stay upright, stacked top to bottom."""
        cells = re.findall(r"[0-9A-Za-z\-]+|.", label.text)  # in "10队巷" the "10" stays one group
        n = len(cells)
        at = label.start + (np.arange(n) + 0.5) * label.length / n
        centres = label.along(at)
        direction = label.along(at + 3) - label.along(at - 3)
        angles = np.degrees(np.arctan2(direction[:, 1], direction[:, 0]))
        angles = np.where(np.abs(angles) > 90, angles - 180 * np.sign(angles), angles)
        if (np.abs(angles) > 55).mean() > 0.5:
            order, angles = np.argsort(centres[:, 1]), np.zeros(n)
        else:
            reading = np.radians(angles.mean())
            order = np.argsort(centres @ [np.cos(reading), np.sin(reading)])
        for cell, centre, angle in zip(cells, centres[order], angles[order]):  # cells in reading order
            self.write(cell, tuple(centre), label.size * (0.8 if len(cell) > 1 else 1.0), angle=float(angle))
        if label.arrow:
            end = label.start + label.length
            shaft = label.along(np.linspace(end + 8, end + label.arrow, 8))
            head = unit(shaft[-1] - shaft[-3])
            back, side = -head * 12, np.array([-head[1], head[0]]) * 7
            self.lines([shaft, np.array([shaft[-1] + back + side, shaft[-1], shaft[-1] + back - side])], SMALL_HAND)

    # -- houses --

    def _houses(self) -> None:
        """Boxes turned to the nearest road, a double box and a red star for key persons, and numbers."""
        n, rng = len(self.houses), self.rng
        if n == 0:
            return
        away, road_angle, near = self._road_side(self.houses)
        angles = np.where(near, (road_angle + 45) % 90 - 45, 0.0) + rng.normal(0, 3.0, n)
        room = np.clip(0.9 * _nearest_neighbour_distance(self.houses) - 2, 20, 34)  # crowded houses get smaller boxes
        widths, heights = np.minimum(rng.uniform(26, 34, n), room), np.minimum(rng.uniform(26, 34, n), room)
        self.ink.stroke(list(hand_boxes(self.houses, widths, heights, angles, rng)), self.pen, PEN_WIDTH, rng)
        key = np.array([h.key_person for h in self.scene.houses])
        if key.any():
            outer = hand_boxes(self.houses[key], widths[key] + 9, heights[key] + 9, angles[key], rng)
            self.ink.stroke(list(outer), self.pen, PEN_WIDTH * 0.9, rng)
        beside = [
            self._house_number(house.house_no, self.houses[i], widths[i], heights[i], away[i], bool(key[i]))
            for i, house in enumerate(self.scene.houses)
        ]
        self.crowding.add(np.array([at for at in beside if at is not None]).reshape(-1, 2))

    def _road_side(self, points: Points) -> tuple[Points, np.ndarray, np.ndarray]:
        """Per point: the unit vector away from the nearest road, that road's angle, and whether it is near."""
        if len(self.seg_a) == 0:
            return np.tile([1.0, 0.0], (len(points), 1)), np.zeros(len(points)), np.zeros(len(points), bool)
        foot, index = nearest_on_segments(points, self.seg_a, self.seg_b)
        direction = self.seg_b[index] - self.seg_a[index]
        distance = np.linalg.norm(points - foot, axis=1)
        away = np.where((distance > 1e-6)[:, None], unit(points - foot), [1.0, 0.0])
        return away, np.degrees(np.arctan2(direction[:, 1], direction[:, 0])), distance < 90

    def _house_number(
        self, text: str, centre: Points, width: float, height: float, away: Points, key: bool
    ) -> Points | None:
        """The number inside the box if it fits, else beside it on the side away from the road (returned)."""
        size = next((size for size in (15.0, 13.0) if self.letters.width(text, size) <= width - 7), None)
        beside = None
        if size is not None:
            self.write(text, tuple(centre + self.rng.normal(0, 0.8, 2)), size, angle=self.rng.normal(0, 3))
        else:
            size = 14.0
            half_text = np.array([self.letters.width(text, size) / 2, size * 0.45])
            beside = centre + away * (np.abs(away) @ [width / 2, height / 2] + np.abs(away) @ half_text + 4 + 4.5 * key)
            self.write(text, tuple(beside), size, angle=self.rng.normal(0, 3))
        if key:  # a red star at the corner away from the road, where the pen has room
            along = np.array([away[1], -away[0]]) * (1 if away[1] <= 0 else -1)
            corner = centre + away * (width / 2 + 11) + along * (height / 2 + 9)
            self.lines([star(tuple(corner), 9.0)], SMALL_HAND, RED_INK, PEN_WIDTH * 0.9)
        return beside

    # -- landmarks, grids and the sheet's furniture --

    def _landmark(self, symbol: str, label: str, centre: tuple[float, float]) -> None:
        """A small symbol, and its name on whichever side has the most room."""
        size = 44.0
        outlines, inside = landmark_symbol(symbol, centre, size)
        self.lines(outlines, SMALL_HAND, RED_INK if symbol == "clinic" else None)
        if inside:
            self.write(inside, (centre[0], centre[1] + 1), size * 0.5)
        if label:
            label_size = 26.0
            half = self.letters.width(label, label_size) / 2
            dx, dy = size * 0.9 + half + 6, size * 0.85 + 16
            sides = np.array([[dx, 0], [-dx, 0], [0, dy], [0, -dy - 6], [dx, dy], [-dx, dy], [dx, -dy], [-dx, -dy]])
            at = np.asarray(centre) + np.concatenate([sides, sides * [[1.4, 2.2]] + np.sign(sides) * [[10, 0]]])
            score = self._crowd(at, half + 6, label_size * 0.6) + np.arange(16) * 0.1 + (np.arange(16) >= 8) * 2
            choice = int(np.argmin(score))
            best = at[choice]
            self.write(label, tuple(best), label_size)
            self.crowding.add(np.array([best, best - [half / 2, 0], best + [half / 2, 0]]))
            if choice >= 8:  # a name written farther off gets a short leader line to its symbol
                towards = unit(best - np.asarray(centre))
                start = np.asarray(centre) + towards * size * 0.8
                gap = np.abs(best - centre) - [half + size * 0.8, label_size * 0.5 + size * 0.7]
                self.lines([np.array([start, start + towards * (gap.max() + 2)])], SMALL_HAND, width=PEN_WIDTH * 0.8)

    def _grids(self) -> None:
        """Dashed red boundaries, a border two grids share drawn once, and each grid's name and code."""
        drawn: list[Points] = []
        for grid in self.scene.grid_boundaries:
            ring = np.asarray(grid.ring, float)
            if len(ring) < 2:
                continue
            if np.linalg.norm(ring[0] - ring[-1]) > 1e-6:
                ring = np.vstack([ring, ring[:1]])
            for piece in parts_away_from(ring, drawn, 8.0, shortest=6):
                self.ink.stroke(dashes(piece, self.rng, 18, 11), RED_INK, PEN_WIDTH, self.rng)
            drawn.append(ring)
            half = self.letters.width(grid.name, 30.0) / 2 + 10
            x, y = self._free_spot(np.asarray(grid.label_at, float), ring, half)
            self.write(grid.name, (x, y - 17), 30.0, RED_INK, self.rng.normal(0, 2))
            self.write(grid.code, (x, y + 19), 22.0, RED_INK, self.rng.normal(0, 2))

    def _free_spot(self, near: Points, ring: Points, half: float) -> Points:
        """A point near ``near`` and inside ``ring`` with as little drawing around it as possible:
        the officer writes the grid's name where there is room."""
        offsets = np.stack(np.meshgrid(np.arange(-600, 601, 25.0), np.arange(-400, 401, 25.0)), -1).reshape(-1, 2)
        candidates = near + offsets
        inside = inside_ring(candidates - [half, 0], ring) & inside_ring(candidates + [half, 0], ring)
        candidates, offsets = candidates[inside], offsets[inside]
        if len(candidates) == 0:
            return near
        score = self._crowd(candidates, half + 15, 55) + np.hypot(*offsets.T) * 0.004  # + 15: boxes have size
        return candidates[int(np.argmin(score))]

    def _furniture(self) -> None:
        """Title, legend, north arrow, author and notes, each in the corner freest of the village."""
        w, h = self.scene.paper_width, self.scene.paper_height
        size = float(np.clip(w / 38, 44, 96))
        x, y = w / 2 + self.rng.normal(0, w * 0.01), max(size, h * 0.05)
        self.write(self.scene.title, (x, y), size, angle=self.rng.normal(0, 1.2), weight=PEN_WIDTH * 1.6)
        half, y = self.letters.width(self.scene.title, size) * 0.6, y + size * 0.65
        tilt = self.rng.normal(0, 3, 2)
        self.lines(
            [
                np.array([[x - half, y], [x + half, y + tilt[0]]]),  # underlined twice
                np.array([[x - half * 0.9, y + 8], [x + half * 0.95, y + 8 + tilt[1]]]),
            ]
        )
        free = {"bottom-left": (0, 1), "bottom-right": (1, 1), "top-left": (0, 0), "top-right": (1, 0)}
        legend = _Legend(self)
        legend.draw(self._take_corner(free, legend.size, "bottom"))
        self._north_arrow(self._take_corner(free, (170.0, 210.0), "top"))
        author = self.scene.author if "绘" in self.scene.author else f"{self.scene.author} 绘".strip()
        lines, sizes = [*self.scene.notes, author], [24.0] * len(self.scene.notes) + [30.0]
        box = (max(self.letters.width(t, s) for t, s in zip(lines, sizes)) + 30, sum(sizes) * 1.6 + 20)
        left, y = self._take_corner(free, box, "bottom")
        for text, size in zip(lines, sizes):  # right-aligned, as one signs in a corner
            y += size * 1.6
            self.write(text, (left + box[0] - 10 - self.letters.width(text, size) / 2, y - size * 0.5), size)

    def _take_corner(
        self, free: dict[str, tuple[int, int]], size: tuple[float, float], prefer: str
    ) -> tuple[float, float]:
        """Take the free corner with the least drawing under a ``size`` box; return the box's top-left."""
        w, h = self.scene.paper_width, self.scene.paper_height
        margin = 0.02 * min(w, h) + 25
        scored = []
        for name, (right, bottom) in free.items():
            low = np.array([[w - margin - size[0] if right else margin, h - margin - size[1] if bottom else margin]])
            crowd = self.crowding.count(low, low + size)[0]
            scored.append((crowd + (0 if name.startswith(prefer) else 0.5), name, tuple(low[0])))
        _, name, top_left = min(scored)
        del free[name]
        return top_left

    def _north_arrow(self, top_left: tuple[float, float]) -> None:
        """An arrow with an open head pointing at ``north_angle_deg``, and 北 beyond its tip."""
        centre = np.array([top_left[0] + 85, top_left[1] + 125])
        turn = np.radians(self.scene.north_angle_deg)
        up = np.array([np.sin(turn), -np.cos(turn)])
        across = np.array([-up[1], up[0]])
        tip, tail = centre + up * 62, centre - up * 62
        notch, barb = tip - up * 22, tip - up * 30
        head = np.array([barb + across * 12, tip, barb - across * 12, notch, barb + across * 12])
        self.lines([np.array([tail, notch]), head], SMALL_HAND)
        self.write("北", tuple(tip + up * 32), 38.0)


class _Legend:
    """A hand-drawn legend box: sample symbols and what they mean."""

    ROW = 46.0
    TEXT = 26.0
    ROWS = (("house", "住户"), ("key", "重点人员"), ("police", "警务室"), ("main", "主路"), ("grid", "网格界线"))

    def __init__(self, artist: _Artist) -> None:
        self.artist = artist
        text = max(artist.letters.width(label, self.TEXT) for _, label in self.ROWS)
        self.size = (text + 130.0, 80.0 + self.ROW * len(self.ROWS))

    def draw(self, top_left: tuple[float, float]) -> None:
        a, (x0, y0), (w, h) = self.artist, top_left, self.size
        a.lines([rectangle((x0 + w / 2, y0 + h / 2), w, h)], Hand(amplitude=1.2, wavelength=80))
        a.write("图例", (x0 + w / 2, y0 + 32), 30.0)
        for i, (kind, label) in enumerate(self.ROWS):
            y = y0 + 86 + i * self.ROW
            self._sample(kind, (x0 + 48, y))
            a.write(label, (x0 + 92 + a.letters.width(label, self.TEXT) / 2, y), self.TEXT)

    def _sample(self, kind: str, at: tuple[float, float]) -> None:
        a, (x, y) = self.artist, at
        if kind == "house":
            box = hand_boxes(np.array([at]), np.array([28.0]), np.array([26.0]), np.zeros(1), a.rng)
            a.ink.stroke(list(box), a.pen, PEN_WIDTH, a.rng)
        elif kind == "key":
            a.lines([star(at, 13.0)], SMALL_HAND, RED_INK)
        elif kind == "police":
            outlines, inside = landmark_symbol("police", (x - 4, y + 4), 28.0)
            a.lines(outlines, SMALL_HAND)
            a.write(inside, (x - 4, y + 5), 14.0)
        elif kind == "main":
            a.lines([np.array([[x - 30, y + dy], [x + 30, y + dy]]) for dy in (-7, 7)], SMALL_HAND)
        else:
            dashed = dashes(np.array([[x - 32, y], [x + 32, y]]), a.rng, 14, 8, SMALL_HAND)
            a.ink.stroke(dashed, RED_INK, PEN_WIDTH, a.rng)


def _nearest_neighbour_distance(points: Points) -> np.ndarray:
    nearest = np.full(len(points), np.inf)
    for lo in range(0, len(points), 512):  # bounded memory for a few thousand houses
        d2 = ((points[lo : lo + 512, None, :] - points[None]) ** 2).sum(2)
        d2[np.arange(len(d2)), lo + np.arange(len(d2))] = np.inf
        nearest[lo : lo + 512] = np.sqrt(d2.min(1))
    return nearest


class _Crowding:
    """How many drawn things lie in a box: where words should not go.

    Counts live in a coarse grid with a summed-area table, so each box costs four lookups.
    """

    CELL = 10.0

    def __init__(self, points: Points, width: int, height: int) -> None:
        self.counts = np.zeros((int(height / self.CELL) + 2, int(width / self.CELL) + 2), np.int64)
        self.add(points)

    def add(self, points: Points) -> None:
        """Count more drawn things, e.g. the words just written."""
        cells = np.clip((points / self.CELL).astype(int), 0, [self.counts.shape[1] - 1, self.counts.shape[0] - 1])
        np.add.at(self.counts, (cells[:, 1], cells[:, 0]), 1)
        self.table = np.pad(self.counts.cumsum(0).cumsum(1), ((1, 0), (1, 0)))

    def count(self, low: Points, high: Points) -> np.ndarray:
        """Things in each box from ``low`` (x, y) to ``high``."""
        limit = np.array(self.table.shape[::-1]) - 1
        (x0, y0), (x1, y1) = (np.clip(np.rint(corner / self.CELL).astype(int), 0, limit).T for corner in (low, high))
        t = self.table
        return t[y1, x1] - t[y0, x1] - t[y1, x0] + t[y0, x0]
