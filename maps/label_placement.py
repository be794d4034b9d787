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

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

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


Spots = tuple[tuple[float, float], ...]
"""Centres a label may take, in order of preference."""
SYMBOL_GAP = 2.0
"""Pixels between a point symbol and its label."""


def _ring(x: float, y: float, reach: float, box: QRectF) -> Spots:
    """Centres of a label of ``box``'s size around a symbol at (x, y) reaching ``reach``, best first: above, below,
    beside, at the corners, then a ring farther out for when the first is taken."""
    near, far = reach + SYMBOL_GAP + box.height() / 2, reach + SYMBOL_GAP + box.width() / 2
    out, wide = near + box.height(), far + box.width() / 2
    return ((x, y - near), (x, y + near), (x + far, y), (x - far, y),
            (x + far, y - near), (x - far, y - near), (x + far, y + near), (x - far, y + near),
            (x, y - out), (x, y + out), (x + wide, y), (x - wide, y))  # fmt: skip


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


LINE_SHARE = 0.65
"""A label keeps clear of others over at least this share of its line's height (ascent to descent), centred on its
ink: two lines of digits whose ink clears may still read, and print in a PDF's text layer, as one over the other."""


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
        metrics = QFontMetricsF(font)
        ink = path.boundingRect()
        line = QRectF(ink.left(), baseline.y() - metrics.ascent(), ink.width(), metrics.height())
        grow = max(0.0, LINE_SHARE * line.height() - ink.height()) / 2
        box = box.united(ink.adjusted(0, -grow, 0, grow))
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

    def _spots(self, label: Label, box: QRectF) -> Spots:
        if label.around > 0:
            return _ring(label.x, label.y, label.around, box)
        return ((label.x, label.y), *label.alternatives)

    def _costs(self, laid: list[tuple[Label, _Lines, Spots]]) -> list[np.ndarray]:
        """Per label, the symbols each of its spots would hide, priced for every label at once."""
        counts = [len(spots) for _, _, spots in laid]
        if self.symbols is None or not laid:
            return [np.zeros(count) for count in counts]
        centres = np.array([spot for _, _, spots in laid for spot in spots])
        extents = np.array([(b.left(), b.top(), b.right(), b.bottom()) for b in (lines.box for _, lines, _ in laid)])
        edges = np.repeat(extents, counts, axis=0) + np.c_[centres, centres]
        return np.split(self.symbols.costs(*edges.T), np.cumsum(counts)[:-1])

    def _free_spot(
        self, lines: _Lines, spots: Spots, costs: np.ndarray, placed: dict
    ) -> tuple[float, float, QRectF] | None:
        """The free spot hiding the fewest symbols (the earliest on a tie); None when none is free."""
        for index in np.argsort(costs, kind="stable"):
            x, y = spots[index]
            box = lines.box.translated(x, y)
            if self.within is not None and not self.within.contains(box):
                continue
            if not any(box.intersects(other) for cell in self._cells(box) for other in placed.get(cell, ())):
                return x, y, box
        return None

    def paint(self, painter: QPainter) -> list[Label]:
        """Paint what fits; returns the labels placed, as placed (``x``, ``y`` the centre chosen)."""
        shown: list[Label] = []
        placed: dict[tuple[int, int], list[QRectF]] = {}
        for box in self.keep_clear:
            for cell in self._cells(box):
                placed.setdefault(cell, []).append(box)
        laid = []
        for _, label in sorted(self.queued, key=lambda queued: -queued[0]):
            lines = _lines_of(label)
            laid.append((label, lines, self._spots(label, lines.box)))
        for (label, lines, spots), costs in zip(laid, self._costs(laid)):
            spot = self._free_spot(lines, spots, costs, placed)
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
