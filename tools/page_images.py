"""Page images of every printed document of the demo village, in Chinese, for the README.

    python tools/page_images.py     # writes the docs/*.png listed in PAGES

Makes the demo village with a year of activity up to today, prints each
document with the ``wangge`` command a station would use (Chinese, names
masked, A4), and turns the pages shown in the README into images with
poppler's pdftoppm, as a reader's PDF viewer would show them: a grid sheet
and its household list, the atlas overview, the monthly bulletin of the last
whole month, an officer's weekly sheet of the last whole week and a day's
route sheet.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo.project import create_demo_project  # noqa: E402

DPI = 100
"""An A4 page 827 pixels wide: every line of its text readable in the README."""


def documents(day: date) -> dict[str, tuple[str, ...]]:
    """Each document's ``wangge`` command (after the project) and its options, as printed on ``day``."""
    last_month = day.replace(day=1) - timedelta(days=1)
    last_week = (day - timedelta(days=7)).isocalendar()
    return {
        "grid-sheet": ("print", "--grid", "YH-01", "--out"),
        "atlas": ("print", "--all", "--out"),
        "bulletin": ("report", "--month", f"{last_month:%Y-%m}", "--out"),
        "weekly": ("weekly", "--week", f"{last_week.year}-W{last_week.week:02d}", "--out"),
        "route": ("route", "--as-of", day.isoformat(), "--budget-h", "4", "--quiet", "--sheet"),
    }


PAGES = {
    "print-grid-sheet": ("grid-sheet", 1),
    "print-household-list": ("grid-sheet", 2),
    "print-atlas-overview": ("atlas", 1),
    "bulletin-page1": ("bulletin", 1),
    "bulletin-page2": ("bulletin", 2),
    "weekly-sheet-page1": ("weekly", 1),
    "route-sheet": ("route", 1),
}
"""Each image in docs/ (without .png): the document and page it shows."""


def main() -> int:
    today = date.today()
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "demo.gpkg"
        create_demo_project(project, households=570, seed=2021, as_of=today)
        printed = {}
        for name, (command, *options) in documents(today).items():
            printed[name] = Path(folder) / f"{name}.pdf"
            subprocess.run([sys.executable, "-m", "wangge", command, str(project), *options, str(printed[name])],
                           check=True, env=env, stdout=subprocess.DEVNULL)  # fmt: skip
        for image, (name, page) in PAGES.items():
            out = ROOT / "docs" / image
            subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-png", "-singlefile",
                            str(printed[name]), str(out)], check=True)  # fmt: skip
            print(f"wrote {out}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
