"""Long jobs on a worker thread, with a progress dialog and Cancel, as QGIS runs a ``QgsTask``.

A job is a plain function of a :class:`~layers.feedback.Feedback` (the same one
the command line and the tests call). :func:`run_in_background` runs it on a
``QThread`` while the window stays responsive: the dialog's bar follows the
job's progress through a queued signal, Cancel sets a flag the job reads at its
next ``raise_if_canceled``, and the caller waits in a local event loop rather
than pumping events from inside the job.

The job must not touch widgets or the window's project store (SQLite
connections belong to the thread that opened them): it opens what it needs by
path, as :func:`layers.imagery.add_imagery` does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from layers.errors import Canceled, WanggeError
from layers.feedback import Feedback

Result = TypeVar("Result")

SHOW_AFTER_MS = 500


class _Progress(QObject):
    """Made in the GUI thread, so what the worker emits is delivered there."""

    changed = Signal(int)
    said = Signal(str)


class TaskFeedback(Feedback):
    """Feedback a worker thread reports to and a GUI thread cancels; safe across the two."""

    def __init__(self) -> None:
        super().__init__()
        self.signals = _Progress()
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def is_canceled(self) -> bool:
        return self._stop.is_set()

    def set_progress(self, percent: float) -> None:
        super().set_progress(percent)
        self.signals.changed.emit(round(self.progress))

    def push_info(self, message: str) -> None:
        super().push_info(message)
        self.signals.said.emit(message)


class _Worker(QThread):
    def __init__(self, job: Callable[[Feedback], object], feedback: TaskFeedback) -> None:
        super().__init__()
        self.job = job
        self.feedback = feedback
        self.result: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.job(self.feedback)
        except BaseException as error:  # handed to the GUI thread, which shows or raises it
            self.error = error


def run_in_background(
    parent: QWidget, label: str, job: Callable[[Feedback], Result], refused_title: str
) -> Result | None:
    """Run ``job`` on a worker thread behind a progress dialog with Cancel; ``None`` when canceled or refused.

    A refusal (:class:`~layers.errors.WanggeError`) is shown in a message box
    titled ``refused_title`` in the user's language; any other error is raised
    again here, in the GUI thread, as a bug.
    """
    feedback = TaskFeedback()
    dialog = QProgressDialog(label, QCoreApplication.translate("ProgressFeedback", "Cancel"), 0, 100, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    feedback.signals.changed.connect(dialog.setValue)
    feedback.signals.said.connect(dialog.setLabelText)
    dialog.canceled.connect(feedback.cancel)
    worker = _Worker(job, feedback)
    waiting = QEventLoop()
    worker.finished.connect(waiting.quit)
    worker.start()
    if not worker.isFinished():
        waiting.exec()
    worker.wait()
    dialog.close()
    dialog.deleteLater()
    if isinstance(worker.error, Canceled):
        return None
    if isinstance(worker.error, WanggeError):
        QMessageBox.warning(parent, refused_title, worker.error.translated(QCoreApplication.translate))
        return None
    if worker.error is not None:
        raise worker.error
    return worker.result
