"""A list of stops as a CSV file: ``id,x,y`` in metres or ``id,lon,lat`` in degrees.

Optional columns ``label`` (what the sheet and the phone show) and ``priority``
(how much a stop matters when the day cannot hold them all; 1 when absent).
``x,y`` are UTM zone 48N metres (EPSG:32648) unless another coordinate system is
given; ``lon,lat`` are CGCS2000/WGS84 degrees. Files saved by Excel in China
are often GBK rather than UTF-8: both are read. A bad row is named by its row
number in the file (the header is row 1), and nothing is planned.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from layers.crs import CoordinateSystem
from layers.errors import QT_TRANSLATE_NOOP
from layers.routing.errors import StopsFileError
from layers.routing.stop import DEFAULT_PRIORITY, Stop

ENCODINGS = ("utf-8-sig", "gb18030")


def read_stops_file(path: str | Path, coordinates: CoordinateSystem | None = None) -> tuple[Stop, ...]:
    """The stops of a CSV file, in metres; :class:`~layers.routing.errors.StopsFileError` names a bad row."""
    path = Path(path)
    rows = list(csv.reader(io.StringIO(_text(path))))
    if not rows:
        raise StopsFileError(path=str(path), row=1, reason=QT_TRANSLATE_NOOP("reason", "the file is empty"))
    header = [name.strip().lower() for name in rows[0]]
    axes = ("x", "y") if {"x", "y"} <= set(header) else ("lon", "lat")
    if "id" not in header or not set(axes) <= set(header):
        raise StopsFileError(
            path=str(path),
            row=1,
            reason=QT_TRANSLATE_NOOP("reason", "the header must name the columns id,x,y (metres) or id,lon,lat"),
        )
    column = {name: header.index(name) for name in ("id", *axes, "label", "priority") if name in header}
    stops: list[Stop] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        stop = _stop(path, number, row, column, axes, coordinates)
        if stop.id in seen:
            raise StopsFileError(
                path=str(path),
                row=number,
                reason=QT_TRANSLATE_NOOP("reason", "the id '{id}' is used twice"),
                id=stop.id,
            )
        seen.add(stop.id)
        stops.append(stop)
    return tuple(stops)


def _text(path: Path) -> str:
    try:
        content = path.read_bytes()
    except OSError as error:
        raise StopsFileError(path=str(path), row=0, reason=error.strerror or str(error)) from error
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StopsFileError(
        path=str(path), row=0, reason=QT_TRANSLATE_NOOP("reason", "the file is not text (UTF-8 or GBK)")
    )


def _stop(
    path: Path,
    number: int,
    row: list[str],
    column: dict[str, int],
    axes: tuple[str, str],
    coordinates: CoordinateSystem | None,
) -> Stop:
    def cell(name: str) -> str:
        at = column.get(name)
        return row[at].strip() if at is not None and at < len(row) else ""

    def number_in(name: str) -> float:
        try:
            value = float(cell(name))
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise StopsFileError(
                path=str(path),
                row=number,
                reason=QT_TRANSLATE_NOOP("reason", "column '{column}' must be a number, not '{value}'"),
                column=name,
                value=cell(name),
            )
        return value

    stop_id = cell("id")
    if not stop_id:
        raise StopsFileError(path=str(path), row=number, reason=QT_TRANSLATE_NOOP("reason", "the id is empty"))
    first, second = number_in(axes[0]), number_in(axes[1])
    priority = number_in("priority") if cell("priority") else DEFAULT_PRIORITY
    if priority <= 0:
        raise StopsFileError(
            path=str(path), row=number, reason=QT_TRANSLATE_NOOP("reason", "the priority must be more than 0")
        )
    details = {"label": cell("label"), "priority": priority}
    if axes == ("lon", "lat"):
        if not (-180 <= first <= 180 and -90 <= second <= 90):
            raise StopsFileError(
                path=str(path),
                row=number,
                reason=QT_TRANSLATE_NOOP(
                    "reason", "lon {lon} and lat {lat} are not degrees; for metres name the columns x,y"
                ),
                lon=first,
                lat=second,
            )
        return Stop.at_lonlat(stop_id, first, second, **details)
    if coordinates is not None:
        first, second = (float(value) for value in coordinates.to_measure(first, second))
    return Stop(stop_id, first, second, **details)
