"""Coordinates as users type them: named systems, phone-map offsets undone before projecting."""

from __future__ import annotations

import numpy as np
import pytest

from layers.china_offsets import wgs84_to_bd09, wgs84_to_gcj02
from layers.crs import coordinate_system, to_measure
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
