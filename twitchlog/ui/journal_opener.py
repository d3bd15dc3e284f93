"""Opening, creating and choosing journal files from the app, with clear refusals.

Every open goes through :func:`open_journal`, so start-up, File > Open and the demo
share one path (and one place to add, say, a backup before a migration).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from twitchlog.paths import JOURNAL_FILENAME
from twitchlog.store import DamagedJournalError, Journal, JournalOpenError
from twitchlog.store.backups import open_with_backups
from twitchlog.store.errors import PassphraseNeededError
from twitchlog.ui import app_settings

SUFFIX = ".twitchlog"
FILE_FILTER = "TwitchLog journals (*.twitchlog);;All files (*)"


def open_journal(path: Path, *, create: bool = True) -> Journal:
    """Open (or create) a journal; refused files raise and are left untouched.

    A backup always comes before a format upgrade; the day's backup is taken in the
    background once the window shows (see :class:`~twitchlog.ui.journal_guard.JournalGuard`),
    and so is SQLite's ``quick_check``: the store runs it itself before any write if the
    background check has not finished yet, so a damaged journal is never written to.
    """
    return open_with_backups(path, create=create, daily=False, defer_check=True)


def choose_existing(parent: QWidget | None) -> Path | None:
    """Ask for a journal file to open."""
    name, _ = QFileDialog.getOpenFileName(parent, "Open journal", app_settings.last_folder(),
                                          FILE_FILTER)
    if not name:
        return None
    app_settings.remember_folder(name)
    return Path(name)


def choose_new(parent: QWidget | None) -> Path | None:
    """Ask where a new journal goes; an existing file is never overwritten."""
    start = str(Path(app_settings.last_folder()) / JOURNAL_FILENAME)
    while True:
        name, _ = QFileDialog.getSaveFileName(
            parent, "New journal", start, FILE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite)
        if not name:
            return None
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(SUFFIX)
        if not path.exists():
            app_settings.remember_folder(path)
            return path
        QMessageBox.information(
            parent, "File exists",
            f"{path.name} already exists in that folder. Choose another name, or use "
            "File > Open journal… to open it.")
        start = str(path)


def open_interactively(path: Path, parent: QWidget | None, *, create: bool = True,
                       give_up_text: str = "Cancel") -> Journal | None:
    """Open ``path``; if it is refused, explain and let the user pick another or start
    a new one. Returns ``None`` when the user gives up."""
    # Loaded only when a file is refused: its widgets cost start-up time otherwise.
    from twitchlog.ui.journal_problem_dialog import CREATE_NEW, OPEN_OTHER, JournalProblemDialog

    while True:
        try:
            return open_journal(path, create=create)
        except DamagedJournalError as exc:
            from twitchlog.ui.damaged_dialog import recover_damaged_journal

            recovered = recover_damaged_journal(path, exc, parent)
            if recovered is not None:
                return recovered
            choice = JournalProblemDialog(path, exc, parent, give_up_text=give_up_text).exec()
        except PassphraseNeededError as exc:
            from twitchlog.ui.passphrase_dialog import ask_passphrase

            if ask_passphrase(path, parent, cancel_text=give_up_text.replace("&", "")):
                continue
            choice = JournalProblemDialog(path, exc, parent, give_up_text=give_up_text).exec()
        except (JournalOpenError, OSError) as exc:
            choice = JournalProblemDialog(path, exc, parent, give_up_text=give_up_text).exec()
        if choice == OPEN_OTHER:
            other = choose_existing(parent)
            if other is not None:
                path, create = other, False
        elif choice == CREATE_NEW:
            new = choose_new(parent)
            if new is not None:
                path, create = new, True
        else:
            return None
