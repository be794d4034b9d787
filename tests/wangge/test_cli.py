"""The ``wangge`` command as a user meets it: one-line errors, exit codes, JSON."""

from __future__ import annotations

import json
import os
import subprocess

import psycopg
import pytest

from layers.store.migrations import latest_version
from tests.cli_helpers import assert_one_line_error, wangge
from tests.clock import child_environment, wangge_command


@pytest.mark.parametrize("command", ["demo-data", "info", "open", "demo", "render"])
def test_every_command_has_help(command):
    result = wangge(command, "--help")
    assert result.returncode == 0 and "usage: wangge " + command in result.stdout


def test_info_json_lists_layers_and_counts(make_project, tmp_path):
    make_project().close()
    result = wangge("info", str(tmp_path / "station.gpkg"), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    counts = {layer["name"]: layer["count"] for layer in summary["layers"]}
    assert counts["households"] == 3 and counts["grids"] == 2 and counts["visits"] == 2
    assert summary["schema_version"] == latest_version() and summary["settings"]["station"] == "豫海派出所"


@pytest.mark.parametrize("content", [b"", b"hello", b"SQLite format 3\x00" + b"\x00" * 200])
def test_info_on_a_non_project_is_one_line_and_leaves_the_file_alone(tmp_path, content):
    path = tmp_path / "bad.gpkg"
    path.write_bytes(content)
    result = wangge("info", str(path))
    assert_one_line_error(result, str(path), "not a Wangge project")
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.gpkg"]


def test_errors_speak_chinese_when_the_system_does(tmp_path):
    result = wangge("info", str(tmp_path / "nope.gpkg"), env={"LANG": "zh_CN.UTF-8"})
    assert_one_line_error(result, "不是 Wangge 项目文件", "文件不存在")  # the product, not a grid (网格)


def test_demo_data_writes_a_project_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "village.gpkg"
    result = wangge("demo-data", str(out), "--households", "60", "--seed", "5", "--as-of", "2026-06-30", "--quiet")
    assert result.returncode == 0, result.stderr
    summary = json.loads(wangge("info", str(out), "--json").stdout)
    counts = {layer["name"]: layer["count"] for layer in summary["layers"]}
    assert counts["households"] == 60 and counts["sketches"] == 1
    before = out.read_bytes()
    again = wangge("demo-data", str(out), "--households", "60", "--quiet")
    assert_one_line_error(again, "already exists")
    assert out.read_bytes() == before


def test_demo_data_rejects_bad_arguments(tmp_path):
    result = wangge("demo-data", str(tmp_path / "x.gpkg"), "--households", "0")
    assert result.returncode == 2 and "at least 1" in result.stderr
    assert not (tmp_path / "x.gpkg").exists()


def test_open_a_bad_project_fails_before_any_window(tmp_path):
    path = tmp_path / "notes.gpkg"
    path.write_text("not a project")
    result = wangge("open", str(path), env={"QT_QPA_PLATFORM": "offscreen"})
    assert_one_line_error(result, "not a Wangge project")


def test_demo_without_a_display_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(XDG_DATA_HOME=str(tmp_path), LANG="C.UTF-8")
    result = subprocess.run([*wangge_command(), "demo"], capture_output=True, text=True, env=child_environment(env))
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert_one_line_error(result, "no display", "xvfb-run")
    assert not (tmp_path / "wangge").exists()  # nothing generated that nobody can look at


def test_db_commands_round_trip_and_a_conflict_exits_non_zero(make_project, postgis_cluster, tmp_path):
    import sqlite3

    make_project().close()
    url = postgis_cluster.create_database("cli_station")
    officer_url = postgis_cluster.url("cli_station", "ma")
    assert wangge("db", "init", url).returncode == 0
    pushed = wangge("db", "push", str(tmp_path / "station.gpkg"), url)
    assert pushed.returncode == 0, pushed.stderr
    added = wangge("db", "add-user", url, "ma", "--role", "officer", "--grids", "YH-01")
    assert added.returncode == 0 and "YH-01" in added.stdout
    copy = tmp_path / "yh01.gpkg"
    pulled = wangge("db", "pull", officer_url, str(copy), "--grid", "YH-01")
    assert pulled.returncode == 0, pulled.stderr
    with sqlite3.connect(copy) as connection:
        house = connection.execute("SELECT id FROM households WHERE house_no = '1'").fetchone()[0]
    subprocess.run(
        ["ogrinfo", str(copy), "-q", "-sql", f"UPDATE households SET phone = '13900000000' WHERE id = '{house}'"],
        check=True,
        capture_output=True,
    )
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("UPDATE wangge.households SET phone = '13811111111' WHERE id = %s", (house,))
    clash = wangge("db", "sync", str(copy), officer_url)
    assert clash.returncode == 1
    assert f"conflict households {house} Phone" in clash.stdout
    assert "13900000000" in clash.stdout and "13811111111" in clash.stdout
    assert "--resolve" in clash.stderr
    settled = wangge("db", "sync", str(copy), officer_url, "--resolve", "local")
    assert settled.returncode == 0 and "sent updated households: 1" in settled.stdout
    assert wangge("db", "sync", str(copy), officer_url).stdout.strip() == "nothing to exchange"


def test_db_commands_explain_a_bad_server_in_one_line(tmp_path):
    result = wangge("db", "pull", "postgresql://ma:s3cret@127.0.0.1:1/nowhere", str(tmp_path / "x.gpkg"))
    assert_one_line_error(result, "cannot connect")
    assert "s3cret" not in result.stderr
    assert not (tmp_path / "x.gpkg").exists()


def _png_size(path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def test_render_writes_a_png_and_reports_a_median_time(demo_village_path, tmp_path):
    out = tmp_path / "map.png"
    result = wangge("render", str(demo_village_path), "--out", str(out), "--size", "640x360", "--timing")
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith("render_ms: ") and float(line.split()[1]) > 0
    assert _png_size(out) == (640, 360)


def test_render_takes_an_extent_in_degrees_or_metres(demo_village_path, tmp_path):
    degrees, metres = tmp_path / "deg.png", tmp_path / "m.png"
    assert wangge("render", str(demo_village_path), "--out", str(degrees), "--size", "300x200",
                  "--extent", "105.90,36.90,105.95,36.95").returncode == 0  # fmt: skip
    assert wangge("render", str(demo_village_path), "--out", str(metres), "--size", "300x200",
                  "--extent", "580000,4084000,585000,4090000").returncode == 0  # fmt: skip
    assert _png_size(degrees) == _png_size(metres) == (300, 200)


def test_render_rejects_a_bad_size_or_extent_in_one_line(demo_village_path, tmp_path):
    out = str(tmp_path / "x.png")
    bad_size = wangge("render", str(demo_village_path), "--out", out, "--size", "big")
    assert bad_size.returncode == 2 and "WIDTHxHEIGHT" in bad_size.stderr and "Traceback" not in bad_size.stderr
    bad_extent = wangge("render", str(demo_village_path), "--out", out, "--extent", "5,5,1,1")
    assert bad_extent.returncode == 2 and "minx,miny,maxx,maxy" in bad_extent.stderr
    assert_one_line_error(wangge("render", str(tmp_path / "none.gpkg"), "--out", out), "none.gpkg")


def test_open_screenshot_saves_the_whole_window_after_the_map_is_drawn(demo_village_path, tmp_path):
    shot = tmp_path / "window.png"
    project = tmp_path / "village.gpkg"
    project.write_bytes(demo_village_path.read_bytes())
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    result = wangge("open", str(project), "--screenshot", str(shot), "--language", "zh_CN", env=env)
    assert result.returncode == 0, result.stderr
    assert _png_size(shot) == (1600, 1000)


def test_a_screenshot_that_waits_too_long_gives_up_cleanly_while_the_project_is_read(demo_village_path, tmp_path):
    project = tmp_path / "village.gpkg"
    project.write_bytes(demo_village_path.read_bytes())
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path), "WANGGE_SCREENSHOT_TIMEOUT_S": "0.01"}
    result = wangge("open", str(project), "--screenshot", str(tmp_path / "late.png"), env=env)
    assert result.returncode == 1, result.stderr  # not an abort from a reading thread left running
    assert "QThread" not in result.stderr and not (tmp_path / "late.png").exists()
