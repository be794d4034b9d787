"""A tile pyramid built in one pass over an image, holding one strip of tiles per zoom level in memory.

The image is read from top to bottom in strips one tile high (256 rows) and
the whole width. Each strip is cut into tiles of the most detailed zoom level
and halved (2 x 2 pixels averaged, weighted by alpha so that the edge of the
image does not darken) into half a strip of the next zoom level, which is cut
and halved in turn once its second half arrives. Every zoom level down to the
one tile that holds the whole image is thus made while the image is read
once, and memory holds about two strips whatever the image's height: for an
18,000-pixel-wide RGB image, some 40 MB.

Tiles wholly outside the image (alpha 0 everywhere) are not stored. Tiles the
image covers entirely are JPEG, the rest (the image's edges, its nodata) PNG
with alpha, as GDAL's GeoPackage driver does by default (``TILE_FORMAT=AUTO``).
Tiles are encoded with Pillow on a few threads (Pillow releases the GIL while
it compresses). JPEG Huffman tables are optimised, as GDAL's are: 0.25 ms more
a tile for a file 15 % smaller, which a project copied to a USB stick is worth.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image

TILE_SIZE = 256
JPEG_QUALITY = 85
"""Higher than GDAL's default 75: at 0.5 m a pixel, roofs and lanes are a few pixels wide."""
HALVE_COLUMNS = 4096
"""Columns halved at a time, so the 32-bit sums stay a few megabytes."""

Tile = tuple[int, int, int, bytes]
"""(zoom_level, tile_column, tile_row, encoded picture)"""


def max_zoom(width: int, height: int) -> int:
    """The zoom level at which the image is at full resolution: zoom 0 is one tile holding all of it."""
    tiles = max(math.ceil(width / TILE_SIZE), math.ceil(height / TILE_SIZE))
    return max(0, math.ceil(math.log2(tiles)))


@dataclass
class _Level:
    zoom: int
    columns: int
    rows: int
    next_row: int = 0
    upper_half: np.ndarray | None = None


class PyramidBuilder:
    """Takes the image's strips from top to bottom; hands each strip's encoded tiles to ``store_tiles``.

    ``channels`` is 4 (RGB and alpha) or 2 (grey and alpha); alpha is the last channel.
    """

    def __init__(self, width: int, height: int, channels: int, store_tiles: Callable[[Sequence[Tile]], None]) -> None:
        self.channels = channels
        self.top_zoom = max_zoom(width, height)
        self._store_tiles = store_tiles
        self._levels = []
        for zoom in range(self.top_zoom, -1, -1):
            factor = 2 ** (self.top_zoom - zoom)
            self._levels.append(
                _Level(
                    zoom,
                    math.ceil(math.ceil(width / factor) / TILE_SIZE),
                    math.ceil(math.ceil(height / factor) / TILE_SIZE),
                )
            )
        self._levels.reverse()  # index = zoom level
        self.tile_positions = sum(level.columns * level.rows for level in self._levels)
        self.tiles_done = 0
        self._encoder = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1))

    @property
    def base_columns(self) -> int:
        return self._levels[self.top_zoom].columns

    @property
    def base_rows(self) -> int:
        return self._levels[self.top_zoom].rows

    def add_strip(self, strip: np.ndarray) -> None:
        """The next 256 (or, at the bottom, fewer) rows of the image at full resolution, ``(channels, rows, width)``."""
        self._add(self.top_zoom, self._padded(strip, self.base_columns))

    def finish(self) -> None:
        """Emit the half strips still waiting for their lower halves (the bottom of each zoom level)."""
        for zoom in range(self.top_zoom - 1, -1, -1):
            level = self._levels[zoom]
            if level.upper_half is not None:
                upper, level.upper_half = level.upper_half, None
                self._add(zoom, self._padded(upper, level.columns))
        self._encoder.shutdown()

    def close(self) -> None:
        self._encoder.shutdown(cancel_futures=True)

    def _padded(self, strip: np.ndarray, columns: int) -> np.ndarray:
        """``strip`` widened and heightened with transparent pixels to whole tiles."""
        _, rows, width = strip.shape
        if rows == TILE_SIZE and width == columns * TILE_SIZE:
            return strip
        padded = np.zeros((self.channels, TILE_SIZE, columns * TILE_SIZE), np.uint8)
        padded[:, :rows, :width] = strip
        return padded

    def _add(self, zoom: int, strip: np.ndarray) -> None:
        level = self._levels[zoom]
        self._emit(level, strip)
        if zoom == 0:
            return
        half = halved(strip)
        parent = self._levels[zoom - 1]
        if parent.upper_half is None:
            parent.upper_half = half
            return
        upper, parent.upper_half = parent.upper_half, None
        self._add(zoom - 1, self._padded(np.concatenate([upper, half], axis=1), parent.columns))

    def _emit(self, level: _Level, strip: np.ndarray) -> None:
        row, level.next_row = level.next_row, level.next_row + 1
        pictures = [strip[:, :, column * TILE_SIZE : (column + 1) * TILE_SIZE] for column in range(level.columns)]
        encoded = self._encoder.map(encode_tile, pictures)
        tiles = [(level.zoom, column, row, data) for column, data in enumerate(encoded) if data is not None]
        self.tiles_done += level.columns
        if tiles:
            self._store_tiles(tiles)


def encode_tile(picture: np.ndarray) -> bytes | None:
    """A tile as JPEG when fully covered, PNG with alpha when partly, ``None`` when empty."""
    alpha = picture[-1]
    if not alpha.any():
        return None
    buffer = io.BytesIO()
    if alpha.min() == 255:
        colour = picture[:-1]
        pixels = colour[0] if len(colour) == 1 else np.ascontiguousarray(np.moveaxis(colour, 0, -1))
        Image.fromarray(pixels).save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        pixels = np.ascontiguousarray(np.moveaxis(picture, 0, -1))
        Image.fromarray(pixels).save(buffer, "PNG", compress_level=6)  # (h, w, 2) is LA, (h, w, 4) RGBA
    return buffer.getvalue()


def halved(strip: np.ndarray) -> np.ndarray:
    """Half the width and height: each 2 x 2 block averaged, colours weighted by alpha."""
    channels, rows, width = strip.shape
    out = np.empty((channels, rows // 2, width // 2), np.uint8)
    for start in range(0, width, HALVE_COLUMNS):
        block = strip[:, :, start : start + HALVE_COLUMNS]
        out[:, :, start // 2 : (start + block.shape[2]) // 2] = _halved_block(block)
    return out


def _halved_block(block: np.ndarray) -> np.ndarray:
    quads = [block[:, row::2, column::2] for row in (0, 1) for column in (0, 1)]  # views, no copies
    if block[-1].min() == 255:  # fully covered: a plain mean, the common case
        total = quads[0].astype(np.uint16)
        for quad in quads[1:]:
            total += quad
        return ((total + 2) >> 2).astype(np.uint8)
    alphas = [quad[-1].astype(np.uint32) for quad in quads]
    alpha_sum = alphas[0] + alphas[1] + alphas[2] + alphas[3]
    weighted = sum(quad[:-1] * alpha for quad, alpha in zip(quads, alphas))
    colour = (weighted + alpha_sum // 2) // np.maximum(alpha_sum, 1)
    return np.concatenate([colour, ((alpha_sum + 2) // 4)[np.newaxis]]).astype(np.uint8)
