"""Page images of printed grid maps for the README: the atlas overview and a grid sheet, in Chinese.

    python tools/print_examples.py        # writes docs/print-atlas-overview.png and docs/print-grid-sheet.png

Prints the demo village's atlas with ``wangge print`` (Chinese, masked, A4) and
turns its first two pages into images with poppler's pdftoppm, as a reader's
PDF viewer would show them.
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
        project, atlas = Path(folder) / "demo.gpkg", Path(folder) / "atlas.pdf"
        create_demo_project(project, households=570, seed=2021, as_of=date.today())
        env = {**os.environ, "LANG": "zh_CN.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run([sys.executable, "-m", "wangge", "print", str(project), "--all", "--out", str(atlas), "--quiet"],
                       check=True, env=env)  # fmt: skip
        for page, name in ((1, "print-atlas-overview"), (2, "print-grid-sheet")):
            out = ROOT / "docs" / name
            subprocess.run(["pdftoppm", "-r", "110", "-f", str(page), "-l", str(page), "-png", "-singlefile",
                            str(atlas), str(out)], check=True)  # fmt: skip
            print(f"wrote {out}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
