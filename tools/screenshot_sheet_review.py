"""Screenshots of File → Read a marked sheet, in Chinese, for the docs.

    python tools/screenshot_sheet_review.py   # writes docs/images/sheet-review-zh.png and sheet-review-map-zh.png

Runs itself again under ``xvfb-run`` (a real X server). It opens the demo
village, prints grid YH-01 (which registers the sheet), inks the registered
page with four pens as an officer would, photographs it with the demo's phone,
and reads the photo back through the window. The first picture is the review
dialog with a mark chosen; the second the main window with the photo on the map.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.window_shots import demo_village, open_and_wait, shoot_in_scratch_folder, wait, wait_for  # noqa: E402

IMAGES = ROOT / "docs" / "images"
GRID = "YH-01"


def marked_photo(store, folder: Path) -> Path:
    """Print the grid's sheet, mark it (a red dot, a blue circle, a black cross, a green line), photograph it."""
    import numpy as np
    from PIL import Image

    from demo.field_photo import CameraShot, PenMark, draw_pen_marks, photograph_sheet
    from layers.crs import to_measure
    from layers.printed_sheets import registered_sheet
    from maps.print.atlas import write_atlas
    from maps.print.grid_sheet import PageSetup

    printed = write_atlas(store, folder / "sheet.pdf", PageSetup(), grid=GRID)
    sheet = registered_sheet(store, printed.pages[0].sheet_id)
    page = np.asarray(Image.open(io.BytesIO(sheet.page_image)).convert("RGB")).copy()
    px_per_mm = page.shape[1] / 210.0
    left, top, width, height = sheet.map_frame_mm
    minx, miny, maxx, maxy = sheet.extent
    households = store.read("households", columns=["house_no"])
    hx, hy = to_measure(households.geometry.x.to_numpy(), households.geometry.y.to_numpy())
    page_x = left + (np.asarray(hx) - minx) / (maxx - minx) * width
    page_y = top + (maxy - np.asarray(hy)) / (maxy - miny) * height
    inside = np.flatnonzero((page_x > left + 40) & (page_x < left + width - 40) & (page_y > top + 30)
                            & (page_y < top + height - 30))  # fmt: skip
    circled = inside[len(inside) // 3]
    crossed = inside[2 * len(inside) // 3]
    pens = [
        PenMark("dot", "red", left + 0.22 * width, top + 0.25 * height, 3.0),
        PenMark("circle", "blue", float(page_x[circled]), float(page_y[circled]), 9.0),
        PenMark("cross", "black", float(page_x[crossed]) + 6.0, float(page_y[crossed]) - 5.0, 6.0),
        PenMark("line", "green", left + 0.7 * width, top + 0.78 * height, 14.0, 30.0),
    ]
    inked = draw_pen_marks(page, px_per_mm, pens, seed=11)
    shot = photograph_sheet(inked, px_per_mm, CameraShot(megapixels=8, tilt_deg=14, rotation_deg=4, light=0.35), 11)
    path = folder / f"IMG_20261128_0931{shot.suffix}"
    path.write_bytes(shot.data)
    return path


def shoot(folder: Path) -> None:
    from desktop.app import create_application, install_translations

    app = create_application()  # before anything draws: the demo's pen needs the application
    install_translations(app, "zh_CN")
    from desktop.main_window import MainWindow

    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    open_and_wait(window, demo_village(folder))
    photo = marked_photo(window.store, folder)
    dialog = window.open_sheet_review()
    window.read_marked_sheets([photo])
    wait_for(dialog.reader.finished)
    blue = dialog.marks[dialog.marks["colour"] == "blue"]["id"]
    if len(blue):
        dialog.select_mark(str(blue.iloc[0]))
    dialog.sheet_panel.photo_on_map_box.setChecked(True)
    dialog.resize(1560, 900)
    wait(app, 1.5)
    IMAGES.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(IMAGES / "sheet-review-zh.png"))
    window.raise_()
    window.activateWindow()
    wait(app, 1.5)
    window.grab().save(str(IMAGES / "sheet-review-map-zh.png"))
    dialog.close()
    window.close()


def main() -> int:
    return shoot_in_scratch_folder(__file__, shoot, f"{IMAGES}/sheet-review-zh.png", *sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
