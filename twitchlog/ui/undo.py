"""Pushing an undoable edit so that a failed write leaves the stack and the journal consistent."""

from __future__ import annotations

import contextlib

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from twitchlog.store import JournalError
from twitchlog.validation import ValidationError


def push_command(stack: QUndoStack, command: QUndoCommand, parent: QWidget | None) -> bool:
    """Run ``command`` through the stack; on a refused write, explain and step back.

    ``QUndoStack.push`` keeps a command even when its first ``redo`` raised, so the stack
    is moved back one step (its redo entry then means "try again"). Returns success.
    """
    try:
        stack.push(command)
    except (JournalError, ValidationError, OSError) as exc:
        reason = _original_message(exc)
        with contextlib.suppress(JournalError, ValidationError, OSError):
            stack.undo()
        QMessageBox.warning(parent, "Not saved", reason)
        return False
    return True


def _original_message(exc: Exception) -> str:
    """PySide prefixes errors raised inside ``redo``; keep the store's own sentence."""
    text = str(exc)
    marker = "): "
    if text.startswith("Error calling Python override") and marker in text:
        text = text.split(marker, 1)[1]
    return text
