"""What the georeferencer draws, as values: markers, outlines, the masked preview, distortion cells.

Pure functions of the fit and the records, so the window only hands their
results to the two views.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from desktop.georeferencer.reference_overlay import MapMarker
from desktop.georeferencer.sketch_view import SketchMarker
from layers.vocabulary import LocatedBy
from maps.georef.analysis import local_distortion
from maps.georef.sketch_georeference import FitState
from maps.georef.transforms import Transform

POINT_COLOURS = {"used": "#1f78b4", "off": "#9e9e9e", "suspect": "#e31a1c", "left_out": "#ff7f00"}
PLACED_FROM_SKETCH, PLACED_OTHERWISE, CURRENT = "#33a02c", "#6a3d9a", "#ff7f00"
OUTLINE, OUTLINE_BEING_DRAWN = "#c51b7d", "#ff7f00"
DISTORTION_CELLS = 24
"""Cells along the sketch's longer side in the distortion view."""


def _point_colour(state: FitState, number: str, enabled: bool) -> str:
    if not enabled:
        return POINT_COLOURS["off"]
    if number in state.left_out:
        return POINT_COLOURS["left_out"]
    if any(suspect.id == number for suspect in state.suspects):
        return POINT_COLOURS["suspect"]
    return POINT_COLOURS["used"]


def control_point_markers(
    points: pd.DataFrame, state: FitState, movable: bool
) -> tuple[list[SketchMarker], list[MapMarker]]:
    """Each point on the sketch and on the map, numbered as in the table, coloured by how it fits."""
    on_sketch, on_map = [], []
    for row, point in enumerate(points.itertuples()):
        number = str(row + 1)
        colour = _point_colour(state, number, bool(point.enabled))
        text = f"{number} {point.label}".strip()
        on_sketch.append(SketchMarker(point.id, point.sketch_x, point.sketch_y, text, colour, "control", movable))
        on_map.append(MapMarker(point.id, point.x, point.y, text, colour))
    return on_sketch, on_map


def household_markers(drawn: pd.DataFrame, current: str | None) -> list[SketchMarker]:
    """Households tied to the sketch, by house number; the one being placed stands out."""
    return [
        SketchMarker(household.id, household.sketch_x, household.sketch_y, str(household.house_no),
                     CURRENT if household.id == current
                     else PLACED_FROM_SKETCH if household.located_by == LocatedBy.SKETCH.value else PLACED_OTHERWISE,
                     "household", True)
        for household in drawn.itertuples()
    ]  # fmt: skip


def suggestion_markers(suggestions: np.ndarray) -> list[SketchMarker]:
    return [SketchMarker(f"suggestion-{i}", x, y, "", CURRENT, "suggestion") for i, (x, y) in enumerate(suggestions)]


def outlines(outlined_grids: pd.DataFrame, being_drawn: list[tuple[float, float]]) -> list:
    """Grid outlines kept on the sketch (closed) and the one being drawn (open)."""
    shapes = [(np.asarray(json.loads(text), dtype=float), OUTLINE, True) for text in outlined_grids["sketch_outline"]]
    if being_drawn:
        shapes.append((np.asarray(being_drawn), OUTLINE_BEING_DRAWN, False))
    return shapes


def drawing_only(preview: QImage, sketch_width: int, bounds: tuple[float, float, float, float]) -> QImage:
    """``preview`` with everything outside the drawing transparent: a fit extrapolated over the
    desk around the sheet only bends it into meaningless shapes."""
    left, top, right, bottom = bounds
    scale = preview.width() / sketch_width
    image = QImage(preview.size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    source = QRectF(left * scale, top * scale, (right - left) * scale, (bottom - top) * scale)
    painter.drawImage(source, preview, source)
    painter.end()
    return image


def distortion_cells(
    transform: Transform, size: tuple[int, int], bounds: tuple[float, float, float, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Cell centres and local scale relative to the drawing's median, NaN off the drawing."""
    width, height = size
    step = max(width, height) / DISTORTION_CELLS
    grid = local_distortion(transform, width, height, step)
    left, top, right, bottom = bounds
    on_drawing = (grid["x"] >= left) & (grid["x"] <= right) & (grid["y"] >= top) & (grid["y"] <= bottom)
    scale = np.where(on_drawing, grid["scale_m_per_px"], np.nan)  # the desk around the sheet says nothing
    return grid["x"], grid["y"], scale / np.nanmedian(scale), step
