"""How well wrong control points are found, and what setting them aside is worth, on many kinds of drawing.

    python benchmarks/georef_blunders.py --calibrate            # the threshold table of maps.georef.analysis
    python benchmarks/georef_blunders.py --out docs/georef-blunders.md

Drawings come from ``demo.georef_drawings``: villages drawn with smooth bends of
the whole sheet, swollen centres, one direction stretched, lanes and corners
squeezed, photos turned or mirrored; 8 to 40 control points, well spread or
crowded on one side, clicked with 1 to 8 px of noise. ``--calibrate`` scores
clean drawings of the calibration seeds (below ``HELD_OUT_SEEDS``) and prints
the score each point count must exceed, for the spline (6% of them) and for a
quadratic (1%), and how many either judge flags. The study runs on held-out seeds only. Per case it reports:

- caught: every wrong point is flagged (or set aside by auto);
- false alarms: share of the *same* drawings, clicked without the wrong points,
  in which any point is flagged;
- house error: median distance from the true position of the households within
  400 m of a wrong point (not control points), pooled over the drawings, under
  auto, under a plain TPS on all points (GDAL's ``-tps``: the same spline, see
  ``--gdal-check``) and under a TPS with the wrong points removed by hand: the floor.

``--gdal-check`` fits GDAL's TPS (Debian's python3-gdal at ``--gdal-python``) to
one drawing in a subprocess and prints the largest difference from ours.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo.georef_drawings import HELD_OUT_SEEDS, Drawing, drawing  # noqa: E402
from maps.georef import analysis  # noqa: E402
from maps.georef.analysis import QUADRATIC_JUDGE_POINTS, blunder_score, choose_method, rank_suspects  # noqa: E402
from maps.georef.transforms import Method, fit, quadratic_loo_parts  # noqa: E402

CALIBRATION_COUNTS = (8, 10, 12, 15, 20, 25, 30, 40)
SPLINE_ALARMS = 0.06
QUADRATIC_ALARMS = 0.01
NEAR_M = 400.0
CASES = ((15, 1, 200.0), (15, 1, 80.0), (20, 2, 200.0), (20, 2, 80.0), (8, 1, 200.0), (30, 1, 200.0))


def calibrate(seeds: int) -> tuple[list, list, list]:
    """Per point count: the spline's and the quadratic's thresholds, and the share of clean drawings either flags."""
    spline, quadratic, alarms = [], [], []
    for count in CALIBRATION_COUNTS:
        scores = []
        for seed in range(seeds):
            clean = drawing(seed, count)
            scores.append(
                (blunder_score(clean.pixels, clean.metres).score,
                 blunder_score(clean.pixels, clean.metres, quadratic_loo_parts).score)
            )  # fmt: skip
        scores = np.array(scores)
        spline_at = float(np.quantile(scores[:, 0], 1 - SPLINE_ALARMS))
        quadratic_at = float(np.quantile(scores[:, 1], 1 - QUADRATIC_ALARMS))
        spline.append((count, round(spline_at, 1)))
        quadratic.append((count, round(quadratic_at, 1)))
        either = (scores[:, 0] >= spline_at) | ((scores[:, 1] >= quadratic_at) & (count >= QUADRATIC_JUDGE_POINTS))
        alarms.append((count, round(float(either.mean()), 3)))
    return spline, quadratic, alarms


@dataclass
class CaseResult:
    count: int
    wrong: int
    off_m: float
    drawings: int
    caught: float
    caught_any: float
    false_alarms: float
    old_caught: float
    old_false_alarms: float
    auto_m: float
    tps_m: float
    floor_m: float
    auto_rigid: int
    ms_per_auto: float


def _near(case: Drawing) -> np.ndarray:
    others = case.others()
    wrong_at = case.household_metres[case.picked[list(case.wrong)]]
    distance = np.hypot(*(case.household_metres[others][:, None, :] - wrong_at[None, :, :]).transpose(2, 0, 1))
    return others[distance.min(axis=1) < NEAR_M]


def _errors(transform, case: Drawing, houses: np.ndarray) -> np.ndarray:
    return np.hypot(*(transform.forward.apply(case.household_pixels[houses]) - case.household_metres[houses]).T)


def _old_rule(case: Drawing, ids: list[str]) -> set[int]:
    """The rule before this study: the best global fit's LOO errors, at every point count."""
    return {s.index for s in analysis._global_suspects(case.pixels, case.metres, ids, None)}


def run_case(count: int, wrong: int, off_m: float, seeds: range, old: bool) -> CaseResult:
    caught = caught_any = alarms = old_caught = old_alarms = rigid = 0
    auto_errors, tps_errors, floor_errors, times = [], [], [], []
    ids = [str(i + 1) for i in range(count)]
    for seed in seeds:
        case, clean = drawing(seed, count, wrong, off_m), drawing(seed, count)
        start = time.perf_counter()
        auto = choose_method(case.pixels, case.metres, ids)
        times.append(time.perf_counter() - start)
        flagged = {ids.index(point_id) for point_id in auto.left_out} | {s.index for s in auto.suspects}
        caught += set(case.wrong) <= flagged
        caught_any += bool(set(case.wrong) & flagged)
        alarms += bool(rank_suspects(clean.pixels, clean.metres, ids))
        rigid += auto.transform.method in (Method.HELMERT, Method.AFFINE, Method.POLY1)
        if old:
            old_caught += set(case.wrong) <= _old_rule(case, ids)
            old_alarms += bool(_old_rule(clean, ids))
        houses = _near(case)
        keep = np.setdiff1d(np.arange(count), case.wrong)
        auto_errors.append(_errors(auto.transform, case, houses))
        tps_errors.append(_errors(fit(Method.TPS, case.pixels, case.metres), case, houses))
        floor_errors.append(_errors(fit(Method.TPS, case.pixels[keep], case.metres[keep]), case, houses))
    n = len(seeds)
    return CaseResult(
        count, wrong, off_m, n, caught / n, caught_any / n, alarms / n, old_caught / n, old_alarms / n,
        float(np.median(np.concatenate(auto_errors))), float(np.median(np.concatenate(tps_errors))),
        float(np.median(np.concatenate(floor_errors))), rigid, 1000 * float(np.median(times)),
    )  # fmt: skip


def gdal_check(gdal_python: str) -> float:
    """Largest distance (m) between GDAL's TPS and ours at 1,000 sketch positions of one blundered drawing."""
    case = drawing(HELD_OUT_SEEDS, 15, 1)
    queries = np.random.default_rng(0).uniform(case.pixels.min(axis=0), case.pixels.max(axis=0), (1000, 2))
    script = (
        "import json, sys\nfrom osgeo import gdal\n"
        "data = json.load(sys.stdin)\n"
        "ds = gdal.GetDriverByName('MEM').Create('', 10, 10)\n"
        "ds.SetGCPs([gdal.GCP(x, y, 0, px, py) for (px, py), (x, y) in zip(data['pixels'], data['metres'])], '')\n"
        "t = gdal.Transformer(ds, None, ['METHOD=GCP_TPS'])\n"
        "print(json.dumps([t.TransformPoint(0, px, py)[1][:2] for px, py in data['queries']]))\n"
    )
    given = json.dumps({"pixels": case.pixels.tolist(), "metres": case.metres.tolist(), "queries": queries.tolist()})
    result = subprocess.run([gdal_python, "-c", script], input=given, capture_output=True, text=True, check=True)
    theirs = np.array(json.loads(result.stdout))
    ours = fit(Method.TPS, case.pixels, case.metres).forward.apply(queries)
    return float(np.hypot(*(theirs - ours).T).max())


def report(results: list[CaseResult], seeds: int, gdal_difference: float | None) -> str:
    lines = [
        "| points | wrong | off by | caught | at least one caught | false alarms on clean sets | "
        "same, rule before | caught, rule before | house error auto m | TPS on all points m | "
        "TPS without the wrong by hand m | auto ÷ TPS | auto ÷ floor | auto rigid | auto ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.count} | {r.wrong} | {r.off_m:.0f} m | {r.caught:.0%} | {r.caught_any:.0%} | {r.false_alarms:.0%} | "
            f"{r.old_false_alarms:.0%} | {r.old_caught:.0%} | {r.auto_m:.1f} | {r.tps_m:.1f} | {r.floor_m:.1f} | "
            f"{r.auto_m / r.tps_m:.2f} | {r.auto_m / r.floor_m:.2f} | {r.auto_rigid} | {r.ms_per_auto:.0f} |"
        )
    lines.append("")
    lines.append(f"{seeds} held-out drawings per row (seeds {HELD_OUT_SEEDS} on).")
    if gdal_difference is not None:
        lines.append(f"GDAL's TPS and ours differ by at most {gdal_difference:.1e} m at 1,000 positions.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--seeds", type=int, default=300)
    parser.add_argument("--gdal-python", default="/usr/bin/python3")
    parser.add_argument("--gdal-check", action="store_true")
    args = parser.parse_args()
    if args.calibrate:
        spline, quadratic, alarms = calibrate(args.seeds)
        print("SUSPECT_SCORE =", tuple(spline))
        print("QUADRATIC_SUSPECT_SCORE =", tuple(quadratic))
        print("clean drawings either judge flags:", alarms)
        return
    results = []
    for count, wrong, off_m in CASES:
        results.append(run_case(count, wrong, off_m, range(HELD_OUT_SEEDS, HELD_OUT_SEEDS + args.seeds), True))
        print(report(results[-1:], args.seeds, None).splitlines()[2], flush=True)
    difference = gdal_check(args.gdal_python) if args.gdal_check else None
    print(report(results, args.seeds, difference))


if __name__ == "__main__":
    main()
