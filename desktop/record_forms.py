"""Forms to log a visit or a dispute for one household, opened from its card, and to add a household.

A form only collects values and builds a :class:`~layers.store.Feature`; the
card writes it through an undoable command, so the form never touches the store
and the same feature can be checked by the store's own rules. Codes are shown as
words (:func:`maps.words.term`) and stored as codes. Required fields are
checked here, before OK, so an officer is told what is missing in the form
rather than by a store error after the dialog has closed.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QEvent, QTime
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shapely.geometry.base import BaseGeometry

from layers.disputes.register import (
    GRADE_GUIDANCE,
    SUGGESTED_LEVEL,
    PartyHouseholdError,
    join_party_ids,
    resolve_party_households,
)
from layers.store import Feature, new_feature
from layers.values import STATION_TIMEZONE
from layers.vocabulary import (
    DisputeKind,
    DisputeStatus,
    Grade,
    LocatedBy,
    MediationLevel,
    VisitOutcome,
    VisitPurpose,
    Vocabulary,
)
from maps.symbology import GRADE_COLOURS
from maps.words import CHINESE, current_language, field_title, term

GRADE_TEXT_COLOURS: dict[Grade, str] = {grade: "#ffffff" for grade in Grade} | {Grade.YELLOW: "#000000"}
"""Text on a grade colour (the map's own, from :mod:`maps.symbology`): black on yellow, where white is unreadable."""

DATETIME_DISPLAY = "yyyy-MM-dd HH:mm"
"""How every date and time is typed and shown: the station's clock, to the minute."""

MEMBERS_LIMIT = 99
"""Upper bound of the household-size box: a register's largest households have a dozen or two."""

LOSS_LIMIT_YUAN = 100_000_000.0
"""Upper bound of the loss-prevented box; larger sums are typing slips, not prevented frauds."""


def grade_icon(grade: Grade, size: int = 12) -> QIcon:
    """A filled square of the grade's colour, shown next to the grade word (colour is never the only cue)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(GRADE_COLOURS[grade]))
    return QIcon(pixmap)


def station_now() -> QDateTime:
    """The current minute on the station's clock, whatever the zone of the machine."""
    now = datetime.now(STATION_TIMEZONE)
    return QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))


def station_datetime(edit: QDateTimeEdit) -> datetime:
    """What the officer typed, read as station time: the store refuses a datetime without a zone."""
    day, clock = edit.date(), edit.time()
    return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=STATION_TIMEZONE)


def datetime_edit() -> QDateTimeEdit:
    edit = QDateTimeEdit(station_now())
    edit.setDisplayFormat(DATETIME_DISPLAY)
    edit.setCalendarPopup(True)
    return edit


def vocabulary_combo(vocabulary: type[Vocabulary], chosen: str | None) -> QComboBox:
    """A combo of ``vocabulary``'s words with the codes as item data; ``chosen=None`` starts empty."""
    combo = QComboBox()
    for member in vocabulary:
        combo.addItem(term(member), member.value)
    combo.setCurrentIndex(-1 if chosen is None else combo.findData(chosen))
    return combo


def reword_combo(combo: QComboBox, vocabulary: type[Vocabulary]) -> None:
    """Show the words of the current language; the codes, and so the choice, stay."""
    for index in range(combo.count()):
        combo.setItemText(index, term(vocabulary(combo.itemData(index))))


def text_or_none(text: str) -> str | None:
    """Optional text fields store ``None`` rather than an empty string, as imports do."""
    text = text.strip()
    return text or None


class RecordForm(QDialog):
    """What both forms share: the household, the OK button and the line saying what is missing."""

    layer = ""

    def __init__(self, household: Feature | None, grid: Feature | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.household = household
        self.grid = grid
        self.form = QFormLayout()
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet("color: #d62728;")
        self.problem_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def add_row(self, name: str, widget: QWidget) -> None:
        """A labelled row for field ``name``; :meth:`retranslate` renames it with the field's title."""
        self.form.addRow(QLabel(), widget)
        widget.setObjectName(name)

    def missing_fields(self) -> list[str]:
        """Names of required fields still empty (each form defines it; Qt's metaclass rules out abc)."""
        raise NotImplementedError(f"{type(self).__name__} must define missing_fields()")

    def feature(self) -> Feature:
        """The record the form describes, not stored yet (each form defines it)."""
        raise NotImplementedError(f"{type(self).__name__} must define feature()")

    def check_required(self) -> None:
        """Enable OK only when every required field has a value, and say which ones lack one."""
        missing = self.missing_fields()
        self.ok_button.setEnabled(not missing)
        separator = "、" if current_language() == CHINESE else ", "
        titles = separator.join(field_title(self.layer, name) for name in missing)
        self.problem_label.setText(self.tr("Required: {fields}").format(fields=titles) if missing else "")
        self.problem_label.setVisible(bool(missing))

    def accept(self) -> None:
        """Refuse while a required field is empty, also when called from code rather than the button."""
        self.check_required()
        if not self.missing_fields():
            super().accept()

    def retranslate(self) -> None:
        for row in range(self.form.rowCount()):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            field = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
            if field.objectName():  # rows of a field; a note under one has no title
                label.setText(field_title(self.layer, field.objectName()))
        self.check_required()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class VisitForm(RecordForm):
    """Log one visit (走访) to the household: when, who, why, what came of it."""

    layer = "visits"

    def __init__(self, household: Feature, grid: Feature | None, parent: QWidget | None = None) -> None:
        super().__init__(household, grid, parent)
        self.visited_at_edit = datetime_edit()
        self.officer_edit = QLineEdit(grid["officer"] if grid is not None else "")
        self.purpose_combo = vocabulary_combo(VisitPurpose, VisitPurpose.ROUTINE.value)
        self.outcome_combo = vocabulary_combo(VisitOutcome, VisitOutcome.MET.value)
        self.app_installed_check = QCheckBox()
        self.camera_installed_check = QCheckBox()
        self.loss_prevented_spin = QDoubleSpinBox()
        self.loss_prevented_spin.setRange(0.0, LOSS_LIMIT_YUAN)
        self.loss_prevented_spin.setDecimals(2)
        self.loss_prevented_spin.setGroupSeparatorShown(True)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(80)
        for name, widget in (
            ("visited_at", self.visited_at_edit),
            ("officer", self.officer_edit),
            ("purpose", self.purpose_combo),
            ("outcome", self.outcome_combo),
            ("app_installed", self.app_installed_check),
            ("camera_installed", self.camera_installed_check),
            ("loss_prevented_yuan", self.loss_prevented_spin),
            ("notes", self.notes_edit),
        ):
            self.add_row(name, widget)
        self.officer_edit.textChanged.connect(self.check_required)
        self.purpose_combo.currentIndexChanged.connect(self.check_required)
        self.outcome_combo.currentIndexChanged.connect(self.check_required)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Log visit to No. {house_no}").format(house_no=self.household["house_no"]))
        reword_combo(self.purpose_combo, VisitPurpose)
        reword_combo(self.outcome_combo, VisitOutcome)
        super().retranslate()

    def missing_fields(self) -> list[str]:
        missing = []
        if not self.officer_edit.text().strip():
            missing.append("officer")
        if self.purpose_combo.currentIndex() < 0:
            missing.append("purpose")
        if self.outcome_combo.currentIndex() < 0:
            missing.append("outcome")
        return missing

    def feature(self) -> Feature:
        return new_feature(
            "visits",
            self.household.geometry,
            household_id=self.household.id,
            visited_at=station_datetime(self.visited_at_edit),
            officer=self.officer_edit.text().strip(),
            purpose=self.purpose_combo.currentData(),
            outcome=self.outcome_combo.currentData(),
            app_installed=self.app_installed_check.isChecked(),
            camera_installed=self.camera_installed_check.isChecked(),
            loss_prevented_yuan=self.loss_prevented_spin.value(),
            notes=text_or_none(self.notes_edit.toPlainText()),
        )


class DisputeForm(RecordForm):
    """Log one dispute (矛盾纠纷) involving the household, graded and placed at a mediation level."""

    layer = "disputes"

    def __init__(
        self,
        household: Feature,
        grid: Feature | None,
        parent: QWidget | None = None,
        households: pd.DataFrame | None = None,
    ) -> None:
        """``households`` (``id``, ``house_no``, ``grid_id``) are where the other parties' house numbers are found."""
        super().__init__(household, grid, parent)
        self.households = households if households is not None else pd.DataFrame(columns=["id", "house_no", "grid_id"])
        self.reported_at_edit = datetime_edit()
        # Grade and kind start empty: the schema gives them no default, and a
        # pre-selected "green" would be logged by whoever clicks OK too fast.
        self.grade_combo = vocabulary_combo(Grade, None)
        for index in range(self.grade_combo.count()):
            self.grade_combo.setItemIcon(index, grade_icon(Grade(self.grade_combo.itemData(index))))
        self.kind_combo = vocabulary_combo(DisputeKind, None)
        self.level_combo = vocabulary_combo(MediationLevel, MediationLevel.VILLAGE.value)
        self.status_combo = vocabulary_combo(DisputeStatus, DisputeStatus.OPEN.value)
        self.parties_edit = QLineEdit()
        self.party_households_edit = QLineEdit()
        self.grade_guidance = QLabel()
        self.grade_guidance.setWordWrap(True)
        self.grade_guidance.setStyleSheet("color: #555555;")
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setFixedHeight(80)
        self.mediator_edit = QLineEdit()
        for name, widget in (
            ("reported_at", self.reported_at_edit),
            ("grade", self.grade_combo),
            ("kind", self.kind_combo),
            ("level", self.level_combo),
            ("status", self.status_combo),
            ("parties", self.parties_edit),
            ("party_households", self.party_households_edit),
            ("summary", self.summary_edit),
            ("mediator", self.mediator_edit),
        ):
            self.add_row(name, widget)
        self.form.insertRow(2, QLabel(), self.grade_guidance)  # under the grade it explains
        for combo in (self.grade_combo, self.kind_combo, self.level_combo, self.status_combo):
            combo.currentIndexChanged.connect(self.check_required)
        self.grade_combo.currentIndexChanged.connect(self._grade_chosen)
        self.retranslate()

    def _grade_chosen(self) -> None:
        """Explain the colour and suggest the level that usually takes it; the officer may still change it."""
        code = self.grade_combo.currentData()
        if code is None:
            return
        grade = Grade(code)
        self.grade_guidance.setText(QCoreApplication.translate("GradeGuidance", GRADE_GUIDANCE[grade]))
        self.level_combo.setCurrentIndex(self.level_combo.findData(SUGGESTED_LEVEL[grade].value))

    def party_household_ids(self) -> tuple[str, ...]:
        """The other parties' households the officer named by house number (:class:`PartyHouseholdError` if unknown)."""
        return resolve_party_households(self.party_households_edit.text(), self.households, self.household["grid_id"],
                                        self.household.id)  # fmt: skip

    def accept(self) -> None:
        """Refuse, saying which, while a house number named as a party is unknown or ambiguous."""
        try:
            self.party_household_ids()
        except PartyHouseholdError as error:
            self.problem_label.setText(error.translated(QCoreApplication.translate))
            self.problem_label.setVisible(True)
            return
        super().accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Log dispute at No. {house_no}").format(house_no=self.household["house_no"]))
        self.grade_combo.setPlaceholderText(self.tr("Choose a grade"))
        self.kind_combo.setPlaceholderText(self.tr("Choose a kind"))
        self.party_households_edit.setPlaceholderText(self.tr("house numbers, e.g. 12、15"))
        self._grade_chosen()
        reword_combo(self.grade_combo, Grade)
        reword_combo(self.kind_combo, DisputeKind)
        reword_combo(self.level_combo, MediationLevel)
        reword_combo(self.status_combo, DisputeStatus)
        super().retranslate()

    def missing_fields(self) -> list[str]:
        combos = (
            ("grade", self.grade_combo),
            ("kind", self.kind_combo),
            ("level", self.level_combo),
            ("status", self.status_combo),
        )
        return [name for name, combo in combos if combo.currentIndex() < 0]

    def feature(self) -> Feature:
        return new_feature(
            "disputes",
            self.household.geometry,
            household_id=self.household.id,
            grid_id=self.household["grid_id"],
            reported_at=station_datetime(self.reported_at_edit),
            grade=self.grade_combo.currentData(),
            kind=self.kind_combo.currentData(),
            level=self.level_combo.currentData(),
            status=self.status_combo.currentData(),
            parties=text_or_none(self.parties_edit.text()),
            party_households=join_party_ids(self.party_household_ids()),
            summary=text_or_none(self.summary_edit.toPlainText()),
            mediator=text_or_none(self.mediator_edit.text()),
        )


class HouseholdForm(RecordForm):
    """Register a household (户) found in the field at a known position: who heads it, its house number, its grid.

    The position is given, not typed: it comes from where the officer marked the
    house (a pen mark on a printed sheet), and ``located_by`` says so, so the map
    tells later readers how far to trust it.
    """

    layer = "households"

    def __init__(
        self,
        position: BaseGeometry,
        grids: pd.DataFrame,
        grid_id: str | None,
        located_by: LocatedBy,
        parent: QWidget | None = None,
    ) -> None:
        """``grids`` (``id``, ``code``) are offered, ``grid_id`` chosen; ``position`` is lon/lat."""
        super().__init__(None, None, parent)
        self.position = position
        self.located_by = located_by
        self.house_no_edit = QLineEdit()
        self.head_name_edit = QLineEdit()
        self.members_spin = QSpinBox()
        self.members_spin.setRange(1, MEMBERS_LIMIT)
        self.phone_edit = QLineEdit()
        self.grid_combo = QComboBox()
        for record_id, code in sorted(zip(grids["id"], grids["code"]), key=lambda grid: str(grid[1])):
            self.grid_combo.addItem(str(code), record_id)
        self.grid_combo.setCurrentIndex(self.grid_combo.findData(grid_id) if grid_id is not None else -1)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(60)
        for name, widget in (
            ("house_no", self.house_no_edit),
            ("head_name", self.head_name_edit),
            ("members", self.members_spin),
            ("phone", self.phone_edit),
            ("grid_id", self.grid_combo),
            ("notes", self.notes_edit),
        ):
            self.add_row(name, widget)
        self.house_no_edit.textChanged.connect(self.check_required)
        self.head_name_edit.textChanged.connect(self.check_required)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New household"))
        self.grid_combo.setPlaceholderText(self.tr("Outside every grid"))
        super().retranslate()

    def missing_fields(self) -> list[str]:
        edits = (("house_no", self.house_no_edit), ("head_name", self.head_name_edit))
        return [name for name, edit in edits if not edit.text().strip()]

    def feature(self) -> Feature:
        return new_feature(
            "households",
            self.position,
            house_no=self.house_no_edit.text().strip(),
            head_name=self.head_name_edit.text().strip(),
            members=self.members_spin.value(),
            phone=text_or_none(self.phone_edit.text()),
            grid_id=self.grid_combo.currentData(),
            located_by=self.located_by.value,
            notes=text_or_none(self.notes_edit.toPlainText()),
        )
