import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox

from desktop.household_card import HouseholdCard
from desktop.main_window import MainWindow


@pytest.fixture(autouse=True)
def no_render_left_running(qapp):
    """A window that closes must not leave a render thread behind (it would paint into freed memory)."""
    yield
    pool = QThreadPool.globalInstance()
    assert pool.waitForDone(10_000), "a render job was still running 10 s after the test"
    assert pool.activeThreadCount() == 0


def run_to_end(qtbot, task, timeout: int = 60_000):
    """Wait, as the user would, for a job started from the window to end on its worker thread.

    The job's result has been handed to the window (or its refusal said) when
    this returns. Returns the task, so ``run_to_end(qtbot, dialog.print_to(out))``
    reads like the click it follows.
    """
    assert task is not None, "the job was not started (another one was still running?)"
    with qtbot.waitSignal(task.finished, timeout=timeout):
        pass
    return task


def open_and_wait(qtbot, window, location) -> bool:
    """Open ``location`` in ``window`` and wait until it is read; whether the window now shows it."""
    run_to_end(qtbot, window.open_project(str(location)))
    wait_for_review(qtbot, window)
    return window.store is not None and Path(window.store.location) == Path(location)


def open_print_dialog(qtbot, window):
    """File → Print, once what it prints has been read: the dialog."""
    run_to_end(qtbot, window.open_print_dialog())
    assert window.print_dialog is not None
    return window.print_dialog


def review_settled(window) -> bool:
    """Whether the window's view is read, the store has counted and every table's first rows are read."""
    pages = window.table_dock.pages.values()
    counted = all(page.model.total_rows() is not None and page.model.is_read for page in pages)
    return window.store is None or (not window.review.busy and window.review.counts is not None and counted)


def wait_for_review(qtbot, window) -> None:
    """Wait until the store has answered what the window asked of it (:func:`review_settled`)."""
    qtbot.waitUntil(lambda: review_settled(window), timeout=20000)


@pytest.fixture
def open_card(qtbot, make_project):
    """Factory: (card, store, undo stack, reported errors) for one standard household."""

    def open_card_of(house: str):
        store = make_project()
        stack, errors = QUndoStack(), []
        card = HouseholdCard(store, stack, errors.append, store.standard[house].id)
        qtbot.addWidget(card)
        card.show()
        return card, store, stack, errors

    return open_card_of


@pytest.fixture
def demo_window(qtbot, demo_village_path, tmp_path, monkeypatch):
    """Factory: the main window, 1400x900 and shown, on a copy of the demo village the test may edit.

    Warnings are collected in ``window.warnings`` instead of shown (a modal box
    would wait for a click forever); ``drawn=True`` waits for the first map.
    """
    windows = []

    def open_window(drawn: bool = False) -> MainWindow:
        project = tmp_path / "village.gpkg"
        shutil.copy(demo_village_path, project)
        window = MainWindow()
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.warnings = []
        monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: window.warnings.append(text))
        window.show()
        if drawn:
            with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
                assert open_and_wait(qtbot, window, project)
        else:
            assert open_and_wait(qtbot, window, project)
        windows.append(window)
        return window

    yield open_window
    for window in windows:
        window.close()


@pytest.fixture
def new_station_window(qtbot, tmp_path, monkeypatch):
    """The main window on a new, empty station project, as ``wangge new`` leaves it; warnings in ``window.warnings``."""
    from layers.station_setup import StationSetup, create_station_project

    project = tmp_path / "豫海.gpkg"
    create_station_project(project, StationSetup("豫海派出所", township="豫海镇")).close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: window.warnings.append(text))
    window.show()
    assert open_and_wait(qtbot, window, project)
    yield window
    window.close()
