"""The first page of the demo village's route sheet for the README, in Chinese.

    python tools/route_sheet_example.py     # writes docs/route-sheet.png

Makes the demo village with a year of activity up to a fixed day, plans a
four-hour day from its police office with ``wangge route --sheet`` (Chinese)
and turns the sheet's first page into an image with poppler's pdftoppm, as a
reader's PDF viewer would show it.
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

DAY = date(2026, 11, 28)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        project, sheet = Path(folder) / "demo.gpkg", Path(folder) / "route.pdf"
        create_demo_project(project, households=570, seed=2021, as_of=DAY)
        env = {**os.environ, "LANG": "zh_CN.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run([sys.executable, "-m", "wangge", "route", str(project), "--as-of", DAY.isoformat(),
                        "--budget-h", "4", "--sheet", str(sheet), "--quiet"], check=True, env=env,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        out = ROOT / "docs" / "route-sheet"
        subprocess.run(["pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", "-singlefile", str(sheet), str(out)],
                       check=True)  # fmt: skip
        print(f"wrote {out}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
