"""An officer's photographed sketch: read upright, checked, and kept in the project as it was taken.

Phones store a photo the way the sensor saw it and note in its EXIF header how
to turn it; :func:`upright_image` honours that note everywhere a stored sketch is
decoded, so a photo taken with the phone held sideways is drawn, clicked and
warped upright, and its ``width`` and ``height`` are the upright photo's. The
bytes are stored untouched: the original is kept forever.

iPhones save HEIC, which Qt's image plugins do not decode; such a photo is kept
as HEIC too and decoded with libheif (pillow-heif), which applies the turn the
file records, so every reader of a sketch gets the same upright image.

>>> photo = read_sketch_photo("网格图.jpg")                    # doctest: +SKIP
>>> sketch_id = add_sketch(store, photo, "犁铧嘴村一组网格图")    # doctest: +SKIP
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageReader

from layers.crs import to_storage
from layers.errors import QT_TRANSLATE_NOOP, WanggeError
from layers.store import Feature, ProjectStore, new_feature
from maps.georef.control_points import ControlPoint

FORMATS = {b"jpeg": "JPEG", b"png": "PNG"}
"""What phones and scanners give and Qt decodes everywhere, by Qt's format name."""
HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")
"""The ``ftyp`` brands of HEIF photos, as iPhones and newer Android phones write them."""
SMALLEST_MEGAPIXELS = 1.0
"""Below this a hand drawing's house numbers cannot be read."""
LARGEST_MEGAPIXELS = 50.0
"""Above this a photo would take more memory to draw than a station PC has to spare."""


class SketchPhotoError(WanggeError):
    """A file that cannot become a sketch: not an image, a format we do not keep, too small or too large."""

    template = QT_TRANSLATE_NOOP("SketchPhotoError", "{path}: {reason}")


@dataclass(frozen=True)
class SketchPhoto:
    """A photo as it will be stored: its original bytes, its format and its upright size."""

    image: bytes
    image_format: str
    width: int
    height: int


def _reader(data: bytes) -> tuple[QImageReader, QBuffer]:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # EXIF orientation: the photo as the officer held it
    return reader, buffer  # the buffer must outlive the reader


def is_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS


def _heif_image(data: bytes) -> QImage:
    """A HEIF photo decoded upright (libheif applies its rotation and mirroring); a null image if it cannot be."""
    import pillow_heif

    try:
        photo = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
        pixels = np.ascontiguousarray(np.asarray(photo.to_pillow().convert("RGB")))
    except (ValueError, RuntimeError, OSError):  # libheif's ways of saying the bytes are not a photo it can decode
        return QImage()
    height, width, _ = pixels.shape
    return QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def upright_image(data: bytes) -> QImage:
    """The stored photo decoded and turned upright as its EXIF orientation says; a null image if it cannot be read."""
    if is_heif(data or b""):
        return _heif_image(data)
    reader, _buffer = _reader(data or b"")
    return reader.read()


def photo_header_readable(data: bytes) -> bool:
    """Whether the stored photo's header says what it is and how large, without decoding its pixels (a phone
    photo decodes to 50 MB: a project is checked at open, its sketches decoded when shown)."""
    if is_heif(data or b""):
        import pillow_heif

        try:
            return pillow_heif.open_heif(io.BytesIO(data)).size[0] > 0  # the header only: pixels on demand
        except (ValueError, RuntimeError, OSError):
            return False
    reader, _buffer = _reader(data or b"")
    return reader.canRead() and reader.size().isValid()


def read_sketch_photo(path: str | Path) -> SketchPhoto:
    """Read and check a photographed sketch: a JPEG, PNG or HEIC of 1 to 50 megapixels that decodes whole."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SketchPhotoError(path=str(path), reason=error.strerror or str(error)) from None
    if is_heif(data):
        return _read_heif(path, data)
    reader, _buffer = _reader(data)
    image_format = FORMATS.get(bytes(reader.format()))
    if image_format is None:
        raise SketchPhotoError(
            path=str(path),
            reason=QT_TRANSLATE_NOOP("reason", "not a JPEG, PNG or HEIC photo; take or save the photo as JPEG"),
        )
    size = reader.size()  # from the header: a photo too large is refused before its pixels are decoded
    if size.isValid():
        _check_size(path, size.width(), size.height())
    upright = reader.read()
    if upright.isNull():
        raise SketchPhotoError(
            path=str(path),
            reason=QT_TRANSLATE_NOOP("reason", "the image cannot be decoded ({detail})"),
            detail=reader.errorString(),
        )
    width, height = upright.width(), upright.height()
    return SketchPhoto(data, image_format, width, height)


def _read_heif(path: Path, data: bytes) -> SketchPhoto:
    import pillow_heif

    try:
        photo = pillow_heif.open_heif(io.BytesIO(data))
    except (ValueError, RuntimeError, OSError) as error:
        raise SketchPhotoError(
            path=str(path), reason=QT_TRANSLATE_NOOP("reason", "the image cannot be decoded ({detail})"), detail=error
        ) from None
    width, height = photo.size  # upright: libheif reports the size after the turn the file records
    _check_size(path, width, height)
    if _heif_image(data).isNull():
        raise SketchPhotoError(
            path=str(path), reason=QT_TRANSLATE_NOOP("reason", "the image cannot be decoded ({detail})"), detail="HEIC"
        )
    return SketchPhoto(data, "HEIC", width, height)


def _check_size(path: Path, width: int, height: int) -> None:
    """Refuse a photo too small to read house numbers on or too large to draw, before its pixels are decoded."""
    megapixels = width * height / 1e6
    if not SMALLEST_MEGAPIXELS <= megapixels <= LARGEST_MEGAPIXELS:
        raise SketchPhotoError(
            path=str(path),
            reason=QT_TRANSLATE_NOOP("reason", "{megapixels:.1f} megapixels; a sketch photo must have 1 to 50"),
            megapixels=megapixels,
        )


def add_sketch(
    store: ProjectStore, photo: SketchPhoto, title: str, grid_id: str | None = None, drawn_by: str | None = None
) -> Feature:
    """Keep ``photo`` in the project as a new sketch; returns the stored record."""
    return store.insert(sketch_feature(photo, title, grid_id, drawn_by))


def sketch_feature(photo: SketchPhoto, title: str, grid_id: str | None = None, drawn_by: str | None = None) -> Feature:
    """The sketch record of ``photo``, not stored yet (the desktop stores it as an undoable edit)."""
    return new_feature(
        "sketches",
        title=title.strip(),
        grid_id=grid_id,
        drawn_by=(drawn_by or "").strip() or None,
        image=photo.image,
        image_format=photo.image_format,
        width=photo.width,
        height=photo.height,
    )


class UnknownSketchError(WanggeError):
    template = QT_TRANSLATE_NOOP("UnknownSketchError", "{location}: no sketch has the id or title '{sketch}'")


class ControlPointOutsideError(WanggeError):
    template = QT_TRANSLATE_NOOP(
        "ControlPointOutsideError",
        "sketch '{title}': control point {point} is at pixel ({x:.0f}, {y:.0f}), outside the {width} x {height} photo",
    )


def find_sketch(store: ProjectStore, sketch: str) -> str:
    """The id of the sketch named by its id or by its title (a title two sketches share is refused)."""
    sketches = store.read("sketches", columns=["id", "title"])
    by_id = sketches[(sketches["id"] == sketch).to_numpy()]
    by_title = sketches[(sketches["title"] == sketch).to_numpy()]
    for found in (by_id, by_title):
        if len(found) == 1:
            return str(found["id"].iloc[0])
    raise UnknownSketchError(location=store.location, sketch=sketch)


def store_control_points(store: ProjectStore, sketch_id: str, points: Sequence[ControlPoint]) -> int:
    """Put ``points`` (pixels of the upright photo, metres in UTM 48N) on a sketch in one edit, as if clicked.

    A point whose label the sketch already has moves there, so a control-point file given twice places its
    points once (twins at one place would leave no transform to fit). A point outside the photo is refused
    by its id and nothing is stored.
    """
    sketch = store.get("sketches", sketch_id)
    width, height = sketch["width"], sketch["height"]
    for point in points:
        if not (0 <= point.pixel_x <= width and 0 <= point.pixel_y <= height):
            raise ControlPointOutsideError(
                title=sketch["title"], point=point.id, x=point.pixel_x, y=point.pixel_y, width=width, height=height
            )
    lon, lat = to_storage(np.array([p.x for p in points], dtype=float), np.array([p.y for p in points], dtype=float))
    present = store.read("sketch_control_points", columns=["id", "label", "version"], matching={"sketch_id": sketch_id})
    rows = present[["id", "label", "version"]].itertuples(index=False)
    by_label = {label: (record, version) for record, label, version in rows if label}
    with store.edit():
        for point, point_lon, point_lat in zip(points, np.atleast_1d(lon), np.atleast_1d(lat)):
            position = shapely.Point(float(point_lon), float(point_lat))
            values = {"sketch_x": float(point.pixel_x), "sketch_y": float(point.pixel_y), "enabled": point.enabled}
            if point.id in by_label:
                record, version = by_label[point.id]
                store.update("sketch_control_points", record, values, expected_version=version, geometry=position)
            else:
                store.insert(new_feature("sketch_control_points", position, sketch_id=sketch_id, label=point.id,
                                         **values))  # fmt: skip
    return len(points)
