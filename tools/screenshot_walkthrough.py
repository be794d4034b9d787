"""Screenshots for the walkthrough ``docs/walkthrough-zh.md``: a station built from its own files, in Chinese.

    python tools/screenshot_walkthrough.py    # writes docs/walkthrough-*-zh.png

Runs itself again under ``xvfb-run``. The station is the one of
``tests/station_files.py`` (an invented village made without the demo): its
county grid Shapefile, OpenStreetMap extract, township GeoTIFF, household
register and a photographed sketch. The script grabs the import dialog reading
the extract's roads, the main window once everything is in, and the printed grid
sheet as a picture of its first page.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.window_shots import open_and_wait, run_to_end, shoot_in_scratch_folder, wait  # noqa: E402

DOCS = ROOT / "docs"


def build_station(folder: Path) -> Path:
    """The station as the walkthrough's steps leave it, up to the roads, made through the product's own calls."""
    from layers.imagery import add_imagery
    from layers.imports import import_register
    from layers.station_setup import StationMember, StationSetup, create_station_project
    from layers.vocabulary import OfficerRole
    from tests import station_files as place

    project = folder / "韦州派出所.gpkg"
    members = (
        StationMember("马建军", OfficerRole.COMMUNITY_OFFICER, "13709531101"),
        StationMember("田志刚", OfficerRole.COMMUNITY_OFFICER, "13709531103"),
        StationMember("杨小东", OfficerRole.AUXILIARY, "13709531102"),
    )
    setup = StationSetup(station="韦州派出所", township=place.TOWNSHIP, county="同心县", villages=(place.VILLAGE,),
                         members=members)  # fmt: skip
    with create_station_project(project, setup) as store:
        import_register(store, "grids", place.grid_shapefile(folder / "files"))
    add_imagery(project, place.township_geotiff(folder / "files").path, name="韦州镇影像")
    return project


def shoot(folder: Path) -> None:
    from desktop.app import create_application, install_translations
    from desktop.main_window import MainWindow
    from layers.imports import import_register
    from layers.store import open_project
    from tests import station_files as place

    project = build_station(folder)
    app = create_application()
    install_translations(app, "zh_CN")
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    open_and_wait(window, project)
    wait(app, 1.0)
    dialog = window.open_import_dialog()
    run_to_end(dialog.open_file(str(place.osm_extract(folder / "files")), "roads"))
    wait(app, 1.0)
    dialog.grab().save(str(DOCS / "walkthrough-import-roads-zh.png"))
    dialog.close()
    window.close()
    with open_project(project) as store:
        register, _ = place.household_register_xlsx(folder / "files")
        import_register(store, "roads", place.osm_extract(folder / "files"))
        import_register(store, "landmarks", place.osm_extract(folder / "files"))
        import_register(store, "households", register)
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    open_and_wait(window, project)
    wait(app, 2.0)
    window.grab().save(str(DOCS / "walkthrough-window-zh.png"))
    window.close()
    sheet = folder / "QSH-01.pdf"
    chinese = {**os.environ, "LANGUAGE": "zh_CN", "LANG": "zh_CN.UTF-8"}
    subprocess.run([sys.executable, "-m", "wangge", "print", str(project), "--grid", "QSH-01", "--imagery", "--out",
                    str(sheet), "--quiet"], check=True, env=chinese)  # fmt: skip
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(sheet), str(DOCS / "walkthrough-sheet-zh")],
                   check=True)  # fmt: skip


def main() -> int:
    return shoot_in_scratch_folder(__file__, shoot, f"{DOCS}/walkthrough-*-zh.png")


if __name__ == "__main__":
    sys.exit(main())
