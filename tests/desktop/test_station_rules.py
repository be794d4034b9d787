"""Assessment → Station rules: the station's key-person cycles and follow-up delays, saved in the project."""

from __future__ import annotations

import pytest

from desktop.station_rules_dialog import StationRulesDialog
from layers.assessment.monthly import monthly_report
from layers.disputes.workflow import FollowupPolicy
from layers.visit_cycles import KeyPersonCycles

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time


def test_a_shorter_cycle_is_saved_in_the_project_and_counts_more_key_persons_overdue(qtbot, demo_window):
    window = demo_window()
    window.dashboard_action.trigger()
    qtbot.waitUntil(lambda: window.dashboard_dock.is_current)
    before = monthly_report(window.store, "2026-11").station.key_persons_overdue
    dialog = window.open_station_rules()
    assert isinstance(dialog, StationRulesDialog)
    for box in dialog.boxes[KeyPersonCycles].values():
        box.setValue(1)
    dialog.boxes[FollowupPolicy]["red"].setValue(2)
    assert dialog.save()
    settings = window.store.settings()
    assert KeyPersonCycles.from_settings(settings).days("elderly_alone") == 1
    assert FollowupPolicy.from_settings(settings).days("red") == 2
    after = monthly_report(window.store, "2026-11").station.key_persons_overdue
    assert after > before
    qtbot.waitUntil(lambda: window.dashboard_dock.is_current)
    assert window.dashboard_dock.cycles.days("hardship") == 1


def test_new_rules_are_one_undoable_step_and_the_views_follow_them_without_being_told(qtbot, demo_window):
    window = demo_window()
    window.dashboard_action.trigger()
    qtbot.waitUntil(lambda: window.dashboard_dock.is_current)
    before = window.store.settings()
    dialog = window.open_station_rules()
    dialog.boxes[KeyPersonCycles]["elderly_alone"].setValue(3)
    assert dialog.save()
    assert window.undo_stack.count() == 1
    qtbot.waitUntil(lambda: window.dashboard_dock.cycles.days("elderly_alone") == 3)
    window.undo_stack.undo()
    restored = window.store.settings()
    assert KeyPersonCycles.from_settings(restored) == KeyPersonCycles.from_settings(before)
    assert FollowupPolicy.from_settings(restored) == FollowupPolicy.from_settings(before)
    qtbot.waitUntil(lambda: window.dashboard_dock.cycles == KeyPersonCycles.from_settings(before))


def test_the_working_day_is_a_station_rule_the_route_planner_starts_from(qtbot, demo_window):
    from layers.routing.plan import WORKING_DAY_H, working_day_h

    window = demo_window()
    assert working_day_h(window.store.settings()) == WORKING_DAY_H == 8.0  # a station that set none
    dialog = window.open_station_rules()
    assert dialog.working_day_box.value() == WORKING_DAY_H
    dialog.working_day_box.setValue(6.5)
    assert dialog.save()
    assert working_day_h(window.store.settings()) == 6.5
    window.route_action.trigger()
    assert window.route_dock.budget_box.value() == 6.5 and window.route_dock.budget_check.isChecked()
    window.undo_stack.undo()
    assert working_day_h(window.store.settings()) == WORKING_DAY_H
    assert window.route_dock.budget_box.value() == WORKING_DAY_H  # the planner follows the rule, undo included
