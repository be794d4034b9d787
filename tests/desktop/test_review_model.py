"""Views follow the review model themselves: change the store or the filter, and each view shows it."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtGui import QUndoStack

from desktop.attribute_table import AttributeTableDock
from desktop.filter_bar import FilterBar
from desktop.review_model import ReviewModel
from desktop.store_events import StoreEvents
from layers.review import ReviewFilter, load_review
from layers.values import STATION_TIMEZONE
from maps.map_settings import MapSettings
from maps.project_map import MapReading, project_extent

AS_OF = datetime(2026, 11, 28, 10, tzinfo=STATION_TIMEZONE)


@pytest.fixture
def review_and_views(qtbot, make_project):
    store = make_project()
    events = StoreEvents()
    store.changed.connect(events.changed.emit)
    review = ReviewModel(events)
    table = AttributeTableDock(QUndoStack(), lambda _message: None, review=review)
    bar = FilterBar(review=review)
    for widget in (table, bar):
        qtbot.addWidget(widget)
    table.set_store(store)
    with qtbot.waitSignal(review.summariesChanged):  # counted by the store on a thread, as the status bar's
        review.show_project(store, load_review(store, AS_OF), None, bar.review_filter)
    qtbot.waitUntil(lambda: not review.busy and table.pages["households"].model.total_rows() is not None)
    yield store, review, table, bar
    store.changed.disconnect(events.changed.emit)  # the events object lived as long as the test


def _rows(qtbot, table, layer: str) -> int:
    """How many records the layer's table selects, once the store has counted them."""
    model = table.pages[layer].model
    qtbot.waitUntil(lambda: model.total_rows() is not None)
    return model.total_rows()


def test_a_committed_edit_reaches_every_view_without_the_window(qtbot, review_and_views):
    store, review, table, bar = review_and_views
    households = _rows(qtbot, table, "households")
    house = store.standard["house_2"]
    with qtbot.waitSignal(review.changed):
        store.update("households", house.id, {"members": 9}, expected_version=house.version)
    assert _rows(qtbot, table, "households") == households
    assert review.data.households.set_index("id").loc[house.id, "members"] == 9

    grid = store.standard["grid_a"]
    with qtbot.waitSignal(review.gridsChanged):
        store.update("grids", grid.id, {"name": "清真寺片"}, expected_version=grid.version)
    assert any("清真寺片" in bar.grid_box.itemText(index) for index in range(bar.grid_box.count()))


def test_a_filter_selects_for_every_view(qtbot, review_and_views):
    store, review, table, bar = review_and_views
    everything = _rows(qtbot, table, "households")
    grid = store.standard["grid_a"]
    with qtbot.waitSignal(review.changed):
        review.set_filter(ReviewFilter(grid_ids=frozenset({grid.id})))
    in_grid = (review.data.households["grid_id"] == grid.id).sum()
    assert _rows(qtbot, table, "households") == in_grid < everything


def test_the_counts_per_grid_and_the_filters_follow_an_edit_counted_on_a_thread(qtbot, review_and_views):
    store, review, _, _ = review_and_views
    households = review.grid_summaries.set_index("grid_id")["households"]
    house = store.standard["house_2"]
    grid_b = store.standard["grid_b"].id
    review.set_filter(ReviewFilter(grid_ids=frozenset({grid_b})))
    qtbot.waitUntil(lambda: review.counts is not None)
    in_b = review.counts["households"]
    assert in_b == households[grid_b]
    with qtbot.waitSignal(review.summariesChanged):  # the household moves grid: its grid's count follows
        store.update("households", house.id, {"grid_id": grid_b}, expected_version=house.version)
    recounted = review.grid_summaries.set_index("grid_id")["households"]
    assert recounted[grid_b] == households[grid_b] + 1 and recounted.sum() == households.sum()
    qtbot.waitUntil(lambda: review.counts is not None)
    assert review.counts["households"] == in_b + 1


def test_the_records_in_view_are_read_again_only_when_the_view_leaves_them(qtbot, make_project):
    store = make_project()
    review = ReviewModel(StoreEvents())
    extent = project_extent(store)
    minx, miny, maxx, maxy = extent
    west = MapSettings((minx, miny, (minx + maxx) / 2, maxy), 400, 600)  # zoomed in: households are read
    reading = MapReading.for_view(west)
    with qtbot.waitSignal(review.summariesChanged):
        review.show_project(store, reading.read(store, AS_OF), reading, ReviewFilter)
    first = review.data
    with qtbot.assertNotEmitted(review.changed, wait=200):
        review.set_view(west)  # what was read draws it
    assert review.data is first
    east = MapSettings(((minx + maxx) / 2, miny, maxx, maxy), 400, 600)
    with qtbot.waitSignal(review.changed, timeout=10000):
        review.set_view(east)
    assert review.reading.covers(east) and review.data is not first
    inside = MapReading.for_view(east).read(store, AS_OF).households["id"]
    assert set(inside) <= set(review.data.households["id"]), "every household the view shows is read"
    assert len(review.data.households) < store.count("households") or len(first.households) < store.count(
        "households"), "a view reads its part of the project, not the whole"  # fmt: skip
