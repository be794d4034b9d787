"""Every kind of printed page, in both languages and on every paper it is printed on, checked as a reader would:
every character in the bundled font, no text over other text, nothing off the page.

A character the bundled font lacks is drawn by Qt in whatever system font has it
(the en dash of "0%–20%" came out in DejaVu Sans): on another machine it looks
different or is missing. Poppler names the font and the box of every text run
(``pdftohtml -xml``); two runs whose boxes cross are two texts printed over each
other (route stops 29 and 30, a house number under the north arrow, the footer
over the longitude labels).
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest

from maps.print.grid_sheet import GRID_SHEET_FRAME
from maps.print.page import DOCUMENT_FRAME, PageFrame
from tests.cli_helpers import wangge
from tests.conftest import require_tool

PAPERS = {
    f"{paper} {turn}": ("--paper", paper, *(("--landscape",) if turn == "landscape" else ()))
    for paper in ("A4", "A3")
    for turn in ("portrait", "landscape")
}
"""Every paper and orientation ``wangge print`` takes (``report``, ``weekly`` and ``route`` print A4 portrait)."""
DOCUMENTS = {
    **{f"grid sheet, {paper}": ("print", "--grid", "YH-01", *options) for paper, options in PAPERS.items()},
    **{f"atlas, {paper}": ("print", "--all", *options) for paper, options in PAPERS.items()},
    "bulletin": ("report", "--month", "2026-11"),
    "weekly sheet": ("weekly", "--week", "2026-W47"),
    "route sheet": ("route", "--as-of", "2026-11-28", "--quiet"),
}
LANGUAGES = {"Chinese": "zh_CN.UTF-8", "English": "C.UTF-8"}
BUNDLED_FAMILY = "WanggeSansSC"
SHARED_HEIGHT = 0.35
"""Boxes are a line high, ascent to descent: two lines of small text set tight share a sliver of it
without any ink touching. Texts cross when they share more than this part of the lower one's height."""
HOUSEHOLD_LIST_WORDS = {
    "Chinese": ("住户名单", ("门牌号", "户主", "人口", "重点关注", "最近走访")),
    "English": ("Households", ("No.", "Head", "Pers.", "Key", "person", "Last", "visit")),
}
"""The household list's heading and the words of its column headings, in each language."""
UNITS_PER_MM = 1.5 * 72 / 25.4
"""Poppler's units (1.5 a point) in a millimetre of paper."""


@dataclass(frozen=True)
class Run:
    page: int
    text: str
    family: str
    left: float
    top: float
    width: float
    height: float


def _runs(pdf) -> tuple[list[Run], dict[int, tuple[float, float]]]:
    """Every text run of ``pdf`` with its font and box, and each page's size, in poppler's units."""
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    families = dict(re.findall(r'<fontspec id="(\d+)"[^>]*family="([^"]+)"', xml))
    runs, sizes = [], {}
    for number, height, width, body in re.findall(
        r'<page number="(\d+)"[^>]*height="([\d.]+)" width="([\d.]+)">(.*?)</page>', xml, re.S
    ):
        sizes[int(number)] = (float(width), float(height))
        for top, left, run_width, run_height, font, text in re.findall(
            r'<text top="(-?[\d.]+)" left="(-?[\d.]+)" width="([\d.]+)" height="([\d.]+)" font="(\d+)">(.*?)</text>',
            body,
        ):
            text = re.sub(r"<[^>]+>", "", text)
            if text.strip():
                runs.append(Run(int(number), text, families[font], float(left), float(top), float(run_width),
                                float(run_height)))  # fmt: skip
    return runs, sizes


def _crossing(a: Run, b: Run) -> bool:
    across = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    down = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    return across > 1 and down > SHARED_HEIGHT * min(a.height, b.height)


@pytest.fixture(scope="module", params=[(d, lang) for d in DOCUMENTS for lang in LANGUAGES], ids=" / ".join)
def printed(request, demo_village_path, tmp_path_factory):
    """(document, language, the PDF) for every document type in both languages."""
    require_tool(shutil.which("pdftohtml") is not None, "pdftohtml (poppler-utils)")
    document, language = request.param
    folder = tmp_path_factory.mktemp("printed")
    project = folder / "demo.gpkg"
    shutil.copy(demo_village_path, project)  # printing registers sheets in the project
    command, *options = DOCUMENTS[document]
    out = folder / f"{command}.pdf"
    where = ["--sheet", str(out)] if command == "route" else ["--out", str(out)]
    result = wangge(command, str(project), *options, *where, env={"LANG": LANGUAGES[language]})
    assert result.returncode == 0, result.stderr
    return document, language, out


def test_every_printed_character_is_in_the_bundled_font(printed):
    runs, _ = _runs(printed[2])
    elsewhere = sorted({(run.family, run.text) for run in runs if run.family != BUNDLED_FAMILY})
    assert runs and elsewhere == [], elsewhere


def _frame(document: str) -> PageFrame:
    """The title block and footer the document's pages are drawn in."""
    return GRID_SHEET_FRAME if DOCUMENTS[document][0] == "print" else DOCUMENT_FRAME


def test_no_text_is_struck_through_by_the_rule_under_the_title(printed):
    """The rule under the title block crossed the legend's heading beside a landscape map."""
    document, _, pdf = printed
    frame = _frame(document)
    rule = (frame.margin_mm + frame.title_mm - frame.rule_mm) * UNITS_PER_MM
    struck = [run.text for run in _runs(pdf)[0] if run.top + 0.2 * run.height < rule < run.top + 0.8 * run.height]
    assert struck == []


def test_no_text_is_printed_over_other_text_or_off_the_page(printed):
    runs, sizes = _runs(printed[2])
    off_page = [run for run in runs if run.left < 0 or run.top < 0 or run.left + run.width > sizes[run.page][0]
                or run.top + run.height > sizes[run.page][1]]  # fmt: skip
    assert off_page == []
    crossing = [
        (a.page, a.text, b.text)
        for page, on_page in itertools.groupby(runs, key=lambda run: run.page)
        for a, b in itertools.combinations(list(on_page), 2)
        if _crossing(a, b)
    ]
    assert crossing == [], crossing


def test_the_household_lists_headings_are_whole(printed):
    """Beside a landscape A4 map the list was so narrow that "Pers." printed as "P…"."""
    _, language, pdf = printed
    heading, columns = HOUSEHOLD_LIST_WORDS[language]
    runs, _ = _runs(pdf)
    for page, on_page in itertools.groupby(runs, key=lambda run: run.page):
        texts = [run.text for run in on_page]
        if heading in texts:
            assert set(columns) <= set(" ".join(texts).split()), page
