"""A render in a worker thread that can be canceled, as QGIS's map renderer jobs are.

The canvas starts a job for every new view and cancels the one before: only
the newest finished image is shown, and a canceled job stops at the next
layer instead of finishing work nobody will see.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from layers.errors import Canceled
from maps.map_content import MapContent
from maps.map_settings import MapSettings
from maps.renderer import RenderedMap, render_map


class RenderSignals(QObject):
    """Lives in the thread that started the job, so its signals arrive there (queued)."""

    finished = Signal(object, object)  # MapSettings, RenderedMap
    canceled = Signal(object)  # MapSettings


class RenderJob(QRunnable):
    def __init__(self, settings: MapSettings, content: MapContent) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the canvas keeps it until it reports
        self.settings, self.content = settings, content
        self.signals = RenderSignals()
        self._cancel = threading.Event()
        self._done = threading.Event()
        self.result: RenderedMap | None = None

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_canceled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            self.result = render_map(self.settings, self.content, self._cancel.is_set)
        except Canceled:
            self.signals.canceled.emit(self.settings)
        else:
            self.signals.finished.emit(self.settings, self.result)
        finally:
            self._done.set()

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(self)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job ended (finished or canceled); for shutdown and tests."""
        return self._done.wait(timeout)
