"""Refresh the Chinese translation file from the source, then compile it.

    python tools/update_translations.py          # after changing user-visible strings

``lupdate`` adds new strings (marked unfinished) and keeps existing
translations; translate them in resources/translations/wangge_zh_CN.ts (Qt
Linguist or any editor), then run this again to compile the ``.qm`` the app loads.
The tests fail while a string is untranslated or the ``.qm`` is stale.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "wangge_zh_CN.ts"
SOURCE_PACKAGES = ("desktop", "maps", "layers", "wangge")


def source_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for package in SOURCE_PACKAGES for p in (ROOT / package).rglob("*.py"))


def main() -> int:
    subprocess.run(
        ["pyside6-lupdate", *source_files(), "-no-obsolete", "-locations", "none", "-ts", str(TS)], cwd=ROOT, check=True
    )
    subprocess.run(["pyside6-lrelease", str(TS), "-qm", str(TS.with_suffix(".qm"))], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
