"""About TwitchLog: what it is, what it is not, and the versions that matter for support."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from twitchlog import APP_NAME, __version__
from twitchlog.store import SCHEMA_VERSION
from twitchlog.ui.resources import app_icon


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(72, 72))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"{APP_NAME} {__version__}", self)
        title.setProperty("role", "title")
        text = QLabel(
            "<p>A private journal for muscle twitches: log an episode in seconds, check in "
            "once a day, and see what goes along with your twitches.</p>"
            "<p>Everything stays on this computer. TwitchLog never uses the network.</p>"
            "<p>TwitchLog is a diary, not a diagnosis. Twitches are very common and usually "
            "harmless; if something worries you, your doctor is the right person to ask, "
            "and the report can help that conversation.</p>", self)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        details = QLabel(
            f"Journal format {SCHEMA_VERSION} · Python {platform.python_version()} · "
            f"Qt {qVersion()} · PySide6 {PySide6.__version__}<br>MIT licence", self)
        details.setProperty("role", "muted")
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(text)
        column.addWidget(details)
        top = QHBoxLayout()
        top.addWidget(logo)
        top.addLayout(column, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setFixedWidth(500)
