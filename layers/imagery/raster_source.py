"""A georeferenced image read for tiling: checked once, then read strip by strip as 8-bit colour plus alpha.

What a county land office sends comes in many forms: RGB, RGBA, grey or
palette, 8 or 16 bits, any CRS. GeoPackage tiles are 8-bit PNG or JPEG
pictures, so every source is read into the same shape, colour channels (grey
or red, green, blue) followed by an alpha channel that marks where the image
has no data (an alpha band, a nodata value or a mask). Images of more than 8
bits are stretched linearly between the 2nd and 98th percentile of each band,
sampled over a few hundred small windows spread over the image, so the sample
costs a fraction of one pass over a 2 GB file.

Everything GDAL says about a bad file is turned into :class:`ImageryFileError`
naming the file and the problem, whether it shows when the file is opened or
only when a damaged block is read halfway through.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from rasterio.enums import ColorInterp, MaskFlags
from rasterio.errors import NotGeoreferencedWarning, RasterioError
from rasterio.windows import Window

from layers.errors import QT_TRANSLATE_NOOP
from layers.imagery.errors import ImageryFileError
from layers.imagery.gpkg_tiles import SpatialReference

STRETCH_PERCENTILES = (2.0, 98.0)
STRETCH_SAMPLES = 16
"""Windows per side of the grid sampled for the stretch of images of more than 8 bits."""
STRETCH_WINDOW = 64
MAX_READ_ROWS = 2048
GDAL_CACHE_MB = 64
"""GDAL's block cache, in MiB: strips are read once, so a big cache would only grow our memory."""


@dataclass
class RasterSource:
    """An open, checked image; :meth:`read_rows` gives 8-bit colour channels and alpha."""

    path: Path
    dataset: rasterio.io.DatasetReader
    colour_bands: tuple[int, ...]
    palette: np.ndarray | None
    stretch: tuple[np.ndarray, np.ndarray] | None
    all_valid: bool

    @property
    def width(self) -> int:
        return self.dataset.width

    @property
    def height(self) -> int:
        return self.dataset.height

    @property
    def channels(self) -> int:
        """Colour channels plus alpha: 4 (RGBA) or 2 (grey and alpha)."""
        return 4 if self.palette is not None or len(self.colour_bands) == 3 else 2

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        left, bottom, right, top = self.dataset.bounds
        return left, bottom, right, top

    @property
    def pixel_size(self) -> tuple[float, float]:
        return self.dataset.transform.a, -self.dataset.transform.e

    @property
    def reference(self) -> SpatialReference:
        crs = self.dataset.crs
        return SpatialReference(crs.to_epsg(), crs.to_wkt())

    @property
    def rows_per_read(self) -> int:
        """Rows read at once: whole blocks of the file and whole tiles of 256 rows, so no block is read twice."""
        block_height = self.dataset.block_shapes[0][0]
        if block_height > MAX_READ_ROWS:
            return 256
        return 256 * max(1, math.ceil(block_height / 256))

    def read_rows(self, row: int, rows: int) -> np.ndarray:
        """Rows ``row`` to ``row + rows`` of the whole width: ``(channels, rows, width)`` uint8."""
        window = Window(0, row, self.width, rows)
        try:
            colour = self.dataset.read(self.colour_bands, window=window)
            alpha = (
                np.full((1, rows, self.width), 255, np.uint8)
                if self.all_valid
                else self.dataset.dataset_mask(window=window)[np.newaxis]
            )
        except RasterioError as error:
            raise _damaged(self.path, error, row) from None
        if self.palette is not None:
            colour = np.moveaxis(self.palette[colour[0]], -1, 0)
        elif self.stretch is not None:
            colour = _stretched(colour, *self.stretch)
        return np.concatenate([colour.astype(np.uint8, copy=False), alpha.astype(np.uint8, copy=False)])


def _damaged(path: Path, error: RasterioError, row: int) -> ImageryFileError:
    """GDAL's own words (the cause rasterio wraps) and where in the image reading stopped."""
    detail = str(error.__cause__ or error).strip()
    return ImageryFileError(
        path=str(path),
        reason=QT_TRANSLATE_NOOP("reason", "damaged or truncated file, unreadable near row {row}: {detail}"),
        row=row,
        detail=detail,
    )


@contextmanager
def open_raster(path: Path) -> Iterator[RasterSource]:
    """Open and check ``path``; raises :class:`ImageryFileError` with the reason a station can act on."""
    with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_MB):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NotGeoreferencedWarning)
                dataset = rasterio.open(path)
        except RasterioError:
            raise ImageryFileError(
                path=str(path), reason=QT_TRANSLATE_NOOP("reason", "not an image file GDAL can read")
            ) from None
        with dataset:
            yield _checked(path, dataset)


def _checked(path: Path, dataset) -> RasterSource:
    def refuse(reason: str, **details) -> ImageryFileError:
        return ImageryFileError(path=str(path), reason=reason, **details)

    if dataset.crs is None or dataset.transform.is_identity:
        if dataset.gcps[0]:
            raise refuse(
                QT_TRANSLATE_NOOP(
                    "reason",
                    "the image has only control points, no map position; warp it first "
                    "(QGIS Georeferencer or gdalwarp) and add the result",
                )
            )
        raise refuse(
            QT_TRANSLATE_NOOP(
                "reason",
                "no georeferencing (no coordinate system or map position); ask for a GeoTIFF "
                "or georeference the image first",
            )
        )
    transform = dataset.transform
    if transform.b != 0 or transform.d != 0 or transform.e >= 0:
        raise refuse(
            QT_TRANSLATE_NOOP("reason", "the image is rotated or not north-up; warp it north-up first (gdalwarp)")
        )
    colour_bands, palette = _colour_bands(path, dataset)
    stretch = None
    if palette is None and any(dataset.dtypes[band - 1] != "uint8" for band in colour_bands):
        if dataset.dtypes[colour_bands[0] - 1] in ("complex64", "complex128", "complex_int16"):
            raise refuse(QT_TRANSLATE_NOOP("reason", "complex-valued bands (radar data), not a picture"))
        stretch = _stretch_limits(path, dataset, colour_bands)
    all_valid = all(MaskFlags.all_valid in dataset.mask_flag_enums[band - 1] for band in colour_bands)
    all_valid = all_valid and ColorInterp.alpha not in dataset.colorinterp
    return RasterSource(path, dataset, colour_bands, palette, stretch, all_valid)


def _colour_bands(path: Path, dataset) -> tuple[tuple[int, ...], np.ndarray | None]:
    """The bands to show (red, green, blue or one grey band) and the palette of a colour-mapped image."""
    interpretation = list(dataset.colorinterp)
    if all(colour in interpretation for colour in (ColorInterp.red, ColorInterp.green, ColorInterp.blue)):
        return tuple(interpretation.index(c) + 1 for c in (ColorInterp.red, ColorInterp.green, ColorInterp.blue)), None
    if interpretation[0] == ColorInterp.palette:
        colours = dataset.colormap(1)
        palette = np.zeros((256, 3), np.uint8)
        for index, (red, green, blue, *_) in colours.items():
            if 0 <= index < 256:
                palette[index] = red, green, blue
        return (1,), palette
    if dataset.count <= 2:
        return (1,), None  # grey, or grey and alpha
    if dataset.count in (3, 4):
        return (1, 2, 3), None  # bands without colour names: the usual order
    raise ImageryFileError(
        path=str(path),
        reason=QT_TRANSLATE_NOOP(
            "reason", "{count} bands and none marked red, green and blue; make an RGB GeoTIFF of the bands to show"
        ),
        count=dataset.count,
    )


def _stretch_limits(path: Path, dataset, bands: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Per band, the 2nd and 98th percentile of the valid values in a grid of small windows."""
    side = STRETCH_WINDOW
    rows = np.linspace(0, max(0, dataset.height - side), min(STRETCH_SAMPLES, max(1, dataset.height // side)))
    columns = np.linspace(0, max(0, dataset.width - side), min(STRETCH_SAMPLES, max(1, dataset.width // side)))
    samples = []
    try:
        for row in rows.astype(int):
            for column in columns.astype(int):
                window = Window(int(column), int(row), min(side, dataset.width), min(side, dataset.height))
                values = dataset.read(bands, window=window, masked=True)
                samples.append(values.reshape(len(bands), -1))
    except RasterioError as error:
        raise _damaged(path, error, 0) from None
    stacked = np.ma.concatenate(samples, axis=1).astype(np.float64)
    low, high = [], []
    for band in stacked:
        valid = band.compressed()
        valid = valid[np.isfinite(valid)]
        if valid.size == 0:
            low.append(0.0)
            high.append(1.0)
            continue
        lo, hi = np.percentile(valid, STRETCH_PERCENTILES)
        low.append(lo)
        high.append(hi if hi > lo else lo + 1)
    return np.array(low).reshape(-1, 1, 1), np.array(high).reshape(-1, 1, 1)


def _stretched(colour: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    scaled = (colour.astype(np.float32) - low) * (255.0 / (high - low))
    return np.nan_to_num(np.clip(scaled, 0, 255), nan=0).astype(np.uint8)
