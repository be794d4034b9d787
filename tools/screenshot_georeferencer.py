"""Screenshots of the georeferencer on the demo village for the docs, in a real X server.

    python tools/screenshot_georeferencer.py     # writes docs/georeferencer-zh.png, -households-zh.png, -en.png

The script re-runs itself under ``xvfb-run``. The demo village's sketch comes
with 16 control points; for the household picture a few households are taken
off the map first, so the locate queue has work, and one is placed by a click.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.window_shots import demo_village, run_inside_xvfb, wait  # noqa: E402

SHOTS = (("zh_CN", "points", "georeferencer-zh.png"), ("zh_CN", "households", "georeferencer-households-zh.png"),
         ("en", "points", "georeferencer-en.png"))  # fmt: skip


def _unplace_some(store, count: int = 6) -> None:
    from layers.store import Feature

    households = store.read("households", columns=["id", "sketch_id"])
    for record_id in households[households["sketch_id"].notna()]["id"].iloc[:count]:
        record = store.get("households", record_id)
        attributes = {**record.attributes, "sketch_id": None, "sketch_x": None, "sketch_y": None}
        store.replace(Feature("households", {**attributes, "located_by": "manual"}, None))


def shoot(project: Path, language: str, mode: str, out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.app import install_translations
    from desktop.georeferencer.window import GeoreferencerWindow
    from layers.store import open_project

    app = QApplication.instance() or QApplication([])
    install_translations(app, language)
    store = open_project(project)
    if mode == "households":
        _unplace_some(store)
    sketch_id = store.read("sketches", columns=["id"])["id"].iloc[0]
    window = GeoreferencerWindow(store, sketch_id)
    window.resize(1600, 1000)
    window.show()
    wait(app, 1.0)
    if mode == "households":
        window.set_mode("households")
        window.distortion_box.setChecked(True)
        truth = window.sketch.drawn_households()
        window.sketch_view.resetTransform()
        window.sketch_view.scale(0.45, 0.45)
        window.sketch_view.centre_on(float(truth["sketch_x"].median()), float(truth["sketch_y"].median()))
    window.table.selectRow(7)
    wait(app, 2.5)
    window.grab().save(str(out))
    window.close()
    store.close()


def main() -> int:
    if "--inside" in sys.argv:
        _, _, project, language, mode, out = sys.argv
        shoot(Path(project), language, mode, Path(out))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        demo = demo_village(Path(folder))
        for language, mode, name in SHOTS:
            copy = Path(folder) / f"{mode}-{language}.gpkg"
            shutil.copy(demo, copy)
            out = ROOT / "docs" / name
            run_inside_xvfb(__file__, Path(folder), str(copy), language, mode, str(out))
            print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
