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
from wangge.i18n import install_translator, tr, translate
from wangge.paths import demo_project_path

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NO_DISPLAY = 3
EXIT_CANCELED = 130


class ConsoleFeedback(Feedback):
    """Progress on stderr, at most a few updates a second; Ctrl-C cancels."""

    def __init__(self, quiet: bool = False) -> None:
        super().__init__()
        self._quiet = quiet
        self._last = 0.0

    def set_progress(self, percent: float) -> None:
        super().set_progress(percent)
        now = time.monotonic()
        if not self._quiet and (now - self._last > 0.25 or self.progress >= 100):
            self._last = now
            end = "\n" if self.progress >= 100 else "\r"
            print(f"{self.progress:5.1f}%", end=end, file=sys.stderr, flush=True)

    def push_info(self, message: str) -> None:
        super().push_info(message)
        if not self._quiet:
            print(f"\r{message}", file=sys.stderr, flush=True)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("expected a date as YYYY-MM-DD, got {text!r}").format(text=text)) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(tr("expected a whole number of at least 1, got {text!r}").format(text=text))
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wangge",
        description=tr("Wangge: grid maps, households, visits and disputes for community policing."),
    )
    parser.add_argument("--version", action="version", version=f"wangge {__version__}")
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
        "--households", type=_positive, default=570, metavar="N", help=tr("number of households (default 570)")
    )
    demo_data.add_argument("--seed", type=int, default=2021, metavar="S", help=tr("random seed (default 2021)"))
    demo_data.add_argument(
        "--as-of",
        type=_parse_date,
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

    demo = commands.add_parser("demo", help=tr("create the demo project in your data folder and open it"))
    demo.add_argument("--fresh", action="store_true", help=tr("generate the demo project again even if it exists"))
    _add_db_commands(commands)
    return parser


def _add_db_commands(commands) -> None:
    url_help = tr("postgresql://user@host/database (the password comes from ~/.pgpass, a service file or PGPASSWORD)")
    db = commands.add_parser("db", help=tr("the shared station database on PostgreSQL/PostGIS"))
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    init = db_commands.add_parser("init", help=tr("create the Wangge schema, roles and policies in a database"))
    init.add_argument("url", metavar="URL", help=url_help)
    push = db_commands.add_parser("push", help=tr("load a station project file into an empty shared database"))
    push.add_argument("project", metavar="PROJECT.gpkg", help=tr("a project file (.gpkg)"))
    push.add_argument("url", metavar="URL", help=url_help)
    pull = db_commands.add_parser("pull", help=tr("write an offline copy of the database, or of one grid"))
    pull.add_argument("url", metavar="URL", help=url_help)
    pull.add_argument("out", metavar="OUT.gpkg", type=Path, help=tr("the offline copy to create"))
    pull.add_argument("--grid", metavar="CODE", help=tr("only this grid (its households, visits, disputes...)"))
    sync = db_commands.add_parser(
        "sync", help=tr("send the offline copy's edits, receive others'; conflicts are listed, never overwritten")
    )
    sync.add_argument("copy", metavar="OUT.gpkg", help=tr("an offline copy made by 'wangge db pull'"))
    sync.add_argument("url", metavar="URL", help=url_help)
    sync.add_argument(
        "--resolve", choices=["local", "server"], help=tr("settle every listed conflict with this side's values")
    )
    add_user = db_commands.add_parser("add-user", help=tr("create a user, or change his role and grids"))
    add_user.add_argument("url", metavar="URL", help=url_help)
    add_user.add_argument("name", metavar="NAME", help=tr("the user's login name"))
    add_user.add_argument("--role", required=True, choices=["chief", "officer", "reviewer"], help=tr("what he may do"))
    add_user.add_argument("--grids", default="", metavar="CODE,...", help=tr("for an officer: the grids he may edit"))


def main(argv: list[str] | None = None) -> int:
    install_translator()
    parser = build_parser()
    arguments = parser.parse_args(argv)
    handler = {"demo-data": _demo_data, "info": _info, "open": _open, "demo": _demo, "db": _db}[arguments.command]
    try:
        return handler(arguments)
    except WanggeError as error:
        print(f"wangge: {error.translated(translate)}", file=sys.stderr)
        return EXIT_ERROR


def _generate(out: Path, households: int, seed: int, as_of: date | None, feedback: Feedback) -> int:
    """Run the demo generator; Ctrl-C cancels it and leaves no file behind."""
    from maps.demo_project import create_demo_project

    started = time.perf_counter()
    try:
        project = create_demo_project(out, households, seed, as_of, feedback)
    except KeyboardInterrupt:
        print(tr("canceled; nothing was written"), file=sys.stderr)
        return EXIT_CANCELED
    seconds = time.perf_counter() - started
    counts = ", ".join(f"{name} {count:,}" for name, count in project.counts.items())
    print(tr("wrote {path} in {seconds:.1f} s: {counts}").format(path=project.path, seconds=seconds, counts=counts))
    return 0


def _demo_data(arguments: argparse.Namespace) -> int:
    return _generate(
        arguments.out, arguments.households, arguments.seed, arguments.as_of, ConsoleFeedback(arguments.quiet)
    )


def _info(arguments: argparse.Namespace) -> int:
    from layers.store import open_project

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
    for key, value in summary["settings"].items():
        print(f"  {key}: {value}")
    for layer in summary["layers"]:
        geometry = layer["geometry"] or tr("table")
        print(f"  {layer['name']:<22} {layer['title']:<8} {geometry:<11} {layer['count']:>10,}")
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

    return run(arguments.project)


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
    return _open(argparse.Namespace(project=str(path)))


def _db(arguments: argparse.Namespace) -> int:
    from layers.store import GeoPackageStore, offline, open_project
    from layers.store.postgis_admin import add_user, initialise

    command = arguments.db_command
    if command == "init":
        applied = initialise(arguments.url)
        print(tr("schema ready (versions applied: {versions})").format(versions=applied or "none"))
    elif command == "add-user":
        grids = [code.strip() for code in arguments.grids.split(",") if code.strip()]
        codes = add_user(arguments.url, arguments.name, arguments.role, grids)
        print(
            tr("{name}: {role}, grids {grids}; set a password with psql: \\password {name}").format(
                name=arguments.name, role=arguments.role, grids=",".join(codes) or "-"
            )
        )
    elif command == "push":
        with open_project(arguments.project) as local, open_project(arguments.url) as server:
            counts = offline.push(local, server, ConsoleFeedback())
        print(", ".join(f"{name} {count:,}" for name, count in counts.items()))
    elif command == "pull":
        with open_project(arguments.url) as server:
            counts = offline.pull(server, arguments.out, arguments.grid, ConsoleFeedback())
        print(", ".join(f"{name} {count:,}" for name, count in counts.items()))
    else:
        with GeoPackageStore.open(arguments.copy) as local, open_project(arguments.url) as server:
            report = offline.sync(local, server, arguments.resolve)
        for line in offline.describe(report) or [tr("nothing to exchange")]:
            print(line)
        if report.conflicts or report.refused:
            print(
                tr(
                    "{n} conflict(s), {m} refused: your changes are kept in {copy}; settle with --resolve local|server"
                ).format(n=len(report.conflicts), m=len(report.refused), copy=arguments.copy),
                file=sys.stderr,
            )
            return EXIT_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
