import pytest


@pytest.fixture(autouse=True)
def gui_application(qapp):
    """The demo draws sketches and phone photos: QPainter and fonts need the run's Qt application, made by ``qapp``."""
