"""File → New station project: the station, its place, its people and its clock, then the file.

A short wizard over :func:`layers.station_setup.create_station_project`, the
function ``wangge new`` calls. It refuses an existing file before anything is
written, shows a refusal in one sentence and stays open, and announces the new
file on :attr:`NewStationWizard.created` so that the main window opens it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from layers.errors import WanggeError
from layers.station_setup import StationMember, StationSetup, create_station_project
from layers.values import STATION_TIMEZONE
from layers.vocabulary import OfficerRole
from maps.qgis_style import project_layer_styles

PROJECT_FILTER = "GeoPackage (*.gpkg)"
"""What File → New and File → Open offer."""
ZONES = (STATION_TIMEZONE.key, "Asia/Urumqi")
"""Beijing time, kept by every station in China; Urumqi time, which some people in Xinjiang keep as well."""
NAME, ROLE, PHONE = range(3)


class NewStationWizard(QWizard):
    """Three pages: the station, its people, the file (see the module docstring)."""

    created = Signal(str)
    """The path of the new project file, once it is written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.station_page = _StationPage()
        self.people_page = _PeoplePage()
        self.file_page = _FilePage(self)
        for page in (self.station_page, self.people_page, self.file_page):
            self.addPage(page)
        self.resize(640, 520)
        self.retranslate()

    def setup(self) -> StationSetup:
        """What the pages say, as the project will be set up."""
        station = self.station_page
        return StationSetup(
            station=station.station_edit.text(),
            township=station.township_edit.text(),
            county=station.county_edit.text(),
            villages=tuple(line for line in station.villages_edit.toPlainText().splitlines() if line.strip()),
            members=self.people_page.members(),
            timezone=station.zone_box.currentText().strip(),
        )

    def create_project(self) -> bool:
        """Write the new project; a refusal (an existing file among them) is shown and nothing is left behind."""
        path = Path(self.file_page.path_edit.text().strip())
        try:
            create_station_project(path, self.setup(), styles=project_layer_styles()).close()
        except WanggeError as error:
            QMessageBox.warning(self, self.tr("Not created"), error.translated(QCoreApplication.translate))
            return False
        self.created.emit(str(path))
        return True

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New station project"))
        for page in (self.station_page, self.people_page, self.file_page):
            page.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class _StationPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.station_edit = QLineEdit()
        self.township_edit = QLineEdit()
        self.county_edit = QLineEdit()
        self.villages_edit = QPlainTextEdit()
        self.zone_box = QComboBox(editable=True)
        self.zone_box.addItems(ZONES)
        self.registerField("station*", self.station_edit)  # Next stays disabled until the station has a name
        fields = (self.station_edit, self.township_edit, self.county_edit, self.villages_edit, self.zone_box)
        self.labels = [QLabel() for _ in fields]
        form = QFormLayout(self)
        for label, widget in zip(self.labels, fields):
            form.addRow(label, widget)

    def retranslate(self) -> None:
        self.setTitle(self.tr("The station"))
        self.setSubTitle(self.tr("Its name and place, as they are to appear on maps and reports."))
        labels = (
            self.tr("Police station"),
            self.tr("Township"),
            self.tr("County"),
            self.tr("Villages (one per line)"),
            self.tr("Time zone"),
        )
        for label, text in zip(self.labels, labels):
            label.setText(text)
        self.station_edit.setPlaceholderText(self.tr("e.g. 豫海派出所"))
        self.township_edit.setPlaceholderText(self.tr("e.g. 豫海镇"))
        self.county_edit.setPlaceholderText(self.tr("e.g. 同心县"))


class _PeoplePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.table = QTableWidget(0, 3)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(clicked=lambda: self.add_person())
        self.remove_button = QPushButton(clicked=self.remove_person)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_person(self, name: str = "", role: OfficerRole = OfficerRole.COMMUNITY_OFFICER, phone: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, NAME, QTableWidgetItem(name or ""))
        roles = QComboBox()
        for member in OfficerRole:
            roles.addItem(member.zh, member.value)
        roles.setCurrentIndex(roles.findData(OfficerRole(role).value))
        self.table.setCellWidget(row, ROLE, roles)
        self.table.setItem(row, PHONE, QTableWidgetItem(phone))
        self.table.setCurrentCell(row, NAME)

    def remove_person(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())

    def members(self) -> tuple[StationMember, ...]:
        """The table's people; rows left wholly empty are skipped, a phone without a name is refused later."""
        people = []
        for row in range(self.table.rowCount()):
            name, phone = (self.table.item(row, column) for column in (NAME, PHONE))
            name_text, phone_text = (item.text().strip() if item else "" for item in (name, phone))
            if name_text or phone_text:
                role = OfficerRole(self.table.cellWidget(row, ROLE).currentData())
                people.append(StationMember(name_text, role, phone_text))
        return tuple(people)

    def retranslate(self) -> None:
        self.setTitle(self.tr("The station's people"))
        self.setSubTitle(self.tr("Community officers and auxiliaries, who own the grids; more can be added later."))
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Phone")])
        self.add_button.setText(self.tr("Add a person"))
        self.remove_button.setText(self.tr("Remove"))


class _FilePage(QWizardPage):
    def __init__(self, wizard: NewStationWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.path_edit = QLineEdit()
        self.browse_button = QPushButton(clicked=self.browse)
        self.registerField("path*", self.path_edit)
        row = QHBoxLayout()
        row.addWidget(self.path_edit)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addStretch()

    def browse(self) -> None:
        suggested = f"{self._wizard.station_page.station_edit.text().strip() or 'station'}.gpkg"
        path, _ = QFileDialog.getSaveFileName(
            self, self.title(), suggested, PROJECT_FILTER, options=QFileDialog.Option.DontConfirmOverwrite
        )
        if path:
            self.path_edit.setText(path if path.endswith(".gpkg") else path + ".gpkg")

    def validatePage(self) -> bool:
        return self._wizard.create_project()

    def retranslate(self) -> None:
        self.setTitle(self.tr("The project file"))
        self.setSubTitle(
            self.tr("One GeoPackage file holds the whole station; QGIS opens it as it is. An existing file is kept.")
        )
        self.browse_button.setText(self.tr("Choose..."))
