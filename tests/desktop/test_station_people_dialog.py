"""Station → Officers and grids: a station's people and grids added, edited and removed, each one undoable step."""

from __future__ import annotations

import pytest
import shapely
from PySide6.QtGui import QUndoStack

from desktop.station_people_dialog import StationPeopleDialog
from desktop.store_events import StoreEvents
from layers.station_setup import StationMember, StationSetup, create_station_project
from layers.store import gpkg as gpkg_module
from layers.store import new_feature, open_project
from layers.vocabulary import OfficerRole

CENTRE = (105.90, 36.90)
"""Lon/lat of the made-up village, in Tongxin County."""


def station_project(path, households: int = 1):
    """A station's own project: three people, one grid around the village centre, ``households`` in it."""
    setup = StationSetup(
        "豫海派出所",
        township="豫海镇",
        villages=("犁铧嘴村", "菜园村"),
        members=(
            StationMember("马文华", OfficerRole.COMMUNITY_OFFICER, "13895012345"),
            StationMember("杨海军", OfficerRole.COMMUNITY_OFFICER),
            StationMember("李强", OfficerRole.AUXILIARY),
        ),
    )
    store = create_station_project(path, setup, user="所长")
    lon, lat = CENTRE
    outline = shapely.box(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01)
    grid = new_feature("grids", outline, code="YH-01", name="犁铧嘴一组", station="豫海派出所", officer="马文华",
                       auxiliary="李强", village="犁铧嘴村")  # fmt: skip
    with store.edit():
        store.insert(grid)
        for number in range(households):
            point = shapely.Point(lon - 0.005 + 0.002 * number, lat + 0.003 * (number % 3))
            store.insert(new_feature("households", point, house_no=str(number + 1), head_name=f"户主{number + 1}",
                                     grid_id=grid.id))  # fmt: skip
    return store


@pytest.fixture
def dialog(qtbot, tmp_path):
    """Factory: (dialog, store, undo stack, reported errors) on a station project."""

    kept = []  # the window owns its events object; here the test does

    def open_dialog(store=None):
        store = store or station_project(tmp_path / "豫海.gpkg")
        events = StoreEvents()
        kept.append(events)
        store.changed.connect(events.changed.emit)
        stack, errors = QUndoStack(), []
        people = StationPeopleDialog(store, stack, errors.append, events)
        qtbot.addWidget(people)
        people.show()
        return people, store, stack, errors

    yield open_dialog


def table_rows(tab) -> list[list[str]]:
    table = tab.table
    return [
        [table.item(row, column).text() for column in range(table.columnCount())] for row in range(table.rowCount())
    ]


def select(tab, first_cell: str) -> None:
    rows = [row[0] for row in table_rows(tab)]
    tab.table.selectRow(rows.index(first_cell))


def test_a_person_added_is_saved_audited_shown_and_undone(dialog):
    people, store, stack, errors = dialog()
    form = people.add_officer()
    form.name_edit.setText("周建平")
    form.role_box.setCurrentIndex(form.role_box.findData("chief"))
    form.phone_edit.setText("0953 8012345")
    form.buttons.accepted.emit()
    assert errors == [] and not form.isVisible()
    officers = store.read("officers").set_index("name")
    assert officers.loc["周建平", ["role", "phone", "station"]].tolist() == ["chief", "0953-8012345", "豫海派出所"]
    assert ["周建平", "Chief", "0953-8012345"] in table_rows(people.officer_tab)
    entry = store.audit(record_id=officers.loc["周建平", "id"]).iloc[0]
    assert (entry["action"], entry["user"], entry["layer"]) == ("insert", "所长", "officers")
    assert stack.count() == 1 and stack.undoText() == "Add officer 周建平"
    stack.undo()
    assert "周建平" not in set(store.read("officers")["name"])
    assert "周建平" not in [row[0] for row in table_rows(people.officer_tab)], "the table follows the undo"
    stack.redo()
    assert "周建平" in [row[0] for row in table_rows(people.officer_tab)]


@pytest.mark.parametrize(
    ("name", "phone", "message"),
    [
        ("", "", "New officer, Name: a name is required."),
        ("周建平", "1389501", "New officer, Phone: “1389501” is neither a mobile number"),
        ("李强", "", "New officer, Name: 李强 is already listed in row 3."),
    ],
)
def test_a_person_that_does_not_pass_is_refused_naming_the_field_and_nothing_is_saved(dialog, name, phone, message):
    people, store, stack, errors = dialog()
    before = store.read("officers")
    form = people.add_officer()
    form.name_edit.setText(name)
    form.phone_edit.setText(phone)
    form.buttons.accepted.emit()
    assert len(errors) == 1 and errors[0].startswith(message), errors
    assert form.isVisible(), "the form stays open to be corrected"
    assert len(store.read("officers")) == len(before) and stack.count() == 0


def test_a_bad_phone_of_a_listed_person_names_their_row(dialog):
    people, store, stack, errors = dialog()
    select(people.officer_tab, "杨海军")
    row = people.officer_tab.current_row() + 1
    form = people.edit_officer()
    form.phone_edit.setText("12345")
    form.buttons.accepted.emit()
    assert errors == [f"Officers, row {row}, Phone: “12345” is neither a mobile number (11 digits, 1…) nor a landline "
                      "with its area code (0953-…)."]  # fmt: skip
    assert store.read("officers").set_index("name").loc["杨海军", "phone"] is None


def test_a_renamed_officer_is_renamed_on_their_grids_in_the_same_undoable_step(dialog):
    people, store, stack, errors = dialog()
    select(people.officer_tab, "马文华")
    form = people.edit_officer()
    form.name_edit.setText("马文华（老）")
    form.buttons.accepted.emit()
    assert errors == []
    grid = store.read("grids").iloc[0]
    assert grid["officer"] == "马文华（老）" and grid["auxiliary"] == "李强"
    assert stack.count() == 1
    logged = store.audit(record_id=grid["id"]).iloc[0]["new_values"]
    assert logged["officer"] == "马文华（老）" and set(logged) == {"officer", "version", "updated_at"}
    stack.undo()
    assert store.read("grids").iloc[0]["officer"] == "马文华"
    assert "马文华" in set(store.read("officers")["name"])
    assert table_rows(people.grid_tab)[0][3] == "马文华"


def test_someone_named_on_a_grid_is_neither_removed_nor_given_another_role(dialog):
    people, store, stack, errors = dialog()
    select(people.officer_tab, "马文华")
    assert not people.remove_officer()
    assert errors == ["马文华 cannot be removed: grid(s) YH-01 still name them as officer or auxiliary. "
                      "Choose someone else for those grids first."]  # fmt: skip
    form = people.edit_officer()
    form.role_box.setCurrentIndex(form.role_box.findData("auxiliary"))
    form.buttons.accepted.emit()
    assert errors[1].startswith("马文华 keeps the role they have: grid(s) YH-01")
    assert set(store.read("officers")["name"]) == {"马文华", "杨海军", "李强"} and stack.count() == 0


def test_someone_no_grid_names_is_removed_and_comes_back_on_undo(dialog):
    people, store, stack, errors = dialog()
    select(people.officer_tab, "杨海军")
    assert people.remove_officer() and errors == []
    assert "杨海军" not in [row[0] for row in table_rows(people.officer_tab)]
    assert store.audit(layer="officers").iloc[0]["action"] == "delete"
    stack.undo()
    assert "杨海军" in [row[0] for row in table_rows(people.officer_tab)]


def test_a_grid_is_edited_with_its_people_chosen_from_the_station(dialog):
    people, store, stack, errors = dialog()
    assert table_rows(people.grid_tab) == [["YH-01", "犁铧嘴一组", "犁铧嘴村", "马文华", "李强", "30", "", "1"]]
    select(people.grid_tab, "YH-01")
    form = people.edit_grid()
    officers = [form.officer_box.itemText(i) for i in range(1, form.officer_box.count())]
    auxiliaries = [form.auxiliary_box.itemText(i) for i in range(1, form.auxiliary_box.count())]
    assert (officers, auxiliaries) == (["杨海军", "马文华"], ["李强"]), (
        "officers for officers, auxiliaries for auxiliaries"
    )
    assert [form.village_box.itemText(i) for i in range(form.village_box.count())] == ["犁铧嘴村", "菜园村"]
    form.officer_box.setCurrentIndex(form.officer_box.findData("杨海军"))
    form.auxiliary_box.setCurrentIndex(0)
    form.cycle_box.setValue(14)
    form.target_box.setValue(40)
    form.buttons.accepted.emit()
    assert errors == []
    grid = store.read("grids").iloc[0]
    assert (grid["officer"], grid["auxiliary"], grid["visit_cycle_days"], grid["monthly_visit_target"]) == (
        "杨海军", None, 14, 40)  # fmt: skip
    assert table_rows(people.grid_tab)[0][3:7] == ["杨海军", "", "14", "40"]
    assert stack.undoText() == "Edit grid YH-01"
    stack.undo()
    assert store.read("grids").iloc[0]["officer"] == "马文华"


def test_a_grid_code_given_twice_or_left_empty_is_refused_naming_row_and_field(dialog, tmp_path):
    store = station_project(tmp_path / "two.gpkg")
    outline = store.read("grids").geometry.iloc[0]
    store.insert(new_feature("grids", outline, code="YH-02", name="菜园二组", station="豫海派出所", officer="杨海军"))
    people, store, stack, errors = dialog(store)
    select(people.grid_tab, "YH-02")
    form = people.edit_grid()
    form.code_edit.setText("yh-01")
    form.buttons.accepted.emit()
    assert errors == [
        "Grids, row 2, Code: yh-01 is already the code of row 1 (犁铧嘴一组); each grid needs its own code."
    ]
    form.code_edit.setText("YH-02")
    form.name_edit.setText(" ")
    form.buttons.accepted.emit()
    assert errors[1] == "Grids, row 2, Name: a value is required."
    form.name_edit.setText("菜园二组")
    form.officer_box.setCurrentIndex(0)
    form.buttons.accepted.emit()
    assert errors[2].startswith("Grids, row 2, Community officer: every grid has a named community officer.")
    assert stack.count() == 0 and set(store.read("grids")["code"]) == {"YH-01", "YH-02"}


def test_a_grid_households_belong_to_is_not_removed_and_an_empty_one_is(dialog, tmp_path):
    people, store, stack, errors = dialog(station_project(tmp_path / "full.gpkg", households=3))
    select(people.grid_tab, "YH-01")
    assert not people.remove_grid()
    assert errors == [
        "Grid YH-01 cannot be removed: 3 household(s) still belong to it. Move them to another grid first."
    ]
    with store.edit():
        for household in store.read("households").itertuples():
            store.delete("households", household.id, household.version)
    assert table_rows(people.grid_tab)[0][-1] == "0", "the household count follows the store"
    outline = store.read("grids").geometry.iloc[0]
    assert people.remove_grid()
    assert store.count("grids") == 0 and table_rows(people.grid_tab) == []
    stack.undo()
    assert store.read("grids").geometry.iloc[0].equals(outline), "the outline comes back with the grid"


def test_a_read_only_project_shows_everything_and_says_why_nothing_can_be_changed(dialog, tmp_path, monkeypatch):
    path = tmp_path / "豫海.gpkg"
    station_project(path).close()
    before = path.read_bytes()
    monkeypatch.setattr(gpkg_module, "is_writable", lambda _path: False)
    people, store, stack, errors = dialog(open_project(path))
    assert len(table_rows(people.officer_tab)) == 3 and len(table_rows(people.grid_tab)) == 1
    assert people.read_only_label.isVisible() and "read-only" in people.read_only_label.text()
    assert str(path) in people.read_only_label.text()
    select(people.officer_tab, "杨海军")
    buttons = [people.officer_tab.add_button, people.officer_tab.edit_button, people.officer_tab.remove_button,
               people.grid_tab.add_button, people.grid_tab.edit_button, people.outline_button]  # fmt: skip
    assert not any(button.isEnabled() for button in buttons)
    assert people.edit_officer() is None
    store.close()
    assert path.read_bytes() == before
