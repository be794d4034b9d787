"""How long the monthly assessment takes on a county-sized project, against plain pandas reading the same layers.

    python -m wangge demo-data /tmp/h100k.gpkg --households 100000 --as-of 2026-11-28 --quiet   # once
    python benchmarks/bench_report.py /tmp/h100k.gpkg --month 2026-11 --repeats 5

Each measurement runs in a fresh process, so its peak memory (``ru_maxrss``) is
its own: ``report`` is :func:`layers.assessment.monthly.monthly_report` end to end,
split into reading the four layers through the store and computing the figures
from the frames (of the visits, only those that decide the month's figures:
:mod:`layers.assessment.deciding_visits`); ``floor`` is pyogrio (GDAL) reading the
same columns of the same layers whole into pandas without geometry, as the report
once did.
Times are medians over the repeats; machines are shared and noisy, so read the
ratio to the floor, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LAYERS = ("grids", "households", "disputes", "visits")


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def median_seconds(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_report(project: str, month: str, repeats: int) -> dict:
    from layers.assessment.monthly import READ_COLUMNS, figures_table, month_period, monthly_report, read_layers
    from layers.feedback import Feedback
    from layers.store import open_project

    period = month_period(month)
    with open_project(project) as store:
        total = median_seconds(lambda: monthly_report(store, month), repeats)
        peak = peak_mib()  # before the frames below are held for timing the parts

        def read() -> dict:
            return read_layers(store, READ_COLUMNS, Feedback(), period.start, period.end)

        frames = read()
        reading = median_seconds(read, repeats)
    computing = median_seconds(lambda: figures_table(period, **frames), repeats)
    counts = {layer: len(frame) for layer, frame in frames.items()}
    return {"seconds": total, "reading": reading, "computing": computing, "peak_mib": peak, "counts": counts}


def measure_floor(project: str, repeats: int) -> dict:
    import pyogrio

    from layers.assessment.monthly import READ_COLUMNS

    def read_all() -> None:
        for layer in LAYERS:
            pyogrio.read_dataframe(project, layer=layer, columns=READ_COLUMNS[layer], read_geometry=False)

    return {"seconds": median_seconds(read_all, repeats), "peak_mib": peak_mib()}


def in_fresh_process(what: str, arguments: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, arguments.project, "--month", arguments.month,
               "--repeats", str(arguments.repeats), "--only", what]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", nargs="?", default="/tmp/h100k.gpkg")
    parser.add_argument("--month", default="2026-11")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", choices=["report", "floor"], help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if not Path(arguments.project).exists():
        parser.error(f"{arguments.project} does not exist; make it with wangge demo-data (see --help)")
    if arguments.only == "report":
        print(json.dumps(measure_report(arguments.project, arguments.month, arguments.repeats)))
        return 0
    if arguments.only == "floor":
        print(json.dumps(measure_floor(arguments.project, arguments.repeats)))
        return 0
    report = in_fresh_process("report", arguments)
    floor = in_fresh_process("floor", arguments)
    counts = ", ".join(f"{layer} {count:,}" for layer, count in report["counts"].items())
    print(f"{arguments.project} ({counts}), month {arguments.month}, median of {arguments.repeats}")
    print(f"{'':<34}{'seconds':>9}{'peak MiB':>10}")
    print(f"{'monthly_report (whole)':<34}{report['seconds']:>9.2f}{report['peak_mib']:>10.0f}")
    print(f"{'  reading through the store':<34}{report['reading']:>9.2f}")
    print(f"{'  computing the figures':<34}{report['computing']:>9.2f}")
    print(f"{'floor: pyogrio read, no geometry':<34}{floor['seconds']:>9.2f}{floor['peak_mib']:>10.0f}")
    print(f"ratio to the floor: {report['seconds'] / floor['seconds']:.2f}x time, "
          f"{report['peak_mib'] / floor['peak_mib']:.2f}x memory")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
