"""GCJ-02 and BD-09 conversions: the published algorithms, exact inverses."""

from __future__ import annotations

import math

import numpy as np
import pytest

from layers.china_offsets import (
    bd09_to_gcj02,
    bd09_to_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    out_of_china,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)
from layers.crs import MEASURE_EPSG, STORAGE_EPSG, transformer

TONGXIN = (105.9, 36.9)
NINGXIA = ((104.2, 107.6), (35.2, 39.4))
CHINA = ((73.0, 135.0), (18.0, 53.0))


def reference_wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """A plain scalar transcription of the published algorithm, independent of the vectorised one."""
    if not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271):
        return lon, lat
    a, ee, pi = 6378245.0, 0.00669342162296594323, math.pi
    x, y = lon - 105.0, lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    dlat += (20.0 * math.sin(6.0 * x * pi) + 20.0 * math.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat += (20.0 * math.sin(y * pi) + 40.0 * math.sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat += (160.0 * math.sin(y / 12.0 * pi) + 320 * math.sin(y * pi / 30.0)) * 2.0 / 3.0
    dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    dlng += (20.0 * math.sin(6.0 * x * pi) + 20.0 * math.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlng += (20.0 * math.sin(x * pi) + 40.0 * math.sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlng += (150.0 * math.sin(x / 12.0 * pi) + 300.0 * math.sin(x / 30.0 * pi)) * 2.0 / 3.0
    radlat = lat / 180.0 * pi
    magic = 1 - ee * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * sqrtmagic) * pi)
    dlng = (dlng * 180.0) / (a / sqrtmagic * math.cos(radlat) * pi)
    return lon + dlng, lat + dlat


def reference_gcj02_to_bd09(lon: float, lat: float) -> tuple[float, float]:
    x_pi = math.pi * 3000.0 / 180.0
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * x_pi)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * x_pi)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def random_points(box, count: int = 2000, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    (west, east), (south, north) = box
    return rng.uniform(west, east, count), rng.uniform(south, north, count)


def metres_between(lon_a, lat_a, lon_b, lat_b) -> np.ndarray:
    to_metres = transformer(STORAGE_EPSG, MEASURE_EPSG)
    xa, ya = to_metres.transform(lon_a, lat_a)
    xb, yb = to_metres.transform(lon_b, lat_b)
    return np.hypot(np.subtract(xa, xb), np.subtract(ya, yb))


def test_published_values():
    # The example of wandergis/coordTransform_py's README, the transcription most tools copy.
    assert wgs84_to_gcj02(128.543, 37.065) == pytest.approx((128.54820547949757, 37.065651049489816), abs=1e-12)
    assert gcj02_to_bd09(128.543, 37.065) == pytest.approx((128.54944656269413, 37.07113427883019), abs=1e-12)
    # Tiananmen, as commonly quoted to six decimals.
    assert wgs84_to_gcj02(116.391275, 39.906217) == pytest.approx((116.397524, 39.907615), abs=1e-5)


@pytest.mark.parametrize("box", [NINGXIA, CHINA], ids=["ningxia", "china"])
def test_forward_matches_an_independent_scalar_transcription(box):
    lon, lat = random_points(box, count=300)
    gcj_lon, gcj_lat = wgs84_to_gcj02(lon, lat)
    bd_lon, bd_lat = gcj02_to_bd09(gcj_lon, gcj_lat)
    for i in range(len(lon)):
        assert (gcj_lon[i], gcj_lat[i]) == pytest.approx(reference_wgs84_to_gcj02(lon[i], lat[i]), abs=1e-12)
        assert (bd_lon[i], bd_lat[i]) == pytest.approx(reference_gcj02_to_bd09(gcj_lon[i], gcj_lat[i]), abs=1e-12)


@pytest.mark.parametrize("box", [NINGXIA, CHINA], ids=["ningxia", "china"])
@pytest.mark.parametrize(
    ("forward", "inverse"),
    [(wgs84_to_gcj02, gcj02_to_wgs84), (gcj02_to_bd09, bd09_to_gcj02), (wgs84_to_bd09, bd09_to_wgs84)],
    ids=["gcj02", "bd09", "wgs84-bd09"],
)
def test_round_trips_are_exact(box, forward, inverse):
    lon, lat = random_points(box)
    # Both directions: there and back, and back and there.
    there_lon, there_lat = forward(lon, lat)
    back_lon, back_lat = inverse(there_lon, there_lat)
    assert np.abs(back_lon - lon).max() < 1e-7 and np.abs(back_lat - lat).max() < 1e-7
    from_lon, from_lat = inverse(lon, lat)
    again_lon, again_lat = forward(from_lon, from_lat)
    assert np.abs(again_lon - lon).max() < 1e-7 and np.abs(again_lat - lat).max() < 1e-7


def test_inverse_beats_the_one_step_approximation():
    gcj = wgs84_to_gcj02(*TONGXIN)
    exact = gcj02_to_wgs84(*gcj)
    assert exact == pytest.approx(TONGXIN, abs=1e-9)
    shift = np.subtract(gcj, reference_wgs84_to_gcj02(*gcj))
    one_step = np.subtract(gcj, shift)
    assert np.abs(one_step - TONGXIN).max() > 1e-7  # the shortcut would not pass the round-trip test


def test_offset_in_tongxin_is_a_few_hundred_metres():
    gcj_lon, gcj_lat = wgs84_to_gcj02(*TONGXIN)
    bd_lon, bd_lat = wgs84_to_bd09(*TONGXIN)
    assert 100 < metres_between(*TONGXIN, gcj_lon, gcj_lat) < 1000
    assert 300 < metres_between(*TONGXIN, bd_lon, bd_lat) < 2000


def test_ningxia_is_shifted_everywhere():
    lon, lat = random_points(NINGXIA, count=500)
    distance = metres_between(lon, lat, *wgs84_to_gcj02(lon, lat))
    assert distance.min() > 50 and distance.max() < 1000


@pytest.mark.parametrize("position", [(2.35, 48.85), (-74.0, 40.7), (139.7, 35.7), (100.0, 60.0), (100.0, -10.0)])
def test_outside_china_gcj02_is_unchanged(position):
    assert out_of_china(*position)
    assert wgs84_to_gcj02(*position) == position
    assert gcj02_to_wgs84(*position) == position


def test_scalars_give_floats_and_arrays_keep_their_shape():
    lon, lat = wgs84_to_gcj02(*TONGXIN)
    assert type(lon) is float and type(lat) is float
    grid_lon, grid_lat = np.meshgrid(np.linspace(105.8, 106.0, 4), np.linspace(36.8, 37.0, 3))
    for convert in (wgs84_to_gcj02, gcj02_to_wgs84, bd09_to_gcj02, bd09_to_wgs84, wgs84_to_bd09):
        out_lon, out_lat = convert(grid_lon, grid_lat)
        assert out_lon.shape == out_lat.shape == (3, 4)
    # One latitude for many longitudes broadcasts.
    assert wgs84_to_gcj02([105.8, 105.9], 36.9)[1].shape == (2,)


def test_missing_positions_stay_missing():
    lon, lat = gcj02_to_wgs84(np.array([105.9, np.nan]), np.array([36.9, np.nan]))
    assert np.isfinite(lon[0]) and np.isnan(lon[1]) and np.isnan(lat[1])
