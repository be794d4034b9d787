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


class OrderKind(Enum):
    """How a column sorts: as a table shows it, not as it is stored."""

    VALUE = auto()  # by the stored value (text, number, moment)
    RANK = auto()  # by the rank of the code in ``OrderBy.codes`` (a grade: green to red)
    HOUSEHOLD = auto()  # by the referenced household's house number (2 before 10), then head


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
    """Records passing every condition: in the period, referencing one of the allowed records, holding every word.

    ``one_of`` pairs a field with the values it may hold (the households the
    review filter lets through); ``households_in_grids`` keeps records whose
    household lies in one of these grids, so choosing a grid does not send a
    county's household ids to the database. A record passes ``words`` when
    each word is found in one of its places.
    """

    period: Period | None = None
    one_of: tuple[tuple[str, tuple[str, ...]], ...] = ()
    households_in_grids: tuple[str, ...] | None = None
    words: tuple[TypedWord, ...] = ()
    order: OrderBy | None = None
