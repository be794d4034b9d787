"""Files as a rural police station has them, around one small invented village, made without the demo.

A station that starts from an empty folder brings its own files: the county's
grid Shapefile (GBK, no .cpg), an OpenStreetMap extract, a township's aerial
image, a phone's GPX, positions read off a phone map (GCJ-02), the household
register in Excel and photographs of hand-drawn sketches. Every function here
writes one such file into a folder and returns its path, with the ground truth
a test needs where it is useful.

Everything is made from one description of one place, :data:`VILLAGE` 清水河村
of 韦州镇 (invented), near lon 105.915, lat 36.93 in Tongxin County: about
1.5 km x 1.2 km, three grids, a main road with lanes, twelve households and the
village's landmarks, all in CGCS2000 lon/lat (which equals WGS84 at this
scale). So a test can chain the files: grids from the Shapefile, roads and
landmarks from the OSM extract, imagery from the GeoTIFF, households from the
register, and a sketch whose drawn crossroads and landmarks are at known places.

Nothing here reads the clock: dates written into files are fixed, random
numbers come from fixed seeds, and the same call writes the same bytes.
"""

from __future__ import annotations

import csv
import json
import math
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import geopandas as gpd
import gpxpy.gpx
import numpy as np
import osmium
import pillow_heif
import pyogrio
import rasterio
import shapely
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from pyproj import Transformer
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPainterPath, QPen, QPolygonF, QTransform
from rasterio.errors import NotGeoreferencedWarning

from layers.china_offsets import wgs84_to_gcj02
from maps.qt_runtime import ensure_gui_application
from resources import resource_path
from tests.phone_photos import ROTATE_90_CLOCKWISE, jpeg_bytes, with_exif_orientation

Lonlat = tuple[float, float]

# ---------------------------------------------------------------------------------------------
# The place, in CGCS2000 / WGS84 lon/lat
# ---------------------------------------------------------------------------------------------

TOWNSHIP = "韦州镇"
VILLAGE = "清水河村"
CENTRE: Lonlat = (105.915, 36.93)
VILLAGE_BOUNDS = (105.9070, 36.9250, 105.9240, 36.9358)
"""West, south, east, north: about 1.51 km x 1.20 km."""

GRID_SHAPEFILE_EPSG = 4544
"""CGCS2000 / 3-degree Gauss-Kruger CM 105E, what a county's surveying office delivers."""


@dataclass(frozen=True)
class Road:
    name: str
    highway: str  # the OSM highway= value
    points: tuple[Lonlat, ...]


@dataclass(frozen=True)
class Landmark:
    key: str
    name: str
    tags: tuple[tuple[str, str], ...]  # the OSM tags besides name=
    position: Lonlat
    sketch_label: str  # what an officer writes next to it on a sketch


@dataclass(frozen=True)
class Household:
    number: int  # 序号
    house_no: str
    head_name: str
    members: int
    phone: str
    grid_code: str
    position: Lonlat  # where the house really is
    key_person: str = ""  # 重点关注, as the register words it
    note: str = ""
    located_in_register: bool = True  # False: the register leaves 经度/纬度 blank


@dataclass(frozen=True)
class Grid:
    code: str
    name: str
    officer: str
    auxiliary: str
    phone: str
    ring: tuple[Lonlat, ...]  # outer boundary, counter-clockwise, not closed


# The main road's vertices: the lanes leave it at MAIN[1], MAIN[2] and MAIN[3].
MAIN = ((105.9050, 36.9284), (105.9110, 36.9290), (105.9155, 36.9295), (105.9200, 36.9301), (105.9260, 36.9310))
LANE_BEND = (105.9160, 36.9345)  # 清真寺巷 turns east
SOUTH_CORNER = (105.9195, 36.9262)  # 南巷 turns west; 田间路 leaves east
SCHOOL_LANE_END = (105.9108, 36.9340)
CANAL_PATH_JOIN = (105.9109, 36.9315)

ROADS = (
    Road("同韦公路", "primary", MAIN),
    Road("学校巷", "residential", (MAIN[1], CANAL_PATH_JOIN, SCHOOL_LANE_END)),
    Road("清真寺巷", "residential", (MAIN[2], LANE_BEND, (105.9215, 36.9347))),
    Road("南巷", "residential", (MAIN[3], SOUTH_CORNER, (105.9120, 36.9258))),
    Road("田间路", "track", (SOUTH_CORNER, (105.9235, 36.9255), (105.9262, 36.9249))),
    Road("渠边小路", "path", ((105.9075, 36.9330), CANAL_PATH_JOIN)),
)

LANDMARKS = (
    Landmark("school", "清水河小学", (("amenity", "school"),), (105.9122, 36.9325), "学校"),
    Landmark(
        "mosque",
        "清水河清真寺",
        (("amenity", "place_of_worship"), ("religion", "muslim")),
        (105.9168, 36.9322),
        "清真寺",
    ),
    Landmark("clinic", "清水河村卫生室", (("amenity", "clinic"),), (105.9140, 36.9302), "卫生室"),
    Landmark("doctors", "马氏诊所", (("amenity", "doctors"),), (105.9185, 36.9287), "诊所"),
    Landmark("shop", "清水河便利店", (("shop", "convenience"),), (105.9207, 36.9308), "商店"),
    Landmark(
        "committee",
        "清水河村村民委员会",
        (("office", "government"), ("government", "village")),
        (105.9128, 36.9280),
        "村委会",
    ),
    Landmark("police", "清水河警务室", (("amenity", "police"),), (105.9142, 36.9281), "警务室"),
)
LANDMARK = {landmark.key: landmark for landmark in LANDMARKS}

_W, _S, _E, _N = VILLAGE_BOUNDS
_MAIN_AT_WEST = (_W, 36.9286)  # where the main road crosses the village's west edge
_MAIN_AT_EAST = (_E, 36.9307)
_LANE_AT_NORTH = (105.9161, _N)  # 清真寺巷 carried on to the north edge: the line between grids 1 and 2

GRIDS = (
    Grid(
        "QSH-01", "清水河村第一网格", "马建军", "杨小东", "13709531101",
        (_MAIN_AT_WEST, MAIN[1], MAIN[2], LANE_BEND, _LANE_AT_NORTH, (_W, _N)),
    ),
    Grid(
        "QSH-02", "清水河村第二网格", "马建军", "李国华", "13709531102",
        (MAIN[2], MAIN[3], _MAIN_AT_EAST, (_E, _N), _LANE_AT_NORTH, LANE_BEND),
    ),
    Grid(
        "QSH-03", "清水河村第三网格", "田志刚", "马小兵", "13709531103",
        ((_W, _S), (_E, _S), _MAIN_AT_EAST, MAIN[3], MAIN[2], MAIN[1], _MAIN_AT_WEST),
    ),
)  # fmt: skip
GRID = {grid.code: grid for grid in GRIDS}

HOUSEHOLDS = (
    Household(1, "清水河村1号", "马文华", 5, "13895011201", "QSH-01", (105.9095, 36.9302)),
    Household(2, "清水河村2号", "杨桂兰", 1, "13895011202", "QSH-01", (105.9097, 36.9326), "独居老人"),
    Household(3, "清水河村3号", "李志明", 4, "13895011203", "QSH-01", (105.9121, 36.9341)),
    Household(4, "清水河村4号", "马福贵", 6, "13895011204", "QSH-01", (105.9146, 36.9318), "留守儿童",
              "父母在银川务工"),
    Household(5, "清水河村5号", "丁海军", 3, "13895011205", "QSH-02", (105.9174, 36.9338)),
    Household(6, "清水河村6号", "马秀英", 2, "13895011206", "QSH-02", (105.9190, 36.9352), located_in_register=False),
    Household(7, "清水河村7号", "王建国", 4, "13895011207", "QSH-02", (105.9208, 36.9323)),
    Household(8, "清水河村8号", "马占山", 7, "13895011208", "QSH-02", (105.9228, 36.9316), "困难户"),
    Household(9, "清水河村9号", "田玉梅", 3, "13895011209", "QSH-03", (105.9090, 36.9272)),
    Household(10, "清水河村10号", "杨志强", 5, "13895011210", "QSH-03", (105.9160, 36.9270)),
    Household(11, "清水河村11号", "马玉兰", 2, "13895011211", "QSH-03", (105.9175, 36.9268), "独居老人", "新迁入",
              located_in_register=False),
    Household(12, "清水河村12号", "苏德明", 4, "13895011212", "QSH-03", (105.9215, 36.9280)),
)  # fmt: skip

FAR_AWAY_CENTRE: Lonlat = (106.20, 36.95)
"""Another village, about 25 km east: what an extract brings besides the station and a clip must drop."""

FILE_DATE = datetime(2025, 3, 18, 9, 30, tzinfo=UTC)
"""The one date written into files (a dBASE header, GPX times): fixed, never the clock's."""

_METRES_PER_DEGREE_LAT = 110_950.0
_METRES_PER_DEGREE_LON = 111_320.0 * math.cos(math.radians(CENTRE[1]))


def local_metres(lon, lat):
    """Metres east and north of :data:`CENTRE` (equirectangular: millimetre-exact enough over 2 km)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return (lon - CENTRE[0]) * _METRES_PER_DEGREE_LON, (lat - CENTRE[1]) * _METRES_PER_DEGREE_LAT


def grid_polygon(grid: Grid) -> shapely.Polygon:
    """The grid in lon/lat."""
    return shapely.Polygon(grid.ring)


def _to_crs(epsg: int):
    return Transformer.from_crs(4490, epsg, always_xy=True)


def _folder(folder) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ---------------------------------------------------------------------------------------------
# Grids: Shapefile, KML, GeoJSON
# ---------------------------------------------------------------------------------------------

GRID_FIELDS = ("网格编号", "网格名称", "所属村", "社区民警", "辅警", "联系电话", "户数", "面积亩")
"""The county office's field names: at most five Chinese characters, the 10 bytes dBASE allows in GBK."""


def _grid_records() -> list[dict]:
    households = {code: sum(h.grid_code == code for h in HOUSEHOLDS) for code in GRID}
    to_metres = _to_crs(GRID_SHAPEFILE_EPSG)
    records = []
    for grid in GRIDS:
        area = shapely.transform(grid_polygon(grid), lambda xy: np.column_stack(to_metres.transform(*xy.T))).area
        values = (grid.code, grid.name, VILLAGE, grid.officer, grid.auxiliary, grid.phone, households[grid.code])
        records.append({**dict(zip(GRID_FIELDS, values)), "面积亩": round(area / (10_000 / 15), 1)})
    return records


def grid_shapefile(folder, encoding: str = "GBK", prj: bool = True, cpg: bool = False) -> Path:
    """The county's grid Shapefile, ``网格.shp``, in EPSG:4544 (CGCS2000 3-degree Gauss-Kruger CM 105E).

    The .dbf is written in ``encoding`` (GDAL's ENCODING layer option, so the bytes
    really are GBK) with a blank language-driver byte and, as many Chinese offices'
    files come, no .cpg; ``cpg=True`` leaves a .cpg naming the encoding,
    ``prj=False`` drops the .prj. Values and field names as in :data:`GRID_FIELDS`.
    """
    path = _folder(folder) / "网格.shp"
    frame = gpd.GeoDataFrame(_grid_records(), geometry=[grid_polygon(grid) for grid in GRIDS], crs="EPSG:4490").to_crs(
        GRID_SHAPEFILE_EPSG
    )
    pyogrio.write_dataframe(
        frame,
        path,
        driver="ESRI Shapefile",
        encoding=encoding,  # pyogrio passes it to GDAL as the ENCODING layer option
        layer_options={"DBF_DATE_LAST_UPDATE": FILE_DATE.date().isoformat()},
    )
    cpg_path = path.with_suffix(".cpg")
    if cpg:
        cpg_path.write_text(encoding, encoding="ascii")
    else:
        cpg_path.unlink(missing_ok=True)
    if not prj:
        path.with_suffix(".prj").unlink()
    return path


def grid_geojson(folder) -> Path:
    """``网格.geojson`` as a web tool exports it: RFC 7946 lon/lat, UTF-8, the Shapefile's attributes."""
    features = [
        {
            "type": "Feature",
            "properties": record,
            "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in (*grid.ring, grid.ring[0])]]},
        }
        for grid, record in zip(GRIDS, _grid_records())
    ]
    path = _folder(folder) / "网格.geojson"
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    return path


def _kml(placemarks: str, name: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n'
        f"<name>{escape(name)}</name>\n{placemarks}</Document>\n</kml>\n"
    )


def grid_kml(folder) -> Path:
    """``网格.kml`` as Google Earth or Ovital Map (奥维) saves it: one Placemark per grid, lon/lat, code as data."""
    placemarks = []
    for grid, record in zip(GRIDS, _grid_records()):
        ring = " ".join(f"{lon:.7f},{lat:.7f},0" for lon, lat in (*grid.ring, grid.ring[0]))
        data = "".join(f'<Data name="{escape(k)}"><value>{escape(str(v))}</value></Data>' for k, v in record.items())
        placemarks.append(
            f"<Placemark><name>{escape(grid.name)}</name><ExtendedData>{data}</ExtendedData>"
            f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{ring}</coordinates>"
            "</LinearRing></outerBoundaryIs></Polygon></Placemark>\n"
        )
    path = _folder(folder) / "网格.kml"
    path.write_text(_kml("".join(placemarks), f"{VILLAGE}网格"), encoding="utf-8")
    return path


def kml_without_coordinates(folder) -> Path:
    """``标注.kml`` whose Placemarks are named but hold empty ``<coordinates/>``, as a failed export leaves them."""
    placemarks = "".join(
        f"<Placemark><name>{escape(landmark.name)}</name><Point><coordinates/></Point></Placemark>\n"
        for landmark in LANDMARKS[:3]
    )
    path = _folder(folder) / "标注.kml"
    path.write_text(_kml(placemarks, "标注"), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# OpenStreetMap extract
# ---------------------------------------------------------------------------------------------


def _far_away_features():
    """Roads and places around :data:`FAR_AWAY_CENTRE`: (roads, landmarks) in the village's own types."""
    lon, lat = FAR_AWAY_CENTRE
    roads = (
        Road("大罗山公路", "primary", ((lon - 0.02, lat - 0.004), (lon, lat), (lon + 0.02, lat + 0.005))),
        Road("沙沟巷", "residential", ((lon, lat), (lon + 0.001, lat + 0.006))),
    )
    landmarks = (
        Landmark("school", "沙沟小学", (("amenity", "school"),), (lon + 0.002, lat + 0.003), "学校"),
        Landmark(
            "mosque", "沙沟清真寺", (("amenity", "place_of_worship"), ("religion", "muslim")),
            (lon - 0.002, lat + 0.002), "清真寺",
        ),
        Landmark("shop", "沙沟商店", (("shop", "convenience"),), (lon + 0.001, lat - 0.001), "商店"),
    )  # fmt: skip
    return roads, landmarks


def osm_extract(folder, covers_station: bool = True) -> Path:
    """``tongxin.osm.pbf``: the village's roads (``highway=``, Chinese ``name=``) and landmarks as tagged nodes,
    the village's farmland as closed ways, and another village about 25 km away that a clip must drop.

    ``covers_station=False`` writes the other village only, an extract of the wrong place.
    """
    far_roads, far_landmarks = _far_away_features()
    roads = (*ROADS, *far_roads) if covers_station else far_roads
    landmarks = (*LANDMARKS, *far_landmarks) if covers_station else far_landmarks
    places = [("清水河村", CENTRE)] if covers_station else []
    places.append(("沙沟村", FAR_AWAY_CENTRE))
    areas = []
    if covers_station:
        areas = [
            ("farmland", "", ((105.9075, 36.9254), (105.9110, 36.9254), (105.9110, 36.9266), (105.9075, 36.9266))),
            ("farmland", "", ((105.9210, 36.9320), (105.9236, 36.9320), (105.9236, 36.9340), (105.9210, 36.9340))),
            ("residential", VILLAGE,
             ((105.9080, 36.9262), (105.9235, 36.9262), (105.9235, 36.9355), (105.9080, 36.9355))),
        ]  # fmt: skip

    node_ids: dict[Lonlat, int] = {}  # shared vertices (crossroads) are one node, as in OSM

    def node_of(position: Lonlat) -> int:
        return node_ids.setdefault(position, 1000 + len(node_ids))

    ways = [(road.name, (("highway", road.highway),), [node_of(p) for p in road.points]) for road in roads]
    for landuse, name, ring in areas:
        nodes = [node_of(p) for p in ring]
        ways.append((name, (("landuse", landuse),), [*nodes, nodes[0]]))

    path = _folder(folder) / "tongxin.osm.pbf"
    path.unlink(missing_ok=True)
    with osmium.SimpleWriter(str(path)) as writer:
        tagged = [(landmark.name, landmark.tags, landmark.position) for landmark in landmarks]
        tagged += [(name, (("place", "village"),), position) for name, position in places]
        for offset, (name, tags, position) in enumerate(tagged):
            writer.add_node(
                osmium.osm.mutable.Node(id=1 + offset, location=position, tags={**dict(tags), "name": name}, version=1)
            )
        for position, node_id in node_ids.items():
            writer.add_node(osmium.osm.mutable.Node(id=node_id, location=position, tags={}, version=1))
        for offset, (name, tags, nodes) in enumerate(ways):
            way_tags = {**dict(tags), **({"name": name} if name else {})}
            writer.add_way(osmium.osm.mutable.Way(id=1 + offset, nodes=nodes, tags=way_tags, version=1))
    return path


# ---------------------------------------------------------------------------------------------
# Imagery
# ---------------------------------------------------------------------------------------------

ROAD_COLOURS = {
    "primary": (214, 210, 200),
    "residential": (205, 198, 186),
    "track": (200, 184, 150),
    "path": (192, 182, 160),
}
ROAD_WIDTHS_M = {"primary": 9.0, "residential": 5.0, "track": 3.5, "path": 2.0}
ROOF_COLOUR = (58, 98, 160)  # blue steel roofs, as most new houses in the county have
YARD_COLOUR = (176, 160, 132)
LANDMARK_ROOF_COLOURS = {"school": (172, 68, 52), "mosque": (228, 226, 214)}
OTHER_ROOF_COLOUR = (140, 140, 150)
FIELD_COLOURS = ((92, 124, 54), (116, 146, 68), (80, 108, 48), (148, 120, 80), (166, 138, 94), (128, 100, 64))
"""Fields: greens and browns; in each the green channel exceeds the blue one by 25 or more."""


@dataclass(frozen=True)
class Imagery:
    path: Path
    epsg: int
    bounds: tuple[float, float, float, float]  # left, bottom, right, top in ``epsg``
    pixel_size: float  # in ``epsg`` units
    size: tuple[int, int]  # width, height


def _segment_distances(x, y, points) -> np.ndarray:
    """Distance of each (x, y) to the polyline ``points`` (metres, local)."""
    best = np.full(x.shape, np.inf)
    px, py = local_metres(*np.array(points).T)
    for ax, ay, bx, by in zip(px[:-1], py[:-1], px[1:], py[1:]):
        dx, dy = bx - ax, by - ay
        t = np.clip(((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
        best = np.minimum(best, np.hypot(x - ax - t * dx, y - ay - t * dy))
    return best


def _paint_village(x: np.ndarray, y: np.ndarray, seed: int) -> np.ndarray:
    """RGB of the village at local metres (x, y): fields, yards, roads, roofs, from the place's description."""
    angle = math.radians(18.0)
    along = x * math.cos(angle) + y * math.sin(angle)
    across = -x * math.sin(angle) + y * math.cos(angle)
    rng = np.random.default_rng(seed)
    strip = np.floor((along + 25.0 * np.sin(across / 160.0)) / 48.0).astype(np.int64)
    block = np.floor(across / 130.0).astype(np.int64)
    field_of = rng.integers(0, len(FIELD_COLOURS), size=(97, 31))
    rgb = np.array(FIELD_COLOURS, dtype=float)[field_of[strip % 97, block % 31]]
    rgb *= (1.0 + 0.03 * np.sin(2.0 * math.pi * along / 7.0))[..., None]  # crop rows

    def fill(mask, colour):
        rgb[mask] = colour

    for household in HOUSEHOLDS:
        hx, hy = local_metres(*household.position)
        fill((np.abs(x - hx) < 16) & (np.abs(y - hy) < 13), YARD_COLOUR)
    for road in ROADS:
        fill(_segment_distances(x, y, road.points) <= ROAD_WIDTHS_M[road.highway] / 2, ROAD_COLOURS[road.highway])
    for household in HOUSEHOLDS:
        hx, hy = local_metres(*household.position)
        fill((np.abs(x - hx) < 7) & (np.abs(y - hy) < 4.5), ROOF_COLOUR)
    for landmark in LANDMARKS:
        lx, ly = local_metres(*landmark.position)
        half = (18, 8) if landmark.key == "school" else (8, 8)
        colour = LANDMARK_ROOF_COLOURS.get(landmark.key, OTHER_ROOF_COLOUR)
        fill((np.abs(x - lx) < half[0]) & (np.abs(y - ly) < half[1]), colour)
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)


def _village_image(epsg: int, size: tuple[int, int], seed: int) -> tuple[np.ndarray, Imagery]:
    width, height = size
    forward = _to_crs(epsg)
    west, south, east, north = VILLAGE_BOUNDS
    margin = 0.0011
    edge_lon = np.r_[np.linspace(west - margin, east + margin, 50), np.full(50, east + margin)]
    edge_lat = np.r_[np.full(50, south - margin), np.linspace(south - margin, north + margin, 50)]
    edge_lon = np.r_[edge_lon, np.linspace(west - margin, east + margin, 50), np.full(50, west - margin)]
    edge_lat = np.r_[edge_lat, np.full(50, north + margin), np.linspace(south - margin, north + margin, 50)]
    ex, ey = forward.transform(edge_lon, edge_lat)
    pixel = max((ex.max() - ex.min()) / width, (ey.max() - ey.min()) / height)
    left = (ex.max() + ex.min()) / 2 - pixel * width / 2
    top = (ey.max() + ey.min()) / 2 + pixel * height / 2
    columns, rows = np.meshgrid(np.arange(width) + 0.5, np.arange(height) + 0.5)
    lon, lat = forward.transform(left + columns * pixel, top - rows * pixel, direction="INVERSE")
    rgb = _paint_village(*local_metres(lon, lat), seed)
    bounds = (float(left), float(top - pixel * height), float(left + pixel * width), float(top))
    return rgb, Imagery(Path(), epsg, bounds, float(pixel), size)


def township_geotiff(folder, epsg: int = 32648, size: tuple[int, int] = (800, 640), seed: int = 7) -> Imagery:
    """``清水河村影像.tif``: an RGB uint8 GeoTIFF (deflate) of the village in ``epsg``, square pixels
    (about 2.3 m at the default size), a margin of about 100 m around :data:`VILLAGE_BOUNDS`.

    Roads are light lines exactly along :data:`ROADS` (:data:`ROAD_COLOURS`), every
    household a blue roof (:data:`ROOF_COLOUR`, 14 m x 9 m) at its position, the school a
    red roof, fields green and brown (:data:`FIELD_COLOURS`).
    """
    return _write_imagery(_folder(folder) / "清水河村影像.tif", epsg, size, seed)


def _write_imagery(path: Path, epsg: int, size: tuple[int, int], seed: int) -> Imagery:
    rgb, imagery = _village_image(epsg, size, seed)
    left, _, _, top = imagery.bounds
    pixel = imagery.pixel_size
    profile = {
        "driver": "GTiff", "width": imagery.size[0], "height": imagery.size[1], "count": 3, "dtype": "uint8",
        "crs": f"EPSG:{epsg}", "transform": rasterio.Affine(pixel, 0.0, left, 0.0, -pixel, top),
        "compress": "deflate", "predictor": 2, "photometric": "RGB",
    }  # fmt: skip
    with rasterio.open(path, "w", **profile) as dataset:
        dataset.write(np.moveaxis(rgb, 2, 0))
    return Imagery(path, epsg, imagery.bounds, imagery.pixel_size, imagery.size)


def corrupt_geotiff(folder) -> Path:
    """``损坏影像.tif``: a GeoTIFF cut off after a third of its bytes, as an interrupted copy leaves it."""
    path = _write_imagery(_folder(folder) / "损坏影像.tif", 32648, (200, 160), seed=5).path
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 3])
    return path


def ungeoreferenced_tiff(folder) -> Path:
    """``扫描图.tif``: an RGB TIFF with no georeferencing at all (no CRS, no geotransform, no world file)."""
    x, y = np.meshgrid(np.linspace(-700, 700, 200), np.linspace(550, -550, 160))
    rgb = _paint_village(x, y, seed=3)
    path = _folder(folder) / "扫描图.tif"
    profile = {"driver": "GTiff", "width": 200, "height": 160, "count": 3, "dtype": "uint8", "photometric": "RGB"}
    with warnings.catch_warnings(), rasterio.Env(GDAL_PAM_ENABLED="NO"):
        warnings.simplefilter("ignore", NotGeoreferencedWarning)  # not being georeferenced is the point
        with rasterio.open(path, "w", **profile) as dataset:
            dataset.write(np.moveaxis(rgb, 2, 0))
    return path


# ---------------------------------------------------------------------------------------------
# Phones: GPX and positions read off a phone map
# ---------------------------------------------------------------------------------------------

GPX_WAYPOINTS = (
    ("清水河小学", LANDMARK["school"].position),
    ("清真寺", LANDMARK["mosque"].position),
    ("村委会", LANDMARK["committee"].position),
    ("马文华家", HOUSEHOLDS[0].position),
    ("马秀英家", HOUSEHOLDS[5].position),
    ("马玉兰家", HOUSEHOLDS[10].position),
)
"""Waypoint name -> true lon/lat (WGS84), as an officer marks them standing at the door."""


def _along(points: tuple[Lonlat, ...], step_m: float) -> list[Lonlat]:
    """Positions every ``step_m`` metres along the polyline, ends included."""
    out = [points[0]]
    for (alon, alat), (blon, blat) in zip(points[:-1], points[1:]):
        ax, ay = local_metres(alon, alat)
        bx, by = local_metres(blon, blat)
        count = max(1, round(float(np.hypot(bx - ax, by - ay)) / step_m))
        for i in range(1, count + 1):
            t = i / count
            out.append((alon + t * (blon - alon), alat + t * (blat - alat)))
    return out


def phone_gpx(folder) -> tuple[Path, tuple[Lonlat, ...]]:
    """``走访轨迹.gpx`` as a phone's track recorder exports it: :data:`GPX_WAYPOINTS` and one track along
    清真寺巷, a point every 15 m and 10 s, elevations, UTC times from :data:`FILE_DATE`.

    Returns the path and the track's true positions.
    """
    gpx = gpxpy.gpx.GPX()
    gpx.creator = "两步路户外助手 Android"
    gpx.name = "清水河村走访"
    for offset, (name, (lon, lat)) in enumerate(GPX_WAYPOINTS):
        gpx.waypoints.append(
            gpxpy.gpx.GPXWaypoint(
                latitude=lat, longitude=lon, elevation=1352.0 + offset, name=name,
                time=FILE_DATE + timedelta(minutes=5 * offset),
            )
        )  # fmt: skip
    track_positions = tuple(_along(ROADS[2].points, 15.0))
    segment = gpxpy.gpx.GPXTrackSegment()
    for index, (lon, lat) in enumerate(track_positions):
        segment.points.append(
            gpxpy.gpx.GPXTrackPoint(
                latitude=round(lat, 7), longitude=round(lon, 7), elevation=round(1350.0 + 0.1 * index, 1),
                time=FILE_DATE + timedelta(seconds=10 * index),
            )
        )  # fmt: skip
    track = gpxpy.gpx.GPXTrack(name="清真寺巷")
    track.segments.append(segment)
    gpx.tracks.append(track)
    path = _folder(folder) / "走访轨迹.gpx"
    path.write_text(gpx.to_xml(version="1.1"), encoding="utf-8")
    return path, track_positions


@dataclass(frozen=True)
class PhoneMapPoint:
    name: str
    true_position: Lonlat  # WGS84
    written: Lonlat  # GCJ-02 as written in the file


def gcj02_points_csv(folder) -> tuple[Path, tuple[PhoneMapPoint, ...]]:
    """``高德取点.csv`` (UTF-8 with BOM, as Excel saves it): 名称, 经度, 纬度, 备注 with positions read off
    Amap, i.e. :data:`LANDMARKS` shifted to GCJ-02 and rounded to Amap's six decimals.

    Returns the path and, per row, the true WGS84 position and what the file says.
    """
    points = []
    for landmark in LANDMARKS:
        lon, lat = wgs84_to_gcj02(*landmark.position)
        points.append(PhoneMapPoint(landmark.name, landmark.position, (round(lon, 6), round(lat, 6))))
    path = _folder(folder) / "高德取点.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as file:
        writer = csv.writer(file)
        writer.writerow(["名称", "经度", "纬度", "备注"])
        for point in points:
            writer.writerow([point.name, f"{point.written[0]:.6f}", f"{point.written[1]:.6f}", "高德地图取点"])
    return path, tuple(points)


# ---------------------------------------------------------------------------------------------
# The household register
# ---------------------------------------------------------------------------------------------

REGISTER_HEADERS = (
    "序号",
    "户主姓名",
    "门牌号",
    "家庭人口",
    "联系电话",
    "所属网格",
    "经度",
    "纬度",
    "重点关注",
    "备注",
)
REGISTER_TITLE = f"{TOWNSHIP}{VILLAGE}住户花名册"


def household_register_xlsx(folder) -> tuple[Path, tuple[Household, ...]]:
    """``清水河村住户花名册.xlsx``: a merged title row above :data:`REGISTER_HEADERS`, one row per
    household of :data:`HOUSEHOLDS` in order, the grid by its Shapefile code, WGS84 lon/lat to six
    decimals (blank for the households not ``located_in_register``), phones as text.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append([REGISTER_TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(REGISTER_HEADERS))
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(list(REGISTER_HEADERS))
    for household in HOUSEHOLDS:
        lon, lat = (round(v, 6) for v in household.position) if household.located_in_register else (None, None)
        sheet.append([
            household.number, household.head_name, household.house_no, household.members, household.phone,
            household.grid_code, lon, lat, household.key_person or None, household.note or None,
        ])  # fmt: skip
    for column, width in zip("ABCDEFGHIJ", (6, 10, 14, 9, 14, 10, 12, 12, 10, 16)):
        sheet.column_dimensions[column].width = width
    path = _folder(folder) / f"{VILLAGE}住户花名册.xlsx"
    workbook.properties.created = workbook.properties.modified = FILE_DATE.replace(tzinfo=None)
    workbook.save(path)
    return path, HOUSEHOLDS


# ---------------------------------------------------------------------------------------------
# A photographed sketch
# ---------------------------------------------------------------------------------------------

PAPER_SIZE = (1100, 850)
PHOTO_SIZE = (1280, 960)
"""The upright photo's width and height (the JPEG stores it sideways with EXIF orientation 6)."""
_PAPER_CORNERS_ON_PHOTO = ((96, 58), (1196, 84), (1228, 912), (64, 896))  # slightly askew, slightly in perspective
INK = QColor(28, 38, 92)
BOUNDARY_INK = QColor(178, 40, 36)


@dataclass(frozen=True)
class SketchPoint:
    name: str
    pixel: tuple[float, float]  # column, row on the upright photo
    position: Lonlat  # true lon/lat


@dataclass(frozen=True)
class Sketch:
    path: Path
    size: tuple[int, int]  # upright width, height
    control_points: tuple[SketchPoint, ...]


def _on_paper(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Where the officer drew a place: his own, not-to-scale, slightly bent picture of the village."""
    x, y = local_metres(lon, lat)
    column = 550 + 0.62 * x + 0.05 * y
    row = 410 - 0.52 * y + 0.03 * x + 0.00004 * x * x
    return column, row


def _paper_to_photo() -> QTransform:
    width, height = PAPER_SIZE
    paper = QPolygonF([QPointF(0, 0), QPointF(width, 0), QPointF(width, height), QPointF(0, height)])
    photo = QPolygonF([QPointF(*corner) for corner in _PAPER_CORNERS_ON_PHOTO])
    transform = QTransform()
    assert QTransform.quadToQuad(paper, photo, transform)
    return transform


def _chinese_font(pixels: int) -> QFont:
    ensure_gui_application()
    font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", "NotoSansSC-Regular-GB2312.otf")))
    font = QFont(QFontDatabase.applicationFontFamilies(font_id)[0])
    font.setPixelSize(pixels)
    return font


def _pen_stroke(points: tuple[Lonlat, ...], rng: np.random.Generator) -> QPainterPath:
    """A hand's line through the drawn vertices: wobbly between them, exactly on them."""
    column, row = _on_paper(*np.array(points).T)
    path = QPainterPath(QPointF(column[0], row[0]))
    for (ac, ar), (bc, br) in zip(zip(column[:-1], row[:-1]), zip(column[1:], row[1:])):
        steps = max(2, int(np.hypot(bc - ac, br - ar) // 25))
        for t in np.arange(1, steps) / steps:
            path.lineTo(ac + t * (bc - ac) + rng.normal(0, 1.2), ar + t * (br - ar) + rng.normal(0, 1.2))
        path.lineTo(bc, br)
    return path


def _drawn_sketch(seed: int) -> QImage:
    """The sheet as the officer drew it, upright, before it is photographed."""
    rng = np.random.default_rng(seed)
    paper = QImage(*PAPER_SIZE, QImage.Format.Format_RGB32)
    paper.fill(QColor(246, 242, 228))
    painter = QPainter(paper)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    boundary = QPen(BOUNDARY_INK, 2.0, Qt.PenStyle.DashLine)
    painter.setPen(boundary)
    for grid in GRIDS:
        painter.drawPath(_pen_stroke((*grid.ring, grid.ring[0]), rng))
    for road in ROADS:
        width = {"primary": 6.0, "residential": 3.5, "track": 2.5, "path": 1.8}[road.highway]
        style = Qt.PenStyle.DotLine if road.highway == "path" else Qt.PenStyle.SolidLine
        painter.setPen(QPen(INK, width, style, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.drawPath(_pen_stroke(road.points, rng))
    painter.setFont(_chinese_font(17))
    for road in ROADS[:4]:
        (ac, bc), (ar, br) = _on_paper(*np.array(road.points[:2]).T)
        steep = abs(br - ar) > abs(bc - ac)  # a label left of a lane that runs up the sheet, above one across it
        column, row = float(ac + bc) / 2, float(ar + br) / 2
        painter.drawText(QPointF(column - 78 if steep else column + 8, row - 8), road.name)
    number_font = _chinese_font(13)
    for household in HOUSEHOLDS:
        column, row = (float(v) for v in _on_paper(*household.position))
        painter.setPen(QPen(INK, 1.6))
        painter.drawRect(int(column) - 9, int(row) - 9, 18, 18)
        painter.setFont(number_font)
        painter.drawText(int(column) - 9, int(row) - 9, 18, 18, Qt.AlignmentFlag.AlignCenter, str(household.number))
    painter.setFont(_chinese_font(18))
    for landmark in LANDMARKS:
        column, row = (float(v) for v in _on_paper(*landmark.position))
        painter.setPen(QPen(INK, 2.0))
        painter.drawEllipse(QPointF(column, row), 7, 7)
        painter.drawLine(QPointF(column - 4, row), QPointF(column + 4, row))
        painter.drawText(QPointF(column + 10, row + 20), landmark.sketch_label)
    painter.setFont(_chinese_font(26))
    painter.drawText(0, 6, PAPER_SIZE[0], 34, Qt.AlignmentFlag.AlignCenter, f"{VILLAGE}网格手绘图")
    painter.setFont(_chinese_font(16))
    painter.drawText(QPointF(PAPER_SIZE[0] - 90, PAPER_SIZE[1] - 60), "北↑")
    painter.end()
    return paper


SKETCH_CONTROL_POINTS = (
    ("同韦公路与学校巷路口", MAIN[1]),
    ("同韦公路与清真寺巷路口", MAIN[2]),
    ("同韦公路与南巷路口", MAIN[3]),
    ("清真寺巷拐角", LANE_BEND),
    ("南巷拐角", SOUTH_CORNER),
    ("学校巷北头", SCHOOL_LANE_END),
    ("学校", LANDMARK["school"].position),
    ("清真寺", LANDMARK["mosque"].position),
    ("村委会", LANDMARK["committee"].position),
)
"""Crossroads, corners and landmark symbols: drawn exactly where :func:`_on_paper` puts them."""


@cache  # the JPEG and the HEIC of one seed are one photo
def _photographed(seed: int) -> tuple[QImage, tuple[SketchPoint, ...]]:
    """The upright photo of the sheet on a desk, in light falling off to one side, with sensor noise."""
    transform = _paper_to_photo()
    photo = QImage(*PHOTO_SIZE, QImage.Format.Format_RGB32)
    photo.fill(QColor(112, 86, 62))  # the desk
    painter = QPainter(photo)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setTransform(transform)
    painter.drawImage(0, 0, _drawn_sketch(seed))
    painter.end()

    rgb = _rgb_array(photo).astype(float)
    columns = np.arange(PHOTO_SIZE[0])[None, :, None]
    rgb *= 1.0 - 0.16 * columns / PHOTO_SIZE[0]  # the window is on the left
    rgb += np.random.default_rng(seed + 1).normal(0.0, 2.5, size=rgb.shape)
    upright = _qimage(np.clip(np.rint(rgb), 0, 255).astype(np.uint8))

    points = []
    for name, (lon, lat) in SKETCH_CONTROL_POINTS:
        column, row = _on_paper(lon, lat)
        mapped = transform.map(QPointF(float(column), float(row)))
        points.append(SketchPoint(name, (mapped.x(), mapped.y()), (lon, lat)))
    return upright, tuple(points)


def _rgb_array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def _qimage(rgb: np.ndarray) -> QImage:
    height, width, _ = rgb.shape
    data = np.ascontiguousarray(rgb)
    return QImage(data.data, width, height, width * 3, QImage.Format.Format_RGB888).copy()


def photographed_sketch(folder, seed: int = 11) -> Sketch:
    """``IMG_20250318_093012.jpg``: a phone photo of the officer's hand-drawn map of the village's grids.

    Paper-coloured sheet on a desk, slightly in perspective; roads in blue ink along a
    not-to-scale, slightly bent picture of :data:`ROADS`, grid lines in red dashes,
    numbered squares for households, landmark symbols labelled in Chinese. The JPEG holds
    the picture turned a quarter anticlockwise with EXIF orientation 6, as a phone stores
    it. Returns the path and, for :data:`SKETCH_CONTROL_POINTS`, the pixel on the upright
    photo with the true lon/lat.
    """
    upright, points = _photographed(seed)
    sideways = upright.transformed(QTransform().rotate(-90), Qt.TransformationMode.FastTransformation)
    path = _folder(folder) / "IMG_20250318_093012.jpg"
    path.write_bytes(with_exif_orientation(jpeg_bytes(sideways), ROTATE_90_CLOCKWISE))
    return Sketch(path, PHOTO_SIZE, points)


def photographed_sketch_heic(folder, seed: int = 11) -> Sketch:
    """``IMG_0318.HEIC``: the same photo as an iPhone saves it, HEIF with the pixels stored upright."""
    upright, points = _photographed(seed)
    rgb = _rgb_array(upright)
    heif = pillow_heif.from_bytes("RGB", (rgb.shape[1], rgb.shape[0]), rgb.tobytes())
    path = _folder(folder) / "IMG_0318.HEIC"
    heif.save(path, quality=60, enc_params={"preset": "ultrafast"})
    return Sketch(path, PHOTO_SIZE, points)


def not_an_image(folder) -> Path:
    """``照片.jpg`` that is really a text note, as a renamed file from a chat app ends up."""
    path = _folder(folder) / "照片.jpg"
    path.write_text("清水河村走访记录：3号户主不在家，下周再访。\n", encoding="utf-8")
    return path
