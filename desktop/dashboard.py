"""The station review dashboard: visit coverage, visits per week and disputes by grade beside the map.

A chief reviews grids against each other, then one grid in depth; so the
dashboard and the map show one choice. Clicking a grid's bar emits
:attr:`DashboardDock.gridChosen` and the window chooses it in the filter bar;
whatever the filter chooses comes back through :meth:`DashboardDock.show_review`
and is highlighted here. The figures themselves come from
:mod:`layers.assessment.dashboard_figures` and depend on the data only, so a filter change
re-colours the charts without counting again; counting waits while the dock is hidden.

Counting a county's hundred thousand households takes a second or two, so it
runs in a worker thread (:class:`desktop.background.LatestJob`) and the charts keep the last
figures until the new ones arrive; an edit made meanwhile makes the running
count stale and its result is dropped. The window holds only what its map
shows, so the count reads the project's households and disputes itself, and of its visits
only those of the weeks and months shown and the few that decide them
(:func:`layers.assessment.dashboard_figures.read_for_dashboard`), on its thread,
and only while the dashboard is shown.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QDockWidget, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.background import LatestJob
from desktop.review_model import ReviewModel
from desktop.store_events import StoreEvents
from layers.assessment.dashboard_figures import (
    STATION,
    DashboardFigures,
    UnitFigures,
    dashboard_figures,
    read_for_dashboard,
)
from layers.assessment.monthly import BY_GRADE, SPOT_CHECKS
from layers.errors import WanggeError
from layers.review import ReviewData, ReviewFilter, ReviewSelection
from layers.store import SETTINGS, Change, ProjectStore
from layers.visit_cycles import KeyPersonCycles
from layers.vocabulary import Grade, SpotCheckResult, VisitRecency
from maps.symbology import GRADE_COLOURS, RECENCY_MARKERS
from maps.words import term

if TYPE_CHECKING:
    import pyqtgraph as pg

    from desktop.dashboard_charts import ClickableBars

BAR_COLOUR = RECENCY_MARKERS[VisitRecency.VISITED].fill
"""Coverage bars in the map's "visited in cycle" blue; the chosen grid stays dark, the others fade."""
FADED_BAR_COLOUR = RECENCY_MARKERS[VisitRecency.DUE_SOON].fill
LINE_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf")
MOST_TICKS = 8
PANEL_FIGURES = ("coverage", "target", "checks", "key", "followups", "app", "loss", "days")
TARGET_LINE_COLOUR = "#8a1538"
"""The 100 % line of the task-list chart, in the bulletin's accent colour."""


class DashboardDock(QDockWidget):
    """Charts and figures of the station, or of the grid or officer the filter chooses."""

    gridChosen = Signal(str)  # grid id

    def __init__(
        self, store_events: StoreEvents | None = None, parent: QWidget | None = None, review: ReviewModel | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self._store: ProjectStore | None = None
        self.review = review
        if review is not None:
            review.queryChanged.connect(self._follow_review)
        self.figures: DashboardFigures | None = None
        self.highlighted: tuple[str, ...] = ()
        """Grid ids the filter chooses, in chart order; empty when it chooses all."""
        self.unit: tuple[str, str] = ("station", STATION)
        """Whose figures the panel and the dispute chart show: ``("station"|"grid"|"officer", key)``."""
        self._data: ReviewData | None = None
        self.cycles = KeyPersonCycles()
        """The station's key-person visit cycles (project settings), read again whenever the settings change."""
        self._generation = 0
        """Counts the data given; a count started for an older generation is stale."""
        self._counter = LatestJob(self)
        self._counter.done.connect(self._on_counted)
        if store_events is not None:
            store_events.changed.connect(self._on_store_changed)
        self._requested = 0
        """The generation last asked to be counted."""
        self._counted = 0
        self._officer = ""
        self.coverage_bars: ClickableBars | None = None
        self.target_bars: ClickableBars | None = None
        self.week_lines: dict[str, pg.PlotDataItem] = {}
        self._built = False  # the charts are made when first shown: pyqtgraph takes a fifth of a second to load
        self.retranslate()

    def _build(self) -> None:
        from desktop.dashboard_charts import quiet_plot

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 4)
        self.unit_label = QLabel()
        self.unit_label.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.figure_labels = {key: (QLabel(), QLabel()) for key in PANEL_FIGURES}
        figures_form = QFormLayout()
        figures_form.setContentsMargins(0, 0, 0, 0)
        for title, value in self.figure_labels.values():
            figures_form.addRow(title, value)
        self.coverage_title, self.target_title, self.weeks_title, self.disputes_title = (QLabel() for _ in range(4))
        self.coverage_plot, self.target_plot, self.weeks_plot, self.disputes_plot = (quiet_plot() for _ in range(4))
        self.coverage_title.setWordWrap(True)
        self.week_key = QLabel()
        self.week_key.setWordWrap(True)
        self.series_box = QComboBox()
        self.series_box.currentIndexChanged.connect(lambda _index: self._draw_disputes())
        layout.addWidget(self.unit_label)
        layout.addLayout(figures_form)
        for widget in (self.coverage_title, self.coverage_plot, self.target_title, self.target_plot, self.weeks_title,
                       self.weeks_plot, self.week_key, self.disputes_title, self.series_box,
                       self.disputes_plot):  # fmt: skip
            layout.addWidget(widget)
        for plot in (self.coverage_plot, self.target_plot, self.weeks_plot, self.disputes_plot):
            layout.setStretch(layout.indexOf(plot), 1)
        body.setMinimumWidth(380)
        self.setWidget(body)
        self._built = True

    # -- what to show --------------------------------------------------------
    def show_review(self, data: ReviewData, selection: ReviewSelection, review_filter: ReviewFilter) -> None:
        """Follow the window: new data is counted again (when shown), a new filter only re-highlights."""
        chosen = data.grids["id"][selection.grids]
        self.highlighted = () if len(chosen) == len(data.grids) else tuple(chosen)
        self._officer = next(iter(review_filter.officers)) if len(review_filter.officers) == 1 else ""
        if data is not self._data:
            self._data = data
            self._generation += 1
        self._refresh()

    def _follow_review(self) -> None:
        self.show_review(self.review.data, self.review.selection, self.review.filter)

    def set_store(self, store: ProjectStore | None) -> None:
        """A project was opened (or closed): count by its key-person cycles, reading its visits."""
        self._counter.stop()  # a count under way reads the store that is closing
        self._store = store
        if store is None:
            self._data = None  # nothing to count until the next project shows
        self._read_cycles()

    def _on_store_changed(self, change: Change) -> None:
        if change.layer == SETTINGS and self._store is not None:
            self._read_cycles()  # the station's rules changed (or were undone): count again by them

    def _read_cycles(self) -> None:
        self.cycles = KeyPersonCycles.from_settings(self._store.settings()) if self._store else KeyPersonCycles()
        self._generation += 1
        self._refresh()

    @property
    def is_current(self) -> bool:
        """Whether the figures shown are those of the latest data."""
        return self.figures is not None and self._counted == self._generation

    def _refresh(self) -> None:
        if self._data is None or self._store is None or not self.isVisible():
            return  # a hidden dashboard counts nothing; showEvent catches up
        if self._requested != self._generation:
            self._requested = self._generation
            data, cycles, store = self._data, self.cycles, self._store
            # the project is read here, on the counting thread, only while the dashboard is shown
            self._counter.request(
                lambda: dashboard_figures(read_for_dashboard(store, data.as_of, cycles), cycles=cycles)
            )
        if self.figures is None:
            self.unit_label.setText(self.tr("Counting..."))
            return
        order = list(self.figures.grids.index)
        self.highlighted = tuple(sorted(self.highlighted, key=order.index))
        self.unit = self._choose_unit()
        self._draw()

    def _on_counted(self, figures: DashboardFigures | WanggeError) -> None:
        self._counted = self._requested  # the job delivers the latest request's count only
        if isinstance(figures, WanggeError):
            self.unit_label.setText(figures.translated(QCoreApplication.translate))
            return
        self.figures = figures
        self._refresh()

    def _choose_unit(self) -> tuple[str, str]:
        if len(self.highlighted) == 1:
            return ("grid", self.highlighted[0])
        if self._officer and self._officer in self.figures.by_officer.counts.index:
            return ("officer", self._officer)
        return ("station", STATION)

    def _unit_figures(self) -> UnitFigures:
        kind = self.unit[0]
        return {"grid": self.figures.by_grid, "officer": self.figures.by_officer, "station": self.figures.station}[kind]

    def showEvent(self, event) -> None:
        if not self._built:
            self._build()
            self.retranslate()
        super().showEvent(event)
        self._refresh()

    # -- drawing -------------------------------------------------------------
    def _draw(self) -> None:
        self._draw_panel()
        self._draw_coverage()
        self._draw_targets()
        self._draw_weeks()
        self._draw_disputes()

    def _draw_panel(self) -> None:
        kind, key = self.unit
        if kind == "grid":
            grid = self.figures.grids.loc[key]
            heading = self.tr("Grid {code} {name} · {officer}").format(code=grid.code, name=grid["name"],
                                                                        officer=grid.officer)  # fmt: skip
        elif kind == "officer":
            heading = self.tr("Officer {name}").format(name=key)
        else:
            heading = self.tr("Whole station")
        self.unit_label.setText(heading)
        unit = self._unit_figures()
        counts = unit.counts.loc[key]
        values = {
            "coverage": self.tr("{share:.0%} ({visited:,} of {households:,} households)").format(
                share=counts["coverage"], visited=int(counts["in_cycle"]), households=int(counts["households"])
            ),
            "target": self._target_text(counts),
            "checks": self._spot_checks_text(counts),
            "key": f"{int(counts['key_persons_overdue']):,}",
            "followups": f"{int(counts['followups_overdue']):,}",
            "app": f"{counts['app_coverage']:.0%}",
            "loss": self.tr("¥{amount:,.0f}").format(amount=counts["loss_prevented_yuan"]),
            "days": self._median_days_text(unit.median_days_to_resolve.loc[key]),
        }
        for name, (_title, value) in self.figure_labels.items():
            value.setText(values[name])

    def _target_text(self, counts: pd.Series) -> str:
        if not counts["visit_target"]:
            return self.tr("no task list")
        return self.tr("{share:.0%} ({visited:,} of {target:,} households)").format(
            share=counts["target_progress"], visited=int(counts["target_households_visited"]),
            target=int(counts["visit_target"]),
        )  # fmt: skip

    def _spot_checks_text(self, counts: pd.Series) -> str:
        found = {result: int(counts[f"{SPOT_CHECKS}.{result.value}"]) for result in SpotCheckResult}
        return self.tr("{checked:,} called back: {confirmed:,} confirmed, {failed:,} not confirmed").format(
            checked=sum(found.values()), confirmed=found[SpotCheckResult.CONFIRMED],
            failed=found[SpotCheckResult.NOT_CONFIRMED],
        )  # fmt: skip

    def _median_days_text(self, medians: pd.Series) -> str:
        parts = []
        for grade in Grade:
            days = medians[grade.value]
            number = "–" if math.isnan(days) else f"{days:.1f}"
            parts.append(f"<span style='color:{GRADE_COLOURS[grade]}'>■</span> {term(grade)} {number}")
        return "&nbsp; ".join(parts)

    def _draw_coverage(self) -> None:
        counts = self.figures.by_grid.counts.loc[self.figures.grids.index]
        shares = counts["coverage"].to_numpy() * 100
        self.coverage_bars = self._grid_bars(self.coverage_plot, shares, [f"{share:.0f}%" for share in shares])

    def _draw_targets(self) -> None:
        counts = self.figures.by_grid.counts.loc[self.figures.grids.index]
        progress = counts["target_progress"].to_numpy() * 100
        texts = [self.tr("none") if math.isnan(share) else f"{share:.0f}%" for share in progress]
        self.target_bars = self._grid_bars(self.target_plot, np.nan_to_num(progress), texts)
        import pyqtgraph as pg

        target_line = pg.mkPen(TARGET_LINE_COLOUR, width=1.5, style=Qt.PenStyle.DashLine)
        self.target_plot.addItem(pg.InfiniteLine(pos=100, angle=0, pen=target_line))

    def _grid_bars(self, plot: pg.PlotWidget, shares: np.ndarray, texts: list[str]) -> ClickableBars:
        """Percent bars, one per grid in chart order, labelled above; a click on one chooses its grid."""
        import pyqtgraph as pg

        from desktop.dashboard_charts import INK, ClickableBars, chart_font, set_category_ticks

        plot.clear()
        grids = self.figures.grids
        bars = ClickableBars(shares, [self._bar_colour(grid_id) for grid_id in grids.index])
        bars.barClicked.connect(lambda index: self.gridChosen.emit(str(grids.index[index])))
        plot.addItem(bars)
        for index, (share, text) in enumerate(zip(shares, texts)):
            label = pg.TextItem(text, color=INK, anchor=(0.5, 1.0))
            label.setFont(chart_font(8))
            label.setPos(index, min(share, 100))
            plot.addItem(label)
        set_category_ticks(plot, list(grids["code"]), every=math.ceil(len(grids) / MOST_TICKS))
        plot.setYRange(0, 118, padding=0)
        plot.getAxis("left").setTicks([[(value, f"{value}%") for value in (0, 50, 100)], []])
        return bars

    def _bar_colour(self, grid_id: str) -> str:
        return FADED_BAR_COLOUR if self.highlighted and grid_id not in self.highlighted else BAR_COLOUR

    def _draw_weeks(self) -> None:
        import pyqtgraph as pg

        from desktop.dashboard_charts import set_category_ticks, set_count_range

        plot = self.weeks_plot
        plot.clear()
        self.week_lines = {}
        per_week = self.figures.by_grid.visits_per_week
        keys = []
        for position, (grid_id, code) in enumerate(self.figures.grids["code"].items()):
            colour = QColor(LINE_COLOURS[position % len(LINE_COLOURS)])
            chosen = grid_id in self.highlighted
            if self.highlighted and not chosen:
                colour.setAlpha(90)
            pen = pg.mkPen(colour, width=3.0 if chosen else 1.5)
            line = plot.plot(np.arange(len(self.figures.weeks)), per_week.loc[grid_id].to_numpy(), pen=pen)
            line.setZValue(1 if chosen else 0)
            self.week_lines[grid_id] = line
            keys.append(f"<span style='color:{colour.name()}'>━</span> {code}")
        self.week_key.setText("&nbsp; ".join(keys))
        set_category_ticks(plot, [monday.strftime("%m-%d") for monday in self.figures.weeks], every=3)
        set_count_range(plot, per_week.to_numpy().max(initial=0))

    def _draw_disputes(self) -> None:
        if self.figures is None:
            return
        from desktop.dashboard_charts import set_category_ticks, set_count_range, stacked_bars

        plot = self.disputes_plot
        plot.clear()
        series = self.series_box.currentData() or BY_GRADE[0]
        table = self._unit_figures().disputes_of(self.unit[1], series)
        stacked_bars(plot, [(table[grade.value].to_numpy(), GRADE_COLOURS[grade]) for grade in Grade])
        set_category_ticks(plot, [self._month_word(month) for month in self.figures.months])
        set_count_range(plot, table.sum(axis=1).max())

    def _month_word(self, month: str) -> str:
        """``2026-06`` as "Jun" or "6月"."""
        words = (
            self.tr("Jan"), self.tr("Feb"), self.tr("Mar"), self.tr("Apr"), self.tr("May"), self.tr("Jun"),
            self.tr("Jul"), self.tr("Aug"), self.tr("Sep"), self.tr("Oct"), self.tr("Nov"), self.tr("Dec"),
        )  # fmt: skip
        return words[int(month[5:7]) - 1]

    # -- language ------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Dashboard"))
        if not self._built:
            return  # the rest is worded when the charts are made
        titles = {
            "coverage": self.tr("Visit coverage"),
            "target": self.tr("Task list this month"),
            "checks": self.tr("Spot checks this month"),
            "key": self.tr("Key persons overdue"),
            "followups": self.tr("Follow-ups overdue"),
            "app": self.tr("Anti-fraud app installed"),
            "loss": self.tr("Losses prevented (6 months)"),
            "days": self.tr("Median days to resolve"),
        }
        for name, (title, _value) in self.figure_labels.items():
            title.setText(titles[name])
        self.coverage_title.setText(
            self.tr("Households visited within their cycle, by grid (click a bar, or a grid on the map, to choose it)")
        )
        self.target_title.setText(self.tr("Task list this month: households visited of the target, by grid"))
        self.weeks_title.setText(self.tr("Visits per week, by grid"))
        self.disputes_title.setText(self.tr("Disputes by grade per month"))
        current = self.series_box.currentData()
        self.series_box.blockSignals(True)
        self.series_box.clear()
        for series, text in (
            ("disputes_reported", self.tr("Reported")),
            ("disputes_resolved", self.tr("Resolved")),
            ("disputes_open", self.tr("Open at month end")),
        ):
            self.series_box.addItem(text, series)
        self.series_box.setCurrentIndex(max(self.series_box.findData(current), 0))
        self.series_box.blockSignals(False)
        if self.figures is not None and self.isVisible():
            self._draw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
