"""File → Add a photographed sketch: a phone photo of the officer's drawing into the project, one undoable edit.

The photo is read by :func:`maps.sketch_photo.read_sketch_photo`, as ``wangge
sketch add`` reads it: EXIF orientation honoured, kept as taken. A photo that
cannot be used is explained in one sentence and the dialog stays open.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop.edit_commands import InsertRecord, ReportError, push_edit
from layers.errors import WanggeError
from layers.store import ProjectStore
from maps.sketch_photo import read_sketch_photo, sketch_feature

PHOTO_FILTER = "JPEG, PNG, HEIC (*.jpg *.jpeg *.JPG *.JPEG *.png *.PNG *.heic *.HEIC *.heif *.HEIF)"


class AddSketchDialog(QDialog):
    """Photo, title, grid and who drew it; :attr:`added` carries the new sketch's id."""

    added = Signal(str)

    def __init__(
        self,
        store: ProjectStore,
        undo_stack: QUndoStack,
        report_error: ReportError,
        grids: pd.DataFrame,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.undo_stack, self.report_error = store, undo_stack, report_error
        self.photo_edit = QLineEdit()
        self.choose_button = QPushButton(clicked=self.choose_photo)
        self.title_edit = QLineEdit()
        self.grid_box = QComboBox()
        self.grid_box.addItem("", None)
        for grid_id, code, name in zip(grids["id"], grids["code"], grids["name"]):
            self.grid_box.addItem(f"{code} {name}", str(grid_id))
        self.drawn_by_edit = QLineEdit()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.add)
        self.buttons.rejected.connect(self.reject)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo_edit)
        photo_row.addWidget(self.choose_button)
        self.labels = [QLabel() for _ in range(4)]
        form = QFormLayout(self)
        form.addRow(self.labels[0], photo_row)
        form.addRow(self.labels[1], self.title_edit)
        form.addRow(self.labels[2], self.grid_box)
        form.addRow(self.labels[3], self.drawn_by_edit)
        form.addRow(self.buttons)
        self.resize(560, 0)
        self.retranslate()

    def choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.windowTitle(), "", PHOTO_FILTER)
        if path:
            self.set_photo(path)

    def set_photo(self, path: str) -> None:
        self.photo_edit.setText(path)
        if not self.title_edit.text().strip():
            self.title_edit.setText(Path(path).stem)

    def add(self) -> bool:
        """Read the photo and store it as one undoable edit; a refusal is explained and the dialog stays."""
        title = self.title_edit.text().strip()
        if not title:
            QMessageBox.warning(self, self.tr("Not added"), self.tr("Give the sketch a title."))
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a 50-megapixel photo takes a moment
        try:
            photo = read_sketch_photo(self.photo_edit.text().strip())
        except WanggeError as error:
            QMessageBox.warning(self, self.tr("Not added"), error.translated(QCoreApplication.translate))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        feature = sketch_feature(photo, title, self.grid_box.currentData(), self.drawn_by_edit.text())
        command = InsertRecord(
            self.store, feature, self.tr("add sketch {title}").format(title=title), self.report_error
        )
        if not push_edit(self.undo_stack, command):
            return False
        self.accept()
        self.added.emit(command.feature.id)
        return True

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Add a photographed sketch"))
        texts = (self.tr("Photo"), self.tr("Title"), self.tr("Grid"), self.tr("Drawn by"))
        for label, text in zip(self.labels, texts):
            label.setText(text)
        self.choose_button.setText(self.tr("Choose..."))
        self.title_edit.setPlaceholderText(self.tr("e.g. 犁铧嘴村一组网格图"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
