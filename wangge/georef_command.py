"""``wangge georef``: fit a sketch's control points and transform coordinates, for scripts and other tools.

``fit`` prints the fit's honest figures (plain and leave-one-out RMSE, per point,
suspects named); ``transform`` reads ``x y`` lines on stdin and writes ``X Y``
lines like ``gdaltransform``, pixels x right and y down from the image's top-left.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from wangge.i18n import tr, translate

METHODS = ["helmert", "affine", "projective", "poly1", "poly2", "poly3", "tps", "tps-smooth", "auto"]


def add_georef_command(commands: argparse._SubParsersAction) -> None:
    georef = commands.add_parser("georef", help=tr("fit control points of a sketch and transform coordinates"))
    actions = georef.add_subparsers(dest="georef_command", required=True, metavar="ACTION")
    for name, help_text in (
        ("fit", tr("fit a transform and report its errors, per point and overall")),
        ("transform", tr("transform 'x y' lines from stdin to 'X Y' lines on stdout")),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument(
            "gcps",
            metavar="GCPS",
            type=Path,
            help=tr("control points: QGIS .points, GDAL text or IIIF annotation JSON"),
        )
        action.add_argument("--method", choices=METHODS, default="auto", help=tr("the transform (default auto)"))
        action.add_argument(
            "--crs",
            metavar="CRS",
            help=tr(
                "system of the map coordinates in files that do not say: wgs84, cgcs2000, gcj02 (Amap, Tencent), "
                "bd09 (Baidu) or EPSG:<code>; GDAL text defaults to EPSG:32648 metres"
            ),
        )
        if name == "fit":
            action.add_argument("--json", action="store_true", help=tr("print machine-readable JSON"))
        else:
            action.add_argument("--inverse", action="store_true", help=tr("from map metres back to sketch pixels"))


def _fitted(arguments: argparse.Namespace):
    import numpy as np

    from maps.georef.analysis import choose_method, rank_suspects
    from maps.georef.control_points import read_control_points
    from maps.georef.transforms import Method, fit

    every = read_control_points(arguments.gcps, arguments.crs)
    points = [p for p in every if p.enabled]
    ids = [p.id for p in points]
    pixels = np.array([[p.pixel_x, p.pixel_y] for p in points], dtype=float).reshape(-1, 2)
    metres = np.array([[p.x, p.y] for p in points], dtype=float).reshape(-1, 2)
    if arguments.method == "auto":
        choice = choose_method(pixels, metres, ids)
        transform, explanation, left_out, suspects = (
            choice.transform,
            choice.explanation,
            choice.left_out,
            choice.suspects,
        )
    else:
        transform, explanation, left_out = fit(Method(arguments.method), pixels, metres, ids), "", ()
        suspects = rank_suspects(pixels, metres, ids)
    return transform, explanation, every, left_out, {s.id: s for s in suspects}


def _point_rows(transform, every, left_out, suspects) -> list[dict]:
    """Every control point of the file, in file order: how far the fit is off at it, and whether it took part.

    A point the fit did not use (set aside by auto, or disabled in the file) is off by
    its residual, which is then a left-out error too.
    """
    import numpy as np

    fitted = [p.id for p in every if p.enabled and p.id not in left_out]
    rows = []
    for point in every:
        if point.id in fitted:
            row = fitted.index(point.id)
            residual, loo = float(transform.residual_m[row]), float(transform.loo_m[row])
        else:
            ((x, y),) = transform.forward.apply(np.array([[point.pixel_x, point.pixel_y]]))
            residual = loo = float(np.hypot(x - point.x, y - point.y))
        suspect = suspects.get(point.id)
        rows.append(
            {
                "id": point.id,
                "enabled": point.enabled,
                "residual_m": round(residual, 3),
                "loo_m": None if np.isnan(loo) else round(loo, 3),
                "suspect": suspect is not None,
                "reason": suspect.reason if suspect else "",
                "left_out": point.id in left_out,
            }
        )
    return rows


def run_georef(arguments: argparse.Namespace) -> int:
    transform, explanation, every, left_out, suspects = _fitted(arguments)
    if arguments.georef_command == "transform":
        return _transform(transform, arguments.inverse)
    rows = _point_rows(transform, every, left_out, suspects)
    report = {
        "method": transform.method.value,
        "rmse_m": round(transform.rmse_m, 3),
        "loo_rmse_m": round(transform.loo_rmse_m, 3),
        "smoothing": transform.smoothing,
        "points": rows,
        "left_out": [{"id": row["id"], "reason": row["reason"]} for row in rows if row["left_out"]],
        "explanation": explanation,
    }
    if arguments.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    _print_fit(transform, rows, left_out, suspects.values(), arguments.method == "auto")
    return 0


def _print_fit(transform, rows: list[dict], left_out, suspects, chosen_by_auto: bool) -> None:
    """The fit in the window's words and the user's language, then a table of every point of the file."""
    from layers.text_width import display_width, pad
    from maps.georef.fit_words import fit_lines, metres

    for line in fit_lines(transform, left_out, suspects, chosen_by_auto, translate):
        print(line)
    headers = [tr("point"), tr("residual"), tr("left-out error"), tr("state")]
    table = [
        [
            row["id"],
            metres(row["residual_m"], translate),
            "-" if row["loo_m"] is None else metres(row["loo_m"], translate),
            tr("set aside") if row["left_out"] else tr("disabled") if not row["enabled"] else
            tr("looks wrong") if row["suspect"] else "",
        ]
        for row in rows
    ]  # fmt: skip
    widths = [max(display_width(text) for text in column) for column in zip(headers, *table)]
    for line in (headers, *table):
        cells = [
            pad(text, width, "<" if index in (0, 3) else ">") for index, (text, width) in enumerate(zip(line, widths))
        ]
        print("  " + "  ".join(cells).rstrip())


def _transform(transform, inverse: bool) -> int:
    import numpy as np

    direction = transform.inverse if inverse else transform.forward
    for number, line in enumerate(sys.stdin, start=1):
        parts = line.replace(",", " ").split()
        if not parts:
            continue
        try:
            x, y = float(parts[0]), float(parts[1])
        except (ValueError, IndexError):
            print(tr("stdin, line {line}: expected two numbers 'x y', got {text!r}").format(
                line=number, text=line.strip()), file=sys.stderr)  # fmt: skip
            return 1
        ((tx, ty),) = direction.apply(np.array([[x, y]]))
        print(f"{tx:.3f} {ty:.3f}" if not inverse else f"{tx:.4f} {ty:.4f}")
    return 0
