"""File → Add satellite imagery: a GeoTIFF or tile package into the project, on a worker thread, undoable.

A county's image can be a gigabyte and take a minute to tile; the job
(:func:`layers.imagery.add_imagery`, the same one ``wangge basemap add`` runs)
goes to :func:`desktop.task_runner.run_in_background`, so the window keeps
drawing and Cancel leaves the project as it was. Undo takes the imagery out
again (:func:`layers.imagery.remove_imagery`); redo tiles the same file again,
as nothing of the removed pyramid is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from desktop.task_runner import run_in_background
from layers.errors import WanggeError
from layers.imagery import ImageryInfo, add_imagery, remove_imagery
from layers.store import ProjectStore

IMAGE_PATTERNS = "*.tif *.tiff *.TIF *.TIFF *.mbtiles *.img *.jp2 *.vrt"
"""GeoTIFF as land offices deliver it, MBTiles tile packages, and the other rasters GDAL reads."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("AddImagery", text)


def add_imagery_in_background(parent: QWidget, store: ProjectStore, image: Path, name: str) -> ImageryInfo | None:
    """Tile ``image`` into the project behind a progress dialog with Cancel; ``None`` if canceled or refused."""
    return run_in_background(
        parent,
        _tr("Adding {file} to the project...").format(file=image.name),
        lambda feedback: add_imagery(store, image, name, feedback),
        _tr("Imagery not added"),
    )


class AddImageryCommand(QUndoCommand):
    """Imagery added to the project; undo removes it, redo adds the same file again."""

    def __init__(
        self,
        parent: QWidget,
        store: ProjectStore,
        image: Path,
        info: ImageryInfo,
        changed: Callable[[], None],
        report_error: Callable[[str], None],
    ) -> None:
        super().__init__(_tr("Add imagery {name}").format(name=info.name))
        self.parent, self.store, self.image, self.info = parent, store, image, info
        self.changed, self.report_error = changed, report_error
        self._added = True  # pushed after the add: the first redo has nothing to do

    def redo(self) -> None:
        if self._added:
            return
        info = add_imagery_in_background(self.parent, self.store, self.image, self.info.name)
        if info is None:  # canceled or the file is gone: the stack forgets this step
            self.setObsolete(True)
            return
        self.info, self._added = info, True
        self.changed()

    def undo(self) -> None:
        try:
            remove_imagery(self.store, self.info.table)
        except WanggeError as error:
            self.report_error(error.translated(QCoreApplication.translate))
            self.setObsolete(True)
            return
        self._added = False
        self.changed()


def choose_and_add_imagery(parent: QWidget, store: ProjectStore) -> tuple[Path, ImageryInfo] | None:
    """Ask for the image and the name to show, then add it; the file and what was added, or ``None``."""
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
    info = add_imagery_in_background(parent, store, image, name.strip() or image.stem)
    return None if info is None else (image, info)
