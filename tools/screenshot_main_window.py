"""Screenshots of the main window on the demo village for the README, in Chinese and in English.

    python tools/screenshot_main_window.py            # writes docs/main-window-zh.png and docs/main-window-en.png

Each is taken by ``wangge open --screenshot`` in a real X server (xvfb-run),
after the first complete map render.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo.project import create_demo_project  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "demo.gpkg"
        create_demo_project(project, households=570, seed=2021, as_of=date.today())
        for language, suffix in (("zh_CN", "zh"), ("en", "en")):
            out = ROOT / "docs" / f"main-window-{suffix}.png"
            env = {**os.environ, "XDG_CONFIG_HOME": folder, "QT_QPA_PLATFORM": "xcb"}
            subprocess.run(
                ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, "-m", "wangge", "open",
                 str(project), "--screenshot", str(out), "--language", language],
                check=True, env=env,
            )  # fmt: skip
            print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
