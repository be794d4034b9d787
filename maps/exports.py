"""The export writers of :mod:`layers.exports`, with the QGIS styles that only ``maps`` can make bound in.

A GeoPackage export is opened in QGIS or QField more often than in Wangge: it carries
each layer's style and Chinese form (:mod:`maps.qgis_style`), and the station's imagery
and placed sketches to lay under them (:mod:`maps.field_basemaps`). The command line and the
export dialog both write through :data:`EXPORTERS`, so neither can forget them.
"""

from __future__ import annotations

from pathlib import Path

from layers import exports
from layers.feedback import Feedback
from layers.files import atomic_output
from layers.store import ProjectStore
from maps.field_basemaps import add_field_basemaps
from maps.qgis_style import export_layer_styles


def export_gpkg(
    store: ProjectStore, path: str | Path, show_personal: bool = False, feedback: Feedback | None = None
) -> dict[str, int]:
    """:func:`layers.exports.export_gpkg` with each layer's QGIS style, the imagery and the placed sketches."""
    feedback = feedback or Feedback()
    target = exports.check_destination(store, path)
    with atomic_output(target) as temporary:
        styles = export_layer_styles(exports.GPKG_LAYERS)
        counts = exports.export_gpkg(store, temporary, show_personal, feedback.step(0, 60), styles=styles)
        add_field_basemaps(store, temporary, feedback.step(60, 100))
    return counts


EXPORTERS = {**exports.EXPORTERS, "gpkg": export_gpkg}
"""Each kind of file by its ``wangge export --format`` code."""
