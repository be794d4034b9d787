"""The monthly bulletin as an Excel workbook (每月通报), for the station to post and to send up to the county.

Two sheets, grids and officers, each ranked by :mod:`layers.assessment.bulletin`'s rule,
which the second row states so nobody has to guess how the order came about.
The figures are exactly :func:`layers.assessment.monthly.monthly_report`'s; the
workbook holds counts only, never a resident. It is in Chinese whatever the
app's language, like the other workbooks people pass on (:mod:`layers.exports`),
and written under a temporary name and renamed when complete.
"""

from __future__ import annotations

from pathlib import Path

from layers.assessment.bulletin import rank_grids, rank_officers
from layers.assessment.monthly import Figures, MonthlyReport
from layers.feedback import Feedback
from layers.files import atomic_output
from layers.text_width import display_width
from layers.vocabulary import Grade, SpotCheckResult

GRADE_WORDS_ZH = {grade.value: grade.zh[0] for grade in Grade}
"""绿 黄 橙 红: one character under each dispute group's heading."""
TARGET_PROGRESS_ZH = "任务完成率"
DISPUTE_HEADINGS_ZH = {"disputes_reported": "新发纠纷", "disputes_resolved": "化解", "disputes_open": "月末未化解"}
FIGURE_HEADERS_ZH = [
    "户数", "走访次数", "已走访户数", "走访覆盖率",
    *(f"{heading} {word}" for heading in DISPUTE_HEADINGS_ZH.values() for word in GRADE_WORDS_ZH.values()),
    "回访逾期", "重点人员逾期", "任务目标（户）", TARGET_PROGRESS_ZH,
    *(f"抽查 {result.zh}" for result in SpotCheckResult),
]  # fmt: skip
GRID_HEADERS_ZH = ["排名", "网格编号", "网格名称", "社区民警", *FIGURE_HEADERS_ZH]
OFFICER_HEADERS_ZH = ["排名", "社区民警", "负责网格", *FIGURE_HEADERS_ZH]
RANKING_RULE_ZH = "排名规则：按走访覆盖率从高到低；覆盖率相同的，月末未化解橙色、红色纠纷少者在前。"
STATION_TOTAL_ZH = "全所合计"
GRID_SHEET_ZH, OFFICER_SHEET_ZH = "网格排名", "民警排名"
COVERAGE_FORMAT = "0.0%"
HEADER_ROW = 3
"""Title, ranking rule, then the column headers: the figures start on row 4."""


def bulletin_title(report: MonthlyReport) -> str:
    """``豫海派出所 2026年11月 社区警务工作通报``."""
    year, month = report.month.split("-")
    return f"{report.station_name} {year}年{month}月 社区警务工作通报"


def figure_values(figures: Figures) -> list[int | float | None]:
    """The figures in the order of :data:`FIGURE_HEADERS_ZH`; shares as fractions (Excel formats them).

    A grid without a task list has empty target cells, not 0.
    """
    values: list[int | float | None] = [
        figures.households, figures.visits, figures.households_visited, figures.coverage,
    ]  # fmt: skip
    for name in DISPUTE_HEADINGS_ZH:
        values += list(getattr(figures, name).values())
    return [
        *values, figures.followups_overdue, figures.key_persons_overdue, figures.visit_target or None,
        figures.target_progress, *figures.spot_checks.values(),
    ]  # fmt: skip


def grid_rows(report: MonthlyReport) -> list[list]:
    """The grid sheet's rows under the headers: ranked grids, then the station total."""
    rows = [
        [rank, grid.code, grid.name, grid.officer, *figure_values(grid.figures)]
        for rank, grid in enumerate(rank_grids(report), start=1)
    ]
    return [*rows, [None, STATION_TOTAL_ZH, report.station_name, None, *figure_values(report.station)]]


def officer_rows(report: MonthlyReport) -> list[list]:
    """The officer sheet's rows: each officer over his grids, ranked."""
    return [
        [rank, entry.officer, "、".join(entry.grid_codes), *figure_values(entry.figures)]
        for rank, entry in enumerate(rank_officers(report), start=1)
    ]


def write_bulletin_xlsx(report: MonthlyReport, path: str | Path, feedback: Feedback | None = None) -> Path:
    """Write the bulletin workbook to ``path`` (atomically); returns the path."""
    from openpyxl import Workbook

    feedback = feedback or Feedback()
    workbook = Workbook()
    grids = workbook.active
    _fill_sheet(grids, GRID_SHEET_ZH, bulletin_title(report), GRID_HEADERS_ZH, grid_rows(report))
    _bold_row(grids, grids.max_row)  # the station total
    feedback.set_progress(40)
    officers = workbook.create_sheet()
    _fill_sheet(officers, OFFICER_SHEET_ZH, bulletin_title(report), OFFICER_HEADERS_ZH, officer_rows(report))
    feedback.raise_if_canceled()
    feedback.set_progress(70)
    path = Path(path)
    with atomic_output(path) as temporary:
        workbook.save(temporary)
    feedback.set_progress(100)
    return path


def _fill_sheet(sheet, name: str, title: str, headers: list[str], rows: list[list]) -> None:
    """Title and rule across the top, bold headers frozen above the rows, shares as percentages."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.title = name
    sheet.append([title])
    sheet.append([RANKING_RULE_ZH])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    last_column = get_column_letter(len(headers))
    sheet.merge_cells(f"A1:{last_column}1")
    sheet.merge_cells(f"A2:{last_column}2")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for share in ("走访覆盖率", TARGET_PROGRESS_ZH):
        column = headers.index(share) + 1
        for (cell,) in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=column, max_col=column):
            cell.number_format = COVERAGE_FORMAT
    for number, header in enumerate(headers, start=1):
        texts = [header, *(str(row[number - 1] or "") for row in rows)]
        sheet.column_dimensions[get_column_letter(number)].width = min(max(map(display_width, texts)) + 2, 30)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"


def _bold_row(sheet, row: int) -> None:
    from openpyxl.styles import Font

    for cell in sheet[row]:
        cell.font = Font(bold=True)
