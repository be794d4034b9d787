"""The control point table: where each point is on the sketch and on the map, and how well it fits.

Residual and leave-one-out (LOO) columns are coloured by size: houses stand
about 20 m apart in a village, so an error of 5 m still finds the right house
and one over 10 m likely finds the neighbour's. Coordinates and the label are
edited in place; the edit is handed to the window as a change, which makes it
an undoable store edit like any other.

A point auto set aside as a likely mistake is greyed, its "Used" box empty and
its note saying why; ticking the box puts it back into the fit.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from maps.georef.sketch_georeference import FitState

GOOD_M = 5.0
POOR_M = 10.0
COLUMNS = ("number", "label", "sketch_x", "sketch_y", "x", "y", "enabled", "residual", "loo", "note")
EDITABLE = {"label", "sketch_x", "sketch_y", "x", "y"}


def error_colour(metres: float) -> QColor:
    """Green, amber or red by the size of an error in metres."""
    if metres <= GOOD_M:
        return QColor("#c7e9c0")
    if metres <= POOR_M:
        return QColor("#fdd49e")
    return QColor("#fc9272")


def _title(column: str) -> str:
    titles = {
        "number": QCoreApplication.translate("ControlPointTable", "#"),
        "label": QCoreApplication.translate("ControlPointTable", "Name"),
        "sketch_x": QCoreApplication.translate("ControlPointTable", "Sketch x (px)"),
        "sketch_y": QCoreApplication.translate("ControlPointTable", "Sketch y (px)"),
        "x": QCoreApplication.translate("ControlPointTable", "Easting (m)"),
        "y": QCoreApplication.translate("ControlPointTable", "Northing (m)"),
        "enabled": QCoreApplication.translate("ControlPointTable", "Used"),
        "residual": QCoreApplication.translate("ControlPointTable", "Residual (m)"),
        "loo": QCoreApplication.translate("ControlPointTable", "Left-out error (m)"),
        "note": QCoreApplication.translate("ControlPointTable", "Note"),
    }
    return titles[column]


class ControlPointModel(QAbstractTableModel):
    """Rows are the sketch's control points in the order they were added."""

    pointEdited = Signal(str, dict)  # record id, {field: value} with x/y in metres
    putBack = Signal(str)  # record id of a point auto set aside, to be fitted again

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.points = pd.DataFrame(columns=["id", "label", "sketch_x", "sketch_y", "x", "y", "enabled"])
        self.state = FitState(None)
        self.notes: dict[str, str] = {}
        self._rows: list[dict] = []
        self._errors_by_row: list[tuple[float, float] | None] = []

    def show(self, points: pd.DataFrame, state: FitState, notes: dict[str, str]) -> None:
        """New points, fit and per-point notes (suspect reasons, left out by auto)."""
        self.beginResetModel()
        self.points, self.state, self.notes = points.reset_index(drop=True), state, notes
        # the view asks for every cell on each repaint: plain rows, not a pandas lookup per cell
        self._rows = self.points[["id", "label", "sketch_x", "sketch_y", "x", "y", "enabled"]].to_dict("records")
        self._errors_by_row = [state.errors_of(str(row + 1)) for row in range(len(self._rows))]
        for row, point in enumerate(self._rows):
            if self.is_set_aside(row):  # how far the fit without it misses it: its residual and its left-out error
                ((x, y),) = state.transform.forward.apply(np.array([[point["sketch_x"], point["sketch_y"]]]))
                off = math.hypot(x - point["x"], y - point["y"])
                self._errors_by_row[row] = (off, off)
        self.endResetModel()

    def record_id(self, row: int) -> str:
        return str(self._rows[row]["id"])

    def row_of(self, record_id: str) -> int | None:
        matches = (self.points["id"] == record_id).to_numpy().nonzero()[0]
        return int(matches[0]) if len(matches) else None

    # -- Qt model ------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _title(COLUMNS[section])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        column = COLUMNS[index.column()]
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if column in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        if column == "enabled":
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def _errors(self, row: int) -> tuple[float, float] | None:
        return self._errors_by_row[row]

    def is_set_aside(self, row: int) -> bool:
        """Whether auto left the point of ``row`` out of the fit as a likely mistake."""
        return str(row + 1) in self.state.left_out

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column, point = COLUMNS[index.column()], self._rows[index.row()]
        errors = self._errors(index.row())
        set_aside = self.is_set_aside(index.row())
        if role == Qt.ItemDataRole.CheckStateRole and column == "enabled":
            used = bool(point["enabled"]) and not set_aside
            return Qt.CheckState.Checked if used else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and set_aside:
            return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.ToolTipRole and column == "enabled" and set_aside:
            return QCoreApplication.translate(
                "ControlPointTable", "Set aside by auto as a likely mistake; tick to use it again"
            )
        if role == Qt.ItemDataRole.BackgroundRole and column in ("residual", "loo") and errors is not None:
            value = errors[0] if column == "residual" else errors[1]
            return error_colour(value) if math.isfinite(value) else None
        if role == Qt.ItemDataRole.ToolTipRole and column == "note":
            return self.notes.get(self.record_id(index.row()), "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in ("label", "note"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if column == "number":
            return index.row() + 1
        if column in ("sketch_x", "sketch_y"):
            return round(float(point[column]), 1) if role == Qt.ItemDataRole.EditRole else f"{point[column]:.1f}"
        if column in ("x", "y"):
            return round(float(point[column]), 2) if role == Qt.ItemDataRole.EditRole else f"{point[column]:.2f}"
        if column in ("residual", "loo"):
            if errors is None:
                return ""
            value = errors[0] if column == "residual" else errors[1]
            return f"{value:.2f}" if math.isfinite(value) else "—"
        if column == "note":
            return self.notes.get(self.record_id(index.row()), "").split("\n")[0]
        if column == "label":
            return str(point["label"])
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and column == "enabled":
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            if checked and self.is_set_aside(index.row()):
                self.putBack.emit(self.record_id(index.row()))
                return True
            self.pointEdited.emit(self.record_id(index.row()), {"enabled": checked})
            return True
        if role != Qt.ItemDataRole.EditRole or column not in EDITABLE:
            return False
        if column == "label":
            self.pointEdited.emit(self.record_id(index.row()), {"label": str(value)})
            return True
        try:
            number = float(value)
        except (TypeError, ValueError):
            return False
        if not math.isfinite(number):
            return False
        self.pointEdited.emit(self.record_id(index.row()), {column: number})
        return True
