"""QGIS as an officer's field client, run by Debian's Python with python3-qgis: not part of the app.

    /usr/bin/python3 tests/qgis_field_client.py COPY.gpkg GRID_CODE

Opens the copy's layers in one QGIS project (so the forms' drop-downs and defaults can
look up grids and households), reports each layer's default style as QGIS read it, then
edits as an officer would through the form's logic (``QgsVectorLayerUtils.createFeature``
fills what the form fills): adds a household inside the grid, a visit to it and a dispute
at it, changes another household's phone and moves it. Prints one JSON report.
"""

from __future__ import annotations

import json
import sys

from qgis.core import (
    QgsApplication,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
    QgsVectorLayerUtils,
)

EDITED_LAYERS = ("grids", "households", "visits", "disputes", "roads", "landmarks")


def style_report(layer: QgsVectorLayer) -> dict:
    renderer = layer.renderer()
    report = {"renderer": renderer.type(), "aliases": {}, "widgets": {}, "read_only": []}
    if renderer.type() == "categorizedSymbol":
        report["attribute"] = renderer.classAttribute()
        report["categories"] = [
            [category.value(), category.label(), category.symbol().symbolLayer(0).color().name()]
            for category in renderer.categories()
        ]
    form = layer.editFormConfig()
    for index, field in enumerate(layer.fields()):
        report["aliases"][field.name()] = layer.attributeAlias(index)
        setup = layer.editorWidgetSetup(index)
        value_map = setup.config().get("map") if setup.type() == "ValueMap" else None
        report["widgets"][field.name()] = {
            "type": setup.type(),
            "map": [[words, code] for entry in value_map or [] for words, code in entry.items()],
        }
        if form.readOnly(index):
            report["read_only"].append(field.name())
    report["labels"] = layer.labelsEnabled()
    return report


def add(layer: QgsVectorLayer, geometry: QgsGeometry | None, **values) -> dict:
    """A feature as the form makes it (its defaults evaluated), committed; returns its attributes."""
    fields = layer.fields()
    feature = QgsVectorLayerUtils.createFeature(
        layer, geometry or QgsGeometry(), {fields.indexOf(name): value for name, value in values.items()}
    )
    layer.startEditing()
    if not layer.addFeature(feature):
        raise SystemExit(f"{layer.name()}: addFeature refused")
    committed = layer.commitChanges()
    return {
        "committed": committed,
        "errors": layer.commitErrors(),
        "values": {field.name(): _plain(feature[field.name()]) for field in fields},
    }


def _plain(value):
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    if hasattr(value, "toString") and not isinstance(value, str):
        return value.toString("yyyy-MM-ddTHH:mm:ss")
    return value


def main(path: str, grid_code: str) -> None:
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    layers = {}
    for name in EDITED_LAYERS:
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        if not layer.isValid():
            raise SystemExit(f"QGIS cannot open layer {name} of {path}")
        project.addMapLayer(layer)
        layers[name] = layer
    report = {"styles": {name: style_report(layer) for name, layer in layers.items()}}

    grid = next(layers["grids"].getFeatures(f"\"code\" = '{grid_code}'"))
    inside = grid.geometry().pointOnSurface()
    house = add(layers["households"], inside, house_no="巷尾1号", head_name="马新户", phone="13900000001")
    household_id = house["values"]["id"]
    visit = add(layers["visits"], inside, household_id=household_id, purpose="key_person", outcome="met")
    dispute = add(layers["disputes"], inside, household_id=household_id, grade="orange", kind="neighbour")
    report["added"] = {"households": house, "visits": visit, "disputes": dispute}

    households = layers["households"]
    existing = next(households.getFeatures(f"\"id\" <> '{household_id}' AND \"grid_id\" = '{grid['id']}'"))
    moved_to = QgsPointXY(inside.asPoint().x() + 0.0005, inside.asPoint().y() + 0.0003)
    households.startEditing()
    households.changeAttributeValue(existing.id(), households.fields().indexOf("phone"), "13811112222")
    households.changeGeometry(existing.id(), QgsGeometry.fromPointXY(moved_to))
    report["changed"] = {
        "id": existing["id"],
        "phone": "13811112222",
        "moved_to": [moved_to.x(), moved_to.y()],
        "committed": households.commitChanges(),
        "errors": households.commitErrors(),
    }
    print(json.dumps(report, ensure_ascii=False))
    app.exitQgis()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
