"""The review a window shows, as a model its views subscribe to, in the manner of napari's layers and events.

A county keeps a million households: the window never holds them all. The
model keeps what the map's view shows (:class:`~maps.project_map.MapReading`:
by extent, and no household at all in the overview), read again on a thread
when the view leaves what was read; everything about the whole project (the
status bar's counts, the overview's counts per grid, the attribute table's
pages) is asked of the store, on threads, by the filter as a query
(:func:`layers.review.review_query`).

Edits committed to the store (by this window, another window or another
officer) reach it through the store's events and are folded into the records
in view (:func:`layers.review.with_change`) and counted again. Each view (the
map, the attribute table, the dashboard, the route planner, the filter bar)
listens to :attr:`ReviewModel.changed` or :attr:`ReviewModel.gridsChanged`
itself and reads what it shows; the window pushes nothing to any of them.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.background import LatestJob
from desktop.store_events import StoreEvents
from layers.errors import WanggeError
from layers.review import (
    PATCH_UP_TO,
    REVIEW_LAYERS,
    ReviewData,
    ReviewFilter,
    ReviewSelection,
    asked_of,
    review_counts,
    select,
    with_change,
)
from layers.store import Change, ProjectStore
from maps.map_settings import MapSettings
from maps.project_map import MapReading

ROOM_TO_PAN = 0.5
"""Share of a view's width read beyond each of its sides, so that panning a little reads nothing again."""


class ReviewModel(QObject):
    """The open project's records in view, the filter, what the filter selects of them, and the store's counts."""

    changed = Signal()  # the records in view or the selection changed: read them again
    queryChanged = Signal()  # the filter changed or an edit was committed: what the store selects may differ
    gridsChanged = Signal()  # the grids themselves (codes, names, officers): lists of choices follow
    summariesChanged = Signal()  # the counts per grid were counted again (on a thread): the overview follows
    countsChanged = Signal()  # the store counted what the filter selects (on a thread): the status bar follows
    problem = Signal(str)  # a reading failed: said in the user's language by whoever listens

    def __init__(self, store_events: StoreEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store: ProjectStore | None = None
        self.data: ReviewData | None = None
        self.reading: MapReading | None = None  # what ``data`` holds of the project
        self.filter = ReviewFilter()
        self.selection: ReviewSelection | None = None
        self.counts: dict[str, int] | None = None  # None while the store counts
        self._summaries: pd.DataFrame | None = None
        self._view: MapSettings | None = None
        self._edited_while_reading = False
        self._reader = LatestJob(self)
        self._reader.done.connect(self._on_read)
        self._summariser = LatestJob(self)
        self._summariser.done.connect(self._on_summarised)
        self._counter = LatestJob(self)
        self._counter.done.connect(self._on_counted)
        store_events.changed.connect(self._on_store_changed)

    def show_project(
        self,
        store: ProjectStore,
        data: ReviewData,
        reading: MapReading | None,
        review_filter: Callable[[], ReviewFilter],
        summaries: pd.DataFrame | None = None,
    ) -> None:
        """A project has been read (``reading`` of it, or all of it for ``None``): review it from now on,
        selecting by ``review_filter()``.

        The filter is asked for after the lists of choices have followed the
        new grids (:attr:`gridsChanged`), so it names only grids of this project.
        ``summaries`` are the store's counts per grid when the reading counted them too.
        """
        self._stop_jobs()
        self.store, self.data, self.reading, self._view = store, data, reading, None
        self._summaries = summaries
        if summaries is None:
            self._summarise()
        self.gridsChanged.emit()
        self.set_filter(review_filter())

    def close(self) -> None:
        self._stop_jobs()
        self.store, self.data, self.selection, self.reading, self.counts = None, None, None, None, None
        self._summaries, self._view = None, None

    @property
    def busy(self) -> bool:
        """Whether records in view are being read or the store is counting."""
        return any(job.busy for job in (self._reader, self._summariser, self._counter))

    def _stop_jobs(self) -> None:
        for job in (self._reader, self._summariser, self._counter):
            job.stop()

    def set_filter(self, review_filter: ReviewFilter) -> None:
        self.filter = review_filter
        self._select()
        self._count()
        self.queryChanged.emit()

    # -- the records in view ----------------------------------------------------------
    def set_view(self, view: MapSettings) -> None:
        """The map shows ``view``: read its records on a thread unless those read already draw it."""
        self._view = view
        if self.store is not None and self.reading is not None and not self.reading.covers(view):
            self._read(MapReading.for_view(view, ROOM_TO_PAN))

    def _read(self, reading: MapReading) -> None:
        store, as_of = self.store, self.data.as_of
        self._reader.request(lambda: (reading, asked_of(store, "households", lambda: reading.read(store, as_of))))

    def _on_read(self, read: tuple[MapReading, ReviewData] | WanggeError) -> None:
        if isinstance(read, WanggeError):
            self.problem.emit(read.translated(QCoreApplication.translate))
            return
        self.reading, self.data = read
        if self._edited_while_reading:  # the records read may predate an edit folded into those they replace
            self._edited_while_reading = False
            self._read(self.reading)
        self._select()
        if self._view is not None and not self.reading.covers(self._view):  # the view moved on meanwhile
            self.set_view(self._view)

    def _on_store_changed(self, change: Change) -> None:
        """Someone committed an edit: fold in what it touched, and count again."""
        if self.store is None or self.data is None or change.layer not in REVIEW_LAYERS:
            return
        self._edited_while_reading = self._edited_while_reading or self._reader.busy
        touched = len(change.inserted) + len(change.updated) + len(change.deleted)
        if touched > PATCH_UP_TO and self.reading is not None and change.layer != "grids":
            self._read(self.reading)  # an import: what the view shows is read again, not the layer
        else:
            self.data = with_change(self.data, self.store, change)
        if change.layer == "grids":
            self.gridsChanged.emit()
        self._select()
        self._count()
        self._summarise()
        self.queryChanged.emit()

    def _select(self) -> None:
        if self.data is None:
            return
        self.selection = select(self.data, self.filter)
        self.changed.emit()

    # -- the store's counts --------------------------------------------------------------
    @property
    def grid_summaries(self) -> pd.DataFrame | None:
        """Each grid's counts for the map's county overview, as the store last counted them
        (:attr:`summariesChanged` says when they are counted again after an edit)."""
        return self._summaries

    def _summarise(self) -> None:
        store, as_of = self.store, self.data.as_of
        self._summariser.request(lambda: asked_of(store, "households", lambda: store.grid_summaries(as_of)))

    def _on_summarised(self, summaries: pd.DataFrame | WanggeError) -> None:
        if isinstance(summaries, WanggeError):
            self.problem.emit(summaries.translated(QCoreApplication.translate))
            return
        self._summaries = summaries
        self.summariesChanged.emit()

    def _count(self) -> None:
        """Count what the filter selects in the whole project, on a thread; :attr:`counts` is None meanwhile."""
        if self.store is None or self.data is None:
            return
        store, grids, review_filter, as_of = self.store, self.data.grids, self.filter, self.data.as_of
        self.counts = None
        self._counter.request(
            lambda: asked_of(store, "households", lambda: review_counts(store, grids, review_filter, as_of))
        )
        self.countsChanged.emit()

    def _on_counted(self, counts: dict[str, int] | WanggeError) -> None:
        if isinstance(counts, WanggeError):
            self.problem.emit(counts.translated(QCoreApplication.translate))
            return
        self.counts = counts
        self.countsChanged.emit()
