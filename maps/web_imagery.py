"""The project's imagery as one picture inside the web page, for a browser with no tile server to ask.

The page must open offline, so the imagery cannot come as tiles: each image
is read once for the exported extent (:func:`layers.imagery.reading.read_imagery`)
on a Web Mercator grid, the projection Leaflet draws in, so Leaflet's image
overlay, which stretches a picture linearly between two lon/lat corners,
puts every pixel where it belongs. The picture is written into the page as a
``data:`` URI, as Leaflet's own images are (:mod:`maps.web_page`): one file to
pass on. It is as detailed as the imagery but at most :data:`LONGEST_SIDE`
pixels across (about 1 m a pixel over a 2 km village, 5 m over a 10 km
township), so the page stays a few megabytes; JPEG when the picture is fully
covered, PNG when part of it is transparent (outside the image).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage
from rasterio.warp import transform_bounds

from layers.crs import MEASURE_EPSG, STORAGE_EPSG
from layers.imagery.reading import ImagerySource, IsCanceled, read_imagery

WEB_MERCATOR = 3857
LONGEST_SIDE = 2048
"""Pixels on the picture's longer side, at most."""
FINEST_METRES = 0.5
"""No finer than this a pixel: a village's page at 0.5 m is already a few megabytes."""
JPEG_QUALITY = 85

Extent = tuple[float, float, float, float]


@dataclass(frozen=True)
class ImageryOverlay:
    """One image for the page: its name, the picture as a data URI, and its corners in lon/lat."""

    name: str
    url: str
    bounds: tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east)), as Leaflet wants


def imagery_overlay(
    source: ImagerySource, extent: Extent, is_canceled: IsCanceled = lambda: False
) -> ImageryOverlay | None:
    """``source`` over ``extent`` (metres, UTM 48N) as a picture for the page; ``None`` when it misses the extent."""
    minx, miny, maxx, maxy = extent
    minx, miny = max(minx, source.extent[0]), max(miny, source.extent[1])
    maxx, maxy = min(maxx, source.extent[2]), min(maxy, source.extent[3])
    if minx >= maxx or miny >= maxy:
        return None
    mercator = transform_bounds(f"EPSG:{MEASURE_EPSG}", f"EPSG:{WEB_MERCATOR}", minx, miny, maxx, maxy, densify_pts=21)
    width, height = _picture_size((maxx - minx, maxy - miny), mercator)
    rgba = read_imagery(source, mercator, width, height, WEB_MERCATOR, is_canceled)
    if rgba is None or not rgba[..., 3].any():
        return None
    west, south, east, north = transform_bounds(f"EPSG:{WEB_MERCATOR}", f"EPSG:{STORAGE_EPSG}", *mercator)
    return ImageryOverlay(source.name, _data_uri(rgba), ((south, west), (north, east)))


def _picture_size(ground: tuple[float, float], mercator: Extent) -> tuple[int, int]:
    """Pixels across and down: :data:`FINEST_METRES` or coarser on the ground, at most :data:`LONGEST_SIDE`."""
    metres = max(FINEST_METRES, max(ground) / LONGEST_SIDE)
    across, down = mercator[2] - mercator[0], mercator[3] - mercator[1]
    scale = max(ground) / max(across, down)  # Web Mercator metres are longer than ground metres by 1/cos(latitude)
    pixel = metres / scale
    return max(1, round(across / pixel)), max(1, round(down / pixel))


def _data_uri(rgba: np.ndarray) -> str:
    height, width, _ = rgba.shape
    image = QImage(rgba.data, width, height, width * 4, QImage.Format.Format_RGBA8888)
    opaque = bool((rgba[..., 3] == 255).all())
    kind = "jpeg" if opaque else "png"
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if opaque:
        image.convertToFormat(QImage.Format.Format_RGB888).save(buffer, "JPEG", JPEG_QUALITY)
    else:
        image.save(buffer, "PNG")
    buffer.close()
    return f"data:image/{kind};base64,{base64.b64encode(bytes(data)).decode('ascii')}"
