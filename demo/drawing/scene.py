"""What an officer drew on his paper grid map, in paper coordinates.

A sketch keeps the topology of the village (which house stands on which lane,
which side of the mosque) but not its metres. :mod:`demo.drawing.layout`
turns true positions into this scene through a smooth non-linear distortion;
the drawing code (``demo.drawing.sketch``) turns the scene into a photographed
image. Keeping the scene as plain data lets tests know, for every drawn house,
exactly where the pen put it.

Paper coordinates are pixels on the flat, unrotated sheet: x to the right,
y downwards, origin at the top-left corner of the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PaperPoint = tuple[float, float]


@dataclass(frozen=True)
class SketchRoad:
    """A road as the officer drew it: one pen line (lane) or two (main road)."""

    points: tuple[PaperPoint, ...]
    kind: str  # "main" | "lane" | "track"
    label: str = ""  # e.g. "到县城" or a road name; empty for none


@dataclass(frozen=True)
class SketchHouse:
    """A numbered house box. ``x``/``y`` is where the box centre was meant to go."""

    household_id: str
    house_no: str
    x: float
    y: float
    key_person: bool = False  # officers circle or star key persons' houses


@dataclass(frozen=True)
class SketchLandmark:
    """A landmark drawn as a small symbol with its Chinese name beside it."""

    kind: str  # a :class:`layers.vocabulary.LandmarkKind` value
    label: str
    x: float
    y: float


@dataclass(frozen=True)
class SketchGridBoundary:
    """A grid's boundary drawn as a dashed line with its code and name."""

    code: str
    name: str
    ring: tuple[PaperPoint, ...]
    label_at: PaperPoint


@dataclass(frozen=True)
class SketchScene:
    """Everything the officer drew on one sheet."""

    title: str
    author: str  # the officer's (synthetic) name, written in the corner
    paper_width: int
    paper_height: int
    roads: tuple[SketchRoad, ...]
    houses: tuple[SketchHouse, ...]
    landmarks: tuple[SketchLandmark, ...]
    grid_boundaries: tuple[SketchGridBoundary, ...]
    north_angle_deg: float = 0.0  # where the officer's north arrow points, clockwise from up
    notes: tuple[str, ...] = field(default_factory=tuple)
