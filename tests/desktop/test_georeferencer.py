"""The georeferencer window, driven as an officer would: click the sketch, click the map, place households."""

from __future__ import annotations

import shutil
import threading

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPointF, Qt

from demo.ground_truth import sketch_ground_truth
from desktop.georeferencer.control_point_table import COLUMNS
from desktop.georeferencer.live_fit import FIT_DELAY_MS
from desktop.georeferencer.window import GeoreferencerWindow
from layers.crs import to_measure, to_storage
from layers.store import Feature, new_feature, open_project
from layers.vocabulary import LocatedBy
from maps.georef.control_points import read_control_points
from maps.georef.sketch_georeference import position_of
from maps.renderer import pixel_columns_rows
from tests import station_files as place
from tests.desktop.conftest import run_to_end
from tests.imagery_station import is_colour, rgb_array, roof, station_with_imagery
from tests.imagery_station import metres as lonlat_metres

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time


@pytest.fixture
def village(demo_village_path, tmp_path):
    """A copy of the demo village whose sketch has no control points yet, with the answer key
    (the demo's own control points and drawn houses) kept aside, and two households never placed."""
    path = tmp_path / "village.gpkg"
    shutil.copy(demo_village_path, path)
    store = open_project(path)
    points = store.read("sketch_control_points")
    truth = sketch_ground_truth(store)
    for record_id, version in zip(points["id"], points["version"]):
        store.delete("sketch_control_points", record_id, version)
    drawn = store.get("households", truth["household_id"].iloc[0])  # its drawn house is left for a click
    unlinked = {**drawn.attributes, "sketch_id": None, "sketch_x": None, "sketch_y": None, "located_by": "manual"}
    store.replace(Feature("households", unlinked, None))
    grid_id = store.read("grids", columns=["id"])["id"].iloc[0]
    unplaced = [
        store.insert(new_feature("households", None, house_no=f"新-{n}", head_name=name, grid_id=grid_id))
        for n, name in ((1, "马新民"), (2, "杨新华"))
    ]
    yield store, points, truth, [drawn] + unplaced
    store.close()


@pytest.fixture
def window(qtbot, village, monkeypatch):
    # errors_shown keeps the messages; a real message box would wait for a click
    monkeypatch.setattr("desktop.georeferencer.window.QMessageBox.warning", lambda *args: None)
    store, points, *_ = village
    window = GeoreferencerWindow(store, points["sketch_id"].iloc[0])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def metres(points) -> np.ndarray:
    geometry = points.geometry.to_numpy()
    return np.column_stack(to_measure(shapely.get_x(geometry), shapely.get_y(geometry)))


def click_sketch(qtbot, window, x: float, y: float) -> None:
    window.sketch_view.resetTransform()  # zoomed to one photo pixel per screen pixel, as an officer zooms to click
    window.sketch_view.centre_on(x, y)
    position = window.sketch_view.mapFromScene(QPointF(x, y))
    qtbot.mouseClick(window.sketch_view.viewport(), Qt.MouseButton.LeftButton, pos=position)


def click_map(qtbot, window, x: float, y: float) -> None:
    window.canvas.zoom_to_point(x, y, 0.5)  # half a metre per pixel: a click lands within a pixel
    position = window.canvas.to_widget(QPointF(x, y)).toPoint()
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=position)


def add_by_clicks(qtbot, window, pixel, position) -> None:
    click_sketch(qtbot, window, *pixel)
    click_map(qtbot, window, *position)
    fitted(qtbot, window)


def fitted(qtbot, window) -> None:
    """Wait for the newest edit's fit: it runs on a worker thread while the window answers the hand."""
    qtbot.waitUntil(lambda: not window.fitting, timeout=20000)


def add_points(qtbot, window, pixels, positions) -> None:
    for pixel, position in zip(pixels, positions):
        window.add_control_point(*pixel, *position)
    fitted(qtbot, window)


def test_points_clicked_on_sketch_and_map_fit_with_honest_errors(qtbot, window, village):
    store, points, *_ = village
    pixels, truth = points[["sketch_x", "sketch_y"]].to_numpy(dtype=float), metres(points)
    assert window.state.transform is None and "No control points" in window.summary.text()
    for pixel, position in zip(pixels[:2], truth[:2]):
        add_by_clicks(qtbot, window, pixel, position)
    assert len(window.points) == 2 and window.overlay.warped is None  # two points place nothing yet
    add_by_clicks(qtbot, window, pixels[2], truth[2])
    assert window.overlay.warped is not None, "the sketch is shown over the map from the third point"
    for pixel, position in zip(pixels[3:10], truth[3:10]):
        add_by_clicks(qtbot, window, pixel, position)
    stored = window.sketch.control_points()
    assert len(stored) == 10 and not window.errors_shown
    # each click landed where it was aimed: within a pixel on the sketch, within a snap on the map
    assert np.abs(stored[["sketch_x", "sketch_y"]].to_numpy() - pixels[:10]).max() <= 1.0
    assert np.hypot(*(stored[["x", "y"]].to_numpy() - truth[:10]).T).max() < 6.5
    model = window.table_model
    loo_column = COLUMNS.index("loo")
    loo_texts = [model.data(model.index(row, loo_column)) for row in range(10)]
    assert all(text and float(text) >= 0 for text in loo_texts)
    assert model.data(model.index(0, loo_column), Qt.ItemDataRole.BackgroundRole) is not None
    assert "left-out RMSE" in window.summary.text()


def test_undo_and_redo_each_control_point_edit(qtbot, window, village):
    store, points, *_ = village
    pixels, truth = points[["sketch_x", "sketch_y"]].to_numpy(dtype=float), metres(points)
    for index in range(4):
        window.add_control_point(*pixels[index], *truth[index])
    first = window.points["id"].iloc[0]
    window.sketch_view.markerMoved.emit(first, pixels[0][0] + 40, pixels[0][1])  # dragged on the sketch
    assert window.sketch.control_points()["sketch_x"].iloc[0] == pytest.approx(pixels[0][0] + 40)
    window.overlay.markerMoved.emit(first, truth[0][0] + 15, truth[0][1])  # dragged on the map
    assert window.sketch.control_points()["x"].iloc[0] == pytest.approx(truth[0][0] + 15, abs=0.01)
    model = window.table_model
    unticked = Qt.CheckState.Unchecked.value
    model.setData(model.index(1, COLUMNS.index("enabled")), unticked, Qt.ItemDataRole.CheckStateRole)
    assert not window.sketch.control_points()["enabled"].iloc[1]
    fitted(qtbot, window)
    assert "2" not in window.state.point_ids
    model.setData(model.index(2, COLUMNS.index("y")), truth[2][1] + 3.0)
    assert window.sketch.control_points()["y"].iloc[2] == pytest.approx(truth[2][1] + 3.0, abs=0.01)
    window.table.selectRow(3)
    window.delete_selected()
    assert len(window.sketch.control_points()) == 3
    history = window.undo_stack.count()
    for _ in range(history):
        window.undo_stack.undo()
    assert not window.errors_shown and len(window.sketch.control_points()) == 0
    for _ in range(history):
        window.undo_stack.redo()
    after = window.sketch.control_points()
    assert len(after) == 3 and not after["enabled"].iloc[1]
    assert after["x"].iloc[0] == pytest.approx(truth[0][0] + 15, abs=0.01)
    assert not window.errors_shown


def test_a_wrong_point_is_named_in_the_table_and_summary(qtbot, window, village):
    store, points, *_ = village
    pixels, truth = points[["sketch_x", "sketch_y"]].to_numpy(dtype=float), metres(points)
    truth = truth.copy()
    truth[5] += [250.0, -200.0]  # the officer clicked a crossroads at the other end of the village
    add_points(qtbot, window, pixels, truth)
    assert [s.id for s in window.state.suspects][:1] == ["6"]
    assert "Point 6 looks wrong" in window.summary.text()
    note = window.table_model.data(window.table_model.index(5, COLUMNS.index("note")))
    assert "wrong place" in note


def test_a_point_set_aside_is_greyed_with_its_reason_and_one_click_puts_it_back(qtbot, window, village):
    store, points, *_ = village
    pixels, truth = points[["sketch_x", "sketch_y"]].to_numpy(dtype=float), metres(points)
    truth = truth.copy()
    truth[5] += [250.0, -200.0]
    add_points(qtbot, window, pixels, truth)
    assert window.state.left_out == ("6",) and "6" not in window.state.point_ids
    model = window.table_model
    used = model.index(5, COLUMNS.index("enabled"))
    assert model.data(used, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.data(model.index(5, COLUMNS.index("label")), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(4, COLUMNS.index("label")), Qt.ItemDataRole.ForegroundRole) is None
    assert float(model.data(model.index(5, COLUMNS.index("loo")))) > 250, "how far the fit without it misses it"
    assert "set aside by auto" in model.data(model.index(5, COLUMNS.index("note")), Qt.ItemDataRole.ToolTipRole)
    assert "wrong place" in model.data(model.index(5, COLUMNS.index("note")), Qt.ItemDataRole.ToolTipRole)
    model.setData(used, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)  # the one click
    fitted(qtbot, window)
    assert window.state.left_out == () and "6" in window.state.point_ids
    assert model.data(used, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert [s.id for s in window.state.suspects][:1] == ["6"], "still named, though used as the officer wants"
    window.undo_stack.undo()
    fitted(qtbot, window)
    assert window.state.left_out == ("6",), "undo lets auto set it aside again"
    assert not window.errors_shown


def test_dragging_a_point_fits_off_the_gui_thread_and_shows_only_the_newest_fit(qtbot, window, village, monkeypatch):
    store, points, *_ = village
    pixels, truth = points[["sketch_x", "sketch_y"]].to_numpy(dtype=float), metres(points)
    add_points(qtbot, window, pixels, truth)
    fit_threads, shown, newest_when_shown = [], [], []
    fit_points = window.sketch.fit_points

    def recording(*args, **kwargs):
        fit_threads.append(threading.get_ident())
        return fit_points(*args, **kwargs)

    def arrived(result):
        shown.append(result)
        newest_when_shown.append(window.sketch.fit_key(window.sketch.control_points(), window.sketch.method))

    monkeypatch.setattr(window.sketch, "fit_points", recording)
    window.fitShown.connect(arrived)
    first = window.points["id"].iloc[0]
    for step in range(1, 13):  # the point moved again and again, an edit each time, with short and longer pauses
        window.sketch_view.markerMoved.emit(first, pixels[0][0] + 4 * step, pixels[0][1] + 2 * step)
        qtbot.wait(5 if step % 2 else FIT_DELAY_MS + 10)  # a longer pause lets a fit start before the next move
    fitted(qtbot, window)
    assert fit_threads and threading.get_ident() not in fit_threads, "no fit ran on the GUI thread"
    assert shown and [result.key for result in shown] == newest_when_shown, "no stale fit reached the window"
    assert len(fit_threads) > len(shown), "fits of points moved again while they ran were dropped unseen"
    final = window.sketch.control_points()
    assert final["sketch_x"].iloc[0] == pytest.approx(pixels[0][0] + 48)
    assert shown[-1].key == window.sketch.fit_key(final, window.sketch.method) and window.state is shown[-1].state
    assert not window.errors_shown


def test_locate_queue_places_households_by_clicking_their_drawn_house(qtbot, window, village):
    store, points, truth, unplaced = village
    pixels, true_positions = points[["sketch_x", "sketch_y"]].to_numpy(dtype=float), metres(points)
    add_points(qtbot, window, pixels, true_positions)
    window.set_mode("households")
    assert window.queue.count() == 3
    current = window.queue.current_household
    assert current in {household.id for household in unplaced}
    drawn = truth.iloc[0]
    click_sketch(qtbot, window, drawn["sketch_x"], drawn["sketch_y"])
    placed = store.get("households", current)
    assert placed["located_by"] == LocatedBy.SKETCH.value
    assert placed["sketch_x"] == pytest.approx(drawn["sketch_x"], abs=1)
    error = np.hypot(*(np.array(to_measure(placed.geometry.x, placed.geometry.y)) - metres(truth.iloc[[0]])[0]))
    assert error < 30, f"a house placed from the sketch lands near its true place, not {error:.0f} m off"
    assert placed["grid_id"]
    assert window.queue.count() == 2 and window.queue.current_household not in (None, current)  # on to the next

    # moving a control point moves the households placed from the sketch, in the same undo step
    before = store.get("households", current).geometry
    first = window.points["id"].iloc[0]
    window.overlay.markerMoved.emit(first, true_positions[0][0] + 25, true_positions[0][1] + 25)
    fitted(qtbot, window)
    moved = store.get("households", current).geometry
    assert not moved.equals_exact(before, 1e-9)
    window.undo_stack.undo()
    assert store.get("households", current).geometry.equals_exact(before, 1e-9)
    window.undo_stack.undo()  # the placement itself
    assert store.get("households", current).geometry is None  # no position again
    assert window.queue.count() == 3 and not window.errors_shown


def test_undoing_one_of_several_quick_moves_keeps_the_households_with_the_fit(qtbot, window, village):
    """Moves faster than a fit get no consequences of their own; after an undo, the households
    placed from the sketch still end where the fit of the points as they are puts them."""
    store, points, truth, _ = village
    pixels, true_positions = points[["sketch_x", "sketch_y"]].to_numpy(dtype=float), metres(points)
    add_points(qtbot, window, pixels, true_positions)
    window.set_mode("households")
    drawn = truth.iloc[0]
    current = window.queue.current_household
    click_sketch(qtbot, window, drawn["sketch_x"], drawn["sketch_y"])
    fitted(qtbot, window)
    first = window.points["id"].iloc[0]
    for step in (1, 2, 3):  # no pause: only the last move's fit runs
        window.overlay.markerMoved.emit(first, true_positions[0][0] + 40 * step, true_positions[0][1])
    fitted(qtbot, window)
    window.undo_stack.undo()
    fitted(qtbot, window)
    placed = store.get("households", current)
    expected = position_of(window.state.transform, placed["sketch_x"], placed["sketch_y"])
    assert window.sketch.control_points()["x"].iloc[0] == pytest.approx(true_positions[0][0] + 80, abs=0.01)
    assert placed.geometry.distance(expected) < 1e-7  # degrees: about a centimetre
    assert not window.errors_shown


def test_keyboard_steps_through_the_queue(qtbot, window, village):
    window.set_mode("households")
    window.activateWindow()
    first = window.queue.current_household
    qtbot.keyClick(window, Qt.Key.Key_N)
    second = window.queue.current_household
    assert second not in (None, first)
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert window.queue.current_household == first


def test_placing_before_any_fit_is_refused_with_a_message(qtbot, window, village):
    window.set_mode("households")
    assert not window.place_household(100.0, 100.0)
    assert window.errors_shown and "control points first" in window.errors_shown[0]


def test_control_points_export_and_import_round_trip(qtbot, window, village, tmp_path):
    store, points, *_ = village
    pixels, truth = points[["sketch_x", "sketch_y"]].to_numpy(dtype=float), metres(points)
    add_points(qtbot, window, pixels[:6], truth[:6])
    for name in ("points.points", "points.txt", "points.json"):
        window.export_points(str(tmp_path / name))
        read = read_control_points(tmp_path / name)
        assert len(read) == 6
        assert np.abs(np.array([[p.x, p.y] for p in read]) - truth[:6]).max() < 0.01
    for record_id, version in zip(window.points["id"], window.points["version"]):
        store.delete("sketch_control_points", record_id, version)
    window.refresh()
    assert window.import_points(str(tmp_path / "points.points"))
    assert len(window.sketch.control_points()) == 6


def test_saved_georeferenced_sketch_has_a_world_file(qtbot, window, village, tmp_path):
    store, points, *_ = village
    pixels, truth = points[["sketch_x", "sketch_y"]].to_numpy(dtype=float), metres(points)
    add_points(qtbot, window, pixels, truth)
    saved = []
    window.saved.connect(saved.append)
    run_to_end(qtbot, window.save_georeferenced(str(tmp_path / "sketch.png")))
    assert saved == [str(tmp_path / "sketch.png")], "written, neither refused nor canceled"
    assert (tmp_path / "sketch.png").stat().st_size > 10_000
    world = (tmp_path / "sketch.pgw").read_text().split()
    assert len(world) == 6 and float(world[0]) > 0 and float(world[3]) < 0


def test_distortion_view_tints_the_sketch(qtbot, window, village):
    store, points, *_ = village
    pixels, truth = points[["sketch_x", "sketch_y"]].to_numpy(dtype=float), metres(points)
    add_points(qtbot, window, pixels, truth)
    window.distortion_box.setChecked(True)
    xs, ys, ratio, cell = window.sketch_view.distortion
    assert ratio.shape == xs.shape and np.nanmedian(ratio) == pytest.approx(1.0) and cell > 0
    window.distortion_box.setChecked(False)
    assert window.sketch_view.distortion is None


def test_a_grid_outline_drawn_on_the_sketch_follows_the_fit(qtbot, window, village):
    store, points, truth, _ = village
    pixels, true_positions = points[["sketch_x", "sketch_y"]].to_numpy(dtype=float), metres(points)
    add_points(qtbot, window, pixels, true_positions)
    grid_id = store.read("grids", columns=["id"])["id"].iloc[0]
    window.set_mode("outline")
    corners = [(300.0, 900.0), (1800.0, 850.0), (1850.0, 2400.0), (350.0, 2450.0)]
    for corner in corners:
        click_sketch(qtbot, window, *corner)
    assert len(window.outline_vertices) == 4
    assert window.finish_outline(grid_id)
    grid = store.get("grids", grid_id)
    assert grid["sketch_outline"] and grid.geometry.geom_type == "Polygon" and grid.geometry.is_valid
    centre = window.state.transform.forward.apply(np.array([[1075.0, 1650.0]]))[0]
    assert grid.geometry.contains(shapely.Point(*to_storage(*centre)))
    outlined = grid.geometry
    window.overlay.markerMoved.emit(window.points["id"].iloc[0], true_positions[0][0] + 30, true_positions[0][1])
    fitted(qtbot, window)
    assert not store.get("grids", grid_id).geometry.equals_exact(outlined, 1e-9)  # re-derived with the fit
    window.undo_stack.undo()
    assert store.get("grids", grid_id).geometry.equals_exact(outlined, 1e-9)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.outline_vertices == [] and not window.errors_shown


def test_a_click_with_nobody_waiting_creates_a_household_where_it_is_drawn(qtbot, window, village, monkeypatch):
    store, points, truth, unplaced = village
    pixels, true_positions = points[["sketch_x", "sketch_y"]].to_numpy(dtype=float), metres(points)
    add_points(qtbot, window, pixels, true_positions)
    window.set_mode("households")
    window.queue.list.setCurrentRow(-1)  # nobody picked in the queue
    answers = iter([("新-9", True), ("马新生", True)])
    monkeypatch.setattr("desktop.georeferencer.window.QInputDialog.getText", lambda *args: next(answers))
    before = store.count("households")
    drawn = truth.iloc[0]
    click_sketch(qtbot, window, drawn["sketch_x"], drawn["sketch_y"])
    assert store.count("households") == before + 1 and not window.errors_shown
    created = store.read("households", columns=["house_no", "head_name", "located_by", "grid_id"])
    row = created[created["house_no"] == "新-9"].iloc[0]
    assert row["head_name"] == "马新生" and row["located_by"] == LocatedBy.SKETCH.value and row["grid_id"]
    window.undo_stack.undo()
    assert store.count("households") == before


# -- imagery in the reference view ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def imagery_stations(tmp_path_factory, qapp):
    """(a station with only its imagery and a sketch, the whole station with both), built once; copied per test."""
    folder = tmp_path_factory.mktemp("georef-imagery")
    return (
        station_with_imagery(folder / "bare", vector=False, sketch=True),
        station_with_imagery(folder / "full", sketch=True),
    )


@pytest.fixture
def imagery_window(qtbot, imagery_stations, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop.georeferencer.window.QMessageBox.warning", lambda *args: None)
    windows, stores = [], []

    def opened(which: int) -> GeoreferencerWindow:
        project = tmp_path / f"station-{which}.gpkg"
        shutil.copy(imagery_stations[which], project)
        store = open_project(project)
        window = GeoreferencerWindow(store, store.read("sketches", columns=["id"])["id"].iloc[0])
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
            window.show()
        windows.append(window)
        stores.append(store)
        return window

    yield opened
    for window in windows:
        window.close()
    for store in stores:
        store.close()


def reference_colour(window, x: float, y: float) -> np.ndarray:
    settings, rendered = window.canvas.last_render
    column, row = pixel_columns_rows(settings, np.array([x]), np.array([y]))
    return rgb_array(rendered.image)[row[0], column[0]]


def test_a_station_with_only_imagery_georeferences_by_clicking_roofs(qtbot, imagery_window):
    window = imagery_window(0)
    assert window.canvas.full_extent == window.imagery[0].extent, "the reference view opens on the imagery"
    household = place.HOUSEHOLDS[2]
    x, y = lonlat_metres(household.position)
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        window.canvas.zoom_to_point(x, y, 0.25)
    assert is_colour(reference_colour(window, x, y), place.ROOF_COLOUR), "the roof to click is on the map"
    add_by_clicks(qtbot, window, (400.0, 300.0), (x, y))
    stored = window.points.iloc[0]
    assert abs(stored["x"] - x) < 0.5 and abs(stored["y"] - y) < 0.5, "the point is where the roof was clicked"


def test_the_reference_layers_switch_on_and_off(qtbot, imagery_window):
    window = imagery_window(1)
    layers = window.reference_layers
    assert all(layers.actions[choice].isEnabled() for choice in ("imagery", "roads", "gps"))
    assert not layers.actions["sketches"].isEnabled(), "the only sketch is the one being placed"
    x, y = roof(place.HOUSEHOLDS[0])
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        window.canvas.zoom_to_point(x, y, 0.1)
    assert is_colour(reference_colour(window, x, y), place.ROOF_COLOUR)
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        layers.actions["imagery"].setChecked(False)
    assert not is_colour(reference_colour(window, x, y), place.ROOF_COLOUR), "imagery switched off"
    shown = {view.name: view.visible for view in window.canvas.layer_views}
    assert shown["roads"] and shown["landmarks"] and shown["households"]
    layers.actions["roads"].setChecked(False)
    layers.actions["gps"].setChecked(False)
    shown = {view.name: view.visible for view in window.canvas.layer_views}
    assert not (shown["roads"] or shown["landmarks"] or shown["households"]) and shown["grids"]


def test_gps_points_are_the_households_located_by_gps_or_import(qtbot, imagery_window):
    window = imagery_window(1)
    households = window.reference.households
    located = households["located_by"].isin([LocatedBy.GPS.value, LocatedBy.IMPORT.value]).to_numpy()
    located = located & households["x"].notna().to_numpy()
    assert 0 < located.sum() < len(households)
    assert window.canvas.content.household_count == located.sum()


def test_a_georeferencer_that_cannot_read_the_project_says_so_and_leaves_no_window(demo_window, monkeypatch):
    import desktop.georeferencer.window as georeferencer_module
    from layers.imagery.reading import ImageryReadError

    def unreadable(_store):
        raise ImageryReadError(path="村.gpkg", name="影像", reason="disk I/O error")

    window = demo_window()
    monkeypatch.setattr(georeferencer_module, "imagery_sources", unreadable)
    assert window.open_georeferencer(window.store.read("sketches")["id"].iloc[0]) is None
    assert window.warnings == ["村.gpkg: the imagery '影像' cannot be shown (disk I/O error)"]
    assert window.findChildren(georeferencer_module.GeoreferencerWindow) == []
