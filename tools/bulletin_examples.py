"""Page images of the demo village's monthly bulletin for the README, in Chinese.

    python tools/bulletin_examples.py     # writes docs/bulletin-page1.png and docs/bulletin-page2.png

Makes the demo village with a year of activity up to today, prints this
month's bulletin with ``wangge report --out`` (Chinese) and turns its pages
into images with poppler's pdftoppm, as a reader's PDF viewer would show them.
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
    today = date.today()
    with tempfile.TemporaryDirectory() as folder:
        project, bulletin = Path(folder) / "demo.gpkg", Path(folder) / "bulletin.pdf"
        create_demo_project(project, households=570, seed=2021, as_of=today)
        env = {**os.environ, "LANG": "zh_CN.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run([sys.executable, "-m", "wangge", "report", str(project), "--month", f"{today:%Y-%m}", "--out",
                        str(bulletin), "--quiet"], check=True, env=env)  # fmt: skip
        for page in (1, 2):
            out = ROOT / "docs" / f"bulletin-page{page}"
            subprocess.run(["pdftoppm", "-r", "80", "-f", str(page), "-l", str(page), "-png", "-singlefile",
                            str(bulletin), str(out)], check=True)  # fmt: skip
            print(f"wrote {out}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
