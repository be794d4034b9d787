"""The georeferencer's fit, made on a worker thread after each edit and shown only if still current.

Fitting a sketch (every method, leave-one-out errors, the blunder rule) and
warping the overlay take tens to hundreds of milliseconds: on the GUI thread
they held up every drag of a control point. :class:`LiveFit` runs them through
:class:`desktop.background.LatestJob` once the edits pause for
:data:`FIT_DELAY_MS`; a fit of points that have changed again since is dropped
unseen, and :attr:`LiveFit.arrived` hands the newest one to the window with
the overlay already warped and the records it moves already worked out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from desktop.background import LatestJob
from desktop.georeferencer import markers
from maps.georef.sketch_georeference import FitState, Placement, SketchGeoreference
from maps.georef.warp import warp_sketch

PREVIEW_MAX_PIXELS = 500_000
"""The live overlay is warped to at most this many pixels: a scan's full resolution is for saving."""
FIT_DELAY_MS = 40
"""A fit starts when the edits pause this long: a fit running beside a moving hand shares the
interpreter with it and makes each of its edits slower, only to be dropped as stale."""


@dataclass(frozen=True)
class FitResult:
    """A fit made on a worker thread, with what the window draws from it and what it moves."""

    key: tuple  # the method, the points' ids and versions, and the points put back, it was made from
    state: FitState
    warped: tuple | None  # (QImage, extent) of the sketch over the map, or None
    placements: list[Placement]
    thread: int  # the thread it ran on, so tests can see it was not the GUI's


def fit_job(
    sketch: SketchGeoreference, preview: QImage, points: pd.DataFrame, method: str, vouched: tuple[str, ...]
) -> Callable[[], FitResult]:
    """The fit of ``points``, the overlay warped by it and the records it moves: work for a worker thread."""
    key = sketch.fit_key(points, method, vouched)
    size = sketch.size

    def job() -> FitResult:
        state = sketch.fit_points(points, method, vouched)
        warped, placements = None, []
        if state.transform is not None:
            bounds = sketch.drawing_bounds(points[["sketch_x", "sketch_y"]].to_numpy(dtype=float))
            drawing = markers.drawing_only(preview, size[0], bounds)
            image = warp_sketch(drawing, state.transform, sketch_size=size, max_pixels=PREVIEW_MAX_PIXELS)
            warped = (image.image, image.extent)
            placements = sketch.placements(state.transform)
        return FitResult(key, state, warped, placements, threading.get_ident())

    return job


class LiveFit(QObject):
    """Fits the newest points of one sketch in the background; :attr:`arrived` only with a current fit."""

    arrived = Signal(object)  # FitResult
    failed = Signal(object)  # the WanggeError that stopped the fit

    def __init__(self, sketch: SketchGeoreference, preview: QImage, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sketch, self.preview = sketch, preview
        self.wanted: tuple | None = None  # the key of the newest fit asked for
        self._next: Callable[[], FitResult] | None = None
        self._job = LatestJob(self)
        self._job.done.connect(self._done)
        self._timer = QTimer(self, singleShot=True, interval=FIT_DELAY_MS)
        self._timer.timeout.connect(lambda: self._job.request(self._next))

    @property
    def busy(self) -> bool:
        """Whether a fit asked for has not arrived yet."""
        return self._timer.isActive() or self._job.busy

    def request(self, points: pd.DataFrame, method: str, vouched: tuple[str, ...]) -> None:
        """Fit these points once the edits pause, unless the fit asked for last is of the same points."""
        key = self.sketch.fit_key(points, method, vouched)
        if key == self.wanted:
            return  # placing a household changes no control point: the fit stands
        self.wanted = key
        self._next = fit_job(self.sketch, self.preview, points, method, vouched)
        self._timer.start()  # a hand still moving the point makes more edits: fit once it pauses

    def stop(self) -> None:
        """Forget the fit asked for and wait for one running: for a closing window."""
        self._timer.stop()
        self._job.stop()

    def _done(self, result: object) -> None:
        if isinstance(result, FitResult):
            if result.key == self.wanted:  # else the points changed again: their fit is on its way
                self.arrived.emit(result)
        else:
            self.failed.emit(result)
