"""A family of hand-drawn distortions, to judge a blunder detector on drawings it was not tuned on.

One demo sketch is one way of drawing a village. Officers draw in many: the
whole sheet bent, the centre swollen where the houses are many, one direction
stretched to fill the paper, a lane's houses squeezed together, the photo taken
mirrored or turned. :func:`drawing` fabricates one such sketch with its answer
key: households at their true positions (metres) and where the hand put them
(photo pixels), control points picked over the sheet (well spread, or crowded
on one side), clicked with a few pixels of noise, and, when asked, some given a
map position off by a set distance, as when the neighbour's house or the wrong
crossroads is clicked.

Numpy and scipy only, so tests and benchmarks build the very same drawings. Seeds below
:data:`HELD_OUT_SEEDS` calibrate; tests use seeds from it on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from demo.georef_study import spread_houses

KINDS = ("bend", "swell", "stretch", "lane", "corner")
"""Distortions a drawing combines, one to three of them: a smooth bend of the whole sheet, a swollen
centre, one direction stretched, houses along a lane squeezed together, a corner drawn small."""
HELD_OUT_SEEDS = 100_000
"""Seeds from here on are never used to calibrate."""
MAP_CLICK_NOISE_M = 1.5
"""Standard deviation per axis of a click on the reference map: a roof is a few metres across."""


@dataclass(frozen=True)
class Drawing:
    """One sketch with its answer key and one officer's control points on it."""

    seed: int
    kinds: tuple[str, ...]
    household_metres: np.ndarray  # (m, 2) true positions
    household_pixels: np.ndarray  # (m, 2) where they are drawn on the photo
    picked: np.ndarray  # indices of the households clicked as control points
    pixels: np.ndarray  # (n, 2) clicked on the photo
    metres: np.ndarray  # (n, 2) clicked on the map, blunders included
    wrong: tuple[int, ...]  # control point indices whose map position is off
    click_noise_px: float

    def others(self) -> np.ndarray:
        """Indices of households that are not control points: where a fit is judged."""
        return np.setdiff1d(np.arange(len(self.household_pixels)), self.picked)


def _village(rng: np.random.Generator, households: int) -> np.ndarray:
    """True positions: a village 600-1,600 m long, houses in clusters along a few lanes, 15 m apart or more."""
    length = rng.uniform(600, 1600)
    width = length * rng.uniform(0.4, 1.0)
    centres = rng.uniform([0, 0], [length, width], (int(rng.integers(4, 9)), 2))
    near = centres[rng.integers(len(centres), size=households * 3)] + rng.normal(0, length / 8, (households * 3, 2))
    spread = rng.uniform([0, 0], [length, width], (households, 2))
    candidates = np.vstack([near, spread])
    candidates = candidates[(candidates >= 0).all(axis=1) & (candidates <= [length, width]).all(axis=1)]
    pairs = cKDTree(candidates).query_pairs(15.0, output_type="ndarray")
    crowded = np.zeros(len(candidates), dtype=bool)
    crowded[pairs.max(axis=1)] = True  # of two houses closer than 15 m, the later one is not built
    return candidates[~crowded][:households] + [580_000.0, 4_087_000.0]


def _bend(uv: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    u, v = uv.T
    a, b = rng.uniform(0.04, 0.12, 2) * rng.choice([-1, 1], 2)
    phase = rng.uniform(0, np.pi, 2)
    return np.column_stack([u + a * np.sin(np.pi * v + phase[0]), v + b * np.sin(np.pi * u + phase[1])])


def _swell(uv: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    centre = rng.uniform(0.3, 0.7, 2)
    radius, strength = rng.uniform(0.2, 0.4), rng.uniform(0.3, 0.8)
    offset = uv - centre
    return centre + offset * (1 + strength * np.exp(-np.sum(offset**2, axis=1) / radius**2))[:, None]


def _stretch(uv: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    angle, factor = rng.uniform(0, np.pi), rng.uniform(1.3, 2.2)
    direction = np.array([np.cos(angle), np.sin(angle)])
    along = (uv - 0.5) @ direction
    return uv + (factor - 1) * along[:, None] * direction


def _lane(uv: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Houses near a lane drawn closer together along it and pressed towards it."""
    angle = rng.uniform(0, np.pi)
    direction, normal = np.array([np.cos(angle), np.sin(angle)]), np.array([-np.sin(angle), np.cos(angle)])
    origin = rng.uniform(0.3, 0.7, 2)
    width, squeeze = rng.uniform(0.12, 0.25), rng.uniform(0.2, 0.45)
    across = (uv - origin) @ normal
    along = (uv - origin) @ direction
    near = np.exp(-(across**2) / width**2)
    return uv - (squeeze * near * across)[:, None] * normal - (0.5 * squeeze * near * along)[:, None] * direction


def _corner(uv: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One corner drawn small: the houses there crowd towards it."""
    corner = rng.choice([0.0, 1.0], 2)
    radius, squeeze = rng.uniform(0.3, 0.5), rng.uniform(0.3, 0.6)
    offset = uv - corner
    distance = np.hypot(*offset.T)
    shrink = 1 - squeeze * np.clip(1 - distance / radius, 0, 1) ** 2
    return corner + offset * shrink[:, None]


_DISTORT = {"bend": _bend, "swell": _swell, "stretch": _stretch, "lane": _lane, "corner": _corner}


def _photo(uv: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The drawn sheet as photographed: turned by a quarter turn or so, sometimes mirrored, 3,000-4,500 px."""
    side = rng.uniform(3000, 4500)
    angle = rng.integers(4) * np.pi / 2 + rng.normal(0, 0.15)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    turned = (uv - 0.5) @ rotation.T
    if rng.random() < 0.25:
        turned[:, 0] = -turned[:, 0]
    pixels = turned * [side, -side]  # north up on paper: rows run down
    return pixels - pixels.min(axis=0) + 200


def uneven(pixels: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """Half the points well spread, the other half crowded in one part of the sheet, as an officer
    who knows one corner of the village well clicks it."""
    first = spread_houses(pixels, count - count // 2, rng)
    centre = pixels[int(rng.integers(len(pixels)))]
    distance = np.hypot(*(pixels - centre).T)
    distance[first] = np.inf
    crowd = np.argsort(distance)[: count // 2 * 3]
    return np.concatenate([first, rng.choice(crowd, count // 2, replace=False)])


def drawing(
    seed: int,
    count: int,
    wrong: int = 0,
    off_m: float = 200.0,
    click_noise_px: float | None = None,
    layout: str | None = None,
    households: int = 500,
) -> Drawing:
    """A sketch from the family, ``count`` control points on it, ``wrong`` of them ``off_m`` metres off on the map.

    The same seed gives the same village, distortion, clicks and wrong points, so a clean
    and a blundered version of one drawing differ only in the wrong points' map positions.
    ``layout`` is ``"spread"`` or ``"uneven"``; by default one drawing in four is uneven.
    """
    rng = np.random.default_rng(seed)
    metres = _village(rng, households)
    low, high = metres.min(axis=0), metres.max(axis=0)
    uv = (metres - low) / (high - low).max()
    kinds = tuple(rng.choice(KINDS, int(rng.integers(1, 4)), replace=False))
    for kind in kinds:
        uv = _DISTORT[kind](uv, rng)
    pixels = _photo(uv, rng)
    layout = layout or ("uneven" if rng.random() < 0.25 else "spread")
    picked = (spread_houses if layout == "spread" else uneven)(pixels, count, rng)
    noise = float(rng.uniform(1, 8)) if click_noise_px is None else click_noise_px
    clicked = pixels[picked] + rng.normal(0, noise, (count, 2))
    on_map = metres[picked] + rng.normal(0, MAP_CLICK_NOISE_M, (count, 2))
    wrong_points = tuple(int(i) for i in rng.choice(count, wrong, replace=False)) if wrong else ()
    for index in wrong_points:
        angle = rng.uniform(0, 2 * np.pi)
        on_map[index] += off_m * np.array([np.cos(angle), np.sin(angle)])
    return Drawing(seed, kinds, metres, pixels, picked, clicked, on_map, wrong_points, noise)
