"""A minimal event emitter, so models can tell views about changes without knowing them.

As in napari, the model (a store, a layer) emits; the desktop subscribes and
turns events into repaints. No Qt here: callbacks run in the emitting thread,
and the Qt side re-posts to the GUI thread when it needs to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

Event = TypeVar("Event")


class EventEmitter(Generic[Event]):
    """Calls every connected callback with each emitted event, in connection order."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[Event], None]] = []

    def connect(self, callback: Callable[[Event], None]) -> Callable[[Event], None]:
        self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callable[[Event], None]) -> None:
        self._callbacks.remove(callback)

    def emit(self, event: Event) -> None:
        for callback in list(self._callbacks):
            callback(event)
