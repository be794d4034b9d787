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
    review.show_project(store, load_review(store, AS_OF), bar.review_filter)
    yield store, review, table, bar
    store.changed.disconnect(events.changed.emit)  # the events object lived as long as the test


def _rows(table, layer: str) -> int:
    return table.pages[layer].model.rowCount()


def test_a_committed_edit_reaches_every_view_without_the_window(qtbot, review_and_views):
    store, review, table, bar = review_and_views
    households = _rows(table, "households")
    house = store.standard["house_2"]
    with qtbot.waitSignal(review.changed):
        store.update("households", house.id, {"members": 9}, expected_version=house.version)
    assert _rows(table, "households") == households
    assert review.data.households.set_index("id").loc[house.id, "members"] == 9

    grid = store.standard["grid_a"]
    with qtbot.waitSignal(review.gridsChanged):
        store.update("grids", grid.id, {"name": "清真寺片"}, expected_version=grid.version)
    assert any("清真寺片" in bar.grid_box.itemText(index) for index in range(bar.grid_box.count()))


def test_a_filter_selects_for_every_view(qtbot, review_and_views):
    store, review, table, bar = review_and_views
    everything = _rows(table, "households")
    grid = store.standard["grid_a"]
    with qtbot.waitSignal(review.changed):
        review.set_filter(ReviewFilter(grid_ids=frozenset({grid.id})))
    in_grid = (review.data.households["grid_id"] == grid.id).sum()
    assert _rows(table, "households") == in_grid < everything


def test_the_counts_per_grid_follow_an_edit_counted_on_a_thread(qtbot, review_and_views):
    store, review, _, _ = review_and_views
    with qtbot.waitSignal(review.summariesChanged):
        assert review.grid_summaries is None  # not counted yet: the overview waits, the window does not
    households = review.grid_summaries.set_index("grid_id")["households"]
    house = store.standard["house_2"]
    grid_b = store.standard["grid_b"].id
    with qtbot.waitSignal(review.summariesChanged):  # the household moves grid: its grid's count follows
        store.update("households", house.id, {"grid_id": grid_b}, expected_version=house.version)
        review.grid_summaries  # noqa: B018 - asking starts the count
    recounted = review.grid_summaries.set_index("grid_id")["households"]
    assert recounted[grid_b] == households[grid_b] + 1 and recounted.sum() == households.sum()
