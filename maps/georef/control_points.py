"""Control points: pairs of a sketch pixel and its true position, read and written
in the formats other georeferencers use.

Pixels are x right, y down from the image's top-left corner; positions are metres
in UTM 48N (``layers.crs.MEASURE_EPSG``), whatever the file used.

- QGIS ``.points``: the 3.26+ form opens with a ``#CRS:`` line; in both forms the
  pixel row is stored negated (``sourceY``/``pixelY``), as QGIS measures pixels
  upwards from the top-left. Without a CRS line, map coordinates that look like
  lon/lat are read as CGCS2000, others as UTM 48N metres.
- GDAL-style text: ``px py X Y`` per line, as given to ``gdal_translate -gcp``.
- IIIF Georeference Annotation (Allmaps): a GeoJSON point per control point, lon/lat
  in WGS84, the pixel in ``properties.resourceCoords``.

Every reader raises :class:`layers.errors.ControlPointFileError` naming the file
and line of the first thing it cannot read.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from pyproj import CRS

from layers.crs import MEASURE_EPSG, STORAGE_EPSG, CoordinateSystem, coordinate_system, to_measure
from layers.crs import crs as epsg_crs
from layers.errors import QT_TRANSLATE_NOOP, ControlPointFileError, UnknownCoordinateSystemError
from layers.store.base import ProjectStore

WGS84_EPSG = 4326
IIIF_CONTEXT = [
    "http://iiif.io/api/extension/georef/1/context.json",
    "http://iiif.io/api/presentation/3/context.json",
]
QGIS_HEADER = ("mapX", "mapY", "sourceX", "sourceY", "enable", "dX", "dY", "residual")


@dataclass(frozen=True)
class ControlPoint:
    """A sketch pixel (x right, y down) and its position in metres (EPSG:32648)."""

    id: str
    pixel_x: float
    pixel_y: float
    x: float
    y: float
    enabled: bool = True


def _fail(path: str | Path, line: int, reason: str) -> ControlPointFileError:
    return ControlPointFileError(path=str(path), line=line, reason=reason)


def _parse_crs(given: str | int | CRS, path: str | Path, line: int) -> CoordinateSystem:
    try:
        return coordinate_system(given)
    except UnknownCoordinateSystemError:
        raise _fail(
            path,
            line,
            QT_TRANSLATE_NOOP("reason", "unknown coordinate system (use wgs84, cgcs2000, gcj02, bd09 or EPSG:<code>)"),
        ) from None


def _number(text: str, path: str | Path, line: int) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise _fail(path, line, QT_TRANSLATE_NOOP("reason", "a coordinate is not a number"))
    return value


def _points_in_metres(rows: Sequence[tuple], source: CoordinateSystem) -> tuple[ControlPoint, ...]:
    """``rows`` of ``(id, pixel_x, pixel_y, map_x, map_y, enabled)`` with map coordinates in ``source``."""
    if not rows:
        return ()
    ids, pixel_x, pixel_y, map_x, map_y, enabled = zip(*rows)
    x, y = source.to_measure(np.asarray(map_x), np.asarray(map_y))
    return tuple(
        ControlPoint(str(i), float(px), float(py), float(xx), float(yy), bool(on))
        for i, px, py, xx, yy, on in zip(ids, pixel_x, pixel_y, x, y, enabled)
    )


def _lines(path: str | Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise _fail(path, 1, QT_TRANSLATE_NOOP("reason", "not a text file")) from None


# -- QGIS .points ---------------------------------------------------------------

_QGIS_COLUMNS = {
    "mapx": "map_x",
    "mapy": "map_y",
    "sourcex": "pixel_x",
    "pixelx": "pixel_x",
    "sourcey": "pixel_y",
    "pixely": "pixel_y",
    "enable": "enabled",
}


def read_qgis_points(path: str | Path, crs: str | int | CRS | None = None) -> tuple[ControlPoint, ...]:
    """Control points from a QGIS georeferencer ``.points`` file (either form).

    ``crs`` is the system of mapX, mapY when the file has no ``#CRS:`` line; without
    either, lon/lat-looking values are read as CGCS2000 and others as UTM 48N metres.
    """
    source: CoordinateSystem | None = None
    columns: dict[str, int] | None = None
    rows = []
    for number, text in enumerate(_lines(path), start=1):
        text = text.strip()
        if text.upper().startswith("#CRS:"):
            if text[5:].strip():
                source = _parse_crs(text[5:], path, number)
            continue
        if not text or text.startswith("#"):
            continue
        fields = [field.strip() for field in text.split(",")]
        if columns is None and any(field.lower() == "mapx" for field in fields):
            columns = {_QGIS_COLUMNS[f.lower()]: i for i, f in enumerate(fields) if f.lower() in _QGIS_COLUMNS}
            if not {"map_x", "map_y", "pixel_x", "pixel_y"} <= set(columns):
                raise _fail(
                    path, number, QT_TRANSLATE_NOOP("reason", "the header lacks mapX, mapY, sourceX or sourceY")
                )
            continue
        columns = columns or {"map_x": 0, "map_y": 1, "pixel_x": 2, "pixel_y": 3, "enabled": 4}
        needed = max(index for name, index in columns.items() if name != "enabled") + 1
        if len(fields) < needed:
            raise _fail(path, number, QT_TRANSLATE_NOOP("reason", "expected mapX,mapY,sourceX,sourceY,enable"))
        enabled = True
        if "enabled" in columns and columns["enabled"] < len(fields) and fields[columns["enabled"]]:
            flag = fields[columns["enabled"]].lower()
            if flag not in ("0", "1", "true", "false"):
                raise _fail(path, number, QT_TRANSLATE_NOOP("reason", "enable must be 1 or 0"))
            enabled = flag in ("1", "true")
        rows.append(
            (
                str(len(rows) + 1),
                _number(fields[columns["pixel_x"]], path, number),
                -_number(fields[columns["pixel_y"]], path, number),  # QGIS stores the row negated
                _number(fields[columns["map_x"]], path, number),
                _number(fields[columns["map_y"]], path, number),
                enabled,
            )
        )
    if source is None and crs is not None:
        source = _parse_crs(crs, path, 1)
    if source is None:
        looks_like_degrees = all(abs(row[3]) <= 180 and abs(row[4]) <= 90 for row in rows)
        source = coordinate_system(STORAGE_EPSG if looks_like_degrees else MEASURE_EPSG)
    return _points_in_metres(rows, source)


def write_qgis_points(
    path: str | Path,
    points: Iterable[ControlPoint],
    residuals: Mapping[str, tuple[float, float]] | None = None,
) -> None:
    """Write a QGIS 3.26+ ``.points`` file in EPSG:32648.

    ``residuals`` maps a point's id to its ``(dx, dy)``, written to the dX, dY and
    residual columns; points without one leave them empty rather than claim zero.
    """
    residuals = residuals or {}
    lines = [f"#CRS: {epsg_crs(MEASURE_EPSG).to_wkt()}", ",".join(QGIS_HEADER)]
    for point in points:
        enable = "1" if point.enabled else "0"
        fields = [repr(float(v)) for v in (point.x, point.y, point.pixel_x, -point.pixel_y)] + [enable]
        if point.id in residuals:
            dx, dy = residuals[point.id]
            fields += [repr(float(dx)), repr(float(dy)), repr(math.hypot(dx, dy))]
        else:
            fields += ["", "", ""]
        lines.append(",".join(fields))
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- GDAL-style text ------------------------------------------------------------


def read_gdal_gcps(path: str | Path, crs: str | int | CRS = MEASURE_EPSG) -> tuple[ControlPoint, ...]:
    """Control points from ``px py X Y`` lines (whitespace or commas, ``#`` comments).

    ``crs`` is the system of X Y: metres in UTM 48N unless told otherwise, e.g.
    ``"cgcs2000"`` for lon/lat or ``"gcj02"`` for positions read off a phone map.
    """
    source = _parse_crs(crs, path, 1)
    rows = []
    for number, text in enumerate(_lines(path), start=1):
        text = text.split("#", 1)[0].strip()
        if not text:
            continue
        fields = [field for field in re.split(r"[\s,]+", text) if field]
        if len(fields) != 4:
            raise _fail(path, number, QT_TRANSLATE_NOOP("reason", "expected four numbers: pixel x, pixel y, X, Y"))
        px, py, x, y = (_number(field, path, number) for field in fields)
        rows.append((str(len(rows) + 1), px, py, x, y, True))
    return _points_in_metres(rows, source)


def write_gdal_gcps(path: str | Path, points: Iterable[ControlPoint]) -> None:
    """Write the enabled points as ``px py X Y`` lines in EPSG:32648 (the format has no place for disabled ones)."""
    lines = [f"# pixel_x pixel_y x y: pixels from the top-left, y down; metres in EPSG:{MEASURE_EPSG}"]
    lines += [" ".join(repr(float(v)) for v in (p.pixel_x, p.pixel_y, p.x, p.y)) for p in points if p.enabled]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- IIIF Georeference Annotation (Allmaps) -------------------------------------


def _feature_lines(text: str) -> list[int]:
    """The line each GeoJSON feature starts on, so a bad feature can be named by its line."""
    return [text.count("\n", 0, match.start()) + 1 for match in re.finditer(r'"type"\s*:\s*"Feature"', text)]


def read_iiif_annotation(path: str | Path) -> tuple[ControlPoint, ...]:
    """Control points from an IIIF Georeference Annotation (or an AnnotationPage holding one)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
        annotation = json.loads(text)
    except UnicodeDecodeError:
        raise _fail(path, 1, QT_TRANSLATE_NOOP("reason", "not a text file")) from None
    except json.JSONDecodeError as error:
        raise _fail(path, error.lineno, QT_TRANSLATE_NOOP("reason", "not valid JSON")) from None
    if isinstance(annotation, dict) and annotation.get("type") == "AnnotationPage":
        items = annotation.get("items") or []
        if len(items) != 1:
            raise _fail(path, 1, QT_TRANSLATE_NOOP("reason", "the annotation page must hold exactly one annotation"))
        annotation = items[0]
    body = annotation.get("body") if isinstance(annotation, dict) else None
    if not isinstance(body, dict) or not isinstance(body.get("features"), list):
        raise _fail(path, 1, QT_TRANSLATE_NOOP("reason", "not a georeference annotation (no GeoJSON features)"))
    starts = _feature_lines(text)
    rows = []
    for index, feature in enumerate(body["features"]):
        line = starts[index] if index < len(starts) else 1
        try:
            pixel_x, pixel_y = feature["properties"]["resourceCoords"]
            lon, lat = feature["geometry"]["coordinates"][:2]
        except (KeyError, TypeError, ValueError):
            raise _fail(
                path, line, QT_TRANSLATE_NOOP("reason", "a point needs properties.resourceCoords and coordinates")
            ) from None
        values = [_number(str(value), path, line) for value in (pixel_x, pixel_y, lon, lat)]
        point_id = feature.get("id", feature["properties"].get("id", index + 1))
        rows.append((str(point_id), *values, bool(feature["properties"].get("enabled", True))))
    return _points_in_metres(rows, coordinate_system(WGS84_EPSG))


def write_iiif_annotation(
    path: str | Path,
    points: Iterable[ControlPoint],
    *,
    image_id: str,
    width: int,
    height: int,
    image_type: str = "ImageService3",
) -> None:
    """Write an IIIF Georeference Annotation for the image ``image_id`` of ``width`` x ``height`` pixels.

    Disabled points are kept with ``"enabled": false`` in their properties, which
    Allmaps ignores.
    """
    points = list(points)
    lon, lat = coordinate_system(WGS84_EPSG).from_measure(
        np.array([p.x for p in points], dtype=float), np.array([p.y for p in points], dtype=float)
    )
    features = []
    for point, point_lon, point_lat in zip(points, np.atleast_1d(lon), np.atleast_1d(lat)):
        properties: dict = {"resourceCoords": [point.pixel_x, point.pixel_y]}
        if not point.enabled:
            properties["enabled"] = False
        features.append(
            {
                "type": "Feature",
                "id": point.id,
                "properties": properties,
                "geometry": {"type": "Point", "coordinates": [float(point_lon), float(point_lat)]},
            }
        )
    annotation = {
        "@context": IIIF_CONTEXT,
        "type": "Annotation",
        "motivation": "georeferencing",
        "target": {
            "type": "SpecificResource",
            "source": {"id": image_id, "type": image_type, "width": width, "height": height},
            "selector": {
                "type": "SvgSelector",
                "value": f'<svg width="{width}" height="{height}"><polygon points="0,0 {width},0 '
                f'{width},{height} 0,{height}" /></svg>',
            },
        },
        "body": {"type": "FeatureCollection", "features": features},
    }
    Path(path).write_text(json.dumps(annotation, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# -- any file, and the project ----------------------------------------------------


def read_control_points(path: str | Path, crs: str | int | CRS | None = None) -> tuple[ControlPoint, ...]:
    """Control points from a file, its format told by its extension: ``.points`` QGIS,
    ``.json`` IIIF/Allmaps (WGS84 by definition), anything else GDAL-style text.

    ``crs`` is the system of the map coordinates in files that do not say
    (GDAL text, QGIS files without a ``#CRS:`` line); GDAL text defaults to UTM 48N.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".points":
        return read_qgis_points(path, crs)
    if suffix == ".json":
        return read_iiif_annotation(path)
    return read_gdal_gcps(path, crs or MEASURE_EPSG)


def control_points_from_store(store: ProjectStore, sketch_id: str) -> tuple[ControlPoint, ...]:
    """The control points of one sketch as stored in the project; ids are the record ids."""
    frame = store.read("sketch_control_points", columns=["id", "sketch_id", "sketch_x", "sketch_y", "enabled", "label"])
    own = frame[(frame["sketch_id"] == sketch_id).to_numpy()]
    geometry = own.geometry.to_numpy()
    x, y = to_measure(shapely.get_x(geometry), shapely.get_y(geometry))
    return tuple(
        ControlPoint(str(record_id), float(px), float(py), float(xx), float(yy), bool(on))
        for record_id, px, py, xx, yy, on in zip(
            own["id"], own["sketch_x"], own["sketch_y"], np.atleast_1d(x), np.atleast_1d(y), own["enabled"]
        )
    )
