"""Progress and cancellation for long operations, as in QGIS Processing.

A long job (demo generation, import, atlas, route solving) takes a
:class:`Feedback`, reports progress to it and asks it whether to stop. The job
never touches a widget: the desktop dialog subclasses this to drive a progress
bar with Cancel, the CLI prints percentages, tests use it as is.
"""

from __future__ import annotations

from layers.errors import Canceled


class Feedback:
    """Receives progress (0-100) and step messages; says whether to cancel."""

    def __init__(self) -> None:
        self._canceled = False
        self.progress = 0.0
        self.messages: list[str] = []

    def cancel(self) -> None:
        self._canceled = True

    def is_canceled(self) -> bool:
        return self._canceled

    def raise_if_canceled(self) -> None:
        """Call between steps: stops the job with :class:`Canceled` once canceled."""
        if self.is_canceled():
            raise Canceled()

    def set_progress(self, percent: float) -> None:
        self.progress = max(0.0, min(100.0, float(percent)))

    def push_info(self, message: str, **params: object) -> None:
        """Say what the job is doing now: ``message`` is an English template marked for translation
        (``QT_TRANSLATE_NOOP("Feedback", ...)``) that ``params`` fill, so that a view can show it in the
        reader's language; a ``layer`` parameter is a layer's table name, which a view may show as its title.
        """
        self.messages.append(message.format(**params) if params else message)

    def step(self, start: float, end: float) -> FeedbackStep:
        """A view of this feedback whose 0-100 maps onto ``start``-``end`` here."""
        return FeedbackStep(self, start, end)


class FeedbackStep(Feedback):
    """Part of a larger job: scales progress into the parent's range."""

    def __init__(self, parent: Feedback, start: float, end: float) -> None:
        super().__init__()
        self._parent = parent
        self._start = start
        self._end = end

    def is_canceled(self) -> bool:
        return self._parent.is_canceled()

    def cancel(self) -> None:
        self._parent.cancel()

    def set_progress(self, percent: float) -> None:
        super().set_progress(percent)
        self._parent.set_progress(self._start + (self._end - self._start) * self.progress / 100.0)

    def push_info(self, message: str, **params: object) -> None:
        self._parent.push_info(message, **params)
