"""``wangge sketch``: a phone photo of a sketch in, upright; listed; control points stored from a file."""

from __future__ import annotations

import io
import json

import numpy as np
import pillow_heif
from PIL import Image
from PySide6.QtGui import QTransform

from layers.store import create_project, open_project
from maps.georef.sketch_georeference import METHOD_SETTING
from maps.sketch_photo import upright_image
from tests.cli_helpers import assert_one_line_error, wangge
from tests.phone_photos import phone_photo_held_upright, upright_drawing

WIDTH, HEIGHT = 1500, 2000  # upright, as the officer held the phone


def new_station(tmp_path):
    path = tmp_path / "station.gpkg"
    create_project(path, "豫海派出所").close()
    return path


def test_a_sideways_phone_photo_is_kept_as_taken_and_shown_upright(tmp_path, qapp):
    project = new_station(tmp_path)
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(phone_photo_held_upright(WIDTH, HEIGHT))
    added = wangge("sketch", "add", str(project), str(photo), "--title", "犁铧嘴村网格图", "--drawn-by", "马文华")
    assert added.returncode == 0, added.stderr
    sketch_id = added.stdout.strip()
    assert len(sketch_id) == 36 and added.stdout == sketch_id + "\n"
    with open_project(project) as store:
        sketch = store.get("sketches", sketch_id)
    assert sketch["image"] == photo.read_bytes(), "the original is kept as it was taken"
    assert (sketch["width"], sketch["height"], sketch["image_format"]) == (WIDTH, HEIGHT, "JPEG")
    upright = upright_image(sketch["image"])
    assert upright.pixelColor(10, 10).red() > 200 and upright.pixelColor(10, 10).blue() < 60, "red top-left"
    listed = json.loads(wangge("sketch", "list", str(project), "--json").stdout)
    assert listed == [
        {
            "id": sketch_id,
            "title": "犁铧嘴村网格图",
            "grid": None,
            "width": WIDTH,
            "height": HEIGHT,
            "control_points": 0,
        }
    ]


def test_control_points_from_a_file_are_stored_as_if_clicked(tmp_path, qapp):
    project = new_station(tmp_path)
    photo = tmp_path / "sketch.jpg"
    photo.write_bytes(phone_photo_held_upright(WIDTH, HEIGHT))
    sketch_id = wangge("sketch", "add", str(project), str(photo), "--title", "一组").stdout.strip()
    pixels = np.array([[100, 100], [1400, 120], [1380, 1900], [120, 1880], [750, 1000], [400, 600]], dtype=float)
    metres = np.c_[590_000 + pixels[:, 0] * 0.5, 4_090_000 - pixels[:, 1] * 0.5]  # 0.5 m a pixel, north up
    gcps = tmp_path / "points.txt"
    gcps.write_text("".join(f"{a} {b} {c} {d}\n" for (a, b), (c, d) in zip(pixels, metres)))
    result = wangge("sketch", "georef", str(project), "一组", str(gcps), "--method", "affine")
    assert result.returncode == 0, result.stderr
    assert "stored 6 control points" in result.stdout and "affine: RMSE 0.00 m" in result.stdout
    with open_project(project) as store:
        points = store.read("sketch_control_points")
        method = store.settings().get(METHOD_SETTING.format(sketch_id=sketch_id))
    assert len(points) == 6 and set(points["sketch_id"]) == {sketch_id}
    assert sorted(points["sketch_x"]) == sorted(pixels[:, 0])
    assert method == "affine"
    listed = json.loads(wangge("sketch", "list", str(project), "--json").stdout)
    assert listed[0]["control_points"] == 6
    gcps.write_text("".join(f"{a} {b} {c + 3} {d}\n" for (a, b), (c, d) in zip(pixels, metres)))  # moved 3 m east
    again = wangge("sketch", "georef", str(project), "一组", str(gcps), "--method", "auto")
    assert again.returncode == 0, again.stderr  # twins at one place used to end in a singular-matrix traceback
    with open_project(project) as store:
        points = store.read("sketch_control_points")
    assert len(points) == 6, "a file given again moves its points, it does not add them twice"


def test_a_point_outside_the_photo_is_named_and_nothing_is_stored(tmp_path, qapp):
    project = new_station(tmp_path)
    photo = tmp_path / "sketch.jpg"
    photo.write_bytes(phone_photo_held_upright(WIDTH, HEIGHT))
    wangge("sketch", "add", str(project), str(photo), "--title", "一组")
    gcps = tmp_path / "points.txt"
    gcps.write_text("100 100 590050 4089950\n1900 100 590950 4089950\n")  # x 1900 is beyond the upright width
    before = project.read_bytes()
    result = wangge("sketch", "georef", str(project), "一组", str(gcps))
    assert_one_line_error(result, "control point 2", "outside the 1500 x 2000 photo")
    assert project.read_bytes() == before


def test_a_file_that_is_not_a_photo_is_refused_and_the_project_unchanged(tmp_path):
    project = new_station(tmp_path)
    fake = tmp_path / "sketch.jpg"
    fake.write_text("this is a shopping list, not a photo")
    before = project.read_bytes()
    result = wangge("sketch", "add", str(project), str(fake), "--title", "一组")
    assert_one_line_error(result, str(fake), "not a JPEG, PNG or HEIC photo")
    assert project.read_bytes() == before
    unknown = wangge("sketch", "georef", str(project), "no such sketch", str(fake))
    assert unknown.returncode != 0 and "Traceback" not in unknown.stderr


def test_a_sketch_names_its_grid_by_code_or_name(make_project, tmp_path):
    store = make_project()
    store.close()
    photo = tmp_path / "sketch.jpg"
    photo.write_bytes(phone_photo_held_upright(WIDTH, HEIGHT))
    added = wangge("sketch", "add", str(store.path), str(photo), "--title", "一组", "--grid", "YH-01")
    assert added.returncode == 0, added.stderr
    listed = {
        row["title"]: row["grid"] for row in json.loads(wangge("sketch", "list", str(store.path), "--json").stdout)
    }
    assert listed["一组"] == "YH-01"
    before = store.path.read_bytes()
    assert_one_line_error(
        wangge("sketch", "add", str(store.path), str(photo), "--title", "x", "--grid", "ZZ-99"), "ZZ-99"
    )
    assert store.path.read_bytes() == before


def test_an_iphone_heic_photo_is_kept_as_heic_and_drawn_upright(tmp_path, qapp):
    project = new_station(tmp_path)
    upright = upright_drawing(WIDTH, HEIGHT)  # red top-left corner, as the officer held the phone
    sensor = upright.transformed(QTransform().rotate(-90))
    sensor = sensor.convertToFormat(sensor.Format.Format_RGB888)
    pixels = np.frombuffer(sensor.constBits(), np.uint8).reshape(sensor.height(), sensor.bytesPerLine())
    rgb = pixels[:, : sensor.width() * 3].reshape(sensor.height(), sensor.width(), 3)
    exif = Image.Exif()
    exif[0x0112] = 6  # the phone was held upright: turn the sensor's picture 90° clockwise to show it
    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.fromarray(rgb)).save(buffer, format="HEIF", exif=exif.tobytes())
    photo = tmp_path / "IMG_0007.HEIC"
    photo.write_bytes(buffer.getvalue())
    added = wangge("sketch", "add", str(project), str(photo), "--title", "二组")
    assert added.returncode == 0, added.stderr
    with open_project(project) as store:
        sketch = store.get("sketches", added.stdout.strip())
    assert sketch["image"] == photo.read_bytes() and sketch["image_format"] == "HEIC"
    assert (sketch["width"], sketch["height"]) == (WIDTH, HEIGHT)
    shown = upright_image(sketch["image"])
    assert (shown.width(), shown.height()) == (WIDTH, HEIGHT)
    corner = shown.pixelColor(10, 10)
    assert corner.red() > 200 and corner.blue() < 60, "red top-left, as drawn"
