"""The answer key of a demo sketch: where each drawn house is on the photo and on the ground."""

from __future__ import annotations

import geopandas as gpd

from layers.store import ProjectStore


def sketch_ground_truth(store: ProjectStore, sketch_id: str | None = None) -> gpd.GeoDataFrame:
    """Households drawn on a sketch: ``household_id``, ``house_no``, pixel ``sketch_x``/``sketch_y``
    (x right, y down, in the stored photo) and the true lon/lat as geometry.

    With ``sketch_id`` omitted, the project's only sketch is used.
    """
    sketches = store.read("sketches", columns=["id"])
    if sketch_id is None:
        if len(sketches) != 1:
            raise ValueError(f"{store.location}: {len(sketches)} sketches; say which one")
        sketch_id = sketches["id"].iloc[0]
    households = store.read("households", columns=["id", "house_no", "sketch_id", "sketch_x", "sketch_y"])
    drawn = households[households["sketch_id"] == sketch_id].drop(columns="sketch_id")
    return drawn.rename(columns={"id": "household_id"}).reset_index(drop=True)
