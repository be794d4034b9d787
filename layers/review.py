"""What a station review looks at: households against their visit cycle, visits and disputes, filtered.

One :class:`ReviewFilter` selects for the map, the attribute table and the
counts, so they can never disagree: in memory over the records a map holds
(:func:`select`; a view's, read by :func:`load_map_review`, or a whole project's
for print, read by :func:`load_review`), and in the store over the whole project
(:func:`review_query`, :func:`review_counts`), since a county's million
households are never all in memory. Positions are kept in metres (UTM 48N,
:mod:`layers.crs`) next to the records, because every consumer (renderer,
identify) works in metres.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from functools import cached_property
from typing import TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers.crs import MEASURE_EPSG, STORAGE_EPSG, to_measure
from layers.disputes.states import OPEN_STATUSES
from layers.errors import LayerUnreadableError, RecordNotFoundError, WanggeError
from layers.feedback import Feedback
from layers.household_status import recency_at
from layers.schema import layer_schema
from layers.store import Change, ProjectStore
from layers.store.base import frame_column
from layers.store.record_query import MatchKind, OrderBy, Period, RecordQuery, TypedWord, WordMatch
from layers.values import STATION_TIMEZONE
from layers.vocabulary import KEY_PERSON_SEPARATOR, RoadKind, VisitRecency

Extent = tuple[float, float, float, float]
T = TypeVar("T")

HOUSEHOLD_COLUMNS = [
    "id", "house_no", "head_name", "members", "phone", "address", "grid_id", "key_person",
    "anti_fraud_app", "camera", "located_by", "version",
]  # fmt: skip
VISIT_COLUMNS = [
    "id", "household_id", "visited_at", "officer", "purpose", "outcome", "dispute_id", "loss_prevented_yuan", "notes",
    "spot_check", "version",
]  # fmt: skip
DISPUTE_COLUMNS = [
    "id", "household_id", "grid_id", "reported_at", "grade", "status", "level", "kind", "parties", "summary",
    "mediator", "agreement_signed", "resolved_at", "followup_due", "followed_up_at", "version", "updated_at",
]  # fmt: skip
"""``updated_at`` dates a reopening, as the monthly assessment reads it (:mod:`layers.assessment.monthly`)."""
GRID_COLUMNS = [
    "id", "code", "name", "township", "village", "officer", "auxiliary", "phone", "visit_cycle_days",
    "monthly_visit_target", "version",
]  # fmt: skip
REVIEW_COLUMNS = {
    "grids": GRID_COLUMNS,
    "roads": ["id", "kind", "name"],
    "landmarks": ["id", "kind", "name", "grid_id"],
    "households": HOUSEHOLD_COLUMNS,
    "disputes": DISPUTE_COLUMNS,
    "visits": VISIT_COLUMNS,
}
"""The layers the review knows and the fields it keeps of each; visits are read only when a count needs them
(:mod:`layers.assessment.deciding_visits`), never at open."""
REVIEW_LAYERS = tuple(REVIEW_COLUMNS)
READING_PROGRESS = {"grids": 10, "roads": 25, "landmarks": 30, "households": 70, "disputes": 85}
"""The layers a review reads whole, with the progress reached after each: visits are not among them."""


def _with_metres(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """Point records with ``x``/``y`` in metres; the geometry stays for identify and export."""
    frame = frame.copy()
    geometry = frame.geometry.to_numpy()
    present = ~(shapely.is_missing(geometry) | shapely.is_empty(geometry))  # another GIS may write empty
    x = np.full(len(frame), np.nan)
    y = np.full(len(frame), np.nan)
    if present.any():
        points = geometry[present]
        x[present], y[present] = to_measure(shapely.get_x(points), shapely.get_y(points))
    frame["x"], frame["y"] = x, y
    return frame


def _in_metres(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Lines and areas in metres, by this thread's kept transformer (building one costs a tenth of a second)."""
    frame = frame.copy()
    if len(frame):
        frame.geometry.values[:] = shapely.transform(frame.geometry.to_numpy(), _coordinates_in_metres)
    return frame.set_crs(epsg=MEASURE_EPSG, allow_override=True)


def _coordinates_in_metres(coordinates: np.ndarray) -> np.ndarray:
    return np.column_stack(to_measure(coordinates[:, 0], coordinates[:, 1]))


@dataclass(frozen=True)
class ReviewData:
    """One station's records as the review needs them; rebuilt per layer when the store changes.

    ``visits`` is empty as read (:func:`load_review`): a county keeps millions,
    and what the review shows of them (each household's last visit and
    recency) the store keeps per household. A count that needs them reads
    those that decide it (:mod:`layers.assessment.deciding_visits`); the
    attribute table pages them from the store.
    """

    as_of: pd.Timestamp
    grids: gpd.GeoDataFrame
    households: pd.DataFrame
    visits: pd.DataFrame
    disputes: pd.DataFrame
    landmarks: pd.DataFrame
    roads: gpd.GeoDataFrame
    problems: tuple[WanggeError, ...] = ()  # layers that could not be read

    @cached_property
    def visit_household_rows(self) -> np.ndarray:
        """Row of each visit's household in ``households`` (-1 if unknown), so filters never match ids twice."""
        return pd.Index(self.households["id"]).get_indexer(self.visits["household_id"])

    @cached_property
    def dispute_household_rows(self) -> np.ndarray:
        return pd.Index(self.households["id"]).get_indexer(self.disputes["household_id"])

    @property
    def extent(self) -> tuple[float, float, float, float] | None:
        """Bounds in metres of everything there is to show; ``None`` for an empty project."""
        boxes = [b for b in (_bounds(self.grids), _point_bounds(self.households), _bounds(self.roads)) if b]
        if not boxes:
            return None
        array = np.array(boxes)
        return (array[:, 0].min(), array[:, 1].min(), array[:, 2].max(), array[:, 3].max())


def _bounds(frame: gpd.GeoDataFrame) -> tuple[float, float, float, float] | None:
    if not len(frame):
        return None
    return tuple(frame.total_bounds)


def _point_bounds(frame: pd.DataFrame) -> tuple[float, float, float, float] | None:
    if not len(frame) or frame["x"].isna().all():
        return None
    return (frame["x"].min(), frame["y"].min(), frame["x"].max(), frame["y"].max())


def load_review(
    store: ProjectStore,
    as_of: datetime | None = None,
    feedback: Feedback | None = None,
    bbox: Extent | None = None,
    households_of: Sequence[str] = (),
) -> ReviewData:
    """Read a whole project's review from ``store`` (what an atlas of every grid prints), without a visit:
    households carry the status the store keeps. The window reads its view instead (:func:`load_map_review`).

    Printing one grid reads less: with ``bbox`` (lon/lat), the records within it, grids whole; and the
    households of the grids ``households_of`` wherever they lie (one not yet placed is still on its list).
    """
    feedback = feedback or Feedback()
    moment = _as_of(as_of)
    frames: dict[str, pd.DataFrame] = {"visits": _empty_layer("visits")}
    problems: list[LayerUnreadableError] = []
    for layer, percent in READING_PROGRESS.items():
        feedback.raise_if_canceled()
        frames[layer], problem = _read_or_report(store, layer, bbox=None if layer == "grids" else bbox)
        problems += [problem] if problem else []
        feedback.set_progress(percent)
    if households_of:
        own, problem = _read_or_report(store, "households", matching={"grid_id": list(households_of)})
        problems += [problem] if problem else []
        frames["households"] = pd.concat([frames["households"], own]).drop_duplicates("id", ignore_index=True)
    data = ReviewData(as_of=moment, problems=tuple(problems), **frames)
    if bbox is None:
        data = with_household_status(data, store)
    else:
        data, status = _kept_status(data, store, households=data.households["id"].tolist())
        data = replace(data, households=with_kept_status(data.households, status, data.as_of))
    data.dispute_household_rows  # noqa: B018 - indexed here, in the job, not at the first filter
    feedback.set_progress(100)
    return data


def load_counted_review(
    store: ProjectStore, columns: Mapping[str, list[str]], as_of: datetime | None = None
) -> ReviewData:
    """What a count over the whole project reads (the dashboard's): ``columns`` of its grids, households and
    disputes, without positions, and each household's kept status; no road, landmark or visit.

    Positions, names and roads are what a map draws; reading them for a county's million households took
    the dashboard 20 of its seconds.
    """
    frames = {layer: store.read_selected(layer, RecordQuery(), fields) for layer, fields in columns.items()}
    empty = {layer: _empty_layer(layer) for layer in REVIEW_LAYERS if layer not in frames}
    return with_household_status(ReviewData(as_of=_as_of(as_of), **frames, **empty), store)


def with_household_status(
    data: ReviewData, store: ProjectStore, bbox: Extent | None = None, households: list[str] | None = None
) -> ReviewData:
    """``data`` with each household's last visit and recency from the status the store keeps (of ``households``
    only, when given: the others keep theirs).

    A status that cannot be read leaves the households never visited and says why among the problems.
    """
    data, status = _kept_status(data, store, bbox, households)
    if households is None:
        return replace(data, households=with_kept_status(data.households, status, data.as_of))
    chosen = data.households["id"].isin(households).to_numpy()
    patched = data.households.copy()
    fresh = with_kept_status(patched[chosen], status, data.as_of)
    for column in ("last_visit", "recency"):  # by mask, so each column keeps its type
        patched[column] = patched[column].mask(chosen, pd.Series(fresh[column].array, index=patched.index[chosen]))
    return replace(data, households=patched)


def _kept_status(
    data: ReviewData, store: ProjectStore, bbox: Extent | None = None, households: list[str] | None = None
) -> tuple[ReviewData, pd.DataFrame]:
    """The kept status of the households in ``bbox`` or of ``households``; none, and the reason among
    ``data``'s problems, when it cannot be read."""
    try:
        return data, store.household_status(bbox, columns=KEPT_STATUS_DRAWN, households=households)
    except Exception as error:  # noqa: BLE001 - households are still shown, as never visited, and the reason said
        problem = unreadable_layer(store, "households", error)
        status = pd.DataFrame({"household_id": [], "last_visit": [], "grid_cycle_days": []})
        return replace(data, problems=(*data.problems, problem)), status


def _read_or_report(
    store: ProjectStore,
    layer: str,
    columns: list[str] | None = None,
    bbox: Extent | None = None,
    matching: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, LayerUnreadableError | None]:
    """The layer (its review columns, or ``columns``; within ``bbox``; ``matching`` values), or an empty one and
    the reason: one damaged layer must not hide the rest of the station."""
    columns = columns or REVIEW_COLUMNS[layer]
    try:
        return _in_review_form(layer, store.read(layer, bbox=bbox, columns=columns, matching=matching)), None
    except Exception as error:  # noqa: BLE001 - any failure of one layer is reported, never swallowed
        return _empty_layer(layer, columns), unreadable_layer(store, layer, error)


def unreadable_layer(store: ProjectStore, layer: str, error: Exception) -> LayerUnreadableError:
    """``error`` met reading ``layer``, said as the user reads it: which project, which layer, why."""
    reason = error.translated(lambda _context, text: text) if isinstance(error, WanggeError) else str(error)
    return LayerUnreadableError(location=store.location, layer=layer, reason=reason or type(error).__name__)


def asked_of(store: ProjectStore, layer: str, question: Callable[[], T]) -> T:
    """``question()``'s answer; a failure of the store reading ``layer`` (a file another program locks, a
    server gone) as the user reads it (:func:`unreadable_layer`), for a job to say instead of a traceback."""
    try:
        return question()
    except WanggeError:
        raise
    except Exception as error:  # noqa: BLE001 - said as the layer that could not be read, never swallowed
        raise unreadable_layer(store, layer, error) from error


def _empty_layer(layer: str, columns: list[str] | None = None) -> pd.DataFrame:
    schema = layer_schema(layer)
    frame = pd.DataFrame({name: frame_column(schema.field(name), []) for name in columns or REVIEW_COLUMNS[layer]})
    return _in_review_form(layer, gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=f"EPSG:{STORAGE_EPSG}")))


MAP_COLUMNS = {
    "grids": GRID_COLUMNS,
    "roads": REVIEW_COLUMNS["roads"],
    "landmarks": REVIEW_COLUMNS["landmarks"],
    "households": ["id", "house_no", "grid_id", "key_person"],
    "disputes": ["id", "household_id", "grid_id", "reported_at", "grade", "status"],
}
"""What a map draws and filters by. Grids are read whole: they are few, and labels and filters need each one."""


def load_map_review(
    store: ProjectStore,
    bbox: Extent | None = None,
    as_of: datetime | None = None,
    feedback: Feedback | None = None,
    with_points: bool = True,
    main_roads_only: bool = False,
) -> ReviewData:
    """The records a map shows within ``bbox`` (lon/lat; everything without), read by the spatial index.

    Households carry the status the store keeps (:meth:`~layers.store.base.ProjectStore.household_status`),
    so no visit is read: a county's years of visits would cost seconds and gigabytes, and a map draws none.
    ``visits`` is therefore empty, and so are households and disputes without ``with_points`` (an overview
    that draws the store's counts per grid instead); ``main_roads_only`` leaves out the lanes and tracks a map
    zoomed out that far does not draw.
    """
    feedback = feedback or Feedback()
    frames: dict[str, pd.DataFrame] = {"visits": _empty_layer("visits")}
    problems: list[LayerUnreadableError] = []
    points = ("households", "disputes")
    for step, (layer, columns) in enumerate(MAP_COLUMNS.items()):
        feedback.raise_if_canceled()
        if layer in points and not with_points:
            frames[layer] = _empty_layer(layer, columns)
            continue
        matching = {"kind": RoadKind.MAIN.value} if layer == "roads" and main_roads_only else None
        frames[layer], problem = _read_or_report(store, layer, columns, None if layer == "grids" else bbox, matching)
        problems += [problem] if problem else []
        feedback.set_progress(80 * (step + 1) / len(MAP_COLUMNS))
    data = ReviewData(as_of=_as_of(as_of), problems=tuple(problems), **frames)
    if with_points:
        data = with_household_status(data, store, bbox)
    else:
        data = replace(data, households=data.households.assign(last_visit=pd.NaT, recency=pd.Series(dtype=object)))
    feedback.set_progress(100)
    return data


KEPT_STATUS_DRAWN = ("last_visit", "grid_cycle_days")
"""What a map needs of each household's kept status: its recency at the moment of drawing."""


def with_kept_status(households: pd.DataFrame, status: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """``households`` with ``last_visit`` and ``recency`` at ``as_of`` from the store's kept status."""
    kept = status.set_index("household_id").reindex(households["id"].to_numpy())
    households = households.copy()
    households["last_visit"] = pd.to_datetime(kept["last_visit"].to_numpy(), utc=True)
    households["recency"] = recency_at(kept.reset_index(drop=True), as_of)
    return households


def _as_of(moment: datetime | None) -> pd.Timestamp:
    return pd.Timestamp(moment or datetime.now(STATION_TIMEZONE)).tz_convert("UTC")


def read_layer(store: ProjectStore, layer: str) -> pd.DataFrame:
    """One layer in the form :class:`ReviewData` keeps it (used again when only that layer changed)."""
    if layer not in REVIEW_COLUMNS:
        raise KeyError(f"the review does not show layer '{layer}'")
    return _in_review_form(layer, store.read(layer, columns=REVIEW_COLUMNS[layer]))


def _in_review_form(layer: str, frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """Lines and areas keep their geometry, reprojected to metres; points get ``x``/``y`` in metres."""
    return _in_metres(frame) if layer in ("grids", "roads") else _with_metres(frame)


RECENCY_INPUTS = ("grids", "households", "visits")
"""The layers whose edits change a household's last visit or recency."""


def with_layer(data: ReviewData, store: ProjectStore, layer: str) -> ReviewData:
    """``data`` with ``layer`` read again from the store (and household recency refreshed if it depends on it)."""
    if layer != "visits":  # kept out of the review: see ReviewData
        data = replace(data, **{layer: read_layer(store, layer)})
    return _with_status_of_all(data, store) if layer in RECENCY_INPUTS else data


def _with_status_of_all(data: ReviewData, store: ProjectStore) -> ReviewData:
    """``data`` with the kept status of each of its households read again (those of a view: not the county's)."""
    data, status = _kept_status(data, store, households=data.households["id"].tolist())
    return replace(data, households=with_kept_status(data.households, status, data.as_of))


PATCH_UP_TO = 500
"""Changes of up to this many records are patched into the frame; more are read as a whole layer again."""


def with_change(data: ReviewData, store: ProjectStore, change: Change) -> ReviewData:
    """``data`` after ``change`` was committed: the records it names re-read, not the whole layer.

    An officer's edit touches one record; re-reading a county's visits for it
    would stall the window for seconds.
    """
    touched = (*change.inserted, *change.updated, *change.deleted)
    if change.layer == "visits" and touched == change.inserted and len(touched) <= PATCH_UP_TO:
        return with_household_status(data, store, households=_households_of_visits(store, change.inserted))
    if len(touched) > PATCH_UP_TO or change.layer == "visits":  # a visit moved or deleted: whose was it?
        return with_layer(data, store, change.layer)
    frame = getattr(data, change.layer)
    kept = frame[~frame["id"].isin(touched).to_numpy()]
    features = []
    for record in (*change.inserted, *change.updated):
        try:
            features.append(store.get(change.layer, record))
        except RecordNotFoundError:
            continue  # deleted again by a later edit: its own change will say so
    if features:
        schema = layer_schema(change.layer)
        columns = REVIEW_COLUMNS[change.layer]
        rows = pd.DataFrame({name: frame_column(schema.field(name), [f[name] for f in features]) for name in columns})
        geometry = gpd.GeoSeries([f.geometry for f in features], crs=f"EPSG:{STORAGE_EPSG}")
        fresh = _in_review_form(change.layer, gpd.GeoDataFrame(rows, geometry=geometry))
        kept = pd.concat([kept, fresh.reindex(columns=kept.columns)], ignore_index=True)  # derived ones follow
    data = replace(data, **{change.layer: kept.reset_index(drop=True)})
    return _with_status_of_all(data, store) if change.layer in RECENCY_INPUTS else data


def _households_of_visits(store: ProjectStore, visits: tuple[str, ...]) -> list[str]:
    """The households of visits just logged: only their status changed (a county has a million others)."""
    households = []
    for visit in visits:
        try:
            households.append(store.get("visits", visit)["household_id"])
        except RecordNotFoundError:
            continue  # deleted again by a later edit: its own change will say so
    return households


@dataclass(frozen=True)
class ReviewFilter:
    """What the reviewer asked to see; an empty set means "all"."""

    grid_ids: frozenset[str] = frozenset()
    officers: frozenset[str] = frozenset()
    grades: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    recency: frozenset[str] = frozenset()
    key_person_tags: frozenset[str] = frozenset()
    date_from: date | None = None
    date_to: date | None = None

    @property
    def is_empty(self) -> bool:
        return self == ReviewFilter()


@dataclass(frozen=True)
class ReviewSelection:
    """Boolean masks over the rows of a :class:`ReviewData`: what passes the filter (in the store:
    :func:`review_query`)."""

    grids: np.ndarray
    households: np.ndarray
    disputes: np.ndarray


def _station_day_bounds(review_filter: ReviewFilter) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The filter's dates as UTC instants: whole days in the station's time zone, both ends included."""
    start = end = None
    if review_filter.date_from:
        start = pd.Timestamp(datetime.combine(review_filter.date_from, time.min, STATION_TIMEZONE)).tz_convert("UTC")
    if review_filter.date_to:
        end = pd.Timestamp(datetime.combine(review_filter.date_to, time.max, STATION_TIMEZONE)).tz_convert("UTC")
    return start, end


def _in_period(moments: pd.Series, start: pd.Timestamp | None, end: pd.Timestamp | None) -> np.ndarray:
    inside = np.ones(len(moments), dtype=bool)
    if start is not None:
        inside &= (moments >= start).to_numpy()
    if end is not None:
        inside &= (moments <= end).to_numpy()
    return inside


def _has_any_tag(stored: pd.Series, tags: frozenset[str]) -> np.ndarray:
    pattern = rf"(?:^|{KEY_PERSON_SEPARATOR})(?:{'|'.join(sorted(tags))})(?:{KEY_PERSON_SEPARATOR}|$)"
    return stored.fillna("").str.contains(pattern, regex=True).to_numpy()


def chosen_grids(grids: pd.DataFrame, review_filter: ReviewFilter) -> np.ndarray:
    """Which of ``grids`` the filter's grids and officers (an officer's own or assisted grids) choose."""
    grid_mask = np.ones(len(grids), dtype=bool)
    if review_filter.grid_ids:
        grid_mask &= grids["id"].isin(review_filter.grid_ids).to_numpy()
    if review_filter.officers:
        grid_mask &= (
            grids["officer"].isin(review_filter.officers) | grids["auxiliary"].isin(review_filter.officers)
        ).to_numpy()
    return grid_mask


def select(data: ReviewData, review_filter: ReviewFilter) -> ReviewSelection:
    """Apply ``review_filter`` to the records in memory (a map's: what its view shows).

    Grid and officer choose grids; households follow their grid, recency and
    key-person tags; disputes follow their grid (or their household's), grade,
    status and the date range of when they were reported. The store selects
    the same by :func:`review_query`.
    """
    grid_mask = chosen_grids(data.grids, review_filter)
    grid_filtered = bool(review_filter.grid_ids or review_filter.officers)
    chosen = set(data.grids["id"][grid_mask])

    households = data.households
    household_mask = np.ones(len(households), dtype=bool)
    if grid_filtered:
        household_mask &= households["grid_id"].isin(chosen).to_numpy()
    if review_filter.recency:
        household_mask &= households["recency"].isin(review_filter.recency).to_numpy()
    if review_filter.key_person_tags:
        household_mask &= _has_any_tag(households["key_person"], review_filter.key_person_tags)

    start, end = _station_day_bounds(review_filter)
    disputes = data.disputes
    dispute_mask = _in_period(disputes["reported_at"], start, end)
    if grid_filtered:
        rows = data.dispute_household_rows
        household_grid = np.where(rows >= 0, households["grid_id"].to_numpy(dtype=object)[rows], None)
        dispute_grid = disputes["grid_id"].fillna(pd.Series(household_grid, index=disputes.index))
        dispute_mask &= dispute_grid.isin(chosen).to_numpy()
    if review_filter.grades:
        dispute_mask &= disputes["grade"].isin(review_filter.grades).to_numpy()
    if review_filter.statuses:
        dispute_mask &= disputes["status"].isin(review_filter.statuses).to_numpy()
    return ReviewSelection(grid_mask, household_mask, dispute_mask)


def review_query(layer: str, grids: pd.DataFrame, review_filter: ReviewFilter, as_of: pd.Timestamp) -> RecordQuery:
    """The records of ``layer`` that ``review_filter`` selects, as a query for the store, by the rules of
    :func:`select`: a county's households and visits are never all in memory to be selected there.

    Visits follow their household and the date range. Grids go to the store as
    grid ids and recency and key persons as codes, never as household ids.
    """
    grid_filtered = bool(review_filter.grid_ids or review_filter.officers)
    chosen = tuple(grids["id"][chosen_grids(grids, review_filter)]) if grid_filtered else None
    start, end = _station_day_bounds(review_filter)
    dated = start is not None or end is not None
    if layer == "disputes":
        one_of = tuple(
            (name, tuple(sorted(codes)))
            for name, codes in (("grade", review_filter.grades), ("status", review_filter.statuses))
            if codes
        )
        period = Period("reported_at", start, end) if dated else None
        return RecordQuery(period=period, one_of=one_of, grids=chosen, as_of=as_of)
    period = Period("visited_at", start, end) if dated and layer == "visits" else None
    return RecordQuery(
        period=period,
        households_in_grids=chosen,
        recency=tuple(sorted(review_filter.recency)),
        key_persons=tuple(sorted(review_filter.key_person_tags)),
        as_of=as_of,
    )


def review_counts(
    store: ProjectStore, grids: pd.DataFrame, review_filter: ReviewFilter, as_of: pd.Timestamp
) -> dict[str, int]:
    """What the filter selects, counted by the store (the status bar's figures): grids, households, those
    overdue and never visited, disputes and those unresolved."""
    households = review_query("households", grids, review_filter, as_of)
    disputes = review_query("disputes", grids, review_filter, as_of)

    def households_at(recency: VisitRecency) -> int:
        if review_filter.recency and recency.value not in review_filter.recency:
            return 0
        return store.count_matching("households", replace(households, recency=(recency.value,)))

    unresolved = sorted(OPEN_STATUSES & (review_filter.statuses or OPEN_STATUSES))
    others = tuple(condition for condition in disputes.one_of if condition[0] != "status")
    open_disputes = replace(disputes, one_of=(*others, ("status", tuple(unresolved))))
    return {
        "grids": int(chosen_grids(grids, review_filter).sum()),
        "households": store.count_matching("households", households),
        "overdue": households_at(VisitRecency.OVERDUE),
        "never": households_at(VisitRecency.NEVER),
        "disputes": store.count_matching("disputes", disputes),
        "open_disputes": store.count_matching("disputes", open_disputes) if unresolved else 0,
    }


def grid_at(data: ReviewData, x: float, y: float) -> str | None:
    """The id of the grid whose outline holds the point (x, y) in metres; ``None`` outside every grid.

    Grids do not overlap; where a drawing error makes them, the first by code wins.
    """
    if not len(data.grids):
        return None
    inside = data.grids[data.grids.geometry.contains(shapely.Point(x, y))]
    return str(inside.sort_values("code", kind="stable")["id"].iloc[0]) if len(inside) else None


SEARCHED_FIELDS = ("house_no", "head_name", "phone")


def search_households(store: ProjectStore, text: str, limit: int = 20) -> pd.DataFrame:
    """Households whose house number, head of household or phone holds ``text``, exact house numbers first,
    found by the store (a county's households are not in memory): ``id``, ``house_no``, ``head_name``."""
    needle = text.strip()
    columns = ["id", *SEARCHED_FIELDS[:2]]
    if not needle:
        return pd.DataFrame(columns=columns)
    exact = store.read_page("households", RecordQuery(one_of=(("house_no", (needle,)),)), columns, 0, limit)
    places = tuple(WordMatch(name, MatchKind.TEXT) for name in SEARCHED_FIELDS)
    partial = store.read_page(
        "households", RecordQuery(words=(TypedWord(needle, places),), order=OrderBy("house_no")), columns, 0, limit
    )
    hits = pd.concat([exact, partial[~partial["id"].isin(exact["id"]).to_numpy()]], ignore_index=True)
    return hits.head(limit)
