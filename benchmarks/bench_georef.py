"""Georeferencing beside GDAL: fitting and applying transforms, and warping a 40-megapixel sketch.

    python benchmarks/bench_georef.py                       # both parts, results in a temporary folder
    python benchmarks/bench_georef.py --out-dir /tmp/geo    # keep (and reuse) the synthetic sketch there
    python benchmarks/bench_georef.py --skip-warp           # transforms only

Part 1, transforms: a TPS and a polynomial of order 2 fitted to 200 control points, then
1,000,000 points transformed, as medians over the repeats:

- ours: ``fit(method, pixels, metres)`` (which also fits the inverse and the leave-one-out
  errors) and ``transform.forward.apply`` on all the points at once (a spline applies in
  blocks of 32,768 points on every core, so memory stays bounded);
- GDAL (``/usr/bin/python3`` with its ``osgeo`` bindings, in a subprocess): a MEM dataset
  with the control points as GCPs, ``gdal.Transformer(ds, None, ['METHOD=GCP_TPS'])`` (or
  ``GCP_POLYNOMIAL`` with ``MAX_GCP_ORDER=2``), the points transformed by
  ``TransformGeolocations`` on float64 bands (the array API, no Python object per point)
  and by ``TransformPoints`` on a numpy array (which returns a list of tuples).

The largest distance between our points and GDAL's says whether both computed the same thing.

Part 2, warp: a 7,746 x 5,164 JPEG (the demo sketch photo enlarged) with 40 GCPs on a bent
drawing, TPS, bilinear, onto the same output grid (extent and pixel size) for both:

- ours: decode the JPEG (``QImage``), ``warp_sketch``, ``write_georeferenced`` (PNG with
  world file, .prj and .aux.xml), in a subprocess of its own so its peak memory is its own;
- GDAL: ``gdal_translate -of VRT -gcp ...`` then ``gdalwarp -tps -r bilinear -dstalpha``
  to an uncompressed GeoTIFF (gdal-bin), single-threaded as by default and with
  ``-multi -wo NUM_THREADS=ALL_CPUS -wm 512``.

Peak memory is each process's maximum resident set (``os.wait4``). Both images are then
compared pixel by pixel (by GDAL's Python, which reads both), and each with the exact warp
(the TPS inverse evaluated exactly, bilinear weights in floats) at 200,000 random pixels.
Machines are shared and noisy: read the medians and ratios, not single times.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
GDAL_PYTHON = "/usr/bin/python3"
SKETCH_PHOTO = ROOT / "docs" / "sketch.jpg"
SKETCH_SIZE = (7746, 5164)
EXACT_SAMPLES = 200_000
"""Random output pixels where both warps are compared with the exact warp."""
METHODS = {"tps": ["METHOD=GCP_TPS"], "poly2": ["METHOD=GCP_POLYNOMIAL", "MAX_GCP_ORDER=2"]}

GDAL_TRANSFORM_SCRIPT = r"""
import json, resource, statistics, sys, time
import numpy as np
from osgeo import gdal, gdal_array, osr

gdal.UseExceptions()
spec = json.load(sys.stdin)
pixels, metres, queries = (np.load(spec[name]) for name in ("pixels", "metres", "queries"))
srs = osr.SpatialReference()
srs.ImportFromEPSG(32648)
dataset = gdal.GetDriverByName("MEM").Create("", 8000, 6000, 1)
dataset.SetGCPs([gdal.GCP(x, y, 0, px, py) for (px, py), (x, y) in zip(pixels, metres)], srs)
side = int(round(len(queries) ** 0.5))
assert side * side == len(queries), "the number of points must be a square for the band layout"
bands = gdal.GetDriverByName("MEM").Create("", side, side, 3, gdal.GDT_Float64)
result = {"version": gdal.__version__, "methods": {}}
for method, options in spec["methods"].items():
    fits, arrays, tuples = [], [], []
    for _ in range(spec["repeats"]):
        started = time.perf_counter()
        transformer = gdal.Transformer(dataset, None, options)
        transformer.TransformPoint(0, 10.0, 10.0)  # a lazily solved spline is solved by now
        fits.append(1000 * (time.perf_counter() - started))
        started = time.perf_counter()
        for band, values in zip((1, 2, 3), (queries[:, 0], queries[:, 1], np.zeros(len(queries)))):
            bands.GetRasterBand(band).WriteArray(values.reshape(side, side))
        transformer.TransformGeolocations(bands.GetRasterBand(1), bands.GetRasterBand(2), bands.GetRasterBand(3))
        placed = np.column_stack([bands.GetRasterBand(b).ReadAsArray().ravel() for b in (1, 2)])
        arrays.append(1000 * (time.perf_counter() - started))
        started = time.perf_counter()
        listed, _ = transformer.TransformPoints(0, queries)
        tuples.append(1000 * (time.perf_counter() - started))
    np.save(spec["out"] + f"-{method}.npy", placed)
    assert np.abs(np.asarray(listed)[:, :2] - placed).max() < 1e-6
    result["methods"][method] = {"fit": fits, "arrays": arrays, "tuples": tuples}
result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("RESULT " + json.dumps(result), flush=True)
"""

GDAL_COMPARE_SCRIPT = r"""
import json, sys
import numpy as np
from osgeo import gdal

gdal.UseExceptions()
spec = json.load(sys.stdin)
ours, theirs = gdal.Open(spec["ours"]), gdal.Open(spec["gdal"])
assert ours.GetGeoTransform() == theirs.GetGeoTransform() or np.allclose(
    ours.GetGeoTransform(), theirs.GetGeoTransform(), atol=1e-6
), (ours.GetGeoTransform(), theirs.GetGeoTransform())
differences, opaque, edge = [], 0, 0
for top in range(0, ours.RasterYSize, 512):
    rows = min(512, ours.RasterYSize - top)
    a = ours.ReadAsArray(0, top, ours.RasterXSize, rows).astype(np.int16)
    b = theirs.ReadAsArray(0, top, theirs.RasterXSize, rows).astype(np.int16)
    both = (a[3] == 255) & (b[3] == 255)
    opaque += int(both.sum())
    edge += int(((a[3] > 0) != (b[3] > 0)).sum())
    differences.append(np.abs(a[:3] - b[:3])[:, both].max(axis=0))
d = np.concatenate(differences)
samples = np.load(spec["exact"])
rows, columns, exact = samples[:, 0].astype(int), samples[:, 1].astype(int), samples[:, 2:]
off_exact = {}
for name, dataset in (("ours", ours), ("gdal", theirs)):
    pixels = dataset.ReadAsArray()[:, rows, columns]
    error = np.abs(pixels[:3].T - exact).max(axis=1)[pixels[3] == 255]
    off_exact[name] = {"p99.9": float(np.percentile(error, 99.9)), "max": float(error.max()), "n": len(error)}
print("RESULT " + json.dumps({
    "pixels": ours.RasterXSize * ours.RasterYSize, "opaque_both": opaque, "alpha_disagree": edge,
    "median": float(np.median(d)), "p99": float(np.percentile(d, 99)), "max": int(d.max()), "exact": off_exact,
}), flush=True)
"""


# -- running and measuring processes ---------------------------------------------------------


def run_measured(command: list[str], stdin: str = "", env: dict | None = None) -> tuple[float, float, str]:
    """Run ``command``; its wall time (ms), its own peak memory (MB, from ``wait4``) and its stdout.

    Output goes through files, not pipes, so nothing but ``wait4`` reaps the process.
    """
    with (
        tempfile.TemporaryFile("w+") as given,
        tempfile.TemporaryFile("w+") as out,
        tempfile.TemporaryFile("w+") as err,
    ):
        given.write(stdin)
        given.seek(0)
        started = time.perf_counter()
        process = subprocess.Popen(command, stdin=given, stdout=out, stderr=err, text=True, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = 1000 * (time.perf_counter() - started)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command[:3])} ... failed (exit status {process.returncode}):\n{stderr.strip()}")
    return elapsed, usage.ru_maxrss / 1024, stdout


def result_of(stdout: str) -> dict:
    lines = [line for line in stdout.splitlines() if line.startswith("RESULT ")]
    if not lines:
        sys.exit(f"no result in:\n{stdout}")
    return json.loads(lines[-1][len("RESULT ") :])


def gdal_env() -> dict:
    """The system python's environment: none of our interpreter's settings may leak into it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYENV", "VIRTUAL_ENV"))}
    return env


def worker(kind: str, spec: dict) -> dict:
    """Run one of our measurements in a fresh interpreter of ours, so its peak memory is its own."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    _, peak, stdout = run_measured([sys.executable, __file__, "--worker", kind], json.dumps(spec), env)
    return {**result_of(stdout), "peak_mb": peak}


# -- synthetic inputs ------------------------------------------------------------------------


def bent_drawing(pixels: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Where a hand-drawn sketch's pixels really are: about 0.4 m a pixel, bent and sheared."""
    u, v = (pixels / [size[0], size[1]]).T
    return np.column_stack(
        [
            580_000 + 3000 * u + 120 * v**2 + 40 * np.sin(3 * v),
            4_087_000 - 2000 * v + 150 * u * v + 30 * np.cos(4 * u),
        ]
    )


def control_points(count: int, size: tuple[int, int], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``count`` points spread over a sketch of ``size``, placed on the bent drawing with 1.5 m clicking noise."""
    rng = np.random.default_rng(seed)
    pixels = rng.uniform([0, 0], size, (count, 2))
    return pixels, bent_drawing(pixels, size) + rng.normal(0, 1.5, (count, 2))


def large_sketch(out_dir: Path) -> Path:
    """The demo sketch photo enlarged to 40 megapixels and stored as JPEG, made once per folder."""
    path = out_dir / f"sketch-{SKETCH_SIZE[0]}x{SKETCH_SIZE[1]}.jpg"
    if path.exists():
        return path
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    photo = QImage(str(SKETCH_PHOTO))
    large = photo.scaled(*SKETCH_SIZE, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    if not large.save(str(path), "JPEG", 90):
        sys.exit(f"cannot write {path}")
    return path


# -- our side (run with --worker in a fresh interpreter) --------------------------------------


def our_transforms(spec: dict) -> dict:
    from maps.georef.transforms import Method, fit

    pixels, metres, queries = (np.load(spec[name]) for name in ("pixels", "metres", "queries"))
    result = {}
    for method in spec["methods"]:
        fits, applies = [], []
        for _ in range(spec["repeats"]):
            started = time.perf_counter()
            transform = fit(Method(method), pixels, metres)
            fits.append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            placed = transform.forward.apply(queries)
            applies.append(1000 * (time.perf_counter() - started))
        np.save(spec["out"] + f"-{method}.npy", placed)
        result[method] = {"fit": fits, "apply": applies}
    return {"methods": result}


def our_warp(spec: dict) -> dict:
    from PySide6.QtGui import QImage

    from maps.georef.transforms import Method, fit
    from maps.georef.warp import warp_sketch, write_georeferenced

    transform = fit(Method.TPS, np.array(spec["pixels"]), np.array(spec["metres"]))
    stages = {"decode": [], "warp": [], "write": []}
    for _ in range(spec["repeats"]):
        started = time.perf_counter()
        image = QImage(spec["sketch"])
        decoded = time.perf_counter()
        warped = warp_sketch(image, transform)
        del image
        done = time.perf_counter()
        write_georeferenced(warped, spec["out"])
        written = time.perf_counter()
        for stage, (begin, end) in {
            "decode": (started, decoded),
            "warp": (decoded, done),
            "write": (done, written),
        }.items():
            stages[stage].append(1000 * (end - begin))
        size = (warped.image.width(), warped.image.height())
        del warped
    return {"stages": stages, "grid": world_file_grid(spec["out"]), "size": size, "preview": preview(spec, transform)}


def preview(spec: dict, transform) -> list[float]:
    """Times (ms) of the georeferencer's live overlay: a 1,600-pixel copy warped to at most 2 megapixels."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    from maps.georef.warp import warp_sketch

    small = QImage(spec["sketch"]).scaledToWidth(1600, Qt.TransformationMode.SmoothTransformation)
    times = []
    for _ in range(2 * spec["repeats"] + 1):
        started = time.perf_counter()
        warp_sketch(small, transform, sketch_size=SKETCH_SIZE, max_pixels=2_000_000)
        times.append(1000 * (time.perf_counter() - started))
    return times


def exact_samples(spec: dict) -> dict:
    """The exact warp at random output pixels: the TPS inverse evaluated exactly, bilinear weights in floats.

    The oracle for both warps' approximations (ours on a lattice, GDAL's along scanlines).
    """
    from PySide6.QtGui import QImage

    from maps.georef.transforms import Method, fit

    transform = fit(Method.TPS, np.array(spec["pixels"]), np.array(spec["metres"]))
    image = QImage(spec["sketch"])
    photo = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4)
    (left, top, size), (width, height) = spec["grid"], spec["size"]
    rng = np.random.default_rng(4)
    rows, columns = rng.integers(0, height, spec["samples"]), rng.integers(0, width, spec["samples"])
    places = np.column_stack([left + (columns + 0.5) * size, top - (rows + 0.5) * size])
    u, v = transform.inverse.apply(places).T - 0.5  # pixel centres at .5
    inside = (u >= 0) & (u < image.width() - 1) & (v >= 0) & (v < image.height() - 1)
    rows, columns, u, v = rows[inside], columns[inside], u[inside], v[inside]
    left_column, top_row = u.astype(int), v.astype(int)
    fx, fy = (u - left_column)[:, None], (v - top_row)[:, None]
    colour = (
        photo[top_row, left_column, 2::-1] * (1 - fx) * (1 - fy)
        + photo[top_row, left_column + 1, 2::-1] * fx * (1 - fy)
        + photo[top_row + 1, left_column, 2::-1] * (1 - fx) * fy
        + photo[top_row + 1, left_column + 1, 2::-1] * fx * fy
    )  # memory order is B, G, R, A: reversed to R, G, B
    np.save(spec["out"], np.column_stack([rows, columns, colour]))
    return {"samples": int(inside.sum())}


def world_file_grid(path: str) -> list[float]:
    """The extent written in a world file beside ``path``: what GDAL must warp onto."""
    world = [float(line) for line in Path(path).with_suffix(".pgw").read_text().split()]
    size = world[0]
    left, top = world[4] - size / 2, world[5] + size / 2
    return [left, top, size]


# -- the two parts ---------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values)


def compare_transforms(out_dir: Path, gcps: int, points: int, repeats: int, python: str) -> None:
    pixels, metres = control_points(gcps, SKETCH_SIZE, seed=1)
    side = int(round(points**0.5))
    queries = np.random.default_rng(2).uniform([0, 0], SKETCH_SIZE, (side * side, 2))
    files = {}
    for name, values in (("pixels", pixels), ("metres", metres), ("queries", queries)):
        files[name] = str(out_dir / f"{name}.npy")
        np.save(files[name], values)
    ours = worker("transforms", {**files, "methods": list(METHODS), "repeats": repeats, "out": str(out_dir / "ours")})
    print(f"ours done; running GDAL ({python}) on the same points ...", flush=True)
    spec = {**files, "methods": METHODS, "repeats": repeats, "out": str(out_dir / "gdal")}
    _, gdal_peak, stdout = run_measured([python, "-c", GDAL_TRANSFORM_SCRIPT], json.dumps(spec), gdal_env())
    gdal = result_of(stdout)
    print()
    print(f"Transforms: {gcps} control points, {len(queries):,} points, medians of {repeats}; GDAL {gdal['version']}")
    print("| method | step | ours ms | GDAL ms | ratio GDAL/ours | max difference m |")
    print("|---|---|---:|---:|---:|---:|")
    for method in METHODS:
        mine, theirs = ours["methods"][method], gdal["methods"][method]
        difference = np.abs(np.load(out_dir / f"ours-{method}.npy") - np.load(out_dir / f"gdal-{method}.npy")).max()
        rows = [
            ("fit", median(mine["fit"]), median(theirs["fit"]), ""),
            (f"{len(queries):,} points, arrays", median(mine["apply"]), median(theirs["arrays"]), f"{difference:.1e}"),
            (f"{len(queries):,} points, tuples", median(mine["apply"]), median(theirs["tuples"]), ""),
        ]
        for step, a, b, shown in rows:
            print(f"| {method} | {step} | {a:,.1f} | {b:,.1f} | {b / a:.2f} | {shown} |")
    print(f"peak memory: ours {ours['peak_mb']:,.0f} MB, GDAL {gdal_peak:,.0f} MB (whole processes)", flush=True)


def compare_warp(out_dir: Path, gcps: int, repeats: int, python: str) -> None:
    sketch = large_sketch(out_dir)
    pixels, metres = control_points(gcps, SKETCH_SIZE, seed=3)
    ours_path = out_dir / "ours-warped.png"
    spec = {"sketch": str(sketch), "pixels": pixels.tolist(), "metres": metres.tolist()}
    ours = worker("warp", {**spec, "repeats": repeats, "out": str(ours_path)})
    (left, top, size), (width, height) = ours["grid"], ours["size"]
    print(f"ours done ({width} x {height} output pixels); running gdalwarp ...", flush=True)
    vrt = out_dir / "sketch-gcps.vrt"
    gcp_arguments = []
    for (px, py), (x, y) in zip(pixels, metres):
        gcp_arguments += ["-gcp", *(f"{value:.6f}" for value in (px, py, x, y))]
    translate = ["gdal_translate", "-q", "-of", "VRT", "-a_srs", "EPSG:32648", *gcp_arguments, str(sketch), str(vrt)]
    grid = ["-te", *(f"{v:.6f}" for v in (left, top - height * size, left + width * size, top))]
    grid += ["-tr", f"{size:.12f}", f"{size:.12f}"]
    warp = ["gdalwarp", "-q", "-overwrite", "-tps", "-r", "bilinear", "-dstalpha", *grid]
    variants = {"GDAL": [], "GDAL -multi": ["-multi", "-wo", "NUM_THREADS=ALL_CPUS", "-wm", "512"]}
    gdal = {}
    for name, extra in variants.items():
        times, peaks = [], []
        for _ in range(repeats):
            translated, translate_peak, _ = run_measured(translate, env=gdal_env())
            warped, warp_peak, _ = run_measured(
                [*warp, *extra, str(vrt), str(out_dir / "gdal-warped.tif")], env=gdal_env()
            )
            times.append(translated + warped)
            peaks.append(max(translate_peak, warp_peak))
        gdal[name] = (median(times), max(peaks))
    exact = out_dir / "exact-samples.npy"
    worker("exact", {**spec, "grid": ours["grid"], "size": ours["size"], "samples": EXACT_SAMPLES, "out": str(exact)})
    comparison = compare_images(python, ours_path, out_dir / "gdal-warped.tif", exact)
    stages = {stage: median(values) for stage, values in ours["stages"].items()}
    total = sum(stages.values())
    print()
    print(
        f"Warp: {SKETCH_SIZE[0]} x {SKETCH_SIZE[1]} JPEG, {gcps} GCPs, TPS, bilinear, "
        f"{width} x {height} output at {size:.3f} m; medians of {repeats}"
    )
    print("| | time s | GDAL / ours | peak memory MB |")
    print("|---|---:|---:|---:|")
    steps = f"JPEG {stages['decode'] / 1000:.1f} + warp {stages['warp'] / 1000:.1f} + PNG {stages['write'] / 1000:.1f}"
    print(f"| ours, end to end ({steps}) | {total / 1000:.1f} | 1.00 | {ours['peak_mb']:,.0f} |")
    for name, (elapsed, peak) in gdal.items():
        print(f"| {name}, end to end (GeoTIFF) | {elapsed / 1000:.1f} | {elapsed / total:.2f} | {peak:,.0f} |")
    print(
        f"live overlay: a 1,600-pixel copy warped to at most 2 megapixels in {median(ours['preview']):.0f} ms (median)"
    )
    print(
        f"images: {comparison['opaque_both']:,} pixels opaque in both; colour difference per pixel (max over RGB) "
        f"median {comparison['median']:.0f}, 99th percentile {comparison['p99']:.0f}, max {comparison['max']}; "
        f"{comparison['alpha_disagree']:,} edge pixels transparent in one only"
    )
    mine, theirs = comparison["exact"]["ours"], comparison["exact"]["gdal"]
    print(
        f"against the exact warp (exact TPS inverse, float bilinear) at {mine['n']:,} random pixels: "
        f"ours 99.9th percentile {mine['p99.9']:.1f}, max {mine['max']:.1f} levels; "
        f"GDAL 99.9th percentile {theirs['p99.9']:.1f}, max {theirs['max']:.1f} levels"
    )
    print(f"files: {ours_path}, {out_dir / 'gdal-warped.tif'}", flush=True)


def compare_images(python: str, ours: Path, theirs: Path, exact: Path) -> dict:
    spec = json.dumps({"ours": str(ours), "gdal": str(theirs), "exact": str(exact)})
    _, _, stdout = run_measured([python, "-c", GDAL_COMPARE_SCRIPT], spec, gdal_env())
    return result_of(stdout)


WORKERS = {"transforms": our_transforms, "warp": our_warp, "exact": exact_samples}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, help="where inputs and outputs go (default: a new temporary folder)")
    parser.add_argument("--repeats", type=int, default=5, help="repeats of the transform timings (default 5)")
    parser.add_argument("--warp-repeats", type=int, default=3, help="repeats of each warp (default 3)")
    parser.add_argument("--gcps", type=int, default=200, help="control points of the transforms part (default 200)")
    parser.add_argument("--points", type=int, default=1_000_000, help="points transformed (default 1,000,000)")
    parser.add_argument("--warp-gcps", type=int, default=40, help="control points of the warp (default 40)")
    parser.add_argument("--skip-transforms", action="store_true")
    parser.add_argument("--skip-warp", action="store_true")
    parser.add_argument("--gdal-python", default=GDAL_PYTHON, help=f"a python with GDAL (default {GDAL_PYTHON})")
    parser.add_argument("--worker", choices=list(WORKERS), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        spec = json.load(sys.stdin)
        result = WORKERS[arguments.worker](spec)
        result["self_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print("RESULT " + json.dumps(result), flush=True)
        return
    out_dir = arguments.out_dir or Path(tempfile.mkdtemp(prefix="wangge-bench-georef-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    if not arguments.skip_transforms:
        compare_transforms(out_dir, arguments.gcps, arguments.points, arguments.repeats, arguments.gdal_python)
    if not arguments.skip_warp:
        if not arguments.skip_transforms:
            print()
        compare_warp(out_dir, arguments.warp_gcps, arguments.warp_repeats, arguments.gdal_python)


if __name__ == "__main__":
    main()
