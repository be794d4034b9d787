"""A screenshot of the main window planning a day's route on the demo village, in Chinese, for the README.

    python tools/screenshot_route_planner.py       # writes docs/route-planner-zh.png

Plans the first officer's day (a four-hour day, driving) from the police
office as an officer would, and grabs the window once the map shows the route.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.window_shots import demo_village, open_and_wait, run_inside_xvfb, run_to_end, wait  # noqa: E402

OUT = ROOT / "docs" / "route-planner-zh.png"


def shoot(project: Path, out: Path) -> None:
    from desktop.app import create_application, install_translations
    from desktop.main_window import MainWindow

    app = create_application()
    install_translations(app, "zh_CN")
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    open_and_wait(window, project)
    window.route_action.trigger()
    dock = window.route_dock
    dock.officer_box.setCurrentIndex(1)
    dock.budget_box.setValue(4.0)
    wait(app, 1.0)
    run_to_end(dock.plan())
    wait(app, 2.5)
    window.grab().save(str(out))
    window.close()


def main() -> int:
    if "--inside" in sys.argv:
        _, _, project, out = sys.argv
        shoot(Path(project), Path(out))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        run_inside_xvfb(__file__, Path(folder), str(demo_village(Path(folder))), str(OUT))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
