"""Starting the desktop app: checks of the machine, translations, the main window."""

from __future__ import annotations

import ctypes.util
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QTranslator

from resources import resource_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

NO_DISPLAY = QT_TRANSLATE_NOOP(
    "app", "no display: the desktop app needs a screen (set DISPLAY, or run 'xvfb-run wangge open' on a server)"
)
NO_XCB_CURSOR = QT_TRANSLATE_NOOP(
    "app",
    "Qt needs the system library libxcb-cursor0 to open windows: install it (apt-get install libxcb-cursor0)",
)


def display_problem() -> str | None:
    """Why no window can open on this machine, or ``None``; checked before Qt aborts the process."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and platform not in ("xcb", "wayland"):
        return None  # offscreen, vnc...: the user chose it
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return NO_DISPLAY
    if (platform == "xcb" or not os.environ.get("WAYLAND_DISPLAY")) and not ctypes.util.find_library("xcb-cursor"):
        return NO_XCB_CURSOR
    return None


def install_translations(app: QCoreApplication) -> None:
    """Chinese when the system locale is Chinese; the translators live as long as the app."""
    translator = QTranslator(app)
    if translator.load(QLocale.system(), "wangge", "_", str(resource_path("translations"))):
        app.installTranslator(translator)


def create_application() -> QApplication:
    """The app object, with Chinese translations and the bundled font; call before drawing anything.

    Qt allows one application object per process and a plain QGuiApplication
    cannot show widgets, so the desktop's QApplication must exist before any
    code in ``maps`` asks for a GUI application.
    """
    from PySide6.QtWidgets import QApplication

    from maps.fonts import chinese_font_family

    existing = QCoreApplication.instance()
    if existing is not None:
        if not isinstance(existing, QApplication):
            raise RuntimeError("a non-widget Qt application is already running; create the desktop app first")
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Wangge")
    app.setOrganizationName("Wangge")
    install_translations(app)
    font = app.font()
    font.setFamilies([font.family(), chinese_font_family()])  # Chinese glyphs even without a system CJK font
    app.setFont(font)
    return app


def run(project: str | None = None) -> int:
    """Open the main window (with ``project`` if given) and run the event loop."""
    from desktop.main_window import MainWindow

    app = create_application()
    window = MainWindow()
    if project:
        window.open_project(project)
    window.show()
    return app.exec()
