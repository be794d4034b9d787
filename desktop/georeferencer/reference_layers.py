"""What the georeferencer's reference map shows, switched from its toolbar.

An officer clicks on the reference map the place he clicked on his sketch, so
it shows what he can recognise in both: the satellite imagery (a roof, a field
corner, not only a crossroads), roads and landmarks, the households whose
position came from a GPS or an imported register (positions placed from a
sketch would only echo a drawing), and the other sketches already placed.
Each can be switched off when it hides the one he is looking for; grids stay,
as the frame of where he is.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from layers.imagery.reading import ImagerySource
from layers.review import ReviewData, ReviewFilter, select
from layers.vocabulary import LocatedBy
from maps.map_content import MapContent, build_map_content
from maps.map_settings import DEFAULT_LAYER_VIEWS, LayerView, with_imagery
from maps.sketch_basemap import SketchBasemap

REFERENCE_POSITIONS = (LocatedBy.GPS.value, LocatedBy.IMPORT.value)
"""Households placed by these are reference points; those placed from a sketch or by hand are not."""
CHOICES = ("imagery", "roads", "gps", "sketches")
LAYERS_OF = {"roads": ("roads", "landmarks"), "gps": ("households",), "sketches": ("sketch",)}


def reference_content(
    reference: ReviewData, other_sketches: tuple[SketchBasemap, ...], imagery: tuple[ImagerySource, ...]
) -> MapContent:
    """The reference map's snapshot: the project with only GPS and imported households, the other sketches."""
    selection = select(reference, ReviewFilter())
    located = reference.households["located_by"].isin(REFERENCE_POSITIONS).to_numpy()
    selection = replace(selection, households=selection.households & located)
    return build_map_content(reference, selection, other_sketches, imagery=imagery)


class ReferenceLayers(QObject):
    """A toolbar button whose menu switches the reference map's layers; emits the layer views to draw."""

    changed = Signal(object)  # tuple[LayerView, ...]

    def __init__(self, imagery: tuple[ImagerySource, ...], parent: QWidget) -> None:
        super().__init__(parent)
        self.imagery_tables = tuple(source.table for source in imagery)
        self.menu = QMenu(parent)
        self.actions: dict[str, QAction] = {}
        for choice in CHOICES:
            action = QAction(self.menu, checkable=True, checked=True)
            action.toggled.connect(lambda _on: self.changed.emit(self.views()))
            self.menu.addAction(action)
            self.actions[choice] = action
        self.actions["imagery"].setEnabled(bool(imagery))
        self.button = QToolButton(parent)
        self.button.setMenu(self.menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.retranslate()

    def set_other_sketches(self, present: bool) -> None:
        self.actions["sketches"].setEnabled(present)

    def shows(self, choice: str) -> bool:
        return self.actions[choice].isChecked() and self.actions[choice].isEnabled()

    def views(self) -> tuple[LayerView, ...]:
        """The reference map's layers, bottom to top: imagery, other sketches, grids, roads, landmarks, households."""
        hidden = {layer for choice, layers in LAYERS_OF.items() if not self.shows(choice) for layer in layers}
        views = tuple(
            replace(view, visible=view.name not in hidden and (view.visible or view.name == "sketch"))
            for view in DEFAULT_LAYER_VIEWS
        )
        return with_imagery(views, self.imagery_tables, visible=self.shows("imagery"))

    def retranslate(self) -> None:
        self.button.setText(self.tr("Reference map"))
        self.button.setToolTip(self.tr("What the map on the right shows to click against"))
        self.actions["imagery"].setText(self.tr("Satellite imagery"))
        self.actions["imagery"].setToolTip(
            self.tr("The project's satellite imagery: click a roof or a field corner")
            if self.imagery_tables
            else self.tr("This project has no satellite imagery; add it with File → Add satellite imagery")
        )
        self.actions["roads"].setText(self.tr("Roads and landmarks"))
        self.actions["gps"].setText(self.tr("GPS points"))
        self.actions["gps"].setToolTip(self.tr("Households located by GPS or imported with their coordinates"))
        self.actions["sketches"].setText(self.tr("Other georeferenced sketches"))
        self.menu.setToolTipsVisible(True)
