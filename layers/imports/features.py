"""Reading the GIS files a station is given: the county's grid Shapefile, a phone's GPX, a KML from Google Earth.

One file becomes the table of cells a register becomes
(:class:`~layers.imports.reading.SourceTable`, one row per feature, numbered
from 1 as QGIS's attribute table numbers them) plus each feature's geometry in
storage coordinates, so the same column placement, cell checks and report serve
spreadsheets and map files alike.

Formats are those GDAL reads through pyogrio: GeoPackage, Shapefile (also
zipped, as offices e-mail them), GeoJSON, KML/KMZ and GPX. A file may hold
several layers (KML folders, GPX waypoints and tracks, GeoPackage tables); the
layers whose geometry fits the target are read, and in a GeoPackage, where
fitting layers are usually different things, the one named like the target.

Text encoding: Chinese offices' Shapefiles store text in GBK, mostly without the
``.cpg`` file that would say so and with an empty language byte in the
``.dbf``, and GDAL then reads the bytes as Latin-1, turning 网格 into Íø¸ñ.
Without either, the ``.dbf``'s bytes are tried as UTF-8 and otherwise read as
GB18030, the superset of GBK, as :func:`layers.imports.reading.decode_text`
does for CSV.

Coordinates: a file's own coordinate system is used unless the user names one,
which wins, since a ``.prj`` claiming WGS84 over GCJ-02 coordinates copied off a
phone map is common; a file that names none (a Shapefile without ``.prj``) is
refused rather than guessed.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from layers.crs import CoordinateSystem
from layers.crs import to_storage as measure_to_storage
from layers.errors import QT_TRANSLATE_NOOP
from layers.feedback import Feedback
from layers.imports.errors import ImportFileError, NoCoordinateSystemError, NoFeaturesError
from layers.imports.reading import SourceTable
from layers.schema import layer_schema

MAP_SUFFIXES = (".gpkg", ".shp", ".zip", ".geojson", ".json", ".kml", ".kmz", ".gpx")
"""Map files read here; OpenStreetMap extracts (:mod:`layers.imports.osm`) are read apart, being a whole county."""

GEOMETRY_KINDS = {
    "grids": ("Polygon", "MultiPolygon"),
    "roads": ("LineString", "MultiLineString"),
    "landmarks": ("Point", "MultiPoint", "Polygon", "MultiPolygon"),  # a school drawn as its grounds
    "officers": (),  # a list of people: any layer's attributes, its geometry ignored
}
"""Per reference layer, the geometry types of source layers it takes."""

MIXED_TYPES = ("Unknown", "Geometry", "GeometryCollection")
"""What GDAL calls a layer that does not declare one geometry type."""
LAYER_NAMES = {
    "grids": ("grids", "grid", "网格", "网格边界", "责任区"),
    "roads": ("roads", "road", "道路", "路网"),
    "landmarks": ("landmarks", "地标", "poi", "兴趣点"),
    "officers": ("officers", "警员", "民警"),
}
"""Names by which a GeoPackage's table is recognised as the target's, when several tables fit."""


@dataclass(frozen=True)
class MapSource:
    """A map file's features as cells (attributes) and geometries in storage coordinates, in feature order."""

    table: SourceTable
    geometries: np.ndarray
    """Shapely geometries in EPSG:4490, ``None`` where a feature has none."""
    crs_name: str
    """The coordinate system the file was read in, for the report."""
    layers: tuple[str, ...]
    """The file's layers that were read."""


def layer_words(layer: str) -> str:
    """A layer named for a message read in either language: 网格 (grids)."""
    return f"{layer_schema(layer).title_zh} ({layer})"


def is_map_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() in MAP_SUFFIXES


def read_map_file(
    path: str | Path, layer: str, system: CoordinateSystem | None = None, feedback: Feedback | None = None
) -> MapSource:
    """Read the features of ``path`` that fit ``layer`` (see :data:`GEOMETRY_KINDS`).

    ``system`` overrides the file's own coordinate system; without either the
    file is refused with :class:`NoCoordinateSystemError`.
    """
    path = Path(path)
    feedback = feedback or Feedback()
    if not path.is_file():
        raise ImportFileError(path=str(path), reason=QT_TRANSLATE_NOOP("reason", "no such file"))
    try:
        listed = pyogrio.list_layers(path)
    except Exception as error:  # GDAL's errors are of many classes; each means the file cannot be read
        raise ImportFileError(path=str(path), reason=_gdal_reason(error)) from None
    chosen = _fitting_layers(path, layer, [(str(name), _flat_type(str(kind))) for name, kind in listed])
    if not chosen:
        wanted = "/".join(GEOMETRY_KINDS[layer])
        found = ", ".join(f"{name} ({kind})" for name, kind in listed) or "-"
        raise NoFeaturesError(
            path=str(path),
            reason=QT_TRANSLATE_NOOP("reason", "no layer of {wanted} features for {layer} (layers: {found})"),
            wanted=wanted,
            layer=layer_words(layer),
            found=found,
        )
    encoding, encoding_name = _dbf_encoding(path)
    # LIBKML turns field names that are not XML names (all Chinese ones) into underscores unless told not to
    pyogrio.set_gdal_config_options({"LIBKML_LAUNDER_FIELD_NAMES": "NO"})
    frames = []
    for index, name in enumerate(chosen):
        feedback.raise_if_canceled()
        try:
            frame = pyogrio.read_dataframe(path, layer=name, encoding=encoding)
        except Exception as error:  # as above: corrupt geometry blobs, truncated .shp, bad XML
            raise ImportFileError(path=str(path), reason=_gdal_reason(error)) from None
        frames.append(frame)
        feedback.set_progress(80.0 * (index + 1) / len(chosen))
    file_crs = next((frame.crs for frame in frames if frame.crs is not None), None)
    if system is None and file_crs is None:
        raise NoCoordinateSystemError(path=str(path))
    source = system or CoordinateSystem(file_crs.name, CRS(file_crs))
    geometries = np.concatenate([frame.geometry.to_numpy(dtype=object) for frame in frames])
    attributes = pd.concat([pd.DataFrame(frame.drop(columns=frame.geometry.name)) for frame in frames],
                           ignore_index=True)  # fmt: skip
    attributes = _without_empty_columns(attributes)
    geometries = np.where(_placeholder(geometries), None, geometries)
    if len(attributes) == 0 or shapely.is_missing(geometries).all() and GEOMETRY_KINDS[layer]:
        raise NoFeaturesError(
            path=str(path),
            reason=QT_TRANSLATE_NOOP("reason", "the file has no features for {layer} with coordinates"),
            layer=layer_words(layer),
        )
    headers = tuple(str(column) for column in attributes.columns)
    cells = attributes.set_axis(range(len(headers)), axis=1).astype(object)
    cells = cells.where(cells.notna() & cells.ne(""), None)
    table = SourceTable(path, headers, cells.reset_index(drop=True), np.arange(1, len(cells) + 1), 0, encoding_name,
                        ", ".join(chosen) if len(listed) > 1 else None)  # fmt: skip
    if layer == "roads":
        table, geometries = _lines_apart(table, geometries)
    feedback.set_progress(100.0)
    return MapSource(table, geometries_to_storage(geometries, source), source.name, tuple(chosen))


def _lines_apart(table: SourceTable, geometries: np.ndarray) -> tuple[SourceTable, np.ndarray]:
    """One row per line of a multi-line road (a road broken at a bridge), each keeping its feature's number."""
    multi = shapely.get_type_id(geometries) == shapely.GeometryType.MULTILINESTRING
    if not multi.any():
        return table, geometries
    repeats = np.where(multi, np.maximum(shapely.get_num_geometries(geometries), 1), 1)
    rows = np.repeat(np.arange(len(geometries)), repeats)
    parts = np.concatenate(
        [shapely.get_parts(geometry) if is_multi else [geometry] for geometry, is_multi in zip(geometries, multi)]
    )
    cells = table.cells.iloc[rows].reset_index(drop=True)
    apart = SourceTable(table.path, table.headers, cells, table.row_numbers[rows], table.header_row, table.encoding,
                        table.sheet)  # fmt: skip
    return apart, np.asarray(parts, dtype=object)


def geometries_to_storage(geometries: np.ndarray, source: CoordinateSystem) -> np.ndarray:
    """Geometries in ``source`` (a phone-map shift undone first) to storage lon/lat, every vertex in one call.

    Through UTM 48N metres, the path every coordinate a user types takes
    (:meth:`~layers.crs.CoordinateSystem.to_measure`), so a file and a typed
    point in the same system land on the same spot.
    """

    def move(xy: np.ndarray) -> np.ndarray:
        x, y = source.to_measure(xy[:, 0], xy[:, 1])
        return np.column_stack(measure_to_storage(x, y))

    # heights (a KML's altitude 0, a GPS track's elevations) are not kept: the project's layers are flat
    return shapely.transform(shapely.force_2d(np.asarray(geometries, dtype=object)), move)


def _placeholder(geometries: np.ndarray) -> np.ndarray:
    """Empty geometries, and the point 0, 0 GDAL's KML reader puts where ``<coordinates/>`` is empty."""
    empty = shapely.is_missing(geometries) | shapely.is_empty(geometries)
    bounds = np.zeros((len(geometries), 4))
    bounds[~empty] = shapely.bounds(geometries[~empty])
    return empty | (bounds == 0).all(axis=1)


def _flat_type(kind: str) -> str:
    """A layer's geometry type without its heights or measures: ``Polygon Z`` and ``3D Polygon`` are polygons."""
    return kind.removeprefix("3D ").removeprefix("Measured ").split(" ")[0]


def _fitting_layers(path: Path, layer: str, listed: list[tuple[str, str]]) -> list[str]:
    kinds = GEOMETRY_KINDS[layer]
    fitting = [name for name, kind in listed if not kinds or kind in kinds]
    if not fitting:  # KML folders and hand-made GeoPackages declare no type: their features are checked one by one
        fitting = [name for name, kind in listed if kind in MIXED_TYPES]
    if layer == "landmarks":  # grounds stand in for a point only where a file has no points: a KML's outlines
        points = [name for name, kind in listed if kind in ("Point", "MultiPoint")]
        fitting = points or fitting
    if path.suffix.lower() == ".gpx":
        fitting = [name for name in fitting if name not in ("route_points", "track_points")]  # vertices, not places
    if path.suffix.lower() == ".gpkg" and len(fitting) > 1:
        named = [name for name in fitting if name.lower() in LAYER_NAMES[layer]]
        fitting = named or fitting[:1]
    return fitting


def _dbf_encoding(path: Path) -> tuple[str | None, str | None]:
    """The encoding to read a Shapefile's text in (``None``: GDAL's own choice) and its name for the report."""
    dbf = _dbf_bytes(path)
    if dbf is None:
        return None, None
    declared, data = dbf
    if declared:
        return None, None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "GB18030", "GBK"
    return "UTF-8", "UTF-8"


def _dbf_bytes(path: Path) -> tuple[bool, bytes] | None:
    """Whether a Shapefile declares its encoding (.cpg or the .dbf's language byte), and its .dbf's records."""
    suffix = path.suffix.lower()
    if suffix == ".shp":
        siblings = {sibling.suffix.lower(): sibling for sibling in path.parent.glob(path.stem + ".*")}
        if ".dbf" not in siblings:
            return None
        return _declared(".cpg" in siblings, siblings[".dbf"].read_bytes())
    if suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = {name.lower(): name for name in archive.namelist()}
            dbfs = [name for lower, name in members.items() if lower.endswith(".dbf")]
            if len(dbfs) != 1:
                return None
            has_cpg = dbfs[0][:-4].lower() + ".cpg" in members
            return _declared(has_cpg, archive.read(dbfs[0]))
    return None


def _declared(has_cpg: bool, dbf: bytes) -> tuple[bool, bytes]:
    language_byte = dbf[29] if len(dbf) > 29 else 0
    header_length = int.from_bytes(dbf[8:10], "little") if len(dbf) > 10 else len(dbf)
    return has_cpg or language_byte != 0, dbf[header_length:]


def _without_empty_columns(attributes: pd.DataFrame) -> pd.DataFrame:
    """Drop columns empty in every feature: GDAL's GPX and KML readers add a dozen (ele, hdop, link1_href...)."""
    empty = [column for column in attributes.columns if attributes[column].isna().all()]
    return attributes.drop(columns=empty)


_GDAL_PREFIX = re.compile(r"^(?:.*?Error:\s*)?")


def _gdal_reason(error: Exception) -> str:
    """GDAL's message without the path it repeats, which our message already names."""
    text = str(error).strip() or type(error).__name__
    return _GDAL_PREFIX.sub("", text.splitlines()[0])[:200]
