"""argparse's own words (usage, options, its error messages) in the command line's language.

argparse asks :mod:`gettext` for every word it prints itself, through the names ``_``
and ``ngettext`` of its module; :func:`speak_through` points both at the project's Qt
translation, context ``argparse``, so ``wangge --help`` and a missing argument read
"用法" and "错误" where the rest of the line is Chinese. The source texts below are
those of Python 3.11, the Debian Python the README asks for; lupdate files them from here.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from layers.errors import QT_TRANSLATE_NOOP

CONTEXT = "argparse"

WORDS = (
    QT_TRANSLATE_NOOP("argparse", "usage: "),
    QT_TRANSLATE_NOOP("argparse", "positional arguments"),
    QT_TRANSLATE_NOOP("argparse", "options"),
    QT_TRANSLATE_NOOP("argparse", "show this help message and exit"),
    QT_TRANSLATE_NOOP("argparse", "show program's version number and exit"),
    QT_TRANSLATE_NOOP("argparse", "%(prog)s: error: %(message)s\n"),
    QT_TRANSLATE_NOOP("argparse", "argument %(argument_name)s: %(message)s"),
    QT_TRANSLATE_NOOP("argparse", "the following arguments are required: %s"),
    QT_TRANSLATE_NOOP("argparse", "one of the arguments %s is required"),
    QT_TRANSLATE_NOOP("argparse", "unrecognized arguments: %s"),
    QT_TRANSLATE_NOOP("argparse", "not allowed with argument %s"),
    QT_TRANSLATE_NOOP("argparse", "ignored explicit argument %r"),
    QT_TRANSLATE_NOOP("argparse", "expected one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected at most one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected at least one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected %s argument"),
    QT_TRANSLATE_NOOP("argparse", "expected %s arguments"),
    QT_TRANSLATE_NOOP("argparse", "ambiguous option: %(option)s could match %(matches)s"),
    QT_TRANSLATE_NOOP("argparse", "unexpected option string: %s"),
    QT_TRANSLATE_NOOP("argparse", "invalid %(type)s value: %(value)r"),
    QT_TRANSLATE_NOOP("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
    QT_TRANSLATE_NOOP("argparse", "unknown parser %(parser_name)r (choices: %(choices)s)"),
    QT_TRANSLATE_NOOP("argparse", "can't open '%(filename)s': %(error)s"),
)


def speak_through(translate: Callable[[str, str], str]) -> None:
    """Let argparse print its words as ``translate(CONTEXT, text)`` gives them (English when it knows none)."""
    argparse._ = lambda text: translate(CONTEXT, text)
    argparse.ngettext = lambda singular, plural, count: translate(CONTEXT, singular if count == 1 else plural)
