"""No command of ``wangge`` shows a stored code where its user reads words.

A grade, a visit's purpose, a route's reason or an audit entry's action is stored
as an ASCII code (``red``, ``anti_fraud``, ``dispute_orange``, ``bulk_load``) and
must reach an officer as a word (红色, 反诈宣传...). Every command and subcommand
of the parser is run on the demo village, under a Chinese and an English locale,
and its text output (stdout and stderr) is searched for the codes of every
vocabulary of the domain. A command added to the parser without a run here fails
:func:`test_every_command_of_the_parser_is_run`. JSON output is a contract and
keeps its codes; it is not checked.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import psycopg
import pytest
from pyproj import Transformer

import layers
from layers.store import open_project
from layers.store.audit import AuditAction
from layers.vocabulary import Vocabulary
from tests import station_files as place
from tests.clock import child_environment, wangge_command
from tests.conftest import require_tool

CHINESE = {"LANG": "zh_CN.UTF-8"}
ENGLISH = {"LANG": "C.UTF-8"}
DISPLAYS = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
NOWHERE = "postgresql://ma@127.0.0.1:1/nowhere"
"""A database URL where no server listens: ``db`` commands run as far as they can without PostGIS."""

LISTED_COMMANDS = """
import argparse, json
from wangge.cli import build_parser

def commands(parser, path):
    subparsers = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    if not subparsers:
        yield " ".join(path)
    for action in subparsers:
        for name, sub in action.choices.items():
            yield from commands(sub, [*path, name])
print(json.dumps(list(commands(build_parser(), []))))
"""


def parser_commands() -> list[str]:
    """Every command the parser offers, subcommands spelled out (``sketch add``), read in a child process.

    The parser is built in a process of its own, since building it loads Qt's translator.
    """
    result = subprocess.run(
        [sys.executable, "-c", LISTED_COMMANDS],
        capture_output=True,
        text=True,
        env=child_environment(),
        check=True,
    )
    return json.loads(result.stdout)


def domain_codes() -> dict[str, str]:
    """Every code of the domain, with the vocabulary it comes from.

    Every module of :mod:`layers` is imported first, so a vocabulary declared
    anywhere in the domain (a route's reasons, a dispute's actions) is found
    without being listed here; the audit log's actions are a plain enum.
    """
    for module in pkgutil.walk_packages(layers.__path__, "layers."):
        importlib.import_module(module.name)
    codes: dict[str, str] = {}
    vocabularies: list[type[Enum]] = [AuditAction]
    pending = list(Vocabulary.__subclasses__())
    while pending:
        vocabulary = pending.pop()
        vocabularies.append(vocabulary)
        pending.extend(vocabulary.__subclasses__())
    for vocabulary in vocabularies:
        for member in vocabulary:
            codes.setdefault(member.value, vocabulary.__name__)
    return codes


CODES = domain_codes()

NOT_WORDS = re.compile(
    r"""
      [^\s'"“”‘’()（）,，:：;；]*[/\\][^\s'"“”‘’()（）,，:：;；]*   # a file path or URL
    | --[a-z][a-z0-9-]*(?:[ =][a-z_|]+(?:\|[a-z_]+)+)?          # an option, with the choices it takes
    | \bwangge(?:\ [a-z][a-z-]*){1,2}                          # a command a message tells the user to run
    """,
    re.VERBOSE,
)
"""ASCII a user legitimately reads among Chinese words: what he types or where his files are.

A command's name (``wangge import``) and an option's values (``--result confirmed|unreachable``) are
spelt as the user must type them; a path is his own. Grid codes (YH-01), house numbers, numbers,
units and format names are ASCII too but no code of the domain, so they need no exception.
"""

ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def leaked_codes(text: str) -> list[str]:
    """The domain codes ``text`` shows as words, in order of appearance."""
    return [word for word in ASCII_WORD.findall(NOT_WORDS.sub(" ", text)) if word in CODES]


def test_the_check_finds_a_code_and_passes_words_commands_and_paths():
    assert leaked_codes("原因：dispute_orange，回访逾期") == ["dispute_orange"]
    assert leaked_codes("#3  2026-11-28 10:00:00 +0800  ma  bulk_load  住户") == ["bulk_load"]
    assert leaked_codes("YH-01 纠纷 red open, 12 m") == ["red", "open"]
    assert leaked_codes("用 wangge import PROJECT households FILE 导入") == []
    assert leaked_codes("已写入 /tmp/route/main/red.pdf（3 页），--result confirmed|unreachable") == []
    assert leaked_codes("GPS 定位  YH-01  海家台村  12.5 km  EPSG:32648") == []


@dataclass(frozen=True)
class Run:
    """One run of a command: its arguments (after ``wangge``), its input, and whether it may fail.

    A command that cannot succeed here (no display, no PostGIS) still says why, and that is checked.
    """

    arguments: tuple[str, ...]
    stdin: str | None = None
    may_fail: bool = False

    @property
    def command(self) -> str:
        words = [word for word in self.arguments if not word.startswith("-")]
        return " ".join(words[:2]) if words[0] in TWO_WORD_COMMANDS else words[0]


TWO_WORD_COMMANDS = {"sketch", "basemap", "db", "georef"}


@dataclass(frozen=True)
class Station:
    """The files the runs work on, made once per language (the runs edit the project)."""

    folder: Path
    project: Path
    sketch_photo: Path
    sheet_photo: Path
    control_points: Path
    imagery: Path
    visit_code: str


def station_files(demo: Path, folder: Path) -> Station:
    """A copy of the demo village and the files an officer brings to it: photos, control points, imagery."""
    folder.mkdir(exist_ok=True)
    project = folder / "village.gpkg"
    project.write_bytes(demo.read_bytes())
    with sqlite3.connect(project) as connection:
        (sketch_image, sketch_format) = connection.execute("SELECT image, image_format FROM sketches").fetchone()
        (photo_image, photo_format) = connection.execute("SELECT image, image_format FROM field_photos").fetchone()
    sketch_photo = folder / f"sketch.{sketch_format.lower()}"
    sketch_photo.write_bytes(sketch_image)
    sheet_photo = folder / f"IMG_0001.{photo_format.lower()}"
    sheet_photo.write_bytes(photo_image)
    to_utm = Transformer.from_crs(4490, 32648, always_xy=True)
    with open_project(project) as store:
        points = store.read("sketch_control_points")
        visits = store.read("visits", columns=["id"])
    control_points = folder / "gcps.txt"
    control_points.write_text(
        "".join(
            "{:.2f} {:.2f} {:.3f} {:.3f}\n".format(
                row.sketch_x, row.sketch_y, *to_utm.transform(row.geometry.x, row.geometry.y)
            )
            for row in points.itertuples()
        )
    )
    imagery = place.township_geotiff(folder / "imagery").path
    return Station(folder, project, sketch_photo, sheet_photo, control_points, imagery, visits["id"].iloc[0][:8])


def runs(station: Station) -> list[Run]:
    """Every command with realistic arguments, in an order where each finds what it needs."""
    project, folder = str(station.project), station.folder
    new_project = str(folder / "station.gpkg")
    registers = folder / "registers"
    extract = str(place.osm_extract(registers))
    household_register, _ = place.household_register_xlsx(registers)
    # Registers with words the import does not know: the refusal lists the words it does.
    visits = registers / "走访登记.csv"
    visits.write_text("门牌号,走访日期,走访人,走访目的,结果\n1,2026-11-20,张林,闲聊,在家\n", encoding="utf-8")
    disputes = registers / "纠纷台账.csv"
    disputes.write_text("门牌号,发现时间,等级,状态,纠纷类型\n1,2026-11-20,紫色,进行,吵架\n", encoding="utf-8")
    stops = folder / "stops.csv"
    stops.write_text("id,x,y\noffice,583306,4088336\nwest,583100,4088500\neast,583600,4088300\n", encoding="utf-8")
    return [
        Run(("demo-data", str(folder / "another.gpkg"), "--households", "40", "--as-of", "2026-11-28")),
        Run(("info", project)),
        Run(("render", project, "--out", str(folder / "map.png"), "--size", "400x300")),
        Run(("open", project), may_fail=True),
        Run(("demo",), may_fail=True),
        Run(
            (
                "new",
                new_project,
                "--station",
                "韦州派出所",
                "--township",
                place.TOWNSHIP,
                "--county",
                "同心县",
                "--officer",
                "马文华:13800000000",
                "--auxiliary",
                "丁海",
            )
        ),  # fmt: skip
        Run(("import", new_project, "grids", str(place.grid_shapefile(registers)))),
        Run(("import", new_project, "roads", extract)),
        Run(("import", new_project, "landmarks", extract)),
        Run(("import", new_project, "households", str(household_register), "--valid-rows-only")),
        Run(("import", project, "visits", str(visits)), may_fail=True),
        Run(("import", project, "disputes", str(disputes)), may_fail=True),
        Run(("sketch", "add", project, str(station.sketch_photo), "--title", "二组网格图", "--grid", "YH-01")),
        Run(("sketch", "list", project)),
        Run(("sketch", "georef", project, "二组网格图", str(station.control_points))),  # the new sketch
        Run(("basemap", "add", project, str(station.imagery), "--name", "影像")),
        Run(("basemap", "list", project)),
        Run(("basemap", "remove", project, "影像")),
        Run(("db", "init", NOWHERE), may_fail=True),
        Run(("db", "push", project, NOWHERE), may_fail=True),
        Run(("db", "pull", NOWHERE, str(folder / "copy.gpkg"), "--grid", "YH-01"), may_fail=True),
        Run(("db", "sync", project, NOWHERE), may_fail=True),
        Run(("db", "add-user", NOWHERE, "ma", "--role", "officer", "--grids", "YH-01"), may_fail=True),
        Run(("export", project, "--format", "html", "--out", str(folder / "map.html"))),
        Run(("export", project, "--format", "xlsx", "--out", str(folder / "station.xlsx"))),
        Run(("export", project, "--format", "shp", "--out", str(folder / "station.zip"))),
        Run(("print", project, "--grid", "YH-01", "--out", str(folder / "yh01.pdf"))),
        Run(("scan", project, str(station.sheet_photo))),
        Run(("scan", project, str(station.sheet_photo), "--add"), may_fail=True),
        Run(("georef", "fit", str(station.control_points))),
        Run(("georef", "transform", str(station.control_points)), stdin="100 200\n2000 1500\n"),
        Run(("report", project, "--month", "2026-11")),
        Run(("report", project, "--month", "2026-11", "--out", str(folder / "report.pdf"))),
        Run(("spot-check", project, "--day", "2026-11-27")),
        Run(("spot-check", project, "--day", "2026-12-25")),
        Run(("spot-check", project, "--record", station.visit_code, "--result", "unreachable", "--by", "马所长")),
        Run(("weekly", project, "--week", "2026-W48", "--out", str(folder / "weekly.pdf"))),
        Run(
            (
                "route",
                project,
                "--as-of",
                "2026-11-28",
                "--budget-h",
                "3",
                "--gpx",
                str(folder / "day.gpx"),
                "--sheet",
                str(folder / "route.pdf"),
            )
        ),  # fmt: skip
        Run(("route", project, "--as-of", "2026-11-28", "--days", "2", "--grid", "YH-02")),
        Run(("route", str(stops))),
        Run(("audit", project, "--limit", "40")),
        Run(("audit", project, "--layer", "visits")),
    ]


def shown(run: Run, environment: dict[str, str]) -> tuple[Run, str]:
    """What ``run`` printed, stdout then stderr; a run that should succeed must."""
    result = subprocess.run(
        [*wangge_command(), *run.arguments],
        capture_output=True,
        text=True,
        input=run.stdin,
        env=child_environment(environment),
    )
    assert run.may_fail or result.returncode == 0, (run.arguments, result.stderr)
    return run, result.stdout + result.stderr


def outputs(demo: Path, folder: Path, language: dict[str, str]) -> list[tuple[Run, str]]:
    station = station_files(demo, folder)
    own = {"XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config")}
    # Without a display ``demo`` and ``open`` say so; with one they would open a window and wait.
    environment = {name: value for name, value in os.environ.items() if name not in DISPLAYS}
    return [shown(run, {**environment, **own, **language}) for run in runs(station)]


@pytest.fixture(scope="module")
def chinese(demo_village_path, tmp_path_factory) -> list[tuple[Run, str]]:
    return outputs(demo_village_path, tmp_path_factory.mktemp("zh"), CHINESE)


@pytest.fixture(scope="module")
def english(demo_village_path, tmp_path_factory) -> list[tuple[Run, str]]:
    return outputs(demo_village_path, tmp_path_factory.mktemp("en"), ENGLISH)


def test_every_command_of_the_parser_is_run(chinese):
    assert set(parser_commands()) - {run.command for run, _ in chinese} == set()


def leaking_lines(shown: list[tuple[Run, str]], codes: Callable[[str], list[str]]) -> dict[str, list[str]]:
    """Each command whose output shows a code, with the lines that show one (and the codes, for the reader)."""
    leaks: dict[str, list[str]] = {}
    for run, text in shown:
        lines = [f"{line.strip()}  <- {found}" for line in text.splitlines() if (found := codes(line))]
        if lines:
            leaks.setdefault(" ".join(run.arguments[:2]), []).extend(lines)
    return leaks


def test_no_chinese_output_shows_a_code(chinese):
    assert leaking_lines(chinese, leaked_codes) == {}


def spelt_codes(line: str) -> list[str]:
    """The codes in an English ``line`` that are no English word: "overdue" and "red" are, "due_soon" is not."""
    return [code for code in leaked_codes(line) if "_" in code]


def test_no_english_output_shows_a_code_where_a_word_exists(english):
    assert leaking_lines(english, spelt_codes) == {}


def db_round_trip(demo: Path, cluster, folder: Path, language: dict[str, str]) -> list[tuple[Run, str]]:
    """The shared database as a station uses it: set up, loaded, a user added, a grid copied out and
    synced back with a conflict on a household's phone and on a dispute's status."""
    folder.mkdir()
    project = folder / "village.gpkg"
    project.write_bytes(demo.read_bytes())
    database = f"words_{language['LANG'][:2].lower()}"
    url, officer_url = cluster.create_database(database), cluster.url(database, "ma")
    copy = folder / "yh01.gpkg"
    environment = {**os.environ, **language}
    said = []

    def run(*arguments: str, may_fail: bool = False) -> None:
        said.append(shown(Run(arguments, may_fail=may_fail), environment))

    run("db", "init", url)
    run("db", "push", str(project), url)
    run("db", "add-user", url, "ma", "--role", "officer", "--grids", "YH-01")
    run("db", "add-user", url, "ding", "--role", "chief")
    run("db", "pull", officer_url, str(copy), "--grid", "YH-01")
    with sqlite3.connect(copy) as connection:
        house = connection.execute("SELECT id FROM households ORDER BY house_no LIMIT 1").fetchone()[0]
        dispute = connection.execute("SELECT id FROM disputes WHERE status = 'open' LIMIT 1").fetchone()[0]
    for statement in (
        f"UPDATE households SET phone = '13900000000' WHERE id = '{house}'",
        f"UPDATE disputes SET status = 'mediating' WHERE id = '{dispute}'",
    ):
        subprocess.run(["ogrinfo", str(copy), "-q", "-sql", statement], check=True, capture_output=True)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("UPDATE wangge.households SET phone = '13811111111' WHERE id = %s", (house,))
        connection.execute("UPDATE wangge.disputes SET status = 'escalated' WHERE id = %s", (dispute,))
    run("db", "sync", str(copy), officer_url, may_fail=True)
    run("db", "sync", str(copy), officer_url, "--resolve", "local")
    return said


def test_the_shared_database_commands_speak_in_words(demo_village_path, postgis_cluster, tmp_path):
    require_tool(shutil.which("ogrinfo") is not None, "ogrinfo (gdal-bin)")
    chinese = db_round_trip(demo_village_path, postgis_cluster, tmp_path / "zh", CHINESE)
    conflicts = next(text for run, text in chinese if run.may_fail)  # the sync that stops at the conflicts
    assert "冲突" in conflicts and "已上报" in conflicts, conflicts  # a code was there to be shown
    assert leaking_lines(chinese, leaked_codes) == {}
    english = db_round_trip(demo_village_path, postgis_cluster, tmp_path / "en", ENGLISH)
    assert leaking_lines(english, spelt_codes) == {}
