"""``wangge basemap``: satellite imagery (a GeoTIFF or an .mbtiles package) into the project, and the imagery listed.

``basemap add`` prints progress on stderr and one line on stdout naming what was
added; Ctrl-C cancels and leaves the project as it was.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from layers.errors import QT_TRANSLATE_NOOP
from layers.imagery.errors import ImageryNameTakenError
from layers.text_width import display_width, pad
from wangge.console import ConsoleFeedback
from wangge.i18n import tr


class NameTakenOptionError(ImageryNameTakenError):
    """The name is taken: ``--name`` is this command's way to give another."""

    template = QT_TRANSLATE_NOOP(
        "NameTakenOptionError",
        "{path}: the project already has imagery or a layer named '{name}'; choose another name (--name)",
    )


def add_basemap_command(commands: argparse._SubParsersAction) -> None:
    """Add ``basemap add|list|remove`` to the ``wangge`` parser."""
    basemap = commands.add_parser("basemap", help=tr("add satellite imagery to a project, list or remove it"))
    actions = basemap.add_subparsers(dest="basemap_command", required=True, metavar="ACTION")
    add = actions.add_parser(
        "add",
        help=tr("keep a georeferenced image (GeoTIFF) or an offline tile package (.mbtiles) in the project"),
        description=tr(
            "Store the image in the project file as GeoPackage tiles with every zoom level, in its own "
            "coordinate system, so the map shows it at any scale without reading the whole file. The "
            "project must be a GeoPackage (.gpkg)."
        ),
    )
    add.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg)"))
    add.add_argument("image", metavar="IMAGE", type=Path, help=tr("the image (.tif) or tile package (.mbtiles)"))
    add.add_argument("--name", metavar="NAME", help=tr("the name shown for the imagery (default: the file name)"))
    add.add_argument("--quiet", action="store_true", help=tr("print no progress"))
    listing = actions.add_parser("list", help=tr("list the project's imagery"))
    listing.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg)"))
    listing.add_argument("--json", action="store_true", help=tr("print machine-readable JSON"))
    remove = actions.add_parser("remove", help=tr("take imagery out of the project"))
    remove.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg)"))
    remove.add_argument("name", metavar="NAME", help=tr("the imagery's name or table, as listed"))


def run_basemap(arguments: argparse.Namespace) -> int:
    return {"add": _add, "list": _list, "remove": _remove}[arguments.basemap_command](arguments)


def _remove(arguments: argparse.Namespace) -> int:
    from layers.imagery import remove_imagery

    remove_imagery(arguments.project, arguments.name)
    print(tr("removed '{name}' from {project}").format(name=arguments.name, project=arguments.project))
    return 0


def _add(arguments: argparse.Namespace) -> int:
    from layers.imagery import add_imagery

    started = time.perf_counter()
    try:
        info = add_imagery(arguments.project, arguments.image, arguments.name, ConsoleFeedback(arguments.quiet))
    except ImageryNameTakenError as error:
        raise NameTakenOptionError(**error.params) from None
    print(
        tr("added '{name}' as {table}: {crs}, zoom levels {low}-{high}, {tiles} tiles, in {seconds:.1f} s").format(
            name=info.name,
            table=info.table,
            crs=info.crs,
            low=info.min_zoom,
            high=info.max_zoom,
            tiles=info.tiles,
            seconds=time.perf_counter() - started,
        )
    )
    return 0


def _list(arguments: argparse.Namespace) -> int:
    from layers.imagery import list_imagery

    imagery = list_imagery(arguments.project)
    if arguments.json:
        print(json.dumps([info.as_json() for info in imagery], ensure_ascii=False, indent=2))
        return 0
    if not imagery:
        print(tr("no imagery yet; add some with: wangge basemap add PROJECT IMAGE"))
    widest = max((display_width(info.name) for info in imagery), default=0)
    for info in imagery:
        print(
            f"{info.table}  {pad(info.name, widest)}  {info.crs}  "
            + tr("zoom {low}-{high}, {x:g} x {y:g} a pixel, {tiles} tiles").format(
                low=info.min_zoom, high=info.max_zoom, x=info.pixel_size[0], y=info.pixel_size[1], tiles=info.tiles
            )
        )
    return 0
