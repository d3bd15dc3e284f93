"""File > Restore from backup…: the journal's backups with their dates and contents.

Restoring asks for confirmation, saves the journal as it is now into the backups folder,
swaps the chosen copy in (see :func:`twitchlog.store.backups.restore_backup`) and
reopens the journal, so every view shows the restored entries. Without a live journal
(a damaged one at start-up) the dialog only picks a backup: see :attr:`chosen`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from twitchlog.store import Journal, JournalError
from twitchlog.store.backups import (
    BackupInfo,
    InvalidBackupError,
    RestoreResult,
    backup_dir,
    backup_journal,
    list_backups,
    open_with_backups,
    restore_backup,
    validate_backup,
)
from twitchlog.ui.context import JournalContext
from twitchlog.words import count_words

FILE_FILTER = "TwitchLog journals and backups (*.twitchlog);;All files (*)"
COLUMNS = ("Date", "Taken", "Episodes", "Tracked days", "Size")


def when_text(moment: datetime | None) -> str:
    """A backup's time in the user's local time, e.g. ``Mon 24 Nov 2026, 18:30``."""
    if moment is None:
        return "unknown time"
    return moment.astimezone().strftime("%a %d %b %Y, %H:%M")


def contents_text(info: BackupInfo) -> str:
    episodes = "1 episode" if info.episodes == 1 else f"{info.episodes} episodes"
    days = "1 tracked day" if info.checkins == 1 else f"{info.checkins} tracked days"
    return f"{episodes} and {days}"


def size_text(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB"):
        if value < 1024:
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


class RestoreDialog(QDialog):
    """Lists the backups of ``journal_path``; restores one into ``context`` when given."""

    restored = Signal(object)  # RestoreResult, after the window shows the restored journal

    def __init__(self, journal_path: Path, parent: QWidget | None = None, *,
                 context: JournalContext | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup – TwitchLog")
        self.journal_path = Path(journal_path)
        self.context = context
        self.chosen: Path | None = None
        self._infos: list[BackupInfo] = []

        folder = backup_dir(self.journal_path)
        intro = QLabel(
            "TwitchLog keeps copies of your journal: one a day when you open it, one when "
            "you close the app after changes, and one before every import, restore or "
            "upgrade (the last 7 days, 4 weeks and 12 months are kept). Restoring replaces "
            "your journal with the copy you choose; your journal as it is now is saved "
            "first, so you can always come back to it.", self)
        intro.setWordWrap(True)
        self.folder_label = QLabel(f"Backups are in {folder}", self)
        self.folder_label.setProperty("role", "muted")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Backups")
        self.empty_label = QLabel(
            "There are no backups yet. TwitchLog makes the first one the next time it opens "
            "a journal with entries; “Back up now” makes one at once.", self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setProperty("role", "muted")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton("&Restore…" if context else "&Use this backup", self)
        self.restore_button.setDefault(True)
        self.file_button = QPushButton("From a &file…", self)
        self.backup_button = QPushButton("&Back up now", self)
        self.backup_button.setVisible(context is not None)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.file_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.file_button.clicked.connect(self._on_file_button_clicked)
        self.backup_button.clicked.connect(self._on_backup_button_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self._on_restore_button_clicked())

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table, 1)
        # with no backups the note takes the table's room, keeping the text together on top
        layout.addWidget(self.empty_label, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(buttons)
        self.resize(720, 440)
        self.reload()

    # --- the list --------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the backups folder again (each backup is opened read-only for its counts)."""
        try:
            self._infos = list_backups(self.journal_path)
            unreadable = None
        except JournalError as exc:  # a backups folder that is not the user's
            self._infos, unreadable = [], str(exc)
        self.table.setRowCount(len(self._infos))
        for row, info in enumerate(self._infos):
            cells = [when_text(info.created), info.reason_label,
                     "" if info.episodes is None else str(info.episodes),
                     "" if info.checkins is None else str(info.checkins),
                     size_text(info.size)]
            if not info.usable:
                cells[1] = f"cannot be used: {info.problem}"
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if not info.usable:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown, not selectable
                    item.setToolTip(info.problem or "")
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(self._infos))
        self.empty_label.setVisible(not self._infos)
        if unreadable is not None:
            self.empty_label.setText(unreadable)
        first_usable = next((i for i, info in enumerate(self._infos) if info.usable), None)
        if first_usable is not None:
            self.table.selectRow(first_usable)
        self._on_table_selection_changed()

    def backups(self) -> list[BackupInfo]:
        return list(self._infos)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        info = self._infos[rows[0].row()]
        return info if info.usable else None

    def select(self, path: Path) -> None:
        for row, info in enumerate(self._infos):
            if info.path == Path(path):
                self.table.selectRow(row)

    def _on_table_selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    # --- actions ---------------------------------------------------------------------------

    def _on_restore_button_clicked(self) -> None:
        info = self.selected()
        if info is not None:
            self.restore(info.path)

    def _on_file_button_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Restore from a backup file",
                                              str(backup_dir(self.journal_path)), FILE_FILTER)
        if name and self._unlocked(Path(name)):
            self.restore(Path(name))

    def _unlocked(self, path: Path) -> bool:
        """A protected backup is restored with its own passphrase: asked unless known."""
        from twitchlog.store import cipher
        from twitchlog.store.errors import WrongPassphraseError
        from twitchlog.ui.passphrase_dialog import ask_passphrase

        if not cipher.is_protected_file(path):
            return True
        known = cipher.passphrase_for(path)
        if known is not None:
            try:
                cipher.unlock(path, known)
                return True
            except WrongPassphraseError:
                pass
        return ask_passphrase(path, self, message=(
            f"The backup {path.name} is protected with a passphrase (or it is not a "
            "TwitchLog backup). Enter the passphrase it was made with."))

    def _on_backup_button_clicked(self) -> None:
        if self.context is None:
            return
        try:
            made = backup_journal(self.context.journal, "manual")
        except JournalError as exc:
            QMessageBox.warning(self, "Backup not made", str(exc))
            return
        self.reload()
        self.select(made)

    def restore(self, backup: Path) -> RestoreResult | None:
        """Check ``backup``, confirm, and restore it (or, without a live journal, choose it)."""
        try:
            info = validate_backup(backup)
        except InvalidBackupError as exc:
            QMessageBox.warning(self, "This backup cannot be restored",
                                f"{exc}\n\nYour journal was not changed.")
            self.reload()
            return None
        if self.context is None:
            self.chosen = info.path
            self.accept()
            return None
        if not self._confirm(info):
            return None
        return self._swap_in(info)

    def _confirm(self, info: BackupInfo) -> bool:
        counts = self.context.journal.counts() if self.context else {}
        now = (f"{counts.get('episodes', 0)} episodes and {counts.get('checkins', 0)} "
               "tracked days")
        box = QMessageBox(QMessageBox.Icon.Question, "Restore this backup?",
                          f"Replace your journal with the backup from {when_text(info.created)}"
                          f" ({contents_text(info)})?", parent=self)
        box.setInformativeText(
            f"Your journal as it is now ({now}) is saved as a backup first, so you can "
            "restore it again later. Undo history is cleared.")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(restore)
        box.exec()
        return box.clickedButton() is restore

    def _swap_in(self, info: BackupInfo) -> RestoreResult | None:
        assert self.context is not None
        context = self.context
        path = context.path
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        result: RestoreResult | None = None
        error: Exception | None = None
        try:
            context.journal.close()  # nothing may hold the file while it is replaced
            try:
                result = restore_backup(path, info.path)
            except (JournalError, OSError) as exc:
                error = exc
            journal = open_with_backups(path, daily=False)
        except (JournalError, OSError) as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.critical(self, "Journal not reopened",
                                 f"The journal could not be reopened: {exc}")
            self.reject()
            return None
        QGuiApplication.restoreOverrideCursor()
        context.replace(journal)
        if error is not None or result is None:
            QMessageBox.warning(self, "Backup not restored",
                                f"{error}\n\nYour journal was not changed.")
            self.reload()
            return None
        self.restored.emit(result)
        QMessageBox.information(self, "Backup restored", self.summary(result, journal))
        self.accept()
        return result

    @staticmethod
    def summary(result: RestoreResult, journal: Journal) -> str:
        counts = journal.counts()
        text = (f"Your journal now holds the backup from {when_text(result.restored.created)}:"
                f" {count_words(counts['episodes'], 'episode')} and "
                f"{count_words(counts['checkins'], 'tracked day')}.")
        if result.safety_backup is not None:
            text += ("\n\nThe journal as it was before is in the backups list, taken just "
                     "now “before a restore”.")
        if result.set_aside is not None:
            text += f"\n\nThe unreadable journal file was kept as {result.set_aside}."
        return text
