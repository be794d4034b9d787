import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QUndoStack

from desktop.household_card import HouseholdCard


@pytest.fixture(autouse=True)
def no_render_left_running(qapp):
    """A window that closes must not leave a render thread behind (it would paint into freed memory)."""
    yield
    pool = QThreadPool.globalInstance()
    assert pool.waitForDone(10_000), "a render job was still running 10 s after the test"
    assert pool.activeThreadCount() == 0


@pytest.fixture
def open_card(qtbot, make_project):
    """Factory: (card, store, undo stack, reported errors) for one standard household."""

    def open_card_of(house: str):
        store = make_project()
        stack, errors = QUndoStack(), []
        card = HouseholdCard(store, stack, errors.append, store.standard[house].id)
        qtbot.addWidget(card)
        card.show()
        return card, store, stack, errors

    return open_card_of
