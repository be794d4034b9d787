"""What a reviewer feels when panning: the canvas's immediate frame and the time until it is sharp.

    python benchmarks/bench_canvas.py PROJECT.gpkg [--frames 30]

Opens the real main window (offscreen unless a display is set), waits for the
first render, then pans and zooms step by step. For each step it times

- the immediate frame: the canvas repaints the last image moved and scaled
  (what the user sees while dragging), and
- the sharp frame: until the worker thread's new render has arrived.

Medians and the 90th percentile are printed; there is no peer here, the
renderer itself is compared with QGIS by ``bench_render.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp())  # leave the user's recent projects alone

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from desktop.app import create_application  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402


def wait_for(signal, timeout_ms: int = 120_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def wait_for_render(window: MainWindow, timeout_ms: int = 120_000) -> None:
    wait_for(window.canvas.renderFinished, timeout_ms)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project")
    parser.add_argument("--frames", type=int, default=30)
    arguments = parser.parse_args()
    app = create_application()
    window = MainWindow()
    window.resize(1920, 1080)
    window.show()
    started = time.perf_counter()
    reading = window.open_project(arguments.project)  # read on a worker thread; the map is drawn once it is shown
    wait_for(reading.finished)
    if window.store is None:
        return 1
    wait_for_render(window)
    print(f"open and first render: {time.perf_counter() - started:.1f} s")
    canvas = window.canvas
    for label, zoom in (("whole station", 1.0), ("zoomed in x8", 8.0)):
        canvas.zoom_full()
        canvas.zoom_by(zoom)
        wait_for_render(window)
        immediate, sharp = [], []
        for step in range(arguments.frames):
            began = time.perf_counter()
            if step % 3:
                canvas.pan_pixels(40, 15)
            else:
                canvas.zoom_by(1.1 if step % 2 else 1 / 1.1)
            canvas.repaint()  # the last image, moved: what the user sees at once
            immediate.append((time.perf_counter() - began) * 1000)
            wait_for_render(window)
            sharp.append((time.perf_counter() - began) * 1000)
        print(
            f"{label:>14}, canvas {canvas.width()}x{canvas.height()}: immediate frame median "
            f"{statistics.median(immediate):.1f} ms (p90 {percentile(immediate, 0.9):.1f}); sharp median "
            f"{statistics.median(sharp):.0f} ms (p90 {percentile(sharp, 0.9):.0f})"
        )
    app.closeAllWindows()
    return 0


if __name__ == "__main__":
    sys.exit(main())
