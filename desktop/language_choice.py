"""The language the user chose for the app: saved in the settings, or the system's.

Both the app's start (:mod:`desktop.app`) and the Language menu of the main
window apply the choice; the translation it installs is the one record of
the language in force (:mod:`maps.language`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QSettings

from maps.language import CHINESE, ENGLISH, current_language, install_language

SYSTEM_LANGUAGE = "system"
LANGUAGE_SETTING = "language"


def system_language() -> str:
    return CHINESE if QLocale.system().language() == QLocale.Language.Chinese else ENGLISH


def remembered_language() -> str:
    """The choice kept for every start ("zh_CN", "en" or "system")."""
    return str(QSettings().value(LANGUAGE_SETTING, SYSTEM_LANGUAGE))


def choice_in_force() -> str:
    """What the Language menu shows as chosen: the remembered choice, unless this start was asked for another."""
    remembered = remembered_language()
    resolved = system_language() if remembered == SYSTEM_LANGUAGE else remembered
    return remembered if resolved == current_language() else current_language()


def remember_language(choice: str) -> None:
    """Keep ``choice`` ("zh_CN", "en" or "system") for every later start: what the Language menu does.

    ``wangge open --language`` does not call this: a language asked for one start
    (a screenshot, a colleague's demonstration) must not outlive it.
    """
    QSettings().setValue(LANGUAGE_SETTING, choice)


def install_translations(app: QCoreApplication, choice: str | None = None) -> str:
    """Use ``choice`` ("zh_CN", "en" or "system"; default: the remembered one) and return the language in effect.

    Installing or removing a translator sends every widget a LanguageChange
    event; widgets set their texts again in ``retranslate()``.
    """
    if choice is None:
        choice = remembered_language()
    language = system_language() if choice == SYSTEM_LANGUAGE else choice
    install_language(app, language)
    return language
