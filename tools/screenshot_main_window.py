"""Screenshot of the main window with a project, from a real X server (run under xvfb-run).

xvfb-run -a -s "-screen 0 1600x1000x24" python tools/screenshot_main_window.py PROJECT.gpkg OUT.png
"""

import sys

from PySide6.QtCore import QTimer

from desktop.app import create_application
from desktop.main_window import MainWindow

app = create_application()
window = MainWindow()
window.open_project(sys.argv[1])
window.resize(1500, 920)
window.show()


def shoot() -> None:
    frame = window.frameGeometry()  # the window as the X server shows it, not a widget re-render
    app.primaryScreen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height()).save(sys.argv[2])
    window.close()
    app.quit()


QTimer.singleShot(1500, shoot)
sys.exit(app.exec())
