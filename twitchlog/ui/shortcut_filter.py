"""Menu shortcuts that keep working while a text field has the keyboard.

A line edit claims some Ctrl keys for itself (Ctrl+E moves to the end of the line on
Linux), so File › Export… would do nothing while the cursor sits in a note. The filter
lets the window's own shortcuts win over a text field, except the keys that edit text:
undo, redo, cut, copy, paste, select all and delete keep their meaning in the field.

The filter sits on each text field as it receives the keyboard, not on the application:
an application-wide filter costs a Python call for every event of every object (and
makes PySide wrap each of those objects), which slowed start-up and every repaint.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_EDITING_KEYS = (
    QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.Cut, QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Paste, QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Delete, QKeySequence.StandardKey.Back,
    QKeySequence.StandardKey.Forward,
)
_TEXT_FIELDS = (QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QComboBox)


def _editing_keys() -> set[str]:
    keys: set[str] = set()
    for standard in _EDITING_KEYS:
        keys.update(seq.toString() for seq in QKeySequence.keyBindings(standard))
    keys.add(QKeySequence("Ctrl+Shift+Z").toString())
    return keys


class MenuShortcutFilter(QObject):
    """Watches the text field that has the keyboard; owned by the main window (removed
    with it)."""

    def __init__(self, actions: Iterable[QAction], parent: QObject) -> None:
        super().__init__(parent)
        editing = _editing_keys()
        self._keys = {seq.toString() for action in actions for seq in action.shortcuts()
                      if not seq.isEmpty()} - editing
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)
            self._watch(app.focusWidget())

    def keys(self) -> set[str]:
        """The shortcuts that win over a focused text field ("Ctrl+E", …)."""
        return set(self._keys)

    def _watch(self, widget: QWidget | None) -> None:
        # Installing again is harmless: Qt keeps one entry per filter and object.
        if isinstance(widget, _TEXT_FIELDS):
            widget.installEventFilter(self)

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        self._watch(new)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, _TEXT_FIELDS):
            return False
        assert isinstance(event, QKeyEvent)
        pressed = QKeySequence(event.keyCombination()).toString()
        if pressed in self._keys:
            event.ignore()  # not the field's: the shortcut map gets it
            return True
        return False
