"""Roads and landmarks from an OpenStreetMap extract (``.osm.pbf``), clipped to the station's area.

Stations get a whole county's or province's extract (Geofabrik's ``ningxia``,
or one cut by the county's IT office) and want their own township's roads and
landmarks from it. GDAL's OSM driver (through pyogrio) reads the extract,
filtered first by the station's bounding box so that a province's file is not
turned into geometries outside it; then lines are cut to the area itself and
landmarks kept inside it.

Tags become the layers' own words, so the import's ordinary column placement
takes them: ``highway`` picks the road kind (trunk to tertiary roads are main
roads, residential and service ways lanes, tracks and paths dirt roads; ways
under construction, steps and the like are left out); ``amenity``, ``shop``,
``office`` and ``religion`` pick the landmark kind. The OSM id is kept in the
notes so a landmark can be traced back to the map it came from.

The station's area is what the project already knows of its place: the extent
of its grids, households, roads, landmarks and imagery, widened by
:data:`AREA_MARGIN_DEGREES` so roads leading out of the village are kept.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

from layers.crs import STORAGE_EPSG
from layers.errors import QT_TRANSLATE_NOOP
from layers.feedback import Feedback
from layers.imports.errors import ImportFileError, NoStationAreaError, OutsideStationError
from layers.imports.features import MapSource, layer_words
from layers.imports.reading import SourceTable
from layers.store import ProjectStore
from layers.vocabulary import LandmarkKind, RoadKind

OSM_SUFFIXES = (".pbf", ".osm")
AREA_MARGIN_DEGREES = 0.01
"""About a kilometre at Ningxia's latitude: the roads that lead out of the outermost grid to the next village."""
AREA_LAYERS = ("grids", "households", "roads", "landmarks")

ROAD_KINDS = {
    **dict.fromkeys(("motorway", "trunk", "primary", "secondary", "tertiary", "motorway_link", "trunk_link",
                     "primary_link", "secondary_link", "tertiary_link"), RoadKind.MAIN),
    **dict.fromkeys(("residential", "unclassified", "service", "living_street", "road", "pedestrian"), RoadKind.LANE),
    **dict.fromkeys(("track", "path", "footway", "bridleway", "cycleway"), RoadKind.TRACK),
}  # fmt: skip
"""``highway`` values a patrol can use, by road kind; the rest (construction, proposed, steps...) are left out."""

AMENITY_KINDS = {
    "police": LandmarkKind.POLICE_OFFICE,
    "townhall": LandmarkKind.VILLAGE_COMMITTEE,
    "community_centre": LandmarkKind.VILLAGE_COMMITTEE,
    "school": LandmarkKind.SCHOOL,
    "kindergarten": LandmarkKind.SCHOOL,
    "college": LandmarkKind.SCHOOL,
    "clinic": LandmarkKind.CLINIC,
    "doctors": LandmarkKind.CLINIC,
    "hospital": LandmarkKind.CLINIC,
    "pharmacy": LandmarkKind.SHOP,
    "marketplace": LandmarkKind.SHOP,
}
_OTHER_TAG = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')


def is_osm_extract(path: str | Path) -> bool:
    name = Path(path).name.lower()
    return name.endswith(OSM_SUFFIXES)


def station_area(store: ProjectStore) -> shapely.Polygon | None:
    """The box around everything the project has placed, widened by :data:`AREA_MARGIN_DEGREES`; ``None`` if empty."""
    boxes = [box for box in (store.extent(layer) for layer in AREA_LAYERS) if box is not None]
    boxes += _imagery_boxes(store)
    if not boxes:
        return None
    corners = np.array(boxes, dtype=float)
    west, south = corners[:, 0].min(), corners[:, 1].min()
    east, north = corners[:, 2].max(), corners[:, 3].max()
    return shapely.box(west, south, east, north).buffer(AREA_MARGIN_DEGREES, join_style="mitre")


def _imagery_boxes(store: ProjectStore) -> list[tuple[float, float, float, float]]:
    """The lon/lat boxes of the project's imagery: a station that has only its satellite image is placed by it."""
    from pyproj import Transformer

    from layers.imagery import list_imagery
    from layers.store.gpkg import GeoPackageStore

    if not isinstance(store, GeoPackageStore):  # imagery lives in GeoPackage projects only
        return []
    boxes = []
    for imagery in list_imagery(store.path):
        to_lonlat = Transformer.from_crs(imagery.crs, STORAGE_EPSG, always_xy=True)
        boxes.append(to_lonlat.transform_bounds(*imagery.bounds))
    return boxes


def read_osm_extract(path: str | Path, layer: str, store: ProjectStore, feedback: Feedback | None = None) -> MapSource:
    """The roads or landmarks of an extract within the station's area, as cells ``name``, ``kind``, ``notes``."""
    path = Path(path)
    feedback = feedback or Feedback()
    if not path.is_file():
        raise ImportFileError(path=str(path), reason=QT_TRANSLATE_NOOP("reason", "no such file"))
    area = station_area(store)
    if area is None:
        raise NoStationAreaError(path=str(path))
    if layer == "roads":
        names, kinds, osm_ids, geometries = _roads(path, area)
    elif layer == "landmarks":
        names, kinds, osm_ids, geometries = _landmarks(path, area, feedback)
    else:
        raise ImportFileError(
            path=str(path),
            reason=QT_TRANSLATE_NOOP("reason", "an OpenStreetMap extract gives roads and landmarks only"),
        )
    feedback.set_progress(90.0)
    if len(geometries) == 0:
        west, south, east, north = (round(value, 4) for value in area.bounds)
        raise OutsideStationError(path=str(path), layer=layer_words(layer), area=f"{west}, {south}, {east}, {north}")
    columns = {"name": names, "kind": [kind.value for kind in kinds]}
    if layer == "landmarks":  # roads have no notes
        columns["notes"] = [f"OSM {osm_id}" for osm_id in osm_ids]
    cells = pd.DataFrame(dict(enumerate(columns.values())), dtype=object)
    cells = cells.where(cells.notna(), None)
    table = SourceTable(path, tuple(columns), cells, np.arange(1, len(cells) + 1), 0)
    return MapSource(table, np.asarray(geometries, dtype=object), "WGS 84 (OpenStreetMap)", (layer,))


def _read(path: Path, layer: str, area: BaseGeometry, where: str | None = None) -> pd.DataFrame:
    try:
        return pyogrio.read_dataframe(path, layer=layer, bbox=area.bounds, where=where)
    except Exception as error:  # GDAL raises several classes for a damaged extract; each means it cannot be read
        raise ImportFileError(path=str(path), reason=str(error).splitlines()[0][:200] or type(error).__name__) from None


def _roads(path: Path, area: BaseGeometry):
    lines = _read(path, "lines", area, where="highway IS NOT NULL")
    kinds = lines["highway"].map(ROAD_KINDS)
    lines = lines[kinds.notna()]
    kinds = kinds[kinds.notna()]
    clipped = shapely.intersection(lines.geometry.to_numpy(dtype=object), area)
    parts, index = shapely.get_parts(clipped, return_index=True)
    keep = shapely.get_type_id(parts) == shapely.GeometryType.LINESTRING
    parts, index = parts[keep], index[keep]
    return (
        lines["name"].to_numpy(dtype=object)[index].tolist(),
        kinds.to_numpy(dtype=object)[index].tolist(),
        lines["osm_id"].to_numpy(dtype=object)[index].tolist(),
        parts,
    )


def _landmarks(path: Path, area: BaseGeometry, feedback: Feedback):
    names, kinds, osm_ids, geometries = [], [], [], []
    for layer in ("points", "multipolygons"):
        feedback.raise_if_canceled()
        features = _read(path, layer, area)
        id_column = "osm_id" if layer == "points" else "osm_way_id"
        for row, geometry in zip(features.drop(columns="geometry").to_dict("records"), features.geometry):
            kind = landmark_kind(_tags(row))
            if kind is None or geometry is None:
                continue
            point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
            if not area.contains(point):
                continue
            names.append(row.get("name"))
            kinds.append(kind)
            osm_ids.append(row.get(id_column) or row.get("osm_id"))
            geometries.append(point)
        feedback.set_progress(40.0 if layer == "points" else 80.0)
    return names, kinds, osm_ids, geometries


def _tags(row: dict) -> dict[str, str]:
    """A feature's tags: GDAL's own columns and the ``other_tags`` it folds the rest into."""
    tags = {key: value for key, value in row.items() if isinstance(value, str) and key != "other_tags"}
    other = row.get("other_tags")
    for key, value in _OTHER_TAG.findall(other if isinstance(other, str) else ""):
        tags.setdefault(key, value)
    return tags


def landmark_kind(tags: dict[str, str]) -> LandmarkKind | None:
    """The landmark an officer would name for these tags, or ``None`` for a feature that is none.

    >>> landmark_kind({"amenity": "place_of_worship", "religion": "muslim"})
    <LandmarkKind.MOSQUE: 'mosque'>
    >>> landmark_kind({"shop": "convenience"}), landmark_kind({"building": "yes"})
    (<LandmarkKind.SHOP: 'shop'>, None)
    """
    amenity = tags.get("amenity")
    if amenity == "place_of_worship":
        return LandmarkKind.MOSQUE if tags.get("religion") == "muslim" else LandmarkKind.OTHER
    if amenity in AMENITY_KINDS:
        return AMENITY_KINDS[amenity]
    if tags.get("shop"):
        return LandmarkKind.SHOP
    if tags.get("office") == "government":
        return LandmarkKind.VILLAGE_COMMITTEE
    if tags.get("man_made") == "bridge":
        return LandmarkKind.BRIDGE
    return None
