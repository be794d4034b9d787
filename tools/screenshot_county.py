"""Screenshots of the main window on a county of 100,000 households, in Chinese: townships, villages, one village,
and the print dialog on that village's grid.

    python tools/screenshot_county.py COUNTY.gpkg
    # writes docs/county-overview-zh.png, docs/county-villages-zh.png, docs/county-village-zh.png
    # and docs/county-print-grid-zh.png

Make the county with ``wangge demo-data COUNTY.gpkg --households 100000``. The
script re-runs itself under ``xvfb-run``, grabs the window once the whole
county has drawn (its townships shaded by visits in cycle), zooms in to where
villages are shaded, then to one village, where households and disputes are
drawn again; then chooses the grid of the village's police office in the filter and
opens the print dialog, which reads that grid's sheets only.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.window_shots import open_and_wait, run_inside_xvfb, run_to_end, wait, wait_for  # noqa: E402

OVERVIEW = ROOT / "docs" / "county-overview-zh.png"
VILLAGES = ROOT / "docs" / "county-villages-zh.png"
VILLAGE = ROOT / "docs" / "county-village-zh.png"
PRINT_GRID = ROOT / "docs" / "county-print-grid-zh.png"
VILLAGES_METRES_PER_PIXEL = 40.0
VILLAGE_METRES_PER_PIXEL = 1.5


def shoot(project: Path) -> None:
    from desktop.app import create_application, install_translations
    from desktop.main_window import MainWindow
    from layers.review import ReviewFilter

    app = create_application()
    install_translations(app, "zh_CN")
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    open_and_wait(window, project)
    wait_for(window.canvas.renderFinished)
    wait(app, 1.0)
    window.grab().save(str(OVERVIEW))
    office = window.data.landmarks[window.data.landmarks["kind"] == "police_office"].iloc[0]
    for metres_per_pixel, shot in ((VILLAGES_METRES_PER_PIXEL, VILLAGES), (VILLAGE_METRES_PER_PIXEL, VILLAGE)):
        window.canvas.zoom_to_point(float(office["x"]), float(office["y"]), metres_per_pixel)
        drawn_with_its_records(app, window)
        window.grab().save(str(shot))
    window.set_filter(ReviewFilter(grid_ids=frozenset({office["grid_id"]})))
    drawn_with_its_records(app, window)
    run_to_end(window.open_print_dialog())
    wait(app, 1.0)
    window.print_dialog.grab().save(str(PRINT_GRID))
    window.close()


def drawn_with_its_records(app, window) -> None:
    """Wait until the window has read what the new view shows (on a thread) and drawn it."""
    while window.review.busy:
        wait(app, 0.1)
    window.canvas.refresh()
    wait_for(window.canvas.renderFinished)
    wait(app, 1.0)


def main() -> int:
    if "--inside" in sys.argv:
        shoot(Path(sys.argv[2]))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        run_inside_xvfb(__file__, Path(folder), str(Path(sys.argv[1]).resolve()))
    print(f"wrote {OVERVIEW}, {VILLAGES}, {VILLAGE} and {PRINT_GRID}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
