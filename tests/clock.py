"""The moment the tests run at, in this process and in every ``wangge`` they start.

Nothing a test checks may depend on the day, hour or zone of the machine: every
test sees ``WANGGE_TEST_CLOCK`` (default: noon in Beijing the day after the demo
village's data end), which then ticks on as usual. CI runs the tests marked
``clock`` again at moments just before and after midnight in Beijing and in UTC.

The moment is ISO 8601 with the machine's zone in brackets, e.g.
``2026-11-29T15:59:30+00:00[UTC]``; the zone becomes the process's local time
zone as well (``TZ``), so CI also shows that nothing reads the machine's zone.
"""

from __future__ import annotations

import os
import runpy
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine

DEFAULT = "2026-11-29T12:00:00+08:00[Asia/Shanghai]"
ROOT = Path(__file__).resolve().parents[1]


def fixed_moment() -> datetime:
    text = os.environ.get("WANGGE_TEST_CLOCK", DEFAULT)
    moment, _, zone = text.partition("[")
    return datetime.fromisoformat(moment).astimezone(ZoneInfo(zone.rstrip("]") or "UTC"))


def at_fixed_moment() -> time_machine.travel:
    """Travel to :func:`fixed_moment` (use as a context manager), the clock ticking on from there."""
    return time_machine.travel(fixed_moment(), tick=True)


def wangge_command() -> list[str]:
    """The argv prefix that runs ``wangge`` in a child process at the tests' moment."""
    return [sys.executable, "-m", "tests.clock"]


def child_environment(environment: dict[str, str] | None = None) -> dict[str, str]:
    """``environment`` (default: this process's) with the fixed moment and this checkout importable."""
    environment = dict(os.environ if environment is None else environment)
    environment["WANGGE_TEST_CLOCK"] = os.environ.get("WANGGE_TEST_CLOCK", DEFAULT)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")]))
    return environment


if __name__ == "__main__":  # python -m tests.clock ARGS: the wangge command at the fixed moment
    with at_fixed_moment():
        sys.argv[0] = "wangge"
        runpy.run_module("wangge", run_name="__main__", alter_sys=True)
