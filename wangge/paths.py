"""Where Wangge keeps its own files on the user's machine."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def user_data_dir() -> Path:
    """The per-user data folder (XDG on Linux, Application Support on macOS, %APPDATA% on Windows)."""
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "Wangge"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Wangge"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "wangge"


def demo_project_path() -> Path:
    return user_data_dir() / "demo" / "demo-village.gpkg"
