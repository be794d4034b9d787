"""What the command line shares: exit codes and progress on stderr."""

from __future__ import annotations

import sys
import time

from layers.feedback import Feedback

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NO_DISPLAY = 3
EXIT_CANCELED = 130


class ConsoleFeedback(Feedback):
    """Progress on stderr, at most a few updates a second; Ctrl-C cancels."""

    def __init__(self, quiet: bool = False) -> None:
        super().__init__()
        self._quiet = quiet
        self._last = 0.0

    def set_progress(self, percent: float) -> None:
        super().set_progress(percent)
        now = time.monotonic()
        if not self._quiet and (now - self._last > 0.25 or self.progress >= 100):
            self._last = now
            end = "\n" if self.progress >= 100 else "\r"
            print(f"{self.progress:5.1f}%", end=end, file=sys.stderr, flush=True)

    def push_info(self, message: str) -> None:
        super().push_info(message)
        if not self._quiet:
            print(f"\r{message}", file=sys.stderr, flush=True)


def terminal_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: hanzi are two wide, so tables of Chinese names still line up."""
    return sum(2 if ord(character) > 0x2E80 else 1 for character in text)
