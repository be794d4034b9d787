"""Files written whole or not at all, alone or with their sidecars."""

from __future__ import annotations

import os

import pytest

from layers.errors import Canceled, ExportFailedError, PrintError
from layers.files import atomic_output, atomic_outputs


def test_a_file_appears_only_when_complete(tmp_path):
    target = tmp_path / "sheet.pdf"
    with atomic_output(target) as temporary:
        assert temporary.parent == tmp_path and temporary.suffix == ".pdf"
        temporary.write_text("whole", encoding="utf-8")
        assert not target.exists()
    assert target.read_text(encoding="utf-8") == "whole"
    assert [path.name for path in tmp_path.iterdir()] == ["sheet.pdf"]


def test_a_failure_keeps_the_previous_file_and_names_the_target(tmp_path):
    target = tmp_path / "sheet.pdf"
    target.write_text("before", encoding="utf-8")
    with pytest.raises(PrintError, match="sheet.pdf"):
        with atomic_output(target, PrintError) as temporary:
            temporary.write_text("half", encoding="utf-8")
            raise OSError(28, "No space left on device")
    with pytest.raises(Canceled):
        with atomic_output(target) as temporary:
            temporary.write_text("half", encoding="utf-8")
            raise Canceled()
    assert target.read_text(encoding="utf-8") == "before"
    assert [path.name for path in tmp_path.iterdir()] == ["sheet.pdf"]


def test_a_group_is_renamed_sidecars_first_and_left_out_whole_on_failure(tmp_path, monkeypatch):
    image, world, projection = tmp_path / "sketch.png", tmp_path / "sketch.pgw", tmp_path / "sketch.prj"
    renamed = []
    real_replace = os.replace
    monkeypatch.setattr("layers.files.os.replace", lambda old, new: (renamed.append(new), real_replace(old, new)))
    with atomic_outputs(image, [world, projection]) as (image_file, sidecar_files):
        for temporary in (image_file, *sidecar_files):
            temporary.write_text(temporary.suffix, encoding="utf-8")
    assert renamed == [world, projection, image], "the image last: a GIS opening it finds its sidecars"
    assert image.read_text(encoding="utf-8") == ".png" and world.read_text(encoding="utf-8") == ".pgw"
    for path in (image, world, projection):
        path.unlink()
    with pytest.raises(ExportFailedError, match="sketch.png"):
        with atomic_outputs(image, [world, projection]) as (image_file, sidecar_files):
            sidecar_files[0].write_text("half", encoding="utf-8")
            image_file.write_text("half", encoding="utf-8")
            raise OSError(5, "Input/output error")
    assert list(tmp_path.iterdir()) == []
