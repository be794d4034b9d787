"""The renderer draws what the settings and the filter say, the legend lists exactly that, and jobs cancel."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath

from layers.crs import to_measure
from layers.errors import Canceled
from layers.review import ReviewFilter, load_review, select
from layers.store import open_project
from layers.values import STATION_TIMEZONE
from layers.vocabulary import Grade, VisitRecency
from maps import renderer
from maps.map_content import build_map_content
from maps.map_settings import DEFAULT_LAYER_VIEWS, LayerView, MapSettings, parse_extent, parse_size
from maps.point_raster import make_sprite, paint_marker, stamp
from maps.qt_paths import polylines_path
from maps.render_job import RenderJob
from maps.renderer import render_map, world_to_pixel
from maps.sketch_basemap import fit_homography
from maps.symbology import GRADE_COLOURS, RECENCY_MARKERS, MarkerStyle, Shape

AS_OF = datetime(2026, 5, 10, tzinfo=STATION_TIMEZONE)  # house 1 overdue, house 2 never, house 3 visited


@pytest.fixture
def standard_map(qapp, make_project):
    store = make_project()
    data = load_review(store, as_of=AS_OF)

    def content(review_filter: ReviewFilter | None = None):
        return build_map_content(data, select(data, review_filter or ReviewFilter()))

    centre_x, centre_y = to_measure(105.91, 36.905)
    settings = MapSettings((centre_x - 1000, centre_y - 700, centre_x + 1000, centre_y + 700), 800, 560)
    return store, content, settings


def _pixel(image: QImage, settings: MapSettings, lon: float, lat: float) -> QColor:
    x, y = to_measure(lon, lat)
    point = world_to_pixel(settings).map(x, y)
    return image.pixelColor(int(point[0]), int(point[1]))


def _close(colour: QColor, hex_colour: str, tolerance: int = 12) -> bool:
    want = QColor(hex_colour)
    return all(abs(a - b) <= tolerance for a, b in zip(colour.getRgb()[:3], want.getRgb()[:3]))


def test_open_red_dispute_is_red_and_households_take_their_recency_colour(standard_map):
    store, content, settings = standard_map
    image = render_map(settings, content()).image
    assert _close(_pixel(image, settings, 105.906, 36.904), GRADE_COLOURS[Grade.RED])  # house 2's open red dispute
    assert _close(_pixel(image, settings, 105.905, 36.905), RECENCY_MARKERS[VisitRecency.OVERDUE].fill)  # house 1


def test_hidden_layer_and_filter_change_the_picture_and_the_legend(standard_map):
    store, content, settings = standard_map
    shown = render_map(settings, content())
    meanings = {(entry.layer, entry.meaning, entry.state) for entry in shown.legend}
    assert ("disputes", Grade.RED, "open") in meanings and ("disputes", Grade.GREEN, "resolved") in meanings
    green_only = render_map(settings, content(ReviewFilter(grades=frozenset({"green"}))))
    assert not _close(_pixel(green_only.image, settings, 105.906, 36.904), GRADE_COLOURS[Grade.RED])
    assert all(entry.meaning is not Grade.RED for entry in green_only.legend)
    no_disputes = replace(settings, layers=tuple(replace(v, visible=v.name != "disputes") for v in DEFAULT_LAYER_VIEWS))
    hidden = render_map(no_disputes, content())
    assert all(entry.layer != "disputes" for entry in hidden.legend)
    assert not _close(_pixel(hidden.image, settings, 105.906, 36.904), GRADE_COLOURS[Grade.RED])


def test_legend_counts_what_was_drawn(standard_map):
    store, content, settings = standard_map
    legend = render_map(settings, content()).legend
    households = {entry.meaning: entry.count for entry in legend if entry.layer == "households"}
    assert households == {"key_person": 1, VisitRecency.OVERDUE: 1, VisitRecency.NEVER: 1, VisitRecency.VISITED: 1}


def test_half_opacity_blends_with_the_background(standard_map):
    store, content, settings = standard_map
    faded = replace(
        settings, layers=tuple(replace(v, opacity=0.5) if v.name == "disputes" else v for v in DEFAULT_LAYER_VIEWS)
    )
    colour = _pixel(render_map(faded, content()).image, settings, 105.906, 36.904)
    red = QColor(GRADE_COLOURS[Grade.RED])
    assert red.red() - 5 > colour.red() or colour.green() > red.green() + 20  # lighter than pure red


def test_many_points_are_aggregated_into_cells(standard_map, monkeypatch):
    store, content, settings = standard_map
    monkeypatch.setattr(renderer, "AGGREGATE_ABOVE", 1)
    rendered = render_map(settings, content())
    assert rendered.aggregated_layers == ("households",)
    assert _close(_pixel(rendered.image, settings, 105.905, 36.905), RECENCY_MARKERS[VisitRecency.OVERDUE].fill, 90)


def test_a_canceled_render_stops(standard_map):
    store, content, settings = standard_map
    with pytest.raises(Canceled):
        render_map(settings, content(), lambda: True)


def test_render_job_reports_in_the_starting_thread(qtbot, standard_map):
    store, content, settings = standard_map
    job = RenderJob(settings, content())
    with qtbot.waitSignal(job.signals.finished, timeout=10000) as finished:
        job.start()
    assert finished.args[0] is settings and finished.args[1].image.width() == 800
    canceled = RenderJob(settings, content())
    canceled.cancel()
    with qtbot.waitSignal(canceled.signals.canceled, timeout=10000):
        canceled.start()


def test_stamped_sprites_look_like_painted_markers(qapp):
    style = MarkerStyle(Shape.DIAMOND, "#d62728", "#202020", 10.0)
    painted = QImage(40, 40, QImage.Format.Format_ARGB32_Premultiplied)
    painted.fill(QColor("#ffffff"))
    painter = QPainter(painted)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_marker(painter, style, 96, 20.5, 20.5)
    painter.end()
    stamped = QImage(40, 40, QImage.Format.Format_ARGB32_Premultiplied)
    stamped.fill(QColor("#ffffff"))
    pixels = np.frombuffer(stamped.bits(), dtype=np.uint32).reshape(40, 40)
    stamp(pixels, np.array([20]), np.array([20]), make_sprite(style, 96))
    a = np.frombuffer(painted.constBits(), dtype=np.uint8).astype(int)
    b = np.frombuffer(stamped.constBits(), dtype=np.uint8).astype(int)
    assert np.abs(a - b).mean() < 2.0 and np.abs(a - b).max() < 60


def test_points_near_the_border_are_clipped_not_wrapped(qapp):
    canvas = np.zeros((20, 20), dtype=np.uint32)
    sprite = make_sprite(MarkerStyle(Shape.SQUARE, "#ff0000", "#ff0000", 8.0), 96)
    stamp(canvas, np.array([0, 19, -3]), np.array([10, 0, 5]), sprite)
    assert canvas[10, 0] != 0 and canvas[0, 19] != 0
    assert canvas[:, 10].max() == 0  # nothing wrapped to the middle


def test_serialised_path_equals_one_built_vertex_by_vertex(qapp):
    coordinates = np.array([[0, 0], [10, 0], [10, 5], [20, 20], [30, 25]], dtype=float)
    built = QPainterPath()
    built.moveTo(0, 0)
    built.lineTo(10, 0)
    built.lineTo(10, 5)
    built.moveTo(20, 20)
    built.lineTo(30, 25)
    assert polylines_path(coordinates, np.array([0, 0, 0, 1, 1])) == built


def test_homography_recovers_a_perspective_view():
    truth = np.array([[0.9, 0.2, 500.0], [-0.1, 1.1, 300.0], [1e-4, 2e-4, 1.0]])
    source = np.array([[0, 0], [1000, 0], [1000, 800], [0, 800], [500, 400], [200, 700]], dtype=float)
    projected = np.c_[source, np.ones(len(source))] @ truth.T
    target = projected[:, :2] / projected[:, 2:]
    assert np.allclose(fit_homography(source, target), truth, rtol=1e-6, atol=1e-9)


def test_settings_keep_ground_distances_square():
    settings = MapSettings((0, 0, 1000, 1000), 200, 100)
    assert settings.metres_per_pixel == 10
    assert settings.visible_extent == (-500, 0, 1500, 1000)
    assert round(settings.scale_denominator) == 37795
    with pytest.raises(ValueError, match="empty map extent"):
        MapSettings((5, 5, 5, 6), 10, 10)
    assert parse_size("1920x1080") == (1920, 1080)
    with pytest.raises(ValueError, match="WIDTHxHEIGHT"):
        parse_size("1920")
    assert parse_extent("1,2,3,4") == (1, 2, 3, 4)
    with pytest.raises(ValueError, match="minx,miny,maxx,maxy"):
        parse_extent("3,2,1,4")


def test_default_layers_draw_in_order(standard_map):
    store, content, settings = standard_map
    only_grids = replace(settings, layers=(LayerView("grids"),))
    legend = render_map(only_grids, content()).legend
    assert {entry.layer for entry in legend} == {"grids"}


REFERENCE = Path(__file__).parent / "reference" / "demo-village.png"


def test_demo_village_matches_the_reference_picture(qapp, demo_village_path):
    """A change that alters the drawing fails here; after checking the new picture by eye, regenerate it with
    ``WANGGE_UPDATE_REFERENCE=1 pytest tests/maps/test_renderer.py``."""
    with open_project(demo_village_path) as store:
        data = load_review(store, as_of=datetime(2026, 11, 28, 12, tzinfo=STATION_TIMEZONE))
    content = build_map_content(data, select(data, ReviewFilter()))
    image = render_map(MapSettings(data.extent, 960, 540), content).image
    if os.environ.get("WANGGE_UPDATE_REFERENCE") == "1":
        REFERENCE.parent.mkdir(exist_ok=True)
        image.save(str(REFERENCE))
    reference = QImage(str(REFERENCE)).convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    assert reference.size() == image.size()
    a = np.frombuffer(image.constBits(), dtype=np.uint8).astype(int)
    b = np.frombuffer(reference.constBits(), dtype=np.uint8).astype(int)
    difference = np.abs(a - b)
    assert difference.mean() < 1.5 and np.percentile(difference, 99.5) < 80


def test_crowded_views_hide_resolved_disputes_and_say_so(standard_map, monkeypatch):
    store, content, settings = standard_map
    monkeypatch.setattr(renderer, "RESOLVED_DISPUTES_UP_TO", 1)
    rendered = render_map(settings, content())
    assert rendered.resolved_disputes_hidden
    assert {entry.state for entry in rendered.legend if entry.layer == "disputes"} == {"open"}


def test_zoomed_in_outlines_hold_only_the_features_in_view(standard_map):
    store, content, settings = standard_map
    grids = content().grids
    x, y = to_measure(105.905, 36.905)  # inside grid A only
    assert grids.path_of(grids.indices_within((x - 10, y - 10, x + 10, y + 10))).elementCount() == 5  # one ring
    assert grids.whole().elementCount() == 10


def test_overlapping_labels_keep_the_more_important_one(qapp):
    from maps.fonts import map_font
    from maps.label_placement import Label, LabelPlacer

    placer = LabelPlacer()
    font = map_font(96, 10)
    placer.add(1, Label(100, 50, "12", font, "#333333"))
    placer.add(3, Label(102, 52, "YH-01 犁铧嘴村一组", font, "#880e4f"))
    placer.add(1, Label(300, 50, "13", font, "#333333"))
    image = QImage(400, 100, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    shown = [label.text for label in placer.paint(painter)]
    painter.end()
    assert shown == ["YH-01 犁铧嘴村一组", "13"]


def test_crowded_disputes_become_cells_of_the_hardest_grade(standard_map, monkeypatch):
    store, content, settings = standard_map
    monkeypatch.setattr(renderer, "DISPUTE_CELLS_ABOVE", 0)
    rendered = render_map(settings, content())
    assert rendered.aggregated_layers == ("disputes",)
    assert _close(_pixel(rendered.image, settings, 105.906, 36.904), GRADE_COLOURS[Grade.RED], 90)


def test_the_sketch_basemap_is_placed_by_its_control_points(qapp, demo_village_path):
    from maps.sketch_basemap import load_sketch_basemaps

    with open_project(demo_village_path) as store:
        data = load_review(store, as_of=datetime(2026, 11, 28, 12, tzinfo=STATION_TIMEZONE))
        sketches, problems = load_sketch_basemaps(store)
        points = store.read("sketch_control_points")
    assert len(sketches) == 1 and not problems
    # the fitted projective transform puts every control point within a few metres of its true place
    h = sketches[0].homography
    source = np.c_[points["sketch_x"], points["sketch_y"], np.ones(len(points))] @ h.T
    x, y = to_measure(points.geometry.x.to_numpy(), points.geometry.y.to_numpy())
    residuals = np.hypot(source[:, 0] / source[:, 2] - x, source[:, 1] / source[:, 2] - y)
    assert np.median(residuals) < 40  # a hand drawing is not a projection; the basemap is for orientation
    content = build_map_content(data, select(data, ReviewFilter()), sketches)
    only_sketch = MapSettings(data.extent, 480, 270, layers=(LayerView("sketch", opacity=1.0),))
    rendered = render_map(only_sketch, content)
    pixels = np.frombuffer(rendered.image.constBits(), dtype=np.uint32)
    assert np.count_nonzero(pixels != pixels[0]) > 0.3 * len(pixels)  # the photo covers the village
    assert [entry.layer for entry in rendered.legend] == ["sketch"]
