"""A screenshot of Station → Officers and grids, in Chinese, for the walkthrough in docs/.

    python tools/screenshot_station_people.py    # writes docs/station-people-zh.png

Runs itself again under ``xvfb-run`` (a real X server), opens the demo village
in the main window, and grabs the dialog on its grids, one of them chosen.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.window_shots import demo_village, open_and_wait, shoot_in_scratch_folder, wait  # noqa: E402

DOCS = ROOT / "docs"


def shoot(folder: Path) -> None:
    from PySide6.QtCore import QPointF

    from desktop.app import create_application, install_translations
    from desktop.main_window import MainWindow

    app = create_application()
    install_translations(app, "zh_CN")
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    open_and_wait(window, demo_village(folder))
    dialog = window.open_station_people()
    dialog.tabs.setCurrentWidget(dialog.grid_tab)
    dialog.grid_tab.table.selectRow(1)
    wait(app, 1.0)
    dialog.grab().save(str(DOCS / "station-people-zh.png"))
    if "--tool" in sys.argv:  # the outline tool on the map, to look at while working on it
        dialog.outline_grid()
        canvas = window.canvas
        for x, y in ((520, 260), (860, 240), (900, 560), (560, 600)):
            canvas.tool.add_vertex(canvas.to_map(QPointF(x, y)))
        wait(app, 1.0)
        window.grab().save(str(folder.parent / "outline-tool-zh.png"))
    window.close()


def main() -> int:
    return shoot_in_scratch_folder(__file__, shoot, f"{DOCS}/station-people-zh.png", *sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
