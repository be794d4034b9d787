"""Map labels, placed after every layer is drawn so symbols never bury them.

As in QGIS's labelling engine (much simplified): layers queue labels with a
priority, and the placer paints the most important first, skipping a label
that would overlap one already placed. Grid names beat landmark names, which
beat house numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

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
    alternatives: tuple[tuple[float, float], ...] = ()
    """Other centres to try, in order, when (x, y) is taken (e.g. below or beside a house)."""


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

    def __init__(self, keep_clear: Iterable[QRectF] = (), within: QRectF | None = None) -> None:
        """``keep_clear``: boxes (device pixels) no label may cover, a printed map's scale bar and north arrow say;
        ``within``: the box every label must lie inside whole, a printed map's frame (which would cut it)."""
        self.queued: list[tuple[int, Label]] = []
        self.keep_clear = tuple(keep_clear)
        self.within = within

    def add(self, priority: int, label: Label) -> None:
        self.queued.append((priority, label))

    def _cells(self, box: QRectF) -> list[tuple[int, int]]:
        return [
            (cx, cy)
            for cx in range(int(box.left()) // self.CELL, int(box.right()) // self.CELL + 1)
            for cy in range(int(box.top()) // self.CELL, int(box.bottom()) // self.CELL + 1)
        ]

    def paint(self, painter: QPainter) -> list[Label]:
        """Paint what fits, each label at its first free position; returns the labels placed, as placed."""
        shown: list[Label] = []
        placed: dict[tuple[int, int], list[QRectF]] = {}
        for box in self.keep_clear:
            for cell in self._cells(box):
                placed.setdefault(cell, []).append(box)
        for _, label in sorted(self.queued, key=lambda queued: -queued[0]):
            path = QPainterPath()
            path.addText(0, 0, label.font, label.text)
            centre = path.boundingRect().center()
            halo_width = max(2.0, label.font.pixelSize() / 4)
            for x, y in ((label.x, label.y), *label.alternatives):
                baseline = QPointF(x - centre.x(), y - centre.y())
                box = path.boundingRect().translated(baseline)
                box = box.adjusted(-halo_width, -halo_width / 2, halo_width, halo_width / 2)
                if self.within is not None and not self.within.contains(box):
                    continue
                cells = self._cells(box)
                if not any(box.intersects(other) for cell in cells for other in placed.get(cell, ())):
                    break
            else:
                continue  # no free position: left out rather than printed over another
            for cell in cells:
                placed.setdefault(cell, []).append(box)
            path.translate(baseline)
            painter.strokePath(path, QPen(QColor(255, 255, 255, 220), halo_width, c=Qt.PenCapStyle.RoundCap))
            paint_text(painter, baseline, label.text, label.font, label.colour)
            shown.append(replace(label, x=x, y=y))
        return shown
