"""What the command line shares: exit codes and progress on stderr."""

from __future__ import annotations

import os
import signal
import sys
import time

from layers.feedback import Feedback

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NO_DISPLAY = 3
EXIT_CANCELED = 130
EXIT_READER_GONE = 128 + signal.SIGPIPE  # what a shell reports for a command whose reader closed the pipe


def reader_gone() -> int:
    """End quietly when the reader of our output has gone (``wangge info P | head``), as Unix commands do.

    Standard output is pointed at the null device so that the interpreter's own
    flush at exit does not fail on the closed pipe a second time.
    """
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)
    return EXIT_READER_GONE


_progress_line_open = False
"""Whether the last thing on stderr is a progress figure still waiting for its line to end."""


def end_progress_line() -> None:
    """End a progress line left open, so that the next message starts a line of its own."""
    global _progress_line_open
    if _progress_line_open:
        print(file=sys.stderr, flush=True)
        _progress_line_open = False


class ConsoleFeedback(Feedback):
    """Progress on stderr, at most a few updates a second, on one line rewritten in place; Ctrl-C cancels."""

    def __init__(self, quiet: bool = False) -> None:
        super().__init__()
        self._quiet = quiet
        self._last = 0.0

    def set_progress(self, percent: float) -> None:
        global _progress_line_open
        super().set_progress(percent)
        now = time.monotonic()
        if not self._quiet and (now - self._last > 0.25 or self.progress >= 100):
            self._last = now
            print(f"\r{self.progress:5.1f}%", end="", file=sys.stderr, flush=True)
            _progress_line_open = True
            if self.progress >= 100:
                end_progress_line()

    def push_info(self, message: str, **params: object) -> None:
        from wangge.i18n import layer_title, translate

        super().push_info(message, **params)
        if not self._quiet:
            end_progress_line()
            if "layer" in params:
                params["layer"] = layer_title(str(params["layer"]))
            said = translate("Feedback", message)
            print(said.format(**params) if params else said, file=sys.stderr, flush=True)
