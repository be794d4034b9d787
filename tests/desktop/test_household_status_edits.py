"""The household status the store keeps equals a full recount after any sequence of the window's own edits,
undo and redo included, in a project file and on a shared database."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtGui import QUndoStack
from shapely import Point

from desktop.edit_commands import ChangeSettings, DeleteRecord, InsertRecord, UpdateRecord, push_edit
from layers.store import new_feature, open_project
from layers.store.offline import push
from layers.visit_cycles import KeyPersonCycles
from layers.vocabulary import DisputeStatus, Grade, KeyPersonTag, VisitPurpose
from tests.household_status_recount import assert_status_kept

START = datetime(2026, 9, 1, tzinfo=UTC)


class RandomEdits:
    """Edits an officer or a chief makes, drawn at random, each pushed as the window pushes it."""

    def __init__(self, store, seed: int) -> None:
        self.store, self.random = store, random.Random(seed)
        self.stack, self.errors = QUndoStack(), []

    def pick(self, layer: str):
        ids = list(self.store.read(layer, columns=["id"])["id"])
        return self.store.get(layer, self.random.choice(ids)) if ids else None

    def moment(self) -> datetime:
        return START + timedelta(hours=self.random.randrange(0, 24 * 90))

    def push(self, command) -> None:
        assert push_edit(self.stack, command), self.errors

    def add_visit(self) -> None:
        household, dispute = self.pick("households"), self.pick("disputes")
        purpose = self.random.choice(list(VisitPurpose)).value
        followup = purpose == VisitPurpose.DISPUTE_FOLLOWUP.value and dispute is not None
        visit = new_feature("visits", None, household_id=household.id, visited_at=self.moment(), officer="马文华",
                            purpose=purpose, dispute_id=dispute.id if followup else None)  # fmt: skip
        self.push(InsertRecord(self.store, visit, "visit", self.errors.append))

    def move_visit(self) -> None:
        if visit := self.pick("visits"):
            self.push(UpdateRecord(self.store, visit, {"visited_at": self.moment()}, "visit", self.errors.append))

    def delete_visit(self) -> None:
        if visit := self.pick("visits"):
            self.push(DeleteRecord(self.store, visit, "visit", self.errors.append))

    def add_dispute(self) -> None:
        household = self.pick("households")
        dispute = new_feature("disputes", Point(105.905, 36.905), household_id=household.id, reported_at=self.moment(),
                              grade=self.random.choice(list(Grade)).value, kind="neighbour")  # fmt: skip
        self.push(InsertRecord(self.store, dispute, "dispute", self.errors.append))

    def change_dispute(self) -> None:
        dispute = self.pick("disputes")
        status = self.random.choice(list(DisputeStatus)).value
        changes = {"status": status, "grade": self.random.choice(list(Grade)).value}
        if status == DisputeStatus.RESOLVED.value:
            changes |= {"resolved_at": self.random.choice([None, self.moment()]),
                        "followup_due": self.random.choice([None, date(2026, 12, self.random.randrange(1, 28))]),
                        "followed_up_at": self.random.choice([None, None, self.moment()])}  # fmt: skip
        self.push(UpdateRecord(self.store, dispute, changes, "dispute", self.errors.append))

    def change_household(self) -> None:
        household, grid = self.pick("households"), self.pick("grids")
        tags = self.random.sample([tag.value for tag in KeyPersonTag], self.random.randrange(0, 3))
        changes = {"key_person": ",".join(tags) or None, "grid_id": grid.id}
        self.push(UpdateRecord(self.store, household, changes, "household", self.errors.append))

    def add_household(self) -> None:
        grid = self.pick("grids")
        tags = self.random.choice([None, "elderly_alone"])
        house = new_feature("households", Point(105.905, 36.905), house_no=str(self.random.randrange(100, 999)),
                            head_name="马明", grid_id=grid.id, key_person=tags)  # fmt: skip
        self.push(InsertRecord(self.store, house, "household", self.errors.append))

    def change_grid_cycle(self) -> None:
        grid = self.pick("grids")
        changes = {"visit_cycle_days": self.random.choice([7, 15, 30, 45])}
        self.push(UpdateRecord(self.store, grid, changes, "grid", self.errors.append))

    def change_policy(self) -> None:
        earlier = KeyPersonCycles.from_settings(self.store.settings())
        policy = KeyPersonCycles(elderly_alone=self.random.randrange(1, 60), hardship=self.random.randrange(1, 60))
        command = ChangeSettings(self.store, dict([policy.to_setting()]), dict([earlier.to_setting()]), "rules",
                                 self.errors.append)  # fmt: skip
        self.push(command)

    def undo(self) -> None:
        self.stack.undo()

    def redo(self) -> None:
        self.stack.redo()

    def edits(self, steps: int):
        """Each kind of edit once, in a random order, then ``steps`` more drawn at random."""
        kinds = [self.add_visit, self.move_visit, self.delete_visit, self.add_dispute, self.change_dispute,
                 self.change_household, self.add_household, self.change_grid_cycle, self.change_policy, self.undo,
                 self.redo]  # fmt: skip
        yield from self.random.sample(kinds, len(kinds))
        weighted = [*kinds, self.add_visit, self.change_dispute, self.undo]
        for _ in range(steps):
            yield self.random.choice(weighted)


def _walk(store, seed: int, steps: int) -> None:
    edits = RandomEdits(store, seed)
    for edit in edits.edits(steps):
        edit()
        assert not edits.errors, edits.errors
        assert_status_kept(store)
    while edits.stack.canUndo():  # back to where the sequence began, one step at a time
        edits.undo()
        assert_status_kept(store)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_kept_status_equals_a_recount_after_random_edits_and_undos_in_a_file(qapp, make_project, seed):
    store = make_project()
    assert_status_kept(store)
    _walk(store, seed, steps=30)


def test_the_kept_status_equals_a_recount_after_random_edits_and_undos_on_a_server(qapp, make_project, postgis_url):
    with open_project(postgis_url) as server:
        push(make_project(), server)
        assert_status_kept(server)
        _walk(server, seed=4, steps=30)
