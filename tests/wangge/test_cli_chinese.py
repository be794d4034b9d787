"""Under a Chinese locale the command line's own words are Chinese too, argparse's included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from layers.routing.plan import DropReason
from layers.routing.targets import TargetReason
from layers.schema import LAYERS
from layers.text_width import display_width
from tests.cli_helpers import wangge
from tests.clock import child_environment

TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "wangge_zh_CN.ts"

ARGPARSE_ENGLISH = (
    "usage:",
    "positional arguments",
    "options:",
    "show this help message and exit",
    "show program's version number and exit",
    "error:",
    "the following arguments are required",
    "invalid choice",
)

EVERY_HELP = """
import argparse, json
from wangge.cli import build_parser
from wangge.i18n import install_translator

install_translator()
def helps(parser, path):
    yield " ".join(path), parser.format_help()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from helps(sub, [*path, name])
print(json.dumps(dict(helps(build_parser(), ["wangge"])), ensure_ascii=False))
"""


def test_every_commands_help_has_no_english_argparse_words():
    result = subprocess.run(
        [sys.executable, "-c", EVERY_HELP],
        capture_output=True,
        text=True,
        env=child_environment({"LANG": "zh_CN.UTF-8", "PATH": "/usr/bin:/bin"}),
    )
    assert result.returncode == 0, result.stderr
    helps = json.loads(result.stdout)
    assert len(helps) > 20  # wangge, each command and the db, georef and basemap subcommands
    for command, text in helps.items():
        assert text.startswith("用法："), command
        assert [word for word in ARGPARSE_ENGLISH if word in text] == [], (command, text)


def test_a_missing_argument_is_said_in_chinese():
    result = wangge("export", env={"LANG": "zh_CN.UTF-8"})
    assert result.returncode == 2
    assert "wangge export：错误：缺少必需的参数：PROJECT" in result.stderr
    assert [word for word in ARGPARSE_ENGLISH if word in result.stderr] == []
    english = wangge("export", env={"LANG": "C.UTF-8"})
    assert "error: the following arguments are required: PROJECT" in english.stderr


def test_info_lines_up_chinese_names_and_says_every_word_in_chinese(make_project, tmp_path):
    make_project().close()
    result = wangge("info", str(tmp_path / "station.gpkg"), env={"LANG": "zh_CN.UTF-8"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()[1:]
    settings = [line for line in lines if "：" in line]
    layers = [line for line in lines if "：" not in line]
    assert {line.split("：")[0].strip() for line in settings} >= {"派出所", "时区", "图幅二维码项目码"}
    value_columns = {display_width(line) - display_width(line.split("：", 1)[1].lstrip()) for line in settings}
    assert len(value_columns) == 1, settings  # every value starts in the same column
    assert len(layers) == len(LAYERS) and len({display_width(line) for line in layers}) == 1, layers
    for english in ("station:", "timezone", "project_key", "POINT", "POLYGON", "LINESTRING"):
        assert english not in result.stdout


def test_a_route_names_its_reasons_in_words_not_codes(demo_village_path, tmp_path):
    import shutil

    project = tmp_path / "demo.gpkg"
    shutil.copy(demo_village_path, project)
    codes = [member.value for vocabulary in (TargetReason, DropReason) for member in vocabulary]
    for language, reason, dropped in (
        ("zh_CN.UTF-8", TargetReason.KEY_PERSON_OVERDUE.zh, DropReason.OVER_BUDGET.zh),
        ("C.UTF-8", "Key person overdue", "Over budget"),
    ):
        result = wangge("route", str(project), "--as-of", "2026-11-28", "--budget-h", "3", env={"LANG": language})
        assert result.returncode == 0, result.stderr
        assert reason in result.stdout and dropped in result.stdout, result.stdout
        assert [code for code in codes if code in result.stdout] == [], result.stdout


def test_the_product_is_never_called_a_grid_in_chinese():
    """网格 is a grid; the product is Wangge, so "不是网格项目文件" would read "not a grid project file"."""
    from xml.etree import ElementTree

    root = ElementTree.parse(TRANSLATIONS).getroot()
    for message in root.iter("message"):
        source, translation = message.findtext("source"), message.findtext("translation") or ""
        if "Wangge" in source and "wangge " not in source.lower() and "wangge_" not in source:
            assert "Wangge" in translation, (source, translation)
    writes = {message.findtext("translation").split(" ")[0] for message in root.iter("message")
              if message.findtext("source").startswith("wrote {path}")}  # fmt: skip
    assert writes == {"已写入"}, writes


def test_a_georef_fit_is_told_in_chinese_from_its_first_line_to_its_last(tmp_path):
    from tests.maps.test_georef import drawn

    pixels, metres = drawn(11, count=15)
    metres[6] += [150.0, -130.0]  # the wrong crossroads
    path = tmp_path / "gcps.txt"
    path.write_text("".join(f"{a:.3f} {b:.3f} {c:.3f} {d:.3f}\n" for (a, b), (c, d) in zip(pixels, metres)))
    result = wangge("georef", "fit", str(path), env={"LANG": "zh_CN.UTF-8"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("方法：") and any(line.startswith("点 7 疑似有误") for line in lines)
    table = lines[lines.index(next(line for line in lines if line.strip().startswith("点  "))) :]
    assert len(table) == 1 + 15 and all(line.count("米") == 2 for line in table[1:])
    assert " m " not in result.stdout and not result.stdout.rstrip().endswith(" m")
    assert len({display_width(line.split("米")[0]) for line in table[1:]}) == 1  # the columns line up
