"""Print dialog: choose a grid (or the whole station), paper and privacy, see the first page, write the PDF.

The preview is the same page drawing as the PDF, at screen resolution. Writing
a station atlas can take a while, so it shows progress and can be canceled;
a canceled atlas leaves no file behind.

A county keeps a million households; one grid's sheets show a few hundred. So
what a choice prints is read when it is chosen (:func:`maps.print.atlas.read_for_printing`),
on a worker thread with progress: a grid, what its pages can show; the whole
station, everything (which then serves every grid too).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.task_runner import Task, TaskRunner
from layers.imagery.reading import ImagerySource
from layers.printed_sheets import SheetEntry, register_sheets, sheet_project_key
from layers.review import ReviewData, ReviewFilter, select
from layers.store import ProjectStore
from maps.map_content import MapContent, build_map_content
from maps.print.atlas import atlas_pages, find_grids, page_image, read_for_printing, write_atlas_pdf
from maps.print.grid_sheet import PageSetup
from maps.print.page import Paper
from maps.print.sheet_register import SheetPrint

PREVIEW_DPI = 60
ALL_GRIDS = None


class PrintDialog(QDialog):
    def __init__(
        self,
        data: ReviewData,
        station: str,
        sketches: tuple = (),
        parent: QWidget | None = None,
        imagery: tuple[ImagerySource, ...] = (),
        tasks: TaskRunner | None = None,
        store: ProjectStore | None = None,
        grid: str | None = ALL_GRIDS,
    ) -> None:
        """``data``: what printing ``grid`` (a code, or :data:`ALL_GRIDS`) shows, every grid among its grids;
        ``store``: the project other choices are read from and the sheets registered in (None: neither)."""
        super().__init__(parent)
        self.station, self.store = station, store
        self.tasks = tasks or TaskRunner(self)
        self.pages_printed = 0
        self._preview_key = sheet_project_key(store) if store is not None and not store.read_only else None
        self._sketches, self._imagery = sketches, imagery
        self._read: dict[str | None, tuple[ReviewData, MapContent]] = {}
        """What the last grid chosen prints, and the whole station's (which serves every grid), with their
        map content."""
        self._keep(grid, data)
        self.grid_box, self.paper_box, self.dpi_box = QComboBox(), QComboBox(), QComboBox()
        self.landscape_check, self.personal_check, self.sketch_check = QCheckBox(), QCheckBox(), QCheckBox()
        self.imagery_check = QCheckBox()
        self.sketch_check.setEnabled(bool(sketches))
        self.imagery_check.setEnabled(bool(imagery))
        self.grid_box.addItem("", ALL_GRIDS)
        for code, name in sorted(zip(data.grids["code"], data.grids["name"])):
            self.grid_box.addItem(f"{code} {name}", code)
        self.grid_box.setCurrentIndex(max(0, self.grid_box.findData(grid)))
        for paper in Paper:
            self.paper_box.addItem(paper.name, paper)
        for dpi in (150, 300):
            self.dpi_box.addItem(f"{dpi} dpi", dpi)
        self.labels = {key: QLabel() for key in ("grid", "paper", "dpi")}
        form = QFormLayout()
        form.addRow(self.labels["grid"], self.grid_box)
        form.addRow(self.labels["paper"], self.paper_box)
        form.addRow("", self.landscape_check)
        form.addRow(self.labels["dpi"], self.dpi_box)
        form.addRow("", self.imagery_check)
        form.addRow("", self.sketch_check)
        form.addRow("", self.personal_check)
        self.pages_label = QLabel()
        self.unreadable_note = QLabel(wordWrap=True)
        self.unreadable_note.setVisible(store is not None and store.read_only)
        form.addRow(self.unreadable_note)
        self.preview = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        scroll.setMinimumSize(420, 560)
        self.print_button = QPushButton()
        self.print_button.setDefault(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.choose_file_and_print)
        self.print_button.setEnabled(not self.tasks.busy)
        self.tasks.busyChanged.connect(self._on_tasks_busy)  # a method: disconnected when the dialog goes
        controls = QVBoxLayout()
        controls.addLayout(form)
        controls.addWidget(self.pages_label)
        controls.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(controls)
        body.addWidget(scroll, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(buttons)
        self._preview_timer = QTimer(self, singleShot=True, interval=150)  # one preview per burst of changes
        self._preview_timer.timeout.connect(self.update_preview)
        for box in (self.grid_box, self.paper_box, self.dpi_box):
            box.currentIndexChanged.connect(self._preview_timer.start)
        for check in (self.landscape_check, self.personal_check, self.sketch_check, self.imagery_check):
            check.toggled.connect(self._preview_timer.start)
        self.retranslate()
        self.update_preview()

    def setup(self) -> PageSetup:
        return PageSetup(
            paper=self.paper_box.currentData(),
            landscape=self.landscape_check.isChecked(),
            dpi=self.dpi_box.currentData(),
            show_personal=self.personal_check.isChecked(),
            sketch_basemap=self.sketch_check.isChecked(),
            imagery=self.imagery_check.isChecked(),
        )

    def _keep(self, grid: str | None, data: ReviewData) -> None:
        """Keep what ``grid`` prints, and the station's if read, not every grid looked at: each holds all grids."""
        content = build_map_content(data, select(data, ReviewFilter()), self._sketches, imagery=self._imagery)
        self._read = {**{key: read for key, read in self._read.items() if key is ALL_GRIDS}, grid: (data, content)}

    def _chosen(self) -> tuple[ReviewData, MapContent] | None:
        """What the choice prints, if it is read."""
        return self._read.get(self.grid_box.currentData()) or self._read.get(ALL_GRIDS)

    @property
    def is_read(self) -> bool:
        """Whether what the chosen grid (or the station) prints has been read."""
        return self._chosen() is not None

    @property
    def data(self) -> ReviewData:
        return self._chosen()[0]

    @property
    def content(self) -> MapContent:
        return self._chosen()[1]

    def pages(self, setup: PageSetup) -> list:
        grid = self.grid_box.currentData()
        grid_ids = find_grids(self.data.grids, grid) if grid else None
        return atlas_pages(self.data, self.station, grid_ids, setup, overview=grid is None)

    def update_preview(self) -> None:
        """Draw the first page of the choice; read what it prints first if it is not read yet."""
        if not self.is_read:
            self._read_choice()
            return
        setup = self.setup()
        pages = self.pages(setup)
        self.pages_label.setText(self.tr("{count} page(s)").format(count=len(pages)))
        preview_setup = replace(setup, dpi=PREVIEW_DPI)
        sheets = SheetPrint(self._document(), setup.page_format, self._preview_key)  # ids shown, never registered
        self.preview.setPixmap(QPixmap.fromImage(page_image(preview_setup, self.content, pages, sheets)))

    def _read_choice(self) -> Task | None:
        grid, store = self.grid_box.currentData(), self.store
        if store is None or self.tasks.busy:
            return None
        self.pages_label.setText(self.tr("Reading what to print..."))
        as_of = next(iter(self._read.values()))[0].as_of  # every choice printed at the moment the dialog opened
        return self.tasks.start(
            self,
            self.tr("Reading what to print..."),
            lambda feedback: read_for_printing(store, grid, as_of, feedback),
            lambda data: (self._keep(grid, data), self.update_preview()),
            self.tr("Cannot print"),
        )

    def _document(self) -> str:
        return "grid_sheet" if self.grid_box.currentData() else "atlas"

    def choose_file_and_print(self) -> None:
        grid = self.grid_box.currentData() or "atlas"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), f"{grid}.pdf", "PDF (*.pdf)")
        if path:
            self.print_to(Path(path))

    def print_to(self, path: Path) -> Task | None:
        """Write the PDF on a worker thread, with progress and Cancel; ``None`` if another job still runs.

        When it is written, :attr:`pages_printed` holds its page count.
        """
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        if not self.is_read:
            return None
        setup = self.setup()
        pages, content = self.pages(setup), self.content
        sheets = SheetPrint.of(self.store, self._document(), setup.page_format)
        return self.tasks.start(
            self,
            self.tr("Printing {file}...").format(file=path.name),
            lambda feedback: (len(pages), write_atlas_pdf(path, setup, content, pages, sheets, feedback)),
            self._printed,
            self.tr("Not printed"),
        )

    def _on_tasks_busy(self, busy: bool) -> None:
        self.print_button.setEnabled(not busy)

    def _printed(self, result: tuple[int, list[SheetEntry]]) -> None:
        """The PDF is whole: register its map pages here, on the window's own connection to the project."""
        pages, entries = result
        if entries:
            register_sheets(self.store, entries)
        self.pages_printed = pages

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Print grid maps"))
        self.grid_box.setItemText(0, self.tr("Whole station (atlas)"))
        self.labels["grid"].setText(self.tr("Grid"))
        self.labels["paper"].setText(self.tr("Paper"))
        self.labels["dpi"].setText(self.tr("Resolution"))
        self.landscape_check.setText(self.tr("Landscape"))
        self.sketch_check.setText(self.tr("Hand-drawn sketch under the map"))
        self.imagery_check.setText(self.tr("Satellite imagery"))
        self.imagery_check.setToolTip(
            self.tr("The project's satellite imagery under the map")
            if self.imagery_check.isEnabled()
            else self.tr("This project has no satellite imagery; add it with File → Add satellite imagery")
        )
        self.personal_check.setText(self.tr("Print names and phone numbers in full"))
        self.personal_check.setToolTip(
            self.tr("Paper leaves the station: print personal details only when the task requires it")
        )
        self.print_button.setText(self.tr("Print to PDF..."))
        self.unreadable_note.setText(
            self.tr(
                "This project is read-only: its printed sheets are not registered, "
                "so photos of them cannot be read back."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._preview_timer.start()
        super().changeEvent(event)
