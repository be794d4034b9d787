"""How blurred the photo shows the print: the spread of the Gaussian that brings the page as printed closest to it.

The comparison with the print allows for the camera's blur around every printed edge:
the photo may be as dark as the print blurred by it before anything counts as ink. A
phone focused a little off, or held back to take in an A3 sheet, blurs twice as much as
a sharp photo, and an allowance made for the sharp one leaves a faint fringe around
every dark printed stamp, coloured by the print inside it: a row of stamps then reads
as a pen line. So the blur is measured on the photo, at the printed edges, where it shows.
"""

from __future__ import annotations

import cv2
import numpy as np

SHARPEST_MM = 0.2  # a sharp photo brought onto the page at 200 dpi is still this blurred
BLURRED_STEPS_MM = (0.2, 0.3, 0.4, 0.5, 0.6, 0.8)
PEN_CLIP = 0.15  # a difference this large is a pen, not blur: it counts no more than this
EDGE_CONTRAST = 0.1  # an edge of print: its tone changes by this much within a pixel
TILE_MM = 16.0
TILES = 24


def print_blur_mm(seen: list[np.ndarray], rendered: np.ndarray, usable: np.ndarray, px_per_mm: float) -> float:
    """The Gaussian spread (mm on paper) of the photo's blur of the print; never below :data:`SHARPEST_MM`.

    ``seen`` is the photo per channel as a share of the paper white, ``rendered`` the
    print registered onto the photo in the photo's own tones (uint8), ``usable`` the
    pixels to judge by. Whichever of a few spreads leaves the smallest difference on the
    print's edges, refined by a parabola through it and its neighbours. Judged on the
    tiles with the most edges, which say as much as the whole page at a fraction of the cost.
    """
    photo = (sum(seen) / 3).astype(np.float32)
    printed = cv2.cvtColor(rendered, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255
    contrast = cv2.morphologyEx(printed, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    edges = (contrast > EDGE_CONTRAST) & usable
    margin = int(3 * BLURRED_STEPS_MM[-1] * px_per_mm) + 1  # a tile's blur is right this far inside it
    tile = TILE_MM * px_per_mm
    size = round(tile) + 2 * margin
    rows, cols = (max(0, int((extent - 2 * margin) // tile)) for extent in edges.shape)
    if not rows or not cols:
        return SHARPEST_MM
    inner = edges[margin : margin + rows * round(tile), margin : margin + cols * round(tile)]
    per_tile = inner.reshape(rows, round(tile), cols, round(tile)).sum(axis=(1, 3)).ravel()
    chosen = [int(i) for i in np.argsort(per_tile)[::-1][:TILES] if per_tile[i] > 0]
    if per_tile[chosen].sum() < 1000:  # a blank sheet shows no blur, and needs no allowance for it
        return SHARPEST_MM
    crops = [(slice(r * round(tile), r * round(tile) + size), slice(c * round(tile), c * round(tile) + size))
             for r, c in (divmod(i, cols) for i in chosen)]  # fmt: skip
    differences = []
    for spread in BLURRED_STEPS_MM:
        total = 0.0
        for crop_rows, crop_cols in crops:
            blurred = cv2.GaussianBlur(printed[crop_rows, crop_cols], (0, 0), spread * px_per_mm)
            on_edges = edges[crop_rows, crop_cols][margin:-margin, margin:-margin]
            difference = np.abs(photo[crop_rows, crop_cols] - blurred)[margin:-margin, margin:-margin]
            total += float(np.minimum(difference[on_edges], PEN_CLIP).sum())
        differences.append(total)
    best = int(np.argmin(differences))
    if best in (0, len(BLURRED_STEPS_MM) - 1):
        return BLURRED_STEPS_MM[best]
    (left, middle, right), (before, at, after) = BLURRED_STEPS_MM[best - 1 : best + 2], differences[best - 1 : best + 2]
    # The vertex of the parabola through the three, on unevenly spaced spreads.
    numerator = (middle - left) ** 2 * (at - after) - (middle - right) ** 2 * (at - before)
    denominator = (middle - left) * (at - after) - (middle - right) * (at - before)
    vertex = middle - 0.5 * numerator / denominator if denominator else middle
    return float(np.clip(vertex, left, right))
