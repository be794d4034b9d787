"""The window holds what its map shows: nothing of the households in the overview, a view's part zoomed in.

A county keeps a million households. The window opens on the whole project,
zoomed out beyond telling households apart, so it reads none of them and draws
the store's counts per grid; the status bar counts the whole project in the
store. Zoomed in, it reads the households of the view (and a margin to pan
into), not the project's.
"""

from __future__ import annotations

import shutil

import pytest

from desktop.main_window import MainWindow
from layers.store.gpkg import GeoPackageStore
from maps.overview import OVERVIEW_FROM_METRES_PER_PIXEL
from maps.project_map import MapReading
from tests.desktop.conftest import open_and_wait, wait_for_review

pytestmark = pytest.mark.clock  # households are coloured by their visits against today

POINT_LAYERS = ("households", "disputes")


class PointsRead:
    """Counts the household and dispute records the map's readings hand to the window."""

    def __init__(self, monkeypatch) -> None:
        self.rows = {layer: 0 for layer in POINT_LAYERS}
        read = GeoPackageStore.read

        def counted_read(store, layer, *args, **kwargs):
            frame = read(store, layer, *args, **kwargs)
            if layer in self.rows:
                self.rows[layer] += len(frame)
            return frame

        monkeypatch.setattr(GeoPackageStore, "read", counted_read)


@pytest.fixture
def small_window(qtbot, demo_village_path, tmp_path):
    """A window whose map is too narrow to tell the demo village's households apart, and the village's copy."""
    project = tmp_path / "village.gpkg"
    shutil.copy(demo_village_path, project)
    window = MainWindow()
    qtbot.addWidget(window)
    window.table_dock.hide()
    window.layers_dock.hide()
    window.resize(420, 420)
    window.show()
    yield window, project
    window.close()


def test_a_project_opened_on_its_overview_reads_no_household_and_zooming_in_reads_the_view(
    qtbot, small_window, monkeypatch
):
    window, project = small_window
    read = PointsRead(monkeypatch)
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        assert open_and_wait(qtbot, window, project)
    assert window.canvas.metres_per_pixel >= OVERVIEW_FROM_METRES_PER_PIXEL, "the test needs the overview"
    assert window.canvas.last_render[1].overview, "the store's counts per grid are drawn"
    assert read.rows == {"households": 0, "disputes": 0}
    households = window.store.count("households")
    assert f"{households:,} households" in window.counts_label.text(), "the status bar counts the whole project"

    x, y = window.canvas.centre.x(), window.canvas.centre.y()
    with qtbot.waitSignal(window.review.changed, timeout=20000):
        window.canvas.zoom_to_point(x - 1000, y, 1.0)  # a few hundred metres of the village's west
    wait_for_review(qtbot, window)
    view, by_window = window.canvas.map_settings(), read.rows["households"]
    assert window.review.reading.covers(view)
    in_view = MapReading.for_view(view).read(window.store).households
    assert 0 < len(in_view) <= by_window < households, "the view's households (and room to pan), not the village's"
    assert set(in_view["id"]) <= set(window.data.households["id"])
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        window.canvas.refresh()
    assert not window.canvas.last_render[1].overview and window.canvas.content.household_count > 0

    before = dict(read.rows)
    with qtbot.assertNotEmitted(window.review.changed, wait=300):
        window.canvas.pan_pixels(20, 0)  # within what was read: nothing is read again
    assert read.rows == before
