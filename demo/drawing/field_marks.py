"""What an officer's pen adds to a printed grid sheet in the village, with exact ground truth.

A dot where a new house stands, a circle around a printed house, a cross at a
quarrel's spot, a line for a lane the map lacks, a few written characters. Each
mark is a :class:`PenMark` in page millimetres, so a test knows where the reader
must find it; :func:`draw_pen_marks` puts the ink on a page image with the
ballpoint of :mod:`demo.drawing.pen`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtGui import QImage

from demo.drawing.pen import Hand, HandLettering, Ink, InkLayer, Points, ellipse, image_array, pen_strokes
from demo.drawing.phone_photo import ink_flow
from maps.fonts import chinese_font_family
from maps.qt_runtime import ensure_gui_application

SHAPES = ("dot", "cross", "circle", "line", "writing")
INK_RGB = {"red": (200, 30, 40), "blue": (30, 50, 170), "black": (25, 25, 30), "green": (20, 130, 60)}
SIZE_MM = {"dot": (1.5, 4.0), "cross": (3.0, 8.0), "circle": (5.0, 14.0), "line": (15.0, 60.0), "writing": (8.0, 25.0)}
PEN_WIDTH_MM = (0.4, 0.9)  # fine ballpoint to felt-tip marker

# Hands in millimetres on the page, scaled to pixels per page: a mark is drawn in one movement, never lifted.
LINE_HAND_MM = Hand(amplitude=0.25, wavelength=14.0, overshoot=(-0.3, 0.8), stroke_length=(1e4, 2e4), corner_lift=0.0)
SMALL_HAND_MM = Hand(amplitude=0.07, wavelength=5.0, overshoot=(-0.2, 0.6), stroke_length=(1e4, 2e4), corner_lift=0.0)
_TURN = {  # how far each shape is turned as officers draw it
    "dot": lambda rng: 0.0,
    "circle": lambda rng: 0.0,
    "cross": lambda rng: rng.uniform(-20, 20),
    "line": lambda rng: rng.uniform(0, 180),
    "writing": lambda rng: rng.normal(0, 6),  # along the page's lines, roughly
}
NOTE_CHARACTERS = "新户房空拆建路口井门店老人留守纠纷矛盾租住修桥沟渠墙羊圈"


@dataclass(frozen=True)
class PenMark:
    """One pen mark on the page, in mm from the page's top-left corner (x right, y down).

    The position is the mark's centre: a dot's centre, where a cross's strokes cross,
    a circle's centre, a line's midpoint, the centre of a piece of writing's box.
    ``size_mm`` is a dot's diameter, a cross's arm span, a circle's diameter, a line's
    length or the writing's width. ``angle_deg`` turns a line, a cross or a baseline clockwise.
    """

    shape: str  # one of SHAPES
    colour: str  # one of INK_RGB
    x_mm: float
    y_mm: float
    size_mm: float
    angle_deg: float = 0.0

    def __post_init__(self) -> None:
        if self.shape not in SHAPES:
            raise ValueError(f"pen mark shape {self.shape!r} is not one of {', '.join(SHAPES)}")
        if self.colour not in INK_RGB:
            raise ValueError(f"pen colour {self.colour!r} is not one of {', '.join(INK_RGB)}")
        if self.size_mm <= 0:
            raise ValueError(f"a {self.shape}'s size must be positive, not {self.size_mm} mm")


def draw_pen_marks(page: np.ndarray, px_per_mm: float, marks: Sequence[PenMark], seed: int) -> np.ndarray:
    """A copy of ``page`` (H, W, 3 RGB uint8 at ``px_per_mm``) with ``marks`` drawn on in pen.

    The ink is multiplied into the page, as translucent ink lies over print: a red
    line over a black road stays black there. The same seed draws the same ink.
    """
    check_page(page)
    ensure_gui_application()
    rng = np.random.default_rng(seed)
    height, width = page.shape[:2]
    ink_layer = InkLayer(width, height)
    writer = _MarkWriter(ink_layer, px_per_mm, rng)
    for mark in marks:
        writer.draw(mark)
    sheet = QImage(width, height, QImage.Format.Format_RGB32)
    pixels = image_array(sheet)
    pixels[..., 2::-1] = page  # RGB to the image's blue, green, red
    pixels[..., 3] = 255
    ink_layer.multiply_into(sheet, ink_flow(width, height, rng))
    return np.ascontiguousarray(image_array(sheet)[..., 2::-1])


def check_page(page: np.ndarray) -> None:
    """Refuse anything but a page image as the printer makes it: (H, W, 3) RGB uint8."""
    if not isinstance(page, np.ndarray) or page.ndim != 3 or page.shape[2] != 3 or page.dtype != np.uint8:
        shape = getattr(page, "shape", None)
        raise ValueError(f"a page is an (H, W, 3) RGB uint8 array, not {getattr(page, 'dtype', type(page))} {shape}")


def random_pen_marks(
    rng: np.random.Generator,
    area_mm: tuple[float, float, float, float],
    count: int,
    *,
    keep_clear_mm: Sequence[tuple[float, float, float, float]] = (),
    spacing_mm: float = 12.0,
) -> list[PenMark]:
    """``count`` marks of every shape and colour inside ``area_mm`` (left, top, width, height).

    No mark touches a ``keep_clear_mm`` box (markers, QR code, title) and marks stay
    ``spacing_mm`` apart, so each is found on its own.
    """
    shapes = rng.permutation(np.resize(np.array(SHAPES), count))
    colours = rng.choice(list(INK_RGB), count, p=[0.35, 0.35, 0.15, 0.15])  # red and blue pens are the usual ones
    boxes = np.asarray(keep_clear_mm, float).reshape(-1, 4)
    placed: list[tuple[Points, float]] = []
    marks = []
    for shape, colour in zip(shapes.tolist(), colours.tolist()):
        mark = _place(shape, colour, rng, area_mm, boxes, placed, spacing_mm)
        if mark is None:
            raise ValueError(
                f"only {len(marks)} of {count} pen marks fit {spacing_mm} mm apart in the area {tuple(area_mm)} mm: "
                "ask for fewer marks, a smaller spacing or a larger area"
            )
        marks.append(mark)
    return marks


def circle_marks(
    points_mm: np.ndarray, colour: str, rng: np.random.Generator, diameter_mm: tuple[float, float] = (7.0, 11.0)
) -> list[PenMark]:
    """Circles drawn around printed points (houses), each a little off the point as a hand draws it.

    The marks record where each circle really is, not the house it was meant for.
    """
    points = np.asarray(points_mm, float).reshape(-1, 2)
    off = np.clip(rng.normal(0, 0.4, points.shape), -1.0, 1.0)
    diameters = rng.uniform(*diameter_mm, len(points))
    return [
        PenMark("circle", colour, round(float(x), 2), round(float(y), 2), round(float(d), 2))
        for (x, y), d in zip(points + off, diameters)
    ]


# --- where a mark is ---------------------------------------------------------------------


def _footprint(mark: PenMark) -> tuple[Points, float]:
    """Points along the mark's axis relative to its centre, every mm or so, and how far ink reaches from them."""
    if mark.shape in ("line", "writing"):
        half = mark.size_mm / 2
        t = np.linspace(-half, half, int(mark.size_mm) + 2)[:, None]
        turn = np.radians(mark.angle_deg)
        axis = t * [np.cos(turn), np.sin(turn)]
        return axis, (1.0 if mark.shape == "line" else mark.size_mm / 4)  # two characters are half as tall as wide
    return np.zeros((1, 2)), mark.size_mm / 2 + 0.5


def _place(
    shape: str,
    colour: str,
    rng: np.random.Generator,
    area_mm: tuple[float, float, float, float],
    boxes: np.ndarray,
    placed: list[tuple[Points, float]],
    spacing: float,
) -> PenMark | None:
    """A mark of ``shape`` at a random free spot of the area, added to ``placed``; None if none is found."""
    size = round(float(rng.uniform(*SIZE_MM[shape])), 2)
    for _ in range(300):
        angle = round(float(_TURN[shape](rng)), 1)
        axis, reach = _footprint(PenMark(shape, colour, 0.0, 0.0, size, angle))
        margin = np.abs(axis).max(0) + reach
        room = np.array(area_mm[2:]) - 2 * margin
        if (room <= 0).any():
            continue
        centre = np.round(np.array(area_mm[:2]) + margin + rng.uniform(0, 1, 2) * room, 2)
        if _clear_of(axis + centre, reach, boxes, placed, spacing):
            placed.append((axis + centre, reach))
            return PenMark(shape, colour, float(centre[0]), float(centre[1]), size, angle)
    return None


def _clear_of(
    points: Points, reach: float, boxes: np.ndarray, placed: list[tuple[Points, float]], spacing: float
) -> bool:
    """Whether ink within ``reach`` of ``points`` misses every box and stays ``spacing`` from every placed mark."""
    if len(boxes):
        low, high = boxes[:, :2], boxes[:, :2] + boxes[:, 2:]
        gap = np.maximum(np.maximum(low[None] - points[:, None], points[:, None] - high[None]), 0)
        if (np.hypot(gap[..., 0], gap[..., 1]) < reach).any():
            return False
    for other, other_reach in placed:
        d = np.linalg.norm(points[:, None] - other[None], axis=2)
        if d.min() < reach + other_reach + spacing:
            return False
    return True


# --- drawing -----------------------------------------------------------------------------


class _MarkWriter:
    """Draws marks in page pixels: sizes in mm scaled by the page's resolution."""

    def __init__(self, ink: InkLayer, px_per_mm: float, rng: np.random.Generator) -> None:
        self.ink, self.scale, self.rng = ink, px_per_mm, rng
        self.line_hand = _in_pixels(LINE_HAND_MM, px_per_mm)
        self.small_hand = _in_pixels(SMALL_HAND_MM, px_per_mm)
        self._letters: HandLettering | None = None

    def draw(self, mark: PenMark) -> None:
        rng, scale = self.rng, self.scale
        ink = _pen_ink(mark.colour, rng)
        width = rng.uniform(*PEN_WIDTH_MM) * scale
        centre = np.array([mark.x_mm, mark.y_mm]) * scale
        size = mark.size_mm * scale
        if mark.shape == "writing":
            self._write(centre, size, mark.angle_deg, ink, width)
            return
        if mark.shape == "dot":
            strokes = [_dot(centre, size, width, rng)]
            width *= 1.1  # a dot is pressed hard
        elif mark.shape == "cross":
            strokes = _cross(centre, size, mark.angle_deg, rng, self.small_hand)
        elif mark.shape == "circle":
            strokes = pen_strokes(_loop(centre, size, rng), rng, self.small_hand)
        else:
            turn = np.radians(mark.angle_deg)
            half = size / 2 * np.array([np.cos(turn), np.sin(turn)])
            strokes = pen_strokes(np.array([centre - half, centre + half]), rng, self.line_hand)
        self.ink.stroke(strokes, ink, width, rng)

    def _write(self, centre: Points, width_px: float, angle_deg: float, ink: Ink, pen_width: float) -> None:
        """2-4 characters whose line is ``width_px`` wide, centred on ``centre``."""
        if self._letters is None:
            self._letters = HandLettering(chinese_font_family())
        rng = self.rng
        count = int(np.clip(round(width_px / self.scale / rng.uniform(4.5, 6.5)), 2, 4))
        text = "".join(rng.choice(list(NOTE_CHARACTERS), count, replace=False))
        size = width_px / self._letters.width(text, 1.0)
        outlines = self._letters.write(text, (float(centre[0]), float(centre[1])), size, rng, angle_deg)
        self.ink.letter(outlines, ink, size, min(pen_width, 0.12 * size))


def _in_pixels(hand_mm: Hand, px_per_mm: float) -> Hand:
    """The same hand on a page of ``px_per_mm``: every length scaled, the corner habit kept."""
    return Hand(
        amplitude=hand_mm.amplitude * px_per_mm,
        wavelength=hand_mm.wavelength * px_per_mm,
        overshoot=(hand_mm.overshoot[0] * px_per_mm, hand_mm.overshoot[1] * px_per_mm),
        stroke_length=(hand_mm.stroke_length[0] * px_per_mm, hand_mm.stroke_length[1] * px_per_mm),
        corner_lift=hand_mm.corner_lift,
    )


def _pen_ink(colour: str, rng: np.random.Generator) -> Ink:
    """The colour's ink as one pen of it lets light through: pens of one colour differ a little."""
    rgb = np.array(INK_RGB[colour], float) * rng.uniform(0.9, 1.1) * np.exp(rng.normal(0, 0.06, 3))
    return Ink(tuple(float(c) for c in np.clip(rgb / 255, 0.02, 0.98)))


def _dot(centre: Points, diameter: float, width: float, rng: np.random.Generator) -> Points:
    """A filled dot as a pen makes one: a tight spiral out from the middle and once round its edge."""
    reach = max(diameter / 2 - width / 2, 0.1 * diameter)
    turns = max(1.5, reach / (0.4 * width)) + 1  # rings closer than the pen is wide, so no paper shows between
    t = np.linspace(0, turns, int(20 * turns) + 2)
    radius = reach * np.minimum(t / (turns - 1), 1.0)
    angle = 2 * np.pi * t + rng.uniform(0, 2 * np.pi)
    squash = rng.uniform(0.88, 1.0)
    return centre + np.stack([radius * np.cos(angle), squash * radius * np.sin(angle)], 1)


def _cross(centre: Points, span: float, angle_deg: float, rng: np.random.Generator, hand: Hand) -> list[Points]:
    """Two strokes through ``centre``, roughly diagonal; arms unequal, but they cross where the mark is."""
    strokes = []
    for diagonal in (45.0, -45.0):
        turn = np.radians(angle_deg + diagonal + rng.normal(0, 6))
        direction = np.array([np.cos(turn), np.sin(turn)])
        length = span * rng.uniform(0.85, 1.05)
        shift = rng.uniform(-0.12, 0.12) * length
        ends = centre + np.outer([-length / 2 + shift, length / 2 + shift], direction)
        strokes.extend(pen_strokes(ends, rng, hand))
    return strokes


def _loop(centre: Points, diameter: float, rng: np.random.Generator) -> Points:
    """A hand-drawn circle: slightly elliptic and turned, its end overlapping its start or stopping short."""
    radius = diameter / 2
    span = 360 + rng.uniform(-25, 35)
    loop = ellipse((0.0, 0.0), 1.0, 1.0, rng.uniform(0, 360), span)
    loop *= radius * np.array([rng.uniform(0.92, 1.05), rng.uniform(0.85, 1.0)])
    loop *= np.linspace(1, 1 + rng.uniform(-0.06, 0.06), len(loop))[:, None]  # the pen spirals in or out a little
    turn = np.radians(rng.uniform(0, 180))
    rotation = np.array([[np.cos(turn), np.sin(turn)], [-np.sin(turn), np.cos(turn)]])
    return loop @ rotation + centre
