"""What an import found, before anything is written: the report the user reads to decide.

It names every bad cell by the spreadsheet row number and the column header as
written in the file, so the clerk can find it; counts the rows; lists what the
import placed and could not place (columns, households outside every grid,
visits matching no household); and says what it changed on the way (swapped
latitude and longitude, coordinates converted from a phone map's system).

Problems and notes are templates with parameters, like :class:`~layers.errors.WanggeError`,
so the desktop shows them in Chinese; :meth:`ImportReport.to_text` gives the
English the command line prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from layers.errors import QT_TRANSLATE_NOOP, Translate


def _english(_context: str, text: str) -> str:
    return text


@dataclass(frozen=True)
class RowProblem:
    """One bad cell: its spreadsheet row, the column as headed in the file, the value, and why."""

    row: int
    column: str
    value: object
    reason: str
    params: tuple[tuple[str, object], ...] = ()
    feature: bool = False
    """Whether ``row`` numbers a map file's feature rather than a spreadsheet's row."""

    def translated(self, translate: Translate = _english) -> str:
        template = (
            QT_TRANSLATE_NOOP("ImportReport", "feature {row}, {column} {value!r}: {reason}")
            if self.feature
            else QT_TRANSLATE_NOOP("ImportReport", "row {row}, {column} {value!r}: {reason}")
        )
        return translate("ImportReport", template).format(
            row=self.row, column=self.column, value=self.value, reason=self.translated_reason(translate)
        )

    def translated_reason(self, translate: Translate = _english) -> str:
        """Only why the cell is bad, for a table whose other columns already give row, column and value."""
        return translate("ImportProblem", self.reason).format(**dict(self.params))

    def __str__(self) -> str:
        return self.translated()


@dataclass(frozen=True)
class ListedRow:
    """A row the user should know about though it is not bad: outside every grid, without coordinates."""

    row: int
    label: str


@dataclass
class ImportReport:
    """Everything an import found in one file, for the user to read before anything is written."""

    path: Path
    layer: str
    rows: int = 0
    header_row: int = 0
    encoding: str | None = None
    sheet: str | None = None
    coordinate_system: str | None = None
    features: bool = False
    """Whether the file is a map file, whose rows are features numbered from 1, with no header row."""
    headers: tuple[str, ...] = ()
    recognised: dict[str, str] = field(default_factory=dict)
    unplaced: tuple[str, ...] = ()
    duplicate_columns: dict[str, str] = field(default_factory=dict)
    missing_columns: tuple[str, ...] = ()
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[tuple[str, dict]] = field(default_factory=list)
    swapped_rows: tuple[int, ...] = ()
    outside_grids: list[ListedRow] = field(default_factory=list)
    unlocated: list[ListedRow] = field(default_factory=list)
    bad: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """Per data row (in file order): whether it has at least one problem."""

    # -- filling it -------------------------------------------------------------
    def add_problems(
        self,
        mask: np.ndarray,
        row_numbers: np.ndarray,
        column: str,
        values,
        reason: str,
        **params: object,
    ) -> None:
        """Record ``reason`` for every row of ``mask`` (one vectorised check's failures).

        A parameter given as an array (one value per data row) is taken row by row,
        e.g. the row each duplicate repeats.
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if len(self.bad) != len(mask):
            self.bad = np.zeros(len(mask), dtype=bool)
        self.bad |= mask
        positions = np.flatnonzero(mask)
        cell_values = np.asarray(values, dtype=object)[positions] if values is not None else [None] * len(positions)
        per_row = {name: np.asarray(value)[positions].tolist() for name, value in params.items()
                   if isinstance(value, np.ndarray)}  # fmt: skip
        shared = tuple(sorted((name, value) for name, value in params.items() if name not in per_row))
        for index, (row, value) in enumerate(zip(row_numbers[positions].tolist(), cell_values)):
            own = tuple((name, values[index]) for name, values in per_row.items())
            self.problems.append(RowProblem(int(row), column, _plain(value), reason, shared + own, self.features))

    def note(self, text: str, **params: object) -> None:
        """Something the import did that the user should know (a conversion, a fix), as a template."""
        self.notes.append((text, params))

    # -- reading it -------------------------------------------------------------
    @property
    def bad_rows(self) -> int:
        return int(self.bad.sum())

    @property
    def valid_rows(self) -> int:
        return self.rows - self.bad_rows

    @property
    def has_problems(self) -> bool:
        """Whether importing the whole file would be refused (bad rows or missing columns)."""
        return bool(self.problems) or bool(self.missing_columns)

    def sorted_problems(self) -> list[RowProblem]:
        return sorted(self.problems, key=lambda problem: problem.row)

    def first_problems(self, count: int = 3) -> list[RowProblem]:
        """The first problem of each of the first ``count`` bad rows, for a one-line error."""
        first_of_row: dict[int, RowProblem] = {}
        for problem in self.sorted_problems():
            first_of_row.setdefault(problem.row, problem)
            if len(first_of_row) == count:
                break
        return list(first_of_row.values())

    def to_text(
        self, translate: Translate = _english, limit: int = 50, targets: Mapping[str, str] | None = None
    ) -> str:
        """The report as lines of text (English unless ``translate`` is given), for the command line.

        ``targets`` names the fields columns go to (``{"head_name": "户主姓名"}``) in the reader's
        language; without it they are named by their field names.
        """
        words = targets or {}

        def t(text: str, **params: object) -> str:
            return translate("ImportReport", text).format(**params)

        def target(name: str) -> str:
            return words.get(name, name)

        where = self.path.name + (f", sheet {self.sheet}" if self.sheet else "")
        if self.features:
            first = t(
                QT_TRANSLATE_NOOP("ImportReport", "{where}: {rows} features, coordinates in {system}"),
                where=self.path.name + (f" ({self.sheet})" if self.sheet else ""),
                rows=self.rows,
                system=self.coordinate_system,
            )
        else:
            first = t(
                QT_TRANSLATE_NOOP("ImportReport", "{where}: header on row {header}, {rows} data rows"),
                where=where,
                header=self.header_row,
                rows=self.rows,
            )
        lines = [first]
        if self.encoding:
            lines.append(t(QT_TRANSLATE_NOOP("ImportReport", "text encoding: {encoding}"), encoding=self.encoding))
        if self.recognised:
            placed = ", ".join(f"{header} -> {target(name)}" for header, name in self.recognised.items())
            lines.append(t(QT_TRANSLATE_NOOP("ImportReport", "columns placed: {columns}"), columns=placed))
        if self.unplaced:
            lines.append(
                t(
                    QT_TRANSLATE_NOOP("ImportReport", "columns not placed (ignored): {columns}"),
                    columns=", ".join(self.unplaced),
                )
            )
        for header, name in self.duplicate_columns.items():
            lines.append(
                t(
                    QT_TRANSLATE_NOOP("ImportReport", "column {header} is a second {target}; ignored"),
                    header=header,
                    target=target(name),
                )
            )
        if self.missing_columns:
            fields = ", ".join(target(name) for name in self.missing_columns)
            lines.append(t(QT_TRANSLATE_NOOP("ImportReport", "no column for: {fields}"), fields=fields))
        for text, params in self.notes:
            lines.append(translate("ImportReport", text).format(**params))
        if not self.missing_columns:  # without a required column no row is valid; the refusal says which
            lines.append(
                t(
                    QT_TRANSLATE_NOOP("ImportReport", "{valid} features valid, {bad} features with problems")
                    if self.features
                    else QT_TRANSLATE_NOOP("ImportReport", "{valid} rows valid, {bad} rows with problems"),
                    valid=self.valid_rows,
                    bad=self.bad_rows,
                )
            )
        problems = self.sorted_problems()
        lines.extend("  " + problem.translated(translate) for problem in problems[:limit])
        if len(problems) > limit:
            lines.append(
                t(QT_TRANSLATE_NOOP("ImportReport", "  ... and {more} more problems"), more=len(problems) - limit)
            )
        _listing(
            lines,
            t(QT_TRANSLATE_NOOP("ImportReport", "outside every grid ({count}):"), count=len(self.outside_grids)),
            self.outside_grids,
            limit,
            t,
        )
        _listing(
            lines,
            t(
                QT_TRANSLATE_NOOP("ImportReport", "without coordinates, for the locate queue ({count}):"),
                count=len(self.unlocated),
            ),
            self.unlocated,
            limit,
            t,
        )
        return "\n".join(lines)


def _listing(lines: list[str], title: str, rows: list[ListedRow], limit: int, t: Callable[..., str]) -> None:
    if not rows:
        return
    lines.append(title)
    shown = ", ".join(t(QT_TRANSLATE_NOOP("ImportReport", "row {row} ({label})"), row=row.row, label=row.label)
                      for row in rows[:limit])  # fmt: skip
    lines.append("  " + shown + (" ..." if len(rows) > limit else ""))


def _plain(value: object) -> object:
    """A cell value fit for a message: numpy and pandas scalars as Python ones, missing as None."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value
