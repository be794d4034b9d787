"""What a printed map page carries so a phone photo of it can be read back without control points.

Four ArUco markers sit inside the corners of the map frame and a QR code beside
the bottom-right one. The markers give the photo's homography onto the page;
the QR code names the project and the printed sheet, so the photo leads back to
the register entry (:mod:`layers` layer ``printed_sheets``) that says what the
page showed. Printing (:mod:`maps.print.map_frame`) draws from this layout and
reading (:mod:`maps.scan.sheet_finder`) looks for it, so the two cannot drift
apart; the register also keeps each sheet's marker boxes, so a sheet printed
under an older layout is still read by its own.

Sheets are rural: mostly empty fields. Matching the photo against the map (as
feature-matching tools do) has nothing to hold on to there, so the sheet itself
carries what the camera needs.
"""

from __future__ import annotations

import base64
import re
import secrets
from dataclasses import dataclass

import numpy as np
import zxingcpp

MARKER_DICTIONARY = 0  # cv2.aruco.DICT_4X4_50, named by value so that printing does not load OpenCV
"""4x4 bits: the largest cells for a given marker size, and only four markers are needed."""
MARKER_MM = 8.0
"""A marker's side on paper: 1.3 mm cells, 6 pixels or more each in a 5-megapixel photo of an A4 page."""
QUIET_MM = 1.5
"""White around a marker and the QR code: the detectors need a light border to find the dark one."""
CORNER_IDS = {"top_left": 0, "top_right": 1, "bottom_right": 2, "bottom_left": 3}
"""Distinct ids per corner: the photo's rotation (any of 360 degrees) is read from which corner is where."""
QR_MODULE_MM = 0.7
"""A QR module on paper: the 21-module code is 14.7 mm, 3.5 pixels a module in a 5-megapixel photo of A4."""
CORNER_BOX_MM = MARKER_MM + 2 * QUIET_MM
"""The white square each marker takes out of the map's corner on A4: what map marks in corners keep clear of."""

CODE_PREFIX = "W"
_CODE = re.compile(rf"^{CODE_PREFIX}([A-Z2-7]{{8}})([A-Z2-7]{{10}})$")

Box = tuple[float, float, float, float]
"""left, top, width, height in mm from the page's top-left corner."""


def new_sheet_id() -> str:
    """Ten characters of QR's alphanumeric set (50 random bits): unique over a station's lifetime of prints."""
    return base64.b32encode(secrets.token_bytes(10)).decode("ascii")[:10]


def sheet_code(project_key: str, sheet_id: str) -> str:
    """The text of a sheet's QR code: ``W<project key><sheet id>``, 19 characters of QR's alphanumeric set.

    That is the most a version 1 code (21 modules) holds at error correction level M: the
    fewer the modules, the larger each is on paper, and the blurrier a photo it is read from.
    """
    return f"{CODE_PREFIX}{project_key}{sheet_id}"


@dataclass(frozen=True)
class SheetCode:
    project_key: str
    sheet_id: str


def parse_sheet_code(text: str) -> SheetCode | None:
    """The project and sheet a QR code names; None for any other QR code (a shop's, a payment code)."""
    match = _CODE.match(text.strip())
    return SheetCode(match.group(1), match.group(2)) if match else None


@dataclass(frozen=True)
class SheetMarksLayout:
    """Where a page's markers and QR code lie, in mm from the page's top-left corner."""

    markers: dict[int, Box]
    """marker id -> its black square (without the white quiet zone)."""
    qr: Box
    scale: float = 1.0
    """How much larger than on A4 (:func:`marks_scale`)."""

    def marker_corners_mm(self) -> dict[int, np.ndarray]:
        """marker id -> its four corners (4, 2) in mm, in ArUco's order: the marker's top-left, then clockwise."""
        return {
            marker_id: np.array([[x, y], [x + s, y], [x + s, y + s], [x, y + s]], float)
            for marker_id, (x, y, s, _) in self.markers.items()
        }

    def keep_clear_mm(self) -> list[Box]:
        """The white boxes of the markers and the code, quiet zones included: nothing printed or read there."""
        return [_grown(box, QUIET_MM * self.scale) for box in (*self.markers.values(), self.qr)]

    def as_json(self) -> dict[str, list[float]]:
        """For the register: marker id (and ``qr``) -> [left, top, side] in mm."""
        boxes = {str(marker_id): box for marker_id, box in self.markers.items()} | {"qr": self.qr}
        return {key: [round(v, 3) for v in box[:3]] for key, box in boxes.items()}

    @classmethod
    def from_json(cls, boxes: dict[str, list[float]]) -> SheetMarksLayout:
        """The layout a sheet was printed with, from its register entry."""
        squares = {key: (x, y, side, side) for key, (x, y, side) in boxes.items()}
        qr = squares.pop("qr")
        markers = {int(marker_id): box for marker_id, box in squares.items()}
        return cls(markers, qr, next(iter(markers.values()))[2] / MARKER_MM)


def marks_scale(page_size_mm: tuple[float, float]) -> float:
    """How much larger than on A4 a page's markers and code are printed: an A3 sheet is photographed from
    further away, so they grow with the paper (by the square root of two on A3)."""
    return max(1.0, max(page_size_mm) / A4_LONG_SIDE_MM)


A4_LONG_SIDE_MM = 297.0


def sheet_marks_layout(frame: Box, scale: float = 1.0) -> SheetMarksLayout:
    """The markers inside the four corners of the map ``frame`` and the QR code left of the bottom-right one."""
    left, top, width, height = frame
    right, bottom = left + width, top + height
    size, near = MARKER_MM * scale, QUIET_MM * scale
    far = near + size
    markers = {
        CORNER_IDS["top_left"]: (left + near, top + near, size, size),
        CORNER_IDS["top_right"]: (right - far, top + near, size, size),
        CORNER_IDS["bottom_right"]: (right - far, bottom - far, size, size),
        CORNER_IDS["bottom_left"]: (left + near, bottom - far, size, size),
    }
    return SheetMarksLayout(markers, qr_box_from_marker(markers[CORNER_IDS["bottom_right"]]), scale)


def qr_box_from_marker(bottom_right_marker: Box) -> Box:
    """The QR code's square: left of the bottom-right marker, bottoms aligned, two quiet zones apart.

    Measured in the marker's own size, so a reader places the code from that marker alone,
    before it knows the map frame or the paper.
    """
    x, y, size, _ = bottom_right_marker
    scale = size / MARKER_MM
    side = QR_SIDE_MODULES * QR_MODULE_MM * scale
    return (x - 2 * QUIET_MM * scale - side, y + size - side, side, side)


QR_SIDE_MODULES = 21
"""Version 1: the 19 characters of a sheet code at error correction level M (15% of the code may be lost)."""


def marker_bits(marker_id: int) -> np.ndarray:
    """The marker's cells, border included (6 x 6), True where black."""
    import cv2  # OpenCV loads when a sheet is first printed, not with every window

    dictionary = cv2.aruco.getPredefinedDictionary(MARKER_DICTIONARY)
    return cv2.aruco.generateImageMarker(dictionary, marker_id, 6) < 128


def qr_modules(text: str) -> np.ndarray:
    """The QR code of ``text`` as modules (n x n), True where black, without its quiet zone."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = np.asarray(code.to_image(scale=1, add_quiet_zones=False)) < 128
    if modules.shape != (QR_SIDE_MODULES, QR_SIDE_MODULES):
        raise ValueError(f"the sheet code {text!r} needs a {modules.shape[0]}-module QR code, not {QR_SIDE_MODULES}")
    return modules


def _grown(box: Box, by: float) -> Box:
    x, y, w, h = box
    return (x - by, y - by, w + 2 * by, h + 2 * by)
