"""The attribute table shows what the review selects, sorts by value, and edits through the undo stack."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QEvent, QModelIndex, Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QSpinBox, QStyleOptionViewItem
from shapely import Point

from desktop.attribute_table import AttributeTableDock
from desktop.record_pages_model import RecordPagesModel
from desktop.record_table_model import RecordTableModel
from layers.review import ReviewFilter, load_review
from layers.store import new_feature
from layers.vocabulary import Grade
from maps.language import CHINESE, ENGLISH
from tests.standard_data import BEIJING

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time

AS_OF = datetime(2026, 4, 10, 12, 0, tzinfo=BEIJING)


class Table:
    """A dock on the standard project, refreshed as the window would: a fresh review after each store change."""

    def __init__(self, qtbot, store) -> None:
        self.qtbot = qtbot
        self.store = store
        self.undo_stack = QUndoStack()
        self.errors: list[str] = []
        self.dock = AttributeTableDock(self.undo_stack, self.errors.append)
        qtbot.addWidget(self.dock)
        self.dock.set_store(store)
        for page in self.dock.pages.values():
            page.model.want_rows()  # as when the reviewer opens each tab
        self.show()

    def show(self, review_filter: ReviewFilter = ReviewFilter()) -> None:  # noqa: B008 - frozen value
        self.data = load_review(self.store, as_of=AS_OF)
        self.dock.show_review(self.data, review_filter)

    def model(self, layer: str) -> RecordPagesModel:
        """The layer's model once the rows asked for last have been read from the store."""
        model = self.dock.pages[layer].model
        self.qtbot.waitUntil(lambda: model.is_read and model.total_rows() is not None)
        return model

    def column(self, layer: str, name: str) -> list[str]:
        model = self.model(layer)
        section = _section(model, name)
        return [model.index(row, section).data() for row in range(model.rowCount())]

    def cell(self, layer: str, record_id: str, name: str) -> QModelIndex:
        model = self.model(layer)
        return model.index(model.row_of(record_id), _section(model, name))

    def tab_title(self, layer: str) -> str:
        self.model(layer)
        return self.dock.tabs.tabText(list(self.dock.pages).index(layer))


def _section(model: RecordTableModel, name: str) -> int:
    return [column.name for column in model.columns].index(name)


def _ids(model: RecordTableModel) -> list[str]:
    return [model.record_id(row) for row in range(model.rowCount())]


def _switch_language(switch_language, dock: AttributeTableDock, language: str) -> None:
    switch_language(language)
    QCoreApplication.sendEvent(dock, QEvent(QEvent.Type.LanguageChange))  # installing posts it; see it now


@pytest.fixture
def table(qtbot, make_project) -> Table:
    return Table(qtbot, make_project())


def test_rows_follow_the_review_selection_and_the_tabs_count_them(table):
    standard = table.store.standard
    assert [table.tab_title(layer) for layer in ("households", "visits", "disputes")] == [
        "Households (3)",
        "Visits (2)",
        "Disputes (2)",
    ]
    table.show(ReviewFilter(grades=frozenset({"red"})))
    assert _ids(table.model("disputes")) == [standard["dispute_1"].id]
    assert table.tab_title("disputes") == "Disputes (1)"
    table.show(ReviewFilter(grid_ids=frozenset({standard["grid_b"].id})))
    assert _ids(table.model("households")) == [standard["house_3"].id]
    assert table.column("households", "grid_id") == ["YH-02"]
    assert _ids(table.model("visits")) == [standard["visit_2"].id]


def test_cells_show_codes_as_words_times_on_the_station_clock_and_grades_in_colour(table):
    standard = table.store.standard
    house_1 = standard["house_1"].id
    assert table.cell("households", house_1, "grid_id").data() == "YH-01"
    assert table.cell("households", house_1, "key_person").data() == "Elderly living alone"
    assert table.cell("households", house_1, "last_visit").data() == "2026-03-31 23:59"  # 15:59 UTC
    assert table.cell("households", house_1, "recency").data() == "Visited in cycle"
    assert table.cell("households", house_1, "anti_fraud_app").data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    assert table.cell("households", standard["house_2"].id, "last_visit").data() == ""
    assert table.cell("visits", standard["visit_1"].id, "household_id").data() == "1 张文华"
    assert table.cell("visits", standard["visit_1"].id, "purpose").data() == "Key-person check"
    red = table.cell("disputes", standard["dispute_1"].id, "grade")
    assert red.data() == "Red" and red.data(Qt.ItemDataRole.DecorationRole) == QColor("#d62728")
    green = table.cell("disputes", standard["dispute_2"].id, "grade")
    assert green.data(Qt.ItemDataRole.DecorationRole) == QColor("#2e9d4a")
    assert table.cell("disputes", standard["dispute_2"].id, "resolved_at").data() == "2026-02-03 16:00"
    assert table.cell("disputes", standard["dispute_2"].id, "followup_due").data() == "2026-02-18"


def test_sorting_by_members_and_house_number_is_numeric(table):
    standard = table.store.standard
    for name, members, house_no in (("house_1", 10, "10"), ("house_2", 9, "2"), ("house_3", 2, "9")):
        table.store.update("households", standard[name].id, {"members": members, "house_no": house_no}, 1)
    table.show()
    view = table.dock.pages["households"].table
    view.sortByColumn(_section(table.model("households"), "members"), Qt.SortOrder.AscendingOrder)
    assert table.column("households", "members") == ["2", "9", "10"]
    view.sortByColumn(_section(table.model("households"), "members"), Qt.SortOrder.DescendingOrder)
    assert table.column("households", "members") == ["10", "9", "2"]
    view.sortByColumn(_section(table.model("households"), "house_no"), Qt.SortOrder.AscendingOrder)
    assert table.column("households", "house_no") == ["2", "9", "10"]


def test_sorting_by_visit_time_is_chronological_and_survives_a_refresh(table):
    standard = table.store.standard
    for moment in (datetime(2026, 4, 1, 0, 30, tzinfo=BEIJING), datetime(2026, 3, 9, 8, 0, tzinfo=BEIJING)):
        table.store.insert(
            new_feature(
                "visits", Point(105.906, 36.904), household_id=standard["house_2"].id, visited_at=moment, officer="杨平"
            )
        )
    table.show()
    view = table.dock.pages["visits"].table
    view.sortByColumn(_section(table.model("visits"), "visited_at"), Qt.SortOrder.AscendingOrder)
    chronological = ["2026-03-09 08:00", "2026-03-31 23:59", "2026-04-01 00:30", "2026-04-02 10:00"]
    assert table.column("visits", "visited_at") == chronological
    table.show()
    assert table.column("visits", "visited_at") == chronological
    view.sortByColumn(_section(table.model("visits"), "visited_at"), Qt.SortOrder.DescendingOrder)
    assert table.column("visits", "visited_at") == chronological[::-1]


def test_the_quick_filter_keeps_rows_that_show_every_typed_word(qtbot, table):
    standard = table.store.standard
    page = table.dock.pages["households"]
    page.quick_filter.setText("李")
    qtbot.waitUntil(lambda: table.model("households").rowCount() == 1)
    assert _ids(table.model("households")) == [standard["house_2"].id]
    assert table.tab_title("households") == "Households (1)"
    page.quick_filter.setText("yh-01 NEVER")  # a grid code and a word, in any case
    page.apply_quick_filter()
    assert _ids(table.model("households")) == [standard["house_2"].id]
    page.quick_filter.setText("YH-02")
    page.apply_quick_filter()
    assert _ids(table.model("households")) == [standard["house_3"].id]
    table.show()  # a refresh keeps what was typed
    assert _ids(table.model("households")) == [standard["house_3"].id]
    page.quick_filter.clear()
    page.apply_quick_filter()
    assert table.model("households").rowCount() == 3


def test_editing_members_writes_the_store_and_undoes_and_redoes(table):
    house = table.store.standard["house_2"]
    members = table.cell("households", house.id, "members")
    assert members.flags() & Qt.ItemFlag.ItemIsEditable
    assert table.model("households").setData(members, 6)
    assert table.store.get("households", house.id)["members"] == 6
    assert members.data() == "6"  # shown at once, before the window refreshes
    assert table.data.households.set_index("id").loc[house.id, "members"] == 1  # the review's frame is untouched
    assert table.undo_stack.undoText() == "Edit Members of 2 李秀兰"
    table.undo_stack.undo()
    assert table.store.get("households", house.id)["members"] == 1
    table.undo_stack.redo()
    assert table.store.get("households", house.id)["members"] == 6 and not table.errors


def test_a_second_edit_before_the_refresh_is_no_conflict(table):
    house = table.store.standard["house_2"]
    model = table.model("households")
    assert model.setData(table.cell("households", house.id, "members"), 6)
    assert model.setData(table.cell("households", house.id, "phone"), " 13900001111 ")
    stored = table.store.get("households", house.id)
    assert (stored["members"], stored["phone"], stored.version) == (6, "13900001111", 3) and not table.errors


def test_a_follow_up_day_is_edited_as_a_date(table):
    dispute = table.store.standard["dispute_1"]
    due = table.cell("disputes", dispute.id, "followup_due")
    assert due.data() == "" and isinstance(due.data(Qt.ItemDataRole.EditRole), QDate)  # the view offers a date editor
    assert table.model("disputes").setData(due, QDate(2026, 4, 15))
    assert table.store.get("disputes", dispute.id)["followup_due"] == date(2026, 4, 15)
    assert (
        due.data() == "2026-04-15" and table.undo_stack.undoText() == "Edit Follow-up due of 2 李秀兰 2026-03-01 09:30"
    )


def test_text_in_a_number_field_is_refused_reported_and_changes_nothing(table):
    house = table.store.standard["house_2"]
    members = table.cell("households", house.id, "members")
    assert not table.model("households").setData(members, "many")
    assert len(table.errors) == 1 and "members" in table.errors[0] and "whole number" in table.errors[0]
    assert table.store.get("households", house.id).version == house.version
    assert members.data() == "1" and table.undo_stack.count() == 0


def test_an_edit_of_a_record_changed_meanwhile_is_refused_and_keeps_the_other_edit(table):
    house = table.store.standard["house_2"]
    table.model("households")  # the rows the reviewer sees are read (on their thread) before the other edit
    table.store.update("households", house.id, {"members": 9}, expected_version=house.version)
    assert not table.model("households").setData(table.cell("households", house.id, "members"), 6)
    assert table.errors and "changed by someone else" in table.errors[0]
    assert table.store.get("households", house.id)["members"] == 9 and table.undo_stack.count() == 0


def test_an_edit_shows_right_when_the_window_refreshes_during_it(table):
    """The store announces the edit before push_edit returns; the table must not write into the new rows."""
    house = table.store.standard["house_2"]
    never_visited = ReviewFilter(recency=frozenset({"never"}))  # the refresh moves house 2 to the first row
    table.store.changed.connect(lambda change: table.show(never_visited))
    assert table.model("households").setData(table.cell("households", house.id, "members"), 7)
    assert _ids(table.model("households")) == [house.id]
    assert table.column("households", "members") == ["7"]
    table.undo_stack.undo()
    assert table.column("households", "members") == ["1"] and not table.errors


def test_a_check_box_toggles_a_yes_no_field(table):
    house = table.store.standard["house_1"]
    camera = table.cell("households", house.id, "camera")
    assert camera.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert table.model("households").setData(camera, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert table.store.get("households", house.id)["camera"] is True
    assert camera.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    table.undo_stack.undo()
    assert table.store.get("households", house.id)["camera"] is False


def test_derived_fields_references_and_times_are_read_only(table):
    house = table.store.standard["house_1"].id
    for name in ("grid_id", "key_person", "last_visit", "recency"):
        assert not table.cell("households", house, name).flags() & Qt.ItemFlag.ItemIsEditable, name
    assert not table.model("households").setData(table.cell("households", house, "recency"), "never")
    visit = table.store.standard["visit_1"].id
    assert not table.cell("visits", visit, "visited_at").flags() & Qt.ItemFlag.ItemIsEditable
    table.dock.set_store(None)
    assert not table.cell("households", house, "members").flags() & Qt.ItemFlag.ItemIsEditable


def _grade_combo(table: Table, dispute_id: str) -> tuple[QComboBox, object]:
    view = table.dock.pages["disputes"].table
    index = table.cell("disputes", dispute_id, "grade")
    combo = view.itemDelegate().createEditor(view.viewport(), QStyleOptionViewItem(), index)
    view.itemDelegate().setEditorData(combo, index)
    return combo, index


def test_the_grade_is_chosen_by_its_word_in_the_language_shown(table, switch_language):
    dispute = table.store.standard["dispute_1"]
    _switch_language(switch_language, table.dock, CHINESE)
    combo, index = _grade_combo(table, dispute.id)
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["绿色", "黄色", "橙色", "红色"]
    assert combo.currentText() == "红色"
    combo.setCurrentIndex(combo.findText("橙色"))
    table.dock.pages["disputes"].table.itemDelegate().setModelData(combo, index.model(), index)
    assert table.store.get("disputes", dispute.id)["grade"] == Grade.ORANGE.value
    assert index.data() == "橙色"
    _switch_language(switch_language, table.dock, ENGLISH)
    combo, _ = _grade_combo(table, dispute.id)
    assert [combo.itemText(i) for i in range(combo.count())] == ["Green", "Yellow", "Orange", "Red"]
    assert combo.currentText() == "Orange"


def test_headers_and_words_follow_a_language_switch(table, switch_language):
    house_2 = table.store.standard["house_2"]
    table.store.update("households", house_2.id, {"key_person": "disabled,elderly_alone"}, house_2.version)
    table.show()
    model = table.model("households")
    _switch_language(switch_language, table.dock, CHINESE)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "门牌号"
    assert model.headerData(_section(model, "recency"), Qt.Orientation.Horizontal) == "走访状态"
    assert table.cell("households", house_2.id, "key_person").data() == "残疾人、独居老人"
    assert table.cell("households", house_2.id, "recency").data() == "从未走访"
    _switch_language(switch_language, table.dock, ENGLISH)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "House no."
    assert table.cell("households", house_2.id, "key_person").data() == "Disabled, Elderly living alone"


def test_double_click_or_enter_on_a_row_asks_to_show_that_record(qtbot, table):
    standard = table.store.standard
    table.dock.show()
    view = table.dock.pages["households"].table
    grid_cell = table.cell("households", standard["house_3"].id, "grid_id")  # read-only: a double-click activates
    where = view.visualRect(grid_cell).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a real double-click starts with one
    with qtbot.waitSignal(table.dock.recordActivated) as activated:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert activated.args == ["households", standard["house_3"].id]
    table.dock.tabs.setCurrentWidget(table.dock.pages["visits"])
    view = table.dock.pages["visits"].table
    view.setCurrentIndex(table.cell("visits", standard["visit_1"].id, "visited_at"))
    with qtbot.waitSignal(table.dock.recordActivated) as activated:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert activated.args == ["visits", standard["visit_1"].id]
    officer = table.cell("visits", standard["visit_1"].id, "officer")  # editable: a double-click edits instead
    where = view.visualRect(officer).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    with qtbot.assertNotEmitted(table.dock.recordActivated):
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert view.state() == QAbstractItemView.State.EditingState


def test_select_record_shows_its_tab_and_row_when_the_filters_let_it(qtbot, table):
    standard = table.store.standard
    table.dock.select_record("disputes", standard["dispute_2"].id)
    page = table.dock.pages["disputes"]
    assert table.dock.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: page.table.selectionModel().hasSelection())
    assert [page.model.record_id(index.row()) for index in page.table.selectionModel().selectedRows()] == [
        standard["dispute_2"].id
    ]
    table.show()  # a refresh keeps the reviewer on his record
    table.model("disputes")
    assert page.model.record_id(page.table.currentIndex().row()) == standard["dispute_2"].id
    table.show(ReviewFilter(grades=frozenset({"red"})))
    table.model("disputes")
    table.dock.select_record("disputes", standard["dispute_2"].id)
    table.model("disputes")
    assert not page.table.selectionModel().hasSelection()


def test_editing_in_the_view_goes_to_the_store(qtbot, table):
    """What an officer does: double-click a number, type, Enter; pick a word; Space on a check box."""
    standard = table.store.standard
    table.dock.show()
    view = table.dock.pages["households"].table
    members = table.cell("households", standard["house_2"].id, "members")
    view.setCurrentIndex(members)
    view.edit(members)
    spin_box = view.viewport().findChild(QSpinBox)
    spin_box.setValue(4)
    qtbot.keyClick(spin_box, Qt.Key.Key_Return)  # Qt commits on its next turn of the event loop
    qtbot.waitUntil(lambda: table.store.get("households", standard["house_2"].id)["members"] == 4)
    camera = table.cell("households", standard["house_2"].id, "camera")
    view.setCurrentIndex(camera)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert table.store.get("households", standard["house_2"].id)["camera"] is True

    table.dock.tabs.setCurrentWidget(table.dock.pages["disputes"])
    view = table.dock.pages["disputes"].table
    status = table.cell("disputes", standard["dispute_1"].id, "status")
    view.setCurrentIndex(status)
    view.edit(status)
    combo = view.viewport().findChild(QComboBox)
    combo.setCurrentIndex(combo.findText("Mediating"))
    combo.activated.emit(combo.currentIndex())  # what a click on a word in the list sends
    assert table.store.get("disputes", standard["dispute_1"].id)["status"] == "mediating"
    assert status.data() == "Mediating" and table.undo_stack.count() == 3 and not table.errors
