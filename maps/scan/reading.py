"""Reading a photographed sheet: which sheet it is, where the photo lies on the map, what the pen added.

:func:`read_sheet_photo` goes in three steps:

1. :func:`find_sheet`: the sheet's markers and QR code (:mod:`maps.scan.sheet_finder`),
   and its entry in the project's register of printed sheets (:mod:`layers.printed_sheets`);
2. :func:`bring_onto_page`: the photo warped back onto the page and flattened against
   the print where the paper is not flat (:mod:`maps.scan.page_fit`);
3. :func:`find_marks`: the pen marks, found against the page as it was printed
   (:mod:`maps.scan.pen_marks`) and placed on the map through the printed frame and extent.

:func:`georeferenced_photo` warps the photo's map frame north-up, for a layer under the
map or a world-filed image.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image
from PySide6.QtGui import QImage

from layers.crs import to_measure, to_storage
from layers.errors import QT_TRANSLATE_NOOP, SheetPhotoError
from layers.feedback import Feedback
from layers.printed_sheets import SheetEntry, registered_sheet, sheet_project_key
from layers.store import ProjectStore
from maps.georef.warp import WarpedSketch
from maps.print.page import PageFormat, Paper
from maps.scan.page_fit import PaperFit, fit_paper, flatten
from maps.scan.pen_marks import PenMark, find_pen_marks
from maps.scan.sheet_finder import (
    PagePlacement,
    SheetPhoto,
    find_markers,
    load_photo,
    photo_px_per_mm_at,
    place_on_page,
    read_sheet_code,
    rectify,
    refuse_too_few,
)
from maps.scan.sheet_layout import SheetMarksLayout

NEAREST_WITHIN_M = 50.0
"""A mark farther than this from every household names none: a new house at the end of a lane is not the last one's."""


@dataclass(frozen=True)
class NearestHousehold:
    id: str
    house_no: str
    distance_m: float


@dataclass(frozen=True)
class ReadMark:
    """A pen mark placed on the map."""

    number: int
    """From 1, top to bottom on the sheet: the number shown beside it on the photo."""
    mark: PenMark
    x: float
    """EPSG:32648 metres."""
    y: float
    lon: float
    """CGCS2000 degrees."""
    lat: float
    nearest: NearestHousehold | None

    def as_json(self) -> dict:
        nearest = self.nearest
        return {
            "id": self.number,
            "x": round(self.x, 2),
            "y": round(self.y, 2),
            "lon": round(self.lon, 7),
            "lat": round(self.lat, 7),
            "colour": self.mark.colour,
            "shape": self.mark.shape,
            "size_mm": round(self.mark.size_mm, 1),
            "nearest_household": None
            if nearest is None
            else {"id": nearest.id, "house_no": nearest.house_no, "distance_m": round(nearest.distance_m, 1)},
        }


@dataclass(frozen=True, eq=False)
class SheetReading:
    """What a photo of a printed sheet says."""

    photo: SheetPhoto
    sheet: SheetEntry
    placement: PagePlacement
    paper: PaperFit
    """How the paper departs from flat, as read from the print; the marks and ``on_page`` are corrected for it."""
    marks: list[ReadMark]
    on_page: np.ndarray
    """The photo brought back onto the page, RGB at the register's resolution (what the marks were found on)."""
    px_per_mm: float

    def as_json(self) -> dict:
        return {
            "sheet_id": self.sheet.sheet_id,
            "grid": self.sheet.grid_code,
            "page": self.sheet.page,
            "paper_rmse_mm": round(self.placement.paper_rmse_mm, 2),
            "marks": [mark.as_json() for mark in self.marks],
        }

    def page_mm_to_map(self, page_mm: np.ndarray) -> np.ndarray:
        """Page millimetres to map metres through the printed frame and extent (north up)."""
        return page_to_map(self.sheet, page_mm)


def page_to_map(sheet: SheetEntry, page_mm: np.ndarray) -> np.ndarray:
    left, top, width, height = sheet.map_frame_mm
    minx, miny, maxx, maxy = sheet.extent
    xy = np.asarray(page_mm, float).reshape(-1, 2)
    return np.c_[minx + (xy[:, 0] - left) / width * (maxx - minx), maxy - (xy[:, 1] - top) / height * (maxy - miny)]


def read_sheet_photo(
    store: ProjectStore, photo: str | Path | SheetPhoto, feedback: Feedback | None = None
) -> SheetReading:
    """Read ``photo`` as a sheet printed from ``store``; a photo that cannot be read raises SheetPhotoError.

    The three steps (:func:`find_sheet`, :func:`bring_onto_page`, :func:`find_marks`) are public for
    the benchmark, which times each.
    """
    feedback = feedback or Feedback()
    photo = photo if isinstance(photo, SheetPhoto) else load_photo(photo)
    feedback.set_progress(10)
    sheet, placement = find_sheet(store, photo)
    feedback.set_progress(40)
    feedback.raise_if_canceled()
    page = bring_onto_page(photo, sheet, placement)
    feedback.set_progress(65)
    feedback.raise_if_canceled()
    marks = find_marks(store, sheet, page)
    feedback.set_progress(100)
    return SheetReading(photo, sheet, placement, page.paper, marks, page.photo, page.px_per_mm)


def find_sheet(store: ProjectStore, photo: SheetPhoto) -> tuple[SheetEntry, PagePlacement]:
    """Which of ``store``'s printed sheets the photo shows, and where the photo lies on its page."""
    markers = find_markers(photo)
    if len(markers.corners) < 3 and _blurred(photo):
        raise SheetPhotoError(
            path=photo.name,
            reason=QT_TRANSLATE_NOOP(
                "reason",
                "the photo is too blurred to find the sheet's corner squares; hold the phone still and retake it",
            ),
        )
    if not markers.corners:
        raise SheetPhotoError(
            path=photo.name,
            reason=QT_TRANSLATE_NOOP(
                "reason",
                "no printed Wangge sheet in the photo (none of its four black corner squares was found); photograph "
                "a sheet printed by Wangge with the whole map frame in view",
            ),
        )
    refuse_too_few(markers, photo.name)
    code = read_sheet_code(photo, markers)
    sheet = _sheet_of(store, code.project_key, code.sheet_id, photo.name)
    return sheet, place_on_page(markers, SheetMarksLayout.from_json(sheet.markers_mm), photo.name)


@dataclass(frozen=True, eq=False)
class PhotoOnPage:
    """The photo brought back onto the printed page, beside the page as printed."""

    photo: np.ndarray
    """RGB at the register's resolution, the paper's bends taken out."""
    printed: np.ndarray
    valid: np.ndarray
    """False where the photo shows no paper."""
    paper: PaperFit
    px_per_mm: float


def bring_onto_page(photo: SheetPhoto, sheet: SheetEntry, placement: PagePlacement) -> PhotoOnPage:
    """The photo warped onto the page by the markers' homography, then flattened against the print."""
    printed = np.asarray(Image.open(io.BytesIO(sheet.page_image)).convert("RGB"))
    page_w, page_h = _page_size_mm(sheet)
    px_per_mm = printed.shape[1] / page_w
    on_page = rectify(photo.pixels, placement, (0.0, 0.0, page_w, page_h), px_per_mm)
    valid = _photographed(photo, placement, printed.shape[:2], px_per_mm)
    layout = SheetMarksLayout.from_json(sheet.markers_mm)
    anchors = np.vstack(list(layout.marker_corners_mm().values()))
    paper = fit_paper(on_page, printed, px_per_mm, valid, anchors)
    on_page, valid = flatten(on_page, valid, paper, px_per_mm)
    return PhotoOnPage(on_page, printed, valid, paper, px_per_mm)


def find_marks(store: ProjectStore, sheet: SheetEntry, page: PhotoOnPage) -> list[ReadMark]:
    """The pen marks in the sheet's map frame, placed on the map, each with its nearest household."""
    layout = SheetMarksLayout.from_json(sheet.markers_mm)
    found = find_pen_marks(page.photo, page.printed, page.px_per_mm, valid=page.valid, search_mm=sheet.map_frame_mm,
                           ignore_mm=layout.keep_clear_mm())  # fmt: skip
    return _placed(store, sheet, found)


def _blurred(photo: SheetPhoto) -> bool:
    """Whether the photo is too soft to read: the variance of the Laplacian of its half-size copy is low.

    Print and a desk's grain give 100 or more in focus; the sensor's noise alone gives about 12.
    """
    grey = cv2.cvtColor(photo.pixels, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    return cv2.Laplacian(small, cv2.CV_64F).var() < BLURRED_BELOW


BLURRED_BELOW = 25.0
"""Measured on simulated photos: 35 at a defocus of 2.5 pixels (still read), 19 at 3.5 (markers start to be lost)."""


def _sheet_of(store: ProjectStore, project_key: str, sheet_id: str, name: str) -> SheetEntry:
    if project_key != sheet_project_key(store):
        raise SheetPhotoError(
            path=name,
            reason=QT_TRANSLATE_NOOP(
                "reason",
                "this sheet ({sheet_id}) was printed from another project; open the project it was printed from",
            ),
            sheet_id=sheet_id,
        )
    sheet = registered_sheet(store, sheet_id)
    if sheet is None:
        raise SheetPhotoError(
            path=name,
            reason=QT_TRANSLATE_NOOP(
                "reason",
                "this project never registered sheet {sheet_id} (it was printed from a copy of the project, or "
                "from a read-only one); read it in the project it was printed from",
            ),
            sheet_id=sheet_id,
        )
    return sheet


def _page_size_mm(sheet: SheetEntry) -> tuple[float, float]:
    return PageFormat(Paper[sheet.paper], sheet.landscape).size_mm


def _photographed(photo: SheetPhoto, placement: PagePlacement, shape: tuple[int, int], px_per_mm: float) -> np.ndarray:
    """Where the page image has photo under it: the photo's outline mapped onto the page, filled."""
    height, width = photo.pixels.shape[:2]
    corners = placement.photo_to_page_mm(np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]]))
    inside = np.zeros(shape, np.uint8)
    cv2.fillConvexPoly(inside, np.round(corners * px_per_mm * 16 - 8).astype(np.int32), 1, cv2.LINE_8, shift=4)
    return inside.astype(bool)


def _placed(store: ProjectStore, sheet: SheetEntry, found: list[PenMark]) -> list[ReadMark]:
    if not found:
        return []
    xy = page_to_map(sheet, np.array([[mark.x_mm, mark.y_mm] for mark in found]))
    lon, lat = to_storage(xy[:, 0], xy[:, 1])
    nearest = _nearest_households(store, sheet.extent, xy)
    return [
        ReadMark(index + 1, mark, float(x), float(y), float(lo), float(la), near)
        for index, (mark, (x, y), lo, la, near) in enumerate(
            zip(found, xy, np.atleast_1d(lon), np.atleast_1d(lat), nearest)
        )  # fmt: skip
    ]


def _nearest_households(store: ProjectStore, extent: tuple, xy: np.ndarray) -> list[NearestHousehold | None]:
    minx, miny, maxx, maxy = extent
    pad = NEAREST_WITHIN_M
    lons, lats = to_storage([minx - pad, maxx + pad], [miny - pad, maxy + pad])
    households = store.read("households", bbox=(min(lons), min(lats), max(lons), max(lats)), columns=["id", "house_no"])
    if households.empty:
        return [None] * len(xy)
    hx, hy = to_measure(households.geometry.x.to_numpy(), households.geometry.y.to_numpy())
    distances = np.hypot(xy[:, :1] - np.asarray(hx)[None, :], xy[:, 1:] - np.asarray(hy)[None, :])
    result: list[NearestHousehold | None] = []
    for row in distances:
        best = int(np.argmin(row))
        if row[best] > NEAREST_WITHIN_M:
            result.append(None)
        else:
            household = households.iloc[best]
            result.append(NearestHousehold(household["id"], str(household["house_no"]), float(row[best])))
    return result


def georeferenced_photo(reading: SheetReading, pixel_size_m: float | None = None) -> WarpedSketch:
    """The photo's map frame warped north-up onto the map, at about the photo's own resolution by default."""
    sheet = reading.sheet
    left, top, width, height = sheet.map_frame_mm
    minx, miny, maxx, maxy = sheet.extent
    metres_per_mm = (maxx - minx) / width
    if pixel_size_m is None:
        centre = np.array([[left + width / 2, top + height / 2]])
        photo_px_per_mm = photo_px_per_mm_at(reading.placement, centre)
        pixel_size_m = metres_per_mm / min(photo_px_per_mm, 20.0)
    px_per_mm = metres_per_mm / pixel_size_m
    frame = rectify(reading.photo.pixels, reading.placement, sheet.map_frame_mm, px_per_mm)
    frame, _ = flatten(frame, np.ones(frame.shape[:2], bool), reading.paper, px_per_mm, (left, top))
    rgba = np.dstack([frame, np.full(frame.shape[:2], 255, np.uint8)])
    image = QImage(rgba.data, rgba.shape[1], rgba.shape[0], rgba.strides[0], QImage.Format.Format_RGBA8888)
    image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    extent = (minx, maxy - frame.shape[0] * pixel_size_m, minx + frame.shape[1] * pixel_size_m, maxy)
    return WarpedSketch(image, extent, pixel_size_m)
