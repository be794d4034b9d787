"""What the sheet review draws: the photo brought back onto the page with its marks numbered, and the photo on the map.

The page view shows the photo as the reader saw it, in the page's own
millimetres, so a mark is drawn where the reader found it and the officer can
judge by eye whether the reader saw what the pen drew. The map overlay puts the
photo's map frame, warped north-up, on the main map: it is multiplied into the
map rather than laid over it, so the paper's white leaves the map's symbols as
they are and only the print and the pen darken them, as a layer under the map
would show.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QMouseEvent, QPainter, QPen, QPixmap, QWheelEvent
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QWidget

from desktop.map_canvas import MapCanvas
from maps.fonts import map_font

MARK_COLOURS = {"proposed": "#e6007e", "accepted": "#00897b", "dismissed": "#8c8c8c"}
"""Rings by status: a magenta no pen officers carry stands out on red, blue, black and green ink and on the print."""
SELECTED_COLOUR = "#ffb300"
RING_MIN_MM = 3.0
"""A ring is at least this wide around a mark: a 1 mm dot still gets a ring the eye finds."""
RING_MARGIN_MM = 1.5
FRAME_MARGIN_MM = 4.0
HIT_RADIUS_PX = 12
ZOOM_STEP = 1.25
PHOTO_ON_MAP_OPACITY = 0.85

Box = tuple[float, float, float, float]
"""left, top, width, height in page millimetres."""


@dataclass(frozen=True)
class DrawnMark:
    """A mark as the review draws it: where on the page (mm) and on the map (metres), its number and status."""

    key: str
    number: int
    x_mm: float
    y_mm: float
    size_mm: float
    status: str
    x: float
    y: float


def page_image(on_page: np.ndarray) -> QImage:
    """The RGB page array as a QImage that owns its pixels (the array may go)."""
    pixels = np.ascontiguousarray(on_page)
    height, width = pixels.shape[:2]
    return QImage(pixels.data, width, height, pixels.strides[0], QImage.Format.Format_RGB888).copy()


class SheetPageView(QGraphicsView):
    """The photo on the page: wheel zooms, dragging pans, a click on a mark chooses it, a double click fits again."""

    markClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(QColor("#5b5b5b"))
        self.setMinimumSize(320, 240)
        self._pixmap = QGraphicsPixmapItem()
        self.scene().addItem(self._pixmap)
        self.px_per_mm = 1.0
        self.frame_mm: Box | None = None
        self.whole_page = False
        self.marks: list[DrawnMark] = []
        self.selected: str | None = None
        self.empty_text = ""
        self._press_at: QPointF | None = None

    def set_page(self, on_page: np.ndarray | None, px_per_mm: float = 1.0, frame_mm: Box | None = None) -> None:
        """Show ``on_page`` (None: nothing, and :attr:`empty_text` says why), fitted to the frame or page."""
        if on_page is None:
            self._pixmap.setPixmap(QPixmap())
            self.marks = []
        else:
            self._pixmap.setPixmap(QPixmap.fromImage(page_image(on_page)))
        self.px_per_mm, self.frame_mm = px_per_mm, frame_mm
        self.scene().setSceneRect(QRectF(self._pixmap.pixmap().rect()))
        self.fit()

    def has_page(self) -> bool:
        return not self._pixmap.pixmap().isNull()

    def set_marks(self, marks: list[DrawnMark], selected: str | None) -> None:
        self.marks, self.selected = marks, selected
        self.viewport().update()

    def show_whole_page(self, whole: bool) -> None:
        self.whole_page = whole
        self.fit()

    def fit(self) -> None:
        """Fit the map frame (with a margin for marks on its edge), or the whole page."""
        if not self.has_page():
            return
        if self.whole_page or self.frame_mm is None:
            self.fitInView(self._pixmap, Qt.AspectRatioMode.KeepAspectRatio)
            return
        left, top, width, height = self.frame_mm
        margin = FRAME_MARGIN_MM
        self.fitInView(self._scene_rect(left - margin, top - margin, width + 2 * margin, height + 2 * margin),
                       Qt.AspectRatioMode.KeepAspectRatio)  # fmt: skip

    def _scene_rect(self, left: float, top: float, width: float, height: float) -> QRectF:
        scale = self.px_per_mm
        return QRectF(left * scale, top * scale, width * scale, height * scale)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit()  # the view has its real size only now

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    # -- drawing -------------------------------------------------------------
    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        if not self.has_page():
            painter.save()
            painter.resetTransform()
            painter.setPen(QColor("#eeeeee"))
            area = self.viewport().rect().adjusted(30, 30, -30, -30)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            painter.restore()
            return
        painter.save()
        painter.resetTransform()  # rings and numbers keep their screen size at every zoom
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        screen_per_mm = self.transform().m11() * self.px_per_mm
        font = map_font(96, 10, bold=True)
        painter.setFont(font)
        for mark in sorted(self.marks, key=lambda mark: mark.key == self.selected):  # the chosen one on top
            centre = self.mapFromScene(QPointF(mark.x_mm * self.px_per_mm, mark.y_mm * self.px_per_mm))
            radius = max(max(mark.size_mm, RING_MIN_MM) / 2 + RING_MARGIN_MM, 2.0) * screen_per_mm
            radius = max(radius, 9.0)
            draw_mark(painter, QPointF(centre), radius, mark.number, mark.status, mark.key == self.selected)
        painter.restore()

    # -- input ---------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            factor = ZOOM_STEP**steps
            self.scale(factor, factor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_at = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed, self._press_at = self._press_at, None
        if pressed is None or event.button() != Qt.MouseButton.LeftButton:
            return
        moved = event.position() - pressed
        if abs(moved.x()) + abs(moved.y()) > 4:
            return  # a drag that panned the page
        mark = self.mark_at(event.position())
        if mark is not None:
            self.markClicked.emit(mark.key)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.fit()

    def mark_at(self, position: QPointF) -> DrawnMark | None:
        """The mark drawn nearest to ``position`` (viewport pixels), if one is within reach."""
        best, best_distance = None, float("inf")
        screen_per_mm = self.transform().m11() * self.px_per_mm
        for mark in self.marks:
            centre = self.mapFromScene(QPointF(mark.x_mm * self.px_per_mm, mark.y_mm * self.px_per_mm))
            reach = max(HIT_RADIUS_PX, (max(mark.size_mm, RING_MIN_MM) / 2 + RING_MARGIN_MM) * screen_per_mm)
            distance = float(np.hypot(centre.x() - position.x(), centre.y() - position.y()))
            if distance <= reach and distance < best_distance:
                best, best_distance = mark, distance
        return best


def draw_mark(painter: QPainter, centre: QPointF, radius: float, number: int, status: str, selected: bool) -> None:
    """A ring around the mark and its number on a white tag beside it, in the status colour (amber when chosen)."""
    colour = QColor(SELECTED_COLOUR if selected else MARK_COLOURS.get(status, MARK_COLOURS["proposed"]))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor("white"), 5.0 if selected else 4.0))
    painter.drawEllipse(centre, radius, radius)
    painter.setPen(QPen(colour, 3.0 if selected else 2.0))
    painter.drawEllipse(centre, radius, radius)
    text = str(number)
    metrics = painter.fontMetrics()
    width, height = metrics.horizontalAdvance(text) + 8, metrics.height() + 2
    corner = centre + QPointF(radius * 0.7, -radius * 0.7 - height)
    tag = QRectF(corner.x(), corner.y(), width, height)
    painter.setPen(QPen(colour, 1.5))
    painter.setBrush(QBrush(QColor("white")))
    painter.drawRoundedRect(tag, 3, 3)
    painter.setPen(colour.darker(130))
    painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)


class FieldPhotoOverlay:
    """The photo of a sheet and its marks on the main map, until :meth:`remove` (one per review dialog)."""

    def __init__(self, canvas: MapCanvas) -> None:
        self.canvas = canvas
        self.photo: tuple[QImage, tuple[float, float, float, float]] | None = None
        self.marks: list[DrawnMark] = []
        self.selected: str | None = None
        canvas.overlays.insert(0, self.paint)  # under the georeferencer's or the outline tool's marks

    def set_photo(self, photo: tuple[QImage, tuple[float, float, float, float]] | None) -> None:
        self.photo = photo
        self.canvas.update()

    def set_marks(self, marks: list[DrawnMark], selected: str | None) -> None:
        self.marks, self.selected = marks, selected
        self.canvas.update()

    def remove(self) -> None:
        if self.paint in self.canvas.overlays:
            self.canvas.overlays.remove(self.paint)
        self.canvas.update()

    def paint(self, painter: QPainter) -> None:
        if self.photo is not None:
            image, (minx, miny, maxx, maxy) = self.photo
            painter.save()
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
            painter.setOpacity(PHOTO_ON_MAP_OPACITY)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            target = QRectF(self.canvas.to_widget(QPointF(minx, maxy)), self.canvas.to_widget(QPointF(maxx, miny)))
            painter.drawImage(target, image)
            painter.restore()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(map_font(96, 9, bold=True))
        for mark in sorted(self.marks, key=lambda mark: mark.key == self.selected):
            centre = self.canvas.to_widget(QPointF(mark.x, mark.y))
            draw_mark(painter, centre, 9.0, mark.number, mark.status, mark.key == self.selected)
