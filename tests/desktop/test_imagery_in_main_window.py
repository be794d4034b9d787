"""The main window shows the imagery under everything, switchable in the layers panel, and offers it to print."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.main_window import MainWindow
from maps.map_settings import imagery_layer
from maps.renderer import pixel_columns_rows
from tests import station_files as place
from tests.desktop.conftest import open_and_wait, open_print_dialog
from tests.imagery_station import is_colour, rgb_array, roof, station_with_imagery

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time

IMAGERY = imagery_layer("imagery_1")


@pytest.fixture(scope="module")
def projects(tmp_path_factory, qapp):
    """(only imagery, the whole station with imagery), built once; tests only look at them."""
    folder = tmp_path_factory.mktemp("imagery-window")
    return station_with_imagery(folder / "bare", vector=False), station_with_imagery(folder / "full")


@pytest.fixture
def open_window(qtbot, monkeypatch):
    windows = []

    def opened(project) -> MainWindow:
        window = MainWindow()
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.warnings = []
        monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: window.warnings.append(text))
        window.show()
        with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
            assert open_and_wait(qtbot, window, project)
        windows.append(window)
        return window

    yield opened
    for window in windows:
        window.close()


def shown_colour(window: MainWindow, x: float, y: float) -> np.ndarray:
    settings, rendered = window.canvas.last_render
    column, row = pixel_columns_rows(settings, np.array([x]), np.array([y]))
    return rgb_array(rendered.image)[row[0], column[0]]


def zoom_to(qtbot, window: MainWindow, x: float, y: float) -> None:
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        window.canvas.zoom_to_point(x, y, 0.1)


def test_a_station_with_only_imagery_opens_on_its_imagery(qtbot, open_window, projects):
    bare, _ = projects
    window = open_window(bare)
    assert window.warnings == []
    minx, miny, maxx, maxy = window.imagery[0].extent
    assert window.canvas.full_extent == window.imagery[0].extent, "the view is the imagery's, not an empty hint"
    x, y = roof(place.HOUSEHOLDS[0])
    assert minx < x < maxx and miny < y < maxy
    zoom_to(qtbot, window, x, y)
    assert is_colour(shown_colour(window, x, y), place.ROOF_COLOUR)


def test_imagery_has_its_own_entry_in_the_layers_panel_and_switches_off(qtbot, open_window, projects):
    _, full = projects
    window = open_window(full)
    panel = window.layers_panel
    item = panel._item(IMAGERY)
    assert item.text() == "Imagery: 清水河村影像" and item.checkState() == Qt.CheckState.Checked
    assert panel.layer_list.row(item) == panel.layer_list.count() - 1, "listed last: drawn under everything"
    headings = [panel.legend_list.item(row).text() for row in range(panel.legend_list.count())]
    assert "Imagery: 清水河村影像" in headings
    x, y = roof(place.HOUSEHOLDS[2])
    zoom_to(qtbot, window, x, y)
    assert is_colour(shown_colour(window, x, y), place.ROOF_COLOUR)
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        item.setCheckState(Qt.CheckState.Unchecked)
    assert not is_colour(shown_colour(window, x, y), place.ROOF_COLOUR), "switched off, not drawn"


def test_imagery_is_drawn_under_the_households(qtbot, open_window, projects):
    _, full = projects
    window = open_window(full)
    household = place.HOUSEHOLDS[0]
    x, y = roof(household)
    zoom_to(qtbot, window, x, y)
    marker_x = x - 3.0  # the household's own position
    assert is_colour(shown_colour(window, x, y), place.ROOF_COLOUR)
    assert not is_colour(shown_colour(window, marker_x, y), place.ROOF_COLOUR), "its marker on top"


def test_imagery_opacity_is_set_like_any_layer(qtbot, open_window, projects):
    _, full = projects
    window = open_window(full)
    panel = window.layers_panel
    panel.layer_list.setCurrentItem(panel._item(IMAGERY))
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        panel.opacity.setValue(40)
    assert next(view for view in window.canvas.layer_views if view.name == IMAGERY).opacity == 0.4


def test_the_print_dialog_offers_imagery_when_the_project_has_some(qtbot, open_window, projects, tmp_path):
    _, full = projects
    window = open_window(full)
    dialog = open_print_dialog(qtbot, window)
    qtbot.addWidget(dialog)
    assert dialog.imagery_check.isEnabled() and dialog.imagery_check.text() == "Satellite imagery"
    dialog.grid_box.setCurrentIndex(dialog.grid_box.findData("QSH-02"))
    dialog.imagery_check.setChecked(True)
    dialog.update_preview()
    preview = rgb_array(dialog.preview.pixmap().toImage()).reshape(-1, 3).astype(int)
    fields = np.zeros(len(preview), dtype=bool)
    for colour in place.FIELD_COLOURS:
        fields |= (np.abs(preview - colour) <= 25).all(axis=1)
    assert fields.mean() > 0.2, "the preview shows the imagery under the map"
    assert dialog.setup().imagery
