"""One sketch's georeferencing as the georeferencer window works on it: its control points
in the project, the method chosen for it, the fit, and what the fit implies.

The project is the single source of truth: control points are records of
``sketch_control_points``, the method is a project setting, and households
digitised on the sketch keep their pixel position (``sketch_x``/``sketch_y``,
``located_by = sketch``) from which their map position is derived. When the
control points change, :meth:`SketchGeoreference.placements` says which
derived positions move, so the caller can write them in the same undoable edit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from layers.crs import to_measure, to_storage
from layers.errors import InvalidControlPointsError
from layers.store import ProjectStore
from layers.vocabulary import LocatedBy
from maps.georef.analysis import AutoChoice, Suspect, choose_method, rank_suspects, suggest_next_points
from maps.georef.transforms import Method, Transform, fit

AUTO = "auto"
METHOD_SETTING = "georef_method:{sketch_id}"
VOUCHED_SETTING = "georef_vouched:{sketch_id}"
"""Record ids of control points the user put back after auto set them aside, as a JSON list."""
MOVE_TOLERANCE_M = 0.01
"""A derived household position is rewritten only when the new fit moves it by more than this."""
SUGGESTIONS = 3


@dataclass(frozen=True)
class FitState:
    """What the current control points give: a transform, or why there is none yet."""

    transform: Transform | None
    problem: InvalidControlPointsError | None = None
    explanation: str = ""
    left_out: tuple[str, ...] = ()
    suspects: tuple[Suspect, ...] = ()
    suggestions: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    point_ids: tuple[str, ...] = ()  # numbers (1-based rows of the point table) of the points fitted

    def errors_of(self, point_id: str) -> tuple[float, float] | None:
        """(residual, LOO) in metres of point number ``point_id`` if it took part in the fit."""
        if self.transform is None or point_id not in self.point_ids:
            return None
        index = self.point_ids.index(point_id)
        return float(self.transform.residual_m[index]), float(self.transform.loo_m[index])


@dataclass(frozen=True)
class Placement:
    """A record whose geometry is derived from the sketch and moves: a household or a grid outline."""

    layer: str
    record_id: str
    geometry: shapely.Geometry


class SketchGeoreference:
    """The georeferencing of sketch ``sketch_id`` in ``store``; reads afresh on every call."""

    def __init__(self, store: ProjectStore, sketch_id: str) -> None:
        self.store = store
        self.sketch_id = sketch_id
        sketches = store.read("sketches", columns=["id", "title", "width", "height", "image"])
        row = sketches[(sketches["id"] == sketch_id).to_numpy()]
        if row.empty:
            raise KeyError(f"{store.location}: no sketch {sketch_id}")
        self.title = str(row["title"].iloc[0])
        self.size = (int(row["width"].iloc[0]), int(row["height"].iloc[0]))
        self.image_bytes: bytes = row["image"].iloc[0] or b""
        self._last_fit: tuple[tuple, FitState] | None = None

    # -- the method ---------------------------------------------------------
    @property
    def method(self) -> str:
        """``auto`` or a :class:`Method` value, as last chosen for this sketch."""
        return self.store.settings().get(METHOD_SETTING.format(sketch_id=self.sketch_id), AUTO)

    def set_method(self, method: str) -> None:
        if method != AUTO:
            Method(method)  # refuse a name that is no method
        self.store.set_setting(METHOD_SETTING.format(sketch_id=self.sketch_id), method)

    @property
    def vouched(self) -> tuple[str, ...]:
        """Record ids of the points the user put back: auto never sets them aside."""
        text = self.store.settings().get(VOUCHED_SETTING.format(sketch_id=self.sketch_id), "")
        return tuple(json.loads(text)) if text else ()

    def vouch(self, record_id: str) -> None:
        """Keep point ``record_id`` in auto's fit however wrong it looks."""
        self._set_vouched({*self.vouched, str(record_id)})

    def unvouch(self, record_id: str) -> None:
        """Let auto set point ``record_id`` aside again if it looks wrong."""
        self._set_vouched(set(self.vouched) - {str(record_id)})

    def _set_vouched(self, record_ids: set[str]) -> None:
        self.store.set_setting(VOUCHED_SETTING.format(sketch_id=self.sketch_id), json.dumps(sorted(record_ids)))

    # -- control points -----------------------------------------------------
    def control_points(self) -> pd.DataFrame:
        """This sketch's control points: id, version, label, sketch_x, sketch_y, enabled, x, y (metres)."""
        columns = ["id", "version", "created_at", "sketch_id", "label", "sketch_x", "sketch_y", "enabled"]
        frame = self.store.read("sketch_control_points", columns=columns)
        own = frame[(frame["sketch_id"] == self.sketch_id).to_numpy()]
        geometry = own.geometry.to_numpy()
        x, y = to_measure(shapely.get_x(geometry), shapely.get_y(geometry))
        points = pd.DataFrame(own.drop(columns=["sketch_id", "geometry"])).reset_index(drop=True)
        points["x"], points["y"] = np.atleast_1d(x), np.atleast_1d(y)
        points["label"] = points["label"].fillna("")
        return points.sort_values("created_at", kind="stable").reset_index(drop=True)

    def fit(self) -> FitState:
        """Fit the chosen method to the enabled points; with ``auto``, let the LOO errors choose."""
        points = self.control_points()
        return self.fit_points(points, self.method, self.vouched)

    @staticmethod
    def fit_key(points: pd.DataFrame, method: str, vouched: tuple[str, ...] = ()) -> tuple:
        """What a fit depends on: the method, every point's id and version, and the points put back."""
        return (method, tuple(zip(points["id"], points["version"])), tuple(vouched))

    def fit_points(self, points: pd.DataFrame, method: str, vouched: tuple[str, ...] = ()) -> FitState:
        """Fit ``method`` (or ``auto``) to the enabled ``points`` as :meth:`control_points` gives them.

        Reads no widget and may run on a worker thread; the same points give the same (cached) answer.
        """
        key = self.fit_key(points, method, vouched)
        last = self._last_fit
        if last is not None and last[0] == key:
            return last[1]  # the window asks again after each edit: same points, same answer
        state = self._fit(points, method, vouched)
        self._last_fit = (key, state)
        return state

    def _fit(self, points: pd.DataFrame, method: str, vouched: tuple[str, ...]) -> FitState:
        enabled = points[points["enabled"].to_numpy(dtype=bool)]
        ids = [str(row + 1) for row in enabled.index]  # the numbers the table shows, so messages match it
        pixels = enabled[["sketch_x", "sketch_y"]].to_numpy(dtype=float)
        metres = enabled[["x", "y"]].to_numpy(dtype=float)
        try:
            if method == AUTO:
                numbers = {str(record_id): str(row + 1) for row, record_id in enumerate(points["id"])}
                kept_anyway = tuple(numbers[record_id] for record_id in vouched if record_id in numbers)
                choice = choose_method(pixels, metres, ids, kept_anyway)
            else:
                transform = fit(Method(method), pixels, metres, ids)
                choice = AutoChoice(transform, (), "", tuple(rank_suspects(pixels, metres, ids)))
        except InvalidControlPointsError as problem:
            return FitState(None, problem, point_ids=tuple(ids))
        transform, left_out = choice.transform, choice.left_out
        kept = tuple(i for i in ids if i not in left_out)
        kept_pixels = pixels[[ids.index(i) for i in kept]]
        left, top, right, bottom = self.drawing_bounds(pixels)
        suggestions = suggest_next_points(
            kept_pixels - [left, top], transform.loo_m, right - left, bottom - top, SUGGESTIONS
        )
        suggestions = suggestions + [left, top]
        return FitState(transform, None, choice.explanation, tuple(left_out), choice.suspects, suggestions, kept)

    def drawing_bounds(self, pixels: np.ndarray) -> tuple[float, float, float, float]:
        """Left, top, right, bottom of where the drawing is: its control points and drawn houses,
        with a margin, within the photo. The rest of a photo is desk and floor, no place to click."""
        drawn = self.drawn_households()[["sketch_x", "sketch_y"]].to_numpy(dtype=float)
        places = np.vstack([pixels.reshape(-1, 2), drawn])
        width, height = self.size
        if len(places) < 3:
            return 0.0, 0.0, float(width), float(height)
        margin = 0.05 * max(width, height)
        (left, top), (right, bottom) = places.min(axis=0) - margin, places.max(axis=0) + margin
        return max(0.0, left), max(0.0, top), min(float(width), right), min(float(height), bottom)

    # -- households drawn on the sketch -------------------------------------
    def drawn_households(self) -> pd.DataFrame:
        """Households placed from this sketch: id, version, house_no, head_name, sketch_x, sketch_y, located_by."""
        frame = self.store.read(
            "households",
            columns=["id", "version", "house_no", "head_name", "grid_id", "sketch_id", "sketch_x", "sketch_y",
                     "located_by"],
        )  # fmt: skip
        own = frame[(frame["sketch_id"] == self.sketch_id).to_numpy() & frame["sketch_x"].notna().to_numpy()]
        return pd.DataFrame(own).reset_index(drop=True)

    def placements(self, transform: Transform) -> list[Placement]:
        """Households located by this sketch and grids outlined on it whose geometry ``transform``
        moves by more than a centimetre."""
        return self._household_placements(transform) + self._grid_placements(transform)

    def _household_placements(self, transform: Transform) -> list[Placement]:
        drawn = self.drawn_households()
        drawn = drawn[(drawn["located_by"] == LocatedBy.SKETCH.value).to_numpy()]
        if drawn.empty:
            return []
        metres = transform.forward.apply(drawn[["sketch_x", "sketch_y"]].to_numpy(dtype=float))
        now = drawn.geometry.to_numpy()
        present = ~shapely.is_missing(now) & ~shapely.is_empty(now)
        old_x, old_y = np.full(len(drawn), np.nan), np.full(len(drawn), np.nan)
        if present.any():
            old_x[present], old_y[present] = to_measure(shapely.get_x(now[present]), shapely.get_y(now[present]))
        moved = ~present | (np.hypot(metres[:, 0] - old_x, metres[:, 1] - old_y) > MOVE_TOLERANCE_M)
        lon, lat = to_storage(metres[moved, 0], metres[moved, 1])
        return [
            Placement("households", str(record_id), shapely.Point(x, y))
            for record_id, x, y in zip(drawn["id"][moved], np.atleast_1d(lon), np.atleast_1d(lat))
        ]

    def outlined_grids(self) -> pd.DataFrame:
        """Grids whose outline was drawn on this sketch: id, version, code, name, sketch_outline."""
        grids = self.store.read("grids", columns=["id", "version", "code", "name", "sketch_id", "sketch_outline"])
        own = grids[(grids["sketch_id"] == self.sketch_id).to_numpy() & grids["sketch_outline"].notna().to_numpy()]
        return own.reset_index(drop=True)

    def _grid_placements(self, transform: Transform) -> list[Placement]:
        placements = []
        for record_id, outline, geometry in zip(
            *(self.outlined_grids()[c] for c in ("id", "sketch_outline", "geometry"))
        ):
            polygon = outline_on_map(transform, json.loads(outline))
            if geometry is None or not polygon.equals_exact(geometry, MOVE_TOLERANCE_M * 1e-5):  # ~1 cm in degrees
                placements.append(Placement("grids", str(record_id), polygon))
        return placements

    def locate_queue(self) -> pd.DataFrame:
        """Households with no position yet, by grid and house number: the officer places them one by one."""
        frame = self.store.read("households", columns=["id", "version", "house_no", "head_name", "grid_id"])
        geometry = frame.geometry.to_numpy()
        unplaced = frame[shapely.is_missing(geometry) | shapely.is_empty(geometry)]
        return pd.DataFrame(unplaced).sort_values(["grid_id", "house_no"], na_position="last").reset_index(drop=True)

    def grid_at(self, position: shapely.Point) -> str | None:
        """The grid whose outline holds ``position`` (lon/lat), if any."""
        grids = self.store.read("grids", columns=["id"])
        inside = grids[grids.geometry.contains(position).to_numpy()]
        return str(inside["id"].iloc[0]) if len(inside) else None

    def snap_targets(self) -> np.ndarray:
        """Positions (n, 2) in metres a click on the reference map snaps to: landmarks, road
        vertices (junctions and bends) and households located by GPS."""
        landmarks = self.store.read("landmarks", columns=["id"]).geometry.to_numpy()
        roads = self.store.read("roads", columns=["id"]).geometry.to_numpy()
        households = self.store.read("households", columns=["located_by"])
        gps = households[(households["located_by"] == LocatedBy.GPS.value).to_numpy()].geometry.to_numpy()
        vertices = shapely.get_coordinates(np.concatenate([landmarks, roads, gps]))
        if not len(vertices):
            return np.empty((0, 2))
        x, y = to_measure(vertices[:, 0], vertices[:, 1])
        return np.column_stack([x, y])


OUTLINE_STEP_PX = 20.0
"""Drawn edges are followed every this many sketch pixels, so a bending fit bends the outline too."""


def outline_on_map(transform: Transform, outline: list[list[float]]) -> shapely.Polygon:
    """The lon/lat polygon of an outline drawn on the sketch (pixel ring, y down)."""
    ring = np.asarray(outline, dtype=float)
    closed = np.vstack([ring, ring[:1]])
    pieces = []
    for start, end in zip(closed[:-1], closed[1:]):
        steps = max(1, int(np.ceil(np.hypot(*(end - start)) / OUTLINE_STEP_PX)))
        pieces.append(start + (end - start) * (np.arange(steps)[:, None] / steps))
    metres = transform.forward.apply(np.vstack(pieces))
    lon, lat = to_storage(metres[:, 0], metres[:, 1])
    polygon = shapely.Polygon(np.column_stack([lon, lat]))
    if polygon.is_valid:
        return polygon
    repaired = shapely.make_valid(polygon)  # an outline drawn across itself: keep its largest part
    parts = [part for part in getattr(repaired, "geoms", [repaired]) if part.geom_type == "Polygon"]
    return max(parts, key=lambda part: part.area)


def position_of(transform: Transform, pixel_x: float, pixel_y: float) -> shapely.Point:
    """The lon/lat (storage CRS) of a sketch pixel under ``transform``."""
    ((x, y),) = transform.forward.apply(np.array([[pixel_x, pixel_y]]))
    lon, lat = to_storage(x, y)
    return shapely.Point(lon, lat)
