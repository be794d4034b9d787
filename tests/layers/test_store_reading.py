"""Looking at a project never writes to it; a project that cannot be written opens read-only.

Backup and sync tools, read-only shares and reviewers' copies all need a file
that stays byte for byte as it was when it was only looked at.
"""

from __future__ import annotations

import sqlite3

import pytest

from layers.errors import ReadOnlyProjectError
from layers.store import GeoPackageStore, open_project
from layers.store import gpkg as gpkg_module

ROLLBACK_JOURNAL, WAL = 1, 2  # the file format bytes at offsets 18 and 19 of an SQLite header


def journal_bytes(path) -> tuple[int, int]:
    header = path.read_bytes()[:20]
    return header[18], header[19]


def side_files(path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


@pytest.fixture
def closed_project(make_project):
    store = make_project()
    store.close()
    return store.path


def test_reading_everything_leaves_the_file_byte_identical(closed_project):
    before = closed_project.read_bytes()
    with open_project(closed_project) as store:
        for layer in ("households", "visits", "disputes", "grids", "roads", "landmarks"):
            store.read(layer)
        store.layer_info(), store.settings(), store.audit()
        assert side_files(closed_project) == []
    assert closed_project.read_bytes() == before
    assert side_files(closed_project) == []


def test_the_first_edit_writes_in_wal_mode_and_closing_folds_it_back(closed_project):
    store = open_project(closed_project)
    assert journal_bytes(closed_project) == (ROLLBACK_JOURNAL, ROLLBACK_JOURNAL)
    store.set_setting("note", "走访")
    assert journal_bytes(closed_project) == (WAL, WAL)
    store.close()
    assert journal_bytes(closed_project) == (ROLLBACK_JOURNAL, ROLLBACK_JOURNAL)
    assert side_files(closed_project) == []
    with open_project(closed_project) as reopened:
        assert reopened.settings()["note"] == "走访"


def test_a_write_protected_project_reads_and_refuses_every_edit_by_name(closed_project, monkeypatch):
    monkeypatch.setattr(gpkg_module, "is_writable", lambda _path: False)
    before = closed_project.read_bytes()
    with open_project(closed_project) as store:
        assert store.read_only
        assert store.count("households") == 3
        household = store.read("households").iloc[0]
        with pytest.raises(ReadOnlyProjectError, match="read-only") as refusal:
            store.update("households", household["id"], {"phone": "13900000000"}, household["version"])
        assert str(closed_project) in str(refusal.value)
        with pytest.raises(ReadOnlyProjectError):
            store.set_setting("note", "x")
    assert closed_project.read_bytes() == before


def test_a_writable_project_is_not_read_only(closed_project):
    with open_project(closed_project) as store:
        assert not store.read_only


def test_an_edit_refused_by_the_disk_itself_is_a_read_only_refusal(closed_project, monkeypatch):
    """A share that says it is writable and then refuses (a network disk, a locked USB stick) reads the same."""

    def refused(_path):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(gpkg_module, "_connect_for_writing", refused)
    before = closed_project.read_bytes()
    with open_project(closed_project) as store, pytest.raises(ReadOnlyProjectError):
        store.set_setting("note", "x")
    assert closed_project.read_bytes() == before


def test_creating_where_nothing_can_be_written_is_one_message(tmp_path, monkeypatch):
    monkeypatch.setattr(gpkg_module, "folder_is_writable", lambda _path: False)
    with pytest.raises(ReadOnlyProjectError, match="read-only"):
        GeoPackageStore.create(tmp_path / "new.gpkg", "站")
    assert not (tmp_path / "new.gpkg").exists()


@pytest.mark.parametrize("layer", ["households", "visits", "grids"])  # trees of several levels, and of one
def test_a_layers_extent_from_its_rtree_root_is_the_bounds_of_all_it_keeps(demo_village_path, tmp_path, layer):
    """The root node's boxes, read without a scan, give what reading every entry of the R-tree gives;
    a layer emptied gives none."""
    path = tmp_path / "village.gpkg"
    path.write_bytes(demo_village_path.read_bytes())
    db = sqlite3.connect(path)
    scanned = db.execute(f"SELECT MIN(minx), MIN(miny), MAX(maxx), MAX(maxy) FROM rtree_{layer}_geom").fetchone()
    db.close()
    with open_project(path) as store:
        frame = store.read(layer, columns=["id"])
        west, south, east, north = frame.total_bounds
        extent = store.extent(layer)
    assert extent == scanned
    assert extent[0] <= west and extent[1] <= south and extent[2] >= east and extent[3] >= north  # 32-bit, outward
    db = sqlite3.connect(path)
    db.execute(f"DELETE FROM {layer}")
    db.commit()
    db.close()
    with open_project(path) as store:
        assert store.extent(layer) is None
