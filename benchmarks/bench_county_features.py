"""The features a county uses besides the map, at county scale, beside pandas reading the same file whole.

    python -m wangge demo-data /tmp/h1m.gpkg --households 1000000 --as-of 2026-11-30 --quiet   # once
    python benchmarks/bench_county_features.py /tmp/h1m.gpkg --repeats 3

Each feature runs end to end in a new process, ``--repeats`` times after one
cold run, and its wall time and the process's own peak memory are kept
(``child_process.run_child``); the medians are printed:

- ``dashboard``: what the dashboard dock counts while shown
  (:func:`~layers.assessment.dashboard_figures.read_for_dashboard`, then
  :func:`~layers.assessment.dashboard_figures.dashboard_figures`);
- ``targets``: one officer's route targets for the morning of ``--as-of``
  (:func:`~layers.routing.targets.find_targets`);
- ``print_grid``: one grid's sheets to a PDF, not registered (:func:`~maps.print.atlas.print_atlas`);
- ``bulletin``: the month's figures (:func:`~layers.assessment.monthly.monthly_report`);
- ``weekly``: one officer's sheet for the week (:func:`~layers.assessment.weekly_sheet.weekly_sheet`);
- ``pandas``, the peer: pyogrio (GDAL) reading the households and visits
  of the same file into pandas, without geometry, as each feature once did
  before counting anything.

Machines are shared and noisy: read the medians and the ratios to the peer.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from child_process import run_child  # noqa: E402

FEATURES = ("dashboard", "targets", "print_grid", "bulletin", "weekly", "pandas")


def run_feature(feature: str, project: str, as_of: str) -> dict:
    """Run one feature once in this process; what it found, to show it did the work."""
    import pandas as pd

    from layers.store import open_project
    from layers.values import STATION_TIMEZONE

    day = datetime.fromisoformat(as_of).date()
    moment = datetime.combine(day, clock_time(8), STATION_TIMEZONE)
    if feature == "pandas":
        import pyogrio

        rows = sum(len(pyogrio.read_dataframe(project, layer=layer, read_geometry=False))
                   for layer in ("households", "visits"))  # fmt: skip
        return {"rows": rows}
    with open_project(project) as store:
        grids = store.read("grids", columns=["id", "code", "officer"]).sort_values("code")
        if feature == "dashboard":
            from layers.assessment.dashboard_figures import dashboard_figures, read_for_dashboard
            from layers.visit_cycles import KeyPersonCycles

            cycles = KeyPersonCycles.from_settings(store.settings())
            data = read_for_dashboard(store, pd.Timestamp(moment).tz_convert("UTC"), cycles)
            figures = dashboard_figures(data, cycles=cycles)
            return {"visits_read": len(data.visits), "households": int(figures.station.counts["households"].iloc[0])}
        if feature == "targets":
            from layers.routing.targets import TargetRules, find_targets

            found = find_targets(store, TargetRules(), moment, officer=grids["officer"].iloc[0])
            return {"targets": len(found.targets)}
        if feature == "print_grid":
            from maps.print.atlas import print_atlas
            from maps.print.grid_sheet import PageSetup
            from maps.qt_runtime import ensure_gui_application

            ensure_gui_application()
            with tempfile.TemporaryDirectory() as folder:
                out = Path(folder) / "grid.pdf"
                document, _entries = print_atlas(store, out, PageSetup(), grid=grids["code"].iloc[0])
            return {"pages": len(document.pages)}  # not registered: the project is left as it was
        if feature == "bulletin":
            from layers.assessment.monthly import monthly_report

            report = monthly_report(store, day.strftime("%Y-%m"))
            return {"visits": report.station.visits}
        if feature == "weekly":
            from layers.assessment.weekly_sheet import weekly_sheet

            year, week, _ = day.isocalendar()
            sheet = weekly_sheet(store, f"{year}-W{week:02d}", officer=grids["officer"].iloc[0])
            return {"to_visit": len(sheet.officers[0].to_visit)}
    raise ValueError(feature)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project")
    parser.add_argument("--as-of", default="2026-11-30", help="the day the demo data's activity ends")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--features", nargs="+", choices=FEATURES, default=list(FEATURES))
    parser.add_argument("--only", choices=FEATURES, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.only:
        started = time.perf_counter()
        found = run_feature(arguments.only, arguments.project, arguments.as_of)
        print(json.dumps({"found": found, "seconds": time.perf_counter() - started}))
        return 0
    print(f"{arguments.project}: medians of {arguments.repeats} after a cold run, each in a new process")
    print(f"{'feature':<12}{'wall s':>9}{'peak MB':>10}  found")
    for feature in arguments.features:
        command = [sys.executable, __file__, arguments.project, "--as-of", arguments.as_of, "--only", feature]
        runs = [run_child(command) for _ in range(arguments.repeats + 1)]
        failed = next((run for run in runs if run.returncode != 0), None)
        if failed is not None:
            print(f"{feature:<12} failed: {failed.stderr.strip().splitlines()[-1:]}")
            continue
        warm = runs[1:] or runs  # --repeats 0: the cold run alone
        seconds = statistics.median(run.seconds for run in warm)
        peak = statistics.median(run.peak_mb for run in warm)
        print(f"{feature:<12}{seconds:>9.2f}{peak:>10.0f}  {json.loads(runs[-1].stdout)['found']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
