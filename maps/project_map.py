"""A project's map in one call: read what the map shows, build the snapshot, choose the default view.

``wangge render`` and the benchmarks use this. It reads by extent through the
spatial index, only the columns drawn, and households with the status the store
keeps, never the visits (:func:`layers.review.load_map_review`); the desktop
window reads the whole review data itself because its table and counts need it.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from maps.sketch_basemap import load_sketch_basemaps

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


def load_project_map(
    store: ProjectStore,
    review_filter: ReviewFilter | None = None,
    feedback: Feedback | None = None,
    view: MapSettings | None = None,
) -> ProjectMap:
    """The map of ``store`` as filtered: what ``view`` shows, or the whole project for any view (as the window
    holds it, with the counts per grid its overview draws when zoomed out).

    A view is read by its extent and a margin. Zoomed out beyond telling households apart
    (:func:`maps.overview.shows_overview`) no household or dispute is read: the store's counts per grid are
    drawn instead; beyond where the renderer draws lanes, only main roads are read.
    """
    overview = view is not None and view.metres_per_pixel >= OVERVIEW_FROM_METRES_PER_PIXEL
    main_roads_only = view is not None and view.metres_per_pixel > LANES_BELOW_METRES_PER_PIXEL
    data = load_map_review(store, None if view is None else reading_bbox(view), feedback=feedback,
                           with_points=not overview, main_roads_only=main_roads_only)  # fmt: skip
    summaries = store.grid_summaries(data.as_of) if overview or view is None else None
    sketches, sketch_problems = load_sketch_basemaps(store)
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


def reading_bbox(settings: MapSettings) -> Extent:
    """The lon/lat box to read a view's features by: what it shows and a margin."""
    minx, miny, maxx, maxy = settings.visible_extent
    pad = READ_MARGIN_PIXELS * settings.metres_per_pixel
    return transformer(MEASURE_EPSG, STORAGE_EPSG).transform_bounds(
        minx - pad, miny - pad, maxx + pad, maxy + pad, densify_pts=21
    )


def extent_in_metres(extent: Extent) -> Extent:
    """An extent given as lon/lat degrees (every value a plausible degree) becomes metres; metres stay."""
    minx, miny, maxx, maxy = extent
    if all(abs(v) <= 180 for v in (minx, maxx)) and all(abs(v) <= 90 for v in (miny, maxy)):
        (x0, x1), (y0, y1) = to_measure([minx, maxx], [miny, maxy])
        return (x0, y0, x1, y1)
    return extent
