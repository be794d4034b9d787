"""The main window: the project's layers with their record counts, and its hand-drawn sketches.

The station-review map canvas builds on this window; for now it shows what a
project holds, so an officer can check that his file is complete.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
)

from layers.errors import WanggeError
from layers.schema import LAYERS
from layers.store import Change, ProjectStore, is_database_url, open_project

PROJECT_FILTER = "GeoPackage (*.gpkg)"


class StoreEvents(QObject):
    """Carries the store's change events into the GUI thread (a shared database reports them from another)."""

    changed = Signal(object)


class MainWindow(QMainWindow):
    """One window per open project."""

    def __init__(self) -> None:
        super().__init__()
        self.store: ProjectStore | None = None
        self.store_events = StoreEvents(self)
        self.store_events.changed.connect(self._on_store_changed)
        self.setWindowTitle(self.tr("Wangge"))
        self.resize(1280, 800)
        self.setAcceptDrops(True)

        self.layers_table = QTableWidget(0, 3)
        self.layers_table.setHorizontalHeaderLabels([self.tr("Layer"), self.tr("Name"), self.tr("Records")])
        self.layers_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.layers_table.verticalHeader().hide()
        self.layers_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.sketch_tabs = QTabWidget()
        splitter = QSplitter()
        splitter.addWidget(self.layers_table)
        splitter.addWidget(self.sketch_tabs)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self._build_menus()
        self.statusBar().showMessage(self.tr("Open a project file (.gpkg) or drop one here"))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        open_action = QAction(self.tr("&Open project..."), self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._choose_project)
        file_menu.addAction(open_action)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    def _choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), "", PROJECT_FILTER)
        if path:
            self.open_project(path)

    def open_project(self, location: str) -> bool:
        """Show the project at ``location``; a bad file is explained and the current one kept."""
        try:
            store = open_project(location)
        except WanggeError as error:
            QMessageBox.warning(self, self.tr("Cannot open project"), error.translated(QCoreApplication.translate))
            return False
        self._close_store()
        self.store = store
        store.changed.connect(self.store_events.changed.emit)
        store.listen()
        station = store.settings().get("station", "")
        name = Path(location).name if not is_database_url(location) else store.location
        self.setWindowTitle(self.tr("Wangge — {station} — {file}").format(station=station, file=name))
        self._show_layers()
        self._show_sketches()
        self.statusBar().showMessage(
            self.tr("{location}  ·  schema version {version}").format(
                location=store.location, version=store.schema_version()
            )
        )
        return True

    def _on_store_changed(self, change: Change) -> None:
        """Someone (this window, another window, another officer) committed an edit: recount that layer."""
        if self.store is not None and change.layer in LAYERS:
            self._show_count(list(LAYERS).index(change.layer), change.layer)

    def _show_layers(self) -> None:
        self.layers_table.setRowCount(len(LAYERS))
        for row, layer in enumerate(LAYERS.values()):
            self.layers_table.setItem(row, 0, QTableWidgetItem(layer.title_zh))
            self.layers_table.setItem(row, 1, QTableWidgetItem(layer.name))
            self._show_count(row, layer.name)

    def _show_count(self, row: int, layer: str) -> None:
        count = QTableWidgetItem(f"{self.store.count(layer):,}")
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.layers_table.setItem(row, 2, count)

    def _show_sketches(self) -> None:
        self.sketch_tabs.clear()
        sketches = self.store.read("sketches", columns=["title", "image"])
        for title, image in zip(sketches["title"], sketches["image"]):
            pixmap = QPixmap()
            pixmap.loadFromData(image)
            label = QLabel()
            label.setPixmap(pixmap.scaledToWidth(1600, Qt.TransformationMode.SmoothTransformation))
            scroll = QScrollArea()
            scroll.setWidget(label)
            self.sketch_tabs.addTab(scroll, title)
        if not len(sketches):
            self.sketch_tabs.addTab(QLabel(self.tr("This project has no hand-drawn sketch yet.")), self.tr("Sketches"))

    def _close_store(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._close_store()
        super().closeEvent(event)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if any(url.toLocalFile().endswith(".gpkg") for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.toLocalFile().endswith(".gpkg"):
                self.open_project(url.toLocalFile())
                break
