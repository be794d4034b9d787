"""Render the example sketch photo of the docs: docs/sketch.jpg and a 100 % crop, docs/sketch-detail.png.

QT_QPA_PLATFORM=offscreen python tools/render_sketch_example.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QImage  # noqa: E402

from maps.demo_sketch import draw_sketch  # noqa: E402
from tests.maps.sketch_fixtures import village_scene  # noqa: E402

DETAIL_SIZE = (1000, 700)


def main() -> None:
    scene = village_scene(houses=600, paper=(3200, 2300), seed=7)
    start = time.perf_counter()
    photo = draw_sketch(scene, seed=2024)
    print(f"draw_sketch: {len(scene.houses)} houses, {time.perf_counter() - start:.2f} s, {photo.width}x{photo.height}")
    (ROOT / "docs" / "sketch.jpg").write_bytes(photo.image)
    police = next(m for m in scene.landmarks if m.kind == "police_office")
    x, y = photo.photo_xy(np.array([[police.x, police.y]]))[0]
    left = int(np.clip(x - DETAIL_SIZE[0] / 2, 0, photo.width - DETAIL_SIZE[0]))
    top = int(np.clip(y - DETAIL_SIZE[1] / 2, 0, photo.height - DETAIL_SIZE[1]))
    QImage.fromData(photo.image).copy(left, top, *DETAIL_SIZE).save(str(ROOT / "docs" / "sketch-detail.png"))


if __name__ == "__main__":
    main()
