"""How long the georeferencer's GUI thread stalls while a control point is dragged.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_georef_window.py            # makes the demo village
    QT_QPA_PLATFORM=offscreen python benchmarks/bench_georef_window.py --project demo.gpkg

The demo sketch gets 20 control points (its own 16 and 4 more houses of its
answer key, the farthest from the others). One point is then dragged: every
``--interval`` ms the hand moves it a few pixels and lets go, which is one edit,
as the window makes it. A 1 ms heartbeat timer on the GUI thread records when
the event loop gets to run; the longest gap between beats from one drag event
to the next is that event's stall: the edit, its refresh, and, when it arrives,
the fit from the worker thread being shown. Reported: median and largest stall
over the drag events, and, for scale, how long each fit took on its worker
thread (what each event cost on the GUI thread before the fit moved off it).
The script also runs against a window that fits on the GUI thread (an older
checkout), for the comparison in docs/benchmarks-georef.md.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from demo.ground_truth import sketch_ground_truth  # noqa: E402
from demo.project import create_demo_project  # noqa: E402
from desktop.georeferencer.window import GeoreferencerWindow  # noqa: E402
from layers.crs import to_measure  # noqa: E402
from layers.store import open_project  # noqa: E402
from maps.georef.control_points import ControlPoint  # noqa: E402

DEMO_HOUSEHOLDS, DEMO_SEED, DEMO_AS_OF = 570, 2021, date(2026, 11, 28)


def twenty_points(store) -> list[ControlPoint]:
    """4 drawn houses of the answer key farthest from the demo's own control points, to make 20."""
    own = store.read("sketch_control_points", columns=["sketch_x", "sketch_y"])
    taken = own[["sketch_x", "sketch_y"]].to_numpy(dtype=float)
    truth = sketch_ground_truth(store)
    pixels = truth[["sketch_x", "sketch_y"]].to_numpy(dtype=float)
    x, y = to_measure(truth.geometry.x.to_numpy(), truth.geometry.y.to_numpy())
    points = []
    for _ in range(20 - len(taken)):
        nearest = np.hypot(*(pixels[:, None, :] - taken[None]).transpose(2, 0, 1)).min(axis=1)
        pick = int(np.argmax(nearest))
        points.append(ControlPoint("", pixels[pick, 0], pixels[pick, 1], x[pick], y[pick]))
        taken = np.vstack([taken, pixels[pick]])
    return points


def fitting(window: GeoreferencerWindow) -> bool:
    """Whether a fit is on its way (always False for a window that fits on the GUI thread)."""
    return getattr(window, "fitting", False)


def drag(window: GeoreferencerWindow, events: int, interval_ms: int) -> tuple[list[float], list[float]]:
    """Stalls (ms) per drag event, and fit times (ms) on the worker thread."""
    clock = QElapsedTimer()
    clock.start()
    beats: list[int] = []
    heartbeat = QTimer(interval=1)
    heartbeat.timeout.connect(lambda: beats.append(clock.elapsed()))
    fit_ms: list[float] = []
    name = "fit_points" if hasattr(window.sketch, "fit_points") else "fit"  # "fit": a window that fits in place
    fit_points = getattr(window.sketch, name)

    def timed(*args, **kwargs):
        start = time.perf_counter()
        result = fit_points(*args, **kwargs)
        fit_ms.append(1000 * (time.perf_counter() - start))
        return result

    setattr(window.sketch, name, timed)
    point = window.points.iloc[0]
    sent: list[int] = []
    loop = QEventLoop()

    def step() -> None:
        if len(sent) == events:
            QTimer.singleShot(0, settle)
            return
        sent.append(clock.elapsed())
        n = len(sent)
        window.sketch_view.markerMoved.emit(str(point["id"]), point["sketch_x"] + 3 * n, point["sketch_y"] + 2 * n)
        QTimer.singleShot(interval_ms, step)

    def settle() -> None:
        if fitting(window):
            QTimer.singleShot(10, settle)
        else:
            QTimer.singleShot(100, loop.quit)  # the last fit shown, and what it moved written

    heartbeat.start()
    QTimer.singleShot(50, step)
    loop.exec()
    heartbeat.stop()
    setattr(window.sketch, name, fit_points)
    edges = [*sent, clock.elapsed()]
    stalls = []
    for start, end in zip(edges[:-1], edges[1:]):
        inside = [beat for beat in beats if start <= beat <= end]
        marks = [start, *inside, end]
        stalls.append(float(np.max(np.diff(marks))) if len(marks) > 1 else float(end - start))
    return stalls, fit_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, help="the demo village (made in a temporary folder if not given)")
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--interval", type=int, default=30, help="ms between drag events")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp())
    path = folder / "village.gpkg"
    if args.project:
        shutil.copy(args.project, path)
    else:
        create_demo_project(path, households=DEMO_HOUSEHOLDS, seed=DEMO_SEED, as_of=DEMO_AS_OF)
    store = open_project(path)
    sketch_id = str(store.read("sketches", columns=["id"])["id"].iloc[0])
    window = GeoreferencerWindow(store, sketch_id)
    window.show()
    window.edits.add_points(twenty_points(store), "20 control points")
    loop = QEventLoop()
    QTimer.singleShot(0, lambda: None)
    wait = QTimer(interval=20)
    wait.timeout.connect(lambda: loop.quit() if not fitting(window) else None)
    wait.start()
    loop.exec()
    wait.stop()
    assert len(window.points) == 20, len(window.points)
    stalls, fit_ms = drag(window, args.events, args.interval)
    method = window.state.transform.method.value
    print(f"{len(window.points)} control points, {args.events} drag events {args.interval} ms apart, method {method}")
    print(f"GUI thread's longest stall per drag event: median {np.median(stalls):.0f} ms, max {np.max(stalls):.0f} ms")
    print(
        f"fits: {len(fit_ms)} for {args.events} events (the rest dropped as stale), median {np.median(fit_ms):.0f} ms"
    )
    window.close()
    store.close()
    del app


if __name__ == "__main__":
    main()
