"""``wangge georef`` as scripts use it: JSON figures of a fit, gdaltransform-like coordinates on stdin."""

from __future__ import annotations

import json

import numpy as np

from maps.georef.control_points import ControlPoint, write_qgis_points
from tests.cli_helpers import assert_one_line_error, wangge
from tests.maps.test_georef import drawn


def _gcps(tmp_path, wrong: int | None = None):
    pixels, metres = drawn(11, count=15)
    if wrong is not None:
        metres[wrong] += [150.0, -130.0]
    path = tmp_path / "gcps.txt"
    path.write_text("".join(f"{a:.3f} {b:.3f} {c:.3f} {d:.3f}\n" for (a, b), (c, d) in zip(pixels, metres)))
    return path, pixels, metres


def test_fit_json_names_the_wrong_point(tmp_path):
    path, _, _ = _gcps(tmp_path, wrong=6)  # the wrong crossroads, 200 m off
    result = wangge("georef", "fit", str(path), "--method", "poly2", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["method"] == "poly2" and report["loo_rmse_m"] > report["rmse_m"] > 0
    assert {"id", "residual_m", "loo_m", "suspect", "reason"} <= set(report["points"][0])
    flagged = [p["id"] for p in report["points"] if p["suspect"]]
    assert flagged == ["7"] and "point 7" in next(p for p in report["points"] if p["suspect"])["reason"]


def test_fit_json_lists_every_point_of_the_file_in_file_order(tmp_path):
    """A script reads the points back by position: a point auto set aside and a disabled one are there too."""
    pixels, metres = drawn(11, count=15)
    metres[6] += [150.0, -130.0]  # the wrong crossroads, 200 m off
    points = [
        ControlPoint(str(i + 1), px, py, x, y, i != 11) for i, ((px, py), (x, y)) in enumerate(zip(pixels, metres))
    ]
    path = tmp_path / "gcps.points"
    write_qgis_points(path, points)
    report = json.loads(wangge("georef", "fit", str(path), "--json", check=True).stdout)
    rows = report["points"]
    assert [row["id"] for row in rows] == [str(i + 1) for i in range(15)]
    assert rows[6]["left_out"] and rows[6]["suspect"] and "point 7" in rows[6]["reason"]
    assert rows[6]["residual_m"] > 150  # the fit without it misses its map position by about the mistake
    assert not rows[11]["enabled"] and not rows[11]["left_out"]
    assert [row["id"] for row in rows if row["left_out"]] == ["7"] == [p["id"] for p in report["left_out"]]
    assert all(not row["suspect"] for i, row in enumerate(rows) if i != 6)


def test_auto_says_what_it_chose(tmp_path):
    path, _, _ = _gcps(tmp_path)
    report = json.loads(wangge("georef", "fit", str(path), "--json").stdout)
    assert report["method"] in report["explanation"]


def test_transform_reads_stdin_like_gdaltransform(tmp_path):
    path, pixels, metres = _gcps(tmp_path)
    result = wangge(
        "georef",
        "transform",
        str(path),
        "--method",
        "tps",
        input="".join(f"{a} {b}\n" for a, b in pixels[:3]),
        check=True,
    )
    got = np.array([[float(v) for v in line.split()] for line in result.stdout.splitlines()])
    assert np.abs(got - np.round(metres[:3], 3)).max() < 0.01  # an exact TPS goes through its points
    bad = wangge("georef", "transform", str(path), input="1 2\nnot numbers\n")
    assert bad.returncode == 1 and "line 2" in bad.stderr


def test_too_few_points_is_one_line(tmp_path):
    path = tmp_path / "two.txt"
    path.write_text("0 0 580000 4087000\n100 0 580050 4087000\n")
    assert_one_line_error(wangge("georef", "fit", str(path), "--method", "poly2"), "at least 6")


def test_phone_map_coordinates_are_converted_before_fitting(tmp_path):
    from layers.china_offsets import wgs84_to_bd09
    from layers.crs import to_storage

    pixels, metres = drawn(11, count=15)
    lon, lat = wgs84_to_bd09(*to_storage(metres[:, 0], metres[:, 1]))
    path = tmp_path / "baidu.txt"
    path.write_text("".join(f"{a:.3f} {b:.3f} {c:.10f} {d:.10f}\n" for (a, b), c, d in zip(pixels, lon, lat)))
    result = wangge(
        "georef", "transform", str(path), "--method", "tps", "--crs", "bd09",
        input="".join(f"{a:.3f} {b:.3f}\n" for a, b in pixels[:4]), check=True,
    )  # fmt: skip
    got = np.array([[float(v) for v in line.split()] for line in result.stdout.splitlines()])
    assert np.abs(got - metres[:4]).max() < 0.01


def test_unknown_crs_is_one_line_naming_the_file(tmp_path):
    path, _, _ = _gcps(tmp_path)
    assert_one_line_error(wangge("georef", "fit", str(path), "--crs", "mars"), "gcps.txt")
