"""The cells of one layer's records as a table shows them: words, colours, editors and edits with undo.

Qt asks only for the cells on screen, so words and dates are made per cell in
:meth:`RecordTableModel.data`, never for every row up front. Which rows there
are, in which order, is not decided here: a county keeps a million households,
so :class:`~desktop.record_pages_model.RecordPagesModel` has the store sort,
filter and read them a page at a time.

The model keeps its own copy of the shown columns. An edit goes through the
undo stack (:mod:`desktop.edit_commands`), checked against the version the user
saw, and shows in the copy at once; the table reads the rows again when the
store announces the change.
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

_ANSWERED_ROLES = {Role.DisplayRole, Role.EditRole, Role.CheckStateRole, Role.DecorationRole, Role.TextAlignmentRole}


NO_HOUSEHOLDS = pd.DataFrame({"id": [], "house_no": [], "head_name": []}, dtype=object)


class HouseholdLabels(Mapping[str, str]):
    """Each household by house number and head ("2 李秀兰"), worded when asked.

    A table words the households of the rows on screen only; wording a
    county's 100,000 up front took a third of a second of the window's time at
    every change.
    """

    def __init__(self, households: pd.DataFrame) -> None:
        self._ids = pd.Index(households["id"].to_numpy(dtype=object))
        self._house_no = households["house_no"].to_numpy(dtype=object)
        self._head = households["head_name"].to_numpy(dtype=object)

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


class RecordTableModel(QAbstractTableModel):
    """Records of one layer as rows of cells; which records, and in what order, a subclass reads."""

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
        self._generation = 0  # counts the rows read anew, so an edit can tell that they were replaced under it
        self._words: dict[str, dict[str, str]] = {}
        self._separator = ", "
        self._read_words()

    # -- contents --------------------------------------------------------------
    @staticmethod
    def _own_copy(column: Column, series: pd.Series) -> np.ndarray:
        if column.kind is CellKind.DATETIME:
            return _station_clock(series)
        if column.kind is CellKind.DATE:  # a calendar day is already the station's
            return pd.to_datetime(series).to_numpy(dtype="datetime64[D]")
        return series.to_numpy(dtype=object, na_value=None, copy=True)

    def retranslate(self) -> None:
        """Words of codes and headers in the language now installed (:func:`maps.language.current_language`)."""
        self._read_words()
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
        return 0 if parent.isValid() else len(self._ids)

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
        value = self._values[column.name][index.row()]
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
        position = index.row()
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
            self.dataChanged.emit(index, index)
        return True

    def record_label(self, position: int) -> str:
        """How the undo menu names the record at ``position`` of the shown rows."""
        columns = [table_column(self.layer, name) for name in _RECORD_LABEL_FIELDS[self.layer]]
        parts = [self.text(column, self._values[column.name][position]) for column in columns]
        return " ".join(part for part in parts if part)

    # -- finding records -----------------------------------------------------------
    def record_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, record_id: str) -> int | None:
        """The row showing ``record_id``, or None when the filters hide it."""
        rows = np.flatnonzero(self._ids == record_id)
        return int(rows[0]) if len(rows) else None
