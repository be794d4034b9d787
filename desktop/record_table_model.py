"""A table model over one review layer: fast for a county's 100,000 households.

Qt asks only for the cells on screen, so words and dates are made per cell in
:meth:`RecordTableModel.data`, never for every row up front. Sorting and the
quick filter are whole-column pandas operations that produce ``order`` (the
positions shown, top to bottom); a QSortFilterProxyModel would call Python once
per pair of rows instead. Sorting uses the values, not the words: dates
chronologically, numbers numerically, grades easy to hard, house numbers 2
before 10.

The model keeps its own copy of the shown columns: the review's frames are
shared with the map and the counts, so they never change in place. An edit goes
through the undo stack (:mod:`desktop.edit_commands`), checked against the
version the user saw, and shows in the copy at once; the window then shows the
fresh review when the store announces the change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum, auto
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QUndoStack

from desktop.edit_commands import ReportError, UpdateRecord, push_edit
from layers.errors import WanggeError
from layers.review import ReviewData, ReviewFilter, ReviewSelection
from layers.schema import RECORD_FIELD_NAMES, FieldType, layer_schema
from layers.store import Feature, ProjectStore
from layers.values import STATION_TIMEZONE, station_today
from layers.vocabulary import KEY_PERSON_SEPARATOR, Grade, KeyPersonTag, VisitRecency, Vocabulary
from maps.symbology import GRADE_COLOURS
from maps.words import CHINESE, current_language, field_title, term

Index = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole


class CellKind(Enum):
    """How a column is shown, sorted and edited."""

    TEXT = auto()
    INTEGER = auto()
    REAL = auto()
    BOOLEAN = auto()
    DATETIME = auto()  # shown on the station's clock, to the minute; not edited here
    DATE = auto()
    VOCABULARY = auto()
    KEY_PERSONS = auto()
    GRID = auto()  # a grid id, shown as the grid's code
    HOUSEHOLD = auto()  # a household id, shown as house number and head of household


@dataclass(frozen=True)
class Column:
    name: str
    kind: CellKind
    vocabulary: type[Vocabulary] | None = None
    editable: bool = False


_FIELD_KINDS = {
    FieldType.TEXT: CellKind.TEXT,
    FieldType.INTEGER: CellKind.INTEGER,
    FieldType.REAL: CellKind.REAL,
    FieldType.BOOLEAN: CellKind.BOOLEAN,
    FieldType.DATETIME: CellKind.DATETIME,
    FieldType.DATE: CellKind.DATE,
}
_DERIVED = {
    "last_visit": Column("last_visit", CellKind.DATETIME),
    "recency": Column("recency", CellKind.VOCABULARY, VisitRecency),
}
_REFERENCE_KINDS = {"grids": CellKind.GRID, "households": CellKind.HOUSEHOLD}


def table_column(layer: str, name: str) -> Column:
    """The column of field ``name``: derived columns and references are shown, never edited."""
    if name in _DERIVED:
        return _DERIVED[name]
    spec = layer_schema(layer).field(name)
    if spec.references:
        return Column(name, _REFERENCE_KINDS[spec.references])
    if name == "key_person":  # several tags in one text field: no editor yet
        return Column(name, CellKind.KEY_PERSONS, KeyPersonTag)
    if spec.vocabulary is not None:
        return Column(name, CellKind.VOCABULARY, spec.vocabulary, editable=True)
    kind = _FIELD_KINDS[spec.type]
    return Column(name, kind, editable=name not in RECORD_FIELD_NAMES and kind is not CellKind.DATETIME)


TABLE_FIELDS = {
    "households": (
        "house_no", "head_name", "members", "phone", "grid_id", "key_person",
        "anti_fraud_app", "camera", "last_visit", "recency",
    ),
    "visits": ("visited_at", "household_id", "officer", "purpose", "outcome", "notes"),
    "disputes": (
        "reported_at", "household_id", "grade", "status", "level", "kind", "mediator",
        "agreement_signed", "resolved_at", "followup_due",
    ),
}  # fmt: skip
"""The columns each table shows, in order: what a reviewer scans, not every stored field."""

_RECORD_LABEL_FIELDS = {
    "households": ("house_no", "head_name"),
    "visits": ("household_id", "visited_at"),
    "disputes": ("household_id", "reported_at"),
}
"""What names a record in the undo menu ("Edit Members of 2 李秀兰")."""

_NUMBER_FIRST = r"^\s*(\d+)"
_ANSWERED_ROLES = {Role.DisplayRole, Role.EditRole, Role.CheckStateRole, Role.DecorationRole, Role.TextAlignmentRole}


NO_HOUSEHOLDS = pd.DataFrame({"id": [], "house_no": [], "head_name": []}, dtype=object)


class HouseholdLabels(Mapping[str, str]):
    """Each household by house number and head ("2 李秀兰"), worded when asked.

    A table shows the households of the rows on screen and of the distinct
    values it sorts by; wording a county's 100,000 up front took a third of a
    second of the window's time at every change.
    """

    def __init__(self, households: pd.DataFrame) -> None:
        self._ids = pd.Index(households["id"].to_numpy(dtype=object))
        self._house_no = households["house_no"].to_numpy(dtype=object)
        self._head = households["head_name"].to_numpy(dtype=object)

    def of(self, ids: np.ndarray) -> np.ndarray:
        """The labels of ``ids`` ("" for an id of no household), at once."""
        rows = self._ids.get_indexer(ids)
        known = rows >= 0
        labels = np.full(len(rows), "", dtype=object)
        labels[known] = [self._label(row) for row in rows[known]]
        return labels

    def _label(self, row: int) -> str:
        return f"{self._house_no[row] or ''} {self._head[row] or ''}".strip()

    def __getitem__(self, household_id: str) -> str:
        rows = self._ids.get_indexer([household_id])
        if rows[0] < 0:
            raise KeyError(household_id)
        return self._label(int(rows[0]))

    def __iter__(self):
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


@dataclass(frozen=True)
class ReferenceLabels:
    """Words for the ids a table refers to: grid codes and households by house number and head."""

    grid_codes: Mapping[str, str]
    household_labels: HouseholdLabels


def reference_labels(data: ReviewData) -> ReferenceLabels:
    return ReferenceLabels(  # tolist(): iterating a pandas string column directly costs far more
        dict(zip(data.grids["id"].tolist(), data.grids["code"].tolist())), HouseholdLabels(data.households)
    )


def _station_clock(series: pd.Series) -> np.ndarray:
    """UTC instants as naive datetime64 on the station's clock (NaT where missing)."""
    local = pd.to_datetime(series, utc=True).dt.tz_convert(STATION_TIMEZONE).dt.tz_localize(None)
    return local.to_numpy(dtype="datetime64[ns]")


def _typed(column: Column, value: Any) -> Any:
    """An editor's value as the store wants it; what cannot be converted goes on as typed, for the store to refuse."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    if isinstance(value, QDate):
        return date(value.year(), value.month(), value.day())
    converters = {CellKind.INTEGER: int, CellKind.REAL: float, CellKind.DATE: date.fromisoformat}
    if isinstance(value, str) and column.kind in converters:
        try:
            return converters[column.kind](value)
        except ValueError:
            return value
    return value


def _checked(value: Any) -> bool:
    """A check state as the view sends it (an enum member, its int, or a plain bool from code)."""
    if isinstance(value, (bool, Qt.CheckState)):
        return value is True or value == Qt.CheckState.Checked
    return value == Qt.CheckState.Checked.value


def _series(values: np.ndarray) -> pd.Series:
    """A column as a Series, keeping ``None`` (pandas would otherwise guess a string type and make it NaN)."""
    return pd.Series(values, dtype=object if values.dtype == object else None)


@dataclass(frozen=True)
class ColumnWords:
    """A column's shown words once per distinct value; row ``i`` shows ``words[codes[i]]`` (code -1: empty)."""

    codes: np.ndarray
    words: np.ndarray
    lowered: pd.Series


class RecordTableModel(QAbstractTableModel):
    """The rows of one layer that pass the review filter, sorted and quick-filtered without a proxy."""

    counted = Signal()  # the number of records (:meth:`total_rows`) changed, or is being counted again

    def __init__(
        self, layer: str, undo_stack: QUndoStack, report_error: ReportError, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.modelReset.connect(self.counted)  # every reset may change how many rows pass
        self.layer = layer
        self.columns = [table_column(layer, name) for name in TABLE_FIELDS[layer]]
        self.store: ProjectStore | None = None
        self._undo_stack = undo_stack
        self._report_error = report_error
        self._references = ReferenceLabels({}, HouseholdLabels(NO_HOUSEHOLDS))
        self._ids = np.empty(0, dtype=object)
        self._versions = np.empty(0, dtype=object)
        self._values: dict[str, np.ndarray] = {c.name: np.empty(0, dtype=object) for c in self.columns}
        self._order = np.empty(0, dtype=np.intp)
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._filter_terms: list[str] = []
        self._word_cache: dict[str, ColumnWords] = {}  # for sorting and the quick filter; dropped on any change
        self._generation = 0  # counts set_records, so an edit can tell that the rows were replaced under it
        self._words: dict[str, dict[str, str]] = {}
        self._separator = ", "
        self._read_words()

    # -- contents --------------------------------------------------------------
    def show_review(
        self, data: ReviewData, selection: ReviewSelection, review_filter: ReviewFilter, references: ReferenceLabels
    ) -> None:
        """Show the records of this layer that ``selection`` lets through."""
        self.set_records(getattr(data, self.layer), getattr(selection, self.layer), references)

    def want_rows(self) -> None:
        """A view shows the table; every row is already here."""

    def total_rows(self) -> int | None:
        """How many records the table holds, shown or scrolled to or not."""
        return self.rowCount()

    def close(self) -> None:
        """The project closes: nothing runs here to stop."""

    def set_records(self, frame: pd.DataFrame, shown: np.ndarray, references: ReferenceLabels) -> None:
        """Show the rows of ``frame`` where ``shown`` is true (copied: the frame is never changed)."""
        self.beginResetModel()
        rows = frame.loc[shown, ["id", "version", *TABLE_FIELDS[self.layer]]]
        self._references = references
        self._ids = rows["id"].to_numpy(dtype=object, copy=True)
        self._versions = rows["version"].to_numpy(dtype=object, na_value=None, copy=True)
        self._values = {column.name: self._own_copy(column, rows[column.name]) for column in self.columns}
        self._word_cache.clear()
        self._generation += 1
        self._order = self._arranged()
        self.endResetModel()

    @staticmethod
    def _own_copy(column: Column, series: pd.Series) -> np.ndarray:
        if column.kind is CellKind.DATETIME:
            return _station_clock(series)
        if column.kind is CellKind.DATE:  # a calendar day is already the station's
            return pd.to_datetime(series).to_numpy(dtype="datetime64[D]")
        return series.to_numpy(dtype=object, na_value=None, copy=True)

    def set_quick_filter(self, text: str) -> None:
        """Show only rows whose shown words contain every word of ``text`` (any case)."""
        terms = text.lower().split()
        if terms == self._filter_terms:
            return
        self.beginResetModel()
        self._filter_terms = terms
        self._order = self._arranged()
        self.endResetModel()

    def retranslate(self) -> None:
        """Words of codes and headers in the language now installed (:func:`maps.language.current_language`)."""
        self._read_words()
        self._word_cache.clear()
        if self._filter_terms:  # what matches may change with the words
            self.beginResetModel()
            self._order = self._arranged()
            self.endResetModel()
        elif self._sort is not None:  # grid codes and house numbers do not change, the words of key persons do
            self._rearrange()
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def _read_words(self) -> None:
        self._words = {
            c.name: {member.value: term(member) for member in c.vocabulary} for c in self.columns if c.vocabulary
        }
        self._separator = "、" if current_language() == CHINESE else ", "

    # -- what Qt asks ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Role.DisplayRole:
            return field_title(self.layer, self.columns[section].name)
        return None

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or role not in _ANSWERED_ROLES:  # views ask for a dozen roles per cell
            return None
        column = self.columns[index.column()]
        value = self._values[column.name][self._order[index.row()]]
        if role == Role.DisplayRole:
            return self.text(column, value)
        if role == Role.EditRole:
            return self._edit_value(column, value)
        if role == Role.CheckStateRole and column.kind is CellKind.BOOLEAN:
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Role.DecorationRole and column.vocabulary is Grade and value in GRADE_COLOURS:
            return QColor(GRADE_COLOURS[Grade(value)])  # views paint a colour as a small square
        if role == Role.TextAlignmentRole and column.kind in (CellKind.INTEGER, CellKind.REAL):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def text(self, column: Column, value: Any) -> str:
        """How one value is shown; the quick filter searches these same words."""
        kind = column.kind
        if value is None or (kind in (CellKind.DATETIME, CellKind.DATE) and np.isnat(value)):
            return ""
        if kind is CellKind.DATETIME:
            return np.datetime_as_string(value, unit="m").replace("T", " ")
        if kind is CellKind.DATE:
            return np.datetime_as_string(value, unit="D")
        if kind is CellKind.VOCABULARY:
            return self._words[column.name].get(value, value)
        if kind is CellKind.KEY_PERSONS:
            words = self._words[column.name]
            return self._separator.join(words.get(tag, tag) for tag in value.split(KEY_PERSON_SEPARATOR) if tag)
        if kind is CellKind.GRID:
            return self._references.grid_codes.get(value, "")
        if kind is CellKind.HOUSEHOLD:
            return self._references.household_labels.get(value, "")
        if kind is CellKind.BOOLEAN:
            return ""  # the check box says it
        if kind is CellKind.REAL:
            return f"{value:.2f}".rstrip("0").rstrip(".")
        return str(value)

    def _edit_value(self, column: Column, value: Any) -> Any:
        """What an editor starts from: codes for words, a QDate for a day (so the view offers a date editor)."""
        if column.kind is CellKind.DATE:
            day = station_today() if np.isnat(value) else value.astype(date)
            return QDate(day.year, day.month, day.day)
        if column.kind in (CellKind.TEXT, CellKind.VOCABULARY) or value is None:
            return value or ""
        return value if column.kind is not CellKind.DATETIME else self.text(column, value)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if not index.isValid() or not self.is_editable(index):
            return flags
        if self.columns[index.column()].kind is CellKind.BOOLEAN:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable

    def is_editable(self, index: Index) -> bool:
        return self.store is not None and self.columns[index.column()].editable

    def vocabulary(self, index: Index) -> type[Vocabulary] | None:
        """The closed set an editable cell chooses from (None for free values)."""
        column = self.columns[index.column()]
        return column.vocabulary if column.kind is CellKind.VOCABULARY and column.editable else None

    # -- editing ------------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = Role.EditRole) -> bool:
        """Write one cell to the store through the undo stack; a refused edit is reported and leaves the cell."""
        if not index.isValid() or not self.is_editable(index):
            return False
        column = self.columns[index.column()]
        if column.kind is CellKind.BOOLEAN:
            if role != Role.CheckStateRole:
                return False
            new_value = _checked(value)
        elif role == Role.EditRole:
            new_value = _typed(column, value)
        else:
            return False
        position = int(self._order[index.row()])
        record_id, shown_version = self._ids[position], self._versions[position]
        try:
            stored = self.store.get(self.layer, record_id)
        except WanggeError as error:
            self._report_error(error.translated(QCoreApplication.translate))
            return False
        if stored[column.name] == new_value and stored.version == shown_version:
            return True  # nothing changed: no store edit, no undo step
        # Edit the version the user saw, so a change made meanwhile elsewhere is a conflict, not overwritten.
        seen = Feature(stored.layer, {**stored.attributes, "version": shown_version}, stored.geometry)
        text = self.tr("Edit {field} of {record}").format(
            field=field_title(self.layer, column.name), record=self.record_label(position)
        )
        generation = self._generation
        command = UpdateRecord(self.store, seen, {column.name: new_value}, text, self._report_error)
        if not push_edit(self._undo_stack, command):
            return False
        if generation == self._generation:  # else the window already showed fresh rows while the store announced it
            self._values[column.name][position] = self._own_copy(column, pd.Series([new_value]))[0]
            self._versions[position] = command.version
            self._word_cache.pop(column.name, None)
            self.dataChanged.emit(index, index)
        return True

    def record_label(self, position: int) -> str:
        """How the undo menu names the record at ``position`` of the shown rows."""
        columns = [table_column(self.layer, name) for name in _RECORD_LABEL_FIELDS[self.layer]]
        parts = [self.text(column, self._values[column.name][position]) for column in columns]
        return " ".join(part for part in parts if part)

    # -- finding records -----------------------------------------------------------
    def record_id(self, row: int) -> str:
        return self._ids[self._order[row]]

    def row_of(self, record_id: str) -> int | None:
        """The row showing ``record_id``, or None when the filters hide it."""
        positions = np.flatnonzero(self._ids == record_id)
        rows = np.flatnonzero(self._order == positions[0]) if len(positions) else ()
        return int(rows[0]) if len(rows) else None

    # -- sorting and filtering -------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order) if 0 <= column < len(self.columns) else None
        self._rearrange()

    def _rearrange(self) -> None:
        """New order of the same rows, keeping the selection and the current cell on their records."""
        self.layoutAboutToBeChanged.emit()
        old_indexes = self.persistentIndexList()
        old_positions = [int(self._order[index.row()]) for index in old_indexes]
        self._order = self._arranged()
        row_at = np.full(len(self._ids), -1, dtype=np.intp)
        row_at[self._order] = np.arange(len(self._order))
        new_indexes = [
            self.index(int(row_at[position]), index.column()) if row_at[position] >= 0 else QModelIndex()
            for index, position in zip(old_indexes, old_positions)
        ]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()

    def _arranged(self) -> np.ndarray:
        order = np.arange(len(self._ids))
        if self._sort is not None:
            order = self._sorted(*self._sort)
        if self._filter_terms:
            order = order[self._matches()[order]]
        return order

    def _sorted(self, section: int, order: Qt.SortOrder) -> np.ndarray:
        column = self.columns[section]
        ascending = order == Qt.SortOrder.AscendingOrder
        if column.kind in (CellKind.TEXT, CellKind.KEY_PERSONS, CellKind.GRID, CellKind.HOUSEHOLD):
            return self._sorted_by_words(column, ascending)
        values = _series(self._values[column.name])
        if column.kind is CellKind.VOCABULARY:  # the vocabulary's own order: green to red, never visited last
            values = values.map({code: rank for rank, code in enumerate(column.vocabulary.codes())})
        elif column.kind is not CellKind.DATETIME and column.kind is not CellKind.DATE:
            values = values.astype("Float64")
        return values.sort_values(ascending=ascending, na_position="last", kind="stable").index.to_numpy()

    def _sorted_by_words(self, column: Column, ascending: bool) -> np.ndarray:
        """Rows in the order of their words, a leading number first (house 2 before house 10); empty cells last.

        The distinct words are sorted, not the rows: a county's visits name far fewer households than rows.
        """
        shown = self._column_words(column)
        words = pd.Series(shown.words, dtype=object)
        number = pd.to_numeric(words.str.extract(_NUMBER_FIRST, expand=False), errors="coerce")
        keys = pd.DataFrame({"number": number, "word": words}).sort_values(["number", "word"], na_position="last")
        rank = np.empty(len(words) + 1, dtype=np.intp)
        rank[keys.index.to_numpy()] = np.arange(len(words)) if ascending else np.arange(len(words))[::-1]
        rank[-1] = len(words)  # code -1: no value
        return np.argsort(rank[shown.codes], kind="stable")

    def _column_words(self, column: Column) -> ColumnWords:
        if column.name not in self._word_cache:
            codes, uniques = pd.factorize(_series(self._values[column.name]))
            words = self._distinct_words(column, np.asarray(uniques))
            self._word_cache[column.name] = ColumnWords(codes, words, pd.Series(words, dtype=object).str.lower())
        return self._word_cache[column.name]

    def _distinct_words(self, column: Column, values: np.ndarray) -> np.ndarray:
        """:meth:`text` of each distinct value, vectorised for the kinds that have a county's worth of them."""
        kind = column.kind
        if kind is CellKind.TEXT:
            return values.astype(str).astype(object)
        if kind in (CellKind.GRID, CellKind.HOUSEHOLD):
            if kind is CellKind.HOUSEHOLD:
                return self._references.household_labels.of(values)
            return pd.Series(values, dtype=object).map(self._references.grid_codes).fillna("").to_numpy(dtype=object)
        if kind in (CellKind.DATETIME, CellKind.DATE):
            unit = "m" if kind is CellKind.DATETIME else "D"
            return np.char.replace(np.datetime_as_string(values, unit=unit), "T", " ").astype(object)
        return np.array([self.text(column, value) for value in values], dtype=object)

    def _matches(self) -> np.ndarray:
        """Rows where every typed word is part of the words shown in some column (check boxes have none)."""
        matches = np.ones(len(self._ids), dtype=bool)
        for term_typed in self._filter_terms:
            found = np.zeros(len(self._ids), dtype=bool)
            for column in self.columns:
                if column.kind is not CellKind.BOOLEAN:
                    shown = self._column_words(column)
                    in_distinct = shown.lowered.str.contains(term_typed, regex=False).to_numpy(dtype=bool)
                    found |= np.append(in_distinct, False)[shown.codes]  # code -1 (no value) never matches
            matches &= found
        return matches
