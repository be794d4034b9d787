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
import math
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qgis_peer import HOUSEHOLD_CATEGORY_FIELD, QGIS_PYTHON, geopackage_sources, run_qgis  # noqa: E402

from demo.project import create_demo_project  # noqa: E402
from layers.store import open_project  # noqa: E402
from maps import renderer  # noqa: E402
from maps.map_settings import MapSettings  # noqa: E402
from maps.project_map import ProjectMap, load_project_map  # noqa: E402
from maps.qt_runtime import ensure_gui_application  # noqa: E402
from maps.renderer import render_map  # noqa: E402

AS_OF = date(2026, 11, 28)
WIDTH, HEIGHT = 1920, 1080


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def load(project: str | Path) -> ProjectMap:
    """The project (a GeoPackage or a database URL) read as the canvas reads it."""
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
    peer = run_qgis(python, geopackage_sources(project), qgis_views, repeats, jobs, (WIDTH, HEIGHT))
    qgis = peer.result if peer else None
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


@dataclass(frozen=True)
class PanScale:
    """The frame times of a pan/zoom session at one scale."""

    label: str
    min_km: float
    max_km: float
    households_shown: int
    """median per frame"""
    median_ms: float
    p90_ms: float
    max_ms: float
    aggregated: int
    """frames drawn with the points aggregated into cells"""
    frames: int


def pan_session(project_map: ProjectMap, frames: int, out_dir: Path) -> list[PanScale]:
    """Render the pan/zoom session of ``pan_views`` after one warm-up, as the canvas renders each new view.

    The first frame of each scale is written to ``out_dir``.
    """
    sessions = pan_views(project_map, frames, np.random.default_rng(7))
    warm = render_map(MapSettings(sessions["county"][0], WIDTH, HEIGHT), project_map.content)  # sprites, fonts
    print(f"warm-up render {warm.milliseconds:.0f} ms (not counted)", flush=True)
    scales = []
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
        scales.append(
            PanScale(
                label=label,
                min_km=min(widths),
                max_km=max(widths),
                households_shown=int(np.median(shown)),
                median_ms=statistics.median(times),
                p90_ms=float(np.percentile(times, 90)),
                max_ms=max(times),
                aggregated=aggregated,
                frames=len(views),
            )
        )
    return scales


def pan(project: Path, frames: int, out_dir: Path) -> None:
    """Part 2: a pan/zoom session over a large project."""
    project_map = load(project)
    if project_map.extent is None:
        sys.exit(f"{project}: nothing to draw")
    scales = pan_session(project_map, frames, out_dir)
    print()
    print(
        f"Pan/zoom session, {project_map.content.household_count:,} households, {WIDTH}x{HEIGHT}, {frames} frames per "
        "scale: time until the new frame is sharp (the canvas shows the previous image meanwhile)"
    )
    print(
        f"{'scale':<7} {'width km':>11} {'households shown':>17} {'median ms':>9} {'p90 ms':>7} {'max ms':>7} "
        f"{'aggregated':>10}"
    )
    for scale in scales:
        print(
            f"{scale.label:<7} {f'{scale.min_km:.1f}-{scale.max_km:.1f}':>11} {scale.households_shown:>17,} "
            f"{scale.median_ms:>9.0f} {scale.p90_ms:>7.0f} {scale.max_ms:>7.0f} "
            f"{scale.aggregated:>4}/{scale.frames:<5}",
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
