"""The sheet review's middle: which sheet, how flat its paper lay, its photo on the page, and on the map."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.map_canvas import MapCanvas
from desktop.sheet_review_views import DrawnMark, FieldPhotoOverlay, SheetPageView
from layers.crs import to_measure
from maps.scan.reading import SheetReading, georeferenced_photo

OVERLAY_LONGEST_PX = 2048
"""The photo on the map is warped to at most this many pixels on its longer side."""

PAPER_NOT_FLAT_MM = 1.0
"""Markers that disagree by more than this: the paper was curved, and positions between them may be off as much."""


def drawn_marks(marks: pd.DataFrame) -> list[DrawnMark]:
    """``field_marks`` records as the page and the map draw them."""
    if marks.empty:
        return []
    x, y = to_measure(marks.geometry.x.to_numpy(), marks.geometry.y.to_numpy())
    return [
        DrawnMark(str(mark_id), int(number), float(px), float(py), float(size), str(status), float(mx), float(my))
        for mark_id, number, px, py, size, status, mx, my in zip(
            marks["id"],
            marks["mark_no"].fillna(0),
            marks["paper_x_mm"],
            marks["paper_y_mm"],
            marks["size_mm"].fillna(0.0),
            marks["status"],
            x,
            y,
        )  # fmt: skip
    ]


class SheetPanel(QWidget):
    """One sheet's photo brought back onto its page, its marks numbered; on request its photo on the main map."""

    markClicked = Signal(str)

    def __init__(self, canvas: MapCanvas | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overlay = FieldPhotoOverlay(canvas) if canvas is not None else None
        self.reading: SheetReading | None = None
        self._warped: tuple[SheetReading, tuple] | None = None  # the reading last warped, and what it gave
        self.sheet_label = QLabel()
        self.sheet_label.setWordWrap(True)
        self.paper_warning = QLabel()
        self.paper_warning.setWordWrap(True)
        self.paper_warning.setStyleSheet("color: #b35c00; font-weight: bold;")
        self.paper_warning.hide()
        self.page_view = SheetPageView()
        self.page_view.markClicked.connect(self.markClicked)
        self.whole_page_box = QCheckBox()
        self.whole_page_box.toggled.connect(self.page_view.show_whole_page)
        self.photo_on_map_box = QCheckBox()
        self.photo_on_map_box.setEnabled(self.overlay is not None)
        self.photo_on_map_box.toggled.connect(lambda _on: self._show_on_map())
        options = QHBoxLayout()
        options.addWidget(self.whole_page_box)
        options.addWidget(self.photo_on_map_box)
        options.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sheet_label)
        layout.addWidget(self.paper_warning)
        layout.addWidget(self.page_view, 1)
        layout.addLayout(options)
        self.retranslate()

    def show_reading(self, reading: SheetReading | None, title: str, empty_text: str) -> None:
        """Show ``reading``'s page (None: ``empty_text`` says why there is none), under ``title``."""
        self.sheet_label.setText(title)
        self.page_view.empty_text = empty_text
        if reading is self.reading:
            self.page_view.viewport().update()
            return
        self.reading = reading
        if reading is None:
            self.page_view.set_page(None)
        else:
            self.page_view.set_page(reading.on_page, reading.px_per_mm, reading.sheet.map_frame_mm)
        rmse = reading.placement.paper_rmse_mm if reading is not None else 0.0
        self.paper_warning.setVisible(rmse > PAPER_NOT_FLAT_MM)
        self.paper_warning.setText(self.tr("Paper not flat: positions may be off by about {mm:.0f} mm.").format(
            mm=max(rmse, 1.0)))  # fmt: skip
        self._show_on_map()

    def set_marks(self, marks: list[DrawnMark], chosen: str | None) -> None:
        self.page_view.set_marks(marks, chosen)
        if self.overlay is not None:
            self.overlay.set_marks(marks, chosen)

    def remove_from_map(self) -> None:
        if self.overlay is not None:
            self.overlay.remove()

    def _show_on_map(self) -> None:
        if self.overlay is None:
            return
        reading = self.reading
        if not self.photo_on_map_box.isChecked() or reading is None:
            self.overlay.set_photo(None)
            return
        if self._warped is None or self._warped[0] is not reading:
            # a canvas overlay needs no more than a screen's pixels, so the warp on the GUI thread is bounded
            # whatever the photo's size (0.09 s for the demo's 8 MP photo)
            minx, miny, maxx, maxy = reading.sheet.extent
            warped = georeferenced_photo(reading, max(maxx - minx, maxy - miny) / OVERLAY_LONGEST_PX)
            self._warped = (reading, (warped.image, warped.extent))
        self.overlay.set_photo(self._warped[1])

    def retranslate(self) -> None:
        self.whole_page_box.setText(self.tr("Whole page"))
        self.photo_on_map_box.setText(self.tr("Show photo on the map"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
