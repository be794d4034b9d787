"""A county's project opens without reading its visits: the window reads what it shows.

The demo village is given a million visits, as a county keeps after a few
years. Opening it must read none of them (households show the status the store
keeps), count them in the database, and read only the page the reviewer looks
at when the Visits tab is opened.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tracemalloc

import pytest

from desktop.main_window import MainWindow
from desktop.record_pages_model import PAGE_ROWS
from layers.review import load_review
from layers.store import open_project
from layers.store.gpkg import GeoPackageStore
from layers.store.gpkg_geometry import register_functions
from tests.desktop.conftest import open_and_wait

pytestmark = pytest.mark.clock  # households are coloured by their visits against today

VISITS = 1_000_000


@pytest.fixture(scope="module")
def county_visits(demo_village_path, tmp_path_factory):
    """The demo village with each plain visit written again until it keeps a million visits, as SQL would."""
    path = tmp_path_factory.mktemp("county") / "village.gpkg"
    shutil.copy(demo_village_path, path)
    db = sqlite3.connect(path)
    register_functions(db)  # the spatial index's triggers call them
    plain = db.execute("SELECT count(*) FROM visits WHERE dispute_id IS NULL").fetchone()[0]
    copies = -(-(VISITS - db.execute("SELECT count(*) FROM visits").fetchone()[0]) // plain)
    db.execute(
        f"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < {copies}) "
        "INSERT INTO visits (id, created_at, updated_at, household_id, visited_at, officer, purpose) "
        "SELECT printf('00000000-0000-4000-8000-%012d', k.n * 100000 + v.fid), v.created_at, v.created_at, "
        "v.household_id, v.visited_at, v.officer, v.purpose FROM k, visits v WHERE v.dispute_id IS NULL "
        "ORDER BY k.n, v.fid"
    )
    db.commit()
    db.close()
    with open_project(path) as store:
        store.refresh_household_status()  # as Wangge's next edit would, after an import made outside it
        assert store.count("visits") >= VISITS
    return path


class VisitRowsRead:
    """Counts the visit rows the project file hands to Wangge; a count by the database hands over one number."""

    def __init__(self, monkeypatch) -> None:
        self.rows = 0
        read, rows, get = GeoPackageStore.read, GeoPackageStore._rows, GeoPackageStore.get

        def counted_read(store, layer, *args, **kwargs):
            frame = read(store, layer, *args, **kwargs)
            self.rows += len(frame) if layer == "visits" else 0
            return frame

        def counted_rows(store, query, parameters=()):
            found = rows(store, query, parameters)
            aggregate = re.match(r"\s*SELECT count\(\*\) FROM", query, re.IGNORECASE)
            self.rows += len(found) if re.search(r"\bvisits\b", query) and not aggregate else 0
            return found

        def counted_get(store, layer, record_id):
            self.rows += layer == "visits"
            return get(store, layer, record_id)

        monkeypatch.setattr(GeoPackageStore, "read", counted_read)
        monkeypatch.setattr(GeoPackageStore, "_rows", counted_rows)
        monkeypatch.setattr(GeoPackageStore, "get", counted_get)


def test_the_window_opens_a_million_visits_reading_none_and_pages_them_when_shown(qtbot, county_visits, monkeypatch):
    with open_project(county_visits) as store:
        visits = store.count("visits")
        never = int(store.household_status(columns=["last_visit"])["last_visit"].isna().sum())
    read = VisitRowsRead(monkeypatch)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=60000):
        assert open_and_wait(qtbot, window, county_visits)
    qtbot.waitUntil(lambda: f"{visits:,} visits" in window.counts_label.text(), timeout=30000)
    assert read.rows == 0
    assert f"{never:,} never visited" in window.counts_label.text()  # recency from the kept status

    page = window.table_dock.pages["visits"]
    window.table_dock.show()
    window.table_dock.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.is_read and page.model.rowCount() > 0, timeout=30000)
    assert 0 < read.rows <= 2 * PAGE_ROWS  # the page on screen (and one more as the view fills), not the layer
    assert page.model.total_rows() == visits
    window.close()


def _peak_reading(path) -> int:
    with open_project(path) as store:
        tracemalloc.start()
        load_review(store)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_memory_read_at_open_does_not_grow_with_visits(demo_village_path, county_visits):
    """The same village with 4,000 visits and with a million: the review read at open takes as much memory."""
    few, many = _peak_reading(demo_village_path), _peak_reading(county_visits)
    assert many < 1.2 * few + 1_000_000, (few, many)
