"""The sheet review's jobs: photos of marked sheets read one after another on the window's task runner.

Reading a photo (:func:`maps.scan.reading.read_sheet_photo`) and working out
what it proposes (:func:`maps.scan.proposals.proposals`) run on a worker
thread; the result reaches the review in the GUI thread, which keeps the
proposals before the next photo is read, so two photos of one sheet never
propose its marks twice. A photo that cannot be read is refused in one line and
the next one is read; Cancel stops the photo being read and those after it.
The stored photo of a sheet read earlier is read again the same way, to show
its marks on it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.task_runner import Task, TaskRunner
from layers.feedback import Feedback
from layers.store import ProjectStore
from maps.scan.proposals import Proposals, proposals
from maps.scan.reading import SheetReading, read_sheet_photo
from maps.scan.sheet_finder import decode_photo


class SheetReader(QObject):
    """Reads photos for one review, one job at a time, and says what each gave."""

    photoRead = Signal(str, object, object)  # file name, SheetReading, Proposals (not stored yet)
    photoRefused = Signal(str, str)  # file name, why, in one line in the user's language
    storedPhotoRead = Signal(str, object)  # sheet id, SheetReading
    storedPhotoNotShown = Signal(str, str)  # sheet id, why
    finished = Signal()  # no job left: the photos asked for are all read or refused, or the reading was canceled
    jobEnded = Signal()  # one job ended, its result handed over

    def __init__(self, store: ProjectStore, tasks: TaskRunner, widget: QWidget) -> None:
        super().__init__(widget)
        self.store, self.tasks, self.widget = store, tasks, widget
        self.queue: list[str] = []
        self.task: Task | None = None
        self.stopped = False
        self._canceled = False

    @property
    def busy(self) -> bool:
        return self.task is not None

    def read_photos(self, paths: list[str | Path]) -> Task | None:
        """Read ``paths`` in turn; returns the job running (None if none could start: another job still runs)."""
        self.queue += [str(path) for path in paths]
        if self.task is not None:
            return self.task  # the photos wait for the job running
        return self._read_next()

    def read_stored_photo(self, sheet_id: str) -> bool:
        """Read the latest photo the project keeps of ``sheet_id`` again; False when no job could start now."""
        photos = self.store.read("field_photos", columns=["file_name", "image", "read_at"],
                                 matching={"sheet_id": sheet_id})  # fmt: skip
        if photos.empty:
            self.storedPhotoNotShown.emit(sheet_id, self.tr("The project keeps no photo of this sheet."))
            return False
        if self.task is not None or self.tasks.busy:
            return False
        latest = photos.sort_values("read_at").iloc[-1]
        store, data, name = self.store, bytes(latest["image"]), str(latest["file_name"])

        def read(feedback: Feedback) -> SheetReading:
            return read_sheet_photo(store, decode_photo(data, name), feedback)

        def failed() -> None:  # canceled; a refusal says why next
            self._say(self.storedPhotoNotShown, sheet_id, self.tr("Not shown: reading the photo was canceled."))

        def read_done(reading: SheetReading) -> None:
            self._say(self.storedPhotoRead, sheet_id, reading)

        def refused(message: str) -> None:
            self._say(self.storedPhotoNotShown, sheet_id, message)

        label = self.tr("Reading the photo of {name}...").format(name=name)
        return self._start(label, read, read_done, refused, failed) is not None

    def stop(self) -> None:
        """Cancel the job running and forget the photos waiting; what the job ends with is dropped unseen."""
        self.stopped = True
        self.queue = []
        if self.task is not None:
            self.task.cancel()

    def _read_next(self) -> Task | None:
        if not self.queue or self.stopped:
            self.queue = []
            return None
        path = self.queue.pop(0)
        store, name = self.store, Path(path).name

        def read(feedback: Feedback) -> tuple[SheetReading, Proposals]:
            reading = read_sheet_photo(store, path, feedback)
            return reading, proposals(store, reading)

        def failed() -> None:  # canceled, or refused: a refusal says so next and the reading goes on
            self._canceled = True

        def refused(message: str) -> None:
            self._canceled = False
            self._say(self.photoRefused, name, message)

        label = self.tr("Reading {name}...").format(name=name)
        if self.queue:
            label = self.tr("Reading {name} (%n more after it)...", "", len(self.queue)).format(name=name)
        return self._start(label, read, lambda result: self._say(self.photoRead, name, *result), refused, failed)

    def _say(self, signal, *values) -> None:
        if not self.stopped:
            signal.emit(*values)

    def _start(self, label: str, job, on_done, refused, on_failed) -> Task | None:
        task = self.tasks.start(self.widget, label, job, on_done, refused, on_failed)
        if task is None:  # another of the window's jobs runs; the window's status bar says which
            self.queue = []
            self.finished.emit()
            return None
        self.task = task
        self._canceled = False
        task.finished.connect(self._job_ended)
        return task

    def _job_ended(self) -> None:
        self.task = None
        if self._canceled:
            self.queue = []  # Cancel stops the reading, not just one photo of it
        self.jobEnded.emit()
        if self._read_next() is None and not self.stopped:
            self.finished.emit()
