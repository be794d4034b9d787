"""Cell values as people type them, turned into field values, a whole column at a time.

Registers hold dates as 2026/3/5, 2026-03-05 14:30, 2026年3月5日, Excel date
cells or Excel serial numbers; sizes as 3 or "3人"; yes/no as 是/否, 有/无, √;
grades as 红, 红色 or red. Each function here takes a column of raw cells and
returns a :class:`Parsed`: the converted values and, for each kind of problem,
a mask of the rows that have it, so the caller reports them all at once.

Values repeat a lot in a register (a day's date, a village, a grade), so the
slow part of each conversion runs once per distinct value, then is spread over
the rows; no conversion loops over rows in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

import numpy as np
import pandas as pd

from layers.errors import QT_TRANSLATE_NOOP
from layers.values import STATION_TIMEZONE
from layers.vocabulary import KEY_PERSON_SEPARATOR, DisputeKind, KeyPersonTag, Vocabulary

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
EXCEL_SERIAL_RANGE = (20_000, 80_000)
"""Serial numbers read as dates: 1954 to 2119. Smaller numbers in a date column are more likely typos."""

_DATE_TIME = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:\s*(?P<hour>\d{1,2}):(?P<minute>\d{1,2})(?::(?P<second>\d{1,2}))?)?$"
)
_COMPACT_DATE = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})$")
_DATE_SEPARATORS = (("年", "-"), ("月", "-"), ("日", " "), ("号", " "), ("/", "-"), (".", "-"), ("T", " "),
                    ("时", ":"), ("点", ":"), ("分", ""), ("秒", ""))  # fmt: skip

TRUE_WORDS = ("是", "有", "已装", "已安装", "已签", "已签订", "安装", "签订", "y", "yes", "true", "1", "√", "✓", "✔")
FALSE_WORDS = ("否", "无", "没有", "未装", "未安装", "未签", "未签订", "n", "no", "false", "0", "×", "✗", "-")
_WORD_SUFFIXES = ("纠纷", "色", "级")
"""Endings people add or leave off: 红/红色/红色级, 邻里/邻里纠纷; compared without them."""
VOCABULARY_ALIASES: dict[type[Vocabulary], dict[str, str]] = {
    DisputeKind: {
        "家庭": "family", "婚姻": "family", "家庭婚姻": "family", "婚恋": "family", "赡养": "family",
        "邻里": "neighbour", "宅基地": "land", "土地": "land", "山林土地": "land", "土地承包": "land",
        "劳资": "labour", "欠薪": "labour", "工资": "labour", "债务": "debt", "借贷": "debt", "债权债务": "debt",
    },
}  # fmt: skip
"""Words in stations' ledgers that are not a vocabulary's own Chinese word but mean one of its codes."""
TAG_SEPARATORS = r"[、,，;；/\s]+"


@dataclass
class Parsed:
    """Converted values of one column, and the rows whose cells could not be converted, by reason."""

    values: pd.Series
    problems: list[tuple[np.ndarray, str, dict]] = field(default_factory=list)

    def add(self, mask: np.ndarray, reason: str, **params: object) -> None:
        """Note the rows of ``mask`` as having ``reason`` (a template that may name ``params``)."""
        if mask.any():
            self.problems.append((mask, reason, params))


def present(cells: pd.Series) -> np.ndarray:
    return cells.notna().to_numpy()


def _distinct(cells: pd.Series) -> tuple[np.ndarray, pd.Series, np.ndarray]:
    """The rows with a value, the distinct values among them, and each such row's position among the distinct."""
    mask = present(cells)
    values = cells[mask].to_numpy(dtype=object)
    distinct = pd.unique(values)
    return mask, pd.Series(distinct, dtype=object), pd.Index(distinct).get_indexer(values)


def _spread(cells: pd.Series, mask: np.ndarray, positions: np.ndarray, converted, empty: object = None) -> pd.Series:
    """Per-distinct results back onto the rows; ``empty`` where a cell is empty."""
    result = np.full(len(cells), empty, dtype=object)
    result[mask] = np.asarray(converted, dtype=object)[positions]
    return pd.Series(result, index=cells.index, dtype=object)


def _per_distinct(cells: pd.Series, convert) -> pd.Series:
    """``convert`` (a function of a Series of distinct values) applied once per distinct cell value."""
    mask, distinct, positions = _distinct(cells)
    if not mask.any():
        return pd.Series([None] * len(cells), index=cells.index, dtype=object)
    return _spread(cells, mask, positions, convert(distinct))


def _cell_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 12.0 read from a number cell is house 12, not "12.0"
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    return str(value)


def text(cells: pd.Series) -> Parsed:
    """Cells as text: numbers without a spurious ``.0``, dates as ISO dates."""
    if pd.api.types.infer_dtype(cells, skipna=True) in ("string", "empty"):
        return Parsed(cells)
    return Parsed(_per_distinct(cells, lambda distinct: distinct.map(_cell_text)))


def _normalised_text(cells: pd.Series) -> pd.Series:
    """Text with full-width digits and letters made ASCII, for numbers, dates and codes typed in Chinese input."""
    return text(cells).values.str.normalize("NFKC")


def numbers(cells: pd.Series) -> Parsed:
    """Numbers, also when typed as text with a unit or thousands separators (3人, 1,200元, 1.2万)."""
    if pd.api.types.is_numeric_dtype(cells.dtype) or pd.api.types.infer_dtype(cells, skipna=True) in (
        "integer", "floating", "mixed-integer-float", "empty",
    ):  # fmt: skip
        return Parsed(pd.to_numeric(cells, errors="coerce").astype(float))

    def convert(distinct: pd.Series) -> pd.Series:
        typed = _normalised_text(distinct).str.replace(r"[\s,元人口户]", "", regex=True)
        ten_thousands = typed.str.endswith("万")
        value = pd.to_numeric(typed.str.rstrip("万"), errors="coerce")
        return value.where(~ten_thousands, value * 10_000)

    values = pd.to_numeric(_per_distinct(cells, convert), errors="coerce").astype(float)
    parsed = Parsed(values)
    parsed.add(present(cells) & values.isna().to_numpy(), QT_TRANSLATE_NOOP("ImportProblem", "not a number"))
    return parsed


def whole_numbers(cells: pd.Series, minimum: int | None = None) -> Parsed:
    """Whole numbers (a household size), refusing fractions and, with ``minimum``, smaller values."""
    parsed = numbers(cells)
    values = parsed.values
    fractional = values.notna().to_numpy() & (values.fillna(0) % 1 != 0).to_numpy()
    parsed.add(fractional, QT_TRANSLATE_NOOP("ImportProblem", "not a whole number"))
    if minimum is not None:
        parsed.add(
            values.notna().to_numpy() & (values.fillna(minimum) < minimum).to_numpy(),
            QT_TRANSLATE_NOOP("ImportProblem", "must be at least {minimum}"),
            minimum=minimum,
        )
    good = values.where(~fractional)
    parsed.values = good.round().astype("Int64")
    return parsed


def datetimes(cells: pd.Series) -> Parsed:
    """Moments in station-local time (Asia/Shanghai): date cells, Excel serial numbers or typed dates."""
    mask, distinct, positions = _distinct(cells)
    moments, impossible = _distinct_datetimes(distinct)
    naive = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns]")
    naive[mask] = moments.to_numpy()[positions]
    local = naive.dt.tz_localize(STATION_TIMEZONE, ambiguous="NaT", nonexistent="NaT")
    no_such_day = _spread(cells, mask, positions, impossible, False).to_numpy(dtype=bool)
    parsed = Parsed(local)
    parsed.add(no_such_day, QT_TRANSLATE_NOOP("ImportProblem", "no such date"))
    parsed.add(
        mask & local.isna().to_numpy() & ~no_such_day,
        QT_TRANSLATE_NOOP("ImportProblem", "not a date; write it as 2026-03-05, 2026/3/5 or 2026年3月5日"),
    )
    return parsed


def _distinct_datetimes(distinct: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Naive local moments of distinct cell values, and which of them name a day that does not exist."""
    kind = distinct.map(_date_kind)
    moments = pd.Series(pd.NaT, index=distinct.index, dtype="datetime64[ns]")
    stamps = kind.eq("datetime").to_numpy()
    if stamps.any():
        moments[stamps] = pd.to_datetime(distinct[stamps].map(pd.Timestamp).tolist()).as_unit("ns")
    serial = pd.to_numeric(distinct.where(kind.isin(["number", "text"]), None), errors="coerce")
    in_range = serial.between(*EXCEL_SERIAL_RANGE).to_numpy()
    if in_range.any():
        moments[in_range] = (EXCEL_EPOCH + pd.to_timedelta(serial[in_range], unit="D").dt.round("s")).to_numpy()
    typed = kind.eq("text").to_numpy() & ~in_range
    impossible = pd.Series(False, index=distinct.index)
    if typed.any():
        text_dates = _date_text(distinct[typed])
        moments[typed] = _typed_datetimes(distinct[typed], text_dates).to_numpy()
        shaped = text_dates.str.match(_DATE_TIME) | text_dates.str.match(_COMPACT_DATE)
        impossible[typed] = (moments[typed].isna() & shaped).to_numpy()
    return moments, impossible


def dates(cells: pd.Series) -> Parsed:
    """Calendar days (a follow-up deadline): as :func:`datetimes`, the time of day dropped."""
    parsed = datetimes(cells)
    parsed.values = pd.Series(
        [None if pd.isna(moment) else moment.date() for moment in parsed.values], index=cells.index, dtype=object
    )
    return parsed


def _date_kind(value: object) -> str:
    if isinstance(value, datetime | date | pd.Timestamp):
        return "datetime"
    if isinstance(value, bool):
        return "other"
    if isinstance(value, int | float | np.number):
        return "number"
    if isinstance(value, str):
        return "text"
    return "other"


def _date_text(typed: pd.Series) -> pd.Series:
    """Typed dates with their Chinese and slash separators made ISO-like: 2026年3月5日 -> 2026-3-5."""
    normal = typed.str.normalize("NFKC").str.strip()
    for old, new in _DATE_SEPARATORS:
        normal = normal.str.replace(old, new, regex=False)
    return normal.str.replace(r"\s+", " ", regex=True).str.strip().str.rstrip(":")


def _typed_datetimes(typed: pd.Series, normal: pd.Series) -> pd.Series:
    """Dates typed as text in the ways Chinese registers write them; NaT where none fits or the day does not exist."""
    parts = normal.str.extract(_DATE_TIME)
    compact = normal.str.extract(_COMPACT_DATE)
    parts = parts.fillna(compact.reindex(columns=parts.columns))
    components = parts.apply(pd.to_numeric, errors="coerce").fillna({"hour": 0, "minute": 0, "second": 0})
    result = pd.to_datetime(components, errors="coerce").astype("datetime64[ns]")
    with_zone = (typed.str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True) & result.isna()).to_numpy()
    if with_zone.any():  # an ISO 8601 moment with its zone, as other software exports it
        zoned = pd.to_datetime(typed[with_zone], utc=True, format="ISO8601", errors="coerce")
        result[with_zone] = zoned.dt.tz_convert(STATION_TIMEZONE).dt.tz_localize(None).to_numpy()
    return result


def booleans(cells: pd.Series) -> Parsed:
    """Yes/no: 是/否, 有/无, 已装/未装, √/×, yes/no, 1/0, or Excel's TRUE/FALSE."""
    words = {word: True for word in TRUE_WORDS} | {word: False for word in FALSE_WORDS}

    def convert(distinct: pd.Series) -> pd.Series:
        return _normalised_text(distinct).str.lower().map(words)

    values = _per_distinct(cells, convert)
    parsed = Parsed(values.where(values.notna(), None))
    parsed.add(present(cells) & values.isna().to_numpy(), QT_TRANSLATE_NOOP("ImportProblem", "not yes or no (是/否)"))
    return parsed


def word_key(word: str) -> str:
    """A vocabulary word without the endings people add or drop: 红色 -> 红, 邻里纠纷 -> 邻里."""
    key = word.strip().lower()
    shorter = True
    while shorter:
        shorter = False
        for suffix in _WORD_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key, shorter = key[: -len(suffix)], True
    return key


def vocabulary_words(vocabulary: type[Vocabulary]) -> dict[str, str]:
    """Every word that means a code of ``vocabulary``: the code, its Chinese word, the aliases in use."""
    words = {word_key(alias): code for alias, code in VOCABULARY_ALIASES.get(vocabulary, {}).items()}
    for member in vocabulary:
        words[word_key(member.value)] = member.value
        words[word_key(member.zh)] = member.value
    return words


def codes(cells: pd.Series, vocabulary: type[Vocabulary]) -> Parsed:
    """Codes of a vocabulary from the words in the cells (红, 红色, red -> ``red``); unknown words are problems."""
    words = vocabulary_words(vocabulary)
    values = _per_distinct(cells, lambda distinct: _normalised_text(distinct).map(lambda w: words.get(word_key(w))))
    parsed = Parsed(values.where(values.notna(), None))
    allowed = "、".join(member.zh for member in vocabulary)
    parsed.add(
        present(cells) & values.isna().to_numpy(),
        QT_TRANSLATE_NOOP("ImportProblem", "not one of: {allowed}"),
        allowed=allowed,
    )
    return parsed


def key_person_tags(cells: pd.Series) -> Parsed:
    """Key-person tags from words joined by 、 , ; or spaces (独居老人、残疾人), stored as joined codes."""
    words = vocabulary_words(KeyPersonTag)

    def convert(distinct: pd.Series) -> pd.Series:
        def tags(cell: str) -> str | None:
            found = [words.get(word_key(word)) for word in re.split(TAG_SEPARATORS, cell) if word]
            return None if None in found else KEY_PERSON_SEPARATOR.join(sorted(set(found)))

        return _normalised_text(distinct).map(tags)

    values = _per_distinct(cells, convert)
    parsed = Parsed(values.where(values.notna(), ""))
    parsed.add(
        present(cells) & values.isna().to_numpy(),
        QT_TRANSLATE_NOOP("ImportProblem", "not one of: {allowed}"),
        allowed="、".join(tag.zh for tag in KeyPersonTag),
    )
    return parsed
