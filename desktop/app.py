"""Starting the desktop app: checks of the machine, translations, the main window."""

from __future__ import annotations

import ctypes.util
import os
import sys

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QTranslator

from resources import resource_path

NO_DISPLAY = QT_TRANSLATE_NOOP(
    "app", "no display: the desktop app needs a screen (set DISPLAY, or run 'xvfb-run wangge open' on a server)"
)
NO_XCB_CURSOR = QT_TRANSLATE_NOOP(
    "app", "Qt needs the system library libxcb-cursor0 to open windows: install it (Debian/Ubuntu: apt-get install libxcb-cursor0)"
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


def run(project: str | None = None) -> int:
    """Open the main window (with ``project`` if given) and run the event loop."""
    from PySide6.QtWidgets import QApplication

    from desktop.main_window import MainWindow
    from maps.fonts import chinese_font_family

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Wangge")
    app.setOrganizationName("Wangge")
    install_translations(app)
    font = app.font()
    font.setFamilies([font.family(), chinese_font_family()])  # Chinese glyphs even without a system CJK font
    app.setFont(font)
    window = MainWindow()
    if project:
        window.open_project(project)
    window.show()
    return app.exec()
