"""A long job runs off the GUI thread: the window keeps drawing, Cancel stops it, a refusal is said in words."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget

from desktop.task_runner import run_in_background
from layers.errors import QT_TRANSLATE_NOOP, WanggeError


class _Refused(WanggeError):
    template = QT_TRANSLATE_NOOP("Test", "{path}: not an image")


@pytest.fixture
def window(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_the_job_runs_on_another_thread_while_the_window_keeps_its_events(window):
    ticks = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)

    def job(feedback):
        for step in range(20):
            feedback.set_progress(step * 5)
            time.sleep(0.02)
        return threading.get_ident()

    worker_thread = run_in_background(window, "working", job, "refused")
    timer.stop()
    assert worker_thread != threading.get_ident()
    assert len(ticks) >= 5, "the GUI thread went on handling events while the job ran"


def test_cancel_stops_the_job_at_its_next_check(window):
    steps = []

    def press_cancel():
        window.findChild(QProgressDialog).findChild(QPushButton).click()

    QTimer.singleShot(900, press_cancel)  # after the dialog has appeared

    def job(feedback):
        for step in range(400):
            feedback.raise_if_canceled()
            steps.append(step)
            time.sleep(0.01)
        return "finished"

    assert run_in_background(window, "working", job, "refused") is None
    assert 0 < len(steps) < 400


def test_a_refusal_is_shown_in_words_and_a_bug_is_raised(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))

    def refuse(_feedback):
        raise _Refused(path="卫星.tif")

    assert run_in_background(window, "working", refuse, "Imagery not added") is None
    assert shown == [("Imagery not added", "卫星.tif: not an image")]

    def bug(_feedback):
        raise ZeroDivisionError("a bug")

    with pytest.raises(ZeroDivisionError):
        run_in_background(window, "working", bug, "refused")
