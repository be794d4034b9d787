"""A station's map as one self-contained HTML page, for people who have no Wangge.

The page opens in any browser, also on a police intranet with no internet: it
fetches no script, stylesheet, font, image or tile. Leaflet is shipped in
``resources/web`` and written into the page, its control images as ``data:``
URIs; folium builds the page, but only with classes that need nothing besides
Leaflet (GeoJSON layers with circle markers and div icons: folium's popups,
awesome-markers and ``keep_in_front`` pull in jQuery and Bootstrap from CDNs).
There is no basemap, since a tile server is exactly what the intranet lacks;
the grids, roads and landmarks are the map.

It draws what the review draws, from :func:`layers.review.load_review` and the
symbol tables of :mod:`maps.symbology`, and its legend words come from
:func:`maps.legend.legend_text`, so the page, the canvas and printed maps agree.
Residents' details are masked by :func:`layers.privacy.mask_frame` unless
``show_personal`` is asked for, and then the page says so at the top.
"""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.features import GeoJsonPopup, GeoJsonTooltip
from jinja2 import Template
from PySide6.QtCore import QCoreApplication

from layers.errors import WanggeError
from layers.exports import atomic_output, check_destination
from layers.feedback import Feedback
from layers.privacy import mask_frame
from layers.review import OPEN_STATUSES, ReviewData, load_review
from layers.schema import layer_schema
from layers.store import ProjectStore
from layers.values import STATION_TIMEZONE
from layers.vocabulary import KEY_PERSON_SEPARATOR, Grade, KeyPersonTag, LandmarkKind, RoadKind, VisitRecency
from maps.labels import CHINESE, current_language, field_title, term
from maps.legend import legend_text
from maps.symbology import (
    GRID_OUTLINE,
    KEY_PERSON_RING,
    LANDMARK_STYLES,
    RECENCY_MARKERS,
    ROAD_STYLES,
    LegendEntry,
    MarkerStyle,
    open_dispute_marker,
    points_to_pixels,
    resolved_dispute_marker,
)
from resources import resource_path

LEAFLET_JS = "leaflet.js"
LEAFLET_CSS = "leaflet.css"
CSS_IMAGES = ("layers.png", "layers-2x.png", "marker-icon.png")
"""Images leaflet.css refers to (``url(images/...)``); written into the page as data: URIs."""
_PLACEHOLDER = "wangge-inline:"
SCREEN_DPI = 96.0  # browsers draw CSS pixels at 96 per inch
ENGLISH_LAYER_TITLES = {
    "grids": "Grids", "roads": "Roads", "landmarks": "Landmarks", "households": "Households", "disputes": "Disputes",
}  # fmt: skip
"""English names of the layers; in Chinese the schema's ``title_zh`` (as :func:`maps.labels.field_title` does)."""
HOUSEHOLD_FIELDS = (
    "house_no", "head_name", "members", "phone", "id_number", "address", "grid_id", "key_person", "recency",
    "last_visit", "anti_fraud_app", "camera",
)  # fmt: skip
DISPUTE_FIELDS = (
    "grade", "status", "kind", "level", "reported_at", "parties", "summary", "mediator", "agreement_signed",
    "resolved_at", "followup_due",
)  # fmt: skip
GRID_TOOLTIP_FIELDS = ("code", "name", "officer")
GRID_POPUP_FIELDS = ("code", "name", "officer", "auxiliary", "phone", "visit_cycle_days")
KEY_PERSON_WEIGHT = 2.5  # pixels: the dark outline that marks a key person's household
YES, NO = "✓", "✗"  # no words to translate, read the same in Chinese and English


@dataclass(frozen=True)
class WebMapResult:
    """What :func:`write_web_map` wrote: the features drawn per layer, and layers it could not read."""

    path: Path
    counts: dict[str, int]
    problems: tuple[WanggeError, ...]
    size: int  # bytes


class MetricScale(MacroElement):
    """A scale bar in metres only (folium's ``control_scale`` adds feet and miles)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


def layer_title(layer: str) -> str:
    return layer_schema(layer).title_zh if current_language() == CHINESE else ENGLISH_LAYER_TITLES[layer]


def write_web_map(
    store: ProjectStore,
    out_path: str | Path,
    show_personal: bool = False,
    feedback: Feedback | None = None,
    as_of: datetime | None = None,
) -> WebMapResult:
    """Write the station's map as one offline HTML file at ``out_path`` (replaced only once complete)."""
    feedback = feedback or Feedback()
    target = check_destination(store, out_path)
    data = load_review(store, as_of=as_of, feedback=feedback.step(0, 70))
    households = data.households
    if show_personal:  # the review leaves ID numbers out; full details bring them back
        id_numbers = store.read("households", columns=["id", "id_number"]).set_index("id")["id_number"]
        households = households.assign(id_number=households["id"].map(id_numbers))
    feedback.raise_if_canceled()
    page, counts = build_web_map(data, households, store.settings().get("station", ""), show_personal)
    feedback.set_progress(95)
    with atomic_output(target) as temporary:
        temporary.write_text(page, encoding="utf-8")
    feedback.set_progress(100)
    return WebMapResult(target, counts, data.problems, target.stat().st_size)


def build_web_map(
    data: ReviewData, households: pd.DataFrame, station: str, show_personal: bool
) -> tuple[str, dict[str, int]]:
    """The page's HTML and the features drawn per layer."""
    page = _Page()
    counts = {
        "grids": _add_grids(page, data),
        "roads": _add_roads(page, data),
        "landmarks": _add_landmarks(page, data),
        "households": _add_households(page, data, households, show_personal),
        "disputes": _add_disputes(page, data, show_personal),
    }
    folium.LayerControl().add_to(page.map)
    MetricScale().add_to(page.map)
    bounds = page.map.get_bounds()  # of everything drawn
    if bounds[0][0] is not None:
        page.map.fit_bounds(bounds)
    root = page.map.get_root()
    root.title = html.escape(station)
    root.html.add_child(folium.Element(_title_box(station, data, show_personal) + _legend_box(page.legend)))
    root.header.add_child(folium.Element(f"<style>{PAGE_CSS}</style>"), name="wangge_css")
    return _inline_leaflet(root.render()), counts


# -- layers ---------------------------------------------------------------------


def _collection(name: str, geometries: np.ndarray, properties: pd.DataFrame) -> dict:
    """A FeatureCollection named after its layer, coordinates rounded to 6 decimals (about 0.1 m)."""
    texts = shapely.to_geojson(shapely.set_precision(geometries, 1e-6, mode="pointwise"))
    rows = properties.to_dict("records")
    features = [
        {"type": "Feature", "id": i, "geometry": json.loads(text), "properties": row}
        for i, (text, row) in enumerate(zip(texts, rows))
    ]
    return {"type": "FeatureCollection", "name": name, "features": features}


def _texts(layer: str, frame: pd.DataFrame, fields: tuple[str, ...]) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Popup values as escaped text (they go into innerHTML), the fields shown, and their titles."""
    shown = [name for name in fields if name in frame.columns]
    texts = pd.DataFrame(index=frame.index)
    for name in shown:
        texts[name] = frame[name].map(_display).map(html.escape)
    return texts, shown, [html.escape(field_title(layer, name)) for name in shown]


def _display(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return YES if value else NO
    if isinstance(value, pd.Timestamp):
        return value.tz_convert(STATION_TIMEZONE).strftime("%Y-%m-%d %H:%M")
    return str(value)


class _Page:
    """The folium map being built and the legend sections of what was drawn on it."""

    def __init__(self) -> None:
        self.map = folium.Map(tiles=None, attribution_control=False, prefer_canvas=True)
        self.map.default_js = [("leaflet", _PLACEHOLDER + LEAFLET_JS)]  # only Leaflet, inlined at the end
        self.map.default_css = [("leaflet_css", _PLACEHOLDER + LEAFLET_CSS)]
        self.legend: list[tuple[str, list[LegendEntry]]] = []

    def add(self, layer: str, frame: pd.DataFrame, texts: pd.DataFrame, styles: list, entries: list, **options) -> int:
        """One GeoJSON layer styled per feature (folium groups equal styles), and its legend section."""
        folium.GeoJson(
            _collection(layer, frame.geometry.to_numpy(), texts),
            name=layer_title(layer),
            style_function=lambda feature: styles[feature["id"]],
            **options,
        ).add_to(self.map)
        self.legend.append((layer, entries))
        return len(frame)


def _kind_entries(layer: str, kinds: pd.Series, symbols: dict) -> list[LegendEntry]:
    """A legend entry per vocabulary member drawn (in the vocabulary's order), with how many were drawn."""
    return [LegendEntry(layer, symbols[k], k, int((kinds == k).sum())) for k in symbols if (kinds == k).any()]


def _add_grids(page: _Page, data: ReviewData) -> int:
    grids = data.grids.to_crs(epsg=4490)
    if not len(grids):
        return 0
    texts, shown, titles = _texts("grids", grids, GRID_POPUP_FIELDS)
    tooltip = [shown.index(name) for name in GRID_TOOLTIP_FIELDS if name in shown]
    weight = points_to_pixels(GRID_OUTLINE.width, SCREEN_DPI)
    style = {"color": GRID_OUTLINE.colour, "weight": weight, "fillColor": GRID_OUTLINE.colour, "fillOpacity": 0.08}
    entries = [LegendEntry("grids", GRID_OUTLINE, "grids", len(grids))]
    return page.add(
        "grids", grids, texts, [style] * len(grids), entries,
        tooltip=GeoJsonTooltip([shown[i] for i in tooltip], [titles[i] for i in tooltip]),
        popup=GeoJsonPopup(shown, titles),
    )  # fmt: skip


def _add_roads(page: _Page, data: ReviewData) -> int:
    roads = data.roads.to_crs(epsg=4490)
    kinds = roads["kind"].map(lambda code: RoadKind(code) if code in RoadKind.codes() else RoadKind.TRACK)
    texts = pd.DataFrame({"name": roads["name"].map(_display).map(html.escape), "kind": kinds.map(term)})
    styles = [
        {"color": ROAD_STYLES[k].colour, "weight": points_to_pixels(ROAD_STYLES[k].width, SCREEN_DPI)} for k in kinds
    ]
    entries = _kind_entries("roads", kinds, ROAD_STYLES)
    tooltip = GeoJsonTooltip(["name", "kind"], labels=False)
    return page.add("roads", roads, texts, styles, entries, tooltip=tooltip) if len(roads) else 0


def _badge(kind: LandmarkKind) -> dict:
    """A landmark's div icon: a disc in its colour with its glyph, the police office bigger, as on the canvas."""
    size = 26 if kind is LandmarkKind.POLICE_OFFICE else 18
    style = LANDMARK_STYLES[kind]
    badge = (
        f'<div class="wangge-badge" style="background:{style.fill};width:{size - 4}px;height:{size - 4}px;'
        f'line-height:{size - 4}px;font-size:{int(size * 0.5)}px">{html.escape(style.glyph)}</div>'
    )
    return {"html": badge, "iconSize": [size, size], "iconAnchor": [size // 2, size // 2], "className": ""}


def _add_landmarks(page: _Page, data: ReviewData) -> int:
    landmarks = data.landmarks[data.landmarks["x"].notna().to_numpy()]
    if not len(landmarks):
        return 0
    kinds = landmarks["kind"].map(lambda code: LandmarkKind(code) if code in LandmarkKind.codes() else None)
    kinds = kinds.fillna(LandmarkKind.OTHER)
    texts = pd.DataFrame({"name": landmarks["name"].map(_display).map(html.escape), "kind": kinds.map(term)})
    return page.add(
        "landmarks", landmarks, texts, [_badge(kind) for kind in kinds],
        _kind_entries("landmarks", kinds, LANDMARK_STYLES),
        marker=folium.Marker(icon=folium.DivIcon()),  # folium assigns a marker's style to its icon
        tooltip=GeoJsonTooltip(["name", "kind"], labels=False),
    )  # fmt: skip


def _circle(marker: MarkerStyle) -> dict:
    """Leaflet circle-marker options for a symbol of :mod:`maps.symbology` (its size is a diameter in points)."""
    return {
        "radius": points_to_pixels(marker.size, SCREEN_DPI) / 2,
        "color": marker.outline,
        "weight": KEY_PERSON_WEIGHT
        if marker is KEY_PERSON_RING
        else points_to_pixels(marker.outline_width, SCREEN_DPI),
        "fill": marker.fill is not None,
        "fillColor": marker.fill or marker.outline,
        "fillOpacity": 1.0 if marker.fill else 0.0,
        "opacity": 1.0,
    }


def _household_style(recency: str, key_person: bool) -> dict:
    style = _circle(RECENCY_MARKERS[VisitRecency(recency)])
    if key_person:  # the ring the canvas draws around a key person becomes a dark, heavier outline
        style.update(color=KEY_PERSON_RING.outline, weight=KEY_PERSON_WEIGHT, radius=style["radius"] + 1.5)
    return style


def _add_households(page: _Page, data: ReviewData, households: pd.DataFrame, show_personal: bool) -> int:
    households = households[households["x"].notna().to_numpy()]
    if not len(households):
        return 0
    separator = "、" if current_language() == CHINESE else ", "
    words = {tag.value: term(tag) for tag in KeyPersonTag}  # a tag another tool wrote stays as its code
    shown = mask_frame("households", households, show_personal)
    shown = shown.assign(
        grid_id=shown["grid_id"].map(data.grids.set_index("id")["code"]),
        key_person=shown["key_person"].map(lambda tags: separator.join(words.get(t, t) for t in _codes(tags))),
        recency=shown["recency"].map(lambda code: term(VisitRecency(code))),
    )
    texts, fields, titles = _texts("households", shown, HOUSEHOLD_FIELDS)
    recency = households["recency"].map(VisitRecency)
    key_person = households["key_person"].fillna("").astype(bool).to_numpy()
    entries = _kind_entries("households", recency, RECENCY_MARKERS)
    if key_person.any():
        entries.append(LegendEntry("households", KEY_PERSON_RING, "key_person", int(key_person.sum())))
    styles = [_household_style(code, key) for code, key in zip(recency, key_person)]
    return page.add(
        "households", households, texts, styles, entries,
        marker=folium.CircleMarker(), popup=GeoJsonPopup(fields, titles),
    )  # fmt: skip


def _codes(stored: str | None) -> list[str]:
    return [code for code in (stored or "").split(KEY_PERSON_SEPARATOR) if code]


def _add_disputes(page: _Page, data: ReviewData, show_personal: bool) -> int:
    disputes = data.disputes[data.disputes["x"].notna().to_numpy() & data.disputes["grade"].isin(Grade.codes())]
    if not len(disputes):
        return 0
    is_open = disputes["status"].isin(OPEN_STATUSES).to_numpy()
    grades = disputes["grade"].map(Grade)
    order = np.lexsort((grades.map(list(Grade).index).to_numpy(), is_open))  # open on top, hardest last
    disputes, grades, is_open = disputes.iloc[order], grades.iloc[order], is_open[order]
    shown = mask_frame("disputes", disputes, show_personal)
    for name in ("grade", "status", "kind", "level"):
        vocabulary = layer_schema("disputes").field(name).vocabulary
        shown[name] = shown[name].map(lambda code, v=vocabulary: term(v(code)) if code in v.codes() else code)
    texts, fields, titles = _texts("disputes", shown, DISPUTE_FIELDS)
    styles = [_circle(open_dispute_marker(g) if o else resolved_dispute_marker(g)) for g, o in zip(grades, is_open)]
    states = (("open", is_open, open_dispute_marker), ("resolved", ~is_open, resolved_dispute_marker))
    entries = [
        LegendEntry("disputes", symbol(grade), grade, count, state)
        for state, chosen, symbol in states
        for grade in reversed(Grade)
        if (count := int((chosen & (grades == grade).to_numpy()).sum()))
    ]
    return page.add(
        "disputes", disputes, texts, styles, entries,
        marker=folium.CircleMarker(), popup=GeoJsonPopup(fields, titles),
    )  # fmt: skip


# -- the page around the map -------------------------------------------------------

PAGE_CSS = """
.wangge-box{position:fixed;z-index:1000;background:rgba(255,255,255,.94);border:1px solid #999;border-radius:4px;
 padding:6px 10px;font:13px/1.4 "Noto Sans SC","Microsoft YaHei","PingFang SC",sans-serif;color:#222}
.wangge-title{top:10px;left:54px;max-width:60%}
.wangge-title h1{font-size:17px;margin:0}
.wangge-title p{margin:2px 0 0}
.wangge-personal{background:#b2182b;color:#fff;font-weight:bold;padding:4px 6px;margin-top:4px;border-radius:3px}
.wangge-problem{color:#b2182b}
.wangge-legend{bottom:24px;right:10px;max-height:60%;overflow-y:auto}
.wangge-legend summary{font-weight:bold;cursor:pointer}
.wangge-legend h2{font-size:13px;margin:6px 0 2px}
.wangge-legend div{white-space:nowrap}
.wangge-legend svg{vertical-align:middle;margin-right:6px}
.wangge-badge{border-radius:50%;border:2px solid #fff;color:#fff;text-align:center;font-weight:bold;
 box-shadow:0 0 2px #333;font-family:"Noto Sans SC","Microsoft YaHei",sans-serif}
"""


def _title_box(station: str, data: ReviewData, show_personal: bool) -> str:
    as_of = data.as_of.tz_convert(STATION_TIMEZONE).strftime("%Y-%m-%d")
    recency = QCoreApplication.translate("WebMap", "Visit recency as of {date}").format(date=as_of)
    lines = [f"<h1>{html.escape(station)}</h1>", f"<p>{html.escape(recency)}</p>"]
    if show_personal:
        notice = QCoreApplication.translate(
            "WebMap",
            "Contains residents' personal information (full names, phone numbers, ID numbers): "
            "do not pass it on, and delete it when it is no longer needed.",
        )
        lines.append(f'<div class="wangge-personal" id="wangge-personal-notice">{html.escape(notice)}</div>')
    else:
        masked = QCoreApplication.translate("WebMap", "Names and phone numbers are masked; no ID numbers.")
        lines.append(f"<p>{html.escape(masked)}</p>")
    for problem in data.problems:  # a layer missing from the page must not look like an empty layer
        lines.append(f'<p class="wangge-problem">{html.escape(problem.translated(QCoreApplication.translate))}</p>')
    return '<div class="wangge-box wangge-title">' + "".join(lines) + "</div>"


def _legend_box(sections: list[tuple[str, list[LegendEntry]]]) -> str:
    title = html.escape(QCoreApplication.translate("WebMap", "Legend"))
    body = []
    for layer, entries in sorted(sections, key=lambda section: LEGEND_ORDER.index(section[0])):
        body.append(f"<h2>{html.escape(layer_title(layer))}</h2>")
        body += [f"<div>{_swatch(entry)}{html.escape(legend_text(entry))}</div>" for entry in entries]
    return f'<details open class="wangge-box wangge-legend"><summary>{title}</summary>{"".join(body)}</details>'


LEGEND_ORDER = ("households", "disputes", "landmarks", "grids", "roads")


def _swatch(entry: LegendEntry) -> str:
    """The entry's symbol as inline SVG (no xmlns needed in HTML5, so no URL in the page)."""
    marker = entry.marker
    if isinstance(marker, MarkerStyle):
        style = _circle(marker)
        fill = style["fillColor"] if style["fill"] else "none"
        inner = (
            f'<circle cx="9" cy="9" r="{min(style["radius"], 7.5):.1f}" fill="{fill}" '
            f'stroke="{style["color"]}" stroke-width="{style["weight"]:.1f}"/>'
        )
    elif entry.layer == "grids":
        inner = (
            f'<rect x="2" y="3" width="14" height="12" fill="none" stroke="{GRID_OUTLINE.colour}" stroke-width="2"/>'
        )
    elif entry.layer == "roads":
        width = points_to_pixels(marker.width, SCREEN_DPI)
        inner = f'<line x1="1" y1="9" x2="17" y2="9" stroke="{marker.colour}" stroke-width="{width:.1f}"/>'
    else:  # a landmark badge
        inner = (
            f'<circle cx="9" cy="9" r="8" fill="{marker.fill}" stroke="#fff" stroke-width="1.5"/>'
            f'<text x="9" y="13" font-size="10" text-anchor="middle" fill="#fff">{html.escape(marker.glyph)}</text>'
        )
    return f'<svg width="18" height="18" viewBox="0 0 18 18">{inner}</svg>'


def _inline_leaflet(page: str) -> str:
    """Replace the links to Leaflet by its code and stylesheet, the stylesheet's images as data: URIs."""
    script = resource_path("web", LEAFLET_JS).read_text(encoding="utf-8")
    script = script.replace("//# sourceMappingURL=leaflet.js.map", "")  # the map file is not shipped
    stylesheet = resource_path("web", LEAFLET_CSS).read_text(encoding="utf-8")
    stylesheet = re.sub(r"/\*.*?\*/", "", stylesheet, flags=re.DOTALL)  # comments only: one holds a bug-tracker URL
    for image in CSS_IMAGES:
        encoded = base64.b64encode(resource_path("web", image).read_bytes()).decode("ascii")
        stylesheet = stylesheet.replace(f"url(images/{image})", f"url(data:image/png;base64,{encoded})")
    links = {
        f'<script src="{_PLACEHOLDER}{LEAFLET_JS}"></script>': f"<script>{script}</script>",
        f'<link rel="stylesheet" href="{_PLACEHOLDER}{LEAFLET_CSS}"/>': f"<style>{stylesheet}</style>",
    }
    for link, inline in links.items():
        if page.count(link) != 1:
            raise RuntimeError(f"folium wrote no single {link!r}; its page template has changed")
        page = page.replace(link, inline)
    return page
