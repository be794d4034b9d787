"""``wangge export``: a project as an offline web map, GeoJSON, GeoPackage, Shapefile (.zip) or Excel file.

The same functions the desktop app calls write the files
(:func:`maps.web_map.write_web_map` and :mod:`layers.exports`); this module
only parses arguments, chooses the language of the web map and reports.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wangge.console import ConsoleFeedback
from wangge.i18n import CHINESE, layer_counts, tr, translate, wants_chinese

FORMATS = ("html", "geojson", "gpkg", "shp", "xlsx")
"""The web map, then :data:`maps.exports.EXPORTERS`."""


def add_export_command(commands) -> None:
    """Add ``export`` to the ``wangge`` parser."""
    export = commands.add_parser(
        "export",
        help=tr("write a project as an offline web map (html), GeoJSON, GeoPackage, Shapefile or Excel file"),
        description=tr(
            "Write a project for people who have no Wangge: html is one web page that needs no internet, geojson "
            "the households, gpkg a GeoPackage of the layers, shp a .zip of one shapefile per layer (with fields.csv "
            "giving the full name of each shortened field), xlsx an Excel workbook with one sheet per layer. "
            "Residents' names and phone numbers are masked and ID numbers left out unless --show-personal is "
            "given. An existing file is replaced only once the new one is complete."
        ),
    )
    export.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg) or database URL"))
    export.add_argument("--format", required=True, choices=FORMATS, help=tr("the kind of file to write"))
    export.add_argument("--out", required=True, type=Path, metavar="FILE", help=tr("the file to write"))
    export.add_argument(
        "--show-personal",
        action="store_true",
        help=tr("include full names, phone numbers and ID numbers (personal information: share with care)"),
    )
    export.add_argument(
        "--language",
        choices=["system", "zh_CN", "en"],
        default="system",
        help=tr("the language of the web map (default: the system's)"),
    )
    export.add_argument(
        "--imagery",
        action="store_true",
        help=tr("html: put the project's satellite imagery under the map, as one picture inside the page"),
    )
    export.add_argument("--quiet", action="store_true", help=tr("print no progress"))


def run_export(arguments: argparse.Namespace) -> int:
    from layers.store import open_project
    from maps.exports import EXPORTERS

    feedback = ConsoleFeedback(arguments.quiet)
    with open_project(arguments.project) as store:
        if arguments.format == "html":
            from maps.web_map import write_web_map

            _use_language(arguments.language)
            result = write_web_map(store, arguments.out, arguments.show_personal, feedback, imagery=arguments.imagery)
            for problem in result.problems:
                print(f"wangge: {problem.translated(translate)}", file=sys.stderr)
            counts = result.counts
        else:
            write = EXPORTERS[arguments.format]
            counts = write(store, arguments.out, arguments.show_personal, feedback=feedback)
    print(tr("wrote {path}: {counts}").format(path=arguments.out, counts=layer_counts(counts)))
    if arguments.show_personal:
        print(tr("{path} holds residents' personal information; do not pass it on").format(path=arguments.out))
    return 0


def _use_language(choice: str) -> None:
    """The web map in ``choice``: its texts and words follow the translation installed in a Qt application."""
    from maps.language import ENGLISH, install_language
    from maps.qt_runtime import ensure_gui_application

    chinese = choice == CHINESE or (choice == "system" and wants_chinese())
    install_language(ensure_gui_application(), CHINESE if chinese else ENGLISH)
