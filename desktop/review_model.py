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

from collections.abc import Callable

import pandas as pd
from PySide6.QtCore import QObject, Signal

from desktop.store_events import StoreEvents
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


class ReviewModel(QObject):
    """The open project's review data, the filter, and what the filter selects."""

    changed = Signal()  # the data or the selection changed: read them again
    gridsChanged = Signal()  # the grids themselves (codes, names, officers): lists of choices follow

    def __init__(self, store_events: StoreEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store: ProjectStore | None = None
        self.data: ReviewData | None = None
        self.filter = ReviewFilter()
        self.selection: ReviewSelection | None = None
        self._summaries: pd.DataFrame | None = None
        self._summarised: ReviewData | None = None  # the data the summaries were counted from
        store_events.changed.connect(self._on_store_changed)

    def show_project(self, store: ProjectStore, data: ReviewData, review_filter: Callable[[], ReviewFilter]) -> None:
        """A project has been read: review it from now on, selecting by ``review_filter()``.

        The filter is asked for after the lists of choices have followed the
        new grids (:attr:`gridsChanged`), so it names only grids of this project.
        """
        self.store, self.data = store, data
        self.gridsChanged.emit()
        self.set_filter(review_filter())

    def close(self) -> None:
        self.store, self.data, self.selection = None, None, None

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
        """Each grid's counts for the map's county overview, counted again only when the data changed."""
        if self.data is None or self.store is None:
            return None
        if self._summarised is not self.data:
            cycles = KeyPersonCycles.from_settings(self.store.settings())
            self._summaries, self._summarised = grid_summaries(self.data, cycles), self.data
        return self._summaries

    def _select(self) -> None:
        if self.data is None:
            return
        self.selection = select(self.data, self.filter)
        self.changed.emit()
