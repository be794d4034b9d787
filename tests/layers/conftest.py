import sys

import pytest

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
