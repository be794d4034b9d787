"""The shareable web map: one HTML file that works offline, masked unless asked, drawing what the layers hold."""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime

import pytest
from pyproj import Transformer
from PySide6.QtGui import QImage

from layers.errors import Canceled, ExportFailedError
from layers.feedback import Feedback
from layers.store import open_project
from layers.values import STATION_TIMEZONE
from layers.vocabulary import Grade, VisitRecency
from maps.language import CHINESE
from maps.symbology import GRADE_COLOURS, KEY_PERSON_RING, RECENCY_MARKERS
from maps.web_map import write_web_map
from tests import station_files as place
from tests.imagery_station import is_colour, rgb_array, station_with_imagery

pytestmark = pytest.mark.clock  # the web map colours households against today

AS_OF = datetime(2026, 4, 10, 12, 0, tzinfo=STATION_TIMEZONE)
TO_WEB_MERCATOR = Transformer.from_crs(4326, 3857, always_xy=True)
SECRETS = ("13812341234", "640324195001011234", "张文华")
NOT_FETCHED = {
    "http://www.w3.org/2000/svg",  # the SVG namespace Leaflet creates elements in: a name, never fetched
    "https://leafletjs.com",  # Leaflet's licence header and attribution link (the attribution control is off)
}


def appears(page: str, text: str) -> bool:
    """Whether ``text`` is in the page as written or as folium's JSON writes it (non-ASCII as \\uXXXX)."""
    return text in page or json.dumps(text)[1:-1] in page


def collections(page: str) -> dict[str, dict]:
    """The GeoJSON FeatureCollections the page hands to Leaflet, by layer name."""
    found = [json.loads(m) for m in re.findall(r"_add\((\{.*\})\);$", page, flags=re.MULTILINE)]
    return {collection["name"]: collection for collection in found}


def styles(page: str, layer: str) -> dict[int, dict]:
    """Each feature's style in the layer's styler function (folium writes a switch on the feature id)."""
    variable = re.search(r"(geo_json_[0-9a-f]+)_add\(\{.*\"name\": " + json.dumps(layer), page).group(1)
    body = re.search(variable + r"_styler\(feature\) \{(.*?)\n        \}", page, re.DOTALL).group(1)
    default = json.loads(re.search(r"default:\s*return (\{.*?\});", body).group(1))
    by_id = {}
    for cases, style in re.findall(r"((?:case \d+: )+)\s*return (\{.*?\});", body):
        by_id.update({int(i): json.loads(style) for i in re.findall(r"case (\d+):", cases)})
    ids = [feature["id"] for feature in collections(page)[layer]["features"]]
    return {i: by_id.get(i, default) for i in ids}


def legend(page: str) -> str:
    return re.search(r'<details open class="wangge-box wangge-legend">(.*?)</details>', page, re.DOTALL).group(1)


def write(store, tmp_path, **options) -> str:
    out = tmp_path / "map.html"
    write_web_map(store, out, as_of=AS_OF, **options)
    return out.read_text(encoding="utf-8")


def test_residents_are_masked_by_default(make_project, tmp_path):
    page = write(make_project(), tmp_path)
    for secret in SECRETS:
        assert not appears(page, secret)
    households = collections(page)["households"]["features"]
    assert sorted(f["properties"]["head_name"] for f in households) == ["张*华", "李*兰", "马*"]
    assert "138****1234" in {f["properties"]["phone"] for f in households}
    assert "id_number" not in households[0]["properties"]
    disputes = collections(page)["disputes"]["features"]
    assert {f["properties"]["parties"] for f in disputes} <= {"***", ""}
    assert "wangge-personal-notice" not in page
    assert "Names and phone numbers are masked" in page


def test_full_details_only_when_asked_and_the_page_says_so(make_project, tmp_path):
    page = write(make_project(), tmp_path, show_personal=True)
    for secret in SECRETS:
        assert appears(page, secret)
    assert '<div class="wangge-personal" id="wangge-personal-notice">' in page
    assert "personal information" in page


def test_the_page_fetches_nothing_from_the_network(make_project, tmp_path):
    page = write(make_project(), tmp_path)
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page.replace("https://leafletjs.com", ""))
    urls = re.findall(r"url\(\s*['\"]?([^)'\"]*)", page)
    assert all(url.startswith(("data:", "#")) for url in urls)  # inlined, or a fragment (old IE's #default#VML)
    assert set(re.findall(r"https?://[^\s\"'()<>\\]*", page)) <= NOT_FETCHED
    assert "sourceMappingURL" not in page
    assert "L.map(" in page and 't.version="1.9.3"' in page  # Leaflet itself is in the page
    assert page.count("data:image/png;base64,") >= 2  # the layer control's icons
    assert "jquery" not in page.lower() and "bootstrap" not in page.lower()


def test_every_record_is_drawn_once(demo_village_path, tmp_path):
    with open_project(demo_village_path) as store:
        out = tmp_path / "village.html"
        result = write_web_map(store, out, as_of=AS_OF)
        stored = {layer: store.count(layer) for layer in ("grids", "roads", "landmarks", "households")}
        located_disputes = int(store.read("disputes", columns=["id"]).geometry.notna().sum())
    drawn = {name: len(collection["features"]) for name, collection in collections(out.read_text("utf-8")).items()}
    assert stored["households"] == 570
    assert drawn == result.counts == {**stored, "disputes": located_disputes}
    assert result.size == out.stat().st_size and not result.problems


def test_the_legend_matches_what_is_drawn(make_project, tmp_path):
    page = write(make_project(), tmp_path)
    words = legend(page)
    # house 1 visited 31 March on a 30-day cycle, house 3 on 2 April on a 60-day cycle, house 2 never
    for entry in (
        "Visited in cycle (2)", "Never visited (1)", "Key person (1)", "Red, open (1)", "Green, resolved (1)",
        "Police office", "Grid boundary (2)", "Main road",
    ):  # fmt: skip
        assert entry in words
    assert "Overdue" not in words and "Due soon" not in words and "Yellow" not in words
    house_numbers = {f["id"]: f["properties"]["house_no"] for f in collections(page)["households"]["features"]}
    drawn = {house_numbers[i]: style for i, style in styles(page, "households").items()}
    assert drawn["1"]["fillColor"] == drawn["3"]["fillColor"] == RECENCY_MARKERS[VisitRecency.VISITED].fill
    assert drawn["2"]["fillColor"] == RECENCY_MARKERS[VisitRecency.NEVER].fill
    assert drawn["1"]["color"] == KEY_PERSON_RING.outline and drawn["1"]["weight"] > drawn["3"]["weight"]
    grades = {f["id"]: f["properties"]["grade"] for f in collections(page)["disputes"]["features"]}
    disputes = {grades[i]: style for i, style in styles(page, "disputes").items()}
    assert disputes["Red"]["fillColor"] == GRADE_COLOURS[Grade.RED] and disputes["Red"]["fillOpacity"] == 1
    assert disputes["Green"]["color"] == GRADE_COLOURS[Grade.GREEN] and disputes["Green"]["fillOpacity"] == 0
    assert "<title>豫海派出所</title>" in page


def test_words_follow_the_chosen_language(make_project, tmp_path, switch_language):
    switch_language(CHINESE)
    page = write(make_project(), tmp_path)
    words = legend(page)
    for entry in ("住户", "周期内已走访", "从未走访", "矛盾纠纷", "红色", "警务室", "网格", "主路"):
        assert entry in words
    assert appears(page, "户主姓名") and appears(page, "独居老人")  # popup titles and key-person words
    assert "Visited in cycle" not in words


def test_an_empty_project_still_makes_a_page(make_project, tmp_path):
    page = write(make_project(with_data=False), tmp_path)
    assert collections(page) == {} and "L.map(" in page


def test_a_failed_or_canceled_export_leaves_nothing_behind(make_project, tmp_path):
    store = make_project()
    with pytest.raises(ExportFailedError, match="the folder does not exist"):
        write_web_map(store, tmp_path / "missing" / "map.html")
    out = tmp_path / "map.html"
    out.write_text("the previous map")
    feedback = Feedback()
    feedback.cancel()
    with pytest.raises(Canceled):
        write_web_map(store, out, feedback=feedback)
    assert out.read_text() == "the previous map"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("station.gpkg")) == ["map.html"]
    with pytest.raises(ExportFailedError, match="project file itself"):
        write_web_map(store, tmp_path / "station.gpkg")
    assert store.count("households") == 3


# -- the project's imagery under the web map -----------------------------------------------------------


@pytest.fixture(scope="module")
def imagery_project(tmp_path_factory, qapp):
    return station_with_imagery(tmp_path_factory.mktemp("web-imagery"))


def overlays(page: str) -> list[tuple[QImage, list]]:
    """Each image overlay of the page: its picture, decoded from the page itself, and its [[s, w], [n, e]]."""
    found = re.findall(r'L\.imageOverlay\(\s*"(data:image/(?:jpeg|png);base64,[^"]+)",\s*(\[\[.*?\]\])', page)
    return [(QImage.fromData(base64.b64decode(url.split(",", 1)[1])), json.loads(bounds)) for url, bounds in found]


def test_the_imagery_is_one_picture_in_the_page_with_the_roofs_where_the_houses_are(imagery_project, tmp_path):
    with open_project(imagery_project) as store:
        page = write(store, tmp_path, imagery=True)
        plain = write(store, tmp_path, imagery=False)
    assert overlays(plain) == [] and "L.imageOverlay(" not in plain, "imagery only when asked for"
    (picture, ((south, west), (north, east))), *others = overlays(page)
    assert others == [] and not picture.isNull()
    assert "http" not in page[page.index("L.imageOverlay(") :][:200], "the picture is inside the page"
    left, bottom = TO_WEB_MERCATOR.transform(west, south)
    right, top = TO_WEB_MERCATOR.transform(east, north)
    pixels = rgb_array(picture)
    for household in place.HOUSEHOLDS:
        x, y = TO_WEB_MERCATOR.transform(*household.position)
        column = int((x - left) / (right - left) * picture.width())
        row = int((top - y) / (top - bottom) * picture.height())
        assert is_colour(pixels[row, column], place.ROOF_COLOUR), f"{household.house_no}: Leaflet puts the roof there"
    assert appears(page, "Imagery: 清水河村影像"), "the layer switch names it"
    assert page.index("L.imageOverlay(") < page.index('"name": "grids"'), "added first: under the grids"
