"""Printing one grid reads what its sheets show, and prints what printing from the whole project prints.

The oracle is the whole project read as before (:func:`layers.review.load_review`):
on every paper either way up, the grid's pages (their extents and household
lists) must be the same, and every household and dispute the whole project
has within a page's frame must be among those read for the grid.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from shapely.geometry import Point

import maps.print.atlas
from layers.review import load_review
from layers.store import open_project
from layers.values import STATION_TIMEZONE
from maps.map_settings import MapSettings
from maps.print.atlas import atlas_pages, find_grids, read_for_printing
from maps.print.grid_sheet import PageSetup, sheet_geometry
from maps.print.page import Paper

AS_OF = datetime(2026, 11, 28, 20, 0, tzinfo=STATION_TIMEZONE)


@pytest.fixture(scope="module")
def village(demo_village_path, tmp_path_factory):
    """The demo village with one household of YH-01 moved two kilometres east, beyond its grid's box."""
    path = Path(shutil.copy(demo_village_path, tmp_path_factory.mktemp("print") / "village.gpkg"))
    with open_project(path) as store:
        grids = store.read("grids", columns=["id", "code"])
        households = store.read("households", columns=["id", "grid_id", "version"])
        moved = households[households["grid_id"] == grids["id"][grids["code"] == "YH-01"].iloc[0]].iloc[0]
        east = float(households.geometry.x.max()) + 0.02
        store.update("households", moved["id"], {}, expected_version=moved["version"], geometry=Point(east, 36.9))
        yield store, moved["id"]


def _inside(frame, extent) -> np.ndarray:
    x, y = frame["x"].to_numpy(), frame["y"].to_numpy()
    return (x >= extent[0]) & (x <= extent[2]) & (y >= extent[1]) & (y <= extent[3])


@pytest.mark.parametrize("smallest_scale", [8000, 1500], ids=["one-sheet", "split-in-parts"])
def test_a_grids_pages_read_for_it_are_those_of_the_whole_project(village, monkeypatch, smallest_scale):
    store, moved = village
    monkeypatch.setattr(maps.print.atlas, "SMALLEST_SCALE", smallest_scale)
    whole = load_review(store, as_of=AS_OF)
    for code in ("YH-01", "YH-03"):
        read = read_for_printing(store, code, as_of=AS_OF)
        grid_ids = find_grids(whole.grids, code)
        assert 0 < len(read.households) < len(whole.households)
        assert len(read.grids) == len(whole.grids)  # every neighbour's outline and name
        for paper in Paper:
            for landscape in (False, True):
                setup = PageSetup(paper=paper, landscape=landscape)
                expected = atlas_pages(whole, "", grid_ids, setup, overview=False)
                found = atlas_pages(read, "", grid_ids, setup, overview=False)
                assert [p.sheet.extent for p in found] == [p.sheet.extent for p in expected]
                assert all(a.rows.equals(b.rows) for a, b in zip(found, expected, strict=True))
                for page in (p for p in expected if p.with_map):
                    _x, _y, width, height = sheet_geometry(page.setup(setup)).frame
                    shown = MapSettings(page.sheet.extent, round(width), round(height)).visible_extent
                    for layer in ("households", "disputes"):
                        inside = set(getattr(whole, layer)["id"][_inside(getattr(whole, layer), shown)])
                        assert inside <= set(getattr(read, layer)["id"]), (code, paper, landscape, layer)
    assert moved in set(read_for_printing(store, "YH-01", as_of=AS_OF).households["id"])  # far, still on the list
    assert moved not in set(read_for_printing(store, "YH-03", as_of=AS_OF).households["id"])


def test_the_whole_stations_atlas_reads_everything(village):
    store, _moved = village
    assert len(read_for_printing(store, None, as_of=AS_OF).households) == store.count("households")
