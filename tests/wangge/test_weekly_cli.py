"""``wangge weekly`` as a user meets it: a workbook sheet and a PDF page per officer, names masked, one-line errors."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from layers.assessment.weekly_sheet import weekly_sheet
from layers.store import GeoPackageStore
from tests.cli_helpers import assert_one_line_error, wangge
from tests.conftest import require_tool

pytestmark = pytest.mark.clock  # edits stamped now fall in a week

WEEK = "2026-W47"


def officers(path) -> list[str]:
    with GeoPackageStore.open(path) as store:
        return [entry.officer for entry in weekly_sheet(store, WEEK).officers]


def test_the_workbook_has_one_sheet_per_officer(demo_village_path, tmp_path):
    out = tmp_path / "weekly.xlsx"
    result = wangge("weekly", str(demo_village_path), "--week", WEEK, "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out}"
    workbook = load_workbook(out)
    assert workbook.sheetnames == officers(demo_village_path)
    assert workbook.worksheets[0]["A1"].value.startswith("豫海派出所 2026年第47周 走访回访清单 — ")


def test_the_pdf_names_each_officer_and_no_head_name_in_full(demo_village_path, tmp_path):
    require_tool(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    out = tmp_path / "weekly.pdf"
    result = wangge("weekly", str(demo_village_path), "--week", WEEK, "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for officer in officers(demo_village_path):
        assert officer in text
    with GeoPackageStore.open(demo_village_path) as store:
        full = weekly_sheet(store, WEEK, show_personal=True)
    listed = {household.head_name for entry in full.officers for household in entry.to_visit}
    listed |= {followup.head_name for entry in full.officers for followup in entry.followups}
    assert listed
    assert not [name for name in listed if len(name) >= 2 and name in text]


def test_a_bad_week_an_unknown_officer_or_extension_is_one_line(demo_village_path, tmp_path):
    project = str(demo_village_path)
    out = str(tmp_path / "weekly.pdf")
    assert_one_line_error(wangge("weekly", project, "--week", "2026-47", "--out", out), "2026-47", "YYYY-Www")
    assert_one_line_error(
        wangge("weekly", project, "--week", WEEK, "--officer", "无此人", "--out", out, "--quiet"), "无此人"
    )
    assert_one_line_error(wangge("weekly", project, "--week", WEEK, "--out", str(tmp_path / "w.csv")), ".xlsx")
