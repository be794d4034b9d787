"""The forms of Station → Officers and grids: one person, one grid, checked before anything is saved.

A form checks what the store cannot say in the user's words: the required
fields of :data:`layers.schema.OFFICERS` and :data:`layers.schema.GRIDS`, a
grid code or a person's name given twice (grids name their people by name),
and a phone that is neither a mobile nor a landline, read as the register
import reads it. A refusal names the table row and the field and leaves the
form open; what passes goes to ``save``, whose own refusal (the store's) leaves
it open too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop.edit_commands import ReportError
from layers.imports.validation import standard_phones
from layers.schema import GRIDS
from layers.station_setup import VILLAGES_SETTING
from layers.store import Feature
from layers.vocabulary import OfficerRole
from maps.words import term

Save = Callable[[dict[str, Any]], bool]
"""Saves a form's values as one undoable edit; False when the store refused (it has said why)."""

LONGEST_CYCLE_DAYS = 366
MOST_VISITS_PER_MONTH = 100_000


def standard_phone(text: str) -> tuple[str | None, bool]:
    """``text`` as the store keeps a phone (``None`` for none) and whether it is one at all."""
    stored, bad = standard_phones(pd.Series([text.strip() or None], dtype=object))
    return stored.iloc[0], not bad[0]


def station_villages(settings: Mapping[str, str]) -> list[str]:
    """The villages the station listed when it started its project."""
    try:
        villages = json.loads(settings.get(VILLAGES_SETTING) or "[]")
    except ValueError:
        return []
    return [str(village) for village in villages] if isinstance(villages, list) else []


class _RecordForm(QDialog):
    """A form of labelled fields with OK and Cancel; OK checks, then saves, and closes only when saved.

    The officer and grid forms define the hooks below (Qt's metaclass rules out
    ``abc.ABC`` here, so the base raises instead, as ``RecordCommand`` does).
    """

    def __init__(self, row: int | None, save: Save, report_error: ReportError, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.row, self.save, self.report_error = row, save, report_error
        self.form = QFormLayout(self)
        self.labels: dict[str, QLabel] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def add_field(self, name: str, widget: QWidget) -> None:
        self.labels[name] = QLabel()
        self.labels[name].setBuddy(widget)
        self.form.addRow(self.labels[name], widget)

    def finish_layout(self) -> None:
        self.form.addRow(self.buttons)
        self.retranslate()

    def values(self) -> dict[str, Any]:
        """The record's fields as entered."""
        raise NotImplementedError(f"{type(self).__name__} must define values()")

    def problem(self) -> str:
        """What stops the values being saved, naming the row and field; empty when nothing does."""
        raise NotImplementedError(f"{type(self).__name__} must define problem()")

    def where(self, field: str) -> str:
        """ "Row 3, Phone" for a record in the table's row 3, "New record, Phone" for one not saved yet."""
        label = self.labels[field].text().replace("&", "")
        if self.row is None:
            return self.tr("{record}, {field}").format(record=self.new_record_text(), field=label)
        return self.tr("{table}, row {row}, {field}").format(table=self.table_text(), row=self.row, field=label)

    def new_record_text(self) -> str:
        """How a record not saved yet is named in a message ("New officer")."""
        raise NotImplementedError(f"{type(self).__name__} must define new_record_text()")

    def table_text(self) -> str:
        """How the table a saved record sits in is named in a message ("Officers")."""
        raise NotImplementedError(f"{type(self).__name__} must define table_text()")

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.report_error(problem)
            return
        if self.save(self.values()):
            super().accept()

    def retranslate(self) -> None:
        raise NotImplementedError(f"{type(self).__name__} must define retranslate()")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class OfficerForm(_RecordForm):
    """One of the station's people: name, role, phone."""

    def __init__(
        self,
        officers: pd.DataFrame,
        before: Feature | None,
        row: int | None,
        save: Save,
        report_error: ReportError,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(row, save, report_error, parent)
        self.officers, self.before = officers.reset_index(drop=True), before
        self.name_edit = QLineEdit(before["name"] if before else "")
        self.role_box = QComboBox()
        for role in OfficerRole:
            self.role_box.addItem(term(role), role.value)
        self.role_box.setCurrentIndex(max(self.role_box.findData(before["role"] if before else "community_officer"), 0))
        self.phone_edit = QLineEdit((before["phone"] or "") if before else "")
        self.add_field("name", self.name_edit)
        self.add_field("role", self.role_box)
        self.add_field("phone", self.phone_edit)
        self.setMinimumWidth(380)
        self.finish_layout()

    def values(self) -> dict[str, Any]:
        phone, _ = standard_phone(self.phone_edit.text())
        return {"name": self.name_edit.text().strip(), "role": self.role_box.currentData(), "phone": phone}

    def problem(self) -> str:
        name = self.name_edit.text().strip()
        if not name:
            return self.tr("{where}: a name is required.").format(where=self.where("name"))
        others = self.officers if self.before is None else self.officers[self.officers["id"] != self.before.id]
        same = others.index[others["name"] == name]
        if len(same):
            return self.tr(
                "{where}: {name} is already listed in row {other}. Grids name their people by name, "
                "so each person is listed once."
            ).format(where=self.where("name"), name=name, other=int(same[0]) + 1)
        _, is_phone = standard_phone(self.phone_edit.text())
        if not is_phone:
            return self.tr(
                "{where}: “{phone}” is neither a mobile number (11 digits, 1…) nor a landline with its area code "
                "(0953-…)."
            ).format(where=self.where("phone"), phone=self.phone_edit.text().strip())
        return ""

    def new_record_text(self) -> str:
        return self.tr("New officer")

    def table_text(self) -> str:
        return self.tr("Officers")

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New officer") if self.before is None else self.tr("Edit officer"))
        self.labels["name"].setText(self.tr("&Name"))
        self.labels["role"].setText(self.tr("&Role"))
        self.labels["phone"].setText(self.tr("&Phone"))
        self.phone_edit.setPlaceholderText(self.tr("e.g. 13895012345 or 0953-8012345"))


class GridForm(_RecordForm):
    """One grid: code, name, village, its officer and auxiliary, its visit cycle and monthly target."""

    def __init__(
        self,
        grids: pd.DataFrame,
        officers: pd.DataFrame,
        villages: list[str],
        before: Feature | None,
        row: int | None,
        save: Save,
        report_error: ReportError,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(row, save, report_error, parent)
        self.grids, self.before = grids.reset_index(drop=True), before
        value = (lambda name: before[name]) if before else (lambda name: GRIDS.field(name).default)
        self.code_edit = QLineEdit(value("code") or "")
        self.name_edit = QLineEdit(value("name") or "")
        self.village_box = QComboBox(editable=True)
        self.village_box.addItems(villages)
        self.village_box.setCurrentText(value("village") or "")
        self.officer_box = self._people_box(officers, OfficerRole.COMMUNITY_OFFICER, value("officer"))
        self.auxiliary_box = self._people_box(officers, OfficerRole.AUXILIARY, value("auxiliary"))
        self.cycle_box = QSpinBox()
        self.cycle_box.setRange(1, LONGEST_CYCLE_DAYS)
        self.cycle_box.setValue(int(value("visit_cycle_days") or 30))
        self.target_box = QSpinBox()
        self.target_box.setRange(0, MOST_VISITS_PER_MONTH)
        self.target_box.setValue(int(value("monthly_visit_target") or 0))
        fields = {
            "code": self.code_edit,
            "name": self.name_edit,
            "village": self.village_box,
            "officer": self.officer_box,
            "auxiliary": self.auxiliary_box,
            "visit_cycle_days": self.cycle_box,
            "monthly_visit_target": self.target_box,
        }
        for name, widget in fields.items():
            self.add_field(name, widget)
        self.setMinimumWidth(420)
        self.finish_layout()

    @staticmethod
    def _people_box(officers: pd.DataFrame, role: OfficerRole, current: str | None) -> QComboBox:
        """The station's people of ``role``, by name; a name the grid holds that no one has is kept, not lost."""
        box = QComboBox()
        box.addItem("", None)
        names = sorted(officers.loc[officers["role"] == role.value, "name"])
        if current and current not in names:
            names.append(current)
        for name in names:
            box.addItem(name, name)
        box.setCurrentIndex(max(box.findData(current), 0) if current else 0)
        return box

    def values(self) -> dict[str, Any]:
        target = self.target_box.value()
        return {
            "code": self.code_edit.text().strip(),
            "name": self.name_edit.text().strip(),
            "village": self.village_box.currentText().strip() or None,
            "officer": self.officer_box.currentData(),
            "auxiliary": self.auxiliary_box.currentData(),
            "visit_cycle_days": self.cycle_box.value(),
            "monthly_visit_target": target or None,
        }

    def problem(self) -> str:
        values = self.values()
        for field in ("code", "name"):
            if not values[field]:
                return self.tr("{where}: a value is required.").format(where=self.where(field))
        others = self.grids if self.before is None else self.grids[self.grids["id"] != self.before.id]
        same = others.index[others["code"].str.casefold() == values["code"].casefold()]
        if len(same):
            other = others.loc[same[0]]
            return self.tr(
                "{where}: {code} is already the code of row {row} ({name}); each grid needs its own code."
            ).format(where=self.where("code"), code=values["code"], row=int(same[0]) + 1, name=other["name"])
        if not values["officer"]:
            return self.tr(
                "{where}: every grid has a named community officer. Add them under Officers first if they are "
                "not listed."
            ).format(where=self.where("officer"))
        return ""

    def new_record_text(self) -> str:
        return self.tr("New grid")

    def table_text(self) -> str:
        return self.tr("Grids")

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New grid") if self.before is None else self.tr("Edit grid"))
        texts = {
            "code": self.tr("&Code"),
            "name": self.tr("&Name"),
            "village": self.tr("&Village"),
            "officer": self.tr("Community &officer"),
            "auxiliary": self.tr("&Auxiliary"),
            "visit_cycle_days": self.tr("&Visit every"),
            "monthly_visit_target": self.tr("Monthly visit &target"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
        self.code_edit.setPlaceholderText(self.tr("e.g. YH-03"))
        self.name_edit.setPlaceholderText(self.tr("e.g. 犁铧嘴村一组"))
        self.auxiliary_box.setItemText(0, self.tr("(none)"))
        self.officer_box.setItemText(0, self.tr("(choose)"))
        self.cycle_box.setSuffix(self.tr(" days"))
        self.target_box.setSuffix(self.tr(" households"))
        self.target_box.setSpecialValueText(self.tr("no target"))
