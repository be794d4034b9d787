"""Pages of records sorted and filtered by the database equal the same selection made in pandas, on both backends."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from layers.store import open_project
from layers.store.offline import push
from layers.store.record_query import MatchKind, OrderBy, OrderKind, Period, RecordQuery, TypedWord, WordMatch
from layers.values import STATION_TIMEZONE
from layers.vocabulary import VisitPurpose

COLUMNS = ["id", "household_id", "visited_at", "officer", "purpose"]


@pytest.fixture(params=["file", "server"])
def village(request, demo_village_path, tmp_path):
    """The demo village, in a file or pushed to a throw-away PostGIS server."""
    path = tmp_path / "village.gpkg"
    shutil.copy(demo_village_path, path)
    if request.param == "file":
        with open_project(path) as store:
            yield store
        return
    url = request.getfixturevalue("postgis_url")
    with open_project(path) as local, open_project(url) as server:
        push(local, server)
        yield server


def _every_page(store, query: RecordQuery, limit: int = 700) -> pd.DataFrame:
    pages, offset = [], 0
    while True:
        page = store.read_page("visits", query, COLUMNS, offset, limit)
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
