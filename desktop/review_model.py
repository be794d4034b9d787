"""The review a window shows, as a model its views subscribe to, in the manner of napari's layers and events.

The window hands it a project once read; edits committed to the store (by
this window, another window or another officer) reach it through the store's
events and are folded into the review data (:func:`layers.review.with_change`);
the filter chosen in the filter bar selects from it. Each view (the map, the
attribute table, the dashboard, the route planner, the filter bar) listens to
:attr:`ReviewModel.changed` or :attr:`ReviewModel.gridsChanged` itself and
reads what it shows; the window pushes nothing to any of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pandas as pd
from PySide6.QtCore import QObject, Signal

from desktop.background import LatestJob
from desktop.store_events import StoreEvents
from layers.errors import WanggeError
from layers.review import (
    REVIEW_LAYERS,
    ReviewData,
    ReviewFilter,
    ReviewSelection,
    grid_summaries,
    select,
    with_change,
)
from layers.store import Change, ProjectStore
from layers.visit_cycles import KeyPersonCycles

logger = logging.getLogger(__name__)


class ReviewModel(QObject):
    """The open project's review data, the filter, and what the filter selects."""

    changed = Signal()  # the data or the selection changed: read them again
    gridsChanged = Signal()  # the grids themselves (codes, names, officers): lists of choices follow
    summariesChanged = Signal()  # the counts per grid were counted again (on a thread): the overview follows

    def __init__(self, store_events: StoreEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store: ProjectStore | None = None
        self.data: ReviewData | None = None
        self.filter = ReviewFilter()
        self.selection: ReviewSelection | None = None
        self._summaries: pd.DataFrame | None = None
        self._summarised: ReviewData | None = None  # the data the summaries were counted from
        self._counting: ReviewData | None = None  # the data being counted on the thread
        self._counter = LatestJob(self)
        self._counter.done.connect(self._on_counted)
        store_events.changed.connect(self._on_store_changed)

    def show_project(
        self,
        store: ProjectStore,
        data: ReviewData,
        review_filter: Callable[[], ReviewFilter],
        summaries: pd.DataFrame | None = None,
    ) -> None:
        """A project has been read: review it from now on, selecting by ``review_filter()``.

        The filter is asked for after the lists of choices have followed the
        new grids (:attr:`gridsChanged`), so it names only grids of this project.
        ``summaries`` are the counts per grid of ``data`` when the reading counted them too.
        """
        self._counter.stop()
        self.store, self.data = store, data
        self._summaries, self._summarised, self._counting = summaries, (None if summaries is None else data), None
        self.gridsChanged.emit()
        self.set_filter(review_filter())

    def close(self) -> None:
        self._counter.stop()
        self.store, self.data, self.selection = None, None, None
        self._summaries, self._summarised, self._counting = None, None, None

    def set_filter(self, review_filter: ReviewFilter) -> None:
        self.filter = review_filter
        self._select()

    def _on_store_changed(self, change: Change) -> None:
        """Someone committed an edit: fold in what it touched."""
        if self.store is None or self.data is None or change.layer not in REVIEW_LAYERS:
            return
        self.data = with_change(self.data, self.store, change)
        if change.layer == "grids":
            self.gridsChanged.emit()
        self._select()

    @property
    def grid_summaries(self) -> pd.DataFrame | None:
        """Each grid's counts for the map's county overview, as last counted.

        When the data changed they are counted again on a thread (a tenth of a
        second at 100,000 households, seconds at a million: never on the
        window's), and :attr:`summariesChanged` says when they are ready.
        """
        if self.data is None or self.store is None:
            return None
        if self._summarised is not self.data and self._counting is not self.data:
            data, cycles = self.data, KeyPersonCycles.from_settings(self.store.settings())
            self._counting = data
            self._counter.request(lambda: (data, grid_summaries(data, cycles)))
        return self._summaries

    def _on_counted(self, counted: tuple[ReviewData, pd.DataFrame] | WanggeError) -> None:
        self._counting = None
        if isinstance(counted, WanggeError):  # counting in memory raises none; said, should it ever
            logger.warning("counting the grids failed: %s", counted)
            return
        self._summarised, self._summaries = counted
        self.summariesChanged.emit()

    def _select(self) -> None:
        if self.data is None:
            return
        self.selection = select(self.data, self.filter)
        self.changed.emit()
