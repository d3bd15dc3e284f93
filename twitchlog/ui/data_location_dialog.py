""""Where is my data?": the journal's path, its size and contents, and its folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twitchlog.ui import app_settings
from twitchlog.ui.context import JournalContext
from twitchlog.words import count_words


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


def open_folder(folder: Path) -> bool:
    """Show a folder in the desktop's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class DataLocationDialog(QDialog):
    """Shows the journal file's path with buttons to copy it and to open its folder."""

    def __init__(self, context: JournalContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Where is my data?")
        self._path = context.path.resolve()
        intro = QLabel("Your journal is one file on this computer. Nothing is sent anywhere. "
                       "TwitchLog keeps dated backups in the backups folder beside it "
                       "(File > Restore from backup… brings one back). To move the journal, "
                       "quit TwitchLog first, then move the file; File > Export… writes a "
                       "copy other programs can read.", self)
        intro.setWordWrap(True)
        self.path_label = QLabel(str(self._path), self)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setWordWrap(True)
        self.path_label.setProperty("role", "heading")
        try:
            size = human_size(self._path.stat().st_size)
        except OSError:
            size = "unknown"
        counts = context.journal.counts()
        form = QFormLayout()
        form.addRow("Journal file:", self.path_label)
        form.addRow("Size:", QLabel(size, self))
        form.addRow("Contains:", QLabel(
            f"{count_words(counts['episodes'], 'episode')}, "
            f"{count_words(counts['checkins'], 'tracked day')}, "
            f"{count_words(counts['medications'], 'medication')}, "
            f"{count_words(counts['factors'], 'custom factor')}", self))
        settings = QLabel(app_settings.app_settings().fileName(), self)
        settings.setProperty("role", "muted")
        settings.setWordWrap(True)
        settings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("App settings:", settings)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = QPushButton("&Open folder", self)
        self.copy_button = QPushButton("&Copy path", self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.status = QLabel(self)
        self.status.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _on_open_button_clicked(self) -> None:
        if not open_folder(self._path.parent):
            self.status.setText("The folder could not be opened here; copy the path instead.")

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(str(self._path))
        self.status.setText("Path copied.")
