"""A progress dialog with Cancel that long jobs report to through :class:`~layers.feedback.Feedback`.

The job stays ignorant of widgets: it calls ``set_progress`` and
``raise_if_canceled``; this class turns those into a dialog that appears only
if the job takes longer than a moment, and lets the user stop it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from layers.errors import Canceled, WanggeError
from layers.feedback import Feedback

Result = TypeVar("Result")

SHOW_AFTER_MS = 800


class ProgressFeedback(Feedback):
    def __init__(self, parent: QWidget, label: str) -> None:
        super().__init__()
        self.dialog = QProgressDialog(label, QCoreApplication.translate("ProgressFeedback", "Cancel"), 0, 100, parent)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.canceled.connect(self.cancel)

    def set_progress(self, percent: float) -> None:
        super().set_progress(percent)
        self.dialog.setValue(round(self.progress))
        QCoreApplication.processEvents()  # keep the dialog and its Cancel button alive

    def push_info(self, message: str) -> None:
        self.dialog.setLabelText(message)

    def is_canceled(self) -> bool:
        QCoreApplication.processEvents()
        return super().is_canceled() or self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()


def run_with_progress(
    parent: QWidget, label: str, job: Callable[[Feedback], Result], refused_title: str
) -> Result | None:
    """Run ``job`` with a progress dialog and Cancel; ``None`` when canceled or refused.

    A refusal (a :class:`~layers.errors.WanggeError`: a bad file name, a layer
    that cannot be read) is shown in a message box titled ``refused_title``, in
    the user's language; the job itself wrote nothing then.
    """
    feedback = ProgressFeedback(parent, label)
    try:
        return job(feedback)
    except Canceled:
        return None
    except WanggeError as error:
        QMessageBox.warning(parent, refused_title, error.translated(QCoreApplication.translate))
        return None
    finally:
        feedback.close()
