"""A damaged journal at open: explain, offer the newest good backup, keep the file aside.

Nothing is ever written into a damaged journal. Restoring first renames it (with its
``-wal``/``-shm``) to ``<name>.damaged-<time>`` beside the journal, where the user can
keep or send it, then puts the chosen backup in its place. Starting afresh keeps the
damaged file aside the same way.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from twitchlog.store import DamagedJournalError, Journal, JournalError
from twitchlog.store.backups import (
    BackupInfo,
    newest_good_backup,
    open_with_backups,
    restore_backup,
    set_aside_damaged,
    validate_backup,
)
from twitchlog.ui.restore_dialog import RestoreDialog, contents_text, when_text

RESTORE_NEWEST = 1
CHOOSE_BACKUP = 2
START_EMPTY = 3
OTHER_OPTIONS = 0


class DamagedJournalDialog(QDialog):
    """What happened and what can be done; ``exec()`` returns one of the choices above."""

    def __init__(self, path: Path, error: DamagedJournalError, newest: BackupInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Journal damaged – TwitchLog")
        self.path = Path(path)
        self.newest = newest
        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel("Your journal file is damaged", self)
        title.setProperty("role", "title")
        explanation = QLabel(
            "TwitchLog checks the journal every time it opens it, and this time the check "
            f"failed ({error.problem}). This can happen after a disk problem, a sync "
            "service copying the file while it was in use, or a crash of the computer. "
            "TwitchLog has not written anything into the file.", self)
        explanation.setWordWrap(True)
        path_label = QLabel(str(self.path), self)
        path_label.setProperty("role", "muted")
        path_label.setWordWrap(True)
        path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if newest is not None:
            offer = QLabel(
                f"The newest good backup is from {when_text(newest.created)} and holds "
                f"{contents_text(newest)}. Restoring it keeps the damaged file aside, "
                "renamed, so nothing is thrown away.", self)
        else:
            offer = QLabel("There is no usable backup of this journal. You can start a new, "
                           "empty journal in its place; the damaged file is kept aside, "
                           "renamed, so nothing is thrown away.", self)
        offer.setWordWrap(True)
        text = QVBoxLayout()
        for widget in (title, explanation, path_label, offer):
            text.addWidget(widget)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)

        buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton("&Restore the newest backup", self)
        self.choose_button = QPushButton("&Choose a backup…", self)
        self.empty_button = QPushButton("Start an &empty journal", self)
        self.other_button = QPushButton("&Other options…", self)
        for button in (self.restore_button, self.choose_button, self.empty_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setVisible(newest is not None)
        (self.restore_button if newest is not None else self.choose_button).setDefault(True)
        self.restore_button.clicked.connect(lambda: self.done(RESTORE_NEWEST))
        self.choose_button.clicked.connect(lambda: self.done(CHOOSE_BACKUP))
        self.empty_button.clicked.connect(lambda: self.done(START_EMPTY))
        self.other_button.clicked.connect(lambda: self.done(OTHER_OPTIONS))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)


def recover_damaged_journal(path: Path, error: DamagedJournalError,
                            parent: QWidget | None = None) -> Journal | None:
    """The damaged-journal flow. Returns the restored (or new) journal, or ``None`` when
    the user wants the other options (open another journal, quit)."""
    path = Path(path)
    newest = newest_good_backup(path)
    while True:
        choice = DamagedJournalDialog(path, error, newest, parent).exec()
        if choice == OTHER_OPTIONS:
            return None
        backup: Path | None = None
        if choice == RESTORE_NEWEST and newest is not None:
            backup = newest.path
        elif choice == CHOOSE_BACKUP:
            chooser = RestoreDialog(path, parent)
            if chooser.exec() != QDialog.DialogCode.Accepted or chooser.chosen is None:
                continue
            backup = chooser.chosen
        journal = _replace_damaged(path, backup, parent)
        if journal is not None:
            return journal


def _replace_damaged(path: Path, backup: Path | None, parent: QWidget | None) -> Journal | None:
    """Set the damaged file aside, then restore ``backup`` (or start empty) in its place."""
    try:
        if backup is not None:
            info = validate_backup(backup)
        aside = set_aside_damaged(path)
    except (JournalError, OSError) as exc:
        QMessageBox.warning(parent, "Nothing was changed", str(exc))
        return None
    try:
        if backup is not None:
            restore_backup(path, backup)
        journal = open_with_backups(path, daily=False)
    except (JournalError, OSError) as exc:
        where = (f"The damaged file is back at {path}." if _put_back(aside, path)
                 else f"The damaged file is kept as {aside}.")
        QMessageBox.warning(parent, "Journal not recovered", f"{exc}\n\n{where}")
        return None
    if backup is not None:
        message = (f"Your journal was restored from the backup of {when_text(info.created)}"
                   f" ({contents_text(info)}). Entries made after that backup are not in it.")
    else:
        message = "A new, empty journal was started."
    QMessageBox.information(parent, "Journal recovered",
                            f"{message}\n\nThe damaged file was kept as:\n{aside}")
    return journal


def _put_back(aside: Path, path: Path) -> bool:
    """Undo the set-aside when the replacement failed (only if nothing took its place)."""
    if path.exists() and path.stat().st_size > 0:
        return False
    try:
        path.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm", "-journal"):
            side = aside.with_name(aside.name + suffix)
            if side.exists():
                os.replace(side, path.with_name(path.name + suffix))
        os.replace(aside, path)
    except OSError:
        return False
    return True
