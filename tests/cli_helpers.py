"""Running the ``wangge`` command in a subprocess, as a user's shell would, for the CLI tests."""

from __future__ import annotations

import os
import subprocess

from tests.clock import child_environment, wangge_command


def wangge(*arguments: str, env: dict | None = None, **options) -> subprocess.CompletedProcess:
    """Run ``wangge ARGUMENTS`` at the tests' fixed moment; ``options`` go to :func:`subprocess.run`."""
    environment = child_environment({**os.environ, "LANG": "C.UTF-8", **(env or {})})
    return subprocess.run([*wangge_command(), *arguments], capture_output=True, text=True, env=environment, **options)


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
