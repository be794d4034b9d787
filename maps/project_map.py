"""A project's map: read what a view shows, build the snapshot, choose the default view.

``wangge render``, the window and the benchmarks read through :class:`MapReading`:
by extent through the spatial index, only the columns drawn, and households with
the status the store keeps, never the visits (:func:`layers.review.load_map_review`).
Zoomed out beyond telling households apart, no household is read at all: the
store's counts per grid are drawn instead (:mod:`maps.overview`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from layers.crs import MEASURE_EPSG, STORAGE_EPSG, to_measure, transformer
from layers.feedback import Feedback
from layers.imagery.reading import imagery_extent, imagery_sources
from layers.review import ReviewData, ReviewFilter, load_map_review, select
from layers.store import ProjectStore
from maps.map_content import MapContent, build_map_content
from maps.map_settings import MapSettings
from maps.overview import OVERVIEW_FROM_METRES_PER_PIXEL
from maps.renderer import LANES_BELOW_METRES_PER_PIXEL
from maps.sketch_basemap import load_sketch_basemaps, unreadable_sketches

Extent = tuple[float, float, float, float]


@dataclass(frozen=True)
class ProjectMap:
    data: ReviewData
    content: MapContent

    @property
    def extent(self) -> Extent | None:
        """Everything the project has placed; a station with only its imagery so far, the imagery's."""
        return self.data.extent or imagery_extent(self.content.imagery)

    @property
    def imagery_tables(self) -> tuple[str, ...]:
        return tuple(source.table for source in self.content.imagery)


@dataclass(frozen=True)
class MapReading:
    """What is read from the store to draw a view: the features within ``extent`` (metres), households and
    disputes unless the view is an overview, and lanes and tracks unless zoomed out beyond drawing them."""

    extent: Extent
    with_points: bool
    main_roads_only: bool

    @classmethod
    def for_view(cls, view: MapSettings, margin_share: float = 0.0) -> MapReading:
        """The reading of ``view``, with :data:`READ_MARGIN_PIXELS` and ``margin_share`` of its size more on
        each side (so that panning a little reads nothing again)."""
        minx, miny, maxx, maxy = view.visible_extent
        pad_x = READ_MARGIN_PIXELS * view.metres_per_pixel + margin_share * (maxx - minx)
        pad_y = READ_MARGIN_PIXELS * view.metres_per_pixel + margin_share * (maxy - miny)
        return cls(
            extent=(minx - pad_x, miny - pad_y, maxx + pad_x, maxy + pad_y),
            with_points=view.metres_per_pixel < OVERVIEW_FROM_METRES_PER_PIXEL,
            main_roads_only=view.metres_per_pixel > LANES_BELOW_METRES_PER_PIXEL,
        )

    def covers(self, view: MapSettings) -> bool:
        """Whether what was read draws ``view`` as reading it afresh would."""
        wanted = MapReading.for_view(view)
        minx, miny, maxx, maxy = self.extent
        inside = minx <= wanted.extent[0] and miny <= wanted.extent[1] and maxx >= wanted.extent[2] and (
            maxy >= wanted.extent[3])  # fmt: skip
        return inside and (wanted.with_points, wanted.main_roads_only) == (self.with_points, self.main_roads_only)

    def read(self, store: ProjectStore, as_of: datetime | None = None, feedback: Feedback | None = None) -> ReviewData:
        bbox = transformer(MEASURE_EPSG, STORAGE_EPSG).transform_bounds(*self.extent, densify_pts=21)
        return load_map_review(store, bbox, as_of, feedback, self.with_points, self.main_roads_only)


def load_project_map(
    store: ProjectStore,
    review_filter: ReviewFilter | None = None,
    feedback: Feedback | None = None,
    view: MapSettings | None = None,
) -> ProjectMap:
    """The map of ``store`` as filtered: what ``view`` shows (:class:`MapReading`), or the whole project for any
    view, with the counts per grid its overview draws when zoomed out."""
    if view is None:
        data = load_map_review(store, feedback=feedback)
    else:
        data = MapReading.for_view(view).read(store, feedback=feedback)
    summaries = store.grid_summaries(data.as_of) if view is None or not MapReading.for_view(view).with_points else None
    if view is None or any(layer.name == "sketch" and layer.visible for layer in view.layers):
        sketches, sketch_problems = load_sketch_basemaps(store)
    else:  # a hidden sketch is not decoded (a phone photo is 50 MB of pixels), only checked
        sketches, sketch_problems = (), unreadable_sketches(store)
    imagery, imagery_problems = imagery_sources(store)
    selection = select(data, review_filter or ReviewFilter())
    problems = data.problems + sketch_problems + imagery_problems
    return ProjectMap(data, build_map_content(data, selection, sketches, problems, imagery, summaries))


def project_extent(store: ProjectStore) -> Extent | None:
    """Everything the project has placed, in metres, from the spatial indexes alone (nothing read);
    a station with only its imagery so far, the imagery's."""
    boxes = [box for layer in EXTENT_LAYERS if (box := store.extent(layer)) is not None]
    if not boxes:
        return imagery_extent(imagery_sources(store)[0])
    array = np.array(boxes)
    west, south, east, north = array[:, 0].min(), array[:, 1].min(), array[:, 2].max(), array[:, 3].max()
    return transformer(STORAGE_EPSG, MEASURE_EPSG).transform_bounds(west, south, east, north, densify_pts=21)


EXTENT_LAYERS = ("grids", "households", "roads")
"""The layers whose bounds make a project's extent, as :attr:`layers.review.ReviewData.extent` has it."""


READ_MARGIN_PIXELS = 20
"""Features this far outside a view are read too: their symbols and labels reach into it."""


def extent_in_metres(extent: Extent) -> Extent:
    """An extent given as lon/lat degrees (every value a plausible degree) becomes metres; metres stay."""
    minx, miny, maxx, maxy = extent
    if all(abs(v) <= 180 for v in (minx, maxx)) and all(abs(v) <= 90 for v in (miny, maxy)):
        (x0, x1), (y0, y1) = to_measure([minx, maxx], [miny, maxy])
        return (x0, y0, x1, y1)
    return extent
