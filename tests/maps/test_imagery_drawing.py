"""The project's imagery on the map: read for the view, warped to UTM, under grids, roads and households.

Checked by colour at places the image is known to have: a household's blue
roof beside its marker and the middle of a road (:mod:`tests.imagery_station`).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import numpy as np
import pytest

from layers.errors import Canceled
from layers.imagery import reading
from layers.imagery.reading import imagery_extent, imagery_sources, read_imagery
from layers.review import ReviewFilter, load_review, select
from layers.store import open_project
from maps.map_content import build_map_content
from maps.map_settings import DEFAULT_LAYER_VIEWS, LayerView, MapSettings, imagery_layer, with_imagery
from maps.render_job import RenderJob
from maps.renderer import pixel_columns_rows, render_map
from tests import station_files as place
from tests.imagery_station import is_colour, metres, rgb_array, road_middle, roof, station_with_imagery

BACKGROUND = (0xF7, 0xF5, 0xEF)
IMAGERY = imagery_layer("imagery_1")


@pytest.fixture(scope="module")
def station(tmp_path_factory, qapp):
    """The village with grids, roads, landmarks, households and its imagery; loaded once."""
    path = station_with_imagery(tmp_path_factory.mktemp("imagery"))
    with open_project(path) as store:
        data = load_review(store)
        sources, problems = imagery_sources(store)
    assert problems == ()
    return path, build_map_content(data, select(data, ReviewFilter()), imagery=sources)


@pytest.fixture(scope="module")
def lonlat_station(tmp_path_factory, qapp):
    """Only imagery, delivered in CGCS2000 lon/lat: it must be warped onto the UTM map."""
    path = station_with_imagery(tmp_path_factory.mktemp("lonlat"), vector=False, imagery_epsg=4490)
    with open_project(path) as store:
        data = load_review(store)
        sources, _ = imagery_sources(store)
    return path, build_map_content(data, select(data, ReviewFilter()), imagery=sources)


def around(x: float, y: float, metres_per_pixel: float = 0.1, size: tuple[int, int] = (400, 300)) -> tuple:
    half_w, half_h = size[0] * metres_per_pixel / 2, size[1] * metres_per_pixel / 2
    return (x - half_w, y - half_h, x + half_w, y + half_h)


def colour_at(settings: MapSettings, image, x: float, y: float) -> np.ndarray:
    column, row = pixel_columns_rows(settings, np.array([x]), np.array([y]))
    return rgb_array(image)[row[0], column[0]]


def only(*names: str, opacity: float = 1.0) -> tuple[LayerView, ...]:
    return tuple(LayerView(name, opacity=opacity) for name in names)


@pytest.mark.parametrize("household", place.HOUSEHOLDS, ids=lambda h: h.house_no)
def test_a_roof_is_drawn_beside_its_household_under_the_marker(station, household):
    _, content = station
    x, y = roof(household)
    layers = only(IMAGERY, "grids", "roads", "households")
    settings = MapSettings(around(x, y), 400, 300, layers=layers, labels=False)  # a house number would cover it
    image = render_map(settings, content).image
    assert is_colour(colour_at(settings, image, x, y), place.ROOF_COLOUR), "the blue roof, where the register says"
    if household.located_in_register:  # the others have no position yet, so no marker
        marker = colour_at(settings, image, *metres(household.position))
        assert not is_colour(marker, place.ROOF_COLOUR), "the household's marker is drawn over the imagery"


WIDE_ROADS = [road for road in place.ROADS if place.ROAD_WIDTHS_M[road.highway] >= 3.5]
"""Roads three or more pixels wide on the image; a 2 m path is a pixel or two and blurs into the fields."""


@pytest.mark.parametrize("road", WIDE_ROADS, ids=lambda r: r.name)
def test_a_road_of_the_image_is_where_the_road_layer_is(station, road):
    _, content = station
    x, y = road_middle(road)
    settings = MapSettings(around(x, y), 400, 300, layers=only(IMAGERY))
    image = render_map(settings, content).image
    assert is_colour(colour_at(settings, image, x, y), place.ROAD_COLOURS[road.highway])


def test_imagery_in_lon_lat_is_warped_onto_the_utm_map(lonlat_station):
    _, content = lonlat_station
    for household in place.HOUSEHOLDS:
        x, y = roof(household)
        settings = MapSettings(around(x, y), 400, 300, layers=only(IMAGERY))
        image = render_map(settings, content).image
        assert is_colour(colour_at(settings, image, x, y), place.ROOF_COLOUR), household.house_no


def test_imagery_switched_off_is_not_drawn(station):
    _, content = station
    x, y = roof(place.HOUSEHOLDS[2])
    views = (LayerView(IMAGERY, visible=False),)
    settings = MapSettings(around(x, y), 400, 300, layers=views)
    rendered = render_map(settings, content)
    assert is_colour(colour_at(settings, rendered.image, x, y), BACKGROUND, 2)
    assert not any(entry.layer == IMAGERY for entry in rendered.legend)


def test_half_opaque_imagery_lies_between_the_paper_and_the_roof(station):
    _, content = station
    x, y = roof(place.HOUSEHOLDS[2])
    settings = MapSettings(around(x, y), 400, 300, layers=only(IMAGERY, opacity=0.5))
    drawn = colour_at(settings, render_map(settings, content).image, x, y)
    expected = (np.array(place.ROOF_COLOUR) + np.array(BACKGROUND)) / 2
    assert is_colour(drawn, expected.round(), 12)


def test_the_whole_village_on_a_screen_shows_its_imagery_and_names_it_in_the_legend(station):
    _, content = station
    settings = MapSettings(
        content.imagery[0].extent, 1920, 1080, layers=with_imagery(DEFAULT_LAYER_VIEWS, ("imagery_1",))
    )
    rendered = render_map(settings, content)
    pixels = rgb_array(rendered.image).reshape(-1, 3)
    fields = np.zeros(len(pixels), dtype=bool)
    for colour in place.FIELD_COLOURS:
        fields |= np.abs(pixels.astype(int) - colour).max(axis=1) <= 20
    assert fields.mean() > 0.4, "most of the screen is the village's fields"
    assert rendered.legend[0].layer == IMAGERY and rendered.legend[0].meaning == "清水河村影像"


def test_a_whole_village_view_reads_a_low_zoom_level_never_the_full_image(station, monkeypatch):
    """A view 200 pixels wide of an image 800 pixels wide reads a zoom level about 200 pixels across, not 800."""
    _, content = station
    source = content.imagery[0]
    shapes = []
    original = reading._mosaic

    def mosaic(*args):
        rgba, transform = original(*args)
        shapes.append(rgba.shape[:2])
        return rgba, transform

    monkeypatch.setattr(reading, "_mosaic", mosaic)
    rgba = read_imagery(source, source.extent, 200, 160)
    assert rgba.shape == (160, 200, 4)
    assert len(shapes) == 1 and shapes[0][0] <= 2 * 256 and shapes[0][1] <= 2 * 256, shapes  # two tiles at most


def test_imagery_outside_the_view_is_not_read(station):
    _, content = station
    minx, miny, maxx, maxy = content.imagery[0].extent
    far = (maxx + 1000, maxy + 1000, maxx + 2000, maxy + 2000)
    assert read_imagery(content.imagery[0], far, 100, 100) is None
    settings = MapSettings(far, 100, 100, layers=only(IMAGERY))
    assert render_map(settings, content).legend == ()


def test_a_canceled_read_stops_between_its_steps(station):
    _, content = station
    asked = []

    def canceled_after_opening() -> bool:
        asked.append(True)
        return len(asked) > 1

    with pytest.raises(Canceled):
        read_imagery(content.imagery[0], content.imagery[0].extent, 400, 300, is_canceled=canceled_after_opening)
    assert len(asked) == 2


def test_render_jobs_on_worker_threads_read_imagery_side_by_side(station):
    _, content = station
    jobs = []
    for household in place.HOUSEHOLDS[:4]:
        x, y = roof(household)
        job = RenderJob(MapSettings(around(x, y), 400, 300, layers=only(IMAGERY)), content)
        jobs.append((job, x, y))
        job.start()
    for job, x, y in jobs:
        assert job.wait(30)
        assert is_colour(colour_at(job.settings, job.result.image, x, y), place.ROOF_COLOUR)


def test_looking_at_imagery_leaves_the_project_file_as_it_was(station):
    path, content = station
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    imagery_sources(path)
    read_imagery(content.imagery[0], content.imagery[0].extent, 300, 200)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_the_extent_of_imagery_is_the_image_in_utm(station):
    _, content = station
    minx, miny, maxx, maxy = imagery_extent(content.imagery)
    for household in place.HOUSEHOLDS:
        x, y = roof(household)
        assert minx < x < maxx and miny < y < maxy
    assert imagery_extent(()) is None


def test_imagery_views_go_under_everything_and_keep_what_the_user_set():
    views = with_imagery(DEFAULT_LAYER_VIEWS, ("imagery_1", "imagery_2"))
    assert [view.name for view in views[:3]] == [imagery_layer("imagery_1"), imagery_layer("imagery_2"), "sketch"]
    dimmed = tuple(replace(view, opacity=0.3) if view.name == imagery_layer("imagery_2") else view for view in views)
    again = with_imagery(dimmed, ("imagery_2",))
    assert [view.name for view in again if view.name.startswith("imagery:")] == [imagery_layer("imagery_2")]
    assert next(view for view in again if view.name == imagery_layer("imagery_2")).opacity == 0.3
    assert with_imagery(DEFAULT_LAYER_VIEWS, ()) == DEFAULT_LAYER_VIEWS
