"""Every character Wangge prints is drawn in the bundled font, on every kind of document, in both languages.

A character the bundled font lacks is drawn by Qt in whatever system font has it
(the en dash of "0%–20%" came out in DejaVu Sans): on another machine it looks
different or is missing. GDAL's sibling, poppler, names the fonts a PDF uses and
the text each one draws (``pdftohtml -xml``).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.cli_helpers import wangge
from tests.conftest import require_tool

DOCUMENTS = {
    "grid sheet": ("print", "--grid", "YH-01", "--paper", "A3", "--landscape"),
    "atlas": ("print", "--all"),
    "bulletin": ("report", "--month", "2026-11"),
    "weekly sheet": ("weekly", "--week", "2026-W47"),
    "route sheet": ("route", "--as-of", "2026-11-28", "--budget-h", "3", "--quiet"),
}
BUNDLED_FAMILY = "WanggeSansSC"


def _fonts_and_texts(pdf) -> dict[str, set[str]]:
    """Font family -> the texts drawn in it."""
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    families = dict(re.findall(r'<fontspec id="(\d+)"[^>]*family="([^"]+)"', xml))
    drawn: dict[str, set[str]] = {family: set() for family in families.values()}
    for font, text in re.findall(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>', xml):
        drawn[families[font]].add(re.sub(r"<[^>]+>", "", text))
    return drawn


@pytest.mark.parametrize("language", ["zh_CN.UTF-8", "C.UTF-8"])
@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_printed_character_is_in_the_bundled_font(demo_village_path, tmp_path, document, language):
    require_tool(shutil.which("pdftohtml") is not None, "pdftohtml (poppler-utils)")
    project = tmp_path / "demo.gpkg"
    shutil.copy(demo_village_path, project)  # printing registers sheets in the project
    command, *options = DOCUMENTS[document]
    out = tmp_path / f"{command}.pdf"
    where = ["--sheet", str(out)] if command == "route" else ["--out", str(out)]
    result = wangge(command, str(project), *options, *where, env={"LANG": language})
    assert result.returncode == 0, result.stderr
    drawn = _fonts_and_texts(out)
    elsewhere = {family: texts for family, texts in drawn.items() if family != BUNDLED_FAMILY}
    assert BUNDLED_FAMILY in drawn and elsewhere == {}, elsewhere
