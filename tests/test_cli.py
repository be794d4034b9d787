"""The ``wangge`` command as a user meets it: one-line errors, exit codes, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def wangge(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "LANG": "C.UTF-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "wangge", *arguments], capture_output=True, text=True, env=environment)


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize("command", ["demo-data", "info", "open", "demo"])
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
    assert summary["schema_version"] == 1 and summary["settings"]["station"] == "豫海派出所"


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
    assert_one_line_error(result, "不是网格项目文件", "文件不存在")


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
    result = subprocess.run([sys.executable, "-m", "wangge", "demo"], capture_output=True, text=True, env=env)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert_one_line_error(result, "no display", "xvfb-run")
    assert not (tmp_path / "wangge").exists()  # nothing generated that nobody can look at
