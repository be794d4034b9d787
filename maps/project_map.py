"""A project's map in one call: read what the map shows, build the snapshot, choose the default view.

``wangge render`` and the benchmarks use this. It reads by extent through the
spatial index, only the columns drawn, and households with the status the store
keeps, never the visits (:func:`layers.review.load_map_review`); the desktop
window reads the whole review data itself because its table and counts need it.
"""

from __future__ import annotations

from dataclasses import dataclass

from layers.crs import to_measure
from layers.feedback import Feedback
from layers.imagery.reading import imagery_extent, imagery_sources
from layers.review import ReviewData, ReviewFilter, load_map_review, select
from layers.store import ProjectStore
from maps.map_content import MapContent, build_map_content
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
    bbox: Extent | None = None,
) -> ProjectMap:
    """The map of ``store`` within ``bbox`` (lon/lat; the whole project without), as filtered."""
    data = load_map_review(store, bbox, feedback=feedback)
    sketches, sketch_problems = load_sketch_basemaps(store)
    imagery, imagery_problems = imagery_sources(store)
    selection = select(data, review_filter or ReviewFilter())
    content = build_map_content(data, selection, sketches, data.problems + sketch_problems + imagery_problems, imagery)
    return ProjectMap(data, content)


def extent_in_metres(extent: Extent) -> Extent:
    """An extent given as lon/lat degrees (every value a plausible degree) becomes metres; metres stay."""
    minx, miny, maxx, maxy = extent
    if all(abs(v) <= 180 for v in (minx, maxx)) and all(abs(v) <= 90 for v in (miny, maxy)):
        (x0, x1), (y0, y1) = to_measure([minx, maxx], [miny, maxy])
        return (x0, y0, x1, y1)
    return extent
