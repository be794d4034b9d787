"""Printing the station atlas: pages per second for the demo village and a 10,000-household station.

    python benchmarks/bench_atlas.py [--households 570 10000] [--dpi 150 300] [--repeats 3]

Generates each demo station once; ``--grids N`` then merges neighbouring grids
until the station has N (the demo draws grids of about 140 households; stations
often run 500 per grid, so 10,000 households in 20 grids), through the store
like any edit. Then it writes its whole atlas (overview, every grid's sheets and
household-list pages, masked, A4) as one PDF, and reports the median time, pages
per second and the file size. No peer is timed here: QGIS's atlas needs a
hand-made print layout project, so the figure stands on its own.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import shapely  # noqa: E402

from demo.project import create_demo_project  # noqa: E402
from layers.store import new_feature, open_project  # noqa: E402
from maps.print.atlas import write_atlas  # noqa: E402
from maps.print.grid_sheet import PageSetup  # noqa: E402
from maps.qt_runtime import ensure_gui_application  # noqa: E402


def merge_grids(store, target: int) -> None:
    """Merge neighbouring grids (in order along a diagonal sweep) into ``target`` grids, in one edit."""
    grids = store.read("grids")
    centres = shapely.centroid(grids.geometry.to_numpy())
    order = np.argsort(shapely.get_x(centres) + shapely.get_y(centres) * 1.3, kind="stable")
    groups = np.array_split(order, target)
    new_id = {}
    with store.edit():
        for number, members in enumerate(groups, start=1):
            first = grids.iloc[members[0]]
            area = shapely.union_all(grids.geometry.iloc[members].to_numpy())
            if area.geom_type != "Polygon":  # cells of two villages: a grid is one polygon, so take their hull
                area = area.convex_hull
            merged = store.insert(
                new_feature("grids", area,
                            code=f"M-{number:02d}", name=f"{first['name']}等", station=first["station"],
                            officer=first["officer"], auxiliary=first["auxiliary"], phone=first["phone"])
            )  # fmt: skip
            new_id.update({old: merged.id for old in grids["id"].iloc[members]})
        for layer in ("households", "disputes", "landmarks", "sketches"):
            records = store.read(layer, columns=["id", "version", "grid_id"])
            for record_id, version, grid_id in zip(records["id"], records["version"], records["grid_id"]):
                if grid_id in new_id:
                    store.update(layer, record_id, {"grid_id": new_id[grid_id]}, expected_version=version)
        for old, version in zip(grids["id"], grids["version"]):
            store.delete("grids", old, expected_version=version)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, nargs="+", default=[570, 10_000])
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--grids", type=int, default=20, help="merge each station into this many grids (0: keep)")
    arguments = parser.parse_args()
    ensure_gui_application()
    print(f"{'households':>10} {'grids':>5} {'dpi':>4} {'pages':>5} {'median s':>9} {'pages/s':>8} {'MB':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for households in arguments.households:
            project = Path(folder) / f"station-{households}.gpkg"
            create_demo_project(project, households=households, seed=2021, as_of=date(2026, 11, 28))
            with open_project(project) as store:
                if arguments.grids and store.count("grids") > arguments.grids:
                    merge_grids(store, arguments.grids)
                grids = store.count("grids")
                for dpi in arguments.dpi:
                    out = Path(folder) / f"atlas-{households}-{dpi}.pdf"
                    times, pages = [], 0
                    for _ in range(arguments.repeats):
                        started = time.perf_counter()
                        pages = write_atlas(store, out, PageSetup(dpi=dpi))
                        times.append(time.perf_counter() - started)
                    median = statistics.median(times)
                    size = out.stat().st_size / 1e6
                    print(f"{households:>10,} {grids:>5} {dpi:>4} {pages:>5} {median:>9.2f} {pages / median:>8.1f} "
                          f"{size:>6.1f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
