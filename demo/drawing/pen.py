"""Ballpoint pen on paper: wobbly strokes, hand lettering and small map symbols.

Shapes stay numpy arrays of paper pixels (x right, y down) until :class:`InkLayer`
puts them on an image, so the geometry is vectorised and Qt only rasterises.
All randomness comes from a ``numpy.random.Generator``: a seed reproduces a
drawing exactly.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen, QPolygonF

Points = np.ndarray  # (n, 2) float64, paper pixels


# --- numpy -> Qt without a Python loop per point -----------------------------------------

_PATH_ELEMENT = np.dtype([("type", ">i4"), ("x", ">f8"), ("y", ">f8")])


def qpolygon(points: Points) -> QPolygonF:
    """A QPolygonF read from QDataStream bytes: ~25x faster than a list of QPointF."""
    raw = struct.pack(">I", len(points)) + np.ascontiguousarray(points, ">f8").tobytes()
    polygon = QPolygonF()
    QDataStream(QByteArray(raw)) >> polygon
    return polygon


def qpath(points: Points, starts: np.ndarray) -> QPainterPath:
    """A QPainterPath with one subpath per index in ``starts``, odd-even filled like font outlines."""
    elements = np.empty(len(points), _PATH_ELEMENT)
    elements["type"] = 1  # LineToElement
    elements["type"][starts] = 0  # MoveToElement
    elements["x"], elements["y"] = points[:, 0], points[:, 1]
    tail = struct.pack(">ii", int(starts[-1]), Qt.FillRule.OddEvenFill.value)
    path = QPainterPath()
    QDataStream(QByteArray(struct.pack(">i", len(points)) + elements.tobytes() + tail)) >> path
    return path


# --- smooth noise ------------------------------------------------------------------------


def smooth_noise(rng: np.random.Generator, s: np.ndarray, wavelength: float) -> np.ndarray:
    """Band-limited noise in [-1, 1] along the last axis of ``s``: three sines of random phase.

    A hand drifts slowly, so lines need noise with a wavelength of tens of pixels, not
    per-pixel jitter. Leading axes of ``s`` get independent phases (one per house box...).
    """
    phase_shape = np.shape(s)[:-1] + (1,)
    out = np.zeros(np.shape(s))
    for octave, amplitude in enumerate((0.6, 0.28, 0.12)):
        lam = wavelength * 0.5**octave * rng.uniform(0.8, 1.25, phase_shape)
        out += amplitude * np.sin(2 * np.pi * s / lam + rng.uniform(0, 2 * np.pi, phase_shape))
    return out


def smooth_field(rng: np.random.Generator, points: Points, octaves: tuple[tuple[float, float], ...]) -> Points:
    """A smooth 2-D displacement sampled at ``points``: per (wavelength, amplitude) octave, three
    plane waves in random directions for each axis, all evaluated in one matrix product."""
    count = 6 * len(octaves)
    wavelength = np.repeat([w for w, _ in octaves], 6) * rng.uniform(0.7, 1.3, count)
    amplitude = np.repeat([a for _, a in octaves], 6) / 1.8
    angle = rng.uniform(0, 2 * np.pi, count)
    k = np.stack([np.cos(angle), np.sin(angle)], 1) * (2 * np.pi / wavelength)[:, None]
    waves = np.sin(points @ k.T + rng.uniform(0, 2 * np.pi, count)) * amplitude
    return np.stack([waves[:, 0::2].sum(1), waves[:, 1::2].sum(1)], 1)


# --- polylines ---------------------------------------------------------------------------


def densify(points: Points, step: float) -> Points:
    """Insert points so that no segment is longer than ``step``; the original vertices stay."""
    points = np.asarray(points, float)
    seg = np.diff(points, axis=0)
    counts = np.maximum(1, np.ceil(np.hypot(seg[:, 0], seg[:, 1]) / step)).astype(int)
    index = np.repeat(np.arange(len(seg)), counts)
    t = (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)) / counts[index]
    return np.vstack([points[index] + seg[index] * t[:, None], points[-1:]])


def arc_length(points: Points) -> np.ndarray:
    seg = np.diff(points, axis=0)
    return np.concatenate([[0.0], np.cumsum(np.hypot(seg[:, 0], seg[:, 1]))])


def unit(vectors: np.ndarray) -> np.ndarray:
    length = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(length > 1e-9, length, 1.0)


def normals(points: Points) -> Points:
    """Unit left normals of a polyline, from central differences."""
    tangent = unit(np.gradient(points, axis=0))
    return np.stack([-tangent[:, 1], tangent[:, 0]], 1)


def point_at(line: Points, s: np.ndarray, at: np.ndarray) -> Points:
    """Points at arc lengths ``at`` along ``line`` (whose arc lengths are ``s``)."""
    return np.stack([np.interp(at, s, line[:, 0]), np.interp(at, s, line[:, 1])], -1)


def parallel(points: Points, distance: float) -> Points:
    """A polyline running ``distance`` to the left of ``points``: one edge of a two-line road."""
    dense = densify(points, 25.0)
    return dense + normals(dense) * distance


def nearest_on_segments(points: Points, a: Points, b: Points) -> tuple[Points, np.ndarray]:
    """For each point, the nearest point on any segment a[i]-b[i], and that segment's index."""
    foot, index = np.empty_like(points), np.empty(len(points), int)
    ab = b - a
    length2 = np.maximum((ab**2).sum(1), 1e-12)
    for lo in range(0, len(points), 256):  # bounded memory: 256 points x all segments at a time
        p = points[lo : lo + 256, None, :]
        t = np.clip(((p - a) * ab).sum(2) / length2, 0, 1)
        candidates = a + t[..., None] * ab
        best = ((p - candidates) ** 2).sum(2).argmin(1)
        foot[lo : lo + 256], index[lo : lo + 256] = candidates[np.arange(len(best)), best], best
    return foot, index


def parts_away_from(points: Points, corridors: list[Points], radius: float, shortest: int = 2) -> list[Points]:
    """The runs of a polyline farther than ``radius`` from every corridor polyline.

    Lanes stop at a main road's edge instead of crossing it, and a border two grids
    share is not drawn twice.
    """
    dense = densify(points, 3.0)
    if not corridors:
        return [dense]
    starts, ends = np.concatenate([c[:-1] for c in corridors]), np.concatenate([c[1:] for c in corridors])
    foot, _ = nearest_on_segments(dense, starts, ends)
    keep = np.linalg.norm(dense - foot, axis=1) > radius
    edges = np.flatnonzero(np.diff(np.concatenate([[0], keep.astype(int), [0]])))
    return [dense[i:j] for i, j in zip(edges[0::2], edges[1::2]) if j - i >= shortest]


def inside_ring(points: Points, ring: Points) -> np.ndarray:
    """Even-odd point-in-polygon test of many points against a closed ring."""
    a, b, p = ring[:-1][None], ring[1:][None], points[:, None, :]
    crosses = (a[..., 1] > p[..., 1]) != (b[..., 1] > p[..., 1])
    run = np.where(crosses, b[..., 1] - a[..., 1], 1.0)
    x_at = a[..., 0] + (p[..., 1] - a[..., 1]) * (b[..., 0] - a[..., 0]) / run
    return ((x_at > p[..., 0]) & crosses).sum(1) % 2 == 1


@dataclass(frozen=True)
class Hand:
    """How the officer's hand moves a ballpoint, in paper pixels."""

    amplitude: float = 2.2  # sideways drift of a long line
    wavelength: float = 110.0  # distance over which the drift changes
    overshoot: tuple[float, float] = (-1.5, 3.5)  # a line stops short of, or runs past, its end
    stroke_length: tuple[float, float] = (120.0, 360.0)  # one pen movement before the pen lifts
    corner_lift: float = 0.6  # chance to lift the pen at a sharp corner


def wobble(points: Points, rng: np.random.Generator, hand: Hand, pin_ends: bool = True) -> Points:
    """Densify a polyline and push it sideways by smooth noise plus a fine tremor.

    Pinned ends stay where they were meant to be, so strokes still meet at corners.
    """
    dense = densify(points, min(4.0, hand.wavelength / 8))
    s = arc_length(dense)
    drift = hand.amplitude * smooth_noise(rng, s, hand.wavelength)
    if pin_ends and s[-1] > 0:
        ramp = np.clip(np.minimum(s, s[-1] - s) / min(hand.wavelength / 3, s[-1] / 2 + 1e-9), 0, 1)
        drift *= ramp * ramp * (3 - 2 * ramp)
    drift += 0.3 * smooth_noise(rng, s, 9.0)
    return dense + normals(dense) * drift[:, None]


def pen_strokes(points: Points, rng: np.random.Generator, hand: Hand = Hand()) -> list[Points]:
    """Draw a polyline the way a hand does: a few wobbly strokes with overshoots and small jogs."""
    strokes: list[Points] = []
    for piece in _split_at_corners(np.asarray(points, float), rng, hand.corner_lift):
        piece = _extend_ends(piece, rng.uniform(*hand.overshoot, 2))
        strokes.extend(_break_into_runs(wobble(piece, rng, hand), rng, hand.stroke_length))
    return strokes


def _split_at_corners(points: Points, rng: np.random.Generator, lift: float) -> list[Points]:
    if len(points) < 3:
        return [points]
    direction = unit(np.diff(points, axis=0))
    cos_turn = np.einsum("ij,ij->i", direction[:-1], direction[1:])
    cuts = np.flatnonzero((cos_turn < np.cos(np.radians(50))) & (rng.random(len(cos_turn)) < lift)) + 1
    bounds = [0, *cuts.tolist(), len(points) - 1]
    return [points[a : b + 1] for a, b in zip(bounds[:-1], bounds[1:])]


def _extend_ends(points: Points, by: np.ndarray) -> Points:
    """Move the ends along the line: positive runs past the end, negative stops short."""
    points = points.copy()
    first, last = points[1] - points[0], points[-1] - points[-2]
    len_first, len_last = np.hypot(*first), np.hypot(*last)
    if len_first > 1e-9:
        points[0] -= first / len_first * max(by[0], -0.4 * len_first)
    if len_last > 1e-9:
        points[-1] += last / len_last * max(by[1], -0.4 * len_last)
    return points


def _break_into_runs(line: Points, rng: np.random.Generator, run: tuple[float, float]) -> list[Points]:
    """Cut a long line into pen movements that overlap or leave a hair gap, each slightly offset."""
    s = arc_length(line)
    cut_at = np.cumsum(rng.uniform(*run, int(s[-1] / run[0]) + 1))
    cuts = np.searchsorted(s, cut_at[cut_at < s[-1] - run[0] / 3])
    if len(cuts) == 0:
        return [line]
    starts = np.concatenate([[0], np.maximum(cuts - rng.integers(0, 2, len(cuts)), 0)])
    ends = np.concatenate([cuts + rng.integers(0, 2, len(cuts)), [len(line) - 1]])
    side = normals(line)
    runs = []
    for a, b, jog in zip(starts, ends, rng.uniform(-0.7, 0.7, len(starts))):
        if b > a:
            runs.append(line[a : b + 1] + side[a : b + 1] * jog)
    return runs


def dashes(points: Points, rng: np.random.Generator, dash: float, gap: float, hand: Hand = Hand()) -> list[Points]:
    """A dashed line as quick separate flicks of the pen, each a little uneven."""
    line = wobble(points, rng, hand, pin_ends=False)
    s = arc_length(line)
    count = int(s[-1] / (dash + gap)) + 2
    lengths = np.empty(2 * count)
    lengths[0::2] = dash * rng.uniform(0.75, 1.25, count)
    lengths[1::2] = gap * rng.uniform(0.7, 1.3, count)
    edges = np.cumsum(lengths) - rng.uniform(0, dash)
    out = []
    for a, b, jog in zip(edges[0::2], edges[1::2], rng.normal(0, 0.5, count)):
        a, b = max(a, 0.0), min(b, s[-1])
        if b - a > 2.0:
            t = np.linspace(a, b, max(2, int((b - a) / 3) + 1))
            out.append(point_at(line, s, t) + jog)
    return out


# --- shapes ------------------------------------------------------------------------------


def ellipse(
    centre: tuple[float, float], rx: float, ry: float, start_deg: float = 0.0, span_deg: float = 360.0
) -> Points:
    """An arc or full ellipse, clockwise on screen from ``start_deg`` (0 = east)."""
    angle = np.radians(np.linspace(start_deg, start_deg + span_deg, max(8, int(abs(span_deg) / 8))))
    return np.stack([centre[0] + rx * np.cos(angle), centre[1] + ry * np.sin(angle)], 1)


def rectangle(centre: tuple[float, float], width: float, height: float) -> Points:
    x, y = centre
    w, h = width / 2, height / 2
    return np.array([[x - w, y - h], [x + w, y - h], [x + w, y + h], [x - w, y + h], [x - w, y - h]])


def star(centre: tuple[float, float], radius: float) -> Points:
    """A five-pointed star as a hand draws it: one closed zigzag through every second tip."""
    angle = np.radians(-90 + 144 * np.arange(6))
    return np.stack([centre[0] + radius * np.cos(angle), centre[1] + radius * np.sin(angle)], 1)


def hand_boxes(
    centres: Points, widths: np.ndarray, heights: np.ndarray, angles_deg: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Irregular boxes, each drawn in one stroke that ends a little past (or short of) its start.

    Returns (n, 4 * 6 + 1, 2) polylines. Corner jitter is zero-mean, so every box stays
    centred on its ``centres`` row up to a pixel or two.
    """
    n, per_side = len(centres), 6
    half = np.stack([widths, heights], 1)[:, None, :] / 2
    corners = np.array([[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]])[None] * half
    corners += rng.normal(0, 1.2, (n, 4, 2))
    first = (np.arange(4)[None] + rng.integers(0, 4, (n, 1))) % 4  # the pen starts at any corner
    corners = np.take_along_axis(corners, first[..., None], 1)
    cos, sin = np.cos(np.radians(angles_deg))[:, None], np.sin(np.radians(angles_deg))[:, None]
    x, y = corners[..., 0], corners[..., 1]
    corners = np.stack([cos * x - sin * y, sin * x + cos * y], -1) + np.asarray(centres)[:, None, :]
    side = np.roll(corners, -1, axis=1) - corners
    across = unit(np.stack([-side[..., 1], side[..., 0]], -1))
    t = np.arange(per_side) / per_side
    bow = rng.normal(0, 0.7, (n, 4, 1)) * np.sin(np.pi * t)
    points = corners[:, :, None] + side[:, :, None] * t[:, None] + across[:, :, None] * bow[..., None]
    points = points.reshape(n, 4 * per_side, 2)
    closing = corners[:, :1] + unit(side[:, 3:4]) * rng.uniform(-1.5, 4.0, (n, 1, 1))
    points = np.concatenate([points, closing], 1)
    k = np.broadcast_to(np.arange(points.shape[1], dtype=float), points.shape[:2])
    return points + 0.35 * np.stack([smooth_noise(rng, k, 6.0), smooth_noise(rng, k, 6.0)], -1)


_SYMBOL_WORDS = {
    "police": ("police", "警"),
    "mosque": ("mosque", "清真", "寺"),
    "school": ("school", "kindergarten", "学", "校", "幼儿园"),
    "clinic": ("clinic", "health", "hospital", "卫生", "医", "诊"),
    "committee": ("committee", "village", "村委", "村部", "党"),
    "shop": ("shop", "store", "market", "卖", "超市", "商店"),
    "bridge": ("bridge", "桥"),
}


def symbol_kind(kind: str, label: str) -> str:
    """Which symbol an officer draws for a landmark, from its kind or, failing that, its name."""
    for text in (kind.lower(), label):
        for symbol, words in _SYMBOL_WORDS.items():
            if any(word in text for word in words):
                return symbol
    return "other"


def landmark_symbol(symbol: str, centre: tuple[float, float], size: float) -> tuple[list[Points], str]:
    """Outlines of a small landmark symbol and the character written inside it, if any."""
    x, y = centre
    s = size / 2
    if symbol == "mosque":
        base = rectangle((x, y + 0.35 * s), 1.6 * s, 0.9 * s)
        dome = ellipse((x, y - 0.1 * s), 0.6 * s, 0.65 * s, 180, 180)
        crescent = ellipse((x, y - 1.05 * s), 0.22 * s, 0.22 * s, -50, 250)
        return [base, dome, np.array([[x, y - 0.75 * s], [x, y - 0.88 * s]]), crescent], ""
    if symbol == "school":
        return [rectangle((x, y), 1.7 * s, 0.9 * s), *_flag((x - 0.6 * s, y - 0.45 * s), 0.9 * s, 0.75 * s)], ""
    if symbol == "clinic":
        across = np.array([[x - 0.45 * s, y], [x + 0.45 * s, y]])
        down = np.array([[x, y - 0.45 * s], [x, y + 0.45 * s]])
        return [rectangle((x, y), 1.5 * s, 1.3 * s), across, down], ""
    if symbol == "committee":
        return [rectangle((x, y), 1.7 * s, 1.3 * s), star((x, y + 0.05 * s), 0.48 * s)], ""
    if symbol == "police":
        return [rectangle((x, y), 1.5 * s, 1.3 * s), *_flag((x + 0.75 * s, y - 0.65 * s), 0.8 * s, 0.6 * s)], "警"
    if symbol == "bridge":  # ")(" across the road
        left = ellipse((x - 0.9 * s, y), 0.5 * s, 0.8 * s, -50, 100)
        return [left, ellipse((x + 0.9 * s, y), 0.5 * s, 0.8 * s, 130, 100)], ""
    if symbol == "shop":  # a box with an awning line
        awning = np.array([[x - 0.8 * s, y - 0.7 * s], [x + 0.8 * s, y - 0.7 * s]])
        return [rectangle((x, y), 1.4 * s, 1.0 * s), awning], ""
    return [ellipse((x, y), 0.6 * s, 0.6 * s)], ""


def _flag(foot: tuple[float, float], height: float, width: float) -> list[Points]:
    """A pole standing on ``foot`` with a triangular pennant at its top."""
    x, y = foot
    top = y - height
    pennant = np.array([[x, top], [x + width, top + 0.25 * height], [x, top + 0.5 * height]])
    return [np.array([[x, y], [x, top]]), pennant]


# --- hand lettering ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Glyph:
    points: Points  # outline points at the reference size, origin on the baseline
    starts: np.ndarray  # index of the first point of each outline
    advance: float


class HandLettering:
    """Chinese characters and digits as a hand writes them, from the outlines of a font.

    Each character is tilted, scaled and shifted off the baseline on its own, and its
    outline is warped by smooth noise, so no two are alike and strokes are not ruler-straight.
    """

    _REF = 100.0  # outlines are cached at this pixel size
    _MIDDLE = -38.0  # the vertical middle of a character box at the reference size

    def __init__(self, family: str) -> None:
        self._font = QFont(family)
        self._font.setPixelSize(int(self._REF))
        self._font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        self._metrics = QFontMetricsF(self._font)
        self._glyphs: dict[tuple[str, float], _Glyph] = {}

    def width(self, text: str, size: float) -> float:
        """The width of ``text`` written at ``size`` px, before the hand's jitter."""
        return sum(self._glyph(ch).advance for ch in text) * size / self._REF

    def write(
        self, text: str, centre: tuple[float, float], size: float, rng: np.random.Generator, angle_deg: float = 0.0
    ) -> tuple[Points, np.ndarray]:
        """Outlines of ``text`` centred on ``centre``, rotated clockwise by ``angle_deg``.

        Returns all outline points and the start index of each outline, ready for :func:`qpath`.
        """
        step = 3.0 if size > 50 else 6.0 if size > 26 else 12.0  # outline points about 2 px apart on paper
        glyphs = [self._glyph(ch, step) for ch in text]
        counts = np.array([len(g.points) for g in glyphs])
        if counts.sum() == 0:
            return np.empty((0, 2)), np.empty(0, int)
        n = len(glyphs)
        index = np.repeat(np.arange(n), counts)
        advance = np.array([g.advance for g in glyphs])
        middles = np.stack([advance / 2, np.full(n, self._MIDDLE)], 1)  # each character turns about its middle
        local = np.concatenate([g.points for g in glyphs]) - middles[index]
        scale = size / self._REF * rng.uniform(0.9, 1.1, n)
        sx, sy = scale * rng.uniform(0.94, 1.06, n), scale * rng.uniform(0.94, 1.06, n)
        x, y = local[:, 0] * sx[index], local[:, 1] * sy[index]
        x -= rng.uniform(-0.04, 0.12) * y  # the writer's slant, mostly to the right
        tilt = np.radians(rng.uniform(-6, 6, n))[index]
        step = advance * size / self._REF * rng.uniform(0.95, 1.15, n)
        baseline = np.clip(np.cumsum(rng.normal(0, 0.035 * size, n)), -0.1 * size, 0.1 * size)
        x, y = (
            np.cos(tilt) * x - np.sin(tilt) * y + (np.cumsum(step) - step / 2 - step.sum() / 2)[index],
            np.sin(tilt) * x + np.cos(tilt) * y + (baseline - baseline.mean())[index],
        )
        points = np.stack([x, y], 1)
        points += smooth_field(rng, points, ((0.9 * size, 0.028 * size), (0.3 * size, 0.012 * size)))
        turn = np.radians(angle_deg)
        rotation = np.array([[np.cos(turn), np.sin(turn)], [-np.sin(turn), np.cos(turn)]])
        starts = np.concatenate([g.starts + offset for g, offset in zip(glyphs, np.cumsum(counts) - counts)])
        return points @ rotation + centre, starts

    def _glyph(self, ch: str, step: float = 6.0) -> _Glyph:
        if (ch, step) not in self._glyphs:
            path = QPainterPath()
            path.addText(0.0, 0.0, self._font, ch)
            outlines = [np.array([(p.x(), p.y()) for p in polygon]) for polygon in path.toSubpathPolygons()]
            outlines = [densify(o, step) for o in outlines if len(o) > 2]
            counts = [len(o) for o in outlines]
            self._glyphs[ch, step] = _Glyph(
                points=np.concatenate(outlines) if outlines else np.empty((0, 2)),
                starts=np.cumsum([0, *counts[:-1]]).astype(int) if outlines else np.empty(0, int),
                advance=self._metrics.horizontalAdvance(ch),
            )
        return self._glyphs[ch, step]


# --- ink ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ink:
    """A pen's ink as the fraction of light it lets through per RGB channel."""

    transmittance: tuple[float, float, float]

    def qcolor(self) -> QColor:
        return QColor(*(round(255 * t) for t in self.transmittance))


class InkLayer:
    """Everything the pen put on the sheet, as opaque coverage to multiply into the paper later.

    Drawing opaque ink on a transparent layer lets Qt anti-alias while numpy decides
    how dark the ink comes out (pressure, skips), instead of stacking translucent strokes.
    """

    def __init__(self, width: int, height: int) -> None:
        self.image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        self.image.fill(Qt.GlobalColor.transparent)
        self._painter = QPainter(self.image)
        self._painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._pen = QPen()
        self._pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self._pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)

    def stroke(self, strokes: Iterable[Points], ink: Ink, width: float, rng: np.random.Generator) -> None:
        """Draw each stroke with the pen, its width varying a little with the pressure."""
        self._pen.setColor(ink.qcolor())
        self._painter.setBrush(Qt.BrushStyle.NoBrush)
        for points in strokes:
            self._pen.setWidthF(width * rng.uniform(0.85, 1.15))
            self._painter.setPen(self._pen)
            self._painter.drawPolyline(qpolygon(points))

    def letter(self, outlines: tuple[Points, np.ndarray], ink: Ink, size: float, weight: float) -> None:
        """Fill glyph outlines so their strokes come out ``weight`` px wide, like a pen's line.

        A font's strokes grow with its size; a pen's do not. Small characters are
        thickened by stroking their outline, large ones thinned by erasing along it.
        """
        points, starts = outlines
        if len(points) == 0:
            return
        path = qpath(points, starts)
        change = weight - 0.062 * size  # the font's own stroke width grows with its size
        self._painter.setPen(Qt.PenStyle.NoPen)
        self._painter.setBrush(ink.qcolor())
        self._painter.drawPath(path)
        if abs(change) > 0.2:
            self._pen.setColor(ink.qcolor())
            self._pen.setWidthF(abs(change))
            self._painter.setBrush(Qt.BrushStyle.NoBrush)
            self._painter.setPen(self._pen)
            if change < 0:
                self._painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOut)
            self._painter.drawPath(path)
            self._painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)

    def multiply_into(self, paper: QImage, flow: np.ndarray) -> None:
        """Finish drawing and multiply the ink into ``paper``, thinned where ``flow`` (h, w, 0-1) is low.

        Multiplying (not painting over) keeps the paper's grain and shading under the ink,
        as ballpoint ink is translucent.
        """
        self._painter.end()
        mask = QImage(self.image.width(), self.image.height(), QImage.Format.Format_Alpha8)
        alpha = np.frombuffer(mask.bits(), np.uint8).reshape(mask.height(), mask.bytesPerLine())
        alpha[:, : mask.width()] = np.clip(flow * 255 + 0.5, 0, 255)
        painter = QPainter(self.image)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
        painter.drawImage(0, 0, mask)
        painter.end()
        painter = QPainter(paper)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        painter.drawImage(0, 0, self.image)
        painter.end()


class _PixelMemory:
    """Lends a QImage's pixels to numpy and keeps the image alive as long as any view of them.

    ``QImage.bits()`` gives a buffer that does not own the image: a view of a temporary
    image would otherwise point at freed memory.
    """

    def __init__(self, image: QImage) -> None:
        self.image = image
        address = np.frombuffer(image.bits(), np.uint8).ctypes.data
        shape = (image.height(), image.bytesPerLine() // 4, 4)
        self.__array_interface__ = {"shape": shape, "typestr": "|u1", "data": (address, False), "version": 3}


def image_array(image: QImage) -> np.ndarray:
    """A writable (h, w, 4) uint8 view of a 32-bit QImage (BGRA byte order on little-endian)."""
    return np.asarray(_PixelMemory(image))[:, : image.width()]
