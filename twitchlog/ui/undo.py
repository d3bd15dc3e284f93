"""Pushing an undoable edit so that a failed write leaves the stack and the journal consistent."""

from __future__ import annotations

import contextlib

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from twitchlog.ui.context import WRITE_ERRORS, refusal_text


def push_command(stack: QUndoStack, command: QUndoCommand, parent: QWidget | None) -> bool:
    """Run ``command`` through the stack; on a refused write, explain and step back.

    ``QUndoStack.push`` keeps a command even when its first ``redo`` raised, so the stack
    is moved back one step (its redo entry then means "try again"). Returns success.
    """
    try:
        stack.push(command)
    except WRITE_ERRORS as exc:
        reason = refusal_text(exc)
        with contextlib.suppress(*WRITE_ERRORS):
            stack.undo()
        QMessageBox.warning(parent, "Not saved", reason)
        return False
    return True

