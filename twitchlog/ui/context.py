"""The open journal as the views share it, with signals for changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from twitchlog.store import Journal


class JournalContext(QObject):
    """Owns the UI thread's journal connection and tells views when data changes.

    Views call named operations on :attr:`journal`, then :meth:`notify_changed` so every
    other view refreshes. Workers never use :attr:`journal`: they open their own reader
    with ``Journal.open_reader(context.path)``.
    """

    changed = Signal()  # entries were added, edited or removed
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

    def notify_changed(self) -> None:
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
