"""The atlas's overview page is turned as the station is: landscape for an east-west village, portrait for a tall one.

An east-west village printed on a portrait page filled a narrow band of it. The
overview now picks its orientation, and the frame takes the station's own
proportions; the grid sheets that follow keep the orientation the user asked for,
in the same PDF. Poppler reads each page's size, as a PDF viewer would; the
register keeps the overview as it was printed, so a photo of it is read back
against the right page.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess

import numpy as np
import pytest
import shapely
from PIL import Image

from layers.crs import to_measure, to_storage
from layers.printed_sheets import registered_sheet
from layers.store import open_project
from tests.cli_helpers import wangge
from tests.conftest import require_tool

TURNED_LAYERS = ("grids", "roads", "landmarks", "households", "disputes")


def _page_sizes(pdf) -> list[tuple[float, float]]:
    """Width and height of every page as poppler reads them."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    return [(float(width), float(height)) for height, width in re.findall(r'<page [^>]*height="([\d.]+)" '
                                                                          r'width="([\d.]+)"', xml)]  # fmt: skip


def _turned_on_end(project) -> None:
    """Every place of ``project`` turned a quarter about the station's middle: the village runs north-south."""
    with open_project(project) as store:
        frames = {layer: store.read(layer) for layer in TURNED_LAYERS}
        lon0, lat0, lon1, lat1 = frames["grids"].total_bounds
        middle = to_measure((lon0 + lon1) / 2, (lat0 + lat1) / 2)

        def turn(lonlat: np.ndarray) -> np.ndarray:
            x, y = to_measure(lonlat[:, 0], lonlat[:, 1])
            lon, lat = to_storage(middle[0] - (np.asarray(y) - middle[1]), middle[1] + (np.asarray(x) - middle[0]))
            return np.column_stack([lon, lat])

        with store.edit():
            for layer, frame in frames.items():
                for record in frame.itertuples():
                    if record.geometry is not None and not record.geometry.is_empty:
                        store.update(layer, record.id, {}, record.version, shapely.transform(record.geometry, turn))


@pytest.fixture(scope="module")
def atlases(demo_village_path, tmp_path_factory):
    """The demo village's atlas and a tall station's (the village turned on end), each with its --json listing."""
    require_tool(shutil.which("pdftohtml") is not None, "pdftohtml (poppler-utils)")
    folder = tmp_path_factory.mktemp("overview")
    printed = {}
    for name in ("wide", "tall"):
        project = shutil.copy(demo_village_path, folder / f"{name}.gpkg")
        if name == "tall":
            _turned_on_end(project)
        out = folder / f"{name}.pdf"
        result = wangge("print", str(project), "--all", "--out", str(out), "--json")
        assert result.returncode == 0, result.stderr
        printed[name] = (project, out, json.loads(result.stdout))
    return printed


@pytest.mark.parametrize(("station", "overview_landscape"), [("wide", True), ("tall", False)])
def test_the_overview_is_turned_as_the_station_is_and_the_grid_sheets_as_asked(atlases, station, overview_landscape):
    _, pdf, _ = atlases[station]
    (width, height), *sheets = _page_sizes(pdf)
    assert (width > height) is overview_landscape
    assert sheets and all(sheet_height > sheet_width for sheet_width, sheet_height in sheets)  # A4 portrait asked


@pytest.mark.parametrize("station", ["wide", "tall"])
def test_the_overview_map_fills_its_page_shaped_as_the_station(atlases, station):
    """The frame takes the station's proportions (no empty band inside it) and most of the page's width or height."""
    _, _, listing = atlases[station]
    overview = listing["pages"][0]
    left, top, width, height = overview["map_frame_mm"]
    minx, miny, maxx, maxy = overview["extent"]
    assert (maxx - minx) / (maxy - miny) == pytest.approx(width / height, rel=0.01)
    page_width, page_height = (297, 210) if station == "wide" else (210, 297)
    assert max(width / page_width, height / page_height) > 0.8
    assert left + width <= page_width and top + height <= page_height


def test_the_register_keeps_the_overview_on_its_own_paper(atlases):
    project, _, listing = atlases["wide"]
    overview, sheet = listing["pages"][0], listing["pages"][1]
    with open_project(project) as store:
        kept_overview, kept_sheet = (registered_sheet(store, page["sheet_id"]) for page in (overview, sheet))
    assert (kept_overview.landscape, kept_sheet.landscape) == (True, False)
    width, height = Image.open(io.BytesIO(kept_overview.page_image)).size
    assert width > height
