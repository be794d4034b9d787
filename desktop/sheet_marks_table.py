"""The table of pen marks in the sheet review: what each mark looks like, what it is near, what became of it."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop.sheet_review_edits import NearbyHousehold
from layers.vocabulary import InkColour, MarkShape, MarkStatus
from maps.words import term

COLUMNS = ("number", "sheet", "colour", "shape", "size", "nearest", "status")
INK_SWATCHES = {"red": "#d32f2f", "blue": "#1e50c8", "black": "#222222", "green": "#2e7d32"}
"""The pen's colour beside its word: the officer compares it with the photo at a glance."""


class MarksTable(QTableWidget):
    """One row per mark, chosen one at a time; the row's mark is ``marks["id"]`` at that row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.marks = pd.DataFrame()
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("nearest"), QHeaderView.ResizeMode.Stretch)
        self.retranslate()

    def show_marks(self, marks: pd.DataFrame, sheet_title: Callable[[str], str],
                   nearest: list[NearbyHousehold | None], chosen: str | None) -> None:  # fmt: skip
        """List ``marks`` and choose ``chosen`` again (else the first), without announcing a new choice."""
        self.marks = marks
        self.blockSignals(True)
        self.setRowCount(len(marks))
        for row in range(len(marks)):
            mark = marks.iloc[row]
            near = nearest[row]
            values = {
                "number": str(mark["mark_no"]),
                "sheet": sheet_title(mark["sheet_id"]),
                "colour": term(InkColour(mark["colour"])),
                "shape": term(MarkShape(mark["shape"])),
                "size": f"{mark['size_mm']:.1f}" if pd.notna(mark["size_mm"]) else "",
                "nearest": "" if near is None else self.tr("No. {house_no} · {distance:.0f} m").format(
                    house_no=near.house_no, distance=near.distance_m),
                "status": self._status_text(mark),
            }  # fmt: skip
            for column, name in enumerate(COLUMNS):
                item = QTableWidgetItem(values[name])
                if name == "colour":
                    item.setIcon(_swatch(INK_SWATCHES.get(mark["colour"], "#888888")))
                if name in ("number", "size"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, column, item)
        ids = list(marks["id"]) if len(marks) else []
        if ids:
            self.selectRow(ids.index(chosen) if chosen in ids else 0)
        self.blockSignals(False)

    def chosen_id(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        if not rows or not len(self.marks):
            return None
        return str(self.marks["id"].iloc[rows[0].row()])

    def choose(self, mark_id: str) -> None:
        ids = list(self.marks["id"]) if len(self.marks) else []
        if mark_id in ids:
            self.selectRow(ids.index(mark_id))

    def _status_text(self, mark: pd.Series) -> str:
        status = term(MarkStatus(mark["status"]))
        layer = mark["record_layer"] if isinstance(mark["record_layer"], str) else ""
        what = {"households": self.tr("household"), "visits": self.tr("visit"), "disputes": self.tr("dispute")}
        return self.tr("{status}: {record}").format(status=status, record=what[layer]) if layer in what else status

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([
            self.tr("No."), self.tr("Sheet"), self.tr("Colour"), self.tr("Shape"), self.tr("Size (mm)"),
            self.tr("Nearest household"), self.tr("Status"),
        ])  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)
