"""A dispute's whole life through the 346 mechanism on the household card, each step undone and redone,
then read back from the audit log; and the day's lists that send an officer to a household."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop.audit_log import AuditLogDialog
from layers.assessment.key_persons import due_today
from layers.disputes.workflow import FollowupPolicy, overdue_followups
from layers.values import STATION_TIMEZONE
from tests.desktop.test_household_card import choose, set_station_time

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time

STEPS = [
    # (button, status, level after the step)
    ("start_mediation", "mediating", "village"),
    ("escalate", "escalated", "township"),
    ("take_up", "mediating", "township"),
    ("escalate", "escalated", "county"),
    ("take_up", "mediating", "county"),
    ("resolve", "resolved", "county"),
    ("follow_up", "resolved", "county"),
]


@pytest.fixture
def card(open_card, monkeypatch):
    """The card of house 1 with a newly logged yellow dispute; prompts answered as a mediator would."""
    card, store, stack, errors = open_card("house_1")
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("村调委会 马主任", True))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *args, **kwargs: ("双方满意，无反复", True))
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    form = card.log_dispute()
    set_station_time(form.reported_at_edit, 2026, 4, 6, 20, 0)
    choose(form.grade_combo, "yellow")
    choose(form.kind_combo, "neighbour")
    form.accept()
    disputes = store.read("disputes", columns=["id", "household_id"])
    (card.dispute_id,) = disputes["id"][disputes["household_id"] == store.standard["house_1"].id]
    card.errors = errors
    return card


def state(card) -> tuple[str, str]:
    dispute = card.store.get("disputes", card.dispute_id)
    return dispute["status"], dispute["level"]


def click(card, qtbot, action: str) -> None:
    (panel,) = card.dispute_panels
    assert action in panel.action_buttons, f"{action} is not offered; offered: {list(panel.action_buttons)}"
    qtbot.mouseClick(panel.action_buttons[action], Qt.MouseButton.LeftButton)


def test_a_dispute_goes_from_report_to_follow_up_with_every_step_undone_and_redone(card, qtbot):
    store, stack = card.store, card.undo_stack
    before = state(card)
    followups_before = store.count("visits")
    for action, status, level in STEPS:
        click(card, qtbot, action)
        assert state(card) == (status, level), action
        stack.undo()
        assert state(card) == before, f"undo of {action}"
        stack.redo()
        assert state(card) == (status, level), f"redo of {action}"
        card.refresh()
        before = state(card)
    dispute = store.get("disputes", card.dispute_id)
    assert dispute["mediator"] == "村调委会 马主任" and dispute["agreement_signed"] is True
    resolved_day = dispute["resolved_at"].astimezone(STATION_TIMEZONE).date()  # the station's calendar day
    assert dispute["followup_due"] == FollowupPolicy().followup_due("yellow", dispute["resolved_at"])
    assert (dispute["followup_due"] - resolved_day).days == FollowupPolicy().days("yellow")
    assert dispute["followed_up_at"] is not None
    visits = store.read("visits")
    followup = visits[visits["dispute_id"] == card.dispute_id]
    assert len(followup) == 1 and store.count("visits") == followups_before + 1
    assert followup["purpose"].iloc[0] == "dispute_followup" and followup["officer"].iloc[0] == "马文华"
    stack.undo()  # one undo takes back the follow-up and its visit together
    assert (
        store.count("visits") == followups_before and store.get("disputes", card.dispute_id)["followed_up_at"] is None
    )
    stack.redo()
    card.refresh()
    (panel,) = card.dispute_panels
    assert list(panel.action_buttons) == ["reopen"], "a followed-up settlement can only be reopened"


def test_a_refused_step_is_explained_and_nothing_changes(card):
    card.act_on_dispute(card.dispute_id, "start_mediation", mediator="马主任")
    assert not card.errors
    assert not card.act_on_dispute(card.dispute_id, "follow_up")
    assert len(card.errors) == 1 and "mediating" in card.errors[-1] and state(card) == ("mediating", "village")
    assert card.undo_stack.count() == 2  # the dispute's logging and its mediation, nothing for the refusal


def test_the_audit_log_holds_every_step_with_its_old_and_new_status(card, qtbot):
    for action, _status, _level in STEPS[:3]:
        click(card, qtbot, action)
    card.undo_stack.undo()  # an undo is an edit too, and is logged
    entries = card.store.audit(record_id=card.dispute_id)
    assert list(entries["action"])[::-1] == ["insert", "update", "update", "update", "update"]
    newest = entries.iloc[0]
    assert newest["old_values"]["status"] == "mediating" and newest["new_values"]["status"] == "escalated"
    dialog = AuditLogDialog(card.store, card.dispute_id)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 5
    assert "escalated" in dialog.table.item(0, 5).text() and "→" in dialog.table.item(0, 5).text()
    assert not dialog.table.editTriggers() & dialog.table.EditTrigger.AllEditTriggers, "the log is read only"


@pytest.fixture
def window(demo_window):
    return demo_window()


def test_todays_work_lists_key_persons_due_and_opens_their_card(window, qtbot):
    dock = window.todays_work_dock
    window.todays_work_action.trigger()
    dock.day_edit.setDate(QDate(2026, 11, 28))
    officer = window.data.grids["officer"].iloc[0]
    dock.officer_box.setCurrentIndex(dock.officer_box.findData(officer))
    with qtbot.waitSignal(dock._counter.done):
        dock.count()
    assert len(dock.due) == dock.due_table.rowCount() > 0 and set(dock.due["officer"]) == {officer}
    assert list(dock.due["household_id"]) == list(due_today(window.store, date(2026, 11, 28), officer)["household_id"])
    overdue = overdue_followups(window.store, datetime(2026, 11, 28, 23, 59, 59, tzinfo=STATION_TIMEZONE))
    assert list(dock.overdue["dispute_id"]) == list(overdue["dispute_id"][overdue["officer"] == officer])
    dock.due_table.cellDoubleClicked.emit(0, 1)
    assert dock.due["household_id"].iloc[0] in window.cards


def test_todays_work_explains_an_officer_no_grid_names_any_more(window, qtbot):
    dock = window.todays_work_dock
    window.todays_work_action.trigger()
    dock.officer_box.addItem("离任民警", "离任民警")
    dock.officer_box.setCurrentIndex(dock.officer_box.count() - 1)
    with qtbot.waitSignal(dock._counter.done):
        dock.count()
    assert dock.due_table.rowCount() == 0 and dock.problem_label.isVisible() and "离任民警" in dock.problem_label.text()
