"""A screenshot of the main window with the dashboard on the demo village, in Chinese, for the README.

    python tools/screenshot_dashboard.py          # writes docs/dashboard-zh.png

The script re-runs itself under ``xvfb-run`` (a real X server, not the
offscreen plugin), chooses one grid as a chief would by clicking its bar, and
grabs the window once the map has drawn that grid.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.window_shots import demo_village, open_and_wait, run_inside_xvfb, wait  # noqa: E402

OUT = ROOT / "docs" / "dashboard-zh.png"
CHOSEN_GRID = 1
"""Position (in code order) of the grid whose bar is clicked."""


def shoot(project: Path, out: Path) -> None:
    from desktop.app import create_application, install_translations
    from desktop.main_window import MainWindow

    app = create_application()
    install_translations(app, "zh_CN")
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    open_and_wait(window, project)
    window.dashboard_action.trigger()
    wait(app, 1.0)
    dashboard = window.dashboard_dock
    dashboard.gridChosen.emit(str(dashboard.figures.grids.index[CHOSEN_GRID]))
    wait(app, 2.5)
    window.grab().save(str(out))
    window.close()


def main() -> int:
    if "--inside" in sys.argv:
        _, _, project, out = sys.argv
        shoot(Path(project), Path(out))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        demo = demo_village(Path(folder))
        run_inside_xvfb(__file__, Path(folder), str(demo), str(OUT))
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
