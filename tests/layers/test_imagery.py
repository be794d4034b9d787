"""Satellite imagery kept in the project as GeoPackage tiles: what GDAL reads back is the image, at every zoom level.

GDAL (through rasterio, ``GPKG:path:table``) is the oracle for what was stored;
its validator and QGIS judge whether the file is still a GeoPackage.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import textwrap

import numpy as np
import pytest
import rasterio

from layers.errors import Canceled, NotAProjectError
from layers.feedback import Feedback
from layers.imagery import (
    ImageryFileError,
    ImageryNameTakenError,
    ImageryNeedsGeoPackageError,
    add_imagery,
    list_imagery,
)
from layers.imagery.pyramid import halved
from layers.schema import LAYERS
from layers.store import open_project
from layers.store.gpkg import inspect_project_file
from tests.conftest import require_tool
from tests.imagery_files import cgcs2000_grey_image, digest, side_files, tile_package, utm_image
from tests.layers.test_gis_compatibility import SYSTEM_PYTHON, _qgis_available
from tests.test_geopackage_validity import assert_valid_geopackage


@pytest.fixture
def project(make_project):
    store = make_project()
    store.close()
    return store.path


def stored(project, table, bands=(1, 2, 3, 4), out_shape=None):
    with rasterio.open(f"GPKG:{project}:{table}") as pyramid:
        shape = None if out_shape is None else (len(bands), *out_shape)
        return pyramid.read(list(bands), out_shape=shape), pyramid.transform, pyramid.crs


def test_a_utm_geotiff_is_stored_as_it_is_with_every_zoom_level(project, tmp_path):
    image = utm_image(tmp_path / "豫海镇卫星影像.tif")
    with rasterio.open(image) as source:
        pixels, transform, bounds = source.read(), source.transform, tuple(source.bounds)
    info = add_imagery(project, image)
    assert (info.table, info.name, info.crs) == ("imagery_1", "豫海镇卫星影像", "EPSG:32648")
    assert info.bounds == pytest.approx(bounds) and info.pixel_size == (0.5, 0.5)
    assert info.zoom_levels == (0, 3), "1900 px is 8 tiles across: zoom 3 at full resolution, zoom 0 one tile"
    assert list_imagery(project) == [info]
    read, stored_transform, crs = stored(project, info.table)
    assert crs.to_epsg() == 32648 and stored_transform == transform, "the source grid, not resampled"
    assert read.shape[1:] == pixels.shape[1:] and (read[3] == 255).all()
    assert np.abs(read[:3].astype(int) - pixels).mean() < 1.5, "JPEG at quality 85 stays close"
    quarter, _, _ = stored(project, info.table, out_shape=(1300 // 4, 1900 // 4))
    expected = pixels[:, :1300, :1900].reshape(3, 325, 4, 475, 4).mean(axis=(2, 4))
    assert np.abs(quarter[:3] - expected).mean() < 2.0, "zoom 1 is the image averaged 4 x 4"
    assert side_files(project) == [], "no scratch file left behind"


def test_the_project_still_opens_and_edits_with_imagery_in_it(project, tmp_path):
    add_imagery(project, utm_image(tmp_path / "影像.tif"))
    inspect_project_file(project)
    with open_project(project) as store:
        households = store.read("households")
        assert len(households) > 0
        first = households.iloc[0]
        store.update("households", first["id"], {"phone": "13900000000"}, first["version"])
        assert [layer.name for layer in store.layer_info()] == list(LAYERS), "no imagery among the layers"
    assert [info.name for info in list_imagery(project)] == ["影像"]


def test_a_cgcs2000_grey_uint16_image_is_stretched_and_its_gap_left_transparent(project, tmp_path):
    image = cgcs2000_grey_image(tmp_path / "grey.tif")
    with sqlite3.connect(project) as connection:
        crs_rows_before = connection.execute("SELECT COUNT(*) FROM gpkg_spatial_ref_sys").fetchone()[0]
    connection.close()
    info = add_imagery(project, image, name="豫海镇 2024 全色")
    assert info.crs == "EPSG:4490" and info.pixel_size == (5e-6, 5e-6)
    with sqlite3.connect(project) as connection:
        assert connection.execute("SELECT COUNT(*) FROM gpkg_spatial_ref_sys").fetchone()[0] == crs_rows_before
        top_left = connection.execute(
            f"SELECT COUNT(*) FROM {info.table} WHERE zoom_level = 2 AND tile_column = 0 AND tile_row = 0"
        ).fetchone()[0]
    connection.close()
    assert top_left == 0, "a tile wholly in the gap is not stored"
    read, _, _ = stored(project, info.table, bands=(1, 4))
    grey, alpha = read
    assert (alpha[:350, :450] == 0).all() and (alpha[350:, 450:] == 255).all()
    valid = grey[350:, 450:]
    assert valid.min() < 30 and valid.max() > 225, "12-bit values stretched over the 8-bit range"


def test_a_second_image_of_the_same_name_is_refused_and_another_name_taken(project, tmp_path):
    image = utm_image(tmp_path / "影像.tif", width=600, height=400)
    add_imagery(project, image)
    before = digest(project)
    with pytest.raises(ImageryNameTakenError, match="影像"):
        add_imagery(project, image)
    with pytest.raises(ImageryNameTakenError, match="households"):
        add_imagery(project, image, name="households")
    assert digest(project) == before
    second = add_imagery(project, image, name="2025年影像")
    assert second.table == "imagery_2"
    assert [info.name for info in list_imagery(project)] == ["影像", "2025年影像"]


@pytest.mark.parametrize("bad", ["truncated", "garbled", "text", "not georeferenced", "missing", "a folder"])
def test_bad_imagery_is_named_and_the_project_left_unchanged(project, tmp_path, bad):
    good = utm_image(tmp_path / "good.tif", width=1024, height=1024, compress="deflate").read_bytes()
    image = tmp_path / f"{bad}.tif"
    if bad == "truncated":
        image.write_bytes(good[: len(good) // 2])
    elif bad == "garbled":
        middle = len(good) // 2
        image.write_bytes(good[:middle] + bytes(20_000) + good[middle + 20_000 :])
    elif bad == "text":
        image.write_text("户主姓名,门牌号\n马文华,12\n", encoding="utf-8")
    elif bad == "not georeferenced":
        with rasterio.open(image, "w", driver="PNG", width=64, height=64, count=3, dtype="uint8") as png:
            png.write(np.zeros((3, 64, 64), np.uint8))
    elif bad == "a folder":
        image.mkdir()
    before = digest(project)
    expected = {
        "truncated": "damaged or truncated",
        "garbled": "damaged or truncated",
        "text": "not an image file",
        "not georeferenced": "no georeferencing",
        "missing": "no such file",
        "a folder": "a folder",
    }[bad]
    with pytest.raises(ImageryFileError, match=expected) as raised:
        add_imagery(project, image)
    assert str(image) in str(raised.value)
    assert digest(project) == before
    assert side_files(project) == []


class CancelAt(Feedback):
    """Cancels once progress passes ``percent``, as a user pressing Cancel part way."""

    def __init__(self, percent: float) -> None:
        super().__init__()
        self.percent = percent
        self.reports = 0

    def set_progress(self, percent: float) -> None:
        super().set_progress(percent)
        self.reports += 1
        if self.progress >= self.percent:
            self.cancel()


@pytest.mark.parametrize("percent", [30, 95], ids=["while tiling", "while copying into the project"])
def test_a_cancel_leaves_the_project_byte_identical(project, tmp_path, percent):
    image = utm_image(tmp_path / "影像.tif", width=3000, height=2600)
    before = digest(project)
    feedback = CancelAt(percent)
    with pytest.raises(Canceled):
        add_imagery(project, image, feedback=feedback)
    assert feedback.reports >= 3, "progress is reported as the work goes"
    assert digest(project) == before
    assert side_files(project) == [] and list_imagery(project) == []


def test_an_mbtiles_package_is_copied_tile_for_tile(project, tmp_path):
    package = tile_package(tmp_path / "离线地图.mbtiles", utm_image(tmp_path / "source.tif"))
    info = add_imagery(project, package)
    assert (info.name, info.crs) == ("离线地图", "EPSG:3857")
    with sqlite3.connect(package) as mbtiles:
        source_tiles = {
            (z, x, (1 << z) - 1 - y): bytes(data)
            for z, x, y, data in mbtiles.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")
        }
    mbtiles.close()
    with sqlite3.connect(project) as connection:
        copied = {
            (z, x, y): bytes(data)
            for z, x, y, data in connection.execute(
                f"SELECT zoom_level, tile_column, tile_row, tile_data FROM {info.table}"
            )
        }
    connection.close()
    assert copied == source_tiles, "the same pictures, rows counted from the north"
    assert (info.min_zoom, info.max_zoom, info.tiles) == (16, 18, len(source_tiles))
    with rasterio.open(package) as original:
        expected, expected_transform = original.read(), original.transform
    read, transform, crs = stored(project, info.table)
    assert crs.to_epsg() == 3857 and transform.almost_equals(expected_transform)
    assert np.array_equal(read, expected), "GDAL reads the copy exactly as it reads the package"


def test_a_pyramid_gdal_wrote_is_listed_too(project, tmp_path):
    require_tool(shutil.which("gdal_translate") is not None, "gdal_translate (gdal-bin)")
    image = utm_image(tmp_path / "gdal.tif", width=700, height=500)
    subprocess.run(
        ["gdal_translate", "-q", "-of", "GPKG", "-co", "APPEND_SUBDATASET=YES", "-co", "RASTER_TABLE=gdal_image",
         str(image), str(project)],
        check=True,
    )  # fmt: skip
    (listed,) = list_imagery(project)
    assert (listed.table, listed.name, listed.crs, listed.pixel_size) == (
        "gdal_image",
        "gdal_image",
        "EPSG:32648",
        (0.5, 0.5),
    )
    assert add_imagery(project, image, name="ours").table == "imagery_1"


def test_a_shared_database_is_refused(tmp_path):
    with pytest.raises(ImageryNeedsGeoPackageError, match="GeoPackage"):
        add_imagery("postgresql://station@localhost/yuhai", utm_image(tmp_path / "a.tif", width=64, height=64))


def test_a_file_that_is_not_a_project_is_refused_before_the_image_is_read(tmp_path):
    notes = tmp_path / "notes.gpkg"
    notes.write_text("not a project")
    with pytest.raises(NotAProjectError):
        add_imagery(notes, tmp_path / "never-read.tif")


def test_an_open_store_gets_its_imagery_between_edits_never_inside_one(project, tmp_path):
    image = utm_image(tmp_path / "影像.tif", width=600, height=400)
    with open_project(project) as store:
        first = store.read("households").iloc[0]
        with pytest.raises(RuntimeError, match="inside an edit"), store.edit():
            add_imagery(store, image)
        info = add_imagery(store, image)
        store.update("households", first["id"], {"phone": "13900000001"}, first["version"])
        assert store.get("households", first["id"])["phone"] == "13900000001"
    assert list_imagery(project) == [info]


def test_gdal_validator_accepts_the_project_with_imagery(project, tmp_path):
    add_imagery(project, utm_image(tmp_path / "utm.tif"))
    add_imagery(project, cgcs2000_grey_image(tmp_path / "cgcs2000.tif"))
    assert_valid_geopackage(project)


def test_gdal_validator_accepts_a_copied_tile_package(project, tmp_path):
    add_imagery(project, tile_package(tmp_path / "offline.mbtiles", utm_image(tmp_path / "source.tif")))
    assert_valid_geopackage(project)


def test_qgis_opens_the_imagery_as_a_raster_layer(project, tmp_path):
    require_tool(_qgis_available(), "QGIS Python bindings (python3-qgis)")
    tables = [
        add_imagery(project, utm_image(tmp_path / "utm.tif")).table,
        add_imagery(project, cgcs2000_grey_image(tmp_path / "cgcs2000.tif")).table,
    ]
    script = textwrap.dedent(
        """
        import json, sys
        from qgis.core import QgsApplication, QgsRasterLayer
        app = QgsApplication([], False)
        app.initQgis()
        report = {}
        for table in sys.argv[2:]:
            layer = QgsRasterLayer(f"GPKG:{sys.argv[1]}:{table}", table, "gdal")
            extent = layer.extent()
            report[table] = [layer.isValid(), layer.crs().authid(), layer.width(), layer.height(),
                             extent.xMinimum(), extent.yMaximum(), layer.dataProvider().bandCount()]
        print(json.dumps(report))
        """
    )
    result = subprocess.run(
        [SYSTEM_PYTHON, "-c", script, str(project), *tables],
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    import json

    report = json.loads(result.stdout.strip().splitlines()[-1])
    with rasterio.open(tmp_path / "utm.tif") as utm:
        left, top = utm.bounds.left, utm.bounds.top
    assert report[tables[0]][:4] == [True, "EPSG:32648", 1900, 1300]
    assert report[tables[0]][4:6] == pytest.approx([left, top])
    assert report[tables[1]][:4] == [True, "EPSG:4490", 900, 700]


def test_halving_weights_colours_by_alpha_so_the_image_edge_does_not_darken():
    strip = np.zeros((4, 4, 4), np.uint8)
    strip[:3] = 200
    strip[3] = 255
    strip[:, :2, :2] = [[[10]], [[20]], [[30]], [[0]]]  # top-left block: transparent, its colour meaningless
    strip[3, 2:, :2] = [[255, 0], [0, 0]]  # bottom-left block: one opaque pixel of four
    half = halved(strip)
    assert half[3, 0, 0] == 0, "no pixel of the block is covered"
    assert half[:, 1, 0].tolist() == [200, 200, 200, 64], "the one opaque pixel's colour, a quarter opaque"
    assert half[:, 0, 1].tolist() == [200, 200, 200, 255]


def test_showing_imagery_keeps_the_open_projects_write_ahead_log(tmp_path):
    """Reading tiles must not go through a second copy of SQLite, whose close would delete the store's -wal."""
    from layers.imagery.reading import imagery_sources, read_imagery
    from layers.station_setup import StationSetup, create_station_project
    from layers.store import new_feature
    from tests import station_files as place

    project = tmp_path / "韦州.gpkg"
    create_station_project(project, StationSetup("韦州派出所")).close()
    add_imagery(project, place.township_geotiff(tmp_path).path)
    with open_project(project) as store:
        store.insert(new_feature("officers", name="马建军", role="community_officer", station="韦州派出所"))
        wal = project.with_name(project.name + "-wal")
        assert wal.exists()
        (source,), problems = imagery_sources(store)
        assert problems == () and read_imagery(source, source.extent, 300, 200) is not None
        assert wal.exists(), "the store's write-ahead log is still there"
        with open_project(project) as other:  # another reader (the georeferencer, a second window) still can
            assert list(other.read("officers")["name"]) == ["马建军"]
