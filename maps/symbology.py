"""How each kind of record looks on the map, declared as data.

Colour is never the only cue: the four dispute grades also differ in shape
(circle, square, triangle, diamond — easy to hard) and size, and visit recency
differs in outline and fill as well as hue, so a colour-blind reader (about one
man in twelve) tells them apart. The renderer, the legend and printed maps all
read these tables, so the legend always matches the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from layers.vocabulary import Grade, LandmarkKind, RoadKind, VisitRecency, Vocabulary


class Shape(str, Enum):
    CIRCLE = "circle"
    SQUARE = "square"
    TRIANGLE = "triangle"
    DIAMOND = "diamond"


@dataclass(frozen=True)
class MarkerStyle:
    """A point symbol; sizes in points (1/72 inch), so screen and print agree."""

    shape: Shape
    fill: str | None  # None: hollow
    outline: str
    size: float
    outline_width: float = 1.0


GRADE_COLOURS = {
    Grade.GREEN: "#2e9d4a",
    Grade.YELLOW: "#e6c229",
    Grade.ORANGE: "#e67e22",
    Grade.RED: "#d62728",
}
GRADE_SHAPES = {
    Grade.GREEN: Shape.CIRCLE,
    Grade.YELLOW: Shape.SQUARE,
    Grade.ORANGE: Shape.TRIANGLE,
    Grade.RED: Shape.DIAMOND,
}
DARK_OUTLINE = "#202020"


def open_dispute_marker(grade: Grade) -> MarkerStyle:
    """Open disputes: solid, outlined, bigger as they get harder."""
    size = 7.0 + 1.0 * list(Grade).index(grade)
    return MarkerStyle(GRADE_SHAPES[grade], GRADE_COLOURS[grade], DARK_OUTLINE, size, 1.0)


def resolved_dispute_marker(grade: Grade) -> MarkerStyle:
    """Resolved disputes: hollow in the grade's colour, so they recede behind the open ones."""
    return MarkerStyle(GRADE_SHAPES[grade], None, GRADE_COLOURS[grade], 6.0, 1.5)


RECENCY_MARKERS = {
    VisitRecency.VISITED: MarkerStyle(Shape.SQUARE, "#2c7bb6", "#1b4f75", 4.5, 0.75),
    VisitRecency.DUE_SOON: MarkerStyle(Shape.SQUARE, "#abd9e9", "#2c7bb6", 4.5, 0.75),
    VisitRecency.OVERDUE: MarkerStyle(Shape.SQUARE, "#b2182b", DARK_OUTLINE, 5.0, 1.25),
    VisitRecency.NEVER: MarkerStyle(Shape.SQUARE, "#ffffff", "#404040", 5.0, 1.25),
}
"""Households by visit recency: blue when in cycle, pale when due, dark red with a heavy outline when
overdue, hollow when never visited."""

PLAIN_HOUSEHOLD = MarkerStyle(Shape.SQUARE, "#7f7f7f", "#404040", 4.5, 0.75)
KEY_PERSON_RING = MarkerStyle(Shape.CIRCLE, None, "#111111", 8.5, 1.0)
"""Drawn around a key person's household, whatever its colour."""


@dataclass(frozen=True)
class LandmarkStyle:
    fill: str
    glyph: str  # one character drawn on the badge


LANDMARK_STYLES = {
    LandmarkKind.POLICE_OFFICE: LandmarkStyle("#1f4e9c", "警"),
    LandmarkKind.VILLAGE_COMMITTEE: LandmarkStyle("#8c2d04", "村"),
    LandmarkKind.SCHOOL: LandmarkStyle("#6a51a3", "学"),
    LandmarkKind.CLINIC: LandmarkStyle("#238b45", "医"),
    LandmarkKind.MOSQUE: LandmarkStyle("#00695c", "寺"),
    LandmarkKind.SHOP: LandmarkStyle("#b15928", "店"),
    LandmarkKind.BRIDGE: LandmarkStyle("#525252", "桥"),
    LandmarkKind.OTHER: LandmarkStyle("#737373", "·"),
}


def landmark_dot(kind: LandmarkKind) -> MarkerStyle:
    """A landmark as a small dot in its badge colour, for views too crowded for badges."""
    return MarkerStyle(Shape.CIRCLE, LANDMARK_STYLES[kind].fill, "#ffffff", 3.5, 0.5)


@dataclass(frozen=True)
class LineStyle:
    colour: str
    width: float  # points
    casing: str | None = None  # a wider line underneath, for main roads


ROAD_STYLES = {
    RoadKind.MAIN: LineStyle("#f6c667", 3.0, "#a0772b"),
    RoadKind.LANE: LineStyle("#bdbdbd", 1.5),
    RoadKind.TRACK: LineStyle("#c8b48c", 1.0),
}
GRID_OUTLINE = LineStyle("#c2185b", 1.5)
GRID_FILL = "#14c2185b"  # Qt reads #AARRGGBB: a whisper of the outline colour, so a grid reads as an area


@dataclass(frozen=True)
class FillStyle:
    """An area's fill: a class of a choropleth."""

    fill: str


COVERAGE_CLASSES = ((0.0, "#eff3ff"), (0.2, "#bdd7e7"), (0.4, "#6baed6"), (0.6, "#3182bd"), (0.8, "#08519c"))
"""(lower bound, fill) of each class of visit coverage; blues, so no class can be mistaken for a dispute grade's
colour. The bulletin's map and the county overview shade grids by them."""
COVERAGE_FILLS = tuple(FillStyle(fill) for _, fill in COVERAGE_CLASSES)


def coverage_class(coverage: float) -> int:
    """Index in :data:`COVERAGE_CLASSES` of ``coverage`` (0-1).

    >>> coverage_class(0.0), coverage_class(0.2), coverage_class(0.999), coverage_class(1.0)
    (0, 1, 4, 4)
    """
    return max(index for index, (low, _) in enumerate(COVERAGE_CLASSES) if coverage >= low)


class HouseholdStyle(str, Enum):
    """How households are coloured: by visit recency (the review) or plainly (printing bases)."""

    RECENCY = "recency"
    PLAIN = "plain"


class DisputeStyle(str, Enum):
    """Which disputes are drawn: all (resolved hollow) or the open ones only."""

    ALL = "all"
    OPEN_ONLY = "open_only"


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: a symbol and what it stands for (a vocabulary member or a layer's name)."""

    layer: str
    marker: MarkerStyle | LandmarkStyle | LineStyle | None
    meaning: Vocabulary | str
    count: int
    state: str = ""  # "open" or "resolved" for disputes; the unit shaded for a class of the county overview


def points_to_pixels(points: float, dpi: float) -> float:
    return points * dpi / 72.0
