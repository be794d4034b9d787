"""A fit in words, in the language ``translate`` speaks: the same sentences beside the georeferencer's map
and from ``wangge georef fit``.

The window passes Qt's translate, the command line its own (it runs without a Qt
application); either way the sentences are the ones in the translation file, so
the two never tell a user different things.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from layers.errors import QT_TRANSLATE_NOOP
from maps.georef.analysis import Suspect
from maps.georef.transforms import Transform

Translate = Callable[[str, str], str]
CONTEXT = "GeoreferenceFit"

FIGURES = QT_TRANSLATE_NOOP("GeoreferenceFit", "Method: {method} · RMSE {rmse:.2f} m · left-out RMSE {loo:.2f} m")
HONEST = QT_TRANSLATE_NOOP(
    "GeoreferenceFit",
    "The left-out error is the honest figure: how far a house between control points may be off. "
    "A spline's residuals are always zero.",
)
AUTO_CHOSE = QT_TRANSLATE_NOOP("GeoreferenceFit", "Auto chose {method}: it has the lowest left-out error.")
SET_ASIDE = QT_TRANSLATE_NOOP("GeoreferenceFit", "Point {number} was set aside by auto as a likely mistake.")
LOOKS_WRONG = QT_TRANSLATE_NOOP(
    "GeoreferenceFit",
    "Point {number} looks wrong: left out it is off by {loo:.1f} m; without it the left-out RMSE falls to "
    "{without:.1f} m.",
)
METRES = QT_TRANSLATE_NOOP("GeoreferenceFit", "{metres:.2f} m")


def fit_lines(
    transform: Transform,
    left_out: Iterable[str],
    suspects: Iterable[Suspect],
    chosen_by_auto: bool,
    translate: Translate,
) -> list[str]:
    """Method and both RMSEs, what they mean, what auto chose, and each point set aside or looking wrong."""
    lines = [
        translate(CONTEXT, FIGURES).format(
            method=transform.method.value, rmse=transform.rmse_m, loo=transform.loo_rmse_m
        ),
        translate(CONTEXT, HONEST),
    ]
    if chosen_by_auto:
        lines.append(translate(CONTEXT, AUTO_CHOSE).format(method=transform.method.value))
    lines += [translate(CONTEXT, SET_ASIDE).format(number=number) for number in left_out]
    lines += [
        translate(CONTEXT, LOOKS_WRONG).format(number=s.id, loo=s.loo_m, without=s.loo_rmse_without_m) for s in suspects
    ]
    return lines


def metres(value: float, translate: Translate) -> str:
    """A distance as the fit's sentences give it: "12.30 m", "12.30 米"."""
    return translate(CONTEXT, METRES).format(metres=value)
