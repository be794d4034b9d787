"""Argument types the ``wangge`` commands share: a bad value is refused by argparse in one line, in the
user's language, before any work starts."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time

from wangge.i18n import tr


def day(text: str) -> date:
    """A calendar day written ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("expected a date as YYYY-MM-DD, got {text!r}").format(text=text)) from None


def whole_number(text: str) -> int:
    """A whole number of at least 1 (a count, a limit)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(tr("expected a whole number of at least 1, got {text!r}").format(text=text))
    return value


def positive_number(text: str) -> float:
    """A finite number more than 0 (a speed, hours, minutes)."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(tr("expected a number more than 0, got {text!r}").format(text=text))
    return value


def moment(text: str) -> datetime:
    """A day (its start, Beijing time) or an ISO moment with a time zone."""
    from layers.values import STATION_TIMEZONE

    try:
        return datetime.combine(date.fromisoformat(text), time(), STATION_TIMEZONE)
    except ValueError:  # not a bare day: it must be a moment with its time zone
        return _zoned_moment(text)


def _zoned_moment(text: str) -> datetime:
    from layers.values import parse_datetime

    try:
        return parse_datetime(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("expected a day as YYYY-MM-DD or a moment with a time zone, got {text!r}").format(text=text)
        ) from None
