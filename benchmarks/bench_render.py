"""Drawing a map at 1920x1080: our renderer beside QGIS on the same GeoPackage, and a pan session at 1M households.

    python benchmarks/bench_render.py --project county.gpkg                 # an existing demo project
    python benchmarks/bench_render.py --households 100000                   # generate one first
    python benchmarks/bench_render.py --pan-project big.gpkg                # pan/zoom session only (1,000,000)

Rendering, for two views (the project's whole extent and a 2 km x 1.2 km window
near its centre), as medians over the repeats after one warm-up render each:

- ours: the project is loaded once (``load_project_map``), then each render is
  ``render_map(MapSettings(extent, 1920, 1080), content)`` on that snapshot,
  as the canvas does;
- the peer: QGIS (Debian's ``python3-qgis``, run by ``/usr/bin/python3`` in a
  subprocess) drawing the same layers of the same GeoPackage into the same
  extent in EPSG:32648, categorised with our colours, antialiased, with both
  its sequential and its parallel (what the QGIS canvas uses) render job.
  QGIS reads the features from the file on every render and reprojects them
  from EPSG:4490; that is how a QGIS project over this file works.

Both images of every view are written to ``--out-dir`` (wangge-*.png, qgis-*.png)
for a person to compare.

With ``--pan-project`` it also loads a (large) project and renders a pan/zoom
session: ``--frames`` views moving across the extent at each of three scales
(the whole county, about 10 km wide, about 1 km wide), reporting the median and
90th percentile per scale and whether the renderer aggregated the points. The
canvas keeps showing the previous image while the next one renders, so these
are the times until the new frame is sharp.

Machines are shared and noisy: read the medians and ratios, not single times.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo.project import create_demo_project  # noqa: E402
from layers.store import open_project  # noqa: E402
from layers.vocabulary import Grade, LandmarkKind, LocatedBy, VisitRecency  # noqa: E402
from maps import renderer  # noqa: E402
from maps.map_settings import MapSettings  # noqa: E402
from maps.project_map import ProjectMap, load_project_map  # noqa: E402
from maps.qt_runtime import ensure_gui_application  # noqa: E402
from maps.renderer import render_map  # noqa: E402
from maps.symbology import (  # noqa: E402
    GRADE_COLOURS,
    GRID_OUTLINE,
    LANDMARK_STYLES,
    RECENCY_MARKERS,
    ROAD_STYLES,
    open_dispute_marker,
)
from maps.symbology import Shape as MarkerShape  # noqa: E402

AS_OF = date(2026, 11, 28)
WIDTH, HEIGHT = 1920, 1080
QGIS_PYTHON = "/usr/bin/python3"
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
for name in ("grids", "roads", "landmarks", "households", "disputes"):
    layer = QgsVectorLayer(f"{spec['path']}|layername={name}", name, "ogr")
    if not layer.isValid():
        sys.exit(f"QGIS cannot open layer {name} of {spec['path']}")
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
        entry[kind] = statistics.median(times[1:])
        entry[kind + "_all"] = times[1:]
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


def run_qgis(python: str, project: Path, views: list[dict], repeats: int, jobs: list[str]) -> dict | None:
    """QGIS's medians per view and job, or None (with the reason on stderr) when QGIS could not run."""
    spec = {
        "path": str(project.resolve()),
        "views": views,
        "repeats": repeats,
        "jobs": jobs,
        "width": WIDTH,
        "height": HEIGHT,
        "dpi": 96,
        "background": MapSettings((0, 0, 1, 1), 1, 1).background,
        "household_field": HOUSEHOLD_CATEGORY_FIELD,
        "styles": qgis_styles(),
    }
    # the system python with its own Qt: none of our interpreter's or Qt's settings may leak into it
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYENV", "QT_", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    try:
        done = subprocess.run(
            [python, "-c", QGIS_SCRIPT], input=json.dumps(spec), capture_output=True, text=True, env=env
        )
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
    return json.loads(results[-1][len("RESULT ") :])


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def load(project: Path) -> ProjectMap:
    started = time.perf_counter()
    with open_project(project) as store:
        project_map = load_project_map(store)
    print(
        f"loaded {project} ({project_map.content.household_count:,} households) in "
        f"{time.perf_counter() - started:.1f} s; peak memory so far {peak_rss_mb():,.0f} MB",
        flush=True,
    )
    return project_map


def window(centre: tuple[float, float], width: float, height: float) -> tuple[float, float, float, float]:
    return (centre[0] - width / 2, centre[1] - height / 2, centre[0] + width / 2, centre[1] + height / 2)


def nearest_household(project_map: ProjectMap, x: float, y: float) -> tuple[float, float]:
    content = project_map.content
    index = int(np.argmin((content.household_x - x) ** 2 + (content.household_y - y) ** 2))
    return float(content.household_x[index]), float(content.household_y[index])


def village_near(project_map: ProjectMap, x: float, y: float) -> tuple[float, float]:
    """The household nearest the middle of the village nearest (x, y): the very centre may be fields."""
    content = project_map.content
    nx, ny = nearest_household(project_map, x, y)
    near = (content.household_x - nx) ** 2 + (content.household_y - ny) ** 2 < 1000**2
    return nearest_household(
        project_map, float(content.household_x[near].mean()), float(content.household_y[near].mean())
    )


def visible_households(project_map: ProjectMap, extent: tuple[float, float, float, float]) -> int:
    x, y = project_map.content.household_x, project_map.content.household_y
    return int(np.count_nonzero((x >= extent[0]) & (x <= extent[2]) & (y >= extent[1]) & (y <= extent[3])))


@contextmanager
def every_dispute_drawn(wanted: bool) -> Iterator[None]:
    """Switch off the renderer's dispute simplifications for a like-for-like comparison with QGIS."""
    saved = renderer.RESOLVED_DISPUTES_UP_TO, renderer.DISPUTE_CELLS_ABOVE
    if wanted:
        renderer.RESOLVED_DISPUTES_UP_TO = renderer.DISPUTE_CELLS_ABOVE = sys.maxsize
    try:
        yield
    finally:
        renderer.RESOLVED_DISPUTES_UP_TO, renderer.DISPUTE_CELLS_ABOVE = saved


def compare(project: Path, repeats: int, out_dir: Path, jobs: list[str], python: str) -> None:
    """Part 1: our renderer and QGIS on the same file, the same views."""
    project_map = load(project)
    if project_map.extent is None:
        sys.exit(f"{project}: nothing to draw")
    minx, miny, maxx, maxy = project_map.extent
    centre = village_near(project_map, (minx + maxx) / 2, (miny + maxy) / 2)
    # "all": the full view again with every dispute drawn as a symbol, as QGIS draws them; by default we
    # leave resolved disputes out (and aggregate crowded ones) at this scale, which is less work
    views = {"full": project_map.extent, "all": project_map.extent, "zoom": window(centre, 2000, 1200)}
    ours: dict[str, tuple[float, MapSettings, bool]] = {}
    for name, extent in views.items():
        settings = MapSettings(extent, WIDTH, HEIGHT)
        with every_dispute_drawn(name == "all"):
            first = render_map(settings, project_map.content)  # warm-up: sprites, fonts
            first.image.save(str(out_dir / f"wangge-{name}.png"), "PNG")
            times = [render_map(settings, project_map.content).milliseconds for _ in range(repeats)]
        ours[name] = (statistics.median(times), settings, first.aggregated)
    print(f"ours done; running QGIS ({python}) on the same views ...", flush=True)
    qgis_views = [
        {"name": name, "extent": list(settings.visible_extent), "image": str(out_dir / f"qgis-{name}.png")}
        for name, (_, settings, _) in ours.items()
    ]
    qgis = run_qgis(python, project, qgis_views, repeats, jobs)
    print()
    print(f"Rendering {WIDTH}x{HEIGHT}, {project} — medians of {repeats} after one warm-up each")
    if qgis:
        print(
            f"QGIS {qgis['version']}: same GeoPackage, EPSG:4490 reprojected to EPSG:32648, antialiased, "
            f"no labels; households categorised on {HOUSEHOLD_CATEGORY_FIELD!r} (no stored visit recency), "
            "disputes on 'grade', roads on 'kind', landmarks on 'kind'"
        )
    print("ours: households by visit recency with key-person rings, disputes open/resolved by grade, labels on")
    header = f"{'view':<5} {'extent (m, EPSG:32648)':<44} {'households':>10} {'wangge ms':>9}"
    for job in jobs:
        header += f" {'QGIS ' + job[:3] + ' ms':>12} {'ratio ' + job[:3]:>9}"
    print(header)
    for name, (median, settings, aggregated) in ours.items():
        extent = settings.visible_extent
        shown = ", ".join(f"{v:.0f}" for v in extent)
        row = f"{name:<5} {shown:<44} {visible_households(project_map, extent):>10,} {median:>9.1f}"
        for job in jobs:
            if qgis:
                peer = qgis["views"][name][job]
                row += f" {peer:>12.1f} {peer / median:>9.2f}"
            else:
                row += f" {'-':>12} {'-':>9}"
        print(row + ("  (aggregated)" if aggregated else ""))
    if qgis:
        for name, (_, settings, _) in ours.items():
            theirs = qgis["views"][name]["visible_extent"]
            if not np.allclose(theirs, settings.visible_extent, atol=1.0):
                print(f"warning: QGIS drew {name} over {theirs}, we drew {settings.visible_extent}")
    print("ratio = QGIS / wangge (above 1: we are faster)")
    print(f"images: {out_dir}/wangge-*.png, {out_dir}/qgis-*.png", flush=True)


def _random_household(content, rng: np.random.Generator, among: np.ndarray | None = None) -> tuple[float, float]:
    index = rng.choice(among) if among is not None else rng.integers(content.household_count)
    return float(content.household_x[index]), float(content.household_y[index])


def pan_views(
    project_map: ProjectMap, frames: int, rng: np.random.Generator
) -> dict[str, list[tuple[float, float, float, float]]]:
    """Views of a pan/zoom session at three scales, each ``frames`` long.

    The county scale drifts around the whole extent and zooms in and out a
    little; the two closer scales pan along a path through four households,
    each within three view widths of the one before (along a village, on to
    the next), while zooming about ±20 %.
    """
    minx, miny, maxx, maxy = project_map.extent
    aspect = HEIGHT / WIDTH
    county = max(maxx - minx, (maxy - miny) / aspect)
    centre = ((minx + maxx) / 2, (miny + maxy) / 2)
    steps = np.arange(frames) / max(1, frames - 1)
    sessions = {"county": []}
    for t in steps:
        width = county * (1 + 0.15 * math.sin(2 * math.pi * t))
        cx = centre[0] + 0.08 * county * math.sin(2 * math.pi * t)
        cy = centre[1] + 0.08 * county * aspect * math.cos(2 * math.pi * t)
        sessions["county"].append(window((cx, cy), width, width * aspect))
    content = project_map.content
    for label, width in (("10 km", 10_000.0), ("1 km", 1_000.0)):
        path = [_random_household(content, rng)]
        for _ in range(3):  # each next stop a household within three view widths: a pan, not a jump
            near = (np.abs(content.household_x - path[-1][0]) < 3 * width) & (
                np.abs(content.household_y - path[-1][1]) < 3 * width
            )
            path.append(_random_household(content, rng, np.nonzero(near)[0]))
        path = np.array(path)
        lengths = np.concatenate([[0], np.cumsum(np.hypot(*np.diff(path, axis=0).T))])
        xs = np.interp(steps * lengths[-1], lengths, path[:, 0])
        ys = np.interp(steps * lengths[-1], lengths, path[:, 1])
        zoom = 2 ** (0.25 * np.sin(2 * np.pi * steps))
        sessions[label] = [window((x, y), width * z, width * z * aspect) for x, y, z in zip(xs, ys, zoom)]
    return sessions


def pan(project: Path, frames: int, out_dir: Path) -> None:
    """Part 2: a pan/zoom session over a large project."""
    project_map = load(project)
    if project_map.extent is None:
        sys.exit(f"{project}: nothing to draw")
    sessions = pan_views(project_map, frames, np.random.default_rng(7))
    warm = render_map(MapSettings(sessions["county"][0], WIDTH, HEIGHT), project_map.content)  # sprites, fonts
    print(f"warm-up render {warm.milliseconds:.0f} ms (not counted)", flush=True)
    print()
    print(
        f"Pan/zoom session, {project_map.content.household_count:,} households, {WIDTH}x{HEIGHT}, {frames} frames per "
        "scale: time until the new frame is sharp (the canvas shows the previous image meanwhile)"
    )
    print(
        f"{'scale':<7} {'width km':>11} {'households shown':>17} {'median ms':>9} {'p90 ms':>7} {'max ms':>7} "
        f"{'aggregated':>10}"
    )
    for label, views in sessions.items():
        times, aggregated, shown, widths = [], 0, [], []
        for number, extent in enumerate(views):
            settings = MapSettings(extent, WIDTH, HEIGHT)
            started = time.perf_counter()
            rendered = render_map(settings, project_map.content)
            times.append(1000 * (time.perf_counter() - started))
            aggregated += rendered.aggregated
            shown.append(visible_households(project_map, settings.visible_extent))
            widths.append((settings.visible_extent[2] - settings.visible_extent[0]) / 1000)
            if number == 0:
                rendered.image.save(str(out_dir / f"wangge-pan-{label.replace(' ', '')}.png"), "PNG")
        print(
            f"{label:<7} {f'{min(widths):.1f}-{max(widths):.1f}':>11} {int(np.median(shown)):>17,} "
            f"{statistics.median(times):>9.0f} {np.percentile(times, 90):>7.0f} {max(times):>7.0f} "
            f"{aggregated:>4}/{len(views):<5}",
            flush=True,
        )
    print(f"households shown: median per frame; peak memory (max RSS of this process): {peak_rss_mb():,.0f} MB")
    print(f"first frame of each scale: {out_dir}/wangge-pan-*.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="an existing demo project to render beside QGIS")
    parser.add_argument("--households", type=int, help="generate a demo project of this size first (default 100,000)")
    parser.add_argument("--seed", type=int, default=2021, help="seed of the generated project")
    parser.add_argument("--repeats", type=int, default=7, help="timed renders per view after the warm-up (default 7)")
    parser.add_argument(
        "--qgis-jobs",
        nargs="+",
        choices=["sequential", "parallel"],
        default=["sequential", "parallel"],
        help="QGIS render jobs to time (default both; the QGIS canvas uses the parallel one)",
    )
    parser.add_argument("--qgis-python", default=QGIS_PYTHON, help=f"a python with QGIS (default {QGIS_PYTHON})")
    parser.add_argument("--pan-project", type=Path, help="a large demo project for the pan/zoom session")
    parser.add_argument("--frames", type=int, default=30, help="frames per scale in the pan session (default 30)")
    parser.add_argument("--out-dir", type=Path, help="where the images go (default: a new temporary folder)")
    arguments = parser.parse_args()
    out_dir = arguments.out_dir or Path(tempfile.mkdtemp(prefix="wangge-bench-render-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    ensure_gui_application()
    project = arguments.project
    if project is None and (arguments.households or arguments.pan_project is None):
        households = arguments.households or 100_000
        project = out_dir / f"demo-{households}.gpkg"
        if project.exists():
            print(f"using {project} generated before")
        else:
            started = time.perf_counter()
            create_demo_project(project, households, arguments.seed, AS_OF)
            print(f"generated {project} ({households:,} households) in {time.perf_counter() - started:.0f} s")
    if project is not None:
        compare(project, arguments.repeats, out_dir, arguments.qgis_jobs, arguments.qgis_python)
    if arguments.pan_project is not None:
        if project is not None:
            print()
        pan(arguments.pan_project, arguments.frames, out_dir)


if __name__ == "__main__":
    main()
