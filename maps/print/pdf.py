"""Printed documents as PDF files, written whole or not at all.

Every document hands its pages to :func:`write_pdf` as a painting function, so
each PDF is written the same way: under a temporary name that is renamed when
the last page is done (:func:`layers.files.atomic_output`), so a cancel or a
failure never leaves a half-written file where the user expects a sheet; with a
painter that is checked to have started, since Qt otherwise draws into nothing
and the user would find no file and no reason; reporting each page to a
:class:`~layers.feedback.Feedback` and stopping when canceled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from layers.errors import PrintError
from layers.feedback import Feedback
from layers.files import atomic_output
from maps.print.page import PageFormat


def pdf_destination(out: str | Path) -> Path:
    """``out`` as a path a PDF may be written to; a wrong suffix or a missing folder is refused before any work."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise PrintError(path=str(out), reason=QT_TRANSLATE_NOOP("reason", "the file must end in .pdf"))
    if not out.parent.is_dir():
        raise PrintError(path=str(out), reason=QT_TRANSLATE_NOOP("reason", "the folder does not exist"))
    return out


def write_pdf(
    out: Path,
    title: str,
    page_formats: Sequence[PageFormat],
    dpi: int,
    paint_page: Callable[[QPainter, int], None],
    feedback: Feedback,
    progress_from: float = 0.0,
) -> None:
    """Paint a page per entry of ``page_formats`` (``paint_page(painter, number)``, from 1) into the PDF ``out``.

    Each page has its own paper and orientation, so an atlas can turn its overview of an east-west
    village landscape and keep its grid sheets portrait. Progress goes from ``progress_from`` to 100
    as the pages are painted.
    """
    with atomic_output(out, PrintError) as temporary:
        writer = QPdfWriter(str(temporary))
        writer.setCreator("Wangge")
        writer.setTitle(title)
        writer.setResolution(dpi)
        page_count = len(page_formats)
        writer.setPageLayout(page_layout(page_formats[0]))
        painter = QPainter(writer)
        if not painter.isActive():
            raise PrintError(path=str(out), reason=QT_TRANSLATE_NOOP("reason", "the file cannot be written"))
        try:
            for number, page_format in enumerate(page_formats, start=1):
                feedback.raise_if_canceled()
                if number > 1:
                    writer.setPageLayout(page_layout(page_format))  # before newPage(): Qt applies it to the new page
                    writer.newPage()
                paint_page(painter, number)
                feedback.set_progress(progress_from + (100 - progress_from) * number / page_count)
        finally:
            painter.end()


def page_layout(page_format: PageFormat) -> QPageLayout:
    """Qt's page layout of ``page_format``, without margins: the documents draw their own."""
    orientation = QPageLayout.Orientation.Landscape if page_format.landscape else QPageLayout.Orientation.Portrait
    size = QPageSize(QPageSize.PageSizeId[page_format.paper.name])
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0))
