"""``wangge report`` as a user meets it: the JSON contract, a readable table, one-line errors."""

from __future__ import annotations

import json

import pytest

from layers.assessment.monthly import monthly_report
from layers.store import GeoPackageStore
from tests.cli_helpers import assert_one_line_error, wangge

pytestmark = pytest.mark.clock  # edits stamped now fall in a month

FIGURES = [
    "households", "visits", "households_visited", "coverage", "disputes_reported", "disputes_resolved",
    "disputes_open", "followups_overdue", "key_persons_overdue",
]  # fmt: skip
"""The contract's figures, in its order."""
SUPERVISION = ["spot_checks", "visit_target", "target_progress"]
"""Added after the contract's keys: what the daily spot checks found and progress against the task list."""
GRADES = ["green", "yellow", "orange", "red"]


def test_json_has_exactly_the_contract_keys_and_agrees_with_monthly_report(demo_village_path):
    result = wangge("report", str(demo_village_path), "--month", "2026-11", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report) == ["month", "grids", "station"]
    assert report["month"] == "2026-11" and len(report["grids"]) == 4
    for grid in report["grids"]:
        assert list(grid) == ["code", "name", "officer", *FIGURES, *SUPERVISION]
    assert list(report["station"]) == ["name", *FIGURES, *SUPERVISION]
    for unit in [*report["grids"], report["station"]]:
        for name in ("disputes_reported", "disputes_resolved", "disputes_open"):
            assert list(unit[name]) == GRADES
    with GeoPackageStore.open(demo_village_path) as store:
        assert report == monthly_report(store, "2026-11").to_json()
    assert report["station"]["name"] == "豫海派出所"


def test_without_json_a_table_names_each_grid_and_the_station(demo_village_path):
    result = wangge("report", str(demo_village_path), "--month", "2026-10", "--quiet")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("豫海派出所, 2026-10")
    assert "coverage" in lines[1] and [line.split()[0] for line in lines[2:]] == [
        "YH-01", "YH-02", "YH-03", "YH-04", "豫海派出所",
    ]  # fmt: skip


def test_a_bad_month_is_named_in_one_line(demo_village_path):
    result = wangge("report", str(demo_village_path), "--month", "2026-13")
    assert_one_line_error(result, "2026-13", "YYYY-MM")


def test_a_month_that_has_not_begun_is_named_not_reported_as_zeros(demo_village_path, tmp_path):
    for out in ([], ["--out", str(tmp_path / "bulletin.pdf")]):
        result = wangge("report", str(demo_village_path), "--month", "2099-01", *out, env={"LANG": "zh_CN.UTF-8"})
        assert_one_line_error(result, "2099-01", "尚未开始")
        assert not (tmp_path / "bulletin.pdf").exists()
    assert wangge("report", str(demo_village_path), "--month", "2026-11").returncode == 0


def test_a_missing_project_is_one_line(tmp_path):
    missing = tmp_path / "none.gpkg"
    assert_one_line_error(wangge("report", str(missing), "--month", "2026-11"), str(missing))
    assert not missing.exists()


def test_out_writes_the_bulletin_as_xlsx_or_pdf(demo_village_path, tmp_path):
    import openpyxl
    import pypdf

    for name in ("bulletin.xlsx", "bulletin.pdf"):
        out = tmp_path / name
        result = wangge("report", str(demo_village_path), "--month", "2026-11", "--out", str(out), "--quiet")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"wrote {out}"
    sheet = openpyxl.load_workbook(tmp_path / "bulletin.xlsx")["网格排名"]
    assert sheet["A1"].value == "豫海派出所 2026年11月 社区警务工作通报"
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "bulletin.pdf").pages)
    assert all(code in text for code in ("YH-01", "YH-02", "YH-03", "YH-04"))


def test_out_in_chinese_speaks_chinese(demo_village_path, tmp_path):
    import pypdf

    out = tmp_path / "通报.pdf"
    result = wangge("report", str(demo_village_path), "--month", "2026-11", "--out", str(out), "--quiet",
                    env={"LANG": "zh_CN.UTF-8"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "已写入" in result.stdout
    text = "".join(pypdf.PdfReader(out).pages[0].extract_text().split())
    assert "2026年11月社区警务工作通报" in text and "网格排名" in text


def test_out_refuses_an_unknown_extension_and_json_together(demo_village_path, tmp_path):
    out = tmp_path / "bulletin.docx"
    assert_one_line_error(wangge("report", str(demo_village_path), "--month", "2026-11", "--out", str(out)),
                          str(out), ".pdf or .xlsx")  # fmt: skip
    both = wangge("report", str(demo_village_path), "--month", "2026-11", "--json", "--out", str(tmp_path / "b.pdf"))
    assert both.returncode != 0 and "not allowed" in both.stderr
    assert list(tmp_path.iterdir()) == []
