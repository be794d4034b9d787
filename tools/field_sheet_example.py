"""The field loop's pictures for the docs, in Chinese: a marked sheet as photographed, and what was read from it.

    python tools/field_sheet_example.py     # writes docs/field-sheet-photo.jpg and docs/field-sheet-marks.png

Makes the demo village, prints grid YH-01's sheet with ``wangge print`` in
Chinese (which registers it), inks pen marks on the printed page as an officer
would (a new house at the end of a lane, a quarrel's spot, elderly people's
houses circled, a lane missing from the map, a note), photographs it with the
simulated phone of :mod:`demo.field_photo`, and reads the photo back with
``wangge scan``. The second picture is the photo brought back onto the page,
its map frame, with every mark read numbered and described.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402
from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter, QPen  # noqa: E402

from demo.field_photo import CameraShot, PenMark, draw_pen_marks, photograph_sheet  # noqa: E402
from demo.field_sheet import page_mm_of, printed_page  # noqa: E402
from demo.project import create_demo_project  # noqa: E402
from layers.printed_sheets import registered_sheet  # noqa: E402
from layers.store import open_project  # noqa: E402
from layers.vocabulary import InkColour, MarkShape  # noqa: E402
from maps.fonts import map_font  # noqa: E402
from maps.qt_runtime import ensure_gui_application  # noqa: E402
from maps.scan.reading import read_sheet_photo  # noqa: E402

DAY = date(2026, 11, 28)
SHOT = CameraShot(megapixels=12, tilt_deg=20, rotation_deg=9, light=0.55, blur_px=1.0, exif_orientation=6)


def main() -> int:
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "demo.gpkg"
        create_demo_project(project, households=570, seed=2021, as_of=DAY)
        listing = subprocess.run([sys.executable, "-m", "wangge", "print", str(project), "--grid", "YH-01", "--out",
                                  str(Path(folder) / "sheet.pdf"), "--json"], check=True, env=env,
                                 capture_output=True, text=True).stdout  # fmt: skip
        with open_project(project) as store:
            sheet = registered_sheet(store, json.loads(listing)["pages"][0]["sheet_id"])
            households = store.read("households", columns=["house_no", "key_person", "grid_id"])
        page, px_per_mm = printed_page(sheet)
        marks = _officers_marks(sheet, households)
        photo = photograph_sheet(draw_pen_marks(page, px_per_mm, marks, 3), px_per_mm, SHOT, 3)
        photo_path = Path(folder) / f"IMG_20261128_153012{photo.suffix}"
        photo_path.write_bytes(photo.data)
        preview = ImageOps.exif_transpose(Image.open(io.BytesIO(photo.data)))
        preview.thumbnail((1100, 1100))
        preview.save(ROOT / "docs" / "field-sheet-photo.jpg", quality=85)
        subprocess.run([sys.executable, "-m", "wangge", "scan", str(project), str(photo_path), "--out-georef",
                        str(Path(folder) / "photo.png")], check=True, env=env)  # fmt: skip
        _overlay(project, photo_path, ROOT / "docs" / "field-sheet-marks.png")
    print("wrote docs/field-sheet-photo.jpg and docs/field-sheet-marks.png")
    return 0


def _officers_marks(sheet, households) -> list[PenMark]:
    """What an officer adds on a walk: marks placed relative to printed houses, as in the field."""
    on_page = page_mm_of(sheet, households.geometry.x.to_numpy(), households.geometry.y.to_numpy())
    left, top, width, height = sheet.map_frame_mm
    inside = (on_page[:, 0] > left + 25) & (on_page[:, 0] < left + width - 40)
    inside &= (on_page[:, 1] > top + 25) & (on_page[:, 1] < top + height - 25)
    elderly = np.flatnonzero(inside & households["key_person"].fillna("").str.contains("elderly_alone").to_numpy())
    first, second = on_page[elderly[0]], on_page[elderly[-1]]
    return [
        PenMark("circle", "blue", first[0], first[1], 9.0),
        PenMark("circle", "blue", second[0], second[1], 9.0),
        PenMark("dot", "red", left + 0.18 * width, top + 0.78 * height, 3.0),  # a new house at a lane's end
        PenMark("cross", "red", left + 0.55 * width, top + 0.2 * height, 6.0),  # where a quarrel took place
        PenMark("line", "black", left + 0.45 * width, top + 0.9 * height, 30.0, angle_deg=8),  # a missing lane
        PenMark("writing", "green", left + 0.35 * width, top + 0.12 * height, 16.0),
    ]


def _overlay(project: Path, photo_path: Path, out: Path) -> None:
    """The photo on the page, cropped to the map frame, each mark read circled and numbered, a list below."""
    ensure_gui_application()
    with open_project(project) as store:
        reading = read_sheet_photo(store, photo_path)
    left, top, width, height = reading.sheet.map_frame_mm
    scale = reading.px_per_mm
    x0, y0 = round(left * scale), round(top * scale)
    frame = np.ascontiguousarray(reading.on_page[y0 : y0 + round(height * scale), x0 : x0 + round(width * scale)])
    lines = len(reading.marks) + 1
    image = QImage(frame.shape[1], frame.shape[0] + 34 * lines + 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.drawImage(0, 0, QImage(frame.data, frame.shape[1], frame.shape[0], frame.strides[0],
                                   QImage.Format.Format_RGB888))  # fmt: skip
    painter.setFont(map_font(96, 15, bold=True))
    for mark in reading.marks:
        centre = QPointF(mark.mark.x_mm * scale - x0, mark.mark.y_mm * scale - y0)
        radius = max(mark.mark.size_mm * scale / 2 + 10, 18)
        painter.setPen(QPen(QColor("#ff00ff"), 4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, radius, radius)
        label = QRectF(centre.x() + radius * 0.7, centre.y() - radius - 30, 40, 30)
        painter.fillRect(label, QColor("#ff00ff"))
        painter.setPen(QColor("#ffffff"))
        painter.drawText(label, Qt.AlignmentFlag.AlignCenter, str(mark.number))
    painter.setPen(QColor("#1a1a1a"))
    painter.setFont(map_font(96, 13))
    y = frame.shape[0] + 34
    sheet = reading.sheet
    painter.drawText(QPointF(16, y), f"图幅 {sheet.sheet_id} · 网格 {sheet.grid_code} · 第 {sheet.page} 页 · "
                     f"纸面误差 {reading.placement.paper_rmse_mm:.1f} 毫米")  # fmt: skip
    for mark in reading.marks:
        y += 34
        near = (
            f"最近住户 {mark.nearest.house_no} 号，{mark.nearest.distance_m:.0f} 米"
            if mark.nearest
            else "50 米内无住户"
        )
        kind = InkColour(mark.mark.colour).zh + MarkShape(mark.mark.shape).zh
        words = f"{mark.number}. {kind}，{mark.mark.size_mm:.0f} 毫米 · "
        painter.drawText(QPointF(16, y), words + f"{mark.lon:.6f}°E {mark.lat:.6f}°N · {near}")
    painter.end()
    image.save(str(out))


if __name__ == "__main__":
    sys.exit(main())
