"""The window on a project it may not write: says so in its title, refuses edits in one sentence, writes nothing."""

from __future__ import annotations

import pytest

from layers.store import gpkg as gpkg_module
from layers.visit_cycles import KeyPersonCycles
from tests.desktop.conftest import run_to_end

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time


@pytest.fixture
def write_protected(monkeypatch):
    """Projects opened from now on cannot be written, as on a read-only share (root writes through file modes)."""
    monkeypatch.setattr(gpkg_module, "is_writable", lambda _path: False)


def test_opening_and_closing_without_an_edit_leaves_the_file_byte_identical(demo_window, demo_village_path):
    before = demo_village_path.read_bytes()  # the window opens a copy of it
    window = demo_window(drawn=True)
    project = window.store.path
    assert "read-only" not in window.windowTitle()
    window.close()
    assert project.read_bytes() == before


def test_a_write_protected_project_says_read_only_and_refuses_an_edit_in_one_sentence(
    write_protected, demo_window, demo_village_path
):
    before = demo_village_path.read_bytes()
    window = demo_window(drawn=True)
    project = window.store.path
    assert window.windowTitle().endswith("(read-only)")
    model = window.table_dock.pages["households"].model
    column = [c.name for c in model.columns].index("phone")
    assert not model.setData(model.index(0, column), "13900000000")
    assert len(window.warnings) == 1 and "read-only" in window.warnings[0] and project.name in window.warnings[0]
    assert window.undo_stack.count() == 0
    window.close()
    assert project.read_bytes() == before


def test_station_rules_are_refused_and_a_route_still_plans_on_a_write_protected_project(
    qtbot, write_protected, demo_window, demo_village_path
):
    before = demo_village_path.read_bytes()
    window = demo_window()
    project = window.store.path
    dialog = window.open_station_rules()
    for box in dialog.boxes[KeyPersonCycles].values():
        box.setValue(1)
    assert not dialog.save()
    assert len(window.warnings) == 1 and "read-only" in window.warnings[0]
    box = next(iter(window.route_dock.weight_boxes.values()))
    box.setValue(box.value() + 1)  # rules that differ from the project's are used, not saved
    run_to_end(qtbot, window.route_dock.plan())
    assert window.route_dock.week is not None
    window.close()
    assert project.read_bytes() == before
