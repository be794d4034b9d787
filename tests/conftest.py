import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
import sys  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from layers.store import GeoPackageStore, create_project  # noqa: E402
from tests.cli_helpers import wangge  # noqa: E402
from tests.clock import at_fixed_moment  # noqa: E402
from tests.standard_data import STATION, add_standard_data  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def fixed_clock():
    """Every test, and every session fixture, runs at the fixed moment of :mod:`tests.clock`."""
    with at_fixed_moment():
        yield


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


DEMO_AS_OF = date(2026, 11, 28)


def make_demo_village(path, households: int = 570, seed: int = 2021, as_of: date = DEMO_AS_OF):
    """A demo village at ``path``, made by ``wangge demo-data`` in a process of its own.

    The generator draws the village's hand-drawn sketch, which takes a Qt
    application; in a child process, the tests that only read the village
    (the domain model's among them) run without one.
    """
    result = wangge("demo-data", str(path), "--households", str(households), "--seed", str(seed),
                    "--as-of", as_of.isoformat(), "--quiet")  # fmt: skip
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="session")
def demo_village_path(tmp_path_factory):
    """The demo village (570 households, seed 2021, a year of activity up to DEMO_AS_OF), made once per run.

    Tests must not edit it: copy it first (``shutil.copy``) to change anything.
    """
    return make_demo_village(tmp_path_factory.mktemp("demo") / "demo.gpkg")


@pytest.fixture
def village_copy(demo_village_path, tmp_path_factory):
    """A copy of the demo village to change: printing registers its sheets, reading a photo adds marks."""
    return Path(shutil.copy(demo_village_path, tmp_path_factory.mktemp("village") / "village.gpkg"))


def qt_application_running() -> bool:
    """Whether a Qt application object exists, asked without importing Qt."""
    qt_core = sys.modules.get("PySide6.QtCore")
    return qt_core is not None and qt_core.QCoreApplication.instance() is not None


@pytest.fixture(scope="session")
def qapp(qapp, tmp_path_factory):
    """pytest-qt's QApplication, for the tests that need Qt; with settings of the run's own.

    The recent projects and the language choice the tests save stay out of the
    user's settings and out of other test runs on the same machine.
    """
    from PySide6.QtCore import QSettings, QStandardPaths

    from desktop.gui_thread_gc import collect_on_gui_thread

    QStandardPaths.setTestModeEnabled(True)
    folder = str(tmp_path_factory.mktemp("settings"))
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, folder)
    collect_on_gui_thread(qapp)  # as the app does: a worker thread collecting a closed window's cycle crashed
    return qapp


@pytest.fixture(autouse=True)
def qt_application_only_from_qapp(request):
    """A test that needs Qt asks for ``qapp`` (or ``qtbot``): the first Qt application of a run is a QApplication.

    Drawing code makes a plain QGuiApplication when none is running
    (:func:`maps.qt_runtime.ensure_gui_application`). Qt allows one application per
    process and widgets cannot live in a QGuiApplication, so after such a test every
    widget test of the run would crash it; the test that made one without asking
    fails here instead, whichever order the tests run in.
    """
    running_before = qt_application_running()
    yield
    if not running_before and qt_application_running() and "qapp" not in request.fixturenames:
        pytest.fail("this test started a Qt application without asking for the qapp fixture; ask for it")


@pytest.fixture
def switch_language(qapp):
    """``switch_language("zh_CN")`` installs the Chinese translation, as the app does when the user picks 中文.

    The words of codes and fields follow the installed translation like every
    other text; English is back after the test.
    """
    from maps.language import ENGLISH, install_language

    yield lambda language: install_language(qapp, language)
    install_language(qapp, ENGLISH)


def require_tool(available: bool, what: str) -> None:
    """Skip locally when an outside tool is missing; in CI a missing tool is a failure."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing on the CI machine; .ci/run must install it")
    pytest.skip(f"{what} is not installed here")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """In CI, any skip is a hidden gap: fail the run and say which tests skipped."""
    skipped = terminalreporter.stats.get("skipped", [])
    if os.environ.get("CI") == "true" and skipped:
        terminalreporter.write_line(f"CI: {len(skipped)} test(s) skipped; skips are not allowed in CI", red=True)
        config._ci_skips = True


def pytest_sessionfinish(session, exitstatus):
    if getattr(session.config, "_ci_skips", False) and exitstatus == 0:
        session.exitstatus = 1


@pytest.fixture(scope="session")
def postgis_cluster():
    """A throw-away PostgreSQL/PostGIS server for the whole run (skips locally without one, fails in CI)."""
    from tests.postgis_server import postgis_installed, server_binaries, start_cluster

    require_tool(server_binaries() is not None and postgis_installed(), "PostgreSQL 15 with PostGIS 3")
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def postgis_url(postgis_cluster, request):
    """A new database with the Wangge schema, as the superuser; one per test."""
    from layers.store.postgis_admin import initialise

    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:50]
    url = postgis_cluster.create_database(f"{name}_{id(request) % 100000}")
    initialise(url)
    return url
