"""``wangge scan``: a phone photo of a marked printed sheet read back as map positions and proposed edits."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from wangge.console import ConsoleFeedback
from wangge.i18n import layer_title, tr


def add_scan_command(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "scan",
        help=tr("read a photo of a printed sheet marked in the field: which sheet, and where the pen marks are"),
        description=tr(
            "Find the printed sheet in a phone photo by its corner squares and QR code, place the photo on the "
            "map without control points, and list the pen marks added to the sheet (colour, shape, position, "
            "nearest household). With --add the photo is kept and each new mark stored as a proposal in the "
            "layer field_marks, to be accepted or dismissed in the desktop."
        ),
    )
    command.add_argument("project", metavar="PROJECT", help=tr("a project file (.gpkg) or database URL"))
    command.add_argument("photo", metavar="PHOTO", type=Path, help=tr("the photo of the sheet (.jpg or .png)"))
    command.add_argument("--json", action="store_true", help=tr("print machine-readable JSON"))
    command.add_argument("--add", action="store_true", help=tr("keep the photo and store the marks as proposals"))
    command.add_argument(
        "--out-georef",
        type=Path,
        metavar="FILE",
        help=tr("write the photo's map north-up as a .png or .jpg with world file and .prj"),
    )
    command.add_argument("--quiet", action="store_true", help=tr("print no progress"))


def run_scan(arguments: argparse.Namespace) -> int:
    from layers.store import open_project
    from maps.georef.warp import write_georeferenced
    from maps.qt_runtime import ensure_gui_application
    from maps.scan.proposals import add_proposals
    from maps.scan.reading import georeferenced_photo, read_sheet_photo
    from maps.scan.sheet_finder import load_photo
    from wangge.i18n import translate_drawings

    photo = load_photo(arguments.photo)  # a bad photo is named before the project is opened
    translate_drawings(ensure_gui_application())  # the marks' colours and shapes in the user's words
    with open_project(arguments.project) as store:
        reading = read_sheet_photo(store, photo, ConsoleFeedback(arguments.quiet or arguments.json))
        if arguments.out_georef is not None:
            write_georeferenced(georeferenced_photo(reading), arguments.out_georef)
        added = add_proposals(store, reading) if arguments.add else None
    if arguments.json:
        print(json.dumps(reading.as_json(), ensure_ascii=False))
    else:
        _print_reading(reading)
    if added is not None:
        print(
            tr("stored {new} new mark(s) as proposals in {layer}; {old} were proposed from this sheet before").format(
                new=len(added.marks), old=len(added.already_proposed), layer=layer_title("field_marks")
            ),
            file=sys.stderr if arguments.json else sys.stdout,  # stdout stays one JSON document
        )
    if arguments.out_georef is not None and not arguments.json:
        print(tr("wrote {path}").format(path=arguments.out_georef))
    return 0


def _print_reading(reading) -> None:
    from layers.vocabulary import InkColour, MarkShape
    from maps.scan.reading import NEAREST_WITHIN_M
    from maps.words import term

    sheet = reading.sheet
    print(
        tr("sheet {sheet_id}: grid {grid}, page {page}, printed {date}; paper flat within {rmse:.1f} mm").format(
            sheet_id=sheet.sheet_id,
            grid=sheet.grid_code or "—",
            page=sheet.page,
            date=sheet.printed_at.strftime("%Y-%m-%d") if sheet.printed_at is not None else "—",
            rmse=reading.placement.paper_rmse_mm,
        )
    )
    if not reading.marks:
        print(tr("no pen marks found"))
    for mark in reading.marks:
        near = (
            tr("nearest household {house_no}, {distance:.0f} m").format(
                house_no=mark.nearest.house_no, distance=mark.nearest.distance_m
            )
            if mark.nearest is not None
            else tr("no household within {metres:.0f} m").format(metres=NEAREST_WITHIN_M)
        )
        what = f"{term(InkColour(mark.mark.colour))} {term(MarkShape(mark.mark.shape))}"
        size = tr("{size:.1f} mm").format(size=mark.mark.size_mm)
        print(f"{mark.number:3d}  {what}  {size:>9}  {mark.lon:.6f}, {mark.lat:.6f}  {near}")
