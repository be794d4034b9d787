"""Road networks from where roads are kept: the project's ``roads`` layer or a road file.

A road file may be a GeoPackage, GeoJSON, Shapefile or OpenStreetMap extract
(``.osm.pbf`` or ``.osm``, whose ways tagged ``highway`` are the roads, and for
a vehicle only those a vehicle may use: no footways, paths or steps); it is
read with pyogrio (GDAL) and reprojected to metres (UTM 48N). A file that does
not say its coordinate system is refused rather than guessed: a Shapefile
without its ``.prj`` could be in degrees or in any of China's projections.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from layers.crs import MEASURE_EPSG
from layers.errors import QT_TRANSLATE_NOOP
from layers.feedback import Feedback
from layers.routing.errors import RoadFileError
from layers.routing.network import RoadNetwork
from layers.store import ProjectStore

OSM_SUFFIXES = (".osm.pbf", ".osm")
OSM_LINES = "lines"
"""The layer of GDAL's OSM driver that holds ways; roads are those with a ``highway`` tag."""
FOOT_ONLY_HIGHWAYS = frozenset({"footway", "path", "steps", "pedestrian", "cycleway", "bridleway", "corridor"})
"""OSM ``highway`` values a car or motorcycle cannot use: roads only for an officer on foot."""


def read_road_file(path: str | Path, feedback: Feedback | None = None, on_foot: bool = False) -> RoadNetwork:
    """The road network of a GeoPackage, GeoJSON, Shapefile or OSM file, in metres; ``on_foot`` keeps OSM's
    footways and paths, which a vehicle cannot take."""
    feedback = feedback or Feedback()
    path = Path(path)
    if not path.exists():
        raise RoadFileError(path=str(path), reason=QT_TRANSLATE_NOOP("reason", "the file does not exist"))
    import pyogrio  # GDAL loads when a road file is read, not with every window
    from pyogrio.errors import DataLayerError, DataSourceError

    is_osm = path.name.lower().endswith(OSM_SUFFIXES)
    try:
        roads = pyogrio.read_dataframe(path, layer=OSM_LINES if is_osm else None)
    except (DataSourceError, DataLayerError, OSError) as error:
        raise RoadFileError(path=str(path), reason=str(error)) from error
    feedback.set_progress(40)
    if is_osm and "highway" in roads.columns:
        roads = roads[roads["highway"].notna() & (on_foot | ~roads["highway"].isin(FOOT_ONLY_HIGHWAYS))]
    return _network(roads, str(path), feedback.step(40, 100))


def project_roads(store: ProjectStore, feedback: Feedback | None = None) -> RoadNetwork | None:
    """The network of the project's ``roads`` layer; ``None`` when it has no roads (plan in straight lines)."""
    roads = store.read("roads", columns=["id"])
    if roads.geometry.isna().all():
        return None
    return _network(roads, store.location, feedback or Feedback())


def _network(roads: gpd.GeoDataFrame, source: str, feedback: Feedback) -> RoadNetwork:
    if roads.crs is None:
        raise RoadFileError(
            path=source,
            reason=QT_TRANSLATE_NOOP(
                "reason", "it does not say its coordinate system; save it with one, e.g. EPSG:4490, and try again"
            ),
        )
    lines = roads[roads.geometry.notna() & roads.geom_type.isin(["LineString", "MultiLineString"])]
    if lines.empty:
        raise RoadFileError(path=source, reason=QT_TRANSLATE_NOOP("reason", "it holds no lines"))
    return RoadNetwork.from_lines(lines.to_crs(epsg=MEASURE_EPSG).geometry.to_numpy(), feedback=feedback)
