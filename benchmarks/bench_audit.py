"""What the audit log costs: single-record edits and a county-sized bulk load, with and without it.

    python benchmarks/bench_audit.py                        # 1,000 updates, 100,000 households, median of 3
    python benchmarks/bench_audit.py --updates 200 --rows 20000 --repeats 5

Both runs use the same GeoPackage store; "without" patches out the two things
the audit adds to an edit (reading the record's old values, and writing the
entry with its JSON), so the difference is the audit's whole cost. Each edit is
its own committed transaction, as in the app (``synchronous = FULL``: one fsync
per edit), and the bulk load is one transaction, as an import is.

Times are medians over the repeats, with and without measured alternately in
the same run; machines are shared and noisy, so read the ratio, not the seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402

from layers.store import GeoPackageStore  # noqa: E402


def households(rows: int, seed: int = 2021) -> gpd.GeoDataFrame:
    """``rows`` households scattered over a county, with the personal fields an import brings."""
    rng = np.random.default_rng(seed)
    return gpd.GeoDataFrame(
        {
            "house_no": [str(i) for i in range(1, rows + 1)],
            "head_name": rng.choice(["马文华", "丁海", "杨秀英", "李福"], rows),
            "members": rng.integers(1, 8, rows),
            "phone": [f"139{n:08d}" for n in rng.integers(0, 10**8, rows)],
            "notes": rng.choice(["", "独居老人", "留守儿童"], rows),
        },
        geometry=shapely.points(rng.uniform(105.5, 106.5, rows), rng.uniform(36.5, 37.5, rows)),
        crs="EPSG:4490",
    )


@contextmanager
def audit_switched_off() -> Iterator[None]:
    """The store as it would be without the audit: no old values read, no entry written."""
    with (
        mock.patch.object(GeoPackageStore, "_log", lambda self, entry: None),
        mock.patch.object(GeoPackageStore, "_audited_record", lambda self, schema, record_id, names=None: {}),
    ):
        yield


def time_updates(folder: Path, n: int) -> float:
    """Seconds for ``n`` single-record updates, each committed on its own."""
    with GeoPackageStore.create(folder / "updates.gpkg", "同心县公安局") as store:
        store.bulk_load("households", households(n))
        records = store.read("households", columns=["id", "version", "members"])
        started = time.perf_counter()
        for record, version, members in records[["id", "version", "members"]].itertuples(index=False):
            store.update("households", record, {"members": int(members) % 7 + 1}, expected_version=version)
        return time.perf_counter() - started


def time_bulk_load(folder: Path, frame: gpd.GeoDataFrame) -> float:
    """Seconds for one bulk load of ``frame`` into a new project."""
    with GeoPackageStore.create(folder / "bulk.gpkg", "同心县公安局") as store:
        started = time.perf_counter()
        store.bulk_load("households", frame)
        return time.perf_counter() - started


def median_pair(measure: Callable[[Path], float], repeats: int) -> tuple[float, float]:
    """Median seconds (with the audit, without it), measured alternately so drift hits both alike."""
    with_audit, without_audit = [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="wangge-bench-audit-") as folder:
            with_audit.append(measure(Path(folder) / "with"))
        with tempfile.TemporaryDirectory(prefix="wangge-bench-audit-") as folder, audit_switched_off():
            without_audit.append(measure(Path(folder) / "without"))
    return statistics.median(with_audit), statistics.median(without_audit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    frame = households(options.rows)

    def updates(folder: Path) -> float:
        folder.mkdir()
        return time_updates(folder, options.updates)

    def bulk(folder: Path) -> float:
        folder.mkdir()
        return time_bulk_load(folder, frame)

    print(f"median of {options.repeats}; with audit / without audit / ratio")
    for label, measure in (
        (f"{options.updates:,} single-record updates", updates),
        (f"bulk_load of {options.rows:,} households", bulk),
    ):
        with_audit, without_audit = median_pair(measure, options.repeats)
        print(f"{label:<40} {with_audit:8.3f} s {without_audit:8.3f} s {with_audit / without_audit:6.2f}x")


if __name__ == "__main__":
    main()
