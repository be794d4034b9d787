"""Files shipped with Wangge: fonts, translations, icons.

Everything the app needs at run time comes from here, never from the network,
so it works on a police intranet with no internet access.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Return the path of a shipped resource file, e.g. ``resource_path("fonts", "x.otf")``."""
    return Path(str(files(__name__).joinpath(*parts)))
