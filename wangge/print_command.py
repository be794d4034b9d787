"""``wangge print``: grid sheets and the station atlas as PDF (or a first-page PNG), headless."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from wangge.console import ConsoleFeedback
from wangge.i18n import tr, translate_drawings

DPI_CHOICES = (150, 300)


def add_print_command(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "print",
        help=tr("print grid maps with their household lists to PDF (or the first page to PNG)"),
        description=tr(
            "Print one grid's sheet(s), or with --all an overview page and every grid's sheets, as one PDF. "
            "Residents' names and phones are masked and ID numbers left out unless --show-personal is given."
        ),
    )
    command.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg) or database URL"))
    which = command.add_mutually_exclusive_group(required=True)
    which.add_argument("--grid", metavar="CODE_OR_NAME", help=tr("the grid to print, by code or name"))
    which.add_argument("--all", action="store_true", help=tr("print the whole station as an atlas"))
    command.add_argument("--out", required=True, type=Path, metavar="FILE", help=tr("a .pdf or .png file"))
    command.add_argument("--paper", choices=["A4", "A3"], default="A4", help=tr("paper size (default A4)"))
    command.add_argument(
        "--landscape", action="store_true", help=tr("landscape grid sheets (the overview is turned as the station is)")
    )
    command.add_argument("--dpi", type=int, choices=DPI_CHOICES, default=150, help=tr("resolution (default 150)"))
    command.add_argument("--show-personal", action="store_true", help=tr("print names and phones in full"))
    command.add_argument("--sketch", action="store_true", help=tr("put the hand-drawn sketch under the map"))
    command.add_argument("--imagery", action="store_true", help=tr("put the project's satellite imagery under the map"))
    command.add_argument("--quiet", action="store_true", help=tr("print no progress"))
    command.add_argument(
        "--json", action="store_true", help=tr("print what each page shows (sheet id, grid, map frame, extent) as JSON")
    )


def run_print(arguments: argparse.Namespace) -> int:
    from layers.store import open_project
    from maps.print.atlas import write_atlas
    from maps.print.grid_sheet import PageSetup
    from maps.print.page import Paper
    from maps.qt_runtime import ensure_gui_application

    translate_drawings(ensure_gui_application())
    setup = PageSetup(
        paper=Paper[arguments.paper],
        landscape=arguments.landscape,
        dpi=arguments.dpi,
        show_personal=arguments.show_personal,
        sketch_basemap=arguments.sketch,
        imagery=arguments.imagery,
    )
    with open_project(arguments.project) as store:
        printed = write_atlas(
            store, arguments.out, setup, arguments.grid, ConsoleFeedback(arguments.quiet or arguments.json)
        )
    if arguments.json:
        print(json.dumps(printed.as_json(), ensure_ascii=False))
    else:
        print(tr("wrote {path}: {pages} page(s)").format(path=arguments.out, pages=len(printed.pages)))
    if not printed.readable:
        print(unreadable_sheets_notice(), file=sys.stderr)
    return 0


def unreadable_sheets_notice() -> str:
    return tr("the project is read-only: these sheets are not registered, so photos of them cannot be read back")
