"""Warping a sketch onto the map: marks land where the transform says, GDAL reads the files back."""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from layers.errors import Canceled, WarpError
from layers.feedback import Feedback
from maps.georef import warp
from maps.georef.lattice import TOLERANCE_PX, Axis, approximate, interpolated
from maps.georef.transforms import Method, fit
from maps.georef.warp import warp_sketch, write_georeferenced
from tests.conftest import require_tool

SKETCH = (320, 240)
MARKS = {
    "red": ((60.5, 50.5), (230, 20, 20)),
    "blue": ((250.5, 80.5), (20, 40, 220)),
    "green": ((150.5, 190.5), (20, 170, 40)),
}
"""Mark centres in sketch pixels (corner convention: pixel (60, 50) has its centre at (60.5, 50.5)) and colours."""
MARK_HALF = 8


def sketch_image(size: tuple[int, int] = SKETCH) -> QImage:
    """An opaque paper-coloured sketch with a square of colour (17 pixels a side) centred on each mark."""
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor(245, 240, 225))
    for (x, y), rgb in MARKS.values():
        for column in range(int(x) - MARK_HALF, int(x) + MARK_HALF + 1):
            for row in range(int(y) - MARK_HALF, int(y) + MARK_HALF + 1):
                image.setPixelColor(column, row, QColor(*rgb))
    return image


def rotated(pixels: np.ndarray) -> np.ndarray:
    """The true place of sketch pixels: 0.5 m a pixel, turned 20°, rows running south."""
    angle = np.radians(20)
    u, v = pixels[:, 0], -pixels[:, 1]
    x = np.cos(angle) * u - np.sin(angle) * v
    y = np.sin(angle) * u + np.cos(angle) * v
    return np.column_stack([580_000 + 0.5 * x, 4_087_000 + 0.5 * y])


def bent(pixels: np.ndarray) -> np.ndarray:
    """A drawing bent like a hand-drawn one: no polynomial of low order fits it."""
    u, v = pixels.T
    return np.column_stack([580_000 + 0.5 * u + 6 * np.sin(v / 40), 4_087_000 - 0.5 * v + 5 * np.cos(u / 50)])


def control_points(truth) -> tuple[np.ndarray, np.ndarray]:
    """A 4 x 3 lattice over the sketch plus the mark centres, placed by ``truth``."""
    u, v = np.meshgrid(np.linspace(10, SKETCH[0] - 10, 4), np.linspace(10, SKETCH[1] - 10, 3))
    pixels = np.vstack([np.column_stack([u.ravel(), v.ravel()]), [centre for centre, _ in MARKS.values()]])
    return pixels, truth(pixels)


def pixels_of(image: QImage) -> np.ndarray:
    """(height, width, 4) uint8 copy in memory order B, G, R, A."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4).copy()


def mark_place(warped: warp.WarpedSketch, colour: str) -> np.ndarray:
    """Map position (metres) of the centroid of the pixels of a mark's colour in the warped image."""
    rgb = np.array(MARKS[colour][1])
    bgra = pixels_of(warped.image).astype(int)
    close = (np.abs(bgra[..., 2::-1] - rgb).max(axis=2) < 40) & (bgra[..., 3] > 200)
    rows, columns = np.nonzero(close)
    assert len(rows) > 10, f"no {colour} mark in the warped sketch"
    left, _, _, top = warped.extent
    size = warped.pixel_size_m
    return np.array([left + (columns.mean() + 0.5) * size, top - (rows.mean() + 0.5) * size])


@pytest.mark.parametrize(("method", "truth"), [(Method.AFFINE, rotated), (Method.TPS, bent)])
def test_marks_land_where_the_transform_puts_them(method, truth):
    pixels, metres = control_points(truth)
    transform = fit(method, pixels, metres)
    warped = warp_sketch(sketch_image(), transform)
    for colour, (centre, _) in MARKS.items():
        expected = truth(np.array([centre]))[0]
        assert np.hypot(*(mark_place(warped, colour) - expected)) < warped.pixel_size_m, colour


def test_default_pixel_size_keeps_the_resolution_and_max_pixels_caps_it():
    transform = fit(Method.AFFINE, *control_points(rotated))
    assert warp_sketch(sketch_image(), transform).pixel_size_m == pytest.approx(0.5, rel=1e-6)
    capped = warp_sketch(sketch_image(), transform, max_pixels=5_000)
    assert capped.image.width() * capped.image.height() <= 5_000 and capped.pixel_size_m > 2.0
    chosen = warp_sketch(sketch_image(), transform, pixel_size_m=1.25)
    left, bottom, right, top = chosen.extent
    assert chosen.pixel_size_m == 1.25
    assert (right - left, top - bottom) == pytest.approx((1.25 * chosen.image.width(), 1.25 * chosen.image.height()))


def test_extent_follows_the_bent_edges_not_only_the_corners():
    """A TPS can bulge an edge past its corners; the output must still hold the whole sketch."""
    pixels, metres = control_points(bent)
    metres[[1, 2]] += [0, 40]  # pull the middle of the top edge 40 m north of the corners
    transform = fit(Method.TPS, pixels, metres)
    corners = transform.forward.apply(np.array([[0, 0], [SKETCH[0], 0], [SKETCH[0], SKETCH[1]], [0, SKETCH[1]]]))
    top_edge = transform.forward.apply(np.column_stack([np.linspace(0, SKETCH[0], 200), np.zeros(200)]))
    warped = warp_sketch(sketch_image(), transform)
    assert top_edge[:, 1].max() > corners[:, 1].max() + 10
    assert warped.extent[3] >= top_edge[:, 1].max() - 1e-6


def test_outside_the_sketch_is_transparent_and_inside_opaque():
    transform = fit(Method.TPS, *control_points(bent))
    warped = warp_sketch(sketch_image(), transform)
    alpha = pixels_of(warped.image)[..., 3]
    rows, columns = np.mgrid[0 : alpha.shape[0], 0 : alpha.shape[1]]
    left, _, _, top = warped.extent
    size = warped.pixel_size_m
    places = np.column_stack([left + (columns.ravel() + 0.5) * size, top - (rows.ravel() + 0.5) * size])
    u, v = transform.inverse.apply(places).T
    beyond = np.maximum.reduce([-u, u - SKETCH[0], -v, v - SKETCH[1]]).reshape(alpha.shape)  # > 0: off the sketch
    assert (beyond > 1).any() and (beyond < -1).any()
    assert (alpha[beyond > 1] == 0).all()
    assert (alpha[beyond < -1] == 255).all()
    colour = pixels_of(warped.image)[beyond > 1]
    assert (colour == 0).all()  # premultiplied: nothing but zeros where transparent


def test_a_downscaled_preview_lands_in_the_same_place():
    transform = fit(Method.TPS, *control_points(bent))
    full = warp_sketch(sketch_image(), transform)
    preview_image = sketch_image().scaled(
        SKETCH[0] // 2, SKETCH[1] // 2, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    preview = warp_sketch(preview_image, transform, sketch_size=SKETCH)
    assert preview.pixel_size_m == pytest.approx(2 * full.pixel_size_m, rel=0.01)
    assert np.allclose(preview.extent[:2], full.extent[:2]) and preview.extent[3] == pytest.approx(full.extent[3])
    for colour, (centre, _) in MARKS.items():
        expected = bent(np.array([centre]))[0]
        assert np.hypot(*(mark_place(preview, colour) - expected)) < preview.pixel_size_m, colour
    wrong = warp_sketch(preview_image, transform)  # without sketch_size the preview's pixels are misread
    assert np.hypot(*(mark_place(wrong, "blue") - bent(np.array([MARKS["blue"][0]]))[0])) > 20


@pytest.mark.parametrize(("seed", "spacing", "jitter_m"), [(7, 200.0, 2.0), (9, 300.0, 3.0)])
def test_the_lattice_stays_within_its_error_bound_of_the_exact_tps(seed, spacing, jitter_m):
    """A TPS through points ``spacing`` sketch pixels apart, each moved ``jitter_m``: far more bent than a sketch."""
    rng = np.random.default_rng(seed)
    u, v = np.meshgrid(np.arange(0, 801, spacing), np.arange(0, 601, spacing))
    pixels = np.column_stack([u.ravel(), v.ravel()]) + rng.uniform(-5, 5, (u.size, 2))
    metres = np.column_stack([580_000 + 0.5 * pixels[:, 0], 4_087_000 - 0.5 * pixels[:, 1]])
    transform = fit(Method.TPS, pixels, metres + rng.normal(0, jitter_m, metres.shape))
    exact = transform.inverse.apply
    columns, rows = Axis(580_000.5, 1.0, 400), Axis(4_086_999.5, -1.0, 300)  # 1 m, 2 sketch pixels, a pixel
    x, y = np.meshgrid(columns.at(np.arange(columns.count)), rows.at(np.arange(rows.count)))
    truth = exact(np.column_stack([x.ravel(), y.ravel()])).T.reshape(2, rows.count, columns.count)
    rough, _ = interpolated(exact, columns, rows)
    approximated, refined = approximate(exact, columns, rows, singular=warp.kernel_centres(transform.inverse))
    assert np.hypot(*(rough - truth)).max() > 2 * TOLERANCE_PX  # bent enough to need refining
    assert 0 < refined < 0.5  # some cells refined, most interpolated
    assert np.hypot(*(approximated - truth)).max() <= TOLERANCE_PX


def test_blocks_of_rows_share_one_lattice(monkeypatch):
    """Warped in many small blocks or in one, the image is the same: no seams between blocks."""
    transform = fit(Method.TPS, *control_points(bent))
    whole = pixels_of(warp_sketch(sketch_image(), transform).image)
    monkeypatch.setattr(warp, "BLOCK_PIXELS", 16 * 400)
    assert (pixels_of(warp_sketch(sketch_image(), transform).image) == whole).all()


class CancelAfterFirstBlock(Feedback):
    def set_progress(self, percent: float) -> None:
        super().set_progress(percent)
        self.cancel()


def test_cancel_stops_the_warp_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(warp, "BLOCK_PIXELS", 16 * 64)
    feedback = CancelAfterFirstBlock()
    transform = fit(Method.TPS, *control_points(bent))
    with pytest.raises(Canceled):
        write_georeferenced(warp_sketch(sketch_image(), transform, feedback=feedback), tmp_path / "sketch.png")
    assert 0 < feedback.progress < 100
    assert list(tmp_path.iterdir()) == []


def gdal_read(path, *arguments: str) -> str:
    return subprocess.run([*arguments, str(path)], capture_output=True, text=True, check=True).stdout


def gdal_colour(path, x: float, y: float) -> list[int]:
    """Red, green, blue, alpha GDAL reads at map position (x, y) of a georeferenced image."""
    found = subprocess.run(
        ["gdallocationinfo", "-geoloc", "-valonly", str(path), f"{x:.3f}", f"{y:.3f}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return [int(value) for value in found.stdout.split()]


def test_gdal_reads_the_georeferencing_and_finds_each_mark_where_it_belongs(tmp_path):
    require_tool(shutil.which("gdallocationinfo") is not None, "gdallocationinfo (gdal-bin)")
    transform = fit(Method.TPS, *control_points(bent))
    warped = warp_sketch(sketch_image(), transform)
    path = tmp_path / "sketch.png"
    write_georeferenced(warped, path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["sketch.pgw", "sketch.png", "sketch.png.aux.xml", "sketch.prj"]
    info = json.loads(gdal_read(path, "gdalinfo", "-json"))
    left, _, _, top = warped.extent
    size = warped.pixel_size_m
    assert info["geoTransform"] == pytest.approx([left, size, 0, top, 0, -size], abs=1e-6)
    assert info["stac"]["proj:epsg"] == 32648
    for colour, (centre, rgb) in MARKS.items():
        x, y = bent(np.array([centre]))[0]
        assert np.abs(np.array(gdal_colour(path, x, y)) - [*rgb, 255]).max() < 40, colour
    assert gdal_colour(path, left + size, top - size)[3] == 0  # transparent outside the sketch


def test_jpeg_gets_a_jgw_on_white_paper(tmp_path):
    require_tool(shutil.which("gdalinfo") is not None, "gdalinfo (gdal-bin)")
    transform = fit(Method.AFFINE, *control_points(rotated))
    warped = warp_sketch(sketch_image(), transform)
    path = tmp_path / "sketch.jpg"
    write_georeferenced(warped, path)
    info = json.loads(gdal_read(path, "gdalinfo", "-json"))
    assert "sketch.jgw" in " ".join(info["files"])
    assert info["geoTransform"][0] == pytest.approx(warped.extent[0], abs=1e-6)
    assert info["stac"]["proj:epsg"] == 32648
    assert QImage(str(path)).pixelColor(0, 0).lightness() > 240  # outside the sketch: white, not black


def test_world_file_names_the_centre_of_the_top_left_pixel():
    warped = warp.WarpedSketch(QImage(4, 2, QImage.Format.Format_ARGB32_Premultiplied), (100.0, 10.0, 104.0, 12.0), 1.0)
    assert warp.world_file(warped).split() == ["1.0", "0.0", "0.0", "-1.0", "100.5", "11.5"]


def test_unwritable_places_raise_a_warp_error_and_leave_nothing(tmp_path):
    transform = fit(Method.AFFINE, *control_points(rotated))
    warped = warp_sketch(sketch_image(), transform, pixel_size_m=2.0)
    with pytest.raises(WarpError, match="missing"):
        write_georeferenced(warped, tmp_path / "missing" / "sketch.png")
    with pytest.raises(WarpError, match=r"\.png, \.jpg or \.jpeg"):
        write_georeferenced(warped, tmp_path / "sketch.tif")
    assert list(tmp_path.iterdir()) == []
