"""QGIS as a field client: a pulled grid copy is edited in QGIS itself and synced to a real PostGIS server.

QGIS (Debian's python3-qgis) runs in a process of its own (:mod:`tests.qgis_field_client`):
it adds a household, a visit and a dispute through the form's logic, changes a phone and
moves a house, and reports each layer's default style as it read it from the copy.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from shapely import Point

from layers.schema import LAYERS
from layers.store import create_project, open_project
from layers.store.offline import push
from layers.vocabulary import DisputeStatus, Grade, KeyPersonTag, VisitPurpose
from maps.symbology import GRADE_COLOURS
from tests.cli_helpers import wangge
from tests.conftest import require_tool

SYSTEM_PYTHON = "/usr/bin/python3"
CLIENT = Path(__file__).resolve().parents[1] / "qgis_field_client.py"


def _qgis_available() -> bool:
    if not shutil.which(SYSTEM_PYTHON):
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def edited_in_qgis(tmp_path_factory, postgis_cluster):
    """(server URL, the QGIS report, the standard station): pushed, pulled for YH-01, edited in QGIS, synced."""
    require_tool(_qgis_available(), "QGIS Python bindings (python3-qgis)")
    from layers.store.postgis_admin import initialise
    from tests.standard_data import STATION, add_standard_data

    folder = tmp_path_factory.mktemp("qgis_client")
    url = postgis_cluster.create_database("qgis_field_client")
    initialise(url)
    with create_project(folder / "station.gpkg", STATION) as local:
        standard = add_standard_data(local)
        with open_project(url) as server:
            push(local, server)
    copy = folder / "yh01.gpkg"
    pulled = wangge("db", "pull", url, str(copy), "--grid", "YH-01")
    assert pulled.returncode == 0, pulled.stderr
    client = subprocess.run(
        [SYSTEM_PYTHON, str(CLIENT), str(copy), "YH-01"],
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(folder), "LANG": "C.UTF-8"},
    )
    assert client.returncode == 0, client.stderr[-3000:]
    report = json.loads(client.stdout.strip().splitlines()[-1])
    synced = wangge("db", "sync", str(copy), url)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    return url, report, standard, synced.stdout


def _uuid4(text: str) -> bool:
    return uuid.UUID(text).version == 4 and str(uuid.UUID(text)) == text


def test_qgis_commits_every_edit_of_the_field(edited_in_qgis):
    _, report, _, _ = edited_in_qgis
    for layer, added in report["added"].items():
        assert added["committed"], (layer, added["errors"])
        assert _uuid4(added["values"]["id"]), layer  # the form made it, not an expression left as text
    house = report["added"]["households"]["values"]
    assert house["grid_id"] is not None  # the grid it was placed in
    visit = report["added"]["visits"]["values"]
    assert visit["officer"] == "马文华" and visit["visited_at"]  # the grid's officer, now
    assert report["changed"]["committed"], report["changed"]["errors"]


def test_sync_sends_what_qgis_added_and_changed_to_the_server(edited_in_qgis):
    url, report, standard, synced = edited_in_qgis
    added = {layer: added["values"]["id"] for layer, added in report["added"].items()}
    with open_project(url) as server:
        house = server.get("households", added["households"])
        assert house["house_no"] == "巷尾1号" and house.version == 1
        assert house["grid_id"] == standard["grid_a"].id
        visit = server.get("visits", added["visits"])
        assert visit["household_id"] == house.id and visit["purpose"] == VisitPurpose.KEY_PERSON.value
        dispute = server.get("disputes", added["disputes"])
        assert dispute["grade"] == Grade.ORANGE.value and dispute["status"] == DisputeStatus.OPEN.value
        assert dispute["grid_id"] == standard["grid_a"].id
        changed = server.get("households", report["changed"]["id"])
        assert changed["phone"] == report["changed"]["phone"] and changed.version == 2
        assert changed.geometry.distance(Point(report["changed"]["moved_to"])) < 1e-9
    with psycopg.connect(url) as connection:
        logged = connection.execute(
            "SELECT layer, record::text, action, version FROM wangge.audit WHERE record = ANY(%s::uuid[])",
            ([*added.values(), report["changed"]["id"]],),
        ).fetchall()
    assert {(layer, record, action) for layer, record, action, _ in logged} >= {
        *((layer, record, "insert") for layer, record in added.items()),
        ("households", report["changed"]["id"], "update"),
    }


def test_qgis_opens_each_layer_with_wangges_style_and_chinese_form(edited_in_qgis):
    _, report, _, _ = edited_in_qgis
    styles = report["styles"]
    disputes = styles["disputes"]
    assert disputes["renderer"] == "categorizedSymbol" and disputes["attribute"] == "grade"
    assert disputes["categories"] == [[grade.value, grade.zh, GRADE_COLOURS[grade]] for grade in Grade]
    for layer, field, vocabulary in (
        ("disputes", "grade", Grade),
        ("disputes", "status", DisputeStatus),
        ("visits", "purpose", VisitPurpose),
    ):
        widget = styles[layer]["widgets"][field]
        assert widget["type"] == "ValueMap" and widget["map"] == [[m.zh, m.value] for m in vocabulary], field
    key_person = styles["households"]["widgets"]["key_person"]
    assert key_person["type"] == "ValueMap"
    assert [KeyPersonTag.ELDERLY_ALONE.zh, KeyPersonTag.ELDERLY_ALONE.value] in key_person["map"]
    assert ["独居老人、残疾人", "disabled,elderly_alone"] in key_person["map"]  # two tags, stored as Wangge stores them
    for layer, style in styles.items():
        for field in LAYERS[layer].fields:
            assert style["aliases"][field.name] == field.title_zh, (layer, field.name)
        assert {"id", "version", "created_at", "updated_at"} <= set(style["read_only"]), layer
    assert styles["households"]["widgets"]["grid_id"]["type"] == "ValueRelation"
    assert styles["grids"]["labels"]
    assert styles["roads"]["categories"][0][:2] == ["main", "主路"]
