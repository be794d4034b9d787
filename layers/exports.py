"""Exports of a project for other tools and other people: GeoJSON, GeoPackage, Shapefile and Excel.

Everything here leaves the app, so every frame goes through
:func:`layers.privacy.mask_frame` first (names 张*华, phones 138****1234, free
text ``***``, no ID numbers) unless the caller passes ``show_personal=True``
because the user explicitly asked for full details.

Each file is written under a temporary name next to the target and renamed
over it only when complete, so a full disk, a crash or Ctrl-C never leaves a
half-written file where a colleague would open it.

- **GeoJSON**: one FeatureCollection of the households, not one per layer: web
  tools and phone apps read a single collection, and the households are what
  people share. Each feature carries its grid's code and name, its visit
  recency (a :class:`~layers.vocabulary.VisitRecency` code) and last visit as
  properties; codes stay codes, times are UTC ISO 8601. Coordinates are
  CGCS2000 longitude/latitude, which RFC 7946 readers take as WGS84 (the two
  agree within centimetres here).
- **GeoPackage**: the households, visits, disputes, grids, landmarks and roads
  layers with every stored field as stored, in EPSG:4490, for QGIS and ogr2ogr.
- **Shapefile**: for the older GIS many county offices still run, the same
  layers as the GeoPackage, one shapefile each, in one ``.zip`` (a shapefile
  is several files; a zip keeps them together). The format limits field names
  to 10 characters and has no time type, so fields get short unique names, a
  ``fields.csv`` in the zip gives each short name its full name and Chinese
  title, and times are UTC ISO 8601 text; the text is UTF-8 (with a ``.cpg``).
- **Excel**: one sheet each for households, visits, disputes and grids, for
  people: Chinese column titles and words for codes, station local times, and
  house numbers and grid codes instead of record ids.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from contextlib import closing
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.errors import QT_TRANSLATE_NOOP, ExportFailedError, WanggeError
from layers.feedback import Feedback
from layers.files import atomic_output
from layers.privacy import mask_frame
from layers.review import KEPT_STATUS_DRAWN, with_kept_status
from layers.schema import FieldType, layer_schema
from layers.store import ProjectStore
from layers.store.layer_styles import write_layer_styles
from layers.text_width import display_width
from layers.values import STATION_TIMEZONE
from layers.vocabulary import KEY_PERSON_SEPARATOR, KeyPersonTag, VisitRecency

GPKG_LAYERS = ("households", "visits", "disputes", "grids", "landmarks", "roads")
GPKG_VERSION = "1.3"
"""As our project files: every GDAL since 2.2 reads and validates it, while 1.4's R-tree triggers (GDAL 3.8 and
later) fail the validator of the GDAL that Debian and many QGIS installs still ship, and 1.3 keeps milliseconds
in every DATETIME."""
SHEET_LAYERS = ("households", "visits", "disputes", "grids")
SHEET_HIDDEN_FIELDS = frozenset({"version", "created_at", "updated_at", "sketch_id", "sketch_x", "sketch_y"})
"""Bookkeeping a reader of the spreadsheet has no use for; ``id`` stays, last, to match rows to records."""
GEOJSON_FIELDS = (
    "id", "house_no", "head_name", "members", "phone", "id_number", "address", "grid_code", "grid_name",
    "key_person", "anti_fraud_app", "camera", "located_by", "recency", "last_visit",
)  # fmt: skip
DERIVED_TITLES_ZH = {"recency": "走访状态", "last_visit": "最近走访"}
"""Titles of the columns computed for the households sheet (as :mod:`maps.words` words them)."""
YES_ZH, NO_ZH = "是", "否"
TAG_SEPARATOR_ZH = "、"
MAX_COLUMN_WIDTH = 48
DATETIME_COLUMN_WIDTH = 20
_GEOMETRY_TYPES = {"POINT": "Point", "LINESTRING": "LineString", "POLYGON": "Polygon"}


# -- writing safely ---------------------------------------------------------------


def check_destination(store: ProjectStore, path: str | Path) -> Path:
    """Refuse, before any work, a target in a missing folder or the project file itself."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportFailedError(path=str(path), reason=QT_TRANSLATE_NOOP("reason", "the folder does not exist"))
    if path.exists() and Path(store.location).exists() and path.resolve() == Path(store.location).resolve():
        raise ExportFailedError(path=str(path), reason=QT_TRANSLATE_NOOP("reason", "it is the project file itself"))
    return path


def _read(store: ProjectStore, layer: str, target: Path) -> gpd.GeoDataFrame:
    """A whole layer; a layer that cannot be read stops the export with the file and layer named."""
    try:
        return store.read(layer)
    except WanggeError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged layer must not leave a traceback or a partial export
        raise ExportFailedError(path=str(target), reason=f"layer '{layer}' cannot be read: {error}") from error


# -- what the files hold --------------------------------------------------------------


def households_with_recency(
    store: ProjectStore, households: pd.DataFrame, as_of: datetime | None = None
) -> pd.DataFrame:
    """``households`` with ``last_visit`` and ``recency`` at ``as_of`` from the status the store keeps, as the
    window and the map show them: one figure, one source, and no visit read."""
    moment = pd.Timestamp(as_of or datetime.now(STATION_TIMEZONE)).tz_convert("UTC")
    return with_kept_status(households, store.household_status(columns=KEPT_STATUS_DRAWN), moment)


def _utc_text(moments: pd.Series) -> pd.Series:
    utc = pd.to_datetime(moments, utc=True)
    return utc.dt.strftime("%Y-%m-%dT%H:%M:%SZ").where(utc.notna(), None)


def _json_value(value: object) -> object:
    """Plain JSON for the numpy and pandas scalars a frame hands out."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return str(value)


def export_geojson(
    store: ProjectStore,
    path: str | Path,
    show_personal: bool = False,
    as_of: datetime | None = None,
    feedback: Feedback | None = None,
) -> dict[str, int]:
    """Write the households as one GeoJSON FeatureCollection (see the module notes); returns ``{"households": n}``."""
    feedback = feedback or Feedback()
    target = check_destination(store, path)
    households = _read(store, "households", target)
    feedback.set_progress(30)
    grids = store.read("grids", columns=["id", "code", "name"])
    feedback.raise_if_canceled()
    feedback.set_progress(70)
    households = households_with_recency(store, households, as_of)
    households["grid_code"] = households["grid_id"].map(grids.set_index("id")["code"])
    households["grid_name"] = households["grid_id"].map(grids.set_index("id")["name"])
    households["last_visit"] = _utc_text(households["last_visit"])
    masked = mask_frame("households", households, show_personal)
    columns = [name for name in GEOJSON_FIELDS if name in masked.columns]
    properties = masked[columns].astype(object).where(masked[columns].notna(), None)
    geometries = masked.geometry.to_numpy()
    features = [
        {
            "type": "Feature",
            "geometry": None if geometry is None or geometry.is_empty else geometry.__geo_interface__,
            "properties": row,
        }
        for geometry, row in zip(geometries, properties.to_dict("records"))
    ]
    collection = {"type": "FeatureCollection", "name": "households", "features": features}
    feedback.raise_if_canceled()
    with atomic_output(target) as temporary:
        with open(temporary, "w", encoding="utf-8") as stream:
            json.dump(collection, stream, ensure_ascii=False, default=_json_value)
    feedback.set_progress(100)
    return {"households": len(features)}


def export_gpkg(
    store: ProjectStore,
    path: str | Path,
    show_personal: bool = False,
    feedback: Feedback | None = None,
    styles: Mapping[str, str] | None = None,
    as_of: datetime | None = None,
) -> dict[str, int]:
    """Write a plain GeoPackage of :data:`GPKG_LAYERS` in EPSG:4490; returns the records written per layer.

    Households carry ``last_visit`` and ``recency`` as of the export, as in the GeoJSON export.
    ``styles`` (layer name -> QML) are stored in ``layer_styles``, so QGIS and QField open
    each layer with Wangge's look and Chinese forms.
    """
    feedback = feedback or Feedback()
    target = check_destination(store, path)
    counts: dict[str, int] = {}
    with atomic_output(target) as temporary:
        for step, layer in enumerate(GPKG_LAYERS):
            feedback.raise_if_canceled()
            frame = _read(store, layer, target)
            if layer == "households":
                frame = households_with_recency(store, frame, as_of)
            frame = mask_frame(layer, frame, show_personal)
            frame = frame.set_crs(epsg=4490, allow_override=True)
            geometry_type = _GEOMETRY_TYPES[layer_schema(layer).geometry_type.value]
            frame.to_file(
                temporary,
                layer=layer,
                driver="GPKG",
                engine="pyogrio",
                geometry_type=geometry_type,
                VERSION=GPKG_VERSION,
            )
            counts[layer] = len(frame)
            feedback.set_progress(100 * (step + 1) / len(GPKG_LAYERS))
        if styles:
            with closing(sqlite3.connect(temporary)) as connection, connection:
                write_layer_styles(connection, styles)
    return counts


SHAPEFILE_NAME_LENGTH = 10
"""dBASE field names hold 10 characters."""


def shapefile_field_names(names: list[str]) -> dict[str, str]:
    """Each name shortened to :data:`SHAPEFILE_NAME_LENGTH` characters, unique, in order.

    >>> shapefile_field_names(["anti_fraud_app", "anti_fraud_x", "id"])
    {'anti_fraud_app': 'anti_fraud', 'anti_fraud_x': 'anti_fra_1', 'id': 'id'}
    """
    short: dict[str, str] = {}
    for name in names:
        candidate, number = name[:SHAPEFILE_NAME_LENGTH], 0
        while candidate in short.values():
            number += 1
            suffix = f"_{number}"
            candidate = name[: SHAPEFILE_NAME_LENGTH - len(suffix)] + suffix
        short[name] = candidate
    return short


def export_shapefile(
    store: ProjectStore, path: str | Path, show_personal: bool = False, feedback: Feedback | None = None
) -> dict[str, int]:
    """Write :data:`GPKG_LAYERS` as shapefiles in one ``.zip`` (see the module notes); returns records per layer."""
    import zipfile

    feedback = feedback or Feedback()
    target = check_destination(store, path)
    if target.suffix.lower() != ".zip":
        raise ExportFailedError(path=str(target), reason=QT_TRANSLATE_NOOP("reason", "a shapefile export is a .zip"))
    counts: dict[str, int] = {}
    legend = ["layer,short_name,field,title_zh"]
    with atomic_output(target) as temporary, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        folder = temporary.with_name(temporary.name + ".parts")
        folder.mkdir()
        try:
            for step, layer in enumerate(GPKG_LAYERS):
                feedback.raise_if_canceled()
                frame = mask_frame(layer, _read(store, layer, target), show_personal)
                schema = layer_schema(layer)
                for spec in schema.fields:
                    if spec.name in frame.columns and spec.type in (FieldType.DATETIME, FieldType.DATE):
                        frame[spec.name] = _time_text(frame[spec.name], spec.type)
                names = shapefile_field_names([column for column in frame.columns if column != "geometry"])
                legend += [f"{layer},{short},{name},{_title_zh(schema, name)}" for name, short in names.items()]
                frame = frame.rename(columns=names).set_crs(epsg=4490, allow_override=True)
                shapefile = folder / f"{layer}.shp"
                frame.to_file(shapefile, driver="ESRI Shapefile", engine="pyogrio", encoding="UTF-8",
                              geometry_type=_GEOMETRY_TYPES[schema.geometry_type.value])  # fmt: skip
                for part in sorted(folder.glob(f"{layer}.*")):
                    archive.write(part, part.name)
                counts[layer] = len(frame)
                feedback.set_progress(95 * (step + 1) / len(GPKG_LAYERS))
            archive.writestr("fields.csv", "\n".join(legend) + "\n")
        finally:
            for part in folder.glob("*"):
                part.unlink()
            folder.rmdir()
    feedback.set_progress(100)
    return counts


def _time_text(column: pd.Series, kind: FieldType) -> pd.Series:
    """Times as UTC ISO 8601 text, days as YYYY-MM-DD: what a format without a time type can keep."""
    if kind == FieldType.DATETIME:
        return _utc_text(column)
    days = pd.to_datetime(column)
    return days.dt.strftime("%Y-%m-%d").where(days.notna(), None)


def _title_zh(schema, name: str) -> str:
    return schema.field(name).title_zh if name in schema.field_names else DERIVED_TITLES_ZH.get(name, "")


def export_xlsx(
    store: ProjectStore,
    path: str | Path,
    show_personal: bool = False,
    as_of: datetime | None = None,
    feedback: Feedback | None = None,
) -> dict[str, int]:
    """Write an Excel workbook, one sheet per layer of :data:`SHEET_LAYERS`; returns the rows written per sheet."""
    from openpyxl import Workbook

    feedback = feedback or Feedback()
    target = check_destination(store, path)
    frames = {}
    for step, layer in enumerate(SHEET_LAYERS):
        feedback.raise_if_canceled()
        frames[layer] = _read(store, layer, target)
        feedback.set_progress(50 * (step + 1) / len(SHEET_LAYERS))
    frames["households"] = households_with_recency(store, frames["households"], as_of)
    names = {
        "grid_id": dict(zip(frames["grids"]["id"], frames["grids"]["code"])),
        "household_id": dict(zip(frames["households"]["id"], frames["households"]["house_no"])),
    }
    workbook = Workbook(write_only=True)
    counts: dict[str, int] = {}
    for step, layer in enumerate(SHEET_LAYERS):
        feedback.raise_if_canceled()
        sheet = _readable_sheet(layer, mask_frame(layer, frames[layer], show_personal), names)
        _append_sheet(workbook, layer_schema(layer).title_zh, sheet)
        counts[layer] = len(sheet)
        feedback.set_progress(50 + 40 * (step + 1) / len(SHEET_LAYERS))
    with atomic_output(target) as temporary:
        workbook.save(temporary)
    feedback.set_progress(100)
    return counts


def _readable_sheet(layer: str, frame: pd.DataFrame, names: dict[str, dict[str, str]]) -> pd.DataFrame:
    """The layer as people read it: Chinese titles, Chinese words for codes, local times, names for references."""
    schema = layer_schema(layer)
    columns = [f.name for f in schema.fields if f.name not in SHEET_HIDDEN_FIELDS and f.name != "id"]
    columns = [name for name in columns if name in frame.columns]
    derived = [name for name in ("recency", "last_visit") if name in frame.columns]
    sheet = pd.DataFrame(index=frame.index)
    for name in columns + derived + ["id"]:
        column = frame[name]
        field = schema.field(name) if name in schema.field_names else None
        title = field.title_zh if field else DERIVED_TITLES_ZH[name]
        if name == "recency":
            sheet[title] = column.map({m.value: m.zh for m in VisitRecency})
        elif name == "key_person":
            sheet[title] = column.map(_tag_words_zh)
        elif name in names:
            sheet[title] = column.map(names[name]).where(column.notna(), None)
        elif field is not None and field.vocabulary is not None:
            sheet[title] = column.map({m.value: m.zh for m in field.vocabulary}).fillna(column)
        elif name == "last_visit" or (field is not None and field.type is FieldType.DATETIME):
            sheet[title] = _station_local(column)
        elif field is not None and field.type is FieldType.BOOLEAN:
            sheet[title] = column.map({True: YES_ZH, False: NO_ZH})
        else:
            sheet[title] = column
    return sheet


def _tag_words_zh(stored: str | None) -> str:
    """Key-person tag codes as Chinese words (独居老人、残疾人); a code another tool wrote stays as it is."""
    words = {tag.value: tag.zh for tag in KeyPersonTag}
    return TAG_SEPARATOR_ZH.join(words.get(code, code) for code in (stored or "").split(KEY_PERSON_SEPARATOR) if code)


def _station_local(moments: pd.Series) -> pd.Series:
    """Aware UTC instants as naive station clock times: Excel has no time zones, and officers read local time."""
    local = pd.to_datetime(moments, utc=True).dt.tz_convert(STATION_TIMEZONE).dt.tz_localize(None)
    return pd.Series(local.dt.to_pydatetime(), index=moments.index, dtype=object).where(local.notna(), None)


def _append_sheet(workbook, title: str, sheet: pd.DataFrame) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    worksheet = workbook.create_sheet(title)
    worksheet.freeze_panes = "A2"
    for number, (name, column) in enumerate(sheet.items(), start=1):
        if column.map(lambda value: isinstance(value, datetime)).any():
            width = DATETIME_COLUMN_WIDTH
        else:
            values = column.dropna().astype(str)
            width = max([display_width(name), *values.map(display_width).tolist()]) + 2
        worksheet.column_dimensions[get_column_letter(number)].width = min(width, MAX_COLUMN_WIDTH)
    header = []
    for name in sheet.columns:
        cell = WriteOnlyCell(worksheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    worksheet.append(header)
    for row in sheet.astype(object).where(sheet.notna(), None).itertuples(index=False, name=None):
        worksheet.append([_cell_value(value) for value in row])


def _cell_value(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    return value


EXPORTERS = {"geojson": export_geojson, "gpkg": export_gpkg, "shp": export_shapefile, "xlsx": export_xlsx}
"""Each kind of file by its ``wangge export --format`` code; all take ``(store, path, show_personal, feedback=)``."""
SUFFIXES = {"geojson": ".geojson", "gpkg": ".gpkg", "shp": ".zip", "xlsx": ".xlsx"}
