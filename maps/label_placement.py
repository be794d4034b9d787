"""Map labels, placed after every layer is drawn so symbols never bury them.

As in QGIS's labelling engine (much simplified): layers queue labels with a
priority and candidate positions, and the placer takes the most important
first. A position that would overlap a label already placed (or a printed
map's furniture) is out; among the others the label takes the one hiding the
fewest symbols (:class:`~maps.symbol_cover.SymbolCover`), the earlier listed
on a tie. Grid names beat landmark names, which beat house numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen

from maps.symbol_cover import SymbolCover

HALO_COLOUR = QColor(255, 255, 255, 230)


@dataclass(frozen=True)
class Label:
    """Text centred on (x, y) in device pixels, with a white halo so it reads over any symbol.

    A grid's label is one block of two lines (its name, the officer's below),
    so both lines move together.
    """

    x: float
    y: float
    text: str
    font: QFont
    colour: str
    alternatives: tuple[tuple[float, float], ...] = ()
    """Other centres to try, in order of preference."""
    second_line: str = ""
    second_font: QFont | None = None
    around: float = 0.0
    """When above 0, (x, y) is a point symbol reaching this far (pixels) and the label goes around it, clear of
    it: above first, then below, beside, at the corners, then farther out (``alternatives`` are not used)."""


SYMBOL_GAP = 2.0
"""Pixels between a point symbol and its label."""


def _ring(x: float, y: float, reach: float, box: QRectF) -> tuple[tuple[float, float], ...]:
    """Centres of a label of ``box``'s size around a symbol at (x, y) reaching ``reach``, best first."""
    near, far = reach + SYMBOL_GAP + box.height() / 2, reach + SYMBOL_GAP + box.width() / 2
    out, wide = near + box.height(), far + box.width() / 2  # the next ring, for when the first is taken
    around = ((0, -near), (0, near), (far, 0), (-far, 0), (far, -near), (-far, -near), (far, near), (-far, near),
              (0, -out), (0, out), (wide, 0), (-wide, 0))  # fmt: skip
    return tuple((x + dx, y + dy) for dx, dy in around)


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


def halo_width(font: QFont) -> float:
    """The halo's pen width: about a third of the text's height, so about 1 mm of white around 10-point text."""
    return max(2.5, font.pixelSize() / 3)


@dataclass(frozen=True)
class _Lines:
    """A label's text as paths at the origin, and the box (halo included) centred on the origin."""

    paths: tuple[tuple[QPainterPath, QFont, str, QPointF], ...]
    """Each line's outline, font, text and baseline, all relative to the label's centre."""
    box: QRectF
    halo: float


def _lines_of(label: Label) -> _Lines:
    """Each line's path, laid out centred about (0, 0): one under the other, the second in its own font."""
    lines = [(label.text, label.font)]
    if label.second_line:
        lines.append((label.second_line, label.second_font or label.font))
    paths, height = [], 0.0
    for text, font in lines:
        path = QPainterPath()
        path.addText(0, 0, font, text)
        bounds = path.boundingRect()
        paths.append((path, font, text, bounds))
        height += bounds.height()
    gap = 0.3 * lines[0][1].pixelSize() if len(lines) > 1 else 0.0
    top = -(height + gap * (len(lines) - 1)) / 2
    placed, box = [], QRectF()
    for path, font, text, bounds in paths:
        baseline = QPointF(-bounds.center().x(), top - bounds.top())  # the path was made on a baseline at 0, 0
        path.translate(baseline)
        placed.append((path, font, text, baseline))
        box = box.united(path.boundingRect())
        top += bounds.height() + gap
    halo = max(halo_width(font) for _, font in lines)
    return _Lines(tuple(placed), box.adjusted(-halo / 2, -halo / 2, halo / 2, halo / 2), halo)


def label_box(label: Label) -> QRectF:
    """The box the label takes (halo included), centred on its (x, y)."""
    return _lines_of(label).box.translated(label.x, label.y)


class LabelPlacer:
    """Collects labels while layers are drawn, then paints them most important first, each at its free position
    hiding the fewest symbols, leaving out any that would overlap one already placed."""

    CELL = 64  # pixels: placed labels are bucketed by cell so each check looks at a few neighbours only

    def __init__(
        self, keep_clear: Iterable[QRectF] = (), within: QRectF | None = None, symbols: SymbolCover | None = None
    ) -> None:
        """``keep_clear``: boxes (device pixels) no label may cover, a printed map's scale bar and north arrow say;
        ``within``: the box every label must lie inside whole, a printed map's frame (which would cut it);
        ``symbols``: the symbols drawn, which a label avoids where it can."""
        self.queued: list[tuple[int, Label]] = []
        self.keep_clear = tuple(keep_clear)
        self.within = within
        self.symbols = symbols

    def add(self, priority: int, label: Label) -> None:
        self.queued.append((priority, label))

    def _cells(self, box: QRectF) -> list[tuple[int, int]]:
        return [
            (cx, cy)
            for cx in range(int(box.left()) // self.CELL, int(box.right()) // self.CELL + 1)
            for cy in range(int(box.top()) // self.CELL, int(box.bottom()) // self.CELL + 1)
        ]

    def _best_spot(self, label: Label, extent: QRectF, placed: dict) -> tuple[float, float, QRectF] | None:
        """The free centre whose box hides the fewest symbols (the earliest on a tie); None when none is free."""
        best: tuple[float, float, float, QRectF] | None = None
        spots = _ring(label.x, label.y, label.around, extent) if label.around > 0 else (label.x, label.y)
        for x, y in spots if label.around > 0 else (spots, *label.alternatives):
            box = extent.translated(x, y)
            if self.within is not None and not self.within.contains(box):
                continue
            if any(box.intersects(other) for cell in self._cells(box) for other in placed.get(cell, ())):
                continue
            cost = self.symbols.cost(box) if self.symbols is not None else 0.0
            if best is None or cost < best[0]:
                best = (cost, x, y, box)
                if cost == 0:
                    break
        return None if best is None else best[1:]

    def paint(self, painter: QPainter) -> list[Label]:
        """Paint what fits; returns the labels placed, as placed (``x``, ``y`` the centre chosen)."""
        shown: list[Label] = []
        placed: dict[tuple[int, int], list[QRectF]] = {}
        for box in self.keep_clear:
            for cell in self._cells(box):
                placed.setdefault(cell, []).append(box)
        for _, label in sorted(self.queued, key=lambda queued: -queued[0]):
            lines = _lines_of(label)
            spot = self._best_spot(label, lines.box, placed)
            if spot is None:
                continue  # no free position: left out rather than printed over another
            x, y, box = spot
            for cell in self._cells(box):
                placed.setdefault(cell, []).append(box)
            halo = QPen(HALO_COLOUR, lines.halo, c=Qt.PenCapStyle.RoundCap)
            for path, _, _, _ in lines.paths:  # every halo first: the officer's must not cut into the grid's name
                painter.strokePath(path.translated(x, y), halo)
            for _, font, text, baseline in lines.paths:
                paint_text(painter, baseline + QPointF(x, y), text, font, label.colour)
            shown.append(replace(label, x=x, y=y))
        return shown
