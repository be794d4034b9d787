"""Each layer's QGIS style (QML): Wangge's symbols, Chinese field names and forms, for QGIS and QField.

A GeoPackage's ``layer_styles`` table holds a default style per layer that QGIS and
QField load when they open the layer, so an officer editing a pulled copy on his
phone sees the four dispute colours, key persons ringed, grids outlined with their
code and name, and a form in Chinese: drop-down lists for every closed vocabulary,
key-person tags as a choice of one or two, households and grids picked by name
rather than typed as UUIDs, the record fields read-only and the personal fields in
a group of their own. Everything is generated from :mod:`layers.schema`,
:mod:`layers.vocabulary` and :mod:`maps.symbology`, so the styles cannot drift
from the app's own map; QGIS 3.22 (Debian 12's) is the oldest reader we test.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from layers.schema import LAYERS, RECORD_FIELD_NAMES, Field, FieldType, Generated, LayerSchema
from layers.vocabulary import (
    DisputeStatus,
    Grade,
    KeyPersonTag,
    LandmarkKind,
    RoadKind,
    VisitRecency,
    join_tags,
)
from maps.symbology import (
    DARK_OUTLINE,
    GRID_FILL,
    GRID_OUTLINE,
    KEY_PERSON_RING,
    LANDMARK_STYLES,
    PLAIN_HOUSEHOLD,
    RECENCY_MARKERS,
    ROAD_STYLES,
    LineStyle,
    MarkerStyle,
    Shape,
    landmark_dot,
    open_dispute_marker,
    resolved_dispute_marker,
)

QGIS_VERSION = "3.22.0"
LABEL_FONT = "Noto Sans CJK SC"
"""The CJK font Debian and most Chinese systems carry; QGIS substitutes another if a phone lacks it."""

KEY_PERSON_CHOICES = 2
"""Key-person tags offered together in one drop-down entry: QGIS's value map picks one entry, and a
household rarely carries more than two tags (more are kept and shown as stored)."""

RECENCY_FIELD = "recency"
"""The field an export adds to households (:func:`layers.exports.households_with_recency`)."""

PERSONAL_GROUP = "个人信息（导出时遮蔽）"
DETAILS_GROUP = "基本信息"
RECORD_GROUP = "记录信息（自动填写）"

_SHAPE_NAMES = {Shape.CIRCLE: "circle", Shape.SQUARE: "square", Shape.TRIANGLE: "triangle", Shape.DIAMOND: "diamond"}
_REFERENCE_NAMES = {"households": "house_no", "grids": "name", "sketches": "title", "disputes": "summary"}
"""What a drop-down shows for a record of the referenced layer instead of its UUID."""

_DEFAULT_EXPRESSIONS = {
    # A house added on the map belongs to the grid it lies in.
    ("households", "grid_id"): "array_first(overlay_within('grids', \"id\"))",
    ("disputes", "grid_id"): "attribute(get_feature('households', 'id', \"household_id\"), 'grid_id')",
    ("visits", "visited_at"): "now()",
    ("disputes", "reported_at"): "now()",
    # The officer of the visited household's grid; who is logged in when the grid names none.
    (
        "visits",
        "officer",
    ): "coalesce(attribute(get_feature('grids', 'id', attribute(get_feature('households', 'id', \"household_id\"), "
    "'grid_id')), 'officer'), @user_full_name)",
}
"""Defaults QGIS computes in the form, where the database cannot (it knows neither the map nor the user)."""


# -- small XML helpers ------------------------------------------------------------------


def _colour(hex_colour: str | None) -> str:
    """QGIS's "r,g,b,a" from ``#rrggbb`` or Qt's ``#aarrggbb``; None is fully transparent."""
    if hex_colour is None:
        return "0,0,0,0"
    digits = hex_colour.lstrip("#")
    alpha = 255
    if len(digits) == 8:
        alpha, digits = int(digits[:2], 16), digits[2:]
    red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return f"{red},{green},{blue},{alpha}"


def _options(parent: ET.Element, values: dict[str, str], name: str | None = None) -> ET.Element:
    """QGIS's ``<Option type="Map">`` of strings."""
    attributes = {"type": "Map"} | ({"name": name} if name else {})
    option_map = ET.SubElement(parent, "Option", attributes)
    for key, value in values.items():
        ET.SubElement(option_map, "Option", {"type": "QString", "name": key, "value": str(value)})
    return option_map


def _data_defined(parent: ET.Element, expressions: dict[str, str]) -> None:
    """A symbol layer's data-defined properties (property name -> QGIS expression)."""
    holder = ET.SubElement(parent, "data_defined_properties")
    collection = ET.SubElement(holder, "Option", {"type": "Map"})
    ET.SubElement(collection, "Option", {"type": "QString", "name": "name", "value": ""})
    properties = ET.SubElement(collection, "Option", {"type": "Map", "name": "properties"})
    for name, expression in expressions.items():
        prop = ET.SubElement(properties, "Option", {"type": "Map", "name": name})
        ET.SubElement(prop, "Option", {"type": "bool", "name": "active", "value": "true"})
        ET.SubElement(prop, "Option", {"type": "QString", "name": "expression", "value": expression})
        ET.SubElement(prop, "Option", {"type": "int", "name": "type", "value": "3"})  # an expression
    ET.SubElement(collection, "Option", {"type": "QString", "name": "type", "value": "collection"})


def _symbol(parent: ET.Element, kind: str, name: str) -> ET.Element:
    return ET.SubElement(
        parent, "symbol", {"type": kind, "name": name, "alpha": "1", "clip_to_extent": "1", "force_rhr": "0"}
    )


def _symbol_layer(symbol: ET.Element, cls: str, options: dict[str, str], expressions: dict[str, str] | None = None):
    layer = ET.SubElement(symbol, "layer", {"class": cls, "enabled": "1", "locked": "0", "pass": "0"})
    _options(layer, options)
    _data_defined(layer, expressions or {})
    return layer


def _marker_layer(symbol: ET.Element, marker: MarkerStyle, expressions: dict[str, str] | None = None) -> None:
    _symbol_layer(
        symbol,
        "SimpleMarker",
        {
            "name": _SHAPE_NAMES[marker.shape],
            "color": _colour(marker.fill),
            "outline_color": _colour(marker.outline),
            "outline_style": "solid",
            "outline_width": marker.outline_width,
            "outline_width_unit": "Point",
            "size": marker.size,
            "size_unit": "Point",
            "joinstyle": "miter",
            "scale_method": "diameter",
        },
        expressions,
    )


def _line_layer(symbol: ET.Element, colour: str, width: float) -> None:
    _symbol_layer(
        symbol,
        "SimpleLine",
        {
            "line_color": _colour(colour),
            "line_width": width,
            "line_width_unit": "Point",
            "line_style": "solid",
            "capstyle": "round",
            "joinstyle": "round",
        },
    )


def _renderer(root: ET.Element, kind: str, attribute: str | None = None) -> ET.Element:
    attributes = {"type": kind, "forceraster": "0", "symbollevels": "0", "enableorderby": "0", "referencescale": "-1"}
    if attribute:
        attributes["attr"] = attribute
    return ET.SubElement(root, "renderer-v2", attributes)


def _categorized(root: ET.Element, attribute: str, categories: Iterable[tuple[str, str]]) -> ET.Element:
    """A categorised renderer over ``(value, label)``; returns the ``<symbols>`` element to fill in order."""
    renderer = _renderer(root, "categorizedSymbol", attribute)
    listed = ET.SubElement(renderer, "categories")
    for index, (value, label) in enumerate(categories):
        ET.SubElement(listed, "category", {"value": value, "label": label, "symbol": str(index), "render": "true"})
    return ET.SubElement(renderer, "symbols")


# -- renderers, layer by layer ------------------------------------------------------------


def _disputes(root: ET.Element) -> None:
    """By grade in the four colours and shapes; resolved ones hollow and drawn first, beneath the open ones."""
    symbols = _categorized(root, "grade", [(grade.value, grade.zh) for grade in Grade])
    resolved = f"\"status\" = '{DisputeStatus.RESOLVED.value}'"
    for index, grade in enumerate(Grade):
        open_marker, resolved_marker = open_dispute_marker(grade), resolved_dispute_marker(grade)
        _marker_layer(
            _symbol(symbols, "marker", str(index)),
            open_marker,
            {
                "fillColor": f"CASE WHEN {resolved} THEN '0,0,0,0' ELSE '{_colour(open_marker.fill)}' END",
                "outlineColor": f"CASE WHEN {resolved} THEN '{_colour(resolved_marker.outline)}' "
                f"ELSE '{_colour(open_marker.outline)}' END",
                "outlineWidth": f"CASE WHEN {resolved} THEN {resolved_marker.outline_width} "
                f"ELSE {open_marker.outline_width} END",
                "size": f"CASE WHEN {resolved} THEN {resolved_marker.size} ELSE {open_marker.size} END",
            },
        )
    renderer = root.find("renderer-v2")
    renderer.set("enableorderby", "1")
    order = ET.SubElement(renderer, "orderby")
    ET.SubElement(order, "orderByClause", {"asc": "1", "nullsFirst": "0"}).text = f"NOT ({resolved})"


def _household_symbol(symbols: ET.Element, name: str, marker: MarkerStyle) -> None:
    """The household's square, and the key-person ring around it when the household has tags."""
    symbol = _symbol(symbols, "marker", name)
    _marker_layer(symbol, KEY_PERSON_RING, {"enabled": "coalesce(\"key_person\", '') <> ''"})
    _marker_layer(symbol, marker)


def _households(root: ET.Element, with_recency: bool) -> None:
    """By visit recency when the file holds it (an export), plain otherwise; key persons ringed either way."""
    if with_recency:
        symbols = _categorized(root, RECENCY_FIELD, [(recency.value, recency.zh) for recency in VisitRecency])
        for index, recency in enumerate(VisitRecency):
            _household_symbol(symbols, str(index), RECENCY_MARKERS[recency])
        return
    _household_symbol(ET.SubElement(_renderer(root, "singleSymbol"), "symbols"), "0", PLAIN_HOUSEHOLD)


def _grids(root: ET.Element) -> None:
    symbols = ET.SubElement(_renderer(root, "singleSymbol"), "symbols")
    _symbol_layer(
        _symbol(symbols, "fill", "0"),
        "SimpleFill",
        {
            "color": _colour(GRID_FILL),
            "style": "solid",
            "outline_color": _colour(GRID_OUTLINE.colour),
            "outline_style": "solid",
            "outline_width": GRID_OUTLINE.width,
            "outline_width_unit": "Point",
            "joinstyle": "round",
        },
    )
    _labels(root, '"code" || \'\\n\' || "name"', GRID_OUTLINE.colour, size=10)


def _roads(root: ET.Element) -> None:
    symbols = _categorized(root, "kind", [(kind.value, kind.zh) for kind in RoadKind])
    for index, kind in enumerate(RoadKind):
        style: LineStyle = ROAD_STYLES[kind]
        symbol = _symbol(symbols, "line", str(index))
        if style.casing:
            _line_layer(symbol, style.casing, style.width + 1.5)
        _line_layer(symbol, style.colour, style.width)


def _landmarks(root: ET.Element) -> None:
    """A badge in the kind's colour with its character, as on Wangge's map."""
    symbols = _categorized(root, "kind", [(kind.value, kind.zh) for kind in LandmarkKind])
    for index, kind in enumerate(LandmarkKind):
        symbol = _symbol(symbols, "marker", str(index))
        badge = landmark_dot(kind)
        _marker_layer(symbol, MarkerStyle(badge.shape, badge.fill, "#ffffff", 11.0, 1.0))
        _symbol_layer(
            symbol,
            "FontMarker",
            {
                "chr": LANDMARK_STYLES[kind].glyph,
                "font": LABEL_FONT,
                "color": _colour("#ffffff"),
                "size": 7.5,
                "size_unit": "Point",
                "outline_width": 0,
            },
        )
    _labels(root, '"name"', DARK_OUTLINE, size=8, offset_points=True)


def _plain_marker(root: ET.Element, marker: MarkerStyle) -> None:
    _marker_layer(_symbol(ET.SubElement(_renderer(root, "singleSymbol"), "symbols"), "marker", "0"), marker)


def _labels(root: ET.Element, expression: str, colour: str, size: float, offset_points: bool = False) -> None:
    """Labels in the CJK font with a white halo, so they read over households and roads."""
    root.set("labelsEnabled", "1")
    labeling = ET.SubElement(root, "labeling", {"type": "simple"})
    settings = ET.SubElement(labeling, "settings", {"calloutType": "simple"})
    style = ET.SubElement(
        settings,
        "text-style",
        {
            "fieldName": expression,
            "isExpression": "1",
            "fontFamily": LABEL_FONT,
            "fontSize": str(size),
            "fontSizeUnit": "Point",
            "textColor": _colour(colour),
            "textOpacity": "1",
            "multilineHeight": "1",
        },
    )
    ET.SubElement(
        style,
        "text-buffer",
        {
            "bufferDraw": "1",
            "bufferSize": "1",
            "bufferSizeUnits": "MM",
            "bufferColor": "255,255,255,255",
            "bufferOpacity": "0.85",
            "bufferNoFill": "1",
            "bufferJoinStyle": "128",
        },
    )
    ET.SubElement(settings, "text-format", {"multilineAlign": "3", "wrapChar": ""})
    ET.SubElement(
        settings,
        "placement",
        {"placement": "0" if offset_points else "1", "dist": "1", "distUnits": "MM", "priority": "5"},
    )
    ET.SubElement(settings, "rendering", {"obstacle": "1", "obstacleType": "1", "displayAll": "0"})


def _renderer_for(root: ET.Element, layer: LayerSchema, with_recency: bool) -> None:
    match layer.name:
        case "disputes":
            _disputes(root)
        case "households":
            _households(root, with_recency)
        case "grids":
            _grids(root)
        case "roads":
            _roads(root)
        case "landmarks":
            _landmarks(root)
        case _ if layer.is_spatial:
            _plain_marker(root, MarkerStyle(Shape.CIRCLE, "#6a3d9a", "#ffffff", 5.0, 0.75))


# -- the form -----------------------------------------------------------------------------


def key_person_choices() -> list[tuple[str, str]]:
    """``(Chinese words, stored codes)`` for none, each tag, and each pair, codes as :func:`join_tags` stores them."""
    choices = [("无", "")]
    for count in range(1, KEY_PERSON_CHOICES + 1):
        for tags in itertools.combinations(KeyPersonTag, count):
            choices.append(("、".join(tag.zh for tag in tags), join_tags(tags)))
    return choices


def _value_map(config: ET.Element, choices: Iterable[tuple[str, str]]) -> None:
    top = ET.SubElement(config, "Option", {"type": "Map"})
    listed = ET.SubElement(top, "Option", {"type": "List", "name": "map"})
    for words, code in choices:
        entry = ET.SubElement(listed, "Option", {"type": "Map"})
        ET.SubElement(entry, "Option", {"type": "QString", "name": words, "value": code})


def _edit_widget(parent: ET.Element, layer: LayerSchema, field: Field) -> None:
    """The widget QGIS and QField show for ``field`` in a form."""
    if field.vocabulary is not None:
        widget = ET.SubElement(parent, "editWidget", {"type": "ValueMap"})
        _value_map(ET.SubElement(widget, "config"), [(member.zh, member.value) for member in field.vocabulary])
    elif layer.name == "households" and field.name == "key_person":
        widget = ET.SubElement(parent, "editWidget", {"type": "ValueMap"})
        _value_map(ET.SubElement(widget, "config"), key_person_choices())
    elif field.type is FieldType.BOOLEAN:
        widget = ET.SubElement(parent, "editWidget", {"type": "CheckBox"})
        _options(ET.SubElement(widget, "config"), {"CheckedState": "1", "UncheckedState": "0"})
    elif field.references in _REFERENCE_NAMES:
        widget = ET.SubElement(parent, "editWidget", {"type": "ValueRelation"})
        _options(
            ET.SubElement(widget, "config"),
            {
                "Layer": field.references,
                "LayerName": field.references,
                "LayerProviderName": "ogr",
                "Key": "id",
                "Value": _REFERENCE_NAMES[field.references],
                "AllowNull": "true" if not field.required else "false",
                "OrderByValue": "true",
                "AllowMulti": "false",
                "UseCompleter": "true",
            },
        )
    elif field.type in (FieldType.DATETIME, FieldType.DATE):
        widget = ET.SubElement(parent, "editWidget", {"type": "DateTime"})
        display = "yyyy-MM-dd HH:mm" if field.type is FieldType.DATETIME else "yyyy-MM-dd"
        _options(
            ET.SubElement(widget, "config"),
            {"allow_null": "true", "calendar_popup": "true", "display_format": display, "field_iso_format": "true"},
        )
    else:
        ET.SubElement(ET.SubElement(parent, "editWidget", {"type": "TextEdit"}), "config")


def _form(root: ET.Element, layer: LayerSchema, extra_fields: tuple[Field, ...]) -> None:
    fields = layer.fields + extra_fields
    configuration = ET.SubElement(root, "fieldConfiguration")
    for field in fields:
        _edit_widget(
            ET.SubElement(configuration, "field", {"name": field.name, "configurationFlags": "None"}), layer, field
        )
    aliases = ET.SubElement(root, "aliases")
    for field in fields:
        ET.SubElement(aliases, "alias", {"field": field.name, "name": field.title_zh})
    defaults = ET.SubElement(root, "defaults")
    for field in fields:
        expression = _DEFAULT_EXPRESSIONS.get((layer.name, field.name), "")
        if field.generated is Generated.NEW_UUID:
            expression = "uuid('WithoutBraces')"  # QGIS cannot run the database's own UUID expression itself
        ET.SubElement(defaults, "default", {"field": field.name, "expression": expression, "applyOnUpdate": "0"})
    ET.SubElement(root, "editorlayout").text = "tablayout"
    _form_layout(root, layer, fields)
    editable = ET.SubElement(root, "editable")
    for field in fields:
        read_only = field.name in RECORD_FIELD_NAMES or field in extra_fields
        ET.SubElement(editable, "field", {"name": field.name, "editable": "0" if read_only else "1"})


def _form_layout(root: ET.Element, layer: LayerSchema, fields: tuple[Field, ...]) -> None:
    """Three groups: what the officer fills in, the personal fields masked on export, and the record fields."""
    form = ET.SubElement(root, "attributeEditorForm")
    personal = [f for f in fields if f.sensitive]
    record = [f for f in fields if f.name in RECORD_FIELD_NAMES]
    details = [f for f in fields if f not in personal and f not in record]
    for title, members in ((DETAILS_GROUP, details), (PERSONAL_GROUP, personal), (RECORD_GROUP, record)):
        if not members:
            continue
        container = ET.SubElement(
            form,
            "attributeEditorContainer",
            {
                "name": title,
                "showLabel": "1",
                "groupBox": "0",
                "columnCount": "1",
                "visibilityExpressionEnabled": "0",
                "visibilityExpression": "",
            },
        )
        for field in members:
            ET.SubElement(
                container,
                "attributeEditorField",
                {"name": field.name, "index": str(fields.index(field) + 1), "showLabel": "1"},
            )


# -- the documents -------------------------------------------------------------------------

EXPORT_FIELDS = {
    "households": (
        Field(RECENCY_FIELD, FieldType.TEXT, "走访状态", vocabulary=VisitRecency),
        Field("last_visit", FieldType.DATETIME, "最近走访"),
    )
}
"""Fields an export adds to a layer (a snapshot of the review's figures), described for the form."""


def layer_style_qml(layer: LayerSchema, extra_fields: tuple[Field, ...] = ()) -> str:
    """The QML document for ``layer``; ``extra_fields`` are columns a file adds to the layer's own."""
    root = ET.Element(
        "qgis",
        {"version": QGIS_VERSION, "styleCategories": "AllStyleCategories", "labelsEnabled": "0", "readOnly": "0"},
    )
    _renderer_for(root, layer, with_recency=any(f.name == RECENCY_FIELD for f in extra_fields))
    _form(root, layer, extra_fields)
    ET.indent(root, space=" ")
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + ET.tostring(root, encoding="unicode")


def project_layer_styles() -> dict[str, str]:
    """Layer name -> QML for every layer of a project file or offline copy."""
    return {name: layer_style_qml(layer) for name, layer in LAYERS.items()}


def export_layer_styles(layers: Iterable[str]) -> dict[str, str]:
    """Layer name -> QML for the layers of an export, with the fields the export adds."""
    return {name: layer_style_qml(LAYERS[name], EXPORT_FIELDS.get(name, ())) for name in layers}
