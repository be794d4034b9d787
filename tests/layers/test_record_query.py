"""Pages of records sorted and filtered by the database equal the same selection made in pandas, on both backends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from layers.review import _has_any_tag, load_review
from layers.store.record_query import MatchKind, OrderBy, OrderKind, Period, RecordQuery, TypedWord, WordMatch
from layers.values import STATION_TIMEZONE
from layers.vocabulary import KeyPersonTag, VisitPurpose, VisitRecency

COLUMNS = ["id", "household_id", "visited_at", "officer", "purpose"]
HOUSEHOLD_COLUMNS = ["id", "grid_id", "key_person"]
DISPUTE_COLUMNS = ["id", "household_id", "grid_id"]
RECENCY_CODES = tuple(member.value for member in VisitRecency)
AS_OF = pd.Timestamp("2026-11-28 12:00", tz=STATION_TIMEZONE).tz_convert("UTC")
"""Noon in Beijing the day the demo village's visits end, in UTC as the review keeps it: households at every recency."""


@pytest.fixture
def village(village_on_each_backend):
    return village_on_each_backend


def _every_page(
    store, query: RecordQuery, limit: int = 700, layer: str = "visits", columns: list[str] = COLUMNS
) -> pd.DataFrame:
    pages, offset = [], 0
    while True:
        page = store.read_page(layer, query, columns, offset, limit)
        pages.append(page)
        offset += limit
        if len(page) < limit:
            return pd.concat(pages, ignore_index=True)


def _plain(store) -> pd.DataFrame:
    """Every visit with what a table shows of it, selected below by plain pandas."""
    visits = store.read("visits", columns=COLUMNS)
    households = store.read("households", columns=["id", "house_no", "head_name", "grid_id"]).set_index("id")
    label = households["house_no"].fillna("") + " " + households["head_name"].fillna("")
    visits["label"] = visits["household_id"].map(label)
    visits["grid_id"] = visits["household_id"].map(households["grid_id"])
    visits["clock"] = visits["visited_at"].dt.tz_convert(STATION_TIMEZONE).dt.strftime("%Y-%m-%d %H:%M")
    return pd.DataFrame(visits)


def test_selections_count_and_page_as_pandas_selects_them(village):
    visits = _plain(village)
    grids = sorted(set(visits["grid_id"].dropna()))[:2]
    households = tuple(visits["household_id"].drop_duplicates()[::7])
    start = pd.Timestamp("2026-09-01", tz=STATION_TIMEZONE).tz_convert("UTC")
    end = pd.Timestamp("2026-10-31 23:59:59.999", tz=STATION_TIMEZONE).tz_convert("UTC")
    officer = visits["officer"].dropna().iloc[0][1:]  # a part of a name
    house_no = "1"
    anti_fraud = (VisitPurpose.ANTI_FRAUD.value,)
    selections = {
        "period": (RecordQuery(period=Period("visited_at", start, end)), visits["visited_at"].between(start, end)),
        "grids": (RecordQuery(households_in_grids=tuple(grids)), visits["grid_id"].isin(grids)),
        "households": (RecordQuery(one_of=(("household_id", households),)), visits["household_id"].isin(households)),
        "officer typed": (
            RecordQuery(words=(TypedWord(officer, (WordMatch("officer", MatchKind.TEXT),)),)),
            visits["officer"].fillna("").str.contains(officer, regex=False),
        ),
        "house or purpose typed": (
            RecordQuery(
                words=(
                    TypedWord(
                        house_no,
                        (
                            WordMatch("household_id", MatchKind.HOUSEHOLD),
                            WordMatch("purpose", MatchKind.CODES, anti_fraud),
                        ),
                    ),
                )
            ),
            visits["label"].str.contains(house_no, regex=False) | visits["purpose"].isin(anti_fraud),
        ),
        "day typed, in Beijing time": (
            RecordQuery(words=(TypedWord("2026-11-0", (WordMatch("visited_at", MatchKind.STATION_CLOCK),)),)),
            visits["clock"].str.contains("2026-11-0", regex=False),
        ),
        "a word found nowhere": (
            RecordQuery(words=(TypedWord("50%_", (WordMatch("officer", MatchKind.TEXT),)),)),
            np.zeros(len(visits), dtype=bool),
        ),
    }
    for name, (query, expected) in selections.items():
        chosen = visits[np.asarray(expected, dtype=bool)]
        assert 0 <= len(chosen) < len(visits) or name == "period", name
        assert village.count_matching("visits", query) == len(chosen), name
        latest_first = RecordQuery(**{**query.__dict__, "order": OrderBy("visited_at", descending=True)})
        pages = _every_page(village, latest_first)
        order = chosen.sort_values(["visited_at", "id"], ascending=False)
        assert pages["id"].tolist() == order["id"].tolist(), name


def test_sorting_by_household_is_by_house_number_and_by_purpose_its_vocabulary_order(village):
    visits = _plain(village)
    by_house = _every_page(village, RecordQuery(order=OrderBy("household_id", OrderKind.HOUSEHOLD)))
    numbers = by_house["household_id"].map(visits.drop_duplicates("household_id").set_index("household_id")["label"])
    leading = pd.to_numeric(numbers.str.extract(r"^\s*(\d+)", expand=False), errors="coerce")
    assert len(by_house) == len(visits) and leading.dropna().is_monotonic_increasing
    codes = tuple(member.value for member in VisitPurpose)
    by_purpose = _every_page(
        village, RecordQuery(order=OrderBy("purpose", OrderKind.RANK, descending=True, codes=codes))
    )
    ranks = by_purpose["purpose"].map({code: rank for rank, code in enumerate(codes)})
    assert ranks.dropna().is_monotonic_decreasing and ranks.isna().sum() == visits["purpose"].isna().sum()


def _reviewed_households(store) -> pd.DataFrame:
    """Every household with the last visit and recency at :data:`AS_OF` the review shows (from the kept status)."""
    data = load_review(store, as_of=AS_OF)
    assert not data.problems
    households = data.households[["id", "grid_id", "key_person", "last_visit", "recency"]].reset_index(drop=True)
    clock = households["last_visit"].dt.tz_convert(STATION_TIMEZONE).dt.strftime("%Y-%m-%d %H:%M")
    return households.assign(clock=clock.fillna(""))


def _kinds(*tags: KeyPersonTag) -> tuple[str, ...]:
    return tuple(tag.value for tag in tags)


def _same_selection(store, layer: str, query: RecordQuery, chosen: pd.DataFrame, everyone: int, name: str) -> None:
    """``query`` counts and pages (by id, fifty at a time) exactly ``chosen``: a strict, non-empty part of the
    layer's ``everyone`` records, so that a condition ignored would show."""
    assert 0 < len(chosen) < everyone, name
    assert store.count_matching(layer, query) == len(chosen), name
    columns = HOUSEHOLD_COLUMNS if layer == "households" else DISPUTE_COLUMNS if layer == "disputes" else COLUMNS
    pages = _every_page(store, query, limit=50, layer=layer, columns=columns)
    assert pages["id"].tolist() == sorted(chosen["id"]), name


def test_households_at_a_recency_of_key_persons_in_grids_are_those_the_review_shows(village):
    households = _reviewed_households(village)
    assert set(households["recency"]) == set(RECENCY_CODES)  # AS_OF finds households at every recency
    grids = sorted(set(households["grid_id"].dropna()))[:2]
    kinds = _kinds(KeyPersonTag.ELDERLY_ALONE, KeyPersonTag.DISABLED)
    key_persons = _has_any_tag(households["key_person"], frozenset(kinds))
    selections = {
        **{
            f"recency {code}": (RecordQuery(recency=(code,), as_of=AS_OF), households["recency"] == code)
            for code in RECENCY_CODES
        },
        "recency due soon or overdue": (
            RecordQuery(recency=(VisitRecency.DUE_SOON.value, VisitRecency.OVERDUE.value), as_of=AS_OF),
            households["recency"].isin([VisitRecency.DUE_SOON.value, VisitRecency.OVERDUE.value]),
        ),
        "key persons": (RecordQuery(key_persons=kinds), key_persons),
        "in grids, by their own": (RecordQuery(households_in_grids=tuple(grids)), households["grid_id"].isin(grids)),
        "all three": (
            RecordQuery(
                households_in_grids=tuple(grids), recency=(VisitRecency.OVERDUE.value,), key_persons=kinds, as_of=AS_OF
            ),
            households["grid_id"].isin(grids) & (households["recency"] == VisitRecency.OVERDUE.value) & key_persons,
        ),
    }
    for name, (query, expected) in selections.items():
        chosen = households[np.asarray(expected, dtype=bool)]
        _same_selection(village, "households", query, chosen, len(households), name)


def test_visits_and_disputes_follow_their_households_recency_key_persons_and_grid(village):
    households = _reviewed_households(village).set_index("id")
    disputes = village.read("disputes", columns=["id", "household_id", "grid_id", "version"])
    grids = sorted(set(households["grid_id"].dropna()))
    unplaced, moved = disputes.iloc[0], disputes.iloc[1]  # one loses its grid, one is put in another
    elsewhere = next(grid for grid in grids if grid != households.at[moved["household_id"], "grid_id"])
    with village.edit():
        village.update("disputes", unplaced["id"], {"grid_id": None}, unplaced["version"])
        village.update("disputes", moved["id"], {"grid_id": elsewhere}, moved["version"])
    disputes = village.read("disputes", columns=DISPUTE_COLUMNS)
    assert disputes.set_index("id").at[unplaced["id"], "grid_id"] is None
    placed = disputes["grid_id"].fillna(disputes["household_id"].map(households["grid_id"]))  # as the review places
    chosen_grids = (households.at[unplaced["household_id"], "grid_id"], elsewhere)
    by_grid = disputes[placed.isin(chosen_grids).to_numpy()]
    assert {unplaced["id"], moved["id"]} <= set(by_grid["id"])
    _same_selection(village, "disputes", RecordQuery(grids=chosen_grids), by_grid, len(disputes), "disputes in grids")
    overdue = households.index[households["recency"] == VisitRecency.OVERDUE.value]
    overdue_disputes = disputes[disputes["household_id"].isin(overdue).to_numpy()]
    query = RecordQuery(recency=(VisitRecency.OVERDUE.value,), as_of=AS_OF)
    _same_selection(village, "disputes", query, overdue_disputes, len(disputes), "disputes of overdue households")

    visits = _plain(village)
    of_household = visits["household_id"].map(households["recency"])
    kinds = _kinds(KeyPersonTag.ELDERLY_ALONE, KeyPersonTag.LEFT_BEHIND_CHILD, KeyPersonTag.HARDSHIP)
    key_persons = households.index[_has_any_tag(households["key_person"], frozenset(kinds))]
    late = (VisitRecency.DUE_SOON.value, VisitRecency.OVERDUE.value)
    selections = {
        "recency": (RecordQuery(recency=late, as_of=AS_OF), of_household.isin(late)),
        "recency, grids and key persons": (
            RecordQuery(households_in_grids=tuple(grids[:2]), recency=late, key_persons=kinds, as_of=AS_OF),
            of_household.isin(late) & visits["grid_id"].isin(grids[:2]) & visits["household_id"].isin(key_persons),
        ),
    }
    for name, (query, expected) in selections.items():
        chosen = visits[np.asarray(expected, dtype=bool)]
        _same_selection(village, "visits", query, chosen, len(visits), name)


def test_households_sort_and_match_by_their_kept_last_visit_and_recency(village):
    households = _reviewed_households(village)
    ranks = {code: rank for rank, code in enumerate(RECENCY_CODES)}
    by_recency = _every_page(
        village,
        RecordQuery(order=OrderBy("recency", OrderKind.RANK, codes=RECENCY_CODES), as_of=AS_OF),
        limit=100,
        layer="households",
        columns=HOUSEHOLD_COLUMNS,
    )
    expected = households.assign(rank=households["recency"].map(ranks)).sort_values(["rank", "id"])
    assert by_recency["id"].tolist() == expected["id"].tolist()
    late = (VisitRecency.OVERDUE.value, VisitRecency.NEVER.value)  # the others have no rank: last either way
    latest_late = _every_page(
        village,
        RecordQuery(order=OrderBy("recency", OrderKind.RANK, descending=True, codes=late), as_of=AS_OF),
        limit=100,
        layer="households",
        columns=HOUSEHOLD_COLUMNS,
    )
    late_ranks = households.assign(rank=households["recency"].map({code: rank for rank, code in enumerate(late)}))
    expected = late_ranks.sort_values(["rank", "id"], ascending=False, na_position="last")
    assert latest_late["id"].tolist() == expected["id"].tolist()
    by_last_visit = _every_page(
        village,
        RecordQuery(order=OrderBy("last_visit", descending=True)),
        limit=100,
        layer="households",
        columns=HOUSEHOLD_COLUMNS,
    )
    expected = households.sort_values(["last_visit", "id"], ascending=False, na_position="last")
    assert households["last_visit"].isna().any() and households["last_visit"].duplicated(keep=False).any()
    assert by_last_visit["id"].tolist() == expected["id"].tolist()

    day = households["clock"].str[:10].value_counts().index[0]  # the day most last visits fell on
    minute = households["clock"][households["clock"] != ""].iloc[0]
    utc_clock = households["last_visit"].dt.strftime("%Y-%m-%d %H:%M").fillna("")
    for word in (minute, f"{day} 1"):  # that day from 10:00 to 19:59 in Beijing: 02:00 to 11:59 UTC
        chosen = households[households["clock"].str.contains(word, regex=False).to_numpy()]
        assert set(chosen["id"]) != set(households["id"][utc_clock.str.contains(word, regex=False)]), word
        query = RecordQuery(words=(TypedWord(word, (WordMatch("last_visit", MatchKind.STATION_CLOCK),)),))
        _same_selection(village, "households", query, chosen, len(households), word)
    overdue = (VisitRecency.OVERDUE.value,)
    places = (WordMatch("recency", MatchKind.CODES, overdue), WordMatch("last_visit", MatchKind.STATION_CLOCK))
    for word in ("逾期", day):  # the word of a recency, or a day of a last visit
        query = RecordQuery(words=(TypedWord(word, places),), as_of=AS_OF)
        expected = households["recency"].isin(overdue) | households["clock"].str.contains(word, regex=False)
        _same_selection(village, "households", query, households[expected.to_numpy()], len(households), word)


def test_recency_needs_the_moment_it_is_judged_at(village):
    overdue = (VisitRecency.OVERDUE.value,)
    for layer in ("households", "visits", "disputes"):
        with pytest.raises(ValueError, match="as_of"):
            village.count_matching(layer, RecordQuery(recency=overdue))
    by_recency = RecordQuery(order=OrderBy("recency", OrderKind.RANK, codes=RECENCY_CODES))
    with pytest.raises(ValueError, match="as_of"):
        village.read_page("households", by_recency, HOUSEHOLD_COLUMNS, 0, 50)
    typed = RecordQuery(words=(TypedWord("逾期", (WordMatch("recency", MatchKind.CODES, overdue),)),))
    with pytest.raises(ValueError, match="as_of"):
        village.count_matching("households", typed)


def test_recency_is_judged_at_the_instant_whatever_zone_it_is_given_in(village):
    households = _reviewed_households(village)
    for moment in (AS_OF, AS_OF.tz_convert(STATION_TIMEZONE)):
        for code in RECENCY_CODES:
            query = RecordQuery(recency=(code,), as_of=moment)
            assert village.count_matching("households", query) == (households["recency"] == code).sum(), (moment, code)


def test_each_households_last_visit_before_a_moment_is_found_by_the_database(village):
    visits = village.read("visits", columns=["household_id", "visited_at"])
    for moment in (AS_OF, AS_OF - pd.Timedelta(days=90), AS_OF.tz_convert(STATION_TIMEZONE)):
        before = visits[(visits["visited_at"] < moment).to_numpy() & visits["household_id"].notna().to_numpy()]
        expected = before.groupby("household_id")["visited_at"].max().sort_index()
        found = village.last_visits(moment).set_index("household_id")["visited_at"].sort_index()
        assert 0 < len(found) < village.count("households")
        pd.testing.assert_series_equal(found, expected, check_names=False, check_index_type=False)


def test_households_sort_by_their_grids_code(village):
    codes = village.read("grids", columns=["id", "code"]).set_index("id")["code"]
    for descending in (False, True):
        query = RecordQuery(order=OrderBy("grid_id", OrderKind.GRID, descending))
        shown = _every_page(village, query, layer="households", columns=["id", "grid_id"])["grid_id"].map(codes)
        assert len(shown) == village.count("households") and shown.nunique() > 1
        assert list(shown) == sorted(shown, reverse=descending)
