"""``wangge db``: the shared station database on PostgreSQL/PostGIS, and offline copies of it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wangge.console import EXIT_ERROR, ConsoleFeedback
from wangge.i18n import field_title, layer_counts, layer_title, term, tr, translate


def add_db_commands(commands) -> None:
    """Add ``db`` and its subcommands to the ``wangge`` parser."""
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


def run_db_command(arguments: argparse.Namespace) -> int:
    handler = {"init": _init, "add-user": _add_user, "push": _push, "pull": _pull, "sync": _sync}[arguments.db_command]
    return handler(arguments)


def _init(arguments: argparse.Namespace) -> int:
    from layers.store.postgis_admin import initialise

    applied = initialise(arguments.url)
    print(tr("schema ready (versions applied: {versions})").format(versions=applied or "none"))
    return 0


def _add_user(arguments: argparse.Namespace) -> int:
    from layers.store.postgis_admin import add_user

    grids = [code.strip() for code in arguments.grids.split(",") if code.strip()]
    codes = add_user(arguments.url, arguments.name, arguments.role, grids)
    print(
        tr("{name}: {role}, grids {grids}; set a password with psql: \\password {name}").format(
            name=arguments.name, role=_role_words()[arguments.role], grids=",".join(codes) or "-"
        )
    )
    return 0


def _role_words() -> dict[str, str]:
    """What the database roles ``--role`` takes are called in the reader's language."""
    return {"chief": tr("chief"), "officer": tr("officer"), "reviewer": tr("reviewer")}


def _print_counts(counts: dict[str, int]) -> None:
    print(layer_counts(counts))


def _push(arguments: argparse.Namespace) -> int:
    from layers.store import offline, open_project

    with open_project(arguments.project) as local, open_project(arguments.url) as server:
        _print_counts(offline.push(local, server, ConsoleFeedback()))
    return 0


def _pull(arguments: argparse.Namespace) -> int:
    from layers.store import offline, open_project
    from maps.field_basemaps import add_field_basemaps
    from maps.qgis_style import project_layer_styles

    with open_project(arguments.url) as server:
        counts = offline.pull(
            server,
            arguments.out,
            arguments.grid,
            ConsoleFeedback(),
            styles=project_layer_styles(),
            complete=lambda copy, feedback: add_field_basemaps(copy, copy.path, feedback),
        )
        _print_counts(counts)
    return 0


def _sync(arguments: argparse.Namespace) -> int:
    from layers.store import GeoPackageStore, offline, open_project

    with GeoPackageStore.open(arguments.copy) as local, open_project(arguments.url) as server:
        report = offline.sync(local, server, arguments.resolve, ConsoleFeedback())
    words = offline.SyncWords(layer=layer_title, field=field_title, code=term)
    for line in offline.describe(report, translate, words) or [tr("nothing to exchange")]:
        print(line)
    if not (report.conflicts or report.refused):
        return 0
    print(
        tr("{n} conflict(s), {m} refused: your changes are kept in {copy}; settle with --resolve local|server").format(
            n=len(report.conflicts), m=len(report.refused), copy=arguments.copy
        ),
        file=sys.stderr,
    )
    return EXIT_ERROR
