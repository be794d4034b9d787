import pytest
from PySide6.QtCore import QThreadPool


@pytest.fixture(autouse=True)
def no_render_left_running(qapp):
    """A window that closes must not leave a render thread behind (it would paint into freed memory)."""
    yield
    pool = QThreadPool.globalInstance()
    assert pool.waitForDone(10_000), "a render job was still running 10 s after the test"
    assert pool.activeThreadCount() == 0
