"""The running app's safety net around the open journal.

- a backup when the app closes (or switches to another journal) if anything changed
  in the session – through the app or the command line;
- the single-instance claim follows the journal the window shows;
- a one-time warning when the journal lives in a cloud-sync folder or on a network
  drive (remembered in the journal, per location).

Installed once by :func:`twitchlog.ui.app.run_app`; :meth:`finish` runs at exit, just
before the journal is closed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from twitchlog import paths
from twitchlog.store import DamagedJournalError, JournalError, JournalOpenError, dbapi
from twitchlog.store.backups import (
    ChangeTracker,
    backup_journal,
    create_backup,
    daily_backup,
    rotate_backups,
    utc_now,
)
from twitchlog.store.connection import verify_file
from twitchlog.store.safety import (
    folder_warning_due,
    remember_folder_warning,
    remember_storage_warning,
    storage_warning_due,
)
from twitchlog.ui.context import JournalContext
from twitchlog.ui.single_instance import SingleInstance, ask_running_instance_to_raise


def is_demo(path: Path) -> bool:
    try:
        return Path(path).resolve() == paths.demo_journal_path().resolve()
    except OSError:
        return False


class JournalGuard(QObject):
    """Watches one window's :class:`JournalContext` for the whole session."""

    def __init__(self, context: JournalContext, window: QWidget,
                 instance: SingleInstance | None = None, *, daily_backup: bool = True
                 ) -> None:
        super().__init__(window)
        self._context = context
        self._window = window
        self._instance = instance
        self._path = context.path
        self._dirty = False
        self._bouncing = False
        self.last_backup: Path | None = None
        self._daily = daily_backup
        self._tracker = ChangeTracker(context.journal)
        context.changed.connect(self._on_context_changed)
        context.replaced.connect(self._on_context_replaced)
        if instance is not None:
            if instance.path != context.path.expanduser().absolute():
                instance.retarget(context.path)  # the user opened another journal instead
            instance.attach(window)
        QTimer.singleShot(0, self, self.check_storage)
        QTimer.singleShot(0, self, self.show_notices)
        self.start_integrity_check()
        self.start_daily_backup()

    def show_notices(self) -> None:
        """What opening the journal did or found (a foreign ``-wal`` set aside, a
        read-only journal, a folder others can read), said once, without blocking."""
        journal = self._context.journal
        lines = list(journal.notices)
        journal.notices.clear()
        if journal.read_only is None:
            try:
                exposed = folder_warning_due(journal)
            except dbapi.sql_error(JournalError):
                exposed = None
            if exposed is not None:
                lines.append(exposed[0].upper() + exposed[1:])
                remember_folder_warning(journal)
        if not lines:
            return
        box = QMessageBox(QMessageBox.Icon.Information, "About this journal",
                          "\n\n".join(line[0].upper() + line[1:] for line in lines),
                          parent=self._window)
        box.setObjectName("journalNotices")
        box.open()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _on_context_changed(self) -> None:
        self._dirty = True

    def _on_context_replaced(self) -> None:
        new_path = self._context.path
        if new_path == self._path:  # the same file reopened (after a restore)
            self._dirty = False
            self._tracker = ChangeTracker(self._context.journal)
            return
        previous = self._path
        self.backup_if_changed()
        self._path = new_path
        self._dirty = False
        self._tracker = ChangeTracker(self._context.journal)
        if self._instance is not None and not self._bouncing \
                and not self._instance.retarget(new_path):
            self._bounce_back(new_path, previous)
            return
        QTimer.singleShot(0, self, self.check_storage)
        QTimer.singleShot(0, self, self.show_notices)
        self.start_integrity_check()
        self.start_daily_backup()

    def _bounce_back(self, wanted: Path, previous: Path) -> None:
        """Another TwitchLog window has ``wanted`` open: bring it forward, go back here."""
        from twitchlog.store.backups import open_with_backups

        ask_running_instance_to_raise(wanted)
        QMessageBox.information(
            self._window, "Journal open in another window",
            f"{wanted.name} is already open in another TwitchLog window, which was brought "
            f"forward. This window goes back to {previous.name}.")
        self._bouncing = True
        try:
            self._context.replace(open_with_backups(previous, daily=False))
        except (JournalError, OSError) as exc:
            QMessageBox.warning(self._window, "Journal not reopened", str(exc))
        finally:
            self._bouncing = False

    def start_integrity_check(self) -> None:
        """SQLite's ``integrity_check`` and the schema check of the journal on a worker
        thread, so a large journal's window opens at once; until they pass, the store
        runs them itself before any write."""
        journal = self._context.journal
        if journal.verified or journal.read_only is not None:
            return
        path = self._context.path
        tasks = getattr(self._window, "tasks", None)
        if tasks is None:
            journal.ensure_checked()
            return
        tasks.submit("integrity-check", verify_file,
                     lambda _none: self._on_integrity_check_done(path),
                     lambda error: self._on_integrity_check_failed(path, error), path=path)

    def _on_integrity_check_done(self, path: Path) -> None:
        if self._context.path == path:
            self._context.journal.mark_checked()

    def _on_integrity_check_failed(self, path: Path, error: Exception) -> None:
        """Damage found after the window opened: nothing was written to it; recover."""
        if self._context.path != path:
            return
        if isinstance(error, JournalOpenError) and not isinstance(error, DamagedJournalError):
            error = DamagedJournalError(path, error.problem)  # e.g. a trigger put in by hand
        elif not isinstance(error, DamagedJournalError):
            error = DamagedJournalError(path, f"could not be checked ({error})")
        from twitchlog.ui.damaged_dialog import recover_damaged_journal

        self._context.journal.close()  # the damaged file is set aside; let it go
        recovered = recover_damaged_journal(path, error, self._window)
        if recovered is not None:
            self._context.replace(recovered)
            return
        QMessageBox.information(
            self._window, "TwitchLog will close",
            f"{path.name} was left exactly as it is. Start TwitchLog again to open another "
            "journal or to recover this one from a backup.")
        if self._instance is not None:
            self._instance.release()
        QApplication.exit(1)

    def start_daily_backup(self) -> None:
        """The day's first backup, on a worker thread so the window is not held up
        (a ten-year journal takes about half a second to copy and check)."""
        path = self._context.path
        if not self._daily or is_demo(path) or self._context.journal.read_only is not None:
            return
        tasks = getattr(self._window, "tasks", None)
        if tasks is None:
            try:
                self._on_daily_backup_done(daily_backup(path))
            except (JournalError, OSError) as exc:
                self._on_daily_backup_failed(exc)
            return
        tasks.submit("daily-backup", daily_backup, self._on_daily_backup_done,
                     self._on_daily_backup_failed, path=path)

    def _on_daily_backup_done(self, made: Path | None) -> None:
        if made is not None:
            self.last_backup = made

    def _on_daily_backup_failed(self, error: Exception) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Today's backup was not made",
                          f"{error}\n\nYour journal itself is fine. TwitchLog tries again the "
                          "next time it opens it; File > Restore from backup… shows the "
                          "backups you have.", parent=self._window)
        box.setObjectName("backupWarning")
        box.open()

    def changed(self) -> bool:
        """Anything written this session: a view said so, or the open connection (or
        the command line, through ``data_version``) changed the file."""
        return self._dirty or self._tracker.changed()

    def backup_if_changed(self) -> Path | None:
        """The backup on close: only when something changed, never for the demo.

        Uses the open journal when it is still open, else reads the file by path."""
        if not self.changed() or is_demo(self._path):
            return None
        now = utc_now()
        journal = self._tracker.journal
        try:
            if journal.path == self._path and _is_open(journal):
                made = backup_journal(journal, "close", now=now)
            else:
                made = create_backup(self._path, "close", now=now)
                rotate_backups(self._path, now=now)
        except (JournalError, OSError) as exc:
            print(f"TwitchLog: the backup on close was not made: {exc}", file=sys.stderr)
            return None
        self._dirty = False
        if _is_open(journal):
            self._tracker.reset(journal)
        self.last_backup = made
        return made

    def finish(self) -> Path | None:
        """At exit, before the journal is closed: the last backup, then the lock goes."""
        made = self.backup_if_changed()
        if self._instance is not None:
            self._instance.release()
        return made

    def check_storage(self) -> None:
        """Warn once per journal location about cloud-sync folders and network drives."""
        journal = self._context.journal
        try:
            risk = storage_warning_due(journal)
        except dbapi.sql_error(JournalError, OSError):  # closed or gone meanwhile
            return
        if risk is None or is_demo(journal.path):
            return
        remember_storage_warning(journal)
        box = QMessageBox(QMessageBox.Icon.Warning, risk.title,
                          risk.message(journal.path), parent=self._window)
        box.setObjectName("storageWarning")
        box.open()


def _is_open(journal: object) -> bool:
    try:
        journal.db.conn.total_changes  # type: ignore[attr-defined]  # noqa: B018
    except dbapi.programming_error():
        return False
    return True
