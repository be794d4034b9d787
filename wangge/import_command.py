"""``wangge import``: a register (.xlsx or .csv) or a map file of officers, grids, roads or landmarks into a project.

The import is checked whole before anything is written (:mod:`layers.imports`).
A file with problems is refused and the project file left byte for byte as it
was, since a project opens for reading and only its first edit writes.
``--valid-rows-only`` imports the rows without problems and lists the others.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from layers.crs import NAMED_SYSTEMS
from layers.errors import QT_TRANSLATE_NOOP, ReadOnlyProjectError
from layers.imports import IMPORT_LAYERS
from layers.imports.errors import NoCoordinateSystemError
from wangge.console import ConsoleFeedback, end_progress_line
from wangge.i18n import import_target_titles, layer_title, tr, translate


class NoCrsGivenError(NoCoordinateSystemError):
    """The file says no coordinate system and none was given: ``--crs`` is this command's way to give it."""

    template = QT_TRANSLATE_NOOP(
        "NoCrsGivenError",
        "{path}: the file does not say its coordinate system (a Shapefile needs its .prj); give it, e.g. --crs EPSG:4490",  # noqa: E501 - one line, as lupdate extracts it
    )


def _mapping(text: str) -> tuple[str, str | None]:
    header, separator, target = text.partition("=")
    if not separator or not header.strip():
        raise argparse.ArgumentTypeError(
            tr("expected a column mapping as HEADER=FIELD (or HEADER= to ignore it), got {text!r}").format(text=text)
        )
    return header.strip(), target.strip() or None


def add_import_command(commands) -> None:
    """Add ``import`` to the ``wangge`` parser."""
    command = commands.add_parser(
        "import",
        help=tr("import households, visits, disputes, officers, grids, roads or landmarks from a file"),
        description=tr(
            "Import households, visits or disputes from an Excel workbook or a CSV file (UTF-8 or GBK); officers "
            "from a workbook; grids, roads and landmarks from a GeoPackage, Shapefile (GBK or UTF-8), GeoJSON, KML, "
            "GPX or OpenStreetMap extract (.osm.pbf, clipped to the station's area). Chinese column names such as "
            "户主姓名, 门牌号, 家庭人口, 联系电话, 经度, 纬度, 走访日期, 纠纷类型, 等级, 网格编号 and 社区民警 are "
            "recognised; --map names the others. Every row or feature is checked first: if any has a problem nothing "
            "is imported and the project is left unchanged, unless --valid-rows-only is given."
        ),
    )
    command.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg) or database URL"))
    command.add_argument("layer", choices=IMPORT_LAYERS, help=tr("what the file holds"))
    command.add_argument("file", metavar="FILE", type=Path, help=tr("the file to import"))
    command.add_argument(
        "--crs",
        metavar="{" + ",".join(NAMED_SYSTEMS) + ",EPSG:n}",
        help=tr("the coordinate system of the file's coordinates (default: a map file's own, wgs84 for a "
                "spreadsheet's longitude and latitude; gcj02 for Amap and Tencent, bd09 for Baidu)"),
    )  # fmt: skip
    command.add_argument(
        "--valid-rows-only",
        action="store_true",
        help=tr("import the rows or features without problems and list the others"),
    )
    command.add_argument(
        "--map",
        dest="mapping",
        action="append",
        type=_mapping,
        default=[],
        metavar="HEADER=FIELD",
        help=tr("read the column HEADER as FIELD (repeatable); HEADER= ignores the column"),
    )
    command.add_argument("--quiet", action="store_true", help=tr("print no progress"))


def run_import(arguments: argparse.Namespace) -> int:
    from layers.crs import coordinate_system
    from layers.imports import plan_import, write_import
    from layers.store import open_project

    system = arguments.crs and coordinate_system(arguments.crs)  # an unknown name is refused before any file is read
    feedback = ConsoleFeedback(arguments.quiet)
    mapping = dict(arguments.mapping)
    with open_project(arguments.project) as store:
        if store.read_only:  # said before the register is read, not after
            raise ReadOnlyProjectError(path=store.location)
        try:
            plan = plan_import(store, arguments.layer, arguments.file, system, mapping, feedback.step(0, 60))
        except NoCoordinateSystemError as error:
            raise NoCrsGivenError(**error.params) from None
        end_progress_line()
        print(plan.report.to_text(translate, targets=import_target_titles(arguments.layer)))
        result = write_import(store, plan, arguments.valid_rows_only, feedback.step(60, 100))
    report = plan.report
    left_out = report.rows - result.written
    print(
        tr("imported {count} {layer} into {project}; {left_out} row(s) with problems left out").format(
            count=result.written, layer=layer_title(arguments.layer), project=arguments.project, left_out=left_out
        )
    )
    if left_out:
        print(tr("{count} row(s) of {file} were not imported; see the problems above").format(
            count=left_out, file=arguments.file), file=sys.stderr)  # fmt: skip
    return 0
