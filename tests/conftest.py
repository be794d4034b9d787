import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from layers.store import GeoPackageStore, create_project  # noqa: E402
from tests.standard_data import STATION, add_standard_data  # noqa: E402


@pytest.fixture
def make_project(tmp_path):
    """Factory: a new project file with the standard data; closed at the end of the test."""
    stores = []

    def make(name: str = "station.gpkg", with_data: bool = True) -> GeoPackageStore:
        store = create_project(tmp_path / name, STATION)
        if with_data:
            store.standard = add_standard_data(store)
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.close()
