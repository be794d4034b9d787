"""The dashboard beside the map on the demo village: a bar click chooses a grid, the filter's grid is highlighted.

The window is driven as a chief would: a real mouse click on the coverage
chart, a choice in the filter bar, a visit logged in the store.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor

from desktop.dashboard import BAR_COLOUR, FADED_BAR_COLOUR
from layers.assessment.dashboard_figures import STATION
from layers.store import new_feature
from tests.desktop.conftest import wait_for_review

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time


@pytest.fixture
def window(qtbot, demo_window):
    """The main window on a copy of the demo village, the dashboard shown."""
    window = demo_window(drawn=True)
    window.dashboard_action.trigger()
    qtbot.waitUntil(lambda: window.dashboard_dock.figures is not None)
    return window


def bar_position(dock, index: int, height_share: float = 0.5, chart: str = "coverage"):
    """Where bar ``index`` of a grid chart ("coverage" or "target") is, in the plot widget's viewport pixels."""
    bars, plot = getattr(dock, f"{chart}_bars"), getattr(dock, f"{chart}_plot")
    height = bars.opts["height"][index]
    view_box = plot.getPlotItem().getViewBox()
    scene_point = view_box.mapViewToScene(QPointF(index, height * height_share))
    return plot.mapFromScene(scene_point)


def click_map(qtbot, window, x: float, y: float) -> None:
    """A left click on the map at (x, y) metres, as a chief's mouse makes it."""
    point = window.canvas.to_widget(QPointF(x, y))
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=point.toPoint())


def empty_spot_in(window, grid_id: str) -> tuple[float, float]:
    """A point inside the grid, farther than a click's reach from every household."""
    outline = window.data.grids.set_index("id").geometry[grid_id]
    households = window.data.households
    reach = 20 * window.canvas.metres_per_pixel
    for fraction in np.linspace(0.05, 0.95, 181):
        point = outline.exterior.interpolate(fraction, normalized=True)
        inner = shapely.Point(outline.centroid.x + 0.8 * (point.x - outline.centroid.x),
                              outline.centroid.y + 0.8 * (point.y - outline.centroid.y))  # fmt: skip
        nearest = np.nanmin(np.hypot(households["x"] - inner.x, households["y"] - inner.y))
        if (
            outline.contains(inner)
            and nearest > reach
            and window.canvas.rect().contains(window.canvas.to_widget(QPointF(inner.x, inner.y)).toPoint())
        ):
            return inner.x, inner.y
    raise AssertionError(f"no empty spot in grid {grid_id}")


def bar_colours(dock) -> list[str]:
    return [QColor(colour).name() for colour in dock.coverage_bars.opts["brushes"]]


def chosen_grids(window) -> list[str]:
    return list(window.data.grids["id"][window.selection.grids])


def test_the_dashboard_is_a_view_menu_toggle_and_starts_with_the_station(window):
    dock = window.dashboard_dock
    assert window.dashboard_action in window.view_menu.actions() and window.dashboard_action.isChecked()
    assert dock.isVisible() and dock.unit == ("station", STATION) and dock.highlighted == ()
    assert set(bar_colours(dock)) == {BAR_COLOUR}
    assert len(dock.week_lines) == len(window.data.grids)
    window.dashboard_action.trigger()
    assert not dock.isVisible()


def test_a_mouse_click_on_a_grids_bar_chooses_that_grid_in_the_filter_bar_and_on_the_map(qtbot, window):
    dock = window.dashboard_dock
    grid_id = str(dock.figures.grids.index[2])
    viewport = dock.coverage_plot.viewport()
    with qtbot.assertNotEmitted(dock.gridChosen):  # above the bar is not the bar
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=bar_position(dock, 2, height_share=1.1))
    with qtbot.waitSignal(dock.gridChosen) as chosen, qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=bar_position(dock, 2))
    assert chosen.args == [grid_id]
    assert window.filter_bar.grid_box.currentData() == grid_id
    assert window.filter_bar.review_filter().grid_ids == {grid_id}
    assert chosen_grids(window) == [grid_id]
    in_grid = int((window.data.households["grid_id"] == grid_id).sum())  # the village is all in view
    wait_for_review(qtbot, window)
    assert window.canvas.content.household_count == in_grid == window.review.counts["households"] > 0
    assert dock.highlighted == (grid_id,) and dock.unit == ("grid", grid_id)
    assert dock.figures.grids.loc[grid_id, "code"] in dock.unit_label.text()


def test_a_grid_chosen_in_the_filter_bar_is_highlighted_on_the_dashboard(qtbot, window):
    dock = window.dashboard_dock
    dock.gridChosen.emit(str(dock.figures.grids.index[0]))  # the slot a bar click reaches
    other = str(dock.figures.grids.index[3])
    box = window.filter_bar.grid_box
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        box.setCurrentIndex(box.findData(other))
    assert chosen_grids(window) == [other] and dock.highlighted == (other,)
    assert bar_colours(dock) == [FADED_BAR_COLOUR] * 3 + [BAR_COLOUR]
    widths = {grid_id: line.opts["pen"].widthF() for grid_id, line in dock.week_lines.items()}
    assert widths[other] > max(width for grid_id, width in widths.items() if grid_id != other)
    households = dock.figures.by_grid.counts.loc[other, "households"]
    assert f"of {households:,} households" in dock.figure_labels["coverage"][1].text()
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        window.filter_bar.clear()
    assert dock.highlighted == () and set(bar_colours(dock)) == {BAR_COLOUR} and dock.unit[0] == "station"


def test_logging_a_visit_counts_in_this_weeks_visits(qtbot, window):
    dock = window.dashboard_dock
    grid_id = str(dock.figures.grids.index[1])
    before_grid = dock.figures.by_grid.visits_per_week.loc[grid_id].to_numpy().copy()
    before_station = dock.figures.station.visits_per_week.loc[STATION].to_numpy().copy()
    household = window.data.households[window.data.households["grid_id"] == grid_id].iloc[0]
    for _ in range(2):  # the second edit lands while the first is being counted: only the latest count is shown
        window.store.insert(
            new_feature("visits", None, household_id=household["id"], visited_at=window.data.as_of, officer="马文华")
        )
    qtbot.waitUntil(lambda: dock.figures.station.visits_per_week.loc[STATION].iloc[-1] == before_station[-1] + 2)
    assert dock.is_current
    after_grid = dock.figures.by_grid.visits_per_week.loc[grid_id].to_numpy()
    assert list(after_grid) == [*before_grid[:-1], before_grid[-1] + 2]
    line_y = dock.week_lines[grid_id].getData()[1]
    assert line_y[-1] == before_grid[-1] + 2


def test_a_click_on_a_grid_on_the_map_chooses_it_for_the_charts_and_outside_every_grid_shows_all(qtbot, window):
    dock = window.dashboard_dock
    grid_id = str(dock.figures.grids.index[1])
    x, y = empty_spot_in(window, grid_id)
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        click_map(qtbot, window, x, y)
    assert chosen_grids(window) == [grid_id] and window.filter_bar.grid_box.currentData() == grid_id
    assert dock.highlighted == (grid_id,) and dock.unit == ("grid", grid_id)
    assert bar_colours(dock) == [FADED_BAR_COLOUR, BAR_COLOUR, FADED_BAR_COLOUR, FADED_BAR_COLOUR]
    assert dock.figures.grids.loc[grid_id, "code"] in dock.unit_label.text()
    left, bottom, _right, _top = window.data.grids.total_bounds
    outside = (left - 30 * window.canvas.metres_per_pixel, bottom - 30 * window.canvas.metres_per_pixel)
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        click_map(qtbot, window, *outside)
    assert dock.highlighted == () and dock.unit[0] == "station" and window.filter_bar.grid_box.currentData() is None


def test_the_task_list_chart_shows_progress_and_its_bars_choose_a_grid(qtbot, window):
    dock = window.dashboard_dock
    counts = dock.figures.by_grid.counts.loc[dock.figures.grids.index]
    with_target = counts["visit_target"] > 0
    assert list(dock.target_bars.opts["height"][with_target.to_numpy()]) == list(
        counts["target_progress"][with_target] * 100
    )
    assert not with_target.all() and dock.target_bars.opts["height"][~with_target.to_numpy()].tolist() == [0.0]
    station = dock.figures.station.counts.loc[STATION]
    assert f"of {int(station['visit_target']):,} households" in dock.figure_labels["target"][1].text()
    assert f"{int(station['spot_checks.confirmed']):,} confirmed" in dock.figure_labels["checks"][1].text()
    index = int(np.flatnonzero(with_target.to_numpy())[0])
    grid_id = str(dock.figures.grids.index[index])
    with qtbot.waitSignal(dock.gridChosen) as chosen, qtbot.waitSignal(window.canvas.renderFinished, timeout=20000):
        qtbot.mouseClick(dock.target_plot.viewport(), Qt.MouseButton.LeftButton,
                         pos=bar_position(dock, index, chart="target"))  # fmt: skip
    assert chosen.args == [grid_id] and chosen_grids(window) == [grid_id]
    grid_counts = dock.figures.by_grid.counts.loc[grid_id]
    assert f"{grid_counts['target_progress']:.0%}" in dock.figure_labels["target"][1].text()
