"""The photographed sketch as the officer drew it (not warped), with what sits on it.

Coordinates are the sketch's own pixels, x right and y down from the top-left,
which are also the scene coordinates, so what the store holds (``sketch_x``,
``sketch_y``) is drawn as it is. Markers are painted in the foreground rather
than kept as scene items: there are a few hundred at most, and one painter pass
keeps hit-testing and dragging in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QMouseEvent, QPainter, QPen, QPixmap, QPolygonF, QWheelEvent
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QWidget

from maps.fonts import map_font

HIT_RADIUS_PX = 9
"""A press this close (screen pixels) to a marker grabs it."""
ZOOM_STEP = 1.25
FULL_TINT_LOG2 = 0.4
"""A local scale this far from the median (log2, about a third) gets the strongest distortion tint."""


@dataclass(frozen=True)
class SketchMarker:
    """Something drawn on the sketch: a control point, a household, a suggestion."""

    key: str
    x: float
    y: float
    text: str
    colour: str
    kind: str  # "control", "household", "pending", "suggestion"
    movable: bool = False


class SketchView(QGraphicsView):
    """Wheel zooms, the right or middle button pans, the left button clicks or drags a marker."""

    clicked = Signal(float, float)  # sketch pixels
    markerMoved = Signal(str, float, float)  # key, sketch pixels
    markerClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#5b5b5b"))
        self.setMouseTracking(True)
        self._pixmap = QGraphicsPixmapItem()
        self.scene().addItem(self._pixmap)
        self.markers: list[SketchMarker] = []
        self.outlines: list[tuple[np.ndarray, str, bool]] = []  # pixel vertices, colour, closed
        self.distortion: tuple[np.ndarray, np.ndarray, np.ndarray, float] | None = None  # x, y, ratio, cell
        self._dragging: SketchMarker | None = None
        self._drag_to: QPointF | None = None
        self._pan_from: QPointF | None = None
        self._press_at: QPointF | None = None
        self._shown_once = False

    # -- content -----------------------------------------------------------
    def set_image(self, image: QImage) -> None:
        self._pixmap.setPixmap(QPixmap.fromImage(image))
        self.scene().setSceneRect(QRectF(image.rect()).adjusted(-200, -200, 200, 200))
        self.fit_sketch()

    def fit_sketch(self) -> None:
        self.fitInView(self._pixmap, Qt.AspectRatioMode.KeepAspectRatio)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:  # the view has its real size only now
            self._shown_once = True
            self.fit_sketch()

    def set_markers(self, markers: list[SketchMarker]) -> None:
        self.markers = markers
        self.viewport().update()

    def set_outlines(self, outlines: list[tuple[np.ndarray, str, bool]]) -> None:
        """Grid outlines drawn on the sketch (closed) and the one being drawn (open)."""
        self.outlines = outlines
        self.viewport().update()

    def set_distortion(self, distortion: tuple[np.ndarray, np.ndarray, np.ndarray, float] | None) -> None:
        """Cells (centres x, y, local scale relative to the median, cell size) to tint, or None."""
        self.distortion = distortion
        self.viewport().update()

    def centre_on(self, x: float, y: float) -> None:
        self.centerOn(QPointF(x, y))

    # -- painting ------------------------------------------------------------
    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        scale = self.transform().m11() or 1.0
        if self.distortion is not None:
            self._paint_distortion(painter)
        for vertices, colour, closed in self.outlines:
            painter.setPen(QPen(QColor(colour), 3 / scale))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            polygon = QPolygonF([QPointF(x, y) for x, y in vertices])
            painter.drawPolygon(polygon) if closed else painter.drawPolyline(polygon)
        font = map_font(96, 9, bold=True)
        font.setPixelSize(max(1, round(12 / scale)))  # constant on screen at any zoom
        painter.setFont(font)
        for marker in self.markers:
            position = QPointF(marker.x, marker.y)
            if marker is self._dragging and self._drag_to is not None:
                position = self._drag_to
            self._paint_marker(painter, marker, position, scale)

    def _paint_distortion(self, painter: QPainter) -> None:
        xs, ys, ratio, cell = self.distortion
        painter.setPen(Qt.PenStyle.NoPen)
        for x, y, value in zip(xs.ravel(), ys.ravel(), ratio.ravel()):
            if not np.isfinite(value):
                continue
            # squeezed drawing (more metres per pixel than usual) in red, stretched in blue; a third off is full
            strength = min(abs(np.log2(value)) / FULL_TINT_LOG2, 1.0)
            colour = QColor(214, 39, 40) if value > 1 else QColor(31, 119, 180)
            colour.setAlphaF(0.55 * strength)
            painter.setBrush(colour)
            painter.drawRect(QRectF(x - cell / 2, y - cell / 2, cell, cell))

    def _paint_marker(self, painter: QPainter, marker: SketchMarker, position: QPointF, scale: float) -> None:
        colour = QColor(marker.colour)
        radius = {"household": 5, "suggestion": 22}.get(marker.kind, 8) / scale
        if marker.kind == "suggestion":
            pen = QPen(colour, 2.5 / scale, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(position, radius, radius)
            painter.drawLine(position - QPointF(radius / 2, 0), position + QPointF(radius / 2, 0))
            painter.drawLine(position - QPointF(0, radius / 2), position + QPointF(0, radius / 2))
            return
        painter.setPen(QPen(QColor("white"), 1.5 / scale))
        painter.setBrush(QBrush(colour))
        if marker.kind == "household":
            painter.drawRect(QRectF(position.x() - radius, position.y() - radius, 2 * radius, 2 * radius))
        else:
            painter.drawEllipse(position, radius, radius)
            painter.setPen(QPen(colour, 1.5 / scale))
            painter.drawLine(position - QPointF(2 * radius, 0), position - QPointF(radius, 0))
            painter.drawLine(position + QPointF(radius, 0), position + QPointF(2 * radius, 0))
        if marker.text:
            painter.setPen(QPen(QColor("#202020")))
            painter.drawText(position + QPointF(radius * 1.3, -radius * 1.1), marker.text)

    # -- input ---------------------------------------------------------------
    def marker_at(self, view_position: QPointF) -> SketchMarker | None:
        """The movable or clickable marker nearest ``view_position`` within :data:`HIT_RADIUS_PX`."""
        best, best_distance = None, HIT_RADIUS_PX
        for marker in self.markers:
            if marker.kind == "suggestion":
                continue
            on_screen = self.mapFromScene(QPointF(marker.x, marker.y))
            distance = np.hypot(on_screen.x() - view_position.x(), on_screen.y() - view_position.y())
            if distance <= best_distance:
                best, best_distance = marker, distance
        return best

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() in (Qt.MouseButton.RightButton, Qt.MouseButton.MiddleButton):
            self._pan_from = event.position()
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._press_at = event.position()
        marker = self.marker_at(event.position())
        if marker is not None and marker.movable:
            self._dragging = marker

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            moved = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(moved.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(moved.y()))
        elif self._dragging is not None:
            self._drag_to = self.mapToScene(event.position().toPoint())
            self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            self._pan_from = None
            return
        dragging, drag_to = self._dragging, self._drag_to
        self._dragging = self._drag_to = None
        pressed_at, self._press_at = self._press_at, None
        if dragging is not None and drag_to is not None:
            self.markerMoved.emit(dragging.key, drag_to.x(), drag_to.y())
            return
        if pressed_at is None:
            return
        marker = self.marker_at(event.position())
        if marker is not None:
            self.markerClicked.emit(marker.key)
            return
        point = self.mapToScene(event.position().toPoint())
        self.clicked.emit(point.x(), point.y())

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            factor = ZOOM_STEP**steps
            self.scale(factor, factor)
