"""The Visits table on the demo village: read a page at a time, sorted, typed into and filtered by the store."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from desktop.attribute_table import AttributeTableDock
from desktop.record_pages_model import PAGE_ROWS
from layers.review import ReviewFilter, load_review
from layers.store import open_project

pytestmark = pytest.mark.clock  # households are coloured by their visits against today


@pytest.fixture
def visits_page(qtbot, demo_village_path, tmp_path):
    path = tmp_path / "village.gpkg"
    shutil.copy(demo_village_path, path)
    store = open_project(path)
    dock = AttributeTableDock(QUndoStack(), print)
    qtbot.addWidget(dock)
    dock.set_store(store)
    dock.show()
    page = dock.pages["visits"]
    dock.tabs.setCurrentWidget(page)
    data = load_review(store)
    dock.show_review(data, ReviewFilter())
    qtbot.waitUntil(lambda: page.model.is_read and page.model.rowCount() > 0)
    yield store, dock, page, data
    dock.set_store(None)
    store.close()


def _settled(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page.model.is_read and page.model.total_rows() is not None)


def _column(page, name: str) -> list:
    section = [column.name for column in page.model.columns].index(name)
    return [page.model.index(row, section).data() for row in range(page.model.rowCount())]


def test_the_first_page_is_read_and_scrolling_down_reads_the_next(qtbot, visits_page):
    store, dock, page, _ = visits_page
    assert page.model.rowCount() == PAGE_ROWS and page.model.total_rows() == store.count("visits")
    assert dock.tabs.tabText(1).endswith(f"({store.count('visits'):,})")
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() >= 2 * PAGE_ROWS)
    ids = [page.model.record_id(row) for row in range(page.model.rowCount())]
    assert len(set(ids)) == len(ids)  # pages follow each other, none read twice


def test_typed_words_and_sorting_are_done_by_the_store(qtbot, visits_page):
    store, _, page, _ = visits_page
    page.quick_filter.setText("fraud")  # the English word of the code anti_fraud
    page.apply_quick_filter()
    _settled(qtbot, page)
    purposes = store.read("visits", columns=["purpose"])["purpose"]
    assert page.model.total_rows() == int((purposes == "anti_fraud").sum())
    assert set(_column(page, "purpose")) == {"Anti-fraud publicity"}
    page.quick_filter.clear()
    page.apply_quick_filter()
    page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by household: house 1 first, then 2, not 10
    _settled(qtbot, page)
    house_numbers = [int(label.split()[0]) for label in _column(page, "household_id")]
    assert house_numbers == sorted(house_numbers) and house_numbers[0] == 1


def test_the_review_filter_selects_the_visits_of_the_households_it_shows(qtbot, visits_page):
    store, dock, page, data = visits_page
    grid = data.grids.sort_values("code")["id"].iloc[0]
    chosen = ReviewFilter(grid_ids=frozenset({grid}))
    dock.show_review(data, chosen)
    _settled(qtbot, page)
    households = store.read("households", columns=["id", "grid_id"])
    visits = store.read("visits", columns=["household_id"])
    in_grid = visits["household_id"].isin(households["id"][households["grid_id"] == grid])
    assert page.model.total_rows() == int(in_grid.sum()) > 0


def test_a_page_that_cannot_be_read_is_said_and_the_table_reads_again(qtbot, visits_page, monkeypatch):
    import sqlite3

    from layers.store import GeoPackageStore

    store, dock, page, data = visits_page
    errors = []
    page.model._report_error = errors.append
    read_page = GeoPackageStore.read_page

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(GeoPackageStore, "read_page", locked)
    dock.show_review(data, ReviewFilter())
    qtbot.waitUntil(lambda: bool(errors) and page.model.is_read)
    assert "visits" in errors[0] and "database is locked" in errors[0]
    monkeypatch.setattr(GeoPackageStore, "read_page", read_page)  # the other program let go
    dock.show_review(data, ReviewFilter())
    _settled(qtbot, page)
    assert page.model.total_rows() == store.count("visits") and page.model.rowCount() == PAGE_ROWS
