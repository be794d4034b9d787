"""Satellite imagery kept in a station's GeoPackage project as standard GeoPackage tiles.

>>> info = add_imagery("station.gpkg", "同心县豫海镇.tif")   # doctest: +SKIP
>>> [image.name for image in list_imagery("station.gpkg")]  # doctest: +SKIP
['同心县豫海镇']
"""

from __future__ import annotations

from layers.imagery.adding import add_imagery, list_imagery
from layers.imagery.errors import (
    ImageryFileError,
    ImageryNameTakenError,
    ImageryNeedsGeoPackageError,
    ImageryWriteError,
    UnknownImageryError,
)
from layers.imagery.gpkg_tiles import ImageryInfo
from layers.imagery.removing import remove_imagery

__all__ = [
    "ImageryFileError",
    "ImageryInfo",
    "ImageryNameTakenError",
    "ImageryNeedsGeoPackageError",
    "ImageryWriteError",
    "UnknownImageryError",
    "add_imagery",
    "list_imagery",
    "remove_imagery",
]
