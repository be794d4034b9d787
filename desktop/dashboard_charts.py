"""The dashboard's pyqtgraph pieces: a quiet plot in the bundled font, and bars that say which one was clicked.

The charts are read, not explored: panning and zooming them would only lose
the picture, so mouse interaction is off and a click on a bar means "show me
this grid".
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont

from maps.fonts import chinese_font_family
from maps.print.dispute_chart import nice_step

INK = "#333333"
BAR_WIDTH = 0.6
CHART_HEIGHT = 170


def chart_font(points: float = 9.0) -> QFont:
    """The bundled Chinese font, so axis words are never boxes on a PC without a CJK font."""
    font = QFont(chinese_font_family())
    font.setPointSizeF(points)
    return font


def quiet_plot() -> pg.PlotWidget:
    """A white plot with dark axes in the bundled font, no pan, zoom, menu or auto-range button."""
    plot = pg.PlotWidget(background="w")
    plot.setMinimumHeight(CHART_HEIGHT)
    plot.setMouseEnabled(x=False, y=False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.getPlotItem().layout.setContentsMargins(2, 4, 8, 2)
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setPen(INK)
        axis.setTextPen(INK)
        axis.setTickFont(chart_font())
    plot.getAxis("left").setWidth(44)  # "100%" fits; pyqtgraph drops a tick label that does not
    return plot


def set_category_ticks(plot: pg.PlotWidget, words: Sequence[str], every: int = 1) -> None:
    """Name the categories at x = 0, 1, 2...; ``every`` > 1 names only every so many, so ticks never overlap."""
    last = len(words) - 1
    shown = [(index, word) for index, word in enumerate(words) if (last - index) % every == 0]
    plot.getAxis("bottom").setTicks([shown, []])
    plot.setXRange(-0.6, max(last, 0) + 0.6, padding=0)


def set_count_range(plot: pg.PlotWidget, largest: float) -> None:
    """A y axis from 0 with a little headroom and whole-number ticks: half a dispute means nothing."""
    top = max(int(math.ceil(largest)), 1)
    step = nice_step(top)
    plot.getAxis("left").setTickSpacing(step, step)
    plot.setYRange(0, top * 1.12, padding=0)


class ClickableBars(pg.BarGraphItem):
    """Bars at x = 0, 1, 2... of :data:`BAR_WIDTH`; a left click on one emits its index."""

    barClicked = Signal(int)

    def __init__(self, heights: Sequence[float], brushes: Sequence[QColor | str]) -> None:
        super().__init__(
            x=np.arange(len(heights)), height=np.asarray(heights, dtype=float), width=BAR_WIDTH, brushes=list(brushes),
            pen=pg.mkPen(INK, width=0.5),
        )  # fmt: skip
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def bar_at(self, point: QPointF) -> int | None:
        """The bar under ``point`` (in data coordinates), if any."""
        index = round(point.x())
        heights = self.opts["height"]
        if not 0 <= index < len(heights) or abs(point.x() - index) > BAR_WIDTH / 2:
            return None
        return index if 0 <= point.y() <= max(heights[index], 0) else None

    def mouseClickEvent(self, event) -> None:  # noqa: N802 - pyqtgraph's name
        index = self.bar_at(event.pos()) if event.button() == Qt.MouseButton.LeftButton else None
        if index is None:
            event.ignore()
            return
        event.accept()
        self.barClicked.emit(index)


def stacked_bars(plot: pg.PlotWidget, layers: Sequence[tuple[Sequence[float], str]]) -> list[pg.BarGraphItem]:
    """Bars at x = 0, 1, 2... stacked bottom up, one colour per layer; returns the items added to ``plot``."""
    bottom = np.zeros(len(layers[0][0]) if layers else 0)
    items = []
    outline, no_outline = pg.mkPen(INK, width=0.5), pg.mkPen(None)
    for heights, colour in layers:
        values = np.asarray(heights, dtype=float)
        item = pg.BarGraphItem(
            x=np.arange(len(values)), y0=bottom.copy(), height=values, width=BAR_WIDTH, brush=colour,
            pens=[outline if value else no_outline for value in values],  # an empty month is no line at 0
        )  # fmt: skip
        plot.addItem(item)
        items.append(item)
        bottom += values
    return items
