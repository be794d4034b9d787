"""Pen marks on a photographed sheet: the ink the photo has and the printed page has not.

The photo arrives brought back onto the page by the sheet's markers, at the page's
own pixels, beside the page rendered again exactly as printed. The pen is where the
photo is darker than the print can be there. Three things stand between that idea and
an answer, and each has its step:

- registration (:mod:`maps.scan.print_registration`): the marker warp leaves up to
  0.5 mm between photo and print, and crumpled paper up to 1.5 mm locally. A smooth
  displacement field, measured block by block against the print's own content, brings
  the print onto the photo, and later brings each mark back onto the page, where the
  officer meant it. It is measured again without the ink first found, which can pull
  the print beside it, and the comparison is made again where the field moved;
- light and tone: shadows, gradients and a colour cast make the paper anything but
  white, and printer and camera render every printed tone their own way. The photo
  teaches its tone curve where the print is flat, then its light is read through bare
  paper and light print alike and closed over 7 mm, so a pen dot does not darken it and
  a sun shadow's sharp edge stays sharp;
- what the print hides: no pen shows on black print, nor on print already dark in
  the colours the pen takes away (a red pen on a crimson label), and blur (measured on
  the photo, :mod:`maps.scan.camera_blur`) and the last fraction of a millimetre of
  misregistration spread every printed edge. The photo is compared with the darkest the
  print gets within that tolerance, ink is measured as the share of light it takes
  away, and marks are grouped, joined and ended across print that hides them.

Ink is kept with hysteresis, grouped into marks across gaps of up to 2 mm, and read
mark by mark: the colour from the direction of its absorption (the same for a faint
thin stroke as for a solid dot), the shape by fitting rather than tracing, since print
cuts strokes into pieces: a hole or a ring makes a circle, a solid compact blob a dot,
ink along one smooth curve a line, two straight strokes crossing inside each other a
cross, and anything else is writing, which also takes in the pieces of itself nearby.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from layers.vocabulary import InkColour, MarkShape
from maps.scan.camera_blur import print_blur_mm
from maps.scan.print_registration import grid_to_pixels, register_again_without, register_print, smooth_fill

INK_COLOURS = InkColour.codes()  # red, blue, black, green: what the project stores for a mark
SHAPES = MarkShape.codes()  # dot, cross, circle, line, writing

Box = tuple[float, float, float, float]

# Light. A first paper white per millimetre block, away from print; the final one closed over 7 mm:
# wider than a pen dot or a dense patch of writing, and a closing keeps a shadow's edge in place.
WHITE_BLOCK_MM = 1.0
WHITE_CLOSING_MM = 7.0
SPIKE_MM = 1.0  # paper glimpsed beside print, where blur and misregistration let it through
DIVIDABLE_PRINT = 0.3  # print the photo shows darker than this tells too little of the light
PRINT_CLEARANCE_MM = 0.5
# Comparison: the print as the camera may blur it, darkest within what registration leaves over.
FLAT_PRINT_MM = 0.6  # print this far from any edge shows its own tone, whatever the blur
BLACK_PRINT = 0.3  # print the photo shows darker than this is black: a pen is lost on it
RELATIVE_FLOOR = 0.45  # ink over print darker than this stands out by its absolute darkening only
TOLERANCE_MM = 0.3
SLIVER_MM = 0.5  # how much further off than the tolerance print may lie before its slivers count as ink
SLIVER_WIDTH_MM = 0.7  # a sliver is thinner than a blurred pen stroke
EDGE_MM = 1.0  # the photo's paper edge blends with the table behind it
SETTLED_MM = 0.05  # registered again without the pen, a field that moves less than this is kept
# Darkness beyond the print, as a fraction of the paper white: a ballpoint stroke on white gives
# 0.4-0.8, sensor noise and JPEG 0.02-0.05, a printed colour reproduced a little off up to 0.1.
STRONG_INK = 0.22
FAINT_INK = 0.11
NOISE_MARGIN = 6.0  # thresholds also stay this many noise deviations above the paper
HIDING_PRINT = 0.45  # where the print is darker than this in every channel, a pen cannot show
# Grouping: strokes of one mark are at most 2 mm apart, separate marks 5 mm or more (4.4 mm between
# their blurred ink). Pieces closer than 4 mm are read together: one shape if they make one, else
# writing, whose characters may each look like a cross or a circle on their own.
GROUP_GAP_MM = 2.0
WRITING_GAP_MM = 4.0
LINE_JOIN_GAP_MM = 10.0  # a line runs on under print for up to this long (2.5 times, where it shows faintly)
LINE_JOIN_BAND_MM = 0.75
LINE_JOIN_PIECE_MM = 5.0  # a piece this small beyond a line's end may be its end, whatever it reads as alone
SPECK_MM = 0.8
RING_WIDTH_MM = 2.0  # the widest a circle's ring of ink is, blur and a felt tip included
CROSS_MM = 20.0  # no wider: a cross marks a spot
CORE_SHARE = 0.35
HIDDEN_REACH_MM = 2.0  # print hides a pen: a mark's pieces may lie twice as far apart across it
# Colour: an ink whose absorption varies by less than this across red, green and blue is black.
BLACK_CHROMA = 0.25
# The channels (red, green, blue) each pen takes the light from: print dark in all of them hides it.
ABSORBED_CHANNELS = {InkColour.RED: (1, 2), InkColour.GREEN: (0, 2), InkColour.BLUE: (0, 1), InkColour.BLACK: (0, 1, 2)}
INK_HUES = {InkColour.RED: 0.0, InkColour.GREEN: 135.0, InkColour.BLUE: 235.0}  # degrees, of the light let through


@dataclass(frozen=True)
class PenMark:
    """One mark an officer made on the sheet, in page millimetres from the top-left corner.

    ``x_mm, y_mm`` is the point the mark stands for: a dot's centre, where a cross's strokes
    cross, the centre of the area a circle encloses, a line's midpoint, the centre of
    writing's box. ``size_mm`` is a dot's or circle's diameter, a cross's arm span, a line's
    length, the width of writing's box. ``box_mm`` is (left, top, width, height).
    """

    x_mm: float
    y_mm: float
    colour: str
    shape: str
    size_mm: float
    box_mm: Box


def find_pen_marks(
    photo: np.ndarray,
    printed: np.ndarray,
    px_per_mm: float,
    *,
    valid: np.ndarray | None = None,
    search_mm: Box | None = None,
    ignore_mm: Sequence[Box] = (),
) -> list[PenMark]:
    """The pen marks on a photographed sheet, sorted top to bottom, then left to right.

    ``photo`` is the photo brought back onto the page and ``printed`` the page as printed,
    both (H, W, 3) uint8 RGB at ``px_per_mm``. ``valid`` is False where the photo shows no
    paper; ``search_mm`` limits the search to a box (the map frame), ``ignore_mm`` leaves
    boxes out (markers, the QR code). Boxes are (left, top, width, height) in page mm.
    """
    _check_inputs(photo, printed, px_per_mm, valid)
    page = compare_with_print(photo, printed, px_per_mm, valid, search_mm, ignore_mm)
    return sorted(page.marks(), key=lambda mark: (mark.y_mm, mark.x_mm))


def compare_with_print(photo, printed, px_per_mm, valid=None, search_mm=None, ignore_mm=()) -> _Page:
    """The photo against the print: registered, its light evened out, and where it has ink the print has not.

    Registered twice: the ink the first comparison finds is left out of the second
    registration, where it can no longer pull the print beside it (:mod:`maps.scan.print_registration`).
    """
    paper = np.ones(photo.shape[:2], bool) if valid is None else valid.astype(bool)
    registration = register_print(photo, printed, paper, px_per_mm)
    shift = registration.field
    aligned = _aligned(printed, shift)
    first_white = paper_white(photo, aligned, paper, px_per_mm)
    flat = flat_print(aligned, paper, px_per_mm)
    rendered = cv2.LUT(aligned, tone_curve(aligned, photo, first_white, flat))
    white = light_on_print(photo, rendered, paper, first_white, px_per_mm)
    tones = tone_curve(aligned, photo, white, flat)  # the same tones, against this white
    seen = [
        cv2.divide(channel, white_channel, dtype=cv2.CV_32F) for channel, white_channel in zip(cv2.split(photo), white)
    ]
    blur_px = print_blur_mm(seen, cv2.LUT(aligned, tones), paper, px_per_mm) * px_per_mm
    page = _ink_on(seen, printed, tones, blur_px, shift, paper, px_per_mm, search_mm, ignore_mm)
    if not page.ink.any():
        return page
    without_pen = register_again_without(page.ink, registration, paper, px_per_mm).field
    if np.abs(without_pen - shift).max() <= SETTLED_MM * px_per_mm:
        return page
    return _ink_on(seen, printed, tones, blur_px, without_pen, paper, px_per_mm, search_mm, ignore_mm)


def _aligned(printed: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """The print as the photo shows it, pixel for pixel, by the registration field."""
    height, width = shift.shape[:2]
    map_x = shift[..., 0] + np.arange(width, dtype=np.float32)  # the page pixel each photo pixel shows
    map_y = shift[..., 1] + np.arange(height, dtype=np.float32)[:, None]
    return cv2.remap(printed, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _ink_on(seen, printed, tones, blur_px, shift, paper, px_per_mm, search_mm, ignore_mm) -> _Page:
    """Where the photo (``seen``, a share of the paper white) is darker than the print registered by ``shift``,
    rendered in the photo's ``tones`` and blurred by up to ``blur_px``, can be."""
    rendered = cv2.LUT(_aligned(printed, shift), tones)
    blurred = _blurred(rendered, blur_px)
    expected = cv2.erode(cv2.min(rendered, blurred), _disc(TOLERANCE_MM * px_per_mm))
    evidence = _darker_than_print(seen, expected)
    evidence = cv2.GaussianBlur(evidence, (3, 3), 0)  # sensor noise is per pixel, a stroke is not
    usable = cv2.erode(paper.astype(np.uint8), _disc(EDGE_MM * px_per_mm)).astype(bool)
    # Near the page's border the paper white's closing sees only one side of a shadow's edge.
    border = round(WHITE_CLOSING_MM / 2 * px_per_mm)
    usable[:border] = usable[-border:] = False
    usable[:, :border] = usable[:, -border:] = False
    usable &= _within_page_boxes(shift, px_per_mm, search_mm, ignore_mm)
    evidence[~usable] = 0
    faint, strong = _thresholds(evidence, expected, usable)
    found = _hysteresis(evidence, faint, strong)
    ink = _without_print_slivers(found, evidence, strong, seen, rendered, blur_px, px_per_mm)
    return _Page(px_per_mm, seen, rendered, expected, evidence, faint, ink, found & ~ink, shift)


def flat_print(aligned: np.ndarray, valid: np.ndarray, px_per_mm: float) -> tuple[slice, slice, np.ndarray]:
    """Where the print is flat, the same colour 0.6 mm around, so blur and misregistration do not
    reach: a sixteenth of the pixels, as the rows and columns sampled and the mask among them."""
    size = 2 * max(1, round(FLAT_PRINT_MM * px_per_mm)) + 1
    kernel = np.ones((size, size), np.uint8)
    spread = cv2.subtract(cv2.dilate(aligned, kernel), cv2.erode(aligned, kernel))
    rows, cols = slice(None, None, 4), slice(None, None, 4)
    return rows, cols, (_channel_max(np.ascontiguousarray(spread[rows, cols])) <= 3) & valid[rows, cols]


def tone_curve(aligned: np.ndarray, photo: np.ndarray, white: list[np.ndarray], flat) -> np.ndarray:
    """How the photo shows each printed value, per channel: a (1, 256, 3) table, paper white at 255.

    Printer and camera render tones their own way: a printed mid grey comes out darker
    or lighter, black never black. Learnt from the photo itself where the print is
    ``flat`` (:func:`flat_print`): the mean shown for each value, trimmed of what a pen
    over it made darker; values too rare to learn are interpolated, and below the
    darkest learnt scaled down towards black; the darkest tones are taken as black.
    """
    rows, cols, mask = flat
    sampled = aligned[rows, cols][mask]
    photo_sampled = photo[rows, cols][mask].astype(np.float32)
    levels = np.arange(256)
    curve = np.empty((256, 3))
    for channel in range(3):
        values = sampled[:, channel]
        shown = photo_sampled[:, channel] / white[channel][rows, cols][mask]
        mean = np.bincount(values, shown, 256) / np.maximum(np.bincount(values, minlength=256), 1)
        typical = np.abs(shown - mean[values]) < 0.1
        count = np.bincount(values[typical], minlength=256)
        mean = np.bincount(values[typical], shown[typical], 256) / np.maximum(count, 1)
        known = count >= 30
        if not known.any():
            curve[:, channel] = levels / 255
            continue
        darkest = int(levels[known][0])
        curve[:, channel] = np.interp(levels, levels[known], mean[known])
        curve[:darkest, channel] = mean[darkest] * levels[:darkest] / max(darkest, 1)
        curve[:, channel] = np.maximum.accumulate(curve[:, channel])
    curve[curve < BLACK_PRINT] = 0  # no pen shows on it, and JPEG rings darker than it at its edges
    return np.clip(curve * 255 + 0.5, 0, 255).astype(np.uint8)[None]


def _darker_than_print(seen, expected) -> np.ndarray:
    """How much darker than the print the photo is, in its darkest-hit channel.

    As a fraction of what the print there shows: ink takes away a share of the light,
    whatever is under it. Below a floor, print too dark for that share to stand out of
    the noise counts as the floor.
    """
    shown = np.arange(256, dtype=np.float32) / 255
    per_shown = 1 / np.maximum(shown, RELATIVE_FLOOR)  # (shown - seen) / max(shown, floor), by table
    darker = None
    for seen_channel, expected_channel in zip(seen, cv2.split(expected)):
        scale = cv2.LUT(expected_channel, per_shown)
        channel = cv2.subtract(cv2.LUT(expected_channel, shown * per_shown), cv2.multiply(seen_channel, scale))
        darker = channel if darker is None else cv2.max(darker, channel)
    return darker


def _channel_max(image: np.ndarray) -> np.ndarray:
    red, green, blue = cv2.split(image)
    return cv2.max(cv2.max(red, green), blue)


def _channel_min(image: np.ndarray) -> np.ndarray:
    red, green, blue = cv2.split(image)
    return cv2.min(cv2.min(red, green), blue)


def _check_inputs(photo, printed, px_per_mm, valid) -> None:
    if photo.ndim != 3 or photo.shape[2] != 3 or photo.dtype != np.uint8:
        raise ValueError(f"The photo must be an RGB image of 8-bit values, (H, W, 3); got {photo.shape} {photo.dtype}.")
    if printed.shape != photo.shape or printed.dtype != np.uint8:
        raise ValueError(
            f"The printed page must match the photo brought onto the page: {photo.shape} uint8, "
            f"got {printed.shape} {printed.dtype}. Render the page at the photo's pixels per millimetre."
        )
    if valid is not None and valid.shape != photo.shape[:2]:
        raise ValueError(f"The mask of the photographed paper is {valid.shape}, the photo {photo.shape[:2]}.")
    if not px_per_mm > 0:
        raise ValueError(f"Pixels per millimetre must be positive, not {px_per_mm}.")


def _blurred(image: np.ndarray, sigma_px: float) -> np.ndarray:
    return cv2.GaussianBlur(image, (0, 0), sigma_px) if sigma_px > 0.3 else image


def _disc(radius_px: float) -> np.ndarray:
    size = 2 * max(1, round(radius_px)) + 1
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))


# Light ----------------------------------------------------------------------------------------------------------


def paper_white(photo: np.ndarray, aligned: np.ndarray, valid: np.ndarray, px_per_mm: float) -> list[np.ndarray]:
    """Per channel and pixel, a first estimate of what bare paper looks like in the photo there.

    Per millimetre block, the brightest bare paper in it (no print within 0.5 mm), closed
    over 7 mm so pen dots and dense writing do not pull it down, smoothed, and filled
    across blocks without bare paper from those around them. It follows light that
    changes gradually, not the sharp edge of a sun shadow: :func:`light_on_print` does.
    """
    clearance = 2 * max(1, round(PRINT_CLEARANCE_MM * px_per_mm)) + 1
    printed = (_channel_min(aligned) < 235).astype(np.uint8)
    bare = ((cv2.dilate(printed, np.ones((clearance, clearance), np.uint8)) == 0) & valid).astype(np.uint8)
    smooth = cv2.blur(photo, (3, 3))  # a block's brightest pixel, not its luckiest noise
    block = max(1, round(WHITE_BLOCK_MM * px_per_mm))
    brightest = _block_max(cv2.bitwise_and(smooth, smooth, mask=bare), block).astype(np.float32)
    have = _block_max(bare, block) > 0
    closing = max(3, round(WHITE_CLOSING_MM / WHITE_BLOCK_MM) | 1)
    closed = cv2.morphologyEx(brightest, cv2.MORPH_CLOSE, _disc(closing / 2)).reshape(brightest.shape)
    white = smooth_fill(closed, (closed.max(axis=2) > 0).astype(np.float32) * have, sigma=0.7)
    if not have.any():
        white[:] = 255.0  # no bare paper at all: the photo's own scale is all there is
    origin = (block - 1) / 2
    white = np.clip(white, 1.0, 255.0)
    return [
        cv2.convertScaleAbs(grid_to_pixels(white[..., c], (origin, origin), (block, block), photo.shape[:2])[..., 0])
        for c in range(3)
    ]


def light_on_print(
    photo: np.ndarray, rendered: np.ndarray, valid: np.ndarray, first_white: list[np.ndarray], px_per_mm: float
) -> list[np.ndarray]:
    """Per channel and pixel, the paper white again, now read through the print as well.

    Once the photo's rendering of each printed tone is known, print tells the light as
    well as bare paper does: the photo divided by what the print there renders as is the
    paper white, on either side of a shadow's edge, however sharp and whatever print it
    crosses. Where blur or what is left of misregistration lets paper show beside print,
    the division spikes: opened over 1 mm, those go; closed over 7 mm, pen strokes and
    dots go. Under print too dark to divide by, the first estimate (:func:`paper_white`)
    stands in; where it is too bright beside a sharp edge, on thin print, the opening takes
    it. Outside the paper, the light of the nearest paper does, so a shadow's edge runs on.
    """
    opening = np.ones((2 * round(SPIKE_MM * px_per_mm / 2) + 1,) * 2, np.uint8)
    side = 2 * round(WHITE_CLOSING_MM * px_per_mm / 2) + 1
    closing = np.ones((side, side), np.uint8)
    off_paper = source = None
    if not valid.all() and valid.any():  # off the paper, the light of the nearest paper: a shadow's edge runs on
        _, nearest = cv2.distanceTransformWithLabels(
            (~valid).astype(np.uint8), cv2.DIST_L2, 3, labelType=cv2.DIST_LABEL_PIXEL
        )
        off_paper = np.flatnonzero(~valid)
        source = np.flatnonzero(valid)[nearest.ravel()[off_paper] - 1]  # paper is labelled in raster order, from 1
    white = []
    smooth = cv2.blur(photo, (3, 3))  # the opening would take the noise's low envelope for the paper
    for channel, print_channel, first in zip(cv2.split(smooth), cv2.split(rendered), first_white):
        light = cv2.divide(channel, print_channel, scale=255)  # saturates
        cv2.copyTo(first, (print_channel < DIVIDABLE_PRINT * 255).astype(np.uint8), light)
        if off_paper is not None:
            light.ravel()[off_paper] = light.ravel()[source]
        white.append(
            cv2.max(cv2.morphologyEx(cv2.morphologyEx(light, cv2.MORPH_OPEN, opening), cv2.MORPH_CLOSE, closing), 1)
        )
    return white


def _block_max(image: np.ndarray, block: int) -> np.ndarray:
    """The largest value in each ``block`` x ``block`` tile, tiles from the top-left corner."""
    spread = cv2.dilate(image, np.ones((block, block), np.uint8), borderType=cv2.BORDER_CONSTANT, borderValue=0)
    spread = spread.reshape(image.shape)
    return spread[block // 2 :: block, block // 2 :: block]


# Ink -----------------------------------------------------------------------------------------------------------


def _within_page_boxes(shift, px_per_mm, search_mm, ignore_mm) -> np.ndarray:
    """Which photo pixels show page points inside ``search_mm`` and outside every box of ``ignore_mm``."""
    height, width = shift.shape[:2]
    map_x = shift[..., 0] + np.arange(width, dtype=np.float32)
    map_y = shift[..., 1] + np.arange(height, dtype=np.float32)[:, None]
    reach = int(np.abs(shift).max()) + 2 if shift.size else 2  # how far a page box may lie in the photo

    def inside(box, rows, cols):
        left, top = box[0] * px_per_mm - 0.5, box[1] * px_per_mm - 0.5
        right, bottom = left + box[2] * px_per_mm, top + box[3] * px_per_mm
        x, y = map_x[rows, cols], map_y[rows, cols]
        return (x >= left) & (x <= right) & (y >= top) & (y <= bottom)

    everywhere = (slice(None), slice(None))
    keep = inside(search_mm, *everywhere) if search_mm is not None else np.ones((height, width), bool)
    for box in ignore_mm:
        rows = slice(max(0, int(box[1] * px_per_mm) - reach), max(0, int((box[1] + box[3]) * px_per_mm) + reach + 1))
        cols = slice(max(0, int(box[0] * px_per_mm) - reach), max(0, int((box[0] + box[2]) * px_per_mm) + reach + 1))
        keep[rows, cols] &= ~inside(box, rows, cols)
    return keep


def _thresholds(evidence, expected, usable) -> tuple[float, float]:
    """Faint and strong ink thresholds: the fixed ones, or higher on a noisy photo."""
    every = (slice(None, None, 4), slice(None, None, 4))
    paper = usable[every] & (_channel_min(np.ascontiguousarray(expected[every])) > 200)
    sample = evidence[every][paper]
    if sample.size < 100:
        return FAINT_INK, STRONG_INK
    median = float(np.median(sample))
    noise = 1.4826 * float(np.median(np.abs(sample - median)))
    return max(FAINT_INK, median + NOISE_MARGIN * noise), max(STRONG_INK, median + 2 * NOISE_MARGIN * noise)


def _hysteresis(evidence, faint, strong) -> np.ndarray:
    """Faint ink where it touches strong ink: a whole stroke, but no stroke of noise alone."""
    count, labels = cv2.connectedComponents((evidence > faint).astype(np.uint8), connectivity=8)
    keep = np.zeros(count, bool)
    keep[labels[evidence > strong]] = True
    keep[0] = False
    return keep[labels]


def _without_print_slivers(ink, evidence, strong, seen, rendered, blur_px, px_per_mm) -> np.ndarray:
    """``ink`` less the long thin pieces that all but vanish if the print may lie half a millimetre further off.

    Where registration is off by more than the tolerance, a printed line leaves a sliver
    along its edge. A pen stroke crossing print keeps most of its ink under the wider
    tolerance, and a dot on a line is not long and thin; a pen line drawn right along a
    printed one is lost with the sliver, but it could hardly be told from it.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    reach = (TOLERANCE_MM + SLIVER_MM) * px_per_mm
    margin = round(reach + 3 * blur_px) + 1
    height, width = ink.shape
    cleaned = ink.copy()
    for label in range(1, count):
        left, top, w, h, area = stats[label]
        rows = slice(max(0, top - margin), min(height, top + h + margin))
        cols = slice(max(0, left - margin), min(width, left + w + margin))
        own = labels[rows, cols] == label
        (_, _), (length, thickness), _ = cv2.minAreaRect(np.argwhere(own)[:, ::-1].astype(np.float32))
        length, thickness = max(length, thickness), min(length, thickness)
        if thickness > SLIVER_WIDTH_MM * px_per_mm or length < 3 * max(thickness, 1.0):
            continue
        before = int(((evidence[rows, cols] > strong) & own).sum())
        crop = rendered[rows, cols]
        wide = cv2.erode(cv2.min(crop, _blurred(crop, blur_px)), _disc(reach))
        after = cv2.GaussianBlur(_darker_than_print([plane[rows, cols] for plane in seen], wide), (3, 3), 0)
        if int(((after > strong) & own).sum()) < 0.15 * before:
            cleaned[rows, cols][own] = False
    return cleaned


def _groups(ink: np.ndarray, hidden: np.ndarray, px_per_mm: float) -> list[list[tuple[slice, slice, np.ndarray]]]:
    """Ink pixels as marks: each a list of pieces (a crop and the mark's ink in it).

    Pieces less than 2 mm apart are one mark, and so are pieces up to 4 mm apart across
    print that hides a pen. Marks less than 4 mm apart come as one list, so that
    :meth:`_Page.read` can take the strokes of writing together.
    """
    if not ink.any():
        return []
    distance = cv2.distanceTransform((~ink).astype(np.uint8), cv2.DIST_L2, 3)
    together = (distance <= GROUP_GAP_MM / 2 * px_per_mm) | (hidden & (distance <= HIDDEN_REACH_MM * px_per_mm))
    count, fine, stats, _ = cv2.connectedComponentsWithStats(together.astype(np.uint8), connectivity=8)
    _, coarse = cv2.connectedComponents(together | (distance <= WRITING_GAP_MM / 2 * px_per_mm))
    height, width = ink.shape
    neighbourhoods: dict[int, list] = {}
    for label in range(1, count):
        left, top, w, h, _ = stats[label]
        rows, cols = slice(top, top + h), slice(left, left + w)
        pieces = ink[rows, cols] & (fine[rows, cols] == label)
        if not pieces.any():
            continue
        first = tuple(np.argwhere(pieces)[0])
        neighbourhoods.setdefault(int(coarse[rows, cols][first]), []).append((rows, cols, pieces))
    return list(neighbourhoods.values())


# Reading marks ----------------------------------------------------------------------------------------------------


@dataclass
class _Reading:
    """One mark as read in the photo: its ink, in pieces (a crop and a mask), and what it is, in photo pixels."""

    pieces: list[tuple[slice, slice, np.ndarray]]
    shape: str
    x: float
    y: float
    size: float
    colour: str

    @functools.cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """Left, top, right, bottom: the outer edges of the outermost ink pixels."""
        edges = []
        for rows, cols, ink in self.pieces:
            ys, xs = np.nonzero(ink)
            edges.append((xs.min() + cols.start, ys.min() + rows.start, xs.max() + cols.start, ys.max() + rows.start))
        left, top, right, bottom = np.array(edges).T
        return left.min() - 0.5, top.min() - 0.5, right.max() + 0.5, bottom.max() + 0.5

    def gap_to(self, other: _Reading) -> float:
        left, top, right, bottom = self.bounds
        other_left, other_top, other_right, other_bottom = other.bounds
        return math.hypot(
            max(0, other_left - right, left - other_right), max(0, other_top - bottom, top - other_bottom)
        )

    def points(self) -> np.ndarray:
        return np.vstack([np.argwhere(ink)[:, ::-1] + (cols.start, rows.start) for rows, cols, ink in self.pieces])


def _extent(reading: _Reading) -> float:
    left, top, right, bottom = reading.bounds
    return max(right - left, bottom - top)


def _united(pieces):
    """The pieces as one crop and mask."""
    rows = slice(min(piece[0].start for piece in pieces), max(piece[0].stop for piece in pieces))
    cols = slice(min(piece[1].start for piece in pieces), max(piece[1].stop for piece in pieces))
    ink = np.zeros((rows.stop - rows.start, cols.stop - cols.start), bool)
    for piece_rows, piece_cols, piece_ink in pieces:
        top, left = piece_rows.start - rows.start, piece_cols.start - cols.start
        ink[top : top + piece_ink.shape[0], left : left + piece_ink.shape[1]] |= piece_ink
    return rows, cols, ink


@dataclass
class _Page:
    """The photo compared with the print, and the reading of its ink as marks."""

    px_per_mm: float
    seen: list[np.ndarray]  # the photo as a share of paper white, per channel
    rendered: np.ndarray  # the print, registered, as the photo shows it
    expected: np.ndarray  # the darkest the print shows within what registration leaves over
    evidence: np.ndarray
    faint: float  # the evidence faint ink has
    ink: np.ndarray
    slivers: np.ndarray  # ink that print half a millimetre further off would explain: print, unless a line runs on
    shift: np.ndarray
    _hidden_from: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def hidden(self) -> np.ndarray:
        """Where the print is too dark in every channel for any pen to show on it."""
        return _channel_max(self.expected) < HIDING_PRINT * 255

    def hidden_from(self, colour: str) -> np.ndarray:
        """Where the print hides a pen of ``colour``: it is already dark in every channel that pen darkens,
        as a crimson label hides a red pen, whatever it lets through in the others."""
        if colour not in self._hidden_from:
            darkened = [np.ascontiguousarray(self.expected[..., channel]) for channel in ABSORBED_CHANNELS[colour]]
            self._hidden_from[colour] = functools.reduce(cv2.max, darkened) < HIDING_PRINT * 255
        return self._hidden_from[colour]

    def marks(self) -> list[PenMark]:
        readings = [
            reading for pieces in _groups(self.ink, self.hidden, self.px_per_mm) for reading in self.read(pieces)
        ]
        readings = self.lines_joined(self.writing_joined(readings))
        return [self.on_page(reading) for reading in readings]

    def read(self, neighbourhood) -> list[_Reading]:
        """The mark that pieces close to each other make: one shape if together they make one (a line
        the pen skipped on), else writing."""
        readings = [reading for reading in (self.reading([piece]) for piece in neighbourhood) if reading is not None]
        if len(readings) < 2:
            return readings
        together = self.reading([piece for reading in readings for piece in reading.pieces])
        if together is not None and together.shape in (MarkShape.CIRCLE, MarkShape.CROSS, MarkShape.LINE):
            return [together]
        return [self.writing(readings)]

    def reading(self, pieces) -> _Reading | None:
        rows, cols, ink = _united(pieces)
        shape = describe_shape(ink, self.evidence[rows, cols], self.hidden[rows, cols], self.px_per_mm)
        if shape is None:
            return None
        kind, x, y, size = shape
        return _Reading(pieces, kind, x + cols.start, y + rows.start, size, self.colour(pieces))

    def writing(self, readings: list[_Reading]) -> _Reading:
        pieces = [piece for reading in readings for piece in reading.pieces]
        whole = _Reading(pieces, MarkShape.WRITING, 0.0, 0.0, 0.0, self.colour(pieces))
        left, top, right, bottom = whole.bounds
        whole.x, whole.y, whole.size = (left + right) / 2 - 0.5, (top + bottom) / 2 - 0.5, right - left
        return whole

    def writing_joined(self, readings: list[_Reading]) -> list[_Reading]:
        """Writing with what lies beside it closer than half a character and is no larger than one:
        characters sit that close. Across print that hides the pen, twice as far."""
        reach = WRITING_GAP_MM * self.px_per_mm
        for writing in readings:
            if writing.shape != MarkShape.WRITING:
                continue
            height = writing.bounds[3] - writing.bounds[1]
            close = min(reach, 0.6 * height)
            beside = [
                other
                for other in readings
                if other is not writing
                and _extent(other) <= 1.5 * height  # a character's stroke: never a long line or a large circle
                and (
                    writing.gap_to(other) <= close
                    # print hides a pen: strokes may lie twice as far apart across it
                    or (writing.gap_to(other) <= 2 * close and self._bridged(writing, other, 2 * reach))
                )
            ]
            if beside:
                rest = [other for other in readings if other is not writing and all(other is not b for b in beside)]
                return self.writing_joined(rest + [self.writing([writing, *beside])])
        return readings

    def lines_joined(self, readings: list[_Reading]) -> list[_Reading]:
        """Lines with the pieces of themselves that print, or a faint stretch, has cut off.

        A pen line whose end runs along a printed line is taken for a sliver of that print
        (:func:`_without_print_slivers`) where it leaves the print; on the line's own
        continuation, such a sliver is the line's end.
        """
        for line in readings:
            if line.shape != MarkShape.LINE:
                continue
            for other in readings + self.sliver_readings:
                left, top, right, bottom = other.bounds
                small = max(right - left, bottom - top) <= LINE_JOIN_PIECE_MM * self.px_per_mm
                # A small piece has too little ink to tell its colour by; a line must have the same.
                if other is line or not (small or (other.shape == MarkShape.LINE and other.colour == line.colour)):
                    continue
                if not self._continues(line, other):
                    continue
                whole = self.reading(line.pieces + other.pieces)
                if whole is not None and whole.shape == MarkShape.LINE:
                    rest = [reading for reading in readings if reading is not line and reading is not other]
                    return self.lines_joined(rest + [whole])
        return readings

    @functools.cached_property
    def sliver_readings(self) -> list[_Reading]:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(self.slivers.astype(np.uint8), connectivity=8)
        readings = []
        for label in range(1, count):
            left, top, width, height, _ = stats[label]
            rows, cols = slice(top, top + height), slice(left, left + width)
            reading = self.reading([(rows, cols, labels[rows, cols] == label)])
            if reading is not None:
                readings.append(reading)
        return readings

    def _continues(self, line: _Reading, other: _Reading) -> bool:
        """Whether ``other`` lies on the line's own continuation, beyond an end, across print or faint ink."""
        points = line.points().astype(float)
        centre, axis = _principal_axis(points, np.ones(len(points)))
        normal = np.array([-axis[1], axis[0]])
        beyond = other.points().astype(float) - centre
        along, further = (points - centre) @ axis, beyond @ axis
        if further.min() > along.max():
            start, end = along.max(), further.min()
        elif further.max() < along.min():
            start, end = further.max(), along.min()
        else:
            return False
        if end - start > LINE_JOIN_GAP_MM * self.px_per_mm * 2.5:
            return False
        # A hand's line bends a little: the further the piece, the further off the straight extension.
        if np.abs(beyond @ normal).max() > LINE_JOIN_BAND_MM * self.px_per_mm + 0.3 * (end - start):
            return False
        shown = self._shown_between(centre + start * axis, centre + end * axis, self.hidden_from(line.colour))
        # A short gap may be bare here and there; a long one must show the pen (or hide it) nearly all along.
        return bool(shown >= (0.7 if end - start <= LINE_JOIN_GAP_MM * self.px_per_mm else 0.9))

    def _shown_between(self, start: np.ndarray, end: np.ndarray, hidden: np.ndarray) -> float:
        """The share of the straight way from ``start`` to ``end`` (photo pixels) where a pen could have run
        unseen as ink: ``hidden`` by print, or showing, if too faintly to count as ink alone."""
        length = float(np.hypot(*(end - start)))
        samples = start + np.linspace(0, 1, max(3, int(length)))[:, None] * (end - start)
        normal = np.array([start[1] - end[1], end[0] - start[0]]) / max(length, 1e-9)
        shown = np.zeros(len(samples), bool)
        for side in (-1, 0, 1):  # a hand's stroke strays a pixel either way
            cols = np.clip(np.round(samples[:, 0] + side * normal[0]).astype(int), 0, self.ink.shape[1] - 1)
            rows = np.clip(np.round(samples[:, 1] + side * normal[1]).astype(int), 0, self.ink.shape[0] - 1)
            shown |= hidden[rows, cols] | (self.evidence[rows, cols] > self.faint / 2)
        return float(shown.mean())

    def _bridged(self, writing: _Reading, other: _Reading, reach: float) -> bool:
        """Whether a stroke may have run under print from ``writing`` to ``other``: the nearest of their ink that
        reaches print hiding the pen lies within ``reach`` (photo pixels), and that print, or faint ink, is
        nearly all the way between."""
        # A stroke that runs under print shows up to what blur and registration leave of the print's edge.
        near = _disc(TOLERANCE_MM * self.px_per_mm)
        hidden = cv2.dilate(self.hidden_from(writing.colour).astype(np.uint8), near).astype(bool)
        ends = []
        for reading in (writing, other):
            points = reading.points()
            points = points[hidden[points[:, 1], points[:, 0]]].astype(float)
            if not len(points):
                return False
            ends.append(points[:: max(1, len(points) // 500)])
        ours, theirs = ends
        distance = np.hypot(ours[:, None, 0] - theirs[None, :, 0], ours[:, None, 1] - theirs[None, :, 1])
        near, far = np.unravel_index(int(distance.argmin()), distance.shape)
        return distance[near, far] <= reach and self._shown_between(ours[near], theirs[far], hidden) >= 0.9

    def on_page(self, reading: _Reading) -> PenMark:
        """The mark moved from the photo onto the page by the registration field, in millimetres."""
        row = min(max(round(reading.y), 0), self.shift.shape[0] - 1)
        col = min(max(round(reading.x), 0), self.shift.shape[1] - 1)
        dx, dy = (float(v) for v in self.shift[row, col])
        left, top, right, bottom = reading.bounds
        mm = 1 / self.px_per_mm
        box = tuple(
            float(v) for v in ((left + dx + 0.5) * mm, (top + dy + 0.5) * mm, (right - left) * mm, (bottom - top) * mm)
        )
        x_mm, y_mm = float((reading.x + dx + 0.5) * mm), float((reading.y + dy + 0.5) * mm)
        return PenMark(x_mm, y_mm, str(reading.colour), str(reading.shape), float(reading.size * mm), box)

    def colour(self, pieces) -> str:
        """The ink's colour from the light it absorbs, pixel by pixel against the print under it."""
        absorbed = []
        for rows, cols, ink in pieces:
            under = self.rendered[rows, cols][ink].astype(np.float32) / 255
            seen = np.stack([channel[rows, cols][ink] for channel in self.seen], axis=1)
            strength = self.evidence[rows, cols][ink]
            light_under = under.min(axis=1) > 0.5  # on dark print, the ink's colour is lost
            if light_under.sum() >= 5:
                under, seen, strength = under[light_under], seen[light_under], strength[light_under]
            absorbed.append((1 - np.clip(seen / np.maximum(under, 0.05), 0, 1)) * strength[:, None])
        return ink_colour(np.concatenate(absorbed).sum(axis=0))


def ink_colour(absorption: np.ndarray) -> InkColour:
    """The pen colour of an ink absorbing ``absorption`` (red, green, blue; any scale).

    A thin or faint stroke absorbs less than a solid one but in the same proportions,
    so only the direction counts: flat is black; otherwise the hue of the light the
    ink lets through, nearest of red, green and blue.
    """
    absorption = np.maximum(np.asarray(absorption, float), 0)
    if absorption.max() <= 0:
        return InkColour.BLACK
    chroma = (absorption.max() - absorption.min()) / absorption.max()
    if chroma < BLACK_CHROMA:
        return InkColour.BLACK
    red, green, blue = -absorption
    hue = math.degrees(math.atan2(math.sqrt(3) * (green - blue), 2 * red - green - blue)) % 360
    return min(INK_HUES, key=lambda name: abs((hue - INK_HUES[name] + 180) % 360 - 180))


def describe_shape(ink: np.ndarray, evidence: np.ndarray, hidden: np.ndarray, px_per_mm: float):
    """(shape, x, y, size) of one mark's ink in its crop, in crop pixels; None for a speck.

    Read by fitting, not by tracing, because print cuts strokes into pieces: a closed
    hole or a ring-shaped fit (the gaps where ``hidden`` print covers it allowed) is a
    circle, a solid compact blob a dot, ink along one smooth curve a line, ink along two
    straight strokes crossing inside both a cross; anything else is writing.
    """
    ys, xs = np.nonzero(ink)
    extent = max(xs.max() - xs.min(), ys.max() - ys.min()) + 1
    if extent < SPECK_MM * px_per_mm:
        return None
    # The faint edge of a stroke is blur, and JPEG adds faint hairs along it: shapes are read from
    # the stroke's core, where the ink is at least a third as dark as where it covers the paper fully.
    full = float(np.percentile(evidence[ys, xs], 90))
    core = ink & (evidence >= CORE_SHARE * full)
    ys, xs = np.nonzero(core)
    points = np.c_[xs, ys].astype(float)
    weight = evidence[ys, xs]
    stroke = _stroke_width(core)
    extent = max(xs.max() - xs.min(), ys.max() - ys.min()) + 1
    hole = _enclosed(ink.astype(np.uint8), px_per_mm)
    if hole is not None:
        area, x, y = hole
        return MarkShape.CIRCLE, x, y, 2 * math.sqrt(area / math.pi) + stroke
    hull = cv2.convexHull(points.astype(np.int32))
    solid = np.zeros(ink.shape, np.uint8)
    cv2.fillConvexPoly(solid, hull, 1)
    inside = float(solid.sum())
    own = float((solid & ink).sum())
    solid &= ink | hidden  # a dot on a printed line shows as two halves; the line hides the rest
    covered = float(weight.sum()) / full + float((solid & ~ink).sum())
    diameter = 2 * math.sqrt(covered / math.pi)
    thickness = 2 * float(cv2.distanceTransform(core.astype(np.uint8), cv2.DIST_L2, 3).max())
    compact = extent < 1.6 * max(diameter, 1.0) and extent < 6.5 * px_per_mm and thickness > 0.25 * extent
    if compact and own > 0.5 * inside and solid.sum() > 0.8 * inside:
        x, y = (points * weight[:, None]).sum(axis=0) / weight.sum()
        return MarkShape.DOT, float(x), float(y), diameter
    readings = (_ring, _curve, _two_strokes) if extent <= CROSS_MM * px_per_mm else (_ring, _curve)
    for reading in readings:
        found = reading(points, weight, stroke, hidden, px_per_mm)
        if found is not None:
            return found
    return MarkShape.WRITING, (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2, float(xs.max() - xs.min() + 1)


def _stroke_width(ink) -> float:
    """Typical width of the strokes (pixels): twice the distance to the edge along their middles."""
    depth = cv2.distanceTransform(ink.astype(np.uint8), cv2.DIST_L2, 3)
    ridge = (depth > 0) & (depth >= cv2.dilate(depth, np.ones((3, 3), np.uint8)))
    return max(1.0, 2 * float(np.median(depth[ridge]))) if ridge.any() else 1.0


def _enclosed(ink, px_per_mm):
    """(area, x, y) of the area the ink encloses if it is round and most of the mark, else None."""
    sealed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, _disc(0.3 * px_per_mm))
    outside = np.pad(sealed, 1)
    cv2.floodFill(outside, None, (0, 0), 2)
    holes = (outside == 0)[1:-1, 1:-1].astype(np.uint8)
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(holes, connectivity=4)
    if count < 2:
        return None
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    area = float(stats[largest, cv2.CC_STAT_AREA])
    if area < math.pi * px_per_mm**2 or area < 0.3 * (float(sealed.sum()) + float(holes.sum())):
        return None
    outline = np.argwhere(labels == largest)[:, ::-1].astype(np.float32)
    _, radius = cv2.minEnclosingCircle(outline)
    if area < 0.72 * math.pi * (radius + 0.5) ** 2:  # a square or a slit is not what a circle encloses
        return None
    # A circle's ink hugs what it encloses: a mark beside it, or a tail drawn on, is not the circle.
    away = cv2.distanceTransform((labels != largest).astype(np.uint8), cv2.DIST_L2, 3)[ink > 0]
    if np.mean(away <= RING_WIDTH_MM * px_per_mm) < 0.85:
        return None
    return area, float(centroids[largest][0]), float(centroids[largest][1])


def _ring(points, weight, stroke, hidden, px_per_mm):
    """A circle whose ring print has broken: ink close to one circle all around, gaps only under print."""
    x, y = points[:, 0], points[:, 1]
    design = np.c_[x, y, np.ones_like(x)] * weight[:, None]
    solution, *_ = np.linalg.lstsq(design, -(x**2 + y**2) * weight, rcond=None)
    cx, cy = -solution[0] / 2, -solution[1] / 2
    radius_sq = cx**2 + cy**2 - solution[2]
    if radius_sq < (1.5 * px_per_mm) ** 2:
        return None
    radius = math.sqrt(radius_sq)
    distance = np.hypot(x - cx, y - cy)
    if np.average(np.abs(distance - radius) <= stroke / 2 + 0.12 * radius, weights=weight) < 0.9:
        return None
    sectors = 24
    angle = np.arctan2(y - cy, x - cx)
    inked = np.bincount(((angle + np.pi) / (2 * np.pi) * sectors).astype(int) % sectors, minlength=sectors) > 0
    middles = (np.arange(sectors) + 0.5) / sectors * 2 * np.pi - np.pi
    col = np.clip(np.round(cx + radius * np.cos(middles)).astype(int), 0, hidden.shape[1] - 1)
    row = np.clip(np.round(cy + radius * np.sin(middles)).astype(int), 0, hidden.shape[0] - 1)
    if (inked | hidden[row, col]).mean() < 0.9 or inked.mean() < 0.6:
        return None
    (ex, ey), axes, _ = cv2.fitEllipse(points.astype(np.float32))
    return MarkShape.CIRCLE, float(ex), float(ey), float(np.mean(axes))


def _principal_axis(points, weight):
    centre = (points * weight[:, None]).sum(axis=0) / weight.sum()
    offsets = points - centre
    _, vectors = np.linalg.eigh((offsets * weight[:, None]).T @ offsets)
    return centre, vectors[:, 1]


def _curve(points, weight, stroke, hidden, px_per_mm):
    """A line: all the ink along one gently bent curve, much longer than wide."""
    centre, axis = _principal_axis(points, weight)
    normal = np.array([-axis[1], axis[0]])
    along = (points - centre) @ axis
    across = (points - centre) @ normal
    length = float(along.max() - along.min()) + 1
    if length < max(4 * stroke, 3 * px_per_mm):
        return None
    scale = length / 2
    basis = np.c_[np.ones_like(along), along / scale, (along / scale) ** 2]
    coefficients, *_ = np.linalg.lstsq(basis * weight[:, None], across * weight, rcond=None)
    residual = across - basis @ coefficients
    band = stroke / 2 + max(0.25 * px_per_mm, 0.01 * length)
    if np.average(np.abs(residual) <= band, weights=weight) < 0.95 or abs(coefficients[2]) > 0.15 * length:
        return None
    middle = (along.min() + along.max()) / 2
    offset = coefficients @ np.array([1.0, middle / scale, (middle / scale) ** 2])
    point = centre + middle * axis + offset * normal
    return MarkShape.LINE, float(point[0]), float(point[1]), length - stroke


def _strongest_line(points, band):
    """The straight band of half-width ``band`` holding the most ink: (point on it, direction, inliers)."""
    angles = np.radians(np.arange(0, 180, 2.0))
    normals = np.c_[np.cos(angles), np.sin(angles)]
    rho = points @ normals.T
    low = rho.min()
    bins = (rho - low).astype(int)
    count = int(bins.max()) + 1
    votes = np.bincount((np.arange(len(angles)) * count + bins).ravel(), minlength=len(angles) * count)
    width = 2 * int(round(band)) + 1
    running = np.cumsum(np.pad(votes.reshape(len(angles), count), ((0, 0), (width, 0))), axis=1)
    windows = running[:, width:] - running[:, :-width]
    best_angle, best_bin = np.unravel_index(int(windows.argmax()), windows.shape)
    normal = normals[best_angle]
    distance = low + best_bin - (width - 1) / 2 + 0.5
    centre, direction = normal * distance, np.array([-normal[1], normal[0]])
    inliers = np.abs(points @ normal - distance) <= band
    for _ in range(2):  # refine the direction on the inliers themselves
        if inliers.sum() < 2:
            break
        centre, direction = _principal_axis(points[inliers], np.ones(int(inliers.sum())))
        inliers = np.abs((points - centre) @ np.array([-direction[1], direction[0]])) <= band
    return centre, direction, inliers


def _two_strokes(points, weight, stroke, hidden, px_per_mm):
    """A cross: nearly all the ink on two straight strokes that cross well inside each other."""
    band = stroke / 2 + 0.15 * px_per_mm + 0.5
    first_centre, first, first_ink = _strongest_line(points, band)
    rest = ~first_ink
    if rest.sum() < 3:
        return None
    second_centre, second, _ = _strongest_line(points[rest], band)
    second_ink = np.abs((points - second_centre) @ np.array([-second[1], second[0]])) <= band
    if np.average(first_ink | second_ink, weights=weight) < 0.92:
        return None
    sine = abs(first[0] * second[1] - first[1] * second[0])
    if sine < math.sin(math.radians(30)):
        return None
    along = np.linalg.solve(np.c_[first, -second], second_centre - first_centre)
    crossing = first_centre + along[0] * first
    spans = []
    for centre, direction, ink in ((first_centre, first, first_ink), (second_centre, second, second_ink)):
        position = (points[ink] - centre) @ direction
        at = float((crossing - centre) @ direction)
        low, high = float(position.min()), float(position.max())
        # Strokes running on under print would make a T a cross as readily as they complete a cross
        # half under a label: only what shows counts, and a half-hidden cross stays writing.
        if high - low < 2.5 * stroke or not low + 0.15 * (high - low) < at < high - 0.15 * (high - low):
            return None
        spans.append(high - low + 1 - stroke)
    return MarkShape.CROSS, float(crossing[0]), float(crossing[1]), float(np.mean(spans))
