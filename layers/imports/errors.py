"""Why a register could not be imported, in words a station clerk can act on.

Each error names the file and, where there is one, the row and column; the
import wrote nothing when any of them is raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from layers.errors import QT_TRANSLATE_NOOP, Translate, WanggeError

if TYPE_CHECKING:
    from layers.imports.report import RowProblem


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
        "UnknownImportLayerError",
        "files are imported into households, visits, disputes, officers, grids, roads or landmarks, not '{layer}'",
    )


class EmptyRegisterError(WanggeError):
    """The file has its header row but not one row below it: there is nothing to import."""

    template = QT_TRANSLATE_NOOP(
        "EmptyRegisterError", "{path}: the file has a header row but no data rows below it; nothing was imported"
    )


class ImportRefusedError(WanggeError):
    """The file has bad rows and the user did not ask to import only the valid ones.

    It keeps the first bad rows' problems themselves, not their English text, so that
    the message names them in the reader's language from its first word to its last.
    """

    template = QT_TRANSLATE_NOOP(
        "ImportRefusedError",
        "{path}: {count} row(s) with problems, nothing was imported; first: {first}. "
        "Correct the file, or import only the valid rows",
    )

    def __init__(self, problems: Sequence[RowProblem], **params: Any) -> None:
        self.problems = tuple(problems)
        super().__init__(**params)

    def translated(self, translate: Translate) -> str:
        first = "; ".join(problem.translated(translate) for problem in self.problems)
        return translate(type(self).__name__, self.template).format(**self.params, first=first)


class NoCoordinateSystemError(WanggeError):
    """A GIS file that does not say its coordinate system, and none was given: guessing would misplace it."""

    template = QT_TRANSLATE_NOOP(
        "NoCoordinateSystemError",
        "{path}: the file does not say its coordinate system (a Shapefile needs its .prj); choose it, e.g. EPSG:4490",
    )


class NotAMapFileError(WanggeError):
    """A spreadsheet offered for a layer that needs outlines or lines, which a spreadsheet cannot hold."""

    template = QT_TRANSLATE_NOOP(
        "NotAMapFileError",
        "{path}: {layer} are lines or outlines, which a spreadsheet cannot hold; import a Shapefile, GeoPackage, GeoJSON, KML, GPX or OSM file",
    )


class NoFeaturesError(WanggeError):
    """A GIS file with no feature of the kind the layer takes: a KML without coordinates, points offered as grids."""

    template = QT_TRANSLATE_NOOP("NoFeaturesError", "{path}: {reason}; nothing was imported")


class OutsideStationError(WanggeError):
    """An OpenStreetMap extract none of whose roads or landmarks lie in the station's area."""

    template = QT_TRANSLATE_NOOP(
        "OutsideStationError",
        "{path}: no {layer} of this extract lie within the station's area ({area}); is it the extract of this county?",
    )


class NoStationAreaError(WanggeError):
    """An OpenStreetMap extract cannot be clipped before the project knows where the station is."""

    template = QT_TRANSLATE_NOOP(
        "NoStationAreaError",
        "{path}: the project has no grids, households or imagery yet to say where the station is, so a county's extract cannot be clipped to it; import the grids or add imagery first",
    )
