"""A route for the officer's phone: GPX 1.1 with numbered waypoints, the route and its track.

Any GPS app reads GPX offline. The waypoints are the stops in visiting order,
named ``1 门牌号 户主`` (names as the plan labels them, masked unless full
details were asked for), the ``rte`` joins them in order for apps that guide
from point to point, and the ``trk`` is the way along the roads for apps that
draw it. Coordinates are lon/lat as stored (CGCS2000, within centimetres of
the WGS84 GPX expects). The file is written to a temporary name and renamed, so
a phone never syncs half a route.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from layers.files import atomic_output
from layers.routing.plan import RoutePlan
from layers.routing.stop import Stop

GPX_NAMESPACE = "http://www.topografix.com/GPX/1/1"
CREATOR = "Wangge"
DEGREES = "{:.7f}"
"""About a centimetre: more digits would only claim precision the positions lack."""


def write_gpx(plan: RoutePlan, path: str | Path, name: str = "") -> Path:
    """Write ``plan`` to ``path`` as GPX 1.1; the file appears whole or not at all."""
    path = Path(path)
    document = gpx_document(plan, name or path.stem)
    with atomic_output(path) as temporary:
        document.write(temporary, encoding="utf-8", xml_declaration=True)
    return path


def gpx_document(plan: RoutePlan, name: str) -> ET.ElementTree:
    """The GPX tree of ``plan``: metadata, waypoints (the start, then stops 1..n), the route, the track."""
    ET.register_namespace("", GPX_NAMESPACE)
    root = ET.Element(_tag("gpx"), {"version": "1.1", "creator": CREATOR})
    metadata = ET.SubElement(root, _tag("metadata"))
    _text(metadata, "name", name)
    _text(metadata, "desc", f"{len(plan.stops)} stops, {plan.length_m / 1000:.1f} km, {plan.minutes / 60:.1f} h")
    _point(root, "wpt", plan.start, plan.start.name, "start")
    for planned in plan.stops:
        _point(root, "wpt", planned.stop, f"{planned.number} {planned.stop.name}", ",".join(planned.stop.reasons))
    if not plan.closed:
        _point(root, "wpt", plan.end, plan.end.name, "end")
    route = ET.SubElement(root, _tag("rte"))
    _text(route, "name", name)
    visited = [plan.start, *(planned.stop for planned in plan.stops), plan.end]
    names = [plan.start.name, *(f"{p.number} {p.stop.name}" for p in plan.stops), plan.end.name]
    for stop, label in zip(visited, names):
        _point(route, "rtept", stop, label)
    track = ET.SubElement(root, _tag("trk"))
    _text(track, "name", name)
    segment = ET.SubElement(track, _tag("trkseg"))
    for lon, lat in plan.path_lonlat.coords:
        ET.SubElement(segment, _tag("trkpt"), {"lat": DEGREES.format(lat), "lon": DEGREES.format(lon)})
    ET.indent(root)
    return ET.ElementTree(root)


def _tag(name: str) -> str:
    return f"{{{GPX_NAMESPACE}}}{name}"


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _tag(name))
    element.text = text
    return element


def _point(parent: ET.Element, kind: str, stop: Stop, label: str, kind_text: str = "") -> None:
    """A ``wpt`` or ``rtept``; GPX wants ``name`` before ``desc`` and ``type``."""
    lon, lat = stop.lonlat
    point = ET.SubElement(parent, _tag(kind), {"lat": DEGREES.format(lat), "lon": DEGREES.format(lon)})
    _text(point, "name", label)
    if kind_text:
        _text(point, "type", kind_text)
