"""The printed monthly bulletin, read back as a user's PDF reader and printer would."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime

import numpy as np
import pypdf
import pytest
from PySide6.QtGui import QImage

from layers.assessment.monthly import monthly_report
from layers.errors import Canceled, PrintError
from layers.feedback import Feedback
from layers.store import open_project
from layers.values import STATION_TIMEZONE
from maps.print.bulletin import BODY_MM, CHART_MM, SUMMARY_MM, WIDTH_MM, bulletin_pages, write_bulletin_pdf
from maps.print.coverage_map import coverage_map_mm
from maps.print.page import DOCUMENT_TABLE, GAP_MM
from maps.symbology import GRADE_COLOURS
from tests.conftest import require_tool

pytestmark = pytest.mark.clock  # the bulletin's map colours households against today

AS_OF = datetime(2026, 11, 28, 12, tzinfo=STATION_TIMEZONE)


@pytest.fixture(scope="module")
def bulletin(demo_village_path, tmp_path_factory):
    require_tool(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    out = tmp_path_factory.mktemp("bulletin") / "bulletin.pdf"
    feedback = Feedback()
    with open_project(demo_village_path) as store:
        report = monthly_report(store, "2026-11")
        pages = write_bulletin_pdf(store, report, out, feedback=feedback, as_of=AS_OF)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    return out, pages, report, text, feedback


def test_pages_hold_every_grid_and_the_stations_figures(bulletin):
    out, pages, report, text, feedback = bulletin
    assert pages == 2
    assert text.count("\f") == pages  # pdftotext ends every page with a form feed
    assert feedback.progress == 100
    for grid in report.grids:
        assert grid.code in text and grid.name in text
    station = report.station
    total_line = next(line for line in text.splitlines() if "Total" in line)
    for figure in (station.households, station.visits, station.households_visited, f"{station.coverage:.1%}",
                   station.key_persons_overdue):  # fmt: skip
        assert str(figure) in total_line.split()
    assert "/".join(map(str, station.disputes_open.values())) in total_line
    assert "November 2026" in text and "Officer ranking" in text


def test_no_resident_is_named(bulletin, demo_village_path):
    _, _, report, text, _ = bulletin
    with open_project(demo_village_path) as store:
        households = store.read("households", columns=["head_name", "phone"])
    officers = {grid.officer for grid in report.grids}  # officers are named; a resident may share a name
    assert not any(name in text for name in households["head_name"] if len(name) >= 2 and name not in officers)
    assert not any(phone and phone in text for phone in households["phone"])


def test_the_chart_is_drawn_in_the_grade_colours(bulletin, tmp_path):
    require_tool(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    out = bulletin[0]
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", "-singlefile", str(out),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    image = QImage(str(tmp_path / "page.png")).convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32).reshape(image.height(), -1) & 0xFFFFFF
    green = int(GRADE_COLOURS[next(iter(GRADE_COLOURS))].lstrip("#"), 16)
    assert (pixels == green).sum() > 200  # bars, not just the legend's square


def test_a_wrong_name_or_a_cancel_leaves_no_file(demo_village_path, tmp_path):
    feedback = Feedback()
    feedback.cancel()
    with open_project(demo_village_path) as store:
        report = monthly_report(store, "2026-11")
        with pytest.raises(PrintError, match=r"\.pdf"):
            write_bulletin_pdf(store, report, tmp_path / "b.docx")
        with pytest.raises(Canceled):
            write_bulletin_pdf(store, report, tmp_path / "b.pdf", feedback=feedback)
    assert list(tmp_path.iterdir()) == []


def test_a_long_ranking_flows_onto_more_pages():
    pages = bulletin_pages(80, 30, 0.35)
    (first, first_end), (second, second_end) = [page.rows for page in pages if page.rows]
    assert first == 0 and first_end == second and second_end == 80 and first_end > 30
    assert pages[0].summary and sum(page.map for page in pages) == 1 and sum(bool(page.chart_mm) for page in pages) == 1
    officers = [page.officers for page in pages if page.officers]
    assert officers[0][0] == 0 and officers[-1][1] == 30
    assert all(end == start for (_, end), (start, _) in zip(officers, officers[1:]))


def _used_mm(page, ratio: float) -> float:
    """How much of a portrait page's body ``page`` takes."""
    table = DOCUMENT_TABLE
    return (
        SUMMARY_MM * page.summary
        + sum(table.height_mm(rows[1] - rows[0]) for rows in (page.rows, page.officers) if rows)
        + page.chart_mm
        + (coverage_map_mm(ratio, WIDTH_MM, BODY_MM) + GAP_MM) * page.map
    )


@pytest.mark.parametrize(("rows", "officers", "ratio"), [(5, 4, 0.35), (5, 4, 2.5), (2, 1, 0.3), (12, 10, 0.35),
                                                          (30, 25, 0.8), (60, 40, 0.35)])  # fmt: skip
def test_no_page_is_left_half_empty(rows, officers, ratio):
    """Each part follows the one before when it fits, the chart fills what its page leaves, and a map that does
    not fit under it gets a page of its own, turned as the station is: the demo village's first page was half
    empty under the chart."""
    pages = bulletin_pages(rows, officers, ratio)
    portrait = [page for page in pages if not (page.map and not page.chart_mm)]
    assert all(_used_mm(page, ratio) <= BODY_MM + DOCUMENT_TABLE.gap_mm for page in portrait)  # a table's gap below
    for page, following in zip(pages, pages[1:]):  # a page ends early only when what follows does not fit
        if following.map and not following.chart_mm:
            continue  # the map on a page of its own: it did not fit under a chart of the least height
        first_part = DOCUMENT_TABLE.height_mm(1) if following.rows or following.officers else CHART_MM[0]
        assert _used_mm(page, ratio) + first_part > BODY_MM or page.chart_mm == CHART_MM[1]
    assert sum(page.map for page in pages) == 1 and sum(bool(page.chart_mm) for page in pages) == 1
    alone = [page for page in pages if page.map and not page.chart_mm]
    assert all(page.landscape is (ratio < 0.5) for page in alone)
    assert not any(page.landscape for page in portrait)


def test_the_first_page_is_used_to_its_foot_and_the_map_turned_as_the_village(bulletin, tmp_path):
    """Page 1 of the demo village's bulletin: both rankings, and the chart down to the footer; page 2 the coverage
    map, on a landscape page: the village runs east-west."""
    require_tool(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    out = bulletin[0]
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", "-singlefile", str(out),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    image = QImage(str(tmp_path / "page.png")).convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32).reshape(image.height(), -1) & 0xFFFFFF
    inked = np.flatnonzero((pixels != 0xFFFFFF).any(axis=1))
    footer = inked[-1]  # the footer's line
    body = inked[inked < footer - 40 / 25.4 * 4]  # what lies above the footer by more than 4 mm
    assert (footer - body[-1]) * 25.4 / 40 < 20  # no more than 2 cm of blank paper above the footer
    first, second = bulletin[3].split("\f")[:2]
    assert "Grid ranking" in first and "Officer ranking" in first and "Visit coverage by grid" in second
    width, height = pypdf.PdfReader(out).pages[1].mediabox[2:]
    assert width > height
