"""How long importing a county's household register takes, against pandas and GDAL only reading the same file.

    python benchmarks/bench_import.py                  # 100,000 rows, median of 3
    python benchmarks/bench_import.py --rows 20000 --repeats 5

The register (``.xlsx``, Chinese headers, phones, ID numbers, GCJ-02
coordinates over four grids) is written once into a cache folder. Each
measurement runs in a fresh process so its peak memory (``ru_maxrss``) is its
own:

- ``import``: :func:`layers.imports.import_register` into a fresh project with
  the four grids: reading, checking every row, converting coordinates, grid
  assignment and writing the GeoPackage, one transaction;
- ``plan``: the same without writing (what the import dialog waits for before
  it shows the report);
- ``pandas``: ``pandas.read_excel(engine="openpyxl")``, the floor: no import
  can read an xlsx faster than the library it reads it with;
- ``pyogrio``: GDAL's XLSX driver into a frame, the other common floor.

Times are medians over the repeats; machines are shared and noisy, so read the
ratios to the floor, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CACHE = Path(tempfile.gettempdir()) / "wangge-bench-import"
HEADER = ["门牌号", "户主姓名", "家庭人口（人）", "联系电话", "身份证号", "村", "住址", "经度", "纬度", "备注"]
GRID_CORNERS = ((105.90, 36.90), (105.95, 36.90), (105.90, 36.95), (105.95, 36.95))
GRID_SIZE = 0.05


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def register_path(rows: int) -> Path:
    """The register of ``rows`` households, written on first use."""
    path = CACHE / f"households_{rows}.xlsx"
    if path.exists():
        return path
    import numpy as np
    import pandas as pd
    import pyogrio

    from demo.station.names import id_numbers, mobile_phones, person_names
    from layers.china_offsets import wgs84_to_gcj02

    CACHE.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2021)
    lon = rng.uniform(105.90, 106.00, rows)
    lat = rng.uniform(36.90, 37.00, rows)
    gcj_lon, gcj_lat = wgs84_to_gcj02(lon, lat)
    names = person_names(rng, rows)
    phones = mobile_phones(rng, rows)
    ids = id_numbers(rng, rows, rng.integers(1940, 2005, rows))
    members = rng.integers(1, 8, rows)
    villages = [f"{v}村" for v in rng.choice(["犁铧嘴", "马家塬", "沙沟", "河西"], rows)]
    register = pd.DataFrame(
        dict(
            zip(
                HEADER,
                [
                    [str(i + 1) for i in range(rows)],
                    names,
                    members,
                    phones,
                    ids,
                    villages,
                    [f"{v}{i + 1}号" for i, v in enumerate(villages)],
                    gcj_lon.round(7),
                    gcj_lat.round(7),
                    [None] * rows,
                ],
            )
        )  # fmt: skip
    )
    # GDAL writes shared strings and the sheet's dimension as Excel does; openpyxl's write-only mode writes
    # neither, which would make every openpyxl-based reader (pandas and ours) scan the sheet twice.
    temporary = path.with_suffix(".partial.xlsx")
    pyogrio.write_dataframe(register, temporary, driver="XLSX", layer="住户")
    temporary.rename(path)
    return path


def fresh_project(folder: Path):
    from shapely import box

    from layers.store import create_project, new_feature

    store = create_project(folder / f"bench_{time.monotonic_ns()}.gpkg", "豫海派出所")
    with store.edit():
        for number, (x, y) in enumerate(GRID_CORNERS, start=1):
            store.insert(new_feature("grids", box(x, y, x + GRID_SIZE, y + GRID_SIZE), code=f"YH-{number:02d}",
                                     name=f"第{number}网格", station="豫海派出所", officer="马文华"))  # fmt: skip
    return store


def measure(what: str, path: Path, repeats: int) -> dict:
    times = []
    written = 0
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeats):
            if what in ("import", "plan"):
                from layers.imports import import_register, plan_import

                store = fresh_project(Path(folder))
                started = time.perf_counter()
                if what == "import":
                    written = import_register(store, "households", path, crs="gcj02").written
                else:
                    written = plan_import(store, "households", path, crs="gcj02").report.valid_rows
                times.append(time.perf_counter() - started)
                store.close()
            elif what == "pandas":
                import pandas as pd

                started = time.perf_counter()
                text = {"联系电话": str, "身份证号": str}
                written = len(pd.read_excel(path, engine="openpyxl", dtype=text))
                times.append(time.perf_counter() - started)
            else:
                import pyogrio

                started = time.perf_counter()
                written = len(pyogrio.read_dataframe(path, read_geometry=False))
                times.append(time.perf_counter() - started)
    return {"seconds": statistics.median(times), "peak_mib": peak_mib(), "rows": written}


def in_fresh_process(what: str, arguments: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--rows", str(arguments.rows), "--repeats", str(arguments.repeats),
               "--only", what]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{what} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", choices=["import", "plan", "pandas", "pyogrio"], help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    path = register_path(arguments.rows)
    if arguments.only:
        print(json.dumps(measure(arguments.only, path, arguments.repeats)))
        return 0
    results = {what: in_fresh_process(what, arguments) for what in ("pandas", "pyogrio", "plan", "import")}
    floor = results["pandas"]
    size = path.stat().st_size / 2**20
    print(f"{path.name}: {arguments.rows:,} households, {size:.1f} MiB, median of {arguments.repeats}\n")
    print("| step | seconds | peak MiB | time / pandas | memory / pandas | rows |")
    print("|---|---:|---:|---:|---:|---:|")
    labels = {
        "pandas": "floor: pandas.read_excel (openpyxl)",
        "pyogrio": "floor: pyogrio (GDAL XLSX driver)",
        "plan": "plan_import (read, check, report)",
        "import": "import_register (plan + write .gpkg)",
    }
    for what, result in results.items():
        print(f"| {labels[what]} | {result['seconds']:.2f} | {result['peak_mib']:.0f} | "
              f"{result['seconds'] / floor['seconds']:.2f}x | {result['peak_mib'] / floor['peak_mib']:.2f}x | "
              f"{result['rows']:,} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
