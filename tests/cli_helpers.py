"""Running the ``wangge`` command in a subprocess, as a user's shell would, for the CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys


def wangge(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "LANG": "C.UTF-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "wangge", *arguments], capture_output=True, text=True, env=environment)


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
