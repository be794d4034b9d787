"""The bundled Chinese font, so maps look the same on every machine.

Police intranet PCs often lack a CJK font (or have a different one); drawing
with the font shipped in :mod:`resources` keeps labels legible and renders
byte-identical sketches everywhere.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

from maps.qt_runtime import ensure_gui_application
from resources import resource_path

CHINESE_FONT_FILE = "NotoSansSC-Regular-GB2312.otf"


@cache
def chinese_font_family() -> str:
    """Register the bundled font once and return its family name."""
    ensure_gui_application()
    path = resource_path("fonts", CHINESE_FONT_FILE)
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise RuntimeError(f"cannot load the bundled Chinese font {path}")
    return families[0]


def map_font(dpi: float, points: float, bold: bool = False) -> QFont:
    """The bundled font at ``points`` for an image of ``dpi`` (pixel-sized, so screen and paper agree)."""
    font = QFont(chinese_font_family())
    font.setPixelSize(max(1, round(points * dpi / 72.0)))
    font.setBold(bold)
    return font
