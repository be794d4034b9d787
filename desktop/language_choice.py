"""The language the user chose for the app: saved in the settings, or the system's.

Both the app's start (:mod:`desktop.app`) and the Language menu of the main
window apply the choice; the translation it installs is the one record of
the language in force (:mod:`maps.language`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QSettings

from maps.language import CHINESE, ENGLISH, install_language

SYSTEM_LANGUAGE = "system"
LANGUAGE_SETTING = "language"


def system_language() -> str:
    return CHINESE if QLocale.system().language() == QLocale.Language.Chinese else ENGLISH


def install_translations(app: QCoreApplication, choice: str | None = None) -> str:
    """Use ``choice`` ("zh_CN", "en" or "system"; default: the saved choice) and return the language in effect.

    Installing or removing a translator sends every widget a LanguageChange
    event; widgets set their texts again in ``retranslate()``.
    """
    settings = QSettings()
    if choice is None:
        choice = str(settings.value(LANGUAGE_SETTING, SYSTEM_LANGUAGE))
    else:
        settings.setValue(LANGUAGE_SETTING, choice)
    language = system_language() if choice == SYSTEM_LANGUAGE else choice
    install_language(app, language)
    return language
