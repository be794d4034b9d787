"""A planned route drawn over the map: the way, arrows showing which way to go, the start, numbered stops.

One function draws it for the canvas overlay and for the printed route sheet
(:mod:`maps.print.route_sheet`), so the officer sees on paper what he saw on screen.
It is given a mapping from metres (UTM 48N) to device pixels and the device's
pixels per millimetre, so sizes are millimetres on screen and paper alike, and
knows nothing of pages or widgets. Coordinates go through the mapping in one
numpy call and the whole way is one path, so 200 stops draw in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF, QTransform

from layers.routing.plan import RoutePlan
from maps.fonts import map_font
from maps.qt_paths import polylines_path

ToDevice = Callable[[np.ndarray], np.ndarray]
"""Maps an (N, 2) array of metres to an (N, 2) array of device pixels."""

ROUTE_COLOUR = "#6a1b9a"
"""Violet: no layer of the map uses it (grids are magenta, visits blue, disputes the grade colours, roads yellow
and grey), so the route reads over all of them."""
START_COLOUR = "#212121"
HALO = "#ffffff"
LINE_MM = 0.9
HALO_MM = 0.5
"""White either side of the line and around every mark, so the route stands off roads and grid edges."""
ARROW_EVERY_MM = 22.0
ARROW_MM = 3.0
STOP_RADIUS_MM = 2.3
START_MM = 4.4
NUMBER_POINTS = 6.5
MARGIN_SHARE = 0.04
MARGIN_AT_LEAST_M = 60.0


def route_extent(plan: RoutePlan) -> tuple[float, float, float, float]:
    """The bounds of the route's path and stops in metres, with room around for the marks at its edge."""
    points = np.array([[stop.x, stop.y] for stop in _marked_stops(plan)])
    paths = shapely.get_coordinates(np.array([leg.path for leg in plan.legs], dtype=object))
    everything = np.vstack([points, paths]) if len(paths) else points
    (minx, miny), (maxx, maxy) = everything.min(axis=0), everything.max(axis=0)
    pad = max(MARGIN_AT_LEAST_M, MARGIN_SHARE * max(maxx - minx, maxy - miny))
    return (float(minx - pad), float(miny - pad), float(maxx + pad), float(maxy + pad))


def transform_mapping(transform: QTransform) -> ToDevice:
    """A :data:`ToDevice` applying ``transform`` (e.g. :func:`maps.renderer.world_to_pixel`) to arrays."""
    matrix = np.array([[transform.m11(), transform.m12()], [transform.m21(), transform.m22()]])
    offset = np.array([transform.m31(), transform.m32()])
    return lambda xy: np.asarray(xy, dtype=float) @ matrix + offset


def draw_route(painter: QPainter, plan: RoutePlan, to_device: ToDevice, mm: float) -> None:
    """Draw ``plan`` with ``painter``: the way with direction arrows, the start, each stop numbered in order.

    ``to_device`` maps metres to the painter's device pixels; ``mm`` is device
    pixels per millimetre. A straight-line plan is drawn dashed: those are not
    roads to follow.
    """
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    legs = [_device_coordinates(leg.path, to_device) for leg in plan.legs]
    _draw_way(painter, legs, mm, dashed=plan.straight_line)
    draw_arrows(painter, legs, mm)
    marked = _device_points(plan, to_device)
    draw_start_mark(painter, marked[0], mm)
    if not plan.closed:
        draw_start_mark(painter, marked[-1], mm, hollow=True)
    draw_stop_marks(painter, marked[1 : 1 + len(plan.stops)], [planned.number for planned in plan.stops], mm)
    painter.restore()


def _marked_stops(plan: RoutePlan) -> list:
    """The start, the stops in order, then the end when it is elsewhere."""
    return [plan.start, *(planned.stop for planned in plan.stops), *([] if plan.closed else [plan.end])]


def _device_points(plan: RoutePlan, to_device: ToDevice) -> np.ndarray:
    return to_device(np.array([[stop.x, stop.y] for stop in _marked_stops(plan)], dtype=float))


def _device_coordinates(path: shapely.LineString, to_device: ToDevice) -> np.ndarray:
    return to_device(shapely.get_coordinates(path)).reshape(-1, 2)


def _pen(colour: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    return QPen(QColor(colour), width, style, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)


def _draw_way(painter: QPainter, legs: list[np.ndarray], mm: float, dashed: bool) -> None:
    """Every leg in one path: a white halo first, then the violet line (dashed when straight)."""
    if not legs:
        return
    coordinates = np.vstack(legs)
    part = np.repeat(np.arange(len(legs)), [len(leg) for leg in legs])
    path = polylines_path(coordinates, part)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(_pen(HALO, (LINE_MM + 2 * HALO_MM) * mm))
    painter.drawPath(path)
    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    painter.setPen(_pen(ROUTE_COLOUR, LINE_MM * mm, style))
    painter.drawPath(path)


def arrow_marks(line: np.ndarray, every: float) -> tuple[np.ndarray, np.ndarray]:
    """Where along ``line`` (device pixels) the arrows go and which way each points (unit vectors).

    Evenly spread, one per ``every`` pixels and at least one on a line longer
    than ``every / 2``, so a short leg between neighbours still shows its way.

    >>> positions, directions = arrow_marks(np.array([[0.0, 0.0], [100.0, 0.0]]), 40.0)
    >>> positions[:, 0].tolist(), directions.tolist()
    ([25.0, 75.0], [[1.0, 0.0], [1.0, 0.0]])
    """
    steps = np.diff(line, axis=0)
    lengths = np.hypot(steps[:, 0], steps[:, 1])
    moving = lengths > 0
    steps, lengths, origins = steps[moving], lengths[moving], line[:-1][moving]
    total = float(lengths.sum())
    if total <= every / 2:
        return np.empty((0, 2)), np.empty((0, 2))
    count = max(1, int(total // every))
    along = (np.arange(count) + 0.5) * total / count
    ends = np.cumsum(lengths)
    segment = np.minimum(np.searchsorted(ends, along), len(lengths) - 1)
    fraction = (along - (ends[segment] - lengths[segment])) / lengths[segment]
    directions = steps[segment] / lengths[segment, None]
    return origins[segment] + steps[segment] * fraction[:, None], directions


def draw_arrows(painter: QPainter, lines: list[np.ndarray], mm: float, every_mm: float = ARROW_EVERY_MM) -> None:
    """Arrow heads on ``lines`` (device pixels), about one per ``every_mm``, pointing the way the officer goes."""
    marks = [arrow_marks(line, every_mm * mm) for line in lines if len(line) > 1]
    positions = np.vstack([position for position, _ in marks] or [np.empty((0, 2))])
    directions = np.vstack([direction for _, direction in marks] or [np.empty((0, 2))])
    if not len(positions):
        return
    length, half_width = ARROW_MM * mm, ARROW_MM * mm * 0.45
    tips = positions + directions * length / 2
    normals = np.column_stack([-directions[:, 1], directions[:, 0]]) * half_width
    backs = positions - directions * length / 2
    arrows = QPainterPath()
    for tip, back, normal in zip(tips, backs, normals):
        arrows.addPolygon(QPolygonF([QPointF(*tip), QPointF(*(back + normal)), QPointF(*(back - normal))]))
        arrows.closeSubpath()
    painter.setPen(_pen(HALO, HALO_MM * mm * 0.8))
    painter.setBrush(QBrush(QColor(ROUTE_COLOUR)))
    painter.drawPath(arrows)


def draw_start_mark(painter: QPainter, point: np.ndarray, mm: float, hollow: bool = False) -> None:
    """The police office the day starts from: a dark square with a white dot (the end, when elsewhere, hollow)."""
    side = START_MM * mm
    square = QRectF(point[0] - side / 2, point[1] - side / 2, side, side)
    painter.setPen(_pen(HALO, HALO_MM * mm))
    painter.setBrush(QColor(HALO if hollow else START_COLOUR))
    painter.drawRect(square)
    painter.setPen(_pen(START_COLOUR, HALO_MM * mm))
    painter.setBrush(QColor(START_COLOUR if hollow else HALO))
    dot = side * 0.18
    painter.drawEllipse(QPointF(*point), dot, dot)


def spread_discs(points: np.ndarray, radius: float, keep_clear: np.ndarray | None = None) -> np.ndarray:
    """Centres for discs of ``radius`` at ``points`` such that no two overlap, each as near its point as it can be.

    Neighbours' houses are often a few metres apart, and two stops there would print one number over the
    other (29 hidden under 30). In visiting order each disc keeps its own place if that is free, or else
    takes the nearest free place on rings around it (tried in steps of a disc's width, eight then more
    directions), and is joined to its place by a leader line. ``keep_clear`` (points, the start say) is
    kept free of discs as well. Greedy, like a cartographer's first pass: 200 stops take a few ms.
    """
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    taken = [] if keep_clear is None else [np.asarray(p, dtype=float) for p in np.asarray(keep_clear).reshape(-1, 2)]
    gap = 2.0 * radius + 0.5
    centres = np.empty_like(points)
    for index, point in enumerate(points):
        for ring in range(0, 8):
            directions = 1 if ring == 0 else 8 * ring
            angles = np.pi / 2 + 2 * np.pi * np.arange(directions) / directions  # up first: the map's usual side
            candidates = point + ring * gap * np.c_[np.cos(angles), -np.sin(angles)]
            free = [c for c in candidates if all(np.hypot(*(c - other)) >= gap for other in taken)]
            if free:
                centres[index] = free[0]
                break
        else:
            centres[index] = point  # a crowd beyond eight rings: printed over, as before
        taken.append(centres[index])
    return centres


def draw_stop_marks(painter: QPainter, points: np.ndarray, numbers: list[int], mm: float) -> None:
    """A violet disc with the visiting number in white, moved aside on a leader line where stops crowd."""
    radius = STOP_RADIUS_MM * mm
    centres = spread_discs(points, radius + HALO_MM * mm * 0.4)
    moved = np.hypot(*(centres - points).T) > 0.5
    painter.setPen(_pen(ROUTE_COLOUR, HALO_MM * mm * 0.6))
    for point, centre in zip(points[moved], centres[moved]):
        painter.drawLine(QPointF(*point), QPointF(*centre))
        painter.setBrush(QColor(ROUTE_COLOUR))
        painter.drawEllipse(QPointF(*point), radius * 0.3, radius * 0.3)  # where the stop really is
    painter.setPen(_pen(HALO, HALO_MM * mm * 0.8))
    painter.setBrush(QColor(ROUTE_COLOUR))
    fonts = {digits: map_font(mm * 25.4, NUMBER_POINTS * min(1.0, 2.6 / (digits + 0.6))) for digits in (1, 2, 3, 4)}
    for point, number in zip(centres, numbers):
        centre = QPointF(*point)
        painter.setPen(_pen(HALO, HALO_MM * mm * 0.8))
        painter.drawEllipse(centre, radius, radius)
        text = str(number)
        painter.setFont(fonts[min(4, len(text))])
        painter.setPen(QColor(HALO))
        painter.drawText(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
                         Qt.AlignmentFlag.AlignCenter, text)  # fmt: skip
