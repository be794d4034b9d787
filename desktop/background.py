"""Counting over a whole project's records off the GUI thread, keeping only the newest answer.

A dock that counts after every edit must neither freeze the window (a county's
hundred thousand households take seconds) nor show an answer about data
already replaced. :class:`LatestJob` runs one piece of work at a time, each on
a thread of its own; asking again while it runs replaces whatever was waiting,
and only the result of the latest request is delivered.

Not in Qt's thread pool: pyproj keeps its PROJ state per Python thread, and a
pooled Qt thread enters Python as a new thread for every job while the OS
thread lives on; creating coordinate systems there crashes the process within
a few hundred jobs (pyproj issue 1509). A thread of its own per job, as
:class:`desktop.task_runner.TaskRunner` also uses, is safe, and
``tests/desktop/test_background.py`` keeps it so. The work may read the store
(its connection is shared behind a lock, and each thread transforms with PROJ
objects of its own, :mod:`layers.crs`) or count frames already read (the
review's frames are never changed in place); it must touch no widget.

Where :class:`desktop.task_runner.TaskRunner` runs what the user started and
waits for (one at a time, with progress and Cancel), this keeps a view's
figures current behind the user's back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from layers.errors import WanggeError


class _JobSignals(QObject):
    """Made in the GUI thread, so a worker's result arrives there (queued)."""

    finished = Signal(object)  # the result, or the WanggeError that stopped the work


class _Job:
    """One piece of work on a thread of its own, which ends with it."""

    def __init__(self, work: Callable[[], object]) -> None:
        self.work = work
        self.signals = _JobSignals()  # nobody's child: a closed window simply stops listening

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="wangge-count", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            result = self.work()
        except WanggeError as error:  # a damaged layer, an unknown officer: said in the dock, never a traceback
            result = error
        self.signals.finished.emit(result)


class LatestJob(QObject):
    """Runs the latest requested work in the background and emits :attr:`done` with its result."""

    done = Signal(object)  # the result, or a WanggeError

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: _Job | None = None
        self._waiting: Callable[[], object] | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None or self._waiting is not None

    def request(self, work: Callable[[], object]) -> None:
        """Run ``work`` once the running work (if any) ends; a request not yet started is dropped for it."""
        self._waiting = work
        if self._running is None:
            self._start()

    def stop(self) -> None:
        """Forget the work waiting, wait for the running work to end and drop its result: for a closing view."""
        self._waiting = None
        running, self._running = self._running, None
        if running is not None:
            running.signals.finished.disconnect(self._finished)
            running.thread.join()

    def _start(self) -> None:
        work, self._waiting = self._waiting, None
        self._running = _Job(work)
        self._running.signals.finished.connect(self._finished)
        self._running.start()

    def _finished(self, result: object) -> None:
        if self._running is None:
            return  # stopped: an answer already on its way when the view asked for nothing more
        self._running = None
        if self._waiting is not None:
            self._start()  # asked again meanwhile: this answer is about data already replaced
        else:
            self.done.emit(result)
