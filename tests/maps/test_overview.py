"""The county overview: zoomed out beyond telling households apart, grids shaded by coverage with their counts."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from layers.crs import to_measure
from maps.legend import legend_text
from maps.map_settings import MapSettings
from maps.overview import LABELLED_FROM_PIXELS, OVERVIEW_FROM_METRES_PER_PIXEL, overview_units
from maps.project_map import load_project_map, project_extent
from maps.renderer import render_map, world_to_pixel
from maps.symbology import COVERAGE_CLASSES, FillStyle


def _pixels_inside(rendered, settings, lonlat_polygon) -> np.ndarray:
    """The RGB values of the image's pixels whose centres lie in the polygon."""
    x, y = to_measure(*np.asarray(lonlat_polygon.exterior.coords).T)
    ring = [world_to_pixel(settings).map(QPointF(px, py)) for px, py in zip(x, y)]
    polygon = shapely.Polygon([(point.x(), point.y()) for point in ring])
    image = rendered.image
    columns, rows = np.meshgrid(np.arange(image.width()) + 0.5, np.arange(image.height()) + 0.5)
    inside = shapely.contains_xy(polygon, columns, rows)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32).reshape(image.height(), -1)[:, : image.width()]
    return pixels[inside] & 0xFFFFFF


def test_a_view_too_wide_for_households_shows_each_grid_by_its_coverage(qapp, make_project):
    store = make_project()
    extent = project_extent(store)
    width = int((extent[2] - extent[0]) / OVERVIEW_FROM_METRES_PER_PIXEL)  # just past telling houses apart
    settings = MapSettings(extent, width, width)
    overview = load_project_map(store, view=settings)
    rendered = render_map(settings, overview.content)
    assert rendered.overview
    classes = [entry for entry in rendered.legend if isinstance(entry.marker, FillStyle)]
    assert sum(entry.count for entry in classes) == 2, "each of the two grids counted in one class"
    assert not any(entry.layer in ("households", "disputes") for entry in rendered.legend)
    assert legend_text(classes[0]).endswith("grids)") and "%" in legend_text(classes[0])
    fills = {QColor(fill).rgb() & 0xFFFFFF for _, fill in COVERAGE_CLASSES}
    inside = _pixels_inside(rendered, settings, store.standard["grid_a"].geometry)
    assert np.isin(inside, list(fills)).mean() > 0.6, "the grid is shaded by a class of coverage (labels aside)"

    closer = MapSettings(extent, width * 4, width * 4)
    assert not render_map(closer, load_project_map(store, view=closer).content).overview


def test_the_overview_reads_no_household_and_no_visit(qapp, demo_village_path):
    from layers.store import GeoPackageStore

    with GeoPackageStore.open(demo_village_path) as store:
        read = []
        store._db.set_trace_callback(read.append)
        project_map = load_project_map(store, view=MapSettings(project_extent(store), 120, 80))
        store._db.set_trace_callback(None)
    selects = [statement for statement in read if statement.lstrip().upper().startswith("SELECT")]
    assert not any('"visits"' in statement or " visits " in statement for statement in selects)
    assert not [s for s in selects if 'FROM "households"' in s], "households are counted from their kept status"
    assert any('FROM "household_status"' in s and "GROUP BY" in s for s in selects)
    summaries = project_map.content.grid_summaries
    assert summaries is not None and summaries.households.sum() == 570
    assert np.all((summaries.coverage >= 0) & (summaries.coverage <= 1))
    assert project_map.content.household_count == 0


def _grid_width_m(store) -> float:
    """The width of the standard project's wider grid, in metres."""
    widths = []
    for grid in ("grid_a", "grid_b"):
        x, _ = to_measure(*np.asarray(store.standard[grid].geometry.exterior.coords).T)
        widths.append(x.max() - x.min())
    return max(widths)


def _overview_of(extent) -> MapSettings:
    """A view of the whole ``extent`` zoomed out just past telling households apart: the store's counts are read."""
    width = int((extent[2] - extent[0]) / OVERVIEW_FROM_METRES_PER_PIXEL)
    return MapSettings(extent, width, width)


def _place_grids(store, villages: tuple[str, str], townships: tuple[str, str]) -> None:
    for grid, village, township in zip(("grid_a", "grid_b"), villages, townships):
        stored = store.get("grids", store.standard[grid].id)
        store.update("grids", stored.id, {"village": village, "township": township}, stored.version)


def test_zoomed_out_past_labelling_grids_their_villages_then_townships_are_shaded(qapp, make_project):
    store = make_project()
    _place_grids(store, ("李家庄村", "李家庄村"), ("豫海镇", "豫海镇"))
    extent = project_extent(store)
    small = _grid_width_m(store) / (0.8 * LABELLED_FROM_PIXELS)  # each grid a little too small for its figures
    settings = _overview_of(extent)
    content = load_project_map(store, view=settings).content
    assert overview_units(content, OVERVIEW_FROM_METRES_PER_PIXEL).unit == "grid"
    village = overview_units(content, small)
    assert village.unit == "village" and village.names == ("李家庄村",)
    assert village.summaries.households.tolist() == [3]  # the two grids' households together
    assert village.summaries.in_cycle.tolist() == [int(content.grid_summaries.in_cycle.sum())]
    assert overview_units(content, small * 100).unit == "township"

    wide = (extent[0], extent[1], extent[0] + small * 400, extent[1] + small * 400)
    rendered = render_map(MapSettings(wide, 400, 400), load_project_map(store, view=settings).content)
    assert rendered.overview == "village"
    classes = [entry for entry in rendered.legend if isinstance(entry.marker, FillStyle)]
    assert sum(entry.count for entry in classes) == 1 and legend_text(classes[0]).endswith("villages)")


def test_villages_of_one_name_in_two_townships_are_two_villages(qapp, make_project):
    store = make_project()
    _place_grids(store, ("李家庄村", "李家庄村"), ("豫海镇", "韦州镇"))
    extent = project_extent(store)
    content = load_project_map(store, view=_overview_of(extent)).content
    small = _grid_width_m(store) / (0.8 * LABELLED_FROM_PIXELS)
    units = overview_units(content, small)
    assert units.unit in ("village", "township") and len(units.summaries.households) == 2


@pytest.mark.parametrize("blank", [None, "", " "])
def test_grids_without_villages_stay_grids_however_far_out(qapp, make_project, blank):
    store = make_project()
    _place_grids(store, (blank, blank), (blank, blank))
    extent = project_extent(store)
    content = load_project_map(store, view=_overview_of(extent)).content
    assert overview_units(content, _grid_width_m(store) * 100).unit == "grid"
