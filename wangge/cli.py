"""The ``wangge`` command: demo data, project information and the desktop app.

Every command fails with one line on stderr and a non-zero exit, never a
traceback: a police clerk who mistypes a path must learn what to do, not where
in our code it broke. Messages are shown in Chinese when the system speaks
Chinese (``LANG=zh_CN.UTF-8``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from layers.errors import WanggeError
from layers.feedback import Feedback
from wangge import __version__
from wangge.arguments import day, whole_number
from wangge.audit_command import add_audit_command, run_audit
from wangge.basemap_command import add_basemap_command, run_basemap
from wangge.console import EXIT_CANCELED, EXIT_ERROR, EXIT_NO_DISPLAY, ConsoleFeedback, end_progress_line, reader_gone
from wangge.db_commands import add_db_commands, run_db_command
from wangge.export_command import add_export_command, run_export
from wangge.georef_command import add_georef_command, run_georef
from wangge.i18n import install_translator, layer_counts, tr, translate, translate_drawings
from wangge.import_command import add_import_command, run_import
from wangge.new_command import add_new_command, run_new
from wangge.paths import demo_project_path
from wangge.print_command import add_print_command, run_print
from wangge.report_command import add_report_command, run_report
from wangge.route_command import add_route_command, run_route
from wangge.scan_command import add_scan_command, run_scan
from wangge.sketch_command import add_sketch_command, run_sketch
from wangge.spot_check_command import add_spot_check_command, run_spot_check
from wangge.weekly_command import add_weekly_command, run_weekly


def _size(text: str) -> tuple[int, int]:
    from maps.map_settings import parse_size

    try:
        return parse_size(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("expected a size as WIDTHxHEIGHT in pixels, e.g. 1920x1080, got {text!r}").format(text=text)
        ) from None


def _extent(text: str) -> tuple[float, float, float, float]:
    from maps.map_settings import parse_extent

    try:
        return parse_extent(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("expected an extent as minx,miny,maxx,maxy with max > min, got {text!r}").format(text=text)
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wangge",
        description=tr("Wangge: grid maps, households, visits and disputes for community policing."),
    )
    parser.add_argument(  # argparse gives this help as a literal, not through gettext: it is translated here
        "--version",
        action="version",
        version=f"wangge {__version__}",
        help=translate("argparse", "show program's version number and exit"),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo_data = commands.add_parser(
        "demo-data",
        help=tr("generate a synthetic demo village project (with its hand-drawn sketch)"),
        description=tr(
            "Generate a synthetic but believable station project near Tongxin County: roads, households, "
            "grids, officers, landmarks, a year of visits and disputes, and a photographed hand-drawn sketch "
            "of the demo village. The same --households, --seed and --as-of give the same data."
        ),
    )
    demo_data.add_argument("out", metavar="OUT.gpkg", type=Path, help=tr("the project file to create"))
    demo_data.add_argument(
        "--households", type=whole_number, default=570, metavar="N", help=tr("number of households (default 570)")
    )
    demo_data.add_argument("--seed", type=int, default=2021, metavar="S", help=tr("random seed (default 2021)"))
    demo_data.add_argument(
        "--as-of",
        type=day,
        default=None,
        metavar="YYYY-MM-DD",
        help=tr("last day of the year of activity (default today)"),
    )
    demo_data.add_argument("--quiet", action="store_true", help=tr("print no progress"))

    info = commands.add_parser("info", help=tr("show the layers of a project and how many records each holds"))
    info.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg)"))
    info.add_argument("--json", action="store_true", help=tr("print machine-readable JSON"))

    open_command = commands.add_parser("open", help=tr("open the desktop app, optionally with a project"))
    open_command.add_argument("project", metavar="PROJECT", nargs="?", help=tr("a project file (.gpkg)"))
    open_command.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help=tr("save a screenshot of the whole window once the map is drawn, then exit"),
    )
    open_command.add_argument(
        "--language",
        choices=["system", "zh_CN", "en"],
        help=tr("the language of the window for this start; the Language menu keeps a choice for every start"),
    )

    render = commands.add_parser(
        "render",
        help=tr("render the project's default map view to a PNG image (no display needed)"),
        description=tr(
            "Render the default map view (grids, roads, landmarks, households by visit recency, disputes by "
            "grade) to a PNG. The extent is minx,miny,maxx,maxy in metres (UTM zone 48N) or in degrees of "
            "longitude and latitude."
        ),
    )
    render.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg) or database URL"))
    render.add_argument("--out", required=True, type=Path, metavar="PNG", help=tr("the image file to write"))
    render.add_argument(
        "--size", type=_size, default="1920x1080", metavar="WxH", help=tr("image size in pixels (default 1920x1080)")
    )
    render.add_argument(
        "--extent", type=_extent, metavar="MINX,MINY,MAXX,MAXY", help=tr("the area to show (default: everything)")
    )
    render.add_argument(
        "--timing", action="store_true", help=tr("print render_ms: the median of several renders after a warm-up")
    )
    render.add_argument("--imagery", action="store_true", help=tr("put the project's satellite imagery under the map"))
    render.add_argument("--quiet", action="store_true", help=tr("print no progress while the project is read"))

    demo = commands.add_parser("demo", help=tr("create the demo project in your data folder and open it"))
    demo.add_argument("--fresh", action="store_true", help=tr("generate the demo project again even if it exists"))
    add_new_command(commands)
    add_sketch_command(commands)
    add_basemap_command(commands)
    add_db_commands(commands)
    add_export_command(commands)
    add_import_command(commands)
    add_print_command(commands)
    add_scan_command(commands)
    add_georef_command(commands)
    add_report_command(commands)
    add_spot_check_command(commands)
    add_weekly_command(commands)
    add_route_command(commands)
    add_audit_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    install_translator()
    parser = build_parser()
    arguments = parser.parse_args(argv)
    handler = {
        "new": run_new,
        "sketch": run_sketch,
        "basemap": run_basemap,
        "demo-data": _demo_data,
        "info": _info,
        "open": _open,
        "demo": _demo,
        "render": _render,
        "db": run_db_command,
        "export": run_export,
        "import": run_import,
        "print": run_print,
        "scan": run_scan,
        "georef": run_georef,
        "report": run_report,
        "spot-check": run_spot_check,
        "weekly": run_weekly,
        "route": run_route,
        "audit": run_audit,
    }[arguments.command]
    try:
        status = handler(arguments)
        sys.stdout.flush()  # a reader that left early is found here, not at exit
        return status
    except WanggeError as error:
        end_progress_line()
        print(f"wangge: {error.translated(translate)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:  # every command writes in transactions or to a temporary file first
        end_progress_line()
        print(tr("canceled; nothing was written"), file=sys.stderr)
        return EXIT_CANCELED
    except BrokenPipeError:
        return reader_gone()


def _generate(out: Path, households: int, seed: int, as_of: date | None, feedback: Feedback) -> int:
    """Run the demo generator; Ctrl-C cancels it and leaves no file behind."""
    from demo.project import create_demo_project

    started = time.perf_counter()
    project = create_demo_project(out, households, seed, as_of, feedback)
    seconds = time.perf_counter() - started
    counts = layer_counts(project.counts)
    print(tr("wrote {path} in {seconds:.1f} s: {counts}").format(path=project.path, seconds=seconds, counts=counts))
    return 0


def _demo_data(arguments: argparse.Namespace) -> int:
    return _generate(
        arguments.out, arguments.households, arguments.seed, arguments.as_of, ConsoleFeedback(arguments.quiet)
    )


def _info(arguments: argparse.Namespace) -> int:
    from layers.store import open_project
    from layers.text_width import display_width, pad

    with open_project(arguments.project) as store:
        layers = store.layer_info()
        summary = {
            "project": store.location,
            "schema_version": store.schema_version(),
            "settings": store.settings(),
            "crs": "EPSG:4490",
            "layers": [
                {
                    "name": layer.name,
                    "title": layer.title_zh,
                    "geometry": layer.geometry_type,
                    "count": layer.count,
                    "extent": layer.extent,
                }
                for layer in layers
            ],
        }
    if arguments.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    version_label = tr("schema version")
    print(f"{summary['project']}  ({version_label} {summary['schema_version']}, {summary['crs']})")
    labels = _setting_labels()
    settings = [
        (tr("{setting}:").format(setting=labels.get(key, key)), value) for key, value in summary["settings"].items()
    ]
    widest = max((display_width(label) for label, _ in settings), default=0)
    for label, value in settings:
        print(f"  {pad(label, widest)} {value}")
    geometries = {"POINT": tr("points"), "LINESTRING": tr("lines"), "POLYGON": tr("areas")}
    rows = [
        (layer["name"], layer["title"], geometries.get(layer["geometry"], tr("table")), f"{layer['count']:,}")
        for layer in summary["layers"]
    ]
    widths = [max(display_width(text) for text in column) for column in zip(*rows)]
    for row in rows:
        cells = [pad(text, width, ">" if index == 3 else "<") for index, (text, width) in enumerate(zip(row, widths))]
        print("  " + "  ".join(cells))
    return 0


def _setting_labels() -> dict[str, str]:
    """What ``info`` calls the settings a project may hold; any other setting shows its key."""
    return {
        "station": tr("police station"),
        "timezone": tr("time zone"),
        "township": tr("township"),
        "county": tr("county"),
        "villages": tr("villages"),
        "project_key": tr("key on printed sheets"),
        "demo_seed": tr("demo seed"),
        "demo_as_of": tr("demo as of"),
        "sync_server": tr("synced with"),
        "sync_grid": tr("grid of this copy"),
        "route_rules": tr("route rules"),
    }


TIMED_RENDERS = 5


def _render(arguments: argparse.Namespace) -> int:
    import statistics

    from layers.store import open_project
    from maps.map_settings import DEFAULT_LAYER_VIEWS, MapSettings, with_imagery
    from maps.project_map import extent_in_metres, load_project_map, project_extent
    from maps.qt_runtime import ensure_gui_application
    from maps.renderer import render_map

    width, height = arguments.size
    translate_drawings(ensure_gui_application())
    with open_project(arguments.project) as store:
        extent = extent_in_metres(arguments.extent) if arguments.extent else project_extent(store)
        if extent is None:
            print(tr("{project}: nothing to draw, the project has no grids, households, roads or imagery").format(
                project=arguments.project), file=sys.stderr)  # fmt: skip
            return EXIT_ERROR
        view = MapSettings(extent, width, height)  # read what it shows, not the project
        project_map = load_project_map(store, feedback=ConsoleFeedback(arguments.quiet), view=view)
    for problem in project_map.content.problems:
        print(f"wangge: {problem.translated(translate)}", file=sys.stderr)
    views = with_imagery(DEFAULT_LAYER_VIEWS, project_map.imagery_tables) if arguments.imagery else DEFAULT_LAYER_VIEWS
    settings = MapSettings(extent=extent, width=width, height=height, layers=views)
    rendered = render_map(settings, project_map.content)
    if arguments.timing:
        times = [render_map(settings, project_map.content).milliseconds for _ in range(TIMED_RENDERS)]
        print(f"render_ms: {statistics.median(times):.1f}")
    if not rendered.image.save(str(arguments.out), "PNG"):
        print(tr("cannot write {path}").format(path=arguments.out), file=sys.stderr)
        return EXIT_ERROR
    return 0


def _display_problem() -> str | None:
    """Why no window can open here, in the user's language; ``None`` when one can."""
    from desktop.app import display_problem

    problem = display_problem()
    return None if problem is None else translate("app", problem)


def _check_project(location: str) -> None:
    """Raise the store's one-line error if ``location`` cannot be opened; write nothing."""
    from layers.store import is_database_url, open_project
    from layers.store.gpkg import inspect_project_file

    if is_database_url(location):
        open_project(location).close()
    else:
        inspect_project_file(Path(location))


def _open(arguments: argparse.Namespace) -> int:
    problem = _display_problem()
    if problem:
        print(f"wangge: {problem}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    if arguments.project:
        _check_project(arguments.project)  # a clear one-line error before any window opens
    from desktop.app import run

    return run(arguments.project, screenshot=arguments.screenshot, language=arguments.language)


def _demo(arguments: argparse.Namespace) -> int:
    problem = _display_problem()
    if problem:
        print(f"wangge: {problem}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    from desktop.app import create_application

    create_application()  # before the sketch is drawn: Qt allows one application object
    path = demo_project_path()
    if arguments.fresh:
        path.unlink(missing_ok=True)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        status = _generate(path, 570, 2021, None, ConsoleFeedback())
        if status:
            return status
    else:
        print(tr("using the demo project {path} (--fresh makes a new one)").format(path=path))
    return _open(argparse.Namespace(project=str(path), screenshot=None, language=None))


if __name__ == "__main__":
    sys.exit(main())
