"""``wangge scan``: a photographed marked sheet read from the command line, kept as proposals, or refused in a line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from demo.field_photo import CameraShot, not_a_sheet_photo, random_pen_marks
from layers.crs import to_measure
from layers.printed_sheets import registered_sheet
from layers.store import open_project
from maps.print.atlas import write_atlas
from maps.print.grid_sheet import PageSetup
from tests.cli_helpers import assert_one_line_error, wangge
from tests.maps.scan.sheet_photos import keep_clear, marked_photo

MARK_KEYS = {"id", "x", "y", "lon", "lat", "colour", "shape", "size_mm", "nearest_household"}
SHOT = CameraShot(megapixels=8, tilt_deg=14, rotation_deg=200, light=0.4, blur_px=1.0, exif_orientation=6)


@pytest.fixture(scope="module")
def field(demo_village_path, tmp_path_factory):
    """A printed and registered sheet of YH-01, a photo of it with six pen marks, and the marks drawn."""
    folder = tmp_path_factory.mktemp("scan")
    project = Path(shutil.copy(demo_village_path, folder / "village.gpkg"))
    with open_project(project) as store:
        document = write_atlas(store, folder / "yh01.pdf", PageSetup(), grid="YH-01")
        sheet = registered_sheet(store, document.pages[0].sheet_id)
    marks = random_pen_marks(np.random.default_rng(5), sheet.map_frame_mm, 6, keep_clear_mm=keep_clear(sheet))
    marked = marked_photo(sheet, marks, SHOT, 5)
    photo = folder / f"IMG_0001{marked.photo.suffix}"
    photo.write_bytes(marked.photo.data)
    return project, sheet, photo, marks


def _copy(project: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(project, tmp_path / "village.gpkg"))


def test_scan_json_names_the_sheet_and_places_every_mark(field, tmp_path):
    project, sheet, photo, marks = field
    project = _copy(project, tmp_path)
    before = project.read_bytes()
    result = wangge("scan", str(project), str(photo), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"sheet_id", "grid", "page", "paper_rmse_mm", "marks"}
    assert (report["sheet_id"], report["grid"], report["page"]) == (sheet.sheet_id, "YH-01", 1)
    assert 0 <= report["paper_rmse_mm"] < 0.5
    for mark in report["marks"]:
        assert set(mark) == MARK_KEYS
        x, y = to_measure(mark["lon"], mark["lat"])
        assert abs(x - mark["x"]) < 0.05 and abs(y - mark["y"]) < 0.05  # EPSG:32648 and CGCS2000 of one place
        near = mark["nearest_household"]
        assert near is None or (set(near) == {"id", "house_no", "distance_m"} and near["distance_m"] <= 50)
    assert [mark["id"] for mark in report["marks"]] == list(range(1, len(report["marks"]) + 1))
    assert len(report["marks"]) >= len(marks) - 1
    assert project.read_bytes() == before  # without --add, reading writes nothing


def test_add_keeps_the_photo_and_proposes_each_mark_once(field, tmp_path):
    project, sheet, photo, marks = field
    project = _copy(project, tmp_path)
    first = wangge("scan", str(project), str(photo), "--add")
    assert first.returncode == 0, first.stderr
    with open_project(project) as store:
        proposed = store.read("field_marks", matching={"sheet_id": sheet.sheet_id})
        photos = store.read("field_photos", matching={"sheet_id": sheet.sheet_id})
        audit = store.audit(layer="field_marks")
        audit = audit[audit["record"].isin(proposed["id"])]
    assert len(photos) == 1 and photos["sheet_id"].iloc[0] == sheet.sheet_id
    assert photos["file_name"].iloc[0] == photo.name
    assert set(proposed["status"]) == {"proposed"} and set(proposed["photo_id"]) == set(photos["id"])
    stored = proposed[["paper_x_mm", "paper_y_mm"]].to_numpy(float)
    near = [np.hypot(*(stored - [mark.x_mm, mark.y_mm]).T).min() for mark in marks]
    assert sum(distance <= max(3.0, mark.size_mm / 2) for distance, mark in zip(near, marks)) >= len(marks) - 1
    assert len(audit) == len(proposed) and set(audit["action"]) == {"insert"}
    again = wangge("scan", str(project), str(photo), "--add")
    assert again.returncode == 0, again.stderr
    with open_project(project) as store:
        assert len(store.read("field_marks", matching={"sheet_id": sheet.sheet_id})) == len(proposed)
        assert len(store.read("field_photos", matching={"sheet_id": sheet.sheet_id})) == 1


def test_out_georef_writes_the_map_frame_north_up_with_world_file_and_prj(field, tmp_path):
    project, sheet, photo, _ = field
    out = tmp_path / "photo.png"
    result = wangge("scan", str(project), str(photo), "--out-georef", str(out))
    assert result.returncode == 0, result.stderr
    world = [float(line) for line in out.with_suffix(".pgw").read_text().split()]
    width, height = Image.open(out).size
    size = world[0]
    left, top = world[4] - size / 2, world[5] + size / 2
    minx, miny, maxx, maxy = sheet.extent
    assert world[3] == -size and abs(left - minx) < size and abs(top - maxy) < size
    assert abs(left + width * size - maxx) < 2 * size and abs(top - height * size - miny) < 2 * size
    assert "UTM_Zone_48N" in out.with_suffix(".prj").read_text().replace(" ", "_")


@pytest.mark.parametrize(
    "case, words",
    [
        ("not an image", "not an image"),
        ("truncated", "cut short"),
        ("no sheet", "no printed Wangge sheet"),
        ("cut off", "corner squares"),
        ("blurred", "blurred"),
    ],
)
def test_a_photo_that_cannot_be_read_is_named_in_one_line_and_changes_nothing(field, tmp_path, case, words):
    project, sheet, photo, _ = field
    project = _copy(project, tmp_path)
    bad = tmp_path / "bad.jpg"
    if case == "not an image":
        bad.write_text("这不是照片", encoding="utf-8")
    elif case == "truncated":
        data = photo.read_bytes()
        bad = bad.with_suffix(photo.suffix)
        bad.write_bytes(data[: len(data) // 3])
    elif case == "no sheet":
        bad.write_bytes(not_a_sheet_photo(3, megapixels=6))
    else:
        shot = CameraShot(megapixels=8, crop=0.45) if case == "cut off" else CameraShot(megapixels=8, blur_px=9.0)
        marked = marked_photo(sheet, [], shot, 9)
        bad = bad.with_suffix(marked.photo.suffix)
        bad.write_bytes(marked.photo.data)
    before = project.read_bytes()
    result = wangge("scan", str(project), str(bad), "--add", "--json")
    assert_one_line_error(result, bad.name, words)
    assert result.stdout == "" and project.read_bytes() == before


def test_a_sheet_of_another_project_or_never_registered_here_is_named_as_such(field, demo_village_path, tmp_path):
    project, _, photo, _ = field
    other = wangge("new", str(tmp_path / "other.gpkg"), "--station", "韦州派出所")
    assert other.returncode == 0, other.stderr
    result = wangge("scan", str(tmp_path / "other.gpkg"), str(photo), "--quiet")
    assert_one_line_error(result, photo.name, "another project")
    earlier = Path(shutil.copy(demo_village_path, tmp_path / "earlier.gpkg"))  # the village before it printed
    with open_project(earlier) as store, open_project(project) as printed:
        store.set_setting("project_key", printed.settings()["project_key"])
    result = wangge("scan", str(earlier), str(photo), "--quiet")
    assert_one_line_error(result, photo.name, "never registered")
