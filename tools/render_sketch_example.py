"""Render the sketch images of the docs from the demo village (seed 2021), as ``wangge demo`` makes it.

    QT_QPA_PLATFORM=offscreen python tools/render_sketch_example.py

Writes docs/sketch.jpg (the full photo, as stored in the project),
docs/sketch-preview.jpg (1,600 px wide, for the README) and
docs/sketch-detail.png (a 100 % crop around the police office).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402

from demo.project import create_demo_project  # noqa: E402
from layers.store import open_project  # noqa: E402

DETAIL_SIZE = (1000, 700)
DOCS = ROOT / "docs"


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "demo.gpkg"
        create_demo_project(path, households=570, seed=2021, as_of=date(2026, 11, 28))
        with open_project(path) as store:
            sketch = store.read("sketches").iloc[0]
            points = store.read("sketch_control_points")
    (DOCS / "sketch.jpg").write_bytes(sketch["image"])
    photo = QImage.fromData(sketch["image"])
    preview = photo.scaledToWidth(1600, Qt.TransformationMode.SmoothTransformation)
    preview.save(str(DOCS / "sketch-preview.jpg"), "JPEG", 85)
    police = points[points["label"].str.endswith("警务室")].iloc[0]
    left = int(min(max(police["sketch_x"] - DETAIL_SIZE[0] / 2, 0), photo.width() - DETAIL_SIZE[0]))
    top = int(min(max(police["sketch_y"] - DETAIL_SIZE[1] / 2, 0), photo.height() - DETAIL_SIZE[1]))
    photo.copy(left, top, *DETAIL_SIZE).save(str(DOCS / "sketch-detail.png"))
    print(f"{sketch['title']}: {photo.width()}x{photo.height()}, {len(sketch['image']):,} bytes")


if __name__ == "__main__":
    main()
