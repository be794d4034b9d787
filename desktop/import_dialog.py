"""Import a household register, visit log or dispute ledger (.xlsx, .csv) after seeing what would go in.

Stations keep these in Excel; the dialog reads the file with
:func:`layers.imports.plan_import`, which writes nothing, and shows what it
found: which column is which field (a column it could not place can be mapped
by hand, then checked again), and every row with a problem, named by the row
number the spreadsheet shows. Only then can the user import everything (when
nothing is wrong) or only the valid rows. The import is one transaction and
one undoable step: undo removes every record it wrote.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.edit_commands import ImportRecords, ReportError
from desktop.task_runner import Task, TaskRunner
from layers.feedback import Feedback
from layers.imports import IMPORT_LAYERS, ImportPlan, import_targets, plan_import, write_import
from layers.imports.headers import REFERENCE_LAYERS
from layers.store import ProjectStore, open_project
from maps.words import CHINESE, current_language

SHOWN_PROBLEMS = 1000
"""Rows of problems listed; the count says how many more there are."""
COORDINATE_SYSTEMS = ("", "wgs84", "cgcs2000", "gcj02", "bd09")
"""The systems offered; "" is the file's own, the default: a map file's, or WGS84 for a spreadsheet's columns."""
FILE_PATTERNS = "*.xlsx *.csv *.gpkg *.shp *.zip *.geojson *.json *.kml *.kmz *.gpx *.pbf *.osm"
IGNORE = ""
"""The mapping box's "ignore this column" entry."""


class ImportDialog(QDialog):
    """Choose a file and what it holds, see the report, then import all of it or its valid rows."""

    def __init__(
        self,
        store: ProjectStore,
        undo_stack: QUndoStack,
        report_error: ReportError,
        parent: QWidget | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks or TaskRunner(self)
        self.undo_stack = undo_stack
        self.report_error = report_error
        self.plan: ImportPlan | None = None
        self.mapping: dict[str, str | None] = {}
        self.imported: tuple[str, ...] = ()
        self._build()
        self.tasks.busyChanged.connect(self._enable_buttons)  # a method: disconnected when the dialog goes
        self.retranslate()
        self._show_plan()

    def _build(self) -> None:
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        self.layer_box = QComboBox()
        self.crs_box = QComboBox()
        self.crs_box.setEditable(True)  # EPSG:n is typed
        self.layer_label, self.crs_label, self.file_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.file_label, file_row)
        form.addRow(self.layer_label, self.layer_box)
        form.addRow(self.crs_label, self.crs_box)
        self.layer_box.activated.connect(lambda _index: self.check(reset_mapping=True))
        self.crs_box.activated.connect(lambda _index: self.check())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.columns_title, self.problems_title = QLabel(), QLabel()
        self.columns_table = QTableWidget(0, 2)
        self.columns_table.verticalHeader().hide()
        self.columns_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.check_button = QPushButton()
        self.check_button.clicked.connect(lambda: self.check())
        self.problems_table = QTableWidget(0, 4)
        self.problems_table.verticalHeader().hide()
        self.problems_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problems_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.problems_table.horizontalHeader().setStretchLastSection(True)
        self.import_all_button, self.import_valid_button, self.close_button = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        self.import_all_button.clicked.connect(lambda: self.import_rows(valid_rows_only=False))
        self.import_valid_button.clicked.connect(lambda: self.import_rows(valid_rows_only=True))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.import_all_button, self.import_valid_button, self.close_button):
            buttons.addWidget(button)
        columns = QVBoxLayout()
        columns.addWidget(self.columns_title)
        columns.addWidget(self.columns_table, 1)
        columns.addWidget(self.check_button)
        problems = QVBoxLayout()
        problems.addWidget(self.problems_title)
        problems.addWidget(self.problems_table, 1)
        middle = QHBoxLayout()
        middle.addLayout(columns, 2)
        middle.addLayout(problems, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addLayout(middle, 1)
        layout.addLayout(buttons)
        self.resize(1000, 640)

    # -- reading ---------------------------------------------------------------
    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.windowTitle(), "", self.tr("Registers and map files ({patterns})").format(patterns=FILE_PATTERNS)
        )
        if path:
            self.open_file(path, _likely_layer(path, self.layer_box.currentData()))

    def open_file(self, path: str, layer: str | None = None, crs: str | None = None) -> Task | None:
        """Check ``path`` as ``layer`` (default: the one chosen) in ``crs`` on a worker thread, and show the report."""
        self.path_edit.setText(path)
        if layer is not None:
            self.layer_box.setCurrentIndex(self.layer_box.findData(layer))
        if crs is not None:
            self.crs_box.setCurrentText(crs)
        return self.check(reset_mapping=True)

    def check(self, reset_mapping: bool = False) -> Task | None:
        """Read and check the file again on a worker thread (nothing is written); a bad file is explained.

        Returns the running job, or ``None`` when nothing was started; the plan
        it makes is then in :attr:`plan`.
        """
        if reset_mapping:
            self.mapping = {}
        path = self.path_edit.text()
        if not path:
            return None
        layer, crs, mapping, location = (
            self.layer_box.currentData(),
            self._crs(),
            self.mapping or None,
            self.store.location,
        )

        def check_file(feedback: Feedback) -> ImportPlan:
            # a connection of its own: checking reads the whole file, and the window's store stays free meanwhile
            with open_project(location) as reader:
                return plan_import(reader, layer, path, crs, mapping, feedback)

        return self.tasks.start(
            self, self.tr("Checking {file}...").format(file=Path(path).name), check_file, self._checked,
            self.report_error, on_failed=lambda: self._checked(None),
        )  # fmt: skip

    def _checked(self, plan: ImportPlan | None) -> None:
        self.plan = plan
        self._show_plan()

    def _crs(self) -> str | None:
        """The chosen system's name, a typed EPSG:n, or ``None`` for the file's own."""
        data = self.crs_box.currentData()
        text = self.crs_box.currentText().strip()
        if self.crs_box.itemText(self.crs_box.currentIndex()) == text:
            return data or None
        return text or None

    # -- showing -----------------------------------------------------------------
    def _show_plan(self) -> None:
        plan = self.plan
        report = plan.report if plan else None
        self._show_columns()
        shown = report.problems[:SHOWN_PROBLEMS] if report else []
        self.problems_table.setRowCount(len(shown))
        for row, problem in enumerate(shown):
            reason = problem.translated_reason(QCoreApplication.translate)
            for column, text in enumerate((str(problem.row), problem.column, str(problem.value), reason)):
                self.problems_table.setItem(row, column, QTableWidgetItem(text))
        self.summary.setText(self._summary_text())
        self.import_valid_button.setText(
            self.tr("Import the {valid:,} valid rows").format(valid=report.valid_rows if report else 0)
        )
        self._enable_buttons()

    def _enable_buttons(self, _busy: bool = False) -> None:
        """What the plan allows, and nothing that starts a job while another runs."""
        report = self.plan.report if self.plan else None
        idle = not self.tasks.busy
        writable = idle and report is not None and not report.missing_columns
        self.import_all_button.setEnabled(writable and not report.problems and report.rows > 0)
        self.import_valid_button.setEnabled(writable and bool(report.problems) and report.valid_rows > 0)
        self.check_button.setEnabled(idle and report is not None)
        self.browse_button.setEnabled(idle)

    def _summary_text(self) -> str:
        if self.plan is None:
            return self.tr(
                "Choose a file: households, visits and disputes from an Excel workbook (.xlsx) or a CSV file (UTF-8 "
                "or GBK); grids, roads and landmarks from a Shapefile, GeoPackage, GeoJSON, KML, GPX or OpenStreetMap "
                "extract (.osm.pbf); officers from a workbook."
            )
        report = self.plan.report
        lines = [self._first_line(report)]
        if report.missing_columns:
            lines.append(self.tr("No column for: {fields}. Map one of the columns to it.").format(
                fields=", ".join(report.missing_columns)))  # fmt: skip
        translate = QCoreApplication.translate  # notes are the report's templates, swapped coordinates among them
        lines += [translate("ImportReport", template).format(**params) for template, params in report.notes]
        if report.outside_grids:
            lines.append(self.tr("{count:,} households lie outside every grid: rows {rows}.").format(
                count=len(report.outside_grids), rows=_rows(report.outside_grids)))  # fmt: skip
        if report.unlocated:
            lines.append(self.tr("{count:,} households have no position; they wait in the locate queue.").format(
                count=len(report.unlocated)))  # fmt: skip
        if len(report.problems) > SHOWN_PROBLEMS:
            lines.append(self.tr("The first {shown:,} of {count:,} problems are listed.").format(
                shown=SHOWN_PROBLEMS, count=len(report.problems)))  # fmt: skip
        return "\n".join(lines)

    def _first_line(self, report) -> str:
        """How the file was read: its features and system, or its header row and sheet or encoding."""
        encoding = self.tr(", read as {encoding}").format(encoding=report.encoding) if report.encoding else ""
        if report.features:
            return self.tr("{rows:,} features, coordinates in {system}{where}; {bad:,} with problems.").format(
                rows=report.rows, system=report.coordinate_system, bad=report.bad_rows, where=encoding
            )
        where = self.tr(", sheet {sheet}").format(sheet=report.sheet) if report.sheet else encoding
        return self.tr("{rows:,} rows under the header on row {header}{where}; {bad:,} with problems.").format(
            rows=report.rows, header=report.header_row, bad=report.bad_rows, where=where
        )

    def _show_columns(self) -> None:
        report = self.plan.report if self.plan else None
        headers = report.headers if report else ()
        targets = import_targets(self.layer_box.currentData())
        self.columns_table.setRowCount(len(headers))
        for row, header in enumerate(headers):
            self.columns_table.setItem(row, 0, QTableWidgetItem(header))
            box = QComboBox()
            box.addItem(self.tr("(not imported)"), IGNORE)
            for target, title in targets.items():
                box.addItem(title if current_language() == CHINESE else f"{title} · {target}", target)
            placed = report.recognised.get(header, IGNORE)
            box.setCurrentIndex(max(box.findData(placed), 0))
            box.activated.connect(lambda _index, header=header, box=box: self._map(header, box.currentData()))
            self.columns_table.setCellWidget(row, 1, box)

    def _map(self, header: str, target: str) -> None:
        self.mapping[header] = target or None
        self.check_button.setText(self.tr("Check again with these columns"))

    # -- writing -------------------------------------------------------------------
    def import_rows(self, valid_rows_only: bool) -> Task | None:
        """Write the checked plan in one transaction on a worker thread, as one undoable step.

        Returns the running job, or ``None`` when nothing was started; once
        written, :attr:`imported` holds the ids and the dialog closes. A refusal
        (bad rows, a stale file) is reported and nothing is written.
        """
        plan = self.plan
        if plan is None:
            return None
        store = self.store

        def write(feedback: Feedback | None) -> tuple[str, ...]:
            return write_import(store, plan, valid_rows_only, feedback).ids

        layer = self.layer_box.currentText()
        text = self.tr("Import {file} into {layer}").format(file=plan.path.name, layer=layer)
        command = ImportRecords(store, plan.layer, write, text, self.report_error)

        def import_file(feedback: Feedback) -> ImportRecords:
            command.apply(feedback)
            return command

        return self.tasks.start(
            self, self.tr("Importing {file}...").format(file=plan.path.name), import_file,
            lambda written: self._imported(written, layer), self.report_error,
        )  # fmt: skip

    def _imported(self, written: ImportRecords, layer: str) -> None:
        self.undo_stack.push(written)  # already written: the stack's first redo is a no-op
        self.imported = written.ids
        QMessageBox.information(self, self.tr("Imported"), self.tr("{count:,} records imported into {layer}.").format(
            count=len(written.ids), layer=layer))  # fmt: skip
        self.accept()

    # -- language ----------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import into the project"))
        self.file_label.setText(self.tr("File"))
        self.browse_button.setText(self.tr("Choose..."))
        self.layer_label.setText(self.tr("It holds"))
        self.crs_label.setText(self.tr("Coordinates in"))
        layer_words = {
            "households": self.tr("Households (住户登记)"),
            "visits": self.tr("Visits (走访记录)"),
            "disputes": self.tr("Disputes (矛盾纠纷台账)"),
            "officers": self.tr("Officers (警员名单)"),
            "grids": self.tr("Grids (网格边界)"),
            "roads": self.tr("Roads (道路)"),
            "landmarks": self.tr("Landmarks (地标)"),
        }
        current = self.layer_box.currentData()
        self.layer_box.clear()
        for layer in IMPORT_LAYERS:
            self.layer_box.addItem(layer_words[layer], layer)
        self.layer_box.setCurrentIndex(max(self.layer_box.findData(current), 0))
        system_words = {
            "": self.tr("As the file says (WGS84 for a spreadsheet)"),
            "wgs84": self.tr("WGS84 (GPS)"),
            "cgcs2000": self.tr("CGCS2000"),
            "gcj02": self.tr("GCJ-02 (Amap, Tencent maps)"),
            "bd09": self.tr("BD-09 (Baidu maps)"),
        }
        chosen = (self._crs() or "") if self.crs_box.count() else ""
        self.crs_box.clear()
        for system in COORDINATE_SYSTEMS:
            self.crs_box.addItem(system_words[system], system)
        index = self.crs_box.findData(chosen)
        if index >= 0:
            self.crs_box.setCurrentIndex(index)
        else:
            self.crs_box.setCurrentText(chosen)
        self.columns_title.setText(self.tr("Columns of the file and the field each goes to"))
        self.columns_table.setHorizontalHeaderLabels([self.tr("Column"), self.tr("Field")])
        self.check_button.setText(self.tr("Check again"))
        self.problems_title.setText(self.tr("Rows or features with problems (nothing is written while you look)"))
        self.problems_table.setHorizontalHeaderLabels([self.tr("Row / feature"), self.tr("Column"), self.tr("Value"),
                                                       self.tr("Problem")])  # fmt: skip
        self.import_all_button.setText(self.tr("Import all"))
        self.close_button.setText(self.tr("Close"))
        self._show_plan()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _likely_layer(path: str, current: str) -> str:
    """What a newly chosen file most likely holds: an OSM extract roads; another map file grids, unless chosen."""
    from layers.imports.features import is_map_file
    from layers.imports.osm import is_osm_extract

    if is_osm_extract(path):
        return current if current in ("roads", "landmarks") else "roads"
    if is_map_file(path):
        return current if current in REFERENCE_LAYERS else "grids"
    return current if current not in ("grids", "roads") else "households"


def _rows(listed: list) -> str:
    """The first few spreadsheet rows of a list, then "...": the full list is in the report."""
    shown = ", ".join(str(entry.row) for entry in listed[:10])
    return shown + (", ..." if len(listed) > 10 else "")
