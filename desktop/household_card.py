"""The household card (户卡) that opens when the chief identifies a household on the map.

It answers the questions of a review at a glance: who lives there, whether
they need more attention (key-person tags), whether the anti-fraud app and a
camera are in, when someone last came by, and which disputes are open and how
far their mediation has got. Visits and disputes are logged from here through
the undo stack. Names and phones are shown unmasked: the card never leaves the
app (PIPL masking applies to exports).

Given the window's store events, the card listens to them itself and reads
its household again only when an edit concerns what it shows
(:meth:`layers.household_records.HouseholdRecords.concerns`), so a station
with many cards open does not read every change once per card.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pandas as pd
from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.edit_commands import EditGroup, InsertRecord, RecordCommand, ReportError, UpdateRecord, push_edit
from desktop.record_forms import GRADE_TEXT_COLOURS, DisputeForm, RecordForm, VisitForm
from desktop.store_events import StoreEvents
from layers.disputes.register import party_ids
from layers.disputes.states import OPEN_STATUSES
from layers.disputes.workflow import DisputeAction, FollowupPolicy, allowed_actions, followup_visit, transition
from layers.errors import RecordNotFoundError, WanggeError
from layers.household_records import HouseholdRecords, household_records
from layers.store import Change, Feature, ProjectStore
from layers.values import STATION_TIMEZONE
from layers.vocabulary import (
    DisputeKind,
    DisputeStatus,
    Grade,
    KeyPersonTag,
    MediationLevel,
    VisitOutcome,
    VisitPurpose,
    split_tags,
)
from maps.symbology import GRADE_COLOURS
from maps.words import field_title, term

VISITS_SHOWN = 10
"""The last visits listed; older ones are counted, the attribute table has them all."""

VISIT_COLUMNS = ("visited_at", "officer", "purpose", "outcome", "app_installed", "camera_installed", "notes")

KEY_PERSON_COLOURS: dict[KeyPersonTag, str] = {
    KeyPersonTag.ELDERLY_ALONE: "#6a4c93",
    KeyPersonTag.LEFT_BEHIND_CHILD: "#1982c4",
    KeyPersonTag.DISABLED: "#8a5a44",
    KeyPersonTag.MENTAL_ILLNESS: "#b5179e",
    KeyPersonTag.COMMUNITY_CORRECTION: "#3d405b",
    KeyPersonTag.HARDSHIP: "#52796f",
}
"""Chip colours, kept clear of the four grade colours so a tag never reads as a dispute grade."""

YES_COLOUR, NO_COLOUR = "#2e7d32", "#c62828"
NO_VALUE = "—"


def station_time(moment: datetime | pd.Timestamp | None) -> str:
    """``YYYY-MM-DD HH:MM`` on the station's clock; the store keeps UTC."""
    if moment is None or pd.isna(moment):
        return NO_VALUE
    return moment.astimezone(STATION_TIMEZONE).strftime("%Y-%m-%d %H:%M")


def calendar_day(day: date | None) -> str:
    return NO_VALUE if day is None or pd.isna(day) else day.isoformat()


def present(value: Any) -> bool:
    """Whether a frame cell holds a value (pandas gives NA, NaN or None for a missing one)."""
    return value is not None and not pd.isna(value)


def checked(value: Any) -> bool:
    """A nullable boolean cell: missing counts as no."""
    return present(value) and bool(value)


def shown(value: Any) -> Any:
    """A value as the card shows it: a dash for a missing or empty one, never "None" or "nan"."""
    return value if present(value) and value != "" else NO_VALUE


def chip(text: str, background: str, foreground: str = "#ffffff") -> QLabel:
    """A small rounded label: key-person tags and dispute grades."""
    label = QLabel(text)
    label.setStyleSheet(
        f"QLabel {{ background: {background}; color: {foreground}; border-radius: 8px; padding: 1px 8px; }}"
    )
    return label


def clear_layout(layout: QHBoxLayout | QVBoxLayout) -> None:
    while layout.count():
        widget = layout.takeAt(0).widget()
        if widget is not None:
            widget.deleteLater()


class DisputePanel(QFrame):
    """One dispute: its grade as colour *and* word, where its mediation stands, and the steps it allows next.

    Only the steps of the 346 mechanism the dispute's status allows get a
    button (:func:`layers.disputes.workflow.allowed_actions`), so a wrong step is
    never offered; a click emits :attr:`actionChosen`.
    """

    actionChosen = Signal(str, str)  # dispute id, DisputeAction code

    def __init__(self, dispute: pd.Series, house_numbers: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.house_numbers = house_numbers
        grade = Grade(dispute["grade"])
        is_open = dispute["status"] in OPEN_STATUSES
        self.setObjectName("dispute")
        self.setStyleSheet(
            f"QFrame#dispute {{ border: 1px solid #c8c8c8; border-left: 6px solid {GRADE_COLOURS[grade]}; "
            f"background: {'#fffaf0' if is_open else 'transparent'}; }}"
        )
        self.grade_chip = chip(term(grade), GRADE_COLOURS[grade], GRADE_TEXT_COLOURS[grade])
        status, kind, level = (
            DisputeStatus(dispute["status"]),
            DisputeKind(dispute["kind"]),
            MediationLevel(dispute["level"]),
        )
        self.title_label = QLabel(" · ".join(term(member) for member in (status, kind, level)))
        self.title_label.setStyleSheet("font-weight: bold;")
        header = QHBoxLayout()
        header.addWidget(self.grade_chip)
        header.addWidget(self.title_label, 1)
        self.details_label = QLabel(self._details(dispute))
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_buttons: dict[str, QPushButton] = {}
        steps = QHBoxLayout()
        for action in allowed_actions(dispute):
            button = QPushButton(term(action))
            button.clicked.connect(lambda _=False, code=action.value: self.actionChosen.emit(dispute["id"], code))
            steps.addWidget(button)
            self.action_buttons[action.value] = button
        steps.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.details_label)
        layout.addLayout(steps)

    def _labelled(self, name: str, value: str) -> str:
        return self.tr("{title}: {value}").format(title=field_title("disputes", name), value=value)

    def _details(self, dispute: pd.Series) -> str:
        facts = [
            ("reported_at", station_time(dispute["reported_at"])),
            ("mediator", shown(dispute["mediator"])),
            ("agreement_signed", self.tr("✓ yes") if checked(dispute["agreement_signed"]) else self.tr("✗ no")),
            ("resolved_at", station_time(dispute["resolved_at"])),
            ("followup_due", calendar_day(dispute["followup_due"])),
            ("followed_up_at", station_time(dispute["followed_up_at"])),
        ]
        lines = [
            "    ".join(self._labelled(name, value) for name, value in facts[start : start + 3]) for start in (0, 3)
        ]
        lines += [self._labelled(name, dispute[name]) for name in ("parties", "summary") if present(dispute[name])]
        sides = [dispute["household_id"], *party_ids(dispute["party_households"])]
        if len(sides) > 1:
            numbers = "、".join(self.tr("No. {house_no}").format(house_no=self.house_numbers.get(side, "?"))
                               for side in sides if side)  # fmt: skip
            lines.append(self.tr("Households of the parties: {numbers}").format(numbers=numbers))
        return "\n".join(lines)


class HouseholdCard(QDialog):
    """The card of one household, non-modal so several can stay open beside the map."""

    def __init__(
        self,
        store: ProjectStore,
        undo_stack: QUndoStack,
        report_error: ReportError,
        household_id: str,
        parent: QWidget | None = None,
        store_events: StoreEvents | None = None,
    ) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.resize(720, 760)
        self.store = store
        self.undo_stack = undo_stack
        self.report_error = report_error
        self.household_id = household_id
        self.records: HouseholdRecords | None = None
        self._build()
        self.refresh()
        if store_events is not None:
            store_events.changed.connect(self._on_store_changed)

    # -- layout ------------------------------------------------------------
    def _build(self) -> None:
        self.header_label = QLabel()
        header_font = QFont(self.font())
        header_font.setPointSizeF(header_font.pointSizeF() * 1.6)
        header_font.setBold(True)
        self.header_label.setFont(header_font)
        self.grid_label, self.members_label = QLabel(), QLabel()
        self.address_label, self.phone_label = QLabel(), QLabel()
        self.key_person_title = QLabel()
        self.key_person_row = QHBoxLayout()
        self.app_label, self.camera_label = QLabel(), QLabel()
        self.visits_title = QLabel()
        self.visits_table = QTableWidget(0, len(VISIT_COLUMNS))
        self.visits_table.verticalHeader().hide()
        self.visits_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.visits_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.visits_table.horizontalHeader().setStretchLastSection(True)
        self.visits_table.setMinimumHeight(160)
        self.disputes_title = QLabel()
        self.disputes_list = QVBoxLayout()
        self.key_person_title.setStyleSheet("font-weight: bold;")
        for title in (self.visits_title, self.disputes_title):
            title.setStyleSheet("font-weight: bold; margin-top: 8px;")

        content = QWidget()
        column = QVBoxLayout(content)
        for label in (self.grid_label, self.members_label, self.address_label, self.phone_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            column.addWidget(label)
        tags = QHBoxLayout()
        tags.addWidget(self.key_person_title)
        tags.addLayout(self.key_person_row)
        tags.addStretch(1)
        column.addLayout(tags)
        for widget in (self.app_label, self.camera_label, self.visits_title, self.visits_table, self.disputes_title):
            column.addWidget(widget)
        column.addLayout(self.disputes_list)
        column.addStretch(1)
        self.content_scroll = QScrollArea()
        self.content_scroll.setWidgetResizable(True)
        self.content_scroll.setWidget(content)

        self.log_visit_button, self.log_dispute_button, self.close_button = QPushButton(), QPushButton(), QPushButton()
        buttons = QHBoxLayout()
        for button, slot in ((self.log_visit_button, self.log_visit), (self.log_dispute_button, self.log_dispute)):
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header_label)  # above the scrolling part: the card always says whose it is
        layout.addWidget(self.content_scroll)
        layout.addLayout(buttons)

    # -- reading and showing ---------------------------------------------------
    def refresh(self) -> None:
        """Read the household and its records again and show them (after any change in the store)."""
        try:
            self.records = household_records(self.store, self.household_id)
        except RecordNotFoundError:
            # Deleted by an undo, another window or another officer: say so rather than show stale data.
            self.records = None
        self.retranslate()

    def _on_store_changed(self, change: Change) -> None:
        if not self.isVisible():
            return
        new_records_may_be_ours = change.inserted and change.layer in ("households", "visits", "disputes")
        if (
            self.records is None
            or new_records_may_be_ours
            or self.records.concerns(change.layer, change.updated + change.deleted)
        ):
            self.refresh()

    def retranslate(self) -> None:
        """Set every text in the current language; the records themselves are not read again."""
        self.log_visit_button.setText(self.tr("Log &visit…"))  # Alt+V: click a house on the map, Alt+V, type, Enter
        self.log_dispute_button.setText(self.tr("Log &dispute…"))
        self.close_button.setText(self.tr("Close"))
        self.key_person_title.setText(field_title("households", "key_person"))
        self.visits_table.setHorizontalHeaderLabels([field_title("visits", name) for name in VISIT_COLUMNS])
        for widget in (self.log_visit_button, self.log_dispute_button):
            widget.setEnabled(self.records is not None)
        if self.records is None:
            self.setWindowTitle(self.tr("Household"))
            self.header_label.setText(self.tr("This household is no longer in the project."))
            self.content_scroll.hide()
            return
        self.content_scroll.show()
        household = self.records.household
        self.setWindowTitle(
            self.tr("Household No. {house_no} — {head_name}").format(
                house_no=household["house_no"], head_name=household["head_name"]
            )
        )
        self._show_household(household, self.records.grid)
        self._show_visits(self.records.visits)
        self._show_disputes(self.records.disputes)

    def _labelled(self, name: str, value: Any) -> str:
        return self.tr("{title}: {value}").format(title=field_title("households", name), value=shown(value))

    def _show_household(self, household: Feature, grid: Feature | None) -> None:
        self.header_label.setText(
            self.tr("No. {house_no}   {head_name}").format(
                house_no=household["house_no"], head_name=household["head_name"]
            )
        )
        if grid is None:
            self.grid_label.setText(self.tr("Not in any grid"))
        else:
            self.grid_label.setText(
                self.tr("Grid {code} {name} · officer {officer} · visit every {days} days").format(
                    code=grid["code"], name=grid["name"], officer=grid["officer"], days=grid["visit_cycle_days"]
                )
            )
        self.members_label.setText(self._labelled("members", household["members"]))
        self.address_label.setText(self._labelled("address", self._address(household)))
        self.phone_label.setText(self._labelled("phone", household["phone"]))
        clear_layout(self.key_person_row)
        tags = split_tags(household["key_person"])
        self.key_person_chips = [chip(term(tag), KEY_PERSON_COLOURS[tag]) for tag in tags] or [QLabel(self.tr("none"))]
        for tag_chip in self.key_person_chips:
            self.key_person_row.addWidget(tag_chip)
        self._show_status(
            self.app_label,
            household["anti_fraud_app"],
            self.tr("National anti-fraud app (国家反诈中心APP) installed"),
            self.tr("National anti-fraud app (国家反诈中心APP) not installed"),
        )
        self._show_status(
            self.camera_label,
            household["camera"],
            self.tr("Civil surveillance camera (民防监控) installed"),
            self.tr("No civil surveillance camera (民防监控)"),
        )

    @staticmethod
    def _address(household: Feature) -> str | None:
        """The one-line address, or the standard-address parts when only those were recorded."""
        if household["address"]:
            return household["address"]
        parts = ("addr_township", "addr_village", "addr_road", "addr_door_no", "addr_building", "addr_unit")
        return "".join(household[name] for name in parts if household[name]) or None

    @staticmethod
    def _show_status(label: QLabel, installed: bool, yes_text: str, no_text: str) -> None:
        """✓ or ✗ with words and a colour, so neither the mark nor the colour alone carries the meaning."""
        label.setText(f"✓ {yes_text}" if installed else f"✗ {no_text}")
        label.setStyleSheet(f"color: {YES_COLOUR if installed else NO_COLOUR};")

    def _show_visits(self, visits: pd.DataFrame) -> None:
        total, shown_count = len(visits), min(len(visits), VISITS_SHOWN)
        last_visits = self.tr("Last visits: {shown} of {total}").format(shown=shown_count, total=total)
        self.visits_title.setText(last_visits if total else self.tr("Visits: none yet"))
        shown = visits.head(VISITS_SHOWN)
        self.visits_table.setRowCount(len(shown))
        for row, visit in enumerate(shown.itertuples(index=False)):
            cells = (
                station_time(visit.visited_at),
                visit.officer,
                term(VisitPurpose(visit.purpose)),
                term(VisitOutcome(visit.outcome)),
                "✓" if checked(visit.app_installed) else "",
                "✓" if checked(visit.camera_installed) else "",
                visit.notes if present(visit.notes) else "",
            )
            for column, text in enumerate(cells):
                self.visits_table.setItem(row, column, QTableWidgetItem(text))

    def _show_disputes(self, disputes: pd.DataFrame) -> None:
        open_count = int(disputes["status"].isin(OPEN_STATUSES).sum())
        counts = self.tr("Disputes: {open} open, {total} in all").format(open=open_count, total=len(disputes))
        self.disputes_title.setText(counts if len(disputes) else self.tr("Disputes: none"))
        clear_layout(self.disputes_list)
        self.dispute_panels = [DisputePanel(dispute, self.records.house_numbers) for _, dispute in disputes.iterrows()]
        for panel in self.dispute_panels:
            panel.actionChosen.connect(self.ask_and_act)
            self.disputes_list.addWidget(panel)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- logging -------------------------------------------------------------
    def log_visit(self) -> VisitForm:
        """Open the visit form; its OK writes the visit through the undo stack."""
        form = VisitForm(self.records.household, self.records.grid, self)
        house_no = self.records.household["house_no"]
        self._open_form(form, lambda: self.tr("Log visit to No. {house_no}").format(house_no=house_no))
        return form

    def log_dispute(self) -> DisputeForm:
        """Open the dispute form; its OK writes the dispute through the undo stack."""
        households = self.store.read("households", columns=["id", "house_no", "grid_id"])
        form = DisputeForm(self.records.household, self.records.grid, self, households)
        house_no = self.records.household["house_no"]
        self._open_form(form, lambda: self.tr("Log dispute at No. {house_no}").format(house_no=house_no))
        return form

    def _open_form(self, form: RecordForm, edit_text: Callable[[], str]) -> None:
        # open(), not exec(): no nested event loop, so the map stays live and tests drive the form directly.
        # finished -> deleteLater rather than WA_DeleteOnClose, which crashed PySide 6.11 when the
        # accepted slot rebuilt the card (deferred delete of the dialog in ~QObject).
        form.finished.connect(form.deleteLater)
        form.accepted.connect(lambda: self._insert(form.feature(), edit_text()))
        form.open()

    # -- the 346 steps of a dispute -------------------------------------------
    def ask_and_act(self, dispute_id: str, code: str) -> bool:
        """Ask what the step records (mediator, agreement, follow-up notes), then take it; False if not taken."""
        action = DisputeAction(code)
        dispute = self.store.get("disputes", dispute_id)
        details: dict[str, Any] = {}
        if action in (DisputeAction.START_MEDIATION, DisputeAction.TAKE_UP, DisputeAction.REOPEN,
                      DisputeAction.RESOLVE):  # fmt: skip
            mediator, ok = QInputDialog.getText(
                self, term(action), self.tr("Mediator:"), text=dispute["mediator"] or ""
            )
            if not ok:
                return False
            details["mediator"] = mediator.strip() or None
        if action is DisputeAction.RESOLVE:
            answer = QMessageBox.question(self, term(action), self.tr("Was a mediation agreement signed?"))
            details["agreement_signed"] = answer == QMessageBox.StandardButton.Yes
        if action is DisputeAction.ESCALATE:
            answer = QMessageBox.question(self, term(action), self.tr(
                "Hand this dispute up to the next level of joint mediation (village, township, county)?"))  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if action is DisputeAction.FOLLOW_UP:
            notes, ok = QInputDialog.getMultiLineText(self, term(action), self.tr("What the parties said:"))
            if not ok:
                return False
            details["notes"] = notes.strip() or None
        return self.act_on_dispute(dispute_id, action, **details)

    def act_on_dispute(self, dispute_id: str, action: DisputeAction | str, notes: str | None = None,
                       **details: Any) -> bool:  # fmt: skip
        """Take one step of the dispute's mediation now, as one undoable edit; a refused step is explained.

        A follow-up also logs the follow-up visit (by the grid's officer), in the
        same edit, so one undo takes back both.
        """
        action = DisputeAction(action)
        before = self.store.get("disputes", dispute_id)
        now = datetime.now(STATION_TIMEZONE)
        try:
            changes = transition(before, action, now, FollowupPolicy.from_settings(self.store.settings()), **details)
        except WanggeError as error:
            self.report_error(error.translated(QCoreApplication.translate))
            return False
        house_no = self.records.household["house_no"] if self.records else ""
        text = self.tr("{step}: dispute at No. {house_no}").format(step=term(action), house_no=house_no)
        command: RecordCommand = UpdateRecord(self.store, before, changes, text, self.report_error)
        if action is DisputeAction.FOLLOW_UP:
            officer = self.records.grid["officer"] if self.records and self.records.grid is not None else ""
            visit = followup_visit(before, now, officer or self.store.user, notes)
            edits = [command, InsertRecord(self.store, visit, text, self.report_error)]
            command = EditGroup(self.store, edits, text, self.report_error)
        if not push_edit(self.undo_stack, command):
            return False
        self.refresh()
        return True

    def _insert(self, feature: Feature, text: str) -> None:
        if push_edit(self.undo_stack, InsertRecord(self.store, feature, text, self.report_error)):
            self.refresh()
