"""A GeoPackage for the field carries the station's imagery and the placed sketches as raster layers."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import numpy as np
import rasterio
import shapely

from layers.crs import to_measure
from layers.imagery import add_imagery
from layers.imagery.gpkg_tiles import read_imagery
from layers.store import open_project
from maps.exports import export_gpkg
from maps.sketch_basemap import load_sketch_basemaps
from maps.sketch_photo import upright_image
from tests.cli_helpers import wangge
from tests.imagery_files import utm_image


def _rasters(path) -> dict[str, str]:
    """Identifier -> table of every tile pyramid in ``path``."""
    with closing(sqlite3.connect(path)) as connection:
        return {info.name: info.table for info in read_imagery(connection)}


def _pixels(image) -> np.ndarray:
    from maps.field_basemaps import _bgra

    return _bgra(image)[:, :, [2, 1, 0]].astype(int)  # RGB


def test_an_export_carries_the_sketch_warped_where_wangge_places_it(demo_village_path, tmp_path, qapp):
    out = tmp_path / "field.gpkg"
    with open_project(demo_village_path) as store:
        export_gpkg(store, out)
        (basemap,), _ = load_sketch_basemaps(store)
        sketch = _pixels(upright_image(store.read("sketches")["image"].iloc[0]))
    table = _rasters(out)[f"手绘图 {basemap.title}"]
    height, width = sketch.shape[:2]
    ink_rows, ink_columns = np.nonzero(
        sketch[height // 5 : 4 * height // 5, width // 5 : 4 * width // 5].mean(axis=2) < 110
    )
    chosen = np.random.default_rng(7).choice(len(ink_rows), 60, replace=False)  # pen strokes, not blank paper
    places = np.c_[ink_columns[chosen] + width // 5, ink_rows[chosen] + height // 5].astype(float)
    on_map = np.c_[places, np.ones(len(places))] @ basemap.homography.T
    on_map = on_map[:, :2] / on_map[:, 2:]
    with rasterio.open(f"GPKG:{out}:{table}") as raster:
        assert raster.crs.to_epsg() == 32648
        warped = raster.read([1, 2, 3]).astype(int)
        rows, columns = rasterio.transform.rowcol(raster.transform, on_map[:, 0], on_map[:, 1])
        scale = raster.transform.a
    # Each stroke drawn where the homography puts it: 5-pixel patches, the sketch's averaged to the raster's size.
    source_step = scale / _metres_per_sketch_pixel(basemap)
    differences = []
    for (x, y), row, column in zip(places, rows, columns):
        half = 2 * source_step
        original = sketch[int(y - half) : int(y + half) + 1, int(x - half) : int(x + half) + 1].mean(axis=(0, 1))
        placed = warped[:, row - 2 : row + 3, column - 2 : column + 3].mean(axis=(1, 2))
        differences.append(np.abs(original - placed).mean())
    assert np.median(differences) < 15, differences  # 9 here; 23 when the sketch sits 4 m off


def _metres_per_sketch_pixel(basemap) -> float:
    from maps.field_basemaps import _metres_per_pixel

    return _metres_per_pixel(basemap.homography, basemap.image.width(), basemap.image.height())


def test_an_export_carries_the_projects_imagery_tile_for_tile(make_project, tmp_path):
    store = make_project()
    project = store.path
    store.close()
    info = add_imagery(project, utm_image(tmp_path / "豫海镇卫星影像.tif"))
    out = tmp_path / "field.gpkg"
    with open_project(project) as reopened:
        export_gpkg(reopened, out)
    table = _rasters(out)["豫海镇卫星影像"]
    query = "SELECT zoom_level, tile_column, tile_row, tile_data FROM {} ORDER BY 1, 2, 3"
    with closing(sqlite3.connect(project)) as original, closing(sqlite3.connect(out)) as exported:
        assert original.execute(query.format(info.table)).fetchall() == exported.execute(query.format(table)).fetchall()
    with rasterio.open(f"GPKG:{project}:{info.table}") as a, rasterio.open(f"GPKG:{out}:{table}") as b:
        assert a.transform == b.transform and a.crs == b.crs


def test_a_pulled_grid_copy_carries_its_sketch(demo_village_path, postgis_url, tmp_path):
    from layers.store.offline import push

    with open_project(demo_village_path) as local, open_project(postgis_url) as server:
        push(local, server)
        grid = server.read("grids").sort_values("code").iloc[0]
    copy = tmp_path / "copy.gpkg"
    pulled = wangge("db", "pull", postgis_url, str(copy), "--grid", grid["code"])
    assert pulled.returncode == 0, pulled.stderr
    with open_project(copy) as pulled_copy:
        titles = pulled_copy.read("sketches")["title"]
    assert set(_rasters(copy)) == {f"手绘图 {title}" for title in titles} and len(titles) == 1
    with rasterio.open(f"GPKG:{copy}:{_rasters(copy)[f'手绘图 {titles.iloc[0]}']}") as raster:
        left, bottom, right, top = raster.bounds
    x, y = to_measure(*shapely.get_coordinates(shapely.centroid(grid.geometry))[0])
    assert left < x < right and bottom < y < top
