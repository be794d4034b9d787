"""Coordinate reference systems of a project.

Geometries are stored as lon/lat in CGCS2000 (EPSG:4490), China's official
datum (within centimetres of WGS84 at village scale), so every GIS reads them
without a custom definition. Distances and areas are measured in UTM zone 48N
(EPSG:32648), which covers Ningxia. Positions read off Chinese phone maps
(GCJ-02, BD-09) are converted on import, never stored as they are.

PROJ objects must not be shared between threads, and long jobs (imports,
prints, the warp) run on worker threads while the map draws on the GUI
thread. So each thread gets transformers of its own, made once and kept for
that thread (:func:`transformer`), rather than one cached object for all.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from layers.china_offsets import bd09_to_wgs84, gcj02_to_wgs84, wgs84_to_bd09, wgs84_to_gcj02
from layers.errors import UnknownCoordinateSystemError

STORAGE_EPSG = 4490
MEASURE_EPSG = 32648


_this_thread = threading.local()


@cache
def crs(epsg: int) -> CRS:
    return CRS.from_epsg(epsg)


def transformer(source_epsg: int, target_epsg: int) -> Transformer:
    """This thread's lon/lat-ordered transformer (``always_xy``: x is longitude)."""
    made: dict[tuple[int, int], Transformer] = _this_thread.__dict__.setdefault("by_epsg", {})
    if (source_epsg, target_epsg) not in made:
        made[source_epsg, target_epsg] = Transformer.from_crs(crs(source_epsg), crs(target_epsg), always_xy=True)
    return made[source_epsg, target_epsg]


def to_measure(lon, lat):
    """Storage lon/lat (arrays or scalars) to metres in UTM 48N."""
    return transformer(STORAGE_EPSG, MEASURE_EPSG).transform(lon, lat)


def to_storage(x, y):
    """UTM 48N metres to storage lon/lat."""
    return transformer(MEASURE_EPSG, STORAGE_EPSG).transform(x, y)


# -- coordinates as users and files give them ------------------------------------

_UNSHIFT = {"gcj02": gcj02_to_wgs84, "bd09": bd09_to_wgs84}
NAMED_SYSTEMS = {"wgs84": 4326, "cgcs2000": STORAGE_EPSG, "gcj02": 4326, "bd09": 4326}
"""The names the command line and the import dialog accept besides ``EPSG:<code>``."""


@dataclass(frozen=True)
class CoordinateSystem:
    """How coordinates typed by a user or read from a file are to be understood.

    Chinese phone maps show lon/lat shifted by GCJ-02 (or BD-09 on Baidu); such
    positions are first shifted back to WGS84 by the published algorithms, then
    projected like any other. A pyproj CRS alone cannot say this, hence the value.
    """

    name: str
    crs: CRS
    offset: str | None = None  # "gcj02" or "bd09": the phone-map shift to undo first

    @property
    def is_geographic(self) -> bool:
        return self.crs.is_geographic

    def to_measure(self, x, y):
        """These coordinates (arrays or scalars) to metres in UTM 48N."""
        if self.offset:
            x, y = _UNSHIFT[self.offset](x, y)
        if self.crs == crs(MEASURE_EPSG):
            return x, y
        return _between(self.crs, crs(MEASURE_EPSG)).transform(x, y)

    def from_measure(self, x, y):
        """Metres in UTM 48N back to these coordinates (the phone-map shift applied last)."""
        if self.crs != crs(MEASURE_EPSG):
            x, y = _between(crs(MEASURE_EPSG), self.crs).transform(x, y)
        if self.offset == "gcj02":
            return wgs84_to_gcj02(x, y)
        if self.offset == "bd09":
            return wgs84_to_bd09(x, y)
        return x, y


def _between(source: CRS, target: CRS) -> Transformer:
    """A transformer of this thread's own, made on first use in the thread and kept for it."""
    made: dict[tuple[CRS, CRS], Transformer] = _this_thread.__dict__.setdefault("transformers", {})
    if (source, target) not in made:
        made[source, target] = Transformer.from_crs(source, target, always_xy=True)
    return made[source, target]


def coordinate_system(given: str | int | CRS) -> CoordinateSystem:
    """``wgs84``, ``cgcs2000``, ``gcj02``, ``bd09``, ``EPSG:<code>``, a bare code, WKT or a pyproj CRS.

    >>> coordinate_system("GCJ02").offset
    'gcj02'
    >>> coordinate_system("EPSG:32648").is_geographic
    False
    """
    if isinstance(given, CRS):
        return CoordinateSystem(given.name, given)
    text = str(given).strip()
    key = text.lower().replace("-", "").replace("_", "")
    if key in NAMED_SYSTEMS:
        return CoordinateSystem(key, crs(NAMED_SYSTEMS[key]), key if key in _UNSHIFT else None)
    try:
        parsed = CRS.from_user_input(int(text) if text.isdigit() else text)
    except CRSError:
        raise UnknownCoordinateSystemError(given=text) from None
    return CoordinateSystem(text, parsed)
