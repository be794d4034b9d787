"""How fast the demo generator builds a station, and how our GeoPackage writer compares with GDAL's.

    python benchmarks/bench_demo_data.py                       # 570, 10,000 and 100,000 households
    python benchmarks/bench_demo_data.py --sizes 1000000 --repeats 1

For each size it reports, as medians over the repeats: generating the layers,
writing them with ``GeoPackageStore.bulk_load`` (checks every value, writes the
R-tree, one transaction per layer), and the peer: pyogrio (GDAL's GPKG driver)
writing the very same frames, spatial index included. It then times the whole
``wangge demo-data`` command once and reports the file size. Machines are shared
and noisy: read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from functools import partial
from pathlib import Path

import pyogrio

from demo.station.generate import STATION, generate_station
from layers.schema import LAYERS
from layers.store import GeoPackageStore

AS_OF = date(2026, 11, 28)


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def write_with_store(layers: dict, path: Path) -> None:
    store = GeoPackageStore.create(path, STATION)
    for name in LAYERS:
        if name in layers:
            store.bulk_load(name, layers[name])
    store.close()


def write_with_pyogrio(layers: dict, path: Path) -> None:
    for name, frame in layers.items():
        pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG", append=path.exists())


def run(size: int, repeats: int, folder: Path) -> dict:
    generate, ours, gdal = [], [], []
    for repeat in range(repeats):
        started = time.perf_counter()
        layers = generate_station(size, 2021, AS_OF).layers
        generate.append(time.perf_counter() - started)
        ours.append(timed(partial(write_with_store, layers, folder / f"ours-{size}-{repeat}.gpkg")))
        gdal.append(timed(partial(write_with_pyogrio, layers, folder / f"gdal-{size}-{repeat}.gpkg")))
    out = folder / f"cli-{size}.gpkg"
    command = [
        sys.executable,
        "-m",
        "wangge",
        "demo-data",
        str(out),
        "--households",
        str(size),
        "--as-of",
        AS_OF.isoformat(),
        "--quiet",
    ]
    whole = timed(partial(subprocess.run, command, check=True, stdout=subprocess.DEVNULL))
    rows = sum(len(frame) for frame in layers.values())
    return {
        "households": size,
        "records": rows,
        "generate_s": statistics.median(generate),
        "store_write_s": statistics.median(ours),
        "pyogrio_write_s": statistics.median(gdal),
        "cli_total_s": whole,
        "file_mb": out.stat().st_size / 1e6,
        "gdal_file_mb": (folder / f"gdal-{size}-0.gpkg").stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[570, 10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=None, help="where to write (default: a temporary folder)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = arguments.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(
            f"{'households':>10} {'records':>10} {'generate s':>10} {'write s':>8} {'pyogrio s':>9} "
            f"{'ratio':>6} {'CLI total s':>11} {'file MB':>8} {'GDAL MB':>8}"
        )
        for size in arguments.sizes:
            r = run(size, arguments.repeats, folder)
            print(
                f"{r['households']:>10,} {r['records']:>10,} {r['generate_s']:>10.2f} {r['store_write_s']:>8.2f} "
                f"{r['pyogrio_write_s']:>9.2f} {r['store_write_s'] / r['pyogrio_write_s']:>6.2f} "
                f"{r['cli_total_s']:>11.1f} {r['file_mb']:>8.1f} {r['gdal_file_mb']:>8.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
