"""A phone photo of a sheet of paper, simulated: how a hand-drawn sketch reaches us.

Officers do not scan their grid sketches; they photograph them with a phone. So the
demo photo must show what the georeferencer will meet in the field: the paper's
warm tone, fibres, ruled lines and fold creases; ballpoint ink that skips; a sheet
lying off-axis on a desk (perspective); uneven light, white balance and sensor
noise; and JPEG compression. :class:`SketchPhoto` also records exactly where every
paper pixel went, the ground truth to check a georeferencing against.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QImage, QPainter, QTransform

from demo.drawing.pen import Points, image_array, qpolygon, unit

JPEG_QUALITY = 88
BAND = 64  # rows per band when whole images go through numpy: the band stays in the CPU cache


@dataclass(frozen=True, eq=False)
class SketchPhoto:
    """A JPEG photo of the sketch and the exact homography from the paper into it."""

    image: bytes  # JPEG bytes, like a phone photo
    image_format: str  # "JPEG"
    width: int  # photo size in pixels
    height: int
    paper_to_photo: np.ndarray  # 3x3 homography: paper px (x right, y down) -> photo px

    def photo_xy(self, paper_xy: np.ndarray) -> np.ndarray:
        """Map (n, 2) paper pixels to photo pixels, both in QPainter's continuous pixel coordinates."""
        xy = np.asarray(paper_xy, float).reshape(-1, 2)
        mapped = np.c_[xy, np.ones(len(xy))] @ self.paper_to_photo.T
        return mapped[:, :2] / mapped[:, 2:]


# --- paper -------------------------------------------------------------------------------


def paper_sheet(width: int, height: int, rng: np.random.Generator) -> QImage:
    """Warm off-white exercise-book paper: tone, shading, fibres, faint ruled lines and fold creases."""
    light = 1 + 0.02 * upsample(rng.normal(0, 1, (7, 9)), height, width)
    fine = rng.integers(-2, 3, (height, width + 2), dtype=np.int8)
    light += np.float32(0.0025) * (fine[:, :-2] + fine[:, 1:-1] + fine[:, 2:])  # fibres run along the sheet
    light *= _creases(width, height, rng)
    tone = np.array([241.0, 233.0, 217.0]) + rng.normal(0, 1.5, 3)
    spacing = rng.uniform(54, 62)
    y = np.arange(height) + 0.5 - rng.uniform(0, spacing)
    ruled = np.exp(-((((y + spacing / 2) % spacing - spacing / 2) / 0.9) ** 2))
    rows = tone[None, :] * (1 - 0.1 * ruled[:, None] * [1.0, 0.5, 0.1])  # light blue lines
    return _to_qimage(light, rows.astype(np.float32))


def _creases(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """Light on the sheet's fold lines: a dark groove, a lit ridge, and panels tilted slightly apart."""
    light = np.ones((height, width), np.float32)
    folds = [0, 1] if rng.random() < 0.6 else [int(rng.integers(0, 2))]
    for axis in folds:
        view = light if axis == 0 else light.T  # every fold becomes a "vertical" one
        along, across = view.shape
        middle = across / 2 + rng.normal(0, 0.02 * across)
        tilt = rng.normal(0, 0.01)
        lo, hi = int(max(middle - 300, 0)), int(min(middle + 300, across))
        rows = np.arange(along, dtype=np.float32)[:, None] - along / 2
        d = np.arange(lo, hi, dtype=np.float32)[None, :] + 0.5 - middle - tilt * rows
        groove, ridge = np.exp(-((d / 1.8) ** 2)), np.exp(-(((d - 4) / 3.5) ** 2))
        view[:, lo:hi] *= 1 - 0.05 * groove + 0.03 * ridge - 0.015 * np.tanh(d / 80)
        view[:, :lo] *= 1.015
        view[:, hi:] *= 0.985
    return light


def ink_flow(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """How fully the ballpoint inked each pixel: slow pressure changes and the odd skip."""
    pressure = upsample(rng.normal(0, 1, (height // 110 + 2, width // 110 + 2)), height, width)
    pressure = 0.87 + 0.09 * np.clip(pressure, -1.5, 1.5)
    skip = rng.random((height, width), np.float32)
    for _ in range(3):
        skip *= skip  # skip ** 8: mostly tiny, now and then large
    pressure *= 1 - 0.45 * skip
    return pressure


# --- the photo ---------------------------------------------------------------------------


def photograph(paper: QImage, rng: np.random.Generator) -> SketchPhoto:
    """Lay the sheet on a desk and take an off-axis phone photo of it."""
    w, h = paper.width(), paper.height()
    margin = round(0.0625 * max(w, h))
    width, height = w + 2 * margin, h + 2 * margin
    quad = _paper_quad(w, h, width, height, rng)
    transform = QTransform.quadToQuad(qpolygon(np.array([[0, 0], [w, 0], [w, h], [0, h]], float)), qpolygon(quad))
    photo = _desk(width, height, quad, rng)
    painter = QPainter(photo)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
    painter.setTransform(transform)
    painter.drawImage(QPointF(0, 0), paper)
    painter.end()
    camera_response(image_array(photo), rng)
    t = transform
    rows = np.array([[t.m11(), t.m12(), t.m13()], [t.m21(), t.m22(), t.m23()], [t.m31(), t.m32(), t.m33()]])
    homography = rows.T / rows[2, 2]  # QTransform maps row vectors (p' = p M); a homography maps columns
    homography.setflags(write=False)
    return SketchPhoto(_jpeg(photo), "JPEG", width, height, homography)


def _paper_quad(w: int, h: int, width: int, height: int, rng: np.random.Generator) -> Points:
    """Where the paper corners (TL, TR, BR, BL) land: a tilted phone's keystone, jitter, a small turn."""
    corners = np.array([[-w, -h], [w, -h], [w, h], [-w, h]], float) / 2
    axis = int(rng.integers(0, 2))  # the edge farther from the lens looks shorter
    corners[corners[:, 1 - axis] < 0, axis] *= 1 - rng.uniform(0.02, 0.05) * rng.choice([-1, 1])
    angle = rng.uniform(0, 2 * np.pi, 4)
    corners += np.stack([np.cos(angle), np.sin(angle)], 1) * rng.uniform(0.01, 0.03, (4, 1)) * [w, h]
    turn = np.radians(rng.uniform(-3, 3))
    corners = corners @ np.array([[np.cos(turn), np.sin(turn)], [-np.sin(turn), np.cos(turn)]])
    span = corners.max(0) - corners.min(0)
    corners *= min(1.0, 0.965 * width / span[0], 0.955 * height / span[1])  # a strip of desk on every side
    room = (np.array([width, height]) * 0.985 - (corners.max(0) - corners.min(0))) / 2
    centre = np.array([width, height]) / 2 + rng.uniform(-0.5, 0.5, 2) * room
    return corners - (corners.max(0) + corners.min(0)) / 2 + centre


def _desk(width: int, height: int, quad: Points, rng: np.random.Generator) -> QImage:
    """A wooden desk with the sheet's soft shadow.

    Only a strip of desk shows, so it is computed at half resolution and enlarged by Qt.
    """
    w, h = width // 2, height // 2
    light, wood = desk_surface(w, h, rng)
    light *= 1 - 0.5 * soft_shadow((quad + [6, 10]) / 2, w, h, softness=11.0)
    small = _to_qimage(light, np.broadcast_to(wood, (h, 3)))
    return small.scaled(width, height, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)


def desk_surface(w: int, h: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Light (h, w) and RGB colour of a wooden desk: wavy growth rings with dark late wood, fine streaks.

    Rings are about 12-20 px apart, so callers compute the desk at about 1000 px across whatever the photo's size.
    """
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    bend = 40 * upsample(rng.normal(0, 1, (3, 5)), h, w) + 6 * upsample(rng.normal(0, 1, (9, 16)), h, w)
    phase = (y + bend + x * np.float32(rng.uniform(-0.04, 0.04))) / np.float32(rng.uniform(12, 20))
    late_wood = (0.5 + 0.5 * np.cos(np.float32(2 * np.pi) * phase)) ** 6  # smooth, so rings do not alias
    tint = rng.normal(0, 1, 97).astype(np.float32)[phase.astype(np.int32) % 97]  # each ring its own shade
    columns = w // 120 + 2
    streaks = rng.normal(0, 1, (h, columns)).astype(np.float32) @ interpolation_matrix(w, columns).T
    light = 1 + 0.05 * tint + 0.025 * streaks - 0.12 * late_wood + 0.07 * upsample(rng.normal(0, 1, (3, 4)), h, w)
    wood = np.array([(118, 82, 54), (100, 70, 46), (134, 104, 76)][int(rng.integers(0, 3))], np.float32)
    return light, wood


def soft_shadow(quad: Points, width: int, height: int, softness: float) -> np.ndarray:
    """A soft shadow of a convex quad: 1 inside, fading out over about ``softness`` px."""
    x = np.arange(width, dtype=np.float32)[None, :] + 0.5
    y = np.arange(height, dtype=np.float32)[:, None] + 0.5
    outside = np.full((height, width), -np.inf, np.float32)
    for a, b in zip(quad, np.roll(quad, -1, axis=0)):
        n = unit(np.array([b[1] - a[1], a[0] - b[0]])).astype(np.float32)  # outward: corners run clockwise
        np.maximum(outside, n[0] * x + (n[1] * y - np.float32(n @ a)), out=outside)
    t = np.clip(0.5 - outside / np.float32(softness), 0, 1)
    return t * t * (3 - 2 * t)


def camera_response(pixels: np.ndarray, rng: np.random.Generator, unevenness: float = 1.0, noise: float = 1.0) -> None:
    """Uneven light (gradient, vignette, the photographer's shadow), white balance and sensor noise, in place.

    ``pixels`` is (h, w, 3 or more) uint8 in blue, green, red order (a QImage's memory, or an RGB array reversed).
    ``unevenness`` and ``noise`` scale the light's unevenness and the sensor noise from a typical phone's (1.0).
    """
    height, width = pixels.shape[:2]
    x = (np.arange(width, dtype=np.float32) / width - 0.5)[None, :]
    y = (np.arange(height, dtype=np.float32) / height - 0.5)[:, None]
    angle, turn = rng.uniform(0, 2 * np.pi, 2)
    gradient, vignette, exposure = rng.uniform(0.12, 0.24), rng.uniform(0.3, 0.5), rng.uniform(0.92, 1.0)
    shade = rng.uniform(0.08, 0.16) if rng.random() < 0.7 else 0.0
    gradient, vignette, shade = gradient * unevenness, vignette * unevenness, shade * unevenness
    shade_at = rng.uniform(0.15, 0.4)
    balance = (1 - rng.uniform(0.0, 0.05), 1.0, 1 + rng.uniform(0.0, 0.03))  # BGRA order: blue, green, red
    for top in range(0, height, BAND):
        band, yb = pixels[top : top + BAND], y[top : top + BAND]
        light = 1 + np.float32(gradient) * (np.float32(np.cos(angle)) * x + np.float32(np.sin(angle)) * yb)
        light *= 1 - np.float32(vignette) * (x * x + yb * yb)
        light *= np.float32(exposure)
        if shade:  # the photographer's own soft shadow falls across one side
            edge = np.float32(np.cos(turn)) * x + np.float32(np.sin(turn)) * yb - np.float32(shade_at)
            light *= 1 - np.float32(shade) * np.clip(0.5 + edge / np.float32(0.25), 0, 1)
        grain = rng.integers(-3, 4, band.shape[:2], dtype=np.int8)
        grain += rng.integers(-3, 4, band.shape[:2], dtype=np.int8)
        grain = grain.astype(np.float32) * np.float32(noise) + np.float32(0.5)  # + 0.5 rounds on the cast to uint8
        for channel, (gain, channel_grain) in enumerate(zip(balance, (1.0, 0.7, 0.8))):
            value = light * np.float32(gain)
            value *= band[..., channel]
            value += grain * np.float32(channel_grain)
            np.clip(value, 0, 255, out=value)
            band[..., channel] = value


# --- images and smooth noise -------------------------------------------------------------


def _to_qimage(light: np.ndarray, row_rgb: np.ndarray) -> QImage:
    """An RGB32 image of ``light`` (h, w) times one colour per row ``row_rgb`` (h, 3) on a 0-255 scale."""
    height, width = light.shape
    image = QImage(width, height, QImage.Format.Format_RGB32)
    pixels = image_array(image)
    pixels[..., 3] = 255
    for top in range(0, height, BAND):
        band, rows = light[top : top + BAND], row_rgb[top : top + BAND]
        for channel in range(3):
            value = band * rows[:, channel : channel + 1]
            value += np.float32(0.5)
            np.clip(value, 0, 255, out=value)
            pixels[top : top + BAND, :, 2 - channel] = value  # BGRA order in memory
    return image


def _jpeg(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "JPEG", JPEG_QUALITY):
        raise RuntimeError("Qt could not encode JPEG (is the qjpeg image plugin missing?)")
    buffer.close()
    return bytes(data.data())


def interpolation_matrix(n_out: int, n_in: int) -> np.ndarray:
    """An (n_out, n_in) float32 matrix that resamples n_in values smoothly (smoothstep) to n_out."""
    pos = np.clip((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0, n_in - 1)
    i = np.minimum(pos.astype(int), max(n_in - 2, 0))
    f = np.clip(pos - i, 0, 1)
    f = f * f * (3 - 2 * f)
    m = np.zeros((n_out, n_in), np.float32)
    m[np.arange(n_out), i] = 1 - f
    m[np.arange(n_out), np.minimum(i + 1, n_in - 1)] += f
    return m


def upsample(small: np.ndarray, height: int, width: int) -> np.ndarray:
    """Enlarge a coarse random grid smoothly to (height, width): low-frequency noise for paper,
    ink and desk in two matrix products, much cheaper than interpolating every pixel."""
    small = small.astype(np.float32)
    return (interpolation_matrix(height, small.shape[0]) @ small) @ interpolation_matrix(width, small.shape[1]).T
