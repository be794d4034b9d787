"""Map labels, placed after every layer is drawn so symbols never bury them.

As in QGIS's labelling engine (much simplified): layers queue labels with a
priority, and the placer paints the most important first, skipping a label
that would overlap one already placed. Grid names beat landmark names, which
beat house numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen


@dataclass(frozen=True)
class Label:
    """Text centred on (x, y) in image pixels, with a white halo so it reads over any symbol."""

    x: float
    y: float
    text: str
    font: QFont
    colour: str


def paint_text(painter: QPainter, baseline: QPointF, text: str, font: QFont, colour: str) -> None:
    """Real text (a PDF keeps it searchable), bold drawn as regular text plus a thin outline.

    The bundled font has no bold face; Qt would fake one by drawing the text twice,
    and a PDF's text layer would then hold every title twice.
    """
    regular = QFont(font)
    regular.setBold(False)
    if font.bold():
        outline = QPainterPath()
        outline.addText(baseline, regular, text)
        painter.strokePath(outline, QPen(QColor(colour), max(0.5, font.pixelSize() / 22)))
    painter.setFont(regular)
    painter.setPen(QColor(colour))
    painter.drawText(baseline, text)


class LabelPlacer:
    """Collects labels while layers are drawn, then paints them most important first, leaving
    out any that would overlap one already placed."""

    CELL = 64  # pixels: placed labels are bucketed by cell so each check looks at a few neighbours only

    def __init__(self) -> None:
        self.queued: list[tuple[int, Label]] = []

    def add(self, priority: int, label: Label) -> None:
        self.queued.append((priority, label))

    def paint(self, painter: QPainter) -> list[Label]:
        """Paint what fits; returns the labels placed, in the order painted."""
        shown: list[Label] = []
        placed: dict[tuple[int, int], list[QRectF]] = {}
        for _, label in sorted(self.queued, key=lambda queued: -queued[0]):
            path = QPainterPath()
            path.addText(0, 0, label.font, label.text)
            box = path.boundingRect()
            baseline = QPointF(label.x - box.center().x(), label.y - box.center().y())
            path.translate(baseline)
            halo_width = max(2.0, label.font.pixelSize() / 4)
            box = path.boundingRect().adjusted(-halo_width, -halo_width / 2, halo_width, halo_width / 2)
            cells = [
                (cx, cy)
                for cx in range(int(box.left()) // self.CELL, int(box.right()) // self.CELL + 1)
                for cy in range(int(box.top()) // self.CELL, int(box.bottom()) // self.CELL + 1)
            ]
            if any(box.intersects(other) for cell in cells for other in placed.get(cell, ())):
                continue
            for cell in cells:
                placed.setdefault(cell, []).append(box)
            painter.strokePath(path, QPen(QColor(255, 255, 255, 220), halo_width, c=Qt.PenCapStyle.RoundCap))
            paint_text(painter, baseline, label.text, label.font, label.colour)
            shown.append(label)
        return shown
