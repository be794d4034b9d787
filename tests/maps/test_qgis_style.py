"""Each layer's QGIS style is generated from the schema and the symbology, and every file Wangge writes carries it.

What QGIS itself reads from these styles is tested with QGIS in tests/wangge/test_qgis_field_client.py.
"""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from contextlib import closing

from layers.exports import GPKG_LAYERS
from layers.schema import LAYERS, RECORD_FIELD_NAMES
from layers.store.layer_styles import STYLE_NAME, read_layer_styles
from layers.vocabulary import Grade, KeyPersonTag, VisitRecency, split_tags
from maps.qgis_style import export_layer_styles, key_person_choices, project_layer_styles
from maps.symbology import GRADE_COLOURS, RECENCY_MARKERS
from tests.cli_helpers import wangge


def _styles_in(path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as connection:
        return read_layer_styles(connection)


def _rgb(hex_colour: str) -> str:
    return ",".join(str(int(hex_colour.lstrip("#")[i : i + 2], 16)) for i in (0, 2, 4)) + ",255"


def test_every_field_of_every_layer_has_its_chinese_alias_and_the_record_fields_are_read_only():
    for name, qml in project_layer_styles().items():
        root = ET.fromstring(qml.split("\n", 1)[1])
        aliases = {alias.get("field"): alias.get("name") for alias in root.iter("alias")}
        assert aliases == {field.name: field.title_zh for field in LAYERS[name].fields}, name
        read_only = {field.get("name") for field in root.find("editable") if field.get("editable") == "0"}
        assert read_only == set(RECORD_FIELD_NAMES), name
        personal = {f.name for f in LAYERS[name].fields if f.sensitive}
        groups = {group.get("name"): {f.get("name") for f in group} for group in root.iter("attributeEditorContainer")}
        assert groups.get("个人信息（导出时遮蔽）", set()) == personal, name


def test_dispute_symbols_are_the_maps_four_colours():
    root = ET.fromstring(project_layer_styles()["disputes"].split("\n", 1)[1])
    fills = [symbol.find("layer/Option/Option[@name='color']").get("value") for symbol in root.iter("symbol")]
    assert fills == [_rgb(GRADE_COLOURS[grade]) for grade in Grade]


def test_key_person_choices_are_stored_as_wangge_stores_tags():
    choices = key_person_choices()
    assert choices[0] == ("无", "")
    assert len(choices) == 1 + len(KeyPersonTag) + len(KeyPersonTag) * (len(KeyPersonTag) - 1) // 2
    for words, code in choices[1:]:
        tags = split_tags(code)
        assert words == "、".join(tag.zh for tag in sorted(tags, key=list(KeyPersonTag).index))
        assert code == ",".join(sorted(tag.value for tag in tags))


def test_an_exports_households_are_coloured_by_visit_recency():
    root = ET.fromstring(export_layer_styles(["households"])["households"].split("\n", 1)[1])
    renderer = root.find("renderer-v2")
    assert renderer.get("attr") == "recency"
    assert [c.get("value") for c in renderer.iter("category")] == [r.value for r in VisitRecency]
    squares = [s.findall("layer")[1].find("Option/Option[@name='color']").get("value") for s in root.iter("symbol")]
    assert squares == [_rgb(RECENCY_MARKERS[r].fill) for r in VisitRecency]


def test_a_new_project_the_demo_village_and_an_export_carry_the_styles(demo_village_path, tmp_path):
    created = wangge("new", str(tmp_path / "new.gpkg"), "--station", "豫海派出所", "--officer", "马文华")
    assert created.returncode == 0, created.stderr
    assert set(_styles_in(tmp_path / "new.gpkg")) == set(LAYERS)
    assert set(_styles_in(demo_village_path)) == set(LAYERS)
    exported = wangge(
        "export", str(demo_village_path), "--out", str(tmp_path / "field.gpkg"), "--format", "gpkg", "--quiet"
    )
    assert exported.returncode == 0, exported.stderr
    assert set(_styles_in(tmp_path / "field.gpkg")) == set(GPKG_LAYERS)
    with closing(sqlite3.connect(tmp_path / "field.gpkg")) as connection:
        defaults = connection.execute(
            "SELECT COUNT(*) FROM layer_styles WHERE styleName = ? AND useAsDefault", (STYLE_NAME,)
        ).fetchone()[0]
        recency = {code for (code,) in connection.execute("SELECT DISTINCT recency FROM households")}
    assert defaults == len(GPKG_LAYERS)
    assert recency <= {r.value for r in VisitRecency} and len(recency) > 1
