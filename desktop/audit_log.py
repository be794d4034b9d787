"""The audit log (审计日志), read only: who changed which record when, and what it was before and after.

The store writes an entry in the transaction of every edit
(:meth:`layers.store.ProjectStore.audit`); this window only reads them, so the
history cannot be edited from the app. Entries show the person the app acted
for, the station-local time, and each changed field as "old → new".
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from layers.schema import LAYERS
from layers.store import ProjectStore
from layers.values import STATION_TIMEZONE
from maps.words import CHINESE, current_language, field_title

SHOWN_ENTRIES = 2000
"""The newest entries listed; the log itself keeps every one."""


def changes_text(layer: str, old: Mapping[str, object] | None, new: Mapping[str, object] | None) -> str:
    """The changed fields of one entry as ``title: old → new``, one per line."""
    before, after = old or {}, new or {}
    lines = []
    for name in dict.fromkeys([*before, *after]):
        try:
            title = field_title(layer, name)
        except KeyError:
            title = name
        lines.append(f"{title}: {_shown(before.get(name))} → {_shown(after.get(name))}")
    return "\n".join(lines)


def _shown(value: object) -> str:
    if value is None:
        return "∅"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class AuditLogDialog(QDialog):
    """The newest entries, for one record or one layer or all."""

    def __init__(self, store: ProjectStore, record_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.record_id = record_id
        self.entries = pd.DataFrame()
        self.layer_box = QComboBox()
        self.layer_label = QLabel()
        self.summary = QLabel()
        form = QFormLayout()
        form.addRow(self.layer_label, self.layer_box)
        self.table = QTableWidget(0, 6)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.layer_box.activated.connect(lambda _index: self.show_entries())
        self.resize(1000, 600)
        self.retranslate()
        self.show_entries()

    def show_entries(self) -> None:
        layer = self.layer_box.currentData()
        self.entries = self.store.audit(record_id=self.record_id, layer=layer, limit=SHOWN_ENTRIES)
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries.itertuples(index=False)):
            moment = pd.Timestamp(entry.at).tz_convert(STATION_TIMEZONE)
            cells = (f"{moment:%Y-%m-%d %H:%M:%S}", entry.user or "", self._action(entry.action), entry.layer,
                     entry.record or "", changes_text(entry.layer, entry.old_values, entry.new_values))  # fmt: skip
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        self.summary.setText(self.tr("{count} entries, newest first; the log cannot be changed.").format(
            count=len(self.entries)))  # fmt: skip

    def _action(self, code: str) -> str:
        words = {"insert": self.tr("added"), "update": self.tr("changed"), "delete": self.tr("deleted"),
                 "bulk_load": self.tr("imported")}  # fmt: skip
        return words.get(code, code)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Audit log") if self.record_id is None else self.tr("History of this record"))
        self.layer_label.setText(self.tr("Layer"))
        current = self.layer_box.currentData()
        self.layer_box.clear()
        self.layer_box.addItem(self.tr("All layers"), None)
        for layer, schema in LAYERS.items():
            self.layer_box.addItem(schema.title_zh if current_language() == CHINESE else layer, layer)
        self.layer_box.setCurrentIndex(max(self.layer_box.findData(current), 0))
        self.table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Layer"),
                                              self.tr("Record"), self.tr("Changes")])  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.show_entries()
        super().changeEvent(event)
