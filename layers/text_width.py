"""How many columns a text takes where every character has a cell: a terminal, a spreadsheet column.

Chinese characters and full-width punctuation take two, so a table of Chinese names
padded by ``len`` comes out ragged. Unicode's East Asian Width property says which
characters are wide (``W``) or full-width (``F``).
"""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Columns ``text`` takes: two for each wide or full-width character, one for the others.

    >>> display_width("YH-01 犁铧嘴村一组（东）")
    24
    """
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """``text`` filled with spaces to ``width`` columns: ``<`` on the left, ``>`` on the right.

    >>> pad("住户", 6) + "|"
    '住户  |'
    """
    padding = " " * max(0, width - display_width(text))
    return text + padding if align == "<" else padding + text
