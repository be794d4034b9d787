"""File → Read a marked sheet on the demo village: a printed sheet, marked with pens, photographed, read back.

The photo is made from the register's own image of the printed page: a red dot
inked on an empty field and a blue circle around a printed household, then the
sheet laid on a desk and photographed at an angle by the demo's phone
(:mod:`demo.field_photo`). What the reader finds in it is its business (tests/maps/scan); here
the dialog must list the marks, keep them as proposals in one undoable step,
and turn each into one undoable, audited edit that also records the decision.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import shapely
from PIL import Image
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QDialogButtonBox

from demo.field_photo import CameraShot, PenMark, draw_pen_marks, photograph_sheet
from desktop.main_window import MainWindow
from desktop.sheet_review import SheetReviewDialog
from layers.crs import to_measure, to_storage
from layers.errors import RecordNotFoundError
from layers.printed_sheets import registered_sheet
from layers.store import gpkg as gpkg_module
from maps.print.atlas import write_atlas
from maps.print.grid_sheet import PageSetup

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time

GRID = "YH-01"
DOT_MM = 3.0  # the red dot's diameter
CIRCLE_MM = 9.0  # the blue circle's diameter, around a household


@dataclass(frozen=True)
class MarkedPhoto:
    path: Path
    sheet_id: str
    dot_mm: tuple[float, float]
    circled_household: str  # id of the household the blue circle is drawn around
    page: np.ndarray  # the page as marked, RGB
    px_per_mm: float


def page_to_map(sheet, x_mm: float, y_mm: float) -> tuple[float, float]:
    left, top, width, height = sheet.map_frame_mm
    minx, miny, maxx, maxy = sheet.extent
    return minx + (x_mm - left) / width * (maxx - minx), maxy - (y_mm - top) / height * (maxy - miny)


def map_to_page(sheet, x: float, y: float) -> tuple[float, float]:
    left, top, width, height = sheet.map_frame_mm
    minx, miny, maxx, maxy = sheet.extent
    return left + (x - minx) / (maxx - minx) * width, top + (maxy - y) / (maxy - miny) * height


def print_and_mark(store, folder: Path) -> MarkedPhoto:
    """Print grid YH-01, mark its map page with two pens and photograph it at an angle."""
    printed = write_atlas(store, folder / "yh01.pdf", PageSetup(), grid=GRID)
    sheet = registered_sheet(store, printed.pages[0].sheet_id)
    page = np.asarray(Image.open(io.BytesIO(sheet.page_image)).convert("RGB")).copy()
    px_per_mm = page.shape[1] / 210.0
    households = store.read("households", columns=["id"])
    hx, hy = to_measure(households.geometry.x.to_numpy(), households.geometry.y.to_numpy())
    hx, hy = np.asarray(hx), np.asarray(hy)
    minx, miny, maxx, maxy = sheet.extent
    margin = 0.15 * (maxx - minx)
    inside = np.flatnonzero((hx > minx + margin) & (hx < maxx - margin) & (hy > miny + margin) & (hy < maxy - margin))
    circled = inside[0]
    left, top, width, height = sheet.map_frame_mm
    candidates = [(x, y) for y in np.arange(top + 30, top + height - 30, 3.0)
                  for x in np.arange(left + 30, left + width - 30, 3.0)]  # fmt: skip
    emptiest = max(candidates, key=lambda xy: np.min(np.hypot(hx - page_to_map(sheet, *xy)[0],
                                                              hy - page_to_map(sheet, *xy)[1])))  # fmt: skip
    circle_at = map_to_page(sheet, hx[circled], hy[circled])
    pens = [PenMark("dot", "red", *emptiest, DOT_MM), PenMark("circle", "blue", *circle_at, CIRCLE_MM)]
    marked_page = draw_pen_marks(page, px_per_mm, pens, seed=7)
    shot = photograph_sheet(marked_page, px_per_mm, CameraShot(megapixels=6, tilt_deg=12, light=0.3), seed=7)
    path = folder / f"IMG_0001{shot.suffix}"
    path.write_bytes(shot.data)
    return MarkedPhoto(path, sheet.sheet_id, emptiest, str(households["id"].iloc[circled]), marked_page, px_per_mm)


def another_shot(photo: MarkedPhoto, name: str) -> Path:
    """The same marked sheet photographed again, turned and a little crumpled."""
    shot = CameraShot(megapixels=6, tilt_deg=20, rotation_deg=8, light=0.5, crumple_mm=4)
    again = photograph_sheet(photo.page, photo.px_per_mm, shot, seed=8)
    path = photo.path.with_name(name + again.suffix)
    path.write_bytes(again.data)
    return path


@pytest.fixture
def marked(demo_window, tmp_path):
    """The window on a copy of the demo village, and a photo of its marked YH-01 sheet."""
    window = demo_window()
    return window, print_and_mark(window.store, tmp_path)


def idle(qtbot, dialog: SheetReviewDialog) -> SheetReviewDialog:
    """``dialog`` once it has shown the photo of a mark waiting from an earlier reading, if it was reading one."""
    if dialog.reader.busy:
        with qtbot.waitSignal(dialog.reader.finished, timeout=60_000):
            pass
    return dialog


def read(qtbot, window: MainWindow, *photos: Path) -> SheetReviewDialog:
    """File → Read a marked sheet with ``photos`` chosen; returns the dialog once all are read."""
    dialog = window.open_sheet_review()
    with qtbot.waitSignal(dialog.reader.finished, timeout=60_000):
        assert window.read_marked_sheets(list(photos)) is dialog
    return dialog


def marks_of(store, sheet_id: str):
    """The marks read from ``sheet_id`` (a project may hold marks of other sheets, read earlier)."""
    return store.read("field_marks", matching={"sheet_id": sheet_id}).sort_values("mark_no").reset_index(drop=True)


def photos_of(store, sheet_id: str):
    return store.read("field_photos", columns=["file_name"], matching={"sheet_id": sheet_id})


def pending_count(store) -> int:
    return len(store.read("field_marks", columns=["id"], matching={"status": "proposed"}))


def choose(dialog: SheetReviewDialog, colour: str) -> str:
    """Choose the mark of ``colour`` in the table; its id."""
    mark_id = str(dialog.marks[dialog.marks["colour"] == colour]["id"].iloc[0])
    dialog.select_mark(mark_id)
    assert dialog.chosen_mark_id() == mark_id
    return mark_id


def table_column(dialog: SheetReviewDialog, column: int) -> list[str]:
    return [dialog.marks_table.item(row, column).text() for row in range(dialog.marks_table.rowCount())]


def test_reading_a_photo_lists_its_marks_and_proposes_them_in_one_undoable_step(qtbot, marked):
    window, photo = marked
    dialog = read(qtbot, window, photo.path)
    store = window.store
    assert sorted(dialog.marks["colour"]) == ["blue", "red"]
    assert dialog.marks_table.rowCount() == 2
    assert sorted(table_column(dialog, 2)) == ["Blue", "Red"]
    circled = store.get("households", photo.circled_household)
    nearest = table_column(dialog, 5)[list(dialog.marks["colour"]).index("blue")]
    assert f"No. {circled['house_no']}" in nearest
    assert set(table_column(dialog, 6)) == {"Proposed"}
    assert "2 new mark(s)" in dialog.photos_list.item(1).text()
    assert dialog.sheet_panel.page_view.has_page() and len(dialog.sheet_panel.page_view.marks) == 2
    assert dialog.sheet_panel.sheet_label.text().startswith(f"Grid {GRID}, page 1")
    assert not dialog.sheet_panel.paper_warning.isVisible()  # a flat page

    marks = marks_of(store, photo.sheet_id)
    assert list(marks["status"]) == ["proposed", "proposed"]
    assert list(photos_of(store, photo.sheet_id)["file_name"]) == [photo.path.name]
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Read marked sheet IMG_0001.jpg"
    red = marks[marks["colour"] == "red"].iloc[0]
    x, y = to_measure(red.geometry.x, red.geometry.y)
    expected = page_to_map(registered_sheet(store, photo.sheet_id), *photo.dot_mm)
    assert np.hypot(x - expected[0], y - expected[1]) < 3.0  # metres: under half a millimetre on a 1:7,000 sheet

    window.undo_stack.undo()
    assert marks_of(store, photo.sheet_id).empty and photos_of(store, photo.sheet_id).empty
    qtbot.waitUntil(lambda: dialog.marks_table.rowCount() == 0)
    window.undo_stack.redo()
    assert len(marks_of(store, photo.sheet_id)) == 2
    qtbot.waitUntil(lambda: dialog.marks_table.rowCount() == 2)


def test_new_household_here_adds_it_at_the_mark_and_accepts_the_mark_undo_restores_both(qtbot, marked):
    window, photo = marked
    dialog = read(qtbot, window, photo.path)
    store = window.store
    mark_id = choose(dialog, "red")
    assert dialog.household_combo.currentIndex() == -1, "nothing within 50 m of an empty field is named"
    assert not dialog.move_button.isEnabled() and dialog.new_household_button.isEnabled()
    households_before = len(store.read("households", columns=["id"]))

    form = dialog.new_household_here()
    assert form.grid_combo.currentText() == GRID
    assert not form.ok_button.isEnabled()
    form.house_no_edit.setText("88")
    form.head_name_edit.setText("马新民")
    form.members_spin.setValue(4)
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    mark = store.get("field_marks", mark_id)
    assert (mark["status"], mark["record_layer"]) == ("accepted", "households")
    household = store.get("households", mark["record_id"])
    assert (household["house_no"], household["head_name"], household["members"]) == ("88", "马新民", 4)
    assert household["located_by"] == "manual"
    assert store.get("grids", household["grid_id"])["code"] == GRID
    assert household.geometry.equals_exact(mark.geometry, 1e-9)
    assert window.undo_stack.undoText() == "New household 88 from mark {}".format(mark["mark_no"])
    assert mark["record_id"] in set(store.audit(layer="households")["record"]), "audited like every edit"
    assert mark_id in set(store.audit(layer="field_marks")["record"])
    assert "Accepted" in table_column(dialog, 6)[dialog.marks_table.currentRow()]
    assert not dialog.new_household_button.isEnabled(), "a decided mark is decided"

    window.undo_stack.undo()
    assert len(store.read("households", columns=["id"])) == households_before
    mark = store.get("field_marks", mark_id)
    assert (mark["status"], mark["record_layer"], mark["record_id"]) == ("proposed", None, None)
    qtbot.waitUntil(lambda: dialog.new_household_button.isEnabled())
    window.undo_stack.redo()
    assert store.get("field_marks", mark_id)["status"] == "accepted"
    assert len(store.read("households", columns=["id"])) == households_before + 1


def test_dismissing_a_mark_is_one_step_and_undo_proposes_it_again(qtbot, marked):
    window, photo = marked
    dialog = read(qtbot, window, photo.path)
    store = window.store
    mark_id = choose(dialog, "red")
    assert dialog.dismiss()
    assert store.get("field_marks", mark_id)["status"] == "dismissed"
    assert window.undo_stack.undoText() == "Dismiss mark {}".format(store.get("field_marks", mark_id)["mark_no"])
    pending = SheetReviewDialog(store, window.undo_stack, window.show_error, window.tasks)
    qtbot.addWidget(pending)
    assert mark_id not in set(pending.marks["id"]) and len(pending.marks) == pending_count(store)
    window.undo_stack.undo()
    assert store.get("field_marks", mark_id)["status"] == "proposed"
    qtbot.waitUntil(lambda: mark_id in list(pending.marks["id"]))


def test_move_household_here_moves_the_nearest_one_off_its_sketch_and_undo_puts_it_back(qtbot, marked):
    window, photo = marked
    dialog = read(qtbot, window, photo.path)
    store = window.store
    mark_id = choose(dialog, "blue")
    assert dialog.chosen_household_id() == photo.circled_household, "the nearest household is offered first"
    before = store.get("households", photo.circled_household)
    assert dialog.move_household_here()
    moved = store.get("households", photo.circled_household)
    mark = store.get("field_marks", mark_id)
    assert moved.geometry.equals_exact(mark.geometry, 1e-9) and moved["located_by"] == "manual"
    assert moved["sketch_id"] is None
    assert (mark["status"], mark["record_layer"], mark["record_id"]) == ("accepted", "households", before.id)
    window.undo_stack.undo()
    restored = store.get("households", photo.circled_household)
    assert restored.geometry.equals_exact(before.geometry, 1e-9)
    assert (restored["located_by"], restored["sketch_id"]) == (before["located_by"], before["sketch_id"])
    assert store.get("field_marks", mark_id)["status"] == "proposed"


def test_a_visit_and_a_dispute_are_logged_through_their_forms_and_accept_their_marks(qtbot, marked):
    window, photo = marked
    dialog = read(qtbot, window, photo.path)
    store = window.store
    visits_before = len(store.read("visits", columns=["id"]))
    blue = choose(dialog, "blue")
    form = dialog.log_visit()
    assert form.household.id == photo.circled_household
    form.accept()
    mark = store.get("field_marks", blue)
    assert (mark["status"], mark["record_layer"]) == ("accepted", "visits")
    assert store.get("visits", mark["record_id"])["household_id"] == photo.circled_household
    assert len(store.read("visits", columns=["id"])) == visits_before + 1

    window.undo_stack.undo()
    assert store.get("field_marks", blue)["status"] == "proposed"
    assert len(store.read("visits", columns=["id"])) == visits_before

    choose(dialog, "red")
    assert dialog.household_combo.count() == 0, "no household within 150 m of the empty field"
    assert not dialog.visit_button.isEnabled() and not dialog.dispute_button.isEnabled()
    assert dialog.log_dispute_here() is None
    choose(dialog, "blue")
    form = dialog.log_dispute_here()
    form.grade_combo.setCurrentIndex(form.grade_combo.findData("yellow"))
    form.kind_combo.setCurrentIndex(form.kind_combo.findData("neighbour"))
    form.accept()
    mark = store.get("field_marks", blue)
    assert (mark["status"], mark["record_layer"]) == ("accepted", "disputes")
    dispute = store.get("disputes", mark["record_id"])
    assert dispute["household_id"] == photo.circled_household
    assert dispute.geometry.equals_exact(mark.geometry, 1e-9), "logged where the officer marked it"
    window.undo_stack.undo()
    assert store.get("field_marks", blue)["status"] == "proposed"
    with pytest.raises(RecordNotFoundError):
        store.get("disputes", mark["record_id"])


def test_reading_the_same_sheet_again_proposes_nothing_new_and_says_how_many_were_read_before(qtbot, marked):
    window, photo = marked
    dialog = read(qtbot, window, photo.path)
    store = window.store
    choose(dialog, "red")
    dialog.dismiss()
    steps = window.undo_stack.count()
    read(qtbot, window, photo.path, another_shot(photo, "IMG_0002"))
    assert window.undo_stack.count() == steps
    assert len(marks_of(store, photo.sheet_id)) == 2 and len(photos_of(store, photo.sheet_id)) == 1
    for row in (2, 3):
        text = dialog.photos_list.item(row).text()
        assert "0 new mark(s)" in text and "2 mark(s) were read before" in text
    assert "were read before" in dialog.summary_label.text()
    assert set(dialog.marks["status"]) == {"proposed", "dismissed"}, "the sheet's marks, as decided so far"


def test_a_file_that_is_no_photo_is_named_in_one_line_and_the_other_photos_are_still_read(qtbot, marked, tmp_path):
    window, photo = marked
    store = window.store
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a photo", encoding="utf-8")
    dialog = read(qtbot, window, notes, photo.path)
    refusal = dialog.photos_list.item(1).text()
    assert "notes.jpg" in refusal and "\n" not in refusal and "not an image" in refusal
    assert not window.warnings
    assert len(marks_of(store, photo.sheet_id)) == 2 and window.undo_stack.count() == 1
    dialog.photos_list.setCurrentRow(1)
    assert dialog.marks_table.rowCount() == 0 and dialog.summary_label.text() == refusal


def test_nothing_is_written_for_a_file_that_is_no_photo(qtbot, demo_window, tmp_path):
    window = demo_window()
    before = window.store.path.read_bytes()
    photos_before = len(window.store.read("field_photos", columns=["id"]))
    notes = tmp_path / "notes.png"
    notes.write_bytes(b"\x89PNG\r\n\x1a\n cut short")
    dialog = read(qtbot, window, notes)
    assert "notes.png" in dialog.photos_list.item(1).text()
    assert window.undo_stack.count() == 0
    assert len(window.store.read("field_photos", columns=["id"])) == photos_before
    dialog.close()
    window.close()
    assert window.store is None
    assert (tmp_path / "village.gpkg").read_bytes() == before


def test_cancel_stops_the_photo_being_read_and_those_after_it(qtbot, marked):
    window, photo = marked
    dialog = idle(qtbot, window.open_sheet_review())
    with qtbot.waitSignal(dialog.reader.finished, timeout=60_000):
        task = dialog.read_photos([photo.path, photo.path])
        task.cancel()
    assert marks_of(window.store, photo.sheet_id).empty and window.undo_stack.count() == 0
    assert dialog.photos_list.count() == 1 and not dialog.reader.queue


def test_the_action_waits_for_a_project_that_can_be_written(qtbot, demo_window, monkeypatch):
    empty = MainWindow()
    qtbot.addWidget(empty)
    assert not empty.read_sheet_action.isEnabled() and empty.read_marked_sheets([]) is None
    window = demo_window()
    assert window.read_sheet_action.isEnabled()
    monkeypatch.setattr(gpkg_module, "is_writable", lambda _path: False)
    read_only = demo_window()
    assert read_only.store.read_only
    assert not read_only.read_sheet_action.isEnabled() and read_only.read_marked_sheets(["x.jpg"]) is None


def test_the_photo_is_drawn_on_the_map_until_unchecked_or_the_dialog_closes(qtbot, marked):
    window, photo = marked
    dialog = read(qtbot, window, photo.path)
    canvas = window.canvas
    sheet = registered_sheet(window.store, photo.sheet_id)
    minx, miny, maxx, maxy = sheet.extent
    canvas.zoom_to_extent(sheet.extent)
    painted = [overlay for overlay in canvas.overlays if overlay == dialog.sheet_panel.overlay.paint]
    assert painted, "the dialog draws its marks on the map"

    def darkness() -> float:
        """How dark the map is over the sheet's frame, away from the marks."""
        image = canvas.grab().toImage()
        corner = canvas.to_widget(QPointF(minx + 0.1 * (maxx - minx), maxy - 0.1 * (maxy - miny)))
        far = canvas.to_widget(QPointF(minx + 0.9 * (maxx - minx), miny + 0.1 * (maxy - miny)))
        samples = [image.pixelColor(round(corner.x() + t * (far.x() - corner.x())),
                                    round(corner.y() + t * (far.y() - corner.y()))).lightness()
                   for t in np.linspace(0, 1, 41)]  # fmt: skip
        return 255 - float(np.mean(samples))

    without = darkness()
    dialog.sheet_panel.photo_on_map_box.setChecked(True)
    assert dialog.sheet_panel.overlay.photo is not None
    image, extent = dialog.sheet_panel.overlay.photo
    assert not image.isNull() and np.allclose(extent[::2], (minx, maxx - 1), atol=abs(maxx - minx) * 0.02 + 1)
    assert darkness() > without + 5, "the photo's desk-lit paper and print darken the map under it"
    dialog.sheet_panel.photo_on_map_box.setChecked(False)
    assert dialog.sheet_panel.overlay.photo is None and abs(darkness() - without) < 1
    dialog.sheet_panel.photo_on_map_box.setChecked(True)
    dialog.close()
    assert dialog.sheet_panel.overlay.paint not in canvas.overlays


def test_opened_with_no_photo_it_lists_the_marks_waiting_and_shows_their_sheet(qtbot, marked):
    window, photo = marked
    dialog = read(qtbot, window, photo.path)
    dialog.close()
    qtbot.waitUntil(lambda: not window.findChildren(SheetReviewDialog))
    dialog = window.open_sheet_review()
    ours = marks_of(window.store, photo.sheet_id)
    assert f"{pending_count(window.store)} mark(s)" in dialog.photos_list.item(0).text()
    assert set(ours["id"]) <= set(dialog.marks["id"])
    red = ours[ours["colour"] == "red"].iloc[0]
    dialog.select_mark(red["id"])
    page_view = dialog.sheet_panel.page_view

    def our_sheet_shown() -> bool:  # its stored photo, read again once any other job has ended
        return page_view.has_page() and {mark.key for mark in page_view.marks} == set(ours["id"])

    qtbot.waitUntil(our_sheet_shown, timeout=30_000)
    assert window.undo_stack.count() == 1, "showing a stored photo writes nothing"
    lon, lat = to_storage(*page_to_map(registered_sheet(window.store, photo.sheet_id), *photo.dot_mm))
    assert shapely.Point(lon, lat).distance(red.geometry) < 5e-5
