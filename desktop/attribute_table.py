"""The attribute table: the households, visits and disputes the review shows, as rows to read and edit.

It shows the records the review filter selects in the whole project (the map
shows those of its view, by the same filter), lets a reviewer narrow them with a
few typed words, and edits a cell through the window's undo stack. A county
keeps a million households and millions of visits: every table is read from
the store a page at a time as the reviewer scrolls, sorted and searched by the
database (:mod:`desktop.record_pages_model`). The table follows the review when
the filter changes or the store announces an edit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.record_pages_model import RecordPagesModel
from desktop.record_table_model import RecordTableModel
from desktop.review_model import ReviewModel
from layers.review import ReviewData, ReviewFilter
from layers.store import ProjectStore
from maps.words import term

TABLE_LAYERS = ("households", "visits", "disputes")
"""Each read from the store a page at a time (:mod:`desktop.record_pages_model`): a county keeps millions."""

FIRST_SORT = {
    "households": Qt.SortOrder.AscendingOrder,  # by house number, as the register lists them
    "visits": Qt.SortOrder.DescendingOrder,  # the latest visit first
    "disputes": Qt.SortOrder.DescendingOrder,  # the latest reported first
}
"""How each table is sorted by its first column until the reviewer clicks another header."""

QUICK_FILTER_DELAY_MS = 200
"""Typing pauses this long before a county's 100,000 rows are searched again."""

MEASURED_ROWS = 50
"""Rows measured to fit column widths: measuring every row of a county takes seconds."""


class VocabularyDelegate(QStyledItemDelegate):
    """Vocabulary cells edit with a combo of words in the current language; the code is what is stored."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        vocabulary = index.model().vocabulary(index)
        if vocabulary is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for member in vocabulary:
            combo.addItem(term(member), member.value)
        combo.activated.connect(lambda _row: self._commit_and_close(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(index.data(Qt.ItemDataRole.EditRole)))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def _commit_and_close(self, combo: QComboBox) -> None:
        """A word picked from the list is the edit: no second click or Enter needed."""
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)


class RecordTablePage(QWidget):
    """One tab: the quick filter above the table of one layer."""

    def __init__(self, model: RecordTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.quick_filter = QLineEdit()
        self.quick_filter.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self, singleShot=True, interval=QUICK_FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_quick_filter)
        self.quick_filter.textChanged.connect(self._filter_timer.start)
        self.quick_filter.returnPressed.connect(self.apply_quick_filter)

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setItemDelegate(VocabularyDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        row_height = self.table.fontMetrics().height() + 6  # dense, as a paper register is
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        self.table.horizontalHeader().setResizeContentsPrecision(MEASURED_ROWS)
        # columns as wide as their contents; a stretched last column took half the table for a short note
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, FIRST_SORT[model.layer])
        self._widths_fitted = False
        self._place: tuple[str | None, int, int] = (None, 0, 0)
        model.modelAboutToBeReset.connect(self._remember_place)
        model.modelReset.connect(self._keep_place)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.quick_filter)
        layout.addWidget(self.table)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    def apply_quick_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_quick_filter(self.quick_filter.text())

    def show_records(self, data: ReviewData, review_filter: ReviewFilter) -> None:
        """New rows, once the store has read them; :meth:`_keep_place` keeps the reviewer's place."""
        self.model.show_review(data, review_filter)

    def _remember_place(self) -> None:
        current = self.table.currentIndex()
        record_id = self.model.record_id(current.row()) if current.isValid() else None
        self._place = (record_id, current.column(), self.table.verticalScrollBar().value())

    def _keep_place(self) -> None:
        """The reviewer stays on the record and the place in the table he was at."""
        record_id, column, scrolled = self._place
        row = self.model.row_of(record_id) if record_id is not None else None
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, column))
        self.table.verticalScrollBar().setValue(scrolled)
        if not self._widths_fitted:  # once: later refreshes keep the widths the reviewer set
            self.fit_column_widths()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.model.want_rows()

    def fit_column_widths(self) -> None:
        if self.model.rowCount():
            self.table.resizeColumnsToContents()
            self._widths_fitted = True


class AttributeTableDock(QDockWidget):
    """Households, visits and disputes of the review, one tab each, with their shown counts."""

    recordActivated = Signal(str, str)  # noqa: N815 - named as Qt names its signals (activated, doubleClicked)
    """(layer, record id): the reviewer double-clicked a row or pressed Enter on it, e.g. to zoom the map to it."""

    def __init__(
        self,
        undo_stack: QUndoStack,
        report_error: Callable[[str], None],
        parent: QWidget | None = None,
        review: ReviewModel | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attribute_table")  # so the window can save and restore where the dock sits
        self.review = review
        if review is not None:
            review.queryChanged.connect(self._follow_review)
        self.tabs = QTabWidget()
        self.pages: dict[str, RecordTablePage] = {}
        for layer in TABLE_LAYERS:
            page = RecordTablePage(RecordPagesModel(layer, undo_stack, report_error, self))
            page.table.activated.connect(lambda index, page=page: self._activate(page, index))
            page.model.revealed.connect(page.select_row)
            for signal in (page.model.counted, page.model.rowsRemoved):
                signal.connect(self._show_counts)
            self.pages[layer] = page
            self.tabs.addTab(page, "")
        self.setWidget(self.tabs)
        self.retranslate()

    def set_store(self, store: ProjectStore | None) -> None:
        """Where edits go (and visits are read from); without a store (no project open) the tables are read-only."""
        for page in self.pages.values():
            page.model.close()
            page.model.store = store

    def show_review(self, data: ReviewData, review_filter: ReviewFilter) -> None:
        """Show the records ``review_filter`` selects in the whole project, read from the store; ``data`` (what
        the map shows) gives the grids and the moment of the review."""
        for page in self.pages.values():
            page.show_records(data, review_filter)

    def _follow_review(self) -> None:
        self.show_review(self.review.data, self.review.filter)

    def visits_counted(self) -> int | None:
        """How many visits the review filter selects; ``None`` until the store has counted them."""
        return self.pages["visits"].model.total_rows()

    def select_record(self, layer: str, record_id: str) -> None:
        """Show ``layer``'s tab and select the record's row once it is read (never, when the filters hide it)."""
        page = self.pages[layer]
        self.tabs.setCurrentWidget(page)
        page.table.clearSelection()
        page.model.reveal(record_id)

    def _activate(self, page: RecordTablePage, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.recordActivated.emit(page.model.layer, page.model.record_id(index.row()))

    def _show_counts(self) -> None:
        titles = {"households": self.tr("Households"), "visits": self.tr("Visits"), "disputes": self.tr("Disputes")}
        for layer, page in self.pages.items():
            total = page.model.total_rows()
            count = "…" if total is None else f"{total:,}"
            self.tabs.setTabText(
                self.tabs.indexOf(page), self.tr("{layer} ({count})").format(layer=titles[layer], count=count)
            )

    def retranslate(self) -> None:
        """Titles, headers and words in the language now chosen; the tables keep their rows and order."""
        self.setWindowTitle(self.tr("Attribute table"))
        for page in self.pages.values():
            page.quick_filter.setPlaceholderText(
                self.tr("Filter rows: type a name, house number, phone or any word shown")
            )
            page.model.retranslate()
            page.fit_column_widths()  # Chinese and English titles differ in width
        self._show_counts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
