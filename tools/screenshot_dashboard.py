"""A screenshot of the main window with the dashboard on the demo village, in Chinese, for the README.

    python tools/screenshot_dashboard.py          # writes docs/dashboard-zh.png

The script re-runs itself under ``xvfb-run`` (a real X server, not the
offscreen plugin), chooses one grid as a chief would by clicking its bar, and
grabs the window once the map has drawn that grid.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "dashboard-zh.png"
CHOSEN_GRID = 1
"""Position (in code order) of the grid whose bar is clicked."""


def _wait(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def shoot(project: Path, out: Path) -> None:
    from desktop.app import create_application, install_translations
    from desktop.main_window import MainWindow

    app = create_application()
    install_translations(app, "zh_CN")
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    window.open_project(str(project))
    window.dashboard_action.trigger()
    _wait(app, 1.0)
    dashboard = window.dashboard_dock
    dashboard.gridChosen.emit(str(dashboard.figures.grids.index[CHOSEN_GRID]))
    _wait(app, 2.5)
    window.grab().save(str(out))
    window.close()


def main() -> int:
    if "--inside" in sys.argv:
        _, _, project, out = sys.argv
        shoot(Path(project), Path(out))
        return 0
    from maps.demo_project import create_demo_project

    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.gpkg"
        create_demo_project(demo, households=570, seed=2021, as_of=date.today())
        env = {**os.environ, "XDG_CONFIG_HOME": folder, "QT_QPA_PLATFORM": "xcb"}
        subprocess.run(
            ["xvfb-run", "-a", "-s", "-screen 0 1700x1100x24", sys.executable, __file__, "--inside", str(demo),
             str(OUT)],
            check=True, env=env,
        )  # fmt: skip
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
