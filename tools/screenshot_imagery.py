"""Screenshots of the satellite imagery in the main window and in the georeferencer, in Chinese, for the docs.

    python tools/screenshot_imagery.py   # writes docs/imagery-main-window-zh.png and docs/georeferencer-imagery-zh.png

The station is the invented village of ``tests/station_files.py``, built as a
station builds it from its own files (grids from GeoJSON, roads and landmarks
from the OSM extract, households from the Excel register, the photographed
sketch, the township's GeoTIFF as imagery). The script re-runs itself under
``xvfb-run`` so the windows are drawn as on a desk.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.window_shots import open_and_wait, run_inside_xvfb, wait  # noqa: E402

SHOTS = (("main", "imagery-main-window-zh.png"), ("georeferencer", "georeferencer-imagery-zh.png"))
CONTROL_POINTS_SHOWN = 5
"""The sketch's first known points, clicked in before the picture so the fit and its overlay show."""


def shoot_main(project: Path, out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.app import install_translations
    from desktop.main_window import MainWindow
    from tests import station_files as place
    from tests.imagery_station import metres

    app = QApplication.instance() or QApplication([])
    install_translations(app, "zh_CN")
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    open_and_wait(window, project)
    wait(app, 1.0)
    x, y = metres(place.HOUSEHOLDS[3].position)  # the middle of the first grid, its households and lanes
    window.canvas.zoom_to_point(x - 120, y - 60, 0.9)
    wait(app, 2.5)
    window.grab().save(str(out))
    window.close()


def shoot_georeferencer(project: Path, out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.app import install_translations
    from desktop.georeferencer.window import GeoreferencerWindow
    from layers.store import open_project
    from tests import station_files as place
    from tests.imagery_station import metres

    app = QApplication.instance() or QApplication([])
    install_translations(app, "zh_CN")
    store = open_project(project)
    window = GeoreferencerWindow(store, store.read("sketches", columns=["id"])["id"].iloc[0])
    window.resize(1600, 1000)
    window.show()
    wait(app, 1.0)
    for point in place.photographed_sketch(project.parent / "files").control_points[:CONTROL_POINTS_SHOWN]:
        window.add_control_point(*point.pixel, *metres(point.position))
    x, y = metres(place.HOUSEHOLDS[3].position)
    window.canvas.zoom_to_point(x - 100, y - 80, 1.0)
    window.opacity_slider.setValue(30)  # the imagery under the warped sketch stays readable
    window.table.selectRow(1)
    wait(app, 2.5)
    window.grab().save(str(out))
    window.close()
    store.close()


def main() -> int:
    if "--inside" in sys.argv:
        _, _, which, project, out = sys.argv
        {"main": shoot_main, "georeferencer": shoot_georeferencer}[which](Path(project), Path(out))
        return 0
    from maps.qt_runtime import ensure_gui_application
    from tests.imagery_station import station_with_imagery

    ensure_gui_application()
    with tempfile.TemporaryDirectory() as folder:
        project = station_with_imagery(Path(folder) / "station", sketch=True)
        for which, name in SHOTS:
            out = ROOT / "docs" / name
            run_inside_xvfb(__file__, Path(folder), which, str(project), str(out))
            print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
