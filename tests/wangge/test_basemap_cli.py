"""``wangge basemap``: a county's GeoTIFF or an offline tile package into the project, listed; bad input refused."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

from layers.store import create_project
from tests.cli_helpers import assert_one_line_error, wangge
from tests.clock import child_environment, wangge_command
from tests.imagery_files import cgcs2000_grey_image, digest, side_files, tile_package, utm_image
from tests.test_geopackage_validity import assert_valid_geopackage


def new_station(folder: Path) -> Path:
    path = folder / "station.gpkg"
    create_project(path, "豫海派出所").close()
    return path


def test_imagery_is_added_with_progress_and_listed(tmp_path):
    project = new_station(tmp_path)
    image = utm_image(tmp_path / "豫海镇2024.tif")
    added = wangge("basemap", "add", str(project), str(image))
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("added '豫海镇2024' as imagery_1: EPSG:32648, zoom levels 0-3")
    assert "100.0%" in added.stderr, "progress on stderr"
    grey = wangge("basemap", "add", str(project), str(cgcs2000_grey_image(tmp_path / "grey.tif")), "--name", "全色")
    assert grey.returncode == 0, grey.stderr
    listed = json.loads(wangge("basemap", "list", str(project), "--json").stdout)
    assert [(row["table"], row["name"], row["crs"], row["zoom_levels"]) for row in listed] == [
        ("imagery_1", "豫海镇2024", "EPSG:32648", [0, 3]),
        ("imagery_2", "全色", "EPSG:4490", [0, 2]),
    ]
    assert listed[0]["pixel_size"] == [0.5, 0.5] and listed[0]["bounds"][2] - listed[0]["bounds"][0] == 950
    text = wangge("basemap", "list", str(project))
    assert text.returncode == 0 and text.stdout.splitlines()[1].startswith("imagery_2  全色")


def test_quiet_prints_no_progress(tmp_path):
    project = new_station(tmp_path)
    added = wangge("basemap", "add", str(project), str(utm_image(tmp_path / "a.tif", width=600)), "--quiet")
    assert added.returncode == 0 and added.stderr == ""


def test_an_empty_project_says_how_to_add_imagery(tmp_path):
    listed = wangge("basemap", "list", str(new_station(tmp_path)))
    assert listed.returncode == 0 and "wangge basemap add" in listed.stdout


def test_a_tile_package_is_added(tmp_path):
    project = new_station(tmp_path)
    package = tile_package(tmp_path / "离线.mbtiles", utm_image(tmp_path / "source.tif"))
    added = wangge("basemap", "add", str(project), str(package), "--quiet")
    assert added.returncode == 0, added.stderr
    assert "EPSG:3857, zoom levels 16-18" in added.stdout


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("这是一份走访记录，不是影像", "not an image file GDAL can read"),
        (None, "no such file"),
    ],
)
def test_a_bad_image_is_one_line_naming_the_file_and_the_project_unchanged(tmp_path, content, fragment):
    project = new_station(tmp_path)
    image = tmp_path / "影像.tif"
    if content is not None:
        image.write_text(content, encoding="utf-8")
    before = digest(project)
    assert_one_line_error(wangge("basemap", "add", str(project), str(image)), str(image), fragment)
    assert digest(project) == before and side_files(project) == []


def test_the_same_name_twice_is_refused_in_one_line(tmp_path):
    project = new_station(tmp_path)
    image = utm_image(tmp_path / "影像.tif", width=600, height=400)
    assert wangge("basemap", "add", str(project), str(image), "--quiet").returncode == 0
    before = digest(project)
    assert_one_line_error(wangge("basemap", "add", str(project), str(image)), "'影像'", "--name")
    assert digest(project) == before


def test_a_shared_database_is_refused_in_one_line(tmp_path):
    image = utm_image(tmp_path / "a.tif", width=64, height=64)
    result = wangge("basemap", "add", "postgresql://station@localhost/yuhai", str(image))
    assert_one_line_error(result, "GeoPackage project")


def test_ctrl_c_cancels_and_leaves_the_project_byte_identical(tmp_path):
    project = new_station(tmp_path)
    image = utm_image(tmp_path / "大影像.tif", width=6000, height=6000)
    before = digest(project)
    environment = child_environment({**os.environ, "LANG": "C.UTF-8"})
    process = subprocess.Popen(
        [*wangge_command(), "basemap", "add", str(project), str(image)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    progress = b""
    while b"%" not in progress:  # the tiling has started
        chunk = process.stderr.read1(64)
        assert chunk, "the command ended before showing progress"
        progress += chunk
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "canceled; nothing was written" in stderr.decode() and b"Traceback" not in stderr
    assert stdout == b""
    assert digest(project) == before and side_files(project) == []


@pytest.fixture
def read_only_project():
    """A project of mode 0444 in a folder of mode 0555, in a folder another user can enter."""
    folder = Path(tempfile.mkdtemp(prefix="wangge-basemap-"))
    folder.chmod(0o755)
    project = new_station(folder)
    image = utm_image(folder / "影像.tif", width=600, height=400)
    image.chmod(0o644)
    project.chmod(0o444)
    folder.chmod(0o555)
    yield project
    folder.chmod(0o755)
    shutil.rmtree(folder)


def test_a_read_only_project_is_refused_before_the_image_is_read(read_only_project):
    as_nobody = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if os.geteuid() == 0 else []
    before = digest(read_only_project)
    for image in ("影像.tif", "missing.tif"):  # a missing image is not even looked at
        arguments = ["basemap", "add", str(read_only_project), str(read_only_project.parent / image)]
        result = subprocess.run(
            [*as_nobody, *wangge_command(), *arguments],
            capture_output=True,
            text=True,
            env=child_environment({**os.environ, "LANG": "C.UTF-8", "HOME": "/tmp"}),
        )
        assert_one_line_error(result, str(read_only_project), "read-only")
    assert digest(read_only_project) == before
    assert sorted(p.name for p in read_only_project.parent.iterdir()) == ["station.gpkg", "影像.tif"]


def test_imagery_is_removed_by_name_and_an_unknown_name_is_one_line(tmp_path):
    from tests import station_files as place

    project = tmp_path / "station.gpkg"
    create_project(project, "韦州派出所").close()
    image = place.township_geotiff(tmp_path).path
    assert wangge("basemap", "add", str(project), str(image), "--name", "影像", "--quiet").returncode == 0
    assert_one_line_error(wangge("basemap", "remove", str(project), "别的"), "no imagery called '别的'", "影像")
    removed = wangge("basemap", "remove", str(project), "影像")
    assert removed.returncode == 0, removed.stderr
    assert json.loads(wangge("basemap", "list", str(project), "--json").stdout) == []
    assert wangge("basemap", "add", str(project), str(image), "--name", "影像", "--quiet").returncode == 0
    assert_valid_geopackage(project)


def test_render_draws_imagery_when_asked_and_a_station_with_only_imagery_renders_it(tmp_path):
    from PySide6.QtGui import QImage

    from tests import station_files as place
    from tests.wangge.test_station_from_nothing import colour_share

    project = new_station(tmp_path)
    empty = wangge("render", str(project), "--out", str(tmp_path / "empty.png"), "--quiet")
    assert_one_line_error(empty, "nothing to draw")
    image = place.township_geotiff(tmp_path).path
    assert wangge("basemap", "add", str(project), str(image), "--quiet").returncode == 0
    shares = {}
    for name, extra in (("plain", []), ("imagery", ["--imagery"])):
        out = tmp_path / f"{name}.png"
        result = wangge("render", str(project), "--out", str(out), "--size", "400x300", "--quiet", *extra)
        assert result.returncode == 0, result.stderr
        shares[name] = colour_share(QImage(str(out)), place.FIELD_COLOURS, tolerance=20)
    assert shares["imagery"] > 0.3 and shares["plain"] < 0.01, shares
