"""The bulletin's dispute chart: per grid, three stacked bars (reported, resolved, open at month end) by grade.

A chief reads at a glance whether a grid resolves as many disputes as come in
and how hard the ones left are; the grade colours are the map's
(:data:`maps.symbology.GRADE_COLOURS`) so red means the same on every page.
Drawn with plain QPainter calls on a :class:`~maps.print.page.PagePainter`.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QPen

from layers.assessment.monthly import BY_GRADE, GridFigures
from layers.vocabulary import Grade
from maps.print.page import INK, PagePainter
from maps.symbology import GRADE_COLOURS
from maps.words import term

CHART_MM = 95.0
"""Height of the chart with its heading, axis and legend, unless its page gives it more or less."""
FURNITURE_MM = 30.0
"""Of the chart's height, what the heading above the plot and the axis words and legend below take."""


def series_words() -> dict[str, str]:
    """The short word under each of a grid's three bars, in the user's language."""
    return {
        "disputes_reported": QCoreApplication.translate("Bulletin", "new"),
        "disputes_resolved": QCoreApplication.translate("Bulletin", "resolved"),
        "disputes_open": QCoreApplication.translate("Bulletin", "open"),
    }


def nice_step(largest: int) -> int:
    """A round tick step giving 3 to 6 ticks up to ``largest``.

    >>> nice_step(4), nice_step(13), nice_step(230)
    (1, 5, 50)
    """
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if largest / step <= 5:
            return step
    return 10 ** math.ceil(math.log10(max(largest, 1)) - 0.7)


def draw_dispute_chart(page: PagePainter, grids: tuple[GridFigures, ...], x: float, y: float, width: float,
                       height: float = CHART_MM) -> None:  # fmt: skip
    """The chart in the box from (``x``, ``y``), ``width`` wide and ``height`` high: the bars take what the
    heading, axis words and legend leave."""
    heading = QCoreApplication.translate("Bulletin", "Disputes by grade: new, resolved and open at month end")
    page.text(x, y + 5, heading, 10, bold=True)
    plot_left, plot_top, plot_bottom = x + 10, y + 12, y + height - 18
    plot_width = width - 12
    largest = max([sum(getattr(grid.figures, name).values()) for grid in grids for name in BY_GRADE] + [1])
    step = nice_step(largest)
    top_value = step * math.ceil(largest / step)
    per_count = (plot_bottom - plot_top) / top_value
    for value in range(0, top_value + 1, step):
        level = plot_bottom - value * per_count
        page.line(plot_left, level, plot_left + plot_width, level, "#dddddd" if value else "#555555", 0.2)
        page.text(0, level + 1.0, str(value), 6.5, right=plot_left - 1.5)
    if not grids:
        return
    group = plot_width / len(grids)
    bar = min(12.0, group / 4)
    words = series_words()
    show_words = bar >= page.text_width(max(words.values(), key=len), 5.5) * 0.8
    for index, grid in enumerate(grids):
        centre = plot_left + group * (index + 0.5)
        for position, name in enumerate(BY_GRADE):
            left = centre + (position - 1.5) * bar + bar * 0.08 * (position - 1)
            _stacked_bar(page, getattr(grid.figures, name), left, bar * 0.9, plot_bottom, per_count)
            if show_words:
                word = words[name]
                page.text(left + (bar * 0.9 - page.text_width(word, 5.5)) / 2, plot_bottom + 3.2, word, 5.5)
        page.text(centre - page.text_width(grid.code, 7.5) / 2, plot_bottom + 7.5, grid.code, 7.5, bold=True)
    _grade_legend(page, x + 10, y + height - 5)


def _stacked_bar(page: PagePainter, counts: dict[str, int], left: float, width: float, base: float,
                 per_count: float) -> None:  # fmt: skip
    """Green at the bottom, red on top: the hard cases stand out where the eye lands."""
    level = base
    painter = page.painter
    painter.setPen(QPen(QColor("#ffffff"), page.mm(0.15)))
    for grade in Grade:
        count = counts[grade.value]
        if not count:
            continue
        height = count * per_count
        painter.setBrush(QColor(GRADE_COLOURS[grade]))
        painter.drawRect(page.rect(left, level - height, width, height))
        level -= height
    total = sum(counts.values())
    page.text(left + (width - page.text_width(str(total), 6)) / 2, level - 1.0, str(total), 6)


def _grade_legend(page: PagePainter, x: float, baseline: float) -> None:
    left = x
    for grade in Grade:
        page.painter.setPen(QPen(QColor(INK), page.mm(0.1)))
        page.painter.setBrush(QColor(GRADE_COLOURS[grade]))
        page.painter.drawRect(page.rect(left, baseline - 3.0, 3.5, 3.5))
        word = term(grade)
        page.text(left + 5, baseline, word, 7.5)
        left += 8 + page.text_width(word, 7.5) + 4
