"""The supervisor's daily spot check in the main window: the call list, a result per call, undo, the bulletin."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QSettings

from desktop.spot_check_dialog import COLUMNS, SUPERVISOR_SETTING
from layers.assessment.monthly import monthly_report
from layers.assessment.spot_checks import spot_check_sample

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time

DAY = date(2026, 11, 20)
"""A day of the demo village with visits, each officer's first draw already called back."""


@pytest.fixture
def window(demo_window):
    """The main window on a copy of the demo village; warnings collected instead of shown."""
    return demo_window()


@pytest.fixture
def dialog(window, qtbot):
    """The spot-check dialog on :data:`DAY`, three calls per officer, nobody named yet."""
    window.spot_check_action.trigger()
    (dialog,) = [child for child in window.children() if type(child).__name__ == "SpotCheckDialog"]
    dialog.supervisor_edit.setText("")
    dialog.per_officer_box.setValue(3)
    dialog.day_edit.setDate(QDate(DAY.year, DAY.month, DAY.day))
    return dialog


def choose(dialog, row: int, result: str | None) -> None:
    """Pick ``result`` in ``row``'s box as a mouse or keyboard would (index change, then ``activated``)."""
    box = dialog.result_boxes[row]
    index = box.findData(result)
    box.setCurrentIndex(index)
    box.activated.emit(index)


def not_called_row(dialog) -> int:
    """A row of the list whose visit nobody has called back yet."""
    return next(row for row, box in enumerate(dialog.result_boxes) if box.currentData() is None)


def test_the_list_is_the_days_reproducible_sample_with_phones_and_recorded_results(window, dialog):
    expected = spot_check_sample(window.store, DAY, 3)
    assert list(dialog.sample["visit_id"]) == list(expected["visit_id"]) and len(expected) > 4
    table = dialog.table
    phones = [table.item(row, COLUMNS.index("phone")).text() for row in range(table.rowCount())]
    assert phones == [phone or "" for phone in expected["phone"]] and "*" not in "".join(phones)
    recorded = [window.store.get("visits", visit_id)["spot_check"] for visit_id in expected["visit_id"]]
    assert [box.currentData() for box in dialog.result_boxes] == recorded
    assert any(recorded) and not all(recorded)  # the demo's daily call already made, the others not yet
    assert "2026-11-20" in dialog.summary.text()


def test_a_result_without_the_callers_name_is_refused_and_nothing_is_written(window, dialog):
    row = not_called_row(dialog)
    visit_id = dialog.sample["visit_id"].iloc[row]
    version = window.store.get("visits", visit_id).version
    choose(dialog, row, "confirmed")
    assert window.warnings and "name who called" in window.warnings[-1]
    assert window.store.get("visits", visit_id).version == version and window.store.get("visits", visit_id)[
        "spot_check"
    ] is None  # fmt: skip
    assert dialog.result_boxes[row].currentData() is None and window.undo_stack.count() == 0


def test_a_recorded_result_counts_in_the_month_and_is_undone_and_redone(window, dialog):
    before = monthly_report(window.store, "2026-11").station.spot_checks
    dialog.supervisor_edit.setText("马所长")
    dialog.supervisor_edit.editingFinished.emit()
    row = not_called_row(dialog)
    visit_id = dialog.sample["visit_id"].iloc[row]
    choose(dialog, row, "not_confirmed")
    stored = window.store.get("visits", visit_id)
    assert (stored["spot_check"], stored["spot_checked_by"]) == ("not_confirmed", "马所长")
    assert dialog.table.item(row, COLUMNS.index("checked")).text().startswith("马所长 ")
    after = monthly_report(window.store, "2026-11").station.spot_checks
    assert after == {**before, "not_confirmed": before["not_confirmed"] + 1}
    assert window.undo_stack.count() == 1 and "not confirmed" in window.undo_stack.undoText().lower()

    window.undo_stack.undo()
    assert window.store.get("visits", visit_id)["spot_check"] is None
    assert dialog.result_boxes[row].currentData() is None
    assert monthly_report(window.store, "2026-11").station.spot_checks == before
    window.undo_stack.redo()
    assert window.store.get("visits", visit_id)["spot_check"] == "not_confirmed"
    assert dialog.result_boxes[row].currentData() == "not_confirmed"
    assert QSettings().value(SUPERVISOR_SETTING) == "马所长"


def test_another_day_draws_that_days_list(window, dialog):
    first = list(dialog.sample["visit_id"])
    dialog.day_edit.setDate(QDate(2026, 11, 21))
    assert list(dialog.sample["visit_id"]) == list(spot_check_sample(window.store, date(2026, 11, 21), 3)["visit_id"])
    assert list(dialog.sample["visit_id"]) != first
