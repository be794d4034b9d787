"""Draw a map: :class:`MapSettings` + :class:`MapContent` -> QImage, with no widget in sight.

The same function serves the canvas (in a worker thread), ``wangge render``
and printing. Imagery is read for exactly the view being drawn
(:mod:`layers.imagery.reading`), under everything else. Points are written with
numpy (:mod:`maps.point_raster`); lines, polygons, labels and the sketch
basemap are painted with QPainter from paths built once per snapshot. When
more points are visible than a screen can show apart, they are aggregated
into small cells coloured by their most common class, so a county-scale view
costs the same as a village.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QTransform

from layers.errors import Canceled
from layers.imagery.reading import ImageryReadError, read_imagery
from layers.vocabulary import LandmarkKind, RoadKind, VisitRecency
from maps.fonts import map_font
from maps.grid_label_spots import grid_labels_in_view
from maps.label_placement import Label, LabelPlacer, label_box
from maps.map_content import GRADE_ORDER, RECENCY_ORDER, MapContent, Outlines
from maps.map_settings import LayerView, MapSettings, imagery_table
from maps.overview import draw_overview, overview_units, shows_overview
from maps.point_raster import Sprite, blend_over, make_sprite, paint_badge, painted_sprite, stamp
from maps.symbol_cover import SymbolCover
from maps.symbology import (
    GRID_FILL,
    GRID_OUTLINE,
    KEY_PERSON_RING,
    LANDMARK_STYLES,
    PLAIN_HOUSEHOLD,
    RECENCY_MARKERS,
    ROAD_STYLES,
    DisputeStyle,
    HouseholdStyle,
    LegendEntry,
    MarkerStyle,
    landmark_dot,
    open_dispute_marker,
    points_to_pixels,
    resolved_dispute_marker,
)

AGGREGATE_ABOVE = 200_000
"""More visible points than this are drawn as cells: beyond it a 1920x1080 screen shows no single point anyway."""
CELL_POINTS = 4.5
"""Side of an aggregate cell in points (6 pixels on a 96 dpi screen)."""
LANES_BELOW_METRES_PER_PIXEL = 12.0
"""Lanes and tracks are left out beyond this: at county scale they would be a grey smear."""
HOUSE_NUMBERS_BELOW_METRES_PER_PIXEL = 0.45
STYLED_OUTLINES_UP_TO = 150
"""Up to this many grids or roads of a kind in view get styled pens (widths, casings, tints); beyond, hairlines."""
DISPUTE_CELLS_ABOVE = 5_000
"""More disputes in view than this are drawn as cells showing the hardest grade in each."""
RESOLVED_DISPUTES_UP_TO = 2_000
"""More disputes in view than this and the resolved ones are left out, so the open ones stay visible."""
BADGES_UP_TO = 300
"""More visible landmarks than this are drawn as dots, police offices excepted."""
KEY_PERSON_RINGS_UP_TO = 5_000
"""Key-person rings are drawn around at most this many visible households: beyond, they merge into dark smudges."""
GRID_LABELS_UP_TO = 400
RECENCY_DRAW_ORDER = (VisitRecency.VISITED, VisitRecency.DUE_SOON, VisitRecency.NEVER, VisitRecency.OVERDUE)
POINTS_UNDER_LANDMARKS = ("households", "disputes")
"""Point layers a landmark's badge is drawn over wherever it is listed: a few landmarks are what a reader finds
his way by, and a village's households would bury them."""
LANDMARK_OBSTACLE_WEIGHT = 3.0
"""A label hides a landmark's badge as reluctantly as three households."""
ROAD_OBSTACLE_WEIGHT = {RoadKind.MAIN: 0.5, RoadKind.LANE: 0.25, RoadKind.TRACK: 0.1}
"""Per cell of road under a label: crossing a main road costs about what covering a house does; a label may lie
across a track rather than on a house."""

GRID_LABEL_COLOUR = "#880e4f"
GRID_LABEL, LANDMARK_LABEL, HOUSE_NUMBER_LABEL = 3, 2, 1
"""Label priorities: a grid's name wins a place over a landmark's, which wins over a house number."""

IsCanceled = Callable[[], bool]
logger = logging.getLogger(__name__)
Choose = Callable[[np.ndarray], np.ndarray]
"""Picks, from per-cell counts per class (cells x classes), the class whose colour each cell takes."""


def most_common(per_class: np.ndarray) -> np.ndarray:
    return per_class.argmax(axis=1)


def hardest(per_class: np.ndarray) -> np.ndarray:
    """The highest class present: classes are ordered so that higher means more urgent (open red last)."""
    return per_class.shape[1] - 1 - np.argmax(per_class[:, ::-1] > 0, axis=1)


@dataclass(frozen=True)
class RenderedMap:
    image: QImage
    legend: tuple[LegendEntry, ...]
    aggregated_layers: tuple[str, ...]  # point layers drawn as cells because too many were in view
    milliseconds: float
    resolved_disputes_hidden: bool = False  # too many to draw at this scale: only open ones are shown
    symbols: SymbolCover | None = None
    """Where the point symbols went, for labels written over the image afterwards (a printed sheet's)."""
    labels: tuple[Label, ...] = ()
    """The labels drawn, each centred where it was placed."""
    overview: str = ""
    """What was shaded by coverage instead of households and disputes (:mod:`maps.overview`): "grid", "village",
    "township", or "" for a map of households."""

    @property
    def aggregated(self) -> bool:
        return bool(self.aggregated_layers)


def world_to_pixel(settings: MapSettings) -> QTransform:
    """Metres to image pixels (y down) for the settings' visible extent."""
    minx, _, _, maxy = settings.visible_extent
    mpp = settings.metres_per_pixel
    return QTransform(1 / mpp, 0, 0, -1 / mpp, -minx / mpp, maxy / mpp)


def pixel_columns_rows(settings: MapSettings, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    minx, _, _, maxy = settings.visible_extent
    mpp = settings.metres_per_pixel
    return ((x - minx) / mpp).astype(np.int64), ((maxy - y) / mpp).astype(np.int64)


class _Sprites:
    """Sprites are painted once per style and resolution, then reused by every render."""

    _cache: dict[tuple, Sprite] = {}

    @classmethod
    def get(cls, style: MarkerStyle, dpi: float) -> Sprite:
        key = (style, dpi)
        if key not in cls._cache:
            cls._cache[key] = make_sprite(style, dpi)
        return cls._cache[key]

    @classmethod
    def badge(cls, kind: LandmarkKind, dpi: float, dot: bool) -> Sprite:
        key = (kind, dpi, dot)
        if key not in cls._cache:
            style = LANDMARK_STYLES[kind]
            if dot:
                cls._cache[key] = make_sprite(landmark_dot(kind), dpi)
            else:
                radius = points_to_pixels(8 if kind is LandmarkKind.POLICE_OFFICE else 6, dpi)
                font = map_font(dpi, 8 if kind is LandmarkKind.POLICE_OFFICE else 6.5)
                cls._cache[key] = painted_sprite(
                    math.ceil(radius) + 2, lambda painter, x, y: paint_badge(painter, style, radius, font, x, y)
                )
        return cls._cache[key]


def drawing_order(views: tuple[LayerView, ...]) -> tuple[LayerView, ...]:
    """``views`` as drawn: as listed, except that landmarks go just above the households and disputes.

    >>> [view.name for view in drawing_order((LayerView("landmarks"), LayerView("households"), LayerView("roads")))]
    ['households', 'landmarks', 'roads']
    """
    names = [view.name for view in views]
    if "landmarks" not in names:
        return views
    landmarks = views[names.index("landmarks")]
    points = [names.index(name) for name in POINTS_UNDER_LANDMARKS if name in names]
    if not points or max(points) < names.index("landmarks"):
        return views
    rest = [view for view in views if view is not landmarks]
    above = max(rest.index(views[i]) for i in points) + 1
    return (*rest[:above], landmarks, *rest[above:])


def _reach(sprite: Sprite) -> int:
    """How far a sprite's visible pixels reach from its centre."""
    return int(max(np.abs(sprite.dx).max(), np.abs(sprite.dy).max())) if len(sprite.dx) else 0


def point_reach(marker: MarkerStyle, dpi: float) -> int:
    """How far (pixels at ``dpi``) a point symbol reaches from its centre: where a label around it may start."""
    return _reach(_Sprites.get(marker, dpi))


def _new_image(width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    return image


def _pixels(image: QImage) -> np.ndarray:
    """The image's pixels as a writable (height, width) uint32 array sharing its memory."""
    return np.frombuffer(image.bits(), dtype=np.uint32).reshape(image.height(), image.bytesPerLine() // 4)


class _Render:
    """One render: the image being drawn and the legend of what was drawn on it."""

    def __init__(self, settings: MapSettings, content: MapContent, is_canceled: IsCanceled) -> None:
        self.settings, self.content, self.is_canceled = settings, content, is_canceled
        self.image = QImage(settings.width, settings.height, QImage.Format.Format_ARGB32_Premultiplied)
        self.image.setDotsPerMeterX(round(settings.dpi / 0.0254))
        self.image.setDotsPerMeterY(round(settings.dpi / 0.0254))
        self.image.fill(QColor(settings.background))
        self.legend: list[LegendEntry] = []
        self.symbols = SymbolCover(settings.width, settings.height)
        self.labels = LabelPlacer(symbols=self.symbols)
        self.placed_labels: tuple[Label, ...] = ()
        self.aggregated_layers: list[str] = []
        self.resolved_disputes_hidden = False
        self.overview = "grid" if shows_overview(settings, content.grid_summaries) else ""  # or coarser: _overview
        self.to_pixel = world_to_pixel(settings)
        minx, miny, maxx, maxy = settings.visible_extent
        margin = 20 * settings.metres_per_pixel
        self.window = (minx - margin, miny - margin, maxx + margin, maxy + margin)

    def run(self) -> QImage:
        draw = {
            "sketch": self.sketch,
            "grids": self.grids,
            "roads": self.roads,
            "landmarks": self.landmarks,
            "households": self.households,
            "disputes": self.disputes,
        }
        for view in drawing_order(self.settings.layers):
            if self.is_canceled():
                raise Canceled()
            if not (view.visible and view.opacity > 0):
                continue
            if view.name in draw:
                draw[view.name](view.opacity, view.style)
            elif (table := imagery_table(view.name)) is not None:
                self.imagery(view.name, table, view.opacity)
        listed = [view.name for view in self.settings.layers]
        self.legend.sort(key=lambda entry: listed.index(entry.layer) if entry.layer in listed else len(listed))
        painter = self._painter(1.0, world=False)
        self.placed_labels = tuple(self.labels.paint(painter))
        painter.end()
        return self.image

    def _painter(self, opacity: float, world: bool) -> QPainter:
        painter = QPainter(self.image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setOpacity(opacity)
        if world:
            painter.setTransform(self.to_pixel)
        return painter

    def _visible(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        minx, miny, maxx, maxy = self.window
        return (x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy)

    # -- layers ------------------------------------------------------------
    def imagery(self, layer: str, table: str, opacity: float) -> None:
        """One imagery, read for exactly this view's extent and pixels, so its cost follows the view's size."""
        source = self.content.imagery_source(table)
        extent, width, height = self.settings.visible_extent, self.settings.width, self.settings.height
        if source is None or not source.covers(extent):
            return
        try:
            rgba = read_imagery(source, extent, width, height, self.settings.epsg, self.is_canceled)
        except ImageryReadError as error:  # a damaged tile: the map is still worth seeing without it
            logger.warning("%s", error)
            return
        if rgba is None:
            return
        image = QImage(rgba.data, width, height, width * 4, QImage.Format.Format_RGBA8888)
        painter = self._painter(opacity, world=False)
        painter.drawImage(0, 0, image)
        painter.end()
        self.legend.append(LegendEntry(layer, None, source.name, 1))

    def sketch(self, opacity: float, style: str) -> None:
        painter = self._painter(opacity, world=False)
        m = self.to_pixel
        to_pixel = np.array([[m.m11(), m.m21(), m.m31()], [m.m12(), m.m22(), m.m32()], [0, 0, 1]])
        for basemap in self.content.sketches:
            if self.settings.sketch_id and basemap.sketch_id != self.settings.sketch_id:
                continue
            h = to_pixel @ basemap.homography
            h = h / h[2, 2]
            painter.setTransform(QTransform(h[0, 0], h[1, 0], h[2, 0], h[0, 1], h[1, 1], h[2, 1], h[0, 2], h[1, 2], 1))
            painter.drawImage(0, 0, basemap.image)
            self.legend.append(LegendEntry("sketch", None, basemap.title, 1))
        painter.end()

    def _outlines_in_view(self, outlines: Outlines) -> tuple[QPainterPath, bool]:
        """The path to stroke and whether it may have styled (wide, antialiased) pens.

        Qt strokes wide antialiased pens through a general stroker over every vertex of
        a path, which costs about a second for a county's grids and lanes, while
        one-pixel hairlines take a fast path (about 20 ms). So: few outlines in view,
        a path of just those with styled pens; many, the whole prebuilt path in hairlines.
        """
        in_view = outlines.indices_within(self.window)
        mpp = self.settings.metres_per_pixel
        if len(in_view) <= STYLED_OUTLINES_UP_TO:
            return outlines.path_of(in_view, mpp), True
        if len(in_view) < len(outlines) / 2:  # a province's roads are millions of vertices: stroke only ours
            return outlines.path_of(in_view, mpp), False
        return outlines.whole(mpp), False

    def _line_pen(self, colour: str, width_points: float, styled: bool) -> QPen:
        pen = QPen(QColor(colour), points_to_pixels(width_points, self.settings.dpi) if styled else 0)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def grids(self, opacity: float, style: str) -> None:
        content = self.content
        painter = self._painter(opacity, world=True)
        path, styled = self._outlines_in_view(content.grids)
        if self.overview:
            self._overview(painter)
        elif styled:  # a tint per grid helps close up; over a county it would only cost time
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # the outline drawn next hides the edge
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor(GRID_FILL)))
            painter.drawPath(path)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.overview in ("", "grid"):  # grids too small to tell apart would hide their villages' shading
            painter.setPen(self._line_pen(GRID_OUTLINE.colour, GRID_OUTLINE.width, styled))
            painter.drawPath(path)
        painter.resetTransform()
        if content.grid_labels:
            self.legend.append(LegendEntry("grids", GRID_OUTLINE, "grids", len(content.grid_labels)))
        painter.end()
        if self.settings.labels and not self.overview:  # the overview writes its own figures on the grids
            self._grid_labels()

    def _grid_labels(self) -> None:
        """Each grid in view gets its name and officer, at the spot inside its visible part hiding fewest symbols."""
        settings = self.settings
        if len(self.content.grids.indices_within(settings.visible_extent)) > GRID_LABELS_UP_TO:
            return
        fonts = map_font(settings.dpi, 10, bold=True), map_font(settings.dpi, 8)
        for label in grid_labels_in_view(
            self.content, settings.visible_extent, self.to_pixel, fonts, GRID_LABEL_COLOUR
        ):
            self.labels.add(GRID_LABEL, label)

    def _overview(self, painter: QPainter) -> None:
        """Grids shaded by coverage with their figures, instead of households and disputes (:mod:`maps.overview`)."""
        mpp = self.settings.metres_per_pixel
        geometries = self.content.grids.geometries_at(mpp)
        units = overview_units(self.content, mpp)
        self.overview = units.unit
        points = [self.to_pixel.map(QPointF(x, y)) for x, y in units.anchors]
        inside = [(p.x(), p.y()) if 0 <= p.x() <= self.settings.width and 0 <= p.y() <= self.settings.height else None
                  for p in points]  # fmt: skip
        self.legend += draw_overview(painter, geometries, units, inside, mpp, self.settings.dpi, self.labels)

    def roads(self, opacity: float, style: str) -> None:
        painter = self._painter(opacity, world=True)
        kinds = [RoadKind.TRACK, RoadKind.LANE, RoadKind.MAIN]
        if self.settings.metres_per_pixel > LANES_BELOW_METRES_PER_PIXEL:
            kinds = [RoadKind.MAIN]
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for kind in kinds:
            outlines, road = self.content.roads.get(kind), ROAD_STYLES[kind]
            if outlines is None or not len(outlines):
                continue
            path, styled = self._outlines_in_view(outlines)
            if path.isEmpty():
                continue
            if road.casing and styled:
                painter.setPen(self._line_pen(road.casing, road.width + 1.5, styled))
                painter.drawPath(path)
            if road.casing and not styled:
                # main roads are few: two pixels without antialiasing keep them legible for ~10 ms
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                pen = QPen(QColor(road.casing), 2)
                pen.setCosmetic(True)
                painter.setPen(pen)
            else:
                painter.setPen(self._line_pen(road.colour, road.width, styled))
            painter.drawPath(path)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            width = points_to_pixels(road.width + (1.5 if road.casing else 0), self.settings.dpi)
            self.symbols.add_lines(path, self.to_pixel, width, ROAD_OBSTACLE_WEIGHT[kind])
            self.legend.append(LegendEntry("roads", road, kind, 1))
        painter.end()

    def landmarks(self, opacity: float, style: str) -> None:
        """Badges with a glyph; when crowded, dots (police offices keep badges unless they crowd too)."""
        content, settings = self.content, self.settings
        visible = np.nonzero(self._visible(content.landmark_x, content.landmark_y))[0]
        if not len(visible):
            return
        columns, rows = pixel_columns_rows(settings, content.landmark_x[visible], content.landmark_y[visible])
        kinds = content.landmark_kind[visible]
        # over the county overview, badges would hide the grids' shading: dots mark where offices are
        crowded = len(visible) > BADGES_UP_TO or self.overview
        police_crowded = np.count_nonzero(kinds == LandmarkKind.POLICE_OFFICE.value) > BADGES_UP_TO or self.overview
        layer = self._point_layer(opacity)
        pixels = _pixels(layer)
        police = LandmarkKind.POLICE_OFFICE
        listed = [member.value for member in LandmarkKind]  # the legend in the vocabulary's order, every time
        for kind in sorted(set(kinds), key=lambda code: (code == police.value, listed.index(code))):  # police on top
            member = LandmarkKind(kind)
            chosen = kinds == kind
            dot = police_crowded if member is police else crowded
            sprite = _Sprites.badge(member, settings.dpi, dot=dot)
            stamp(pixels, columns[chosen], rows[chosen], sprite)
            self.symbols.add_points(columns[chosen], rows[chosen], _reach(sprite), LANDMARK_OBSTACLE_WEIGHT)
            symbol = landmark_dot(member) if dot else LANDMARK_STYLES[member]
            self.legend.append(LegendEntry("landmarks", symbol, member, int(chosen.sum())))
        if settings.labels and not crowded and settings.metres_per_pixel < 3:
            font = map_font(settings.dpi, 7.5)
            below, beside = points_to_pixels(13, settings.dpi), points_to_pixels(12, settings.dpi)
            for column, row, i in zip(columns, rows, visible):
                badge = LANDMARK_STYLES[LandmarkKind(content.landmark_kind[i])]
                name = content.landmark_name[i]
                width = label_box(Label(0, 0, name, font, badge.fill)).width()
                spots = ((column, row - below), (column + beside + width / 2, row), (column - beside - width / 2, row))
                self.labels.add(LANDMARK_LABEL, Label(column, row + below, name, font, badge.fill, spots))
        self._finish_point_layer(layer, opacity)

    def households(self, opacity: float, style: str) -> None:
        if self.overview:
            return  # summarised by grid
        content = self.content
        visible = self._visible(content.household_x, content.household_y)
        columns, rows = pixel_columns_rows(self.settings, content.household_x[visible], content.household_y[visible])
        if not len(columns):
            return
        if style == HouseholdStyle.PLAIN.value:
            markers = {0: PLAIN_HOUSEHOLD}
            classes = np.zeros(len(columns), dtype=np.int8)
            meanings = {0: ("households", "")}
        else:
            order = [RECENCY_ORDER.index(recency) for recency in RECENCY_DRAW_ORDER]
            markers = {RECENCY_ORDER.index(r): RECENCY_MARKERS[r] for r in RECENCY_DRAW_ORDER}
            markers = {index: markers[index] for index in order}
            classes = content.household_recency[visible]
            meanings = {index: (recency, "") for index, recency in enumerate(RECENCY_ORDER)}
        key_person = content.household_key_person[visible]
        layer = self._point_layer(opacity)
        self._draw_points(layer, "households", columns, rows, classes, markers, meanings, key_person)
        if (
            self.settings.labels
            and self.settings.metres_per_pixel < HOUSE_NUMBERS_BELOW_METRES_PER_PIXEL
            and len(columns) < 3000
        ):
            font = map_font(self.settings.dpi, 6.5)
            reach = max(point_reach(marker, self.settings.dpi) for marker in markers.values())
            ringed = max(reach, point_reach(KEY_PERSON_RING, self.settings.dpi))
            for column, row, number, key in zip(columns, rows, content.household_no[visible], key_person):
                symbol = ringed if key else reach
                self.labels.add(HOUSE_NUMBER_LABEL, Label(column, row, str(number), font, "#333333", around=symbol))
        self._finish_point_layer(layer, opacity)

    def disputes(self, opacity: float, style: str) -> None:
        if self.overview:
            return  # counted on each grid
        content = self.content
        shown = self._visible(content.dispute_x, content.dispute_y)
        if style == DisputeStyle.ALL.value and shown.sum() > RESOLVED_DISPUTES_UP_TO:
            self.resolved_disputes_hidden = True  # history would bury the open ones at county scale
        if style == DisputeStyle.OPEN_ONLY.value or self.resolved_disputes_hidden:
            shown &= content.dispute_open
        columns, rows = pixel_columns_rows(self.settings, content.dispute_x[shown], content.dispute_y[shown])
        if not len(columns):
            return
        # classes: 0..3 resolved by grade, 4..7 open by grade; drawn in that order so red open ones end on top
        grades = content.dispute_grade[shown].astype(np.int8)
        classes = grades + 4 * content.dispute_open[shown].astype(np.int8)
        markers = {i: resolved_dispute_marker(grade) for i, grade in enumerate(GRADE_ORDER)}
        markers.update({4 + i: open_dispute_marker(grade) for i, grade in enumerate(GRADE_ORDER)})
        meanings = {i: (grade, "resolved") for i, grade in enumerate(GRADE_ORDER)}
        meanings.update({4 + i: (grade, "open") for i, grade in enumerate(GRADE_ORDER)})
        layer = self._point_layer(opacity)
        self._draw_points(
            layer, "disputes", columns, rows, classes, markers, meanings, cells=(DISPUTE_CELLS_ABOVE, hardest)
        )
        self._finish_point_layer(layer, opacity)

    # -- points ------------------------------------------------------------
    def _point_layer(self, opacity: float) -> QImage:
        """Where a point layer is drawn: straight on the map when opaque, else on its own image to blend."""
        return self.image if opacity >= 1 else _new_image(self.settings.width, self.settings.height)

    def _finish_point_layer(self, layer: QImage, opacity: float) -> None:
        if layer is self.image:
            return
        painter = QPainter(self.image)
        painter.setOpacity(opacity)
        painter.drawImage(0, 0, layer)
        painter.end()

    def _draw_points(
        self,
        image: QImage,
        layer: str,
        columns: np.ndarray,
        rows: np.ndarray,
        classes: np.ndarray,
        markers: dict[int, MarkerStyle],
        meanings: dict[int, tuple[object, str]],
        ringed: np.ndarray | None = None,
        cells: tuple[int, Choose] | None = None,
    ) -> None:
        """Points of one layer on ``image``, as symbols or, when too many to tell apart, as cells."""
        pixels = _pixels(image)
        cells = cells or (AGGREGATE_ABOVE, most_common)
        counts = np.bincount(classes, minlength=max(markers) + 1)
        aggregate_above, choose = cells
        if len(columns) > aggregate_above:
            self.aggregated_layers.append(layer)
            self._draw_cells(pixels, columns, rows, classes, markers, choose)
            self.symbols.add_points(columns, rows, round(points_to_pixels(CELL_POINTS, self.settings.dpi) / 2))
        else:
            reach = 0
            for index, marker in markers.items():
                chosen = classes == index
                if chosen.any():
                    sprite = _Sprites.get(marker, self.settings.dpi)
                    stamp(pixels, columns[chosen], rows[chosen], sprite)
                    reach = max(reach, _reach(sprite))
            self.symbols.add_points(columns, rows, reach)
            if ringed is not None and ringed.any() and len(columns) <= KEY_PERSON_RINGS_UP_TO:
                stamp(pixels, columns[ringed], rows[ringed], _Sprites.get(KEY_PERSON_RING, self.settings.dpi))
                self.legend.append(LegendEntry(layer, KEY_PERSON_RING, "key_person", int(ringed.sum())))
        for index, marker in markers.items():
            if counts[index]:
                meaning, state = meanings[index]
                self.legend.append(LegendEntry(layer, marker, meaning, int(counts[index]), state))

    def _draw_cells(
        self,
        pixels: np.ndarray,
        columns: np.ndarray,
        rows: np.ndarray,
        classes: np.ndarray,
        markers: dict,
        choose: Choose,
    ) -> None:
        """Each cell takes the colour of the class ``choose`` picks from its counts; emptier cells are paler."""
        height, width = self.settings.height, self.settings.width
        cell = max(2, round(points_to_pixels(CELL_POINTS, self.settings.dpi)))
        cells_x, cells_y = -(-width // cell), -(-height // cell)
        inside = (columns >= 0) & (columns < width) & (rows >= 0) & (rows < height)
        cell_index = (rows[inside] // cell) * cells_x + columns[inside] // cell
        n_classes = max(markers) + 1
        per_class = np.bincount(cell_index * n_classes + classes[inside], minlength=cells_x * cells_y * n_classes)
        per_class = per_class.reshape(cells_y * cells_x, n_classes)
        totals = per_class.sum(axis=1)
        dominant = choose(per_class)
        palette = np.zeros(n_classes, dtype=np.uint32)
        for index, marker in markers.items():
            colour = QColor(marker.fill or marker.outline)
            palette[index] = (colour.red() << 16) | (colour.green() << 8) | colour.blue()
        occupied = totals > 0
        strength = np.zeros(len(totals))
        strength[occupied] = 0.45 + 0.55 * np.log1p(totals[occupied]) / np.log1p(max(1, totals.max()))
        alpha = (strength * 255).astype(np.uint32)
        rgb = palette[dominant]
        premultiplied = (
            (alpha << 24)
            | ((((rgb >> 16) & 255) * alpha // 255) << 16)
            | ((((rgb >> 8) & 255) * alpha // 255) << 8)
            | ((rgb & 255) * alpha // 255)
        )
        grid = premultiplied.reshape(cells_y, cells_x).astype(np.uint32)
        full = np.repeat(np.repeat(grid, cell, axis=0), cell, axis=1)[:height, :width]
        drawn = full != 0
        target = pixels[:height, :width]
        target[drawn] = blend_over(target[drawn], full[drawn], full[drawn] >> 24)


def render_map(settings: MapSettings, content: MapContent, is_canceled: IsCanceled = lambda: False) -> RenderedMap:
    """Draw ``content`` as ``settings`` say; raises :class:`~layers.errors.Canceled` when ``is_canceled()``."""
    started = time.perf_counter()
    job = _Render(settings, content, is_canceled)
    image = job.run()
    milliseconds = (time.perf_counter() - started) * 1000
    return RenderedMap(image, tuple(job.legend), tuple(job.aggregated_layers), milliseconds,
                       job.resolved_disputes_hidden, job.symbols, job.placed_labels, job.overview)  # fmt: skip
