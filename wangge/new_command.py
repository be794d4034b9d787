"""``wangge new``: a new, empty station project, from nothing but the station's own words.

The station's grids, roads, registers and sketches come in afterwards; the file
is a plain GeoPackage from the start. An existing file is never overwritten.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from wangge.i18n import tr


def _member(text: str) -> tuple[str, str]:
    """``NAME`` or ``NAME:PHONE``."""
    name, _, phone = text.partition(":")
    if not name.strip():
        raise argparse.ArgumentTypeError(tr("expected NAME or NAME:PHONE, got {text!r}").format(text=text))
    return name.strip(), phone.strip()


def add_new_command(commands: argparse._SubParsersAction) -> None:
    """Add ``new`` to the ``wangge`` parser."""
    command = commands.add_parser(
        "new",
        help=tr("create a new, empty station project"),
        description=tr(
            "Create a new station project (a GeoPackage file) with the station's name, township, county, villages "
            "and people. Grids, roads, landmarks, households and sketches are added to it afterwards. An existing "
            "file is never overwritten."
        ),
    )
    command.add_argument("project", metavar="PROJECT", type=Path, help=tr("the new project file (.gpkg)"))
    command.add_argument("--station", required=True, metavar="NAME", help=tr("the police station, e.g. 豫海派出所"))
    command.add_argument("--township", default="", metavar="NAME", help=tr("the township, e.g. 豫海镇"))
    command.add_argument("--county", default="", metavar="NAME", help=tr("the county, e.g. 同心县"))
    command.add_argument(
        "--village", dest="villages", action="append", default=[], metavar="NAME", help=tr("a village (repeatable)")
    )
    command.add_argument(
        "--officer",
        dest="officers",
        action="append",
        default=[],
        type=_member,
        metavar="NAME[:PHONE]",
        help=tr("a community officer (repeatable)"),
    )
    command.add_argument(
        "--auxiliary",
        dest="auxiliaries",
        action="append",
        default=[],
        type=_member,
        metavar="NAME[:PHONE]",
        help=tr("an auxiliary officer (repeatable)"),
    )
    command.add_argument(
        "--timezone", default="Asia/Shanghai", metavar="ZONE", help=tr("the station's clock (default Asia/Shanghai)")
    )


def run_new(arguments: argparse.Namespace) -> int:
    from layers.station_setup import StationMember, StationSetup, create_station_project
    from layers.vocabulary import OfficerRole
    from maps.qgis_style import project_layer_styles

    members = [StationMember(name, OfficerRole.COMMUNITY_OFFICER, phone) for name, phone in arguments.officers]
    members += [StationMember(name, OfficerRole.AUXILIARY, phone) for name, phone in arguments.auxiliaries]
    setup = StationSetup(
        station=arguments.station,
        township=arguments.township,
        county=arguments.county,
        villages=tuple(arguments.villages),
        members=tuple(members),
        timezone=arguments.timezone,
    )
    create_station_project(arguments.project, setup, styles=project_layer_styles()).close()
    print(tr("created {path} for {station}").format(path=arguments.project, station=setup.station.strip()))
    return 0
