"""Importing the registers stations keep in Excel or CSV: households, visit logs and dispute ledgers.

>>> plan = plan_import(store, "households", "犁铧嘴村住户.xlsx", crs="gcj02")   # doctest: +SKIP
>>> print(plan.report.to_text())                                             # doctest: +SKIP
>>> result = write_import(store, plan, valid_rows_only=True)                 # doctest: +SKIP

Modules, one job each: :mod:`~layers.imports.reading` (files, encodings, header
row, merged cells), :mod:`~layers.imports.headers` (which column is which
field), :mod:`~layers.imports.cells` (dates, numbers, words),
:mod:`~layers.imports.coordinates` (phone-map offsets, swapped lat/lon),
:mod:`~layers.imports.validation` (phones, ID numbers, house numbers),
:mod:`~layers.imports.matching` (grids and households),
:mod:`~layers.imports.report` and :mod:`~layers.imports.register_import` (plan,
then write all or nothing).
"""

from __future__ import annotations

from layers.imports.headers import IMPORT_LAYERS, ColumnPlacement, import_targets, normalise_header, place_columns
from layers.imports.register_import import ImportPlan, ImportResult, import_register, plan_import, write_import
from layers.imports.report import ImportReport, ListedRow, RowProblem

__all__ = [
    "IMPORT_LAYERS",
    "ColumnPlacement",
    "ImportPlan",
    "ImportReport",
    "ImportResult",
    "ListedRow",
    "RowProblem",
    "import_register",
    "import_targets",
    "normalise_header",
    "place_columns",
    "plan_import",
    "write_import",
]
