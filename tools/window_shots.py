"""What the screenshot scripts share: the demo village, a real X server, and letting a window settle.

A screenshot script makes the demo village, then runs itself again under
``xvfb-run`` (a real X server, not the offscreen plugin, so the window is drawn
as on a desk) with ``--inside`` and its own arguments, and grabs the window.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCREEN = "1700x1100x24"


def wait(app, seconds: float) -> None:
    """Let the window draw for ``seconds`` (renders run in worker threads and report back as events)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def demo_village(folder: Path) -> Path:
    """The demo village with a year of activity up to today, in ``folder``."""
    from maps.demo_project import create_demo_project

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
