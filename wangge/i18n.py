"""Chinese for the command line, from the same Qt translation file the desktop app uses.

The CLI must not create a QCoreApplication (``wangge open`` later needs a
QApplication, and Qt allows one application object per process), so it loads
a :class:`QTranslator` and asks it directly instead of installing it. Once a
command draws, it has an application, and :func:`translate_drawings` installs
the same language there (:func:`maps.language.install_language`): from then on
the drawings, their words of codes and fields, and the CLI's own messages speak
one language, the locale's.
"""

from __future__ import annotations

import locale
import os

from PySide6.QtCore import QTranslator

from layers.vocabulary import Vocabulary
from maps import words
from maps.language import CHINESE, ENGLISH, install_language, translation_file
from wangge import argparse_words

_translator: QTranslator | None = None


def wants_chinese() -> bool:
    """True when the user's locale is Chinese (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return value.lower().startswith("zh")
    language = locale.getlocale()[0] or ""
    return language.lower().startswith("zh")


def install_translator() -> None:
    """Load the Chinese translations when the locale asks for them; argparse's own words follow."""
    global _translator
    _translator = None
    if wants_chinese():
        translator = QTranslator()
        if translator.load(translation_file()):
            _translator = translator
    argparse_words.speak_through(translate)


def translate(context: str, text: str) -> str:
    """``text`` in the user's language; English when no translation is loaded or known."""
    if _translator is None:
        return text
    return _translator.translate(context, text) or text


def tr(text: str) -> str:
    """Translate a CLI message (lupdate files module-level ``tr()`` calls under the empty context)."""
    return translate("", text)


def _language() -> str:
    return CHINESE if _translator is not None else ENGLISH


def term(member: Vocabulary) -> str:
    """A vocabulary member's word in the command line's language, never its code (see :func:`maps.words.term`)."""
    return words.term(member, _language())


def field_title(layer: str, name: str) -> str:
    """A field's title in the command line's language (see :func:`maps.words.field_title`)."""
    return words.field_title(layer, name, _language())


def layer_title(layer: str) -> str:
    """A layer's name in the command line's language (see :func:`maps.words.layer_title`)."""
    return words.layer_title(layer, _language())


def layer_counts(counts: dict[str, int]) -> str:
    """How many records of each layer, the layers named in the command line's language: "住户 570，走访记录 3,793"."""
    from layers.schema import LAYERS

    separator = "，" if _language() == CHINESE else ", "
    others = {"imagery": tr("imagery")}  # an export counts the imagery it carries too
    return separator.join(
        f"{layer_title(name) if name in LAYERS else others.get(name, name)} {count:,}" for name, count in counts.items()
    )


def import_target_titles(layer: str) -> dict[str, str]:
    """What the fields a register's columns go to are called, in the command line's language.

    An import's report names them so: "户主姓名 -> 户主姓名", not "户主姓名 -> head_name".
    """
    from layers.imports import import_targets

    targets = import_targets(layer)
    if _language() == CHINESE:
        return targets
    return {target: words.field_title(layer, target, ENGLISH) for target in targets}


def translate_drawings(app) -> None:
    """Let maps and printed pages drawn by this command speak the CLI's language too.

    Drawing code asks ``QCoreApplication.translate`` (and :mod:`maps.words`, which
    follows it), so the language goes into the (GUI) application once one exists.
    """
    install_language(app, CHINESE if _translator is not None else ENGLISH)
