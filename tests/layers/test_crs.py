"""Coordinates as users type them: named systems, phone-map offsets undone before projecting."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from layers.china_offsets import wgs84_to_bd09, wgs84_to_gcj02
from layers.crs import MEASURE_EPSG, STORAGE_EPSG, coordinate_system, to_measure, transformer
from layers.errors import UnknownCoordinateSystemError

LON = np.array([105.91, 105.93, 105.95])
LAT = np.array([36.88, 36.90, 36.93])


@pytest.mark.parametrize(
    ("name", "shift"),
    [
        ("wgs84", None),
        ("CGCS2000", None),
        ("gcj02", wgs84_to_gcj02),
        ("GCJ-02", wgs84_to_gcj02),
        ("bd09", wgs84_to_bd09),
    ],
)
def test_named_systems_land_on_the_true_position(name, shift):
    shown = shift(LON, LAT) if shift else (LON, LAT)
    x, y = coordinate_system(name).to_measure(*shown)
    true_x, true_y = to_measure(LON, LAT)
    assert np.hypot(x - true_x, y - true_y).max() < 0.01


def test_a_phone_map_position_taken_as_wgs84_is_hundreds_of_metres_off():
    x, y = coordinate_system("wgs84").to_measure(*wgs84_to_gcj02(LON, LAT))
    true_x, true_y = to_measure(LON, LAT)
    assert np.hypot(x - true_x, y - true_y).min() > 100


@pytest.mark.parametrize("name", ["gcj02", "bd09", "EPSG:4490", "32648", "EPSG:3857"])
def test_from_measure_inverts_to_measure(name):
    system = coordinate_system(name)
    x, y = to_measure(LON, LAT)
    back = system.to_measure(*system.from_measure(x, y))
    assert np.hypot(back[0] - x, back[1] - y).max() < 0.001


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(UnknownCoordinateSystemError, match="gcj02.*bd09.*EPSG"):
        coordinate_system("baidu-ish")


def test_each_thread_transforms_with_a_transformer_of_its_own():
    """Worker threads (imports, prints) and the GUI thread never share a PROJ object."""
    here = transformer(STORAGE_EPSG, MEASURE_EPSG)
    there: list = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: _transform_in_thread(there), range(8)))
    assert transformer(STORAGE_EPSG, MEASURE_EPSG) is here
    assert all(made is not here for made in there)
    assert np.allclose(results, [here.transform(LON, LAT)] * 8)


def _transform_in_thread(made: list) -> tuple:
    forward = transformer(STORAGE_EPSG, MEASURE_EPSG)
    made.append(forward)
    return forward.transform(LON, LAT)
