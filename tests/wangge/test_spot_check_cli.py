"""``wangge spot-check`` as a supervisor meets it: the day's list, a recorded result, one-line errors."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from layers.assessment.spot_checks import spot_check_sample
from layers.store import GeoPackageStore
from tests.cli_helpers import assert_one_line_error, wangge

pytestmark = pytest.mark.clock  # a call-back result is stamped now


@pytest.fixture
def project(make_project, tmp_path):
    """The standard project, closed so the command has the file to itself."""
    store = make_project()
    standard = store.standard
    store.close()
    return tmp_path / "station.gpkg", standard


def _visits(path) -> list[tuple]:
    """Every stored visit row: what a spot check could change."""
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT * FROM visits ORDER BY id").fetchall()


def test_json_lists_the_days_sample_as_the_model_draws_it(project):
    path, standard = project
    result = wangge("spot-check", str(path), "--day", "2026-03-31", "--json")
    assert result.returncode == 0, result.stderr
    sample = json.loads(result.stdout)
    assert sample["day"] == "2026-03-31" and sample["per_officer"] == 3
    (visit,) = sample["visits"]
    assert visit["visit_id"] == standard["visit_1"].id and visit["visited_at"] == "2026-03-31T23:59:00+08:00"
    assert visit["head_name"] == standard["house_1"]["head_name"] and visit["phone"] == standard["house_1"]["phone"]
    with GeoPackageStore.open(path) as store:
        assert [v["visit_id"] for v in sample["visits"]] == spot_check_sample(store, date(2026, 3, 31))[
            "visit_id"
        ].tolist()


def test_without_json_a_table_names_the_household_to_call(project):
    path, standard = project
    result = wangge("spot-check", str(path), "--day", "2026-04-02", "--per-officer", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2026-04-02") and "phone" in lines[1]
    assert "丁海" in lines[2] and "10:00" in lines[2] and lines[2].endswith(standard["visit_2"].id[:8])
    empty = wangge("spot-check", str(path), "--day", "2026-04-03")
    assert empty.returncode == 0 and "no visits" in empty.stdout


def test_record_stores_the_result_on_the_visit(project):
    path, standard = project
    visit_id = standard["visit_1"].id
    result = wangge("spot-check", str(path), "--record", visit_id, "--result", "unreachable", "--by", "马所长")
    assert result.returncode == 0, result.stderr
    assert visit_id[:8] in result.stdout
    with GeoPackageStore.open(path) as store:
        visit = store.get("visits", visit_id)
    assert visit["spot_check"] == "unreachable" and visit["spot_checked_by"] == "马所长"
    assert visit["spot_checked_at"] is not None and visit.version == 2


def test_a_visit_is_recorded_by_the_short_code_the_days_list_shows(project):
    path, standard = project
    listed = wangge("spot-check", str(path), "--day", "2026-03-31")
    code = standard["visit_1"].id[:8]
    assert code in listed.stdout and standard["visit_1"].id not in listed.stdout
    result = wangge("spot-check", str(path), "--record", code, "--result", "confirmed", "--by", "马所长")
    assert result.returncode == 0, result.stderr
    with GeoPackageStore.open(path) as store:
        assert store.get("visits", standard["visit_1"].id)["spot_check"] == "confirmed"
    for wrong, fragment in ((code[:4], "too short"), ("ffffffff", "no visit has the code ffffffff")):
        refused = wangge("spot-check", str(path), "--record", wrong, "--result", "confirmed", "--by", "马所长")
        assert_one_line_error(refused, fragment)


@pytest.mark.parametrize(
    "arguments, fragment",
    [
        (["--day", "2026-13-01"], "'2026-13-01' is not a day"),
        (["--day", "2026-03-31", "--per-officer", "0"], "at least 1"),
        (["--day", "2026-03-31", "--result", "confirmed"], "--result and --by go with --record"),
        ([], "--day"),
        (["--record", "VISIT", "--result", "maybe", "--by", "马所长"], "'maybe' is not a result"),
        (["--record", "VISIT", "--result", "confirmed"], "--by NAME"),
        (["--record", "no-such-visit", "--result", "confirmed", "--by", "马所长"], "no-such-visit"),
    ],
)
def test_bad_input_is_one_line_and_leaves_the_project_unchanged(project, arguments, fragment):
    path, standard = project
    arguments = [standard["visit_1"].id if argument == "VISIT" else argument for argument in arguments]
    before = _visits(path)
    result = wangge("spot-check", str(path), *arguments)
    assert_one_line_error(result, fragment)
    assert _visits(path) == before


def test_a_missing_project_is_one_line(tmp_path):
    assert_one_line_error(wangge("spot-check", str(tmp_path / "none.gpkg"), "--day", "2026-03-31"))
