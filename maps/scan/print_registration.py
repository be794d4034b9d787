"""The printed page registered onto the photo: per photo pixel, the page point it shows.

The marker homography and the flattening of the paper (:mod:`maps.scan.page_fit`) leave
up to half a millimetre between photo and print, and crumpled paper up to 1.5 mm
locally: enough for every printed edge to leave a sliver that reads as ink. A smooth
displacement field, measured block by block against the print's own content, closes it.

It has a module of its own because it runs twice. The first time it cannot tell a pen
stroke lying beside or across a printed line from that line, and a block holding both
is pulled towards the pen: the print then seems to bend under the mark, and what is
left of the line joins the mark and moves it. Once the ink is known, the field is
measured again without it (:func:`register_again_without`), and the comparison
with the print is made again where the field moved.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import cv2
import numpy as np
from scipy import fft

# Registration. Blocks of 16 mm hold enough print to match almost anywhere on a map; a step of
# 8 mm follows the bulges of crumpled paper, which span a few centimetres.
REGISTRATION_PX_PER_MM = 4.0
REGISTRATION_BLOCK_MM = 16.0
REGISTRATION_STEP_MM = 8.0
LOCAL_REACH_MM = 3.0  # how far crumpled paper moves print from the page-wide shift
OUTLIER_MM = 0.4  # a block this far from its neighbours' median matched something else
PEN_PULL_MM = 1.0  # the furthest a pen beside or across print pulls that print's match
PEN_FRINGE_MM = 0.3  # a stroke's blurred edge, too faint to count as ink, still pulls a match


@dataclass(frozen=True, eq=False)
class PrintRegistration:
    """Where the print lies in the photo: per photo pixel, and per block as measured."""

    field: np.ndarray
    """(H, W, 2) float32: per photo pixel, the offset (x, y, page pixels) to the page point it shows."""
    block_shift: np.ndarray
    """(rows, cols, 2): each block's shift from photo to print, in pixels at ``REGISTRATION_PX_PER_MM``."""
    block_known: np.ndarray
    """(rows, cols, 2, 2): the directions each block's shift is known in (see :func:`_block_shifts`)."""
    page_shift: np.ndarray
    """(x, y): the shift all the blocks together peak at, which each block's match stays within reach of."""
    matched: tuple[np.ndarray, np.ndarray] | None
    """The photo's and the print's darkness as matched, at ``REGISTRATION_PX_PER_MM``."""


def register_print(photo: np.ndarray, printed: np.ndarray, valid: np.ndarray, px_per_mm: float) -> PrintRegistration:
    """The printed page registered onto the photo (``valid`` is False where the photo shows no paper).

    Each 16 mm block of the photo is matched with the print by phase correlation, which
    weighs every spatial frequency alike, so uneven light and a pen mark in the block
    count for little. A block with print in two directions gives its whole shift; a block
    with a single straight line only the shift across the line, which is the one that
    would leave a sliver of the line behind as ink. Blocks whose match is ambiguous or
    disagrees with their neighbours are dropped; the rest are smoothed into a field, each
    weighed in the directions it knows, and the field is filled across the gaps.
    """
    grid = _BlockGrid(photo.shape[:2], px_per_mm)
    if not grid.fits:
        nothing = np.zeros((*photo.shape[:2], 2), np.float32)
        return PrintRegistration(nothing, np.zeros((0, 0, 2)), np.zeros((0, 0, 2, 2)), np.zeros(2), None)
    photo_dark, printed_dark = _darkness(photo, printed, grid)
    shift, known, page_shift = _block_shifts(photo_dark, printed_dark, grid.block, grid.step)
    return PrintRegistration(grid.field(shift, known, valid), shift, known, page_shift, (photo_dark, printed_dark))


def register_again_without(
    pen: np.ndarray, first: PrintRegistration, valid: np.ndarray, px_per_mm: float
) -> PrintRegistration:
    """The registration measured again without the ``pen`` (photo pixels, bool) found with the ``first``.

    The pen is left out of the photo, so a stroke across or along a printed line no
    longer pulls that line's block, and out of the print where the first field puts it,
    or the edge of what the pen covers would be a feature of the photo alone. Only
    blocks the pen reaches are measured again, and only a match that stands out replaces
    the first: in a block of little print, the pen may have left too little to match, and
    the field there would be filled from blocks far away.
    """
    grid = _BlockGrid(pen.shape, px_per_mm)
    if first.matched is None or not pen.any():
        return first
    photo_dark, printed_dark = (darkness.copy() for darkness in first.matched)
    fringe = 2 * max(1, round(PEN_FRINGE_MM * px_per_mm)) + 1
    inked = cv2.dilate(pen.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (fringe, fringe)))
    inked = cv2.resize(inked, grid.small_size, interpolation=cv2.INTER_AREA) > 0
    photo_dark[inked] = 0
    printed_dark[_on_page(inked, first.field, grid.scale)] = 0
    # What the pen reaches is measured again: a match the pen pulled is as good as its print without
    # the pen, and none if that is ambiguous. A pen pulls a match by less than a millimetre: a block
    # that moves further has matched the edge of what was left out. So has a block that had no match,
    # with less of its print to go by now, unless it finds one where the first field already puts it.
    reached = grid.blocks_of(inked)
    if not reached.any():
        return first
    shift, known, _ = _block_shifts(photo_dark, printed_dark, grid.block, grid.step, reached, first.page_shift)
    had_match = np.trace(first.block_known, axis1=2, axis2=3) > 0
    pulled = np.hypot(*(shift - first.block_shift).transpose(2, 0, 1))
    moved = np.hypot(*(shift - grid.at_blocks(first.field)).transpose(2, 0, 1))
    known[had_match & (pulled > PEN_PULL_MM * REGISTRATION_PX_PER_MM)] = 0
    known[~had_match & (moved > OUTLIER_MM * REGISTRATION_PX_PER_MM)] = 0
    shift = np.where(reached[..., None], shift, first.block_shift)
    known = np.where(reached[..., None, None], known, first.block_known)
    return PrintRegistration(grid.field(shift, known, valid), shift, known, first.page_shift, first.matched)


@dataclass(frozen=True)
class _BlockGrid:
    """The blocks a photo of ``shape`` (full pixels, at ``px_per_mm``) is matched in, and the field they make."""

    shape: tuple[int, int]
    px_per_mm: float

    @property
    def small_size(self) -> tuple[int, int]:
        """(width, height) of the photo at ``REGISTRATION_PX_PER_MM``."""
        height, width = self.shape
        scale = REGISTRATION_PX_PER_MM / self.px_per_mm
        return max(1, round(width * scale)), max(1, round(height * scale))

    @property
    def scale(self) -> tuple[float, float]:
        return self.shape[1] / self.small_size[0], self.shape[0] / self.small_size[1]

    @property
    def block(self) -> int:
        return round(REGISTRATION_BLOCK_MM * REGISTRATION_PX_PER_MM)

    @property
    def step(self) -> int:
        return round(REGISTRATION_STEP_MM * REGISTRATION_PX_PER_MM)

    @property
    def fits(self) -> bool:
        return min(self.small_size) >= self.block

    def blocks_of(self, mask: np.ndarray) -> np.ndarray:
        """Per block, whether any (small) pixel of ``mask`` lies in it."""
        windows = np.lib.stride_tricks.sliding_window_view(mask, (self.block, self.block))[:: self.step, :: self.step]
        return windows.any(axis=(2, 3))

    def at_blocks(self, field: np.ndarray) -> np.ndarray:
        """A field over the photo's pixels, read at the blocks' centres, in pixels at ``REGISTRATION_PX_PER_MM``."""
        scale_x, scale_y = self.scale
        rows = np.arange(0, self.small_size[1] - self.block + 1, self.step) + self.block / 2 - 0.5
        cols = np.arange(0, self.small_size[0] - self.block + 1, self.step) + self.block / 2 - 0.5
        rows = np.clip(np.round((rows + 0.5) * scale_y - 0.5).astype(int), 0, self.shape[0] - 1)
        cols = np.clip(np.round((cols + 0.5) * scale_x - 0.5).astype(int), 0, self.shape[1] - 1)
        return field[rows[:, None], cols[None, :]] / np.array([scale_x, scale_y], np.float32)

    def field(self, shift: np.ndarray, known: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """The blocks' shifts smoothed into a field over every photo pixel."""
        block, step = self.block, self.step
        known = known.copy()
        small_valid = cv2.resize(valid.astype(np.uint8), self.small_size, interpolation=cv2.INTER_NEAREST)
        inside = np.lib.stride_tricks.sliding_window_view(small_valid, (block, block))[::step, ::step].mean(axis=(2, 3))
        known[inside <= 0.9] = 0
        tolerance = OUTLIER_MM * REGISTRATION_PX_PER_MM
        whole = np.trace(known, axis1=2, axis2=3) > 1.5
        agreeing = _agrees_with_neighbours(shift, whole, tolerance)
        known[whole & ~agreeing] = 0
        rough = smooth_fill(shift, (whole & agreeing).astype(np.float32), sigma=1.0)
        # A pen line beside a printed one can make a block match the wrong line: each block must agree,
        # in the directions it knows, with the field all the blocks make.
        for _ in range(2):
            off = shift - _directional_fill(shift, known, rough, sigma=0.7)
            known[np.einsum("...i,...ij,...j->...", off, known, off) > tolerance**2] = 0
        field = _directional_fill(shift, known, rough, sigma=0.7)
        scale_x, scale_y = self.scale
        field *= np.array([scale_x, scale_y], np.float32)
        # Block (i, j) is centred on small pixel (j * step + block / 2 - 0.5, ...).
        origin = ((block / 2) * scale_x - 0.5, (block / 2) * scale_y - 0.5)
        return grid_to_pixels(field, origin, (step * scale_x, step * scale_y), self.shape)


def _darkness(photo: np.ndarray, printed: np.ndarray, grid: _BlockGrid) -> tuple[np.ndarray, np.ndarray]:
    """What is matched: the photo's and the print's darkness at ``REGISTRATION_PX_PER_MM``.

    The photo's darkness against its own paper nearby, so that light and shade read as
    none; then darkness further from print than print can have moved is pen, and a pen
    dot beside a lone printed line would make the line's match ambiguous: only what may
    be print is matched.
    """

    def darkness(image):
        grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
        return 1 - cv2.resize(grey, grid.small_size, interpolation=cv2.INTER_AREA).astype(np.float32) / 255

    photo_dark, printed_dark = darkness(photo), darkness(printed)
    reach = round(LOCAL_REACH_MM * REGISTRATION_PX_PER_MM)
    within_reach = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1))
    paper_light = cv2.GaussianBlur(cv2.erode(photo_dark, within_reach), (0, 0), reach / 2)
    photo_dark = np.maximum(photo_dark - paper_light, 0)
    near_print = cv2.dilate((printed_dark > 0.1).astype(np.uint8), within_reach).astype(np.float32)
    photo_dark *= cv2.GaussianBlur(near_print, (0, 0), 2.0)
    return photo_dark, printed_dark


def _on_page(mask: np.ndarray, shift: np.ndarray, scale: tuple[float, float]) -> np.ndarray:
    """A mask of (small) photo pixels moved to the page pixels they show by ``shift`` (full-size photo pixels)."""
    height, width = mask.shape
    small_shift = cv2.resize(shift, (width, height), interpolation=cv2.INTER_AREA) / np.array(scale, np.float32)
    # The page pixel q shows the photo pixel q - shift, near enough for a field this smooth.
    map_x = np.arange(width, dtype=np.float32) - small_shift[..., 0]
    map_y = np.arange(height, dtype=np.float32)[:, None] - small_shift[..., 1]
    return cv2.remap(mask.astype(np.uint8), map_x, map_y, cv2.INTER_NEAREST) > 0


def _block_shifts(photo_dark, printed_dark, block, step, only=None, page_shift=None):
    """Per block, the shift (x, y, small pixels) from photo to print, the directions it is known in, and the
    shift of the whole page.

    Known directions come as a 2 x 2 matrix: the identity where the match stands out,
    the projection across the line where the print is one straight line, zero where
    the match is ambiguous. With ``only`` (rows, cols of bool), just those blocks are
    matched, within reach of the ``page_shift`` already known; the others come as unknown.
    """
    windows = np.lib.stride_tricks.sliding_window_view
    photo_blocks = windows(photo_dark, (block, block))[::step, ::step]
    print_blocks = windows(printed_dark, (block, block))[::step, ::step]
    rows, cols = photo_blocks.shape[:2]
    chosen = np.ones(rows * cols, bool) if only is None else only.reshape(-1)
    taper = np.outer(np.hanning(block), np.hanning(block)).astype(np.float32)

    def spectrum(blocks):
        blocks = blocks.reshape(rows * cols, block, block)[chosen]
        return fft.rfft2((blocks - blocks.mean(axis=(1, 2), keepdims=True)) * taper, workers=-1)

    content = print_blocks.std(axis=(2, 3)).reshape(-1)[chosen] > 0.03
    cross = spectrum(photo_blocks) * np.conj(spectrum(print_blocks))
    cross /= np.abs(cross) + np.float32(1e-9)
    # Frequencies below a period of 8 mm are the light; above about 0.6 mm, noise, JPEG and blur.
    radius = np.hypot(np.fft.rfftfreq(block)[None, :], np.fft.fftfreq(block)[:, None]) * REGISTRATION_PX_PER_MM
    band = (np.exp(-((radius / 0.8) ** 2)) * (1 - np.exp(-((radius * 8) ** 2)))).astype(np.float32)
    surface = fft.irfft2(cross * band, s=(block, block), workers=-1)
    # Print repeats (rows of houses, grid lines), so a block may also match a period away. All the
    # blocks together peak at the page's shift; each block looks for its own only within reach of it.
    across, straight = _print_directions(printed_dark, taper, step)
    across, straight = across[chosen], straight[chosen]
    if page_shift is None:
        whole_page = surface[content].sum(axis=0, keepdims=True)
        page_shift = _peaks(whole_page, np.zeros(2), block // 2 - 1, across[:1], np.zeros(1, bool))[0][0]
    found, directions = _peaks(surface, page_shift, round(LOCAL_REACH_MM * REGISTRATION_PX_PER_MM), across, straight)
    directions[~content] = 0
    shift = np.zeros((rows * cols, 2), np.float32)
    known = np.zeros((rows * cols, 2, 2), np.float32)
    shift[chosen], known[chosen] = found, directions
    return shift.reshape(rows, cols, 2), known.reshape(rows, cols, 2, 2), page_shift


def _print_directions(printed_dark, taper, step):
    """Per block, the direction across its print's lines, and whether the print is one straight line.

    From the print's structure tensor: a single line (or parallel ones) has all its
    gradient in one direction. Taken from the clean print, not from the photo's noisy match.
    """
    block = taper.shape[0]
    gradient_x = cv2.Sobel(printed_dark, cv2.CV_32F, 1, 0, ksize=3)
    gradient_y = cv2.Sobel(printed_dark, cv2.CV_32F, 0, 1, ksize=3)
    windows = np.lib.stride_tricks.sliding_window_view
    parts = [
        np.einsum("abij,ij->ab", windows(product, (block, block))[::step, ::step], taper).reshape(-1)
        for product in (gradient_x * gradient_x, gradient_x * gradient_y, gradient_y * gradient_y)
    ]
    tensor = np.stack([np.stack(parts[:2], -1), np.stack(parts[1:], -1)], -2)
    strengths, directions = np.linalg.eigh(tensor)
    return directions[:, :, 1], strengths[:, 0] < 0.15 * strengths[:, 1]


def _peaks(surface, around, reach, across, straight):
    """Per correlation surface, the shift (x, y) from photo to print within ``reach`` of ``around``, and the
    directions the shift is known in (see :func:`_block_shifts`).

    The peak is refined by a quadratic fitted to its 3 x 3 neighbourhood. Where the print
    is ``straight``, its match is a ridge instead of a peak: flat along the line, so its
    position along the line means nothing; ``across`` it, it is as sharp as any peak. A
    match is ambiguous when a second one, away from the peak (or the ridge), is nearly as good.
    """
    count, block = surface.shape[0], surface.shape[1]
    # The peak sits at the photo's displacement from the print: the photo shows the print at minus that.
    centre = np.round(-np.asarray(around, float)).astype(int)
    span = np.arange(-reach - 1, reach + 2)
    offsets_y, offsets_x = centre[1] + span, centre[0] + span
    window = surface[:, (offsets_y % block)[:, None], (offsets_x % block)[None, :]]
    inner = window[:, 1:-1, 1:-1]
    index = np.arange(count)
    peak_y, peak_x = np.divmod(inner.reshape(count, -1).argmax(axis=1), inner.shape[2])
    best = inner[index, peak_y, peak_x]
    three = np.arange(3)
    patch = window[index[:, None, None], peak_y[:, None, None] + three[:, None], peak_x[:, None, None] + three]
    slope = np.stack([patch[:, :, 2].sum(1) - patch[:, :, 0].sum(1), patch[:, 2].sum(1) - patch[:, 0].sum(1)], 1) / 6
    bend_xx = (patch[:, :, 2].sum(1) + patch[:, :, 0].sum(1) - 2 * patch[:, :, 1].sum(1)) / 3
    bend_yy = (patch[:, 2].sum(1) + patch[:, 0].sum(1) - 2 * patch[:, 1].sum(1)) / 3
    bend_xy = (patch[:, 2, 2] - patch[:, 2, 0] - patch[:, 0, 2] + patch[:, 0, 0]) / 4
    sharpness = -np.stack([np.stack([bend_xx, bend_xy], -1), np.stack([bend_xy, bend_yy], -1)], -2)
    sharp_across = np.einsum("ni,nij,nj->n", across, sharpness, across)
    ys = np.arange(inner.shape[1])[None, :, None] - peak_y[:, None, None]
    xs = np.arange(inner.shape[2])[None, None, :] - peak_x[:, None, None]
    distance_across = np.abs(xs * across[:, 0, None, None] + ys * across[:, 1, None, None])
    beside = np.where(straight[:, None, None], distance_across <= 2.5, (np.abs(xs) <= 3) & (np.abs(ys) <= 3))
    second = np.where(beside, -np.inf, inner).reshape(count, -1).max(axis=1)
    is_peak = np.where(straight, sharp_across > 0, np.linalg.eigvalsh(sharpness)[:, 0] > 0)
    stands_out = is_peak & (best > 1.6 * np.maximum(second, 1e-9))
    with np.errstate(divide="ignore", invalid="ignore"):
        step_across = ((slope * across).sum(1) / sharp_across)[:, None] * across
        step_whole = np.linalg.solve(sharpness + 1e-12 * np.eye(2), slope[..., None])[..., 0]
    step = np.nan_to_num(np.clip(np.where(straight[:, None], step_across, step_whole), -0.75, 0.75))
    shift = -np.stack([offsets_x[peak_x + 1], offsets_y[peak_y + 1]], axis=1) - step
    known = np.where(straight[:, None, None], across[:, :, None] * across[:, None, :], np.eye(2))
    known[~stands_out] = 0
    return shift, known


def _agrees_with_neighbours(shift, trusted, tolerance):
    """Whether each block's shift lies within ``tolerance`` of the median of its trusted 5 x 5 neighbours."""
    values = np.where(trusted[..., None], shift, np.nan)
    padded = np.pad(values, ((2, 2), (2, 2), (0, 0)), constant_values=np.nan)
    neighbours = np.lib.stride_tricks.sliding_window_view(padded, (5, 5), axis=(0, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a block with no trusted neighbour has no median
        median = np.nanmedian(neighbours.reshape(*shift.shape, 25), axis=-1)
    return np.hypot(*(shift - median).transpose(2, 0, 1)) <= tolerance


def smooth_fill(values, weight, sigma):
    """``values`` (rows, cols, channels) averaged with ``weight`` at ``sigma`` cells, and filled where none.

    Normalised convolution: the average of what was measured nearby; where nothing was,
    the same at half the resolution, and so on up, so a gap of any size fills from its
    surroundings (with zero if nothing was measured at all).
    """
    shape = weight.shape
    level_values = (values * weight[..., None]).astype(np.float32)
    level_weight = weight.astype(np.float32)
    result = np.zeros(values.shape, np.float32)
    missing = np.ones(shape, bool)
    while True:
        mass = cv2.GaussianBlur(level_weight, (0, 0), sigma, borderType=cv2.BORDER_REPLICATE)
        total = cv2.GaussianBlur(level_values, (0, 0), sigma, borderType=cv2.BORDER_REPLICATE)
        if mass.shape != shape:
            mass = cv2.resize(mass, shape[::-1], interpolation=cv2.INTER_LINEAR)
            total = cv2.resize(total, shape[::-1], interpolation=cv2.INTER_LINEAR)
        enough = missing & (mass > 0.05)
        result[enough] = total.reshape(values.shape)[enough] / mass[enough][:, None]
        missing &= ~enough
        if not missing.any() or min(level_weight.shape) <= 2:
            return result
        half = (max(1, level_weight.shape[1] // 2), max(1, level_weight.shape[0] // 2))
        level_values = cv2.resize(level_values, half, interpolation=cv2.INTER_AREA).reshape(
            half[::-1] + values.shape[2:]
        )
        level_weight = cv2.resize(level_weight, half, interpolation=cv2.INTER_AREA)


def _directional_fill(shift, known, rough, sigma):
    """Shifts smoothed over ``sigma`` cells, each weighed in the directions it is known in (normalised
    convolution with matrix weights); the ``rough`` field decides what no block knows."""
    weighted = np.einsum("...ij,...j->...i", known, shift)
    parts = [known[..., 0, 0], known[..., 0, 1], known[..., 1, 1], weighted[..., 0], weighted[..., 1]]
    m11, m12, m22, r1, r2 = (cv2.GaussianBlur(part, (0, 0), sigma, borderType=cv2.BORDER_REPLICATE) for part in parts)
    prior = 0.05  # how much a cell leans on the rough field: a lone block nearby outweighs it
    m11, m22 = m11 + prior, m22 + prior
    r1, r2 = r1 + prior * rough[..., 0], r2 + prior * rough[..., 1]
    determinant = m11 * m22 - m12 * m12
    return np.dstack([(m22 * r1 - m12 * r2) / determinant, (m11 * r2 - m12 * r1) / determinant]).astype(np.float32)


def grid_to_pixels(grid, origin, step, shape):
    """A grid of values at ``origin + index * step`` (pixels) interpolated to every pixel of ``shape``."""
    height, width = shape
    to_grid = np.array([[1 / step[0], 0, -origin[0] / step[0]], [0, 1 / step[1], -origin[1] / step[1]]], np.float64)
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    result = cv2.warpAffine(grid, to_grid, (width, height), flags=flags, borderMode=cv2.BORDER_REPLICATE)
    return result.reshape(height, width, -1)
