"""What a view reads: by its extent through the spatial index, with the project's extent from the indexes alone."""

from __future__ import annotations

import numpy as np
import pytest

from layers.crs import to_measure
from layers.review import load_review
from maps.map_settings import MapSettings
from maps.project_map import MapReading, load_project_map, project_extent


def test_the_project_extent_comes_from_the_indexes_and_matches_the_records(make_project):
    store = make_project()
    from_records = load_review(store).extent
    assert project_extent(store) == pytest.approx(from_records, abs=5.0)  # a lon/lat box projects a little wider


def test_a_view_reads_the_households_and_disputes_in_it_and_a_margin_only(qapp, make_project):
    store = make_project()
    (x0, x1), (y0, y1) = to_measure(*np.reshape(store.standard["grid_a"].geometry.bounds, (2, 2)).T)
    west = MapSettings((x0, y0, x1, y1), 900, 900)  # houses 1 and 2 and the red dispute lie in grid YH-01
    whole = load_project_map(store)
    part = load_project_map(store, view=west)
    assert whole.content.household_count == 3 and part.content.household_count == 2
    assert len(part.content.dispute_x) == 1 and len(whole.content.dispute_x) == 2
    assert len(part.content.grid_labels) == 2, "grids are read whole: their labels and filters need every one"


def test_the_box_read_for_a_view_holds_the_view_and_its_margin(make_project):
    store = make_project()
    settings = MapSettings(project_extent(store), 800, 600)
    reading = MapReading.for_view(settings)
    (minx, miny, maxx, maxy), (west, south, east, north) = settings.visible_extent, reading.extent
    assert west < minx and south < miny and east > maxx and north > maxy
    assert reading.covers(settings)


def test_a_reading_with_room_to_pan_covers_small_pans_but_not_a_zoom_past_the_overview():
    view = MapSettings((0.0, 0.0, 8000.0, 6000.0), 800, 600)  # 10 m a pixel: the overview begins here
    reading = MapReading.for_view(view, margin_share=0.5)
    panned = MapSettings((3000.0, 2000.0, 11000.0, 8000.0), 800, 600)
    assert reading.covers(panned), "a pan of less than half a view reads nothing again"
    assert not MapReading.for_view(view).covers(panned), "without room to pan, it does"
    assert not reading.covers(MapSettings((0.0, 0.0, 12000.0, 9000.0), 800, 600)), "wider than read"
    zoomed_in = MapSettings((2000.0, 2000.0, 6000.0, 5000.0), 800, 600)
    assert not reading.with_points and MapReading.for_view(zoomed_in).with_points
    assert not reading.covers(zoomed_in), "zoomed in past the overview, households must be read"
