"""What the screenshot scripts share: the demo village, a real X server, and letting a window settle.

A screenshot script makes the demo village, then runs itself again under
``xvfb-run`` (a real X server, not the offscreen plugin, so the window is drawn
as on a desk) with ``--inside`` and its own arguments, and grabs the window.
The window's long jobs (opening a project, checking a file, planning a route)
run on worker threads: a script waits for them with :func:`run_to_end` or
:func:`open_and_wait` before it waits for the map to draw.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCREEN = "1700x1100x24"


def wait(app, seconds: float) -> None:
    """Let the window draw for ``seconds`` (renders run in worker threads and report back as events)."""
    from PySide6.QtCore import QEventLoop, QTimer

    settling = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), settling.quit)
    settling.exec()


def wait_for(signal, timeout_s: float = 120.0) -> None:
    """Run the event loop until ``signal`` is emitted; :class:`TimeoutError` after ``timeout_s``."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop, timer = QEventLoop(), QTimer(singleShot=True, interval=round(timeout_s * 1000))
    signal.connect(loop.quit)
    timer.timeout.connect(loop.quit)
    timer.start()
    loop.exec()
    signal.disconnect(loop.quit)
    if not timer.isActive():
        raise TimeoutError(f"still waiting after {timeout_s:g} s")
    timer.stop()


def run_to_end(task, timeout_s: float = 120.0) -> None:
    """Let the window run until ``task``, a job it started on a worker thread, has ended and its result is shown."""
    if task is None:
        raise RuntimeError("the job was not started: another one was still running")
    wait_for(task.finished, timeout_s)


def open_and_wait(window, location: str | Path) -> None:
    """Open ``location`` in the main ``window`` and wait until it is read and shown (its map still to draw)."""
    run_to_end(window.open_project(str(location)))
    if window.store is None or Path(window.store.location) != Path(location):
        raise RuntimeError(f"{location} was not opened")


def demo_village(folder: Path) -> Path:
    """The demo village with a year of activity up to today, in ``folder``."""
    from demo.project import create_demo_project

    path = folder / "demo.gpkg"
    create_demo_project(path, households=570, seed=2021, as_of=date.today())
    return path


def run_inside_xvfb(script: str, folder: Path, *arguments: str) -> None:
    """Run ``script --inside ARGUMENTS`` in a virtual X screen, with its settings kept in ``folder``."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(folder), "QT_QPA_PLATFORM": "xcb"}
    subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {SCREEN}", sys.executable, script, "--inside", *arguments],
                   check=True, env=env)  # fmt: skip


def shoot_in_scratch_folder(script: str, shoot: Callable[[Path], None], written: str, *arguments: str) -> int:
    """The ``main`` of a script whose ``shoot(folder)`` needs only a scratch folder: itself again inside Xvfb."""
    if "--inside" in sys.argv:
        shoot(Path(sys.argv[-1]))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        run_inside_xvfb(script, Path(folder), *arguments, folder)
    print(f"wrote {written}")
    return 0
