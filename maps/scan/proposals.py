"""Pen marks as proposed edits: the photo kept in the project, each new mark a ``field_marks`` record.

A mark already proposed from this sheet (whatever became of it: accepted,
dismissed or still waiting) is not proposed again when the same sheet is read
a second time, from the same photo or another one: a mark within
:data:`SAME_MARK_MM` on paper of a stored one is that one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from shapely import Point

from layers.store import Feature, ProjectStore, new_feature
from maps.scan.reading import ReadMark, SheetReading

SAME_MARK_MM = 3.0
"""Two readings of one pen mark land within a millimetre; distinct marks an officer draws are 5 mm apart or more."""


@dataclass(frozen=True)
class Proposals:
    """What adding a reading writes: the photo (None when the project already keeps it) and the new marks."""

    photo: Feature | None
    marks: list[Feature]
    already_proposed: list[ReadMark]

    @property
    def features(self) -> list[Feature]:
        return ([self.photo] if self.photo is not None else []) + self.marks


def proposals(store: ProjectStore, reading: SheetReading) -> Proposals:
    """The records that keep ``reading`` in the project, not stored yet (the desktop stores them undoably)."""
    sheet_id = reading.sheet.sheet_id
    stored_marks = store.read("field_marks", columns=["paper_x_mm", "paper_y_mm"], matching={"sheet_id": sheet_id})
    known = stored_marks[["paper_x_mm", "paper_y_mm"]].to_numpy(float)
    fresh, repeated = [], []
    for mark in reading.marks:
        position = np.array([mark.mark.x_mm, mark.mark.y_mm])
        near = len(known) and np.min(np.hypot(*(known - position).T)) <= SAME_MARK_MM
        (repeated if near else fresh).append(mark)
    photo_id = _kept_photo(store, reading)
    photo = None
    if photo_id is None and fresh:
        photo = _photo_feature(store, reading)
        photo_id = photo.id
    marks = [_mark_feature(reading, mark, photo_id) for mark in fresh]
    return Proposals(photo, marks, repeated)


def add_proposals(store: ProjectStore, reading: SheetReading) -> Proposals:
    """Store ``reading``'s photo and new marks in one audited transaction; returns what was written."""
    found = proposals(store, reading)
    if found.features:
        with store.edit():
            for feature in found.features:
                store.insert(feature)
    return found


def _kept_photo(store: ProjectStore, reading: SheetReading) -> str | None:
    """The id of this very photo (same bytes) if the project already keeps it."""
    digest = hashlib.sha256(reading.photo.data).digest()
    photos = store.read("field_photos", columns=["id", "image"], matching={"sheet_id": reading.sheet.sheet_id})
    for photo_id, image in zip(photos["id"], photos["image"]):
        if hashlib.sha256(bytes(image)).digest() == digest:
            return str(photo_id)
    return None


def _photo_feature(store: ProjectStore, reading: SheetReading) -> Feature:
    photo = reading.photo
    width, height = photo.size
    return new_feature(
        "field_photos",
        sheet_id=reading.sheet.sheet_id,
        file_name=photo.name.replace("\\", "/").rsplit("/", 1)[-1],
        read_at=datetime.now(UTC),
        read_by=store.user,
        image=photo.data,
        image_format=photo.image_format,
        width=width,
        height=height,
        paper_rmse_mm=round(reading.placement.paper_rmse_mm, 3),
        photo_to_page=json.dumps(np.round(reading.placement.photo_to_page, 9).tolist()),
    )


def _mark_feature(reading: SheetReading, mark: ReadMark, photo_id: str) -> Feature:
    return new_feature(
        "field_marks",
        Point(mark.lon, mark.lat),
        colour=mark.mark.colour,
        shape=mark.mark.shape,
        size_mm=round(mark.mark.size_mm, 1),
        mark_no=mark.number,
        sheet_id=reading.sheet.sheet_id,
        photo_id=photo_id,
        paper_x_mm=round(mark.mark.x_mm, 2),
        paper_y_mm=round(mark.mark.y_mm, 2),
    )
