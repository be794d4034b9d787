"""GeoPackage geometry blobs: a small header (magic, flags, SRS, envelope) then WKB.

Wangge writes the blobs itself so that edits go through plain ``sqlite3`` in one
transaction with the attributes (GDAL is not needed to save an edit). Readers
accept every header GDAL and QGIS write. The R-tree triggers the GeoPackage spec
prescribes call ``ST_MinX`` and friends, which SQLite does not have:
:func:`register_functions` provides them on a connection.

Spec: OGC GeoPackage 1.3, clause 2.1.3 and annex F.3.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

_MAGIC = b"GP"
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_HEADER = struct.Struct("<2sBBi")
_FLAG_LITTLE_ENDIAN = 0b0000_0001
_FLAG_ENVELOPE_XY = 0b0000_0010
_FLAG_EMPTY = 0b0001_0000


def encode(geometry: BaseGeometry | None, srs_id: int) -> bytes | None:
    """One geometry as a GeoPackage blob (points without envelope, others with xy)."""
    if geometry is None:
        return None
    return encode_many(np.array([geometry], dtype=object), srs_id)[0]


def encode_many(geometries: np.ndarray | Sequence, srs_id: int) -> list[bytes | None]:
    """Vectorised :func:`encode`: WKB and bounds come from shapely in one call each."""
    geometries = np.asarray(geometries, dtype=object)
    wkbs = shapely.to_wkb(geometries, byte_order=1, flavor="iso", output_dimension=2)
    bounds = shapely.bounds(geometries)
    is_point = shapely.get_type_id(geometries) == 0
    is_empty = shapely.is_empty(geometries)
    point_header = _HEADER.pack(_MAGIC, 0, _FLAG_LITTLE_ENDIAN, srs_id)
    envelope_header = _HEADER.pack(_MAGIC, 0, _FLAG_LITTLE_ENDIAN | _FLAG_ENVELOPE_XY, srs_id)
    blobs: list[bytes | None] = []
    for wkb, box, point, empty in zip(wkbs, bounds, is_point, is_empty):
        if wkb is None or empty:
            blobs.append(None)  # "no position" is NULL, as in the PostGIS store, whatever the caller passed
        elif point:
            blobs.append(point_header + wkb)
        else:
            minx, miny, maxx, maxy = box
            blobs.append(envelope_header + struct.pack("<4d", minx, maxx, miny, maxy) + wkb)
    return blobs


def _wkb_offset(blob: bytes) -> int:
    if blob[:2] != _MAGIC:
        raise ValueError("not a GeoPackage geometry (bad magic bytes)")
    envelope = (blob[3] >> 1) & 0b111
    try:
        return 8 + _ENVELOPE_BYTES[envelope]
    except KeyError:
        raise ValueError(f"not a GeoPackage geometry (envelope code {envelope})") from None


def decode_many(blobs: Sequence[bytes | None]) -> np.ndarray:
    """Blobs to an array of shapely geometries (``None`` stays ``None``)."""
    wkbs = [None if blob is None else blob[_wkb_offset(blob) :] for blob in blobs]
    return shapely.from_wkb(np.array(wkbs, dtype=object))


def decode(blob: bytes | None) -> BaseGeometry | None:
    return decode_many([blob])[0]


def envelope(blob: bytes | None) -> tuple[float, float, float, float] | None:
    """(minx, maxx, miny, maxy) as the R-tree wants it; ``None`` for null or empty."""
    if blob is None or blob[3] & _FLAG_EMPTY:
        return None
    flags = blob[3]
    order = "<" if flags & _FLAG_LITTLE_ENDIAN else ">"
    if (flags >> 1) & 0b111:
        return struct.unpack_from(order + "4d", blob, 8)
    offset = _wkb_offset(blob)
    wkb_order = "<" if blob[offset] == 1 else ">"
    (type_code,) = struct.unpack_from(wkb_order + "I", blob, offset + 1)
    if type_code % 1000 == 1:  # a point: read x, y straight from the WKB
        x, y = struct.unpack_from(wkb_order + "2d", blob, offset + 5)
        if x != x:  # NaN: GDAL writes empty points as POINT(nan nan)
            return None
        return (x, x, y, y)
    geometry = decode(blob)
    if geometry is None or geometry.is_empty:
        return None
    minx, miny, maxx, maxy = geometry.bounds
    return (minx, maxx, miny, maxy)


def _envelope_part(index: int):
    def function(blob: bytes | None) -> float | None:
        box = envelope(blob)
        return None if box is None else box[index]

    return function


def _is_empty(blob: bytes | None) -> int | None:
    if blob is None:
        return None
    return int(envelope(blob) is None)


def register_functions(connection: sqlite3.Connection) -> None:
    """Give ``connection`` the SQL functions the GeoPackage R-tree triggers call."""
    connection.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
    for index, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        connection.create_function(name, 1, _envelope_part(index), deterministic=True)


def envelopes_many(geometries: np.ndarray) -> np.ndarray:
    """(n, 4) array of minx, maxx, miny, maxy for bulk R-tree loading; NaN for empty."""
    bounds = shapely.bounds(np.asarray(geometries, dtype=object))
    return bounds[:, [0, 2, 1, 3]]


def z_order(envelopes: np.ndarray) -> np.ndarray:
    """An order of (minx, maxx, miny, maxy) rows along a Z-order curve of their centres.

    Inserting into an R-tree in this order keeps consecutive inserts in the same
    nodes, so a bulk load of millions of rows touches few pages at a time.
    """
    centres = np.column_stack([(envelopes[:, 0] + envelopes[:, 1]) / 2, (envelopes[:, 2] + envelopes[:, 3]) / 2])
    low, span = centres.min(axis=0), np.ptp(centres, axis=0)
    cells = ((centres - low) / np.where(span > 0, span, 1) * 65535).astype(np.uint64)
    code = np.zeros(len(centres), dtype=np.uint64)
    for bit in range(16):  # interleave the bits of x and y
        one = np.uint64(1)
        code |= ((cells[:, 0] >> np.uint64(bit)) & one) << np.uint64(2 * bit)
        code |= ((cells[:, 1] >> np.uint64(bit)) & one) << np.uint64(2 * bit + 1)
    return np.argsort(code, kind="stable")
