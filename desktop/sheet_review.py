"""File → Read a marked sheet: phone photos of printed sheets back as map edits, each decided by a person.

Each photo is read on a worker thread (:func:`maps.scan.reading.read_sheet_photo`:
which sheet it is, where it lies, what the pen added), one after another, so the
marks of a second photo of the same sheet are checked against those the first
one stored. What a photo adds is kept at once as proposals, one undoable step
per photo (:func:`maps.scan.proposals.proposals`); a mark read before, from
this photo or another of the same sheet, is not proposed again and the dialog
says how many were. Nothing else is written until the officer decides, mark by
mark: a new household, a household moved, a visit, a dispute, or nothing
(:class:`~desktop.sheet_review_edits.MarkEdits`).

The photo is shown brought back onto the page, the marks numbered on it as the
reader found them, and, on request, warped onto the main map. Opened with no
photo, the dialog lists the marks earlier readings left waiting; choosing one
reads its stored photo again to show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.edit_commands import ReportError
from desktop.map_canvas import MapCanvas
from desktop.record_forms import DisputeForm, HouseholdForm, RecordForm, VisitForm
from desktop.sheet_marks_table import COLUMNS, MarksTable
from desktop.sheet_page_panel import SheetPanel, drawn_marks
from desktop.sheet_reading import SheetReader
from desktop.sheet_review_edits import (
    LOCATED_FROM_SHEET,
    NEARBY_M,
    NEAREST_WITHIN_M,
    MarkEdits,
    NearbyHousehold,
    grid_at_point,
    grid_of_code,
    households_near,
)
from desktop.store_events import StoreEvents
from desktop.task_runner import Task, TaskRunner
from layers.crs import to_measure
from layers.errors import RecordNotFoundError
from layers.printed_sheets import SheetEntry, registered_sheet
from layers.store import Change, ProjectStore
from layers.values import STATION_TIMEZONE
from layers.vocabulary import MarkStatus
from maps.scan.proposals import Proposals
from maps.scan.reading import SheetReading

PHOTO_PATTERNS = "*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG"
PENDING = "pending"
"""The photo list's first entry: every mark the project's readings left waiting for a decision."""
SHOW_MARK_METRES_PER_PIXEL = 1.0
"""Choosing a mark brings the main map at least this close: a house and its neighbours on the screen."""

translate = QCoreApplication.translate  # the name Qt's lupdate looks for


@dataclass(frozen=True)
class PhotoRead:
    """One photo as the dialog lists it: the sheet it showed, or why it could not be read."""

    name: str
    sheet_id: str | None
    new: int = 0
    before: int = 0
    refusal: str = ""


class SheetReviewDialog(QDialog):
    """The photos read, one shown on its page with its marks, and what each mark becomes."""

    def __init__(
        self,
        store: ProjectStore,
        undo_stack: QUndoStack,
        report_error: ReportError,
        tasks: TaskRunner,
        canvas: MapCanvas | None = None,
        store_events: StoreEvents | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.undo_stack, self.report_error, self.tasks = store, undo_stack, report_error, tasks
        self.edits = MarkEdits(store, undo_stack, report_error)
        self.canvas = canvas
        self.photos: list[PhotoRead] = []
        self.readings: dict[str, SheetReading] = {}
        """The latest reading of each sheet, by sheet id: a mark of any photo of the sheet lies on its page."""
        self.reader = SheetReader(store, tasks, self)
        self.reader.photoRead.connect(self._photo_read)
        self.reader.photoRefused.connect(self._photo_refused)
        self.reader.storedPhotoRead.connect(self._stored_photo_read)
        self.reader.storedPhotoNotShown.connect(self._stored_photo_not_shown)
        self._sheets: dict[str, SheetEntry | None] = {}
        self._loading: set[str] = set()
        self._zoomed_to: str | None = None
        self.marks = pd.DataFrame()
        self.nearby: list[NearbyHousehold] = []
        self.shown_sheet: str | None = None
        self._unreadable: dict[str, str] = {}  # sheet id -> why its stored photo could not be shown
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh)
        self._build()
        undo_stack.indexChanged.connect(self._schedule_refresh)  # an undo in the main window shows here
        if store_events is not None:
            store_events.changed.connect(self._on_store_changed)
        tasks.busyChanged.connect(self._tasks_busy)
        self.retranslate()
        self.photos_list.setCurrentRow(0)

    # -- building ------------------------------------------------------------
    def _build(self) -> None:
        self.read_button = QPushButton()
        self.read_button.clicked.connect(self.choose_photos)
        self.photos_title = QLabel()
        self.photos_list = QListWidget()
        self.photos_list.setWordWrap(True)
        self.photos_list.currentRowChanged.connect(lambda _row: self.refresh())
        left = QVBoxLayout()
        left.addWidget(self.read_button)
        left.addWidget(self.photos_title)
        left.addWidget(self.photos_list, 1)

        self.sheet_panel = SheetPanel(self.canvas)
        self.sheet_panel.markClicked.connect(self.select_mark)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.marks_table = MarksTable()
        self.marks_table.itemSelectionChanged.connect(self._mark_chosen)
        self.household_label = QLabel()
        self.household_combo = QComboBox()
        self.household_combo.currentIndexChanged.connect(lambda _index: self._enable())
        self.new_household_button, self.move_button, self.visit_button = QPushButton(), QPushButton(), QPushButton()
        self.dispute_button, self.dismiss_button = QPushButton(), QPushButton()
        self.new_household_button.clicked.connect(self.new_household_here)
        self.move_button.clicked.connect(self.move_household_here)
        self.visit_button.clicked.connect(self.log_visit)
        self.dispute_button.clicked.connect(self.log_dispute_here)
        self.dismiss_button.clicked.connect(self.dismiss)
        household_row = QHBoxLayout()
        household_row.addWidget(self.household_label)
        household_row.addWidget(self.household_combo, 1)
        buttons = QGridLayout()
        for index, button in enumerate((self.new_household_button, self.move_button, self.visit_button,
                                        self.dispute_button, self.dismiss_button)):  # fmt: skip
            buttons.addWidget(button, index // 2, index % 2)
        buttons.setColumnStretch(0, 1)
        buttons.setColumnStretch(1, 1)
        self.decision_box = QGroupBox()
        decision = QVBoxLayout(self.decision_box)
        decision.addLayout(household_row)
        decision.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(self.summary_label)
        right.addWidget(self.marks_table, 1)
        right.addWidget(self.decision_box)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        for part, stretch in ((left, 0), (self.sheet_panel, 3), (right, 2)):
            if not isinstance(part, QWidget):
                panel = QWidget()
                panel.setLayout(part)
                part.setContentsMargins(4, 0, 4, 0)
                part = panel
            splitter.addWidget(part)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        splitter.setSizes([240, 820, 500])
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        closing = QHBoxLayout()
        closing.addStretch(1)
        closing.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(closing)
        self.resize(1520, 860)

    # -- reading photos --------------------------------------------------------
    def choose_photos(self) -> Task | None:
        paths = choose_photo_files(self)
        return self.read_photos(paths) if paths else None

    def read_photos(self, paths: list[str | Path]) -> Task | None:
        """Read ``paths`` one after another on worker threads (:class:`~desktop.sheet_reading.SheetReader`).

        Returns the job running, None if none could start; ``reader.finished``
        says when all are read.
        """
        return self.reader.read_photos(paths)

    def _photo_read(self, name: str, reading: SheetReading, found: Proposals) -> None:
        self._sheets[reading.sheet.sheet_id] = reading.sheet
        sheet_id = reading.sheet.sheet_id
        self.readings[sheet_id] = reading
        self._unreadable.pop(sheet_id, None)
        if found.features:
            self.edits.keep_reading(found, name)
        self._add_photo(PhotoRead(name, sheet_id, len(found.marks), len(found.already_proposed)))

    def _photo_refused(self, name: str, message: str) -> None:
        self._add_photo(PhotoRead(name, None, refusal=message))

    def _add_photo(self, photo: PhotoRead) -> None:
        self.photos.append(photo)
        item = QListWidgetItem(self._photo_text(photo))
        if photo.refusal:
            item.setForeground(QBrush(QColor("#c62828")))
        item.setToolTip(item.text())
        self.photos_list.addItem(item)
        self.photos_list.setCurrentItem(item)

    def _photo_text(self, photo: PhotoRead) -> str:
        if photo.refusal:
            return photo.refusal
        lines = [photo.name, self._sheet_title(photo.sheet_id), self.tr("%n new mark(s) proposed", "", photo.new)]
        if photo.before:
            lines.append(self.tr("%n mark(s) were read before", "", photo.before))
        return "\n".join(lines)

    # -- showing -----------------------------------------------------------------
    @property
    def scope(self) -> str | None:
        """What the table lists: :data:`PENDING`, a sheet id, or None (a photo that could not be read)."""
        row = self.photos_list.currentRow()
        if row <= 0:
            return PENDING
        return self.photos[row - 1].sheet_id

    def refresh(self) -> None:
        """Read the listed marks again (an edit, an undo, another reading) and show them, keeping the choice."""
        if self.reader.stopped:
            return
        chosen = self.chosen_mark_id()
        scope = self.scope
        if scope == PENDING:
            marks = self.store.read("field_marks", matching={"status": MarkStatus.PROPOSED.value})
        elif scope is None:
            marks = pd.DataFrame()
        else:
            marks = self.store.read("field_marks", matching={"sheet_id": scope})
        if len(marks):
            marks = marks.sort_values(["sheet_id", "mark_no"], kind="stable").reset_index(drop=True)
        self.marks = marks
        nearest = []
        for geometry in marks.geometry if len(marks) else []:
            near = households_near(self.store, geometry, NEAREST_WITHIN_M, 1)
            nearest.append(near[0] if near else None)
        self.marks_table.show_marks(marks, lambda sheet_id: self._sheet_title(sheet_id, short=True), nearest, chosen)
        self.marks_table.setColumnHidden(COLUMNS.index("sheet"), scope != PENDING)  # one photo: its sheet is above
        self._show_summary()
        self._mark_chosen()  # the same row may be chosen, its mark decided meanwhile
        self.photos_list.item(0).setText(self._pending_text())

    def _pending_text(self) -> str:
        waiting = self.store.read("field_marks", columns=["id"], matching={"status": MarkStatus.PROPOSED.value})
        return self.tr("Waiting for a decision: %n mark(s)", "", len(waiting))

    def _show_summary(self) -> None:
        scope = self.scope
        if scope == PENDING:
            text = self.tr("Marks from earlier readings that still wait for a decision. Read photos of marked "
                           "sheets to add more.")  # fmt: skip
            if not len(self.marks):
                text = self.tr("No mark waits for a decision. Read photos of marked sheets: each pen mark found on "
                               "them is proposed here.")  # fmt: skip
        elif scope is None:
            text = self.photos[self.photos_list.currentRow() - 1].refusal
        else:
            photo = self.photos[self.photos_list.currentRow() - 1]
            text = self.tr("%n new mark(s) proposed from this photo.", "", photo.new)
            if photo.before:
                text += " " + self.tr("%n mark(s) were read before and are not proposed again.", "", photo.before)
        self.summary_label.setText(text)

    def _sheet_title(self, sheet_id: str | None, short: bool = False) -> str:
        sheet = self._sheet(sheet_id)
        if sheet is None:
            return sheet_id or ""
        grid = sheet.grid_code or self.tr("overview")
        if short:  # a grid printed twice has two sheets: the day tells them apart in the list of waiting marks
            day = sheet.printed_at.astimezone(STATION_TIMEZONE).strftime("%m-%d") if sheet.printed_at else ""
            return self.tr("{grid} p. {page} ({day})").format(grid=grid, page=sheet.page, day=day)
        return self.tr("Grid {grid}, page {page}").format(grid=grid, page=sheet.page)

    def _sheet(self, sheet_id: str | None) -> SheetEntry | None:
        """The register's entry of ``sheet_id``, read once: a sheet's entry never changes once printed."""
        if not sheet_id:
            return None
        if sheet_id not in self._sheets:
            self._sheets[sheet_id] = registered_sheet(self.store, sheet_id)
        return self._sheets[sheet_id]

    # -- the chosen mark -------------------------------------------------------------
    def chosen_mark_id(self) -> str | None:
        return self.marks_table.chosen_id()

    def select_mark(self, mark_id: str) -> None:
        """Choose ``mark_id`` in the table (a click on its ring on the page)."""
        self.marks_table.choose(mark_id)

    def chosen_mark(self) -> pd.Series | None:
        mark_id = self.chosen_mark_id()
        return None if mark_id is None else self.marks[self.marks["id"] == mark_id].iloc[0]

    def _mark_chosen(self) -> None:
        mark = self.chosen_mark()
        self._offer_households(mark)
        sheet_id = mark["sheet_id"] if mark is not None else (self.scope if self.scope != PENDING else None)
        self._show_sheet(sheet_id)
        if mark is not None and self.canvas is not None and mark["id"] != self._zoomed_to:
            self._zoomed_to = mark["id"]  # the map follows the choice, not every refresh after an edit
            x, y = to_measure(mark.geometry.x, mark.geometry.y)
            self.canvas.zoom_to_point(x, y, min(self.canvas.metres_per_pixel, SHOW_MARK_METRES_PER_PIXEL))
        self._enable()

    def _offer_households(self, mark: pd.Series | None) -> None:
        self.nearby = households_near(self.store, mark.geometry) if mark is not None else []
        self.household_combo.blockSignals(True)
        self.household_combo.clear()
        for household in self.nearby:
            self.household_combo.addItem(self.tr("No. {house_no} {head_name} · {distance:.0f} m").format(
                house_no=household.house_no, head_name=household.head_name, distance=household.distance_m),
                household.id)  # fmt: skip
        near_enough = bool(self.nearby) and self.nearby[0].distance_m <= NEAREST_WITHIN_M
        self.household_combo.setCurrentIndex(0 if near_enough else -1)
        self.household_combo.setPlaceholderText(
            self.tr("Choose a household nearby")
            if self.nearby
            else self.tr("No household within {metres:.0f} m").format(metres=NEARBY_M)
        )
        self.household_combo.blockSignals(False)

    def _show_sheet(self, sheet_id: str | None) -> None:
        """Show ``sheet_id``'s photo on its page, reading its stored photo again when this dialog has none."""
        reading = self.readings.get(sheet_id or "")
        waiting = sheet_id is not None and sheet_id not in self._unreadable and sheet_id not in self._loading
        # only once shown, and after the current event: photos given with the opening are read first
        if reading is None and waiting and self.isVisible() and self.reader.read_stored_photo(sheet_id):
            self._loading.add(sheet_id)
        self.shown_sheet = sheet_id
        if sheet_id is None:
            empty = self.tr("Choose a photo or a mark to see it on its sheet.")
        elif sheet_id in self._unreadable:
            empty = self._unreadable[sheet_id]
        elif sheet_id in self._loading:
            empty = self.tr("Reading the photo of this sheet...")
        else:
            empty = self.tr("The photo of this sheet is shown once the job running has finished.")
        self.sheet_panel.show_reading(reading, self._sheet_heading(sheet_id), empty)
        marks = self.store.read("field_marks", matching={"sheet_id": sheet_id}) if sheet_id else pd.DataFrame()
        self.sheet_panel.set_marks(drawn_marks(marks), self.chosen_mark_id())

    def _sheet_heading(self, sheet_id: str | None) -> str:
        sheet = self._sheet(sheet_id)
        if sheet is None:
            return ""
        printed = sheet.printed_at.astimezone(STATION_TIMEZONE).strftime("%Y-%m-%d") if sheet.printed_at else ""
        return self.tr("{title}, printed {date} (sheet {sheet_id})").format(
            title=self._sheet_title(sheet.sheet_id), date=printed, sheet_id=sheet.sheet_id)  # fmt: skip

    def _stored_photo_read(self, sheet_id: str, reading: SheetReading) -> None:
        self._loading.discard(sheet_id)
        self.readings[sheet_id] = reading
        self._schedule_refresh()

    def _stored_photo_not_shown(self, sheet_id: str, reason: str) -> None:
        """Say why on the page, and do not try again at every refresh."""
        self._loading.discard(sheet_id)
        self._unreadable[sheet_id] = reason
        self._schedule_refresh()

    # -- deciding ----------------------------------------------------------------------
    def chosen_household_id(self) -> str | None:
        return self.household_combo.currentData()

    def _tasks_busy(self, busy: bool) -> None:
        self._enable()
        if not busy and not self.reader.stopped:
            self._refresh_timer.start()  # a stored photo that waited for another job is read now

    def _enable(self, _busy: bool = False) -> None:
        mark = self.chosen_mark()
        self.decision_box.setTitle(
            self.tr("No mark chosen") if mark is None else self.tr("Mark {number}: what it records").format(
                number=mark["mark_no"])
        )  # fmt: skip
        writable = not self.store.read_only
        open_mark = writable and mark is not None and mark["status"] == MarkStatus.PROPOSED.value
        household = open_mark and self.chosen_household_id() is not None
        self.new_household_button.setEnabled(open_mark)
        self.dismiss_button.setEnabled(open_mark)
        for button in (self.move_button, self.visit_button, self.dispute_button):
            button.setEnabled(household)
        self.household_combo.setEnabled(open_mark and bool(self.nearby))
        self.read_button.setEnabled(writable and not self.tasks.busy)

    def new_household_here(self) -> HouseholdForm | None:
        """The household form at the chosen mark, in the grid it lies in; OK adds it and accepts the mark."""
        mark = self.chosen_mark()
        if mark is None:
            return None
        sheet = self._sheet(mark["sheet_id"])
        grid_id = grid_at_point(self.store, mark.geometry) or grid_of_code(self.store, sheet and sheet.grid_code)
        grids = self.store.read("grids", columns=["id", "code"])
        form = HouseholdForm(mark.geometry, grids, grid_id, LOCATED_FROM_SHEET, self)
        mark_id = mark["id"]
        self._open_form(form, lambda: self.edits.new_household(mark_id, form.feature()))
        return form

    def move_household_here(self) -> bool:
        """Move the chosen household to the chosen mark."""
        mark_id, household_id = self.chosen_mark_id(), self.chosen_household_id()
        if mark_id is None or household_id is None:
            return False
        return self._after(self.edits.move_household(mark_id, household_id))

    def log_visit(self) -> VisitForm | None:
        """The visit form for the chosen household; OK logs the visit and accepts the mark."""
        household = self._chosen_household()
        if household is None:
            return None
        form = VisitForm(household, self._grid_of(household), self)
        mark_id = self.chosen_mark_id()
        self._open_form(form, lambda: self.edits.log_visit(mark_id, form.feature()))
        return form

    def log_dispute_here(self) -> DisputeForm | None:
        """The dispute form for the chosen household; OK logs the dispute at the mark and accepts the mark."""
        household = self._chosen_household()
        if household is None:
            return None
        households = self.store.read("households", columns=["id", "house_no", "grid_id"])
        form = DisputeForm(household, self._grid_of(household), self, households)
        mark_id = self.chosen_mark_id()
        self._open_form(form, lambda: self.edits.log_dispute(mark_id, form.feature()))
        return form

    def dismiss(self) -> bool:
        mark_id = self.chosen_mark_id()
        return mark_id is not None and self._after(self.edits.dismiss(mark_id))

    def _chosen_household(self):
        household_id = self.chosen_household_id()
        if self.chosen_mark_id() is None or household_id is None:
            return None
        try:
            return self.store.get("households", household_id)
        except RecordNotFoundError:  # deleted since it was offered
            self.refresh()
            return None

    def _grid_of(self, household):
        grid_id = household["grid_id"]
        try:
            return self.store.get("grids", grid_id) if grid_id else None
        except RecordNotFoundError:
            return None

    def _open_form(self, form: RecordForm, write) -> None:
        # open(), not exec(): no nested event loop, so the map stays live and tests drive the form directly
        form.finished.connect(form.deleteLater)
        form.accepted.connect(lambda: self._after(write()))
        form.open()

    def _after(self, made: bool) -> bool:
        self.refresh()
        return made

    def _on_store_changed(self, change: Change) -> None:
        if change.layer in ("field_marks", "households", "field_photos"):
            self._schedule_refresh()

    def _schedule_refresh(self, *_args) -> None:
        """Refresh once the current event is handled: one edit may announce several layers."""
        self._refresh_timer.start()

    # -- closing and language ------------------------------------------------------------
    def done(self, result: int) -> None:
        """Closing stops the reading (what it was about to keep is dropped) and takes the photo off the map."""
        if self.reader.busy:
            self.reader.stop()
            self.reader.jobEnded.connect(self.deleteLater)  # the job's progress dialog is a child of this one
        else:
            self.reader.stop()
            self.deleteLater()
        self.sheet_panel.remove_from_map()
        super().done(result)

    @property
    def closed(self) -> bool:
        return self.reader.stopped

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Marked sheets: read pen marks back onto the map"))
        self.read_button.setText(self.tr("Read photos of marked sheets..."))
        self.photos_title.setText(self.tr("Photos read"))
        self.household_label.setText(self.tr("Household:"))
        self.new_household_button.setText(self.tr("New household here..."))
        self.move_button.setText(self.tr("Move household here"))
        self.visit_button.setText(self.tr("Log a visit..."))
        self.dispute_button.setText(self.tr("Log a dispute here..."))
        self.dismiss_button.setText(self.tr("Dismiss"))
        self.close_button.setText(self.tr("Close"))
        if self.photos_list.count() == 0:
            self.photos_list.addItem(QListWidgetItem())
        for row, photo in enumerate(self.photos, start=1):
            self.photos_list.item(row).setText(self._photo_text(photo))
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._schedule_refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def choose_photo_files(parent: QWidget) -> list[str]:
    """Photos of marked sheets the user chooses, several at once (none when canceled)."""
    paths, _filter = QFileDialog.getOpenFileNames(
        parent, translate("SheetReviewDialog", "Photos of marked sheets"), "",
        translate("SheetReviewDialog", "Photos ({patterns})").format(patterns=PHOTO_PATTERNS),
    )  # fmt: skip
    return paths
