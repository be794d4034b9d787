"""Printed sheets, pens and phone photos made up for the pen-mark tests, independent of the print engine.

A sheet is a numpy page at ``PX_PER_MM`` with what a grid map carries that could
be mistaken for a pen: black frame and grid lines, roads, text, a crowded block
of small coloured house squares with their numbers, a tinted grid cell, markers
in the corners; and an empty field. Pens add ink multiplicatively (a stroke
darkens what is under it, it does not paint over it), with the wobble of a hand.
The photo then moves the paper against the print as a warped, crumpled sheet
does (a smooth displacement field), lights it unevenly, casts a shadow and a
colour, blurs it, shrinks it to a phone's resolution, adds sensor noise and
goes through JPEG, and comes back at page size, as the marker warp delivers it.

Every random choice comes from the ``rng`` passed in, so a seed is a sheet.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

import cv2
import numpy as np

PX_PER_MM = 8.0
PAGE_MM = (297.0, 210.0)
FRAME_MM = (15.0, 15.0, 267.0, 180.0)  # the map frame: left, top, width, height
MARKER_MM = 10.0
SHIFT = 4  # cv2 drawing with 4 fractional bits: positions to 1/16 px

INKS = {  # transmittance of each pen's ink, red/green/blue, as the ballpoints we tried
    "black": (0.16, 0.16, 0.20),
    "blue": (0.22, 0.30, 0.68),
    "red": (0.88, 0.20, 0.26),
    "green": (0.16, 0.58, 0.40),
}
HOUSE_FILLS = [(250, 200, 150), (255, 235, 140), (250, 180, 190), (190, 230, 190), (190, 210, 250)]


@dataclass(frozen=True)
class House:
    x_mm: float
    y_mm: float
    side_mm: float


@dataclass(frozen=True)
class Sheet:
    """A printed page and where its houses, markers and empty field are."""

    printed: np.ndarray
    houses: tuple[House, ...]
    markers_mm: tuple[tuple[float, float, float, float], ...]
    crowded_mm: tuple[float, float, float, float]
    empty_mm: tuple[float, float, float, float]


@dataclass(frozen=True)
class DrawnMark:
    """What the officer drew, in page mm, as :class:`maps.scan.pen_marks.PenMark` should report it."""

    x_mm: float
    y_mm: float
    colour: str
    shape: str
    size_mm: float
    box_mm: tuple[float, float, float, float]


def px(points_mm) -> np.ndarray:
    """Page mm to cv2's fixed-point pixel coordinates (pixel centres at integers)."""
    return np.round((np.asarray(points_mm, float) * PX_PER_MM - 0.5) * (1 << SHIFT)).astype(np.int32)


def blank_page() -> np.ndarray:
    width, height = (round(size * PX_PER_MM) for size in PAGE_MM)
    return np.full((height, width, 3), 255, np.uint8)


def _line(image, points_mm, colour, width_mm, closed=False):
    thickness = max(1, round(width_mm * PX_PER_MM))
    cv2.polylines(image, [px(points_mm)], closed, colour, thickness, cv2.LINE_AA, SHIFT)


def _text(image, text, x_mm, y_mm, height_mm, colour=(40, 40, 40)):
    scale = height_mm * PX_PER_MM / 22.0  # Hershey simplex capitals are about 22 px tall at scale 1
    origin = (round(x_mm * PX_PER_MM), round(y_mm * PX_PER_MM))
    cv2.putText(image, text, origin, cv2.FONT_HERSHEY_SIMPLEX, scale, colour, max(1, round(scale * 1.6)), cv2.LINE_AA)


def printed_sheet(rng: np.random.Generator) -> Sheet:
    """A grid map page: lines, roads, labels, a crowded block of houses, a tinted cell, markers, an empty field."""
    image = blank_page()
    left, top, width, height = FRAME_MM
    right, bottom = left + width, top + height
    # A tinted grid cell, then roads: wide light-grey bands with dark casings, some of them curved.
    tint = (left + 150.0, top + 100.0, 60.0, 50.0)
    cv2.rectangle(image, tuple(px(tint[:2]) >> SHIFT), tuple(px((tint[0] + tint[2], tint[1] + tint[3])) >> SHIFT),
                  (232, 240, 252), -1)  # fmt: skip
    for _ in range(4):
        start = rng.uniform((left, top), (right, bottom))
        end = rng.uniform((left, top), (right, bottom))
        bend = rng.normal(0, 15, 2)
        t = np.linspace(0, 1, 40)[:, None]
        road = (1 - t) * start + t * end + np.sin(np.pi * t) * bend
        _line(image, road, (70, 70, 70), 2.0)
        _line(image, road, (215, 215, 215), 1.5)
    # Grid lines every 45 mm, thin and dark.
    for x in np.arange(left + 45, right, 45.0):
        _line(image, [(x, top), (x, bottom)], (60, 60, 60), 0.3)
    for y in np.arange(top + 45, bottom, 45.0):
        _line(image, [(left, y), (right, y)], (60, 60, 60), 0.3)
    # The crowded block: house squares with outlines and numbers, 8 mm apart.
    crowded = (left + 20.0, top + 20.0, 100.0, 60.0)
    houses = []
    for row in range(7):
        for col in range(11):
            x = crowded[0] + 5 + col * 8.6 + rng.uniform(-1, 1)
            y = crowded[1] + 5 + row * 8.0 + rng.uniform(-1, 1)
            side = rng.uniform(2.8, 3.8)
            corner = px((x - side / 2, y - side / 2)) >> SHIFT
            far = px((x + side / 2, y + side / 2)) >> SHIFT
            fill = HOUSE_FILLS[rng.integers(len(HOUSE_FILLS))]
            cv2.rectangle(image, tuple(corner), tuple(far), fill, -1)
            cv2.rectangle(image, tuple(corner), tuple(far), (30, 30, 30), 1)
            _text(image, str(rng.integers(1, 300)), x + side / 2 + 0.5, y + 1.0, 1.8)
            houses.append(House(float(x), float(y), float(side)))
    # Place names scattered over the rest of the map, outside the empty field, clear of each other
    # as a map's label placement leaves them.
    empty = (left + 170.0, top + 20.0, 80.0, 60.0)
    labels: list[tuple[float, float, float, float]] = []
    for _ in range(200):
        if len(labels) == 30:
            break
        x, y = rng.uniform((left + 5, top + 85), (right - 40, bottom - 5))
        letters = "".join(rng.choice(list(string.ascii_uppercase), rng.integers(3, 8)))
        height = rng.uniform(2.0, 3.5)
        box = (x - 1, y - height - 1, x + 0.75 * height * len(letters) + 1, y + 1)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in labels):
            continue
        labels.append(box)
        _text(image, letters, x, y, height)
    # Frame and markers (a random black-and-white pattern, like an ArUco marker).
    _line(image, [(left, top), (right, top), (right, bottom), (left, bottom)], (0, 0, 0), 0.5, closed=True)
    markers = []
    for mx, my in (
        (3.0, 3.0),
        (PAGE_MM[0] - 13.0, 3.0),
        (3.0, PAGE_MM[1] - 13.0),
        (PAGE_MM[0] - 13.0, PAGE_MM[1] - 13.0),
    ):
        cells = rng.integers(0, 2, (6, 6)).astype(np.uint8) * 255
        cells = np.pad(cells, 1)  # a black border
        size = round(MARKER_MM * PX_PER_MM)
        x0, y0 = round(mx * PX_PER_MM), round(my * PX_PER_MM)
        image[y0 : y0 + size, x0 : x0 + size] = cv2.resize(cells, (size, size), interpolation=cv2.INTER_NEAREST)[
            ..., None
        ]
        markers.append((mx, my, MARKER_MM, MARKER_MM))
    return Sheet(image, tuple(houses), tuple(markers), crowded, empty)


# Pens ---------------------------------------------------------------------------------------------------------


def _wobble(rng, n, amplitude_mm):
    """A smooth random offset along a stroke, as a hand's tremor: low frequencies only."""
    t = np.linspace(0, 1, n)
    offset = np.zeros(n)
    for k in range(1, 4):
        offset += rng.normal(0, amplitude_mm / k) * np.sin(k * np.pi * t + rng.uniform(0, np.pi))
    return offset


def _stroke(start, end, rng, wobble_mm=0.12, bow_mm=0.0):
    start, end = np.asarray(start, float), np.asarray(end, float)
    length = float(np.hypot(*(end - start)))
    n = max(8, int(length * 3))
    t = np.linspace(0, 1, n)[:, None]
    normal = np.array([-(end - start)[1], (end - start)[0]]) / max(length, 1e-9)
    sideways = _wobble(rng, n, wobble_mm) + bow_mm * np.sin(np.pi * t[:, 0])
    return (1 - t) * start + t * end + sideways[:, None] * normal


class Pen:
    """Coverage of each ink on the page, drawn stroke by stroke."""

    def __init__(self, shape: tuple[int, int]):
        self.coverage = {colour: np.zeros(shape, np.uint8) for colour in INKS}

    def stroke(self, colour, points_mm, width_mm):
        _line(self.coverage[colour], points_mm, 255, width_mm)

    def blob(self, colour, points_mm):
        cv2.fillPoly(self.coverage[colour], [px(points_mm)], 255, cv2.LINE_AA, SHIFT)

    def on(self, page: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """The page with the ink on it: each ink lets through its transmittance where it covers the paper."""
        paper = page.copy()
        for colour, coverage in self.coverage.items():
            rows, cols = np.nonzero(coverage)
            density = rng.uniform(0.85, 1.0)  # a ballpoint does not cover fully
            alpha = coverage[rows, cols].astype(np.float32)[:, None] / 255 * density
            under = paper[rows, cols].astype(np.float32)
            paper[rows, cols] = np.clip(under * (1 - alpha * (1 - np.array(INKS[colour], np.float32))) + 0.5, 0, 255)
        return paper


def _bounds(points_mm, width_mm):
    points = np.asarray(points_mm, float)
    low, high = points.min(axis=0) - width_mm / 2, points.max(axis=0) + width_mm / 2
    return (float(low[0]), float(low[1]), float(high[0] - low[0]), float(high[1] - low[1]))


def draw_dot(pen, rng, colour, centre, diameter):
    angles = np.linspace(0, 2 * np.pi, 40, endpoint=False)
    radius = diameter / 2 * (1 + 0.5 * _wobble(rng, 40, 0.06))
    outline = np.asarray(centre) + np.c_[np.cos(angles), np.sin(angles)] * radius[:, None]
    pen.blob(colour, outline)
    return DrawnMark(*centre, colour, "dot", diameter, _bounds(outline, 0))


def draw_circle(pen, rng, colour, centre, diameter, width):
    start = rng.uniform(0, 2 * np.pi)
    sweep = 2 * np.pi + rng.uniform(0.1, 0.6)  # a hand closes a circle with some overshoot
    angles = start + np.linspace(0, sweep, 120) * rng.choice([-1, 1])
    squash, tilt = rng.uniform(0.9, 1.0), rng.uniform(0, np.pi)
    radius = diameter / 2 * (1 + _wobble(rng, 120, 0.025))
    u, v = np.cos(angles) * radius, np.sin(angles) * radius * squash
    ring = np.asarray(centre) + np.c_[u * np.cos(tilt) - v * np.sin(tilt), u * np.sin(tilt) + v * np.cos(tilt)]
    pen.stroke(colour, ring, width)
    return DrawnMark(*centre, colour, "circle", diameter * (1 + squash) / 2, _bounds(ring, width))


def draw_cross(pen, rng, colour, centre, span, width):
    first = rng.uniform(0, np.pi)
    second = first + np.pi / 2 + rng.uniform(-0.35, 0.35)
    points = []
    for angle in (first, second):
        direction = np.array([np.cos(angle), np.sin(angle)])
        along = rng.uniform(-0.15, 0.15) * span  # the strokes do not cross at their middles
        a = np.asarray(centre) + direction * (along - span / 2)
        b = np.asarray(centre) + direction * (along + span / 2)
        stroke = _stroke(a, b, rng, wobble_mm=0.06)
        stroke += np.asarray(centre) - _closest_point(stroke, centre)  # the crossing stays at ``centre``
        pen.stroke(colour, stroke, width)
        points.append(stroke)
    return DrawnMark(*centre, colour, "cross", span, _bounds(np.vstack(points), width))


def _closest_point(polyline, point):
    return polyline[np.argmin(np.hypot(*(polyline - np.asarray(point)).T))]


def draw_line(pen, rng, colour, centre, length, width):
    angle = rng.uniform(0, np.pi)
    direction = np.array([np.cos(angle), np.sin(angle)]) * length / 2
    stroke = _stroke(np.asarray(centre) - direction, np.asarray(centre) + direction, rng,
                     wobble_mm=0.2, bow_mm=rng.uniform(-0.02, 0.02) * length)  # fmt: skip
    pen.stroke(colour, stroke, width)
    return DrawnMark(*centre, colour, "line", length, _bounds(stroke, width))


# Strokes of made-up characters in a unit box: horizontal, vertical, falling left and right, a box, a dot.
_RADICALS = [
    [((0.1, 0.2), (0.9, 0.2))], [((0.05, 0.5), (0.95, 0.5))], [((0.1, 0.85), (0.9, 0.85))],
    [((0.5, 0.05), (0.5, 0.95))], [((0.25, 0.1), (0.25, 0.9))], [((0.75, 0.1), (0.75, 0.9))],
    [((0.5, 0.3), (0.1, 0.9))], [((0.5, 0.3), (0.9, 0.9))],
    [((0.2, 0.3), (0.2, 0.75)), ((0.2, 0.3), (0.8, 0.3)), ((0.8, 0.3), (0.8, 0.75)), ((0.2, 0.75), (0.8, 0.75))],
    [((0.45, 0.0), (0.55, 0.12))],
]  # fmt: skip


def draw_writing(pen, rng, colour, centre, char_mm, width, characters):
    gap = rng.uniform(1.0, 1.6)
    total = characters * char_mm + (characters - 1) * gap
    left = centre[0] - total / 2
    points = []
    for k in range(characters):
        x0, y0 = left + k * (char_mm + gap), centre[1] - char_mm / 2
        # A character spans its box: one of the horizontals always, then a few other strokes.
        chosen = [int(rng.integers(3)), *rng.choice(np.arange(3, len(_RADICALS)), rng.integers(2, 5), replace=False)]
        for index in chosen:
            for a, b in _RADICALS[index]:
                a = np.array([x0, y0]) + np.array(a) * char_mm + rng.normal(0, 0.15, 2)
                b = np.array([x0, y0]) + np.array(b) * char_mm + rng.normal(0, 0.15, 2)
                stroke = _stroke(a, b, rng, wobble_mm=0.05)
                pen.stroke(colour, stroke, width)
                points.append(stroke)
    box = _bounds(np.vstack(points), width)
    return DrawnMark(box[0] + box[2] / 2, box[1] + box[3] / 2, colour, "writing", box[2], box)


def _footprint(kind: str, rng) -> tuple[float, dict]:
    """The size parameters of one mark and the radius (mm) it may occupy."""
    if kind == "dot":
        d = rng.uniform(1.5, 4.0)
        return d / 2, {"diameter": d}
    if kind == "circle":
        d = rng.uniform(7.0, 16.0)
        return d / 2 + 0.5, {"diameter": d, "width": rng.uniform(0.35, 0.7)}
    if kind == "cross":
        s = rng.uniform(4.0, 10.0)
        return s * 0.7, {"span": s, "width": rng.uniform(0.35, 0.7)}
    if kind == "line":
        length = rng.uniform(12.0, 45.0)
        return length / 2 + 0.5, {"length": length, "width": rng.uniform(0.35, 0.7)}
    characters = int(rng.integers(2, 4))
    char_mm = rng.uniform(5.0, 8.0)
    return (characters * (char_mm + 1.6)) / 2 + 1, {
        "char_mm": char_mm, "width": rng.uniform(0.3, 0.5), "characters": characters,
    }  # fmt: skip


_DRAW = {"dot": draw_dot, "circle": draw_circle, "cross": draw_cross, "line": draw_line, "writing": draw_writing}


def draw_marks(sheet: Sheet, rng: np.random.Generator, count: int = 24) -> tuple[np.ndarray, list[DrawnMark]]:
    """``count`` marks of every shape and colour on the sheet, 6+ mm apart, half of them in the crowded block.

    Circles in the crowded block go around a house, as an officer points one out.
    """
    pen = Pen(sheet.printed.shape[:2])
    placed: list[tuple[np.ndarray, float]] = []
    marks = []
    left, top, width, height = FRAME_MM
    attempts = 0
    while len(marks) < count and attempts < 5000:
        attempts += 1
        kind = SHAPES_CYCLE[len(marks) % len(SHAPES_CYCLE)]
        colour = list(INKS)[rng.integers(len(INKS))]
        radius, size = _footprint(kind, rng)
        if kind == "circle" and rng.random() < 0.6:
            house = sheet.houses[rng.integers(len(sheet.houses))]
            centre = np.array([house.x_mm, house.y_mm])
        elif rng.random() < 0.4:
            cx, cy, cw, ch = sheet.crowded_mm
            centre = rng.uniform((cx, cy), (cx + cw, cy + ch))
        else:
            centre = rng.uniform(
                (left + radius + 2, top + radius + 2), (left + width - radius - 2, top + height - radius - 2)
            )
        if not (
            left + radius + 1 < centre[0] < left + width - radius - 1
            and top + radius + 1 < centre[1] < top + height - radius - 1
        ):
            continue
        if any(np.hypot(*(centre - other)) < radius + other_radius + 6.0 for other, other_radius in placed):
            continue
        placed.append((centre, radius))
        marks.append(_DRAW[kind](pen, rng, colour, (float(centre[0]), float(centre[1])), **size))
    return pen.on(sheet.printed, rng), marks


SHAPES_CYCLE = ("dot", "circle", "cross", "line", "writing")


# The camera -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Camera:
    """How badly a phone photographs the sheet."""

    shift_mm: float = 0.4  # residual misalignment of the marker warp
    crumple_mm: float = 1.0  # local bulges of crumpled paper
    blur_mm: float = 0.18
    noise: float = 4.0  # sensor noise, grey levels
    jpeg_quality: int = 75
    resolution: float = 0.75  # the photo's pixels per page pixel
    shadow: float = 0.6  # light left in the shadow of the phone
    sun_penumbra_mm: float | None = None  # in sunlight: a straight, sharp shadow edge this wide
    cut_corner: bool = False  # a corner of the sheet outside the photo


def camera_for(rng: np.random.Generator) -> Camera:
    """A random phone and hand, from tidy to poor."""
    return Camera(
        shift_mm=rng.uniform(0.1, 0.5),
        crumple_mm=rng.uniform(0.3, 1.5),
        blur_mm=rng.uniform(0.08, 0.22),
        noise=rng.uniform(2.0, 5.0),
        jpeg_quality=int(rng.integers(60, 90)),
        resolution=rng.uniform(0.6, 0.9),
        shadow=rng.uniform(0.5, 0.8),
        cut_corner=bool(rng.random() < 0.5),
    )


def displacement_mm(rng: np.random.Generator, camera: Camera, shape: tuple[int, int]) -> np.ndarray:
    """Where on the paper each page pixel of the photo looks, as an offset in mm: (H, W, 2), x then y.

    A residual shift, rotation and scale of the marker warp, and a few smooth bulges.
    """
    height, width = shape
    step = 4  # mm between the coarse grid's nodes
    gx, gy = np.meshgrid(np.arange(0, width / PX_PER_MM + step, step), np.arange(0, height / PX_PER_MM + step, step))
    cx, cy = PAGE_MM[0] / 2, PAGE_MM[1] / 2
    angle = np.radians(rng.uniform(-0.08, 0.08))
    scale = rng.uniform(-0.0012, 0.0012)
    direction = rng.uniform(0, 2 * np.pi)
    dx = camera.shift_mm * np.cos(direction) + (gx - cx) * scale - (gy - cy) * angle
    dy = camera.shift_mm * np.sin(direction) + (gy - cy) * scale + (gx - cx) * angle
    for _ in range(4):
        bx, by = rng.uniform((0, 0), PAGE_MM)
        sigma = rng.uniform(20, 45)
        bulge = np.exp(-((gx - bx) ** 2 + (gy - by) ** 2) / (2 * sigma**2))
        heading = rng.uniform(0, 2 * np.pi)
        amplitude = camera.crumple_mm * rng.uniform(0.5, 1.0)
        dx += amplitude * np.cos(heading) * bulge
        dy += amplitude * np.sin(heading) * bulge
    coarse = np.dstack([dx, dy]).astype(np.float32)
    # Node (i, j) sits at (j * step, i * step) mm; resample to page pixels.
    map_x = np.broadcast_to((np.arange(width, dtype=np.float32) + 0.5) / PX_PER_MM / step, (height, width))
    map_y = np.broadcast_to((np.arange(height, dtype=np.float32)[:, None] + 0.5) / PX_PER_MM / step, (height, width))
    return cv2.remap(coarse, np.ascontiguousarray(map_x), np.ascontiguousarray(map_y), cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REPLICATE)  # fmt: skip


def _lighting(rng, camera, shape):
    """Light falling on the sheet, per pixel and channel: a gradient, vignetting, the phone's shadow, a cast.

    Computed at a quarter of the page's resolution: light changes over millimetres, not pixels.
    """
    height, width = shape
    small_h, small_w = height // 4, width // 4
    ys = (np.arange(small_h, dtype=np.float32)[:, None] + 0.5) / small_h
    xs = (np.arange(small_w, dtype=np.float32)[None, :] + 0.5) / small_w
    heading = rng.uniform(0, 2 * np.pi)
    ramp = (xs - 0.5) * np.cos(heading) + (ys - 0.5) * np.sin(heading)
    light = 0.85 + 0.3 * ramp  # from 0.7 to 1.0 across the sheet
    light = light * (1 - 0.25 * ((xs - 0.5) ** 2 + (ys - 0.5) ** 2))  # vignetting
    # The phone's shadow indoors: a soft-edged disc coming in from one side (in sunlight, see below).
    sx, sy = rng.uniform(0.2, 0.8), rng.choice([-0.15, 1.15])
    radius = rng.uniform(0.35, 0.5)
    inside = (((xs - sx) * width / height) ** 2 + (ys - sy) ** 2 < radius**2).astype(np.float32)
    soft = cv2.GaussianBlur(inside, (0, 0), rng.uniform(3, 8) * PX_PER_MM / 4)
    if camera.sun_penumbra_mm is None:
        light = (light * (1 - (1 - camera.shadow) * soft)).astype(np.float32)
    cast = np.array(rng.choice([(1.0, 0.94, 0.80), (0.86, 0.95, 1.0), (1.0, 1.0, 0.95)]), np.float32)
    light = cv2.resize(light, (width, height), interpolation=cv2.INTER_LINEAR)
    if camera.sun_penumbra_mm is not None:  # the phone's shadow in sunlight: the sun's disc blurs its edge by mm only
        heading = rng.uniform(0, 2 * np.pi)
        across = (np.arange(width)[None, :] - width / 2) * np.cos(heading)
        across = across + (np.arange(height)[:, None] - height / 2) * np.sin(heading)
        lit = np.clip(across / (camera.sun_penumbra_mm * PX_PER_MM) + 0.5, 0, 1).astype(np.float32)
        light *= 1 - (1 - camera.shadow) * (1 - lit)
    return light[..., None] * cast


def photograph(
    paper: np.ndarray, rng: np.random.Generator, camera: Camera
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The photo of ``paper`` brought back onto the page; its valid mask; the displacement (mm) it suffered."""
    height, width = paper.shape[:2]
    shift = displacement_mm(rng, camera, (height, width))
    xs = np.arange(width, dtype=np.float32)
    ys = np.arange(height, dtype=np.float32)[:, None]
    moved = cv2.remap(paper, xs + shift[..., 0] * PX_PER_MM, ys + shift[..., 1] * PX_PER_MM, cv2.INTER_LINEAR,
                      borderMode=cv2.BORDER_CONSTANT, borderValue=(255, 255, 255))  # fmt: skip
    light = _lighting(rng, camera, (height, width))
    seen = moved.astype(np.float32) / 255 * light * 235 + 12  # exposure and the sensor's black level
    valid = np.ones((height, width), bool)
    if camera.cut_corner:  # the table shows in one corner: the sheet's edge runs diagonally across it
        corner = rng.integers(4)
        xs_, ys_ = np.arange(width)[None, :], np.arange(height)[:, None]
        u = xs_ if corner % 2 == 0 else width - 1 - xs_
        v = ys_ if corner < 2 else height - 1 - ys_
        valid = u + v > rng.uniform(0.1, 0.2) * (width + height)
        seen[~valid] = np.array([90, 70, 50], np.float32)
    sigma = camera.blur_mm * PX_PER_MM
    seen = cv2.GaussianBlur(seen, (0, 0), sigma)
    small = cv2.resize(seen, None, fx=camera.resolution, fy=camera.resolution, interpolation=cv2.INTER_AREA)
    small += rng.normal(0, camera.noise, small.shape).astype(np.float32)
    small = np.clip(small + 0.5, 0, 255).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", small[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, camera.jpeg_quality])
    assert ok
    decoded = cv2.imdecode(jpeg, cv2.IMREAD_COLOR)[..., ::-1]
    photo = cv2.resize(decoded, (width, height), interpolation=cv2.INTER_CUBIC)
    return np.ascontiguousarray(photo), valid, shift


def in_photo(mark: DrawnMark, valid: np.ndarray, margin_mm: float = 2.0) -> bool:
    """Whether the photo shows all of ``mark`` and paper ``margin_mm`` around it."""
    left, top, width, height = mark.box_mm
    rows = slice(max(0, int((top - margin_mm) * PX_PER_MM)), int((top + height + margin_mm) * PX_PER_MM) + 1)
    cols = slice(max(0, int((left - margin_mm) * PX_PER_MM)), int((left + width + margin_mm) * PX_PER_MM) + 1)
    return bool(valid[rows, cols].all())
