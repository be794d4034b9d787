"""A place the route starts, ends or calls at: a household, a police office, a point from a file."""

from __future__ import annotations

from dataclasses import dataclass

from layers.crs import to_measure, to_storage

DEFAULT_PRIORITY = 1.0
"""A stop from a plain list of points: all equal, none may be left out for another."""


@dataclass(frozen=True)
class Stop:
    """A stop in metres (UTM 48N), with why it is on the list and how much it matters.

    ``id`` is what scripts and the CLI's JSON name it by: the household's id for
    a household, the landmark's for a police office, the first column of a
    stops file. ``reasons`` are codes (:class:`layers.routing.targets.TargetReason`),
    the weightiest first.
    """

    id: str
    x: float
    y: float
    label: str = ""
    priority: float = DEFAULT_PRIORITY
    reasons: tuple[str, ...] = ()
    household_id: str | None = None

    @classmethod
    def at_lonlat(cls, id: str, lon: float, lat: float, **details) -> Stop:  # noqa: A002 - the domain's word
        """A stop given in storage lon/lat (CGCS2000, practically WGS84)."""
        x, y = to_measure(lon, lat)
        return cls(id, float(x), float(y), **details)

    @property
    def lonlat(self) -> tuple[float, float]:
        """Storage lon/lat, for GPX and the map."""
        lon, lat = to_storage(self.x, self.y)
        return float(lon), float(lat)

    @property
    def name(self) -> str:
        """The label, or the id when there is none."""
        return self.label or self.id
