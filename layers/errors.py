"""Errors a user can act on: each names the file, layer, record or field at fault.

Messages are English templates with named parameters. ``str(error)`` gives the
English text; the desktop app and the CLI pass :meth:`WanggeError.translated` the
Qt translation function, so a Chinese-speaking officer reads the same message
in Chinese (the templates are in ``resources/translations``). ``layers`` itself
never imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Translate = Callable[[str, str], str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name Qt's lupdate looks for
    """Mark ``text`` for translation under ``context`` without importing Qt."""
    return text


"""``translate(context, source_text)``, e.g. ``QCoreApplication.translate``."""


class WanggeError(Exception):
    """Base of all errors Wangge shows to users."""

    template = QT_TRANSLATE_NOOP("WanggeError", "{detail}")

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.translated(lambda _context, text: text))

    def translated(self, translate: Translate) -> str:
        """The message in the user's language (falls back to English).

        A ``reason`` is a template of its own (marked with ``QT_TRANSLATE_NOOP("reason", ...)``)
        and may name the error's other parameters, e.g. ``"needs at least {needed} points"``.
        """
        params = dict(self.params)
        if isinstance(params.get("reason"), str):
            reason = translate("reason", params["reason"])
            try:
                params["reason"] = reason.format(**params)
            except (KeyError, IndexError, ValueError):
                params["reason"] = reason  # a reason from outside (an OS message) with braces of its own
        return translate(type(self).__name__, self.template).format(**params)


class NotAProjectError(WanggeError):
    """The path is missing, not a GeoPackage, or not a Wangge project."""

    template = QT_TRANSLATE_NOOP("NotAProjectError", "{path}: not a Wangge project ({reason})")


class DatabaseUnreachableError(NotAProjectError):
    """No database answers at the URL: the server is down, the host or port is wrong, or the login was refused.

    Not "not a Wangge project": nothing was read that could tell. ``reason`` is the
    database client's own words, which Wangge cannot translate.
    """

    template = QT_TRANSLATE_NOOP("DatabaseUnreachableError", "{path}: cannot connect to the database ({reason})")


class DatabaseUrlError(NotAProjectError):
    """The URL cannot be read as a database address: a mistyped URL or option."""

    template = QT_TRANSLATE_NOOP("DatabaseUrlError", "{path}: not a valid database URL ({reason})")


class SchemaTooNewError(WanggeError):
    template = QT_TRANSLATE_NOOP(
        "SchemaTooNewError",
        "{path}: the project was saved by a newer Wangge (schema version {found}, this app knows up to {supported}); update Wangge to open it",
    )


class ProjectExistsError(WanggeError):
    template = QT_TRANSLATE_NOOP(
        "ProjectExistsError", "{path} already exists; choose another file name or delete it first"
    )


class NoSuchFolderError(WanggeError):
    """A new file was asked for in a folder that does not exist (a typo, an unplugged USB disk)."""

    template = QT_TRANSLATE_NOOP(
        "NoSuchFolderError", "{path}: the folder {folder} does not exist; create it first or choose another place"
    )


class ReadOnlyProjectError(WanggeError):
    """The project file or its folder cannot be written: it opens for reading and refuses every edit."""

    template = QT_TRANSLATE_NOOP(
        "ReadOnlyProjectError",
        "{path} is read-only (write-protected file, folder or disk), so nothing can be changed in it; to edit, copy it to a folder you can write to and open the copy",
    )


class AuditLogMissingError(WanggeError):
    """A project file whose audit log table was removed by another program: edits are refused, not left unlogged."""

    template = QT_TRANSLATE_NOOP(
        "AuditLogMissingError",
        "{path}: the audit log (table wangge_audit) has been removed from this file, so edits cannot be recorded and are refused; restore the file from a backup",
    )


class AuditLogForbiddenError(WanggeError):
    """The shared database does not let this role read the audit log (officers may not)."""

    template = QT_TRANSLATE_NOOP(
        "AuditLogForbiddenError",
        "{location}: {user} may not read the audit log ({reason}); ask the station chief or a reviewer",
    )


class InvalidValueError(WanggeError):
    """A value that does not fit its field; nothing was written."""

    template = QT_TRANSLATE_NOOP(
        "InvalidValueError", "layer '{layer}', record {record}, field '{field}': {reason} (value: {value!r})"
    )


class UnknownGridError(WanggeError):
    """A grid code that names no grid of the project."""

    template = QT_TRANSLATE_NOOP("UnknownGridError", "no grid has the code {code}")


class RecordNotFoundError(WanggeError):
    template = QT_TRANSLATE_NOOP("RecordNotFoundError", "layer '{layer}' has no record with id {record}")


class ConflictError(WanggeError):
    """An edit was made against an old version of a record: never overwrite silently."""

    template = QT_TRANSLATE_NOOP(
        "ConflictError",
        "layer '{layer}', record {record}: changed by someone else meanwhile (you edited version {expected}, it is now version {actual}); reload and edit again",
    )


class PermissionDeniedError(WanggeError):
    """The shared database refused the edit for this user's role or grids."""

    template = QT_TRANSLATE_NOOP(
        "PermissionDeniedError",
        "layer '{layer}', record {record}: {user} may not make this change ({reason}); nothing was saved",
    )


class IntegrityError(WanggeError):
    """The edit breaks a rule between records (a reference, a unique code)."""

    template = QT_TRANSLATE_NOOP("IntegrityError", "layer '{layer}': {reason}; nothing was saved")


class InvalidControlPointsError(WanggeError):
    """Control points no transform of the chosen method can be fitted to."""

    template = QT_TRANSLATE_NOOP("InvalidControlPointsError", "{method}: {reason}")


class PrintError(WanggeError):
    """A map or atlas could not be printed to the file asked for."""

    template = QT_TRANSLATE_NOOP("PrintError", "{path}: cannot print ({reason})")


class UnknownCoordinateSystemError(WanggeError):
    """A coordinate system name or code that is none of the ones Wangge knows."""

    template = QT_TRANSLATE_NOOP(
        "UnknownCoordinateSystemError",
        "unknown coordinate system '{given}': use wgs84, cgcs2000, gcj02 (Amap, Tencent), bd09 (Baidu) or EPSG:<code>",
    )


class UnsupportedCrsError(WanggeError):
    """A layer saved by another tool in a coordinate system Wangge does not read."""

    template = QT_TRANSLATE_NOOP(
        "UnsupportedCrsError",
        "{location}: layer '{layer}' is stored in {crs}, not in CGCS2000 (EPSG:4490); save it again in EPSG:4490 (QGIS: Export > Save Features As, or ogr2ogr -t_srs EPSG:4490)",
    )


class LayerUnreadableError(WanggeError):
    """One layer of a project cannot be read (damaged, half-written, foreign CRS); the others still open."""

    template = QT_TRANSLATE_NOOP(
        "LayerUnreadableError",
        "{location}: layer '{layer}' cannot be read ({reason}); it is left out of the map and tables",
    )


class SketchUnreadableError(WanggeError):
    """A sketch whose stored photo cannot be decoded; its records stay, only the basemap is missing."""

    template = QT_TRANSLATE_NOOP(
        "SketchUnreadableError", "sketch '{title}': its image cannot be read, so it is not shown on the map"
    )


class ExportFailedError(WanggeError):
    """An export (web map, GeoJSON, GeoPackage, Excel) could not be written; no file was left half-written."""

    template = QT_TRANSLATE_NOOP("ExportFailedError", "{path}: the export was not written ({reason})")


class ControlPointFileError(WanggeError):
    """A control point file (QGIS .points, GDAL text, IIIF/Allmaps JSON) with a line that cannot be read."""

    template = QT_TRANSLATE_NOOP("ControlPointFileError", "{path}, line {line}: {reason}")


class WarpError(WanggeError):
    """A georeferenced sketch (image, world file, projection) that could not be written; no file was left half-written."""

    template = QT_TRANSLATE_NOOP("WarpError", "{path}: cannot write the georeferenced sketch ({reason})")


class Canceled(WanggeError):
    template = QT_TRANSLATE_NOOP("Canceled", "canceled by the user; nothing was saved")


class InvalidMonthError(WanggeError):
    """A month that is not written as YYYY-MM (reports and bulletins are by calendar month)."""

    template = QT_TRANSLATE_NOOP("InvalidMonthError", "'{given}' is not a month; write it as YYYY-MM, e.g. 2026-11")


class MonthNotBegunError(WanggeError):
    """A report asked for a month that has not begun: all its figures would be zeros that look like a bad month."""

    template = QT_TRANSLATE_NOOP("MonthNotBegunError", "{month} has not begun yet (today is {today} in Beijing)")


class InvalidWeekError(WanggeError):
    """A week that is not written as an ISO week YYYY-Www (the weekly assessment runs Monday to Sunday)."""

    template = QT_TRANSLATE_NOOP(
        "InvalidWeekError", "'{given}' is not a week; write it as an ISO week YYYY-Www, e.g. 2026-W47"
    )


class UnknownOfficerError(WanggeError):
    """An officer named on no grid and on no visit of the project."""

    template = QT_TRANSLATE_NOOP(
        "UnknownOfficerError", "no grid or visit names the officer '{officer}'; check the spelling against the grids"
    )


class SheetPhotoError(WanggeError):
    """A photo that cannot be read as a printed sheet: it says what is wrong and what to do; nothing was changed."""

    template = QT_TRANSLATE_NOOP("SheetPhotoError", "{path}: {reason}")
