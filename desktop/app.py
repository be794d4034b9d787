"""Starting the desktop app: checks of the machine, translations, the main window."""

from __future__ import annotations

import ctypes.util
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.language_choice import install_translations

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


def create_application() -> QApplication:
    """The app object, with Chinese translations and the bundled font; call before drawing anything.

    Qt allows one application object per process and a plain QGuiApplication
    cannot show widgets, so the desktop's QApplication must exist before any
    code in ``maps`` asks for a GUI application.
    """
    from PySide6.QtWidgets import QApplication

    from desktop.gui_thread_gc import collect_on_gui_thread
    from maps.fonts import chinese_font_family

    existing = QCoreApplication.instance()
    if existing is not None:
        if not isinstance(existing, QApplication):
            raise RuntimeError("a non-widget Qt application is already running; create the desktop app first")
        return existing
    app = QApplication(sys.argv[:1])
    collect_on_gui_thread(app)  # worker threads must never finalize Qt objects
    app.setApplicationName("Wangge")
    app.setOrganizationName("Wangge")
    install_translations(app)
    font = app.font()
    font.setFamilies([font.family(), chinese_font_family()])  # Chinese glyphs even without a system CJK font
    app.setFont(font)
    return app


SCREENSHOT_TIMEOUT_MS = 60_000


def run(project: str | None = None, screenshot: Path | None = None, language: str | None = None) -> int:
    """Open the main window (with ``project`` if given) and run the event loop.

    With ``screenshot``, wait for the first complete map render, save the whole
    window to that PNG and exit (1 if the map never finished drawing).
    """
    from PySide6.QtCore import QTimer

    from desktop.main_window import MainWindow

    app = create_application()
    if language:
        install_translations(app, language)
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    if project:
        reading = window.open_project(project)
        # a project that cannot be read ends the run, once its message has been seen
        reading.finished.connect(lambda: window.store is None and app.exit(1))
    if screenshot is None:
        return app.exec()

    def grab_soon() -> None:
        # let the legend and table paint the same frame before grabbing
        QTimer.singleShot(300, lambda: app.exit(0 if window.grab().save(str(screenshot), "PNG") else 1))

    def save(_rendered: object) -> None:
        window.canvas.renderFinished.disconnect(save)
        grab_soon()

    def shoot() -> None:
        if window.canvas.full_extent is None:  # nothing to draw: the window as it stands, with its hint
            grab_soon()
        else:
            window.canvas.renderFinished.connect(save)

    if project:
        window.projectOpened.connect(lambda _location: shoot())
    else:
        shoot()

    def give_up() -> None:
        window.close()  # cancels the reading job and waits for its thread: exiting under it would abort
        app.exit(1)

    QTimer.singleShot(screenshot_timeout_ms(), give_up)
    return app.exec()


def screenshot_timeout_ms() -> int:
    """How long ``--screenshot`` waits for the first map: a minute, or ``WANGGE_SCREENSHOT_TIMEOUT_S`` seconds
    (a province-sized project on a slow machine takes longer to open)."""
    seconds = os.environ.get("WANGGE_SCREENSHOT_TIMEOUT_S", "")
    return round(float(seconds) * 1000) if seconds.replace(".", "", 1).isdigit() else SCREENSHOT_TIMEOUT_MS
