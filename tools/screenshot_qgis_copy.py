"""Screenshots of a grid copy pulled from the shared database, as QGIS opens it: the map and a household's form.

    xvfb-run -a python tools/screenshot_qgis_copy.py DEMO.gpkg [--grid YH-01] [--out docs/images]

Pushes the demo village to a throw-away PostGIS server (Debian's postgresql-15 and postgis),
runs ``wangge db pull --grid``, then opens the copy in QGIS (Debian's python3-qgis, run by
/usr/bin/python3) with nothing but the styles the copy carries, and writes
``qgis-copy-map-zh.png`` (the layers over the grid's sketch, which the copy carries as a raster)
and ``qgis-copy-form-zh.png``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

QGIS_PART = r"""
import sqlite3
import sys
from qgis.core import (QgsApplication, QgsMapRendererCustomPainterJob, QgsMapSettings, QgsProject,
                       QgsRasterLayer, QgsVectorLayer)
from qgis.gui import QgsAttributeEditorContext, QgsAttributeForm, QgsGui
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QImage, QPainter

copy, grid_code, out = sys.argv[1:4]
app = QgsApplication([], True)
app.initQgis()
QgsGui.editorWidgetRegistry().initEditors()  # what the QGIS application does at start; forms need it
project = QgsProject.instance()
layers = {}
for name in ("grids", "roads", "landmarks", "households", "disputes"):
    layer = QgsVectorLayer(f"{copy}|layername={name}", name, "ogr")
    assert layer.isValid(), name
    project.addMapLayer(layer)
    layers[name] = layer
with sqlite3.connect(copy) as connection:
    rasters = connection.execute(
        "SELECT table_name, identifier FROM gpkg_contents WHERE data_type = 'tiles'"
    ).fetchall()
basemaps = [QgsRasterLayer(f"GPKG:{copy}:{table}", name, "gdal") for table, name in rasters]
for basemap in basemaps:
    assert basemap.isValid(), basemap.name()
    basemap.setOpacity(0.55)  # the drawing under the data, as Wangge shows it
    project.addMapLayer(basemap)
grid = next(layers["grids"].getFeatures(f"\"code\" = '{grid_code}'"))
extent = grid.geometry().boundingBox()
extent.grow(max(extent.width(), extent.height()) * 0.06)
settings = QgsMapSettings()
settings.setLayers([layers[n] for n in ("disputes", "households", "landmarks", "roads", "grids")] + basemaps)
settings.setDestinationCrs(layers["grids"].crs())
settings.setOutputSize(QSize(1400, 1000))
settings.setExtent(extent)
settings.setBackgroundColor(QColor("#f4f1ea"))
settings.setOutputDpi(110)
image = QImage(settings.outputSize(), QImage.Format_ARGB32_Premultiplied)
image.fill(QColor("#f4f1ea"))
painter = QPainter(image)
job = QgsMapRendererCustomPainterJob(settings, painter)
job.start()
job.waitForFinished()
painter.end()
image.save(f"{out}/qgis-copy-map-zh.png")

households = layers["households"]
household = next(households.getFeatures("\"key_person\" <> ''"))
households.startEditing()  # the form as an officer editing the copy sees it
form = QgsAttributeForm(households, household, QgsAttributeEditorContext())
form.resize(560, 760)
form.show()
form.grab().save(f"{out}/qgis-copy-form-zh.png")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--grid", default="YH-01")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from layers.store import open_project
    from layers.store.offline import push
    from layers.store.postgis_admin import initialise
    from tests.postgis_server import start_cluster

    cluster = start_cluster()
    try:
        url = cluster.create_database("screenshot")
        initialise(url)
        with open_project(arguments.project) as local, open_project(url) as server:
            push(local, server)
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / f"{arguments.grid}.gpkg"
            environment = {**os.environ, "PYTHONPATH": str(ROOT)}
            subprocess.run(
                [sys.executable, "-m", "wangge", "db", "pull", url, str(copy), "--grid", arguments.grid],
                check=True,
                env=environment,
            )
            arguments.out.mkdir(parents=True, exist_ok=True)
            qgis_environment = {"PATH": "/usr/bin:/bin", "HOME": folder, "LANG": "zh_CN.UTF-8"}
            for name in ("DISPLAY", "XAUTHORITY"):  # the X server the screenshots are taken on
                qgis_environment[name] = os.environ.get(name, "")
            subprocess.run(
                ["/usr/bin/python3", "-c", QGIS_PART, str(copy), arguments.grid, str(arguments.out.resolve())],
                check=True,
                env=qgis_environment,
            )
    finally:
        cluster.stop()
    print(f"wrote {arguments.out}/qgis-copy-map-zh.png and qgis-copy-form-zh.png")


if __name__ == "__main__":
    main()
