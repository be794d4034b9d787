"""Legend symbols and words, from the entries the renderer reports for what it drew.

The canvas legend and printed maps both call these, so a legend can never
show a symbol the map does not, nor miss one it does.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from layers.vocabulary import Vocabulary
from maps.fonts import chinese_font_family
from maps.point_raster import paint_badge, paint_marker
from maps.symbology import (
    COVERAGE_CLASSES,
    FillStyle,
    LandmarkStyle,
    LegendEntry,
    LineStyle,
    MarkerStyle,
    points_to_pixels,
)
from maps.words import term


def legend_symbol(entry: LegendEntry, size: int = 20, dpi: float = 96.0) -> QImage:
    """The entry's symbol on a transparent ``size`` x ``size`` image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    marker = entry.marker
    if isinstance(marker, MarkerStyle):
        fitting_dpi = size * 0.8 / ((marker.size * 1.25 + marker.outline_width) / 72)  # big markers shrink to fit
        paint_marker(painter, marker, min(dpi, fitting_dpi), size / 2, size / 2)
    elif isinstance(marker, LineStyle):
        if marker.casing:
            painter.setPen(QPen(QColor(marker.casing), points_to_pixels(marker.width + 1.5, dpi)))
            painter.drawLine(QPointF(2, size / 2), QPointF(size - 2, size / 2))
        painter.setPen(QPen(QColor(marker.colour), points_to_pixels(marker.width, dpi)))
        painter.drawLine(QPointF(2, size / 2), QPointF(size - 2, size / 2))
    elif isinstance(marker, FillStyle):
        painter.setPen(QPen(QColor("#9e9e9e"), 1))
        painter.setBrush(QColor(marker.fill))
        painter.drawRect(2, 4, size - 5, size - 9)
    elif isinstance(marker, LandmarkStyle):
        font = QFont(chinese_font_family())
        font.setPixelSize(int(size * 0.55))
        paint_badge(painter, marker, size / 2 - 1, font, size / 2, size / 2)
    painter.end()
    return image


def legend_text(entry: LegendEntry) -> str:
    """What the symbol stands for, in the current language, with how many were drawn."""
    if isinstance(entry.marker, FillStyle):  # a class of the county overview: "coverage_<index>"
        return coverage_class_text(int(str(entry.meaning).rsplit("_", 1)[1]), entry.count, entry.state or "grid")
    if isinstance(entry.meaning, Vocabulary):
        words = term(entry.meaning)
    else:
        words = QCoreApplication.translate("legend", LAYER_WORDS.get(entry.meaning, entry.meaning))
    if entry.state == "open":
        words = QCoreApplication.translate("legend", "{grade}, open").format(grade=words)
    elif entry.state == "resolved":
        words = QCoreApplication.translate("legend", "{grade}, resolved").format(grade=words)
    if entry.layer in ("households", "disputes", "grids"):
        return QCoreApplication.translate("legend", "{meaning} ({count:,})").format(meaning=words, count=entry.count)
    return words


def coverage_class_text(index: int, count: int, unit: str = "grid") -> str:
    """A class of visit coverage and how many units (grids, villages or townships) fall in it,
    e.g. "Visited in cycle 20%–40% (12 grids)"."""
    low = COVERAGE_CLASSES[index][0]
    high = COVERAGE_CLASSES[index + 1][0] if index + 1 < len(COVERAGE_CLASSES) else 1.0
    return QCoreApplication.translate("legend", COVERAGE_CLASS_WORDS[unit]).format(low=low, high=high, count=count)


COVERAGE_CLASS_WORDS = {
    "grid": QT_TRANSLATE_NOOP("legend", "Visited in cycle {low:.0%}–{high:.0%} ({count:,} grids)"),
    "village": QT_TRANSLATE_NOOP("legend", "Visited in cycle {low:.0%}–{high:.0%} ({count:,} villages)"),
    "township": QT_TRANSLATE_NOOP("legend", "Visited in cycle {low:.0%}–{high:.0%} ({count:,} townships)"),
}
"""A coverage class in the legend, by the unit the overview shades (:data:`maps.overview.OVERVIEW_UNITS`)."""


LAYER_WORDS = {
    "grids": QT_TRANSLATE_NOOP("legend", "Grid boundary"),
    "households": QT_TRANSLATE_NOOP("legend", "Household"),
    "key_person": QT_TRANSLATE_NOOP("legend", "Key person"),
}
"""Legend words that are not vocabulary terms; translated when shown."""
