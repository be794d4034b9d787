"""A station from an empty folder to a printed grid sheet, through the desktop alone.

The same path as :mod:`tests.wangge.test_station_from_nothing`, clicked as an officer
would: File → New station project, File → Import (the county's grid Shapefile,
the OpenStreetMap extract as roads and as landmarks), File → Add satellite
imagery, File → Add a photographed sketch and its georeferencer (control points
from a file, the affine fit), File → Import the household register, File → Print
grid maps with the imagery under the map; then the register's import is undone
and redone. Every file is one of :mod:`tests.station_files`, made without the demo.
"""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWizard

from desktop.georeferencer.window import GeoreferencerWindow
from desktop.main_window import MainWindow
from layers.imagery import list_imagery
from layers.store import open_project
from layers.vocabulary import OfficerRole
from maps.georef.transforms import Method
from tests import station_files as place
from tests.desktop.conftest import open_print_dialog, run_to_end
from tests.test_geopackage_validity import assert_valid_geopackage
from tests.wangge.test_station_from_nothing import colour_share, control_point_file, page_image

pytestmark = pytest.mark.clock  # the window colours households by their visits against today, in Beijing time

STATION = "韦州派出所"
PEOPLE = (
    ("马建军", OfficerRole.COMMUNITY_OFFICER, "13709531101"),
    ("杨小东", OfficerRole.AUXILIARY, ""),
    ("田志刚", OfficerRole.COMMUNITY_OFFICER, "13709531103"),
)


@pytest.fixture
def window(qtbot, monkeypatch):
    """An empty main window, as the desktop starts; warnings collected in ``window.warnings``."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *rest: window.warnings.append(text))
    window.informed = []  # the import dialog confirms each import with a box that would wait for a click
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *rest: window.informed.append(text))
    window.show()
    yield window
    for georeferencer in window.findChildren(GeoreferencerWindow):
        georeferencer.close()
    window.close()


def choose_file(monkeypatch, path) -> None:
    """The next file dialog answers ``path``."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))


def columns_placed(dialog) -> dict[str, str]:
    """The import dialog's column table: each header of the file and the field it goes to ("" not imported)."""
    table = dialog.columns_table
    return {table.item(row, 0).text(): table.cellWidget(row, 1).currentData() for row in range(table.rowCount())}


def import_file(qtbot, window, path, layer: str) -> int:
    """File → Import: choose ``path``, say what it holds, check the report has no problem, import it all."""
    dialog = window.open_import_dialog()
    run_to_end(qtbot, dialog.open_file(str(path), layer))
    plan = dialog.plan
    assert plan is not None, f"{path.name} is read as {layer}"
    assert not plan.report.missing_columns and not plan.report.problems, (layer, dialog.summary.text())
    assert dialog.import_all_button.isEnabled()
    before = len(window.informed)
    dialog.import_all_button.click()
    run_to_end(qtbot, window.tasks.current)  # the button started the import on a worker thread
    assert len(window.informed) == before + 1 and not dialog.isVisible()
    return len(dialog.imported)


def readable_elsewhere(project) -> int:
    """The officers another window (or QGIS, or another officer's Wangge) reads in the project while it is open."""
    with open_project(project) as other:
        return other.count("officers")


def house_numbers(window) -> set[str]:
    return set(window.store.read("households", columns=["house_no"])["house_no"])


def test_a_station_from_an_empty_folder_to_a_printed_grid_sheet_through_the_desktop(
    qtbot, window, tmp_path, monkeypatch
):
    files = tmp_path / "来自县局的文件"
    project = tmp_path / f"{STATION}.gpkg"

    # File → New station project
    wizard = window.open_new_station_wizard()
    station = wizard.station_page
    station.station_edit.setText(STATION)
    station.township_edit.setText(place.TOWNSHIP)
    station.county_edit.setText("同心县")
    station.villages_edit.setPlainText(place.VILLAGE)
    wizard.next()
    for name, role, phone in PEOPLE:
        wizard.people_page.add_person(name, role, phone)
    wizard.next()
    wizard.file_page.path_edit.setText(str(project))
    with qtbot.waitSignal(window.projectOpened, timeout=60_000):  # the new project is read on a worker thread
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert window.store is not None and window.store.location == str(project)
    assert STATION in window.windowTitle()
    assert set(window.store.read("officers")["name"]) == {name for name, _role, _phone in PEOPLE}

    # File → Import: the county's grid Shapefile (GBK, no .cpg, Gauss-Kruger)
    shapefile = place.grid_shapefile(files)
    dialog = window.open_import_dialog()
    run_to_end(qtbot, dialog.open_file(str(shapefile), "grids"))
    plan = dialog.plan
    assert plan is not None and plan.report.encoding == "GBK"
    assert columns_placed(dialog) == {
        "网格编号": "code", "网格名称": "name", "所属村": "village", "社区民警": "officer", "辅警": "auxiliary",
        "联系电话": "phone", "户数": "", "面积亩": "",
    }, "counted and measured columns are the project's to work out, not imported"  # fmt: skip
    assert not plan.report.missing_columns and not plan.report.problems, dialog.summary.text()
    dialog.import_all_button.click()
    run_to_end(qtbot, window.tasks.current)
    assert set(window.store.read("grids")["code"]) == set(place.GRID)
    assert set(window.data.grids["code"]) == set(place.GRID), "the window's map has the grids"

    # File → Import: the OpenStreetMap extract, as roads and again as landmarks
    extract = place.osm_extract(files)
    import_file(qtbot, window, extract, "roads")
    assert set(window.store.read("roads")["name"]) == {road.name for road in place.ROADS}
    import_file(qtbot, window, extract, "landmarks")
    assert {landmark.name for landmark in place.LANDMARKS} <= set(window.store.read("landmarks")["name"])

    # File → Add satellite imagery
    imagery = place.township_geotiff(files)
    choose_file(monkeypatch, imagery.path)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("韦州镇影像", True))
    window.add_imagery_action.trigger()
    run_to_end(qtbot, window.tasks.current)  # tiled on a worker thread
    assert [info.name for info in list_imagery(window.store)] == ["韦州镇影像"]
    assert [source.name for source in window.imagery] == ["韦州镇影像"], "the map draws it at once"

    # File → Add a photographed sketch, for grid QSH-01; the georeferencer opens on it
    sketch = place.photographed_sketch(files)
    dialog = window.open_add_sketch_dialog()
    dialog.set_photo(str(sketch.path))
    dialog.title_edit.setText("第一网格手绘图")
    dialog.grid_box.setCurrentIndex(dialog.grid_box.findText("QSH-01", Qt.MatchFlag.MatchStartsWith))
    dialog.drawn_by_edit.setText("马建军")
    assert dialog.add()
    (stored_sketch,) = window.store.read("sketches").itertuples()
    assert (stored_sketch.width, stored_sketch.height) == sketch.size, "the upright photo's size"
    (georeferencer,) = window.findChildren(GeoreferencerWindow)
    assert georeferencer.sketch.sketch_id == stored_sketch.id

    # the georeferencer: File → Import control points (GDAL text, UTM 48N), the affine fit
    gcps = files / "控制点.txt"
    control_point_file(sketch, gcps)
    georeferencer.method_box.setCurrentIndex(georeferencer.method_box.findData(Method.AFFINE.value))
    choose_file(monkeypatch, gcps)
    georeferencer.import_action.trigger()
    assert len(georeferencer.points) == len(sketch.control_points)
    qtbot.waitUntil(lambda: not georeferencer.fitting, timeout=20000)  # the fit runs on a worker thread
    transform = georeferencer.state.transform
    assert transform is not None and transform.method == Method.AFFINE
    assert transform.rmse_m < 30, f"the bent drawing fits within {transform.rmse_m:.1f} m"
    assert georeferencer.overlay.warped is not None, "the sketch is shown over the map"
    stored_points = window.store.read("sketch_control_points")
    assert len(stored_points) == len(sketch.control_points)
    assert set(stored_points["sketch_id"]) == {stored_sketch.id}
    georeferencer.close()

    # File → Import the household register
    register, households = place.household_register_xlsx(files)
    dialog = window.open_import_dialog()
    run_to_end(qtbot, dialog.open_file(str(register), "households"))
    plan = dialog.plan
    assert plan is not None and not plan.report.problems and not plan.report.missing_columns, dialog.summary.text()
    dialog.import_all_button.click()
    run_to_end(qtbot, window.tasks.current)
    assert house_numbers(window) == {household.house_no for household in households}
    in_grid = [household for household in households if household.grid_code == "QSH-01"]

    # File → Print grid maps: QSH-01 with the satellite imagery under it
    printing = open_print_dialog(qtbot, window)
    printing.grid_box.setCurrentIndex(printing.grid_box.findData("QSH-01"))
    assert printing.imagery_check.isEnabled()
    printing.imagery_check.setChecked(True)
    sheet = tmp_path / "QSH-01.pdf"
    run_to_end(qtbot, printing.print_to(sheet))
    assert printing.pages_printed >= 1
    printing.close()  # deleted on close
    text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    for household in in_grid:
        assert household.house_no in text, f"{household.house_no} is on the sheet"
    page = page_image(sheet, tmp_path)
    assert colour_share(page, place.FIELD_COLOURS) > 0.05, "the satellite image's fields are under the map"

    # Edit → Undo the register's import, then Redo
    window.undo_stack.undo()
    assert house_numbers(window) == set() and window.data.households.empty
    window.undo_stack.redo()
    assert house_numbers(window) == {household.house_no for household in households}

    assert readable_elsewhere(project) == len(PEOPLE), "another window or program reads the project meanwhile"

    assert window.warnings == []
    window.close()
    assert_valid_geopackage(project)
