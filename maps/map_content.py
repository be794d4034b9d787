"""The frozen snapshot of records a render job draws: arrays in metres and prebuilt paths.

Built on the GUI thread from the review data and the current filter, then
handed to a worker thread that only reads it (like the feature snapshot a QGIS
layer renderer takes), so a render never races an edit. Building it is
vectorised: no Python loop over households.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from PySide6.QtGui import QPainterPath

from layers.disputes.states import OPEN_STATUSES
from layers.errors import WanggeError
from layers.household_status import GRADE_COUNTS
from layers.imagery.reading import ImagerySource
from layers.review import ReviewData, ReviewSelection
from layers.vocabulary import Grade, RoadKind, VisitRecency
from maps.qt_paths import polylines_path
from maps.sketch_basemap import SketchBasemap

RECENCY_ORDER = tuple(VisitRecency)
GRADE_ORDER = tuple(Grade)


SIMPLIFY_METRES = (5.0, 25.0, 125.0, 625.0)
"""Tolerances of the simplified copies kept for overview scales; a renderer takes the largest below half a pixel."""


@dataclass(frozen=True)
class Outlines:
    """Lines or polygon outlines of one kind, with an index to fetch those in view.

    Qt strokes every vertex of a path, on screen or not and however small, so the
    renderer asks either for a path of just the features in view, or, when most
    are in view, for the whole set simplified to the scale (built once per
    tolerance and kept).
    """

    geometries: np.ndarray
    tree: shapely.STRtree
    _simplified: dict[float, tuple[np.ndarray, QPainterPath]] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, geometries: np.ndarray) -> Outlines:
        return cls(geometries, shapely.STRtree(geometries))

    def indices_within(self, window: tuple[float, float, float, float]) -> np.ndarray:
        return np.sort(self.tree.query(shapely.box(*window)))

    def path_of(self, indices: np.ndarray, metres_per_pixel: float = 0.0) -> QPainterPath:
        return lines_path(self.geometries_at(metres_per_pixel)[indices])

    def whole(self, metres_per_pixel: float = 0.0) -> QPainterPath:
        return self._simplified_at(metres_per_pixel)[1]

    def geometries_at(self, metres_per_pixel: float) -> np.ndarray:
        """The geometries simplified for this scale (kept once built)."""
        return self._simplified_at(metres_per_pixel)[0]

    def _simplified_at(self, metres_per_pixel: float) -> tuple[np.ndarray, QPainterPath]:
        tolerance = max((t for t in SIMPLIFY_METRES if t <= metres_per_pixel / 2), default=0.0)
        if tolerance not in self._simplified:  # two render threads may both build it: same result, no harm
            # below half a pixel nobody sees a topology error, and keeping topology costs a county seconds
            geometries = (
                shapely.simplify(self.geometries, tolerance, preserve_topology=False) if tolerance else self.geometries
            )
            self._simplified[tolerance] = (geometries, lines_path(geometries))
        return self._simplified[tolerance]

    def __len__(self) -> int:
        return len(self.geometries)


@dataclass(frozen=True)
class GridLabel:
    x: float
    y: float
    code: str
    name: str
    officer: str


@dataclass(frozen=True)
class GridSummaries:
    """Each drawn grid's counts, in the order of :attr:`maps.map_content.MapContent.grids`."""

    households: np.ndarray
    in_cycle: np.ndarray
    open_by_grade: np.ndarray  # (grids, grades), grades easy to hard

    @property
    def coverage(self) -> np.ndarray:
        """Share of each grid's households visited within their cycle (0 for a grid without households)."""
        return np.divide(self.in_cycle, self.households, out=np.zeros(len(self.households)),
                         where=self.households > 0)  # fmt: skip

    @classmethod
    def of(cls, grid_ids: pd.Series, summaries: pd.DataFrame) -> GridSummaries:
        """The rows of ``summaries`` (:data:`~layers.household_status.SUMMARY_COLUMNS`) for ``grid_ids``."""
        rows = summaries.set_index("grid_id").reindex(grid_ids.to_numpy()).fillna(0)
        return cls(
            rows["households"].to_numpy(dtype=int),
            rows["in_cycle"].to_numpy(dtype=int),
            rows[list(GRADE_COUNTS)].to_numpy(dtype=int),
        )


@dataclass(frozen=True)
class MapContent:
    """Everything drawable, filtered, in metres (UTM 48N)."""

    household_x: np.ndarray
    household_y: np.ndarray
    household_recency: np.ndarray  # index into RECENCY_ORDER
    household_key_person: np.ndarray  # bool
    household_no: np.ndarray  # house numbers, for labels when zoomed in
    dispute_x: np.ndarray
    dispute_y: np.ndarray
    dispute_grade: np.ndarray  # index into GRADE_ORDER
    dispute_open: np.ndarray  # bool
    grids: Outlines
    grid_labels: tuple[GridLabel, ...]
    roads: dict[RoadKind, Outlines]
    landmark_x: np.ndarray
    landmark_y: np.ndarray
    landmark_kind: np.ndarray  # LandmarkKind codes
    landmark_name: tuple[str, ...]
    sketches: tuple[SketchBasemap, ...] = ()
    problems: tuple[WanggeError, ...] = ()
    imagery: tuple[ImagerySource, ...] = ()  # where each imagery is read from, at render time: never in memory
    grid_summaries: GridSummaries | None = None  # for the county overview (maps.overview), when counted
    grid_areas: tuple[tuple[str, np.ndarray], ...] = ()  # ("village", each drawn grid's village), then township
    overview_units: dict = field(default_factory=dict, compare=False, repr=False)
    """The overview's units by kind, worked out once per content (:func:`maps.overview.overview_units`)."""

    def imagery_source(self, table: str) -> ImagerySource | None:
        return next((source for source in self.imagery if source.table == table), None)

    @property
    def household_count(self) -> int:
        return len(self.household_x)


def _codes_to_index(codes: pd.Series, order: tuple) -> np.ndarray:
    """Each code's position in ``order`` (0 for an unknown one), by a categorical: no Python call per row."""
    positions = pd.Categorical(codes, categories=[member.value for member in order]).codes
    return np.maximum(positions, 0).astype(np.int8)


def _located(frame: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """Rows passing ``mask`` that have a position (a household not placed yet has none)."""
    chosen = frame[mask]
    return chosen[chosen["x"].notna().to_numpy()]


def lines_path(geometries: np.ndarray) -> QPainterPath:
    """All lines (or polygon boundaries) of ``geometries`` in one path."""
    if not len(geometries):
        return QPainterPath()
    areal = shapely.get_type_id(geometries[0]) in (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)
    boundaries = shapely.boundary(geometries) if areal else geometries
    parts = shapely.get_parts(boundaries)
    coordinates, index = shapely.get_coordinates(parts, return_index=True)
    return polylines_path(coordinates, index)


_last_roads: list = [None, None]  # (roads frame, its outlines): one entry, the frame kept alive by it


def road_outlines_of(roads: gpd.GeoDataFrame) -> dict[RoadKind, Outlines]:
    """Outlines per road kind, reused while the roads frame is the same object.

    No filter touches the roads, and a province's take seconds to index, so a
    new filter must not rebuild them; the review data replaces the frame when roads change.
    """
    if _last_roads[0] is not roads:
        outlines = {
            kind: Outlines.of(roads.geometry.to_numpy()[(roads["kind"] == kind).to_numpy()]) for kind in RoadKind
        }
        _last_roads[:] = [roads, outlines]
    return _last_roads[1]


def build_map_content(
    data: ReviewData,
    selection: ReviewSelection,
    sketches: tuple[SketchBasemap, ...] = (),
    problems: tuple[WanggeError, ...] = (),
    imagery: tuple[ImagerySource, ...] = (),
    summaries: pd.DataFrame | None = None,
) -> MapContent:
    """The drawable snapshot of ``data`` as filtered by ``selection``; ``summaries`` are the store's counts per
    grid (:meth:`~layers.store.base.ProjectStore.grid_summaries`) for the county overview."""
    households = _located(data.households, selection.households)
    disputes = _located(data.disputes, selection.disputes)
    grids = data.grids[selection.grids]
    label_points = shapely.point_on_surface(grids.geometry.to_numpy()) if len(grids) else np.array([])
    labels = tuple(
        GridLabel(float(shapely.get_x(point)), float(shapely.get_y(point)), code, name, officer)
        for point, code, name, officer in zip(label_points, grids["code"], grids["name"], grids["officer"])
    )
    road_outlines = road_outlines_of(data.roads)
    landmarks = data.landmarks[data.landmarks["x"].notna().to_numpy()]
    return MapContent(
        household_x=households["x"].to_numpy(dtype=float),
        household_y=households["y"].to_numpy(dtype=float),
        household_recency=_codes_to_index(households["recency"], RECENCY_ORDER),
        household_key_person=(households["key_person"].fillna("") != "").to_numpy(),
        household_no=households["house_no"].to_numpy(dtype=object),
        dispute_x=disputes["x"].to_numpy(dtype=float),
        dispute_y=disputes["y"].to_numpy(dtype=float),
        dispute_grade=_codes_to_index(disputes["grade"], GRADE_ORDER),
        dispute_open=disputes["status"].isin(OPEN_STATUSES).to_numpy(),
        grids=Outlines.of(grids.geometry.to_numpy()),
        grid_labels=labels,
        roads=road_outlines,
        landmark_x=landmarks["x"].to_numpy(dtype=float),
        landmark_y=landmarks["y"].to_numpy(dtype=float),
        landmark_kind=landmarks["kind"].to_numpy(dtype=object),
        landmark_name=tuple(landmarks["name"]),
        sketches=sketches,
        problems=problems,
        imagery=imagery,
        grid_summaries=None if summaries is None else GridSummaries.of(grids["id"], summaries),
        grid_areas=tuple(  # a station that never named its grids' villages has no village level to show
            (area, grids[area].to_numpy(dtype=object))
            for area in ("village", "township")
            if area in grids.columns and grids[area].fillna("").astype(str).str.strip().ne("").any()
        ),
    )
