"""Printing registers its map pages, and the printed pages carry what a photo of them is read back by."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import cv2
import numpy as np
import pytest
import zxingcpp
from PIL import Image

from layers.schema import LAYERS
from layers.store import open_project
from maps.print.sheet_register import REGISTER_DPI
from maps.scan.sheet_layout import MARKER_DICTIONARY, parse_sheet_code
from tests.cli_helpers import wangge
from tests.conftest import require_tool

PAGE_KEYS = {"page", "sheet_id", "grid", "map_frame_mm", "extent", "crs"}


@pytest.fixture(scope="module")
def printed_grid(demo_village_path, tmp_path_factory):
    """One grid's sheets printed by the command line from a copy of the village, before and after."""
    folder = tmp_path_factory.mktemp("register")
    project = shutil.copy(demo_village_path, folder / "village.gpkg")
    with open_project(project) as store:
        before = {name: store.read(name) for name in LAYERS if name != "printed_sheets"}
        before["sheets already printed"] = store.read("printed_sheets", columns=["sheet_id"])
    result = wangge("print", str(project), "--grid", "YH-01", "--out", str(folder / "yh01.pdf"), "--json")
    assert result.returncode == 0, result.stderr
    return project, folder / "yh01.pdf", json.loads(result.stdout), before


def test_print_json_lists_every_page_with_its_sheet_map_frame_and_extent(printed_grid):
    _, pdf, listing, _ = printed_grid
    assert set(listing) == {"out", "pages"} and listing["out"] == str(pdf)
    pages = listing["pages"]
    assert [page["page"] for page in pages] == list(range(1, len(pages) + 1)) and len(pages) >= 2
    for page in pages:
        assert set(page) == PAGE_KEYS
    first, *rest = pages
    assert len(first["sheet_id"]) == 10 and first["grid"] == "YH-01" and first["crs"] == "EPSG:32648"
    left, top, width, height = first["map_frame_mm"]
    minx, miny, maxx, maxy = first["extent"]
    assert 0 < left < left + width <= 210 and 0 < top < top + height <= 297
    assert (maxx - minx) / (maxy - miny) == pytest.approx(width / height, rel=0.01)  # north up, true to scale
    list_pages = [page for page in rest if page["map_frame_mm"] is None]
    assert list_pages and all(page["sheet_id"] is None and page["extent"] is None for page in list_pages)


def test_the_register_keeps_each_map_page_as_printed_and_nothing_else_changes(printed_grid):
    project, _, listing, before = printed_grid
    map_pages = [page for page in listing["pages"] if page["sheet_id"]]
    earlier = set(before.pop("sheets already printed")["sheet_id"])
    with open_project(project) as store:
        register = store.read("printed_sheets")
        register = register[~register["sheet_id"].isin(earlier)]
        after = {name: store.read(name) for name in before}
        audit = store.audit(layer="printed_sheets")
        audit = audit[audit["record"].isin(register["id"])]
    assert sorted(register["sheet_id"]) == sorted(page["sheet_id"] for page in map_pages)
    entry = register.iloc[0]
    page = next(page for page in map_pages if page["sheet_id"] == entry["sheet_id"])
    assert json.loads(entry["map_frame_mm"]) == page["map_frame_mm"] and json.loads(entry["extent"]) == page["extent"]
    assert (entry["paper"], bool(entry["landscape"]), entry["document"]) == ("A4", False, "grid_sheet")
    image = Image.open(io.BytesIO(entry["page_image"]))
    assert image.size == (round(210 * REGISTER_DPI / 25.4), round(297 * REGISTER_DPI / 25.4))
    assert set(audit["action"]) == {"insert"} and len(audit) == len(register)
    for name, frame in before.items():
        assert after[name].equals(frame), name


def test_the_printed_page_carries_the_markers_and_code_where_the_register_says(printed_grid, tmp_path):
    """Read the PDF as a printer would print it: the markers' corners within 0.1 mm, the QR code naming the sheet."""
    require_tool(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    project, pdf, listing, _ = printed_grid
    dpi = 300
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-gray", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    grey = np.asarray(Image.open(tmp_path / "page.png").convert("L"))
    detector = cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(MARKER_DICTIONARY))
    corners, ids, _ = detector.detectMarkers(grey)
    sheet_id = listing["pages"][0]["sheet_id"]
    with open_project(project) as store:
        entry = store.read("printed_sheets", matching={"sheet_id": sheet_id}).iloc[0]
        key = store.settings()["project_key"]
    boxes = json.loads(entry["markers_mm"])
    assert ids is not None and sorted(ids.ravel()) == [0, 1, 2, 3]
    for marker_id, quad in zip(ids.ravel(), corners):
        x, y, side = boxes[str(marker_id)]
        expected = np.array([[x, y], [x + side, y], [x + side, y + side], [x, y + side]])
        found_mm = (quad.reshape(4, 2) + 0.5) * 25.4 / dpi
        assert np.abs(found_mm - expected).max() < 0.1, marker_id
    codes = [parse_sheet_code(result.text) for result in zxingcpp.read_barcodes(grey)]
    assert [(code.project_key, code.sheet_id) for code in codes if code] == [(key, sheet_id)]


def test_each_print_gets_new_sheet_ids(printed_grid, tmp_path):
    project, _, listing, _ = printed_grid
    again = wangge("print", str(project), "--grid", "YH-01", "--out", str(tmp_path / "again.pdf"), "--json")
    ids = [page["sheet_id"] for page in json.loads(again.stdout)["pages"] if page["sheet_id"]]
    assert ids and not set(ids) & {page["sheet_id"] for page in listing["pages"]}
