"""Why a register could not be imported, in words a station clerk can act on.

Each error names the file and, where there is one, the row and column; the
import wrote nothing when any of them is raised.
"""

from __future__ import annotations

from layers.errors import QT_TRANSLATE_NOOP, WanggeError


class ImportFileError(WanggeError):
    """The file cannot be read at all: missing, not a spreadsheet, an unknown text encoding."""

    template = QT_TRANSLATE_NOOP("ImportFileError", "{path}: cannot read the file ({reason})")


class NoHeaderRowError(WanggeError):
    """The file's first rows are all blank, so there are no column names to place."""

    template = QT_TRANSLATE_NOOP(
        "NoHeaderRowError",
        "{path}: the first {rows} rows are empty; the file needs a header row such as {examples}",
    )


class MissingColumnsError(WanggeError):
    """Columns the layer cannot do without were not found and not mapped."""

    template = QT_TRANSLATE_NOOP(
        "MissingColumnsError",
        "{path}: no column for {fields}; rename the column or map it (the file's columns: {headers})",
    )


class UnknownImportTargetError(WanggeError):
    """A column mapping that names something the layer does not have."""

    template = QT_TRANSLATE_NOOP(
        "UnknownImportTargetError",
        "column '{header}' is mapped to '{target}', which {layer} has not; use one of: {targets}",  # noqa: E501
    )


class UnknownImportLayerError(WanggeError):
    template = QT_TRANSLATE_NOOP(
        "UnknownImportLayerError", "registers are imported into households, visits or disputes, not '{layer}'"
    )


class EmptyRegisterError(WanggeError):
    """The file has its header row but not one row below it: there is nothing to import."""

    template = QT_TRANSLATE_NOOP(
        "EmptyRegisterError", "{path}: the file has a header row but no data rows below it; nothing was imported"
    )


class ImportRefusedError(WanggeError):
    """The file has bad rows and the user did not ask to import only the valid ones."""

    template = QT_TRANSLATE_NOOP(
        "ImportRefusedError",
        "{path}: {count} row(s) with problems, nothing was imported; first: {first}. "
        "Correct the file, or import only the valid rows",
    )
