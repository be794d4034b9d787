"""Reading a register as the station keeps it: an ``.xlsx`` workbook or a ``.csv`` file.

Stations' registers are made by hand in Excel or WPS: a title row above the
column names, group headings merged over two columns ("户主信息" over 户主姓名
and 联系电话), blank rows between villages, and CSV saved as GBK by older
Windows. This module turns such a file into a plain table of cells and keeps,
for every data row, the row number the spreadsheet shows, so every problem can
be found again in the file.

The header row is not assumed to be the first: it is the row among the first
:data:`HEADER_SEARCH_ROWS` with the most recognised column names (the caller
says what it recognises), because title rows and group headings come first.
Where no name is recognised the first non-blank row is taken, so the import
dialog can show its columns for the user to map.

Merged cells: openpyxl's fast read-only mode does not expose them, and loading
a 100,000-row workbook in full mode costs several times the memory. The merged
ranges are listed at the end of the sheet's XML, so they are read from there in
one streamed pass over the compressed sheet (a few tens of milliseconds for
100,000 rows) and every cell of a range takes the value of its first cell.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from layers.errors import QT_TRANSLATE_NOOP
from layers.feedback import Feedback
from layers.imports.errors import ImportFileError, NoHeaderRowError

HEADER_SEARCH_ROWS = 20
"""Rows searched for the header: titles, notes and group headings come first, rarely more than a few."""
CSV_ENCODINGS = (("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030"))
"""Tried strictly in this order: UTF-8 rarely decodes GBK text by accident; GB18030 is a superset of GBK."""
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt")
_PROGRESS_EVERY_ROWS = 2000
_MERGE_RANGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)\"")
_SHEET_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>")

HeaderScore = Callable[[Sequence[object]], int]
"""How many cells of a row are recognised column names."""


@dataclass(frozen=True)
class SourceTable:
    """The cells of a register below its header row, blank rows left out.

    ``cells`` has one column per header position (0, 1, ...) holding the values as
    read: text, numbers, datetimes (xlsx) or text only (CSV), ``None`` where empty.
    """

    path: Path
    headers: tuple[str, ...]
    cells: pd.DataFrame
    row_numbers: np.ndarray
    header_row: int
    encoding: str | None = None
    sheet: str | None = None

    def __len__(self) -> int:
        return len(self.cells)


def read_source(path: str | Path, score: HeaderScore, feedback: Feedback | None = None) -> SourceTable:
    """Read a register (``.xlsx`` or ``.csv``), find its header row and its data rows."""
    path = Path(path)
    feedback = feedback or Feedback()
    if not path.is_file():
        raise ImportFileError(path=str(path), reason=QT_TRANSLATE_NOOP("reason", "no such file"))
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return _read_workbook(path, score, feedback)
    if suffix in TEXT_SUFFIXES:
        return _read_csv(path, score, feedback)
    raise ImportFileError(
        path=str(path),
        reason=QT_TRANSLATE_NOOP("reason", "not an .xlsx or .csv file; save it from Excel or WPS as one of them"),
    )


# -- CSV --------------------------------------------------------------------------


def decode_text(path: Path, raw: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding (UTF-8, UTF-8 with BOM, GBK or GB18030)."""
    with_bom = [(raw[3:], "utf-8", "UTF-8 with BOM")] if raw.startswith(b"\xef\xbb\xbf") else []
    for data, codec, name in [*with_bom, *((raw, codec, name) for codec, name in CSV_ENCODINGS)]:
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue  # not written in this encoding: the next one may fit; none fitting is refused below
    raise ImportFileError(
        path=str(path),
        reason=QT_TRANSLATE_NOOP("reason", "the text is neither UTF-8 nor GBK/GB18030; save it again as CSV UTF-8"),
    )


def _read_csv(path: Path, score: HeaderScore, feedback: Feedback) -> SourceTable:
    text, encoding = decode_text(path, path.read_bytes())
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    # One record is one spreadsheet row, even when a quoted cell spans lines, as Excel shows it.
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    feedback.set_progress(50.0)
    return _table(path, rows, score, encoding=encoding)


# -- xlsx -------------------------------------------------------------------------


def _read_workbook(path: Path, score: HeaderScore, feedback: Feedback) -> SourceTable:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise ImportFileError(path=str(path), reason=str(error) or type(error).__name__) from None
    try:
        sheet = _register_sheet(workbook, score)
        sheet.reset_dimensions()  # some writers record a wrong size; read what is there
        rows: list[tuple] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(values)
            if len(rows) % _PROGRESS_EVERY_ROWS == 0:
                feedback.raise_if_canceled()
                feedback.set_progress(min(95.0, len(rows) / 1000))  # the row count is unknown until the end
        merges = merged_ranges(path, getattr(sheet, "_worksheet_path", None))
        title = sheet.title
    finally:
        workbook.close()
    _fill_merged(rows, merges)
    return _table(path, rows, score, sheet=title)


def _register_sheet(workbook, score: HeaderScore):
    """The sheet whose header names the most known columns: registers often have a cover or notes sheet."""
    best, best_score = workbook.worksheets[0], -1
    for sheet in workbook.worksheets:
        if getattr(sheet, "sheet_state", "visible") != "visible" or not hasattr(sheet, "iter_rows"):
            continue
        found = max((score(row) for row in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)), default=0)
        if found > best_score:
            best, best_score = sheet, found
    return best


def merged_ranges(path: Path, sheet_member: str | None) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet as 1-based (first_row, first_column, last_row, last_column).

    Streams the sheet's XML and parses only what follows ``</sheetData>``, where
    the format puts ``<mergeCells>``.
    """
    if not sheet_member:
        return []
    from openpyxl.utils import column_index_from_string

    tail = b""
    after_data: list[bytes] = []
    with zipfile.ZipFile(path) as archive, archive.open(sheet_member.lstrip("/")) as xml:
        for chunk in iter(lambda: xml.read(1 << 20), b""):
            if after_data:
                after_data.append(chunk)
                continue
            window = tail + chunk
            end = _SHEET_DATA_END.search(window)
            if end:
                after_data.append(window[end.end() :])
            tail = window[-32:]
    ranges = []
    for first_col, first_row, last_col, last_row in _MERGE_RANGE.findall(b"".join(after_data)):
        ranges.append(
            (
                int(first_row),
                column_index_from_string(first_col.decode()),
                int(last_row),
                column_index_from_string(last_col.decode()),
            )
        )
    return ranges


def _fill_merged(rows: list[tuple], merges: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range its first cell's value, as the eye reads the sheet."""
    for first_row, first_col, last_row, last_col in merges:
        if first_row > len(rows):
            continue
        top = rows[first_row - 1]
        value = top[first_col - 1] if first_col - 1 < len(top) else None
        for number in range(first_row, min(last_row, len(rows)) + 1):
            row = list(rows[number - 1])
            row.extend([None] * (last_col - len(row)))
            row[first_col - 1 : last_col] = [value] * (last_col - first_col + 1)
            rows[number - 1] = tuple(row)


# -- both -------------------------------------------------------------------------


def _table(
    path: Path, rows: list[Sequence], score: HeaderScore, encoding: str | None = None, sheet: str | None = None
) -> SourceTable:
    header_index = _header_index(path, rows, score)
    header = rows[header_index]
    width = max((len(row) for row in rows[header_index:]), default=0)
    headers = tuple(_header_text(header[i] if i < len(header) else None, i) for i in range(width))
    data = rows[header_index + 1 :]
    if any(len(row) != width for row in data):  # short rows: blank cells at the end were not saved
        data = [tuple(row) + (None,) * (width - len(row)) for row in data]
    cells = pd.DataFrame.from_records(data, columns=range(width), coerce_float=False)
    cells = cells.astype(object).apply(_tidy)
    if len(cells.columns) == 0:
        blank = np.ones(len(cells), dtype=bool)
    else:
        blank = cells.isna().all(axis=1).to_numpy()
    row_numbers = np.arange(header_index + 2, header_index + 2 + len(cells))[~blank]
    cells = cells[~blank].reset_index(drop=True)
    return SourceTable(path, headers, cells, row_numbers, header_index + 1, encoding, sheet)


def _header_index(path: Path, rows: list[Sequence], score: HeaderScore) -> int:
    """The first row with the most recognised names; without any, the first non-blank row, for the user to map."""
    scores = [score(row) for row in rows[:HEADER_SEARCH_ROWS]]
    if scores and max(scores) > 0:
        return int(np.argmax(scores))
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(value is not None and str(value).strip() for value in row):
            return index
    raise NoHeaderRowError(path=str(path), rows=HEADER_SEARCH_ROWS, examples="门牌号, 户主姓名, 家庭人口")


def _header_text(value: object, position: int) -> str:
    """A header as written; an empty header cell is named by its column letter, as Excel shows it."""
    if value is None or not str(value).strip():
        from openpyxl.utils import get_column_letter

        return get_column_letter(position + 1)
    return str(value).strip()


def _tidy(column: pd.Series) -> pd.Series:
    """Strip text cells and make empty ones ``None``, leaving numbers and dates as they are."""
    if pd.api.types.infer_dtype(column, skipna=True) not in ("string", "mixed", "mixed-integer"):
        return column.astype(object).where(column.notna(), None)
    stripped = column.str.strip()
    column = stripped.where(stripped.notna(), column)
    return column.where(column.notna() & column.ne(""), None)
