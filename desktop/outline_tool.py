"""Drawing a grid's outline on the main window's map, as QGIS digitises a polygon.

:class:`OutlineTool` takes the canvas's clicks: each click adds a corner, a
drag still pans, the wheel still zooms; a double-click or Enter finishes,
Backspace takes back the last corner, Esc cancels. :class:`GridOutliner` turns
a finished ring (map metres, EPSG:32648) into the grid's polygon in storage
coordinates (EPSG:4490) and saves it as one undoable edit: the outline of a
chosen grid, of a new grid whose values are given, or, when drawn from the
menu, of the grid the user picks once it is drawn (a new one among them).
"""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QInputDialog, QWidget

from desktop.edit_commands import ReportError
from desktop.map_canvas import CLICK_TOLERANCE_PX, MapCanvas
from desktop.station_people_edits import StationPeopleEdits
from desktop.station_people_forms import GridForm, station_villages
from layers.crs import to_storage
from layers.errors import ReadOnlyProjectError
from layers.store import ProjectStore

OUTLINE_COLOUR = QColor("#d4380d")
FINISH_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class OutlineTool(QObject):
    """Collects the corners of a polygon clicked on ``canvas``; see the module docstring for the keys."""

    finished = Signal(list)
    """The corners in map metres (QPointF), at least three, the ring not closed."""
    canceled = Signal()

    def __init__(self, canvas: MapCanvas, hint: str) -> None:
        super().__init__(canvas)
        self.canvas, self.hint = canvas, hint
        self.vertices: list[QPointF] = []
        self.cursor: QPointF | None = None
        self._press: QPointF | None = None
        self._last: QPointF | None = None
        self._dragged = False
        self._previous_tool = None

    def start(self) -> None:
        self._previous_tool = self.canvas.tool
        self.canvas.tool = self
        self.canvas.overlays.append(self.paint)
        self.canvas.installEventFilter(self)
        self.canvas.cursorMoved.connect(self._cursor_moved)
        self.canvas.setCursor(Qt.CursorShape.CrossCursor)
        self.canvas.setFocus(Qt.FocusReason.OtherFocusReason)
        self.canvas.update()

    def stop(self) -> None:
        """Give the canvas back as it was."""
        if self.canvas.tool is self:
            self.canvas.tool = self._previous_tool
        if self.paint in self.canvas.overlays:
            self.canvas.overlays.remove(self.paint)
        self.canvas.removeEventFilter(self)
        self.canvas.cursorMoved.disconnect(self._cursor_moved)
        self.canvas.unsetCursor()
        self.canvas.update()

    # -- the canvas's mouse (CanvasTool) ---------------------------------------
    def press(self, position: QPointF) -> bool:
        self._press = self._last = QPointF(position)
        self._dragged = False
        return True

    def move(self, position: QPointF) -> None:
        if self._press is None:
            return
        moved = position - self._press
        self._dragged = self._dragged or abs(moved.x()) + abs(moved.y()) > CLICK_TOLERANCE_PX
        if self._dragged:  # a drag pans, as everywhere on the map
            step = position - self._last
            self.canvas.pan_pixels(step.x(), step.y())
        self._last = QPointF(position)

    def release(self, position: QPointF) -> None:
        if self._press is not None and not self._dragged:
            self.add_vertex(self.canvas.to_map(position))
        self._press = None

    # -- editing the ring --------------------------------------------------------
    def add_vertex(self, point: QPointF) -> None:
        if not self.vertices or self.vertices[-1] != point:  # the second click of a double-click adds nothing
            self.vertices.append(point)
        self.canvas.update()

    def remove_last_vertex(self) -> None:
        if self.vertices:
            self.vertices.pop()
        self.canvas.update()

    def finish(self) -> bool:
        """Announce the ring if it has three corners; otherwise keep drawing."""
        if len(self.vertices) < 3:
            self.hint = self.tr("An outline needs at least three corners: click on the map to add them.")
            self.canvas.update()
            return False
        self.finished.emit(list(self.vertices))
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in FINISH_KEYS:
                self.finish()
                return True
            if key == Qt.Key.Key_Escape:
                self.canceled.emit()
                return True
            if key == Qt.Key.Key_Backspace:
                self.remove_last_vertex()
                return True
        elif event.type() == QEvent.Type.MouseButtonDblClick and event.button() == Qt.MouseButton.LeftButton:
            self.finish()  # the double-click's first click already added its corner
            return True
        return False

    def _cursor_moved(self, x: float, y: float) -> None:
        self.cursor = QPointF(x, y)
        self.canvas.update()

    # -- drawing -----------------------------------------------------------------
    def paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        corners = [self.canvas.to_widget(point) for point in self.vertices]
        ring = corners + ([self.canvas.to_widget(self.cursor)] if self.cursor is not None and corners else [])
        if len(ring) >= 3:
            fill = QColor(OUTLINE_COLOUR)
            fill.setAlpha(40)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(fill))
            painter.drawPolygon(QPolygonF(ring))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(OUTLINE_COLOUR, 2))
        if len(corners) >= 2:
            painter.drawPolyline(QPolygonF(corners))
        if len(ring) > len(corners):
            painter.setPen(QPen(OUTLINE_COLOUR, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(corners[-1], ring[-1])
            if len(corners) >= 2:
                painter.drawLine(ring[-1], corners[0])
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(QBrush(OUTLINE_COLOUR))
        for corner in corners:
            painter.drawRect(QRectF(corner.x() - 4, corner.y() - 4, 8, 8))
        self._paint_hint(painter)

    def _paint_hint(self, painter: QPainter) -> None:
        metrics = painter.fontMetrics()
        width = min(self.canvas.width() - 24, 560)
        box = metrics.boundingRect(0, 0, width - 20, 1000, Qt.TextFlag.TextWordWrap, self.hint)
        area = QRectF(12, 12, box.width() + 20, box.height() + 14)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(area, 4, 4)
        painter.setPen(QColor("#333333"))
        painter.drawText(area.adjusted(10, 7, -10, -7), Qt.TextFlag.TextWordWrap, self.hint)


def storage_outline(vertices: list[QPointF]) -> shapely.Polygon:
    """The ring of ``vertices`` (map metres, EPSG:32648) as a polygon in storage lon/lat (EPSG:4490)."""
    xs = np.array([point.x() for point in vertices])
    ys = np.array([point.y() for point in vertices])
    lon, lat = to_storage(xs, ys)
    return shapely.Polygon(np.column_stack([lon, lat]))


class GridOutliner(QObject):
    """One outline drawing at a time on a window's map, saved as the outline of a grid."""

    ended = Signal(str)
    """The id of the grid whose outline was saved; empty when nothing was (canceled or refused)."""

    def __init__(self, canvas: MapCanvas, undo_stack, report_error: ReportError, parent: QWidget) -> None:
        super().__init__(parent)
        self.canvas, self.undo_stack, self.report_error, self.window = canvas, undo_stack, report_error, parent
        self.tool: OutlineTool | None = None
        self.store: ProjectStore | None = None
        self.target: str | dict | None = None
        self.form: GridForm | None = None
        """The form of a new grid outlined from the menu, while it is open."""

    def draw(self, store: ProjectStore | None, target: str | dict | None = None) -> bool:
        """Start drawing the outline of ``target``: a grid id, a new grid's values, or ``None`` to ask afterwards."""
        if store is None:
            return False
        if store.read_only:
            self.report_error(ReadOnlyProjectError(path=store.location).translated(QCoreApplication.translate))
            return False
        if self.canvas.full_extent is None:
            self.report_error(
                self.tr(
                    "Nothing of this station is on the map yet to draw a grid on. Add its satellite imagery "
                    "(File → Add satellite imagery) or import its roads or households (File → Import) first."
                )
            )
            return False
        self.cancel()
        self.store, self.target = store, target
        self.tool = OutlineTool(self.canvas, self._hint(store, target))
        self.tool.finished.connect(self._finished)
        self.tool.canceled.connect(self.cancel)
        self.tool.start()
        return True

    def is_drawing(self) -> bool:
        return self.tool is not None

    def cancel(self) -> None:
        """Stop drawing, saving nothing."""
        if self._stop_tool():
            self.ended.emit("")

    def _stop_tool(self) -> bool:
        if self.tool is None:
            return False
        self.tool.stop()
        self.tool.deleteLater()
        self.tool = None
        return True

    def _hint(self, store: ProjectStore, target: str | dict | None) -> str:
        keys = self.tr("Double-click or Enter finishes, Backspace removes the last corner, Esc cancels.")
        if isinstance(target, str):
            code = store.get("grids", target)["code"]
            return self.tr("Click the corners of grid {code}'s outline. {keys}").format(code=code, keys=keys)
        if isinstance(target, dict):
            return self.tr("Click the corners of the new grid {code}'s outline. {keys}").format(
                code=target["code"], keys=keys
            )
        return self.tr("Click the corners of a grid's outline; you choose the grid when it is drawn. {keys}").format(
            keys=keys
        )

    def _finished(self, vertices: list[QPointF]) -> None:
        outline = storage_outline(vertices)
        if not outline.is_valid:
            self.tool.hint = self.tr(
                "The outline crosses itself: take back corners with Backspace, or press Esc and draw it again."
            )
            self.canvas.update()
            return
        store, target = self.store, self.target
        self._stop_tool()
        edits = StationPeopleEdits(store, self.undo_stack, self.report_error)
        if isinstance(target, str):
            self._ended(target if edits.outline_grid(target, outline) else "")
        elif isinstance(target, dict):
            saved = edits.add_grid(target, outline)
            self._ended(self._grid_with_code(store, target["code"]) if saved else "")
        else:
            self._choose_grid(store, edits, outline)

    def _choose_grid(self, store: ProjectStore, edits: StationPeopleEdits, outline: shapely.Polygon) -> None:
        grids = store.read("grids", columns=["id", "code", "name"]).sort_values("code")
        new = self.tr("A new grid...")
        names = [new, *(f"{code} {name}" for code, name in zip(grids["code"], grids["name"]))]
        chosen, ok = QInputDialog.getItem(self.window, self.tr("Grid outline"), self.tr("This is the outline of:"),
                                          names, 0, False)  # fmt: skip
        if not ok:
            self._ended("")
        elif chosen != new:
            grid_id = str(grids["id"].iloc[names.index(chosen) - 1])
            self._ended(grid_id if edits.outline_grid(grid_id, outline) else "")
        else:
            officers = store.read("officers", columns=["id", "name", "role", "phone"])
            villages = station_villages(store.settings())

            def save(values: dict) -> bool:
                return edits.add_grid(values, outline)

            form = GridForm(grids, officers, villages, None, None, save, self.report_error, self.window)
            form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            form.accepted.connect(lambda: self._ended(self._grid_with_code(store, form.values()["code"])))
            form.rejected.connect(lambda: self._ended(""))
            form.show()
            self.form = form

    @staticmethod
    def _grid_with_code(store: ProjectStore, code: str) -> str:
        grids = store.read("grids", columns=["id", "code"])
        return str(grids.loc[grids["code"] == code, "id"].iloc[0])

    def _ended(self, grid_id: str) -> None:
        self.ended.emit(grid_id)
