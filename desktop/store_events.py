"""Store change events carried into the GUI thread.

A shared database reports other officers' edits from a listener thread; a
window connects the store's emitter to :attr:`StoreEvents.changed`, whose
queued delivery runs its slots in the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class StoreEvents(QObject):
    """Re-emits :class:`~layers.store.Change` events as a Qt signal."""

    changed = Signal(object)
