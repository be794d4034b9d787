"""The print engine under every document: the PDF writer and the page kit."""

from __future__ import annotations

import doctest

import numpy as np
import pypdf
import pytest
from PySide6.QtGui import QColor, QImage

from layers.errors import Canceled, PrintError
from layers.feedback import Feedback
from maps.print.page import A4_PORTRAIT, DOCUMENT_TABLE, Column, PageFormat, PagePainter, Paper, page_as_image
from maps.print.pagination import flow_rows
from maps.print.pdf import write_pdf


def _draw_a_box(painter, number: int, dpi: int = 72) -> None:
    """A black 20 x 5 mm box, 10 mm from the left and ``10 * number`` mm from the top."""
    page = PagePainter(painter, dpi, A4_PORTRAIT.size_mm)
    painter.fillRect(page.rect(10, 10 * number, 20, 5), QColor("#000000"))


def test_pages_go_into_one_pdf_of_the_paper_asked_for(qapp, tmp_path):
    out = tmp_path / "sheet.pdf"
    feedback = Feedback()
    write_pdf(out, "Sheet", [PageFormat(Paper.A3, landscape=True)] * 3, 72, _draw_a_box, feedback)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 3 and reader.metadata.title == "Sheet"
    assert [round(value) for value in reader.pages[0].mediabox[2:]] == [1191, 842]
    assert feedback.progress == 100
    assert [path.name for path in tmp_path.iterdir()] == ["sheet.pdf"]


def test_each_page_has_its_own_paper_and_orientation(qapp, tmp_path):
    """An atlas turns its overview of a wide station landscape and keeps its grid sheets portrait."""
    out = tmp_path / "atlas.pdf"
    formats = [PageFormat(Paper.A4, landscape=True), A4_PORTRAIT, PageFormat(Paper.A3), A4_PORTRAIT]
    write_pdf(out, "Atlas", formats, 72, _draw_a_box, Feedback())
    sizes = [[round(value) for value in page.mediabox[2:]] for page in pypdf.PdfReader(out).pages]
    assert sizes == [[842, 595], [595, 842], [842, 1191], [595, 842]]


def test_a_pdf_that_cannot_be_started_names_the_file(qapp, tmp_path):
    """Qt draws into nothing when the painter does not start: the user must learn which file failed."""
    out = tmp_path / ("网格图" * 26 + ".pdf")  # a name the disk takes, but not with the temporary name's additions
    with pytest.raises(PrintError, match=r"网格图\.pdf.*cannot be written"):
        write_pdf(out, "Sheet", [A4_PORTRAIT], 72, _draw_a_box, Feedback())
    assert list(tmp_path.iterdir()) == []
    missing = tmp_path / "missing" / "sheet.pdf"
    with pytest.raises(PrintError, match=r"missing.sheet\.pdf.*folder does not exist"):
        write_pdf(missing, "Sheet", [A4_PORTRAIT], 72, _draw_a_box, Feedback())


def test_a_cancel_keeps_the_previous_file(qapp, tmp_path):
    out = tmp_path / "sheet.pdf"
    out.write_bytes(b"before")

    class CancelOnTheSecondPage(Feedback):
        def set_progress(self, percent: float) -> None:
            super().set_progress(percent)
            self.cancel()

    with pytest.raises(Canceled):
        write_pdf(out, "Sheet", [A4_PORTRAIT] * 3, 72, _draw_a_box, CancelOnTheSecondPage())
    assert out.read_bytes() == b"before"
    assert [path.name for path in tmp_path.iterdir()] == ["sheet.pdf"]


def test_a_page_image_has_the_papers_pixels_at_its_resolution(qapp):
    image = page_as_image(PageFormat(Paper.A4, landscape=True), 150, lambda painter: _draw_a_box(painter, 1, 150))
    assert (image.width(), image.height()) == (1754, 1240)
    assert round(image.dotsPerMeterX() * 0.0254) == 150
    assert QColor(image.pixel(2, 2)).name() == "#ffffff"
    px_per_mm = 150 / 25.4
    assert QColor(image.pixel(round(20 * px_per_mm), round(12 * px_per_mm))).name() == "#000000"
    assert QColor(image.pixel(round(20 * px_per_mm), round(16 * px_per_mm))).name() == "#ffffff"


def test_the_examples_in_the_docstrings_hold():
    from maps.print import bulletin, pagination, weekly_sheet

    for module in (pagination, bulletin, weekly_sheet):
        result = doctest.testmod(module)
        assert result.attempted and not result.failed, module.__name__


def test_rows_flow_over_pages_that_come_anyway_then_over_full_pages():
    assert flow_rows(7, [2, 2], 10) == [(0, 2), (2, 4), (4, 7)]
    assert flow_rows(25, [0], 10) == [(0, 0), (0, 10), (10, 20), (20, 25)], "a map page without room for a row"
    with pytest.raises(ValueError, match="no room"):
        flow_rows(3, [1], 0)


def test_headings_of_one_line_sit_in_the_middle_of_the_header(qapp):
    """The weekly and route sheets' one-line headings sat at the top of a header made for two lines."""
    dpi, top = 300, 20.0

    def draw(painter) -> None:
        page = PagePainter(painter, dpi, A4_PORTRAIT.size_mm)
        page.table(10, top, 150, [Column("Visits", 1.0), Column("House no.", 1.0, numeric=False)], [["3", "12"]])

    image = page_as_image(A4_PORTRAIT, dpi, draw).convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    px_per_mm = dpi / 25.4
    band = pixels[round(top * px_per_mm) : round((top + DOCUMENT_TABLE.header_mm) * px_per_mm)]
    inked = np.flatnonzero((band < 128).any(axis=1))
    middle = (inked[0] + inked[-1]) / 2 / px_per_mm
    assert middle == pytest.approx(DOCUMENT_TABLE.header_mm / 2, abs=0.4)
