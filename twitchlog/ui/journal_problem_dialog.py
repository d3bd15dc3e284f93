"""When a journal file cannot be opened: name the problem, touch nothing, offer a way on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from twitchlog.store import DamagedJournalError, NewerJournalError, NotAJournalError
from twitchlog.store.errors import PassphraseNeededError

OPEN_OTHER = 1
CREATE_NEW = 2
GIVE_UP = 0


def problem_title(error: BaseException) -> str:
    if isinstance(error, PassphraseNeededError):
        return "This journal is protected with a passphrase"
    if isinstance(error, NotAJournalError):
        return "This file is not a TwitchLog journal"
    if isinstance(error, NewerJournalError):
        return "This journal needs a newer TwitchLog"
    if isinstance(error, DamagedJournalError):
        return "This journal file is damaged"
    return "This journal could not be opened"


def problem_text(error: BaseException) -> str:
    """The store's own sentence about the file, without repeating the path."""
    problem = getattr(error, "problem", None)
    if problem:
        return f"The file {problem}."
    if isinstance(error, OSError):
        return f"The file could not be read: {error.strerror or error}."
    return str(error)


class JournalProblemDialog(QDialog):
    """Says what is wrong with the file and offers to open another or create a new one.

    ``exec()`` returns :data:`OPEN_OTHER`, :data:`CREATE_NEW` or :data:`GIVE_UP` (quit at
    start-up, keep the current journal otherwise). The file itself is never modified.
    """

    def __init__(self, path: Path, error: BaseException, parent: QWidget | None = None, *,
                 give_up_text: str = "Cancel") -> None:
        super().__init__(parent)
        self.setWindowTitle("Journal not opened – TwitchLog")
        self.path = Path(path)
        self.error = error
        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title_label = QLabel(problem_title(error), self)
        self.title_label.setProperty("role", "title")
        self.problem_label = QLabel(problem_text(error), self)
        self.problem_label.setWordWrap(True)
        self.path_label = QLabel(str(self.path), self)
        self.path_label.setProperty("role", "muted")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        reassure = QLabel("TwitchLog has not changed this file. You can open another journal "
                          "or start a new one.", self)
        reassure.setWordWrap(True)
        text = QVBoxLayout()
        text.addWidget(self.title_label)
        text.addWidget(self.problem_label)
        text.addWidget(self.path_label)
        text.addSpacing(6)
        text.addWidget(reassure)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)

        buttons = QDialogButtonBox(self)
        self.open_button = QPushButton("&Open another journal…", self)
        self.create_button = QPushButton("&Create a new journal…", self)
        self.give_up_button = QPushButton(give_up_text, self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.give_up_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self.done(OPEN_OTHER))
        self.create_button.clicked.connect(lambda: self.done(CREATE_NEW))
        self.give_up_button.clicked.connect(lambda: self.done(GIVE_UP))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
