import shutil
import sys

import pytest

from layers.store import open_project
from layers.store.offline import push
from tests.conftest import qt_application_running


@pytest.fixture(autouse=True)
def without_qt(request):
    """The domain model needs no Qt: a test of it that starts a Qt application or loads Qt's widgets fails.

    pytest-qt loads QtWidgets when it starts, so the second check bites when the
    domain tests run without it: ``pytest -p no:pytest-qt tests/layers``.
    """
    running_before, widgets_before = qt_application_running(), "PySide6.QtWidgets" in sys.modules
    yield
    assert running_before or not qt_application_running(), "a domain test started a Qt application"
    assert widgets_before or "PySide6.QtWidgets" not in sys.modules, "a domain test loaded Qt's widgets"


@pytest.fixture(params=["file", "server"])
def village_on_each_backend(request, demo_village_path, tmp_path):
    """The demo village, in a file or pushed to a throw-away PostGIS server."""
    path = tmp_path / "village.gpkg"
    shutil.copy(demo_village_path, path)
    if request.param == "file":
        with open_project(path) as store:
            yield store
        return
    url = request.getfixturevalue("postgis_url")
    with open_project(path) as local, open_project(url) as server:
        push(local, server)
        yield server
