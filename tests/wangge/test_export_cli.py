"""``wangge export`` as a user meets it: files written, masked unless asked, one-line errors."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
from openpyxl import load_workbook

from tests.cli_helpers import assert_one_line_error, wangge
from tests.imagery_station import station_with_imagery

pytestmark = pytest.mark.clock  # exports colour households by their visits against today

SECRETS = ("13812341234", "640324195001011234", "张文华")


def text_of(path) -> str:
    """What a reader of the file sees, whatever its format (the web map's JSON escapes are undone)."""
    if path.suffix == ".xlsx":
        workbook = load_workbook(path, read_only=True)
        return "\n".join(str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row)
    if path.suffix == ".gpkg":
        return "\n".join(gpd.read_file(path, layer=layer).to_string() for layer in ("households", "disputes"))
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".html":
        return text
    embedded = re.findall(r"_add\((\{.*\})\);$", text, flags=re.MULTILINE) + re.findall(
        r"let aliases = (\[.*\]);", text
    )
    return "\n".join([text, *(json.dumps(json.loads(data), ensure_ascii=False) for data in embedded)])


@pytest.fixture
def project(make_project, tmp_path):
    make_project().close()
    return tmp_path / "station.gpkg"


def test_export_has_help():
    result = wangge("export", "--help")
    assert result.returncode == 0 and "usage: wangge export" in result.stdout and "--show-personal" in result.stdout


@pytest.mark.parametrize("file_format", ["html", "geojson", "gpkg", "xlsx"])
def test_each_format_is_written_masked(project, tmp_path, file_format):
    out = tmp_path / f"export.{file_format}"
    result = wangge("export", str(project), "--format", file_format, "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out}: ") and "households 3" in result.stdout
    text = text_of(out)
    assert "张*华" in text
    for secret in SECRETS:
        assert secret not in text
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("station.gpkg")) == [out.name]


def test_show_personal_writes_full_details_and_warns(project, tmp_path):
    out = tmp_path / "map.html"
    result = wangge("export", str(project), "--format", "html", "--out", str(out), "--show-personal", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "personal information" in result.stdout
    text = text_of(out)
    for secret in SECRETS:
        assert secret in text
    assert 'id="wangge-personal-notice"' in text


def test_the_web_map_speaks_chinese_when_the_system_does(project, tmp_path):
    out = tmp_path / "map.html"
    result = wangge(
        "export", str(project), "--format", "html", "--out", str(out), "--quiet", env={"LANG": "zh_CN.UTF-8"}
    )
    assert result.returncode == 0, result.stderr
    text = text_of(out)
    for words in ("网格边界", "重点关注对象", "未化解", "户主姓名", "从未走访"):  # legend and popup titles
        assert words in text
    english = wangge("export", str(project), "--format", "html", "--out", str(out), "--quiet", "--language", "en")
    assert english.returncode == 0 and "Grid boundary (2)" in text_of(out)


def test_a_bad_project_is_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "map.html"
    result = wangge("export", str(tmp_path / "nope.gpkg"), "--format", "html", "--out", str(out))
    assert_one_line_error(result, "nope.gpkg", "not a Wangge project")
    assert not out.exists()


def test_the_project_file_itself_is_never_overwritten(project):
    result = wangge("export", str(project), "--format", "gpkg", "--out", str(project))
    assert_one_line_error(result, str(project), "the project file itself")
    summary = json.loads(wangge("info", str(project), "--json").stdout)
    assert {layer["name"]: layer["count"] for layer in summary["layers"]}["households"] == 3


def test_a_missing_folder_is_one_line(project, tmp_path):
    out = tmp_path / "missing" / "station.xlsx"
    result = wangge("export", str(project), "--format", "xlsx", "--out", str(out))
    assert_one_line_error(result, str(out), "the folder does not exist")


def test_an_unknown_format_is_refused(project, tmp_path):
    result = wangge("export", str(project), "--format", "kml", "--out", str(tmp_path / "x.kml"))
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_shapefiles_go_out_as_one_zip_and_a_bare_shp_name_is_refused(project, tmp_path):
    result = wangge("export", str(project), "--format", "shp", "--out", str(tmp_path / "station.zip"))
    assert result.returncode == 0, result.stderr
    assert "households" in result.stdout and (tmp_path / "station.zip").stat().st_size > 0
    refused = wangge("export", str(project), "--format", "shp", "--out", str(tmp_path / "station.shp"))
    assert_one_line_error(refused, "station.shp", "a shapefile export is a .zip")


def test_the_web_map_carries_the_imagery_inside_the_page_when_asked(tmp_path, qapp):
    project = station_with_imagery(tmp_path / "station", vector=False)
    pages = {}
    for flags in ((), ("--imagery",)):
        out = tmp_path / f"map{''.join(flags)}.html"
        result = wangge("export", str(project), "--format", "html", "--out", str(out), "--language", "en", *flags)
        assert result.returncode == 0, result.stderr
        pages[flags] = out.read_text(encoding="utf-8")
    assert "imagery 1" in result.stdout
    assert re.search(r'L\.imageOverlay\(\s*"data:image/', pages[("--imagery",)]), "the picture is in the page"
    assert "L.imageOverlay(" not in pages[()]
    assert re.search(r"\.fitBounds\(\s*\[\[36\.9", pages[("--imagery",)]), "with only imagery, the page shows it"
