"""The export writers of :mod:`layers.exports`, with the QGIS styles that only ``maps`` can make bound in.

A GeoPackage export is opened in QGIS or QField more often than in Wangge: it carries
each layer's style and Chinese form (:mod:`maps.qgis_style`). The command line and the
export dialog both write through :data:`EXPORTERS`, so neither can forget them.
"""

from __future__ import annotations

from pathlib import Path

from layers import exports
from layers.feedback import Feedback
from layers.store import ProjectStore
from maps.qgis_style import export_layer_styles


def export_gpkg(
    store: ProjectStore, path: str | Path, show_personal: bool = False, feedback: Feedback | None = None
) -> dict[str, int]:
    """:func:`layers.exports.export_gpkg` with each layer's QGIS style."""
    styles = export_layer_styles(exports.GPKG_LAYERS)
    return exports.export_gpkg(store, path, show_personal, feedback, styles=styles)


EXPORTERS = {**exports.EXPORTERS, "gpkg": export_gpkg}
"""Each kind of file by its ``wangge export --format`` code."""
