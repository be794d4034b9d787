"""Drawing on a bulletin page in millimetres: text, the ranking table, the frame of every page.

The bulletin (:mod:`maps.print.bulletin`) is printed like the atlas, on any QPainter
whose device has ``dpi`` pixels per inch, so the PDF and a preview image are
the same drawing. Text is real text (searchable in the PDF), in the bundled
font, which the PDF embeds.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMarginsF, QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from layers.errors import PrintError
from layers.feedback import Feedback
from maps.fonts import map_font
from maps.label_placement import paint_text

MARGIN_MM = 12.0
TITLE_MM = 24.0
FOOTER_MM = 8.0
ROW_MM = 5.2
HEADER_MM = 8.0
ACCENT = "#880e4f"
"""The colour of titles on every printed page of Wangge (the atlas uses it too)."""
INK = "#1a1a1a"


@dataclass(frozen=True)
class Column:
    """A table column: its heading, its width share, and whether its values are numbers (right-aligned)."""

    heading: str
    share: float
    numeric: bool = True


class PagePainter:
    """Millimetre drawing on ``painter``; ``size_mm`` is the page's width and height."""

    def __init__(self, painter: QPainter, dpi: int, size_mm: tuple[float, float]) -> None:
        self.painter, self.dpi, self.size_mm = painter, dpi, size_mm
        self.px_per_mm = dpi / 25.4

    def mm(self, value: float) -> float:
        return value * self.px_per_mm

    def rect(self, x: float, y: float, width: float, height: float) -> QRectF:
        return QRectF(self.mm(x), self.mm(y), self.mm(width), self.mm(height))

    def text(self, x: float, baseline: float, text: str, points: float, bold: bool = False, colour: str = INK,
             right: float | None = None) -> None:  # fmt: skip
        """Text whose baseline starts at ``x`` (or, given ``right``, ends at ``right``), in mm."""
        font = map_font(self.dpi, points, bold)
        left = self.mm(x)
        if right is not None:
            left = self.mm(right) - QFontMetricsF(font).horizontalAdvance(text)
        paint_text(self.painter, QPointF(left, self.mm(baseline)), text, font, colour)

    def text_width(self, text: str, points: float) -> float:
        """Width of ``text`` in mm."""
        return QFontMetricsF(map_font(self.dpi, points)).horizontalAdvance(text) / self.px_per_mm

    def line(self, x0: float, y0: float, x1: float, y1: float, colour: str, width_mm: float) -> None:
        self.painter.setPen(QPen(QColor(colour), self.mm(width_mm)))
        self.painter.drawLine(QPointF(self.mm(x0), self.mm(y0)), QPointF(self.mm(x1), self.mm(y1)))

    def frame(self, title: str, subtitle: str, page_label: str, note: str | None = None) -> None:
        """Title, subtitle and rule at the top; the privacy note (the bulletin's by default) and the page number
        at the bottom."""
        width, height = self.size_mm
        self.text(MARGIN_MM, MARGIN_MM + 9, title, 16, bold=True, colour=ACCENT)
        self.text(MARGIN_MM, MARGIN_MM + 16.5, subtitle, 8.5)
        self.line(MARGIN_MM, MARGIN_MM + TITLE_MM - 4, width - MARGIN_MM, MARGIN_MM + TITLE_MM - 4, ACCENT, 0.5)
        if note is None:
            note = QCoreApplication.translate("Bulletin", "Counts only: this bulletin names no resident")
        baseline = height - MARGIN_MM - 1.5
        self.text(MARGIN_MM, baseline, note, 7, colour="#555555")
        self.text(0, baseline, page_label, 7, colour="#555555", right=width - MARGIN_MM)

    def table(self, x: float, y: float, width: float, columns: list[Column], rows: list[list[str]],
              bold_last: bool = False) -> float:  # fmt: skip
        """A header row and ``rows`` from ``y``; returns where the table ends (mm)."""
        scale = width / sum(column.share for column in columns)
        self.painter.fillRect(self.rect(x, y, width, HEADER_MM), QColor("#f3e5ec"))
        for line in range(2):  # a heading's second line: the grades under "new", "resolved", "open"
            cells = [(column.heading.split("\n") + [""])[line] for column in columns]
            self._row(x, y + 0.4 + line * HEADER_MM * 0.42, HEADER_MM * 0.5, scale, columns, cells, 6, False)
        top = y + HEADER_MM
        for index, row in enumerate(rows):
            row_y = top + index * ROW_MM
            if index % 2 == 1:
                self.painter.fillRect(self.rect(x, row_y, width, ROW_MM), QColor("#f7f7f7"))
            self._row(x, row_y, ROW_MM, scale, columns, row, 7, bold_last and index == len(rows) - 1)
        bottom = top + len(rows) * ROW_MM
        self.line(x, bottom, x + width, bottom, "#999999", 0.2)
        return bottom

    def _row(self, x: float, y: float, height: float, scale: float, columns: list[Column], cells: list[str],
             points: float, bold: bool) -> None:  # fmt: skip
        left = x
        baseline = y + height / 2 + points * 0.352 * 0.38  # a point is 0.352 mm; centre the x-height
        for column, cell in zip(columns, cells):
            width = column.share * scale
            if column.numeric:
                self.text(0, baseline, cell, points, bold, right=left + width - 1.0)
            else:
                self.text(left + 1.0, baseline, _fitted(self, cell, points, width - 2.0), points, bold)
            left += width


def _fitted(page: PagePainter, text: str, points: float, width: float) -> str:
    """``text`` cut with an ellipsis to ``width`` mm: a long grid name must not run into the officer."""
    if page.text_width(text, points) <= width:
        return text
    while text and page.text_width(text + "…", points) > width:
        text = text[:-1]
    return text + "…"


def pdf_destination(out: str | Path) -> Path:
    """``out`` as a path a PDF may be written to; a wrong suffix or a missing folder is refused before any work."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise PrintError(path=str(out), reason=QT_TRANSLATE_NOOP("reason", "the file must end in .pdf"))
    if not out.parent.is_dir():
        raise PrintError(path=str(out), reason=QT_TRANSLATE_NOOP("reason", "the folder does not exist"))
    return out


def write_a4_pdf(
    out: Path,
    title: str,
    dpi: int,
    page_count: int,
    paint: Callable[[QPainter, int], None],
    feedback: Feedback,
    progress_from: float = 0.0,
) -> None:
    """Paint ``page_count`` A4 portrait pages (``paint(painter, number)``, from 1) into the PDF ``out``.

    Written under a temporary name and renamed when complete, so a cancel or a
    failure never leaves a half-written file where the user expects a sheet.
    """
    temporary = out.with_name(f".{out.name}.part")
    try:
        writer = QPdfWriter(str(temporary))
        writer.setCreator("Wangge")
        writer.setTitle(title)
        writer.setResolution(dpi)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                         QMarginsF(0, 0, 0, 0)))  # fmt: skip
        painter = QPainter(writer)
        if not painter.isActive():
            raise PrintError(path=str(out), reason=QT_TRANSLATE_NOOP("reason", "the file cannot be written"))
        try:
            for number in range(1, page_count + 1):
                feedback.raise_if_canceled()
                if number > 1:
                    writer.newPage()
                paint(painter, number)
                feedback.set_progress(progress_from + (100 - progress_from) * number / page_count)
        finally:
            painter.end()
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
