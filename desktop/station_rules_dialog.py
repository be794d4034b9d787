"""The station's own rules: how often each kind of key person is visited, how soon a settled dispute is
followed up, and how long an officer's day of visits is.

These are the station's to set (the defaults are suggestions), and every
report, list and route judges by them, so they live in the project, not on one
PC: every officer of the station works to the same rules. Saving writes both
settings as one undoable step, announced to every view like an edit of
records (:data:`layers.store.SETTINGS`); the values are checked by the policies themselves
(:class:`layers.assessment.key_persons.KeyPersonCycles`, :class:`layers.disputes.workflow.FollowupPolicy`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from desktop.edit_commands import ChangeSettings, ReportError, push_edit
from layers.disputes.workflow import FollowupPolicy
from layers.errors import WanggeError
from layers.routing.plan import LONGEST_DAY_H, WORKING_DAY_SETTING, working_day_or_default
from layers.store import ProjectStore
from layers.visit_cycles import FEWEST_DAYS, MOST_DAYS, DaysPerCode, KeyPersonCycles
from maps.words import term


class StationRulesDialog(QDialog):
    """Days per key-person tag and per dispute grade, saved into the project."""

    def __init__(
        self, store: ProjectStore, undo_stack: QUndoStack, report_error: ReportError, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.report_error = report_error
        settings = store.settings()
        self.policies: dict[type[DaysPerCode], DaysPerCode] = {
            KeyPersonCycles: KeyPersonCycles.from_settings(settings),
            FollowupPolicy: FollowupPolicy.from_settings(settings),
        }
        self.boxes: dict[type[DaysPerCode], dict[str, QSpinBox]] = {}
        self.groups: dict[type[DaysPerCode], QGroupBox] = {}
        columns = QHBoxLayout()
        for policy_type, policy in self.policies.items():
            group = QGroupBox()
            form = QFormLayout(group)
            boxes = {}
            for member in policy_type.vocabulary:
                box = QSpinBox()
                box.setRange(FEWEST_DAYS, MOST_DAYS)
                box.setValue(policy.days(member.value))
                form.addRow(term(member), box)
                boxes[member.value] = box
            self.boxes[policy_type] = boxes
            self.groups[policy_type] = group
            columns.addWidget(group)
        self.day_group = QGroupBox()
        self.working_day_box = QDoubleSpinBox()
        self.working_day_box.setRange(0.25, LONGEST_DAY_H)
        self.working_day_box.setSingleStep(0.5)
        self.working_day_box.setValue(working_day_or_default(settings))
        self.day_label = QLabel()
        day_form = QFormLayout(self.day_group)
        day_form.addRow(self.day_label, self.working_day_box)
        columns.addWidget(self.day_group)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(columns)
        layout.addRow(buttons)
        self.retranslate()

    def save(self) -> bool:
        """Write both policies into the project as one undoable step; a refused value is explained, nothing written."""
        try:
            chosen = [policy_type(**{code: box.value() for code, box in boxes.items()})
                      for policy_type, boxes in self.boxes.items()]  # fmt: skip
        except WanggeError as error:  # a value the policy refuses
            QMessageBox.warning(self, self.tr("Not saved"), error.translated(QCoreApplication.translate))
            return False
        earlier = dict(policy.to_setting() for policy in self.policies.values())
        earlier[WORKING_DAY_SETTING] = f"{working_day_or_default(self.store.settings()):g}"
        chosen_settings = dict(policy.to_setting() for policy in chosen)
        chosen_settings[WORKING_DAY_SETTING] = f"{self.working_day_box.value():g}"
        command = ChangeSettings(
            self.store, chosen_settings, earlier, self.tr("Change the station rules"), self.report_error
        )
        if not push_edit(self.undo_stack, command):  # a read-only project, say: explained, nothing written
            return False
        self.accept()
        return True

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Station rules"))
        self.day_group.setTitle(self.tr("Patrol routes"))
        self.day_label.setText(self.tr("A day of visits, travel included"))
        self.working_day_box.setSuffix(self.tr(" h"))
        self.groups[KeyPersonCycles].setTitle(self.tr("Visit key persons every ... days"))
        self.groups[FollowupPolicy].setTitle(self.tr("Follow up a settled dispute within ... days"))
        for boxes in self.boxes.values():
            for box in boxes.values():
                box.setSuffix(self.tr(" days"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
