"""The language Wangge speaks is the language of the Qt translation installed in the application.

Every user-visible text goes through ``QCoreApplication.translate``, so the
translation installed in the application already decides the language of
menus, messages and printed pages; keeping a second record of "the language"
beside it would only let the two disagree. Code that chooses by language
rather than by text (the words of codes and fields in :mod:`maps.words`, the
list separator "、" or ", ") therefore asks the translation itself: each
translation file translates a marker into the code of its own language.

The desktop installs the user's choice with :func:`install_language`; the
command line installs its locale's language the same way before it draws
(``wangge.i18n.translate_drawings``). Without an application, or with no
translation installed, everything is English.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from resources import resource_path

CHINESE = "zh_CN"
ENGLISH = "en"
INSTALLED_BY_WANGGE = "wangge-language"
"""Object name of the translators :func:`install_language` installs, so the next call can take them out again."""


def current_language() -> str:
    """The language of the translation installed in the application: :data:`CHINESE` or :data:`ENGLISH`."""
    # The marker: a translation file translates "en" into the code of its own language (zh_CN).
    code = QCoreApplication.translate("language", "en", "the code of the language of this translation")
    return CHINESE if code == CHINESE else ENGLISH


def translation_file(language: str = CHINESE) -> str:
    """Wangge's compiled translation into ``language``."""
    return str(resource_path("translations", f"wangge_{language}.qm"))


def install_language(application: QCoreApplication, language: str) -> None:
    """Make ``language`` (:data:`CHINESE` or :data:`ENGLISH`) the one in force, replacing the one installed before.

    Installing or removing a translator sends every widget a LanguageChange
    event; widgets set their texts again in ``retranslate()``.
    """
    for translator in application.findChildren(QTranslator, INSTALLED_BY_WANGGE):
        application.removeTranslator(translator)
        translator.setParent(None)  # Python owns it now, and frees it with the last reference
    if language != CHINESE:
        return  # the source texts are English
    # ours, and Qt's own for its dialogs' buttons (OK, Cancel) and standard texts
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for path in (translation_file(CHINESE), f"{qt_folder}/qtbase_zh_CN.qm"):
        translator = QTranslator(application)
        translator.setObjectName(INSTALLED_BY_WANGGE)
        if translator.load(path):
            application.installTranslator(translator)
        else:
            translator.setParent(None)
