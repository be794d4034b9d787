"""The main window: the station's map with its layers, filters, search, table and household cards.

Wiring only. The window holds what its map shows, read by view
(:class:`~desktop.review_model.ReviewModel`); the attribute table, the counts,
search and the docks ask the store for the rest, by the filter bar's one
:class:`~layers.review.ReviewFilter`, so a county's million households are
never all in memory.

Dialogs load when first opened: the print, import, export, sheet review and
georeferencer dialogs bring OpenCV, SciPy and GDAL's readers with them, which a
reviewer who only looks at the map never needs (a second and 100 MB at start).
The windows that belong to the open project are marked :data:`CLOSES_WITH_PROJECT`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QWidget,
)

from desktop.add_imagery import AddImageryCommand, choose_and_add_imagery
from desktop.add_sketch_dialog import AddSketchDialog
from desktop.attribute_table import AttributeTableDock
from desktop.audit_log import AuditLogDialog
from desktop.background import LatestJob
from desktop.dashboard import DashboardDock
from desktop.edit_commands import replace_undo_actions
from desktop.filter_bar import FilterBar
from desktop.household_card import HouseholdCard
from desktop.language_choice import choice_in_force, install_translations, remember_language
from desktop.layers_panel import LayersPanel
from desktop.map_canvas import MapCanvas
from desktop.new_station_wizard import PROJECT_FILTER, NewStationWizard
from desktop.outline_tool import GridOutliner
from desktop.review_model import ROOM_TO_PAN, ReviewModel
from desktop.route_planner import RoutePlannerDock
from desktop.spot_check_dialog import SpotCheckDialog
from desktop.station_people_dialog import StationPeopleDialog
from desktop.station_rules_dialog import StationRulesDialog
from desktop.store_events import StoreEvents
from desktop.task_runner import Task, TaskRunner
from desktop.todays_work import TodaysWorkDock
from layers.crs import to_measure, to_storage
from layers.errors import WanggeError
from layers.feedback import Feedback
from layers.imagery import ImageryInfo
from layers.imagery.reading import imagery_extent, imagery_sources
from layers.review import (
    ReviewData,
    ReviewFilter,
    ReviewSelection,
    asked_of,
    chosen_grids,
    grid_at,
    load_map_review,
    search_households,
)
from layers.store import Change, ProjectStore, is_database_url, open_project
from maps.map_content import build_map_content
from maps.project_map import MapReading, project_extent
from maps.renderer import RenderedMap
from maps.sketch_basemap import load_sketch_basemaps, unreadable_sketches

if TYPE_CHECKING:
    from desktop.export_dialog import ExportDialog
    from desktop.georeferencer.window import GeoreferencerWindow
    from desktop.import_dialog import ImportDialog
    from desktop.print_dialog import PrintDialog
    from desktop.sheet_review import SheetReviewDialog

CLOSES_WITH_PROJECT = "closesWithProject"
"""A Qt property of the windows the main window closes when its project closes."""
RECENT_SETTING = "recent_projects"
USER_SETTING = "user_name"
"""Who the app acts for, as the audit log names them; the login name until the user gives theirs."""
RECENT_LIMIT = 8
SKETCH_LAYERS = ("sketches", "sketch_control_points")
"""The layers a sketch basemap is made of."""


def recent_projects() -> list[str]:
    """The recently opened project files, newest first.

    Asked for as a list: a list of one is stored in the settings file like a plain
    string, and would otherwise come back as one and be split into characters.
    """
    return [str(path) for path in QSettings().value(RECENT_SETTING, [], type=list)]


SEARCH_ZOOM_METRES_PER_PIXEL = 0.25


@dataclass(frozen=True)
class OpenedProject:
    """What reading a project on a worker thread hands to the window."""

    location: str
    store: ProjectStore
    data: ReviewData  # what ``reading`` read: the first view's records
    reading: MapReading | None  # None: the whole project (one with nothing placed yet)
    extent: tuple[float, float, float, float] | None  # everything placed, in metres
    imagery: tuple
    problems: tuple[WanggeError, ...]
    summaries: pd.DataFrame  # the store's counts per grid, so that the first picture may already be the overview


class MainWindow(QMainWindow):
    """One window per open project."""

    projectOpened = Signal(str)  # the location, once the window shows it
    searched = Signal(int)  # how many households the last search found

    def __init__(self) -> None:
        super().__init__()
        self.tasks = TaskRunner(self)
        self.tasks.busyChanged.connect(self._on_tasks_busy)
        self.tasks.refused.connect(lambda reason: self.statusBar().showMessage(reason, 5000))
        self.store: ProjectStore | None = None
        self.sketches: tuple = ()  # the georeferenced sketches, decoded once the sketch layer is shown
        self._sketches_read = False
        self._sketch_reader = LatestJob(self)
        self._sketch_reader.done.connect(self._on_sketches_read)
        self._searcher = LatestJob(self)  # a newer search replaces one not yet answered
        self._searcher.done.connect(self._on_searched)
        self.imagery: tuple = ()  # the project's satellite imagery, read by each render for its own view
        self.problems: tuple[WanggeError, ...] = ()
        self.extent: tuple[float, float, float, float] | None = None  # everything the project has placed, metres
        self.print_dialog: PrintDialog | None = None
        self.cards: dict[str, HouseholdCard] = {}
        self.store_events = StoreEvents(self)
        self.review = ReviewModel(self.store_events, self)
        self.store_events.changed.connect(self._on_store_changed)
        self.review.changed.connect(self._rebuild_map)
        self.review.summariesChanged.connect(self._rebuild_map)
        self.review.countsChanged.connect(self._show_counts)
        self.review.problem.connect(lambda message: self.statusBar().showMessage(message, 10000))
        self.undo_stack = QUndoStack(self)
        self.resize(1440, 900)
        self.setAcceptDrops(True)

        self.canvas = MapCanvas()
        self.setCentralWidget(self.canvas)
        self.layers_panel = LayersPanel()
        self.layers_dock = QDockWidget()
        self.layers_dock.setObjectName("layers")
        self.layers_dock.setWidget(self.layers_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.layers_dock)
        self.table_dock = AttributeTableDock(self.undo_stack, self.show_error, self, self.review)
        self.table_dock.setObjectName("table")
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.table_dock)
        self.dashboard_dock = DashboardDock(self.store_events, self, self.review)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dashboard_dock)
        self.dashboard_dock.hide()  # the map needs the width; View → Dashboard when reviewing figures
        self.route_dock = RoutePlannerDock(
            self.canvas, self, self.tasks, self.review, self.undo_stack, self.show_error, self.store_events
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.route_dock)
        self.tabifyDockWidget(self.dashboard_dock, self.route_dock)
        self.route_dock.hide()
        self.todays_work_dock = TodaysWorkDock(self.store_events, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.todays_work_dock)
        self.tabifyDockWidget(self.route_dock, self.todays_work_dock)
        self.todays_work_dock.hide()
        self.todays_work_dock.householdChosen.connect(self._open_household)
        self.filter_bar = FilterBar(review=self.review)
        self.search_box = QLineEdit()
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMaximumWidth(260)  # the filters beside it must fit a 1600-pixel window
        self.filter_toolbar = QToolBar()
        self.filter_toolbar.setObjectName("filters")
        self.filter_toolbar.addWidget(self.search_box)
        self.filter_toolbar.addSeparator()
        self.filter_toolbar.addWidget(self.filter_bar)
        self.addToolBar(self.filter_toolbar)
        self.position_label, self.scale_label, self.counts_label = QLabel(), QLabel(), QLabel()
        self.statusBar().addWidget(self.counts_label, 1)
        self.statusBar().addPermanentWidget(self.position_label)
        self.statusBar().addPermanentWidget(self.scale_label)

        self.layers_panel.viewsChanged.connect(self.canvas.set_layer_views)
        self.layers_panel.viewsChanged.connect(lambda _views: self._read_sketches_if_shown())
        self.filter_bar.filterChanged.connect(self.set_filter)
        self.search_box.returnPressed.connect(lambda: self.search(self.search_box.text()))
        self.canvas.cursorMoved.connect(self._show_position)
        self.canvas.viewChanged.connect(self._show_scale)
        self.canvas.viewChanged.connect(self.review.set_view)
        self.canvas.renderFinished.connect(self._on_rendered)
        self.canvas.clicked.connect(self.identify)
        self.table_dock.recordActivated.connect(self._zoom_to_record)
        self.table_dock.pages["visits"].model.counted.connect(self._show_counts)
        self.dashboard_dock.gridChosen.connect(self.filter_bar.choose_grid)
        self._build_actions()
        self.retranslate()

    # -- menus and shortcuts -------------------------------------------------
    def _build_actions(self) -> None:
        self.new_action = QAction(self, shortcut=QKeySequence.StandardKey.New, triggered=self.open_new_station_wizard)
        self.open_action = QAction(self, shortcut=QKeySequence.StandardKey.Open, triggered=self._choose_project)
        self.print_action = QAction(self, shortcut=QKeySequence.StandardKey.Print, triggered=self.open_print_dialog)
        self.add_sketch_action = QAction(self, triggered=self.open_add_sketch_dialog)
        self.add_imagery_action = QAction(self, triggered=self.add_imagery)
        self.read_sheet_action = QAction(self, triggered=lambda: self.read_marked_sheets())
        self.sheet_review_action = QAction(self, triggered=self.open_sheet_review)
        self.georeference_action = QAction(self, shortcut=QKeySequence("Ctrl+G"), triggered=self.open_georeferencer)
        self.import_action = QAction(self, shortcut=QKeySequence("Ctrl+Shift+I"), triggered=self.open_import_dialog)
        self.export_action = QAction(self, shortcut=QKeySequence("Ctrl+E"), triggered=self.open_export_dialog)
        self.quit_action = QAction(self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        self.recent_menu = QMenu(self)
        self.undo_action = self.redo_action = None  # made by _make_undo_actions, in the language of the moment
        self.find_action = QAction(self, shortcut=QKeySequence.StandardKey.Find, triggered=self._focus_search)
        self.full_action = QAction(self, shortcut=QKeySequence("Ctrl+0"), triggered=self.canvas.zoom_full)
        self.zoom_in_action = QAction(
            self, shortcut=QKeySequence.StandardKey.ZoomIn, triggered=lambda: self.canvas.zoom_by(1.25)
        )
        self.zoom_out_action = QAction(
            self, shortcut=QKeySequence.StandardKey.ZoomOut, triggered=lambda: self.canvas.zoom_by(0.8)
        )
        self.identify_action = QAction(self, shortcut=QKeySequence("Ctrl+I"), triggered=self._identify_at_centre)
        self.clear_filter_action = QAction(self, shortcut=QKeySequence("Ctrl+Shift+F"), triggered=self.filter_bar.clear)
        self.language_menu = QMenu(self)
        self.language_group = QActionGroup(self)
        self.language_actions = {}
        for code in ("system", "zh_CN", "en"):
            action = QAction(self, checkable=True, triggered=lambda _=False, code=code: self.set_language(code))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.language_actions[choice_in_force()].setChecked(True)
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addActions([self.new_action, self.open_action])
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.print_action)
        self.file_menu.addAction(self.add_sketch_action)
        self.file_menu.addAction(self.add_imagery_action)
        self.file_menu.addAction(self.read_sheet_action)
        self.file_menu.addAction(self.sheet_review_action)
        self.file_menu.addAction(self.georeference_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = self.menuBar().addMenu("")
        self.audit_action = QAction(self, triggered=self.open_audit_log)
        self.user_action = QAction(self, triggered=self.ask_user_name)
        self.edit_menu.addActions([self.find_action, self.clear_filter_action])
        self.edit_menu.addSeparator()
        self.edit_menu.addActions([self.audit_action, self.user_action])
        self.view_menu = self.menuBar().addMenu("")
        self.view_menu.addActions([self.full_action, self.zoom_in_action, self.zoom_out_action, self.identify_action])
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.layers_dock.toggleViewAction())
        self.view_menu.addAction(self.table_dock.toggleViewAction())
        self.dashboard_action = self.dashboard_dock.toggleViewAction()
        self.dashboard_action.setShortcut(QKeySequence("Ctrl+D"))
        self.view_menu.addAction(self.dashboard_action)
        self.route_action = self.route_dock.toggleViewAction()
        self.route_action.setShortcut(QKeySequence("Ctrl+R"))
        self.view_menu.addAction(self.route_action)
        self.todays_work_action = self.todays_work_dock.toggleViewAction()
        self.todays_work_action.setShortcut(QKeySequence("Ctrl+T"))
        self.view_menu.addAction(self.todays_work_action)
        self.view_menu.addMenu(self.language_menu)
        self.spot_check_action = QAction(self, shortcut=QKeySequence("Ctrl+K"), triggered=self.open_spot_check)
        self.station_rules_action = QAction(self, triggered=self.open_station_rules)
        self.assessment_menu = self.menuBar().addMenu("")
        self.assessment_menu.addActions([self.dashboard_action, self.spot_check_action, self.station_rules_action])
        self.grid_outliner = GridOutliner(self.canvas, self.undo_stack, self.show_error, self)
        self.people_action = QAction(self, triggered=self.open_station_people)
        self.outline_action = QAction(self, triggered=lambda: self.grid_outliner.draw(self.store))
        self.station_menu = self.menuBar().addMenu("")
        self.station_menu.addActions([self.people_action, self.outline_action])
        self._fill_recent_menu()
        self._enable_project_actions()

    def retranslate(self) -> None:
        self._set_title()
        self._show_counts()
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.assessment_menu.setTitle(self.tr("&Assessment"))
        self.spot_check_action.setText(self.tr("Daily &spot check..."))
        self.audit_action.setText(self.tr("&Audit log..."))
        self.station_rules_action.setText(self.tr("Station &rules: visit cycles and follow-ups..."))
        self.station_menu.setTitle(self.tr("&Station"))
        self.people_action.setText(self.tr("&Officers and grids..."))
        self.outline_action.setText(self.tr("&Draw a grid outline on the map"))
        self.user_action.setText(self.tr("Your &name for the audit log..."))
        self.new_action.setText(self.tr("&New station project..."))
        self.open_action.setText(self.tr("&Open project..."))
        self.recent_menu.setTitle(self.tr("Open &recent"))
        self.print_action.setText(self.tr("&Print grid maps..."))
        self.import_action.setText(self.tr("&Import..."))
        self.export_action.setText(self.tr("&Export for other people and GIS..."))
        self.add_sketch_action.setText(self.tr("&Add a photographed sketch..."))
        self.add_imagery_action.setText(self.tr("Add satellite &imagery..."))
        self.read_sheet_action.setText(self.tr("&Read a marked sheet..."))
        self.sheet_review_action.setText(self.tr("Marks &waiting for a decision..."))
        self.georeference_action.setText(self.tr("&Georeference a sketch and place households..."))
        self.quit_action.setText(self.tr("&Quit"))
        self._make_undo_actions()
        self.find_action.setText(self.tr("&Find household..."))
        self.clear_filter_action.setText(self.tr("Clear filters"))
        self.full_action.setText(self.tr("Zoom to &whole station"))
        self.zoom_in_action.setText(self.tr("Zoom &in"))
        self.zoom_out_action.setText(self.tr("Zoom &out"))
        self.identify_action.setText(self.tr("&Identify household at centre"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.language_actions["system"].setText(self.tr("System language"))
        self.language_actions["zh_CN"].setText("中文")
        self.language_actions["en"].setText("English")
        self.layers_dock.setWindowTitle(self.tr("Layers and legend"))
        self.filter_toolbar.setWindowTitle(self.tr("Filters"))
        hint = self.tr("House no., name or phone")
        self.search_box.setPlaceholderText(hint)
        self.search_box.setMinimumWidth(self.search_box.fontMetrics().horizontalAdvance(hint) + 40)  # never cut
        self._show_counts()
        if self.store is None:
            self.counts_label.setText(self.tr("Open a project file (.gpkg) or drop one here"))
        self._show_empty_map_hint()
        self._show_scale()

    def _make_undo_actions(self) -> None:
        """Undo/redo actions name the edit ("Undo Edit Members of 2 李秀兰"), in the language of the moment."""
        self.undo_action, self.redo_action = replace_undo_actions(
            self.undo_stack, self.edit_menu, self.find_action, (self.undo_action, self.redo_action),
            self.tr("Undo"), self.tr("Redo"),
        )  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()  # the map draws data only; the legend panel rewords itself
        super().changeEvent(event)

    def set_language(self, choice: str) -> None:
        """The Language menu: use ``choice`` now and at every later start."""
        remember_language(choice)
        install_translations(QCoreApplication.instance(), choice)
        self.language_actions[choice].setChecked(True)

    # -- project -------------------------------------------------------------
    def _choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), "", PROJECT_FILTER)
        if path:
            self.open_project(path)

    def open_project(self, location: str) -> Task | None:
        """Read the project at ``location`` on a worker thread and show it; a bad file is explained.

        The current project stays on screen until the new one has been read
        whole; canceled or refused, it simply stays. Returns the running task,
        or ``None`` when another job still runs.
        """
        user, canvas = self.user_name(), self.canvas

        def read(feedback: Feedback) -> OpenedProject:
            store = open_project(location, user=user)
            try:
                extent = project_extent(store)  # from the spatial indexes: the first view is all of it
                reading = None if extent is None else MapReading.for_view(canvas.settings_showing(extent), ROOM_TO_PAN)
                data = reading.read(store, feedback=feedback) if reading else load_map_review(store, feedback=feedback)
                sketch_problems = unreadable_sketches(store)  # their photos are decoded when shown
                imagery, imagery_problems = imagery_sources(store)
                summaries = store.grid_summaries(data.as_of)
            except BaseException:
                store.close()
                raise
            problems = sketch_problems + imagery_problems
            return OpenedProject(location, store, data, reading, extent, imagery, problems, summaries)

        return self.tasks.start(
            self,
            self.tr("Reading {location}...").format(location=Path(location).name),
            read,
            self._show_project,
            self.tr("Cannot open project"),
        )

    def _show_project(self, opened: OpenedProject) -> None:
        self._close_store()
        store, data = opened.store, opened.data
        self.store = store
        self.sketches, self.problems = (), data.problems + opened.problems
        self._sketches_read = False
        self.imagery = opened.imagery
        self.layers_panel.set_imagery(opened.imagery)
        self.undo_stack.clear()
        store.changed.connect(self.store_events.changed.emit)
        store.listen()
        self.table_dock.set_store(store)
        self.route_dock.set_project(store, data)
        self.dashboard_dock.set_store(store)
        self.todays_work_dock.set_project(store, sorted(set(data.grids["officer"].dropna())))
        self.canvas.full_extent = None  # a new project: show all of it
        self._set_title()
        self._show_empty_map_hint()
        self._remember(opened.location)
        self.extent = opened.extent
        self.review.show_project(store, data, opened.reading, self.filter_bar.review_filter, opened.summaries)
        self._enable_project_actions()
        self.projectOpened.emit(opened.location)
        self._read_sketches_if_shown()
        if self.problems:
            QMessageBox.warning(
                self,
                self.tr("Part of the project could not be read"),
                "\n".join(problem.translated(QCoreApplication.translate) for problem in self.problems),
            )

    # -- sketches: decoded only while shown (a phone photo is 50 MB of pixels) ---------------
    def _read_sketches_if_shown(self) -> None:
        shown = any(view.name == "sketch" and view.visible for view in self.canvas.layer_views)
        if shown and self.store is not None and not self._sketches_read:
            store, self._sketches_read = self.store, True
            self._sketch_reader.request(lambda: load_sketch_basemaps(store))

    def _on_sketches_read(self, read: tuple[tuple, tuple[WanggeError, ...]] | WanggeError) -> None:
        if isinstance(read, WanggeError):
            self.statusBar().showMessage(read.translated(QCoreApplication.translate), 10000)
            return
        self.sketches = read[0]  # a photo that cannot be read was named when the project opened
        self._rebuild_map()

    def _on_store_changed(self, change: Change) -> None:
        if change.layer in SKETCH_LAYERS:  # a sketch added or placed anew: decode again when shown
            self._sketches_read = False
            self._read_sketches_if_shown()

    def _show_empty_map_hint(self) -> None:
        """What the map says while it has nothing to draw: how to get something onto it."""
        if self.store is None:
            self.canvas.empty_hint = self.tr("Open a station project (File → Open) or start a new one (File → New)")
        else:
            self.canvas.empty_hint = self.tr(
                "Nothing of this station is on the map yet. Import its grids, roads and household register "
                "(File → Import), or add its satellite imagery (File → Add satellite imagery)."
            )
        self.canvas.update()

    def _set_title(self) -> None:
        if self.store is None:
            self.setWindowTitle(self.tr("Wangge"))
            return
        station = self.store.settings().get("station", "")
        location = self.store.location
        name = location if is_database_url(location) else Path(location).name
        title = self.tr("Wangge — {station} — {file}").format(station=station, file=name)
        if self.store.read_only:
            title = self.tr("{title} (read-only)").format(title=title)
        self.setWindowTitle(title)

    def _remember(self, location: str) -> None:
        if is_database_url(location):
            return  # a URL may carry a password
        recent = [str(Path(location).resolve())]
        recent += [path for path in recent_projects() if path not in recent]
        QSettings().setValue(RECENT_SETTING, recent[:RECENT_LIMIT])
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in recent_projects():
            self.recent_menu.addAction(path, lambda path=path: self.open_project(path))
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())

    def open_new_station_wizard(self) -> NewStationWizard:
        """File → New station project: a short wizard, then the new project opens here."""
        wizard = NewStationWizard(self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.created.connect(self.open_project)
        wizard.show()
        return wizard

    def open_print_dialog(self) -> Task | None:
        """Read what printing shows on a worker thread, then offer the print dialog (:attr:`print_dialog`).

        The dialog opens on the grid the filter chooses, if it chooses one, reading what that grid's
        sheets show; else on the whole station's atlas, reading everything (the window holds only what
        its map shows). Returns the reading task, or ``None`` with no project open or another job running.
        """
        if self.store is None:
            return None
        from maps.print.atlas import read_for_printing  # the print engine, loaded when first used

        store, grids = self.store, self.review.data.grids
        chosen = grids["code"][chosen_grids(grids, self.review.filter)]
        grid = str(chosen.iloc[0]) if len(chosen) == 1 else None
        return self.tasks.start(
            self,
            self.tr("Reading what to print..."),
            lambda feedback: (grid, read_for_printing(store, grid, feedback=feedback), load_sketch_basemaps(store)[0]),
            self._show_print_dialog,
            self.tr("Cannot print"),
        )

    def _show_print_dialog(self, read: tuple[str | None, ReviewData, tuple]) -> None:
        from desktop.print_dialog import PrintDialog  # loaded when first opened: see the module docstring

        (grid, data, sketches), station = read, self.store.settings().get("station", "")
        dialog = PrintDialog(data, station, sketches, self, self.imagery, self.tasks, self.store, grid)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "print_dialog", None))
        self.print_dialog = dialog
        dialog.show()

    def open_import_dialog(self) -> ImportDialog | None:
        """Import a register from Excel or CSV; one undoable step."""
        if self.store is None:
            return None
        from desktop.import_dialog import ImportDialog

        dialog = ImportDialog(self.store, self.undo_stack, self.show_error, self, self.tasks)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setProperty(CLOSES_WITH_PROJECT, True)
        dialog.show()
        return dialog

    def open_export_dialog(self) -> ExportDialog | None:
        """Write the project as a web map, workbook or GIS file, masked unless asked."""
        if self.store is None:
            return None
        from desktop.export_dialog import ExportDialog

        dialog = ExportDialog(self.store, self, self.tasks)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_station_rules(self) -> StationRulesDialog | None:
        """How often key persons are visited and how soon disputes are followed up, for the whole station."""
        if self.store is None:
            return None
        dialog = StationRulesDialog(self.store, self.undo_stack, self.show_error, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_station_people(self) -> StationPeopleDialog | None:
        """The station's officers and grids, one open at a time; a grid's outline is drawn on this map."""
        if self.store is None:
            return None
        dialog = next(iter(self.findChildren(StationPeopleDialog)), None)
        if dialog is None:
            dialog = StationPeopleDialog(
                self.store, self.undo_stack, self.show_error, self.store_events, self.grid_outliner, self
            )
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.setProperty(CLOSES_WITH_PROJECT, True)
        dialog.show()
        dialog.raise_()
        return dialog

    def open_audit_log(self) -> AuditLogDialog | None:
        """Who changed what and when, read only."""
        if self.store is None:
            return None
        dialog = AuditLogDialog(self.store, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setProperty(CLOSES_WITH_PROJECT, True)
        dialog.show()
        return dialog

    def user_name(self) -> str | None:
        """The name the user gave for the audit log, or ``None`` for the login name."""
        return str(QSettings().value(USER_SETTING, "") or "") or None

    def ask_user_name(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Your name"), self.tr(
            "Your name, as the audit log records who made each change:"), text=self.user_name() or "")  # fmt: skip
        if ok and name.strip():
            QSettings().setValue(USER_SETTING, name.strip())
            if self.store is not None:
                self.store.user = name.strip()

    def _open_household(self, household_id: str) -> None:
        self.show_household(household_id)
        self.open_card(household_id)

    def open_spot_check(self) -> SpotCheckDialog | None:
        """The supervisor's call list of yesterday's visits, one open at a time."""
        if self.store is None:
            return None
        dialog = next(iter(self.findChildren(SpotCheckDialog)), None)
        if dialog is None:
            dialog = SpotCheckDialog(self.store, self.undo_stack, self.show_error, self.store_events, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.setProperty(CLOSES_WITH_PROJECT, True)
        dialog.show()
        dialog.raise_()
        return dialog

    def open_add_sketch_dialog(self) -> AddSketchDialog | None:
        """File → Add a photographed sketch; once added, the georeferencer opens on it."""
        if self.store is None:
            return None
        dialog = AddSketchDialog(self.store, self.undo_stack, self.show_error, self.data.grids, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setProperty(CLOSES_WITH_PROJECT, True)
        dialog.added.connect(self.open_georeferencer)
        dialog.show()
        return dialog

    def add_imagery(self) -> Task | None:
        """File → Add satellite imagery: tiled on a worker thread, drawn under the map, undoable."""
        if self.store is None:
            return None
        return choose_and_add_imagery(self.tasks, self, self.store, self._imagery_added)

    def read_marked_sheets(self, photos: list[str | Path] | None = None) -> SheetReviewDialog | None:
        """File → Read a marked sheet: the photos chosen (or given) are read in the sheet review, marks proposed."""
        if self.store is None or self.store.read_only:
            return None
        if photos is None:
            from desktop.sheet_review import choose_photo_files

            photos = choose_photo_files(self)
            if not photos:
                return None
        dialog = self.open_sheet_review()
        dialog.read_photos(photos)
        return dialog

    def open_sheet_review(self) -> SheetReviewDialog | None:
        """The sheet review, one open at a time; opened alone, it lists the marks waiting for a decision."""
        if self.store is None:
            return None
        from desktop.sheet_review import SheetReviewDialog

        dialog = next((d for d in self.findChildren(SheetReviewDialog) if not d.closed), None)
        if dialog is None:
            dialog = SheetReviewDialog(self.store, self.undo_stack, self.show_error, self.tasks, self.canvas,
                                       self.store_events, self)  # fmt: skip
            dialog.setProperty(CLOSES_WITH_PROJECT, True)
        dialog.show()
        dialog.raise_()
        return dialog

    def _imagery_added(self, image: Path, info: ImageryInfo) -> None:
        command = AddImageryCommand(self.tasks, self, self.store, image, info, self.reload_imagery, self.show_error)
        self.undo_stack.push(command)
        self.reload_imagery()

    def reload_imagery(self) -> None:
        """Read the project's imagery again after it was added or removed, and draw the map with it."""
        imagery, problems = imagery_sources(self.store)
        self.imagery = imagery
        self.layers_panel.set_imagery(imagery)
        if (self.extent or self.data.extent) is None:
            self.canvas.full_extent = None  # a station with only imagery: open on the imagery as it is now
        self._rebuild_map()
        self._show_empty_map_hint()
        for problem in problems:
            self.show_error(problem.translated(QCoreApplication.translate))

    def open_georeferencer(self, sketch_id: str | None = None) -> GeoreferencerWindow | None:
        """The georeferencer for ``sketch_id``, or for the sketch the user picks when there are several."""
        if self.store is None:
            return None
        sketches = self.store.read("sketches", columns=["id", "title"])
        if sketches.empty:
            QMessageBox.information(
                self,
                self.tr("No sketch"),
                self.tr(
                    "This project has no photographed sketch to georeference yet: add one with "
                    "File → Add a photographed sketch."
                ),
            )
            return None
        if sketch_id is None:
            titles = list(sketches["title"])
            title, ok = (titles[0], True) if len(titles) == 1 else QInputDialog.getItem(
                self, self.tr("Georeference"), self.tr("Sketch:"), titles, 0, False
            )  # fmt: skip
            if not ok:
                return None
            sketch_id = str(sketches["id"].iloc[titles.index(title)])
        from desktop.georeferencer.window import GeoreferencerWindow

        try:
            window = GeoreferencerWindow(self.store, sketch_id, self, self.tasks)
        except WanggeError as error:
            QMessageBox.warning(self, self.tr("Cannot georeference"), error.translated(QCoreApplication.translate))
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.setProperty(CLOSES_WITH_PROJECT, True)
        window.setWindowFlag(Qt.WindowType.Window)
        window.show()
        return window

    # -- review --------------------------------------------------------------
    @property
    def data(self) -> ReviewData | None:
        """The open project's review data (:attr:`review` keeps it)."""
        return self.review.data

    @property
    def selection(self) -> ReviewSelection | None:
        return self.review.selection

    @property
    def review_filter(self) -> ReviewFilter:
        return self.review.filter

    def set_filter(self, review_filter: ReviewFilter) -> None:
        self.review.set_filter(review_filter)

    def _rebuild_map(self) -> None:
        """The review changed: draw what it now selects, and count it."""
        if self.data is None:
            return
        content = build_map_content(self.data, self.selection, self.sketches, self.problems, self.imagery,
                                    self.review.grid_summaries)  # fmt: skip
        # a station that has only its imagery so far still opens on it, not on an empty hint
        self.canvas.set_content(content, self.extent or self.data.extent or imagery_extent(self.imagery))

    def _show_counts(self) -> None:
        """What the filter selects in the whole project, as the store counted it ("…" while it counts)."""
        if self.store is None:
            self.counts_label.clear()
            return
        counts = self.review.counts or {}
        visits = self.table_dock.visits_counted()  # counted by the store, on the table's thread

        def counted(value: int | None) -> str:
            return "…" if value is None else f"{value:,}"

        self.counts_label.setText(
            self.tr(
                "{households} households ({overdue} overdue, {never} never visited) · "
                "{visits} visits · {disputes} disputes, {open} unresolved"
            ).format(
                households=counted(counts.get("households")),
                overdue=counted(counts.get("overdue")),
                never=counted(counts.get("never")),
                visits=counted(visits),
                disputes=counted(counts.get("disputes")),
                open=counted(counts.get("open_disputes")),
            )
        )

    # -- finding things ------------------------------------------------------
    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def search(self, text: str) -> None:
        """Find the households matching ``text`` on a thread (a county's million take seconds); one found is
        zoomed to, several are offered in a menu. :attr:`searched` says how many, once the store answered."""
        if self.store is None:
            return
        store = self.store
        self.statusBar().showMessage(self.tr("Searching for “{text}”...").format(text=text))
        self._searcher.request(lambda: (text, asked_of(store, "households", lambda: search_households(store, text))))

    def _on_searched(self, answer: tuple[str, pd.DataFrame] | WanggeError) -> None:
        self.statusBar().clearMessage()
        if isinstance(answer, WanggeError):
            self.show_error(answer.translated(QCoreApplication.translate))
            return
        text, hits = answer
        if hits.empty:
            self.statusBar().showMessage(self.tr("No household matches “{text}”").format(text=text), 5000)
        elif len(hits) == 1:
            self.show_household(hits["id"].iloc[0])
        else:
            menu = QMenu(self)
            for household_id, house_no, head in zip(hits["id"], hits["house_no"], hits["head_name"]):
                menu.addAction(f"{house_no}  {head}", lambda hid=household_id: self.show_household(hid))
            menu.popup(self.search_box.mapToGlobal(self.search_box.rect().bottomLeft()))
        self.searched.emit(len(hits))

    def show_household(self, household_id: str) -> None:
        """Centre the map on a household, select it in the table."""
        self._zoom_to_record("households", household_id, SEARCH_ZOOM_METRES_PER_PIXEL)
        self.table_dock.select_record("households", household_id)

    def _zoom_to_record(self, layer: str, record_id: str, metres_per_pixel: float | None = None) -> None:
        """Centre the map on one record, read from the store (a county's records are not all in memory)."""
        try:
            where = self.store.get(layer, record_id).geometry
        except WanggeError as error:
            self.show_error(error.translated(QCoreApplication.translate))
            return
        if where is not None and not where.is_empty:
            zoom = None if metres_per_pixel is None else min(self.canvas.metres_per_pixel, metres_per_pixel)
            self.canvas.zoom_to_point(*to_measure(where.x, where.y), zoom)

    def identify(self, x: float, y: float, tolerance: float) -> HouseholdCard | None:
        """Open the card of the shown household nearest to (x, y) metres, if one lies within ``tolerance``.

        With the dashboard open, a click away from every household chooses the
        grid under it (or, outside every grid, all grids again), so the map
        chooses for the charts as the charts choose for the map.
        """
        if self.data is None or self.selection is None:
            return None
        households = self.data.households[self.selection.households]
        distances = np.hypot(households["x"].to_numpy() - x, households["y"].to_numpy() - y)
        nearest = int(np.nanargmin(distances)) if np.isfinite(distances).any() else -1
        if nearest >= 0 and distances[nearest] <= tolerance:
            return self.open_card(households["id"].iloc[nearest])
        if self.dashboard_dock.isVisible():
            self.filter_bar.choose_grid(grid_at(self.data, x, y))
        else:
            self.statusBar().showMessage(self.tr("No household here"), 3000)
        return None

    def _identify_at_centre(self) -> None:
        centre = self.canvas.centre
        self.identify(centre.x(), centre.y(), 8 * self.canvas.metres_per_pixel)

    def open_card(self, household_id: str) -> HouseholdCard:
        card = self.cards.get(household_id)
        if card is None:
            card = HouseholdCard(self.store, self.undo_stack, self.show_error, household_id, self, self.store_events)
            card.finished.connect(lambda _result, hid=household_id: self.cards.pop(hid, None))
            self.cards[household_id] = card
        card.show()
        card.raise_()
        return card

    # -- status bar ----------------------------------------------------------
    def _show_position(self, x: float, y: float) -> None:
        lon, lat = to_storage(x, y)
        self.position_label.setText(f"{lon:.6f}°E {lat:.6f}°N  ·  {x:,.1f} m E {y:,.1f} m N")

    def _show_scale(self, *_args) -> None:
        settings = self.canvas.map_settings()
        if settings is not None:
            self.scale_label.setText(self.tr("Scale 1:{scale:,.0f}").format(scale=settings.scale_denominator))

    def _on_rendered(self, rendered: RenderedMap) -> None:
        self.layers_panel.show_legend(rendered)

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Not saved"), message)

    # -- closing and dropping ------------------------------------------------
    def _on_tasks_busy(self, busy: bool) -> None:
        """While a long job runs, what would conflict with it (another project, another write) waits."""
        for action in self._actions_that_wait_for_tasks():
            action.setEnabled(not busy)
        self.recent_menu.setEnabled(not busy and not self.recent_menu.isEmpty())
        self._enable_project_actions()

    def _enable_project_actions(self) -> None:
        """What needs a project, or one that can be written, waits for one (and for the job running)."""
        writable = self.store is not None and not self.store.read_only
        self.read_sheet_action.setEnabled(writable and not self.tasks.busy)
        self.sheet_review_action.setEnabled(self.store is not None)

    def _actions_that_wait_for_tasks(self) -> list[QAction]:
        return [self.new_action, self.open_action, self.import_action, self.export_action, self.print_action,
                self.add_sketch_action, self.add_imagery_action, self.undo_action, self.redo_action]  # fmt: skip

    def _close_store(self) -> None:
        self.grid_outliner.cancel()
        for window in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if window.property(CLOSES_WITH_PROJECT):
                window.close()
        for card in list(self.cards.values()):
            card.close()
        self.cards.clear()
        self._sketch_reader.stop()
        self._searcher.stop()
        self.route_dock.set_project(None, None)
        self.dashboard_dock.set_store(None)
        self.table_dock.set_store(None)
        self.review.close()
        if self.store is not None:
            self.store.close()
            self.store = None
        self._show_counts()
        self._enable_project_actions()

    def closeEvent(self, event) -> None:
        self.canvas.cancel_renders()
        self.tasks.cancel_and_wait()
        self._close_store()
        super().closeEvent(event)

    def dragEnterEvent(self, event) -> None:
        if any(url.toLocalFile().endswith(".gpkg") for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        for url in event.mimeData().urls():
            if url.toLocalFile().endswith(".gpkg"):
                self.open_project(url.toLocalFile())
                break
