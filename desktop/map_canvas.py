"""The map canvas: shows the last rendered image, pans and zooms, and asks for new renders.

It never draws a feature itself. Every change of view starts a
:class:`~maps.render_job.RenderJob` in a worker thread and cancels the one
before; meanwhile the last image is shown moved and scaled to the new view,
so dragging and wheeling stay smooth however long a render takes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QWidget

from maps.map_content import MapContent
from maps.map_settings import DEFAULT_LAYER_VIEWS, LayerView, MapSettings
from maps.render_job import RenderJob
from maps.renderer import RenderedMap

ZOOM_STEP = 1.25
CLICK_TOLERANCE_PX = 4
"""A press and release closer than this is a click (identify), not a drag."""
PAN_KEY_SHARE = 0.25
ZOOM_MARGIN = 0.05
"""Share of an extent left around it when the canvas zooms to it."""


class CanvasTool(Protocol):
    """Takes the mouse before panning does, e.g. to drag a control point; returns True when it took it."""

    def press(self, position: QPointF) -> bool: ...
    def move(self, position: QPointF) -> None: ...
    def release(self, position: QPointF) -> None: ...


Overlay = Callable[[QPainter], None]
"""Paints over the rendered map in widget pixels (markers, a warped sketch); see :meth:`MapCanvas.to_widget`."""


class MapCanvas(QWidget):
    """Pan with the left button or the arrow keys, zoom with the wheel or +/-, Home shows everything."""

    clicked = Signal(float, float, float)  # x, y in metres, tolerance in metres
    cursorMoved = Signal(float, float)
    viewChanged = Signal(object)  # MapSettings
    renderFinished = Signal(object)  # RenderedMap

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(200, 150)
        self.content: MapContent | None = None
        self.layer_views: tuple[LayerView, ...] = DEFAULT_LAYER_VIEWS
        self.full_extent: tuple[float, float, float, float] | None = None
        self.empty_hint = ""
        """What the empty canvas says while there is nothing to draw (no project, or a project with no map data)."""
        self.centre = QPointF(0, 0)
        self.metres_per_pixel = 1.0
        self.last_render: tuple[MapSettings, RenderedMap] | None = None
        self._job: RenderJob | None = None
        self._jobs: set[RenderJob] = set()  # running or canceled, kept alive until they report
        self._press: QPointF | None = None
        self._press_centre = QPointF()
        self.overlays: list[Overlay] = []
        self.tool: CanvasTool | None = None
        self._tool_has_mouse = False
        self._render_timer = QTimer(self, singleShot=True, interval=0)
        self._render_timer.timeout.connect(self._start_render)

    # -- what to show ------------------------------------------------------
    def set_content(self, content: MapContent | None, full_extent: tuple[float, float, float, float] | None) -> None:
        """New data; the view is kept unless there was none (then it shows everything)."""
        had_view = self.full_extent is not None
        self.content, self.full_extent = content, full_extent
        if not had_view and full_extent:
            self.zoom_to_extent(full_extent)
        self.refresh()

    def set_layer_views(self, views: tuple[LayerView, ...]) -> None:
        self.layer_views = views
        self.refresh()

    def map_settings(self) -> MapSettings | None:
        """The settings of the view as it is now; ``None`` before there is anything to show."""
        if self.full_extent is None:
            return None
        return self._settings(self.centre, self.metres_per_pixel)

    def _settings(self, centre: QPointF, metres_per_pixel: float) -> MapSettings:
        ratio = self.devicePixelRatioF()
        width, height = max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio))
        half_w, half_h = self.width() * metres_per_pixel / 2, self.height() * metres_per_pixel / 2
        extent = (centre.x() - half_w, centre.y() - half_h, centre.x() + half_w, centre.y() + half_h)
        return MapSettings(extent=extent, width=width, height=height, dpi=96.0 * ratio, layers=self.layer_views)

    # -- navigation --------------------------------------------------------
    def zoom_to_extent(self, extent: tuple[float, float, float, float], margin: float = ZOOM_MARGIN) -> None:
        self.centre, self.metres_per_pixel = self._fitting(extent, margin)
        self._view_changed()

    def settings_showing(self, extent: tuple[float, float, float, float]) -> MapSettings:
        """The settings of the view :meth:`zoom_to_extent` would show, at the canvas's size now: what to read
        before showing a project."""
        return self._settings(*self._fitting(extent, ZOOM_MARGIN))

    def _fitting(self, extent: tuple[float, float, float, float], margin: float) -> tuple[QPointF, float]:
        minx, miny, maxx, maxy = extent
        width, height = max(maxx - minx, 1.0), max(maxy - miny, 1.0)
        metres_per_pixel = max(width / max(self.width(), 1), height / max(self.height(), 1)) * (1 + 2 * margin)
        return QPointF((minx + maxx) / 2, (miny + maxy) / 2), metres_per_pixel

    def zoom_to_point(self, x: float, y: float, metres_per_pixel: float | None = None) -> None:
        self.centre = QPointF(x, y)
        if metres_per_pixel:
            self.metres_per_pixel = metres_per_pixel
        self._view_changed()

    def zoom_full(self) -> None:
        if self.full_extent:
            self.zoom_to_extent(self.full_extent)

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom in (factor > 1) or out, keeping the map point under ``anchor`` (widget pixels) still."""
        if anchor is not None:
            before = self.to_map(anchor)
        self.metres_per_pixel /= factor
        if anchor is not None:
            after = self.to_map(anchor)
            self.centre += before - after
        self._view_changed()

    def pan_pixels(self, dx: float, dy: float) -> None:
        self.centre += QPointF(-dx * self.metres_per_pixel, dy * self.metres_per_pixel)
        self._view_changed()

    def to_map(self, point: QPointF) -> QPointF:
        """Widget pixels to metres."""
        return QPointF(
            self.centre.x() + (point.x() - self.width() / 2) * self.metres_per_pixel,
            self.centre.y() - (point.y() - self.height() / 2) * self.metres_per_pixel,
        )

    def _view_changed(self) -> None:
        self.update()
        self.refresh()
        settings = self.map_settings()
        if settings is not None:
            self.viewChanged.emit(settings)

    # -- rendering ---------------------------------------------------------
    def refresh(self) -> None:
        """Ask for a new render once the current event is handled (several changes, one render)."""
        self._render_timer.start()

    def is_rendering(self) -> bool:
        return self._job is not None

    def _start_render(self) -> None:
        settings = self.map_settings()
        if settings is None or self.content is None:
            return
        if self._job is not None:
            self._job.cancel()
        job = RenderJob(settings, self.content)
        job.signals.finished.connect(self._on_rendered)
        job.signals.canceled.connect(lambda _settings, job=job: self._forget(job))
        self._job = job
        self._jobs.add(job)
        job.start()

    def _forget(self, job: RenderJob) -> None:
        self._jobs.discard(job)
        if self._job is job:
            self._job = None

    def _on_rendered(self, settings: MapSettings, rendered: RenderedMap) -> None:
        job = next((j for j in self._jobs if j.settings is settings), None)
        if job is not None:
            self._forget(job)
            if job.is_canceled:
                return
        self.last_render = (settings, rendered)
        self.update()
        self.renderFinished.emit(rendered)

    def cancel_renders(self) -> None:
        """Cancel every job and wait for the workers to stop (before the window closes)."""
        self._render_timer.stop()
        for job in list(self._jobs):
            job.cancel()
            job.wait(5)
        self._jobs.clear()
        self._job = None

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#f7f5ef"))
        if self.full_extent is None and self.empty_hint:
            painter.setPen(QColor("#6b6b6b"))
            margin = self.rect().adjusted(40, 40, -40, -40)
            painter.drawText(margin, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_hint)
        if self.last_render is not None:
            settings, rendered = self.last_render
            minx, miny, maxx, maxy = settings.visible_extent
            top_left = self.to_widget(QPointF(minx, maxy))
            bottom_right = self.to_widget(QPointF(maxx, miny))
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(top_left, bottom_right), rendered.image)
        for overlay in self.overlays:
            painter.save()
            overlay(painter)
            painter.restore()
        painter.end()

    def to_widget(self, point: QPointF) -> QPointF:
        """Metres to widget pixels."""
        return QPointF(
            (point.x() - self.centre.x()) / self.metres_per_pixel + self.width() / 2,
            (self.centre.y() - point.y()) / self.metres_per_pixel + self.height() / 2,
        )

    def resizeEvent(self, event) -> None:
        if self.full_extent and self.last_render is None:
            self.zoom_full()
        self.refresh()
        super().resizeEvent(event)

    # -- input -------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.tool is not None:
            self._tool_has_mouse = self.tool.press(event.position())
            if self._tool_has_mouse:
                return
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._press_centre = QPointF(self.centre)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = self.to_map(event.position())
        self.cursorMoved.emit(point.x(), point.y())
        if self._tool_has_mouse:
            self.tool.move(event.position())
        elif self._press is not None:
            moved = event.position() - self._press
            self.centre = self._press_centre + QPointF(-moved.x(), moved.y()) * self.metres_per_pixel
            self._view_changed()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._tool_has_mouse and event.button() == Qt.MouseButton.LeftButton:
            self._tool_has_mouse = False
            self.tool.release(event.position())
            return
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        moved = event.position() - self._press
        self._press = None
        if abs(moved.x()) + abs(moved.y()) <= CLICK_TOLERANCE_PX:
            point = self.to_map(event.position())
            self.clicked.emit(point.x(), point.y(), 8 * self.metres_per_pixel)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps, event.position())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        pan = {
            Qt.Key.Key_Left: (1, 0),
            Qt.Key.Key_Right: (-1, 0),
            Qt.Key.Key_Up: (0, 1),
            Qt.Key.Key_Down: (0, -1),
        }
        if key in pan:
            dx, dy = pan[key]
            self.pan_pixels(dx * self.width() * PAN_KEY_SHARE, dy * self.height() * PAN_KEY_SHARE)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_Home:
            self.zoom_full()
        else:
            super().keyPressEvent(event)
