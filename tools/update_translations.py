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
SOURCE_PACKAGES = ("desktop", "demo", "maps", "layers", "wangge")


def source_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for package in SOURCE_PACKAGES for p in (ROOT / package).rglob("*.py"))


def qt_tool(name: str) -> str:
    """``pyside6-lupdate`` or ``pyside6-lrelease`` of this Python's PySide6, found without relying on PATH.

    A virtual environment's scripts are on PATH only once it is activated; the tests
    and this script run as ``.venv/bin/python ...`` as well.
    """
    beside_python = Path(sys.executable).parent / name
    return str(beside_python) if beside_python.exists() else name


def update_command(ts: Path) -> list[str]:
    return [qt_tool("pyside6-lupdate"), *source_files(), "-no-obsolete", "-locations", "none", "-ts", str(ts)]


def release_command(ts: Path, qm: Path) -> list[str]:
    return [qt_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)]


def main() -> int:
    subprocess.run(update_command(TS), cwd=ROOT, check=True)
    subprocess.run(release_command(TS, TS.with_suffix(".qm")), cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
