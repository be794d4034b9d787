"""Chinese is shipped complete: every user-visible string is translated and compiled."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "wangge_zh_CN.ts"
sys.path.insert(0, str(ROOT / "tools"))
from update_translations import release_command, update_command  # noqa: E402


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(path)
    return {
        (context.findtext("name") or "", message.findtext("source")): message.find("translation")
        for context in tree.iter("context")
        for message in context.iter("message")
    }


def test_every_string_in_the_source_is_in_the_translation_file(tmp_path):
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    subprocess.run(update_command(fresh), cwd=ROOT, check=True, capture_output=True)
    assert set(_messages(fresh)) == set(_messages(TS)), "run: python tools/update_translations.py"


def test_every_string_is_translated():
    untranslated = [
        source for (_, source), translation in _messages(TS).items() if translation.get("type") or not translation.text
    ]
    assert not untranslated


def test_the_compiled_file_is_current(tmp_path):
    compiled = tmp_path / "check.qm"
    subprocess.run(release_command(TS, compiled), check=True, capture_output=True)
    assert compiled.read_bytes() == TS.with_suffix(".qm").read_bytes(), "run: python tools/update_translations.py"


def test_the_words_of_codes_follow_the_installed_translation(switch_language):
    """Nothing but the installed translation says which language the words of codes and fields are in."""
    from layers.vocabulary import Grade
    from maps.words import CHINESE, ENGLISH, current_language, field_title, term

    assert (current_language(), term(Grade.RED), field_title("households", "house_no")) == (ENGLISH, "Red", "House no.")
    switch_language(CHINESE)
    assert (current_language(), term(Grade.RED), field_title("households", "house_no")) == (CHINESE, "红色", "门牌号")
    switch_language(ENGLISH)
    assert (current_language(), term(Grade.RED)) == (ENGLISH, "Red")
