"""The demo project: believable, complete, reproducible, with the sketch's answer key."""

from __future__ import annotations

import errno
from datetime import date

import numpy as np
import pandas as pd
import pytest
import shapely
from PySide6.QtGui import QImage

from demo.ground_truth import sketch_ground_truth
from demo.project import create_demo_project
from layers.crs import to_measure
from layers.errors import Canceled, ExportFailedError, ProjectExistsError
from layers.feedback import Feedback
from layers.schema import LAYERS
from layers.store import GeoPackageStore, open_project

AS_OF = date(2026, 11, 28)


@pytest.fixture
def demo_path(demo_village_path):
    return demo_village_path


@pytest.fixture
def demo(demo_path):
    store = open_project(demo_path)
    yield store
    store.close()


def test_every_layer_is_filled(demo):
    counts = {info.name: info.count for info in demo.layer_info()}
    assert set(counts) == set(LAYERS)
    assert counts["households"] == 570
    assert 3 <= counts["grids"] <= 6
    assert all(count > 0 for count in counts.values()), counts


def test_every_household_lies_inside_its_own_grid(demo):
    households = demo.read("households", columns=["id", "grid_id"])
    grids = demo.read("grids", columns=["id"]).set_index("id")
    own_grid = grids.geometry.loc[households["grid_id"]].to_numpy()
    assert shapely.contains(own_grid, households.geometry.to_numpy()).all()


def test_grids_tile_the_village_without_overlaps(demo):
    grids = demo.read("grids").geometry.to_numpy()
    union_area = shapely.union_all(grids).area
    assert union_area == pytest.approx(sum(g.area for g in grids), rel=1e-6)


def test_proportions_are_plausible(demo):
    disputes = demo.read("disputes")
    grades = disputes["grade"].value_counts()
    assert set(grades.index) == {"green", "yellow", "orange", "red"}
    assert grades["green"] / len(disputes) == pytest.approx(268 / 388, abs=0.08)
    assert grades["green"] > grades["yellow"] > grades["orange"] >= grades["red"]
    visits = demo.read("visits")
    per_household = visits.groupby("household_id").size()
    assert 3 <= per_household.median() <= 12
    assert (per_household.reindex(demo.read("households")["id"]).isna()).sum() > 0  # some never visited
    local = visits["visited_at"].dt.tz_convert("Asia/Shanghai")
    assert local.dt.hour.between(8, 19).all()
    assert (local.max() - local.min()).days >= 330
    assert local.max().date() < AS_OF
    resolved = disputes[disputes["status"] == "resolved"]
    assert (resolved["resolved_at"] > resolved["reported_at"]).all()
    assert (disputes["status"] != "resolved").any()


def test_the_village_is_near_tongxin(demo):
    minx, miny, maxx, maxy = demo.read("households").total_bounds
    assert 105.6 < minx < maxx < 106.3 and 36.6 < miny < maxy < 37.3


def test_names_are_synthetic_and_ids_are_well_formed(demo):
    households = demo.read("households")
    assert households["head_name"].str.len().between(2, 3).all()
    ids = households["id_number"].dropna()
    assert ids.str.match(r"^640324\d{11}[\dX]$").all()
    assert households["phone"].dropna().str.match(r"^1\d{10}$").all()


def test_the_sketch_is_a_photo_with_the_declared_size(demo):
    sketch = demo.read("sketches").iloc[0]
    image = QImage.fromData(sketch["image"])
    assert not image.isNull()
    assert (image.width(), image.height()) == (sketch["width"], sketch["height"])


def test_ground_truth_pixels_are_on_ink(demo):
    """Each drawn house's pixel is where the pen drew its box: darker than bare paper."""
    truth = sketch_ground_truth(demo)
    assert len(truth) == 570
    image = QImage.fromData(demo.read("sketches").iloc[0]["image"]).convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())[
        :, : image.width()
    ]
    x = truth["sketch_x"].to_numpy().round().astype(int)
    y = truth["sketch_y"].to_numpy().round().astype(int)
    window = np.array([pixels[j - 12 : j + 13, i - 12 : i + 13].min() for i, j in zip(x, y)])
    rng = np.random.default_rng(0)
    control_windows = []
    for _ in range(300):  # bare paper far from any house
        i, j = (
            rng.integers(image.width() // 4, 3 * image.width() // 4),
            rng.integers(image.height() // 4, 3 * image.height() // 4),
        )
        if np.min(np.hypot(x - i, y - j)) > 80:
            control_windows.append(pixels[j - 12 : j + 13, i - 12 : i + 13].min())
    assert len(control_windows) > 20
    assert np.median(window) < np.median(control_windows) - 40


def test_the_sketch_distorts_smoothly_not_linearly(demo):
    """An affine fit leaves large residuals (a sketch is not to scale) while a cubic fits far better."""
    truth = sketch_ground_truth(demo)
    east, north = to_measure(truth.geometry.x.to_numpy(), truth.geometry.y.to_numpy())
    pixels = truth[["sketch_x", "sketch_y"]].to_numpy()
    east, north = (east - east.mean()) / 1000, (north - north.mean()) / 1000

    def residual_rms(degree: int) -> float:
        terms = [east**i * north**j for i in range(degree + 1) for j in range(degree + 1 - i)]
        design = np.column_stack(terms)
        coefficients, *_ = np.linalg.lstsq(design, pixels, rcond=None)
        return float(np.sqrt(np.mean(np.sum((design @ coefficients - pixels) ** 2, axis=1))))

    affine, cubic = residual_rms(1), residual_rms(3)
    assert affine > 40  # pixels: the sketch is far from to scale
    assert cubic < affine / 2


def test_control_points_pair_pixels_with_true_positions(demo):
    points = demo.read("sketch_control_points")
    sketch = demo.read("sketches").iloc[0]
    assert len(points) >= 6
    assert (
        points["sketch_x"].between(0, sketch["width"]).all() and points["sketch_y"].between(0, sketch["height"]).all()
    )
    assert set(points["sketch_id"]) == {sketch["id"]}


def test_same_seed_same_data(demo_path, tmp_path):
    again = tmp_path / "again.gpkg"
    create_demo_project(again, households=570, seed=2021, as_of=AS_OF)
    with open_project(demo_path) as first, open_project(again) as second:
        for layer in LAYERS:
            a, b = first.read(layer), second.read(layer)
            pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b), check_dtype=True, obj=layer)


def test_another_seed_other_data(tmp_path):
    from demo.station.generate import generate_station

    a = generate_station(200, seed=1, as_of=AS_OF).layers["households"]
    b = generate_station(200, seed=2, as_of=AS_OF).layers["households"]
    assert not a.geometry.geom_equals(b.geometry).all()


def test_never_overwrites_and_leaves_nothing_when_canceled(tmp_path):
    existing = tmp_path / "mine.gpkg"
    existing.write_bytes(b"an officer's work")
    with pytest.raises(ProjectExistsError):
        create_demo_project(existing, households=50, as_of=AS_OF)
    assert existing.read_bytes() == b"an officer's work"

    class CancelWhileWriting(Feedback):
        def set_progress(self, percent: float) -> None:
            super().set_progress(percent)
            if percent > 60:
                self.cancel()

    target = tmp_path / "canceled.gpkg"
    with pytest.raises(Canceled):
        create_demo_project(target, households=50, as_of=AS_OF, feedback=CancelWhileWriting())
    assert list(tmp_path.iterdir()) == [existing]


def test_a_full_disk_says_which_file_and_leaves_nothing(tmp_path, monkeypatch):
    written = []

    def fill_the_disk(store, name, frame, feedback=None):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(name)
        return bulk_load(store, name, frame, feedback)

    bulk_load = GeoPackageStore.bulk_load
    monkeypatch.setattr(GeoPackageStore, "bulk_load", fill_the_disk)
    target = tmp_path / "demo.gpkg"
    with pytest.raises(ExportFailedError, match="No space left on device") as raised:
        create_demo_project(target, households=50, as_of=AS_OF)
    assert str(target) in str(raised.value)
    assert written and list(tmp_path.iterdir()) == []  # neither the project nor a partial file, -wal or -shm
