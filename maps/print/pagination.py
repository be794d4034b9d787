"""How the rows of a table flow over a document's pages.

Every printed document lists rows under headings: the atlas its households, the
bulletin its ranking, the weekly sheet an officer's follow-ups, the route sheet
its stops. Each document decides what its pages hold (the room a page leaves for
a table, measured with :class:`~maps.print.page.TableStyle`); how a list is then
cut into pages is decided here, once.
"""

from __future__ import annotations

from collections.abc import Sequence


def flow_rows(count: int, opening: Sequence[int], then: int) -> list[tuple[int, int]]:
    """The ``(start, end)`` rows of each page for a list of ``count`` rows.

    The pages of ``opening`` come anyway (a map page, the page a table starts on)
    and hold as many rows as they say, possibly none; further pages hold ``then``
    rows each, for as long as rows remain.

    >>> flow_rows(10, [3], 4)
    [(0, 3), (3, 7), (7, 10)]
    >>> flow_rows(2, [3, 3], 4)
    [(0, 2), (2, 2)]
    >>> flow_rows(0, [0], 4)
    [(0, 0)]
    """
    slices, start = [], 0
    for rows in opening:
        end = min(count, start + max(0, rows))
        slices.append((start, end))
        start = end
    if start < count and then < 1:
        raise ValueError(f"{count - start} rows left over and no room for them on a page")
    while start < count:
        end = min(count, start + then)
        slices.append((start, end))
        start = end
    return slices
