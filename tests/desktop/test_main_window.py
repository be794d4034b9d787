"""The main window shows what a project holds and explains a bad file without losing the open one."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop.main_window import MainWindow


def _table(window: MainWindow) -> dict[str, str]:
    table = window.layers_table
    return {table.item(row, 1).text(): table.item(row, 2).text() for row in range(table.rowCount())}


def test_opening_a_project_lists_every_layer_with_its_count(qtbot, make_project, tmp_path):
    make_project().close()
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(str(tmp_path / "station.gpkg"))
    counts = _table(window)
    assert counts["households"] == "3" and counts["grids"] == "2" and counts["visits"] == "2"
    assert "豫海派出所" in window.windowTitle()
    assert window.sketch_tabs.count() == 1 and window.sketch_tabs.tabText(0) == "犁铧嘴村网格图"


def test_a_bad_file_is_explained_and_the_open_project_stays(qtbot, make_project, tmp_path, monkeypatch):
    make_project().close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_project(str(tmp_path / "station.gpkg"))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    bad = tmp_path / "photo.gpkg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not a project")
    assert not window.open_project(str(bad))
    assert shown and "not a Wangge project" in shown[0] and str(bad) in shown[0]
    assert _table(window)["households"] == "3"
    assert bad.read_bytes() == b"\xff\xd8\xff\xe0 not a project"


def test_closing_the_window_closes_the_project_file(qtbot, make_project, tmp_path):
    make_project().close()
    path = tmp_path / "station.gpkg"
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_project(str(path))
    assert path.with_name("station.gpkg-wal").exists()
    window.close()
    assert window.store is None
    assert not path.with_name("station.gpkg-wal").exists()


def test_a_shared_database_opens_like_a_file_and_shows_other_windows_edits(qtbot, make_project, postgis_url):
    """Two windows on one server: an edit in one appears in the other within seconds, with no reload."""
    from shapely import Point

    from layers.store import new_feature, open_project
    from layers.store.offline import push

    with open_project(postgis_url) as server:
        push(make_project(), server)
    first, second = MainWindow(), MainWindow()
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    assert first.open_project(postgis_url) and second.open_project(postgis_url)
    assert _table(second)["households"] == "3"
    grid = first.store.read("grids")["id"].iloc[0]
    first.store.insert(new_feature("households", Point(105.905, 36.906), house_no="8", head_name="新", grid_id=grid))
    assert _table(first)["households"] == "4"
    qtbot.waitUntil(lambda: _table(second)["households"] == "4", timeout=5000)
    assert "postgresql://" in second.windowTitle() and "@" in second.windowTitle()
    first.close()
    second.close()
