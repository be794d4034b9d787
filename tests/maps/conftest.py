import pytest


@pytest.fixture(autouse=True)
def gui_application(qapp):
    """maps draws: QPainter, fonts and QImage need the run's Qt application, which ``qapp`` makes first."""
