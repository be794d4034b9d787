"""The georeferencer: the sketch on the left, the reference map on the right, control points between.

Click a place on the sketch and the same place on the map (either first) to add
a control point; drag a point on either side to move it; edit its coordinates
in the table; untick it to leave it out. From the third point on, the sketch is
warped over the map. Every change is an undoable store edit, and households
placed from the sketch move with the fit in the same edit.

The fit, its leave-one-out errors and the overlay warp run on a worker thread
after each edit, so dragging a point never waits for them; a fit of points
already moved again is dropped unseen, and what the newest fit moves joins the
newest edit. A point auto set aside is greyed in the table with its reason; a
click in its "Used" box puts it back.

Placing households: in that mode a click on a drawn house places the household
highlighted in the locate queue (or a new one) and steps to the next.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSlider,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.edit_commands import replace_undo_actions
from desktop.georeferencer import markers
from desktop.georeferencer.control_point_table import ControlPointModel
from desktop.georeferencer.fit_text import fit_summary, point_notes
from desktop.georeferencer.live_fit import FitResult, LiveFit
from desktop.georeferencer.locate_queue import LocateQueue
from desktop.georeferencer.reference_layers import ReferenceLayers, reference_content
from desktop.georeferencer.reference_overlay import MapMarker, ReferenceOverlay
from desktop.georeferencer.sketch_edits import SketchEdits
from desktop.georeferencer.sketch_view import SketchMarker, SketchView
from desktop.map_canvas import MapCanvas
from desktop.store_events import StoreEvents
from desktop.task_runner import Task, TaskRunner
from layers.errors import WanggeError
from layers.feedback import Feedback
from layers.imagery.reading import imagery_extent, imagery_sources
from layers.review import REVIEW_LAYERS, load_review, with_change
from layers.store import ProjectStore
from maps.georef.control_points import (
    ControlPoint,
    read_control_points,
    write_gdal_gcps,
    write_iiif_annotation,
    write_qgis_points,
)
from maps.georef.sketch_georeference import AUTO, FitState, SketchGeoreference
from maps.georef.transforms import Method
from maps.georef.warp import warp_sketch, write_georeferenced
from maps.map_content import MapContent
from maps.sketch_basemap import load_sketch_basemaps
from maps.sketch_photo import upright_image

PREVIEW_SIDE_PX = 1200
"""The live overlay warps a copy of the sketch this size: a scan's full resolution is for saving."""
CONTROL_POINT_FILES = "QGIS (*.points);;GDAL (*.txt);;IIIF / Allmaps (*.json)"


class GeoreferencerWindow(QMainWindow):
    """Georeference one sketch of the project in ``store`` and place households from it."""

    MODES = ("points", "households", "outline")

    saved = Signal(str)  # the georeferenced image written, once on disk
    fitShown = Signal(object)  # the FitResult now shown, in the GUI thread

    def __init__(
        self, store: ProjectStore, sketch_id: str, parent: QWidget | None = None, tasks: TaskRunner | None = None
    ) -> None:
        # what can fail on a damaged project is read before any widget exists, so a refusal leaves nothing behind
        sketch = SketchGeoreference(store, sketch_id)
        points = sketch.control_points()
        imagery, _problems = imagery_sources(store)  # an unreadable image was named by the main window
        super().__init__(parent)
        self.store = store
        self.tasks = tasks or TaskRunner(self)
        self.sketch = sketch
        self.undo_stack = QUndoStack(self)
        self.edits = SketchEdits(store, self.sketch, self.undo_stack, self.show_error)
        self.state = FitState(None)
        self.points = points
        self.mode = "points"
        self.pending_pixel: tuple[float, float] | None = None
        self.pending_map: tuple[float, float] | None = None
        self.outline_vertices: list[tuple[float, float]] = []
        self._warped: tuple | None = None  # the sketch warped by the fit shown: (QImage, extent)
        self.errors_shown: list[str] = []
        self.imagery = imagery
        self.resize(1500, 950)

        image = upright_image(self.sketch.image_bytes)
        self.preview = image.scaled(
            PREVIEW_SIDE_PX,
            PREVIEW_SIDE_PX,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.sketch_view = SketchView()
        self.sketch_view.set_image(image)
        self.canvas = MapCanvas()
        self.overlay = ReferenceOverlay(self.canvas)
        self.overlay.snap_targets = self.sketch.snap_targets()
        splitter = QSplitter()
        splitter.addWidget(self.sketch_view)
        splitter.addWidget(self.canvas)
        self.setCentralWidget(splitter)

        self.table_model = ControlPointModel(self)
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table_dock = QDockWidget()
        self.table_dock.setObjectName("control_points")
        self.table_dock.setWidget(self.table)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.table_dock)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.queue = LocateQueue()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.summary)
        side_layout.addWidget(self.queue, 1)
        self.side_dock = QDockWidget()
        self.side_dock.setObjectName("fit")
        self.side_dock.setWidget(side)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.side_dock)

        self._build_toolbar()
        self.live_fit = LiveFit(self.sketch, self.preview, self)
        self.live_fit.arrived.connect(self._fit_arrived)
        self.live_fit.failed.connect(lambda error: self.show_error(error.translated(QCoreApplication.translate)))
        self._stale_layers = {"households", "grids"}  # what refresh must read again
        self._outlines = sketch.outlined_grids()  # read again when grids change
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh)
        self.undo_stack.indexChanged.connect(self._refresh_now)  # undo and redo show at once
        self.store_events = StoreEvents(self)
        self.store_events.changed.connect(self._on_store_changed)
        store.changed.connect(self.store_events.changed.emit)
        self.sketch_view.clicked.connect(self._sketch_clicked)
        self.sketch_view.markerMoved.connect(self._sketch_marker_moved)
        self.sketch_view.markerClicked.connect(self._sketch_marker_clicked)
        self.overlay.markerMoved.connect(self._map_marker_moved)
        self.canvas.clicked.connect(self._map_clicked)
        self.table_model.pointEdited.connect(self._point_edited)
        self.table_model.putBack.connect(self.put_back)
        self.queue.currentChanged.connect(lambda _household: self._show_markers())

        self.reference = load_review(store)
        self._show_reference()
        self.retranslate()
        self.refresh()

    # -- toolbar -------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("georeferencer")
        self.addToolBar(self.toolbar)
        self.mode_group = QActionGroup(self)
        self.mode_actions = {}
        for mode, key in zip(self.MODES, ("Ctrl+1", "Ctrl+2", "Ctrl+3")):
            action = QAction(self, checkable=True, shortcut=QKeySequence(key))
            action.triggered.connect(lambda _=False, mode=mode: self.set_mode(mode))
            self.mode_group.addAction(action)
            self.toolbar.addAction(action)
            self.mode_actions[mode] = action
        self.mode_actions["points"].setChecked(True)
        self.toolbar.addSeparator()
        self.undo_action = self.redo_action = None  # made by _make_undo_actions, in the language of the moment
        self.delete_action = QAction(self, shortcut=QKeySequence.StandardKey.Delete, triggered=self.delete_selected)
        self.toolbar.addAction(self.delete_action)
        self.toolbar.addSeparator()
        self.method_label = QLabel()
        self.method_box = QComboBox()
        self.method_box.addItem("", AUTO)
        for method in Method:
            self.method_box.addItem(method.value, method.value)
        self.method_box.setCurrentIndex(self.method_box.findData(self.sketch.method))
        self.method_box.currentIndexChanged.connect(lambda _i: self.set_method(self.method_box.currentData()))
        self.toolbar.addWidget(self.method_label)
        self.toolbar.addWidget(self.method_box)
        self.overlay_box = QCheckBox(checked=True)
        self.overlay_box.toggled.connect(lambda _on: self._show_overlay())
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal, minimum=0, maximum=100, value=60)
        self.opacity_slider.setMaximumWidth(120)
        self.opacity_slider.valueChanged.connect(lambda value: self.overlay.set_opacity(value / 100))
        self.distortion_box = QCheckBox()
        self.distortion_box.toggled.connect(lambda _on: self._show_distortion())
        self.suggestions_box = QCheckBox(checked=True)
        self.suggestions_box.toggled.connect(lambda _on: self._show_markers())
        for widget in (self.overlay_box, self.opacity_slider, self.distortion_box, self.suggestions_box):
            self.toolbar.addWidget(widget)
        self.reference_layers = ReferenceLayers(self.imagery, self)
        self.reference_layers.changed.connect(self.canvas.set_layer_views)
        self.toolbar.addWidget(self.reference_layers.button)
        self.file_menu = self.menuBar().addMenu("")
        self.import_action = QAction(self, triggered=self._import_points)
        self.export_action = QAction(self, triggered=self._export_points)
        self.save_image_action = QAction(self, triggered=self._save_georeferenced)
        self.file_menu.addActions([self.import_action, self.export_action, self.save_image_action])
        self.next_action = QAction(self, shortcut=QKeySequence(Qt.Key.Key_N), triggered=lambda: self.queue.step(1))
        self.previous_action = QAction(self, shortcut=QKeySequence(Qt.Key.Key_P), triggered=lambda: self.queue.step(-1))
        self.finish_outline_action = QAction(
            self, shortcut=QKeySequence(Qt.Key.Key_Return), triggered=lambda: self.finish_outline()
        )
        self.cancel_outline_action = QAction(self, shortcut=QKeySequence(Qt.Key.Key_Escape), triggered=self._cancel)
        self.addActions(
            [self.next_action, self.previous_action, self.finish_outline_action, self.cancel_outline_action]
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Georeference — {title}").format(title=self.sketch.title))
        self.mode_actions["points"].setText(self.tr("Control points"))
        self.mode_actions["households"].setText(self.tr("Place households"))
        self.mode_actions["outline"].setText(self.tr("Draw grid outline"))
        self._make_undo_actions()
        self.delete_action.setText(self.tr("Delete point"))
        self.method_label.setText(self.tr(" Method: "))
        self.method_box.setItemText(0, self.tr("auto (lowest left-out error)"))
        self.overlay_box.setText(self.tr("Sketch over map"))
        self.distortion_box.setText(self.tr("Distortion"))
        self.distortion_box.setToolTip(
            self.tr("Red: drawn smaller than the rest of the sketch (squeezed); blue: drawn larger (stretched)")
        )
        self.suggestions_box.setText(self.tr("Where to click next"))
        self.reference_layers.retranslate()
        self.file_menu.setTitle(self.tr("&File"))
        self.import_action.setText(self.tr("Import control points…"))
        self.export_action.setText(self.tr("Export control points…"))
        self.save_image_action.setText(self.tr("Save georeferenced sketch…"))
        self.table_dock.setWindowTitle(self.tr("Control points"))
        self.side_dock.setWindowTitle(self.tr("Fit"))
        self.queue.retranslate()
        self.refresh()

    def _make_undo_actions(self) -> None:
        """Undo/redo name the edit ("Undo Add control point 3"), in the language of the moment."""
        self.undo_action, self.redo_action = replace_undo_actions(
            self.undo_stack, self.toolbar, self.delete_action, (self.undo_action, self.redo_action),
            self.tr("Undo"), self.tr("Redo"),
        )  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- state ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read points from the store and show them; the fit follows from a worker thread."""
        self._refresh_timer.stop()
        self.points = self.sketch.control_points()
        if "grids" in self._stale_layers:
            self._outlines = self.sketch.outlined_grids()
        if self._stale_layers & {"households", "grids"}:
            grids = self.reference.grids
            self.queue.show_households(self.sketch.locate_queue(), dict(zip(grids["id"], grids["code"])))
        self._stale_layers = set()
        self._show_state()
        self.live_fit.request(self.points, self.sketch.method, self.sketch.vouched)

    def _show_state(self) -> None:
        """Points as they are now, with the errors of the newest fit that has arrived."""
        self.table_model.show(self.points, self.state, point_notes(self.state, self.points))
        self.summary.setText(fit_summary(self.state, len(self.points)))
        self._show_markers()

    @property
    def fitting(self) -> bool:
        """Whether a fit asked for has not arrived yet."""
        return self.live_fit.busy

    def _fit_arrived(self, result: FitResult) -> None:
        self.state = result.state
        self._warped = result.warped
        self._show_state()
        self._show_overlay()
        self._show_distortion()
        self.edits.follow_fit(result.placements)
        self.fitShown.emit(result)

    def _refresh_now(self, _index: int) -> None:
        self.refresh()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.mode_actions[mode].setChecked(True)
        for action in (self.finish_outline_action, self.cancel_outline_action):
            action.setEnabled(mode == "outline")  # Return and Esc stay the table editor's otherwise
        self._cancel()

    def _cancel(self) -> None:
        """Escape: forget a half-added point or a half-drawn outline."""
        self.pending_pixel = self.pending_map = None
        self.outline_vertices = []
        self._show_markers()
        self._prompt()

    def set_method(self, method: str) -> None:
        self.sketch.set_method(method)
        self.method_box.setCurrentIndex(self.method_box.findData(method))
        self._edit(self.edits.make(self.tr("Refit with {method}").format(method=method), []))

    def _reference_content(self) -> MapContent:
        """Everything the project knows to click against: imagery, roads, GPS points, the other sketches placed."""
        return reference_content(self.reference, self.other_sketches, self.imagery)

    def _show_reference(self) -> None:
        basemaps, _problems = load_sketch_basemaps(self.store)  # an unreadable photo was named by the main window
        self.other_sketches = tuple(b for b in basemaps if b.sketch_id != self.sketch.sketch_id)
        self.reference_layers.set_other_sketches(bool(self.other_sketches))
        self.canvas.set_layer_views(self.reference_layers.views())
        content = self._reference_content()
        extent = self.reference.extent or imagery_extent(self.imagery)  # a station with only its imagery so far
        if len(self.points):
            xs, ys = self.points["x"].to_numpy(), self.points["y"].to_numpy()
            margin = 0.2 * max(np.ptp(xs), np.ptp(ys), 200.0)
            extent = (xs.min() - margin, ys.min() - margin, xs.max() + margin, ys.max() + margin)
        self.canvas.set_content(content, extent)

    def _on_store_changed(self, change) -> None:
        """Keep the reference map current; refresh once for the several layers one edit may touch."""
        self._stale_layers.add(change.layer)
        if change.layer in REVIEW_LAYERS:
            self.reference = with_change(self.reference, self.store, change)
            self.canvas.set_content(self._reference_content(), self.canvas.full_extent)
        self._refresh_timer.start()

    # -- drawing -------------------------------------------------------------------
    def _drawing_bounds(self) -> tuple[float, float, float, float]:
        return self.sketch.drawing_bounds(self.points[["sketch_x", "sketch_y"]].to_numpy(dtype=float))

    def _show_markers(self) -> None:
        on_sketch, on_map = markers.control_point_markers(self.points, self.state, self.mode == "points")
        if self.mode == "households":
            on_sketch += markers.household_markers(self.sketch.drawn_households(), self.queue.current_household)
        if self.pending_pixel is not None:
            on_sketch.append(SketchMarker("pending", *self.pending_pixel, "?", markers.CURRENT, "pending"))
        if self.pending_map is not None:
            on_map.append(MapMarker("pending", *self.pending_map, "?", markers.CURRENT))
        if self.suggestions_box.isChecked() and self.mode == "points":
            on_sketch += markers.suggestion_markers(self.state.suggestions)
        self.sketch_view.set_markers(on_sketch)
        self.overlay.set_markers(on_map)
        self.sketch_view.set_outlines(markers.outlines(self._outlines, self.outline_vertices))

    def _show_overlay(self) -> None:
        if self.state.transform is None or self._warped is None or not self.overlay_box.isChecked():
            self.overlay.set_warped(None)
            return
        self.overlay.set_warped(self._warped)

    def _show_distortion(self) -> None:
        transform = self.state.transform
        if transform is None or not self.distortion_box.isChecked():
            self.sketch_view.set_distortion(None)
            return
        self.sketch_view.set_distortion(markers.distortion_cells(transform, self.sketch.size, self._drawing_bounds()))

    def _prompt(self) -> None:
        if self.mode == "outline":
            message = self.tr(
                "Click the corners of a grid's boundary on the sketch; Enter to finish, Esc to start again"
            )
        elif self.mode == "households":
            message = self.tr("Click the house of the highlighted household on the sketch; N/P step through the list")
        elif self.pending_pixel is not None:
            message = self.tr("Now click the same place on the map")
        elif self.pending_map is not None:
            message = self.tr("Now click the same place on the sketch")
        else:
            message = self.tr("Click a place you can find on both: on the sketch, then on the map (or the other way)")
        self.statusBar().showMessage(message)

    # -- edits ---------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        self.errors_shown.append(message)
        QMessageBox.warning(self, self.tr("Not saved"), message)

    def _edit(self, made: bool) -> bool:
        if not made:
            self.refresh()  # show the state as it is (e.g. the pending marker gone); success refreshes via the stack
        return made

    def _sketch_clicked(self, x: float, y: float) -> None:
        if self.mode == "outline":
            self.outline_vertices.append((x, y))
            self._show_markers()
            return
        if self.mode == "households":
            self.place_household(x, y)
            return
        self.pending_pixel = (x, y)
        self._add_point_when_complete()

    def _map_clicked(self, x: float, y: float, _tolerance: float) -> None:
        if self.mode != "points":
            return
        self.pending_map = self.overlay.snapped(x, y)[:2]
        self._add_point_when_complete()

    def _add_point_when_complete(self) -> None:
        if self.pending_pixel is None or self.pending_map is None:
            self._show_markers()
            self._prompt()
            return
        (px, py), (x, y) = self.pending_pixel, self.pending_map
        self.pending_pixel = self.pending_map = None
        self.add_control_point(px, py, x, y)
        self._prompt()

    def add_control_point(self, pixel_x: float, pixel_y: float, x: float, y: float) -> bool:
        text = self.tr("Add control point {number}").format(number=len(self.points) + 1)
        return self._edit(self.edits.add_points([ControlPoint("", pixel_x, pixel_y, x, y)], text))

    def _update_point(self, record_id: str, changes: dict, text: str) -> bool:
        if ("x" in changes) != ("y" in changes):  # the table edits one coordinate at a time
            point = self.points[self.points["id"] == record_id].iloc[0]
            changes = {"x": point["x"], "y": point["y"], **changes}
        return self._edit(self.edits.update_point(record_id, changes, text))

    def _number_of(self, record_id: str) -> int:
        return int((self.points["id"] == record_id).to_numpy().argmax()) + 1

    def _point_edited(self, record_id: str, changes: dict) -> None:
        self._update_point(record_id, changes, self.tr("Edit control point {n}").format(n=self._number_of(record_id)))

    def _sketch_marker_moved(self, key: str, x: float, y: float) -> None:
        if self.mode == "points":
            text = self.tr("Move control point {n} on the sketch").format(n=self._number_of(key))
            self._update_point(key, {"sketch_x": x, "sketch_y": y}, text)
        else:
            self._place(key, x, y)

    def _sketch_marker_clicked(self, key: str) -> None:
        """A click on a drawn house already placed says whose it is (placing goes to empty houses)."""
        drawn = self.sketch.drawn_households()
        match = drawn[(drawn["id"] == key).to_numpy()]
        if len(match):
            self.statusBar().showMessage(
                self.tr("House {house_no}: {head_name} (already placed; drag to move it)").format(
                    house_no=match["house_no"].iloc[0], head_name=match["head_name"].iloc[0]
                )
            )

    def _map_marker_moved(self, key: str, x: float, y: float) -> None:
        text = self.tr("Move control point {n} on the map").format(n=self._number_of(key))
        self._update_point(key, {"x": x, "y": y}, text)

    def put_back(self, record_id: str) -> None:
        """Fit a point auto set aside again: auto will no longer set it aside, whatever its error."""
        self._edit(
            self.edits.put_back(record_id, self.tr("Put back control point {n}").format(n=self._number_of(record_id)))
        )

    def delete_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()}, reverse=True)
        if not rows:
            return
        self._edit(self.edits.delete_points([self.table_model.record_id(row) for row in rows]))

    # -- households ----------------------------------------------------------------
    def place_household(self, x: float, y: float) -> bool:
        """Place the queue's current household at sketch pixel (x, y), or a new household if none is current."""
        if self.state.transform is None:
            self.show_error(self.tr("Add control points first: the sketch is not on the map yet"))
            return False
        household_id = self.queue.current_household
        if household_id is None:
            return self._new_household(x, y)
        placed = self._place(household_id, x, y)
        return placed

    def _place(self, household_id: str, x: float, y: float) -> bool:
        if self.state.transform is None:
            return False
        return self._edit(self.edits.place_household(household_id, x, y, self.state.transform))

    def _new_household(self, x: float, y: float) -> bool:
        house_no, ok = QInputDialog.getText(self, self.tr("New household"), self.tr("House number (门牌号):"))
        if not ok or not house_no.strip():
            return False
        head_name, ok = QInputDialog.getText(self, self.tr("New household"), self.tr("Head of household (户主):"))
        if not ok or not head_name.strip():
            return False
        return self.add_household(x, y, house_no.strip(), head_name.strip())

    def add_household(self, x: float, y: float, house_no: str, head_name: str) -> bool:
        return self._edit(self.edits.add_household(x, y, house_no, head_name, self.state.transform))

    # -- grid outlines -------------------------------------------------------------
    def finish_outline(self, grid_id: str | None = None) -> bool:
        """Make the outline drawn so far the boundary of a grid (asked for unless given)."""
        if self.mode != "outline" or len(self.outline_vertices) < 3:
            return False
        if self.state.transform is None:
            self.show_error(self.tr("Add control points first: the sketch is not on the map yet"))
            return False
        grids = self.store.read("grids", columns=["id", "code", "name"])
        if grid_id is None:
            names = [f"{code} {name}" for code, name in zip(grids["code"], grids["name"])]
            chosen, ok = QInputDialog.getItem(self, self.tr("Grid outline"), self.tr("This is the boundary of:"),
                                              names, 0, False)  # fmt: skip
            if not ok:
                return False
            grid_id = str(grids["id"].iloc[names.index(chosen)])
        vertices, self.outline_vertices = self.outline_vertices, []
        return self._edit(self.edits.outline_grid(grid_id, vertices, self.state.transform))

    # -- files ---------------------------------------------------------------------
    def _control_points(self) -> list[ControlPoint]:
        return [
            ControlPoint(str(row + 1), p.sketch_x, p.sketch_y, p.x, p.y, bool(p.enabled))
            for row, p in enumerate(self.points.itertuples())
        ]

    def _import_points(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import control points"), "", CONTROL_POINT_FILES)
        if path:
            self.import_points(path)

    def import_points(self, path: str) -> bool:
        try:
            points = read_control_points(path)
        except WanggeError as error:
            self.show_error(error.translated(QCoreApplication.translate))
            return False
        text = self.tr("Import {count} control points").format(count=len(points))
        return self._edit(self.edits.add_points(points, text))

    def _export_points(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export control points"), "", CONTROL_POINT_FILES)
        if path:
            self.export_points(path)

    def export_points(self, path: str) -> None:
        points = self._control_points()
        if path.endswith(".points"):
            residuals = {}
            if self.state.transform is not None:
                for number, (dx, dy) in zip(self.state.point_ids, self.state.transform.residuals):
                    residuals[number] = (dx, dy)
            write_qgis_points(path, points, residuals)
        elif path.endswith(".json"):
            width, height = self.sketch.size
            write_iiif_annotation(path, points, image_id=self.sketch.sketch_id, width=width, height=height)
        else:
            write_gdal_gcps(path, points)

    def _save_georeferenced(self) -> None:
        if self.state.transform is None:
            self.show_error(self.tr("Add control points first: the sketch is not on the map yet"))
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save georeferenced sketch"), "", "PNG (*.png);;JPEG (*.jpg)"
        )
        if path:
            self.save_georeferenced(path)

    def save_georeferenced(self, path: str) -> Task | None:
        """Warp the sketch onto the map and write it with its world file, on a worker thread.

        Returns the running job, or ``None`` when another job still runs; a
        refusal (a folder that cannot be written) is said in the window.
        """
        image_bytes, transform = self.sketch.image_bytes, self.state.transform

        def warp(feedback: Feedback) -> str:
            write_georeferenced(warp_sketch(upright_image(image_bytes), transform, feedback=feedback), path)
            return path

        return self.tasks.start(
            self, self.tr("Warping the sketch…"), warp, lambda _path: self.saved.emit(path), self.show_error
        )

    def closeEvent(self, event) -> None:
        self._refresh_timer.stop()
        if self.fitting:  # the newest edit's fit has not arrived: what it moves must still follow it
            self.live_fit.stop()
            state = self.sketch.fit()
            if state.transform is not None:
                self.edits.follow_fit(self.sketch.placements(state.transform))
        self.undo_stack.indexChanged.disconnect(self._refresh_now)  # the stack's teardown must not re-read
        self.canvas.cancel_renders()
        self.store.changed.disconnect(self.store_events.changed.emit)
        super().closeEvent(event)
