"""Checking and converting field values between Python and storage.

Python side: ``str``, ``int``, ``float``, ``bool``, time-zone-aware
``datetime``, ``date``, ``bytes``, shapely geometries. Storage side: what
SQLite (and later PostgreSQL) columns hold. Datetimes are stored in UTC with a
``Z`` (the GeoPackage convention); a naive datetime is refused because "09:00"
without a zone is ambiguous between the station's clock and UTC.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from layers.errors import QT_TRANSLATE_NOOP, InvalidValueError
from layers.schema import Field, FieldType, LayerSchema

if TYPE_CHECKING:
    import pandas as pd

STATION_TIMEZONE = ZoneInfo("Asia/Shanghai")
"""Default local time of a station; all of China keeps Beijing time."""


def station_today() -> date:
    """Today's date in Beijing, whatever the machine's zone: from 16:00 UTC it is already tomorrow there."""
    return datetime.now(STATION_TIMEZONE).date()


_GEOMETRY_CLASSES = {"POINT": "Point", "LINESTRING": "LineString", "POLYGON": "Polygon"}


def format_datetime(moment: datetime) -> str:
    """UTC ISO 8601 with milliseconds and ``Z``, e.g. ``2026-03-01T01:30:00.000Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def stored_datetime(text: str) -> datetime:
    """A moment as a project file holds it; one without a zone is the station's local time.

    Wangge writes UTC with ``Z``, but QGIS and QField write the time their form shows (``now()``,
    a date picker) without a zone, in the device's local time: Beijing time on a station's PC and
    an officer's phone.
    """
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=STATION_TIMEZONE)


def parse_datetime(text: str) -> datetime:
    """Parse a typed ISO 8601 datetime, which must carry a zone (``Z`` or an offset); see :func:`stored_datetime`."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("no time zone")
    return parsed


def _invalid(layer: LayerSchema, record: str, field: Field, value: Any, reason: str) -> InvalidValueError:
    return InvalidValueError(layer=layer.name, record=record, field=field.name, value=value, reason=reason)


def to_storage(layer: LayerSchema, record: str, field: Field, value: Any) -> Any:
    """Check ``value`` for ``field`` and return what a GeoPackage (SQLite) column stores."""
    value = check_value(layer, record, field, value)
    if value is None:
        return None
    if field.type is FieldType.BOOLEAN:
        return int(value)
    if field.type is FieldType.DATETIME:
        return format_datetime(value)
    if field.type is FieldType.DATE:
        return value.isoformat()
    return value


def check_value(layer: LayerSchema, record: str, field: Field, value: Any) -> Any:
    """Check ``value`` for ``field``; return it as the plain Python value every backend accepts.

    numpy scalars become Python scalars, ISO 8601 strings become aware datetimes,
    ``bytearray`` becomes ``bytes``. ``record`` (the record id, or a row label)
    only serves the error message.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        if field.required:
            raise _invalid(layer, record, field, value, QT_TRANSLATE_NOOP("reason", "a value is required"))
        return None
    if isinstance(value, np.generic):
        value = value.item()
    kind = field.type
    if kind is FieldType.TEXT:
        if not isinstance(value, str):
            raise _invalid(layer, record, field, value, QT_TRANSLATE_NOOP("reason", "text expected"))
        if field.vocabulary is not None and value not in field.vocabulary.codes():
            allowed = ", ".join(field.vocabulary.codes())
            raise _invalid(layer, record, field, value, f"must be one of: {allowed}")
        return value
    if kind is FieldType.BOOLEAN:
        if not isinstance(value, bool):
            raise _invalid(layer, record, field, value, QT_TRANSLATE_NOOP("reason", "true or false expected"))
        return value
    if kind is FieldType.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _invalid(layer, record, field, value, QT_TRANSLATE_NOOP("reason", "a whole number expected"))
        return value
    if kind is FieldType.REAL:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise _invalid(layer, record, field, value, QT_TRANSLATE_NOOP("reason", "a finite number expected"))
        return float(value)
    if kind is FieldType.DATETIME:
        if isinstance(value, str):
            try:
                value = parse_datetime(value)
            except ValueError:
                raise _invalid(
                    layer,
                    record,
                    field,
                    value,
                    QT_TRANSLATE_NOOP("reason", "an ISO 8601 date and time with time zone expected"),
                ) from None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise _invalid(
                layer, record, field, value, QT_TRANSLATE_NOOP("reason", "a date and time with time zone expected")
            )
        return value
    if kind is FieldType.DATE:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise _invalid(layer, record, field, value, QT_TRANSLATE_NOOP("reason", "a calendar date expected"))
        return value
    if kind is FieldType.BLOB:
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise _invalid(layer, record, field, value, QT_TRANSLATE_NOOP("reason", "binary data expected"))
        return bytes(value)
    raise AssertionError(f"unhandled field type {kind}")


def from_storage(field: Field, stored: Any) -> Any:
    """The Python value of a stored column value (inverse of :func:`to_storage`)."""
    if stored is None:
        return None
    kind = field.type
    if kind is FieldType.BOOLEAN:
        return bool(stored)
    if kind is FieldType.DATETIME:
        return stored_datetime(stored)
    if kind is FieldType.DATE:
        return date.fromisoformat(stored)
    if kind is FieldType.REAL:
        return float(stored)
    return stored


def check_geometry(layer: LayerSchema, record: str, geometry: BaseGeometry | None) -> None:
    """Refuse a geometry of the wrong type, invalid, or not in lon/lat degrees."""
    if geometry is None or geometry.is_empty:
        if layer.geometry_required:
            raise InvalidValueError(
                layer=layer.name,
                record=record,
                field="geom",
                value=None,
                reason=QT_TRANSLATE_NOOP("reason", "a location is required"),
            )
        return
    if layer.geometry_type is None:
        raise InvalidValueError(
            layer=layer.name,
            record=record,
            field="geom",
            value=geometry.geom_type,
            reason=QT_TRANSLATE_NOOP("reason", "this layer has no geometry"),
        )
    expected = _GEOMETRY_CLASSES[layer.geometry_type.value]
    if geometry.geom_type != expected:
        raise InvalidValueError(
            layer=layer.name, record=record, field="geom", value=geometry.geom_type, reason=f"a {expected} expected"
        )
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise InvalidValueError(
            layer=layer.name,
            record=record,
            field="geom",
            value=geometry.wkt[:80],
            reason=QT_TRANSLATE_NOOP(
                "reason", "coordinates must be longitude/latitude in degrees (projected or swapped?)"
            ),
        )
    if not shapely.is_valid(geometry):
        raise InvalidValueError(
            layer=layer.name,
            record=record,
            field="geom",
            value=geometry.wkt[:80],
            reason=f"invalid geometry: {shapely.is_valid_reason(geometry)}",
        )


def column_to_storage(layer: LayerSchema, field: Field, column: pd.Series) -> list:
    """Vectorised :func:`to_storage` for bulk loads: checks a whole column, converts it.

    The first bad row is reported by its 1-based row number (``row 12``), which is
    what a user finds in the spreadsheet the rows came from.
    """
    import pandas as pd

    missing = column.isna().to_numpy()
    if field.required and missing.any():
        row = int(np.flatnonzero(missing)[0])
        raise _invalid(layer, f"row {row + 1}", field, None, QT_TRANSLATE_NOOP("reason", "a value is required"))
    present = column[~missing]

    def first_bad(mask: np.ndarray, reason: str) -> None:
        if mask.any():
            position = int(np.flatnonzero(mask)[0])
            label = f"row {int(np.flatnonzero(~missing)[position]) + 1}"
            raise _invalid(layer, label, field, present.iloc[position], reason)

    def all_of(*kinds: str) -> bool:
        """Whether every present value is of these pandas-inferred kinds (one C pass, no Python loop)."""
        return pd.api.types.infer_dtype(present, skipna=True) in (*kinds, "empty")

    def per_value() -> list:
        """The single-value rules, with their messages, for a column of unexpected types."""
        return [to_storage(layer, f"row {i + 1}", field, v) for i, v in enumerate(column.tolist())]

    kind = field.type
    if kind is FieldType.DATETIME:
        if not isinstance(column.dtype, pd.DatetimeTZDtype):
            return per_value()  # ISO strings or mixed values
        utc = column.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[ms]")
        text = np.char.add(np.datetime_as_string(utc, unit="ms"), "Z")  # vectorised format_datetime
        return [None if m else t for m, t in zip(missing, text.tolist())]
    if kind is FieldType.BOOLEAN:
        if column.dtype == bool:
            return column.astype(int).tolist()
        if not all_of("boolean"):
            return per_value()
        return [None if m else int(v) for m, v in zip(missing, column.tolist())]
    if kind is FieldType.INTEGER:
        if pd.api.types.is_integer_dtype(column.dtype):
            return [None if m else int(v) for m, v in zip(missing, column.tolist())]
        return per_value()
    if kind is FieldType.REAL:
        if not all_of("floating", "integer", "mixed-integer-float", "decimal"):
            return per_value()  # text, booleans...: refused as a single edit would be
        numbers = present.to_numpy(dtype=float)
        first_bad(~np.isfinite(numbers), QT_TRANSLATE_NOOP("reason", "a finite number expected"))
        return [None if m else float(v) for m, v in zip(missing, column.tolist())]
    if kind is FieldType.TEXT:
        if not all_of("string"):
            return per_value()
        if field.vocabulary is not None:
            allowed = field.vocabulary.codes()
            first_bad(~present.isin(allowed).to_numpy(), f"must be one of: {', '.join(allowed)}")
        return [None if m else v for m, v in zip(missing, column.tolist())]
    return per_value()


def check_geometries(layer: LayerSchema, geometries: np.ndarray) -> None:
    """Vectorised :func:`check_geometry`; names the first bad row."""
    geometries = np.asarray(geometries, dtype=object)
    absent = shapely.is_missing(geometries) | shapely.is_empty(geometries)
    suspicious = np.zeros(len(geometries), dtype=bool)
    if not layer.is_spatial:
        suspicious |= ~absent
    else:
        expected = shapely.from_wkt(f"{_GEOMETRY_CLASSES[layer.geometry_type.value].upper()} EMPTY")
        suspicious |= ~absent & (shapely.get_type_id(geometries) != shapely.get_type_id(expected))
        bounds = shapely.bounds(geometries)
        with np.errstate(invalid="ignore"):
            outside = (bounds[:, 0] < -180) | (bounds[:, 2] > 180) | (bounds[:, 1] < -90) | (bounds[:, 3] > 90)
        suspicious |= ~absent & outside
        if layer.geometry_type.value == "POLYGON":
            suspicious |= ~absent & ~shapely.is_valid(geometries)
        if layer.geometry_required:
            suspicious |= absent
    if suspicious.any():
        row = int(np.flatnonzero(suspicious)[0])
        check_geometry(layer, f"row {row + 1}", geometries[row])
