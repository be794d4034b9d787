"""Undoable edits of project records: every change a user makes in the app goes through here.

Each command is applied to the store at once (one transaction, so nothing is
lost on a crash) and only then pushed on the window's :class:`QUndoStack`. Undo
and redo are store edits too, checked against the version the command last
wrote: if someone else changed the record meanwhile (another window, another
officer on the shared database), the store refuses with a ConflictError, the
user is told, and the command leaves the stack rather than overwrite their work.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any

import shapely
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget
from shapely.geometry.base import BaseGeometry

from layers.errors import WanggeError
from layers.feedback import Feedback
from layers.store import Feature, ProjectStore

ReportError = Callable[[str], None]
"""Shows a translated one-line message to the user (a message box in the window, a list in tests)."""


class RecordCommand(QUndoCommand):
    """A store edit that knows how to apply and revert itself.

    Subclasses define :meth:`apply` and :meth:`revert` (Qt's metaclass rules out
    ``abc.ABC`` here, so the base raises instead).

    The version an edit expects is the one the app itself last wrote for that
    record, whichever command wrote it: after "add a point, move it, undo the
    move", the undo of the add must expect the version the undone move left,
    not the one the add wrote. Only someone else's edit is a conflict.
    """

    _written: weakref.WeakKeyDictionary[ProjectStore, dict[tuple[str, str], int]] = weakref.WeakKeyDictionary()

    def __init__(self, store: ProjectStore, text: str, report_error: ReportError) -> None:
        super().__init__(text)
        self.store = store
        self.report_error = report_error
        self._applied_once = False

    def apply(self) -> None:
        """Make the edit in the store (first time and on redo)."""
        raise NotImplementedError(f"{type(self).__name__} must define apply()")

    def revert(self) -> None:
        """Take the edit back in the store (on undo)."""
        raise NotImplementedError(f"{type(self).__name__} must define revert()")

    def expected_version(self, layer: str, record_id: str, known: int) -> int:
        """The later of ``known`` (as this command read or wrote it) and the version this app last
        wrote for the record: a fresh read after someone else's edit is newer than our last write."""
        return max(known, self._written.get(self.store, {}).get((layer, record_id), known))

    def wrote(self, feature: Feature) -> Feature:
        """Remember the version a store call left the record at; returns ``feature``."""
        self._written.setdefault(self.store, {})[(feature.layer, feature.id)] = feature.version
        return feature

    def redo(self) -> None:
        if not self._applied_once:  # push_edit already applied it
            self._applied_once = True
            return
        self._guarded(self.apply)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _guarded(self, step: Callable[[], None]) -> None:
        try:
            step()
        except WanggeError as error:
            self.report_error(error.translated(QCoreApplication.translate))
            self.setObsolete(True)  # the stack drops it: the record is no longer what this command knew


class UpdateRecord(RecordCommand):
    """Change some fields (and the geometry, if given) of one record; undo puts the old values back."""

    def __init__(
        self,
        store: ProjectStore,
        before: Feature,
        changes: Mapping[str, Any],
        text: str,
        report_error: ReportError,
        geometry: BaseGeometry | None = None,
    ) -> None:
        super().__init__(store, text, report_error)
        self.layer = before.layer
        self.record_id = before.id
        self.new_values = dict(changes)
        self.old_values = {name: before[name] for name in changes}
        self.new_geometry = geometry
        self.old_geometry = None  # None: leave the geometry as it is
        if geometry is not None:  # undo gives back "no position" as an empty geometry, which the store keeps
            self.old_geometry = before.geometry or shapely.from_wkt(f"{geometry.geom_type} EMPTY")
        self.version = before.version

    def apply(self) -> None:
        self._write(self.new_values, self.new_geometry)

    def revert(self) -> None:
        self._write(self.old_values, self.old_geometry)

    def _write(self, values: Mapping[str, Any], geometry: BaseGeometry | None) -> None:
        expected = self.expected_version(self.layer, self.record_id, self.version)
        self.version = self.wrote(self.store.update(self.layer, self.record_id, values, expected, geometry)).version


class EditGroup(RecordCommand):
    """Several record edits made, undone and redone as one, in one store transaction.

    ``then`` is asked once, after the first edits are in the store, for the edits
    they imply (the households a moved control point displaces); those join the
    group, so one undo takes back the cause and its consequences together.
    """

    def __init__(
        self,
        store: ProjectStore,
        edits: list[RecordCommand],
        text: str,
        report_error: ReportError,
        then: Callable[[], list[RecordCommand]] | None = None,
    ) -> None:
        super().__init__(store, text, report_error)
        self.edits = list(edits)
        self.then = then

    def apply(self) -> None:
        with self.store.edit():
            for edit in self.edits:
                edit.apply()
            consequences = self.then() if self.then is not None else []
            for edit in consequences:
                edit.apply()
        self.edits += consequences
        self.then = None

    def revert(self) -> None:
        with self.store.edit():
            for edit in reversed(self.edits):
                edit.revert()

    def join(self, consequences: list[RecordCommand]) -> bool:
        """Make edits this group turned out to imply, found after it was made (by a fit on a worker thread);
        from now on they are undone and redone with it. False (the message reported) if the store refused."""
        try:
            with self.store.edit():
                for edit in consequences:
                    edit.apply()
        except WanggeError as error:
            self.report_error(error.translated(QCoreApplication.translate))
            return False
        self.edits += consequences
        return True


class InsertRecord(RecordCommand):
    """Add a new record; undo deletes it, redo writes it back with the same id."""

    def __init__(self, store: ProjectStore, feature: Feature, text: str, report_error: ReportError) -> None:
        super().__init__(store, text, report_error)
        self.feature = feature
        self._stored_once = False

    def apply(self) -> None:
        written = self.store.replace(self.feature) if self._stored_once else self.store.insert(self.feature)
        self.feature = self.wrote(written)
        self._stored_once = True

    def revert(self) -> None:
        expected = self.expected_version(self.feature.layer, self.feature.id, self.feature.version)
        self.feature = self.store.delete(self.feature.layer, self.feature.id, expected)


class DeleteRecord(RecordCommand):
    """Remove a record; undo writes it back exactly as it was."""

    def __init__(self, store: ProjectStore, feature: Feature, text: str, report_error: ReportError) -> None:
        super().__init__(store, text, report_error)
        self.feature = feature

    def apply(self) -> None:
        expected = self.expected_version(self.feature.layer, self.feature.id, self.feature.version)
        self.feature = self.store.delete(self.feature.layer, self.feature.id, expected)

    def revert(self) -> None:
        self.feature = self.wrote(self.store.replace(self.feature))


class ImportRecords(RecordCommand):
    """A register imported in one transaction; undo deletes every record it wrote, in one transaction too.

    ``write`` writes the records (the same ids each time, so a redo brings back
    the very records other edits may name) and reports to the feedback it is
    given; ``ids`` are what it wrote. The first write is a long job the import
    dialog runs on a worker thread (:meth:`apply` there, then
    :meth:`QUndoStack.push` in the GUI thread); a redo writes again in place.
    """

    def __init__(self, store: ProjectStore, layer: str, write: Callable[[Feedback | None], tuple[str, ...]],
                 text: str, report_error: ReportError) -> None:  # fmt: skip
        super().__init__(store, text, report_error)
        self.layer = layer
        self.write = write
        self.ids: tuple[str, ...] = ()

    def apply(self, feedback: Feedback | None = None) -> None:
        self.ids = self.write(feedback)
        for record_id in self.ids:
            self._written.setdefault(self.store, {})[(self.layer, record_id)] = 1

    def revert(self) -> None:
        with self.store.edit():
            for record_id in self.ids:
                self.store.delete(self.layer, record_id, self.expected_version(self.layer, record_id, 1))


class ChangeSettings(RecordCommand):
    """The station's settings (its rules, say) changed in one transaction; undo writes the earlier values back.

    ``earlier`` gives every key's value before the change, as the caller read
    it (a rule never set counts as its default, written back as such).
    """

    def __init__(self, store: ProjectStore, values: Mapping[str, str], earlier: Mapping[str, str], text: str,
                 report_error: ReportError) -> None:  # fmt: skip
        super().__init__(store, text, report_error)
        self.values, self.earlier = dict(values), dict(earlier)

    def apply(self) -> None:
        self._write(self.values)

    def revert(self) -> None:
        self._write(self.earlier)

    def _write(self, values: Mapping[str, str]) -> None:
        with self.store.edit():
            for key, value in values.items():
                self.store.set_setting(key, value)


def push_edit(stack: QUndoStack, command: RecordCommand) -> bool:
    """Apply ``command`` to the store and, if the store took it, make it undoable.

    Returns False (after reporting the message) when the store refused the edit:
    a bad value, a stale version, a missing permission. Nothing was written then.
    """
    try:
        command.apply()
    except WanggeError as error:
        command.report_error(error.translated(QCoreApplication.translate))
        return False
    stack.push(command)  # QUndoStack calls redo() once on push; the first is a no-op
    return True


def replace_undo_actions(
    stack: QUndoStack, container: QWidget, before: QAction, old: tuple[QAction | None, ...], undo: str, redo: str
) -> tuple[QAction, QAction]:
    """Undo and redo actions for ``stack`` in ``container`` (a menu or toolbar), placed before ``before``.

    Qt names them "<prefix> <edit>" with the prefix fixed when they are made, so a
    language change makes new ones (with ``undo``/``redo`` translated) in place of ``old``.
    """
    for action in old:
        if action is not None:
            container.removeAction(action)
            action.deleteLater()
    undo_action = stack.createUndoAction(container, undo)
    undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    redo_action = stack.createRedoAction(container, redo)
    redo_action.setShortcut(QKeySequence.StandardKey.Redo)
    container.insertActions(before, [undo_action, redo_action])
    return undo_action, redo_action
