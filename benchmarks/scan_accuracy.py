"""How well photographed marked sheets are read: marks found, false marks, position error, shape and colour.

    python benchmarks/scan_accuracy.py [--photos 12] [--seed 7919] [--out docs/field-sheets-accuracy.md]

Prints three sheets of the demo village (a crowded grid on A4 portrait, a grid
on A3 landscape, an empty grid of fields on A4 landscape), inks ten random pen
marks on each photo's page and photographs it with the simulator of
:mod:`demo.field_photo`, every shot drawn at random: 5 to 24 megapixels, tilt
0 to 30 degrees, any rotation and EXIF orientation, uneven light, defocus,
noise, JPEG 70 to 92 or PNG, and every fourth sheet crumpled (2 to 3 mm). The
seeds differ from the tests'. Reports per sheet and overall.

``--seed`` draws another set of photos: once the default set has been studied,
a set nobody has looked at is the honest measure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from shapely import Polygon  # noqa: E402

from demo.field_photo import CameraShot, draw_pen_marks, photograph_sheet, random_pen_marks  # noqa: E402
from demo.field_sheet import match_marks, printed_page  # noqa: E402
from demo.project import create_demo_project  # noqa: E402
from layers.printed_sheets import registered_sheet  # noqa: E402
from layers.store import new_feature, open_project  # noqa: E402
from maps.print.atlas import write_atlas  # noqa: E402
from maps.print.grid_sheet import PageSetup  # noqa: E402
from maps.print.page import Paper  # noqa: E402
from maps.qt_runtime import ensure_gui_application  # noqa: E402
from maps.scan.reading import read_sheet_photo  # noqa: E402
from maps.scan.sheet_finder import decode_photo  # noqa: E402
from maps.scan.sheet_layout import SheetMarksLayout  # noqa: E402

SHEETS = (("crowded grid, A4 portrait", "YH-01", PageSetup()),
          ("grid on A3 landscape", "YH-02", PageSetup(Paper.A3, landscape=True)),
          ("empty grid, A4 landscape", "EMPTY", PageSetup(landscape=True)))  # fmt: skip


def random_shot(rng: np.random.Generator, index: int) -> CameraShot:
    return CameraShot(
        megapixels=float(rng.uniform(5, 24)),
        tilt_deg=float(rng.uniform(0, 30)),
        rotation_deg=float(rng.uniform(0, 360)),
        light=float(rng.uniform(0.2, 0.8)),
        blur_px=float(rng.uniform(0.6, 1.6)),
        noise=float(rng.uniform(1, 3)),
        jpeg_quality=None if rng.random() < 0.2 else int(rng.integers(70, 93)),
        exif_orientation=int(rng.choice([1, 3, 6, 8])),
        crumple_mm=float(rng.uniform(2, 3)) if index % 4 == 3 else 0.0,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=12, help="photos per sheet")
    parser.add_argument("--seed", type=int, default=7919, help="draws the marks and shots, with each photo's index")
    parser.add_argument("--out", type=Path)
    arguments = parser.parse_args()
    ensure_gui_application()
    lines = ["| sheet | photos | marks found | false marks (most in a photo) | median error mm | worst mm "
             "| shape right | colour right |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    everything = Counter()
    all_errors: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        project = create_demo_project(Path(folder) / "demo.gpkg").path
        with open_project(project) as store:
            minx, miny, maxx, maxy = store.extent("grids")
            east = maxx + 0.02
            store.insert(new_feature("grids", Polygon([(east, miny), (east + 0.01, miny), (east + 0.01, miny + 0.008),
                                                       (east, miny + 0.008)]), code="EMPTY", name="东滩",
                                     station="豫海派出所", officer="马文华"))  # fmt: skip
        for title, grid, setup in SHEETS:
            with open_project(project) as store:
                printed = write_atlas(store, Path(folder) / "sheet.pdf", setup, grid=grid)
                sheet = registered_sheet(store, printed.pages[0].sheet_id)
            page, px_per_mm = printed_page(sheet)
            clear = SheetMarksLayout.from_json(sheet.markers_mm).keep_clear_mm()
            counts, errors, worst_false = Counter(), [], 0
            for index in range(arguments.photos):
                rng = np.random.default_rng([arguments.seed, index, len(title)])
                marks = random_pen_marks(rng, sheet.map_frame_mm, 10, keep_clear_mm=clear)
                photo = photograph_sheet(draw_pen_marks(page, px_per_mm, marks, index), px_per_mm,
                                         random_shot(rng, index), index)  # fmt: skip
                with open_project(project) as store:
                    reading = read_sheet_photo(store, decode_photo(photo.data, f"photo{photo.suffix}"))
                matching = match_marks(marks, reading.marks)
                counts["drawn"] += len(marks)
                counts["found"] += len(matching.pairs)
                counts["shape"] += sum(read.mark.shape == mark.shape for mark, read in matching.pairs)
                counts["colour"] += sum(read.mark.colour == mark.colour for mark, read in matching.pairs)
                errors += matching.errors_mm
                counts["false"] += matching.unmatched
                worst_false = max(worst_false, matching.unmatched)
            everything.update(counts)
            all_errors += errors
            lines.append(_row(title, arguments.photos, counts, worst_false, errors))
            print(lines[-1], flush=True)
    lines.append(_row("all", arguments.photos * len(SHEETS), everything, None, all_errors))
    print(lines[-1])
    if arguments.out:
        arguments.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _row(title: str, photos: int, counts: Counter, worst_false: int | None, errors: list[float]) -> str:
    found = counts["found"]
    false = f"{counts['false']}" + (f" ({worst_false})" if worst_false is not None else "")
    return (f"| {title} | {photos} | {found}/{counts['drawn']} ({100 * found / counts['drawn']:.1f}%) | {false} | "
            f"{np.median(errors):.2f} | {max(errors):.2f} | {100 * counts['shape'] / found:.0f}% | "
            f"{100 * counts['colour'] / found:.0f}% |")  # fmt: skip


if __name__ == "__main__":
    main()
