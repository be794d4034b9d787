"""What the georeferencer draws over the reference map: the warped sketch, control points,
the point being placed, and the snap target under the cursor; and the tool that drags
a control point across the map.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen

from desktop.map_canvas import MapCanvas
from maps.fonts import map_font

HIT_RADIUS_PX = 9
SNAP_RADIUS_PX = 12
"""A click on the reference map this close to a road vertex, landmark or GPS household snaps to it."""


@dataclass(frozen=True)
class MapMarker:
    key: str
    x: float  # metres
    y: float
    text: str
    colour: str


class ReferenceOverlay(QObject):
    """Paints on a :class:`MapCanvas` and lets the left button drag a marker (a canvas tool)."""

    markerMoved = Signal(str, float, float)  # key, metres

    def __init__(self, canvas: MapCanvas) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.markers: list[MapMarker] = []
        self.warped: tuple[QImage, tuple[float, float, float, float]] | None = None
        self.opacity = 0.6
        self.snap_targets = np.empty((0, 2))
        self._dragging: MapMarker | None = None
        self._drag_to: QPointF | None = None
        canvas.overlays.append(self.paint)
        canvas.tool = self

    def set_markers(self, markers: list[MapMarker]) -> None:
        self.markers = markers
        self.canvas.update()

    def set_warped(self, warped: tuple[QImage, tuple[float, float, float, float]] | None) -> None:
        self.warped = warped
        self.canvas.update()

    def set_opacity(self, opacity: float) -> None:
        self.opacity = opacity
        self.canvas.update()

    def snapped(self, x: float, y: float) -> tuple[float, float, bool]:
        """The nearest snap target within :data:`SNAP_RADIUS_PX` of (x, y) metres, else (x, y)."""
        if not len(self.snap_targets):
            return x, y, False
        distances = np.hypot(self.snap_targets[:, 0] - x, self.snap_targets[:, 1] - y)
        nearest = int(np.argmin(distances))
        if distances[nearest] <= SNAP_RADIUS_PX * self.canvas.metres_per_pixel:
            return float(self.snap_targets[nearest, 0]), float(self.snap_targets[nearest, 1]), True
        return x, y, False

    # -- painting ------------------------------------------------------------
    def paint(self, painter: QPainter) -> None:
        if self.warped is not None and self.opacity > 0:
            image, (minx, miny, maxx, maxy) = self.warped
            painter.setOpacity(self.opacity)
            painter.drawImage(
                QRectF(self.canvas.to_widget(QPointF(minx, maxy)), self.canvas.to_widget(QPointF(maxx, miny))), image
            )
            painter.setOpacity(1.0)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(map_font(96, 9, bold=True))
        for marker in self.markers:
            position = self.canvas.to_widget(QPointF(marker.x, marker.y))
            if marker is self._dragging and self._drag_to is not None:
                position = self._drag_to
            colour = QColor(marker.colour)
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.setBrush(QBrush(colour))
            painter.drawEllipse(position, 7, 7)
            painter.setPen(QPen(colour, 1.5))
            painter.drawLine(position - QPointF(14, 0), position - QPointF(7, 0))
            painter.drawLine(position + QPointF(7, 0), position + QPointF(14, 0))
            painter.setPen(QPen(QColor("#202020")))
            painter.drawText(position + QPointF(9, -8), marker.text)

    # -- dragging (the canvas's tool protocol) ---------------------------------
    def _marker_at(self, position: QPointF) -> MapMarker | None:
        best, best_distance = None, HIT_RADIUS_PX
        for marker in self.markers:
            on_screen = self.canvas.to_widget(QPointF(marker.x, marker.y))
            distance = np.hypot(on_screen.x() - position.x(), on_screen.y() - position.y())
            if distance <= best_distance and marker.key != "pending":
                best, best_distance = marker, distance
        return best

    def press(self, position: QPointF) -> bool:
        self._dragging = self._marker_at(position)
        return self._dragging is not None

    def move(self, position: QPointF) -> None:
        self._drag_to = position
        self.canvas.update()

    def release(self, position: QPointF) -> None:
        marker, moved = self._dragging, self._drag_to
        self._dragging = self._drag_to = None
        if marker is not None and moved is not None:
            point = self.canvas.to_map(moved)
            x, y, _ = self.snapped(point.x(), point.y())
            self.markerMoved.emit(marker.key, x, y)
        self.canvas.update()
