"""Taking imagery out of a project again: a wrong image added by mistake, or the undo of an add.

The pyramid's table and its registration go in one transaction, with the
store's edits held off as for an add (:func:`layers.imagery.adding.add_imagery`).
The file does not shrink until it is compacted; the space is reused by the next add.
"""

from __future__ import annotations

from pathlib import Path

from layers.imagery import gpkg_tiles
from layers.imagery.adding import in_one_transaction, project_file
from layers.imagery.errors import UnknownImageryError
from layers.store.base import ProjectStore


def remove_imagery(project: str | Path | ProjectStore, name: str) -> None:
    """Remove the imagery called ``name`` (its name as listed, or its table) from a GeoPackage project."""
    path, store = project_file(project)
    listed = gpkg_tiles.list_imagery(path)
    found = [info for info in listed if name in (info.name, info.table)]
    if not found:
        raise UnknownImageryError(path=str(path), name=name, names=", ".join(info.name for info in listed) or "-")
    in_one_transaction(path, store, lambda connection: gpkg_tiles.unregister_pyramid(connection, found[0].table))
