"""Importing a household register, visit log or dispute ledger: plan, report, then write all or nothing.

:func:`plan_import` reads the file, places its columns, converts and checks
every row against the project (grids, households already there) and returns an
:class:`ImportPlan` holding the records it would write and the
:class:`~layers.imports.report.ImportReport`; it writes nothing, so the dialog
can show the report and the user decide. :func:`write_import` then writes the
plan in one store transaction: the whole file, or with ``valid_rows_only`` the
rows without problems; a file with problems is refused whole otherwise. A
canceled write leaves the project as it was.

The same functions serve the desktop dialog, ``wangge import`` and the tests,
and both stores (GeoPackage and PostGIS), since they only use the store's
``read``, ``edit`` and ``bulk_load``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from layers.crs import STORAGE_EPSG, CoordinateSystem, coordinate_system
from layers.errors import QT_TRANSLATE_NOOP
from layers.feedback import Feedback
from layers.imports import cells, coordinates, validation
from layers.imports.errors import (
    EmptyRegisterError,
    ImportFileError,
    ImportRefusedError,
    MissingColumnsError,
    NotAMapFileError,
)
from layers.imports.features import MapSource, is_map_file, layer_words, read_map_file
from layers.imports.headers import (
    GRID,
    HEAD_NAME,
    HOUSE_NO,
    LATITUDE,
    LONGITUDE,
    REFERENCE_LAYERS,
    REGISTER_LAYERS,
    VILLAGE,
    ColumnPlacement,
    header_score,
    import_targets,
    place_columns,
)
from layers.imports.matching import ProjectGrids, household_keys, match_households
from layers.imports.osm import is_osm_extract, read_osm_extract
from layers.imports.reading import SourceTable, read_source
from layers.imports.reference_layers import GEOMETRY, ReferenceLayers
from layers.imports.report import ImportReport, ListedRow
from layers.schema import Field, FieldType, layer_schema
from layers.store import ProjectStore
from layers.vocabulary import DisputeKind, LocatedBy

REQUIRED_COLUMNS = {
    "households": (("house_no",), ("head_name",)),
    "visits": (("visited_at",), ("officer",), (HOUSE_NO, HEAD_NAME)),
    "disputes": (("reported_at",), ("grade",), ("kind",)),
    "officers": (("name",),),
    "grids": (("code",), ("name",)),
    "roads": (),
    "landmarks": (),
}
FILLED_WHEN_BLANK = {
    "officers": ("station", "role"),
    "grids": ("station", "officer"),
    "landmarks": ("kind", "name"),
}
"""Required fields the import fills itself where a file leaves them blank (:mod:`layers.imports.reference_layers`)."""
SPREADSHEET_LAYERS = ("officers", "landmarks")
"""Reference layers a spreadsheet can hold: a list of people, places with longitude and latitude."""
"""Per layer, the columns a register cannot do without; a tuple of several means any one of them."""
MINIMUM = {"members": 1}

VALUE_REQUIRED = QT_TRANSLATE_NOOP("ImportProblem", "a value is required")
UNKNOWN_GRID = QT_TRANSLATE_NOOP("ImportProblem", "no grid of the project has this code or name")
NO_HOUSEHOLD_KEY = QT_TRANSLATE_NOOP("ImportProblem", "name the household: a house number or the head's name")
NO_HOUSEHOLD = QT_TRANSLATE_NOOP("ImportProblem", "matches no household of the project")
SEVERAL_HOUSEHOLDS = QT_TRANSLATE_NOOP(
    "ImportProblem", "matches {count} households; add the grid, village or head's name to tell them apart"
)
NO_LOCATION = QT_TRANSLATE_NOOP(
    "ImportProblem", "no location: give longitude and latitude, or a household that has a position"
)
OTHER_KIND_NOTE = QT_TRANSLATE_NOOP(
    "ImportReport", "{count} dispute kind(s) not in the list were stored as 其他 (other), the word kept in the summary"
)
SUMMARY_KIND_PREFIX = "纠纷类型：{kind}。"


@dataclass
class ImportPlan:
    """What an import would write, and its report; nothing has been written yet."""

    layer: str
    report: ImportReport
    records: gpd.GeoDataFrame
    """Every data row of the file as a record (ids filled), in file order; rows with problems included."""

    @property
    def path(self) -> Path:
        return self.report.path

    def check_writable(self, valid_rows_only: bool = False) -> None:
        """Raise what :func:`write_import` would refuse with, without a store: a missing column, no rows, bad rows."""
        report = self.report
        if report.rows == 0:
            raise EmptyRegisterError(path=str(report.path))
        if report.missing_columns:
            raise MissingColumnsError(
                path=str(report.path), fields=", ".join(report.missing_columns), headers=", ".join(report.headers)
            )
        if report.problems and not valid_rows_only:
            raise ImportRefusedError(report.first_problems(), path=str(report.path), count=report.bad_rows)


@dataclass(frozen=True)
class ImportResult:
    """What was written: the records' ids, in file order, and the report the plan made."""

    report: ImportReport
    ids: tuple[str, ...]

    @property
    def written(self) -> int:
        return len(self.ids)


def plan_import(
    store: ProjectStore,
    layer: str,
    path: str | Path,
    crs: str | int | CRS | CoordinateSystem | None = None,
    mapping: Mapping[str, str | None] | None = None,
    feedback: Feedback | None = None,
) -> ImportPlan:
    """Read and check a register or map file for ``layer``; write nothing.

    ``crs`` is how the file's coordinates are to be read (``wgs84``, ``cgcs2000``,
    ``gcj02``, ``bd09``, ``EPSG:<n>``): by default WGS84 for a spreadsheet's
    longitude and latitude, a map file's own system for a map file;
    ``mapping`` maps headers as written to targets
    (:func:`~layers.imports.headers.import_targets`), ``None`` to ignore a column,
    overriding recognition.
    """
    feedback = feedback or Feedback()
    import_targets(layer)  # refuses a layer that takes no imports before the file is read
    given = None if crs is None else crs if isinstance(crs, CoordinateSystem) else coordinate_system(crs)
    table, source = _read(store, layer, Path(path), given, mapping, feedback.step(0, 70))
    system = given or coordinate_system("wgs84")
    feedback.raise_if_canceled()
    placement = place_columns(layer, table.headers, mapping)
    report = ImportReport(
        path=Path(path),
        layer=layer,
        rows=len(table),
        header_row=table.header_row,
        encoding=table.encoding,
        sheet=table.sheet,
        coordinate_system=source.crs_name if source is not None else system.name,
        features=source is not None,
        headers=placement.headers,
        recognised=placement.recognised,
        unplaced=placement.unplaced,
        duplicate_columns=placement.duplicates,
        missing_columns=_missing_columns(layer, placement),
        bad=np.zeros(len(table), dtype=bool),
    )
    feedback.push_info(QT_TRANSLATE_NOOP("Feedback", "checking {rows:,} rows"), rows=len(table))
    geometries = source.geometries if source is not None else None
    planner = _Planner(store, layer, table, placement, report, system, geometries)
    records = planner.records()
    feedback.raise_if_canceled()
    feedback.set_progress(100.0)
    return ImportPlan(layer, report, records)


def _read(
    store: ProjectStore,
    layer: str,
    path: Path,
    system: CoordinateSystem | None,
    mapping: Mapping[str, str | None] | None,
    feedback: Feedback,
) -> tuple[SourceTable, MapSource | None]:
    """The file's cells, and for a map file or OpenStreetMap extract its features too."""
    if is_osm_extract(path) or is_map_file(path):
        if Path(getattr(store, "path", "")).resolve() == path.resolve():
            # GDAL's own SQLite must never open the project while the store has it open (see layers.imagery.reading)
            raise ImportFileError(
                path=str(path), reason=QT_TRANSLATE_NOOP("reason", "this is the project itself; choose another file")
            )
        if layer in REGISTER_LAYERS:
            raise ImportFileError(
                path=str(path),
                reason=QT_TRANSLATE_NOOP("reason", "registers, visit logs and ledgers are read from .xlsx or .csv"),
            )
        if is_osm_extract(path):
            source = read_osm_extract(path, layer, store, feedback)
        else:
            source = read_map_file(path, layer, system, feedback)
        return source.table, source
    if layer in REFERENCE_LAYERS and layer not in SPREADSHEET_LAYERS:
        raise NotAMapFileError(path=str(path), layer=layer_words(layer))
    return read_source(path, header_score(layer, mapping), feedback), None


def write_import(
    store: ProjectStore, plan: ImportPlan, valid_rows_only: bool = False, feedback: Feedback | None = None
) -> ImportResult:
    """Write a plan in one transaction: all its rows, or only the valid ones when ``valid_rows_only``.

    Raises :class:`ImportRefusedError` (naming the first bad rows) when the file
    has problems and ``valid_rows_only`` is not given, and
    :class:`MissingColumnsError` when a required column is missing; nothing is
    written then, nor when ``feedback`` is canceled.
    """
    report = plan.report
    plan.check_writable(valid_rows_only)
    records = plan.records[~report.bad] if report.bad.any() else plan.records
    feedback = feedback or Feedback()
    feedback.raise_if_canceled()
    if len(records):
        with store.edit():
            store.bulk_load(plan.layer, records, feedback)
            feedback.raise_if_canceled()  # Cancel pressed during the last rows still leaves the project as it was
    feedback.set_progress(100.0)
    return ImportResult(report, tuple(records["id"]))


def import_register(
    store: ProjectStore,
    layer: str,
    path: str | Path,
    crs: str | int | CRS | CoordinateSystem | None = None,
    mapping: Mapping[str, str | None] | None = None,
    valid_rows_only: bool = False,
    feedback: Feedback | None = None,
) -> ImportResult:
    """:func:`plan_import` then :func:`write_import`, for callers that need no look at the report first."""
    feedback = feedback or Feedback()
    plan = plan_import(store, layer, path, crs, mapping, feedback.step(0, 60))
    return write_import(store, plan, valid_rows_only, feedback.step(60, 100))


def _missing_columns(layer: str, placement: ColumnPlacement) -> tuple[str, ...]:
    targets = import_targets(layer)
    missing = []
    for alternatives in REQUIRED_COLUMNS[layer]:
        if not any(placement.has(target) for target in alternatives):
            missing.append(" / ".join(f"{targets[target]} ({target})" for target in alternatives))
    return tuple(missing)


class _Planner(ReferenceLayers):
    """Turns a register's or map file's cells into records of one layer, noting every problem in the report."""

    def __init__(
        self,
        store: ProjectStore,
        layer: str,
        table: SourceTable,
        placement: ColumnPlacement,
        report: ImportReport,
        system: CoordinateSystem,
        geometries: np.ndarray | None = None,
    ) -> None:
        self.store = store
        self.geometries = geometries
        self.schema = layer_schema(layer)
        self.table = table
        self.placement = placement
        self.report = report
        self.system = system
        self.fields: dict[str, pd.Series] = {}
        self.titles = import_targets(layer)
        self.grids = ProjectGrids.from_frame(store.read("grids", columns=["id", "code", "name", "village"]))

    # -- cells of one column ------------------------------------------------------
    def cells(self, target: str) -> pd.Series | None:
        if not self.placement.has(target):
            return None
        return self.table.cells[self.placement.placed[target]]

    def problem(self, mask: np.ndarray, target: str, reason: str, **params: object) -> None:
        raw = self.cells(target)
        header = self.placement.header_of(target) if raw is not None else self.titles.get(target, target)
        if target == GEOMETRY and self.geometries is not None:  # the shape itself, shortened, as the value
            raw = pd.Series(shapely.to_wkt(self.geometries, rounding_precision=5), dtype=object).str.slice(0, 48)
        self.report.add_problems(mask, self.table.row_numbers, header, raw, reason, **params)

    def parsed(self, target: str, parsed: cells.Parsed) -> pd.Series:
        for mask, reason, params in parsed.problems:
            self.problem(mask, target, reason, **params)
        return parsed.values

    # -- the layer's own fields -----------------------------------------------------
    def records(self) -> gpd.GeoDataFrame:
        for spec in self.schema.fields:
            raw = self.cells(spec.name)
            if raw is not None:
                self.fields[spec.name] = self.field_values(spec, raw)
        geometry = getattr(self, f"_{self.schema.name}")()
        frame = pd.DataFrame(self.fields, index=pd.RangeIndex(len(self.table)))
        frame.insert(0, "id", [str(uuid.uuid4()) for _ in range(len(frame))])
        if not self.schema.is_spatial:
            return frame
        return gpd.GeoDataFrame(frame, geometry=geometry, crs=f"EPSG:{STORAGE_EPSG}")

    def field_values(self, spec: Field, raw: pd.Series) -> pd.Series:
        if spec.name == "phone":
            values, bad = validation.standard_phones(cells.text(raw).values)
            self.problem(bad, spec.name, validation.PHONE_REASON)
        elif spec.name == "id_number":
            values, problems = validation.id_number_problems(cells.text(raw).values)
            for mask, reason in problems:
                self.problem(mask, spec.name, reason)
        elif spec.name == "key_person":
            values = self.parsed(spec.name, cells.key_person_tags(raw))
        elif spec.name == "kind" and spec.vocabulary is DisputeKind:
            values = self._dispute_kinds(raw)
        else:
            values = self.parsed(spec.name, _convert(spec, raw))
        blank = values.isna().to_numpy() & raw.isna().to_numpy()
        if spec.required and spec.default is None and spec.name not in FILLED_WHEN_BLANK.get(self.schema.name, ()):
            self.problem(blank, spec.name, VALUE_REQUIRED)
        elif spec.default is not None and blank.any():
            values = values.where(~blank, spec.default)
        if spec.type is FieldType.BOOLEAN and values.notna().all():
            values = values.astype(bool)  # the store's fast path for a column of booleans
        return values

    def _dispute_kinds(self, raw: pd.Series) -> pd.Series:
        """Kinds from the vocabulary; another word becomes 其他 (other), kept for the summary by :meth:`_disputes`."""
        parsed = cells.codes(raw, DisputeKind)
        unknown = raw.notna().to_numpy() & parsed.values.isna().to_numpy()
        self.other_kinds = cells.text(raw).values.where(unknown, None)
        if unknown.any():
            self.report.note(OTHER_KIND_NOTE, count=int(unknown.sum()))
        return parsed.values.where(~unknown, DisputeKind.OTHER.value)

    def _keep_other_kinds_in_summaries(self) -> None:
        words = getattr(self, "other_kinds", None)
        if words is None or not words.notna().any():
            return
        summary = self.fields.get("summary", pd.Series([None] * len(words), dtype=object)).astype(object)
        prefix = words.map(lambda word: SUMMARY_KIND_PREFIX.format(kind=word), na_action="ignore")
        self.fields["summary"] = summary.where(words.isna(), prefix + summary.fillna(""))

    # -- what each layer adds -------------------------------------------------------
    def _households(self) -> np.ndarray:
        located = self.locate()
        grid_ids = self.grids.containing(located.points)
        outside = located.located & pd.isna(grid_ids)
        named = self.named_grids()
        grid_ids = np.where(pd.isna(grid_ids), named, grid_ids)
        self.fields["grid_id"] = pd.Series(grid_ids, dtype=object)
        located_by = np.where(located.located, LocatedBy.IMPORT.value, LocatedBy.MANUAL.value)
        self.fields["located_by"] = pd.Series(located_by, dtype=object)
        self._check_house_numbers(grid_ids)
        labels = self.fields.get("house_no", pd.Series([None] * len(self.table), dtype=object))
        self.report.outside_grids = self.listed(outside, labels)
        self.report.unlocated = self.listed(~located.located & self.no_coordinates(), labels)
        return located.points

    def _check_house_numbers(self, grid_ids: np.ndarray) -> None:
        house_numbers = self.fields.get("house_no")
        if house_numbers is None:
            return
        scopes = _scopes(pd.Series(grid_ids, dtype=object), self.fields.get("addr_village"))
        stored = self.store.read("households", columns=["house_no", "grid_id", "addr_village"])
        existing = pd.DataFrame(
            {"house_no": stored["house_no"].to_numpy(dtype=object), "scope": _scopes(stored["grid_id"],
                                                                                       stored["addr_village"])}
        )  # fmt: skip
        repeated, first, in_project = validation.duplicate_house_numbers(house_numbers, scopes, existing)
        first_rows = self.table.row_numbers[np.where(repeated, first, 0).astype(int)]
        self.problem(repeated, "house_no", validation.DUPLICATE_IN_FILE_REASON, first=first_rows)
        self.problem(in_project, "house_no", validation.DUPLICATE_IN_PROJECT_REASON)

    def _visits(self) -> np.ndarray:
        household_ids, household_points, _ = self.households(required=True)
        self.fields["household_id"] = pd.Series(household_ids, dtype=object)
        located = self.locate()
        return np.where(located.located, located.points, household_points)

    def _disputes(self) -> np.ndarray:
        self._keep_other_kinds_in_summaries()
        household_ids, household_points, household_grids = self.households(required=False)
        self.fields["household_id"] = pd.Series(household_ids, dtype=object)
        located = self.locate()
        points = np.where(located.located, located.points, household_points)
        grid_ids = np.where(pd.isna(household_grids), self.named_grids(), household_grids)
        grid_ids = np.where(pd.isna(grid_ids), self.grids.containing(points), grid_ids)
        self.fields["grid_id"] = pd.Series(grid_ids, dtype=object)
        column = LONGITUDE if self.placement.has(LONGITUDE) else HOUSE_NO if self.placement.has(HOUSE_NO) else "geom"
        self.problem(shapely.is_missing(points) & self.no_coordinates(), column, NO_LOCATION)
        return points

    # -- shared steps ---------------------------------------------------------------
    def locate(self):
        located = coordinates.locate_rows(self.cells(LONGITUDE), self.cells(LATITUDE), self.system, len(self.table))
        for mask, target, reason, params in located.problems:
            self.problem(mask, target, reason, **params)
        if located.located.any():
            self.report.note(coordinates.CONVERTED_NOTE, system=self.system.name)
        if located.swapped.any():
            rows = self.table.row_numbers[located.swapped]
            shown = ", ".join(map(str, rows[:20].tolist())) + (" ..." if len(rows) > 20 else "")
            self.report.note(coordinates.SWAPPED_NOTE, count=len(rows), rows=shown)
            self.report.swapped_rows = tuple(rows.tolist())
        return located

    def no_coordinates(self) -> np.ndarray:
        """Rows that give no coordinate at all (as opposed to bad ones, which are problems)."""
        given = np.zeros(len(self.table), dtype=bool)
        for target in (LONGITUDE, LATITUDE):
            raw = self.cells(target)
            if raw is not None:
                given |= raw.notna().to_numpy()
        return ~given

    def named_grids(self) -> np.ndarray:
        labels = self.cells(GRID)
        if labels is None:
            return np.full(len(self.table), None, dtype=object)
        grid_ids, unknown = self.grids.by_label(cells.text(labels).values)
        self.problem(unknown, GRID, UNKNOWN_GRID)
        return grid_ids

    def households(self, required: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per row the matched household's id, position and grid (``None`` where none), problems reported."""
        n = len(self.table)
        nothing = np.full(n, None, dtype=object)
        keys = {key: self.cells(key) for key in (HOUSE_NO, HEAD_NAME, GRID, VILLAGE)}
        if all(keys[key] is None for key in (HOUSE_NO, HEAD_NAME)):
            return nothing, nothing, nothing
        stored = self.store.read("households", columns=["id", "house_no", "head_name", "grid_id", "addr_village"])
        rows = pd.DataFrame({key: (cells.text(raw).values if raw is not None else None) for key, raw in keys.items()})
        matches = match_households(rows.reindex(range(n)), household_keys(stored, self.grids))
        key_column = HOUSE_NO if keys[HOUSE_NO] is not None else HEAD_NAME
        if required:
            self.problem(matches.keyless, key_column, NO_HOUSEHOLD_KEY)
        self.problem(~matches.keyless & (matches.counts == 0), key_column, NO_HOUSEHOLD)
        several = ~matches.keyless & (matches.counts > 1)
        for count in np.unique(matches.counts[several]):
            self.problem(several & (matches.counts == count), key_column, SEVERAL_HOUSEHOLDS, count=int(count))
        by_id = stored.set_index("id")
        found = matches.household_ids
        has = ~pd.isna(found)
        points, grids = nothing.copy(), nothing.copy()
        if has.any():
            points[has] = by_id.geometry.reindex(found[has]).to_numpy(dtype=object)
            grids[has] = by_id["grid_id"].reindex(found[has]).to_numpy(dtype=object)
        return found, points, grids

    def listed(self, mask: np.ndarray, labels: pd.Series) -> list[ListedRow]:
        rows = self.table.row_numbers[mask].tolist()
        return [ListedRow(row, str(label or "-")) for row, label in zip(rows, labels[mask].tolist())]


def _convert(spec: Field, raw: pd.Series) -> cells.Parsed:
    """The cell conversion a field's type calls for."""
    if spec.vocabulary is not None:
        return cells.codes(raw, spec.vocabulary)
    return {
        FieldType.TEXT: cells.text,
        FieldType.INTEGER: lambda column: cells.whole_numbers(column, MINIMUM.get(spec.name)),
        FieldType.REAL: cells.numbers,
        FieldType.BOOLEAN: cells.booleans,
        FieldType.DATETIME: cells.datetimes,
        FieldType.DATE: cells.dates,
    }[spec.type](raw)


def _scopes(grid_ids: pd.Series, villages: pd.Series | None) -> pd.Series:
    """Where a house number must be unique: its grid; without one, its village; else among the unplaced."""
    grid = pd.Series(grid_ids.to_numpy(dtype=object), dtype=object)
    village = pd.Series(villages.to_numpy(dtype=object) if villages is not None else [None] * len(grid), dtype=object)
    scope = pd.Series("", index=grid.index, dtype=object)
    scope = scope.mask(village.notna(), "village:" + village.astype(str))
    return scope.mask(grid.notna(), "grid:" + grid.astype(str))
