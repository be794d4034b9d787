"""Reading a photographed marked sheet: time and peak memory per step, beside OpenCV's own marker detection.

    python benchmarks/bench_scan.py [--megapixels 12] [--repeats 5]

Generates the demo village once, prints grid YH-01's first sheet (registering
it), draws ten pen marks on the page and photographs it with the simulator in
:mod:`demo.field_photo` (tilted 20 degrees, rotated, uneven light, JPEG).
Then it reads the photo as ``wangge scan`` does, timing each step:

- **find**: decode the JPEG upright, find the four markers, read the QR code,
  look the sheet up in the register, fit the homography;
- **warp**: bring the photo onto the page, fit and take out the paper's bends,
  and warp the map frame north-up as the georeferenced photo;
- **compare**: find the pen marks against the page as printed and place them.

The floor is OpenCV's own ArUco detector (default parameters) on the same
photo, decoded the same way: what finding markers costs with nothing else.
Memory is the peak resident size during the step above what the process held
when it started, sampled every 2 ms. Medians of ``--repeats`` runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from demo.field_photo import CameraShot, draw_pen_marks, photograph_sheet, random_pen_marks  # noqa: E402
from demo.field_sheet import printed_page  # noqa: E402
from demo.project import create_demo_project  # noqa: E402
from layers.printed_sheets import registered_sheet  # noqa: E402
from layers.store import open_project  # noqa: E402
from maps.print.atlas import write_atlas  # noqa: E402
from maps.print.grid_sheet import PageSetup  # noqa: E402
from maps.qt_runtime import ensure_gui_application  # noqa: E402
from maps.scan.reading import bring_onto_page, find_marks, find_sheet, georeferenced_photo  # noqa: E402
from maps.scan.sheet_finder import decode_photo  # noqa: E402
from maps.scan.sheet_layout import MARKER_DICTIONARY, SheetMarksLayout  # noqa: E402

MMAP_THRESHOLD = "131072"


class PeakMemory:
    """The largest resident set size while the block runs, above the size at its start, in MB."""

    def __enter__(self) -> PeakMemory:
        self.start = self.peak = _rss()
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while self._running:
            self.peak = max(self.peak, _rss())
            time.sleep(0.002)

    def __exit__(self, *exc_info) -> None:
        self._running = False
        self._thread.join()
        self.peak = max(self.peak, _rss())

    @property
    def megabytes(self) -> float:
        return (self.peak - self.start) / 2**20


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


def measure(step, repeats: int) -> tuple[float, float, object]:
    """Median seconds and median peak MB of ``step()`` over ``repeats`` runs, and its last result."""
    seconds, megabytes = [], []
    result = None
    for _ in range(repeats):
        with PeakMemory() as memory:
            started = time.perf_counter()
            result = step()
            seconds.append(time.perf_counter() - started)
        megabytes.append(memory.megabytes)
    return statistics.median(seconds), statistics.median(megabytes), result


def main() -> None:
    if os.environ.get("MALLOC_MMAP_THRESHOLD_") != MMAP_THRESHOLD:
        # glibc keeps freed large blocks for reuse once it has freed some, so a step would reuse the last
        # step's memory and seem to need none; a fixed threshold returns every large block to the system
        os.environ["MALLOC_MMAP_THRESHOLD_"] = MMAP_THRESHOLD
        os.execv(sys.executable, [sys.executable, *sys.argv])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=float, default=12.0)
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()
    ensure_gui_application()
    with tempfile.TemporaryDirectory() as folder:
        project = create_demo_project(Path(folder) / "demo.gpkg").path
        with open_project(project) as store:
            printed = write_atlas(store, Path(folder) / "sheet.pdf", PageSetup(), grid="YH-01")
            sheet = registered_sheet(store, printed.pages[0].sheet_id)
        page, px_per_mm = printed_page(sheet)
        keep_clear = SheetMarksLayout.from_json(sheet.markers_mm).keep_clear_mm()
        marks = random_pen_marks(np.random.default_rng(1), sheet.map_frame_mm, 10, keep_clear_mm=keep_clear)
        shot = CameraShot(megapixels=arguments.megapixels, tilt_deg=20, rotation_deg=8, light=0.5, blur_px=1.0)
        photo_file = photograph_sheet(draw_pen_marks(page, px_per_mm, marks, 1), px_per_mm, shot, 1)
        with open_project(project) as store:
            photo = decode_photo(photo_file.data, "photo.jpg")
            print(f"photo: {photo.size[0]} x {photo.size[1]} ({photo.size[0] * photo.size[1] / 1e6:.1f} MP), "
                  f"{len(photo_file.data) / 2**20:.1f} MB JPEG; median of {arguments.repeats}")  # fmt: skip
            decode = measure(lambda: decode_photo(photo_file.data, "photo.jpg"), arguments.repeats)
            find = measure(lambda: find_sheet(store, photo), arguments.repeats)
            sheet, placement = find[2]

            def warp():
                page_on = bring_onto_page(photo, sheet, placement)
                return page_on, georeferenced_photo_of(photo, sheet, placement, page_on)

            warped = measure(warp, arguments.repeats)
            on_page = warped[2][0]
            compare = measure(lambda: find_marks(store, sheet, on_page), arguments.repeats)
            floor = measure(lambda: _opencv_markers(photo.pixels), arguments.repeats)
    rows = [
        ("decode JPEG, upright", decode),
        ("find (markers, QR, register, homography)", find),
        ("warp (onto the page, flatten, georeferenced)", warped),
        ("compare (pen marks placed)", compare),
    ]
    total = sum(row[1][0] for row in rows)
    print(f"{'step':48s} {'median s':>9s} {'peak MB':>8s}")
    for name, (seconds, megabytes, _) in rows:
        print(f"{name:48s} {seconds:9.3f} {megabytes:8.0f}")
    print(f"{'whole reading':48s} {total:9.3f}")
    print(f"{'floor: OpenCV ArucoDetector, full photo':48s} {floor[0]:9.3f} {floor[1]:8.0f}  ({floor[2]} markers)")
    print(f"find / floor: {find[0] / floor[0]:.2f}x; whole reading / floor: {total / floor[0]:.2f}x")
    print(f"marks read: {len(compare[2])} of {len(marks)} drawn")


def georeferenced_photo_of(photo, sheet, placement, page_on):
    """The georeferenced photo as ``wangge scan --out-georef`` makes it."""
    from maps.scan.reading import SheetReading

    return georeferenced_photo(SheetReading(photo, sheet, placement, page_on.paper, [], page_on.photo,
                                            page_on.px_per_mm))  # fmt: skip


def _opencv_markers(pixels: np.ndarray) -> int:
    grey = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    detector = cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(MARKER_DICTIONARY))
    _, ids, _ = detector.detectMarkers(grey)
    return 0 if ids is None else len(ids)


if __name__ == "__main__":
    main()
