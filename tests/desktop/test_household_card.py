"""The household card shows what a review needs, and logs visits and disputes undoably."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QEvent, Qt, QTime
from PySide6.QtGui import QUndoStack
from shapely import Point

from desktop.household_card import HouseholdCard
from desktop.record_forms import DisputeForm, VisitForm
from layers.store import new_feature
from layers.values import STATION_TIMEZONE
from maps.language import CHINESE, ENGLISH

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time


def visit_cells(card: HouseholdCard) -> list[list[str]]:
    table = card.visits_table
    return [[table.item(row, col).text() for col in range(table.columnCount())] for row in range(table.rowCount())]


def choose(combo, code: str) -> None:
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)


def set_station_time(edit, year: int, month: int, day: int, hour: int, minute: int) -> None:
    edit.setDateTime(QDateTime(QDate(year, month, day), QTime(hour, minute)))


def test_card_of_a_key_person_household(open_card, switch_language):
    card, store, _, _ = open_card("house_1")
    assert "张文华" in card.header_label.text() and "No. 1" in card.header_label.text()
    assert "YH-01" in card.grid_label.text() and "马文华" in card.grid_label.text()
    assert "3" in card.members_label.text() and "13812341234" in card.phone_label.text()  # unmasked inside the app
    assert [chip.text() for chip in card.key_person_chips] == ["Elderly living alone"]
    assert card.app_label.text().startswith("✓") and "not" not in card.app_label.text()
    assert card.camera_label.text().startswith("✗")
    # visit_1 was 2026-03-31 23:59 Beijing time, i.e. 15:59 UTC: the card shows the station's clock.
    assert visit_cells(card) == [["2026-03-31 23:59", "马文华", "Key-person check", "Met", "", "", ""]]
    assert "1 of 1" in card.visits_title.text()
    assert card.dispute_panels == []

    switch_language(CHINESE)
    QCoreApplication.sendEvent(card, QEvent(QEvent.Type.LanguageChange))
    assert [chip.text() for chip in card.key_person_chips] == ["独居老人"]
    assert visit_cells(card)[0][2:4] == ["重点人员走访", "见面"]
    assert card.visits_table.horizontalHeaderItem(0).text() == "走访时间"

    switch_language(ENGLISH)
    card.retranslate()
    assert [chip.text() for chip in card.key_person_chips] == ["Elderly living alone"]


def test_open_dispute_is_listed_first_with_its_grade_word(open_card, make_project, qtbot, switch_language):
    card, store, stack, errors = open_card("house_2")
    assert [chip.text() for chip in card.key_person_chips] == ["none"]
    (panel,) = card.dispute_panels
    assert panel.grade_chip.text() == "Red"
    assert "#d62728" in panel.grade_chip.styleSheet()
    assert panel.title_label.text() == "Open · Land · County"
    assert "2026-03-01 09:30" in panel.details_label.text() and "宅基地边界争议" in panel.details_label.text()
    assert "1 open, 1 in all" in card.disputes_title.text()

    # A resolved dispute logged later still comes after the open one.
    form = card.log_dispute()
    choose(form.grade_combo, "green")
    choose(form.kind_combo, "neighbour")
    choose(form.status_combo, "resolved")
    form.accept()
    assert [p.grade_chip.text() for p in card.dispute_panels] == ["Red", "Green"]

    switch_language(CHINESE)
    card.retranslate()
    assert [p.grade_chip.text() for p in card.dispute_panels] == ["红色", "绿色"]
    assert card.dispute_panels[0].title_label.text() == "未化解 · 土地纠纷 · 县级"


def test_resolved_dispute_shows_its_mediation_history(open_card):
    card, *_ = open_card("house_3")
    (panel,) = card.dispute_panels
    details = panel.details_label.text()
    assert panel.grade_chip.text() == "Green" and panel.title_label.text().startswith("Resolved")
    assert "Agreement signed: ✓ yes" in details
    assert "Resolved at: 2026-02-03 16:00" in details and "Follow-up due: 2026-02-18" in details
    assert card.camera_label.text().startswith("✓")


def test_logging_a_visit_adds_it_to_the_store_and_card_and_undo_removes_it(open_card, qtbot):
    card, store, stack, errors = open_card("house_2")
    house = store.standard["house_2"]
    qtbot.mouseClick(card.log_visit_button, Qt.MouseButton.LeftButton)
    form = card.findChild(VisitForm)
    assert form is not None and form.isVisible()
    assert form.officer_edit.text() == "马文华"  # the grid's officer
    set_station_time(form.visited_at_edit, 2026, 4, 5, 9, 15)
    choose(form.purpose_combo, "anti_fraud")
    form.app_installed_check.setChecked(True)
    form.loss_prevented_spin.setValue(3000)
    form.notes_edit.setPlainText("讲解冒充客服诈骗")
    before = store.count("visits")
    form.accept()

    assert not errors and store.count("visits") == before + 1 and stack.count() == 1
    assert stack.undoText() == "Log visit to No. 2"
    visits = store.read("visits")
    visit = visits[visits["household_id"] == house.id].iloc[0]
    assert visit["geometry"].equals(house.geometry)
    assert visit["visited_at"] == datetime(2026, 4, 5, 9, 15, tzinfo=STATION_TIMEZONE)
    assert (visit["purpose"], visit["app_installed"], visit["loss_prevented_yuan"]) == ("anti_fraud", True, 3000.0)
    assert visit_cells(card) == [
        ["2026-04-05 09:15", "马文华", "Anti-fraud publicity", "Met", "✓", "", "讲解冒充客服诈骗"]
    ]

    stack.undo()
    assert store.count("visits") == before
    card.refresh()
    assert visit_cells(card) == [] and "none yet" in card.visits_title.text()
    stack.redo()
    card.refresh()
    assert len(visit_cells(card)) == 1 and not errors


def test_logging_a_dispute_stores_the_household_grid_and_point(open_card):
    card, store, stack, errors = open_card("house_1")
    house = store.standard["house_1"]
    form = card.log_dispute()
    assert isinstance(form, DisputeForm)
    assert form.level_combo.currentData() == "village" and form.status_combo.currentData() == "open"
    set_station_time(form.reported_at_edit, 2026, 4, 6, 20, 0)
    choose(form.grade_combo, "orange")
    assert "township" in form.grade_guidance.text() and form.level_combo.currentData() == "township", "suggested"
    choose(form.kind_combo, "family")
    form.parties_edit.setText("张文华 与 张小军")
    form.summary_edit.setPlainText("赡养费争议")
    form.mediator_edit.setText("村调委会 马主任")
    form.accept()

    assert not errors and stack.undoText() == "Log dispute at No. 1"
    disputes = store.read("disputes")
    (dispute,) = disputes[disputes["household_id"] == house.id].itertuples()
    assert dispute.grid_id == store.standard["grid_a"].id and dispute.geometry.equals(house.geometry)
    assert (dispute.grade, dispute.kind, dispute.level, dispute.status) == ("orange", "family", "township", "open")
    assert dispute.reported_at == datetime(2026, 4, 6, 20, 0, tzinfo=STATION_TIMEZONE)
    (panel,) = card.dispute_panels
    assert panel.grade_chip.text() == "Orange" and "村调委会 马主任" in panel.details_label.text()

    stack.undo()
    card.refresh()
    assert card.dispute_panels == [] and house.id not in set(store.read("disputes")["household_id"])


def test_a_form_with_a_required_field_empty_refuses_to_accept(open_card, qtbot):
    card, store, stack, errors = open_card("house_2")
    visit_form = card.log_visit()
    visit_form.officer_edit.clear()
    assert not visit_form.ok_button.isEnabled()
    assert visit_form.problem_label.isVisible() and "Officer" in visit_form.problem_label.text()
    before = store.count("visits")
    visit_form.accept()
    assert visit_form.isVisible() and store.count("visits") == before and stack.count() == 0
    visit_form.officer_edit.setText("丁海")
    assert visit_form.ok_button.isEnabled() and not visit_form.problem_label.isVisible()
    visit_form.reject()

    dispute_form = card.log_dispute()
    assert not dispute_form.ok_button.isEnabled()  # grade and kind have no default: someone must choose
    assert "Grade" in dispute_form.problem_label.text() and "Kind" in dispute_form.problem_label.text()
    choose(dispute_form.grade_combo, "yellow")
    dispute_form.accept()
    assert dispute_form.isVisible() and "Kind" in dispute_form.problem_label.text()
    assert "Grade" not in dispute_form.problem_label.text() and stack.count() == 0 and not errors


def test_a_store_refusal_is_reported_and_nothing_is_pushed(qtbot, make_project):
    store = make_project()
    house = store.insert(
        new_feature(
            "households", Point(105.907, 36.903), house_no="9", head_name="王芳", grid_id=store.standard["grid_a"].id
        )
    )
    stack, errors = QUndoStack(), []
    card = HouseholdCard(store, stack, errors.append, house.id)
    qtbot.addWidget(card)
    form = card.log_visit()
    store.delete("households", house.id, house.version)
    form.accept()  # the household went away meanwhile: the store refuses the dangling reference
    assert errors and "household_id" in errors[0] and stack.count() == 0
    card.refresh()
    assert "no longer" in card.header_label.text() and not card.log_visit_button.isEnabled()


def test_the_card_lists_the_last_ten_visits_newest_first(open_card):
    card, store, stack, errors = open_card("house_2")
    for day in range(1, 13):
        form = card.log_visit()
        set_station_time(form.visited_at_edit, 2026, 5, day, 10, 0)
        form.accept()
    rows = visit_cells(card)
    assert len(rows) == 10 and rows[0][0] == "2026-05-12 10:00" and rows[-1][0] == "2026-05-03 10:00"
    assert "10 of 12" in card.visits_title.text()


def test_a_form_follows_a_language_switch_and_keeps_the_choice(open_card, switch_language):
    card, *_ = open_card("house_1")
    form = card.log_visit()
    choose(form.purpose_combo, "key_person")
    set_station_time(form.visited_at_edit, 2026, 4, 10, 8, 30)  # after visit_1, so it comes first
    switch_language(CHINESE)
    QCoreApplication.sendEvent(form, QEvent(QEvent.Type.LanguageChange))
    assert form.purpose_combo.currentText() == "重点人员走访" and form.purpose_combo.currentData() == "key_person"
    assert form.form.labelForField(form.officer_edit).text() == "走访人"
    form.accept()
    assert card.visits_table.item(0, 2).text() == "重点人员走访"


def test_a_dispute_links_the_other_partys_household_and_both_cards_list_it(open_card, qtbot):
    card, store, stack, errors = open_card("house_1")
    form = card.log_dispute()
    choose(form.grade_combo, "yellow")
    choose(form.kind_combo, "neighbour")
    form.party_households_edit.setText("99")
    form.accept()
    assert form.isVisible() and "No. 99" in form.problem_label.text() and stack.count() == 0, "unknown: refused"
    form.party_households_edit.setText("3、1")  # house 3 is in the other grid; house 1 is the card's own
    form.accept()
    assert not errors and stack.count() == 1
    house_1, house_3 = store.standard["house_1"], store.standard["house_3"]
    disputes = store.read("disputes")
    (dispute,) = disputes[disputes["household_id"] == house_1.id].itertuples()
    assert dispute.party_households == house_3.id
    other = HouseholdCard(store, stack, errors.append, house_3.id)
    qtbot.addWidget(other)
    assert dispute.id in {panel_dispute for panel_dispute in other.records.disputes["id"]}
    assert any("No. 1" in panel.details_label.text() and "No. 3" in panel.details_label.text()
               for panel in other.dispute_panels)  # fmt: skip
