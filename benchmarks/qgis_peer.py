"""QGIS drawing a Wangge project, as the peer of our renderer in the benchmarks.

Debian's ``python3-qgis`` runs QGIS_SCRIPT under ``/usr/bin/python3`` in a
subprocess (offscreen): it opens the layers ``grids``, ``roads``, ``landmarks``,
``households`` and ``disputes`` (from a GeoPackage through the ogr provider, or
from a shared PostGIS database through the postgres provider), categorises them
with our colours and sizes, and renders each view with QGIS's sequential and/or
parallel (what the QGIS canvas uses) render job, reprojecting from EPSG:4490 to
EPSG:32648. With ``repeats`` 0 it renders each view once: the first image after
opening the project, as a QGIS user waits for it.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from child_process import ChildRun, run_child

from layers.vocabulary import Grade, LandmarkKind, LocatedBy, VisitRecency
from maps.map_settings import MapSettings
from maps.symbology import (
    GRADE_COLOURS,
    GRID_OUTLINE,
    LANDMARK_STYLES,
    RECENCY_MARKERS,
    ROAD_STYLES,
    open_dispute_marker,
)
from maps.symbology import Shape as MarkerShape

QGIS_PYTHON = "/usr/bin/python3"
LAYER_NAMES = ("grids", "roads", "landmarks", "households", "disputes")
HOUSEHOLD_CATEGORY_FIELD = "located_by"
"""Households keep no visit recency in the file (it is computed from the visits), so QGIS colours them by this."""

QGIS_SHAPES = {
    MarkerShape.CIRCLE: "circle",
    MarkerShape.SQUARE: "square",
    MarkerShape.TRIANGLE: "triangle",
    MarkerShape.DIAMOND: "diamond",
}

QGIS_SCRIPT = r"""
import json, os, statistics, sys, time

from qgis.core import (
    Qgis, QgsApplication, QgsCategorizedSymbolRenderer, QgsCoordinateReferenceSystem, QgsFillSymbol,
    QgsLineSymbol, QgsMapRendererParallelJob, QgsMapRendererSequentialJob, QgsMapSettings, QgsMarkerSymbol,
    QgsProject, QgsRectangle, QgsRendererCategory, QgsSimpleLineSymbolLayer, QgsUnitTypes, QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize, Qt
from qgis.PyQt.QtGui import QColor

spec = json.load(sys.stdin)
app = QgsApplication([], False)
app.initQgis()


def marker(style):
    return QgsMarkerSymbol.createSimple({
        "name": style["shape"], "color": style["fill"], "outline_color": style["outline"],
        "size": str(style["size"]), "size_unit": "Point",
        "outline_width": str(style["outline_width"]), "outline_width_unit": "Point",
    })


def line(style):
    width = style["width"] + (1.5 if style.get("casing") else 0)  # a casing is 1.5 points wider, as ours
    symbol = QgsLineSymbol.createSimple({
        "line_color": style.get("casing") or style["colour"], "line_width": str(width),
        "line_width_unit": "Point", "capstyle": "round", "joinstyle": "round",
    })
    if style.get("casing"):
        inner = QgsSimpleLineSymbolLayer(QColor(style["colour"]), style["width"])
        inner.setWidthUnit(QgsUnitTypes.RenderPoints)
        inner.setPenCapStyle(Qt.RoundCap)
        inner.setPenJoinStyle(Qt.RoundJoin)
        symbol.appendSymbolLayer(inner)
    return symbol


def categorised(layer, field, symbols):
    categories = [QgsRendererCategory(value, symbol, value) for value, symbol in symbols.items()]
    layer.setRenderer(QgsCategorizedSymbolRenderer(field, categories))


layers = {}
for name, (source, provider) in spec["sources"].items():
    layer = QgsVectorLayer(source, name, provider)
    if not layer.isValid():
        sys.exit(f"QGIS cannot open layer {name} ({provider}: {source})")
    layers[name] = layer
styles = spec["styles"]
layers["grids"].renderer().setSymbol(QgsFillSymbol.createSimple(styles["grids"]))
categorised(layers["roads"], "kind", {kind: line(style) for kind, style in styles["roads"].items()})
categorised(layers["landmarks"], "kind", {kind: marker(style) for kind, style in styles["landmarks"].items()})
categorised(layers["households"], spec["household_field"], {v: marker(s) for v, s in styles["households"].items()})
categorised(layers["disputes"], "grade", {grade: marker(style) for grade, style in styles["disputes"].items()})

settings = QgsMapSettings()
settings.setLayers([layers[name] for name in ("disputes", "households", "landmarks", "roads", "grids")])  # top first
settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:32648"))
settings.setTransformContext(QgsProject.instance().transformContext())
settings.setOutputSize(QSize(spec["width"], spec["height"]))
settings.setOutputDpi(spec["dpi"])
settings.setBackgroundColor(QColor(spec["background"]))
settings.setFlag(QgsMapSettings.Antialiasing, True)

jobs = {"sequential": QgsMapRendererSequentialJob, "parallel": QgsMapRendererParallelJob}
result = {"version": Qgis.QGIS_VERSION, "views": {}}
for view in spec["views"]:
    settings.setExtent(QgsRectangle(*view["extent"]))
    visible = settings.visibleExtent()
    entry = {"visible_extent": [visible.xMinimum(), visible.yMinimum(), visible.xMaximum(), visible.yMaximum()]}
    for kind in spec["jobs"]:
        times = []
        for repeat in range(spec["repeats"] + 1):  # the first is the warm-up
            job = jobs[kind](settings)
            started = time.perf_counter()
            job.start()
            job.waitForFinished()
            times.append(1000 * (time.perf_counter() - started))
            errors = [f"{error.layerID}: {error.message}" for error in job.errors()]
            if errors:
                sys.exit(f"QGIS reported errors rendering {view['name']}: {errors}")
        timed = times[1:] or times  # with no repeats, the one render there is
        entry[kind] = statistics.median(timed)
        entry[kind + "_all"] = timed
    job.renderedImage().save(view["image"], "PNG")
    result["views"][view["name"]] = entry
print("RESULT " + json.dumps(result), flush=True)
os._exit(0)  # QgsApplication's teardown from Python segfaults (3.22); there is nothing left to release
"""


def qgis_styles() -> dict:
    """Our symbology as QGIS symbol properties, so both images use the same colours and sizes."""

    def marker(style, fill=None) -> dict:
        return {
            "shape": QGIS_SHAPES[style.shape],
            "fill": fill or style.fill or "transparent",
            "outline": style.outline,
            "size": style.size,
            "outline_width": style.outline_width,
        }

    outline = GRID_OUTLINE.colour
    rgb = ",".join(str(int(outline[i : i + 2], 16)) for i in (1, 3, 5))
    recency = {  # a recency symbol per location method, only to tell them apart; most are GPS, drawn blue
        LocatedBy.GPS: RECENCY_MARKERS[VisitRecency.VISITED],
        LocatedBy.SKETCH: RECENCY_MARKERS[VisitRecency.DUE_SOON],
        LocatedBy.IMPORT: RECENCY_MARKERS[VisitRecency.OVERDUE],
        LocatedBy.MANUAL: RECENCY_MARKERS[VisitRecency.NEVER],
    }
    badge = {"shape": "circle", "outline": "#ffffff", "size": 12.0, "outline_width": 1.2}
    return {
        "grids": {
            "color": f"{rgb},20",
            "outline_color": outline,
            "outline_width": str(GRID_OUTLINE.width),
            "outline_width_unit": "Point",
        },
        "roads": {
            kind.value: {"colour": s.colour, "width": s.width, "casing": s.casing} for kind, s in ROAD_STYLES.items()
        },
        "landmarks": {kind.value: {**badge, "fill": LANDMARK_STYLES[kind].fill} for kind in LandmarkKind},
        "households": {method.value: marker(style) for method, style in recency.items()},
        "disputes": {grade.value: marker(open_dispute_marker(grade), GRADE_COLOURS[grade]) for grade in Grade},
    }


def geopackage_sources(project: Path) -> dict[str, tuple[str, str]]:
    """Each layer of a GeoPackage project as a QGIS (source, provider) pair."""
    return {name: (f"{project.resolve()}|layername={name}", "ogr") for name in LAYER_NAMES}


def postgis_sources(url: str) -> dict[str, tuple[str, str]]:
    """Each layer of a shared PostGIS database (a ``postgresql://`` URL) as QGIS's postgres provider reads it.

    The password, if any, comes from ~/.pgpass or PGPASSWORD, as for Wangge.
    """
    from layers.store.postgis_schema import SCHEMA  # psycopg and the server's SQL load only when asked

    parts = urlsplit(url)
    connection = (
        f"dbname='{unquote(parts.path.lstrip('/'))}' host={parts.hostname or 'localhost'} port={parts.port or 5432}"
    )
    if parts.username:
        connection += f" user='{unquote(parts.username)}'"
    return {name: (f'{connection} key=\'id\' table="{SCHEMA}"."{name}" (geom)', "postgres") for name in LAYER_NAMES}


@dataclass(frozen=True)
class QgisRun:
    result: dict
    """QGIS's version and, per view, its visible extent and the render times (ms) per job."""
    child: ChildRun


def run_qgis(
    python: str,
    sources: dict[str, tuple[str, str]],
    views: list[dict],
    repeats: int,
    jobs: list[str],
    size: tuple[int, int],
) -> QgisRun | None:
    """QGIS's render times per view and job, or None (with the reason on stderr) when QGIS could not run.

    Each view is a dict with its name, extent (metres, EPSG:32648) and the PNG to write.
    """
    spec = {
        "sources": sources,
        "views": views,
        "repeats": repeats,
        "jobs": jobs,
        "width": size[0],
        "height": size[1],
        "dpi": 96,
        "background": MapSettings((0, 0, 1, 1), 1, 1).background,
        "household_field": HOUSEHOLD_CATEGORY_FIELD,
        "styles": qgis_styles(),
    }
    # the system python with its own Qt: none of our interpreter's or Qt's settings may leak into it
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYENV", "QT_", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    try:
        done = run_child([python, "-c", QGIS_SCRIPT], json.dumps(spec), env)
    except OSError as error:
        sys.stdout.flush()
        print(f"QGIS part failed: cannot run {python}: {error}", file=sys.stderr)
        return None
    results = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not results:
        sys.stdout.flush()
        print(f"QGIS part failed (exit status {done.returncode}); its stderr:", file=sys.stderr)
        print(done.stderr.strip() or "(empty)", file=sys.stderr)
        return None
    return QgisRun(json.loads(results[-1][len("RESULT ") :]), done)
