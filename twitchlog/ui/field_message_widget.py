"""A calm message beside a form field, worded from the shared validation's refusal."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from twitchlog.ui.theme import repolish
from twitchlog.validation import ValidationError

_SHOWN_VALUE_LIMIT = 24
_BASE_DESCRIPTION = "twitchlogBaseDescription"


def describe(error: ValidationError, label: str) -> str:
    """One sentence for a person: the value they typed (if short) and what is allowed."""
    value = error.value
    text = "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if text.strip() and len(text) <= _SHOWN_VALUE_LIMIT:
        return f"“{text}” {error.reason}"
    name = label or error.field[:1].upper() + error.field[1:]
    return f"{name} {error.reason}"


class FieldMessage(QLabel):
    """Hidden until there is something to say; worded calmly, coloured softly."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "error")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hide()

    def show_message(self, text: str, field: QWidget | None = None) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        if field is not None:
            field.setProperty("invalid", bool(text))
            repolish(field)
            # the refusal is heard first; the field's own description comes back after
            base = field.property(_BASE_DESCRIPTION)
            if base is None:
                base = field.accessibleDescription()
                field.setProperty(_BASE_DESCRIPTION, base)
            field.setAccessibleDescription(f"{text} {base}".strip() if text else base)

    def show_error(self, error: ValidationError, label: str, field: QWidget | None = None) -> None:
        self.show_message(describe(error, label), field)

    def clear_message(self, field: QWidget | None = None) -> None:
        self.show_message("", field)
