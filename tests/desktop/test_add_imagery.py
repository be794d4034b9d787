"""File → Add satellite imagery on a new station: tiled off the GUI thread, shown, undone, redone, refused in words."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog

from layers.imagery import list_imagery
from tests import station_files as place
from tests.desktop.conftest import run_to_end

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time


@pytest.fixture
def window(new_station_window):
    return new_station_window


def choose(monkeypatch, path, name):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: (name, True))


def test_imagery_is_added_shown_undone_and_redone(qtbot, window, tmp_path, monkeypatch):
    image = place.township_geotiff(tmp_path)
    choose(monkeypatch, image.path, "韦州镇影像")
    window.add_imagery_action.trigger()
    run_to_end(qtbot, window.tasks.current)  # the action started the tiling on a worker thread
    assert [info.name for info in list_imagery(window.store)] == ["韦州镇影像"]
    assert [source.name for source in window.imagery] == ["韦州镇影像"], "the map draws it at once"
    assert window.canvas.full_extent is not None, "a station with only imagery opens on it"
    window.undo_stack.undo()
    assert list_imagery(window.store) == [] and window.imagery == ()
    window.undo_stack.redo()
    run_to_end(qtbot, window.tasks.current)  # a redo tiles the file again, on a worker thread too
    assert [info.name for info in list_imagery(window.store)] == ["韦州镇影像"]
    assert window.warnings == []


def test_a_damaged_image_is_explained_and_nothing_is_added(qtbot, window, tmp_path, monkeypatch):
    before = window.store.path.read_bytes()
    choose(monkeypatch, place.corrupt_geotiff(tmp_path), "坏影像")
    window.add_imagery_action.trigger()
    run_to_end(qtbot, window.tasks.current)
    assert len(window.warnings) == 1 and "损坏影像.tif" in window.warnings[0]
    assert window.store.path.read_bytes() == before
    assert window.undo_stack.count() == 0
