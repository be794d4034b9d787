"""Build a complete demo project file: the synthetic station plus its hand-drawn sketch.

The project is written like every file Wangge makes (:func:`layers.files.atomic_output`):
under a temporary name next to the target, renamed into place only when complete,
so a canceled or crashed generation never leaves a half-written project behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from demo.drawing.layout import sketch_scene
from demo.drawing.sketch import SketchPhoto, draw_sketch
from demo.field_sheet import add_marked_sheet
from demo.station.generate import STATION, DemoStation, generate_station
from demo.station.names import uuids
from layers.crs import STORAGE_EPSG, to_storage
from layers.errors import QT_TRANSLATE_NOOP, NoSuchFolderError, ProjectExistsError
from layers.feedback import Feedback
from layers.files import atomic_output
from layers.schema import LAYERS
from layers.store import GeoPackageStore
from layers.values import STATION_TIMEZONE
from layers.vocabulary import split_tags
from maps.qgis_style import project_layer_styles

CONTROL_POINT_CLICK_NOISE_PX = 1.5


@dataclass(frozen=True)
class DemoProject:
    path: Path
    counts: dict[str, int]
    sketch_size: tuple[int, int]


def create_demo_project(
    path: str | Path,
    households: int = 570,
    seed: int = 2021,
    as_of: date | None = None,
    feedback: Feedback | None = None,
) -> DemoProject:
    """Generate a demo station of ``households`` households into a new project file at ``path``."""
    path = Path(path)
    feedback = feedback or Feedback()
    if path.exists():
        raise ProjectExistsError(path=str(path))
    if not path.parent.is_dir():  # said before seconds of generating, not after
        raise NoSuchFolderError(path=str(path), folder=str(path.parent))
    with atomic_output(path) as partial:
        feedback.push_info(QT_TRANSLATE_NOOP("Feedback", "generating villages, households, visits and disputes"))
        station = generate_station(households, seed, as_of, feedback.step(0, 35))
        feedback.push_info(QT_TRANSLATE_NOOP("Feedback", "drawing the hand-drawn sketch of the demo village"))
        layers = _with_sketch(station, np.random.default_rng([seed, 1]), seed)
        feedback.set_progress(45)
        store = GeoPackageStore.create(partial, STATION, styles=project_layer_styles())
        try:
            store.set_setting("demo_seed", str(seed))
            store.set_setting("demo_as_of", station.as_of.isoformat())
            names = [name for name in LAYERS if name in layers]
            for index, name in enumerate(names):
                feedback.push_info(
                    QT_TRANSLATE_NOOP("Feedback", "writing {layer} ({count:,} records)"),
                    layer=name,
                    count=len(layers[name]),
                )
                start = 45 + 50 * index / len(names)
                store.bulk_load(name, layers[name], feedback.step(start, start + 50 / len(names)))
            feedback.push_info(
                QT_TRANSLATE_NOOP(
                    "Feedback", "printing a grid sheet, marking it in the field and reading its photo back"
                )
            )
            evening = datetime.combine(station.as_of, time(18), STATION_TIMEZONE)
            add_marked_sheet(store, str(layers["grids"]["code"].min()), seed, evening)
            counts = {name: store.count(name) for name in LAYERS}
            feedback.set_progress(100)
        finally:
            store.close()
    sketch = layers["sketches"].iloc[0]
    return DemoProject(path, counts, (int(sketch["width"]), int(sketch["height"])))


def _with_sketch(station: DemoStation, rng: np.random.Generator, seed: int) -> dict[str, pd.DataFrame]:
    """Add the demo village's sketch, its control points and each drawn house's pixel position."""
    layers = dict(station.layers)
    plan = station.demo_village
    households = layers["households"].copy()
    grids = layers["grids"]
    drawn = households["id"].isin(station.demo_household_ids).to_numpy()
    demo = households[drawn]
    grid_labels = list(zip(grids["code"].iloc[: len(plan.grids)], grids["name"].iloc[: len(plan.grids)]))
    scene, distortion = sketch_scene(
        plan,
        house_numbers=demo["house_no"].tolist(),
        key_person=np.array([bool(split_tags(tags)) for tags in demo["key_person"]]),
        household_ids=demo["id"].tolist(),
        grid_labels=grid_labels,
        officer=grids["officer"].iloc[0],
        rng=rng,
    )
    photo = draw_sketch(scene, seed)
    (sketch_id,) = uuids(rng, 1)
    pixels = photo.photo_xy(np.array([[house.x, house.y] for house in scene.houses]))
    households.loc[drawn, "sketch_id"] = sketch_id
    households.loc[drawn, "sketch_x"] = np.round(pixels[:, 0], 2)
    households.loc[drawn, "sketch_y"] = np.round(pixels[:, 1], 2)
    layers["households"] = households
    layers["sketches"] = pd.DataFrame(
        {
            "id": [sketch_id],
            "title": [scene.title],
            "grid_id": [None],
            "drawn_by": [grids["officer"].iloc[0]],
            "image": [photo.image],
            "image_format": [photo.image_format],
            "width": [photo.width],
            "height": [photo.height],
            "notes": ["手机拍摄的手绘网格图原件"],
        }
    )
    layers["sketch_control_points"] = _control_points(scene, distortion, plan, photo, sketch_id, rng)
    drawn_on = pd.Timestamp(station.as_of, tz=STATION_TIMEZONE)
    for name in ("sketches", "sketch_control_points"):
        layers[name]["created_at"] = layers[name]["updated_at"] = drawn_on  # reproducible, like every demo record
    return layers


def _control_points(
    scene, distortion, plan, photo: SketchPhoto, sketch_id: str, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    """Landmarks and lane junctions an officer would click, with a click's imprecision."""
    labels = [landmark.label for landmark in scene.landmarks]
    paper = [[landmark.x, landmark.y] for landmark in scene.landmarks]
    truth = [[lm.x, lm.y] for lm in plan.landmarks]
    for number, junction in enumerate(plan.junctions[::3]):
        labels.append(f"路口 {number + 1}")
        paper.append(distortion(junction[None, :])[0].tolist())
        truth.append(junction.tolist())
    clicked = photo.photo_xy(np.asarray(paper)) + rng.normal(0, CONTROL_POINT_CLICK_NOISE_PX, (len(paper), 2))
    truth = np.asarray(truth)
    lon, lat = to_storage(truth[:, 0], truth[:, 1])
    frame = pd.DataFrame(
        {
            "id": uuids(rng, len(labels)),
            "sketch_id": sketch_id,
            "sketch_x": np.round(clicked[:, 0], 2),
            "sketch_y": np.round(clicked[:, 1], 2),
            "label": labels,
            "enabled": True,
        }
    )
    return gpd.GeoDataFrame(frame, geometry=shapely.points(lon, lat), crs=f"EPSG:{STORAGE_EPSG}")
