"""The day's route (or a week's) planned beside the map: who to reach, in what order, along which roads.

An officer chooses whose grids and which day, how he travels and how long his
day is; the station's rules (:mod:`layers.routing.targets`, weights kept in the
project so every officer of the station plans by the same ones) pick the
households, and he may pick more on the map. Planning runs with a progress
dialog and Cancel; the route is drawn on the canvas with numbered stops and its
direction (:func:`maps.route_drawing.draw_route`, the same drawing the printed
route sheet uses), listed stop by stop, and can leave the app as GPX for a
phone or as the printed route sheet.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QDate, QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.edit_commands import ChangeSettings, ReportError, push_edit
from desktop.map_canvas import MapCanvas
from desktop.review_model import ReviewModel
from desktop.store_events import StoreEvents
from desktop.task_runner import Task, TaskRunner
from layers.errors import WanggeError
from layers.feedback import Feedback
from layers.printed_sheets import SheetEntry, register_sheets
from layers.review import ReviewData
from layers.routing.gpx import write_gpx
from layers.routing.plan import (
    DRIVING_KMH,
    WALKING_KMH,
    WORKING_DAY_H,
    WORKING_DAY_SETTING,
    RoutePlan,
    RouteSettings,
    WeekPlan,
    plan_week,
    working_day_or_default,
)
from layers.routing.roads import project_roads
from layers.routing.stop import Stop
from layers.routing.targets import TargetReason, TargetRules, find_targets, police_office
from layers.store import SETTINGS, Change, ProjectStore
from layers.values import STATION_TIMEZONE, station_today
from layers.vocabulary import LandmarkKind
from maps.print.route_sheet import clock, print_route_sheet, reason_words
from maps.print.sheet_register import PrintedDocument
from maps.route_drawing import draw_route, route_extent
from maps.words import term

RULES_SETTING = "route_rules"
"""Project setting holding the station's rule weights as JSON: every officer plans by the same rules."""
PICK_REACH_PX = 12
PICKED_COLOUR = "#c2185b"
"""Rings round picked households: a colour no household or dispute symbol uses."""
WEIGHTED_REASONS = tuple(TargetReason)
ROUTE_PAGE = 1
SPLIT_OVER_DAYS, SPLIT_OVER_OFFICERS = "days", "officers"
"""A week plan splits the targets over days (one officer) or over officers (each from his grids' office)."""


class RoutePlannerDock(QDockWidget):
    """Plan a day or a week; the plan is drawn on ``canvas`` while the dock is open."""

    planned = Signal(object)  # WeekPlan

    def __init__(
        self,
        canvas: MapCanvas,
        parent: QWidget | None = None,
        tasks: TaskRunner | None = None,
        review: ReviewModel | None = None,
        undo_stack: QUndoStack | None = None,
        report_error: ReportError | None = None,
        store_events: StoreEvents | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("route_planner")
        if store_events is not None:
            store_events.changed.connect(self._on_store_changed)
        self.undo_stack = undo_stack or QUndoStack(self)  # the station's weights are kept as an undoable edit
        self.report_error = report_error or (lambda message: QMessageBox.warning(self, self.windowTitle(), message))
        self.review = review
        if review is not None:
            review.changed.connect(self._follow_review)
        self.canvas = canvas
        self.tasks = tasks or TaskRunner(self)
        self.pages_printed = 0
        self.store: ProjectStore | None = None
        self.data: ReviewData | None = None
        self.week: WeekPlan | None = None
        self.picked: list[str] = []
        self._picked_at: dict[str, tuple[float, float]] = {}  # metres: the map's records change as it moves
        self._build()
        self.tasks.busyChanged.connect(self._on_tasks_busy)
        canvas.overlays.append(self._paint_route)
        self.visibilityChanged.connect(self._visibility_changed)
        self.retranslate()

    # -- building ------------------------------------------------------------
    def _build(self) -> None:
        settings_page, route_page = QWidget(), QWidget()
        layout = QVBoxLayout(settings_page)
        layout.setContentsMargins(6, 4, 6, 4)
        self.officer_box = QComboBox()
        today = station_today()
        self.day_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.days_box = QSpinBox()
        self.days_box.setRange(1, 7)
        self.split_box = QComboBox()
        self.split_box.currentIndexChanged.connect(
            lambda _index: self.days_box.setEnabled(self.split_box.currentData() != SPLIT_OVER_OFFICERS)
        )
        self.route_names: list[str] = []
        """What each route of the plan is: a day, or an officer."""
        self.start_box = QComboBox()
        self.travel_box = QComboBox()
        self.speed_box = QDoubleSpinBox()
        self.speed_box.setRange(1.0, 120.0)
        self.speed_box.setSuffix(" km/h")
        self.service_box = QSpinBox()
        self.service_box.setRange(0, 240)
        self.service_box.setValue(round(RouteSettings().service_min))
        self.budget_check = QCheckBox()
        self.budget_box = QDoubleSpinBox()
        self.budget_box.setRange(0.25, 16.0)
        self.budget_box.setSingleStep(0.5)
        self.budget_box.setValue(WORKING_DAY_H)
        self.budget_box.setSuffix(" h")
        self.budget_check.toggled.connect(self.budget_box.setEnabled)
        self.budget_check.setChecked(True)
        budget_row = QHBoxLayout()
        budget_row.addWidget(self.budget_check)
        budget_row.addWidget(self.budget_box, 1)
        self.travel_box.currentIndexChanged.connect(self._travel_chosen)
        fields = {"officer": self.officer_box, "day": self.day_edit, "split": self.split_box, "days": self.days_box,
                  "start": self.start_box, "travel": self.travel_box, "speed": self.speed_box,
                  "service": self.service_box}  # fmt: skip
        self.labels = {key: QLabel() for key in (*fields, "budget")}
        form = QFormLayout()
        for key, field in fields.items():
            form.addRow(self.labels[key], field)
        form.addRow(self.labels["budget"], budget_row)
        layout.addLayout(form)

        self.rules_title = QLabel()
        self.rules_table = QTableWidget(len(WEIGHTED_REASONS), 2)
        self.rules_table.verticalHeader().hide()
        self.rules_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.weight_boxes: dict[TargetReason, QSpinBox] = {}
        for row, reason in enumerate(WEIGHTED_REASONS):
            box = QSpinBox()
            box.setRange(0, 1000)
            self.rules_table.setCellWidget(row, 1, box)
            self.weight_boxes[reason] = box
        layout.addWidget(self.rules_title)
        layout.addWidget(self.rules_table, 1)

        self.pick_button = QPushButton(checkable=True)
        self.pick_button.toggled.connect(self._picking_toggled)
        self.picked_label = QLabel()
        pick_row = QHBoxLayout()
        pick_row.addWidget(self.pick_button)
        pick_row.addWidget(self.picked_label, 1)
        layout.addLayout(pick_row)
        self.plan_button = QPushButton()
        self.plan_button.clicked.connect(self.plan)
        layout.addWidget(self.plan_button)

        self.route_box = QComboBox()
        self.route_box.currentIndexChanged.connect(lambda _index: self._show_route())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.stop_table = QTableWidget(0, 4)
        self.stop_table.verticalHeader().hide()
        self.stop_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.stop_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.stop_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.gpx_button, self.sheet_button = QPushButton(), QPushButton()
        self.gpx_button.clicked.connect(self.export_gpx)
        self.sheet_button.clicked.connect(self.print_sheet)
        buttons = QHBoxLayout()
        buttons.addWidget(self.gpx_button)
        buttons.addWidget(self.sheet_button)
        layout = QVBoxLayout(route_page)
        layout.setContentsMargins(6, 4, 6, 4)
        for widget in (self.route_box, self.summary, self.stop_table):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.setStretch(layout.indexOf(self.stop_table), 1)
        self.pages = QTabWidget()
        self.pages.addTab(settings_page, "")
        self.pages.addTab(route_page, "")
        self.pages.setMinimumWidth(360)
        self.setWidget(self.pages)
        self._show_week()

    # -- following the window --------------------------------------------------
    def set_project(self, store: ProjectStore | None, data: ReviewData | None) -> None:
        """A newly opened project: its officers, landmarks and the station's rule weights."""
        self.store, self.data, self.week, self.picked, self._picked_at = store, data, None, [], {}
        self._fill_choices()
        rules = self.station_rules()
        for reason, box in self.weight_boxes.items():
            box.setValue(rules.weight(reason))
        self.budget_box.setValue(self.station_working_day())
        self._show_week()

    def _follow_review(self) -> None:
        if self.store is not None:  # picking on the map uses the latest positions
            self.set_data(self.review.data)

    def set_data(self, data: ReviewData) -> None:
        """The review data changed (an edit): picking uses the latest positions."""
        self.data = data

    def station_rules(self) -> TargetRules:
        """The weights kept in the project, or the defaults; weights the project cannot give are the defaults."""
        if self.store is None:
            return TargetRules()
        text = self.store.settings().get(RULES_SETTING)
        try:
            return TargetRules().with_weights(json.loads(text), RULES_SETTING) if text else TargetRules()
        except (ValueError, WanggeError):
            return TargetRules()

    def _on_store_changed(self, change: Change) -> None:
        if change.layer == SETTINGS and WORKING_DAY_SETTING in change.updated and self.store is not None:
            self.budget_box.setValue(self.station_working_day())  # the station changed its day (or undid it)

    def station_working_day(self) -> float:
        """The station's working day in hours (a station rule), or the default when it set none or none readable."""
        return WORKING_DAY_H if self.store is None else working_day_or_default(self.store.settings())

    def _fill_choices(self) -> None:
        self.officer_box.clear()
        self.start_box.clear()
        if self.data is None:
            return
        self.officer_box.addItem(self.tr("Whole station"), None)
        for officer in sorted(set(self.data.grids["officer"].dropna())):
            self.officer_box.addItem(officer, officer)
        self.start_box.addItem(self.tr("Police office of the grids"), None)
        landmarks = self.data.landmarks  # read with the first view, which shows the whole project
        offices_first = landmarks.sort_values(
            "kind", key=lambda kinds: kinds != LandmarkKind.POLICE_OFFICE.value, kind="stable"
        )  # fmt: skip
        for landmark in offices_first.itertuples(index=False):
            if np.isfinite(landmark.x):
                self.start_box.addItem(f"{landmark.name}", (landmark.id, landmark.x, landmark.y, landmark.name))

    def _travel_chosen(self, index: int) -> None:
        speed = self.travel_box.itemData(index)
        if speed is not None:
            self.speed_box.setValue(speed)

    def _visibility_changed(self, visible: bool) -> None:
        if not visible:
            self.pick_button.setChecked(False)  # a hidden planner must not keep taking the map's clicks
        self.canvas.update()

    # -- picking on the map ----------------------------------------------------
    def _picking_toggled(self, on: bool) -> None:
        if on:
            self.canvas.tool = self
        elif self.canvas.tool is self:
            self.canvas.tool = None

    def press(self, position: QPointF) -> bool:
        """Canvas tool: a click near a household picks it, or unpicks it when it was picked."""
        if self.data is None:
            return False
        point = self.canvas.to_map(position)
        households = self.data.households
        distances = np.hypot(households["x"].to_numpy() - point.x(), households["y"].to_numpy() - point.y())
        if not np.isfinite(distances).any():
            return False
        nearest = int(np.nanargmin(distances))
        if distances[nearest] > PICK_REACH_PX * self.canvas.metres_per_pixel:
            return False
        household_id = str(households["id"].iloc[nearest])
        if household_id in self.picked:
            self.picked.remove(household_id)
            del self._picked_at[household_id]
        else:
            self.picked.append(household_id)
            self._picked_at[household_id] = (float(households["x"].iloc[nearest]), float(households["y"].iloc[nearest]))
        self._show_picked()
        self.canvas.update()
        return True

    def move(self, position: QPointF) -> None:
        pass

    def release(self, position: QPointF) -> None:
        pass

    def _show_picked(self) -> None:
        self.picked_label.setText(self.tr("{count} picked").format(count=len(self.picked)) if self.picked else "")

    # -- planning --------------------------------------------------------------
    def rules(self) -> TargetRules:
        return TargetRules().with_weights({reason.value: box.value() for reason, box in self.weight_boxes.items()})

    def settings(self) -> RouteSettings:
        budget = self.budget_box.value() if self.budget_check.isChecked() else None
        return RouteSettings(speed_kmh=self.speed_box.value(), service_min=self.service_box.value(), budget_h=budget)

    def plan(self) -> Task | None:
        """Find the targets and plan the route(s) on a worker thread, then show them.

        What the job needs is read from the widgets first: the job itself
        touches no widget. A refusal is explained and nothing changes; returns
        the running job, or ``None`` when nothing was started.
        """
        if self.store is None:
            return None
        rules = self.rules()
        if rules != self.station_rules() and not self.store.read_only:  # a read-only project is planned, not changed
            earlier = {RULES_SETTING: json.dumps(self.station_rules().to_json())}
            weights = ChangeSettings(self.store, {RULES_SETTING: json.dumps(rules.to_json())}, earlier,
                                     self.tr("Change the route weights"), self.report_error)  # fmt: skip
            push_edit(self.undo_stack, weights)
        officer = self.officer_box.currentData()
        store, settings, picked = self.store, self.settings(), list(self.picked)
        as_of = datetime.combine(self.day_edit.date().toPython(), RouteSettings().start_time, STATION_TIMEZONE)
        chosen_start = self.start_box.currentData()
        if self.split_box.currentData() == SPLIT_OVER_OFFICERS:
            names = [officer] if officer else sorted(set(self.data.grids["officer"].dropna()))
            officers = names  # one route per officer, each from his own police office
        else:
            names = [self.tr("Day {day}").format(day=day) for day in range(1, self.days_box.value() + 1)]
            officers = [officer] * len(names)

        def plan_routes(feedback: Feedback) -> WeekPlan:
            """The station's targets of the day (and the picked households), split over the days asked for or
            over the officers whose grids they are in, each officer starting from his grids' police office."""
            found = find_targets(store, rules, as_of, officer, (), False, feedback.step(0, 25), picked)
            network = project_roads(store, feedback.step(25, 35))
            starts = [_start(store, name, chosen_start) for name in officers]
            return plan_week(found.targets, starts, network, starts, settings, feedback.step(35, 100))

        return self.tasks.start(
            self,
            self.tr("Planning the route..."),
            plan_routes,
            lambda week: self._show_planned(week, names),
            self.tr("Cannot plan the route"),
        )

    def _show_planned(self, week: WeekPlan, names: list[str]) -> None:
        self.week, self.route_names = week, names
        self._show_week()
        self.pages.setCurrentIndex(ROUTE_PAGE)
        extent = route_extent(week.routes[0])
        if extent is not None:
            self.canvas.zoom_to_extent(extent)
        self.planned.emit(week)

    def _on_tasks_busy(self, busy: bool) -> None:
        """One long job at a time: planning and printing wait while another runs."""
        self.plan_button.setEnabled(not busy)
        self.sheet_button.setEnabled(not busy and self.route is not None)

    # -- showing -----------------------------------------------------------------
    @property
    def route(self) -> RoutePlan | None:
        """The route shown: the day chosen in the box."""
        if self.week is None or not self.week.routes:
            return None
        return self.week.routes[max(self.route_box.currentIndex(), 0)]

    def _show_week(self) -> None:
        self.route_box.blockSignals(True)
        self.route_box.clear()
        for name in self.route_names if self.week else ():
            self.route_box.addItem(name)
        self.route_box.blockSignals(False)
        self.route_box.setVisible(self.week is not None and len(self.week.routes) > 1)
        self._show_route()

    def _show_route(self) -> None:
        plan = self.route
        self.gpx_button.setEnabled(plan is not None)
        self.sheet_button.setEnabled(plan is not None and not self.tasks.busy)
        self.stop_table.setRowCount(0 if plan is None else len(plan.stops))
        if plan is None:
            self.summary.setText(self.tr("No route planned yet."))
            self.canvas.update()
            return
        for row, planned in enumerate(plan.stops):
            cells = (str(planned.number), planned.stop.name, reason_words(planned.stop.reasons),
                     clock(plan, planned.arrival_min))  # fmt: skip
            for column, text in enumerate(cells):
                self.stop_table.setItem(row, column, QTableWidgetItem(text))
        self.summary.setText(self.summary_text(plan))
        self.canvas.update()

    def summary_text(self, plan: RoutePlan) -> str:
        """Stops, length and time in one paragraph, then what the planner had to say (straight lines, left out)."""
        lines = [
            self.tr("{stops} stops, {km:.1f} km, {hours:.1f} h with visits; back at {back}.").format(
                stops=len(plan.stops), km=plan.length_m / 1000, hours=plan.minutes / 60, back=clock(plan, plan.minutes)
            )
        ]
        if plan.dropped:
            lines.append(self.tr("{count} left out: {names}").format(
                count=len(plan.dropped), names=", ".join(dropped.stop.name for dropped in plan.dropped[:8])
                + ("..." if len(plan.dropped) > 8 else "")))  # fmt: skip
        lines += [notice.translated(QCoreApplication.translate) for notice in plan.notices]
        return "\n".join(lines)

    def _paint_route(self, painter: QPainter) -> None:
        """The shown route and the households picked so far, over the map, while the dock is open."""
        if not self.isVisible():
            return
        centre, scale = self.canvas.centre, self.canvas.metres_per_pixel
        half_w, half_h = self.canvas.width() / 2, self.canvas.height() / 2

        def to_device(metres: np.ndarray) -> np.ndarray:
            metres = np.asarray(metres, dtype=float).reshape(-1, 2)
            return np.column_stack([(metres[:, 0] - centre.x()) / scale + half_w,
                                    (centre.y() - metres[:, 1]) / scale + half_h])  # fmt: skip

        if self.picked:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(PICKED_COLOUR), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for x, y in to_device(np.array([self._picked_at[household] for household in self.picked])):
                painter.drawEllipse(QPointF(x, y), 9, 9)
        if self.route is not None:
            draw_route(painter, self.route, to_device, self.canvas.logicalDpiX() / 25.4)

    # -- leaving the app ------------------------------------------------------------
    def export_gpx(self, path: str | None = None) -> Path | None:
        """The shown route as GPX for a phone's map app."""
        plan = self.route
        if plan is None:
            return None
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Export route as GPX"), "route.gpx", "GPX (*.gpx)"
            )
            if not path:
                return None
        try:
            return write_gpx(plan, path)
        except WanggeError as error:
            QMessageBox.warning(self, self.tr("Not exported"), error.translated(QCoreApplication.translate))
            return None

    def print_sheet(self, path: str | None = None) -> Task | None:
        """The planned route(s) as the printed route sheet (PDF), written on a worker thread.

        Returns the running job, or ``None`` when nothing was started; the
        pages written are then in :attr:`pages_printed`.
        """
        if self.week is None or self.store is None:
            return None
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(self, self.tr("Print route sheet"), "route.pdf", "PDF (*.pdf)")
            if not path:
                return None
        store, week = self.store, self.week
        return self.tasks.start(
            self,
            self.tr("Printing {file}...").format(file=Path(path).name),
            lambda feedback: print_route_sheet(store, week, path, feedback=feedback),
            self._printed,
            self.tr("Not printed"),
        )

    def _printed(self, result: tuple[PrintedDocument, list[SheetEntry]]) -> None:
        """The PDF is whole: register its map pages here, on the window's own connection to the project."""
        printed, entries = result
        if entries and self.store is not None:
            register_sheets(self.store, entries)
        self.pages_printed = len(printed.pages)

    # -- language --------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Route plan"))
        self.pages.setTabText(0, self.tr("Who and how"))
        self.pages.setTabText(ROUTE_PAGE, self.tr("Route"))
        words = {"officer": self.tr("Grids of"), "day": self.tr("Day"), "split": self.tr("Split over"),
                 "days": self.tr("Days to plan"),
                 "start": self.tr("Start and end"), "travel": self.tr("Travel"), "speed": self.tr("Speed"),
                 "service": self.tr("Minutes per household"), "budget": self.tr("Length of the day")}  # fmt: skip
        for key, label in self.labels.items():
            label.setText(words[key])
        split = self.split_box.currentIndex()
        self.split_box.clear()
        self.split_box.addItem(self.tr("days"), SPLIT_OVER_DAYS)
        self.split_box.addItem(self.tr("officers"), SPLIT_OVER_OFFICERS)
        self.split_box.setCurrentIndex(max(split, 0))
        self.travel_box.blockSignals(True)
        current = self.travel_box.currentIndex()
        self.travel_box.clear()
        self.travel_box.addItem(self.tr("Driving"), DRIVING_KMH)
        self.travel_box.addItem(self.tr("Walking"), WALKING_KMH)
        self.travel_box.setCurrentIndex(max(current, 0))
        self.travel_box.blockSignals(False)
        if current < 0:
            self._travel_chosen(0)
        self.budget_check.setText(self.tr("limit"))
        self.rules_title.setText(self.tr("Who to reach, by weight (0: not at all)"))
        self.rules_table.setHorizontalHeaderLabels([self.tr("Reason"), self.tr("Weight")])
        for row, reason in enumerate(WEIGHTED_REASONS):
            self.rules_table.setItem(row, 0, QTableWidgetItem(term(reason)))
        self.pick_button.setText(self.tr("Pick households on the map"))
        self.plan_button.setText(self.tr("Plan the route"))
        self.stop_table.setHorizontalHeaderLabels([self.tr("No."), self.tr("Household"), self.tr("Why"),
                                                   self.tr("Arrive")])  # fmt: skip
        self.gpx_button.setText(self.tr("Export GPX..."))
        self.sheet_button.setText(self.tr("Print route sheet..."))
        self._fill_choices_keeping()
        self._show_picked()
        self._show_route()

    def _fill_choices_keeping(self) -> None:
        officer, start = self.officer_box.currentIndex(), self.start_box.currentIndex()
        self._fill_choices()
        self.officer_box.setCurrentIndex(max(officer, 0))
        self.start_box.setCurrentIndex(max(start, 0))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _start(store: ProjectStore, officer: str | None, chosen: tuple | None) -> Stop:
    """Where a route starts: the landmark chosen in the box, else the officer's police office."""
    if chosen is None:
        return police_office(store, officer)
    landmark_id, x, y, name = chosen
    return Stop(str(landmark_id), float(x), float(y), label=str(name))
