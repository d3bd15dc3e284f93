"""Undoable journal edits for the window's one ``QUndoStack``.

Each command calls the store's named operations and then tells every view what changed
(episodes; an edit may also add a location). The stack lives in the main window, so Undo
and Redo survive switching views.
"""

from __future__ import annotations

import copy

from PySide6.QtGui import QUndoCommand

from twitchlog.domain import Episode
from twitchlog.ui.context import Change, JournalContext


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class AddEpisodeCommand(QUndoCommand):
    """Log one episode; undo removes it, redo puts the same episode (same id) back."""

    def __init__(self, context: JournalContext, episode: Episode) -> None:
        super().__init__(f"Log {episode.kind} at {episode.location}")
        self._context = context
        self.episode = episode
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._context.journal.episodes.add(self.episode)
            self._first = False
        else:
            self._context.journal.episodes.restore([copy.copy(self.episode)])
        self._context.notify_changed(Change.EPISODES)

    def undo(self) -> None:
        self._context.journal.episodes.delete([self.episode.id])
        self._context.notify_changed(Change.EPISODES)


class EditEpisodeCommand(QUndoCommand):
    """Replace an episode's fields; undo restores the previous version."""

    def __init__(self, context: JournalContext, before: Episode, after: Episode) -> None:
        super().__init__(f"Edit {after.kind} at {after.location}")
        self._context = context
        self._before = copy.copy(before)
        self._after = copy.copy(after)

    def redo(self) -> None:
        self._context.journal.episodes.update(copy.copy(self._after), create_location=True)
        self._context.notify_changed(Change.EPISODES | Change.LOCATIONS)

    def undo(self) -> None:
        self._context.journal.episodes.update(copy.copy(self._before), create_location=True)
        self._context.notify_changed(Change.EPISODES | Change.LOCATIONS)


class DeleteEpisodesCommand(QUndoCommand):
    """Delete one or many episodes in one transaction; undo restores them exactly."""

    def __init__(self, context: JournalContext, episode_ids: list[str]) -> None:
        super().__init__(f"Delete {_plural(len(episode_ids), 'episode')}")
        self._context = context
        self._ids = list(episode_ids)
        self._removed: list[Episode] = []

    def redo(self) -> None:
        self._removed = self._context.journal.episodes.delete(self._ids)
        self._context.notify_changed(Change.EPISODES)

    def undo(self) -> None:
        self._context.journal.episodes.restore([copy.copy(e) for e in self._removed])
        self._context.notify_changed(Change.EPISODES)
