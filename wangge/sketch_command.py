"""``wangge sketch``: an officer's photographed sketch into the project, the sketches listed, control points stored.

``sketch add`` prints the new sketch's id alone on stdout, so a script can go on
with ``sketch georef PROJECT "$(wangge sketch add ...)" points.txt``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from layers.text_width import display_width, pad
from wangge.georef_command import METHODS
from wangge.i18n import tr


def add_sketch_command(commands: argparse._SubParsersAction) -> None:
    """Add ``sketch add|list|georef`` to the ``wangge`` parser."""
    sketch = commands.add_parser("sketch", help=tr("add a photographed sketch, list sketches, store control points"))
    actions = sketch.add_subparsers(dest="sketch_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help=tr("keep a photographed sketch (JPEG, PNG or HEIC) in the project"))
    add.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg) or database URL"))
    add.add_argument("photo", metavar="PHOTO", type=Path, help=tr("the photo of the sketch (.jpg, .png or .heic)"))
    add.add_argument("--title", required=True, metavar="T", help=tr("the sketch's title, e.g. 犁铧嘴村一组网格图"))
    add.add_argument("--grid", metavar="CODE", help=tr("the grid the sketch shows, by code or name"))
    add.add_argument("--drawn-by", metavar="NAME", help=tr("who drew it"))
    listing = actions.add_parser("list", help=tr("list the project's sketches"))
    listing.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg) or database URL"))
    listing.add_argument("--json", action="store_true", help=tr("print machine-readable JSON"))
    georef = actions.add_parser("georef", help=tr("store a control-point file's points on a sketch, as if clicked"))
    georef.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg) or database URL"))
    georef.add_argument("sketch", metavar="SKETCH", help=tr("the sketch, by id or title"))
    georef.add_argument(
        "gcps", metavar="GCPS", type=Path, help=tr("control points: QGIS .points, GDAL text or IIIF annotation JSON")
    )
    georef.add_argument("--method", choices=METHODS, help=tr("the transform to keep for this sketch (default auto)"))
    georef.add_argument(
        "--crs", metavar="CRS", help=tr("system of the map coordinates in files that do not say (see georef fit)")
    )


def run_sketch(arguments: argparse.Namespace) -> int:
    return {"add": _add, "list": _list, "georef": _georef}[arguments.sketch_command](arguments)


def _add(arguments: argparse.Namespace) -> int:
    from layers.store import open_project
    from maps.sketch_photo import add_sketch, read_sketch_photo

    photo = read_sketch_photo(arguments.photo)  # a bad photo is named before the project is opened
    with open_project(arguments.project) as store:
        grid_id = _grid_id(store, arguments.grid) if arguments.grid else None
        sketch = add_sketch(store, photo, arguments.title, grid_id, arguments.drawn_by)
    print(sketch.id)
    return 0


def _grid_id(store, grid: str) -> str:
    from maps.print.atlas import find_grids

    return find_grids(store.read("grids", columns=["id", "code", "name"]), grid)[0]  # codes are unique


def _list(arguments: argparse.Namespace) -> int:
    from layers.store import open_project

    with open_project(arguments.project) as store:
        sketches = store.read("sketches", columns=["id", "title", "grid_id", "width", "height"])
        grids = store.read("grids", columns=["id", "code"]).set_index("id")["code"]
        points = store.read("sketch_control_points", columns=["sketch_id"])["sketch_id"].value_counts()
    rows = [
        {
            "id": str(sketch_id),
            "title": str(title),
            "grid": None if grid_id is None else grids.get(grid_id),
            "width": int(width),
            "height": int(height),
            "control_points": int(points.get(sketch_id, 0)),
        }
        for sketch_id, title, grid_id, width, height in zip(
            sketches["id"], sketches["title"], sketches["grid_id"], sketches["width"], sketches["height"]
        )
    ]
    if arguments.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(tr("no sketches yet; add one with: wangge sketch add PROJECT PHOTO --title T"))
    widest = max((display_width(row["title"]) for row in rows), default=0)
    for row in rows:
        print(
            f"{row['id']}  {pad(row['title'], widest)}  {pad(row['grid'] or '-', 8)} "
            f"{row['width']}x{row['height']}  " + tr("{count} control points").format(count=row["control_points"])
        )
    return 0


def _georef(arguments: argparse.Namespace) -> int:
    from layers.store import open_project
    from maps.georef.control_points import read_control_points
    from maps.georef.sketch_georeference import SketchGeoreference
    from maps.sketch_photo import find_sketch, store_control_points

    points = read_control_points(arguments.gcps, arguments.crs)  # a bad file is named before the project is opened
    with open_project(arguments.project) as store:
        sketch_id = find_sketch(store, arguments.sketch)
        georeference = SketchGeoreference(store, sketch_id)
        stored = store_control_points(store, sketch_id, points)  # checked first: a refusal writes nothing
        if arguments.method:
            georeference.set_method(arguments.method)
        state = georeference.fit()
    print(tr("stored {count} control points on sketch '{title}'").format(count=stored, title=georeference.title))
    if state.transform is not None:
        print(
            tr("{method}: RMSE {rmse:.2f} m, leave-one-out RMSE {loo:.2f} m").format(
                method=state.transform.method.value, rmse=state.transform.rmse_m, loo=state.transform.loo_rmse_m
            )
        )
    return 0
