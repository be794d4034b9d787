"""The import dialog on the standard project: see the report, map a column, import the valid rows, undo, redo."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox

from desktop.import_dialog import ImportDialog
from tests.desktop.conftest import run_to_end
from tests.layers.test_imports_households import VALID_ID, write_csv

ROWS = [
    ["101", "马文海", "4", "13995012345", VALID_ID, "105.9012", "36.9021"],
    ["102", "丁秀兰", "三", "0953-8012345", "", "105.9077", "36.9088"],  # members is not a number
    ["103", "杨学军", "2", "", "", "", ""],  # no position: for the locate queue
]


@pytest.fixture
def dialog(qtbot, make_project, monkeypatch):
    store = make_project()
    stack, errors = QUndoStack(), []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    dialog = ImportDialog(store, stack, errors.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.errors = errors
    return dialog


def house_numbers(store) -> set[str]:
    return set(store.read("households", columns=["house_no"])["house_no"])


def test_a_gbk_file_is_reported_row_by_row_and_its_valid_rows_go_in_as_one_undoable_step(qtbot, dialog, tmp_path):
    path = write_csv(tmp_path / "住户.csv", ROWS, encoding="gbk")
    run_to_end(qtbot, dialog.open_file(str(path), "households", "wgs84"))
    plan = dialog.plan
    assert plan is not None and plan.report.encoding == "GBK" and not dialog.errors
    problems = [(dialog.problems_table.item(row, 0).text(), dialog.problems_table.item(row, 1).text())
                for row in range(dialog.problems_table.rowCount())]  # fmt: skip
    assert problems == [("3", "家庭人口")], "spreadsheet row 3 (the header is row 1), the column as written"
    assert not dialog.import_all_button.isEnabled() and dialog.import_valid_button.isEnabled()
    assert "2" in dialog.import_valid_button.text() and "locate queue" in dialog.summary.text()
    store, before = dialog.store, house_numbers(dialog.store)

    run_to_end(qtbot, dialog.import_rows(valid_rows_only=True))
    assert len(dialog.imported) == 2
    assert house_numbers(store) == before | {"101", "103"}
    assert dialog.undo_stack.count() == 1
    imported = dialog.imported
    dialog.undo_stack.undo()
    assert house_numbers(store) == before
    dialog.undo_stack.redo()
    assert house_numbers(store) == before | {"101", "103"}
    assert {store.get("households", record_id)["house_no"] for record_id in imported} == {"101", "103"}
    dialog.undo_stack.undo()
    assert house_numbers(store) == before


def test_a_column_mapped_by_hand_is_checked_again_and_imported(qtbot, dialog, tmp_path):
    header = ["门户代码", "户主姓名", "家庭人口"]  # no name the import knows for the house number
    path = write_csv(tmp_path / "list.csv", [["201", "马丽", "3"]], header=header)
    run_to_end(qtbot, dialog.open_file(str(path), "households"))
    plan = dialog.plan
    assert plan.report.missing_columns and "门户代码" in plan.report.unplaced
    assert not dialog.import_all_button.isEnabled() and not dialog.import_valid_button.isEnabled()
    box = dialog.columns_table.cellWidget(0, 1)
    box.setCurrentIndex(box.findData("house_no"))
    box.activated.emit(box.currentIndex())
    dialog.check_button.click()
    run_to_end(qtbot, dialog.tasks.current)  # the button started the check on a worker thread
    assert dialog.plan.report.recognised["门户代码"] == "house_no" and not dialog.plan.report.missing_columns
    assert dialog.import_all_button.isEnabled()
    dialog.import_all_button.click()
    run_to_end(qtbot, dialog.tasks.current)
    assert "201" in house_numbers(dialog.store)


def test_a_file_that_is_no_register_is_explained_and_nothing_can_be_imported(qtbot, dialog, tmp_path):
    path = tmp_path / "scan.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not a register")
    run_to_end(qtbot, dialog.open_file(str(path), "households"))
    assert dialog.plan is None
    assert dialog.errors and "scan.jpg" in dialog.errors[-1]
    assert not dialog.import_all_button.isEnabled() and not dialog.import_valid_button.isEnabled()
