"""Which records of one layer a view wants, and in what order, said so that the database decides.

A county keeps millions of visits: a table that shows fifty of them at a time
must not read them all to sort and filter them. A :class:`RecordQuery` is what
the table asks (the review filter's period and households, the words typed in
its quick filter, the column clicked); :meth:`~layers.store.base.ProjectStore.read_page`
and :meth:`~layers.store.base.ProjectStore.count_matching` turn it into SQL for
either backend, in the manner of QGIS's ``QgsFeatureRequest``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

import pandas as pd


class MatchKind(Enum):
    """How a typed word is looked for in one field."""

    TEXT = auto()  # part of the stored text, any case
    STATION_CLOCK = auto()  # part of the moment as the station's clock shows it: "2026-11-03 10:15"
    HOUSEHOLD = auto()  # part of the referenced household's house number and head, as the table shows them
    CODES = auto()  # one of the given codes: those whose words in the user's language hold the word
    LISTED_CODES = auto()  # a list of codes ("elderly_alone,disabled") holding any of the given codes


class OrderKind(Enum):
    """How a column sorts: as a table shows it, not as it is stored."""

    VALUE = auto()  # by the stored value (number, moment)
    WORDS = auto()  # text, a leading number first: house 2 before house 10
    RANK = auto()  # by the rank of the code in ``OrderBy.codes`` (a grade: green to red)
    HOUSEHOLD = auto()  # by the referenced household's house number (2 before 10), then head
    GRID = auto()  # by the referenced grid's code


@dataclass(frozen=True)
class WordMatch:
    """One place a typed word may be found: ``field`` read as ``kind``."""

    field: str
    kind: MatchKind
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TypedWord:
    """A word of the quick filter and the places it may be found in; a record holding it in none fails."""

    text: str
    places: tuple[WordMatch, ...]


@dataclass(frozen=True)
class OrderBy:
    field: str
    kind: OrderKind = OrderKind.VALUE
    descending: bool = False
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Period:
    """``field`` between two instants, both included; ``None`` leaves that end open."""

    field: str
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None


@dataclass(frozen=True)
class RecordQuery:
    """Records passing every condition: in the period, referencing one of the allowed records, of a household
    the review filter lets through, holding every word.

    ``one_of`` pairs a field with the values it may hold. A dispute in
    ``grids`` lies in one of them by its own grid or, without one, its
    household's (as the bulletin places it). The record's
    household (the record itself, for a household) must lie in one of
    ``households_in_grids``, stand at one of ``recency`` at ``as_of`` by the
    status the store keeps, and be any of the ``key_persons`` kinds: so that
    a filter never sends a county's household ids to the database. A record
    passes ``words`` when each word is found in one of its places.

    A household's ``last_visit`` and ``recency`` (:data:`KEPT_STATUS_FIELDS`)
    may be matched and sorted by as if they were its fields.
    """

    period: Period | None = None
    one_of: tuple[tuple[str, tuple[str, ...]], ...] = ()
    grids: tuple[str, ...] | None = None
    households_in_grids: tuple[str, ...] | None = None
    recency: tuple[str, ...] = ()
    key_persons: tuple[str, ...] = ()
    words: tuple[TypedWord, ...] = ()
    order: OrderBy | None = None
    as_of: pd.Timestamp | None = None  # the moment recency is judged at: the review's


KEPT_STATUS_FIELDS = ("last_visit", "recency")
"""A household's fields a query may match and sort by that the store keeps apart (:mod:`layers.household_status`)."""
