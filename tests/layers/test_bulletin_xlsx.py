"""The bulletin workbook read back with openpyxl, cell by cell against :func:`monthly_report`."""

from __future__ import annotations

import openpyxl
import pytest

from layers.assessment.bulletin import rank_officers
from layers.assessment.bulletin_xlsx import FIGURE_HEADERS_ZH, HEADER_ROW, write_bulletin_xlsx
from layers.assessment.monthly import Figures, GridFigures, MonthlyReport, monthly_report
from layers.errors import ExportFailedError
from layers.store import open_project

NONE = {"green": 0, "yellow": 0, "orange": 0, "red": 0}


def _figures(households: int, visited: int, open_hard: int = 0, target: int = 0) -> Figures:
    checks = {"confirmed": visited // 10, "not_confirmed": 1, "unreachable": 0}
    return Figures(households, visited * 2, visited, dict(NONE), dict(NONE), {**NONE, "red": open_hard}, 0, 1,
                   checks, target, visited if target else 0)  # fmt: skip


def _expected_figures(figures: Figures) -> list:
    by_grade = [count for name in ("disputes_reported", "disputes_resolved", "disputes_open")
                for count in getattr(figures, name).values()]  # fmt: skip
    return [figures.households, figures.visits, figures.households_visited, pytest.approx(figures.coverage),
            *by_grade, figures.followups_overdue, figures.key_persons_overdue,
            figures.visit_target or None,
            None if not figures.visit_target else pytest.approx(figures.target_progress),
            figures.spot_checks["confirmed"], figures.spot_checks["not_confirmed"], figures.spot_checks["unreachable"],
            ]  # fmt: skip


@pytest.fixture(scope="module")
def demo_bulletin(demo_village_path, tmp_path_factory):
    with open_project(demo_village_path) as store:
        report = monthly_report(store, "2026-11")
    path = write_bulletin_xlsx(report, tmp_path_factory.mktemp("bulletin") / "通报.xlsx")
    return report, openpyxl.load_workbook(path)


def test_grid_sheet_holds_every_grids_figures_ranked_and_the_station_total(demo_bulletin):
    report, workbook = demo_bulletin
    sheet = workbook["网格排名"]
    assert sheet["A1"].value == "豫海派出所 2026年11月 社区警务工作通报"
    assert "覆盖率" in sheet["A2"].value and "橙色、红色" in sheet["A2"].value
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    assert headers[:4] == ["排名", "网格编号", "网格名称", "社区民警"] and headers[4:] == FIGURE_HEADERS_ZH
    rows = [list(row) for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert len(rows) == len(report.grids) + 1
    by_code = {grid.code: grid for grid in report.grids}
    for rank, row in enumerate(rows[:-1], start=1):
        grid = by_code[row[1]]
        assert row[:4] == [rank, grid.code, grid.name, grid.officer]
        assert row[4:] == _expected_figures(grid.figures)
    assert sorted(row[1] for row in rows[:-1]) == sorted(by_code)
    coverages = [row[7] for row in rows[:-1]]
    assert coverages == sorted(coverages, reverse=True)
    assert rows[-1][:4] == [None, "全所合计", "豫海派出所", None]
    assert rows[-1][4:] == _expected_figures(report.station)
    for share in ("走访覆盖率", "任务完成率"):
        column = headers.index(share) + 1
        assert all(sheet.cell(r, column).number_format == "0.0%" for r in range(HEADER_ROW + 1, sheet.max_row + 1))
    assert rows[-1][headers.index("任务目标（户）")] == report.station.visit_target > 0


def test_officer_sheet_has_one_row_per_officer(demo_bulletin):
    report, workbook = demo_bulletin
    rows = list(workbook["民警排名"].iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert sorted(row[1] for row in rows) == sorted({grid.officer for grid in report.grids})
    for row in rows:
        (grid,) = [grid for grid in report.grids if grid.officer == row[1]]
        assert row[2] == grid.code and list(row[3:]) == _expected_figures(grid.figures)


def test_an_officer_with_two_grids_is_ranked_on_their_sums():
    report = MonthlyReport("2026-11", "测试所", (
        GridFigures("A-01", "一组", "马杰", _figures(100, 90, target=100)),
        GridFigures("A-02", "二组", "张林", _figures(100, 50)),
        GridFigures("A-03", "三组", "马杰", _figures(300, 30, open_hard=2)),
        GridFigures("A-04", "四组", "王万军", _figures(100, 30)),
    ), _figures(600, 200, 2))  # fmt: skip
    officers = rank_officers(report)
    assert [entry.officer for entry in officers] == ["张林", "王万军", "马杰"]  # 50 %, 30 % with no hard, 30 % with 2
    ma = officers[-1]
    assert ma.grid_codes == ("A-01", "A-03")
    assert (ma.figures.households, ma.figures.households_visited, ma.figures.visits) == (400, 120, 240)
    assert ma.figures.coverage == pytest.approx(0.3) and ma.figures.disputes_open["red"] == 2
    assert ma.figures.spot_checks == {"confirmed": 12, "not_confirmed": 2, "unreachable": 0}
    assert ma.figures.visit_target == 100 and ma.figures.target_progress == pytest.approx(0.9)  # A-03 has no list


def test_a_failed_write_leaves_nothing_behind(demo_bulletin, tmp_path, monkeypatch):
    report, _ = demo_bulletin
    with pytest.raises(ExportFailedError, match="missing"):
        write_bulletin_xlsx(report, tmp_path / "missing" / "b.xlsx")

    def full_disk(self, filename):
        open(filename, "wb").write(b"PK")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", full_disk)
    with pytest.raises(ExportFailedError, match="No space"):
        write_bulletin_xlsx(report, tmp_path / "b.xlsx")
    assert list(tmp_path.iterdir()) == []
