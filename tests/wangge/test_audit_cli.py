"""``wangge audit`` as an auditor meets it: the entries newest first, personal values masked, JSON, filters."""

from __future__ import annotations

import json

import pytest

from layers.store import GeoPackageStore
from tests.cli_helpers import assert_one_line_error, wangge

pytestmark = pytest.mark.clock  # entries are stamped now and filtered by day


@pytest.fixture
def project(make_project, tmp_path):
    """The standard project after two edits by 马所长: a household's phone, then a road removed."""
    store = make_project()
    store.user = "马所长"
    house, road = store.standard["house_2"], store.standard["road"]
    store.update("households", house.id, {"phone": "13912345678"}, expected_version=house.version)
    store.delete("roads", road.id, expected_version=road.version)
    store.close()
    return tmp_path / "station.gpkg", house, road


def test_json_gives_every_entry_newest_first_with_the_values(project):
    path, house, road = project
    result = wangge("audit", str(path), "--json", "--show-personal")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    with GeoPackageStore.open(path) as store:
        assert [entry["seq"] for entry in entries] == store.audit()["seq"].tolist()
    deleted, edited = entries[:2]
    assert (deleted["action"], deleted["layer"], deleted["record"], deleted["user"]) == (
        "delete",
        "roads",
        road.id,
        "马所长",
    )
    assert (edited["action"], edited["record"], edited["version"]) == ("update", house.id, house.version + 1)
    assert (edited["old_values"]["phone"], edited["new_values"]["phone"]) == (house["phone"], "13912345678")
    assert edited["at"].endswith("Z")


def test_filters_and_masked_personal_values(project):
    path, house, _ = project
    result = wangge("audit", str(path), "--json", "--layer", "households", "--record", house.id, "--limit", "1")
    assert result.returncode == 0, result.stderr
    [edited] = json.loads(result.stdout)
    assert edited["action"] == "update" and edited["new_values"]["phone"] == "139****5678"
    since = wangge("audit", str(path), "--json", "--since", "2999-01-01")
    assert since.returncode == 0 and json.loads(since.stdout) == []


def test_the_table_names_who_did_what_and_the_change(project):
    path, house, road = project
    result = wangge("audit", str(path), "--limit", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("#") and "马所长" in lines[0] and "deleted  roads" in lines[0] and road.id in lines[0]
    assert "+0800" in lines[0]  # station time
    edit_heading = next(i for i, line in enumerate(lines) if "changed  households" in line and house.id in line)
    assert "Phone: " in lines[edit_heading + 1] and "→ 139****5678" in lines[edit_heading + 1]
    assert "13912345678" not in result.stdout
    chinese = wangge("audit", str(path), "--limit", "2", env={"LANG": "zh_CN.UTF-8"}).stdout
    assert "删除  道路" in chinese and "修改  住户" in chinese and "联系电话：" in chinese
    assert not any(code in chinese for code in ("delete", "update", "roads", "households", "phone"))


def test_bad_input_is_one_line(project, tmp_path):
    path, _, _ = project
    not_a_project = tmp_path / "notes.txt"
    not_a_project.write_text("hello")
    assert_one_line_error(wangge("audit", str(not_a_project)), "not a Wangge project")
    bad_day = wangge("audit", str(path), "--since", "yesterday")
    assert bad_day.returncode == 2 and "YYYY-MM-DD" in bad_day.stderr and "Traceback" not in bad_day.stderr
