"""File → Export: every kind of file the command line writes, masked unless full details are confirmed."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox

from desktop.export_dialog import OFFERED, SUFFIXES, ExportDialog
from layers.store import open_project
from tests.desktop.conftest import run_to_end
from tests.imagery_station import station_with_imagery

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time


@pytest.fixture
def dialog(qtbot, make_project, monkeypatch):
    """The dialog on the standard project; a refusal is collected instead of shown."""
    dialog = ExportDialog(make_project())
    qtbot.addWidget(dialog)
    dialog.refusals = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: dialog.refusals.append(text))
    return dialog


def choose(dialog, code: str) -> None:
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(code))


@pytest.mark.parametrize("code", OFFERED)
def test_each_kind_of_file_is_written_masked(qtbot, dialog, tmp_path, code):
    choose(dialog, code)
    run_to_end(qtbot, dialog.export(str(tmp_path / "export")))
    counts = dialog.written
    out = tmp_path / f"export{SUFFIXES[code]}"
    assert not dialog.refusals
    assert counts["households"] == 3 and out.stat().st_size > 0
    raw = b"".join(zipfile.ZipFile(out).read(name) for name in zipfile.ZipFile(out).namelist()) if code in (
        "shp", "xlsx") else out.read_bytes()  # fmt: skip
    assert "张文华".encode() not in raw and b"13812341234" not in raw


def test_full_details_are_written_only_once_confirmed(qtbot, dialog, tmp_path, monkeypatch):
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))
    choose(dialog, "xlsx")
    dialog.personal_check.setChecked(True)
    assert dialog.export(str(tmp_path / "full.xlsx")) is None and not (tmp_path / "full.xlsx").exists()
    assert dialog.written == {}
    run_to_end(qtbot, dialog.export(str(tmp_path / "full.xlsx")))
    assert dialog.written["households"] == 3
    names = {cell.value for row in load_workbook(tmp_path / "full.xlsx").worksheets[0].iter_rows() for cell in row}
    assert "张文华" in names


def test_the_project_file_itself_is_never_overwritten(qtbot, dialog, tmp_path):
    choose(dialog, "gpkg")
    project = dialog.store.location
    before = open(project, "rb").read()
    run_to_end(qtbot, dialog.export(project))
    assert dialog.written == {}
    assert dialog.refusals and open(project, "rb").read() == before


def test_satellite_imagery_is_offered_for_the_web_map_of_a_project_with_imagery(qtbot, tmp_path):
    store = open_project(station_with_imagery(tmp_path / "station", vector=False))
    dialog = ExportDialog(store)
    qtbot.addWidget(dialog)
    choose(dialog, "xlsx")
    assert not dialog.imagery_check.isEnabled() and "web map" in dialog.imagery_check.toolTip()
    choose(dialog, "html")
    assert dialog.imagery_check.isEnabled()
    dialog.imagery_check.setChecked(True)
    run_to_end(qtbot, dialog.export(str(tmp_path / "map")))
    assert dialog.written["imagery"] == 1
    assert "L.imageOverlay(" in (tmp_path / "map.html").read_text(encoding="utf-8")
    store.close()


def test_satellite_imagery_cannot_be_ticked_without_imagery(dialog):
    choose(dialog, "html")
    assert not dialog.imagery_check.isEnabled() and "File → Add satellite imagery" in dialog.imagery_check.toolTip()
