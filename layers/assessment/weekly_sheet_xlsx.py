"""The weekly follow-up sheet as an Excel workbook: one sheet per officer, in Chinese.

The workbook is handed to the officers and kept by the station, so it is in
Chinese whatever the app's language, like the monthly workbook
(:mod:`layers.assessment.bulletin_xlsx`), and written under a temporary name and renamed
when complete (:func:`layers.files.atomic_output`). Head names are as the
sheet holds them: masked unless full details were asked for.
"""

from __future__ import annotations

from pathlib import Path

from layers.assessment.weekly_sheet import OfficerWeek, WeeklySheet
from layers.feedback import Feedback
from layers.files import atomic_output
from layers.vocabulary import Grade, VisitPurpose

PURPOSE_HEADERS_ZH = [purpose.zh for purpose in VisitPurpose]
GRADE_HEADERS_ZH = [grade.zh for grade in Grade]
FOLLOWUP_HEADERS_ZH = ["门牌号", "户主", "等级", "回访期限", "是否已回访"]
TO_VISIT_HEADERS_ZH = ["序号", "门牌号", "户主", "事由"]
DONE_ZH, NOT_DONE_ZH = "已回访", "未回访"
MASKED_NOTE_ZH = "户主姓名已脱敏；完整信息请在系统内查看。"
FULL_NOTE_ZH = "含完整个人信息，仅限内部使用，不得外传。"
SHEET_NAME_LIMIT = 31
"""Excel refuses longer sheet names."""


def sheet_title(sheet: WeeklySheet, officer: str) -> str:
    """``豫海派出所 2026年第47周 走访回访清单 — 马杰``."""
    period = sheet.period
    return f"{sheet.station_name} {period.year}年第{period.number:02d}周 走访回访清单 — {officer}"


def officer_rows(sheet: WeeklySheet, entry: OfficerWeek) -> list[list]:
    """The rows of one officer's sheet: title, period, then one block per part of the sheet."""
    period = sheet.period
    rows: list[list] = [
        [sheet_title(sheet, entry.officer)],
        [f"{period.monday.isoformat()} 至 {period.sunday.isoformat()}（北京时间）　负责网格："
         f"{'、'.join(entry.grid_codes) or '无'}　{FULL_NOTE_ZH if sheet.show_personal else MASKED_NOTE_ZH}"],
        [],
        ["本周走访（按事由）", *PURPOSE_HEADERS_ZH, "合计"],
        ["次数", *entry.visits_by_purpose.values(), entry.visits],
        [],
        ["周末未化解纠纷（按等级）", *GRADE_HEADERS_ZH, "重点人员逾期"],
        ["件数", *entry.disputes_open.values(), entry.key_persons_overdue],
        [],
        ["本周到期及逾期纠纷回访"],
        FOLLOWUP_HEADERS_ZH,
    ]  # fmt: skip
    rows += [[followup.house_no, followup.head_name, Grade(followup.grade).zh, followup.due.isoformat(),
              DONE_ZH if followup.done else NOT_DONE_ZH] for followup in entry.followups]  # fmt: skip
    rows += [[], ["下周走访清单"], TO_VISIT_HEADERS_ZH]
    rows += [[number, household.house_no, household.head_name, household.reason.zh]
             for number, household in enumerate(entry.to_visit, start=1)]  # fmt: skip
    return rows


def write_weekly_sheet_xlsx(sheet: WeeklySheet, path: str | Path, feedback: Feedback | None = None) -> Path:
    """Write one worksheet per officer of ``sheet`` to ``path`` (atomically); returns the path."""
    from openpyxl import Workbook

    feedback = feedback or Feedback()
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, entry in enumerate(sheet.officers, start=1):
        feedback.raise_if_canceled()
        _fill_sheet(workbook.create_sheet(_sheet_name(entry.officer, number)), officer_rows(sheet, entry))
        feedback.set_progress(80 * number / max(len(sheet.officers), 1))
    if not sheet.officers:
        workbook.create_sheet("无")
    path = Path(path)
    with atomic_output(path) as temporary:
        workbook.save(temporary)
    feedback.set_progress(100)
    return path


def _sheet_name(officer: str, number: int) -> str:
    """The officer's name, cleared of characters Excel forbids in sheet names."""
    cleaned = "".join(" " if character in "[]:*?/\\" else character for character in officer).strip()
    return (cleaned or f"民警{number}")[:SHEET_NAME_LIMIT]


def _fill_sheet(worksheet, rows: list[list]) -> None:
    from openpyxl.styles import Font

    for row in rows:
        worksheet.append(row)
    worksheet["A1"].font = Font(bold=True, size=14)
    for cells in worksheet.iter_rows(min_row=3):
        if cells[0].value in ("本周到期及逾期纠纷回访", "下周走访清单") or cells[0].row in _heading_rows(rows):
            for cell in cells:
                cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (24, 12, 12, 14, 12, 12, 12, 12), strict=True):
        worksheet.column_dimensions[letter].width = width


def _heading_rows(rows: list[list]) -> set[int]:
    """Rows (from 1) holding column headings: those right after a block title or a blank line."""
    headings = (FOLLOWUP_HEADERS_ZH, TO_VISIT_HEADERS_ZH)
    return {number for number, row in enumerate(rows, start=1) if row in headings or (row and number > 3 and
            isinstance(row[0], str) and row[0].startswith(("本周走访", "周末未化解")))}  # fmt: skip
