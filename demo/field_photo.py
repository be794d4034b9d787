"""Phone photos of marked grid sheets, simulated with exact ground truth.

Officers mark printed sheets with pens in the village and photograph them; Wangge
reads the photo back through the sheet's ArUco markers and QR code. The tests of
that reader need photos that look like the field's, from pages whose every mark
they know: :func:`draw_pen_marks` inks a page, :func:`photograph_sheet` lays it on
a desk, maybe crumpled, and photographs it as :class:`CameraShot` says, and
:meth:`MarkedSheetPhoto.photo_xy` tells where any page point landed in the photo.

The paper, desk, light and sensor come from the sketch photos of :mod:`demo.drawing`;
here the paper is white printer paper and the photo a phone's full-size picture, so
the work is done in bands of rows with OpenCV to stay fast and bounded in memory.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from demo.drawing.field_camera import CameraShot, PaperBend, SheetView, aim_camera
from demo.drawing.field_marks import PenMark, check_page, circle_marks, draw_pen_marks, random_pen_marks
from demo.drawing.pen import Points, smooth_field
from demo.drawing.phone_photo import camera_response, desk_surface, soft_shadow

__all__ = [
    "CameraShot",
    "MarkedSheetPhoto",
    "PenMark",
    "circle_marks",
    "draw_pen_marks",
    "not_a_sheet_photo",
    "photograph_sheet",
    "random_pen_marks",
]

ROWS = 128  # photo rows composed at a time: a band of a 50 MP photo in float32 is about 12 MB per array
FIELD_SAMPLES = 500  # the sheet's geometry is computed exactly at about this many points across a large photo,
FIELD_STEP = 8  # and every 8 pixels in smaller ones: interpolated in between, it is off by under 0.05 px
DESK_SAMPLES = 1000  # the desk's detail across the photo, as in the sketch photos
SENSOR_NOISE = np.sqrt(8.0)  # the sigma of camera_response's noise at noise=1.0
ORIENTATION = 0x0112  # the EXIF tag
_STORE = {  # how a phone stores the upright picture for each EXIF orientation: what exif_transpose undoes
    2: lambda pixels: pixels[:, ::-1],
    3: lambda pixels: pixels[::-1, ::-1],
    4: lambda pixels: pixels[::-1],
    5: lambda pixels: pixels.transpose(1, 0, 2),
    6: lambda pixels: np.rot90(pixels, 1),
    7: lambda pixels: pixels[::-1, ::-1].transpose(1, 0, 2),
    8: lambda pixels: np.rot90(pixels, -1),
}


@dataclass(frozen=True, eq=False)
class MarkedSheetPhoto:
    """A phone photo of a sheet, as the file the phone writes, and where the page lies in it."""

    data: bytes  # the file: a JPEG carrying its EXIF orientation, or a PNG
    suffix: str  # ".jpg" or ".png"
    width: int  # as displayed, after the EXIF orientation
    height: int
    view: SheetView  # the camera and the bent sheet: the ground truth

    def photo_xy(self, page_mm: Points) -> Points:
        """(n, 2) page mm to (n, 2) pixels of the displayed photo, (i + 0.5, j + 0.5) the centre of pixel (i, j)."""
        return self.view.photo_xy(page_mm)

    def page_mm(self, photo_xy: Points) -> Points:
        """(n, 2) pixels of the displayed photo to the page mm seen there: to report a reader's errors on paper."""
        return self.view.page_mm(photo_xy)


def photograph_sheet(page: np.ndarray, px_per_mm: float, shot: CameraShot, seed: int) -> MarkedSheetPhoto:
    """Lay the page (H, W, 3 RGB uint8 at ``px_per_mm``) on a desk and take ``shot`` of it.

    The same page, shot and seed give the same bytes.
    """
    check_page(page)
    rng = np.random.default_rng(seed)
    size_mm = (page.shape[1] / px_per_mm, page.shape[0] / px_per_mm)
    bend = PaperBend.random(size_mm, shot.crumple_mm, rng)
    view = aim_camera(size_mm, bend, shot, rng)
    grid = _Grid.across(view.width, view.height, FIELD_SAMPLES, FIELD_STEP)
    page_at = view.page_mm(grid.points().reshape(-1, 2))
    light = _paper_light(page_at, rng) * _bend_shading(bend, page_at, rng)
    sheet = _Sheet.on_photo(page, px_per_mm, grid, page_at, light, rng)
    photo = _compose(_Desk.under(view.width, view.height, [view.page_corners()], rng), [sheet])
    _expose(photo, shot, rng)
    data, suffix = _phone_file(photo, shot)
    return MarkedSheetPhoto(data, suffix, view.width, view.height, view)


def not_a_sheet_photo(seed: int, megapixels: float = 12.0) -> bytes:
    """A JPEG of a desk with a few ordinary papers on it (printed letters, receipts) and no sheet markers."""
    rng = np.random.default_rng(seed)
    shot = CameraShot(megapixels=megapixels, light=float(rng.uniform(0.1, 0.6)))
    width, height = shot.photo_size(portrait=bool(rng.random() < 0.5))
    grid = _Grid.across(width, height, FIELD_SAMPLES, FIELD_STEP)
    sheets, outlines = [], []
    for _ in range(int(rng.integers(2, 5))):
        size_mm = (80.0, float(rng.uniform(150, 250))) if rng.random() < 0.25 else (210.0, 297.0)  # receipt or A4
        px_per_mm = 4.0
        to_photo = _lying_page(size_mm, width, height, rng)
        page_at = cv2.perspectiveTransform(grid.points().reshape(-1, 1, 2), np.linalg.inv(to_photo)).reshape(-1, 2)
        document = _document(size_mm, px_per_mm, rng)
        sheets.append(_Sheet.on_photo(document, px_per_mm, grid, page_at, _paper_light(page_at, rng), rng))
        corners = np.array([[0, 0], [size_mm[0], 0], [size_mm[0], size_mm[1]], [0, size_mm[1]]], float)
        outlines.append(cv2.perspectiveTransform(corners[:, None], to_photo)[:, 0])
    photo = _compose(_Desk.under(width, height, outlines, rng), sheets)
    _expose(photo, shot, rng)
    return _phone_file(photo, shot)[0]


# --- the sheet in the photo --------------------------------------------------------------


@dataclass(frozen=True)
class _Grid:
    """Sample points every ``step`` photo pixels, one step beyond the photo on every side.

    Sample (j, i) lies at photo point ((i - 0.5) step, (j - 0.5) step): enlarging the grid
    ``step`` times by linear interpolation then puts it exactly on the pixel grid, and no
    pixel is extrapolated, so values computed at a few points reach every pixel band by band without seams.
    """

    step: int
    width: int  # the photo's
    height: int

    @classmethod
    def across(cls, width: int, height: int, count: int, finest: int = 1) -> _Grid:
        """About ``count`` samples across the photo's longer side, but none closer than ``finest`` pixels."""
        return cls(max(finest, round(max(width, height) / count)), width, height)

    @property
    def shape(self) -> tuple[int, int]:
        return -(-self.height // self.step) + 2, -(-self.width // self.step) + 2

    def points(self) -> np.ndarray:
        """(rows, cols, 2) photo points of the samples."""
        rows, cols = self.shape
        x, y = np.meshgrid((np.arange(cols) - 0.5) * self.step, (np.arange(rows) - 0.5) * self.step)
        return np.stack([x, y], 2)

    def enlarged_rows(self, values: np.ndarray, top: int, rows: int) -> np.ndarray:
        """Photo rows ``top`` to ``top + rows`` of ``values`` (rows, cols, channels) given at the samples."""
        step = self.step
        first = top // step
        offset = top - first * step + step
        piece = values[first : first + -(-(offset + rows) // step) + 1]
        enlarged = cv2.resize(piece, (values.shape[1] * step, piece.shape[0] * step), interpolation=cv2.INTER_LINEAR)
        return enlarged[offset : offset + rows, step : step + self.width]


@dataclass(frozen=True, eq=False)
class _Sheet:
    """A page as the photo sees it, laid on a band of the photo at a time."""

    image: np.ndarray  # the page in blue, green, red, reduced to about the photo's resolution
    grid: _Grid
    fields: np.ndarray  # (rows, cols, 4) float32 at the grid: image x, y (OpenCV's), light, photo px per image px
    tone: np.ndarray  # (3,) the paper's blue, green, red under the light

    @classmethod
    def on_photo(
        cls,
        page: np.ndarray,
        px_per_mm: float,
        grid: _Grid,
        page_at: Points,
        light: np.ndarray,
        rng: np.random.Generator,
    ) -> _Sheet:
        """The sheet from the page mm seen at each grid point (``page_at``, flat (n, 2)) and the light there."""
        page_at = page_at.reshape(grid.shape + (2,))
        across = np.gradient(page_at, axis=1) / grid.step  # page mm per photo pixel, along x and along y
        down = np.gradient(page_at, axis=0) / grid.step
        page_px = np.sqrt(np.abs(across[..., 0] * down[..., 1] - across[..., 1] * down[..., 0])) * px_per_mm
        size_mm = np.array([page.shape[1], page.shape[0]]) / px_per_mm
        on_page = ((page_at >= 0) & (page_at <= size_mm)).all(2)
        finest = page_px[on_page].min() if on_page.any() else 1.0
        image = page[..., ::-1]
        if finest > 1.5:  # more page pixels than photo pixels: reduce, or fine print would alias
            size = np.maximum(np.round(np.array([page.shape[1], page.shape[0]]) / finest), 1).astype(int)
            image = cv2.resize(page, tuple(size.tolist()), interpolation=cv2.INTER_AREA)[..., ::-1]
        image_per_mm = np.array([image.shape[1], image.shape[0]]) / size_mm
        fields = np.empty(grid.shape + (4,), np.float32)
        fields[..., :2] = page_at * image_per_mm - 0.5  # OpenCV puts pixel centres on whole numbers
        fields[..., 2] = light.reshape(grid.shape)
        fields[..., 3] = px_per_mm / (page_px * image_per_mm.mean())
        tone = np.array([0.952, 0.962, 0.962]) + rng.normal(0, 0.006, 3)  # white printer paper in room light
        return cls(np.ascontiguousarray(image), grid, fields, tone.astype(np.float32))

    def lay_on(self, band: np.ndarray, top: int) -> None:
        """Put the sheet over ``band`` (rows x width x 3 float32, photo rows from ``top``), in place."""
        fields = self.grid.enlarged_rows(self.fields, top, len(band))
        x, y = np.ascontiguousarray(fields[..., 0]), np.ascontiguousarray(fields[..., 1])
        h, w = self.image.shape[:2]
        edge = np.minimum(np.minimum(x + 0.5, w - 0.5 - x), np.minimum(y + 0.5, h - 0.5 - y))
        edge *= fields[..., 3]  # photo pixels inside the page's edge
        if edge.max() <= -0.5:
            return
        cover = np.clip(edge + 0.5, 0, 1)[..., None]  # the edge anti-aliased
        paper = cv2.remap(self.image, x, y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE).astype(np.float32)
        paper *= fields[..., 2:3]
        paper *= self.tone
        paper -= band
        paper *= cover
        band += paper


def _paper_light(page_mm: Points, rng: np.random.Generator) -> np.ndarray:
    """Faint mottling of the paper, fixed to the sheet: cheap paper is not evenly white."""
    return 1 + smooth_field(rng, page_mm, ((60.0, 0.012), (15.0, 0.005)))[:, 0]


def _bend_shading(bend: PaperBend, page_mm: Points, rng: np.random.Generator) -> np.ndarray:
    """Light on a bent sheet: slopes facing the window are brighter, the far sides of bumps darker."""
    if len(bend.heights) == 0:
        return np.ones(len(page_mm))
    towards, height = rng.uniform(0, 2 * np.pi), np.radians(rng.uniform(35, 65))
    sun = np.array([np.cos(towards) * np.cos(height), np.sin(towards) * np.cos(height), np.sin(height)])
    slope = bend.height_and_slope(page_mm)[1]
    facing = (sun[2] - slope @ sun[:2]) / (sun[2] * np.sqrt(1 + (slope**2).sum(1)))
    return 0.4 + 0.6 * facing  # light from the room as well as from the window


# --- the desk and the camera -------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Desk:
    """The wooden desk of the sketch photos, at about 1000 samples across whatever the photo's size."""

    grid: _Grid
    colour: np.ndarray  # (rows, cols, 3) float32 blue, green, red at the grid

    @classmethod
    def under(cls, width: int, height: int, outlines: list[Points], rng: np.random.Generator) -> _Desk:
        """The desk with the soft shadow of every sheet lying on it (photo quads, clockwise)."""
        grid = _Grid.across(width, height, DESK_SAMPLES)
        rows, cols = grid.shape
        light, wood = desk_surface(cols, rows, rng)
        for quad in outlines:  # the shadow falls a little down and to the right, as in the sketch photos
            light *= 1 - 0.5 * soft_shadow(np.asarray(quad) / grid.step + 1 + [3, 5], cols, rows, softness=11.0)
        return cls(grid, light[..., None] * wood[::-1])


def _compose(desk: _Desk, sheets: list[_Sheet]) -> np.ndarray:
    """The scene before the lens, sheets over the desk in order: (height, width, 3) uint8 blue, green, red."""
    photo = np.empty((desk.grid.height, desk.grid.width, 3), np.uint8)
    for top in range(0, desk.grid.height, ROWS):
        rows = min(ROWS, desk.grid.height - top)
        band = np.array(desk.grid.enlarged_rows(desk.colour, top, rows))
        for sheet in sheets:
            sheet.lay_on(band, top)
        band += 0.5
        np.clip(band, 0, 255, out=band)
        photo[top : top + rows] = band
    return photo


def _expose(photo: np.ndarray, shot: CameraShot, rng: np.random.Generator) -> None:
    """Defocus, then uneven light, white balance and sensor noise, in place."""
    if shot.blur_px > 0:
        _defocus(photo, shot.blur_px)
    camera_response(photo, rng, unevenness=2 * shot.light, noise=shot.noise / SENSOR_NOISE)


def _defocus(photo: np.ndarray, sigma: float) -> None:
    """A gaussian blur in place, band by band: OpenCV blurring in place copies the whole photo first."""
    reach = int(np.ceil(4 * sigma)) + 1  # beyond the kernel's radius
    above = photo[:0].copy()  # the rows just above the band as they were before blurring
    for top in range(0, len(photo), ROWS):
        bottom = min(top + ROWS, len(photo))
        first = top - len(above)  # the photo row of source[0]
        source = np.concatenate([above, photo[top : bottom + reach]])
        photo[top:bottom] = cv2.GaussianBlur(source, (0, 0), sigma)[top - first : bottom - first]
        above = source[max(bottom - reach - first, 0) : bottom - first]


def _phone_file(photo: np.ndarray, shot: CameraShot) -> tuple[bytes, str]:
    """The file a phone writes: the pixels stored turned or flipped as ``shot.exif_orientation`` says,
    and the EXIF tag that tells a viewer how to show them upright.

    OpenCV encodes straight from the photo's memory and Pillow writes the EXIF block, so a 50 MP
    photo is not copied into Pillow's four bytes per pixel.
    """
    stored = np.ascontiguousarray(_STORE.get(shot.exif_orientation, lambda pixels: pixels)(photo))
    exif = Image.Exif()
    exif[ORIENTATION] = shot.exif_orientation
    block = exif.tobytes()  # b"Exif\0\0" and a TIFF structure
    if shot.jpeg_quality is None:
        ok, encoded = cv2.imencode(".png", stored, [cv2.IMWRITE_PNG_COMPRESSION, 1])
        if not ok:
            raise RuntimeError("OpenCV could not encode the photo as PNG")
        return _png_with_exif(encoded.tobytes(), block[6:]), ".png"
    ok, encoded = cv2.imencode(".jpg", stored, [cv2.IMWRITE_JPEG_QUALITY, shot.jpeg_quality])
    if not ok:
        raise RuntimeError("OpenCV could not encode the photo as JPEG")
    return _jpeg_with_exif(encoded.tobytes(), block), ".jpg"


def _jpeg_with_exif(jpeg: bytes, block: bytes) -> bytes:
    """Insert an APP1 Exif segment after the JFIF segment, where Pillow and cameras put it."""
    at = 2 + (2 + struct.unpack(">H", jpeg[4:6])[0] if jpeg[2:4] == b"\xff\xe0" else 0)
    return jpeg[:at] + b"\xff\xe1" + struct.pack(">H", len(block) + 2) + block + jpeg[at:]


def _png_with_exif(png: bytes, tiff: bytes) -> bytes:
    """Insert an eXIf chunk after the header chunk, before the image data as the PNG specification asks."""
    at = 8 + 8 + struct.unpack(">I", png[8:12])[0] + 4  # signature, then IHDR's length, type, data and CRC
    chunk = b"eXIf" + tiff
    return png[:at] + struct.pack(">I", len(tiff)) + chunk + struct.pack(">I", zlib.crc32(chunk)) + png[at:]


# --- other papers ------------------------------------------------------------------------


def _document(size_mm: tuple[float, float], px_per_mm: float, rng: np.random.Generator) -> np.ndarray:
    """An ordinary printed page at ``px_per_mm``: a heading and paragraphs of text as grey word bars."""
    width, height = round(size_mm[0] * px_per_mm), round(size_mm[1] * px_per_mm)
    page = np.full((height, width, 3), 255, np.uint8)
    margin = (rng.uniform(12, 25) if size_mm[0] > 100 else 6.0) * px_per_mm
    heading = (int(margin), int(margin)), (int(width * rng.uniform(0.4, 0.8)), int(margin + 3 * px_per_mm))
    cv2.rectangle(page, *heading, (40, 40, 40), -1)
    line = rng.uniform(5, 7) * px_per_mm
    ink = (int(rng.integers(60, 120)),) * 3
    for y in np.arange(margin + 10 * px_per_mm, height - margin, line):
        if rng.random() < 0.12:
            continue  # a blank line between paragraphs
        end = width - margin - (rng.uniform(0, 0.6) * (width - 2 * margin) if rng.random() < 0.2 else 0)
        x = margin
        while x < end:  # words of varying length
            word = rng.uniform(3, 12) * px_per_mm
            cv2.rectangle(page, (int(x), int(y)), (int(min(x + word, end)), int(y + 0.3 * line)), ink, -1)
            x += word + 1.5 * px_per_mm
    return page


def _lying_page(size_mm: tuple[float, float], width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A homography from page mm to photo pixels: the page turned anyhow, somewhere on the desk, a little tilted."""
    scale = rng.uniform(0.35, 0.9) * min(width, height) / max(size_mm)  # from across the desk to close up
    turn = rng.uniform(0, 2 * np.pi)
    rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    corners = np.array([[0, 0], [size_mm[0], 0], [size_mm[0], size_mm[1]], [0, size_mm[1]]], float)
    placed = (corners - np.array(size_mm) / 2) @ rotation.T * scale
    placed *= 1 + rng.uniform(-0.04, 0.04, (4, 1))  # keystone of a tilted phone
    placed += rng.uniform(0.1, 0.9, 2) * [width, height]
    return cv2.getPerspectiveTransform(corners.astype(np.float32), placed.astype(np.float32))
