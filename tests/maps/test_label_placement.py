"""Labels read at a glance: off the symbols where they can be, never over each other or a printed map's marks,
and landmark badges never buried under households, on screen and on paper."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from shapely import Point

from layers.crs import to_measure
from layers.review import ReviewFilter, load_review, select
from layers.store import new_feature
from layers.values import STATION_TIMEZONE
from layers.vocabulary import VisitRecency
from maps.fonts import map_font
from maps.label_placement import Label, LabelPlacer, label_box
from maps.map_content import MapContent, build_map_content
from maps.map_settings import MapSettings
from maps.print.atlas import atlas_pages, find_grids
from maps.print.grid_sheet import GridSheetPainter, PageSetup
from maps.print.map_frame import MapFrame
from maps.renderer import point_reach, render_map, world_to_pixel
from maps.symbol_cover import SymbolCover
from maps.symbology import RECENCY_MARKERS
from tests.standard_data import STATION

AS_OF = datetime(2026, 5, 10, tzinfo=STATION_TIMEZONE)
GRID_A_CENTRE = (105.905, 36.905)  # grid YH-01 is the square 105.90-105.91 E, 36.90-36.91 N
POLICE_OFFICE = (105.908, 36.906)  # the standard police office, with a household put on top of it here


@pytest.fixture
def crowded_centre(qapp, make_project):
    """The standard project with a block of houses over grid YH-01's middle, where its label would go, and a
    household on the police office."""
    store = make_project()
    grid_a = store.standard["grid_a"].id
    lon, lat = GRID_A_CENTRE
    for row in range(-2, 3):
        for column in range(-6, 7):
            if (row, column) != (0, 0):  # the standard house 1 stands there
                place = Point(lon + column * 0.0004, lat + row * 0.0003)
                store.insert(
                    new_feature(
                        "households", place, house_no=f"9{row + 2}{column + 6:02d}", head_name="王平", grid_id=grid_a
                    )
                )
    store.insert(new_feature("households", Point(*POLICE_OFFICE), house_no="99", head_name="马林", grid_id=grid_a))
    data = load_review(store, as_of=AS_OF)
    return data, build_map_content(data, select(data, ReviewFilter()))


def _grid_a_view() -> MapSettings:
    minx, miny = to_measure(105.899, 36.899)
    maxx, maxy = to_measure(105.911, 36.911)
    return MapSettings((minx, miny, maxx, maxy), 800, 800)


def _house_boxes(columns: np.ndarray, rows: np.ndarray, reach: float) -> list[QRectF]:
    return [QRectF(x - reach, y - reach, 2 * reach, 2 * reach) for x, y in zip(columns, rows)]


def _grid_label(labels, code: str) -> Label:
    return next(label for label in labels if label.text.startswith(code))


def _assert_apart(boxes: list[QRectF]) -> None:
    for i, box in enumerate(boxes):
        assert not any(box.intersects(other) for other in boxes[i + 1 :])


def test_a_grid_label_moves_off_the_houses_on_its_default_spot(crowded_centre):
    data, content = crowded_centre
    settings = _grid_a_view()
    rendered = render_map(settings, content)
    to_pixel = world_to_pixel(settings)
    columns, rows = (to_pixel.m11() * content.household_x + to_pixel.m31(),
                     to_pixel.m22() * content.household_y + to_pixel.m32())  # fmt: skip
    houses = _house_boxes(columns, rows, point_reach(RECENCY_MARKERS[VisitRecency.NEVER], settings.dpi))
    label = _grid_label(rendered.labels, "YH-01")
    # the premise: where the label stood before (the grid's point on its surface), it covered houses
    default = label_box(Label(*to_pixel.map(*to_measure(*GRID_A_CENTRE)), label.text, label.font, label.colour,
                              second_line=label.second_line, second_font=label.second_font))  # fmt: skip
    assert sum(default.intersects(house) for house in houses) >= 10
    placed = label_box(label)
    assert not any(placed.intersects(house) for house in houses)
    grid_a = content.grids.geometries[[grid.code for grid in content.grid_labels].index("YH-01")]
    assert shapely.contains_xy(grid_a, *to_pixel.inverted()[0].map(label.x, label.y))
    _assert_apart([label_box(label) for label in rendered.labels])


def _without_the_house_on_the_badge(content: MapContent) -> MapContent:
    x, y = to_measure(*POLICE_OFFICE)
    kept = np.hypot(content.household_x - x, content.household_y - y) > 1
    fields = ("household_x", "household_y", "household_recency", "household_key_person", "household_no")
    return replace(content, **{name: getattr(content, name)[kept] for name in fields})


def _badge_difference(image: QImage, without_house: QImage, x: float, y: float, radius: float) -> float:
    """How much the badge centred on (x, y) differs from the same badge with no household on it (0 to 255)."""
    pixels = [
        (round(x) + dx, round(y) + dy)
        for dx in range(-20, 21)
        for dy in range(-20, 21)
        if dx * dx + dy * dy < radius**2
    ]
    return float(
        np.mean(
            [
                np.abs(np.subtract(image.pixelColor(*p).getRgb()[:3], without_house.pixelColor(*p).getRgb()[:3])).mean()
                for p in pixels
            ]
        )
    )


def test_a_landmark_under_a_household_stays_visible_on_screen(crowded_centre):
    _, content = crowded_centre
    settings = _grid_a_view()
    image = render_map(settings, content).image
    without_house = render_map(settings, _without_the_house_on_the_badge(content)).image
    x, y = world_to_pixel(settings).map(*to_measure(*POLICE_OFFICE))
    house = point_reach(RECENCY_MARKERS[VisitRecency.NEVER], settings.dpi)
    assert _badge_difference(image, without_house, x, y, house) < 2


def _print_sheet(data, content: MapContent, setup: PageSetup) -> tuple[QImage, GridSheetPainter, MapFrame]:
    """Grid YH-01's printed sheet as an image, its painter and its map frame."""
    page = atlas_pages(data, STATION, find_grids(data.grids, "YH-01"), setup, overview=False)[0]
    width, height = (round(v / 25.4 * setup.dpi) for v in setup.size_mm)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    drawer = GridSheetPainter(painter, setup, content)
    frame = drawer.draw_map_sheet(page.sheet, page.rows)
    painter.end()
    return image, drawer, frame


@pytest.fixture
def printed_sheet(crowded_centre):
    data, content = crowded_centre
    setup = PageSetup()
    return *_print_sheet(data, content, setup), content, setup


def test_a_printed_grid_label_moves_off_the_houses_and_clear_of_the_marks(printed_sheet):
    image, drawer, frame, content, setup = printed_sheet
    transform = frame.transform
    columns = transform.m11() * content.household_x + transform.m31()
    rows = transform.m22() * content.household_y + transform.m32()
    houses = _house_boxes(columns, rows, point_reach(RECENCY_MARKERS[VisitRecency.NEVER], setup.dpi))
    label = _grid_label(drawer.placed_labels, "YH-01")
    default_centre = frame.to_page(*to_measure(*GRID_A_CENTRE))
    default = label_box(Label(default_centre.x(), default_centre.y(), label.text, label.font, label.colour,
                              second_line=label.second_line, second_font=label.second_font))  # fmt: skip
    assert sum(default.intersects(house) for house in houses) >= 10
    assert not any(label_box(label).intersects(house) for house in houses)
    boxes = [label_box(placed) for placed in drawer.placed_labels]
    assert all(frame.rect.contains(box) for box in boxes)
    assert not any(box.intersects(mark) for box in boxes for mark in frame.furniture)
    _assert_apart(boxes)
    numbers = {placed.text for placed in drawer.placed_labels}
    assert {"1", "99"} <= numbers  # house numbers are still written


def test_a_landmark_under_a_household_stays_visible_on_paper(crowded_centre, printed_sheet):
    image, _, frame, content, setup = printed_sheet
    without_house, _, _ = _print_sheet(crowded_centre[0], _without_the_house_on_the_badge(content), setup)
    centre = frame.to_page(*to_measure(*POLICE_OFFICE))
    house = point_reach(RECENCY_MARKERS[VisitRecency.NEVER], setup.dpi)
    assert _badge_difference(image, without_house, centre.x(), centre.y(), house) < 2


def test_a_label_takes_the_free_spot_hiding_the_fewest_symbols(qapp):
    font = map_font(96, 10)
    symbols = SymbolCover(400, 200)
    symbols.add_points(np.arange(80, 121, 8), np.full(6, 100), radius=4)  # a row of houses under the first spot
    symbols.add_points(np.array([300]), np.array([100]), radius=4)  # one house under the third spot
    placer = LabelPlacer(keep_clear=[QRectF(180, 80, 40, 40)], symbols=symbols)  # the second spot is taken
    placer.add(1, Label(100, 100, "YH-01", font, "#880e4f", ((200, 100), (300, 100), (100, 40))))
    image = QImage(400, 200, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    (placed,) = placer.paint(painter)
    painter.end()
    assert (placed.x, placed.y) == (100, 40)


def test_a_label_with_no_spot_free_of_symbols_is_still_shown_where_it_hides_least(qapp):
    font = map_font(96, 10)
    symbols = SymbolCover(400, 200)
    xs, ys = np.meshgrid(np.arange(0, 400, 10), np.arange(0, 200, 10))
    symbols.add_points(xs.ravel(), ys.ravel(), radius=3)  # houses everywhere
    symbols.add_points(np.array([100]), np.array([100]), radius=3, weight=50)  # and a landmark on the first spot
    placer = LabelPlacer(symbols=symbols)
    placer.add(3, Label(100, 100, "YH-01 犁铧嘴村一组", font, "#880e4f", ((200, 100),)))
    image = QImage(400, 200, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    (placed,) = placer.paint(painter)
    painter.end()
    assert (placed.x, placed.y) == (200, 100)


def test_a_label_around_a_house_never_covers_the_house(qapp):
    font = map_font(96, 6.5)
    placer = LabelPlacer(keep_clear=[QRectF(0, 0, 200, 88)])  # above the house is taken: the label goes below
    placer.add(1, Label(100, 100, "12", font, "#333333", around=6))
    image = QImage(200, 200, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    (placed,) = placer.paint(painter)
    painter.end()
    box = label_box(placed)
    assert not box.intersects(QRectF(94, 94, 12, 12)) and box.top() > 100


def test_the_cover_prices_only_the_cells_a_box_shares_with_symbols():
    cover = SymbolCover(200, 100, origin=(1000, 2000))  # an image placed on a page at (1000, 2000)
    cover.add_points(np.array([50, 150]), np.array([50, 50]), radius=6, weight=2)
    assert cover.cost(QRectF(1000, 2000, 20, 20)) == 0  # far from both
    assert cover.cost(QRectF(1040, 2040, 20, 20)) == pytest.approx(2 * 9)  # all of one symbol's 3 x 3 cells
    assert cover.cost(QRectF(1000, 2000, 200, 100)) == pytest.approx(2 * 2 * 9)
    assert cover.with_origin((0, 0)).cost(QRectF(40, 40, 20, 20)) == pytest.approx(18)


def test_landmarks_drawn_over_households_keep_their_listed_place_in_the_legend(crowded_centre):
    _, content = crowded_centre
    settings = _grid_a_view()
    drawn = [entry.layer for entry in render_map(settings, content).legend]
    listed = [view.name for view in settings.layers if view.name in drawn]
    assert listed.index("landmarks") < listed.index("households")
    assert list(dict.fromkeys(drawn)) == listed
