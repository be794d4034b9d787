"""The locate queue: households with no position yet, placed one after another by clicking the sketch.

The loop is driven from the keyboard so an officer can place a grid's 570
households in one sitting: the current household is highlighted, a click on
its drawn house places it and moves to the next, Down/Up (or N/P) step through
the list, Ctrl+Z takes the last placement back.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


class LocateQueue(QWidget):
    """Lists the unplaced households; :attr:`current_household` is the one the next click places."""

    currentChanged = Signal(object)  # household id or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.list = QListWidget()
        self.list.currentItemChanged.connect(lambda item, _previous: self.currentChanged.emit(self._id_of(item)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(
            self.tr("Households not yet on the map: pick one, click its house on the sketch (N/P or Down/Up to step)")
        )
        self.heading.setWordWrap(True)

    def show_households(self, households: pd.DataFrame, grid_codes: dict[str, str]) -> None:
        """Fill the list, keeping the current household if it is still waiting, else the first."""
        keep = self.current_household
        self.list.blockSignals(True)
        self.list.clear()
        for record_id, house_no, head_name, grid_id in zip(
            households["id"], households["house_no"], households["head_name"], households["grid_id"]
        ):
            grid = grid_codes.get(grid_id, "") if isinstance(grid_id, str) else ""
            item = QListWidgetItem(f"{grid} {house_no}  {head_name}".strip())
            item.setData(Qt.ItemDataRole.UserRole, str(record_id))
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [str(i) for i in households["id"]]
        self.list.setCurrentRow(ids.index(keep) if keep in ids else (0 if ids else -1))
        self.currentChanged.emit(self.current_household)

    @property
    def current_household(self) -> str | None:
        return self._id_of(self.list.currentItem())

    def count(self) -> int:
        return self.list.count()

    def step(self, rows: int) -> None:
        if self.list.count():
            self.list.setCurrentRow(max(0, min(self.list.count() - 1, self.list.currentRow() + rows)))

    @staticmethod
    def _id_of(item: QListWidgetItem | None) -> str | None:
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)
