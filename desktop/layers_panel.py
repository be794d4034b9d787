"""The layers panel: which layers show, in what order, how opaque, in which style; and the legend.

The project's imagery adds one entry per image (:meth:`LayersPanel.set_imagery`),
switched and dimmed like any other layer.

It edits a tuple of :class:`~maps.map_settings.LayerView` values and emits
the new tuple; the canvas renders whatever it is given. The legend lists the
entries of the last finished render, so it matches what is on screen.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from layers.imagery.reading import ImagerySource
from maps.legend import legend_symbol, legend_text
from maps.map_settings import DEFAULT_LAYER_VIEWS, LayerView, imagery_table, with_imagery
from maps.renderer import RenderedMap
from maps.symbology import DisputeStyle, HouseholdStyle


class LayersPanel(QWidget):
    viewsChanged = Signal(object)  # tuple[LayerView, ...], bottom to top

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.views: dict[str, LayerView] = {view.name: view for view in DEFAULT_LAYER_VIEWS}
        self.layer_list = QListWidget()
        self.layer_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)  # drag to reorder
        self.imagery_names: dict[str, str] = {}  # imagery table -> the name the station gave it
        for view in reversed(DEFAULT_LAYER_VIEWS):  # the list shows the top layer first, as QGIS does
            self._add_item(view)
        self.layer_list.itemChanged.connect(self._emit)
        self.layer_list.model().rowsMoved.connect(self._emit)
        self.layer_list.currentItemChanged.connect(self._show_current)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.valueChanged.connect(self._set_opacity)
        self.style_box = QComboBox()
        self.style_box.activated.connect(self._set_style)
        self.opacity_label, self.style_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.opacity_label, self.opacity)
        form.addRow(self.style_label, self.style_box)
        self.legend_title = QLabel()
        self.legend_list = QListWidget()
        self.legend_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.legend_list.setWordWrap(True)  # notes such as "zoom in for households" are sentences
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self._fit_list_height()
        layout.addWidget(self.layer_list)
        layout.addLayout(form)
        layout.addWidget(self.legend_title)
        layout.addWidget(self.legend_list, 3)
        self._last_render: RenderedMap | None = None
        self.retranslate()
        self.layer_list.setCurrentRow(0)

    def _add_item(self, view: LayerView) -> None:
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, view.name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
        item.setCheckState(Qt.CheckState.Checked if view.visible else Qt.CheckState.Unchecked)
        self.layer_list.addItem(item)

    def _fit_list_height(self) -> None:
        """Every layer in sight without scrolling, the legend taking the rest."""
        rows = self.layer_list.count()
        self.layer_list.setMaximumHeight(
            self.layer_list.sizeHintForRow(0) * rows + 2 * self.layer_list.frameWidth() + 12
        )

    def set_imagery(self, imagery: tuple[ImagerySource, ...]) -> None:
        """One entry per imagery of the project, at the bottom; entries of imagery it no longer has go."""
        self.imagery_names = {source.table: source.name for source in imagery}
        views = with_imagery(self.layer_views(), tuple(self.imagery_names))
        self.views = {view.name: view for view in views}
        self.layer_list.blockSignals(True)
        for row in reversed(range(self.layer_list.count())):
            if self.layer_list.item(row).data(Qt.ItemDataRole.UserRole) not in self.views:
                self.layer_list.takeItem(row)
        listed = {self.layer_list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.layer_list.count())}
        for view in reversed(views):
            if view.name not in listed:
                self._add_item(view)
        self.layer_list.blockSignals(False)
        self._fit_list_height()
        self.retranslate()
        self.viewsChanged.emit(self.layer_views())

    def layer_views(self) -> tuple[LayerView, ...]:
        """Bottom to top, as the renderer draws them."""
        names = [self.layer_list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.layer_list.count())]
        return tuple(self.views[name] for name in reversed(names))

    def set_visible(self, name: str, visible: bool) -> None:
        self._item(name).setCheckState(Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked)

    def _item(self, name: str) -> QListWidgetItem:
        for row in range(self.layer_list.count()):
            if self.layer_list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                return self.layer_list.item(row)
        raise KeyError(name)

    def _emit(self, *_args) -> None:
        for row in range(self.layer_list.count()):
            item = self.layer_list.item(row)
            name = item.data(Qt.ItemDataRole.UserRole)
            self.views[name] = replace(self.views[name], visible=item.checkState() == Qt.CheckState.Checked)
        self.viewsChanged.emit(self.layer_views())

    def _current_name(self) -> str | None:
        item = self.layer_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _styles(self, name: str | None) -> list[tuple[str, str]]:
        if name == "households":
            return [
                (HouseholdStyle.RECENCY.value, self.tr("By visit recency")),
                (HouseholdStyle.PLAIN.value, self.tr("Plain")),
            ]
        if name == "disputes":
            return [
                (DisputeStyle.ALL.value, self.tr("All disputes, resolved ones hollow")),
                (DisputeStyle.OPEN_ONLY.value, self.tr("Open only")),
            ]
        return []

    def _show_current(self, *_args) -> None:
        name = self._current_name()
        if name is None:
            return
        view = self.views[name]
        self.opacity.blockSignals(True)
        self.opacity.setValue(round(view.opacity * 100))
        self.opacity.blockSignals(False)
        self.style_box.clear()
        for code, words in self._styles(name):
            self.style_box.addItem(words, code)
        self.style_box.setEnabled(self.style_box.count() > 0)
        index = self.style_box.findData(view.style)
        if index >= 0:
            self.style_box.setCurrentIndex(index)

    def _set_opacity(self, value: int) -> None:
        name = self._current_name()
        if name:
            self.views[name] = replace(self.views[name], opacity=value / 100)
            self.viewsChanged.emit(self.layer_views())

    def _set_style(self, index: int) -> None:
        name = self._current_name()
        if name and index >= 0:
            self.views[name] = replace(self.views[name], style=self.style_box.itemData(index))
            self.viewsChanged.emit(self.layer_views())

    def layer_title(self, name: str) -> str:
        table = imagery_table(name)
        if table is not None:
            return self.tr("Imagery: {name}").format(name=self.imagery_names.get(table, table))
        return {
            "sketch": self.tr("Hand-drawn sketch"),
            "grids": self.tr("Grids"),
            "roads": self.tr("Roads"),
            "landmarks": self.tr("Landmarks"),
            "households": self.tr("Households"),
            "disputes": self.tr("Disputes"),
        }[name]

    def show_legend(self, rendered: RenderedMap) -> None:
        """List what the last render drew, layer by layer from the top."""
        self._last_render = rendered
        self.legend_list.clear()
        order = [view.name for view in reversed(self.layer_views())]
        entries = sorted(rendered.legend, key=lambda entry: order.index(entry.layer) if entry.layer in order else 99)
        layer = None
        for entry in entries:
            if entry.layer != layer:  # a heading per layer, as in a QGIS legend
                layer = entry.layer
                heading = QListWidgetItem(self.layer_title(layer))
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                heading.setFlags(Qt.ItemFlag.NoItemFlags)
                heading.setForeground(self.palette().windowText())
                self.legend_list.addItem(heading)
            item = QListWidgetItem(legend_text(entry))
            item.setIcon(QPixmap.fromImage(legend_symbol(entry)))
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.legend_list.addItem(item)
        notes = []
        if rendered.overview == "grid":
            notes.append(self.tr("Grids shaded by visits in cycle, with open disputes; zoom in for households"))
        elif rendered.overview == "village":
            notes.append(self.tr("Villages shaded by visits in cycle in their grids, with open disputes; zoom in for "
                                 "grids"))  # fmt: skip
        elif rendered.overview == "township":
            notes.append(self.tr("Townships shaded by visits in cycle in their grids, with open disputes; zoom in "
                                 "for villages"))  # fmt: skip
        if "households" in rendered.aggregated_layers:
            notes.append(self.tr("Zoom in to see single households: each cell shows the most common visit status"))
        if "disputes" in rendered.aggregated_layers:
            notes.append(self.tr("Zoom in to see single disputes: each cell shows the hardest grade in it"))
        if rendered.resolved_disputes_hidden:
            notes.append(self.tr("Resolved disputes are shown when you zoom in"))
        for note in notes:
            item = QListWidgetItem(note)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setForeground(self.palette().windowText())
            self.legend_list.addItem(item)

    def retranslate(self) -> None:
        self.layer_list.blockSignals(True)
        for row in range(self.layer_list.count()):
            item = self.layer_list.item(row)
            item.setText(self.layer_title(item.data(Qt.ItemDataRole.UserRole)))
        self.layer_list.blockSignals(False)
        self.opacity_label.setText(self.tr("Opacity"))
        self.style_label.setText(self.tr("Style"))
        self.legend_title.setText(self.tr("Legend"))
        self._show_current()
        if self._last_render is not None:
            self.show_legend(self._last_render)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
