"""Tying imported rows to what the project already holds: grids by place or name, households by their keys.

Grids: a located row belongs to the grid whose outline contains it (one
STRtree query for all rows; on a shared border the grid with the lowest code
wins, so the result does not depend on storage order). A row without a position
may name its grid by code (YH-01) or name (犁铧嘴村一组).

Households: a station's visit log or dispute ledger names the household as its
officers know it: house number, head of household, grid or village, rarely all
of them. The rule: every key a row gives must agree (house number, head's name,
grid code or name, village of the address or of the grid), and a row must give
a house number or a head's name. Exactly one household fits: matched. None
fits, or several do (two 马福 in one village): the row is reported, with the
count, and the user adds a key to tell them apart. A name that differs from the
register under the same house number is a mismatch, not a match, on purpose: it
is how a visit logged at the wrong door shows up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

HOUSEHOLD_KEYS = ("house_no", "head_name", "grid", "village")


@dataclass(frozen=True)
class ProjectGrids:
    """The project's grids: ids, codes, names, villages and outlines, sorted by code."""

    frame: pd.DataFrame

    @classmethod
    def from_frame(cls, grids: pd.DataFrame) -> ProjectGrids:
        frame = grids.reset_index(drop=True)
        frame = frame.sort_values("code", kind="stable").reset_index(drop=True) if len(frame) else frame
        return cls(frame)

    def containing(self, points: np.ndarray) -> np.ndarray:
        """Per point (``None`` for rows without one), the id of the grid containing it, else ``None``."""
        grid_ids = np.full(len(points), None, dtype=object)
        located = np.flatnonzero(~shapely.is_missing(points))
        if not len(self.frame) or not len(located):
            return grid_ids
        outlines = np.asarray(self.frame.geometry.values, dtype=object)
        hit_point, hit_grid = shapely.STRtree(outlines).query(points[located], predicate="intersects")
        order = np.lexsort((hit_grid, hit_point))  # per point, the lowest code first
        hit_point, hit_grid = hit_point[order], hit_grid[order]
        first = np.unique(hit_point, return_index=True)[1]
        grid_ids[located[hit_point[first]]] = self.frame["id"].to_numpy(dtype=object)[hit_grid[first]]
        return grid_ids

    def by_label(self, labels: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """Grid ids of grid codes or names as written; and the rows naming no grid of the project."""
        lookup = self.labels()
        found = labels.map(lookup)
        return found.where(found.notna(), None).to_numpy(dtype=object), (labels.notna() & found.isna()).to_numpy()

    def labels(self) -> dict[str, str]:
        """Code or name -> grid id (codes win where a name equals another grid's code)."""
        if not len(self.frame):
            return {}
        names = dict(zip(self.frame["name"].astype(str), self.frame["id"]))
        return names | dict(zip(self.frame["code"].astype(str), self.frame["id"]))

    def codes(self) -> dict[str, str]:
        return dict(zip(self.frame["id"], self.frame["code"])) if len(self.frame) else {}


@dataclass(frozen=True)
class HouseholdMatches:
    """Per row: the matched household's id (``None`` if not exactly one), and how many fitted."""

    household_ids: np.ndarray
    counts: np.ndarray
    keyless: np.ndarray
    """Rows that give neither a house number nor a head's name."""


def household_keys(households: pd.DataFrame, grids: ProjectGrids) -> pd.DataFrame:
    """One row per way a household can be named: its grid by code and by name, its village from address or grid.

    Columns: ``household``, ``house_no``, ``head_name``, ``grid``, ``village``.
    """
    if not len(households):
        return pd.DataFrame(columns=["household", *HOUSEHOLD_KEYS], dtype=object)
    base = pd.DataFrame(
        {
            "household": households["id"].to_numpy(dtype=object),
            "house_no": households["house_no"].to_numpy(dtype=object),
            "head_name": households["head_name"].to_numpy(dtype=object),
            "grid_id": households["grid_id"].to_numpy(dtype=object),
            "addr_village": households["addr_village"].to_numpy(dtype=object),
        }
    )
    grid = grids.frame[["id", "code", "name", "village"]].rename(columns={"id": "grid_id"})
    base = base.merge(grid, on="grid_id", how="left")
    by_grid = pd.concat([base.assign(grid=base["code"]), base.assign(grid=base["name"])])
    by_village = pd.concat(
        [by_grid.assign(village=by_grid["addr_village"]), by_grid.assign(village=by_grid["village"])]
    )
    keys = by_village[["household", *HOUSEHOLD_KEYS]].astype(object)
    return keys.drop_duplicates(ignore_index=True)


def match_households(rows: pd.DataFrame, keys: pd.DataFrame) -> HouseholdMatches:
    """Match each row (columns of :data:`HOUSEHOLD_KEYS`, ``None`` where not given) to the households' ``keys``.

    Rows are grouped by which keys they give (at most 16 patterns), and each
    group is joined with the households on exactly those keys, so the whole log
    is matched with a handful of merges.
    """
    n = len(rows)
    rows = rows.reindex(columns=list(HOUSEHOLD_KEYS)).astype(object).reset_index(drop=True)
    rows = rows.where(rows.notna(), None)
    household_ids = np.full(n, None, dtype=object)
    counts = np.zeros(n, dtype=np.int64)
    given = rows.notna()
    keyless = ~(given["house_no"] | given["head_name"]).to_numpy()
    pattern = given.to_numpy() @ (1 << np.arange(len(HOUSEHOLD_KEYS)))
    for code in np.unique(pattern[~keyless]):
        members = np.flatnonzero((pattern == code) & ~keyless)
        on = [key for bit, key in enumerate(HOUSEHOLD_KEYS) if code & (1 << bit)]
        wanted = rows.iloc[members][on].assign(row=members)
        joined = wanted.merge(keys[["household", *on]].dropna(subset=on), on=on, how="inner")
        joined = joined.drop_duplicates(["row", "household"])
        per_row = joined.groupby("row")["household"].agg(["count", "first"])
        counts[per_row.index.to_numpy()] = per_row["count"].to_numpy()
        single = per_row[per_row["count"] == 1]
        household_ids[single.index.to_numpy()] = single["first"].to_numpy(dtype=object)
    return HouseholdMatches(household_ids, counts, keyless)
