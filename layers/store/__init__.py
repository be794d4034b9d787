"""Project stores: where a station's layers live.

>>> store = open_project("station.gpkg")        # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from layers.store.base import SETTINGS, Change, Feature, LayerInfo, ProjectStore, new_feature
from layers.store.gpkg import GeoPackageStore

__all__ = [
    "SETTINGS",
    "Change",
    "Feature",
    "GeoPackageStore",
    "LayerInfo",
    "ProjectStore",
    "create_project",
    "new_feature",
    "open_project",
]


def is_database_url(location: str | Path) -> bool:
    return str(location).startswith(("postgresql://", "postgres://"))


def open_project(location: str | Path, user: str | None = None) -> ProjectStore:
    """Open an existing project: a ``.gpkg`` file path or a ``postgresql://`` URL.

    ``user`` is who the audit log names for the edits (default: the OS login name).
    """
    if is_database_url(location):
        from layers.store.postgis import PostGISStore  # psycopg loads only for shared databases

        return PostGISStore.open(str(location), user=user)
    return GeoPackageStore.open(Path(location), user=user)


def create_project(
    path: str | Path, station: str, user: str | None = None, styles: Mapping[str, str] | None = None
) -> ProjectStore:
    """Create a new, empty project file for ``station``; ``styles``: each layer's QGIS style (layer -> QML)."""
    return GeoPackageStore.create(Path(path), station, user=user, styles=styles)
