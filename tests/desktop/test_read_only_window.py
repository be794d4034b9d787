"""The window on a project it may not write: says so in its title, refuses edits in one sentence, writes nothing."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.main_window import MainWindow
from layers.store import gpkg as gpkg_module


@pytest.fixture
def project(demo_village_path, tmp_path):
    path = tmp_path / "village.gpkg"
    shutil.copy(demo_village_path, path)
    return path


@pytest.fixture
def open_window(qtbot, monkeypatch):
    """Factory: the main window on ``project``, drawn; warnings collected in ``window.warnings``."""

    def make(project) -> MainWindow:
        window = MainWindow()
        qtbot.addWidget(window)
        window.warnings = []
        monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: window.warnings.append(text))
        window.show()
        with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
            assert window.open_project(str(project))
        return window

    return make


def test_opening_and_closing_without_an_edit_leaves_the_file_byte_identical(open_window, project):
    before = project.read_bytes()
    window = open_window(project)
    assert "read-only" not in window.windowTitle()
    window.close()
    assert project.read_bytes() == before


def test_a_write_protected_project_says_read_only_and_refuses_an_edit_in_one_sentence(
    open_window, project, monkeypatch
):
    monkeypatch.setattr(gpkg_module, "is_writable", lambda _path: False)
    before = project.read_bytes()
    window = open_window(project)
    assert window.windowTitle().endswith("(read-only)")
    model = window.table_dock.pages["households"].model
    column = [c.name for c in model.columns].index("phone")
    assert not model.setData(model.index(0, column), "13900000000")
    assert len(window.warnings) == 1 and "read-only" in window.warnings[0] and project.name in window.warnings[0]
    assert window.undo_stack.count() == 0
    window.close()
    assert project.read_bytes() == before


def test_station_rules_on_a_write_protected_project_are_refused_and_a_route_still_plans(
    open_window, project, monkeypatch
):
    from layers.key_persons import KeyPersonCycles

    monkeypatch.setattr(gpkg_module, "is_writable", lambda _path: False)
    before = project.read_bytes()
    window = open_window(project)
    dialog = window.open_station_rules()
    for box in dialog.boxes[KeyPersonCycles].values():
        box.setValue(1)
    assert not dialog.save()
    assert len(window.warnings) == 1 and "read-only" in window.warnings[0]
    box = next(iter(window.route_dock.weight_boxes.values()))
    box.setValue(box.value() + 1)  # rules that differ from the project's are used, not saved
    assert window.route_dock.plan() is not None
    window.close()
    assert project.read_bytes() == before
