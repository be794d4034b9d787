"""Export the project for people and tools without Wangge: web map, GeoJSON, GeoPackage, Shapefile, Excel.

The files are written by the same functions ``wangge export`` calls
(:mod:`layers.exports`, :func:`maps.web_map.write_web_map`), masked unless the
user ticks full details, which asks once more because the file will leave
the station. Writing shows progress and can be canceled; the previous file
is kept until the new one is complete.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.task_runner import Task, TaskRunner
from layers import exports
from layers.feedback import Feedback
from layers.imagery.reading import imagery_sources
from layers.store import ProjectStore
from maps.exports import EXPORTERS


def _web_map(
    store: ProjectStore, path: Path, show_personal: bool, feedback: Feedback | None = None, imagery: bool = False
) -> dict[str, int]:
    from maps.web_map import write_web_map

    return write_web_map(store, path, show_personal, feedback, imagery=imagery).counts


WRITERS = {"html": _web_map, **EXPORTERS}
"""Each kind of file by its ``wangge export --format`` code."""
SUFFIXES = {"html": ".html", **exports.SUFFIXES}
OFFERED = ("html", "xlsx", "gpkg", "shp", "geojson")
"""The order of the choices: what people open first (a map, a workbook), then what GIS tools read."""


class ExportDialog(QDialog):
    """Choose the kind of file and whether it carries full personal details, then where to write it."""

    def __init__(self, store: ProjectStore, parent: QWidget | None = None, tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks or TaskRunner(self)
        self.written: dict[str, int] = {}
        self.format_box = QComboBox()
        self.personal_check = QCheckBox()
        self.imagery_check = QCheckBox()
        self.has_imagery = bool(imagery_sources(store)[0])
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.format_label = QLabel()
        form = QFormLayout()
        form.addRow(self.format_label, self.format_box)
        form.addRow("", self.personal_check)
        form.addRow("", self.imagery_check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(lambda: self.export())
        self.buttons.rejected.connect(self.reject)
        self._on_tasks_busy(self.tasks.busy)
        self.tasks.busyChanged.connect(self._on_tasks_busy)  # a method: disconnected when the dialog goes
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.format_box.currentIndexChanged.connect(lambda _index: self._offer_imagery())
        self.retranslate()

    @property
    def chosen(self) -> str:
        """The code of the kind of file chosen."""
        return self.format_box.currentData() or "html"

    def export(self, path: str | None = None) -> Task | None:
        """Write the chosen file (asking where, unless ``path`` is given) on a worker thread.

        Returns the running job, or ``None`` when nothing was started. Once the
        file is written, :attr:`written` holds the records written per layer
        and the dialog closes.
        """
        suffix = SUFFIXES[self.chosen]
        if path is None:
            station = self.store.settings().get("station", "") or "wangge"
            path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export"), f"{station}{suffix}", f"*{suffix}")
            if not path:
                return None
        if not path.lower().endswith(suffix):
            path += suffix
        personal = self.personal_check.isChecked()
        if personal and not self._personal_confirmed():
            return None
        write, store = WRITERS[self.chosen], self.store
        options = {"imagery": self.imagery_check.isChecked()} if self.imagery_check.isEnabled() else {}
        return self.tasks.start(
            self,
            self.tr("Writing {file}...").format(file=Path(path).name),
            lambda feedback: write(store, Path(path), personal, feedback=feedback, **options),
            self._exported,
            self.tr("Not exported"),
        )

    def _on_tasks_busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not busy)

    def _exported(self, written: dict[str, int]) -> None:
        self.written = written
        self.accept()

    def _offer_imagery(self) -> None:
        """The satellite imagery goes only into the web map, and only when the project has some."""
        self.imagery_check.setEnabled(self.has_imagery and self.chosen == "html")
        if not self.has_imagery:
            tip = self.tr("This project has no satellite imagery; add it with File → Add satellite imagery")
        elif self.chosen != "html":
            tip = self.tr("Only the web map carries the imagery")
        else:
            tip = self.tr("The imagery under the map, as one picture inside the page (a few megabytes)")
        self.imagery_check.setToolTip(tip)

    def _personal_confirmed(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Full personal details"),
            self.tr(
                "The file will hold residents' full names, phone numbers and ID numbers. Write it only for "
                "someone entitled to them, and do not pass it on. Write it?"
            ),  # fmt: skip
        )
        return answer == QMessageBox.StandardButton.Yes

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export"))
        self.format_label.setText(self.tr("Kind of file"))
        words = {
            "html": self.tr("Web map for any browser, no internet needed (.html)"),
            "xlsx": self.tr("Excel workbook: households, visits, disputes, grids (.xlsx)"),
            "gpkg": self.tr("GeoPackage for QGIS and other GIS (.gpkg)"),
            "shp": self.tr("Shapefiles for older GIS, in one .zip"),
            "geojson": self.tr("GeoJSON of the households (.geojson)"),
        }
        current = self.format_box.currentIndex()
        self.format_box.clear()
        for code in OFFERED:
            self.format_box.addItem(words[code], code)
        self.format_box.setCurrentIndex(max(current, 0))
        self.personal_check.setText(self.tr("Full names, phone and ID numbers (otherwise masked)"))
        self.imagery_check.setText(self.tr("Satellite imagery"))
        self._offer_imagery()
        self.note.setText(self.tr("Names are written as 张*华 and phones as 138****1234 unless full details are "
                                  "ticked; ID numbers are left out."))  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
