"""Photos of printed sheets marked with pens, read back: the sheet found, the marks found and placed.

Every photo is made by the simulator in :mod:`demo.field_photo` from a page this
test printed and registered: perspective up to 30 degrees, any rotation, uneven
light, defocus, sensor noise, JPEG, EXIF orientation, and a crumpled sheet.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from shapely import Polygon

from demo.field_photo import CameraShot, circle_marks, random_pen_marks
from demo.field_sheet import match_marks, page_mm_of
from layers.printed_sheets import registered_sheet
from layers.store import new_feature, open_project
from maps.print.atlas import write_atlas
from maps.print.grid_sheet import PageSetup
from maps.print.page import Paper
from maps.scan.reading import read_sheet_photo
from maps.scan.sheet_finder import decode_photo
from tests.maps.scan.sheet_photos import keep_clear, marked_photo

SHOTS = [
    CameraShot(megapixels=12, tilt_deg=5, rotation_deg=3, light=0.2, blur_px=0.8, exif_orientation=1),
    CameraShot(megapixels=8, tilt_deg=28, rotation_deg=95, light=0.6, blur_px=1.5, exif_orientation=6),
    CameraShot(megapixels=5, tilt_deg=18, rotation_deg=181, light=0.4, blur_px=1.0, noise=3.0, exif_orientation=3),
    CameraShot(
        megapixels=12, tilt_deg=22, rotation_deg=268, light=0.8, blur_px=1.2, jpeg_quality=70, exif_orientation=8
    ),  # fmt: skip
    CameraShot(megapixels=16, tilt_deg=12, rotation_deg=40, light=0.5, blur_px=1.0, jpeg_quality=None),
]
CRUMPLED = CameraShot(megapixels=12, tilt_deg=15, rotation_deg=350, light=0.5, blur_px=1.0, crumple_mm=2.5)


@pytest.fixture(scope="module")
def printed(demo_village_path, tmp_path_factory):
    """A copy of the village with sheets printed: a crowded grid (A4), a grid on A3 landscape, an empty grid."""
    folder = tmp_path_factory.mktemp("sheets")
    project = Path(shutil.copy(demo_village_path, folder / "village.gpkg"))
    with open_project(project) as store:
        minx, miny, maxx, maxy = store.extent("grids")
        east = maxx + 0.02  # fields two kilometres east of the village: nobody lives there
        store.insert(new_feature("grids", Polygon([(east, miny), (east + 0.01, miny), (east + 0.01, miny + 0.008),
                                                   (east, miny + 0.008)]),
                                 code="YH-09", name="东滩", station="豫海派出所", officer="马文华"))  # fmt: skip
        sheets = {}
        for name, grid, setup in (
            ("crowded", "YH-01", PageSetup()),
            ("a3", "YH-02", PageSetup(Paper.A3, landscape=True)),
            ("empty", "YH-09", PageSetup(landscape=True)),
        ):
            document = write_atlas(store, folder / f"{name}.pdf", setup, grid=grid)
            sheets[name] = registered_sheet(store, document.pages[0].sheet_id)
    return project, sheets


def _read(project: Path, photo) -> list:
    with open_project(project) as store:
        return read_sheet_photo(store, decode_photo(photo.data, f"photo{photo.suffix}"))


@pytest.mark.parametrize("sheet_name", ["crowded", "a3", "empty"])
def test_marks_are_found_and_placed_within_half_a_millimetre(printed, sheet_name):
    project, sheets = printed
    sheet = sheets[sheet_name]
    errors, drawn, missed, extra = [], 0, 0, []
    for seed, shot in enumerate(SHOTS):
        rng = np.random.default_rng(100 + seed)
        marks = random_pen_marks(rng, sheet.map_frame_mm, 8, keep_clear_mm=keep_clear(sheet))
        reading = _read(project, marked_photo(sheet, marks, shot, seed).photo)
        assert reading.sheet.sheet_id == sheet.sheet_id
        matching = match_marks(marks, reading.marks)
        errors += matching.errors_mm
        drawn += len(marks)
        missed += len(matching.missed)
        extra.append(matching.unmatched)
    assert (drawn - missed) / drawn >= 0.95, f"{missed} of {drawn} marks missed"
    assert np.median(errors) <= 0.5 and max(errors) <= 1.5, (np.median(errors), max(errors))
    assert max(extra) <= 1, f"marks never drawn, per photo: {extra}"


def test_a_crumpled_sheet_is_read_as_well_and_says_how_far_from_flat_it_is(printed):
    project, sheets = printed
    sheet = sheets["crowded"]
    rng = np.random.default_rng(7)
    marks = random_pen_marks(rng, sheet.map_frame_mm, 10, keep_clear_mm=keep_clear(sheet))
    reading = _read(project, marked_photo(sheet, marks, CRUMPLED, 7).photo)
    matching = match_marks(marks, reading.marks)
    assert len(matching.missed) == 0 and matching.unmatched <= 1
    assert np.median(matching.errors_mm) <= 0.5 and max(matching.errors_mm) <= 1.5, matching.errors_mm
    assert reading.paper.largest_shift_mm > 0.3  # the bend was seen and taken out, not ignored


def test_a_blank_sheet_gives_no_marks(printed):
    project, sheets = printed
    for name, shot in (("crowded", SHOTS[1]), ("empty", SHOTS[3]), ("a3", CRUMPLED)):
        reading = _read(project, marked_photo(sheets[name], [], shot, 3).photo)
        assert reading.marks == [], (name, [(m.mark.shape, m.mark.x_mm, m.mark.y_mm) for m in reading.marks])


def test_circles_around_printed_houses_name_those_households(printed):
    project, sheets = printed
    sheet = sheets["crowded"]
    with open_project(project) as store:
        households = store.read("households", columns=["id", "house_no", "grid_id"])
    on_page = page_mm_of(sheet, households.geometry.x.to_numpy(), households.geometry.y.to_numpy())
    left, top, width, height = sheet.map_frame_mm
    inside = (on_page[:, 0] > left + 15) & (on_page[:, 0] < left + width - 30) & (on_page[:, 1] > top + 15)
    inside &= on_page[:, 1] < top + height - 15
    rng = np.random.default_rng(11)
    chosen = _apart(np.flatnonzero(inside), on_page, rng, count=6, spacing_mm=16)
    marks = circle_marks(on_page[chosen], "red", rng)
    reading = _read(project, marked_photo(sheet, marks, SHOTS[0], 11).photo)
    matching = match_marks(marks, reading.marks)
    assert not matching.missed
    for (mark, read), index in zip(matching.pairs, chosen):
        assert read.mark.shape == "circle"
        assert read.nearest is not None and read.nearest.id == households["id"].iloc[index], (mark, read.nearest)


def _apart(candidates: np.ndarray, points: np.ndarray, rng: np.random.Generator, count: int,
           spacing_mm: float) -> list[int]:  # fmt: skip
    """Up to ``count`` of ``candidates`` at least ``spacing_mm`` apart, where houses are crowded."""
    chosen: list[int] = []
    for index in rng.permutation(candidates):
        if all(np.hypot(*(points[index] - points[other])) >= spacing_mm for other in chosen):
            chosen.append(int(index))
        if len(chosen) == count:
            break
    return chosen
