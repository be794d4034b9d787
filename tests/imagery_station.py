"""A station project with its satellite imagery, built from :mod:`tests.station_files` as a station builds it.

The imagery tests check drawn colours at places whose colour the image is known
to have: a household's blue roof (:data:`~tests.station_files.ROOF_COLOUR`,
14 m x 9 m about its position) and the middle of a road
(:data:`~tests.station_files.ROAD_COLOURS`). This module builds the projects
and names those places in metres; the pixel checks live with the tests.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

from layers.crs import to_measure
from layers.imagery import add_imagery
from layers.imports import import_register
from layers.station_setup import StationSetup, create_station_project
from tests import station_files as place

ROOF_OFFSET_M = 3.0
"""East of a household's position, well inside its roof (7 m half-width), clear of the household's marker."""
IMAGE_SIZE = (1600, 1280)
"""Pixels of the village's GeoTIFF: about 1.1 m each, so a roof is 12 x 8 pixels and a lane four wide."""
COLOUR_TOLERANCE = 36
"""JPEG tiles (their colour is kept at half resolution, so a small blue roof rings) and bilinear warping
move a colour by up to about thirty units; fields, yards and roads are a hundred or more away from a roof."""


def station_with_imagery(
    folder: Path,
    *,
    vector: bool = True,
    sketch: bool = False,
    imagery_epsg: int = 32648,
    image_size: tuple[int, int] = IMAGE_SIZE,
    name: str = "清水河村.gpkg",
) -> Path:
    """A new station project in ``folder`` holding the village's GeoTIFF as imagery.

    With ``vector``, also grids (GeoJSON), roads and landmarks (the OSM
    extract, after the grids it is clipped to) and households (the Excel
    register); with ``sketch``, the photographed sketch too, not georeferenced.
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = folder / "files"
    project = folder / name
    setup = StationSetup("韦州派出所", township=place.TOWNSHIP, county="同心县", villages=(place.VILLAGE,))
    store = create_station_project(project, setup)
    try:
        if vector:
            import_register(store, "grids", place.grid_geojson(files))
            extract = place.osm_extract(files)
            import_register(store, "roads", extract)
            import_register(store, "landmarks", extract)
            register, _households = place.household_register_xlsx(files)
            import_register(store, "households", register)
        if sketch:
            from maps.sketch_photo import add_sketch, read_sketch_photo

            photo = read_sketch_photo(place.photographed_sketch(files).path)
            grid_id = None
            if vector:
                grids = store.read("grids", columns=["id", "code"])
                grid_id = str(grids[grids["code"] == "QSH-01"]["id"].iloc[0])
            add_sketch(store, photo, "第一网格手绘图", grid_id, "马建军")
        add_imagery(store, place.township_geotiff(files, epsg=imagery_epsg, size=image_size).path, name="清水河村影像")
    finally:
        store.close()
    return project


def metres(lonlat: tuple[float, float]) -> tuple[float, float]:
    x, y = to_measure(*lonlat)
    return float(x), float(y)


def roof(household: place.Household) -> tuple[float, float]:
    """A point on the household's roof, in metres, beside where its marker is drawn."""
    x, y = metres(household.position)
    return x + ROOF_OFFSET_M, y


def road_middle(road: place.Road) -> tuple[float, float]:
    """The middle of the road's first stretch, in metres."""
    (ax, ay), (bx, by) = metres(road.points[0]), metres(road.points[1])
    return (ax + bx) / 2, (ay + by) / 2


def rgb_array(image: QImage) -> np.ndarray:
    """The image as a (height, width, 3) uint8 array, composited as shown."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def is_colour(pixel, expected, tolerance: int = COLOUR_TOLERANCE) -> bool:
    return bool((np.abs(np.asarray(pixel[:3], dtype=int) - np.asarray(expected[:3], dtype=int)) <= tolerance).all())
