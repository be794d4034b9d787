"""Every edit is undoable, and undo never overwrites somebody else's later edit."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from shapely import Point

from desktop.edit_commands import DeleteRecord, InsertRecord, UpdateRecord, push_edit
from layers.store import new_feature


def test_update_undo_redo_round_trip(qapp, make_project):
    store = make_project()
    stack, errors = QUndoStack(), []
    house = store.standard["house_2"]
    assert push_edit(stack, UpdateRecord(store, house, {"members": 6}, "members", errors.append))
    assert store.get("households", house.id)["members"] == 6
    stack.undo()
    assert store.get("households", house.id)["members"] == house["members"]
    stack.redo()
    assert store.get("households", house.id)["members"] == 6 and not errors


def test_a_refused_edit_is_reported_and_not_pushed(qapp, make_project):
    store = make_project()
    stack, errors = QUndoStack(), []
    house = store.standard["house_2"]
    assert not push_edit(stack, UpdateRecord(store, house, {"members": "many"}, "members", errors.append))
    assert stack.count() == 0 and errors and "members" in errors[0]
    assert store.get("households", house.id)["members"] == house["members"]


def test_undo_after_someone_else_edited_is_refused_and_keeps_their_edit(qapp, make_project):
    store = make_project()
    stack, errors = QUndoStack(), []
    house = store.standard["house_2"]
    push_edit(stack, UpdateRecord(store, house, {"members": 6}, "members", errors.append))
    store.update("households", house.id, {"members": 9}, expected_version=house.version + 1)
    stack.undo()
    assert store.get("households", house.id)["members"] == 9
    assert errors and stack.count() == 0


def test_insert_and_delete_undo(qapp, make_project):
    store = make_project()
    stack, errors = QUndoStack(), []
    visit = new_feature(
        "visits",
        Point(105.906, 36.904),
        household_id=store.standard["house_2"].id,
        visited_at=store.standard["visit_1"]["visited_at"],
        officer="马文华",
    )
    before = store.count("visits")
    assert push_edit(stack, InsertRecord(store, visit, "visit", errors.append))
    assert store.count("visits") == before + 1
    stack.undo()
    assert store.count("visits") == before
    stack.redo()
    assert store.get("visits", visit.id)["officer"] == "马文华"
    landmark = store.standard["police_office"]
    assert push_edit(stack, DeleteRecord(store, landmark, "delete", errors.append))
    assert landmark.id not in set(store.read("landmarks")["id"])
    stack.undo()
    assert store.get("landmarks", landmark.id)["name"] == landmark["name"] and not errors
