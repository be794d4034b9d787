"""Conversions between WGS84 and the offset coordinates of Chinese phone maps.

Maps published in China must show positions shifted by the GCJ-02 algorithm
(Amap/Gaode, Tencent, Apple and Google inside China); Baidu adds a second shift
of its own, BD-09. The shift is a few hundred metres in Ningxia and changes
from place to place, so a position read off a phone map lands on the wrong
house, often in the wrong lane, unless it is converted. Wangge stores CGCS2000
(EPSG:4490, which equals WGS84 at our scale), so every GCJ-02 or BD-09 position
is converted on import, never stored or ignored.

The forward conversions are the published algorithms (the widely copied
transcription of the GCJ-02 obfuscation and Baidu's own formula). The inverses
have no closed form; the one-step approximations in circulation are off by a
metre or more, so :func:`gcj02_to_wgs84` and :func:`bd09_to_gcj02` solve the
forward conversion by fixed-point iteration to better than 1e-9 degrees
(about 0.1 mm).

Every function takes longitudes and latitudes in degrees, as scalars or numpy
arrays (broadcast together), and returns ``(lon, lat)`` of the same shape:
floats for scalars, arrays otherwise.

>>> lon, lat = wgs84_to_gcj02(105.9, 36.9)
>>> back = gcj02_to_wgs84(lon, lat)
>>> abs(back[0] - 105.9) < 1e-9 and abs(back[1] - 36.9) < 1e-9
True
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

# The Krasovsky 1940 ellipsoid the GCJ-02 algorithm is written for.
_SEMI_MAJOR_AXIS = 6378245.0
_ECCENTRICITY_SQUARED = 0.00669342162296594323
_BAIDU_X_PI = np.pi * 3000.0 / 180.0

# The published ``out_of_china`` rectangle: outside it GCJ-02 equals WGS84.
CHINA_LON_RANGE = (72.004, 137.8347)
CHINA_LAT_RANGE = (0.8293, 55.8271)

INVERSE_TOLERANCE_DEGREES = 1e-10
_MAX_ITERATIONS = 50

__all__ = [
    "CHINA_LAT_RANGE",
    "CHINA_LON_RANGE",
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "out_of_china",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
]


def _as_arrays(lon: ArrayLike, lat: ArrayLike) -> tuple[np.ndarray, np.ndarray, bool]:
    lon_array, lat_array = np.broadcast_arrays(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return lon_array, lat_array, lon_array.ndim == 0


def _result(lon: np.ndarray, lat: np.ndarray, scalar: bool):
    if scalar:
        return float(lon), float(lat)
    return lon, lat


def out_of_china(lon: ArrayLike, lat: ArrayLike) -> np.ndarray | bool:
    """True where a WGS84 position lies outside the rectangle GCJ-02 shifts (the published test)."""
    lon_array, lat_array, scalar = _as_arrays(lon, lat)
    outside = (
        (lon_array < CHINA_LON_RANGE[0])
        | (lon_array > CHINA_LON_RANGE[1])
        | (lat_array < CHINA_LAT_RANGE[0])
        | (lat_array > CHINA_LAT_RANGE[1])
    )
    return bool(outside) if scalar else outside


def _gcj02_shift(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The GCJ-02 shift in degrees at WGS84 ``lon, lat``; zero outside China."""
    x, y = lon - 105.0, lat - 35.0
    common = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    shift_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x)) + common
    shift_lat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    shift_lat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    shift_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x)) + common
    shift_lon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    shift_lon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    # The shifts above are in metres-like units on the Krasovsky ellipsoid: turn them into degrees.
    radians_lat = lat / 180.0 * np.pi
    magic = 1.0 - _ECCENTRICITY_SQUARED * np.sin(radians_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    meridian_radius = _SEMI_MAJOR_AXIS * (1.0 - _ECCENTRICITY_SQUARED) / (magic * sqrt_magic)
    parallel_radius = _SEMI_MAJOR_AXIS / sqrt_magic * np.cos(radians_lat)
    shift_lat = shift_lat * 180.0 / (meridian_radius * np.pi)
    shift_lon = shift_lon * 180.0 / (parallel_radius * np.pi)
    outside = out_of_china(lon, lat)
    return np.where(outside, 0.0, shift_lon), np.where(outside, 0.0, shift_lat)


def _wgs84_to_gcj02(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    shift_lon, shift_lat = _gcj02_shift(lon, lat)
    return lon + shift_lon, lat + shift_lat


def _gcj02_to_bd09(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    radius = np.hypot(lon, lat) + 0.00002 * np.sin(lat * _BAIDU_X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _BAIDU_X_PI)
    return radius * np.cos(theta) + 0.0065, radius * np.sin(theta) + 0.006


def _bd09_to_gcj02_estimate(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Baidu's published one-step inverse: a good start, but off by up to about 1e-5 degrees."""
    x, y = lon - 0.0065, lat - 0.006
    radius = np.hypot(x, y) - 0.00002 * np.sin(y * _BAIDU_X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _BAIDU_X_PI)
    return radius * np.cos(theta), radius * np.sin(theta)


def _invert(forward, target_lon: np.ndarray, target_lat: np.ndarray, start_lon: np.ndarray, start_lat: np.ndarray):
    """Solve ``forward(lon, lat) == target`` by fixed-point iteration.

    Both shifts change by far less than the distance moved (their derivatives are
    around 1e-3), so each step gains about three digits.
    """
    lon, lat = start_lon.copy(), start_lat.copy()
    for _ in range(_MAX_ITERATIONS):
        reached_lon, reached_lat = forward(lon, lat)
        miss_lon, miss_lat = reached_lon - target_lon, reached_lat - target_lat
        lon, lat = lon - miss_lon, lat - miss_lat
        # NaN input stays NaN and must not keep the loop going.
        if (
            not (np.abs(miss_lon) > INVERSE_TOLERANCE_DEGREES).any()
            and not (np.abs(miss_lat) > INVERSE_TOLERANCE_DEGREES).any()
        ):
            break
    return lon, lat


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike):
    """WGS84 (or CGCS2000) lon/lat to GCJ-02, as Amap and Tencent show it; unchanged outside China."""
    lon_array, lat_array, scalar = _as_arrays(lon, lat)
    return _result(*_wgs84_to_gcj02(lon_array, lat_array), scalar)


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike):
    """GCJ-02 lon/lat (Amap, Tencent) to WGS84, exact to 1e-9 degrees; unchanged outside China."""
    lon_array, lat_array, scalar = _as_arrays(lon, lat)
    # Subtracting the shift at the GCJ-02 position is the usual one-step estimate; iterate from it.
    shift_lon, shift_lat = _gcj02_shift(lon_array, lat_array)
    return _result(
        *_invert(_wgs84_to_gcj02, lon_array, lat_array, lon_array - shift_lon, lat_array - shift_lat), scalar
    )


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike):
    """GCJ-02 lon/lat to BD-09, as Baidu Maps shows it."""
    lon_array, lat_array, scalar = _as_arrays(lon, lat)
    return _result(*_gcj02_to_bd09(lon_array, lat_array), scalar)


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike):
    """BD-09 lon/lat (Baidu) to GCJ-02, exact to 1e-9 degrees."""
    lon_array, lat_array, scalar = _as_arrays(lon, lat)
    start_lon, start_lat = _bd09_to_gcj02_estimate(lon_array, lat_array)
    return _result(*_invert(_gcj02_to_bd09, lon_array, lat_array, start_lon, start_lat), scalar)


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike):
    """WGS84 (or CGCS2000) lon/lat to BD-09 (Baidu)."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike):
    """BD-09 lon/lat (Baidu) to WGS84, exact to 1e-9 degrees."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))
