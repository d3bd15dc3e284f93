"""The open journal as the views share it, with signals that say what changed."""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from twitchlog.store import Journal, JournalError
from twitchlog.validation import ValidationError

T = TypeVar("T")

#: What a refused write raises: the store's errors, a value out of range, the disk's.
WRITE_ERRORS = (JournalError, ValidationError, OSError)


class Change(enum.Flag):
    """What a write touched, so each view refreshes only for what it shows."""

    EPISODES = enum.auto()
    DAYS = enum.auto()  # check-ins, with their custom factor values
    FACTORS = enum.auto()  # custom factor definitions
    LOCATIONS = enum.auto()
    MEDICATIONS = enum.auto()
    SETTINGS = enum.auto()  # drink buttons and other preferences kept in the journal
    ALL = EPISODES | DAYS | FACTORS | LOCATIONS | MEDICATIONS | SETTINGS


#: Everything the statistics, the charts and the report read.
ANALYSED = Change.EPISODES | Change.DAYS | Change.FACTORS | Change.LOCATIONS | Change.MEDICATIONS


def refusal_text(error: BaseException) -> str:
    """The one sentence a refused write shows: the store's own, without the prefix PySide
    adds to an error raised inside ``QUndoCommand.redo``."""
    text = str(error)
    marker = "): "
    if text.startswith("Error calling Python override") and marker in text:
        text = text.split(marker, 1)[1]
    return text


class JournalContext(QObject):
    """Owns the UI thread's journal connection and tells views when data changes.

    Views write through :meth:`write` (or call :meth:`notify_changed` after a write), so
    every other view hears what changed: :attr:`changes` carries a :class:`Change`,
    :attr:`changed` fires for any change. Workers never use :attr:`journal`: they open
    their own reader with ``Journal.open_reader(context.path)``.
    """

    changed = Signal()  # entries were added, edited or removed
    changes = Signal(object)  # the same moment, with the Change that says what
    about_to_replace = Signal()  # the current journal is still open; views let go of it
    replaced = Signal()  # another journal file was opened

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journal = journal

    @property
    def journal(self) -> Journal:
        return self._journal

    @property
    def path(self) -> Path:
        return self._journal.path

    def write(self, what: Change, operation: Callable[[], T]) -> T:
        """Run one store write and announce ``what`` it changed.

        A refused write raises one of :data:`WRITE_ERRORS` (show it with
        :func:`refusal_text`) and announces nothing: the store changed no byte.
        """
        result = operation()
        self.notify_changed(what)
        return result

    def notify_changed(self, what: Change = Change.ALL) -> None:
        self.changes.emit(what)
        self.changed.emit()

    def replace(self, journal: Journal) -> None:
        """Switch to another journal file; the old connection is closed.

        ``about_to_replace`` comes first, so the main window can retire every view of
        the old journal before anything reacts to the new one.
        """
        self.about_to_replace.emit()
        old = self._journal
        self._journal = journal
        if old is not journal:
            old.close()
        self.replaced.emit()
