"""The window's long jobs on worker threads, one at a time, as QGIS runs a ``QgsTask``.

A job is a plain function of a :class:`~layers.feedback.Feedback`, the same one
the command line and the tests call. :meth:`TaskRunner.start` runs it on a
``QThread`` and returns at once, so the window keeps answering the user: the
map pans, menus open, the job's dialog stays open. What happens while it runs:

- its progress and messages reach a progress dialog over the widget that
  started it through queued signals; Cancel sets a flag the job reads at its
  next ``raise_if_canceled``;
- :attr:`TaskRunner.busyChanged` lets the window disable every action that
  would conflict with it (another import, a print, opening another project),
  and :meth:`TaskRunner.start` refuses a second job rather than running two;
- its result is handed to ``on_done`` in the GUI thread; a refusal
  (:class:`~layers.errors.WanggeError`) is shown in the user's language and a
  cancel is silent. Any other error is raised again in the GUI thread, as the
  bug it is.

A job must not touch widgets. It may use the window's project store, whose
connection is shared between threads behind a lock and whose change events
reach the views through a queued signal (:mod:`desktop.store_events`); each
thread transforms coordinates with PROJ objects of its own (:mod:`layers.crs`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from layers.errors import Canceled, WanggeError
from layers.feedback import Feedback

Result = TypeVar("Result")

SHOW_AFTER_MS = 500
"""Jobs shorter than this finish without a dialog flashing up."""

Refusal = str | Callable[[str], None]
"""How a job's refusal is said: the title of a message box, or a function given the message."""


class _Progress(QObject):
    """Made in the GUI thread, so what the worker emits is delivered there."""

    changed = Signal(int)
    said = Signal(str)


class TaskFeedback(Feedback):
    """Feedback a worker thread reports to and the GUI thread cancels; safe across the two."""

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

    def push_info(self, message: str, **params: object) -> None:
        from maps.words import layer_title

        super().push_info(message, **params)
        if "layer" in params:
            params["layer"] = layer_title(str(params["layer"]))
        said = QCoreApplication.translate("Feedback", message)
        self.signals.said.emit(said.format(**params) if params else said)


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


class Task(QObject, Generic[Result]):
    """One job running on its worker thread, with the dialog that shows its progress.

    :attr:`finished` is emitted in the GUI thread after the result, refusal or
    cancel has been handled (and ``on_done`` has run).
    """

    finished = Signal()

    def __init__(
        self,
        widget: QWidget,
        label: str,
        job: Callable[[Feedback], Result],
        on_done: Callable[[Result], None],
        refused: Refusal,
        on_failed: Callable[[], None] | None,
    ) -> None:
        super().__init__()
        self.label = label
        self.feedback = TaskFeedback()
        self._widget = widget
        self._on_done = on_done
        self._on_failed = on_failed
        self._refused = refused
        self.dialog = QProgressDialog(label, QCoreApplication.translate("TaskRunner", "Cancel"), 0, 100, widget)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.feedback.signals.changed.connect(self.dialog.setValue)
        self.feedback.signals.said.connect(self.dialog.setLabelText)
        self.dialog.canceled.connect(self.cancel)
        self._worker = _Worker(job, self.feedback)
        self._worker.finished.connect(self._end)

    def start(self) -> None:
        self.dialog.setValue(0)  # starts the dialog's show-after timer
        self._worker.start()

    def cancel(self) -> None:
        """Ask the job to stop at its next check; it ends as canceled and nothing it began is kept."""
        self.feedback.cancel()

    def is_running(self) -> bool:
        return self._worker.isRunning()

    def abandon(self) -> None:
        """Cancel, wait for the worker thread to end, and drop whatever it ended with."""
        self.cancel()
        self._worker.finished.disconnect(self._end)
        self._worker.wait()
        self.dialog.close()
        self.dialog.deleteLater()

    def _end(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()
        error = self._worker.error
        try:
            if error is None:
                self._on_done(self._worker.result)
            elif isinstance(error, Canceled):
                self._failed()
            elif isinstance(error, WanggeError):
                self._failed()
                self._say_refusal(error.translated(QCoreApplication.translate))
            else:
                self._failed()
                raise error
        finally:
            self.finished.emit()

    def _say_refusal(self, message: str) -> None:
        if callable(self._refused):
            self._refused(message)
        else:
            QMessageBox.warning(self._widget, self._refused, message)

    def _failed(self) -> None:
        if self._on_failed is not None:
            self._on_failed()


class TaskRunner(QObject):
    """Runs a window's long jobs, one at a time; a second is refused while one runs."""

    busyChanged = Signal(bool)
    refused = Signal(str)  # why a job was not started, in the user's language

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current: Task | None = None

    @property
    def busy(self) -> bool:
        return self.current is not None

    def start(
        self,
        widget: QWidget,
        label: str,
        job: Callable[[Feedback], Result],
        on_done: Callable[[Result], None],
        refused: Refusal,
        on_failed: Callable[[], None] | None = None,
    ) -> Task[Result] | None:
        """Start ``job`` on a worker thread; ``None`` (and :attr:`refused`) if another job still runs.

        ``on_done`` gets the job's result in the GUI thread. ``on_failed`` is
        called instead when the job was canceled or refused; a refusal is then
        said by ``refused``: a function given the message in the user's
        language, or the title of a message box that shows it.
        """
        if self.current is not None:
            self.refused.emit(
                QCoreApplication.translate("TaskRunner", "Wait until this has finished: {task}").format(
                    task=self.current.label
                )
            )
            return None
        task = Task(widget, label, job, on_done, refused, on_failed)
        task.finished.connect(self._finished)
        self.current = task
        self.busyChanged.emit(True)
        task.start()
        return task

    def cancel_and_wait(self) -> None:
        """Stop the running job, if any, and wait for its thread: for a window that is closing.

        Its result is dropped unseen (a job that ended just before Cancel must
        not open a project into a window on its way out).
        """
        task, self.current = self.current, None
        if task is not None:
            task.abandon()

    def _finished(self) -> None:
        self.current = None
        self.busyChanged.emit(False)
