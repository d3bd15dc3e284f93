"""The first start on an empty journal: a friendly hello and an offer to look at a demo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twitchlog import APP_NAME
from twitchlog.ui.resources import app_icon

START = 1
DEMO = 2


class WelcomeDialog(QDialog):
    """``exec()`` returns :data:`START` (my own journal) or :data:`DEMO`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(64, 64))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"Welcome to {APP_NAME}", self)
        title.setProperty("role", "title")
        text = QLabel(
            "<p>When a muscle twitches, log it with one click: the buttons at the top of "
            "<b>Today</b> learn your usual places. Once a day, fill in the check-in (sleep, "
            "caffeine, stress…); it saves as you type.</p>"
            "<p>After a few weeks the insights show what tends to go along with your "
            "twitches, and the report puts it on paper for a doctor's visit.</p>"
            "<p>Your journal stays on this computer. Nothing is sent anywhere.</p>"
            "<p>Curious first? The demo journal has a year of made-up data. It is a separate "
            "file: your own journal stays empty and you can come back to it at any time.</p>",
            self)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(text)
        top = QHBoxLayout()
        top.addWidget(logo)
        top.addLayout(column, 1)
        buttons = QDialogButtonBox(self)
        self.start_button = QPushButton("&Start my journal", self)
        self.demo_button = QPushButton("&Explore a demo journal", self)
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setDefault(True)
        self.start_button.setAccessibleDescription("Begin logging in your own, empty journal")
        self.demo_button.setAccessibleDescription(
            "Open a separate journal with a year of made-up history; yours is not touched")
        self.start_button.clicked.connect(lambda: self.done(START))
        self.demo_button.clicked.connect(lambda: self.done(DEMO))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setFixedWidth(540)

    def reject(self) -> None:
        self.done(START)
