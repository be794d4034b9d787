"""Fetching the households of the visible map extent: PostGIS (GiST) beside the GeoPackage (R-tree).

    python benchmarks/bench_visible_extent.py --project big.gpkg      # a demo project, e.g. 1,000,000 households
    python benchmarks/bench_visible_extent.py --households 100000     # generate one first

A typical screen over a county shows about 10,000 households. The script picks
extents around random households, grown until each holds about that many, and
times, for each extent, as medians over the repeats:

- ``store.read(layer, bbox)`` on the GeoPackage store and on the PostGIS store
  (what the map canvas will call: index query, rows, typed frame);
- the bare index query on each (ids only), to separate the database from the
  Python side;
- the peer: GDAL (pyogrio) reading the same extent from the same GeoPackage.

It needs a PostgreSQL server with PostGIS (Debian: postgresql-15
postgresql-15-postgis-3); it starts a throw-away one on loopback.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pyogrio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo.project import create_demo_project  # noqa: E402
from layers.store import GeoPackageStore, open_project  # noqa: E402
from layers.store.postgis_admin import initialise  # noqa: E402
from tests.postgis_server import start_cluster  # noqa: E402


def extents_with(points: np.ndarray, target: int, count: int, rng: np.random.Generator) -> list[tuple]:
    """Square lon/lat extents around random households, each holding about ``target`` of them."""
    extents = []
    for centre in points[rng.choice(len(points), count, replace=False)]:
        low, high = 1e-4, 2.0
        for _ in range(40):  # bisect the half-width
            half = (low + high) / 2
            inside = np.count_nonzero(np.all(np.abs(points - centre) <= half, axis=1))
            low, high = (half, high) if inside < target else (low, half)
        extents.append((centre[0] - half, centre[1] - half, centre[0] + half, centre[1] + half))
    return extents


def median_ms(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


RTREE = "SELECT id FROM rtree_households_geom WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?"
GIST = "SELECT id FROM wangge.households WHERE geom && ST_MakeEnvelope(%s, %s, %s, %s, 4490)"


def time_extent(gpkg, pg, project: Path, bbox: tuple, repeats: int) -> tuple[float, ...]:
    """Median milliseconds of each way of fetching ``bbox`` (see the module docstring)."""
    minx, miny, maxx, maxy = bbox
    return (
        median_ms(lambda: gpkg.read("households", bbox=bbox), repeats),
        median_ms(lambda: pg.read("households", bbox=bbox), repeats),
        median_ms(lambda: pyogrio.read_dataframe(project, layer="households", bbox=bbox), repeats),
        median_ms(lambda: gpkg._db.execute(RTREE, (maxx, minx, maxy, miny)).fetchall(), repeats),
        median_ms(lambda: pg._db.execute(GIST, bbox).fetchall(), repeats),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="an existing demo project to use")
    parser.add_argument("--households", type=int, default=100_000, help="generate a project of this size")
    parser.add_argument("--target", type=int, default=10_000, help="households per extent (default 10,000)")
    parser.add_argument("--extents", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="wangge-bench-"))
    project = arguments.project
    if project is None:
        project = scratch / "station.gpkg"
        create_demo_project(project, arguments.households, as_of=date(2026, 11, 28))
    cluster = start_cluster()
    try:
        url = cluster.create_database("county")
        initialise(url)
        gpkg = GeoPackageStore.open(project)
        started = time.perf_counter()
        with open_project(url) as server:
            for layer in ("grids", "sketches", "households"):  # what the query needs, and what households refer to
                server.bulk_load(layer, gpkg.read(layer))
        seconds = time.perf_counter() - started
        print(f"loaded {gpkg.count('households'):,} households into PostGIS in {seconds:.0f} s")
        pg = open_project(url)
        pg._db.execute("ANALYZE")
        households = gpkg.read("households", columns=["id"])
        points = np.column_stack([households.geometry.x, households.geometry.y])
        extents = extents_with(points, arguments.target, arguments.extents, np.random.default_rng(1))
        print(
            f"{'extent':>6} {'rows':>7} {'gpkg read ms':>12} {'postgis read ms':>15} {'GDAL ms':>8} "
            f"{'R-tree ms':>9} {'GiST ms':>8}"
        )
        summary = []
        for number, (minx, miny, maxx, maxy) in enumerate(extents, 1):
            bbox = (minx, miny, maxx, maxy)
            rows = len(gpkg.read("households", bbox=bbox, columns=["id"]))
            row = time_extent(gpkg, pg, project, bbox, arguments.repeats)
            summary.append(row)
            print(
                f"{number:>6} {rows:>7,} {row[0]:>12.0f} {row[1]:>15.0f} {row[2]:>8.0f} {row[3]:>9.1f} {row[4]:>8.1f}"
            )
        medians = np.median(np.array(summary), axis=0)
        print(
            f"median  gpkg {medians[0]:.0f} ms, postgis {medians[1]:.0f} ms (x{medians[1] / medians[0]:.2f}), "
            f"GDAL {medians[2]:.0f} ms; index only: R-tree {medians[3]:.1f} ms, GiST {medians[4]:.1f} ms"
        )
        pg.close()
        gpkg.close()
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
