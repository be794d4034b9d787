"""Importing household registers into the standard project: coordinates, grids, bad rows, all or nothing.

The standard project has grid YH-01 over lon 105.90-105.91 and YH-02 over
105.91-105.92, lat 36.90-36.91, and houses 1 and 2 in YH-01, 3 in YH-02.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest
import shapely
from openpyxl import Workbook

from layers.china_offsets import wgs84_to_bd09, wgs84_to_gcj02
from layers.crs import to_measure
from layers.errors import Canceled
from layers.feedback import Feedback
from layers.imports import import_register, plan_import, write_import
from layers.imports.errors import ImportRefusedError, MissingColumnsError
from tests.layers.test_imports_reading import merged_header_workbook

HEADER = ["门牌号", "户主姓名", "家庭人口", "联系电话", "身份证号", "经度", "纬度"]
VALID_ID = "11010519491231002X"  # the GB 11643 worked example


def write_xlsx(path, rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path, rows, header=HEADER, encoding="utf-8-sig"):
    with open(path, "w", newline="", encoding=encoding) as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def metres_apart(points, lon, lat):
    x, y = to_measure(shapely.get_x(points), shapely.get_y(points))
    tx, ty = to_measure(np.asarray(lon), np.asarray(lat))
    return np.hypot(x - tx, y - ty)


TRUTH_LON = np.array([105.9012, 105.9077, 105.9148, 105.9193])
TRUTH_LAT = np.array([36.9021, 36.9088, 36.9036, 36.9091])


@pytest.mark.parametrize(("system", "shift"), [("gcj02", wgs84_to_gcj02), ("bd09", wgs84_to_bd09)])
def test_phone_map_coordinates_land_within_a_metre_of_the_truth(make_project, tmp_path, system, shift):
    store = make_project()
    lon, lat = shift(TRUTH_LON, TRUTH_LAT)
    assert metres_apart(shapely.points(lon, lat), TRUTH_LON, TRUTH_LAT).min() > 100  # the shift is real
    rows = [[f"{10 + i}", f"户主{i}", 3, None, None, f"{x:.8f}", f"{y:.8f}"] for i, (x, y) in enumerate(zip(lon, lat))]
    result = import_register(store, "households", write_xlsx(tmp_path / "住户.xlsx", rows), crs=system)
    imported = store.read("households").set_index("id").loc[list(result.ids)]
    assert metres_apart(imported.geometry.values, TRUTH_LON, TRUTH_LAT).max() < 1.0
    codes = dict(zip(store.read("grids")["id"], store.read("grids")["code"]))
    assert [codes[g] for g in imported["grid_id"]] == ["YH-01", "YH-01", "YH-02", "YH-02"]
    assert set(imported["located_by"]) == {"import"}
    assert any(system in text.format(**params) for text, params in result.report.notes)


def test_a_projected_code_is_read_as_metres(make_project, tmp_path):
    store = make_project()
    x, y = to_measure(TRUTH_LON[:2], TRUTH_LAT[:2])
    rows = [["10", "甲", 1, None, None, x[0], y[0]], ["11", "乙", 1, None, None, x[1], y[1]]]
    result = import_register(store, "households", write_xlsx(tmp_path / "h.xlsx", rows), crs="EPSG:32648")
    imported = store.read("households").set_index("id").loc[list(result.ids)]
    assert metres_apart(imported.geometry.values, TRUTH_LON[:2], TRUTH_LAT[:2]).max() < 0.01


def test_swapped_latitude_and_longitude_are_swapped_back_and_reported(make_project, tmp_path):
    store = make_project()
    rows = [
        ["10", "甲", 1, None, None, 105.905, 36.905],
        ["11", "乙", 1, None, None, 36.906, 105.906],  # typed into each other's column
    ]
    plan = plan_import(store, "households", write_csv(tmp_path / "h.csv", rows))
    assert plan.report.swapped_rows == (3,)
    assert "rows 3" in plan.report.to_text()
    assert not plan.report.problems
    assert shapely.get_x(plan.records.geometry.values[1]) == pytest.approx(105.906)
    assert shapely.get_y(plan.records.geometry.values[1]) == pytest.approx(36.906)


def test_rows_without_coordinates_are_unlocated_and_outside_rows_listed(make_project, tmp_path):
    store = make_project()
    rows = [
        ["10", "甲", 1, None, None, None, None],
        ["11", "乙", 1, None, None, 105.95, 36.905],  # east of both grids
        ["12", "丙", 1, None, None, 105.905, 36.905],
    ]
    result = import_register(store, "households", write_xlsx(tmp_path / "h.xlsx", rows))
    report = result.report
    assert [(row.row, row.label) for row in report.unlocated] == [(2, "10")]
    assert [(row.row, row.label) for row in report.outside_grids] == [(3, "11")]
    stored = store.read("households").set_index("id").loc[list(result.ids)]
    assert stored.geometry.values[0] is None
    assert stored["grid_id"].isna().tolist() == [True, True, False]
    assert "outside every grid (1)" in report.to_text()


def test_a_grid_column_places_rows_without_coordinates(make_project, tmp_path):
    store = make_project()
    header = ["门牌号", "户主", "网格"]
    rows = [["20", "甲", "YH-02"], ["21", "乙", "犁铧嘴村一组"], ["22", "丙", "YH-09"]]
    plan = plan_import(store, "households", write_xlsx(tmp_path / "h.xlsx", rows, header))
    codes = dict(zip(store.read("grids")["id"], store.read("grids")["code"]))
    assert [codes.get(g) for g in plan.records["grid_id"]] == ["YH-02", "YH-01", None]
    assert [(p.row, p.column, p.value) for p in plan.report.problems] == [(4, "网格", "YH-09")]


BAD_ROWS = [
    ["10", "甲", 3, "13812341234", VALID_ID, 105.905, 36.905],
    ["11", "乙", "三", "1381234123", None, 105.906, 36.905],  # bad number, short phone
    ["12", None, 2, "8012345", "110105194912310021", None, None],  # no head, landline without area code, check digit
    ["10", "丁", 1, None, None, 105.907, 36.905],  # house 10 again in YH-01
    ["1", "戊", 1, None, "110105194902301234", 105.9051, 36.9051],  # house 1 is in the project; 30 February
    ["13", "己", 2, "0953-8012345", None, "105.9x", 36.905],
]


def test_the_report_names_each_bad_row_and_column_as_written(make_project, tmp_path):
    store = make_project()
    plan = plan_import(store, "households", write_xlsx(tmp_path / "h.xlsx", BAD_ROWS))
    found = {(p.row, p.column, p.reason.split(" ")[0]) for p in plan.report.problems}
    assert found == {
        (3, "家庭人口", "not"),
        (3, "联系电话", "not"),
        (4, "户主姓名", "a"),
        (4, "联系电话", "not"),
        (4, "身份证号", "the"),
        (5, "门牌号", "house"),
        (6, "门牌号", "the"),
        (6, "身份证号", "the"),
        (7, "经度", "not"),
    }
    assert plan.report.bad.tolist() == [False, True, True, True, True, True]
    duplicate = next(p for p in plan.report.problems if p.row == 5)
    assert str(duplicate) == "row 5, 门牌号 '10': house number already on row 2 in the same grid"
    assert "birth date" in next(p.translated() for p in plan.report.problems if p.row == 6 and p.column == "身份证号")


def test_a_file_with_bad_rows_is_refused_whole_and_nothing_is_written(make_project, tmp_path):
    store = make_project()
    before = store.read("households")
    with pytest.raises(ImportRefusedError) as refused:
        import_register(store, "households", write_xlsx(tmp_path / "h.xlsx", BAD_ROWS))
    assert "5 row(s) with problems" in str(refused.value)
    assert "row 3, 家庭人口 '三'" in str(refused.value)
    assert store.read("households")["id"].tolist() == before["id"].tolist()


def test_valid_rows_only_writes_the_rest_in_stored_forms(make_project, tmp_path):
    store = make_project()
    result = import_register(store, "households", write_xlsx(tmp_path / "h.xlsx", BAD_ROWS), valid_rows_only=True)
    assert result.written == 1
    record = store.get("households", result.ids[0])
    assert (record["house_no"], record["head_name"], record["members"]) == ("10", "甲", 3)
    assert (record["phone"], record["id_number"]) == ("13812341234", VALID_ID)


def test_phones_and_members_are_stored_in_one_form(make_project, tmp_path):
    store = make_project()
    rows = [
        ["10", "甲", "4人", "138 1234 5678", VALID_ID.lower(), None, None],
        ["11", "乙", None, "09538012345", None, None, None],
        ["12", "丙", 2.0, 13912345678, None, None, None],
    ]
    result = import_register(store, "households", write_xlsx(tmp_path / "h.xlsx", rows))
    stored = store.read("households").set_index("id").loc[list(result.ids)]
    assert stored["phone"].tolist() == ["13812345678", "0953-8012345", "13912345678"]
    assert stored["members"].tolist() == [4, 1, 2]  # an empty size is the field's default, 1
    assert stored["id_number"].tolist()[0] == VALID_ID


def test_the_merged_header_workbook_imports(make_project, tmp_path):
    store = make_project()
    plan = plan_import(store, "households", merged_header_workbook(tmp_path / "住户.xlsx"))
    # no 纬度 column: a longitude alone is no position, the rows are named under the missing column's title
    assert [(p.row, p.column) for p in plan.report.problems] == [(4, "纬度"), (7, "纬度")]
    assert plan.records["phone"].tolist() == ["13812341234", "0953-8012345", None]


def test_a_missing_required_column_refuses_even_valid_rows_only(make_project, tmp_path):
    store = make_project()
    plan = plan_import(store, "households", write_xlsx(tmp_path / "h.xlsx", [["10", 3]], ["门牌号", "人口"]))
    assert plan.report.missing_columns == ("户主姓名 (head_name)",)
    with pytest.raises(MissingColumnsError, match="户主姓名"):
        write_import(store, plan, valid_rows_only=True)


def test_an_explicit_mapping_places_an_unknown_column(make_project, tmp_path):
    store = make_project()
    path = write_xlsx(tmp_path / "h.xlsx", [["10", "甲"]], ["门牌号", "屋主"])
    assert plan_import(store, "households", path).report.missing_columns
    plan = plan_import(store, "households", path, mapping={"屋主": "head_name"})
    assert plan.records["head_name"].tolist() == ["甲"]
    assert plan.report.recognised == {"门牌号": "house_no", "屋主": "head_name"}


def test_a_canceled_write_leaves_the_project_unchanged(make_project, tmp_path):
    store = make_project()
    rows = [[f"{100 + i}", "甲", 1, None, None, 105.905, 36.905] for i in range(50)]
    plan = plan_import(store, "households", write_xlsx(tmp_path / "h.xlsx", rows))
    feedback = Feedback()
    feedback.cancel()
    with pytest.raises(Canceled):
        write_import(store, plan, feedback=feedback)
    assert store.count("households") == 3


def test_importing_the_same_register_twice_is_refused_as_duplicates(make_project, tmp_path):
    store = make_project()
    path = write_xlsx(tmp_path / "h.xlsx", [["10", "甲", 1, None, None, 105.905, 36.905]])
    import_register(store, "households", path)
    again = plan_import(store, "households", path)
    assert [p.reason for p in again.report.problems] == ["the project already has this house number in the same grid"]


def test_a_postgis_project_imports_the_same(postgis_url, tmp_path):
    from layers.store import open_project

    rows = [["10", "甲", 2, "13812341234", VALID_ID, *wgs84_to_gcj02(105.905, 36.905)]]
    with open_project(postgis_url) as store:
        result = import_register(store, "households", write_xlsx(tmp_path / "h.xlsx", rows), crs="gcj02")
        stored = store.get("households", result.ids[0])
    assert metres_apart(np.array([stored.geometry]), [105.905], [36.905])[0] < 1.0
    assert stored["phone"] == "13812341234"
