"""What to draw, as a frozen value: the renderer's whole input besides the data.

As in QGIS's ``QgsMapSettings``, the view (canvas, print layout, CLI) builds a
:class:`MapSettings` and hands it to a render job; the job never reads a
widget, so it can run in a worker thread and the same settings render a PNG,
a screen frame or a PDF page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from layers.crs import MEASURE_EPSG
from maps.symbology import DisputeStyle, HouseholdStyle

MAP_LAYERS = ("sketch", "grids", "roads", "landmarks", "households", "disputes")
"""The map's layers, bottom to top by default; "sketch" is the georeferenced hand-drawn basemap."""
IMAGERY_LAYER_PREFIX = "imagery:"
"""A project's imagery is one layer per pyramid, named by its table: ``imagery:imagery_1``."""


@dataclass(frozen=True)
class LayerView:
    """One layer as shown: visible, how opaque, and (for households and disputes) which style."""

    name: str
    visible: bool = True
    opacity: float = 1.0
    style: str = ""


DEFAULT_LAYER_VIEWS = (
    LayerView("sketch", visible=False, opacity=0.6),
    LayerView("grids"),
    LayerView("roads"),
    LayerView("landmarks"),
    LayerView("households", style=HouseholdStyle.RECENCY.value),
    LayerView("disputes", style=DisputeStyle.ALL.value),
)


def imagery_layer(table: str) -> str:
    """The layer name of the imagery kept in ``table``."""
    return IMAGERY_LAYER_PREFIX + table


def imagery_table(layer: str) -> str | None:
    """The imagery table a layer name stands for; ``None`` for the other layers."""
    return layer.removeprefix(IMAGERY_LAYER_PREFIX) if layer.startswith(IMAGERY_LAYER_PREFIX) else None


def with_imagery(views: tuple[LayerView, ...], tables: tuple[str, ...], visible: bool = True) -> tuple[LayerView, ...]:
    """``views`` with one view per imagery table at the bottom, under everything else (the first added lowest).

    Imagery is the ground the other layers are read against, so it goes under
    them all; a view of imagery no longer in ``tables`` is dropped, and one the
    user already set (opacity, order, switched off) is kept as it is.
    """
    wanted = {imagery_layer(table) for table in tables}
    kept = tuple(view for view in views if imagery_table(view.name) is None or view.name in wanted)
    present = {view.name for view in kept}
    added = tuple(LayerView(imagery_layer(t), visible) for t in tables if imagery_layer(t) not in present)
    return added + kept


@dataclass(frozen=True)
class MapSettings:
    """A map to draw: the extent in metres, the image size and resolution, the layers in drawing order.

    The extent is widened to the image's aspect ratio about its centre, so
    ground distances are never stretched.
    """

    extent: tuple[float, float, float, float]
    width: int
    height: int
    dpi: float = 96.0
    epsg: int = MEASURE_EPSG
    layers: tuple[LayerView, ...] = DEFAULT_LAYER_VIEWS
    labels: bool = True
    background: str = "#f7f5ef"
    sketch_id: str | None = None  # which sketch the basemap shows; None: every georeferenced sketch

    def __post_init__(self) -> None:
        minx, miny, maxx, maxy = self.extent
        if not (maxx > minx and maxy > miny):
            raise ValueError(f"empty map extent {self.extent}")
        if self.width < 1 or self.height < 1:
            raise ValueError(f"image size must be at least 1x1 pixels, got {self.width}x{self.height}")

    @property
    def metres_per_pixel(self) -> float:
        minx, miny, maxx, maxy = self.extent
        return max((maxx - minx) / self.width, (maxy - miny) / self.height)

    @property
    def visible_extent(self) -> tuple[float, float, float, float]:
        """The extent actually drawn: ``extent`` widened to the image's aspect ratio."""
        minx, miny, maxx, maxy = self.extent
        cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
        half_w, half_h = self.width * self.metres_per_pixel / 2, self.height * self.metres_per_pixel / 2
        return (cx - half_w, cy - half_h, cx + half_w, cy + half_h)

    @property
    def scale_denominator(self) -> float:
        """The map scale 1:N at this resolution (a pixel is 25.4/dpi mm on paper or screen)."""
        return self.metres_per_pixel / (0.0254 / self.dpi)

    def layer(self, name: str) -> LayerView:
        for view in self.layers:
            if view.name == name:
                return view
        return LayerView(name, visible=False)

    def with_extent(self, extent: tuple[float, float, float, float]) -> MapSettings:
        return replace(self, extent=extent)


def parse_extent(text: str) -> tuple[float, float, float, float]:
    """``"minx,miny,maxx,maxy"`` (metres, UTM 48N) as a tuple; a clear ValueError otherwise."""
    parts = text.split(",")
    try:
        values = tuple(float(part) for part in parts)
    except ValueError:
        values = ()
    if len(values) != 4 or not (values[2] > values[0] and values[3] > values[1]):
        raise ValueError(f"expected an extent as minx,miny,maxx,maxy with max > min, got {text!r}")
    return values


def parse_size(text: str) -> tuple[int, int]:
    """``"1920x1080"`` as ``(1920, 1080)``; a clear ValueError otherwise."""
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0):
        raise ValueError(f"expected a size as WIDTHxHEIGHT in pixels, e.g. 1920x1080, got {text!r}")
    return int(width), int(height)
