"""A station's map as one self-contained HTML page, for people who have no Wangge.

The page opens in any browser, also on a police intranet with no internet: it
fetches no script, stylesheet, font, image or tile. Leaflet is shipped in
``resources/web`` and written into the page, its control images as ``data:``
URIs; folium builds the page, but only with classes that need nothing besides
Leaflet (GeoJSON layers with circle markers and div icons: folium's popups,
awesome-markers and ``keep_in_front`` pull in jQuery and Bootstrap from CDNs).
There is no tile basemap, since a tile server is exactly what the intranet
lacks; the grids, roads and landmarks are the map, and when asked for, the
project's own imagery lies under them as one picture in the page
(:mod:`maps.web_imagery`).

It draws what the review draws, from :func:`layers.review.load_review` and the
symbol tables of :mod:`maps.symbology`, and its legend words come from
:func:`maps.legend.legend_text`, so the page, the canvas and printed maps agree.
Residents' details are masked by :func:`layers.privacy.mask_frame` unless
``show_personal`` is asked for, and then the page says so at the top.
"""

from __future__ import annotations

import html
import json
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

from layers.disputes.states import OPEN_STATUSES
from layers.errors import WanggeError
from layers.exports import check_destination
from layers.feedback import Feedback
from layers.files import atomic_output
from layers.imagery.reading import imagery_extent, imagery_sources
from layers.privacy import mask_frame
from layers.review import ReviewData, load_review
from layers.schema import layer_schema
from layers.store import ProjectStore
from layers.values import STATION_TIMEZONE
from layers.vocabulary import KEY_PERSON_SEPARATOR, Grade, KeyPersonTag, LandmarkKind, RoadKind, VisitRecency
from maps.symbology import (
    GRID_OUTLINE,
    KEY_PERSON_RING,
    LANDMARK_STYLES,
    RECENCY_MARKERS,
    ROAD_STYLES,
    LegendEntry,
    open_dispute_marker,
    points_to_pixels,
    resolved_dispute_marker,
)
from maps.web_imagery import ImageryOverlay, imagery_overlay
from maps.web_page import (
    KEY_PERSON_WEIGHT,
    LEAFLET_CSS,
    LEAFLET_JS,
    LEAFLET_PLACEHOLDER,
    PAGE_CSS,
    SCREEN_DPI,
    circle_style,
    inline_leaflet,
    layer_title,
    legend_box,
    title_box,
)
from maps.words import CHINESE, current_language, field_title, term

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


def write_web_map(
    store: ProjectStore,
    out_path: str | Path,
    show_personal: bool = False,
    feedback: Feedback | None = None,
    as_of: datetime | None = None,
    imagery: bool = False,
) -> WebMapResult:
    """Write the station's map as one offline HTML file at ``out_path`` (replaced only once complete).

    With ``imagery``, the project's satellite imagery of the station's extent goes under the map.
    """
    feedback = feedback or Feedback()
    target = check_destination(store, out_path)
    data = load_review(store, as_of=as_of, feedback=feedback.step(0, 60))
    households = data.households
    if show_personal:  # the review leaves ID numbers out; full details bring them back
        id_numbers = store.read("households", columns=["id", "id_number"]).set_index("id")["id_number"]
        households = households.assign(id_number=households["id"].map(id_numbers))
    feedback.raise_if_canceled()
    overlays, problems = _imagery_overlays(store, data, feedback.step(60, 90)) if imagery else ((), ())
    page, counts = build_web_map(data, households, store.settings().get("station", ""), show_personal, overlays)
    feedback.set_progress(95)
    with atomic_output(target) as temporary:
        temporary.write_text(page, encoding="utf-8")
    feedback.set_progress(100)
    return WebMapResult(target, counts, data.problems + problems, target.stat().st_size)


def _imagery_overlays(
    store: ProjectStore, data: ReviewData, feedback: Feedback
) -> tuple[tuple[ImageryOverlay, ...], tuple[WanggeError, ...]]:
    """Each imagery over the station (a little around it), or over all imagery when nothing else is on the map."""
    sources, problems = imagery_sources(store)
    extent = data.extent
    if extent is None:
        extent = imagery_extent(sources)
    else:
        pad = 0.05 * max(extent[2] - extent[0], extent[3] - extent[1], 200.0)
        extent = (extent[0] - pad, extent[1] - pad, extent[2] + pad, extent[3] + pad)
    overlays = []
    for number, source in enumerate(sources):
        overlay = imagery_overlay(source, extent, feedback.is_canceled)
        if overlay is not None:
            overlays.append(overlay)
        feedback.set_progress(100 * (number + 1) / len(sources))
    return tuple(overlays), problems


def build_web_map(
    data: ReviewData,
    households: pd.DataFrame,
    station: str,
    show_personal: bool,
    imagery: tuple[ImageryOverlay, ...] = (),
) -> tuple[str, dict[str, int]]:
    """The page's HTML and the features drawn per layer; ``imagery`` goes first, under everything."""
    page = _Page()
    for overlay in imagery:
        folium.raster_layers.ImageOverlay(
            overlay.url,
            bounds=overlay.bounds,
            name=QCoreApplication.translate("WebMap", "Imagery: {name}").format(name=overlay.name),
            interactive=False,
        ).add_to(page.map)
    counts = {
        "grids": _add_grids(page, data),
        "roads": _add_roads(page, data),
        "landmarks": _add_landmarks(page, data),
        "households": _add_households(page, data, households, show_personal),
        "disputes": _add_disputes(page, data, show_personal),
    }
    if imagery:
        counts["imagery"] = len(imagery)
    folium.LayerControl().add_to(page.map)
    MetricScale().add_to(page.map)
    bounds = page.map.get_bounds()  # of everything drawn
    if bounds[0][0] is not None:
        page.map.fit_bounds(bounds)
    root = page.map.get_root()
    root.title = html.escape(station)
    root.html.add_child(folium.Element(title_box(station, data, show_personal) + legend_box(page.legend)))
    root.header.add_child(folium.Element(f"<style>{PAGE_CSS}</style>"), name="wangge_css")
    return inline_leaflet(root.render()), counts


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
        self.map.default_js = [("leaflet", LEAFLET_PLACEHOLDER + LEAFLET_JS)]  # only Leaflet, inlined at the end
        self.map.default_css = [("leaflet_css", LEAFLET_PLACEHOLDER + LEAFLET_CSS)]
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


def _household_style(recency: str, key_person: bool) -> dict:
    style = circle_style(RECENCY_MARKERS[VisitRecency(recency)])
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
    styles = [
        circle_style(open_dispute_marker(g) if o else resolved_dispute_marker(g)) for g, o in zip(grades, is_open)
    ]
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
