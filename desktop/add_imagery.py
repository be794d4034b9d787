"""File → Add satellite imagery: a GeoTIFF or tile package into the project, on a worker thread, undoable.

A county's image can be a gigabyte and take a minute to tile; the job
(:func:`layers.imagery.add_imagery`, the same one ``wangge basemap add`` runs)
runs on the window's :class:`desktop.task_runner.TaskRunner`, so the window
keeps drawing and Cancel leaves the project as it was. Undo takes the imagery out
again (:func:`layers.imagery.remove_imagery`); redo tiles the same file again,
as nothing of the removed pyramid is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from desktop.task_runner import Task, TaskRunner
from layers.errors import WanggeError
from layers.imagery import ImageryInfo, add_imagery, remove_imagery
from layers.store import ProjectStore

IMAGE_PATTERNS = "*.tif *.tiff *.TIF *.TIFF *.mbtiles *.img *.jp2 *.vrt"
"""GeoTIFF as land offices deliver it, MBTiles tile packages, and the other rasters GDAL reads."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("AddImagery", text)


def add_imagery_in_background(
    tasks: TaskRunner,
    parent: QWidget,
    store: ProjectStore,
    image: Path,
    name: str,
    on_added: Callable[[ImageryInfo], None],
    on_failed: Callable[[], None] | None = None,
) -> Task | None:
    """Tile ``image`` into the project on a worker thread, with progress and Cancel; ``None`` if not started."""
    return tasks.start(
        parent,
        _tr("Adding {file} to the project...").format(file=image.name),
        lambda feedback: add_imagery(store, image, name, feedback),
        on_added,
        _tr("Imagery not added"),
        on_failed,
    )


class AddImageryCommand(QUndoCommand):
    """Imagery added to the project; undo removes it, redo adds the same file again."""

    def __init__(
        self,
        tasks: TaskRunner,
        parent: QWidget,
        store: ProjectStore,
        image: Path,
        info: ImageryInfo,
        changed: Callable[[], None],
        report_error: Callable[[str], None],
    ) -> None:
        super().__init__(_tr("Add imagery {name}").format(name=info.name))
        self.tasks, self.parent, self.store, self.image, self.info = tasks, parent, store, image, info
        self.changed, self.report_error = changed, report_error
        self._added = True  # pushed after the add: the first redo has nothing to do

    def redo(self) -> None:
        """Tile the file again, on a worker thread; canceled or gone, the next undo drops this step."""
        if self._added:
            return
        add_imagery_in_background(self.tasks, self.parent, self.store, self.image, self.info.name, self._redone)

    def _redone(self, info: ImageryInfo) -> None:
        self.info, self._added = info, True
        self.changed()

    def undo(self) -> None:
        if not self._added:  # the redo was canceled or refused: nothing to take out, and nothing to redo
            self.setObsolete(True)
            return
        try:
            remove_imagery(self.store, self.info.table)
        except WanggeError as error:
            self.report_error(error.translated(QCoreApplication.translate))
            self.setObsolete(True)
            return
        self._added = False
        self.changed()


def choose_and_add_imagery(
    tasks: TaskRunner, parent: QWidget, store: ProjectStore, on_added: Callable[[Path, ImageryInfo], None]
) -> Task | None:
    """Ask for the image and the name to show, then add it on a worker thread; ``None`` if not started.

    ``on_added`` gets the file and what was added, once it is in the project.
    """
    path, _ = QFileDialog.getOpenFileName(
        parent, _tr("Add satellite imagery"), "", _tr("Imagery ({patterns})").format(patterns=IMAGE_PATTERNS)
    )
    if not path:
        return None
    image = Path(path)
    name, accepted = QInputDialog.getText(
        parent, _tr("Add satellite imagery"), _tr("Name shown on the map:"), QLineEdit.EchoMode.Normal, image.stem
    )
    if not accepted:
        return None
    return add_imagery_in_background(
        tasks, parent, store, image, name.strip() or image.stem, lambda info: on_added(image, info)
    )
