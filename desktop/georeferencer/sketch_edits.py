"""The georeferencer's edits: each one undoable step that also re-derives what was placed from the sketch.

Adding, moving, disabling or deleting a control point changes the fit, and the
fit places every household and grid outline drawn on the sketch. So each edit
here is an :class:`~desktop.edit_commands.EditGroup` whose consequences (the
records the new fit moves) are computed once the cause is in the store and
undone together with it. The window decides *what* to edit; this class knows
*how*, with no widget of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import shapely
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoStack

from desktop.edit_commands import (
    DeleteRecord,
    EditGroup,
    InsertRecord,
    RecordCommand,
    ReportError,
    UpdateRecord,
    push_edit,
)
from layers.crs import to_storage
from layers.store import ProjectStore, new_feature
from layers.vocabulary import LocatedBy
from maps.georef.control_points import ControlPoint
from maps.georef.sketch_georeference import Placement, SketchGeoreference, outline_on_map, position_of
from maps.georef.transforms import Transform

translate = QCoreApplication.translate  # the name Qt's lupdate looks for


class SketchEdits:
    """Undoable edits of one sketch's control points and of the records placed from it."""

    def __init__(
        self, store: ProjectStore, sketch: SketchGeoreference, stack: QUndoStack, report_error: ReportError
    ) -> None:
        self.store, self.sketch, self.stack, self.report_error = store, sketch, stack, report_error

    def make(self, text: str, edits: list[RecordCommand]) -> bool:
        """Make ``edits`` as one undoable step; what the new fit moves joins it later (:meth:`follow_fit`)."""
        return push_edit(self.stack, EditGroup(self.store, edits, text, self.report_error))

    def follow_fit(self, placements: list[Placement]) -> bool:
        """Move what was placed from the sketch where the newest fit puts it, as part of the newest edit.

        The fit runs on a worker thread after the edit was made; its consequences join the
        newest edit still applied, so one undo takes back the cause and what it moved. Edits
        made faster than a fit never get theirs; undoing one of them leaves the records where
        the edits before it had them, and the fit of the points as they are now moves them
        back into step, joining the edit now newest. On opening nothing was edited yet (as
        before, positions move with the next edit).
        """
        newest = self.stack.command(self.stack.index() - 1) if self.stack.index() > 0 else None
        if not placements or not isinstance(newest, EditGroup):
            return False
        moves = [
            UpdateRecord(self.store, self.store.get(p.layer, p.record_id), {}, "", self.report_error, p.geometry)
            for p in placements
        ]
        return newest.join(moves)

    def put_back(self, record_id: str, text: str) -> bool:
        """Fit a point auto set aside again, as an undoable step (what the new fit moves joins it)."""
        return push_edit(self.stack, _PutBack(self.store, self.sketch, record_id, text, self.report_error))

    # -- control points ------------------------------------------------------------
    def _new_point(self, point: ControlPoint) -> InsertRecord:
        lon, lat = to_storage(point.x, point.y)
        feature = new_feature(
            "sketch_control_points", shapely.Point(lon, lat), sketch_id=self.sketch.sketch_id,
            sketch_x=float(point.pixel_x), sketch_y=float(point.pixel_y), label="", enabled=point.enabled,
        )  # fmt: skip
        return InsertRecord(self.store, feature, "", self.report_error)

    def add_points(self, points: Iterable[ControlPoint], text: str) -> bool:
        return self.make(text, [self._new_point(point) for point in points])

    def update_point(self, record_id: str, changes: Mapping, text: str) -> bool:
        """Change a point's fields; ``x``/``y`` (metres) move its map position."""
        before = self.store.get("sketch_control_points", record_id)
        geometry = None
        if "x" in changes or "y" in changes:
            lon, lat = to_storage(changes["x"], changes["y"])
            geometry = shapely.Point(lon, lat)
        fields = {name: value for name, value in changes.items() if name not in ("x", "y")}
        return self.make(text, [UpdateRecord(self.store, before, fields, "", self.report_error, geometry)])

    def delete_points(self, record_ids: list[str]) -> bool:
        edits = [
            DeleteRecord(self.store, self.store.get("sketch_control_points", record_id), "", self.report_error)
            for record_id in record_ids
        ]
        return self.make(translate("SketchEdits", "Delete {count} control point(s)").format(count=len(edits)), edits)

    # -- households and grids ------------------------------------------------------
    def place_household(self, household_id: str, x: float, y: float, transform: Transform) -> bool:
        """Tie a household to sketch pixel (x, y); its map position follows the fit from now on."""
        before = self.store.get("households", household_id)
        position = position_of(transform, x, y)
        changes = {"sketch_id": self.sketch.sketch_id, "sketch_x": float(x), "sketch_y": float(y),
                   "located_by": LocatedBy.SKETCH.value}  # fmt: skip
        if not before["grid_id"]:
            changes["grid_id"] = self.sketch.grid_at(position)
        command = UpdateRecord(self.store, before, changes, "", self.report_error, position)
        return self.make(
            translate("SketchEdits", "Place household {house_no}").format(house_no=before["house_no"]), [command]
        )

    def add_household(self, x: float, y: float, house_no: str, head_name: str, transform: Transform) -> bool:
        position = position_of(transform, x, y)
        feature = new_feature(
            "households", position, house_no=house_no, head_name=head_name, sketch_id=self.sketch.sketch_id,
            sketch_x=float(x), sketch_y=float(y), located_by=LocatedBy.SKETCH.value,
            grid_id=self.sketch.grid_at(position),
        )  # fmt: skip
        command = InsertRecord(self.store, feature, "", self.report_error)
        return self.make(translate("SketchEdits", "New household {house_no}").format(house_no=house_no), [command])

    def outline_grid(self, grid_id: str, vertices: list[tuple[float, float]], transform: Transform) -> bool:
        """Make the pixel ring ``vertices`` the grid's boundary; its map polygon follows the fit."""
        outline = [[round(x, 1), round(y, 1)] for x, y in vertices]
        before = self.store.get("grids", grid_id)
        changes = {"sketch_id": self.sketch.sketch_id, "sketch_outline": json.dumps(outline)}
        command = UpdateRecord(self.store, before, changes, "", self.report_error, outline_on_map(transform, outline))
        return self.make(translate("SketchEdits", "Outline grid {code}").format(code=before["code"]), [command])


class _PutBack(EditGroup):
    """A point the user vouched for: auto keeps it in the fit; undo lets auto set it aside again."""

    def __init__(
        self, store: ProjectStore, sketch: SketchGeoreference, record_id: str, text: str, report_error: ReportError
    ) -> None:
        super().__init__(store, [], text, report_error)
        self.sketch, self.record_id = sketch, record_id

    def apply(self) -> None:
        self.sketch.vouch(self.record_id)
        super().apply()

    def revert(self) -> None:
        super().revert()
        self.sketch.unvouch(self.record_id)
