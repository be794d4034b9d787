"""Small georeferenced images of Tongxin County, as a county land office would send them, for the imagery tests.

The pictures are smooth fields crossed by a few sharp roads, so JPEG tiles stay
close to the source (as on real imagery) while a misplaced tile or a flipped row
would show at once.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

from layers.crs import to_measure
from tests.conftest import require_tool

TONGXIN = (105.9, 36.9)
"""Lon/lat of the images' top-left corner: Yuhai, Tongxin County, Ningxia."""
UTM_48N = "EPSG:32648"
CGCS2000 = "EPSG:4490"


def fields(width: int, height: int, bands: int = 3) -> np.ndarray:
    """A (bands, height, width) uint8 picture: colour gradients and three dark roads."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    picture = np.stack(
        [
            120 + 80 * np.sin(x / 97.0) * np.cos(y / 71.0),
            110 + 60 * np.cos((x + y) / 150.0),
            90 + 50 * np.sin(y / 53.0),
        ][:bands]
    )
    for road in (height // 3, 2 * height // 3):
        picture[:, road : road + 6, :] = 40
    picture[:, :, width // 2 : width // 2 + 6] = 40
    return picture.clip(0, 255).astype(np.uint8)


def utm_image(path: Path, width: int = 1900, height: int = 1300, pixel: float = 0.5, **profile) -> Path:
    """An RGB GeoTIFF in UTM zone 48N, 0.5 m a pixel, tiled as land offices' files usually are."""
    left, top = to_measure(*TONGXIN)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=width,
        height=height,
        count=3,
        dtype="uint8",
        crs=UTM_48N,
        transform=from_origin(round(left), round(top), pixel, pixel),
        tiled=True,
        blockxsize=512,
        blockysize=512,
        photometric="RGB",
        **profile,
    ) as image:
        image.write(fields(width, height))
    return path


def cgcs2000_grey_image(path: Path, width: int = 900, height: int = 700) -> Path:
    """A single-band uint16 image in CGCS2000 lon/lat, nodata 0 over its top-left quarter (a gap in the scene)."""
    grey = fields(width, height, 1).astype(np.uint16) * 16 + 100  # a 12-bit sensor's range
    grey[:, : height // 2, : width // 2] = 0
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=width,
        height=height,
        count=1,
        dtype="uint16",
        nodata=0,
        crs=CGCS2000,
        transform=from_origin(*TONGXIN, 5e-6, 5e-6),
    ) as image:
        image.write(grey)
    return path


def tile_package(path: Path, source: Path) -> Path:
    """An .mbtiles package made by GDAL from ``source``, as offline map tools make them."""
    require_tool(shutil.which("gdal_translate") is not None, "gdal_translate (gdal-bin)")
    subprocess.run(
        ["gdal_translate", "-q", "-of", "MBTiles", "-co", "TILE_FORMAT=PNG", str(source), str(path)], check=True
    )
    subprocess.run(["gdaladdo", "-q", str(path), "2", "4"], check=True)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def side_files(project: Path) -> list[str]:
    """Files beside the project other than the project and the test's images (scratch files, journals)."""
    return sorted(
        p.name for p in project.parent.iterdir() if p != project and p.suffix not in (".tif", ".mbtiles", ".txt")
    )
