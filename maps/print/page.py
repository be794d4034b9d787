"""The page kit of every printed document: paper, millimetres, text, tables and the page frame.

Everything Wangge prints (grid sheets, the atlas, the monthly bulletin, the
weekly sheet, the route sheet) is drawn in millimetres on any QPainter whose
device has ``dpi`` pixels per inch, a :class:`~PySide6.QtGui.QPdfWriter` page or
a QImage, so the PDF, a PNG and a preview are the same drawing. Text is real
text (searchable in the PDF) in the bundled font, which the PDF embeds. The
documents differ in their measures (margins, row heights), which they give as
data (:class:`PageFrame`, :class:`TableStyle`); how a title block, a table or a
footer is drawn is decided here, once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication, QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPen

from maps.fonts import map_font
from maps.label_placement import paint_text

MM_PER_INCH = 25.4
ACCENT = "#880e4f"
"""The colour of titles on every printed page of Wangge."""
INK = "#1a1a1a"
QUIET = "#555555"
"""Footers, notes and page numbers."""
WARNING = "#b2182b"
"""A footer that warns: the sheet names residents in full."""


class Paper(Enum):
    """Paper sizes, width and height in mm (portrait)."""

    A4 = (210.0, 297.0)
    A3 = (297.0, 420.0)


@dataclass(frozen=True)
class PageFormat:
    """A paper size turned portrait or landscape."""

    paper: Paper = Paper.A4
    landscape: bool = False

    @property
    def size_mm(self) -> tuple[float, float]:
        width, height = self.paper.value
        return (height, width) if self.landscape else (width, height)


A4_PORTRAIT = PageFormat()
A4_MM = A4_PORTRAIT.size_mm


def pixels_per_mm(dpi: float) -> float:
    """Device pixels in a millimetre of paper at ``dpi``."""
    return dpi / MM_PER_INCH


# -- the page frame -----------------------------------------------------------------------


@dataclass(frozen=True)
class PageFrame:
    """A document's title block and footer, in mm: where its title, subtitle, rule and footer line lie."""

    margin_mm: float
    title_mm: float
    """The title block's height, from the top margin to where the body starts."""
    footer_mm: float
    title_baseline_mm: float
    """Below the top margin, as the subtitle's."""
    subtitle_baseline_mm: float
    rule_mm: float
    """How far above the body the rule under the title lies."""

    @property
    def body_top_mm(self) -> float:
        return self.margin_mm + self.title_mm

    def body_bottom_mm(self, page_height_mm: float) -> float:
        return page_height_mm - self.margin_mm - self.footer_mm


MARGIN_MM = 12.0
TITLE_MM = 24.0
FOOTER_MM = 8.0
DOCUMENT_FRAME = PageFrame(MARGIN_MM, TITLE_MM, FOOTER_MM, title_baseline_mm=9.0, subtitle_baseline_mm=16.5,
                           rule_mm=4.0)  # fmt: skip
"""The frame of the bulletin, the weekly sheet and the route sheet."""


def residents_notice(show_personal: bool) -> str:
    """The footer of a sheet that lists residents: whether it names them in full."""
    if show_personal:
        return QCoreApplication.translate(
            "PrintLayout", "Contains residents' personal information in full: keep it safe and destroy after use"
        )
    return QCoreApplication.translate(
        "PrintLayout", "Residents' names and phone numbers are masked; ID numbers are never printed"
    )


# -- tables -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A table column: its heading, its width share, and whether its values are numbers (right-aligned)."""

    heading: str
    share: float
    numeric: bool = True


@dataclass(frozen=True)
class TableStyle:
    """A document's table measures in mm and type sizes in points.

    A table is a heading line, then a shaded header row, then the rows, then a gap
    before what follows; :meth:`rows_fitting` and :meth:`height_mm` are what
    pagination (:mod:`maps.print.pagination`) counts with.
    """

    heading_mm: float
    """From the top of the heading line to the header row."""
    header_mm: float
    row_mm: float
    gap_mm: float
    heading_lines_mm: tuple[float, ...]
    """Where the middle of each line of a column heading lies below the header's top (headings may wrap); a table
    whose headings take fewer lines sets them in the middle of the header."""
    header_points: float
    row_points: float
    padding_mm: float
    rule_below: bool

    def rows_fitting(self, room_mm: float) -> int:
        """How many rows fit, under the heading and the header, in ``room_mm`` (zero or less when none do)."""
        return int((room_mm - self.heading_mm - self.header_mm) // self.row_mm)

    def height_mm(self, rows: int) -> float:
        """The height of the heading, the header, ``rows`` rows and the gap after them."""
        return self.heading_mm + self.header_mm + rows * self.row_mm + self.gap_mm


ROW_MM = 5.2
HEADER_MM = 8.0
TABLE_HEADING_MM = 8.0
GAP_MM = 6.0
DOCUMENT_TABLE = TableStyle(TABLE_HEADING_MM, HEADER_MM, ROW_MM, GAP_MM, heading_lines_mm=(2.4, 5.76),
                            header_points=6, row_points=7, padding_mm=1.0, rule_below=True)  # fmt: skip
"""The tables of the bulletin, the weekly sheet and the route sheet: two-line headings."""
HEADER_FILL = "#f3e5ec"
SHADED_ROW_FILL = "#f7f7f7"


# -- drawing ------------------------------------------------------------------------------


class PagePainter:
    """Millimetre drawing on ``painter``; ``size_mm`` is the page's width and height."""

    def __init__(self, painter: QPainter, dpi: int, size_mm: tuple[float, float],
                 page_frame: PageFrame = DOCUMENT_FRAME) -> None:  # fmt: skip
        self.painter, self.dpi, self.size_mm, self.page_frame = painter, dpi, size_mm, page_frame
        self.px_per_mm = pixels_per_mm(dpi)

    def mm(self, value: float) -> float:
        """``value`` mm in device pixels."""
        return value * self.px_per_mm

    def to_mm(self, pixels: float) -> float:
        """``pixels`` device pixels in mm."""
        return pixels / self.px_per_mm

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
        return self.to_mm(QFontMetricsF(map_font(self.dpi, points)).horizontalAdvance(text))

    def points_to_fit(self, text: str, points: float, width: float, smallest: float = 6.0) -> float:
        """``points``, or the size down to ``smallest`` at which ``text`` fits ``width`` mm: a subtitle that
        says a route's whole day in Chinese must not run off the page."""
        wide = self.text_width(text, points)
        return points if wide <= width else max(smallest, points * width / wide)

    def fitted(self, text: str, points: float, width: float) -> str:
        """``text`` cut with an ellipsis to ``width`` mm: a long grid name must not run into the officer."""
        if self.text_width(text, points) <= width:
            return text
        while text and self.text_width(text + "…", points) > width:
            text = text[:-1]
        return text + "…"

    def line(self, x0: float, y0: float, x1: float, y1: float, colour: str, width_mm: float) -> None:
        self.painter.setPen(QPen(QColor(colour), self.mm(width_mm)))
        self.painter.drawLine(QPointF(self.mm(x0), self.mm(y0)), QPointF(self.mm(x1), self.mm(y1)))

    def frame(self, title: str, subtitle: str, page_label: str, note: str, note_colour: str = QUIET) -> None:
        """Title, subtitle and rule at the top; the note (what the page says about residents) and the page
        label at the bottom, in one colour."""
        frame = self.page_frame
        width, height = self.size_mm
        self.text(frame.margin_mm, frame.margin_mm + frame.title_baseline_mm, title, 16, bold=True, colour=ACCENT)
        self.text(frame.margin_mm, frame.margin_mm + frame.subtitle_baseline_mm, subtitle,
                  self.points_to_fit(subtitle, 8.5, width - 2 * frame.margin_mm))  # fmt: skip
        rule = frame.margin_mm + frame.title_mm - frame.rule_mm
        self.line(frame.margin_mm, rule, width - frame.margin_mm, rule, ACCENT, 0.5)
        baseline = height - frame.margin_mm - 1.5
        self.text(frame.margin_mm, baseline, note, 7, colour=note_colour)
        self.text(0, baseline, page_label, 7, colour=note_colour, right=width - frame.margin_mm)

    def table(self, x: float, y: float, width: float, columns: list[Column], rows: list[list[str]],
              style: TableStyle = DOCUMENT_TABLE, bold_last: bool = False) -> float:  # fmt: skip
        """A header row and ``rows`` from ``y`` (the header's top); returns where the table ends (mm)."""
        scale = width / sum(column.share for column in columns)
        self.painter.fillRect(self.rect(x, y, width, style.header_mm), QColor(HEADER_FILL))
        lines = style.heading_lines_mm[: max(len(column.heading.split("\n")) for column in columns)]
        shift = style.header_mm / 2 - (lines[0] + lines[-1]) / 2  # headings of one line in the middle of the band
        for line, middle in enumerate(lines):  # a heading's second line: the grades under "new"
            cells = [(column.heading.split("\n") + [""])[line] for column in columns]
            self._row(x, y + middle + shift, scale, columns, cells, style, style.header_points, False)
        top = y + style.header_mm
        for index, row in enumerate(rows):
            row_y = top + index * style.row_mm
            if index % 2 == 1:
                self.painter.fillRect(self.rect(x, row_y, width, style.row_mm), QColor(SHADED_ROW_FILL))
            bold = bold_last and index == len(rows) - 1
            self._row(x, row_y + style.row_mm / 2, scale, columns, row, style, style.row_points, bold)
        bottom = top + len(rows) * style.row_mm
        if style.rule_below:
            self.line(x, bottom, x + width, bottom, "#999999", 0.2)
        return bottom

    def _row(self, x: float, middle: float, scale: float, columns: list[Column], cells: list[str],
             style: TableStyle, points: float, bold: bool) -> None:  # fmt: skip
        left = x
        baseline = middle + points * 0.352 * 0.38  # a point is 0.352 mm; centre the x-height
        for column, cell in zip(columns, cells):
            width = column.share * scale
            if column.numeric:
                self.text(0, baseline, cell, points, bold, right=left + width - style.padding_mm)
            else:
                fitted = self.fitted(cell, points, width - 2 * style.padding_mm)
                self.text(left + style.padding_mm, baseline, fitted, points, bold)
            left += width


def page_as_image(page_format: PageFormat, dpi: int, paint: Callable[[QPainter], None]) -> QImage:
    """A white page at ``dpi`` with ``paint(painter)`` drawn on it: a PNG page and the print previews."""
    width, height = (round(value * pixels_per_mm(dpi)) for value in page_format.size_mm)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    dots_per_metre = round(pixels_per_mm(dpi) * 1000)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    try:
        paint(painter)
    finally:
        painter.end()
    return image
