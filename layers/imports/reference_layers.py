"""What importing officers, grids, roads and landmarks adds to the shared row checks of a register import.

:class:`ReferenceLayers` is mixed into the import's planner
(:mod:`layers.imports.register_import`), which converts each column by the
layer's schema; here are the steps particular to each reference layer: the
project's station name where a file gives none, the geometry each layer needs
(a grid is one area, a road a line, a landmark a point), the words a county's
file uses for kinds, and what is already in the project, so that importing the
same file twice is refused rather than doubling every road.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from layers.errors import QT_TRANSLATE_NOOP
from layers.imports import cells
from layers.imports.headers import GRID
from layers.vocabulary import LandmarkKind, OfficerRole, RoadKind

CHINA_BOUNDS = (73.0, 3.0, 136.0, 54.0)
"""Lon/lat box around China: a feature outside it was read in the wrong coordinate system."""
GEOMETRY = "geometry"
"""The column a problem with a feature's shape or place is reported under."""
SAME_PLACE_DEGREES = 0.0002
"""About 20 m: a landmark of the same kind and name this close to one in the project is that one."""

NO_GEOMETRY = QT_TRANSLATE_NOOP("ImportProblem", "the feature has no coordinates")
WRONG_GEOMETRY = {
    "grids": QT_TRANSLATE_NOOP("ImportProblem", "a grid is an area (polygon); this feature is a {found}"),
    "roads": QT_TRANSLATE_NOOP("ImportProblem", "a road is a line; this feature is a {found}"),
    "landmarks": QT_TRANSLATE_NOOP("ImportProblem", "a landmark is a point or an area; this feature is a {found}"),
}
SEVERAL_PARTS = QT_TRANSLATE_NOOP(
    "ImportProblem", "the outline has {parts} separate parts; a grid is one area, split it into grids"
)
BROKEN_OUTLINE = QT_TRANSLATE_NOOP("ImportProblem", "the outline crosses itself and cannot be repaired as one area")
OUTSIDE_CHINA = QT_TRANSLATE_NOOP(
    "ImportProblem", "lies at {lon:.4f}, {lat:.4f}, outside China: the file is not in {system}; give its system"
)
DUPLICATE_CODE_IN_FILE = QT_TRANSLATE_NOOP("ImportProblem", "grid code repeated from feature {first}")
CODE_IN_PROJECT = QT_TRANSLATE_NOOP("ImportProblem", "the project already has a grid with this code")
ALREADY_IN_PROJECT = QT_TRANSLATE_NOOP("ImportProblem", "already in the project (was the file imported before?)")
REPAIRED_NOTE = QT_TRANSLATE_NOOP("ImportReport", "{count} outline(s) crossed themselves and were repaired")
NO_OFFICER_NOTE = QT_TRANSLATE_NOOP(
    "ImportReport", "{count} grid(s) have no officer yet: name them under Station → Officers and grids"
)
ROLE_NOTE = QT_TRANSLATE_NOOP("ImportReport", "{count} people without a role imported as community officers")
ROAD_KIND_NOTE = QT_TRANSLATE_NOOP("ImportReport", "the file gives no road kind: {count} roads imported as lanes")
GUESSED_KIND_NOTE = QT_TRANSLATE_NOOP("ImportReport", "{count} landmark kind(s) told from the name (清真寺, 小学...)")
OTHER_LANDMARK_NOTE = QT_TRANSLATE_NOOP("ImportReport", "{count} landmark(s) of no listed kind stored as 其他 (other)")

NAME_WORDS = (
    (("警务室", "派出所"), LandmarkKind.POLICE_OFFICE),
    (("村委会", "村民委员会", "村部", "党群服务"), LandmarkKind.VILLAGE_COMMITTEE),
    (("清真寺", "寺"), LandmarkKind.MOSQUE),
    (("卫生室", "卫生院", "诊所", "医院"), LandmarkKind.CLINIC),
    (("小学", "中学", "学校", "幼儿园", "教学点"), LandmarkKind.SCHOOL),
    (("小卖部", "商店", "超市", "便利店", "门市"), LandmarkKind.SHOP),
    (("桥",), LandmarkKind.BRIDGE),
)
"""Words in a landmark's name that tell its kind, for files (a phone's GPX, KML) that give names only."""


def kind_from_name(name: object) -> LandmarkKind | None:
    """The kind a landmark's name says, if any.

    >>> kind_from_name("清水河清真寺"), kind_from_name("李家小卖部"), kind_from_name("老张家")
    (<LandmarkKind.MOSQUE: 'mosque'>, <LandmarkKind.SHOP: 'shop'>, None)
    """
    if not isinstance(name, str):
        return None
    for words, kind in NAME_WORDS:
        if any(word in name for word in words):
            return kind
    return None


class ReferenceLayers:
    """Steps of the import planner for officers, grids, roads and landmarks (see the module docstring)."""

    # -- officers ---------------------------------------------------------------------
    def _officers(self) -> None:
        n = len(self.table)
        self._fill_station()
        roles = self.fields.get("role", pd.Series([None] * n, dtype=object))
        no_role = roles.isna()
        if no_role.any():  # a list of a station's community officers often has no 职务 column
            self.fields["role"] = roles.where(~no_role, OfficerRole.COMMUNITY_OFFICER.value)
            self.report.note(ROLE_NOTE, count=int(no_role.sum()))
        if self.placement.has(GRID):
            self.fields["grid_id"] = pd.Series(self.named_grids(), dtype=object)
        stored = self.store.read("officers", columns=["name", "role"])
        known = set(zip(stored["name"].astype(str), stored["role"].astype(str)))
        pairs = zip(self.fields.get("name", pd.Series([None] * n)).astype(str), self.fields["role"].astype(str))
        self.problem(np.array([pair in known for pair in pairs], dtype=bool), "name", ALREADY_IN_PROJECT)
        return None

    # -- grids ------------------------------------------------------------------------
    def _grids(self) -> np.ndarray:
        n = len(self.table)
        self._fill_station()
        officers = self.fields.get("officer")
        no_officer = np.ones(n, dtype=bool) if officers is None else officers.isna().to_numpy()
        if no_officer.any():
            # a county's boundary file names no police: the grid is drawn now and staffed in the dialog
            self.fields["officer"] = (officers if officers is not None else pd.Series([None] * n, dtype=object)).where(
                ~no_officer, ""
            )
            self.report.note(NO_OFFICER_NOTE, count=int(no_officer.sum()))
        self._check_grid_codes()
        return self._outlines()

    def _check_grid_codes(self) -> None:
        codes = self.fields.get("code")
        if codes is None:
            return
        text = codes.astype(object).where(codes.notna(), None)
        repeated = text.notna() & text.duplicated(keep="first")
        first_index = text.map({code: index for index, code in reversed(list(enumerate(text))) if code is not None})
        first = self.table.row_numbers[first_index.where(repeated, 0).astype(int).to_numpy()]
        self.problem(repeated.to_numpy(), "code", DUPLICATE_CODE_IN_FILE, first=first)
        stored = set(self.store.read("grids", columns=["code"])["code"].astype(str))
        self.problem((text.notna() & text.astype(str).isin(stored)).to_numpy(), "code", CODE_IN_PROJECT)

    def _outlines(self) -> np.ndarray:
        shapes = self._map_geometries("grids", ("Polygon", "MultiPolygon"))
        parts = shapely.get_num_geometries(shapes)
        multi = (shapely.get_type_id(shapes) == shapely.GeometryType.MULTIPOLYGON) & (parts > 1)
        self.problem(multi, GEOMETRY, SEVERAL_PARTS, parts=parts)
        single = shapely.get_type_id(shapes) == shapely.GeometryType.MULTIPOLYGON
        shapes = np.where(single & ~multi, shapely.get_geometry(shapes, 0), shapes)
        broken = ~shapely.is_missing(shapes) & ~shapely.is_valid(shapes)
        if broken.any():
            repaired = shapely.make_valid(shapes[broken])
            polygons = shapely.get_type_id(repaired) == shapely.GeometryType.POLYGON
            fixed = np.flatnonzero(broken)
            shapes[fixed[polygons]] = repaired[polygons]
            unrepairable = np.zeros(len(shapes), dtype=bool)
            unrepairable[fixed[~polygons]] = True
            self.problem(unrepairable, GEOMETRY, BROKEN_OUTLINE)
            if polygons.any():
                self.report.note(REPAIRED_NOTE, count=int(polygons.sum()))
        return shapes

    # -- roads ------------------------------------------------------------------------
    def _roads(self) -> np.ndarray:
        n = len(self.table)
        if "kind" not in self.fields:
            self.fields["kind"] = pd.Series([RoadKind.LANE.value] * n, dtype=object)
            self.report.note(ROAD_KIND_NOTE, count=n)
        lines = self._map_geometries("roads", ("LineString",))
        stored = self.store.read("roads", columns=[])
        known = set(shapely.to_wkb(shapely.set_precision(stored.geometry.to_numpy(dtype=object), 1e-7)))
        present = ~shapely.is_missing(lines)
        keys = shapely.to_wkb(shapely.set_precision(lines[present], 1e-7))
        repeated = np.zeros(n, dtype=bool)
        repeated[np.flatnonzero(present)] = [key in known for key in keys]
        self.problem(repeated, GEOMETRY, ALREADY_IN_PROJECT)
        return lines

    # -- landmarks --------------------------------------------------------------------
    def _landmarks(self) -> np.ndarray:
        points = self._landmark_points()
        self._landmark_kinds()
        self.fields["grid_id"] = pd.Series(self.grids.containing(points), dtype=object)
        stored = self.store.read("landmarks", columns=["kind", "name"])
        repeated = np.zeros(len(points), dtype=bool)
        present = np.flatnonzero(~shapely.is_missing(points))
        if len(stored) and len(present):
            near_point, near_stored = shapely.STRtree(stored.geometry.to_numpy(dtype=object)).query(
                points[present], predicate="dwithin", distance=SAME_PLACE_DEGREES
            )
            names = self.fields.get("name", pd.Series([None] * len(points), dtype=object)).to_numpy(dtype=object)
            kinds = self.fields["kind"].to_numpy(dtype=object)
            rows = present[near_point]
            same = (names[rows] == stored["name"].to_numpy(dtype=object)[near_stored]) & (
                kinds[rows] == stored["kind"].to_numpy(dtype=object)[near_stored]
            )
            repeated[rows[same]] = True
        self.problem(repeated, GEOMETRY, ALREADY_IN_PROJECT)
        return points

    def _landmark_points(self) -> np.ndarray:
        if self.geometries is None:  # a spreadsheet of places with longitude and latitude
            located = self.locate()
            self.problem(~located.located & self.no_coordinates(), GEOMETRY, NO_GEOMETRY)
            return located.points
        shapes = self._map_geometries("landmarks", ("Point", "MultiPoint", "Polygon", "MultiPolygon"))
        areas = np.isin(shapely.get_type_id(shapes), (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON))
        shapes[areas] = shapely.point_on_surface(shapes[areas])
        several = shapely.get_type_id(shapes) == shapely.GeometryType.MULTIPOINT
        shapes[several] = shapely.centroid(shapes[several])
        return shapes

    def _landmark_kinds(self) -> None:
        n = len(self.table)
        names = self.fields.get("name", pd.Series([None] * n, dtype=object))
        guessed = pd.Series([kind_from_name(name) for name in names], dtype=object)
        raw = self.cells("kind")
        if raw is None:
            kinds = pd.Series([(kind or LandmarkKind.OTHER).value for kind in guessed], dtype=object)
            if guessed.notna().any():
                self.report.note(GUESSED_KIND_NOTE, count=int(guessed.notna().sum()))
        else:
            # a county's own words (幼儿园, 村部) are not an error: told from the word or the name, else 其他
            parsed = cells.codes(raw, LandmarkKind).values
            from_word = pd.Series([_code(kind_from_name(word)) for word in cells.text(raw).values], dtype=object)
            kinds = parsed.where(parsed.notna(), from_word)
            kinds = kinds.where(kinds.notna(), pd.Series([_code(kind) for kind in guessed], dtype=object))
            unknown = kinds.isna()
            if unknown.any():
                self.report.note(OTHER_LANDMARK_NOTE, count=int(unknown.sum()))
            kinds = kinds.where(~unknown, LandmarkKind.OTHER.value)
        self.fields["kind"] = pd.Series(kinds.to_numpy(dtype=object), dtype=object)
        if "name" not in self.fields or names.isna().any():
            labels = self.fields["kind"].map(lambda code: LandmarkKind(code).zh)
            self.fields["name"] = names.where(names.notna(), labels)

    # -- shared -----------------------------------------------------------------------
    def _fill_station(self) -> None:
        station = self.store.settings().get("station", "")
        given = self.fields.get("station")
        if given is None:
            self.fields["station"] = pd.Series([station] * len(self.table), dtype=object)
        else:
            self.fields["station"] = given.where(given.notna(), station)

    def _map_geometries(self, layer: str, types: tuple[str, ...]) -> np.ndarray:
        """The features' geometries, with a problem for each missing one, one of another type, one outside China."""
        if self.geometries is None:
            raise AssertionError("the reference layer's source was checked to be a map file")
        shapes = np.array(self.geometries, dtype=object)
        missing = shapely.is_missing(shapes) | shapely.is_empty(shapes)
        self.problem(missing, GEOMETRY, NO_GEOMETRY)
        shapes[missing] = None
        found = shapely.get_type_id(shapes)
        type_ids = [getattr(shapely.GeometryType, _TYPE_NAMES[name]) for name in types]
        other = ~missing & ~np.isin(found, type_ids)
        for type_id in np.unique(found[other]):
            name = shapely.GeometryType(type_id).name.title().replace("string", "String")
            self.problem(other & (found == type_id), GEOMETRY, WRONG_GEOMETRY[layer], found=name)
        shapes[other] = None
        self._check_in_china(shapes)
        return shapes

    def _check_in_china(self, shapes: np.ndarray) -> None:
        present = ~shapely.is_missing(shapes)
        if not present.any():
            return
        bounds = np.full((len(shapes), 4), np.nan)
        bounds[present] = shapely.bounds(shapes[present])
        west, south, east, north = CHINA_BOUNDS
        with np.errstate(invalid="ignore"):
            outside = present & ~(
                (bounds[:, 0] >= west) & (bounds[:, 2] <= east) & (bounds[:, 1] >= south) & (bounds[:, 3] <= north)
            )
        system = self.report.coordinate_system
        self.problem(outside, GEOMETRY, OUTSIDE_CHINA, lon=bounds[:, 0], lat=bounds[:, 1], system=system)
        shapes[outside] = None


def _code(kind: LandmarkKind | None) -> str | None:
    return None if kind is None else kind.value


_TYPE_NAMES = {
    "Point": "POINT",
    "MultiPoint": "MULTIPOINT",
    "LineString": "LINESTRING",
    "MultiLineString": "MULTILINESTRING",
    "Polygon": "POLYGON",
    "MultiPolygon": "MULTIPOLYGON",
}
