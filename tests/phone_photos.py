"""Photos as a phone writes them: JPEG pixels as the sensor saw them, and an EXIF note of how to turn them.

Made by the tests themselves (not by the demo generator): an upright drawing is
turned a quarter the other way and given EXIF orientation 6, as a phone held
upright stores it, so only a reader that honours EXIF sees it upright again.
"""

from __future__ import annotations

import struct

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTransform

ROTATE_90_CLOCKWISE = 6
"""EXIF orientation: the stored picture must be turned a quarter clockwise to stand upright."""


def upright_drawing(width: int, height: int) -> QImage:
    """White paper with a red block in its top-left corner and a blue one at the bottom right."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.fillRect(0, 0, width // 5, height // 5, QColor("red"))
    painter.fillRect(width - width // 5, height - height // 5, width // 5, height // 5, QColor("blue"))
    painter.setPen(QColor("black"))
    painter.drawLine(0, height // 2, width, height // 2)
    painter.end()
    return image


def jpeg_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPEG", 90)
    buffer.close()
    return bytes(data)


def with_exif_orientation(jpeg: bytes, orientation: int) -> bytes:
    """``jpeg`` with an EXIF APP1 segment holding one tag, Orientation, right after the start marker."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8)  # big-endian TIFF header, first IFD at offset 8
    tiff += struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    payload = b"Exif\x00\x00" + tiff
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + segment + jpeg[2:]


def phone_photo_held_upright(width: int, height: int) -> bytes:
    """A JPEG of the upright ``width`` x ``height`` drawing, stored sideways with EXIF orientation 6."""
    sideways = upright_drawing(width, height).transformed(
        QTransform().rotate(-90), Qt.TransformationMode.FastTransformation
    )
    return with_exif_orientation(jpeg_bytes(sideways), ROTATE_90_CLOCKWISE)
