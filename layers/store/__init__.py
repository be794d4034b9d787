"""Project stores: where a station's layers live.

>>> store = open_project("station.gpkg")        # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from layers.errors import NotAProjectError
from layers.store.base import Change, Feature, LayerInfo, ProjectStore, new_feature
from layers.store.gpkg import GeoPackageStore

__all__ = [
    "Change",
    "Feature",
    "GeoPackageStore",
    "LayerInfo",
    "ProjectStore",
    "create_project",
    "new_feature",
    "open_project",
]


def open_project(location: str | Path) -> ProjectStore:
    """Open an existing project: a ``.gpkg`` file path."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        raise NotAProjectError(
            path=text.split("@")[-1], reason="shared PostGIS databases are not supported by this version"
        )
    return GeoPackageStore.open(Path(location))


def create_project(path: str | Path, station: str) -> ProjectStore:
    """Create a new, empty project file for ``station``."""
    return GeoPackageStore.create(Path(path), station)
