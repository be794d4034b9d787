"""Finding a printed sheet in a phone photo: its markers, the homography onto the page, its QR code.

The photo is decoded with its EXIF orientation applied (phones store pixels as
the sensor saw them and say in a tag how to turn them). The four ArUco markers
are looked for in a copy scaled to about :data:`SEARCH_SIDE_PX` on its long
side, the size where they are found fastest, and again at full size if some
are missing; each corner is then refined on the full photo. The sixteen
marker corners give the least-squares homography from photo pixels to page
millimetres; how far they disagree with it (``paper_rmse_mm``) says how far
the paper is from flat. The QR code is read from the rectified page around
where the layout puts it, upright and sharp whatever the photo's rotation.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import zxingcpp
from PIL import Image, ImageOps, UnidentifiedImageError

from layers.errors import QT_TRANSLATE_NOOP, SheetPhotoError
from maps.scan.sheet_layout import (
    CORNER_IDS,
    MARKER_DICTIONARY,
    MARKER_MM,
    QUIET_MM,
    SheetCode,
    SheetMarksLayout,
    parse_sheet_code,
    qr_box_from_marker,
)

MIN_MARKER_PERIMETER_RATE = 0.01
SEARCH_SIDE_PX = 2400
"""The long side markers are first looked for at: 8 mm markers are 50 pixels or more there on a photo of A3."""
QR_PX_PER_MM = 12.0
"""The QR code is rectified at 7 pixels a module before it is decoded."""
SMALLEST_PHOTO_PX = 1_000_000
"""Below a megapixel an A4 page's markers have too few pixels a cell to be read."""
LARGEST_PHOTO_PX = 60_000_000


@dataclass(frozen=True, eq=False)
class SheetPhoto:
    """A decoded photo, upright as its EXIF orientation says, RGB."""

    pixels: np.ndarray
    """(height, width, 3) uint8."""
    image_format: str
    """``JPEG`` or ``PNG``: what the file is, whatever its name says."""
    data: bytes
    """The file as read, kept in the project when the photo is added."""
    name: str

    @property
    def size(self) -> tuple[int, int]:
        return self.pixels.shape[1], self.pixels.shape[0]


def load_photo(path: str | Path) -> SheetPhoto:
    """The photo at ``path`` upright; a missing, truncated or non-image file is named in one line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SheetPhotoError(path=str(path), reason=error.strerror or str(error)) from None
    return decode_photo(data, str(path))


def decode_photo(data: bytes, name: str) -> SheetPhoto:
    """``data`` (a JPEG or PNG file's bytes) decoded upright; ``name`` is what messages call it."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            if image_format not in ("JPEG", "PNG", "MPO"):
                raise SheetPhotoError(
                    path=name,
                    reason=QT_TRANSLATE_NOOP("reason", "not a JPEG or PNG photo; take it with the phone's camera"),
                )
            if image.width * image.height > LARGEST_PHOTO_PX:
                raise SheetPhotoError(
                    path=name,
                    reason=QT_TRANSLATE_NOOP(
                        "reason", "the photo is over 60 megapixels; save it smaller and try again"
                    ),
                )
            upright = ImageOps.exif_transpose(image).convert("RGB")
            pixels = np.asarray(upright)
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise SheetPhotoError(
            path=name, reason=QT_TRANSLATE_NOOP("reason", "not an image file; choose the photo of the sheet")
        ) from None
    except OSError:
        raise SheetPhotoError(
            path=name,
            reason=QT_TRANSLATE_NOOP("reason", "the image file is cut short (truncated); copy it from the phone again"),
        ) from None
    if pixels.shape[0] * pixels.shape[1] < SMALLEST_PHOTO_PX:
        raise SheetPhotoError(
            path=name,
            reason=QT_TRANSLATE_NOOP(
                "reason",
                "the photo is under a megapixel, too small to read the sheet; use the phone camera's full size",
            ),
        )
    return SheetPhoto(pixels, "JPEG" if image_format == "MPO" else image_format, data, name)


@dataclass(frozen=True)
class MarkerCorners:
    """Markers found in a photo: id -> its four corners (4, 2) in photo pixels, ArUco's order."""

    corners: dict[int, np.ndarray]

    @property
    def missing(self) -> list[str]:
        """The frame corners whose marker was not found, by name."""
        return [name for name, marker_id in CORNER_IDS.items() if marker_id not in self.corners]


def find_markers(photo: SheetPhoto) -> MarkerCorners:
    """The sheet's corner markers in ``photo``, corners refined to a tenth of a pixel on the full photo."""
    grey = cv2.cvtColor(photo.pixels, cv2.COLOR_RGB2GRAY)
    found: dict[int, np.ndarray] = {}
    long_side = max(grey.shape)
    for scale in (min(1.0, SEARCH_SIDE_PX / long_side), 1.0):
        image = grey if scale == 1.0 else _scaled_grey(photo.pixels, SEARCH_SIDE_PX)
        for marker_id, corners in _detect(image).items():
            found.setdefault(marker_id, (corners + 0.5) / scale - 0.5)
        if len(found) == len(CORNER_IDS) or scale == 1.0:
            break
    return MarkerCorners({marker_id: _refined(grey, corners) for marker_id, corners in found.items()})


def _detect(grey: np.ndarray) -> dict[int, np.ndarray]:
    parameters = cv2.aruco.DetectorParameters()
    parameters.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    # OpenCV's default skips squares under 3% of the photo's long side around: a sheet's 8 mm markers are
    # about that on A3 in a photo taken from a step back, so look for squares down to 1%
    parameters.minMarkerPerimeterRate = MIN_MARKER_PERIMETER_RATE
    detector = cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(MARKER_DICTIONARY), parameters)
    corners, ids, _ = detector.detectMarkers(grey)
    if ids is None:
        return {}
    wanted = set(CORNER_IDS.values())
    found: dict[int, np.ndarray] = {}
    for marker_id, quad in zip(ids.ravel(), corners):
        quad = quad.reshape(4, 2).astype(float)
        # a second marker of the same id (another sheet in view): keep the larger, nearer one
        if marker_id in wanted and (marker_id not in found or _area(quad) > _area(found[marker_id])):
            found[int(marker_id)] = quad
    return found


def _area(quad: np.ndarray) -> float:
    return float(abs(cv2.contourArea(quad.astype(np.float32))))


def _refined(grey: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """Corners placed on the full photo's pixels: the window is a fifth of the marker's side."""
    side = np.sqrt(_area(corners))
    half = int(np.clip(side / 10, 2, 15))
    points = corners.astype(np.float32).reshape(-1, 1, 2)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 40, 0.01)
    return cv2.cornerSubPix(grey, points, (half, half), (-1, -1), criteria).reshape(4, 2).astype(float)


@dataclass(frozen=True)
class PagePlacement:
    """How the photo lies on the printed page."""

    photo_to_page: np.ndarray
    """3x3 homography, photo pixels to page mm from the top-left (x right, y down). Photo pixels as OpenCV
    counts them: a pixel's centre at integer coordinates."""
    paper_rmse_mm: float
    """How far the markers' corners disagree with one flat page: 0.1 mm flat, a millimetre or more when curved."""
    markers_used: int

    def page_to_photo(self, page_mm: np.ndarray) -> np.ndarray:
        return _apply(np.linalg.inv(self.photo_to_page), page_mm)

    def photo_to_page_mm(self, photo_px: np.ndarray) -> np.ndarray:
        return _apply(self.photo_to_page, photo_px)


def refuse_too_few(markers: MarkerCorners, name: str) -> None:
    """Three markers place a page; with fewer the photo is refused, saying what to bring into view."""
    if len(markers.corners) < 3:
        raise SheetPhotoError(
            path=name,
            reason=QT_TRANSLATE_NOOP(
                "reason",
                "found {found} of the sheet's four corner squares: the sheet is cut off; retake the photo with the "
                "whole map frame and its four black corner squares in view",
            ),
            found=len(markers.corners),
        )


def place_on_page(markers: MarkerCorners, layout: SheetMarksLayout, name: str) -> PagePlacement:
    """The least-squares homography from the corners of the markers found to where ``layout`` printed them."""
    expected = layout.marker_corners_mm()
    refuse_too_few(markers, name)
    ids = [marker_id for marker_id in markers.corners if marker_id in expected]
    photo = np.concatenate([markers.corners[i] for i in ids])
    page = np.concatenate([expected[i] for i in ids])
    homography, _ = cv2.findHomography(photo, page, 0)
    if homography is None:
        raise SheetPhotoError(
            path=name,
            reason=QT_TRANSLATE_NOOP("reason", "the corner squares do not lie on one sheet; retake the photo"),
        )
    residuals = _apply(homography, photo) - page
    rmse = float(np.sqrt(np.mean(np.sum(residuals**2, axis=1))))
    return PagePlacement(homography, rmse, len(ids))


def _apply(homography: np.ndarray, points: np.ndarray) -> np.ndarray:
    xy = np.asarray(points, float).reshape(-1, 2)
    mapped = np.c_[xy, np.ones(len(xy))] @ homography.T
    return mapped[:, :2] / mapped[:, 2:]


def read_sheet_code(photo: SheetPhoto, markers: MarkerCorners) -> SheetCode:
    """The sheet's QR code, rectified upright from beside the bottom-right marker; failing that, from anywhere.

    The code lies at a fixed place from the bottom-right marker whatever the map frame's
    size (:func:`maps.scan.sheet_layout.qr_box_from_marker`), so that marker alone places it
    before the register says where the other markers are.
    """
    corner = CORNER_IDS["bottom_right"]
    if corner in markers.corners:
        x, y, _, _ = MARKER_BOX
        marker_mm = np.array([[x, y], [x + MARKER_MM, y], [x + MARKER_MM, y + MARKER_MM], [x, y + MARKER_MM]])
        homography, _ = cv2.findHomography(markers.corners[corner], marker_mm, 0)
        if homography is not None:
            placement = PagePlacement(homography, 0.0, 1)
            left, top, side, _ = qr_box_from_marker(MARKER_BOX)
            margin = QUIET_MM + 2.0
            box = (left - margin, top - margin, side + 2 * margin, side + 2 * margin)
            for px_per_mm in (QR_PX_PER_MM, QR_PX_PER_MM / 2):
                code = _decoded(cv2.cvtColor(rectify(photo.pixels, placement, box, px_per_mm), cv2.COLOR_RGB2GRAY))
                if code is not None:
                    return code
    code = _decoded(_scaled_grey(photo.pixels, 3 * SEARCH_SIDE_PX))
    if code is None and corner not in markers.corners:
        raise SheetPhotoError(
            path=photo.name,
            reason=QT_TRANSLATE_NOOP(
                "reason",
                "the bottom-right corner of the map, with the sheet's QR code, is not in the photo; retake it with "
                "the whole map frame and its four black corner squares in view",
            ),
        )
    if code is None:
        raise SheetPhotoError(
            path=photo.name,
            reason=QT_TRANSLATE_NOOP(
                "reason",
                "the sheet's QR code (left of the bottom-right corner square) cannot be read: the photo may be "
                "blurred or the code covered; hold the phone still, let it focus on the sheet and retake it",
            ),
        )
    return code


MARKER_BOX = (0.0, 0.0, MARKER_MM, MARKER_MM)
"""A marker's own square, where the QR code is placed from."""


def _scaled_grey(pixels: np.ndarray, longest: int) -> np.ndarray:
    grey = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    scale = min(1.0, longest / max(grey.shape))
    return grey if scale == 1.0 else cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def _decoded(grey: np.ndarray) -> SheetCode | None:
    for result in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode):
        code = parse_sheet_code(result.text)
        if code is not None:
            return code
    return None


def rectify(
    pixels: np.ndarray, placement: PagePlacement, box_mm: tuple[float, float, float, float], px_per_mm: float
) -> np.ndarray:
    """The part ``box_mm`` (left, top, width, height) of the page as the photo shows it, at ``px_per_mm``.

    A photo much finer than the output is first shrunk by area averaging, so the
    warp's bilinear sampling does not alias fine print and JPEG noise into speckle.
    """
    left, top, width, height = box_mm
    out_w, out_h = max(1, round(width * px_per_mm)), max(1, round(height * px_per_mm))
    centre = np.array([[left + width / 2, top + height / 2]])
    photo_px_per_mm = photo_px_per_mm_at(placement, centre)
    shrink = max(1, int(photo_px_per_mm / (1.5 * px_per_mm)))
    source = pixels
    if shrink > 1:
        source = cv2.resize(
            pixels, (pixels.shape[1] // shrink, pixels.shape[0] // shrink), interpolation=cv2.INTER_AREA
        )
    # output pixel -> page mm -> photo pixel -> shrunk photo pixel, every image with its pixel centres at integers
    out_to_page = np.array([[1 / px_per_mm, 0, left + 0.5 / px_per_mm], [0, 1 / px_per_mm, top + 0.5 / px_per_mm],
                            [0, 0, 1]])  # fmt: skip
    to_shrunk = np.array([[1 / shrink, 0, 0.5 / shrink - 0.5], [0, 1 / shrink, 0.5 / shrink - 0.5], [0, 0, 1]])
    out_to_source = to_shrunk @ np.linalg.inv(placement.photo_to_page) @ out_to_page
    return cv2.warpPerspective(
        source, out_to_source, (out_w, out_h), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0),
    )  # fmt: skip


def photo_px_per_mm_at(placement: PagePlacement, page_mm: np.ndarray) -> float:
    """Photo pixels a page millimetre spans around ``page_mm``."""
    ends = placement.page_to_photo(np.vstack([page_mm, page_mm + [[1.0, 0.0]], page_mm + [[0.0, 1.0]]]))
    return float(np.mean([np.linalg.norm(ends[1] - ends[0]), np.linalg.norm(ends[2] - ends[0])]))
