"""``wangge weekly``: each officer's weekly follow-up sheet (每周考核 / 回访清单) as a PDF or a workbook.

The sheet comes from :func:`layers.assessment.weekly_sheet.weekly_sheet`; this module only
parses arguments, refuses a bad week or file name before reading the project,
and hands the sheet to the writer the file name asks for.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from wangge.console import ConsoleFeedback
from wangge.i18n import tr

SHEET_FORMATS = (".pdf", ".xlsx")


def add_weekly_command(commands: argparse._SubParsersAction) -> None:
    """Add ``weekly`` to the ``wangge`` parser."""
    command = commands.add_parser(
        "weekly",
        help=tr("write each officer's weekly follow-up sheet to a .pdf or .xlsx file"),
        description=tr(
            "Write the weekly follow-up sheet of each officer: the visits he recorded in the week by purpose, "
            "dispute follow-ups due or overdue and whether made, key persons overdue and open disputes in his "
            "grids, and the households to visit next week. Weeks are ISO weeks, Monday to Sunday, Beijing time. "
            "Head names are masked unless --show-personal is given."
        ),
    )
    command.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg) or database URL"))
    command.add_argument("--week", required=True, metavar="YYYY-Www", help=tr("the ISO week, e.g. 2026-W47"))
    command.add_argument("--officer", metavar="NAME", help=tr("only this officer's sheet"))
    command.add_argument("--out", required=True, type=Path, metavar="FILE", help=tr("a .pdf or .xlsx file"))
    command.add_argument(
        "--show-personal", action="store_true", help=tr("print head names in full (for the station's own use)")
    )
    command.add_argument("--quiet", action="store_true", help=tr("print no progress"))


def run_weekly(arguments: argparse.Namespace) -> int:
    from layers.assessment.weekly_sheet import week_period, weekly_sheet
    from layers.errors import QT_TRANSLATE_NOOP, PrintError
    from layers.store import open_project

    week_period(arguments.week)  # a mistyped week or file name is named before the project is read
    out: Path = arguments.out
    if out.suffix.lower() not in SHEET_FORMATS:
        raise PrintError(path=str(out), reason=QT_TRANSLATE_NOOP("reason", "the file must end in .pdf or .xlsx"))
    feedback = ConsoleFeedback(arguments.quiet)
    with open_project(arguments.project) as store:
        sheet = weekly_sheet(store, arguments.week, arguments.officer, arguments.show_personal, feedback.step(0, 30))
    if out.suffix.lower() == ".xlsx":
        from layers.assessment.weekly_sheet_xlsx import write_weekly_sheet_xlsx

        write_weekly_sheet_xlsx(sheet, out, feedback.step(30, 100))
    else:
        from maps.print.weekly_sheet import write_weekly_sheet_pdf
        from maps.qt_runtime import ensure_gui_application
        from wangge.i18n import translate_drawings

        translate_drawings(ensure_gui_application())
        write_weekly_sheet_pdf(sheet, out, feedback=feedback.step(30, 100))
    print(tr("wrote {path}").format(path=out))
    return 0
