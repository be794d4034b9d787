"""The main window on the demo village: filters, search, identify, table edits with undo, language.

Each test drives the window as a reviewer would and checks that the map
snapshot, the table and the counts in the status bar change together.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from desktop.household_card import HouseholdCard
from desktop.main_window import MainWindow
from layers.crs import to_measure
from layers.store import open_project
from layers.vocabulary import Grade
from maps.overview import OVERVIEW_FROM_METRES_PER_PIXEL
from tests.desktop.conftest import open_and_wait, wait_for_review
from tests.standard_data import damage_geometries

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time


@pytest.fixture
def project(demo_village_path, tmp_path):
    """A copy of the demo village the test may edit."""
    path = tmp_path / "village.gpkg"
    shutil.copy(demo_village_path, path)
    return path


@pytest.fixture
def window(qtbot, project):
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        assert open_and_wait(qtbot, window, project)
    yield window
    window.close()
    window.set_language("en")


def _wait_render(qtbot, window):
    """Wait for the map to be drawn again and the store to have answered the tables and counts."""
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        pass
    wait_for_review(qtbot, window)


def _household(project, row=None):
    """One household of the project as the store keeps it, with its position in metres: the ``row``-th it
    keeps, or the last in the register's order of house numbers."""
    with open_project(project) as store:
        households = store.read("households")
    if row is None:  # of those with a phone of their own
        own_phone = ~households["phone"].duplicated(keep=False) & households["phone"].notna()
        row = int(households["house_no"].astype(int).where(own_phone, -1).to_numpy().argmax())
    household = households.iloc[row]
    x, y = to_measure(household.geometry.x, household.geometry.y)
    return {**household.drop("geometry").to_dict(), "x": x, "y": y}


def _table_rows(window, layer):
    """How many records the layer's table selects (read a page at a time), once the store has counted them."""
    return window.table_dock.pages[layer].model.total_rows()


def test_opening_shows_map_table_counts_and_legend(window, project):
    with open_project(project) as store:
        households, disputes = store.count("households"), store.count("disputes")
    assert f"{households:,} households" in window.counts_label.text()
    assert _table_rows(window, "households") == households and _table_rows(window, "disputes") == disputes
    assert window.canvas.content.household_count == households
    assert window.layers_panel.legend_list.count() > 5
    assert "豫海派出所" in window.windowTitle() or "派出所" in window.windowTitle()
    assert window.canvas.last_render is not None and not window.canvas.last_render[1].image.isNull()


def test_grade_filter_changes_map_table_and_counts_together(qtbot, window, project):
    with open_project(project) as store:
        grades = store.read("disputes", columns=["grade"])["grade"]
    red = int((grades == "red").sum())
    window.filter_bar.grade_buttons[Grade.RED].setChecked(True)
    _wait_render(qtbot, window)
    assert len(window.canvas.content.dispute_x) == red
    assert _table_rows(window, "disputes") == red
    assert f"{red:,} disputes" in window.counts_label.text()
    assert all(entry.meaning is Grade.RED for entry in window.canvas.last_render[1].legend if entry.layer == "disputes")
    window.filter_bar.clear()
    _wait_render(qtbot, window)
    assert len(window.canvas.content.dispute_x) == len(grades)


def test_grid_filter_limits_households(qtbot, window, project):
    grid_box = window.filter_bar.grid_box
    grid_box.setCurrentIndex(1)
    _wait_render(qtbot, window)
    grid_id = grid_box.currentData()
    with open_project(project) as store:
        expected = int((store.read("households", columns=["grid_id"])["grid_id"] == grid_id).sum())
    assert 0 < window.canvas.content.household_count == expected == _table_rows(window, "households")


def test_search_by_phone_zooms_to_the_household_and_selects_it(qtbot, window, project):
    household = _household(project)  # beyond the table's first page: it reads on for it
    qtbot.keyClicks(window.search_box, household["phone"])
    with qtbot.waitSignal(window.searched) as found:  # the store searches on a thread: the window answers
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert found.args == [1]
    assert window.canvas.centre.x() == pytest.approx(household["x"])
    assert window.canvas.centre.y() == pytest.approx(household["y"])
    page = window.table_dock.pages["households"]
    qtbot.waitUntil(lambda: bool(page.table.selectionModel().selectedRows()), timeout=20000)
    selected = page.table.selectionModel().selectedRows()
    assert page.model.record_id(selected[0].row()) == household["id"]
    assert page.model.rowCount() > 200
    with qtbot.waitSignal(window.searched) as found:
        window.search("no such person anywhere")
    assert found.args == [0] and "no such person anywhere" in window.statusBar().currentMessage()


def test_clicking_a_household_opens_its_card(qtbot, window, project):
    household = _household(project, 7)
    window.canvas.zoom_to_point(household["x"], household["y"], 0.5)
    _wait_render(qtbot, window)
    centre = QPointF(window.canvas.width() / 2, window.canvas.height() / 2)
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=centre.toPoint())
    card = window.cards.get(household["id"])
    assert isinstance(card, HouseholdCard) and card.isVisible()
    assert household["head_name"] in card.header_label.text()
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=centre.toPoint() + QPointF(300, 0).toPoint())
    assert len(window.cards) == 1  # empty ground opens nothing


def test_table_edit_updates_map_and_counts_and_undoes(qtbot, window, project):
    unresolved = window.review.counts["open_disputes"]
    model = window.table_dock.pages["disputes"].model
    model.want_rows()
    wait_for_review(qtbot, window)
    column = [c.name for c in model.columns].index("status")
    row = next(r for r in range(model.rowCount()) if model.index(r, column).data(Qt.ItemDataRole.EditRole) in (
        "open", "mediating"))  # fmt: skip
    record = model.record_id(row)
    assert model.setData(model.index(row, column), "resolved")
    wait_for_review(qtbot, window)
    assert window.review.counts["open_disputes"] == unresolved - 1
    assert f"{unresolved - 1:,} unresolved" in window.counts_label.text()
    with open_project(project) as store:
        assert store.get("disputes", record)["status"] == "resolved"
    window.undo_action.trigger()
    wait_for_review(qtbot, window)
    assert window.review.counts["open_disputes"] == unresolved
    with open_project(project) as store:
        assert store.get("disputes", record)["status"] != "resolved"
    window.redo_action.trigger()
    wait_for_review(qtbot, window)
    assert window.review.counts["open_disputes"] == unresolved - 1


def test_language_switch_changes_menus_counts_and_legend(qtbot, window):
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)")  # LanguageChange events are posted
    assert "户" in window.counts_label.text()
    legend = [window.layers_panel.legend_list.item(i).text() for i in range(window.layers_panel.legend_list.count())]
    assert any("逾期未访" in text for text in legend)
    assert window.undo_action.text().startswith("撤销")
    households = window.table_dock.pages["households"].model
    assert households.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "门牌号"
    window.set_language("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File")
    assert "households" in window.counts_label.text()


def test_the_language_menu_is_remembered_and_a_language_for_one_start_is_not(qtbot, window, qapp):
    from PySide6.QtCore import QSettings

    from desktop.language_choice import choice_in_force, install_translations

    window.set_language("en")
    install_translations(qapp, "zh_CN")  # what 'wangge open --language zh_CN' does
    assert QSettings().value("language") == "en"  # the next start is English again
    assert choice_in_force() == "zh_CN"  # while this one is Chinese, as the menu shows
    window.set_language("zh_CN")
    assert QSettings().value("language") == "zh_CN"
    window.set_language("en")


def test_keyboard_pans_and_zooms(qtbot, window):
    window.canvas.setFocus()
    centre, scale = QPointF(window.canvas.centre), window.canvas.metres_per_pixel
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    assert window.canvas.centre.x() > centre.x()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Plus)
    assert window.canvas.metres_per_pixel < scale
    qtbot.keyClick(window.canvas, Qt.Key.Key_Home)
    assert window.canvas.metres_per_pixel == pytest.approx(scale)


def test_zoomed_out_past_telling_houses_apart_the_map_and_legend_show_the_grids_overview(qtbot, window):
    canvas = window.canvas
    with qtbot.waitSignal(canvas.renderFinished, timeout=20000):
        canvas.zoom_to_point(canvas.centre.x(), canvas.centre.y(), OVERVIEW_FROM_METRES_PER_PIXEL * 1.5)
    assert canvas.last_render[1].overview
    legend = [
        window.layers_panel.legend_list.item(row).text() for row in range(window.layers_panel.legend_list.count())
    ]
    assert any("Visited in cycle" in line and "grids)" in line for line in legend), legend
    assert any("zoom in for households" in line for line in legend), legend
    with qtbot.waitSignal(canvas.renderFinished, timeout=20000):
        qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert not canvas.last_render[1].overview


def test_a_bad_file_is_explained_and_the_open_project_stays(qtbot, window, project, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    bad = tmp_path / "photo.gpkg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not a project")
    assert not open_and_wait(qtbot, window, bad)
    assert window.store.location == str(project)
    assert shown and "not a Wangge project" in shown[0] and str(bad) in shown[0]
    assert window.canvas.content.household_count == len(window.data.households) > 0
    assert bad.read_bytes() == b"\xff\xd8\xff\xe0 not a project"


def test_damaged_layer_and_unreadable_sketch_are_named_and_the_rest_opens(qtbot, project, monkeypatch):
    damage_geometries(project, "disputes")
    db = sqlite3.connect(project)
    db.execute("UPDATE sketches SET image = X'ffd8ffe000'")  # a photo cut short
    db.commit()
    db.close()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window = MainWindow()
    qtbot.addWidget(window)
    assert open_and_wait(qtbot, window, project)
    assert shown and "'disputes' cannot be read" in shown[0] and "its image cannot be read" in shown[0]
    assert window.canvas.content.household_count > 0 and len(window.canvas.content.dispute_x) == 0
    with open_project(project) as store:  # their positions are damaged, not their fields: the table lists them
        assert _table_rows(window, "disputes") == store.count("disputes") > 0
    window.close()


def test_recent_projects_and_dropping_a_project_file(qtbot, window, project, demo_village_path, tmp_path):
    assert str(project.resolve()) in [action.text() for action in window.recent_menu.actions()]
    other = tmp_path / "other.gpkg"
    shutil.copy(demo_village_path, other)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)  # fmt: skip
    with qtbot.waitSignal(window.projectOpened, timeout=60_000):
        window.dropEvent(drop)
    assert window.store.location == str(other)
    assert [action.text() for action in window.recent_menu.actions()][:2] == [
        str(other.resolve()),
        str(project.resolve()),
    ]


def test_georeferencer_opens_on_the_project_and_its_edits_reach_the_map(qtbot, window):
    georeferencer = window.open_georeferencer()
    assert georeferencer is not None and georeferencer.isVisible()
    assert georeferencer.sketch.title in georeferencer.windowTitle()
    before = len(georeferencer.points)
    georeferencer.add_control_point(1000.0, 1000.0, *window.canvas.centre.toTuple())
    assert window.store.count("sketch_control_points") == before + 1
    window.close()  # closing the project closes the georeferencer with it
    assert not georeferencer.isVisible()


def test_activating_a_visit_in_the_table_centres_the_map_on_it(window, project):
    """Visits are not held by the window: the one activated is read to find where it was."""
    with open_project(project) as store:
        visits = store.read("visits", columns=["id"])
    visit = visits[visits.geometry.notna()].iloc[0]
    window.table_dock.recordActivated.emit("visits", visit["id"])
    x, y = to_measure(visit.geometry.x, visit.geometry.y)
    assert abs(window.canvas.centre.x() - x) < 0.01 and abs(window.canvas.centre.y() - y) < 0.01


def test_the_sketch_is_decoded_only_once_its_layer_is_shown(qtbot, window):
    assert window.sketches == () and not window.canvas.content.sketches, "a phone photo's pixels wait until shown"
    window.layers_panel.set_visible("sketch", True)
    qtbot.waitUntil(lambda: bool(window.canvas.content.sketches), timeout=20000)
    _wait_render(qtbot, window)
    assert [basemap.title for basemap in window.sketches] == list(window.store.read("sketches")["title"])
    assert any(entry.layer == "sketch" for entry in window.canvas.last_render[1].legend)
