"""``wangge report``: a month's assessment figures of every grid and of the station.

The figures come from :func:`layers.assessment.monthly.monthly_report`, the same
function the station dashboard and the bulletins use; this module only parses
arguments and prints, as JSON for scripts or as a short table for people, or
hands the report to the bulletin writers (``--out`` a .pdf or .xlsx file).
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from layers.text_width import display_width, pad
from wangge.console import ConsoleFeedback
from wangge.i18n import tr

if TYPE_CHECKING:
    from layers.assessment.monthly import Figures, MonthlyReport


def add_report_command(commands: argparse._SubParsersAction) -> None:
    """Add ``report`` to the ``wangge`` parser."""
    command = commands.add_parser(
        "report",
        help=tr("print a month's assessment figures of every grid and of the station"),
        description=tr(
            "Print the monthly assessment of a station: for each grid and for the whole station, households, "
            "visits and the share of households visited in the month, disputes reported, resolved and open at "
            "month end by grade, overdue dispute follow-ups and key persons overdue for a visit. Months run in "
            "Beijing time."
        ),
    )
    command.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg) or database URL"))
    command.add_argument("--month", required=True, metavar="YYYY-MM", help=tr("the month to report, e.g. 2026-11"))
    output = command.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=tr("print machine-readable JSON"))
    output.add_argument(
        "--out", type=Path, metavar="FILE", help=tr("write the monthly bulletin to a .pdf or .xlsx file")
    )
    command.add_argument("--quiet", action="store_true", help=tr("print no progress"))


BULLETIN_FORMATS = (".pdf", ".xlsx")


def run_report(arguments: argparse.Namespace) -> int:
    from layers.assessment.monthly import begun_month, monthly_report
    from layers.store import open_project

    begun_month(arguments.month, datetime.now(UTC))  # a mistyped or future month is named before the project is read
    if arguments.out is not None:
        return _write_bulletin(arguments)
    with open_project(arguments.project) as store:
        report = monthly_report(store, arguments.month, ConsoleFeedback(arguments.quiet or arguments.json))
    if arguments.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(_table(report))
    return 0


def _write_bulletin(arguments: argparse.Namespace) -> int:
    """The bulletin in the format the file name asks for; an unknown extension is refused before any work."""
    from layers.assessment.monthly import monthly_report
    from layers.errors import QT_TRANSLATE_NOOP, PrintError
    from layers.store import open_project

    out: Path = arguments.out
    if out.suffix.lower() not in BULLETIN_FORMATS:
        raise PrintError(path=str(out), reason=QT_TRANSLATE_NOOP("reason", "the file must end in .pdf or .xlsx"))
    feedback = ConsoleFeedback(arguments.quiet)
    with open_project(arguments.project) as store:
        report = monthly_report(store, arguments.month, feedback.step(0, 30))
        if out.suffix.lower() == ".xlsx":
            from layers.assessment.bulletin_xlsx import write_bulletin_xlsx

            write_bulletin_xlsx(report, out, feedback.step(30, 100))
        else:
            from maps.print.bulletin import write_bulletin_pdf
            from maps.qt_runtime import ensure_gui_application
            from wangge.i18n import translate_drawings

            translate_drawings(ensure_gui_application())
            write_bulletin_pdf(store, report, out, feedback=feedback.step(30, 100))
    print(tr("wrote {path}").format(path=out))
    return 0


def _by_grade(counts: dict[str, int]) -> str:
    """Counts by grade as ``green/yellow/orange/red``, the order of the four colours."""
    return _counts(counts)


def _counts(counts: dict[str, int]) -> str:
    """Counts by code, slash-separated in the vocabulary's order."""
    return "/".join(str(count) for count in counts.values())


def _table(report: MonthlyReport) -> str:
    """The figures as aligned text: one line per grid, then the station."""
    headers = [
        tr("grid"), tr("officer"), tr("households"), tr("visits"), tr("visited"), tr("coverage"),
        tr("reported"), tr("resolved"), tr("open"), tr("follow-ups overdue"), tr("key persons overdue"),
        tr("task list"), tr("spot checks"),
    ]  # fmt: skip
    rows = [_row(grid.code, grid.officer, grid.figures) for grid in report.grids]
    rows.append(_row(report.station_name or tr("station"), "", report.station))
    widths = [max(display_width(text) for text in column) for column in zip(headers, *rows)]
    lines = [
        tr(
            "{station}, {month}: disputes by grade green/yellow/orange/red; task list: households visited of the "
            "target; spot checks: confirmed/not confirmed/unreachable"
        ).format(station=report.station_name, month=report.month)
    ]
    lines += ["  ".join(_pad(text, width, index) for index, (text, width) in enumerate(zip(line, widths)))
              for line in (headers, *rows)]  # fmt: skip
    return "\n".join(lines)


def _row(name: str, officer: str, figures: Figures) -> list[str]:
    return [
        name, officer, f"{figures.households:,}", f"{figures.visits:,}", f"{figures.households_visited:,}",
        f"{figures.coverage:.1%}", _by_grade(figures.disputes_reported), _by_grade(figures.disputes_resolved),
        _by_grade(figures.disputes_open), f"{figures.followups_overdue:,}", f"{figures.key_persons_overdue:,}",
        f"{figures.target_households_visited:,}/{figures.visit_target:,}" if figures.visit_target else "-",
        _counts(figures.spot_checks),
    ]  # fmt: skip


def _pad(text: str, width: int, index: int) -> str:
    """Names left-aligned (the first two columns), numbers right-aligned."""
    return pad(text, width, "<" if index < 2 else ">")
