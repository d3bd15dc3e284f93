"""Under a check-in field: what a device measured ("7.2 h — from Fitbit") and a Use button.

Imported sleep alone does not make a day tracked; the person confirms it here, which
saves it into the check-in with its source.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class DeviceValueWidget(QWidget):
    """A muted line with the device value and, when it differs from the field, "Use"."""

    use_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setProperty("role", "muted")
        self.use_button = QPushButton("Use", self)
        self.use_button.setProperty("role", "link")
        self.use_button.setAutoDefault(False)
        self.use_button.setToolTip("Put the imported value in this check-in")
        self.use_button.clicked.connect(self.use_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(self.use_button)
        layout.addStretch(1)
        self.hide()

    def show_value(self, text: str | None, *, offer: bool) -> None:
        """``text`` like "7.2 h — from Fitbit" (None hides the line); ``offer`` shows Use."""
        self.setVisible(text is not None)
        self.label.setText(text or "")
        self.use_button.setVisible(offer)
