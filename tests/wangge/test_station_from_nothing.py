"""A station from an empty folder to a printed grid sheet, through the command line alone.

Every file is one a rural station really has, made by :mod:`tests.station_files`
without the demo generator: the county's grid Shapefile (GBK .dbf, Gauss-Kruger,
no .cpg), an OpenStreetMap extract of two villages, the township's GeoTIFF, a
phone photo of the officer's sketch (EXIF-rotated), a GPX, the household
register in Excel. The printed sheet must show the imagery and the households.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pytest
from pypdf import PdfReader
from pyproj import Transformer
from PySide6.QtGui import QImage

from layers.store import open_project
from tests import station_files as place
from tests.cli_helpers import wangge
from tests.conftest import require_tool
from tests.test_geopackage_validity import assert_valid_geopackage

TO_UTM = Transformer.from_crs(4490, 32648, always_xy=True)


def run(*arguments: str) -> str:
    result = wangge(*arguments)
    assert result.returncode == 0, f"wangge {' '.join(arguments)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def control_point_file(sketch: place.Sketch, path) -> None:
    """The sketch's known points as ``px py X Y`` (UTM 48N), as GDAL's gdal_translate -gcp lists them."""
    lines = []
    for point in sketch.control_points:
        x, y = TO_UTM.transform(*point.position)
        lines.append(f"{point.pixel[0]:.2f} {point.pixel[1]:.2f} {x:.3f} {y:.3f}\n")
    path.write_text("".join(lines))


def page_image(pdf, tmp_path) -> QImage:
    require_tool(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True
    )
    return QImage(str(next(tmp_path.glob("page*.png"))))


def colour_share(image: QImage, colours, tolerance: int = 18) -> float:
    """The share of the page's pixels within ``tolerance`` of any of ``colours``."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    pixels = rows[:, : image.width() * 3].reshape(-1, 3).astype(int)
    near = np.zeros(len(pixels), dtype=bool)
    for colour in colours:
        near |= (np.abs(pixels - np.asarray(colour[:3])) <= tolerance).all(axis=1)
    return float(near.mean())


@pytest.mark.clock
def test_a_station_from_an_empty_folder_to_a_printed_grid_sheet(tmp_path, qapp):
    files = tmp_path / "来自县局的文件"
    project = tmp_path / "韦州派出所.gpkg"
    run("new", str(project), "--station", "韦州派出所", "--township", place.TOWNSHIP, "--county", "同心县")

    run("import", str(project), "grids", str(place.grid_shapefile(files)), "--quiet")
    extract = str(place.osm_extract(files))
    run("import", str(project), "roads", extract, "--quiet")
    run("import", str(project), "landmarks", extract, "--quiet")
    gpx, _track = place.phone_gpx(files)
    run("import", str(project), "landmarks", str(gpx), "--valid-rows-only", "--quiet")  # the school is in OSM already

    imagery = place.township_geotiff(files)
    run("basemap", "add", str(project), str(imagery.path), "--name", "韦州镇影像", "--quiet")
    assert [entry["name"] for entry in json.loads(run("basemap", "list", str(project), "--json"))] == ["韦州镇影像"]

    sketch = place.photographed_sketch(files)
    sketch_id = run("sketch", "add", str(project), str(sketch.path), "--title", "第一网格手绘图", "--grid", "QSH-01",
                    "--drawn-by", "马建军").strip()  # fmt: skip
    gcps = files / "控制点.txt"
    control_point_file(sketch, gcps)
    run("sketch", "georef", str(project), sketch_id, str(gcps), "--method", "affine")
    listed = json.loads(run("sketch", "list", str(project), "--json"))
    assert listed[0]["control_points"] == len(sketch.control_points)
    assert (listed[0]["width"], listed[0]["height"]) == sketch.size, "the upright photo's size"

    register, households = place.household_register_xlsx(files)
    run("import", str(project), "households", str(register), "--quiet")
    with open_project(project) as store:
        stored = store.read("households")
        assert len(stored) == len(households)
        assert set(store.read("grids")["code"]) == set(place.GRID)
        assert set(store.read("roads")["name"]) == {road.name for road in place.ROADS}
        first_grid = stored["grid_id"].eq(store.read("grids").set_index("code").loc["QSH-01", "id"])
        assert first_grid.sum() == sum(household.grid_code == "QSH-01" for household in households)

    sheet = tmp_path / "QSH-01.pdf"
    run("print", str(project), "--grid", "QSH-01", "--imagery", "--out", str(sheet), "--quiet")
    text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    in_grid = [household for household in households if household.grid_code == "QSH-01"]
    for household in in_grid:
        assert household.house_no in text, f"{household.house_no} is on the sheet"
    page = page_image(sheet, tmp_path)
    assert colour_share(page, place.FIELD_COLOURS) > 0.05, "the satellite image's fields are under the map"

    assert_valid_geopackage(project)
