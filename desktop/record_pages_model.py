"""A table model over a layer too big to hold: the store sorts, filters and counts; the model keeps what was read.

A county keeps a million households and millions of visits.
:class:`RecordPagesModel` shows them as
:class:`~desktop.record_table_model.RecordTableModel` shows records in memory
(the same cells, words, editors and undo), but its rows are read from the store
a page at a time, on a thread of their own, as the view scrolls down (Qt's
``canFetchMore``/``fetchMore``). Clicking a header or typing in the quick filter
asks the store again (:class:`~layers.store.record_query.RecordQuery`); nothing
is sorted or searched here. Each page comes with what its cells word: the
households its rows refer to ("2 李秀兰") and, for households, the status the
store keeps (last visit, recency). Until a view shows the table, only the rows
are counted, so opening a project reads no record for it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QUndoStack

from desktop.background import LatestJob
from desktop.edit_commands import ReportError
from desktop.record_table_model import (
    NO_HOUSEHOLDS,
    TABLE_FIELDS,
    CellKind,
    Column,
    HouseholdLabels,
    RecordTableModel,
    ReferenceLabels,
)
from layers.errors import WanggeError
from layers.review import (
    KEPT_STATUS_DRAWN,
    ReviewData,
    ReviewFilter,
    asked_of,
    review_query,
    with_kept_status,
)
from layers.store import ProjectStore
from layers.store.record_query import (
    KEPT_STATUS_FIELDS,
    MatchKind,
    OrderBy,
    OrderKind,
    RecordQuery,
    TypedWord,
    WordMatch,
)
from maps.words import term

PAGE_ROWS = 200
"""Rows read at a time: a few screens, so scrolling reads rarely and each read takes milliseconds."""
REVEAL_PAGES = 50
"""How far :meth:`RecordPagesModel.reveal` reads on for a record not yet shown: 10,000 rows, a few seconds."""

_WORD_PLACES = {
    CellKind.TEXT: MatchKind.TEXT,
    CellKind.INTEGER: MatchKind.TEXT,
    CellKind.REAL: MatchKind.TEXT,
    CellKind.DATE: MatchKind.TEXT,  # a day is kept as the table shows it
    CellKind.DATETIME: MatchKind.STATION_CLOCK,
    CellKind.HOUSEHOLD: MatchKind.HOUSEHOLD,
}


@dataclass(frozen=True)
class _Page:
    """What one reading brought: rows from ``offset`` (and the count, when asked) of query ``generation``, and
    the house number and head of the households they refer to."""

    generation: int
    offset: int
    rows: pd.DataFrame | None
    total: int | None
    households: pd.DataFrame


def _read_page(store: ProjectStore, layer: str, query: RecordQuery, offset: int, limit: int) -> pd.DataFrame:
    """Rows ``offset`` to ``offset + limit`` of the table's columns; a household's with its kept status."""
    stored = [name for name in TABLE_FIELDS[layer] if not (layer == "households" and name in KEPT_STATUS_FIELDS)]
    rows = store.read_page(layer, query, ["id", "version", *stored], offset, limit)
    if layer != "households":
        return rows
    status = store.household_status(columns=KEPT_STATUS_DRAWN, households=rows["id"].tolist())
    return with_kept_status(rows, status, query.as_of)


def _households_named(store: ProjectStore, rows: pd.DataFrame, known: HouseholdLabels) -> pd.DataFrame:
    """House number and head of the households ``rows`` refer to that ``known`` does not word yet."""
    if "household_id" not in rows:
        return NO_HOUSEHOLDS
    wanted = tuple(sorted({h for h in rows["household_id"].dropna() if h not in known}))
    if not wanted:
        return NO_HOUSEHOLDS
    query = RecordQuery(one_of=(("id", wanted),))
    return store.read_page("households", query, ["id", "house_no", "head_name"], 0, len(wanted))


class RecordPagesModel(RecordTableModel):
    """The records of one layer the review filter selects, read from the store as the view needs them."""

    revealed = Signal(int)  # the row of the record :meth:`reveal` was asked for, once read

    def __init__(
        self, layer: str, undo_stack: QUndoStack, report_error: ReportError, parent: QObject | None = None
    ) -> None:
        super().__init__(layer, undo_stack, report_error, parent)
        self._selected = RecordQuery()  # what the review filter selects, before sorting and typed words
        self._sort: tuple[int, Qt.SortOrder] | None = None  # the header clicked
        self._filter_terms: list[str] = []  # the quick filter's words
        self._total: int | None = None
        self._wanted = False  # whether a view shows the rows: until then they are only counted
        self._reading = False
        self._query_generation = 0
        self._reader = LatestJob(self)
        self._reader.done.connect(self._on_read)
        self._revealing: str | None = None  # the record :meth:`reveal` reads on for
        self._households = NO_HOUSEHOLDS  # of the rows read so far: the words of their household cells
        self._named = HouseholdLabels(NO_HOUSEHOLDS)

    # -- what to read --------------------------------------------------------------
    def show_review(self, data: ReviewData, review_filter: ReviewFilter) -> None:
        """Show what ``review_filter`` selects in the whole project (``data`` is what the map shows: its grids
        and its moment are the project's)."""
        grid_codes = dict(zip(data.grids["id"].tolist(), data.grids["code"].tolist()))  # tolist(): far faster
        self._references = ReferenceLabels(grid_codes, self._named)
        self._selected = review_query(self.layer, data.grids, review_filter, data.as_of)
        self._read_again()

    def want_rows(self) -> None:
        """A view shows the table: read its first page from now on."""
        if not self._wanted:
            self._wanted = True
            self._read_again()

    def total_rows(self) -> int | None:
        """How many records match (all pages); ``None`` while they are being counted."""
        return self._total

    @property
    def is_read(self) -> bool:
        """Whether the rows shown answer the latest query (no reading under way)."""
        return not self._reading

    def close(self) -> None:
        """Stop reading: the store is closing."""
        self._reader.stop()
        self._reading = False

    def set_quick_filter(self, text: str) -> None:
        terms = text.lower().split()
        if terms != self._filter_terms:
            self._filter_terms = terms
            self._read_again()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order) if 0 <= column < len(self.columns) else None
        self._read_again()

    def retranslate(self) -> None:
        super().retranslate()
        if self._filter_terms:  # which codes a typed word names depends on the language
            self._read_again()

    def query(self) -> RecordQuery:
        """The review filter's records, holding every typed word, in the order of the header clicked."""
        words = tuple(TypedWord(word, self._places_of(word)) for word in self._filter_terms)
        return replace(self._selected, words=words, order=self._order_by())

    def _places_of(self, word: str) -> tuple[WordMatch, ...]:
        """Where ``word`` may be found: in the text of a field, or among the codes whose words hold it."""
        places = []
        for column in self.columns:
            if column.kind in _WORD_PLACES:
                places.append(WordMatch(column.name, _WORD_PLACES[column.kind]))
            elif column.vocabulary is not None:
                codes = tuple(member.value for member in column.vocabulary if word in term(member).lower())
                kind = MatchKind.LISTED_CODES if column.kind is CellKind.KEY_PERSONS else MatchKind.CODES
                places.append(WordMatch(column.name, kind, codes))
            elif column.kind is CellKind.GRID:
                codes = tuple(gid for gid, code in self._references.grid_codes.items() if word in code.lower())
                places.append(WordMatch(column.name, MatchKind.CODES, codes))
        return tuple(places)

    def _order_by(self) -> OrderBy:
        if self._sort is None:
            return OrderBy("id")
        column: Column = self.columns[self._sort[0]]
        descending = self._sort[1] == Qt.SortOrder.DescendingOrder
        if column.kind is CellKind.HOUSEHOLD:
            return OrderBy(column.name, OrderKind.HOUSEHOLD, descending)
        if column.kind is CellKind.VOCABULARY:  # the vocabulary's own order: green to red
            return OrderBy(column.name, OrderKind.RANK, descending, tuple(column.vocabulary.codes()))
        if column.kind is CellKind.GRID:  # by the code shown, not the id kept
            return OrderBy(column.name, OrderKind.GRID, descending)
        if column.kind in (CellKind.TEXT, CellKind.KEY_PERSONS):
            return OrderBy(column.name, OrderKind.WORDS, descending)
        return OrderBy(column.name, descending=descending)

    # -- reading ----------------------------------------------------------------------
    def _read_again(self) -> None:
        """Count again and (when shown) read as many rows as are loaded now, so the view stays where it was."""
        if self.store is None:
            return
        self._query_generation += 1
        rows = max(PAGE_ROWS, len(self._ids)) if self._wanted else 0
        self._request(offset=0, limit=rows, count=True)
        self._total = None  # the rows shown stay until the new ones come; the count says "…" meanwhile
        self.counted.emit()

    def reveal(self, record_id: str) -> None:
        """Emit :attr:`revealed` with the record's row once it is read, reading on for it (as far as
        :data:`REVEAL_PAGES`); a record the filters hide, or lying further, is never revealed."""
        self._revealing = record_id
        if self._wanted:
            self._reveal_or_read_on()
        else:
            self.want_rows()  # its answer reveals

    def _reveal_or_read_on(self) -> None:
        if self._revealing is None or not self.is_read:
            return
        row = self.row_of(self._revealing)
        if row is not None:
            self._revealing = None
            self.revealed.emit(row)
        elif self.canFetchMore() and len(self._ids) < REVEAL_PAGES * PAGE_ROWS:
            self.fetchMore()
        elif self._total is not None:
            self._revealing = None  # hidden by the filters, or too far down to read for

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return (
            not parent.isValid()
            and self._wanted
            and not self._reading
            and self._total is not None
            and len(self._ids) < self._total
        )

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if self.canFetchMore(parent):
            self._request(offset=len(self._ids), limit=PAGE_ROWS, count=False)

    def _request(self, offset: int, limit: int, count: bool) -> None:
        store, layer, query, generation = self.store, self.layer, self.query(), self._query_generation
        named = self._named if offset else HouseholdLabels(NO_HOUSEHOLDS)  # a new query starts the words afresh

        def read() -> _Page:
            total = store.count_matching(layer, query) if count else None
            rows = _read_page(store, layer, query, offset, limit) if limit else None
            households = NO_HOUSEHOLDS if rows is None else _households_named(store, rows, named)
            return _Page(generation, offset, rows, total, households)

        self._reading = True
        self._reader.request(lambda: asked_of(store, layer, read))  # a locked file or a lost server: said

    def _on_read(self, page: _Page | WanggeError) -> None:
        self._reading = False
        if isinstance(page, WanggeError):
            self._report_error(page.translated(QCoreApplication.translate))
            return
        if page.generation != self._query_generation:
            return  # asked again meanwhile: its own answer follows
        rows = (
            page.rows if page.rows is not None else pd.DataFrame(columns=["id", "version", *TABLE_FIELDS[self.layer]])
        )
        fresh = {column.name: self._own_copy(column, rows[column.name]) for column in self.columns}
        self._households = page.households if page.offset == 0 else pd.concat([self._households, page.households])
        self._named = HouseholdLabels(self._households)
        self._references = replace(self._references, household_labels=self._named)
        ids = rows["id"].to_numpy(dtype=object)
        versions = rows["version"].to_numpy(dtype=object, na_value=None)
        if page.offset == 0:
            self.beginResetModel()
            self._ids, self._versions, self._values = ids, versions, fresh
            self._total = page.total
            self._generation += 1
            self.endResetModel()  # and so counted
        elif len(ids):
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(ids) - 1)
            self._ids = np.concatenate([self._ids, ids])
            self._versions = np.concatenate([self._versions, versions])
            self._values = {name: np.concatenate([self._values[name], fresh[name]]) for name in self._values}
            self.endInsertRows()
        self._reveal_or_read_on()
