"""The page around the web map: its title and legend boxes, symbol styles, and Leaflet written inline.

Kept apart from :mod:`maps.web_map`, which decides what is drawn, because this
is what makes the page work offline (no script, stylesheet or image fetched)
and read the same as the canvas's legend.
"""

from __future__ import annotations

import base64
import html
import re

from PySide6.QtCore import QCoreApplication

from layers.review import ReviewData
from layers.schema import layer_schema
from layers.values import STATION_TIMEZONE
from maps.legend import legend_text
from maps.symbology import GRID_OUTLINE, KEY_PERSON_RING, LegendEntry, MarkerStyle, points_to_pixels
from maps.words import CHINESE, current_language
from resources import resource_path

LEAFLET_JS = "leaflet.js"
LEAFLET_CSS = "leaflet.css"
CSS_IMAGES = ("layers.png", "layers-2x.png", "marker-icon.png")
"""Images leaflet.css refers to (``url(images/...)``); written into the page as data: URIs."""
LEAFLET_PLACEHOLDER = "wangge-inline:"
SCREEN_DPI = 96.0  # browsers draw CSS pixels at 96 per inch
ENGLISH_LAYER_TITLES = {
    "grids": "Grids", "roads": "Roads", "landmarks": "Landmarks", "households": "Households", "disputes": "Disputes",
}  # fmt: skip
"""English names of the layers; in Chinese the schema's ``title_zh`` (as :func:`maps.words.field_title` does)."""
KEY_PERSON_WEIGHT = 2.5  # pixels: the dark outline that marks a key person's household


def layer_title(layer: str) -> str:
    return layer_schema(layer).title_zh if current_language() == CHINESE else ENGLISH_LAYER_TITLES[layer]


def circle_style(marker: MarkerStyle) -> dict:
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


def title_box(station: str, data: ReviewData, show_personal: bool) -> str:
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


def legend_box(sections: list[tuple[str, list[LegendEntry]]]) -> str:
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
        style = circle_style(marker)
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


def inline_leaflet(page: str) -> str:
    """Replace the links to Leaflet by its code and stylesheet, the stylesheet's images as data: URIs."""
    script = resource_path("web", LEAFLET_JS).read_text(encoding="utf-8")
    script = script.replace("//# sourceMappingURL=leaflet.js.map", "")  # the map file is not shipped
    stylesheet = resource_path("web", LEAFLET_CSS).read_text(encoding="utf-8")
    stylesheet = re.sub(r"/\*.*?\*/", "", stylesheet, flags=re.DOTALL)  # comments only: one holds a bug-tracker URL
    for image in CSS_IMAGES:
        encoded = base64.b64encode(resource_path("web", image).read_bytes()).decode("ascii")
        stylesheet = stylesheet.replace(f"url(images/{image})", f"url(data:image/png;base64,{encoded})")
    links = {
        f'<script src="{LEAFLET_PLACEHOLDER}{LEAFLET_JS}"></script>': f"<script>{script}</script>",
        f'<link rel="stylesheet" href="{LEAFLET_PLACEHOLDER}{LEAFLET_CSS}"/>': f"<style>{stylesheet}</style>",
    }
    for link, inline in links.items():
        if page.count(link) != 1:
            raise RuntimeError(f"folium wrote no single {link!r}; its page template has changed")
        page = page.replace(link, inline)
    return page
