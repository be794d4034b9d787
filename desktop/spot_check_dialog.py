"""The daily spot check (每日暗访抽查) as the supervisor does it: the day's call list, a result per call.

The list is :func:`layers.assessment.spot_checks.spot_check_sample`, drawn from the station
and the day, so it is the list ``wangge spot-check`` prints and no one picks the
households by hand. Each result is recorded on the visit at once, as an
undoable edit on the window's undo stack (the store writes it in one
transaction); the results then count in the monthly assessment. Edits made
elsewhere (an undo in the main window, another officer on the shared
database) show up in the list as they are committed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from PySide6.QtCore import QCoreApplication, QDate, QEvent, QSettings
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.edit_commands import ReportError, UpdateRecord, push_edit
from desktop.store_events import StoreEvents
from layers.assessment.spot_checks import DEFAULT_PER_OFFICER, spot_check_changes, spot_check_sample
from layers.errors import WanggeError
from layers.store import Change, ProjectStore
from layers.values import STATION_TIMEZONE, station_today
from layers.vocabulary import SpotCheckResult, VisitPurpose
from maps.words import term

SUPERVISOR_SETTING = "spot_check/supervisor"
"""The last supervisor's name, remembered so a daily task does not start with typing it."""
COLUMNS = ("officer", "time", "purpose", "house_no", "head_name", "phone", "result", "checked")
RESULT_COLUMN = COLUMNS.index("result")


class SpotCheckDialog(QDialog):
    """The call list of one day, with a result box per visit."""

    def __init__(
        self,
        store: ProjectStore,
        undo_stack: QUndoStack,
        report_error: ReportError,
        store_events: StoreEvents,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.report_error = report_error
        self.sample = pd.DataFrame()
        self.result_boxes: list[QComboBox] = []
        self._build()
        store_events.changed.connect(self._on_store_changed)
        self.retranslate()
        self.draw()

    def _build(self) -> None:
        yesterday = station_today() - timedelta(days=1)
        self.day_edit = QDateEdit(QDate(yesterday.year, yesterday.month, yesterday.day))
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.per_officer_box = QSpinBox()
        self.per_officer_box.setRange(1, 50)
        self.per_officer_box.setValue(DEFAULT_PER_OFFICER)
        self.supervisor_edit = QLineEdit(str(QSettings().value(SUPERVISOR_SETTING, "")))
        self.supervisor_edit.editingFinished.connect(
            lambda: QSettings().setValue(SUPERVISOR_SETTING, self.supervisor_edit.text().strip())
        )
        self.day_label, self.per_officer_label, self.supervisor_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.day_label, self.day_edit)
        form.addRow(self.per_officer_label, self.per_officer_box)
        form.addRow(self.supervisor_label, self.supervisor_edit)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.day_edit.dateChanged.connect(lambda _day: self.draw())
        self.per_officer_box.valueChanged.connect(lambda _value: self.draw())
        undo, redo = self.undo_stack.createUndoAction(self), self.undo_stack.createRedoAction(self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([undo, redo])
        self.resize(980, 520)

    @property
    def day(self) -> date:
        return self.day_edit.date().toPython()

    def draw(self) -> None:
        """Draw the day's sample again (the same day always gives the same list) and show it."""
        try:
            self.sample = spot_check_sample(self.store, self.day, self.per_officer_box.value())
        except WanggeError as error:
            self.report_error(error.translated(QCoreApplication.translate))
            self.sample = pd.DataFrame()
        self.table.setRowCount(len(self.sample))
        self.result_boxes = []
        for row, visit in enumerate(self.sample.itertuples(index=False)):
            values = (visit.officer, visit.visited_at.strftime("%H:%M"), self._purpose(visit.purpose),
                      visit.house_no or "", visit.head_name or "", visit.phone or "")  # fmt: skip
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(str(text)))
            box = QComboBox()
            box.addItem(self.tr("not called yet"), None)
            for result in SpotCheckResult:
                box.addItem(term(result), result.value)
            box.activated.connect(lambda _index, row=row: self.record(row))
            self.table.setCellWidget(row, RESULT_COLUMN, box)
            self.result_boxes.append(box)
        self._show_results()
        self.summary.setText(
            self.tr(
                "{count} visits of {day} to call back, drawn at random from the station's name and the day: the same "
                "day always gives the same list. Record what each household says; it counts in the monthly bulletin."
            ).format(count=len(self.sample), day=self.day.isoformat())
        )

    def _purpose(self, code: str | None) -> str:
        try:
            return term(VisitPurpose(code))
        except ValueError:
            return code or ""

    def _show_results(self) -> None:
        """Each visit's recorded result, read from the store (it may have changed since the list was drawn)."""
        for row, visit_id in enumerate(self.sample.get("visit_id", ())):
            visit = self.store.get("visits", visit_id)
            box = self.result_boxes[row]
            box.blockSignals(True)
            box.setCurrentIndex(max(box.findData(visit["spot_check"]), 0))
            box.blockSignals(False)
            checked = ""
            if visit["spot_check"]:
                moment = pd.Timestamp(visit["spot_checked_at"]).tz_convert(STATION_TIMEZONE)
                checked = f"{visit['spot_checked_by']} {moment:%m-%d %H:%M}"
            self.table.setItem(row, COLUMNS.index("checked"), QTableWidgetItem(checked))

    def record(self, row: int) -> bool:
        """Record the result chosen in ``row``'s box on its visit; a refused result puts the box back."""
        visit = self.store.get("visits", self.sample["visit_id"].iloc[row])
        result = self.result_boxes[row].currentData()
        if result is None or result == visit["spot_check"]:
            self._show_results()  # "not called yet" is the absence of a call, not a result to record
            return False
        try:
            changes = spot_check_changes(visit.id, result, self.supervisor_edit.text(), datetime.now(STATION_TIMEZONE))
        except WanggeError as error:
            self.report_error(error.translated(QCoreApplication.translate))
            self._show_results()
            self.supervisor_edit.setFocus()
            return False
        text = self.tr("Spot check of house {house}: {result}").format(
            house=self.sample["house_no"].iloc[row], result=term(SpotCheckResult(result))
        )
        recorded = push_edit(self.undo_stack, UpdateRecord(self.store, visit, changes, text, self.report_error))
        self._show_results()
        return recorded

    def _on_store_changed(self, change: Change) -> None:
        if change.layer == "visits" and set(change.updated) & set(self.sample.get("visit_id", ())):
            self._show_results()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Daily spot check"))
        self.day_label.setText(self.tr("Visits of"))
        self.per_officer_label.setText(self.tr("Calls per officer"))
        self.supervisor_label.setText(self.tr("Called back by"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Officer"),
                self.tr("Time"),
                self.tr("Purpose"),
                self.tr("House no."),
                self.tr("Head"),
                self.tr("Phone"),
                self.tr("Result"),
                self.tr("Called by, at"),
            ]  # fmt: skip
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.draw()  # purposes and results are words of the language
        super().changeEvent(event)
