"""The filter bar: grid, officer, dispute grade and status, visit recency, period, key persons.

It turns the user's choices into one :class:`~layers.review.ReviewFilter`;
the window applies it to the map, the table and the counts at once.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QToolButton, QWidget

from desktop.review_model import ReviewModel
from layers.disputes.states import OPEN_STATUSES
from layers.review import ReviewData, ReviewFilter
from layers.vocabulary import DisputeStatus, Grade, KeyPersonTag, VisitRecency
from maps.symbology import GRADE_COLOURS
from maps.words import term

EARLIEST = QDate(2000, 1, 1)
"""The date edits' minimum, shown as "any": no bound."""


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class FilterBar(QWidget):
    filterChanged = Signal(object)  # ReviewFilter

    def __init__(self, parent: QWidget | None = None, review: ReviewModel | None = None) -> None:
        super().__init__(parent)
        self.review = review
        if review is not None:
            review.gridsChanged.connect(self._follow_grids)
        self.grid_box, self.officer_box = QComboBox(), QComboBox()
        self.grid_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # a chosen grid reads in full
        self.status_box, self.recency_box, self.tag_box = QComboBox(), QComboBox(), QComboBox()
        self.grade_buttons: dict[Grade, QToolButton] = {}
        for grade in Grade:
            button = QToolButton()
            button.setCheckable(True)
            button.setIcon(_swatch(GRADE_COLOURS[grade]))
            button.setToolButtonStyle(button.toolButtonStyle().ToolButtonTextBesideIcon)
            button.toggled.connect(self._emit)
            self.grade_buttons[grade] = button
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumDate(EARLIEST)
            edit.setDate(EARLIEST)
            edit.dateChanged.connect(self._emit)
        self.labels = {key: QLabel() for key in ("grid", "officer", "grade", "status", "recency", "tag", "period")}
        self.until_label = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        for key, widgets in (
            ("grid", [self.grid_box]),
            ("officer", [self.officer_box]),
            ("grade", list(self.grade_buttons.values())),
            ("status", [self.status_box]),
            ("recency", [self.recency_box]),
            ("tag", [self.tag_box]),
            ("period", [self.date_from, self.until_label, self.date_to]),
        ):
            layout.addWidget(self.labels[key])
            for widget in widgets:
                layout.addWidget(widget)
        layout.addStretch(1)
        for box in (self.grid_box, self.officer_box, self.status_box, self.recency_box, self.tag_box):
            box.currentIndexChanged.connect(self._emit)
        self._grids: list[tuple[str, str, str]] = []  # id, code, name
        self._officers: list[str] = []
        self._quiet = False
        self.retranslate()

    def _follow_grids(self) -> None:
        """New grids, renamed grids, other officers: the choices follow."""
        self.set_choices(self.review.data)

    def set_choices(self, data: ReviewData) -> None:
        """Offer the project's grids and officers; keeps the current choice when it still exists."""
        grids = data.grids.sort_values("code")
        self._grids = list(zip(grids["id"], grids["code"], grids["name"]))
        self._officers = sorted(set(grids["officer"].dropna()) | set(grids["auxiliary"].dropna()))
        self._fill_choices()

    def _fill_choices(self) -> None:
        self._quiet = True
        for box, items in (
            (self.grid_box, [(grid_id, f"{code} {name}") for grid_id, code, name in self._grids]),
            (self.officer_box, [(officer, officer) for officer in self._officers]),
            (self.status_box, [("unresolved", self.tr("Unresolved")), ("resolved", term(DisputeStatus.RESOLVED))]),
            (self.recency_box, [(member.value, term(member)) for member in VisitRecency]),
            (self.tag_box, [(member.value, term(member)) for member in KeyPersonTag]),
        ):
            current = box.currentData()
            box.clear()
            box.addItem(self.tr("All"), None)
            for code, words in items:
                box.addItem(words, code)
            index = box.findData(current)
            box.setCurrentIndex(max(index, 0))
        self._quiet = False

    def review_filter(self) -> ReviewFilter:
        def chosen(box: QComboBox) -> frozenset[str]:
            return frozenset() if box.currentData() is None else frozenset({box.currentData()})

        status = self.status_box.currentData()
        statuses = {
            None: frozenset(),
            "unresolved": OPEN_STATUSES,
            "resolved": frozenset({DisputeStatus.RESOLVED.value}),
        }
        return ReviewFilter(
            grid_ids=chosen(self.grid_box),
            officers=chosen(self.officer_box),
            grades=frozenset(grade.value for grade, button in self.grade_buttons.items() if button.isChecked()),
            statuses=statuses[status],
            recency=chosen(self.recency_box),
            key_person_tags=chosen(self.tag_box),
            date_from=None if self.date_from.date() == EARLIEST else self.date_from.date().toPython(),
            date_to=None if self.date_to.date() == EARLIEST else self.date_to.date().toPython(),
        )

    def choose_grid(self, grid_id: str | None) -> None:
        """Show one grid chosen elsewhere (the dashboard, the map), or all for ``None``.

        The officer choice is dropped so it cannot hide the grid.
        """
        index = 0 if grid_id is None else self.grid_box.findData(grid_id)
        if index < 0:
            return
        self._quiet = True
        self.officer_box.setCurrentIndex(0)
        self.grid_box.setCurrentIndex(index)
        self._quiet = False
        self._emit()

    def clear(self) -> None:
        self._quiet = True
        for box in (self.grid_box, self.officer_box, self.status_box, self.recency_box, self.tag_box):
            box.setCurrentIndex(0)
        for button in self.grade_buttons.values():
            button.setChecked(False)
        self.date_from.setDate(EARLIEST)
        self.date_to.setDate(EARLIEST)
        self._quiet = False
        self._emit()

    def _emit(self, *_args) -> None:
        if not self._quiet:
            self.filterChanged.emit(self.review_filter())

    def retranslate(self) -> None:
        words = {
            "grid": self.tr("Grid"),
            "officer": self.tr("Officer"),
            "grade": self.tr("Grade"),
            "status": self.tr("Status"),
            "recency": self.tr("Visit status"),
            "tag": self.tr("Key person"),
            "period": self.tr("Period"),
        }
        for key, label in self.labels.items():
            label.setText(words[key])
        self.until_label.setText(self.tr("to"))
        for grade, button in self.grade_buttons.items():
            button.setText(term(grade))
        for edit in (self.date_from, self.date_to):
            edit.setSpecialValueText(self.tr("any"))
        self._fill_choices()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
