"""The register of printed sheets: what each printed map page showed, kept so a photo of it can be read back.

A print registers every map page it makes in the layer ``printed_sheets``: the
sheet's id (the one in its QR code), when, which grid and page, the paper, the
map frame's place on the page, the extent it shows and its CRS, where the
markers lie, and the page itself as an image. Months later, after households
moved and disputes closed, a photo of the sheet is still compared with what the
paper really showed. Registering is the one write a print makes: audited like
every write, but not an edit to undo (undoing it would orphan paper already in
the field).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from layers.schema import PROJECT_KEY
from layers.store import ProjectStore, new_feature

Box = tuple[float, float, float, float]
"""left, top, width, height in mm from the page's top-left corner."""
Extent = tuple[float, float, float, float]
"""minx, miny, maxx, maxy in the sheet's CRS."""


@dataclass(frozen=True)
class SheetEntry:
    """One printed map page, as the register keeps it."""

    sheet_id: str
    document: str
    """What was printed: ``atlas``, ``grid_sheet`` or ``route_sheet``."""
    page: int
    grid_code: str | None
    paper: str
    landscape: bool
    map_frame_mm: Box
    extent: Extent
    crs: str
    markers_mm: dict[str, list[float]]
    page_image: bytes
    """The page as printed, PNG."""
    printed_at: datetime | None = None


def sheet_project_key(store: ProjectStore) -> str | None:
    """The key this project's sheets carry in their QR codes.

    A file older than printed sheets gets its key from the migration that opening it
    for writing applies; a read-only one has none, and its prints cannot be registered.
    """
    key = store.settings().get(PROJECT_KEY)
    if key is None and not store.read_only:
        with store.edit():
            pass  # the first write of a session migrates an older file; the migration gives it its key
        key = store.settings().get(PROJECT_KEY)
    return key or None


def can_register(store: ProjectStore) -> bool:
    """Whether a print of this project can register its sheets (so photos of them can be read back)."""
    return not store.read_only and sheet_project_key(store) is not None


def register_sheets(store: ProjectStore, entries: list[SheetEntry]) -> None:
    """Add ``entries`` to the register in one transaction."""
    now = datetime.now(UTC)
    with store.edit():
        for entry in entries:
            store.insert(new_feature("printed_sheets", **sheet_record(entry, now, store.user)))


def sheet_record(entry: SheetEntry, printed_at: datetime, printed_by: str) -> dict:
    """The register's fields of ``entry`` as stored (``entry.printed_at``, when set, wins over ``printed_at``)."""
    return {
        "sheet_id": entry.sheet_id,
        "printed_at": entry.printed_at or printed_at,
        "printed_by": printed_by,
        "document": entry.document,
        "grid_code": entry.grid_code,
        "page": entry.page,
        "paper": entry.paper,
        "landscape": entry.landscape,
        "map_frame_mm": json.dumps([round(v, 3) for v in entry.map_frame_mm]),
        "extent": json.dumps([round(v, 3) for v in entry.extent]),
        "crs": entry.crs,
        "markers_mm": json.dumps(entry.markers_mm),
        "page_image": entry.page_image,
    }


def registered_sheet(store: ProjectStore, sheet_id: str) -> SheetEntry | None:
    """The register's entry for ``sheet_id``; None when this project never printed it."""
    rows = store.read("printed_sheets", matching={"sheet_id": sheet_id})
    if rows.empty:
        return None
    row = rows.iloc[0]
    return SheetEntry(
        sheet_id=row["sheet_id"],
        document=row["document"],
        page=int(row["page"]),
        grid_code=row["grid_code"] if isinstance(row["grid_code"], str) else None,
        paper=row["paper"],
        landscape=bool(row["landscape"]),
        map_frame_mm=tuple(json.loads(row["map_frame_mm"])),
        extent=tuple(json.loads(row["extent"])),
        crs=row["crs"],
        markers_mm=json.loads(row["markers_mm"]),
        page_image=bytes(row["page_image"]),
        printed_at=row["printed_at"],
    )
