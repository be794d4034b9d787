"""Where a map's symbols lie, so a label can be put where it hides the fewest.

QGIS's labelling engine treats the features it draws as obstacles and prices
each candidate position of a label by what it would cover. Here the symbols a
render stamped (households, disputes, landmarks) are counted per small cell of
the image: adding 100,000 points is a handful of numpy calls, and a summed-area
table then prices any box in four lookups, whatever the number of symbols.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QTransform

CELL = 4
"""Side of a cell in pixels: finer than a house symbol, coarse enough that a screen is ~130,000 cells."""


class SymbolCover:
    """How many symbols cover each cell of an image ``width`` x ``height`` pixels.

    Symbols are recorded as they are drawn and counted only when a label first
    asks (:meth:`cost`), so a render that places no label pays nothing.
    ``origin`` is where the image's top-left pixel lies in the coordinates the
    labels use (a printed page's map frame), so boxes are priced in those.

    >>> cover = SymbolCover(100, 60)
    >>> cover.add_points(np.array([50]), np.array([30]), radius=4)
    >>> cover.cost(QRectF(0, 0, 20, 20)), cover.cost(QRectF(44, 24, 12, 12)) > 0
    (0.0, True)
    """

    def __init__(self, width: int, height: int, origin: tuple[float, float] = (0.0, 0.0)) -> None:
        self.width, self.height, self.origin = width, height, origin
        self._cells_x, self._cells_y = -(-width // CELL), -(-height // CELL)
        self._pending: list[tuple[np.ndarray, np.ndarray, int, float]] = []
        self._lines: list[tuple[QPainterPath, QTransform, float, float]] = []
        self._table: np.ndarray | None = None

    def add_points(self, columns: np.ndarray, rows: np.ndarray, radius: int, weight: float = 1.0) -> None:
        """Symbols of ``radius`` pixels centred on each (column, row) pixel, each counting ``weight``."""
        if len(columns):
            self._pending.append((columns, rows, radius, weight))
            self._table = None

    def add_lines(self, path: QPainterPath, to_pixel: QTransform, width: float, weight: float) -> None:
        """Lines of ``path`` (mapped to pixels by ``to_pixel``) drawn ``width`` pixels wide, ``weight`` per cell.

        They are drawn again, coarsely, into the cells only when a label first asks.
        """
        if not path.isEmpty():
            self._lines.append((path, to_pixel, width, weight))
            self._table = None

    def with_origin(self, origin: tuple[float, float]) -> SymbolCover:
        """The same symbols, priced in coordinates where the image's top-left pixel is at ``origin``."""
        moved = SymbolCover(self.width, self.height, origin)
        moved._pending, moved._lines = list(self._pending), list(self._lines)
        return moved

    def cost(self, box: QRectF) -> float:
        """The symbols under ``box``: each symbol's cells it covers, times the symbol's weight."""
        edges = (np.array([v]) for v in (box.left(), box.top(), box.right(), box.bottom()))
        return float(self.costs(*edges)[0])

    def costs(self, left: np.ndarray, top: np.ndarray, right: np.ndarray, bottom: np.ndarray) -> np.ndarray:
        """:meth:`cost` of many boxes at once, given by their edges."""
        table = self._summed()
        nx, ny = self._cells_x, self._cells_y
        # edges rounded to the nearest cell edge, as the symbols' are: a box beside a symbol does not touch it
        x0, x1 = (np.clip((v - self.origin[0] + CELL / 2) // CELL, 0, nx).astype(np.int64) for v in (left, right))
        y0, y1 = (np.clip((v - self.origin[1] + CELL / 2) // CELL, 0, ny).astype(np.int64) for v in (top, bottom))
        x1, y1 = np.maximum(x1, x0), np.maximum(y1, y0)  # an empty box covers nothing
        return table[y1, x1] - table[y0, x1] - table[y1, x0] + table[y0, x0]

    def _line_cells(self, path: QPainterPath, to_pixel: QTransform, width: float) -> np.ndarray:
        """Which cells the lines cross (cells_y x cells_x, 0 or 1), drawn at one pixel per cell."""
        image = QImage(self._cells_x, self._cells_y, QImage.Format.Format_Grayscale8)
        image.fill(0)
        painter = QPainter(image)
        painter.setTransform(to_pixel * QTransform.fromScale(1 / CELL, 1 / CELL))
        pen = QPen(QColor(255, 255, 255), max(1.0, width / CELL))
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.end()
        rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(self._cells_y, image.bytesPerLine())
        return rows[:, : self._cells_x] > 0

    def _summed(self) -> np.ndarray:
        """The summed-area table of the per-cell counts, (cells_y + 1) x (cells_x + 1), built once."""
        if self._table is None:
            nx, ny = self._cells_x, self._cells_y
            corners, weights = [], []
            for columns, rows, radius, weight in self._pending:
                # each symbol adds its weight over a rectangle of cells: four corners of a difference array
                x0 = np.clip((columns - radius + CELL // 2) // CELL, 0, nx)
                x1 = np.clip((columns + radius + 1 + CELL // 2) // CELL, 0, nx)
                y0 = np.clip((rows - radius + CELL // 2) // CELL, 0, ny)
                y1 = np.clip((rows + radius + 1 + CELL // 2) // CELL, 0, ny)
                corners += [y0 * (nx + 1) + x0, y0 * (nx + 1) + x1, y1 * (nx + 1) + x0, y1 * (nx + 1) + x1]
                weights += [np.full(len(columns), w) for w in (weight, -weight, -weight, weight)]
            size = (ny + 1) * (nx + 1)
            if corners:
                difference = np.bincount(np.concatenate(corners), np.concatenate(weights), minlength=size)
            else:
                difference = np.zeros(size)
            counts = difference.reshape(ny + 1, nx + 1).cumsum(axis=0).cumsum(axis=1)[:ny, :nx]
            for path, to_pixel, width, weight in self._lines:
                counts += weight * self._line_cells(path, to_pixel, width)
            table = np.zeros((ny + 1, nx + 1))
            table[1:, 1:] = counts.cumsum(axis=0).cumsum(axis=1)
            self._table = table
        return self._table
