"""A program run as a child process, with what it cost: its wall time and its own peak memory.

The peak is the child's maximum resident set size as the kernel reports it when
the child is reaped (``os.wait4``), so it is that process's figure alone, not
the maximum over every child this benchmark ever started (which is what
``RUSAGE_CHILDREN`` would give).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    stdout: str
    stderr: str
    started: float
    """``time.time()`` just before the child started, to date the files it writes."""
    seconds: float
    """From the start until the child exited."""
    peak_mb: float

    def seconds_until_written(self, path: Path) -> float | None:
        """From the start until ``path`` was last written, or None when the child did not write it.

        This leaves out what the child does after writing it (tearing down a
        large project can take seconds that nobody waits for).
        """
        if not path.exists() or path.stat().st_mtime < self.started:
            return None
        return path.stat().st_mtime - self.started


def run_child(command: list[str], input_text: str = "", env: dict[str, str] | None = None) -> ChildRun:
    """Run ``command`` to its end; its output goes through files, so no pipe can fill up and stall it."""
    with (
        tempfile.TemporaryFile("w+") as stdin,
        tempfile.TemporaryFile("w+") as stdout,
        tempfile.TemporaryFile("w+") as stderr,
    ):
        stdin.write(input_text)
        stdin.seek(0)
        started = time.time()
        clock = time.perf_counter()
        process = subprocess.Popen(command, stdin=stdin, stdout=stdout, stderr=stderr, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - clock
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
        stdout.seek(0)
        stderr.seek(0)
        return ChildRun(
            returncode=process.returncode,
            stdout=stdout.read(),
            stderr=stderr.read(),
            started=started,
            seconds=seconds,
            peak_mb=usage.ru_maxrss / 1024,  # kB on Linux
        )
