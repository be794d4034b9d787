"""Why imagery could not be added to a project, in words a station clerk can act on.

Each error names the image file (or the project) and the problem; the project
file is unchanged when any of them is raised.
"""

from __future__ import annotations

from layers.errors import QT_TRANSLATE_NOOP, WanggeError


class ImageryFileError(WanggeError):
    """The image cannot be used: missing, not a raster, damaged, not georeferenced, bands or layout we cannot show."""

    template = QT_TRANSLATE_NOOP("ImageryFileError", "{path}: cannot add this imagery ({reason})")


class ImageryNameTakenError(WanggeError):
    """The project already holds imagery (or a layer) under the name asked for."""

    template = QT_TRANSLATE_NOOP(
        "ImageryNameTakenError",
        "{path}: the project already has imagery or a layer named '{name}'; choose another name",
    )


class ImageryNeedsGeoPackageError(WanggeError):
    """A shared (PostGIS) project: imagery is kept only in a station's GeoPackage file."""

    template = QT_TRANSLATE_NOOP(
        "ImageryNeedsGeoPackageError",
        "{location}: imagery is kept only in a GeoPackage project (.gpkg), not in a shared database; "
        "add it to the station's own project file or to an offline copy",
    )


class ImageryWriteError(WanggeError):
    """The tiles could not be written (a full disk, say); the project is as it was."""

    template = QT_TRANSLATE_NOOP(
        "ImageryWriteError", "{path}: the imagery was not added ({reason}); the project is unchanged"
    )


class UnknownImageryError(WanggeError):
    """A name that is none of the project's imagery."""

    template = QT_TRANSLATE_NOOP("UnknownImageryError", "{path}: no imagery called '{name}' (the project has: {names})")
