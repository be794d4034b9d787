"""The fit in words, in the user's language: the summary beside the map and a note per point."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QCoreApplication

from maps.georef.fit_words import fit_lines
from maps.georef.sketch_georeference import FitState


def fit_summary(state: FitState, point_count: int) -> str:
    """Method, plain and left-out RMSE, what auto chose and which points look wrong."""
    translate = QCoreApplication.translate
    if state.transform is None:
        if state.problem is None or point_count == 0:
            return translate(
                "GeoreferenceFit", "No control points yet: click a place on the sketch, then the same place on the map."
            )
        problem = state.problem.translated(translate)
        return translate("GeoreferenceFit", "No fit yet: {problem}").format(problem=problem)
    lines = fit_lines(state.transform, state.left_out, state.suspects, bool(state.explanation), translate)
    lines.append(
        translate(
            "GeoreferenceFit", "{count} control points; dashed circles on the sketch show where a new one helps most."
        ).format(count=point_count)
    )
    return "\n".join(lines)


def point_notes(state: FitState, points: pd.DataFrame) -> dict[str, str]:
    """Record id -> why this point is flagged (empty for points that fit)."""
    translate = QCoreApplication.translate
    notes = {}
    suspects = {suspect.id: suspect for suspect in state.suspects}
    for row, record_id in enumerate(points["id"]):
        number = str(row + 1)
        if number in suspects:
            notes[str(record_id)] = translate(
                "GeoreferenceFit",
                "probably clicked at the wrong place (a neighbour's house, another crossroads) "
                "or given the wrong map position: left out it is off by {loo:.1f} m",
            ).format(loo=suspects[number].loo_m)
        if number in state.left_out:
            notes[str(record_id)] = translate(
                "GeoreferenceFit", "set aside by auto: {why}; tick Used to put it back"
            ).format(why=notes.get(str(record_id), ""))
    return notes
