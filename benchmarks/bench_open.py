"""Opening a whole project: Wangge's first sharp frame and peak memory beside QGIS 3.22, on the same data.

    python benchmarks/bench_open.py                                   # 10,000 and 100,000 households
    python benchmarks/bench_open.py --sizes 1000000 --repeats 1       # a million: generating it takes 14 GB
    python benchmarks/bench_open.py --sizes --postgis                 # a shared PostGIS database only

For each size, a project made by ``wangge demo-data --households N`` (kept in
``--data-dir`` and reused: a million households take many minutes to make) is
opened from scratch, each in a new process, ``--repeats`` times after one cold
run (a new process, but the file is in the page cache after generation, as for a
project someone works on daily):

- ``wangge render PROJECT --size 1920x1080``: the whole project;
- ``wangge open PROJECT --screenshot PNG`` (offscreen): the main window at its
  start size, until its map is drawn; the window waits 0.3 s for its legend and
  table to paint before grabbing, and that is included. Like ``render`` it reads
  what its first view shows (none of the households in a county's overview);
  the store counts the status bar's figures and the table's first page meanwhile;
- QGIS (``qgis_peer``: Debian's python3-qgis under /usr/bin/python3) opening the
  same layers of the same data and rendering the extent we drew at 1920x1080 once
  with its parallel job, as its canvas does.

The first-frame time runs from the process's start until its PNG is written
(what a person waits for; tearing the process down afterwards is left out). Peak
memory is the process's own maximum resident set size. Then a pan/zoom session
(``bench_render.pan_session``: county, about 10 km and about 1 km wide) renders
``--frames`` views per scale as the canvas does, in a process of its own.

``--postgis`` measures the same against a shared database holding the 100,000
household project: a throw-away PostgreSQL/PostGIS cluster (tests/postgis_server.py)
with the project pushed by ``wangge db init`` and ``wangge db push``, or the
database whose URL is given. QGIS reads the same tables through its postgres
provider.

Machines are shared and noisy: read the medians and ratios, not single times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_render import AS_OF, load, pan_session  # noqa: E402
from child_process import ChildRun, run_child  # noqa: E402
from qgis_peer import QGIS_PYTHON, geopackage_sources, postgis_sources, run_qgis  # noqa: E402

from layers.store import is_database_url  # noqa: E402
from maps.map_settings import MapSettings  # noqa: E402
from maps.qt_runtime import ensure_gui_application  # noqa: E402

SIZE = (1920, 1080)
POSTGIS_HOUSEHOLDS = 100_000
FRAME_P90_MS = 100.0
WANGGE = [sys.executable, "-m", "wangge"]
ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(tempfile.gettempdir()) / "wangge-bench-data"


@dataclass(frozen=True)
class Target:
    seconds: float | None
    """None: no slower than QGIS"""
    megabytes: float


TARGETS = {100_000: Target(None, 400), 1_000_000: Target(3.0, 1000)}


@dataclass(frozen=True)
class Opening:
    """One program opening one project, over its runs."""

    name: str
    cold_s: float | None
    first_frame_s: float | None
    """median of the runs after the cold one"""
    peak_mb: float | None
    failure: str | None = None


def wangge_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}


def demo_project(data_dir: Path, households: int) -> Path:
    """The demo project of this size in ``data_dir``, generated the first time (demo-data writes it whole or not)."""
    path = data_dir / f"demo-{households}.gpkg"
    if path.exists():
        return path
    print(f"generating {path} ({households:,} households) ...", flush=True)
    command = [*WANGGE, "demo-data", str(path), "--households", str(households), "--as-of", AS_OF.isoformat()]
    made = run_child([*command, "--quiet"], env=wangge_env())
    if made.returncode != 0:
        sys.exit(f"wangge demo-data failed: {made.stderr.strip()}")
    print(f"generated in {made.seconds:.0f} s, peak {made.peak_mb:,.0f} MB", flush=True)
    return path


def summarise(name: str, runs: list[ChildRun], images: list[Path]) -> Opening:
    """The cold run, and the medians of the others; a failed run makes the whole a failure."""
    firsts = [run.seconds_until_written(image) for run, image in zip(runs, images)]
    for run, first in zip(runs, firsts):
        if run.returncode != 0 or first is None:
            tail = (run.stderr.strip().splitlines() or ["(no message)"])[-1]
            failure = f"exit status {run.returncode} after {run.seconds:.0f} s, peak {run.peak_mb:,.0f} MB, no image"
            return Opening(name, None, None, None, f"{failure} ({tail})")
    warm = slice(1, None) if len(runs) > 1 else slice(None)
    return Opening(name, firsts[0], statistics.median(firsts[warm]), statistics.median(r.peak_mb for r in runs[warm]))


def open_with_wangge(name: str, command: list[str], repeats: int, images_as: Path) -> Opening:
    """``command`` (an image path appended: ``images_as`` numbered) run ``repeats`` times after a cold run."""
    runs, images = [], []
    for number in range(repeats + 1):
        image = images_as.with_name(f"{images_as.stem}-{number}.png")
        image.unlink(missing_ok=True)
        runs.append(run_child([*command, str(image)], env=wangge_env()))
        images.append(image)
        print(f"  {name} run {number}: {runs[-1].seconds:.1f} s to exit, {runs[-1].peak_mb:,.0f} MB", flush=True)
    return summarise(name, runs, images)


def open_with_qgis(python: str, sources: dict, extent: list[float], repeats: int, out_dir: Path) -> Opening:
    """QGIS opening the layers and rendering ``extent`` once, ``repeats`` times after a cold run."""
    runs, images, version = [], [], None
    for number in range(repeats + 1):
        image = out_dir / f"qgis-{number}.png"
        image.unlink(missing_ok=True)
        view = {"name": "whole", "extent": extent, "image": str(image)}
        peer = run_qgis(python, sources, [view], 0, ["parallel"], SIZE)
        if peer is None:
            return Opening("QGIS", None, None, None, "QGIS could not run (see above)")
        runs.append(peer.child)
        images.append(image)
        version = peer.result["version"]
        print(f"  QGIS run {number}: {peer.child.seconds:.1f} s to exit, {peer.child.peak_mb:,.0f} MB", flush=True)
    return summarise(f"QGIS {version} (parallel job)", runs, images)


def pan_in_child(location: str, frames: int, out_dir: Path) -> dict | None:
    """The extent we draw the whole project at, and the pan session's frame times, from a process of its own."""
    command = [sys.executable, __file__, "--pan-session", location, "--frames", str(frames), "--out-dir", str(out_dir)]
    done = run_child(command, env=wangge_env())
    results = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not results:
        print(f"pan session failed (exit status {done.returncode}): {done.stderr.strip()[-2000:]}", file=sys.stderr)
        return None
    return {**json.loads(results[-1][len("RESULT ") :]), "peak_mb": done.peak_mb}


def pan_session_here(location: str, frames: int, out_dir: Path) -> None:
    """What ``pan_in_child`` runs: load as the canvas does, print the whole extent and the session's figures."""
    ensure_gui_application()
    project_map = load(location)
    if project_map.extent is None:
        sys.exit(f"{location}: nothing to draw")
    scales = pan_session(project_map, frames, out_dir)
    whole = MapSettings(project_map.extent, *SIZE).visible_extent
    figures = {
        "households": project_map.content.household_count,
        "extent": list(whole),
        "scales": [asdict(scale) for scale in scales],
    }
    print("RESULT " + json.dumps(figures), flush=True)


def verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def opening_row(opening: Opening, qgis: Opening | None, target: Target | None) -> str:
    """A table row; QGIS's own row (``opening is qgis``) has no ratio and no target."""
    aim, met = "", ""
    if target and opening is not qgis:
        seconds = f"≤ {target.seconds:.0f} s" if target.seconds is not None else "no slower than QGIS"
        aim = f"≤ {target.megabytes:,.0f} MB, {seconds}"
        limit = target.seconds if target.seconds is not None else (qgis and qgis.first_frame_s)
        if opening.failure:
            met = verdict(False)
        elif limit is None:
            met = "no QGIS figure"
        else:
            met = verdict(opening.first_frame_s <= limit and opening.peak_mb <= target.megabytes)
    if opening.failure:
        return f"| {opening.name} | failed: {opening.failure} | | | | {aim} | {met} |"
    ratio = "-"
    if qgis and qgis.first_frame_s and opening is not qgis:
        ratio = f"{qgis.first_frame_s / opening.first_frame_s:.2f}"
    return (
        f"| {opening.name} | {opening.first_frame_s:.2f} | {opening.cold_s:.2f} | {opening.peak_mb:,.0f} "
        f"| {ratio} | {aim} | {met} |"
    )


def report(
    title: str, repeats: int, openings: list[Opening], qgis: Opening | None, pan: dict | None, target: Target | None
) -> None:
    print()
    print(f"### {title}")
    print()
    print(f"| {SIZE[0]}x{SIZE[1]} | first frame s (median of {repeats}) | cold s | peak MB | QGIS / ours | target | |")
    print("|---|--:|--:|--:|--:|---|---|")
    for opening in openings:
        print(opening_row(opening, qgis, target))
    if qgis:
        print(opening_row(qgis, qgis, target))
    if pan:
        print()
        print(f"| pan/zoom, {pan['scales'][0]['frames']} frames per scale | width km | households shown "
              f"| median ms | p90 ms | max ms | aggregated | target | |")  # fmt: skip
        print("|---|--:|--:|--:|--:|--:|--:|---|---|")
        for s in pan["scales"]:
            print(
                f"| {s['label']} | {s['min_km']:.1f}-{s['max_km']:.1f} | {s['households_shown']:,} "
                f"| {s['median_ms']:.0f} | {s['p90_ms']:.0f} | {s['max_ms']:.0f} | {s['aggregated']}/{s['frames']} "
                f"| p90 ≤ {FRAME_P90_MS:.0f} ms | {verdict(s['p90_ms'] <= FRAME_P90_MS)} |"
            )
        print()
        print(
            f"(the pan session's process, which holds the whole project to draw every view from it: "
            f"peak {pan['peak_mb']:,.0f} MB)"
        )
    sys.stdout.flush()


def measure(source: str, location: str, arguments: argparse.Namespace) -> None:
    """Every measurement of one project, then its table, titled by the households the project holds."""
    print(f"\n{source}: {location}", flush=True)
    busy = f"{os.getloadavg()[0]:.1f}"  # the machine may be shared: how busy it was tells how far to trust the times
    out_dir = arguments.out_dir / source.replace(" ", "-")
    out_dir.mkdir(parents=True, exist_ok=True)
    size = f"{SIZE[0]}x{SIZE[1]}"
    render = [*WANGGE, "render", location, "--size", size, "--quiet", "--out"]
    openings = [open_with_wangge("wangge render", render, arguments.repeats, out_dir / "render.png")]
    if not arguments.skip_window:
        window = [*WANGGE, "open", location, "--screenshot"]
        openings.append(open_with_wangge("wangge open (window)", window, arguments.repeats, out_dir / "window.png"))
    pan = pan_in_child(location, arguments.frames, out_dir)
    if pan is None:
        sys.exit(f"{location}: the pan session could not load the project, so neither its size nor extent is known")
    qgis = None
    if not arguments.skip_qgis:
        sources = postgis_sources(location) if is_database_url(location) else geopackage_sources(Path(location))
        qgis = open_with_qgis(arguments.qgis_python, sources, pan["extent"], arguments.repeats, out_dir)
    households = pan["households"]
    report(f"{households:,} households, {source}", arguments.repeats, openings, qgis, pan, TARGETS.get(households))
    print(f"\nimages: {out_dir}", flush=True)
    print(f"load average (1 min): {busy} at the start, {os.getloadavg()[0]:.1f} at the end", flush=True)


@contextmanager
def shared_database(arguments: argparse.Namespace) -> Iterator[str]:
    """The URL of a database holding the 100,000 household project: the one given, or a throw-away one."""
    if arguments.postgis != "throw-away":
        yield arguments.postgis
        return
    from tests.postgis_server import start_cluster

    project = demo_project(arguments.data_dir, POSTGIS_HOUSEHOLDS)
    cluster = start_cluster()
    try:
        url = cluster.create_database("wangge_bench")
        for step in (["db", "init", url], ["db", "push", str(project), url]):
            done = run_child([*WANGGE, *step], env=wangge_env())
            if done.returncode != 0:
                sys.exit(f"wangge {' '.join(step[:2])} failed: {done.stderr.strip()}")
            print(f"wangge {' '.join(step[:2])}: {done.seconds:.0f} s", flush=True)
        yield url
    finally:
        cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[10_000, 100_000],
        help="households per project (default 10,000 and 100,000)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs after the cold one (default 3)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DATA_DIR,
        help=f"where the demo projects are kept and reused (default {DATA_DIR})",
    )
    parser.add_argument("--qgis-python", default=QGIS_PYTHON, help=f"a python with QGIS (default {QGIS_PYTHON})")
    parser.add_argument(
        "--postgis",
        nargs="?",
        const="throw-away",
        help="also measure a shared database with the 100,000 household project: this URL, or (no URL) a "
        "throw-away PostgreSQL/PostGIS cluster the project is pushed to",
    )
    parser.add_argument("--skip-window", action="store_true", help="do not time the main window")
    parser.add_argument("--skip-qgis", action="store_true", help="do not run QGIS")
    parser.add_argument("--frames", type=int, default=30, help="frames per scale in the pan session (default 30)")
    parser.add_argument("--out-dir", type=Path, help="where the images go (default: a new temporary folder)")
    parser.add_argument("--pan-session", metavar="PROJECT", help=argparse.SUPPRESS)  # the child of pan_in_child
    arguments = parser.parse_args()
    arguments.out_dir = arguments.out_dir or Path(tempfile.mkdtemp(prefix="wangge-bench-open-"))
    if arguments.pan_session:
        pan_session_here(arguments.pan_session, arguments.frames, arguments.out_dir)
        return
    arguments.data_dir.mkdir(parents=True, exist_ok=True)
    for households in arguments.sizes:
        project = demo_project(arguments.data_dir, households)
        measure(f"GeoPackage {project.name}", str(project), arguments)
    if arguments.postgis:
        with shared_database(arguments) as url:
            measure("PostGIS", url, arguments)


if __name__ == "__main__":
    main()
