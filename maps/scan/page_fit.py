"""The last millimetre: how the photographed paper departs from a flat page, read from the print itself.

The markers' homography places a flat sheet exactly; a sheet carried in a
pocket is not flat, and its middle can lie a millimetre or two from where the
corners say. Everything printed on the page (the frame's border, lanes, house
numbers, the title) is a landmark whose true place is known from the
register's page image. :func:`fit_paper` matches small patches of the printed
page in the photo brought back onto the page, keeps the confident matches,
and fits a smooth displacement field through them (a smoothed thin-plate
spline, pinned at the markers); :func:`flatten` resamples the photo so the
paper lies where it was printed. On a flat sheet the field is zero within the
matching noise and changes nothing; where nothing is printed (an empty field)
the field follows from the printed things around it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from scipy.interpolate import RBFInterpolator

PATCH_MM = 10.0
"""Matched patches: large enough to hold a house number or a bend of a lane, small against a bend of the paper."""
STEP_MM = 9.0
SEARCH_MM = 3.0
"""How far a patch is looked for: a pocket-curved A4 sheet stays within 2 mm of its homography."""
MIN_TEXTURE = 12.0
"""A patch whose print varies less (grey-level standard deviation) is blank paper: nothing to match."""
MIN_SCORE = 0.6
DISTINCT = 0.15
"""How much better the best match must be than any other a millimetre or more away."""
MIN_MATCHES = 8
SMOOTHING = 2.0
NEIGHBOURHOOD_MM = 20.0
DISAGREE_MM = 0.5


@dataclass(frozen=True)
class PaperFit:
    """Where the photographed paper lies against the printed page, in page mm."""

    centres_mm: np.ndarray
    """(n, 2) where patches matched."""
    shifts_mm: np.ndarray
    """(n, 2) how far the photo shows each patch from where it was printed."""
    field: RBFInterpolator | None
    """Page mm -> shift in mm; None when too little is printed to fit one (the homography stands)."""

    def shift_at(self, page_mm: np.ndarray) -> np.ndarray:
        points = np.asarray(page_mm, float).reshape(-1, 2)
        if self.field is None:
            return np.zeros_like(points)
        return self.field(points)

    @property
    def largest_shift_mm(self) -> float:
        return float(np.hypot(*self.shifts_mm.T).max()) if len(self.shifts_mm) else 0.0


def fit_paper(on_page: np.ndarray, printed: np.ndarray, px_per_mm: float, valid: np.ndarray,
              anchors_mm: np.ndarray) -> PaperFit:  # fmt: skip
    """Match patches of ``printed`` in ``on_page`` (both RGB, the same size) and fit the shift field.

    ``anchors_mm`` are points the homography placed exactly (the markers' corners): the field is pinned
    to zero there.
    """
    photo = _flat_grey(on_page)
    page = cv2.cvtColor(printed, cv2.COLOR_RGB2GRAY).astype(np.float32)
    half, search = round(PATCH_MM * px_per_mm / 2), round(SEARCH_MM * px_per_mm)
    height, width = page.shape
    step = STEP_MM * px_per_mm
    centres, shifts = [], []
    for cy in np.arange(half + search, height - half - search, step):
        for cx in np.arange(half + search, width - half - search, step):
            x, y = int(cx), int(cy)
            template = page[y - half : y + half, x - half : x + half]
            around = (slice(y - half - search, y + half + search), slice(x - half - search, x + half + search))
            if template.std() < MIN_TEXTURE or not valid[around].all():
                continue
            window = photo[around]
            scores = cv2.matchTemplate(window, template, cv2.TM_CCOEFF_NORMED)
            _, best, _, (bx, by) = cv2.minMaxLoc(scores)
            if best < MIN_SCORE or bx in (0, scores.shape[1] - 1) or by in (0, scores.shape[0] - 1):
                continue
            if _runner_up(scores, bx, by, round(px_per_mm)) > best - DISTINCT:
                continue  # a row of the household list, a dashed lane: the patch matches elsewhere as well
            dx, dy = bx + _vertex(scores[by, bx - 1 : bx + 2]), by + _vertex(scores[by - 1 : by + 2, bx])
            centres.append(((x + 0.5) / px_per_mm, (y + 0.5) / px_per_mm))
            shifts.append(((dx - search) / px_per_mm, (dy - search) / px_per_mm))
    centres_mm, shifts_mm = np.array(centres).reshape(-1, 2), np.array(shifts).reshape(-1, 2)
    if len(centres_mm) < MIN_MATCHES:
        return PaperFit(centres_mm, shifts_mm, None)
    keep = _consistent(centres_mm, shifts_mm)
    points = np.vstack([centres_mm[keep], anchors_mm])
    values = np.vstack([shifts_mm[keep], np.zeros_like(anchors_mm)])
    field = RBFInterpolator(points, values, kernel="thin_plate_spline", smoothing=SMOOTHING)
    return PaperFit(centres_mm[keep], shifts_mm[keep], field)


def _flat_grey(rgb: np.ndarray) -> np.ndarray:
    """The photo's grey with the light evened out: divided by the paper's own white, blurred over 6 mm."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    white = cv2.dilate(grey, np.ones((15, 15), np.uint8))
    white = cv2.GaussianBlur(white, (0, 0), 20)
    return np.clip(grey / np.maximum(white, 1) * 255, 0, 255).astype(np.float32)


def _runner_up(scores: np.ndarray, bx: int, by: int, radius: int) -> float:
    """The best score more than ``radius`` pixels from the best one."""
    others = scores.copy()
    others[max(0, by - radius) : by + radius + 1, max(0, bx - radius) : bx + radius + 1] = -1
    return float(others.max())


def _vertex(three: np.ndarray) -> float:
    """The sub-pixel offset of a parabola's peak through three scores around the best."""
    left, middle, right = (float(v) for v in three)
    curvature = left - 2 * middle + right
    return 0.0 if curvature >= 0 else float(np.clip(0.5 * (left - right) / curvature, -0.5, 0.5))


def _consistent(centres: np.ndarray, shifts: np.ndarray) -> np.ndarray:
    """Matches that agree with their neighbours: a pen mark drawn over a patch misleads its match alone.

    Paper bends over centimetres, so patches within :data:`NEIGHBOURHOOD_MM` shift alike; a match
    more than :data:`DISAGREE_MM` from its neighbours' median is dropped, as is one with no neighbours.
    """
    distances = np.hypot(*(centres[:, None, :] - centres[None, :, :]).transpose(2, 0, 1))
    keep = np.zeros(len(centres), bool)
    for index, row in enumerate(distances):
        near = (row < NEIGHBOURHOOD_MM) & (row > 0)
        if near.sum() >= 3:
            keep[index] = np.hypot(*(shifts[index] - np.median(shifts[near], axis=0))) <= DISAGREE_MM
    return keep


def flatten(on_page: np.ndarray, valid: np.ndarray, fit: PaperFit, px_per_mm: float,
            origin_mm: tuple[float, float] = (0.0, 0.0)) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """``on_page`` resampled so every printed thing lies where it was printed; and where it has photo.

    ``on_page`` is the part of the page from ``origin_mm`` (left, top) at ``px_per_mm``.
    """
    if fit.field is None:
        return on_page, valid
    height, width = on_page.shape[:2]
    step = max(1, round(2 * px_per_mm))  # the field is smooth over millimetres: computed every 2 mm
    ys, xs = np.mgrid[0:height:step, 0:width:step].astype(np.float32) + step / 2
    page_mm = np.c_[xs.ravel() / px_per_mm + origin_mm[0], ys.ravel() / px_per_mm + origin_mm[1]]
    shift = fit.shift_at(page_mm) * px_per_mm
    size = (xs.shape[1] * step, xs.shape[0] * step)
    rows, columns = np.mgrid[0:height, 0:width].astype(np.float32)
    map_x = columns + cv2.resize(shift[:, 0].reshape(xs.shape).astype(np.float32), size)[:height, :width]
    map_y = rows + cv2.resize(shift[:, 1].reshape(xs.shape).astype(np.float32), size)[:height, :width]
    flat = cv2.remap(on_page, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    inside = cv2.remap(valid.astype(np.uint8), map_x, map_y, cv2.INTER_NEAREST, borderMode=cv2.BORDER_CONSTANT)
    return flat, inside.astype(bool)
