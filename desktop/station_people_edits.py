"""Undoable edits of the station's people and grids, as Station → Officers and grids and the outline tool make them.

Each method is one step on the window's undo stack, saved at once through the
commands of :mod:`desktop.edit_commands`. Grids name their officer and
auxiliary by name (the field is text, as the registers and bulletins print it),
so the store cannot see that a grid still needs a person: renaming someone
renames them on their grids in the same step, and removing or re-roling someone
named on a grid is refused here, naming the grids. A grid that records still
refer to is refused by the store too; this says so before asking it, in words.
No widget of its own: the dialog and the tool decide *what*, this knows *how*.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoStack
from shapely.geometry import Polygon

from desktop.edit_commands import (
    DeleteRecord,
    EditGroup,
    InsertRecord,
    RecordCommand,
    ReportError,
    UpdateRecord,
    push_edit,
)
from layers.schema import LAYERS
from layers.store import Feature, ProjectStore, new_feature
from layers.vocabulary import OfficerRole

translate = QCoreApplication.translate  # the name Qt's lupdate looks for


def referring_records(layer: str, n: int) -> str:
    """How a refusal names the ``n`` records of ``layer`` that still refer to a grid."""
    if layer == "households":
        return translate("StationPeopleEdits", "%n household(s)", "", n)
    if layer == "disputes":
        return translate("StationPeopleEdits", "%n dispute(s)", "", n)
    if layer == "landmarks":
        return translate("StationPeopleEdits", "%n landmark(s)", "", n)
    if layer == "sketches":
        return translate("StationPeopleEdits", "%n sketch(es)", "", n)
    return f"{n} ({layer})"


class StationPeopleEdits:
    """Undoable edits of the ``officers`` and ``grids`` layers of one project."""

    def __init__(self, store: ProjectStore, stack: QUndoStack, report_error: ReportError) -> None:
        self.store, self.stack, self.report_error = store, stack, report_error

    def _push(self, command: RecordCommand) -> bool:
        return push_edit(self.stack, command)

    # -- officers ------------------------------------------------------------------
    def add_officer(self, values: Mapping[str, Any]) -> bool:
        """A new person of the station (name, role, phone)."""
        feature = new_feature("officers", station=self._station(), **values)
        text = translate("StationPeopleEdits", "Add officer {name}").format(name=values["name"])
        return self._push(InsertRecord(self.store, feature, text, self.report_error))

    def update_officer(self, officer_id: str, values: Mapping[str, Any]) -> bool:
        """Change a person; a new name follows them onto their grids, in the same undoable step."""
        before = self.store.get("officers", officer_id)
        changes = {name: value for name, value in values.items() if before[name] != value}
        if not changes:
            return True
        refusal = self._role_refusal(before, changes.get("role", before["role"]))
        if refusal:
            self.report_error(refusal)
            return False
        text = translate("StationPeopleEdits", "Edit officer {name}").format(name=before["name"])
        edits: list[RecordCommand] = [UpdateRecord(self.store, before, changes, "", self.report_error)]
        if "name" in changes:
            for grid in self._grids_naming(before["name"]):
                renamed = {
                    field: changes["name"] for field in ("officer", "auxiliary") if grid[field] == before["name"]
                }
                edits.append(UpdateRecord(self.store, grid, renamed, "", self.report_error))
        return self._push(EditGroup(self.store, edits, text, self.report_error))

    def remove_officer(self, officer_id: str) -> bool:
        """Remove a person no grid names; otherwise say which grids name them."""
        before = self.store.get("officers", officer_id)
        grids = self._grids_naming(before["name"])
        if grids:
            self.report_error(
                translate(
                    "StationPeopleEdits",
                    "{name} cannot be removed: grid(s) {codes} still name them as officer or auxiliary. "
                    "Choose someone else for those grids first.",
                ).format(name=before["name"], codes=", ".join(grid["code"] for grid in grids))
            )
            return False
        text = translate("StationPeopleEdits", "Remove officer {name}").format(name=before["name"])
        return self._push(DeleteRecord(self.store, before, text, self.report_error))

    def _role_refusal(self, before: Feature, role: str) -> str:
        """Why ``before`` may not take ``role``: grids that name them in a post the new role does not hold."""
        posts = {"officer": OfficerRole.COMMUNITY_OFFICER.value, "auxiliary": OfficerRole.AUXILIARY.value}
        clashing = [
            grid["code"]
            for grid in self._grids_naming(before["name"])
            if any(grid[post] == before["name"] and role != needed for post, needed in posts.items())
        ]
        if not clashing:
            return ""
        return translate(
            "StationPeopleEdits",
            "{name} keeps the role they have: grid(s) {codes} name them in it. "
            "Choose someone else for those grids first.",
        ).format(name=before["name"], codes=", ".join(clashing))

    def _grids_naming(self, name: str) -> list[Feature]:
        grids = self.store.read("grids", columns=["id", "code", "officer", "auxiliary"])
        named = grids[(grids["officer"] == name) | (grids["auxiliary"] == name)].sort_values("code")
        return [self.store.get("grids", record_id) for record_id in named["id"]]

    # -- grids ---------------------------------------------------------------------
    def add_grid(self, values: Mapping[str, Any], outline: Polygon) -> bool:
        """A new grid with its outline (lon/lat): a grid is always drawn on the map, as its layer requires."""
        settings = self.store.settings()
        township = {"township": settings["township"]} if settings.get("township") else {}
        feature = new_feature("grids", outline, station=self._station(), **township, **values)
        text = translate("StationPeopleEdits", "Add grid {code}").format(code=values["code"])
        return self._push(InsertRecord(self.store, feature, text, self.report_error))

    def update_grid(self, grid_id: str, values: Mapping[str, Any]) -> bool:
        before = self.store.get("grids", grid_id)
        changes = {name: value for name, value in values.items() if before[name] != value}
        if not changes:
            return True
        text = translate("StationPeopleEdits", "Edit grid {code}").format(code=before["code"])
        return self._push(UpdateRecord(self.store, before, changes, text, self.report_error))

    def outline_grid(self, grid_id: str, outline: Polygon) -> bool:
        """Make ``outline`` (lon/lat) the grid's boundary; one drawn on a sketch no longer follows that sketch."""
        before = self.store.get("grids", grid_id)
        changes = {"sketch_id": None, "sketch_outline": None} if before["sketch_outline"] else {}
        text = translate("StationPeopleEdits", "Outline grid {code}").format(code=before["code"])
        return self._push(UpdateRecord(self.store, before, changes, text, self.report_error, outline))

    def remove_grid(self, grid_id: str) -> bool:
        """Remove a grid nothing refers to; otherwise say what still does."""
        before = self.store.get("grids", grid_id)
        referring = self.referring_to_grid(grid_id)
        if referring:
            self.report_error(
                translate(
                    "StationPeopleEdits",
                    "Grid {code} cannot be removed: {records} still belong to it. Move them to another grid first.",
                ).format(code=before["code"], records=", ".join(referring_records(layer, n) for layer, n in referring))
            )
            return False
        text = translate("StationPeopleEdits", "Remove grid {code}").format(code=before["code"])
        return self._push(DeleteRecord(self.store, before, text, self.report_error))

    def referring_to_grid(self, grid_id: str) -> list[tuple[str, int]]:
        """(layer, count) of the records whose declared reference names the grid."""
        counts = []
        for layer in LAYERS.values():
            for spec in layer.fields:
                if spec.references == "grids":
                    frame = self.store.read(layer.name, columns=[spec.name])
                    n = int((frame[spec.name] == grid_id).sum())
                    if n:
                        counts.append((layer.name, n))
        return counts

    def _station(self) -> str:
        return self.store.settings().get("station", "")
