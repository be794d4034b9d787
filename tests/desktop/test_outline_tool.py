"""A grid's outline drawn by clicks on the main window's map, stored in lon/lat, undoable."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Transformer
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop.main_window import MainWindow
from layers.station_setup import StationMember, StationSetup, create_station_project
from layers.store import gpkg as gpkg_module
from tests.desktop.conftest import open_and_wait
from tests.desktop.test_station_people_dialog import select, station_project, table_rows

SQUARE = [QPoint(500, 250), QPoint(800, 250), QPoint(800, 550), QPoint(500, 550)]
"""Corners clicked on the canvas, in widget pixels."""
METRES_TO_STORAGE = Transformer.from_crs("EPSG:32648", "EPSG:4490", always_xy=True)
"""The oracle: pyproj's own transformation from the map's CRS to the storage CRS."""


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    """Factory: the main window, 1400x900 and shown, on a project made by ``make(path)``; warnings are collected."""
    windows = []

    def open_window(make=station_project) -> MainWindow:
        path = tmp_path / f"豫海{len(windows)}.gpkg"
        make(path).close()
        window = MainWindow()
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.warnings = []
        monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: window.warnings.append(text))
        window.show()
        assert open_and_wait(qtbot, window, path)
        windows.append(window)
        return window

    yield open_window
    for window in windows:
        window.close()


def click_corners(qtbot, canvas, corners) -> list[QPointF]:
    """Click ``corners`` on the canvas; returns where they are on the map, in metres, as the canvas sees them."""
    for corner in corners:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=corner)
    return [canvas.to_map(QPointF(corner)) for corner in corners]


def stored_ring(store, grid_id: str) -> np.ndarray:
    return np.asarray(store.get("grids", grid_id).geometry.exterior.coords)


def expected_ring(points: list[QPointF]) -> np.ndarray:
    lon, lat = METRES_TO_STORAGE.transform([p.x() for p in points], [p.y() for p in points])
    return np.column_stack([lon, lat])


def test_an_outline_clicked_for_a_grid_is_stored_in_lon_lat_and_undone(qtbot, window):
    window = window()
    grid_id = window.data.grids["id"].iloc[0]
    before = window.store.get("grids", grid_id).geometry
    people = window.open_station_people()
    select(people.grid_tab, "YH-01")
    assert people.outline_grid()
    assert not people.isVisible(), "the dialog steps out of the map's way"
    canvas = window.canvas
    assert canvas.tool is window.grid_outliner.tool
    corners = click_corners(qtbot, canvas, SQUARE)
    assert window.cards == {}, "a click adds a corner, it does not open a household"
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    ring = stored_ring(window.store, grid_id)
    assert len(ring) == 5 and (ring[0] == ring[-1]).all()
    np.testing.assert_allclose(ring[:-1], expected_ring(corners), rtol=0, atol=1e-9)
    assert canvas.tool is None and window.grid_outliner.tool is None
    assert people.isVisible() and people.grid_tab.current_id() == grid_id
    assert window.undo_stack.undoText() == "Outline grid YH-01"
    entry = window.store.audit(record_id=grid_id).iloc[0]
    assert entry["action"] == "update" and entry["new_values"]["geom"].startswith("POLYGON ((")
    window.undo_stack.undo()
    assert window.store.get("grids", grid_id).geometry.equals(before)
    window.undo_stack.redo()
    np.testing.assert_allclose(stored_ring(window.store, grid_id)[:-1], expected_ring(corners), atol=1e-9)


def test_a_new_grid_from_the_dialog_is_saved_when_its_outline_is_double_clicked_closed(qtbot, window):
    window = window()
    people = window.open_station_people()
    form = people.add_grid()
    form.code_edit.setText("YH-02")
    form.name_edit.setText("菜园二组")
    form.village_box.setCurrentText("菜园村")
    form.officer_box.setCurrentIndex(form.officer_box.findData("杨海军"))
    form.target_box.setValue(30)
    form.buttons.accepted.emit()
    assert window.warnings == [] and window.grid_outliner.is_drawing()
    assert window.store.count("grids") == 1, "nothing is saved before the outline is drawn"
    canvas = window.canvas
    corners = click_corners(qtbot, canvas, SQUARE[:2])
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=SQUARE[2])  # a double-click arrives as a click,
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=SQUARE[2])  # then the double-click (QTest sends that
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=SQUARE[2])  # event alone), then a release
    corners.append(canvas.to_map(QPointF(SQUARE[2])))
    assert window.warnings == []
    grids = window.store.read("grids").set_index("code")
    fields = ["name", "village", "officer", "station", "township", "monthly_visit_target"]
    assert grids.loc["YH-02", fields].tolist() == ["菜园二组", "菜园村", "杨海军", "豫海派出所", "豫海镇", 30]
    ring = np.asarray(grids.loc["YH-02", "geometry"].exterior.coords)
    assert len(ring) == 4, "the double-click finishes without adding a corner of its own"
    np.testing.assert_allclose(ring[:-1], expected_ring(corners), atol=1e-9)
    assert "YH-02" in [row[0] for row in table_rows(people.grid_tab)] and people.isVisible()
    assert window.store.audit(layer="grids").iloc[0]["action"] == "insert"
    assert window.undo_stack.undoText() == "Add grid YH-02"
    qtbot.waitUntil(lambda: "YH-02" in set(window.data.grids["code"]))  # the map shows the new grid
    window.undo_stack.undo()
    assert set(window.store.read("grids")["code"]) == {"YH-01"}


def test_backspace_takes_back_a_corner_a_drag_pans_and_escape_saves_nothing(qtbot, window):
    window = window()
    canvas = window.canvas
    window.outline_action.trigger()
    tool = window.grid_outliner.tool
    click_corners(qtbot, canvas, SQUARE[:3])
    qtbot.keyClick(canvas, Qt.Key.Key_Backspace)
    assert len(tool.vertices) == 2
    qtbot.keyClick(canvas, Qt.Key.Key_Enter)
    assert window.grid_outliner.is_drawing() and "at least three corners" in tool.hint
    centre = QPointF(canvas.centre)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(700, 400))
    qtbot.mouseMove(canvas, QPoint(760, 400))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(760, 400))
    assert len(tool.vertices) == 2, "a drag adds no corner"
    assert canvas.centre.x() == pytest.approx(centre.x() - 60 * canvas.metres_per_pixel)
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert (
        not window.grid_outliner.is_drawing()
        and canvas.tool is None
        and canvas.overlays == [window.route_dock._paint_route]
    )
    assert window.undo_stack.count() == 0 and window.warnings == []


def test_an_outline_that_crosses_itself_is_not_saved_and_can_be_mended(qtbot, window):
    window = window()
    grid_id = window.data.grids["id"].iloc[0]
    before = window.store.get("grids", grid_id).geometry
    assert window.grid_outliner.draw(window.store, grid_id)
    bow_tie = [SQUARE[0], SQUARE[2], SQUARE[1], SQUARE[3]]
    click_corners(qtbot, window.canvas, bow_tie)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    assert window.grid_outliner.is_drawing() and "crosses itself" in window.grid_outliner.tool.hint
    assert window.store.get("grids", grid_id).geometry.equals(before) and window.undo_stack.count() == 0
    for _ in range(2):
        qtbot.keyClick(window.canvas, Qt.Key.Key_Backspace)
    corners = click_corners(qtbot, window.canvas, [SQUARE[3]])
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    assert not window.grid_outliner.is_drawing(), "a triangle now"
    first = [window.canvas.to_map(QPointF(corner)) for corner in bow_tie[:2]]
    np.testing.assert_allclose(stored_ring(window.store, grid_id)[:-1], expected_ring(first + corners), atol=1e-9)


def test_from_the_menu_the_grid_is_chosen_once_drawn_and_may_be_a_new_one(qtbot, window, monkeypatch):
    window = window()
    monkeypatch.setattr(QInputDialog, "getItem", lambda _parent, _title, _label, items, *_args: (items[0], True))
    window.outline_action.trigger()
    corners = click_corners(qtbot, window.canvas, SQUARE)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    form = window.grid_outliner.form
    assert form.isVisible() and form.windowTitle() == "New grid"
    form.code_edit.setText("YH-01")
    form.name_edit.setText("三组")
    form.officer_box.setCurrentIndex(form.officer_box.findData("马文华"))
    form.buttons.accepted.emit()
    assert window.warnings[-1].startswith("New grid, Code: YH-01 is already the code of row 1")
    form.code_edit.setText("YH-03")
    with qtbot.waitSignal(window.grid_outliner.ended) as ended:
        form.buttons.accepted.emit()
    grids = window.store.read("grids").set_index("code")
    assert ended.args == [grids.loc["YH-03", "id"]]
    np.testing.assert_allclose(
        np.asarray(grids.loc["YH-03", "geometry"].exterior.coords)[:-1], expected_ring(corners), atol=1e-9
    )


def test_an_empty_map_or_a_read_only_project_is_not_drawn_on(qtbot, window, monkeypatch):
    empty = window(
        lambda path: create_station_project(path, StationSetup("豫海派出所", members=(StationMember("马文华"),)))
    )
    empty.outline_action.trigger()
    assert not empty.grid_outliner.is_drawing() and empty.canvas.tool is None
    assert empty.warnings == [
        "Nothing of this station is on the map yet to draw a grid on. Add its satellite imagery "
        "(File → Add satellite imagery) or import its roads or households (File → Import) first."
    ]
    monkeypatch.setattr(gpkg_module, "is_writable", lambda _path: False)
    protected = window()
    protected.outline_action.trigger()
    assert not protected.grid_outliner.is_drawing()
    assert len(protected.warnings) == 1 and "read-only" in protected.warnings[0]
