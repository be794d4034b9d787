"""One household as its card shows it: the household, its grid, its visits and its disputes.

A county keeps hundreds of thousands of visits; a card shows one household's.
So the visits are selected by the database (``matching`` on ``household_id``),
the disputes are found from their two linking columns only and then read one
by one, and the parties' house numbers are read record by record: nothing here
reads a whole layer's records to show one household.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from layers.crs import STORAGE_EPSG
from layers.disputes.register import involving, party_ids
from layers.disputes.states import OPEN_STATUSES
from layers.errors import RecordNotFoundError
from layers.schema import layer_schema
from layers.store import Feature, ProjectStore
from layers.store.base import frame_column


@dataclass(frozen=True)
class HouseholdRecords:
    """What the card shows of one household, read in one go so the card never mixes two states."""

    household: Feature
    grid: Feature | None
    visits: pd.DataFrame  # every visit, newest first
    disputes: pd.DataFrame  # reported here or naming it as a party; open ones first, then newest first
    house_numbers: dict[str, str]  # household id -> house number, to name the parties of its disputes

    def concerns(self, layer: str, record_ids: tuple[str, ...]) -> bool:
        """Whether an edit of ``record_ids`` in ``layer`` may change what the card shows.

        A new visit or dispute may be this household's, so any insertion of
        one counts; otherwise only the records shown (and the household's grid).
        """
        shown = {
            "households": {self.household["id"], *self.house_numbers},
            "grids": {self.grid["id"]} if self.grid is not None else set(),
            "visits": set(self.visits["id"]),
            "disputes": set(self.disputes["id"]),
        }.get(layer, set())
        return bool(shown & set(record_ids))


def household_records(store: ProjectStore, household_id: str) -> HouseholdRecords:
    """The household, its grid, visits and disputes; :class:`RecordNotFoundError` if it is gone."""
    household = store.get("households", household_id)
    grid = store.get("grids", household["grid_id"]) if household["grid_id"] else None
    visits = store.read("visits", matching={"household_id": household_id})
    visits = visits.sort_values("visited_at", ascending=False)
    links = store.read("disputes", columns=["id", "household_id", "party_households"])
    disputes = _frame(
        "disputes", [store.get("disputes", record_id) for record_id in links["id"][involving(links, household_id)]]
    )
    disputes = disputes.assign(closed=~disputes["status"].isin(OPEN_STATUSES))
    disputes = disputes.sort_values(["closed", "reported_at"], ascending=[True, False])
    named = [stored for stored in disputes["household_id"] if isinstance(stored, str)]
    sides = {household_id, *named, *(side for stored in disputes["party_households"] for side in party_ids(stored))}
    house_numbers = {}
    for side in sides:  # the few households its disputes name, not the whole register
        try:
            house_numbers[side] = str(store.get("households", side)["house_no"])
        except RecordNotFoundError:
            continue  # a party deleted since: the card shows "?" for it
    return HouseholdRecords(
        household, grid, visits.reset_index(drop=True), disputes.reset_index(drop=True), house_numbers
    )


def _frame(layer: str, features: list[Feature]) -> pd.DataFrame:
    """Records read one by one as the frame :meth:`ProjectStore.read` would give (same columns and types)."""
    schema = layer_schema(layer)
    frame = pd.DataFrame(
        {name: frame_column(schema.field(name), [feature[name] for feature in features]) for name in schema.field_names}
    )
    if not schema.is_spatial:
        return frame
    geometry = gpd.GeoSeries([feature.geometry for feature in features], crs=f"EPSG:{STORAGE_EPSG}")
    return gpd.GeoDataFrame(frame, geometry=geometry)
