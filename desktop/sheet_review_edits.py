"""The sheet review's edits: what a pen mark becomes, each one undoable step that also records the decision.

A mark read from a photographed sheet is a ``field_marks`` record, proposed
until someone decides. Accepting it writes the record it stands for (a new
household, a household moved, a visit, a dispute) and, in the same step, sets
the mark's status and names that record, so one undo takes back both and the
mark is proposed again. The dialog decides *what*; this class knows *how*, with
no widget of its own, as :mod:`desktop.georeferencer.sketch_edits` does for sketches.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import shapely
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoStack

from desktop.edit_commands import EditGroup, InsertRecord, RecordCommand, ReportError, UpdateRecord, push_edit
from layers.crs import to_measure, to_storage
from layers.store import Feature, ProjectStore
from layers.vocabulary import LocatedBy, MarkStatus
from maps.scan.proposals import Proposals

translate = QCoreApplication.translate  # the name Qt's lupdate looks for

NEARBY_M = 150.0
"""Households offered for a mark lie this close: a sheet's pen is a few metres off, a misread house a street."""
NEARBY_SHOWN = 8
NEAREST_WITHIN_M = 50.0
"""The household a mark names by default, as the reader names it: farther, a new house is likelier than a neighbour."""
LOCATED_FROM_SHEET = LocatedBy.MANUAL
"""A position an officer marked by hand on a printed sheet: placed by hand, as on the map."""


@dataclass(frozen=True)
class NearbyHousehold:
    id: str
    house_no: str
    head_name: str
    distance_m: float


def households_near(store: ProjectStore, point: shapely.Point, within_m: float = NEARBY_M,
                    limit: int = NEARBY_SHOWN) -> list[NearbyHousehold]:  # fmt: skip
    """The households within ``within_m`` of ``point`` (lon/lat), nearest first."""
    x, y = to_measure(point.x, point.y)
    lons, lats = to_storage([x - within_m, x + within_m], [y - within_m, y + within_m])
    households = store.read("households", bbox=(min(lons), min(lats), max(lons), max(lats)),
                            columns=["id", "house_no", "head_name"])  # fmt: skip
    households = households[~households.geometry.is_empty & households.geometry.notna()]
    if households.empty:
        return []
    hx, hy = to_measure(households.geometry.x.to_numpy(), households.geometry.y.to_numpy())
    distances = np.hypot(np.asarray(hx) - x, np.asarray(hy) - y)
    order = [index for index in np.argsort(distances, kind="stable") if distances[index] <= within_m][:limit]
    return [
        NearbyHousehold(
            str(households["id"].iloc[i]),
            str(households["house_no"].iloc[i]),
            str(households["head_name"].iloc[i] or ""),
            float(distances[i]),
        )  # fmt: skip
        for i in order
    ]


def grid_at_point(store: ProjectStore, point: shapely.Point) -> str | None:
    """The id of the grid whose outline holds ``point`` (lon/lat); the first by code where drawings overlap."""
    grids = store.read("grids", bbox=(point.x, point.y, point.x, point.y), columns=["id", "code"])
    inside = grids[grids.geometry.contains(point)]
    return str(inside.sort_values("code", kind="stable")["id"].iloc[0]) if len(inside) else None


def grid_of_code(store: ProjectStore, code: str | None) -> str | None:
    """The id of the grid printed as ``code`` on a sheet, if the project still has it."""
    if not code:
        return None
    grids = store.read("grids", columns=["id"], matching={"code": code})
    return str(grids["id"].iloc[0]) if len(grids) else None


class MarkEdits:
    """Undoable edits that decide what pen marks become."""

    def __init__(self, store: ProjectStore, stack: QUndoStack, report_error: ReportError) -> None:
        self.store, self.stack, self.report_error = store, stack, report_error

    def keep_reading(self, found: Proposals, name: str) -> bool:
        """Store a reading's photo and new marks as proposals: one step, "Read marked sheet"."""
        if not found.features:
            return False
        text = translate("MarkEdits", "Read marked sheet {name}").format(name=name)
        edits: list[RecordCommand] = [InsertRecord(self.store, feature, "", self.report_error)
                                      for feature in found.features]  # fmt: skip
        return push_edit(self.stack, EditGroup(self.store, edits, text, self.report_error))

    def new_household(self, mark_id: str, household: Feature) -> bool:
        """Add ``household`` (placed at the mark by the form) and accept the mark as it."""
        mark = self.store.get("field_marks", mark_id)
        text = translate("MarkEdits", "New household {house_no} from mark {number}").format(
            house_no=household["house_no"], number=mark["mark_no"]
        )
        insert = InsertRecord(self.store, household, "", self.report_error)
        return self._decide(mark, text, [insert], MarkStatus.ACCEPTED, "households", household.id)

    def move_household(self, mark_id: str, household_id: str) -> bool:
        """Move the household to the mark, placed by hand from now on, and accept the mark as it.

        A household placed from a sketch follows that sketch's fit whenever a
        control point changes; the officer's mark is newer knowledge, so the
        household leaves the sketch rather than be moved back by the next fit.
        """
        mark = self.store.get("field_marks", mark_id)
        before = self.store.get("households", household_id)
        changes = {"located_by": LOCATED_FROM_SHEET.value, "sketch_id": None, "sketch_x": None, "sketch_y": None}
        if not before["grid_id"]:
            changes["grid_id"] = grid_at_point(self.store, mark.geometry)
        move = UpdateRecord(self.store, before, changes, "", self.report_error, mark.geometry)
        text = translate("MarkEdits", "Move household {house_no} to mark {number}").format(
            house_no=before["house_no"], number=mark["mark_no"]
        )
        return self._decide(mark, text, [move], MarkStatus.ACCEPTED, "households", household_id)

    def log_visit(self, mark_id: str, visit: Feature) -> bool:
        """Log ``visit`` (from the visit form) and accept the mark as it."""
        mark = self.store.get("field_marks", mark_id)
        house_no = self.store.get("households", visit["household_id"])["house_no"]
        text = translate("MarkEdits", "Log visit to No. {house_no} from mark {number}").format(
            house_no=house_no, number=mark["mark_no"]
        )
        insert = InsertRecord(self.store, visit, "", self.report_error)
        return self._decide(mark, text, [insert], MarkStatus.ACCEPTED, "visits", visit.id)

    def log_dispute(self, mark_id: str, dispute: Feature) -> bool:
        """Log ``dispute`` (from the dispute form) where the mark is, and accept the mark as it."""
        mark = self.store.get("field_marks", mark_id)
        dispute = replace(dispute, geometry=mark.geometry)  # where the officer marked it, not at the house
        house_no = self.store.get("households", dispute["household_id"])["house_no"]
        text = translate("MarkEdits", "Log dispute at No. {house_no} from mark {number}").format(
            house_no=house_no, number=mark["mark_no"]
        )
        insert = InsertRecord(self.store, dispute, "", self.report_error)
        return self._decide(mark, text, [insert], MarkStatus.ACCEPTED, "disputes", dispute.id)

    def dismiss(self, mark_id: str) -> bool:
        """Dismiss the mark: nothing to record (a smudge, a note to self); it is not proposed again."""
        mark = self.store.get("field_marks", mark_id)
        text = translate("MarkEdits", "Dismiss mark {number}").format(number=mark["mark_no"])
        return self._decide(mark, text, [], MarkStatus.DISMISSED, None, None)

    def _decide(self, mark: Feature, text: str, edits: list[RecordCommand], status: MarkStatus,
                layer: str | None, record_id: str | None) -> bool:  # fmt: skip
        decision = UpdateRecord(self.store, mark, {"status": status.value, "record_layer": layer,
                                                   "record_id": record_id}, "", self.report_error)  # fmt: skip
        return push_edit(self.stack, EditGroup(self.store, [*edits, decision], text, self.report_error))
