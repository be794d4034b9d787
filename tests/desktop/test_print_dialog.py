"""The print dialog previews the page it will print and writes the PDF with progress and cancel."""

from __future__ import annotations

import pypdf
import pytest

from layers.review import ReviewFilter
from tests.desktop.conftest import open_print_dialog, run_to_end, wait_for_review

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time


@pytest.fixture
def window(demo_window):
    return demo_window()


def test_preview_follows_the_choices_and_the_pdf_has_the_pages_announced(qtbot, window, tmp_path):
    dialog = open_print_dialog(qtbot, window)
    qtbot.addWidget(dialog)
    overview = dialog.preview.pixmap().size()
    assert overview.width() > overview.height()  # the atlas's overview of an east-west village is landscape
    dialog.grid_box.setCurrentIndex(dialog.grid_box.findData("YH-02"))
    dialog.update_preview()
    portrait = dialog.preview.pixmap().size()
    assert portrait.height() > portrait.width()
    dialog.landscape_check.setChecked(True)
    dialog.update_preview()
    landscape = dialog.preview.pixmap().size()
    assert landscape.width() > landscape.height()
    announced = int(dialog.pages_label.text().split()[0])
    out = tmp_path / "yh02.pdf"
    run_to_end(qtbot, dialog.print_to(out))
    assert dialog.pages_printed == announced
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == announced and "YH-02" in reader.pages[0].extract_text()


def test_printing_registers_each_map_page_without_an_undo_step(qtbot, window, tmp_path):
    dialog = open_print_dialog(qtbot, window)
    qtbot.addWidget(dialog)
    dialog.grid_box.setCurrentIndex(dialog.grid_box.findData("YH-01"))
    before = window.store.count("printed_sheets")
    undo_steps = window.undo_stack.count()
    run_to_end(qtbot, dialog.print_to(tmp_path / "yh01.pdf"))
    register = window.store.read("printed_sheets")
    assert len(register) > before
    assert set(register["grid_code"].iloc[before:]) == {"YH-01"} and set(register["document"]) >= {"grid_sheet"}
    assert window.undo_stack.count() == undo_steps  # registering the paper is not an edit to take back
    assert dialog.unreadable_note.isHidden()


def test_a_canceled_atlas_leaves_no_file(qtbot, window, tmp_path):
    dialog = open_print_dialog(qtbot, window)
    qtbot.addWidget(dialog)
    out = tmp_path / "atlas.pdf"
    task = dialog.print_to(out)
    task.cancel()  # as Cancel on its progress dialog does, before the job's first check
    run_to_end(qtbot, task)
    assert dialog.pages_printed == 0
    assert list(tmp_path.glob("*.pdf")) == [] and not list(tmp_path.glob(".*part"))
    assert window.store.count("printed_sheets") == 1  # the demo's own sheet: a canceled print registers nothing


def test_satellite_imagery_cannot_be_ticked_without_imagery_and_says_why(qtbot, window):
    dialog = open_print_dialog(qtbot, window)
    qtbot.addWidget(dialog)
    assert not dialog.imagery_check.isEnabled()
    assert "File → Add satellite imagery" in dialog.imagery_check.toolTip()
    assert not dialog.setup().imagery


def test_the_dialog_opens_on_the_grid_the_filter_chooses_and_reads_the_station_only_when_chosen(qtbot, window):
    grids = window.store.read("grids", columns=["id", "code"])
    grid_id = grids["id"][grids["code"] == "YH-02"].iloc[0]
    window.set_filter(ReviewFilter(grid_ids=frozenset({grid_id})))
    wait_for_review(qtbot, window)
    dialog = open_print_dialog(qtbot, window)
    qtbot.addWidget(dialog)
    assert dialog.grid_box.currentData() == "YH-02" and dialog.is_read
    assert 0 < len(dialog.data.households) < window.store.count("households")  # its sheets' ground, not the station
    assert "YH-02" in dialog.pages(dialog.setup())[0].sheet.title
    dialog.grid_box.setCurrentIndex(dialog.grid_box.findData(None))
    qtbot.waitUntil(lambda: dialog.is_read and not window.tasks.busy, timeout=20000)
    qtbot.waitUntil(lambda: "page" in dialog.pages_label.text(), timeout=5000)
    assert len(dialog.data.households) == window.store.count("households")
    assert dialog.pages(dialog.setup())[0].overview
