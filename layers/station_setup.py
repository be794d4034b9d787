"""A new station project as a station sets it up: its name and place, its people, its clock.

Nothing here needs the demo: a station starts from an empty folder with
:func:`create_station_project` (``wangge new`` and File → New station project),
then brings in its own grids, roads, registers and sketches.

>>> setup = StationSetup("豫海派出所", township="豫海镇", county="同心县",
...                      members=(StationMember("马文华", OfficerRole.COMMUNITY_OFFICER),))
>>> store = create_station_project("yuhai.gpkg", setup)          # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from layers.errors import QT_TRANSLATE_NOOP, WanggeError
from layers.store import GeoPackageStore, create_project, new_feature
from layers.values import STATION_TIMEZONE
from layers.vocabulary import OfficerRole

PLACE_SETTINGS = ("township", "county")
VILLAGES_SETTING = "villages"
"""The station's villages, a JSON list in the project settings, in the order the station gave them."""


class StationSetupError(WanggeError):
    """A new station cannot be set up as given; nothing was written."""

    template = QT_TRANSLATE_NOOP("StationSetupError", "cannot set up the station: {reason}")


@dataclass(frozen=True)
class StationMember:
    """One of the station's people: a community officer, an auxiliary, the chief or the instructor."""

    name: str
    role: OfficerRole = OfficerRole.COMMUNITY_OFFICER
    phone: str = ""


@dataclass(frozen=True)
class StationSetup:
    """What a station says about itself when it starts a project."""

    station: str
    township: str = ""
    county: str = ""
    villages: tuple[str, ...] = ()
    members: tuple[StationMember, ...] = ()
    timezone: str = STATION_TIMEZONE.key

    def check(self) -> None:
        """Raise :class:`StationSetupError` naming the first thing that is wrong."""
        if not self.station.strip():
            raise StationSetupError(reason=QT_TRANSLATE_NOOP("reason", "the station needs a name"))
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise StationSetupError(
                reason=QT_TRANSLATE_NOOP("reason", "unknown time zone '{zone}'; all of China keeps Asia/Shanghai"),
                zone=self.timezone,
            ) from None
        for number, member in enumerate(self.members, start=1):
            if not member.name.strip():
                raise StationSetupError(
                    reason=QT_TRANSLATE_NOOP("reason", "person {number} has no name"), number=number
                )
        names = [member.name.strip() for member in self.members]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise StationSetupError(reason=QT_TRANSLATE_NOOP("reason", "{name} is listed twice"), name=twice[0])


def create_station_project(
    path: str | Path, setup: StationSetup, user: str | None = None, styles: Mapping[str, str] | None = None
) -> GeoPackageStore:
    """A new project file for ``setup``; refuses an existing file, and leaves no file when anything fails.

    ``styles`` (layer name -> QML) are how QGIS and QField show each layer.
    """
    setup.check()
    path = Path(path)
    store = create_project(path, setup.station.strip(), user=user, styles=styles)
    try:
        with store.edit():
            store.set_setting("timezone", setup.timezone)
            for key in PLACE_SETTINGS:
                if getattr(setup, key).strip():
                    store.set_setting(key, getattr(setup, key).strip())
            villages = [village.strip() for village in setup.villages if village.strip()]
            if villages:
                store.set_setting(VILLAGES_SETTING, json.dumps(villages, ensure_ascii=False))
            for member in setup.members:
                store.insert(
                    new_feature(
                        "officers",
                        name=member.name.strip(),
                        role=OfficerRole(member.role).value,
                        phone=member.phone.strip() or None,
                        station=setup.station.strip(),
                    )
                )
    except BaseException:
        store.close()
        path.unlink(missing_ok=True)
        raise
    return store
