"""A photographed sketch warped north-up onto the map, and written so other GIS open it in place.

The warp is the classic inverse mapping of ``gdalwarp``: every output pixel centre
(metres, EPSG:32648) goes through the transform's inverse to a position on the
sketch, where the photo is sampled bilinearly. The inverse comes from a coarse
lattice with exact refinement (:mod:`maps.georef.lattice`), so a thin-plate spline
costs about 1/64 of an exact evaluation per pixel while staying within 0.125 source
pixels. Rows are warped in blocks of about a megapixel: memory beyond the two
images stays bounded however large the scan, and each block reports progress and
honours cancel.

Sketch pixel coordinates follow GDAL's convention: x right, y down, (0, 0) the top-left
corner of the top-left pixel, so that pixel's centre is (0.5, 0.5).
"""

from __future__ import annotations

import math
import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
from PySide6.QtGui import QColor, QImage, QImageWriter, QPainter

from layers.crs import MEASURE_EPSG, crs
from layers.errors import QT_TRANSLATE_NOOP, InvalidControlPointsError, WarpError
from layers.feedback import Feedback
from layers.files import atomic_outputs
from maps.georef.lattice import LATTICE_STEP, TOLERANCE_PX, Axis, ExactMap, approximate
from maps.georef.transforms import Fitted, Transform

BLOCK_PIXELS = 1 << 20
"""Output pixels warped at a time by one worker: a block's working arrays take about 130 MB at peak,
so a 40-megapixel scan warps in about 650 MB with its decoded photo and the output (measured)."""
WORKERS = min(2, os.cpu_count() or 1)
"""Threads warping blocks side by side (the machines officers use have two cores or more)."""
LARGEST_OUTPUT_PIXELS = 200_000_000
"""Never more (800 MB of image): a tiny requested pixel size is enlarged rather than running out of memory."""
BORDER_SAMPLES = 256
"""Points per side of the sketch whose places bound the output: a TPS bends the edges between corners."""
SCALE_SAMPLES = 17
"""Lattice of places (per side) where the local scale is measured for the default pixel size."""
QUALITY = {"PNG": 80, "JPEG": 90}
"""Qt's PNG quality 80 is zlib's fastest level: a 40-megapixel sketch saves 3.5 times faster than
at the default level for a file about a quarter larger (see docs/benchmarks-georef.md)."""
FORMATS = {".png": ("PNG", ".pgw"), ".jpg": ("JPEG", ".jgw"), ".jpeg": ("JPEG", ".jgw")}


@dataclass(frozen=True)
class WarpedSketch:
    """A sketch north-up on the map: transparent outside the sketch, extent at the outer pixel edges."""

    image: QImage  # Format_ARGB32_Premultiplied
    extent: tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in EPSG:32648 metres
    pixel_size_m: float


def warp_sketch(
    image: QImage,
    transform: Transform,
    sketch_size: tuple[int, int] | None = None,
    pixel_size_m: float | None = None,
    max_pixels: int | None = None,
    feedback: Feedback | None = None,
) -> WarpedSketch:
    """Warp ``image`` through ``transform`` (sketch pixels -> metres) into a north-up image.

    ``image`` may be a downscaled copy of the sketch whose pixels the transform refers to;
    ``sketch_size`` (width, height) is that sketch's size (default: the image's own). The
    default pixel size keeps the resolution of ``image``: the median over the sketch of the
    metres one of its pixels covers. ``max_pixels`` caps the output by enlarging the pixels.
    """
    feedback = feedback or Feedback()
    sketch_size = sketch_size or (image.width(), image.height())
    source = _premultiplied(image)
    to_image = np.array([source.width() / sketch_size[0], source.height() / sketch_size[1]])
    left, bottom, right, top = sketch_extent(transform, sketch_size)
    pixel_size = pixel_size_m or median_scale(transform.forward, sketch_size) / math.sqrt(to_image.prod())
    pixel_size = capped_pixel_size(right - left, top - bottom, pixel_size, max_pixels)
    width, height = math.ceil((right - left) / pixel_size), math.ceil((top - bottom) / pixel_size)
    output = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    output.fill(0)
    columns = Axis(left + pixel_size / 2, pixel_size, width)
    inverse = partial(_in_image_pixels, transform.inverse, to_image)
    rows = Axis(top - pixel_size / 2, -pixel_size, height)
    singular = kernel_centres(transform.inverse)
    warp_rows(_pixels(source), _writable_pixels(output), inverse, columns, rows, singular, feedback)
    extent = (left, top - height * pixel_size, left + width * pixel_size, top)
    return WarpedSketch(output, extent, pixel_size)


def warp_rows(
    source: np.ndarray,
    output: np.ndarray,
    inverse: ExactMap,
    columns: Axis,
    rows: Axis,
    singular: np.ndarray | None,
    feedback: Feedback,
) -> None:
    """Fill ``output`` (uint32 rows) block by block with ``source`` sampled where ``inverse`` sends each pixel.

    Blocks start at multiples of the lattice step, so they share one lattice and leave no
    seams. numpy releases the GIL in its array loops, so ``WORKERS`` threads warp blocks side
    by side; no more blocks than workers are in flight, which keeps memory bounded.
    """
    block_rows = max(LATTICE_STEP, BLOCK_PIXELS // max(1, columns.count) // LATTICE_STEP * LATTICE_STEP)
    tops = range(0, rows.count, block_rows)

    def warp_block(top: int) -> int:
        block = Axis(float(rows.at(top)), rows.spacing, min(block_rows, rows.count - top))
        positions, _ = approximate(inverse, columns, block, LATTICE_STEP, TOLERANCE_PX, singular)
        output[top : top + block.count] = sample_bilinear(source, positions)
        return top + block.count

    with ThreadPoolExecutor(WORKERS) as pool:
        in_flight: deque[Future[int]] = deque()
        for top in tops:
            feedback.raise_if_canceled()
            in_flight.append(pool.submit(warp_block, top))
            if len(in_flight) >= WORKERS:
                _report(in_flight.popleft(), rows.count, feedback)
        while in_flight:
            _report(in_flight.popleft(), rows.count, feedback)


def _report(block: Future[int], height: int, feedback: Feedback) -> None:
    """Wait for ``block`` (it returns the row below it) and report progress; rows finish in order."""
    feedback.set_progress(100 * block.result() / height)


def kernel_centres(inverse: Fitted) -> np.ndarray | None:
    """The map positions of a TPS inverse's control points, where its kernel is not smooth; None otherwise."""
    if inverse.kind != "tps":
        return None
    centre, scale, nodes, _ = inverse.parameters
    return nodes * scale + centre


def sketch_extent(transform: Transform, sketch_size: tuple[int, int]) -> tuple[float, float, float, float]:
    """xmin, ymin, xmax, ymax of the sketch's outline on the map, its edges densified."""
    outline = transform.forward.apply(sketch_outline(sketch_size))
    if not np.isfinite(outline).all():
        raise InvalidControlPointsError(
            method=transform.method.value,
            reason=QT_TRANSLATE_NOOP(
                "reason", "the transform sends part of the sketch to infinity; check the control points"
            ),
        )
    (left, bottom), (right, top) = outline.min(axis=0), outline.max(axis=0)
    return float(left), float(bottom), float(right), float(top)


def sketch_outline(sketch_size: tuple[int, int], per_side: int = BORDER_SAMPLES) -> np.ndarray:
    """Points along the four edges of a sketch of ``sketch_size`` (width, height), in pixels."""
    width, height = sketch_size
    along = np.linspace(0.0, 1.0, per_side, endpoint=False)
    zeros, ones = np.zeros_like(along), np.ones_like(along)
    edges = [(along, zeros), (ones, along), (1 - along, ones), (zeros, 1 - along)]  # clockwise from top-left
    return np.concatenate([np.column_stack([u * width, v * height]) for u, v in edges])


def median_scale(forward: Fitted, sketch_size: tuple[int, int]) -> float:
    """Median over the sketch of the metres one sketch pixel covers (square root of the Jacobian's area).

    The median rather than the mean: a hand-drawn sketch is often squeezed in one corner.
    """
    width, height = sketch_size
    fractions = (np.arange(SCALE_SAMPLES) + 0.5) / SCALE_SAMPLES
    u, v = np.meshgrid(fractions * width, fractions * height)
    places = np.column_stack([u.ravel(), v.ravel()])
    delta = 0.25 * min(width, height) / SCALE_SAMPLES
    d_du = (forward.apply(places + [delta, 0]) - forward.apply(places - [delta, 0])) / (2 * delta)
    d_dv = (forward.apply(places + [0, delta]) - forward.apply(places - [0, delta])) / (2 * delta)
    area = np.abs(d_du[:, 0] * d_dv[:, 1] - d_du[:, 1] * d_dv[:, 0])
    return float(np.median(np.sqrt(area)))


def capped_pixel_size(width_m: float, height_m: float, pixel_size: float, max_pixels: int | None) -> float:
    """``pixel_size`` enlarged just enough for the output to hold at most ``max_pixels`` (and our own limit)."""
    limit = min(max_pixels or LARGEST_OUTPUT_PIXELS, LARGEST_OUTPUT_PIXELS)
    pixel_size = max(pixel_size, math.sqrt(width_m * height_m / limit))
    while max(1, math.ceil(width_m / pixel_size)) * max(1, math.ceil(height_m / pixel_size)) > limit:
        pixel_size *= 1.001  # the rounding up to whole pixels can add a row and a column
    return pixel_size


def _in_image_pixels(inverse: Fitted, to_image: np.ndarray, places: np.ndarray) -> np.ndarray:
    return inverse.apply(places) * to_image  # a spline applies in bounded blocks of its own


def sample_bilinear(source: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Premultiplied ``source`` (uint32 rows) sampled bilinearly at ``positions`` (2, rows, columns).

    Positions off the image (or not finite) give transparent pixels. Interpolating
    premultiplied colours keeps anti-aliased, half-transparent edges free of dark fringes.
    Weights have 8 bits (1/256 pixel), as in Qt's smooth scaling, so two channels are
    blended per integer multiply instead of four floats per pixel.
    """
    height, width = source.shape
    u, v = positions[0].ravel(), positions[1].ravel()
    inside = np.flatnonzero((u >= 0) & (u <= width) & (v >= 0) & (v <= height))
    fu = np.clip(u[inside] - 0.5, 0, width - 1)
    fv = np.clip(v[inside] - 0.5, 0, height - 1)
    column, row = fu.astype(np.intp), fv.astype(np.intp)
    weight_x = np.rint((fu - column) * 256).astype(np.uint32)
    weight_y = np.rint((fv - row) * 256).astype(np.uint32)
    top_left = row * width + column
    step_right = (column < width - 1).astype(np.intp)
    step_down = np.where(row < height - 1, width, 0)
    flat = source.ravel()
    upper = _lerp(flat[top_left], flat[top_left + step_right], weight_x)
    top_left += step_down
    lower = _lerp(flat[top_left], flat[top_left + step_right], weight_x)
    sampled = np.zeros(len(u), dtype=np.uint32)
    sampled[inside] = _lerp(upper, lower, weight_y)
    return sampled.reshape(positions.shape[1:])


def _lerp(a: np.ndarray, b: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """``a`` + (``b`` - ``a``) · weight / 256 per channel of packed ARGB, rounded; weight 0-256.

    Red and blue (then alpha and green) share one multiply in 16-bit slots:
    255 · 256 + 128 still fits a slot, so no channel spills into the next.
    """
    keep = 256 - weight
    red_blue = (((a & 0x00FF00FF) * keep + (b & 0x00FF00FF) * weight + 0x00800080) >> 8) & 0x00FF00FF
    alpha_green = (((a >> 8) & 0x00FF00FF) * keep + ((b >> 8) & 0x00FF00FF) * weight + 0x00800080) & 0xFF00FF00
    return red_blue | alpha_green


def _premultiplied(image: QImage) -> QImage:
    """``image`` as premultiplied ARGB; an opaque RGB32 photo already is one, so it is not copied."""
    if image.format() in (QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32_Premultiplied):
        return image
    return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def _pixels(image: QImage) -> np.ndarray:
    """The 32-bit image's pixels as read-only (height, width) uint32, without copying the caller's image."""
    return np.frombuffer(image.constBits(), dtype=np.uint32).reshape(image.height(), image.width())


def _writable_pixels(image: QImage) -> np.ndarray:
    """The 32-bit image's pixels as (height, width) uint32 sharing its memory (32-bit rows have no padding)."""
    return np.frombuffer(image.bits(), dtype=np.uint32).reshape(image.height(), image.width())


# -- writing -----------------------------------------------------------------------------------


def write_georeferenced(warped: WarpedSketch, path: str | Path) -> None:
    """Write ``warped`` as PNG (or JPEG, by extension) with a world file, a ``.prj`` and a GDAL ``.aux.xml``.

    Other GIS read the position from the world file (pixel centres, as the convention
    wants), the coordinate system from the ``.prj`` (ESRI WKT) or, in GDAL and QGIS, from
    the ``.aux.xml``, which GDAL reads for PNG and JPEG instead of a ``.prj``. Every file
    is written beside its target first and moved into place only when all were written, the image
    last (:func:`layers.files.atomic_outputs`).
    """
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise WarpError(path=str(path), reason=QT_TRANSLATE_NOOP("reason", "the file must end in .png, .jpg or .jpeg"))
    image_format, world_suffix = FORMATS[path.suffix.lower()]
    sidecars = {
        path.with_suffix(world_suffix): world_file(warped),
        path.with_suffix(".prj"): crs(MEASURE_EPSG).to_wkt("WKT1_ESRI"),
        path.with_name(path.name + ".aux.xml"): _pam_dataset(),
    }
    with atomic_outputs(path, list(sidecars), WarpError) as (image_file, sidecar_files):
        _write_image(warped.image, image_file, image_format, path)
        for temporary, text in zip(sidecar_files, sidecars.values()):
            temporary.write_text(text, encoding="utf-8")


def world_file(warped: WarpedSketch) -> str:
    """The six lines of a world file: pixel size, rotations, and the centre of the top-left pixel."""
    left, _, _, top = warped.extent
    size = warped.pixel_size_m
    lines = (size, 0.0, 0.0, -size, left + size / 2, top - size / 2)
    return "".join(f"{float(value)!r}\n" for value in lines)  # repr of a numpy float is "np.float64(...)"


def _pam_dataset() -> str:
    wkt = crs(MEASURE_EPSG).to_wkt("WKT1_GDAL")
    return f'<PAMDataset>\n  <SRS dataAxisToSRSAxisMapping="1,2">{escape(wkt)}</SRS>\n</PAMDataset>\n'


def _write_image(image: QImage, temporary: Path, image_format: str, target: Path) -> None:
    """Save ``image``; JPEG has no transparency, so there the sketch lies on white paper."""
    if image_format == "JPEG":
        image = _on_white(image)
    temporary.touch()  # a missing folder or a read-only one fails here with the system's own reason
    writer = QImageWriter(str(temporary), image_format.encode())
    writer.setQuality(QUALITY[image_format])
    if not writer.write(image):
        raise WarpError(path=str(target), reason=QT_TRANSLATE_NOOP("reason", "the image could not be written"))


def _on_white(image: QImage) -> QImage:
    paper = QImage(image.size(), QImage.Format.Format_RGB32)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    return paper
