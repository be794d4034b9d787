"""Chinese for the command line, from the same Qt translation file the desktop app uses.

The CLI must not create a QCoreApplication (``wangge open`` later needs a
QApplication, and Qt allows one application object per process), so it loads
a :class:`QTranslator` and asks it directly instead of installing it.
"""

from __future__ import annotations

import locale
import os

from PySide6.QtCore import QTranslator

from resources import resource_path

CHINESE = "zh_CN"
_translator: QTranslator | None = None


def wants_chinese() -> bool:
    """True when the user's locale is Chinese (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return value.lower().startswith("zh")
    language = locale.getlocale()[0] or ""
    return language.lower().startswith("zh")


def translation_file(language: str = CHINESE) -> str:
    return str(resource_path("translations", f"wangge_{language}.qm"))


def install_translator() -> None:
    """Load the Chinese translations when the locale asks for them."""
    global _translator
    if not wants_chinese():
        _translator = None
        return
    translator = QTranslator()
    if translator.load(translation_file()):
        _translator = translator


def translate(context: str, text: str) -> str:
    """``text`` in the user's language; English when no translation is loaded or known."""
    if _translator is None:
        return text
    return _translator.translate(context, text) or text


def tr(text: str) -> str:
    """Translate a CLI message (lupdate files module-level ``tr()`` calls under the empty context)."""
    return translate("", text)


def translate_drawings(app) -> None:
    """Let maps and printed pages drawn by this command speak the user's language too.

    Drawing code asks ``QCoreApplication.translate`` and :mod:`maps.words`; the
    CLI's own translator is installed into the (GUI) application once one exists.
    """
    from maps.words import use_language

    use_language(CHINESE if _translator is not None else "en")
    if _translator is not None:
        app.installTranslator(_translator)
