"""Coordinates of a register's rows, brought to storage lon/lat (CGCS2000, EPSG:4490).

Positions come from GPS (WGS84), survey data (CGCS2000 or a projected code)
or, very often, read off a phone map: Amap and Tencent show GCJ-02, Baidu
BD-09, hundreds of metres from the truth. :func:`layers.crs.coordinate_system`
knows how to undo those shifts; this module applies it to whole columns.

Latitude and longitude typed into each other's column are common. China lies
within longitudes 73-135 and latitudes 18-54, ranges that do not overlap, so a
"longitude" of 36.9 with a "latitude" of 105.9 is certainly swapped: such rows
are swapped back and listed in the report. Degrees may also be written as
degrees, minutes and seconds (105°54'12.5").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from layers import crs as storage_crs
from layers.crs import CoordinateSystem
from layers.errors import QT_TRANSLATE_NOOP
from layers.imports.cells import numbers

CHINA_LONGITUDES = (73.0, 135.5)
CHINA_LATITUDES = (18.0, 54.0)
"""Mainland China with Hainan, rounded outwards: every position a station registers lies inside."""
_DMS = (
    r"^\s*(?P<degrees>\d{1,3}(?:\.\d+)?)\s*[°度]\s*(?:(?P<minutes>\d{1,2}(?:\.\d+)?)\s*['′’分]\s*)?"
    r"(?:(?P<seconds>\d{1,2}(?:\.\d+)?)\s*(?:[\"″”]|''|′′|秒)\s*)?(?P<hemisphere>[NSEW东西南北])?\s*$"
)

NOT_A_COORDINATE = QT_TRANSLATE_NOOP("ImportProblem", "not a coordinate (degrees such as 105.9012, or 105°54'4\")")
HALF_A_POSITION = QT_TRANSLATE_NOOP("ImportProblem", "longitude and latitude must be given together")
OUTSIDE_CHINA = QT_TRANSLATE_NOOP(
    "ImportProblem", "outside China in {system}; is the coordinate system right (wgs84, gcj02, bd09, EPSG:n)?"
)
SWAPPED_NOTE = QT_TRANSLATE_NOOP(
    "ImportReport", "latitude and longitude were swapped in {count} row(s) and have been swapped back: rows {rows}"
)
CONVERTED_NOTE = QT_TRANSLATE_NOOP("ImportReport", "coordinates read as {system} and converted to CGCS2000 (EPSG:4490)")


@dataclass
class LocatedRows:
    """Storage points of the rows (``None`` where a row has no position) and what was found on the way."""

    points: np.ndarray
    swapped: np.ndarray
    problems: list[tuple[np.ndarray, str, str, dict]]
    """(rows, "longitude" or "latitude", reason template, parameters)."""

    @property
    def located(self) -> np.ndarray:
        return ~shapely.is_missing(self.points)


def degrees(cells: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Decimal degrees from numbers or from degrees-minutes-seconds text; the rows that are neither."""
    parsed = numbers(cells)
    values = parsed.values.copy()
    unreadable = cells.notna().to_numpy() & values.isna().to_numpy()
    if unreadable.any():
        parts = cells[unreadable].astype(str).str.normalize("NFKC").str.extract(_DMS)
        whole = parts[["degrees", "minutes", "seconds"]].apply(pd.to_numeric).fillna({"minutes": 0, "seconds": 0})
        sign = np.where(parts["hemisphere"].isin(["S", "W", "南", "西"]), -1.0, 1.0)
        values[unreadable] = sign * (whole["degrees"] + whole["minutes"] / 60 + whole["seconds"] / 3600)
        unreadable = cells.notna().to_numpy() & values.isna().to_numpy()
    return values, unreadable


def locate_rows(
    longitudes: pd.Series | None, latitudes: pd.Series | None, system: CoordinateSystem, n: int
) -> LocatedRows:
    """Points in storage lon/lat of ``n`` rows from coordinate columns (``None`` if absent) read in ``system``."""
    empty = pd.Series([None] * n, dtype=object)
    x, x_bad = degrees(longitudes if longitudes is not None else empty)
    y, y_bad = degrees(latitudes if latitudes is not None else empty)
    x, y = x.to_numpy(dtype=float, copy=True), y.to_numpy(dtype=float, copy=True)
    problems: list[tuple[np.ndarray, str, str, dict]] = [
        (x_bad, "longitude", NOT_A_COORDINATE, {}),
        (y_bad, "latitude", NOT_A_COORDINATE, {}),
    ]
    given_x, given_y = ~np.isnan(x), ~np.isnan(y)
    problems.append((given_x & ~given_y & ~y_bad, "latitude", HALF_A_POSITION, {}))
    problems.append((given_y & ~given_x & ~x_bad, "longitude", HALF_A_POSITION, {}))
    both = given_x & given_y
    swapped = np.zeros(n, dtype=bool)
    if system.is_geographic:
        swapped = both & _within(y, CHINA_LONGITUDES) & _within(x, CHINA_LATITUDES)
        x[swapped], y[swapped] = y[swapped], x[swapped]
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    if both.any():
        lon[both], lat[both] = storage_crs.to_storage(*system.to_measure(x[both], y[both]))
    inside = _within(lon, CHINA_LONGITUDES) & _within(lat, CHINA_LATITUDES)
    problems.append((both & ~inside, "longitude", OUTSIDE_CHINA, {"system": system.name}))
    keep = both & inside
    points = np.full(n, None, dtype=object)
    points[keep] = shapely.points(lon[keep], lat[keep])
    return LocatedRows(points, swapped & keep, [p for p in problems if p[0].any()])


def _within(values: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (values >= bounds[0]) & (values <= bounds[1])
