"""Coordinate reference systems of a project.

Geometries are stored as lon/lat in CGCS2000 (EPSG:4490), China's official
datum (within centimetres of WGS84 at village scale), so every GIS reads them
without a custom definition. Distances and areas are measured in UTM zone 48N
(EPSG:32648), which covers Ningxia. Positions read off Chinese phone maps
(GCJ-02, BD-09) are converted on import, never stored as they are.
"""

from __future__ import annotations

from functools import cache

from pyproj import CRS, Transformer

STORAGE_EPSG = 4490
MEASURE_EPSG = 32648


@cache
def crs(epsg: int) -> CRS:
    return CRS.from_epsg(epsg)


@cache
def transformer(source_epsg: int, target_epsg: int) -> Transformer:
    """A cached lon/lat-ordered transformer (``always_xy``: x is longitude)."""
    return Transformer.from_crs(crs(source_epsg), crs(target_epsg), always_xy=True)


def to_measure(lon, lat):
    """Storage lon/lat (arrays or scalars) to metres in UTM 48N."""
    return transformer(STORAGE_EPSG, MEASURE_EPSG).transform(lon, lat)


def to_storage(x, y):
    """UTM 48N metres to storage lon/lat."""
    return transformer(MEASURE_EPSG, STORAGE_EPSG).transform(x, y)
