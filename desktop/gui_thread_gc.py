"""Python's cycle collector kept on the GUI thread.

The collector runs in whichever thread happens to allocate when its threshold is
crossed. On one of our worker threads (counting for a dock, fitting a sketch,
printing) it may finalize the Python side of Qt objects that live on the GUI thread
(a closed window's reference cycle), and the process crashes: a segfault
"Garbage-collecting" in a counting thread. So automatic collection is turned off
and a timer on the GUI thread collects instead, generation by generation as the
collector itself would, the remedy pyqtgraph's ``GarbageCollector`` applies.
Importing pyqtgraph for it took a third of a second at every start, for a chart
library only the dashboard draws with.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

COLLECT_EVERY_S = 1.0


class _GuiThreadCollector(QObject):
    """Collects, on its timer's (the GUI) thread, the generations whose counts passed their thresholds."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self, interval=int(COLLECT_EVERY_S * 1000))
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        for generation, (count, threshold) in enumerate(zip(gc.get_count(), self._thresholds)):
            if count <= threshold:
                return  # an older generation is collected only when the younger one was
            gc.collect(generation)


def collect_on_gui_thread(app: QCoreApplication) -> None:
    """Collect cycles only on ``app``'s thread, every :data:`COLLECT_EVERY_S` (once per application)."""
    if getattr(app, "_wangge_garbage_collector", None) is None:
        app._wangge_garbage_collector = _GuiThreadCollector(app)
