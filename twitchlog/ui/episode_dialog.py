"""Adding or correcting one episode in a dialog; saving is one undoable step."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QVBoxLayout, QWidget

from twitchlog.domain import Episode
from twitchlog.ui.a11y import describe_buttons
from twitchlog.ui.commands import AddEpisodeCommand, DeleteEpisodesCommand, EditEpisodeCommand
from twitchlog.ui.context import JournalContext
from twitchlog.ui.episode_form_widget import EpisodeFormWidget
from twitchlog.ui.undo import push_command
from twitchlog.validation import now_local

_COMPARED = ("started_at", "location", "side", "duration_s", "intensity", "kind", "notes")


class EpisodeDialog(QDialog):
    """The episode form in a dialog. With an ``episode`` it edits it (same id), else logs a
    new one. Save pushes an Add/EditEpisodeCommand on ``undo_stack``; Delete (edit only)
    pushes a DeleteEpisodesCommand. Enter saves, Esc cancels."""

    def __init__(
        self,
        context: JournalContext,
        undo_stack: QUndoStack,
        episode: Episode | None = None,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = now_local,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._stack = undo_stack
        self._original = copy.copy(episode) if episode is not None else None
        self.saved_episode: Episode | None = None
        self.deleted = False
        self.setWindowTitle("Edit episode" if episode is not None else "Log an episode")
        self.setModal(True)
        self.form = EpisodeFormWidget(context, self, clock=clock, handle_keys=False)
        if episode is not None:
            self.form.load(episode)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        if episode is not None:
            self.delete_button = self.buttons.addButton(
                "&Delete episode", QDialogButtonBox.ButtonRole.DestructiveRole)
            self.delete_button.setAutoDefault(False)
            self.delete_button.clicked.connect(self._on_delete_button_clicked)
            self.delete_button.setAccessibleDescription(
                "Remove this episode from the journal (Ctrl+Z brings it back)")
        describe_buttons(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)
        self.resize(800, 500)
        if episode is None:
            self.form.focus_location()
        else:
            self.form.notes_edit.setFocus()

    def accept(self) -> None:
        episode = self.form.collect()
        if episode is None:
            return
        command: AddEpisodeCommand | EditEpisodeCommand
        if self._original is None:
            command = AddEpisodeCommand(self._context, episode)
        elif all(getattr(self._original, f) == getattr(episode, f) for f in _COMPARED):
            self.saved_episode = episode
            super().accept()
            return
        else:
            command = EditEpisodeCommand(self._context, self._original, episode)
        if push_command(self._stack, command, self):
            self.saved_episode = episode
            super().accept()

    def reject(self) -> None:
        if self.form.timer_running():
            answer = QMessageBox.question(
                self, "Timer running", "The timer is still running. Close without saving?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()

    def _on_delete_button_clicked(self) -> None:
        assert self._original is not None
        if push_command(self._stack, DeleteEpisodesCommand(self._context, [self._original.id]),
                        self):
            self.deleted = True
            super().reject()
