"""Long jobs run off the GUI thread: the window keeps answering, conflicting actions wait, Cancel stops them.

The runner is tried on plain jobs first, then on the real import and the real
print started from the main window. To look at the window *while* a real job
runs, the job is held at its first progress report (a gate on the feedback it
reports to) until the test has looked; the job itself is the product's own.
"""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from desktop.task_runner import TaskFeedback, TaskRunner
from layers.errors import QT_TRANSLATE_NOOP, WanggeError
from tests.desktop.conftest import open_print_dialog, run_to_end
from tests.layers.test_imports_households import write_csv

pytestmark = pytest.mark.clock  # the demo window colours households by today's date


class _Refused(WanggeError):
    template = QT_TRANSLATE_NOOP("Test", "{path}: not an image")


@pytest.fixture
def widget(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _ticking(parent) -> list[int]:
    """A timer on the GUI thread: its ticks are the proof that the thread answers events."""
    ticks: list[int] = []
    timer = QTimer(parent)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    return ticks


# -- the runner ---------------------------------------------------------------------------


def test_a_job_runs_on_a_worker_thread_and_its_result_comes_back_to_the_gui_thread(qtbot, widget):
    ticks, results = _ticking(widget), []

    def job(feedback):
        for step in range(20):
            feedback.set_progress(step * 5)
            time.sleep(0.02)
        return threading.get_ident()

    runner = TaskRunner(widget)
    run_to_end(
        qtbot,
        runner.start(widget, "working", job, lambda worker: results.append((worker, threading.get_ident())), "refused"),
    )
    [(worker_thread, handed_in)] = results
    assert worker_thread != threading.get_ident() and handed_in == threading.get_ident()
    assert len(ticks) >= 5, "the GUI thread went on handling events while the job ran"
    assert not runner.busy


def test_a_second_job_is_refused_while_one_runs_and_busy_says_so(qtbot, widget):
    runner, busy, refusals = TaskRunner(widget), [], []
    runner.busyChanged.connect(busy.append)
    runner.refused.connect(refusals.append)
    release = threading.Event()
    first = runner.start(widget, "printing 豫海", lambda _feedback: release.wait(10), lambda _result: None, "refused")
    assert runner.start(widget, "importing", lambda _feedback: None, lambda _result: None, "refused") is None
    assert refusals and "printing 豫海" in refusals[0]
    release.set()
    run_to_end(qtbot, first)
    assert busy == [True, False]


def test_cancel_in_the_progress_dialog_stops_the_job_at_its_next_check(qtbot, widget):
    steps, done, failed = [], [], []

    def job(feedback):
        for step in range(400):
            feedback.raise_if_canceled()
            steps.append(step)
            time.sleep(0.01)
        return "finished"

    task = TaskRunner(widget).start(widget, "working", job, done.append, "refused", lambda: failed.append(1))
    qtbot.waitUntil(lambda: task.dialog.isVisible(), timeout=5000)  # the dialog appears once the job lasts
    task.dialog.findChild(QPushButton).click()
    run_to_end(qtbot, task)
    assert 0 < len(steps) < 400 and done == [] and failed == [1]


def test_a_refusal_is_said_in_words_and_a_bug_is_raised_in_the_gui_thread(qtbot, widget, monkeypatch):
    shown, said = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))

    def refuse(_feedback):
        raise _Refused(path="卫星.tif")

    runner = TaskRunner(widget)
    run_to_end(qtbot, runner.start(widget, "working", refuse, lambda _result: None, "Imagery not added"))
    assert shown == [("Imagery not added", "卫星.tif: not an image")]
    run_to_end(qtbot, runner.start(widget, "working", refuse, lambda _result: None, said.append))
    assert said == ["卫星.tif: not an image"]

    def bug(_feedback):
        raise ZeroDivisionError("a bug")

    with qtbot.captureExceptions() as raised:
        run_to_end(qtbot, runner.start(widget, "working", bug, lambda _result: None, "refused"))
    assert [kind for kind, *_ in raised] == [ZeroDivisionError]
    assert not runner.busy


# -- the real jobs, from the main window -----------------------------------------------------


class Gate:
    """Holds a worker at its first progress report until the test has looked at the window."""

    def __init__(self, monkeypatch) -> None:
        self.reached, self.opened = threading.Event(), threading.Event()
        report = TaskFeedback.set_progress

        def held_report(feedback, percent):
            if threading.current_thread() is not threading.main_thread() and not self.reached.is_set():
                self.reached.set()
                assert self.opened.wait(30), "the test never opened the gate"
            report(feedback, percent)

        monkeypatch.setattr(TaskFeedback, "set_progress", held_report)

    def wait_until_reached(self, qtbot) -> None:
        qtbot.waitUntil(self.reached.is_set, timeout=30_000)

    def open(self) -> None:
        self.opened.set()


def _window_answers_and_refuses_a_second_job(qtbot, window) -> None:
    """While a job is held: the GUI thread handles events, conflicting actions are off, a second job is refused."""
    ticks = _ticking(window)
    qtbot.wait(150)
    assert len(ticks) >= 5, "the GUI thread is not answering while the job runs"
    for action in (window.open_action, window.import_action, window.print_action, window.export_action):
        assert not action.isEnabled(), f"{action.text()} can still be started while the job runs"
    assert window.open_project(window.store.location) is None, "a second job was started"
    assert window.statusBar().currentMessage(), "the refusal is not said"


@pytest.fixture
def households_file(tmp_path):
    rows = [[f"9{number:02d}", f"马{number}", "3", "", "", "105.9012", "36.9021"] for number in range(40)]
    return write_csv(tmp_path / "新住户.csv", rows, encoding="gbk")


def _import_dialog_checked(qtbot, window, path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    dialog = window.open_import_dialog()
    run_to_end(qtbot, dialog.open_file(str(path), "households", "wgs84"))
    assert dialog.plan is not None and dialog.import_all_button.isEnabled()
    return dialog


def test_an_import_runs_while_the_window_answers_and_refuses_a_second_job(
    qtbot, demo_window, households_file, monkeypatch
):
    window = demo_window()
    dialog = _import_dialog_checked(qtbot, window, households_file, monkeypatch)
    before = len(window.store.read("households", columns=["id"]))
    gate = Gate(monkeypatch)
    task = dialog.import_rows(valid_rows_only=False)
    gate.wait_until_reached(qtbot)
    _window_answers_and_refuses_a_second_job(qtbot, window)
    assert not dialog.import_all_button.isEnabled() and not dialog.check_button.isEnabled()
    gate.open()
    run_to_end(qtbot, task)
    assert len(window.store.read("households", columns=["id"])) == before + 40
    assert window.undo_stack.count() == 1 and window.import_action.isEnabled()


def test_a_canceled_import_writes_nothing(qtbot, demo_window, households_file, monkeypatch):
    window = demo_window()
    dialog = _import_dialog_checked(qtbot, window, households_file, monkeypatch)
    before = len(window.store.read("households", columns=["id"]))
    gate = Gate(monkeypatch)
    task = dialog.import_rows(valid_rows_only=False)
    gate.wait_until_reached(qtbot)
    task.cancel()  # what the progress dialog's Cancel does
    gate.open()
    run_to_end(qtbot, task)
    assert len(window.store.read("households", columns=["id"])) == before
    assert window.undo_stack.count() == 0 and dialog.imported == ()
    assert window.import_action.isEnabled(), "the window is ready for the next job"


def test_a_print_runs_while_the_window_answers_and_refuses_a_second_job(qtbot, demo_window, tmp_path, monkeypatch):
    window = demo_window()
    dialog = open_print_dialog(qtbot, window)
    qtbot.addWidget(dialog)
    gate = Gate(monkeypatch)
    task = dialog.print_to(tmp_path / "atlas.pdf")
    gate.wait_until_reached(qtbot)
    _window_answers_and_refuses_a_second_job(qtbot, window)
    assert not dialog.print_button.isEnabled()
    assert dialog.print_to(tmp_path / "again.pdf") is None
    gate.open()
    run_to_end(qtbot, task)
    assert dialog.pages_printed > 1 and (tmp_path / "atlas.pdf").stat().st_size > 0
    assert not (tmp_path / "again.pdf").exists() and dialog.print_button.isEnabled()


def test_a_canceled_print_leaves_no_file(qtbot, demo_window, tmp_path, monkeypatch):
    window = demo_window()
    dialog = open_print_dialog(qtbot, window)
    qtbot.addWidget(dialog)
    gate = Gate(monkeypatch)
    task = dialog.print_to(tmp_path / "atlas.pdf")
    gate.wait_until_reached(qtbot)
    task.dialog.findChild(QPushButton).click()  # Cancel, as the officer presses it
    gate.open()
    run_to_end(qtbot, task)
    assert dialog.pages_printed == 0
    assert sorted(path.name for path in tmp_path.iterdir() if "atlas" in path.name) == []


def test_closing_the_window_while_a_project_is_read_drops_it_unseen(qtbot, demo_window, monkeypatch):
    window = demo_window()
    shown = window.store.location
    gate = Gate(monkeypatch)
    task = window.open_project(shown)
    gate.wait_until_reached(qtbot)
    threading.Timer(0.3, gate.open).start()  # the job finishes while the window waits for it to stop
    window.close()
    assert not task.is_running() and not window.tasks.busy
    qtbot.wait(200)  # nothing queued from the job may reach the closed window
    assert window.store is None
