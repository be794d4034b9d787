"""File → New station project: a station starts from nothing and its project opens in the window."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox, QWizard

from desktop.main_window import MainWindow
from layers.store import open_project
from layers.vocabulary import OfficerRole


@pytest.fixture
def window(qtbot, monkeypatch):
    window = MainWindow()
    qtbot.addWidget(window)
    window.warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: window.warnings.append(text))
    window.show()
    return window


def fill_in(wizard, path) -> None:
    station = wizard.station_page
    station.station_edit.setText("豫海派出所")
    station.township_edit.setText("豫海镇")
    station.county_edit.setText("同心县")
    station.villages_edit.setPlainText("犁铧嘴村\n\n菜园村\n")
    wizard.next()
    people = wizard.people_page
    people.add_person("马文华", OfficerRole.COMMUNITY_OFFICER, "13800000001")
    people.add_person("李强", OfficerRole.AUXILIARY)
    people.add_person()  # a row left empty is no one
    wizard.next()
    wizard.file_page.path_edit.setText(str(path))


def test_a_new_station_is_created_and_opens_in_the_window(qtbot, window, tmp_path):
    wizard = window.open_new_station_wizard()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled(), "a station needs a name first"
    path = tmp_path / "豫海.gpkg"
    fill_in(wizard, path)
    with qtbot.waitSignal(window.projectOpened, timeout=60_000):  # the new project is read on a worker thread
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert window.warnings == []
    assert window.store is not None and window.store.location == str(path)
    assert "豫海派出所" in window.windowTitle()
    assert "Nothing of this station is on the map yet" in window.canvas.empty_hint
    window.close()
    with open_project(path) as store:
        settings = store.settings()
        officers = store.read("officers").sort_values("name")
    assert (settings["township"], settings["county"]) == ("豫海镇", "同心县")
    assert json.loads(settings["villages"]) == ["犁铧嘴村", "菜园村"] and settings["timezone"] == "Asia/Shanghai"
    assert list(officers["name"]) == ["李强", "马文华"]
    assert list(officers["role"]) == ["auxiliary", "community_officer"]
    assert list(officers["phone"].fillna("")) == ["", "13800000001"]


def test_an_existing_file_is_refused_in_one_sentence_and_kept(window, tmp_path):
    path = tmp_path / "existing.gpkg"
    path.write_bytes(b"someone else's file")
    wizard = window.open_new_station_wizard()
    fill_in(wizard, path)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert len(window.warnings) == 1 and "already exists" in window.warnings[0]
    assert wizard.isVisible() and window.store is None
    assert path.read_bytes() == b"someone else's file"


def test_a_person_without_a_name_is_refused_and_no_file_is_left(window, tmp_path):
    wizard = window.open_new_station_wizard()
    path = tmp_path / "station.gpkg"
    fill_in(wizard, path)
    wizard.people_page.add_person("", OfficerRole.AUXILIARY, "13900000000")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert len(window.warnings) == 1 and "person 3 has no name" in window.warnings[0]
    assert not path.exists() and window.store is None
