"""The demo village's field loop: a grid sheet printed, marked by its officer in the village, photographed, read back.

So a new user opening the demo finds the loop already walked once: the sheet
in the register of printed sheets, the photo kept, and the officer's pen
marks waiting as proposals (a new house at the end of a lane, a quarrel's
spot, households circled) in File → Read a marked sheet.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import cv2
import geopandas as gpd
import numpy as np
import pandas as pd
from PIL import Image

from demo.field_photo import CameraShot, PenMark, circle_marks, draw_pen_marks, photograph_sheet, random_pen_marks
from demo.station.names import uuids
from layers.crs import STORAGE_EPSG, to_measure
from layers.printed_sheets import SheetEntry, registered_sheet, sheet_record
from layers.schema import PROJECT_KEY
from layers.store import ProjectStore
from maps.print.atlas import print_atlas
from maps.print.grid_sheet import PageSetup
from maps.print.page import PageFormat, Paper
from maps.print.sheet_register import SheetPrint
from maps.scan.proposals import proposals
from maps.scan.reading import read_sheet_photo
from maps.scan.sheet_finder import decode_photo
from maps.scan.sheet_layout import SheetMarksLayout

PAPER_SCALE = 1.5
"""The register keeps pages at 200 dpi; pens are drawn on, and photographed from, a 300 dpi copy."""
PHOTO = CameraShot(megapixels=8, tilt_deg=14, rotation_deg=6, light=0.45, blur_px=1.0, exif_orientation=6)
PHOTO_NAME = "IMG_20261125_101512.jpg"


def printed_page(sheet: SheetEntry) -> tuple[np.ndarray, float]:
    """The registered page as paper shows it: RGB at 300 dpi, and its pixels per mm."""
    page = np.asarray(Image.open(io.BytesIO(sheet.page_image)).convert("RGB"))
    px_per_mm = page.shape[1] / PageFormat(Paper[sheet.paper], sheet.landscape).size_mm[0]
    fine = cv2.resize(page, None, fx=PAPER_SCALE, fy=PAPER_SCALE, interpolation=cv2.INTER_CUBIC)
    return fine, px_per_mm * PAPER_SCALE


def page_mm_of(sheet: SheetEntry, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Where points (lon/lat) were printed on the sheet's page, in mm from its top-left corner."""
    x, y = to_measure(np.asarray(lon), np.asarray(lat))
    left, top, width, height = sheet.map_frame_mm
    minx, miny, maxx, maxy = sheet.extent
    return np.c_[left + (np.asarray(x) - minx) / (maxx - minx) * width,
                 top + (maxy - np.asarray(y)) / (maxy - miny) * height]  # fmt: skip


def _elderly_on_sheet(store: ProjectStore, sheet: SheetEntry) -> np.ndarray:
    """Where the sheet printed households of elderly people living alone, well inside its map: those an
    officer circles to check on."""
    households = store.read("households", columns=["key_person"])
    elderly = households[households["key_person"].fillna("").str.contains("elderly_alone").to_numpy()]
    on_page = page_mm_of(sheet, elderly.geometry.x.to_numpy(), elderly.geometry.y.to_numpy())
    left, top, width, height = sheet.map_frame_mm
    margin = 20.0
    inside = (on_page[:, 0] > left + margin) & (on_page[:, 0] < left + width - margin)
    inside &= (on_page[:, 1] > top + margin) & (on_page[:, 1] < top + height - margin)
    return on_page[inside]


def add_marked_sheet(store: ProjectStore, grid_code: str, seed: int, as_of: datetime) -> None:
    """Print ``grid_code``'s first sheet three days before ``as_of``, mark it, photograph it and read it back.

    Everything is drawn from ``seed``: the project's key, the sheet's id, the records' ids and times, so
    the same seed gives the same project, as the rest of the demo.
    """
    rng = np.random.default_rng([seed, 19])
    key = _letters(rng, 8)
    store.set_setting(PROJECT_KEY, key)
    sheets = SheetPrint("grid_sheet", PageSetup().page_format, key, new_id=lambda: _letters(rng, 10))
    printed_at = (as_of - timedelta(days=3)).replace(hour=9, minute=30, second=0, microsecond=0)
    with tempfile.TemporaryDirectory() as folder:
        _, entries = print_atlas(store, Path(folder) / "sheet.png", PageSetup(), grid_code, as_of=printed_at,
                                 sheets=sheets)  # fmt: skip
    grid = store.read("grids", matching={"code": grid_code}).iloc[0]
    register = pd.DataFrame([sheet_record(entries[0], printed_at, grid["officer"])])
    store.bulk_load("printed_sheets", _with_records(register, rng, printed_at))
    sheet = registered_sheet(store, entries[0].sheet_id)
    page, px_per_mm = printed_page(sheet)
    circles = circle_marks(_elderly_on_sheet(store, sheet)[:2], "blue", rng)
    clear = SheetMarksLayout.from_json(sheet.markers_mm).keep_clear_mm()
    clear += [(c.x_mm - c.size_mm, c.y_mm - c.size_mm, 2 * c.size_mm, 2 * c.size_mm) for c in circles]
    marks = circles + random_pen_marks(rng, sheet.map_frame_mm, 4, keep_clear_mm=clear, spacing_mm=25)
    photo = photograph_sheet(draw_pen_marks(page, px_per_mm, marks, seed), px_per_mm, PHOTO, seed)
    reading = read_sheet_photo(store, decode_photo(photo.data, PHOTO_NAME))
    found = proposals(store, reading)
    read_at = printed_at + timedelta(days=2, hours=7)
    photo_record = _with_records(pd.DataFrame([dict(found.photo.attributes)]), rng, read_at)
    photo_record["read_at"], photo_record["read_by"] = read_at, grid["officer"]
    store.bulk_load("field_photos", photo_record)
    marks_records = pd.DataFrame([dict(mark.attributes) for mark in found.marks])
    marks_records["photo_id"] = photo_record["id"].iloc[0]
    geometry = [mark.geometry for mark in found.marks]
    store.bulk_load("field_marks", gpd.GeoDataFrame(_with_records(marks_records, rng, read_at), geometry=geometry,
                                                    crs=f"EPSG:{STORAGE_EPSG}"))  # fmt: skip


def _letters(rng: np.random.Generator, count: int) -> str:
    """``count`` characters of base32, as sheet ids and project keys are written."""
    return "".join(rng.choice(list(BASE32), count))


BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _with_records(frame: pd.DataFrame, rng: np.random.Generator, at: datetime) -> pd.DataFrame:
    """``frame`` with the record fields of records first written at ``at``, ids drawn from ``rng``."""
    frame = frame.copy()
    frame["id"] = uuids(rng, len(frame))
    frame["version"] = 1
    frame["created_at"] = frame["updated_at"] = at
    return frame


@dataclass(frozen=True)
class Matching:
    """Drawn marks paired with read ones: each drawn mark with the nearest read mark within its reach."""

    errors_mm: list[float]
    missed: list[PenMark]
    unmatched: int
    """Read marks that no drawn mark accounts for."""
    pairs: list[tuple[PenMark, object]]


def match_marks(drawn: list[PenMark], read: list) -> Matching:
    """Pair each drawn mark with the nearest unpaired read mark (:class:`maps.scan.reading.ReadMark`) within
    reach: 3 mm, or half the mark's size for large ones (the middle of a long line is loosely defined)."""
    found = np.array([[mark.mark.x_mm, mark.mark.y_mm] for mark in read]).reshape(-1, 2)
    used: set[int] = set()
    errors, missed, pairs = [], [], []
    for mark in drawn:
        distances = np.hypot(*(found - [mark.x_mm, mark.y_mm]).T) if len(found) else np.array([])
        order = [int(i) for i in np.argsort(distances) if int(i) not in used]
        if order and distances[order[0]] <= max(3.0, mark.size_mm / 2):
            used.add(order[0])
            errors.append(float(distances[order[0]]))
            pairs.append((mark, read[order[0]]))
        else:
            missed.append(mark)
    return Matching(errors, missed, len(read) - len(used), pairs)
