"""File → Open recent holds whole paths, newest first, however many projects were opened.

The list is read back by a second process, as after a restart of the app: within
one process Qt's settings cache hands back the list it was given, and only the
settings file shows that a list of one is stored like a plain string.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QMessageBox

from desktop.main_window import RECENT_LIMIT, RECENT_SETTING, MainWindow
from layers.store import create_project
from tests.desktop.conftest import open_and_wait
from tests.standard_data import STATION, add_standard_data

RESTARTED_APP = """
import json, sys
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication
app = QApplication([])
app.setOrganizationName(sys.argv[1])
app.setApplicationName(sys.argv[2])
QStandardPaths.setTestModeEnabled(True)
QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, sys.argv[3])
from desktop.main_window import MainWindow
window = MainWindow()
print(json.dumps([action.text() for action in window.recent_menu.actions()]))
"""


@pytest.fixture
def projects(tmp_path):
    """Factory: ``n`` small project files, closed, in the order they will be opened."""

    def make(n: int) -> list[str]:
        paths = []
        for i in range(n):
            path = tmp_path / f"站点{i}.gpkg"
            with create_project(path, STATION) as store:
                add_standard_data(store)
            paths.append(str(path.resolve()))
        return paths

    return make


@pytest.fixture
def window(qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, _text: None)  # the standard sketch has no image
    QSettings().remove(RECENT_SETTING)
    window = MainWindow()
    qtbot.addWidget(window)
    yield window
    QSettings().remove(RECENT_SETTING)


def recent_menu_after_a_restart() -> list[str]:
    application = QCoreApplication.instance()
    settings_folder = str(Path(QSettings().fileName()).parents[1])  # the test run's own (tests/conftest.py)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            RESTARTED_APP,
            application.organizationName(),
            application.applicationName(),
            settings_folder,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("n", [1, 2, 10])
def test_open_recent_lists_every_project_whole_after_a_restart(qtbot, window, projects, n):
    paths = projects(n)
    for path in paths:
        assert open_and_wait(qtbot, window, path)
    QSettings().sync()
    assert recent_menu_after_a_restart() == paths[::-1][:RECENT_LIMIT]


def test_choosing_a_recent_project_opens_it(qtbot, window, projects):
    first, second = projects(2)
    open_and_wait(qtbot, window, first)
    open_and_wait(qtbot, window, second)
    with qtbot.waitSignal(window.projectOpened, timeout=60_000):
        window.recent_menu.actions()[-1].trigger()
    assert window.store.location == first
