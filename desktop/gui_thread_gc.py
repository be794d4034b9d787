"""Python's cycle collector kept on the GUI thread.

The collector runs in whichever thread happens to allocate when its threshold is
crossed. On one of our worker threads (counting for a dock, fitting a sketch,
printing) it may finalize the Python side of Qt objects that live on the GUI thread
(a closed window's reference cycle), and the process crashes: a segfault
"Garbage-collecting" in a counting thread. So automatic collection is turned off
and a timer on the GUI thread collects instead, as pyqtgraph's
:class:`~pyqtgraph.util.garbage_collector.GarbageCollector` does for exactly this.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

COLLECT_EVERY_S = 1.0


def collect_on_gui_thread(app: QCoreApplication) -> None:
    """Collect cycles only on ``app``'s thread, every :data:`COLLECT_EVERY_S` (once per application)."""
    from pyqtgraph.util.garbage_collector import GarbageCollector

    if getattr(app, "_wangge_garbage_collector", None) is None:
        app._wangge_garbage_collector = GarbageCollector(interval=COLLECT_EVERY_S)
