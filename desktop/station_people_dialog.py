"""Station → Officers and grids: a station sets up its own people and grids, and keeps them up to date.

Two tables, the station's people and its grids, each with Add, Edit and Remove.
Every change is one undoable step on the main window's undo stack
(:class:`~desktop.station_people_edits.StationPeopleEdits`), saved and audited
at once. A grid is always drawn on the map (its layer requires an outline), so
a new grid is saved when its outline is finished on the map, and "Draw outline
on the map" redraws an existing one. The tables follow the store's change
events, so an undo in the main window, or another officer's edit, shows here as
it is committed. A read-only project shows everything and says why nothing can
be changed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.edit_commands import ReportError
from desktop.outline_tool import GridOutliner
from desktop.station_people_edits import StationPeopleEdits
from desktop.station_people_forms import GridForm, OfficerForm, station_villages
from desktop.store_events import StoreEvents
from layers.errors import ReadOnlyProjectError
from layers.store import Change, ProjectStore
from layers.vocabulary import OfficerRole
from maps.words import term

OFFICER_COLUMNS = ("name", "role", "phone")
GRID_COLUMNS = ("code", "name", "village", "officer", "auxiliary", "visit_cycle_days", "monthly_visit_target",
                "households")  # fmt: skip
ROLE_ORDER = {role.value: number for number, role in enumerate(OfficerRole)}


class _RecordTab(QWidget):
    """A table of records with Add, Edit and Remove below it (and any further buttons)."""

    def __init__(self, columns: tuple[str, ...], extra: tuple[QPushButton, ...] = ()) -> None:
        super().__init__()
        self.table = QTableWidget(0, len(columns))
        self.ids: list[str] = []
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(columns.index("name"), QHeaderView.ResizeMode.Stretch)  # names are what grows
        self.add_button, self.edit_button, self.remove_button = QPushButton(), QPushButton(), QPushButton()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button, *extra):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_rows(self, rows: list[tuple], ids: list[str]) -> None:
        """Fill the table, keeping the selected record selected."""
        selected = self.current_id()
        self.ids = ids
        self.table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem("" if value is None or value is pd.NA else str(value))
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if selected in ids:
            self.table.selectRow(ids.index(selected))

    def current_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def current_id(self) -> str | None:
        row = self.current_row()
        return None if row is None else self.ids[row]

    def select(self, record_id: str) -> None:
        self.table.selectRow(self.ids.index(record_id))


class StationPeopleDialog(QDialog):
    """The station's officers and grids, each change one undoable, audited edit."""

    def __init__(
        self,
        store: ProjectStore,
        undo_stack: QUndoStack,
        report_error: ReportError,
        store_events: StoreEvents,
        outliner: GridOutliner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.report_error, self.outliner = store, report_error, outliner
        self.edits = StationPeopleEdits(store, undo_stack, report_error)
        self.officers = pd.DataFrame(columns=["id", *OFFICER_COLUMNS])
        self.grids = pd.DataFrame(columns=["id", *GRID_COLUMNS])
        self.read_only_label = QLabel()
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setStyleSheet("color: #8a4b00;")
        self.read_only_label.setVisible(store.read_only)
        self.officer_tab = _RecordTab(OFFICER_COLUMNS)
        self.outline_button = QPushButton()
        self.grid_tab = _RecordTab(GRID_COLUMNS, (self.outline_button,))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.officer_tab, "")
        self.tabs.addTab(self.grid_tab, "")
        self.help_label = QLabel()
        self.help_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.help_label)
        self.officer_tab.add_button.clicked.connect(self.add_officer)
        self.officer_tab.edit_button.clicked.connect(self.edit_officer)
        self.officer_tab.remove_button.clicked.connect(self.remove_officer)
        self.officer_tab.table.doubleClicked.connect(lambda _index: self.edit_officer())
        self.grid_tab.add_button.clicked.connect(self.add_grid)
        self.grid_tab.edit_button.clicked.connect(self.edit_grid)
        self.grid_tab.remove_button.clicked.connect(self.remove_grid)
        self.grid_tab.table.doubleClicked.connect(lambda _index: self.edit_grid())
        self.outline_button.clicked.connect(self.outline_grid)
        for tab in (self.officer_tab, self.grid_tab):
            tab.table.itemSelectionChanged.connect(self._enable)
        undo, redo = undo_stack.createUndoAction(self), undo_stack.createRedoAction(self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([undo, redo])
        store_events.changed.connect(self._on_store_changed)
        self.resize(900, 520)
        self.refresh()
        self.retranslate()

    # -- showing -------------------------------------------------------------------
    def refresh(self) -> None:
        """Read both tables again from the store."""
        officers = self.store.read("officers", columns=["id", *OFFICER_COLUMNS])
        officers = officers.assign(order=officers["role"].map(ROLE_ORDER))
        self.officers = officers.sort_values(["order", "name"]).drop(columns="order").reset_index(drop=True)
        grids = pd.DataFrame(self.store.read("grids", columns=["id", *GRID_COLUMNS[:-1]]).drop(columns="geometry"))
        households = self.store.read("households", columns=["grid_id"])["grid_id"].value_counts()
        grids["households"] = grids["id"].map(households).fillna(0).astype(int)
        self.grids = grids.sort_values("code").reset_index(drop=True)
        self._show()

    def _show(self) -> None:
        self.officer_tab.show_rows(
            [(o.name, self._role(o.role), o.phone) for o in self.officers.itertuples()], list(self.officers["id"])
        )
        self.grid_tab.show_rows(
            [tuple(self._cell(getattr(g, column)) for column in GRID_COLUMNS) for g in self.grids.itertuples()],
            list(self.grids["id"]),
        )
        self._enable()

    @staticmethod
    def _cell(value: Any) -> Any:
        if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
            return None
        return int(value) if hasattr(value, "__index__") and not isinstance(value, str) else value

    @staticmethod
    def _role(code: str) -> str:
        try:
            return term(OfficerRole(code))
        except ValueError:
            return code

    def _enable(self) -> None:
        writable = not self.store.read_only
        for tab in (self.officer_tab, self.grid_tab):
            chosen = tab.current_row() is not None
            tab.add_button.setEnabled(writable)
            tab.edit_button.setEnabled(writable and chosen)
            tab.remove_button.setEnabled(writable and chosen)
        self.grid_tab.add_button.setEnabled(writable and self.outliner is not None)
        self.outline_button.setEnabled(
            writable and self.outliner is not None and self.grid_tab.current_row() is not None
        )

    def _on_store_changed(self, change: Change) -> None:
        if change.layer in ("officers", "grids", "households"):
            self.refresh()

    # -- officers ------------------------------------------------------------------
    def add_officer(self) -> OfficerForm:
        """The form for a new person; saved (one undoable step) when it is accepted."""
        return self._open(OfficerForm(self.officers, None, None, self.edits.add_officer, self.report_error, self))

    def edit_officer(self) -> OfficerForm | None:
        officer_id = self.officer_tab.current_id()
        if officer_id is None or self.store.read_only:
            return None
        before = self.store.get("officers", officer_id)
        row = self.officer_tab.current_row() + 1
        return self._open(
            OfficerForm(self.officers, before, row, lambda values: self.edits.update_officer(officer_id, values),
                        self.report_error, self)
        )  # fmt: skip

    def remove_officer(self) -> bool:
        officer_id = self.officer_tab.current_id()
        return officer_id is not None and self.edits.remove_officer(officer_id)

    # -- grids ---------------------------------------------------------------------
    def _grid_form(self, before, row: int | None, save) -> GridForm:
        villages = station_villages(self.store.settings())
        return GridForm(self.grids, self.officers, villages, before, row, save, self.report_error, self)

    def add_grid(self) -> GridForm | None:
        """The form for a new grid; once it passes, its outline is drawn on the map, and then it is saved."""
        if self.outliner is None:
            return None
        return self._open(self._grid_form(None, None, self._draw_new_grid))

    def _draw_new_grid(self, values: dict[str, Any]) -> bool:
        return self._draw(values)

    def edit_grid(self) -> GridForm | None:
        grid_id = self.grid_tab.current_id()
        if grid_id is None or self.store.read_only:
            return None
        before = self.store.get("grids", grid_id)
        row = self.grid_tab.current_row() + 1
        return self._open(self._grid_form(before, row, lambda values: self.edits.update_grid(grid_id, values)))

    def remove_grid(self) -> bool:
        grid_id = self.grid_tab.current_id()
        return grid_id is not None and self.edits.remove_grid(grid_id)

    def outline_grid(self) -> bool:
        """Draw the chosen grid's outline on the map again."""
        grid_id = self.grid_tab.current_id()
        return grid_id is not None and self._draw(grid_id)

    def _draw(self, target: str | dict[str, Any]) -> bool:
        """Draw on the main window's map, out of its way; back when the outline is saved or given up."""
        if self.outliner is None or not self.outliner.draw(self.store, target):
            return False
        self.outliner.ended.connect(self._outline_ended, Qt.ConnectionType.SingleShotConnection)
        self.hide()
        return True

    def _outline_ended(self, grid_id: str) -> None:
        self.show()
        self.raise_()
        if grid_id in self.grid_tab.ids:
            self.tabs.setCurrentWidget(self.grid_tab)
            self.grid_tab.select(grid_id)

    def _open(self, form: QDialog) -> QDialog:
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.setWindowModality(Qt.WindowModality.WindowModal)
        form.show()
        return form

    # -- words ---------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Officers and grids"))
        self.tabs.setTabText(0, self.tr("Officers"))
        self.tabs.setTabText(1, self.tr("Grids"))
        self.officer_tab.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Phone")])
        self.grid_tab.table.setHorizontalHeaderLabels(
            [self.tr("Code"), self.tr("Grid name"), self.tr("Village"), self.tr("Community officer"),
             self.tr("Auxiliary"), self.tr("Visit every (days)"), self.tr("Monthly target"), self.tr("Households")]
        )  # fmt: skip
        self.officer_tab.add_button.setText(self.tr("Add a person..."))
        self.grid_tab.add_button.setText(self.tr("Add a grid..."))
        for tab in (self.officer_tab, self.grid_tab):
            tab.edit_button.setText(self.tr("Edit..."))
            tab.remove_button.setText(self.tr("Remove"))
        self.outline_button.setText(self.tr("Draw outline on the map"))
        self.help_label.setText(
            self.tr(
                "Every change is saved at once and can be undone (Ctrl+Z). A new grid is saved once its outline is "
                "drawn on the map: click its corners, double-click or press Enter to finish."
            )
        )
        if self.store.read_only:
            reason = ReadOnlyProjectError(path=self.store.location).translated(QCoreApplication.translate)
            self.read_only_label.setText(self.tr("Nothing can be changed here: {reason}").format(reason=reason))
        if self.outliner is None:
            self.grid_tab.add_button.setToolTip(self.tr("Grids are drawn on the main window's map"))
        self._show()  # role words are words of the language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
