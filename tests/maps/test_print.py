"""Printed grid sheets, read back the way a user's PDF reader and printer would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import numpy as np
import pypdf
import pytest
from PySide6.QtGui import QImage, QPainter

from layers.errors import PrintError, UnknownGridError
from layers.review import ReviewFilter, load_review, select
from layers.store import open_project
from layers.values import STATION_TIMEZONE
from maps.map_content import build_map_content
from maps.print.atlas import atlas_pages, find_grids, write_atlas
from maps.print.grid_sheet import GridSheetPainter, PageSetup, sheet_geometry
from maps.print.map_frame import scale_bar
from maps.print.page import Paper
from maps.scan.sheet_layout import CORNER_BOX_MM
from tests import station_files as place
from tests.cli_helpers import wangge
from tests.conftest import require_tool
from tests.imagery_station import is_colour, metres, rgb_array, station_with_imagery

AS_OF = datetime(2026, 11, 28, 12, tzinfo=STATION_TIMEZONE)
REFERENCE = Path(__file__).parent / "reference" / "grid-sheet.png"


@pytest.fixture(scope="module")
def printed(demo_village_path, tmp_path_factory):
    """The demo village's atlas, masked and with full details, and one grid at A3 landscape."""
    folder = tmp_path_factory.mktemp("print")
    paths = {"project": folder / "village.gpkg"}  # printing registers its sheets: never in the shared village
    shutil.copy(demo_village_path, paths["project"])
    with open_project(paths["project"]) as store:
        paths["atlas"] = folder / "atlas.pdf"
        write_atlas(store, paths["atlas"], PageSetup(), as_of=AS_OF)
        paths["personal"] = folder / "personal.pdf"
        write_atlas(store, paths["personal"], PageSetup(show_personal=True), grid="YH-01", as_of=AS_OF)
        paths["a3"] = folder / "a3.pdf"
        write_atlas(store, paths["a3"], PageSetup(Paper.A3, landscape=True), grid="YH-02", as_of=AS_OF)
        paths["sheet300"] = folder / "sheet.pdf"
        write_atlas(store, paths["sheet300"], PageSetup(dpi=300), grid="YH-01", as_of=AS_OF)
        households = store.read("households", columns=["house_no", "head_name", "phone", "id_number", "grid_id"])
        grids = store.read("grids", columns=["id", "code", "name"])
    return paths, households, grids


def _text(path: Path) -> str:
    """The text layer, with runs of white space (pypdf writes tabs between positioned runs) as one space."""
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


def test_atlas_has_an_overview_and_every_grids_sheets_on_a4(printed):
    paths, households, grids = printed
    reader = pypdf.PdfReader(paths["atlas"])
    assert len(reader.pages) >= 1 + len(grids)
    overview, *sheets = reader.pages
    assert (round(overview.mediabox.width), round(overview.mediabox.height)) == (842, 595)  # an east-west village
    for page in sheets:
        assert (round(page.mediabox.width), round(page.mediabox.height)) == (595, 842)
    text = _text(paths["atlas"])
    assert "Grid overview" in text
    for code, name in zip(grids["code"], grids["name"]):
        assert f"{code} {name}" in text


def test_every_house_number_is_in_the_text_layer(printed):
    paths, households, grids = printed
    first_grid = grids.sort_values("code").iloc[0]
    numbers = set(households["house_no"][households["grid_id"] == first_grid["id"]])
    words = set(re.findall(r"\S+", _text(paths["atlas"])))
    assert numbers <= words  # in the household list at least, whatever the map placed


def test_residents_are_masked_unless_full_details_are_asked_for(printed):
    paths, households, grids = printed
    masked = _text(paths["atlas"])
    assert not any(phone and phone in masked for phone in households["phone"])
    assert not any(number and number in masked for number in households["id_number"])
    heads = [h for h in households["head_name"] if len(h) >= 3]
    assert not any(head in masked for head in heads)
    assert "masked" in masked
    personal = _text(paths["personal"])
    in_grid = households[households["grid_id"] == grids[grids["code"] == "YH-01"]["id"].iloc[0]]
    assert any(head in personal for head in in_grid["head_name"] if len(head) >= 3)
    assert "personal information in full" in personal
    assert not any(number and number in personal for number in households["id_number"])  # never printed


def test_the_chinese_font_is_embedded(printed):
    paths, _, _ = printed
    page = pypdf.PdfReader(paths["atlas"]).pages[1]
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    cjk = [f for f in fonts if "WanggeSansSC" in str(f.get("/BaseFont"))]
    assert cjk
    descriptor = cjk[0]["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert any(key in descriptor for key in ("/FontFile2", "/FontFile3"))


def test_a3_landscape_and_a_one_page_png(printed, tmp_path):
    paths, _, _ = printed
    page = pypdf.PdfReader(paths["a3"]).pages[0]
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (1191, 842)
    png = tmp_path / "sheet.png"
    with open_project(paths["project"]) as store:
        assert len(write_atlas(store, png, PageSetup(dpi=150), grid="YH-03", as_of=AS_OF).pages) == 1
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1240, 1754)  # A4 at 150 dpi


def test_bad_grid_or_file_type_is_a_clear_error_and_writes_nothing(demo_village_path, tmp_path):
    with open_project(demo_village_path) as store:
        with pytest.raises(UnknownGridError, match="XX-99"):
            write_atlas(store, tmp_path / "x.pdf", PageSetup(), grid="XX-99", as_of=AS_OF)
        with pytest.raises(PrintError, match=r"\.pdf or \.png"):
            write_atlas(store, tmp_path / "x.docx", PageSetup(), as_of=AS_OF)
    assert list(tmp_path.iterdir()) == []


def _page_image(pdf: Path, page: int, dpi: int, out: Path) -> QImage:
    require_tool(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf),
                    str(out.with_suffix(""))], check=True)  # fmt: skip
    return QImage(str(out)).convertToFormat(QImage.Format.Format_RGB32)


def test_scale_bar_measures_true_on_the_printed_page(printed, tmp_path):
    """Measure the bar's pixels on the page as printed, and compare with the ratio written under it."""
    paths, _, _ = printed
    dpi = 300
    image = _page_image(paths["sheet300"], 1, dpi, tmp_path / "page.png")
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32).reshape(image.height(), image.width())
    dark = ((pixels >> 16) & 255) < 60
    x, y, width, height = sheet_geometry(PageSetup(dpi=dpi)).frame
    px = dpi / 25.4
    # inside the frame's bottom-left corner, clear of the frame's own border lines and the corner marker
    left = x + CORNER_BOX_MM + 1
    region = dark[
        int((y + height - 10) * px) : int((y + height - 1.5) * px), int(left * px) : int((x + width / 2) * px)
    ]
    longest = 0
    for row in region:  # the bar's rows are mostly dark between its ends; label rows are sparse
        columns = np.nonzero(row)[0]
        if len(columns) > 1 and len(columns) / (columns.max() - columns.min()) > 0.4:
            longest = max(longest, columns.max() - columns.min())
    bar_mm = longest / px
    text = _text(paths["sheet300"])
    scale = int(re.search(r"Scale 1:([\d,]+)", text).group(1).replace(",", ""))
    metres = scale_bar(1000 / scale).metres
    assert bar_mm == pytest.approx(metres * 1000 / scale, rel=0.01)


def test_a_grid_sheet_looks_as_it_did(printed, tmp_path):
    """After checking a new look by eye, regenerate with WANGGE_UPDATE_REFERENCE=1."""
    paths, _, _ = printed
    image = _page_image(paths["atlas"], 2, 50, tmp_path / "sheet.png")
    if os.environ.get("WANGGE_UPDATE_REFERENCE") == "1":
        image.save(str(REFERENCE))
    reference = QImage(str(REFERENCE)).convertToFormat(QImage.Format.Format_RGB32)
    assert reference.size() == image.size()
    a = np.frombuffer(image.constBits(), dtype=np.uint8).astype(int)
    b = np.frombuffer(reference.constBits(), dtype=np.uint8).astype(int)
    assert np.abs(a - b).mean() < 3.0


def test_a_grid_too_large_for_one_sheet_is_split_into_parts_with_a_locator(village_copy, tmp_path, monkeypatch):
    import maps.print.atlas

    monkeypatch.setattr(maps.print.atlas, "SMALLEST_SCALE", 1500)  # as if the grid were four times as large
    out = tmp_path / "split.pdf"
    with open_project(village_copy) as store:
        write_atlas(store, out, PageSetup(), grid="YH-01", as_of=AS_OF)
    texts = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages]
    parts = [t for t in texts if "part 1 of" in t]
    assert parts and int(re.search(r"part 1 of (\d+)", parts[0]).group(1)) > 1
    count = int(re.search(r"part 1 of (\d+)", parts[0]).group(1))
    assert sum("part " in t and f" of {count}" in t for t in texts) >= count


def test_every_house_in_the_frame_gets_its_number_without_overlaps(qapp, demo_village_path):
    from PySide6.QtGui import QPainter

    from layers.review import ReviewFilter, load_review, select
    from maps.map_content import build_map_content
    from maps.print.atlas import atlas_pages
    from maps.print.grid_sheet import GridSheetPainter

    with open_project(demo_village_path) as store:
        data = load_review(store, as_of=AS_OF)
    content = build_map_content(data, select(data, ReviewFilter()))
    setup = PageSetup()
    page = next(p for p in atlas_pages(data, "豫海派出所", None, setup, overview=False) if p.with_map)
    image = QImage(1240, 1754, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    drawer = GridSheetPainter(painter, setup, content)
    frame = drawer.draw_map_sheet(page.sheet, page.rows)
    painter.end()
    inside = [
        str(number)
        for x, y, number in zip(content.household_x, content.household_y, content.household_no)
        if frame.rect.contains(frame.to_page(x, y))
    ]
    labelled = [label.text for label in drawer.placed_labels if label.text in set(inside)]
    assert len(labelled) >= 0.98 * len(inside)  # a house in a cluster too tight for any free spot may go unlabelled


# -- imagery under the map ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def imagery_station(tmp_path_factory, qapp):
    return station_with_imagery(tmp_path_factory.mktemp("print-imagery"))


def _sheet_frame(project: Path, setup: PageSetup, grid: str):
    """Where the first sheet of ``grid`` puts its map on the page, in pixels at the setup's resolution."""
    with open_project(project) as store:
        data = load_review(store, AS_OF)
        station = store.settings().get("station", "")
    pages = atlas_pages(data, station, find_grids(data.grids, grid), setup, overview=False)
    width, height = (round(v / 25.4 * setup.dpi) for v in setup.size_mm)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    frame = GridSheetPainter(painter, setup, build_map_content(data, select(data, ReviewFilter()))).draw_map_sheet(
        pages[0].sheet, pages[0].rows
    )
    painter.end()
    return frame


def _roof_share(page: QImage, frame, household) -> float:
    """The share of the pixels of the household's roof (less its edges) that are printed roof-blue."""
    x, y = metres(household.position)
    corner, opposite = frame.to_page(x - 6, y + 3.5), frame.to_page(x + 6, y - 3.5)
    pixels = rgb_array(page)[round(corner.y()) : round(opposite.y()) + 1, round(corner.x()) : round(opposite.x()) + 1]
    roof = [is_colour(pixel, place.ROOF_COLOUR) for pixel in pixels.reshape(-1, 3)]
    return sum(roof) / len(roof)


def _field_share(page: QImage, frame) -> float:
    """The share of the map frame's pixels that are printed in the colours of the image's fields."""
    rect = frame.rect.toRect()
    pixels = rgb_array(page)[rect.top() : rect.bottom(), rect.left() : rect.right()].reshape(-1, 3).astype(int)
    fields = np.zeros(len(pixels), dtype=bool)
    for colour in place.FIELD_COLOURS:
        fields |= (np.abs(pixels - colour) <= 25).all(axis=1)
    return float(fields.mean())


def test_a_grid_sheet_printed_with_imagery_shows_the_roofs_where_the_houses_are(imagery_station, tmp_path):
    """清水河村6号 has no position yet, so no marker hides its roof: the roof must print where the house is."""
    with_imagery, without = tmp_path / "QSH-02-影像.pdf", tmp_path / "QSH-02.pdf"
    for out, flags in ((with_imagery, ["--imagery"]), (without, [])):
        result = wangge("print", str(imagery_station), "--grid", "QSH-02", "--out", str(out), "--quiet", *flags)
        assert result.returncode == 0, result.stderr
    setup = PageSetup()
    frame = _sheet_frame(imagery_station, setup, "QSH-02")
    printed, plain = (_page_image(pdf, 1, setup.dpi, tmp_path / f"{pdf.stem}.png") for pdf in (with_imagery, without))
    assert printed.width() == round(setup.size_mm[0] / 25.4 * setup.dpi), "pixels as the sheet was laid out"
    unplaced = place.HOUSEHOLDS[5]
    assert not unplaced.located_in_register and unplaced.grid_code == "QSH-02"
    assert _roof_share(printed, frame, unplaced) > 0.5, "the roof prints where the house is"
    assert _roof_share(plain, frame, unplaced) == 0, "no imagery unless asked for"
    assert _field_share(printed, frame) > 0.4 and _field_share(plain, frame) < 0.01, "fields fill the frame"
    assert "清水河村影像" in _text(with_imagery), "the legend names the imagery"
