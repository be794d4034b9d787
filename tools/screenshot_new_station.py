"""Screenshots of File → New station project, in Chinese, for the walkthrough in docs/.

    python tools/screenshot_new_station.py    # writes docs/new-station-{station,people,window}-zh.png

Runs itself again under ``xvfb-run`` (a real X server), fills in the wizard as a
station would, grabs its two pages, creates the project and grabs the main
window on it: a new station with nothing on the map yet.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.window_shots import shoot_in_scratch_folder, wait, wait_for  # noqa: E402

DOCS = ROOT / "docs"


def shoot(folder: Path) -> None:
    from desktop.app import create_application, install_translations
    from desktop.main_window import MainWindow
    from layers.vocabulary import OfficerRole

    app = create_application()
    install_translations(app, "zh_CN")
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    wizard = window.open_new_station_wizard()
    station = wizard.station_page
    station.station_edit.setText("豫海派出所")
    station.township_edit.setText("豫海镇")
    station.county_edit.setText("同心县")
    station.villages_edit.setPlainText("犁铧嘴村\n菜园村\n周新庄村")
    wait(app, 0.5)
    wizard.grab().save(str(DOCS / "new-station-station-zh.png"))
    wizard.next()
    for name, role, phone in (
        ("马文华", OfficerRole.COMMUNITY_OFFICER, "13895012345"),
        ("李强", OfficerRole.AUXILIARY, "13995067890"),
        ("杨海军", OfficerRole.COMMUNITY_OFFICER, ""),
        ("周建平", OfficerRole.CHIEF, "0953-8012345"),
    ):
        wizard.people_page.add_person(name, role, phone)
    wait(app, 0.5)
    wizard.grab().save(str(DOCS / "new-station-people-zh.png"))
    wizard.next()
    wizard.file_page.path_edit.setText(str(folder / "豫海派出所.gpkg"))
    wizard.accept()  # the new project is then read on a worker thread
    wait_for(window.projectOpened)
    wait(app, 1.5)
    window.grab().save(str(DOCS / "new-station-window-zh.png"))
    window.close()


def main() -> int:
    return shoot_in_scratch_folder(__file__, shoot, f"{DOCS}/new-station-*-zh.png")


if __name__ == "__main__":
    sys.exit(main())
