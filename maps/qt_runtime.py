"""One QGuiApplication for drawing, also on servers without a display.

QFont, font loading and QPainter on a QImage all need a QGuiApplication, but
not a screen: the CLI renders maps and sketches on headless servers too.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

_application: QGuiApplication | None = None  # keeps the app alive while callers drop it


def ensure_gui_application() -> QGuiApplication:
    """Return the running QGuiApplication (or QApplication), creating one if there is none.

    Without a display the default platform plugin aborts the whole process, so on
    a Linux box with neither X11 nor Wayland (and no explicit ``QT_QPA_PLATFORM``)
    we ask for the ``offscreen`` plugin before creating the application.
    """
    global _application
    app = QCoreApplication.instance()
    if app is not None:
        if not isinstance(app, QGuiApplication):
            raise RuntimeError("a QCoreApplication is running; fonts and QPainter need a QGuiApplication")
        return app
    if _lacks_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _application = QGuiApplication(sys.argv[:1] or ["wangge"])
    return _application


def _lacks_display() -> bool:
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and "QT_QPA_PLATFORM" not in os.environ
    )
