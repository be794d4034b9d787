"""File → Add a photographed sketch on a station that starts from nothing: the photo in, upright, undoable."""

from __future__ import annotations

import pytest

from desktop.georeferencer.window import GeoreferencerWindow
from tests.phone_photos import phone_photo_held_upright

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time


@pytest.fixture
def window(new_station_window):
    return new_station_window


def test_a_phone_photo_becomes_a_sketch_upright_and_the_georeferencer_opens_on_it(window, tmp_path):
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(phone_photo_held_upright(1500, 2000))
    dialog = window.open_add_sketch_dialog()
    dialog.set_photo(str(photo))
    assert dialog.title_edit.text() == "IMG_2041"
    dialog.title_edit.setText("犁铧嘴村网格图")
    assert dialog.add()
    assert window.warnings == []
    (sketch,) = window.store.read("sketches").itertuples()
    assert (sketch.title, sketch.width, sketch.height) == ("犁铧嘴村网格图", 1500, 2000)
    (georeferencer,) = window.findChildren(GeoreferencerWindow)
    assert georeferencer.sketch.sketch_id == sketch.id
    georeferencer.close()
    window.undo_action.trigger()
    assert window.store.count("sketches") == 0
    window.redo_action.trigger()
    assert window.store.count("sketches") == 1


def test_a_file_that_is_not_a_photo_is_explained_and_nothing_is_added(window, tmp_path):
    fake = tmp_path / "list.jpg"
    fake.write_text("not a photo")
    dialog = window.open_add_sketch_dialog()
    dialog.set_photo(str(fake))
    assert not dialog.add()
    assert len(window.warnings) == 1 and "not a JPEG, PNG or HEIC photo" in window.warnings[0]
    assert dialog.isVisible() and window.store.count("sketches") == 0 and window.undo_stack.count() == 0
