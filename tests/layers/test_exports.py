"""GeoJSON, GeoPackage and Excel exports: masked unless asked, readable by the tools people use, never half-written."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime

import geopandas as gpd
import pyogrio
import pytest
from openpyxl import load_workbook

from layers.errors import Canceled, ExportFailedError
from layers.exports import GPKG_LAYERS, export_geojson, export_gpkg, export_shapefile, export_xlsx
from layers.feedback import Feedback
from layers.schema import layer_schema
from layers.store import open_project
from layers.values import STATION_TIMEZONE
from tests.standard_data import damage_geometries

pytestmark = pytest.mark.clock  # exports colour households by their visits against today

AS_OF = datetime(2026, 4, 10, 12, 0, tzinfo=STATION_TIMEZONE)
SECRETS = ("13812341234", "640324195001011234", "张文华")
SHEETS = {"households": "住户", "visits": "走访记录", "disputes": "矛盾纠纷", "grids": "网格"}


def workbook_text(path) -> str:
    workbook = load_workbook(path, read_only=True)
    return "\n".join(
        str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def sheet_rows(path, title: str) -> list[dict]:
    rows = list(load_workbook(path, read_only=True)[title].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


# -- GeoJSON -------------------------------------------------------------------------


def test_geojson_is_one_collection_of_masked_households_with_grid_and_recency(make_project, tmp_path):
    out = tmp_path / "households.geojson"
    assert export_geojson(make_project(), out, as_of=AS_OF) == {"households": 3}
    text = out.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection" and collection["name"] == "households"
    by_house = {f["properties"]["house_no"]: f for f in collection["features"]}
    one = by_house["1"]["properties"]
    assert one["head_name"] == "张*华" and one["phone"] == "138****1234" and "id_number" not in one
    assert one["grid_code"] == "YH-01" and one["recency"] == "visited"
    assert one["last_visit"] == "2026-03-31T15:59:00Z"  # 23:59 Beijing time
    assert by_house["2"]["properties"]["recency"] == "never" and by_house["2"]["properties"]["last_visit"] is None
    assert by_house["3"]["geometry"] == {"type": "Point", "coordinates": [105.915, 36.905]}


def test_geojson_with_full_details(make_project, tmp_path):
    out = tmp_path / "households.geojson"
    export_geojson(make_project(), out, show_personal=True)
    text = out.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret in text


# -- GeoPackage ------------------------------------------------------------------------


def test_gpkg_holds_every_layer_in_cgcs2000_masked(make_project, tmp_path):
    out = tmp_path / "export.gpkg"
    counts = export_gpkg(make_project(), out)
    assert counts == {"households": 3, "visits": 2, "disputes": 2, "grids": 2, "landmarks": 1, "roads": 1}
    assert dict(pyogrio.list_layers(out)) == {
        "households": "Point", "visits": "Point", "disputes": "Point", "grids": "Polygon", "landmarks": "Point",
        "roads": "LineString",
    }  # fmt: skip
    for layer in GPKG_LAYERS:
        frame = gpd.read_file(out, layer=layer)
        assert frame.crs.to_epsg() == 4490 and len(frame) == counts[layer]
    households = gpd.read_file(out, layer="households")
    assert "id_number" not in households.columns
    assert sorted(households["head_name"]) == ["张*华", "李*兰", "马*"]
    disputes = gpd.read_file(out, layer="disputes")
    assert set(disputes["parties"].dropna()) <= {"***", ""}
    raw = out.read_bytes()
    for secret in SECRETS:
        assert secret.encode() not in raw


def test_gpkg_with_full_details(make_project, tmp_path):
    out = tmp_path / "export.gpkg"
    export_gpkg(make_project(), out, show_personal=True)
    households = gpd.read_file(out, layer="households")
    assert set(households["id_number"].dropna()) == {"640324195001011234"}
    assert "张文华" in set(households["head_name"]) and "13812341234" in set(households["phone"])


# -- Shapefile ---------------------------------------------------------------------------


def test_shapefile_zip_holds_every_layer_masked_with_short_names_explained(make_project, tmp_path):
    out = tmp_path / "export.zip"
    counts = export_shapefile(make_project(), out)
    assert counts == {"households": 3, "visits": 2, "disputes": 2, "grids": 2, "landmarks": 1, "roads": 1}
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        legend = list(csv.DictReader(io.StringIO(archive.read("fields.csv").decode("utf-8"))))
        raw = b"".join(archive.read(name) for name in names)
    for layer in GPKG_LAYERS:
        assert {f"{layer}.{part}" for part in ("shp", "shx", "dbf", "prj", "cpg")} <= names
        frame = gpd.read_file(f"/vsizip/{out}/{layer}.shp")
        assert frame.crs.to_epsg() == 4490 and len(frame) == counts[layer]
        assert all(len(column) <= 10 for column in frame.columns)
    households = gpd.read_file(f"/vsizip/{out}/households.shp")
    assert sorted(households["head_name"]) == ["张*华", "李*兰", "马*"], "Chinese text survives the DBF"
    assert "id_number" not in households.columns
    short = {row["field"]: row["short_name"] for row in legend if row["layer"] == "households"}
    assert short["anti_fraud_app"] == "anti_fraud" and households[short["anti_fraud_app"]].notna().all()
    assert {row["title_zh"] for row in legend if row["field"] == "anti_fraud_app"} == {"已装国家反诈中心APP"}
    visits = gpd.read_file(f"/vsizip/{out}/visits.shp")
    assert visits["visited_at"].str.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$").all(), "UTC ISO text"
    for secret in SECRETS:
        assert secret.encode() not in raw


def test_a_shapefile_export_must_be_a_zip(make_project, tmp_path):
    with pytest.raises(ExportFailedError, match="a shapefile export is a .zip"):
        export_shapefile(make_project(), tmp_path / "export.shp")
    assert list(tmp_path.glob("export*")) == []


# -- Excel -------------------------------------------------------------------------------


def test_xlsx_has_a_sheet_per_layer_with_chinese_titles_words_and_local_times(make_project, tmp_path):
    out = tmp_path / "station.xlsx"
    assert export_xlsx(make_project(), out, as_of=AS_OF) == {"households": 3, "visits": 2, "disputes": 2, "grids": 2}
    workbook = load_workbook(out)
    assert workbook.sheetnames == list(SHEETS.values())
    for layer, title in SHEETS.items():
        sheet = workbook[title]
        assert sheet.freeze_panes == "A2"
        header = [cell.value for cell in sheet[1]]
        titles = {field.title_zh for field in layer_schema(layer).fields} | {"走访状态", "最近走访"}
        assert set(header) <= titles and header[-1] == "标识"
        assert all(sheet.column_dimensions[letter].width >= 4 for letter in "ABC")
    households = {row["门牌号"]: row for row in sheet_rows(out, "住户")}
    assert households["1"]["户主姓名"] == "张*华" and households["1"]["联系电话"] == "138****1234"
    assert households["1"]["所属网格"] == "YH-01" and households["1"]["重点关注"] == "独居老人"
    assert households["1"]["已装国家反诈中心APP"] == "是" and households["1"]["定位方式"] == "GPS 定位"
    assert households["1"]["走访状态"] == "周期内已走访" and households["2"]["走访状态"] == "从未走访"
    assert "身份证号" not in households["1"]
    visits = {row["住户"]: row for row in sheet_rows(out, "走访记录")}
    assert visits["1"]["走访时间"] == datetime(2026, 3, 31, 23, 59)  # station time, not UTC 15:59
    assert visits["3"]["事由"] == "反诈宣传" and visits["3"]["挽回损失（元）"] == 12000
    disputes = {row["等级"]: row for row in sheet_rows(out, "矛盾纠纷")}
    assert disputes["红色"]["纠纷类型"] == "土地纠纷" and disputes["红色"]["状态"] == "未化解"
    assert disputes["红色"]["当事人"] == "***" and disputes["红色"]["涉及住户"] == "2"
    text = workbook_text(out)
    for secret in SECRETS:
        assert secret not in text


def test_xlsx_with_full_details(make_project, tmp_path):
    out = tmp_path / "station.xlsx"
    export_xlsx(make_project(), out, show_personal=True)
    text = workbook_text(out)
    for secret in SECRETS:
        assert secret in text
    assert "李秀兰 与 王建国" in text


def test_the_demo_village_exports_every_record(demo_village_path, tmp_path):
    with open_project(demo_village_path) as store:
        stored = {layer: store.count(layer) for layer in GPKG_LAYERS}
        gpkg_counts = export_gpkg(store, tmp_path / "village.gpkg")
        xlsx_counts = export_xlsx(store, tmp_path / "village.xlsx")
        geojson_counts = export_geojson(store, tmp_path / "village.geojson")
    assert stored["households"] == 570
    assert gpkg_counts == stored
    assert {layer: len(gpd.read_file(tmp_path / "village.gpkg", layer=layer)) for layer in GPKG_LAYERS} == stored
    assert xlsx_counts == {layer: stored[layer] for layer in SHEETS}
    rows = {layer: len(sheet_rows(tmp_path / "village.xlsx", title)) for layer, title in SHEETS.items()}
    assert rows == xlsx_counts
    features = json.loads((tmp_path / "village.geojson").read_text(encoding="utf-8"))["features"]
    assert geojson_counts == {"households": len(features)} == {"households": 570}


# -- writing safely ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "export, name",
    [(export_geojson, "x.geojson"), (export_gpkg, "x.gpkg"), (export_shapefile, "x.zip"), (export_xlsx, "x.xlsx")],
)
def test_a_canceled_export_keeps_the_previous_file_and_leaves_no_partial_one(make_project, tmp_path, export, name):
    store = make_project()
    out = tmp_path / name
    out.write_bytes(b"the previous export")

    class CancelMidway(Feedback):
        def set_progress(self, percent: float) -> None:
            super().set_progress(percent)
            if percent >= 30:
                self.cancel()

    with pytest.raises(Canceled):
        export(store, out, feedback=CancelMidway())
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("station.gpkg")) == [name]


def test_an_export_names_the_file_it_could_not_write(make_project, tmp_path):
    store = make_project()
    with pytest.raises(
        ExportFailedError, match="missing/x.xlsx: the export was not written .the folder does not exist"
    ):
        export_xlsx(store, tmp_path / "missing" / "x.xlsx")
    with pytest.raises(ExportFailedError, match="project file itself"):
        export_gpkg(store, tmp_path / "station.gpkg")
    assert store.count("households") == 3
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.geojson").mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(ExportFailedError, match="x.geojson: the export was not written"):
        export_geojson(store, tmp_path / "locked" / "x.geojson")
    assert [p.name for p in (tmp_path / "locked").iterdir()] == ["x.geojson"]


def test_a_damaged_layer_stops_the_export_with_its_name(make_project, tmp_path):
    make_project().close()
    damage_geometries(tmp_path / "station.gpkg", "households")
    with open_project(tmp_path / "station.gpkg") as store:
        with pytest.raises(ExportFailedError, match="layer 'households' cannot be read"):
            export_gpkg(store, tmp_path / "x.gpkg")
    assert not (tmp_path / "x.gpkg").exists()
