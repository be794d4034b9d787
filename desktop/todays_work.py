"""Today's work of an officer: key persons due for a visit and dispute follow-ups overdue.

The two lists are the assessment's own judgements
(:func:`layers.assessment.key_persons.due_today`, :func:`layers.disputes.workflow.overdue_followups`),
so what an officer clears here is what the weekly and monthly assessment
count. A double click opens the household's card, where the visit or the
follow-up is logged; the lists count again after every edit (a moment after,
so a burst of edits counts once) while the dock is open, reading the project
once for both lists.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QCoreApplication, QDate, QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDockWidget,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.background import LatestJob
from desktop.store_events import StoreEvents
from layers.assessment.todays_work import todays_lists
from layers.errors import WanggeError
from layers.store import Change, ProjectStore
from layers.values import station_today
from layers.vocabulary import Grade, split_tags
from maps.words import term

RECOUNT_AFTER_MS = 300


class TodaysWorkDock(QDockWidget):
    """Who an officer must see on a day; emits :attr:`householdChosen` on a double click."""

    householdChosen = Signal(str)  # household id

    def __init__(self, store_events: StoreEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todays_work")
        store_events.changed.connect(self._on_store_changed)  # records and the station's rules
        self._counter = LatestJob(self)
        self._counter.done.connect(self._show_lists)
        self.store: ProjectStore | None = None
        self.due = pd.DataFrame()
        self.overdue = pd.DataFrame()
        self.officer_box = QComboBox()
        today = station_today()
        self.day_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.officer_label, self.day_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.officer_label, self.officer_box)
        form.addRow(self.day_label, self.day_edit)
        self.due_table, self.overdue_table = QTableWidget(0, 5), QTableWidget(0, 5)
        for table in (self.due_table, self.overdue_table):
            table.verticalHeader().hide()
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        self.due_table.cellDoubleClicked.connect(lambda row, _column: self._choose(self.due, row))
        self.overdue_table.cellDoubleClicked.connect(lambda row, _column: self._choose(self.overdue, row))
        self.pages = QTabWidget()
        self.pages.addTab(self.due_table, "")
        self.pages.addTab(self.overdue_table, "")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(form)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #d62728;")
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        layout.addWidget(self.pages, 1)
        self.setWidget(body)
        self._recount = QTimer(self, singleShot=True, interval=RECOUNT_AFTER_MS)
        self._recount.timeout.connect(self.count)
        self.officer_box.activated.connect(lambda _index: self.count())
        self.day_edit.dateChanged.connect(lambda _day: self.count())
        self.visibilityChanged.connect(lambda visible: visible and self.count())
        self.retranslate()

    def set_project(self, store: ProjectStore | None, officers: list[str]) -> None:
        self.store = store
        chosen = self.officer_box.currentData()
        self.officer_box.clear()
        self.officer_box.addItem(self.tr("All officers"), None)
        for officer in officers:
            self.officer_box.addItem(officer, officer)
        self.officer_box.setCurrentIndex(max(self.officer_box.findData(chosen), 0))
        self.count()

    def _on_store_changed(self, _change: Change) -> None:
        """An edit was committed: count again soon, if anyone is looking."""
        if self.isVisible():
            self._recount.start()

    def count(self) -> None:
        """Count both lists for the officer and day chosen on a worker thread, and show them when counted.

        A recount asked for while one runs replaces it (:class:`desktop.background.LatestJob`),
        so the lists shown are always those of the latest edit and choice.
        """
        if self.store is None or not self.isVisible():
            return
        store, day, officer = self.store, self.day_edit.date().toPython(), self.officer_box.currentData()
        self._counter.request(lambda: todays_lists(store, day, officer))

    def _show_lists(self, lists: tuple[pd.DataFrame, pd.DataFrame] | WanggeError) -> None:
        if isinstance(lists, WanggeError):  # e.g. an officer no grid names any more, after an edit elsewhere
            self.due, self.overdue = pd.DataFrame(), pd.DataFrame()
            self._fill(self.due_table, [])
            self._fill(self.overdue_table, [])
            self.problem_label.setText(lists.translated(QCoreApplication.translate))
            self.problem_label.show()
            return
        self.problem_label.hide()
        self.due, self.overdue = lists
        self._fill(self.due_table, [self._due_row(row) for row in self.due.itertuples(index=False)])
        self._fill(self.overdue_table, [self._overdue_row(row) for row in self.overdue.itertuples(index=False)])
        self.retranslate()

    def _due_row(self, row) -> tuple[str, ...]:
        tags = "、".join(term(tag) for tag in split_tags(row.key_person))
        overdue = self.tr("never visited") if pd.isna(row.days_overdue) else self._days(row.days_overdue)
        return (row.officer or "", str(row.house_no), row.head_name or "", tags, overdue)

    def _overdue_row(self, row) -> tuple[str, ...]:
        return (row.officer or "", str(row.house_no or ""), row.head_name or "", term(Grade(row.grade)),
                self._days(row.days_overdue))  # fmt: skip

    def _days(self, days: float) -> str:
        return self.tr("due today") if int(days) == 0 else self.tr("{days} days overdue").format(days=int(days))

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
        table.setRowCount(len(rows))
        for number, cells in enumerate(rows):
            for column, text in enumerate(cells):
                table.setItem(number, column, QTableWidgetItem(text))

    def _choose(self, frame: pd.DataFrame, row: int) -> None:
        if 0 <= row < len(frame) and pd.notna(frame["household_id"].iloc[row]):
            self.householdChosen.emit(str(frame["household_id"].iloc[row]))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Today's work"))
        self.officer_label.setText(self.tr("Officer"))
        self.day_label.setText(self.tr("Day"))
        self.pages.setTabText(0, self.tr("Key persons due ({count})").format(count=len(self.due)))
        self.pages.setTabText(1, self.tr("Follow-ups overdue ({count})").format(count=len(self.overdue)))
        self.due_table.setHorizontalHeaderLabels([self.tr("Officer"), self.tr("House no."), self.tr("Head"),
                                                  self.tr("Key person"), self.tr("Due")])  # fmt: skip
        self.overdue_table.setHorizontalHeaderLabels([self.tr("Officer"), self.tr("House no."), self.tr("Head"),
                                                      self.tr("Grade"), self.tr("Follow-up")])  # fmt: skip
        if self.officer_box.count():
            self.officer_box.setItemText(0, self.tr("All officers"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
