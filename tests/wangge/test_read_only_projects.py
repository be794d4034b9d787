"""Commands that only read leave the project byte-identical, and work on a project nobody may write.

Printing is the one exception that writes: it registers its sheets so photos of
them can be read back (tests/wangge/test_print_register.py); on a read-only
project it prints all the same and says its sheets cannot be read back.

The read-only cases run as an unprivileged user when the tests run as root, since
root writes through file modes; the file is mode 0444 in a folder of mode 0555,
as on a reviewer's copy or a read-only share.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.cli_helpers import assert_one_line_error
from tests.clock import child_environment, wangge_command

READING_COMMANDS = {
    "info": ["info", "{project}"],
    "info --json": ["info", "{project}", "--json"],
    "render": ["render", "{project}", "--out", "{out}/map.png", "--size", "400x300"],
    "report": ["report", "{project}", "--month", "2026-11", "--json"],
    "report --out": ["report", "{project}", "--month", "2026-11", "--out", "{out}/bulletin.xlsx", "--quiet"],
    "weekly": ["weekly", "{project}", "--week", "2026-W48", "--out", "{out}/weekly.pdf", "--quiet"],
    "export": ["export", "{project}", "--format", "gpkg", "--out", "{out}/copy.gpkg", "--quiet"],
    "spot-check": ["spot-check", "{project}", "--day", "2026-11-27", "--json"],
    "audit": ["audit", "{project}", "--limit", "5"],
    "route": ["route", "{project}", "--as-of", "2026-11-28", "--json", "--quiet"],
    "open --screenshot": ["open", "{project}", "--screenshot", "{out}/window.png"],
    "sketch list": ["sketch", "list", "{project}", "--json"],
    "basemap list": ["basemap", "list", "{project}", "--json"],
}


@pytest.fixture(scope="module")
def shared_folder():
    """A folder an unprivileged user can enter (pytest's own temporary folders are the owner's only)."""
    folder = Path(tempfile.mkdtemp(prefix="wangge-read-only-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(folder)


@pytest.fixture
def out_folder(shared_folder, request):
    folder = shared_folder / f"out-{request.node.name}".replace("[", "-").replace("]", "").replace(" ", "_")
    folder.mkdir()
    folder.chmod(0o777)
    return folder


@pytest.fixture
def writable_project(demo_village_path, shared_folder, request):
    folder = shared_folder / f"rw-{abs(hash(request.node.name))}"
    folder.mkdir()
    project = folder / "犁铧嘴村.gpkg"
    shutil.copy(demo_village_path, project)
    return project


@pytest.fixture
def read_only_project(writable_project):
    """The demo village in mode 0444 in a folder of mode 0555."""
    writable_project.chmod(0o444)
    writable_project.parent.chmod(0o555)
    return writable_project


def unprivileged() -> list[str]:
    """The prefix that drops root's right to write anywhere; nothing when the tests do not run as root."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def run(arguments: list[str], project: Path, out: Path, as_user: list[str]) -> subprocess.CompletedProcess:
    filled = [a.format(project=project, out=out) for a in arguments]
    environment = child_environment(
        {**os.environ, "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen", "HOME": str(out), "XDG_RUNTIME_DIR": str(out)}
    )
    return subprocess.run(
        [*as_user, *wangge_command(), *filled], capture_output=True, text=True, env=environment, cwd=out
    )


def side_files(project: Path) -> list[str]:
    return sorted(p.name for p in project.parent.iterdir() if p.name != project.name)


@pytest.mark.parametrize("command", READING_COMMANDS)
def test_a_reading_command_leaves_the_project_byte_identical(command, writable_project, out_folder):
    before = writable_project.read_bytes()
    result = run(READING_COMMANDS[command], writable_project, out_folder, [])
    assert result.returncode == 0, result.stderr
    assert writable_project.read_bytes() == before
    assert side_files(writable_project) == []


@pytest.mark.parametrize("command", READING_COMMANDS)
def test_a_reading_command_works_on_a_project_nobody_may_write(command, read_only_project, out_folder):
    before = read_only_project.read_bytes()
    result = run(READING_COMMANDS[command], read_only_project, out_folder, unprivileged())
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert read_only_project.read_bytes() == before
    assert any(out_folder.iterdir()) or result.stdout


def test_a_print_of_a_project_nobody_may_write_works_and_says_its_sheets_cannot_be_read_back(
    read_only_project, out_folder
):
    before = read_only_project.read_bytes()
    arguments = ["print", "{project}", "--grid", "YH-01", "--out", "{out}/grid.pdf", "--quiet"]
    result = run(arguments, read_only_project, out_folder, unprivileged())
    assert result.returncode == 0, result.stderr
    assert (out_folder / "grid.pdf").stat().st_size > 0
    assert "cannot be read back" in result.stderr and "Traceback" not in result.stderr
    assert read_only_project.read_bytes() == before


def test_an_edit_of_a_project_nobody_may_write_is_refused_in_one_line(read_only_project, out_folder):
    with sqlite3.connect(read_only_project.as_uri() + "?mode=ro", uri=True) as connection:
        (visit,) = connection.execute("SELECT id FROM visits ORDER BY fid LIMIT 1").fetchone()
    connection.close()
    register = out_folder / "住户.csv"
    register.write_text("门牌号,户主姓名,网格,经度,纬度\n9999,王建国,YH-01,105.9031,36.9042\n", encoding="utf-8")
    register.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = read_only_project.read_bytes()
    for arguments in (
        ["import", "{project}", "households", str(register), "--quiet"],
        ["spot-check", "{project}", "--record", visit, "--result", "confirmed", "--by", "马文华"],
    ):
        result = run(arguments, read_only_project, out_folder, unprivileged())
        assert_one_line_error(result, str(read_only_project), "read-only")
    assert read_only_project.read_bytes() == before


def test_commands_that_draw_imagery_leave_a_project_with_imagery_byte_identical(shared_folder, out_folder):
    from layers.imagery import add_imagery
    from layers.imports import import_register
    from layers.station_setup import StationSetup, create_station_project
    from tests import station_files as place

    folder = shared_folder / "with-imagery"
    folder.mkdir()
    project = folder / "韦州.gpkg"
    with create_station_project(project, StationSetup("韦州派出所")) as store:
        import_register(store, "grids", place.grid_geojson(folder / "files"))
    add_imagery(project, place.township_geotiff(folder / "files").path)
    before = project.read_bytes()
    for arguments in (
        ["export", "{project}", "--format", "html", "--imagery", "--out", "{out}/map.html", "--quiet"],
        ["basemap", "list", "{project}"],
    ):
        result = run(arguments, project, out_folder, [])
        assert result.returncode == 0, result.stderr
        assert project.read_bytes() == before, arguments[0]
    assert side_files(project) == ["files"], "no journal or scratch file left beside the project"
