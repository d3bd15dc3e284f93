"""One user action's write: the journal's write lock, one transaction, plain messages.

The lock is the one a restore holds while it swaps the file, so a write never lands
in a file that is being replaced, and the path must still name the file this
connection opened. After the commit the ``-wal`` owner mark is brought up to date
(see :mod:`.write_lock`). OS-level and SQLite failures become one sentence that says
nothing was saved.
"""

from __future__ import annotations

import contextlib
import errno
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from twitchlog.store import dbapi
from twitchlog.store.errors import JournalWriteError, disk_is_full
from twitchlog.store.write_lock import (
    LockTimeoutError,
    file_identity,
    update_mark,
    write_locked,
)

if TYPE_CHECKING:
    from twitchlog.store.journal import Journal


class WriteTransaction:
    """``with journal.write_transaction():`` one transaction under the write lock.

    Nested blocks (a part calling another part's write) become savepoints of the
    outer transaction and do not take the lock again.
    """

    def __init__(self, journal: Journal) -> None:
        self._journal = journal
        self._atomic: Any = None
        self._lock: contextlib.AbstractContextManager[int | None] | None = None
        self._fd: int | None = None
        self._outer = False

    def __enter__(self) -> None:
        journal = self._journal
        if journal.read_only is not None:
            raise JournalWriteError(f"Nothing was saved: {journal.path} can only be read "
                                    f"({journal.read_only}).")
        self._outer = not journal.db.conn.in_transaction
        if self._outer:
            self._take_lock()
        try:
            journal.ensure_checked()
            self._atomic = journal.db.atomic()
            try:
                self._atomic.__enter__()
            except dbapi.operational_error() as error:  # read-only, locked: before any change
                raise write_error(error, journal.path) from error
        except BaseException:
            self._release_lock()
            raise

    def _take_lock(self) -> None:
        journal = self._journal
        self._lock = write_locked(journal.path)
        try:
            self._fd = self._lock.__enter__()
        except OSError as exc:
            self._lock = None
            raise JournalWriteError(f"Nothing was saved: {_lock_reason(exc, journal.path)}. "
                                    "Your journal is unchanged.") from exc
        if journal.identity is not None and file_identity(journal.path) != journal.identity:
            self._release_lock()
            raise JournalWriteError(
                f"Nothing was saved: {journal.path} was replaced (restored from a backup or "
                "moved) after it was opened here. Open it again and repeat the change.")

    def _release_lock(self) -> None:
        if self._lock is not None:
            lock, self._lock = self._lock, None
            lock.__exit__(None, None, None)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> Literal[False]:
        journal = self._journal
        try:
            try:
                self._atomic.__exit__(exc_type, exc, tb)
            except dbapi.operational_error() as error:
                raise write_error(error, journal.path) from error
            if isinstance(exc, dbapi.operational_error()):
                raise write_error(exc, journal.path) from exc
            if self._outer and exc_type is None:
                with contextlib.suppress(OSError):
                    journal.wal_mark = update_mark(self._fd, journal.path, journal.wal_mark)
        finally:
            self._release_lock()
        return False


def _lock_reason(exc: OSError, path: Path) -> str:
    if isinstance(exc, LockTimeoutError):
        return str(exc.strerror)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the journal's folder or file is read-only"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    return f"the journal's write lock could not be taken ({exc.strerror or exc})"


def write_error(error: BaseException, path: Path | None = None) -> JournalWriteError:
    """The one sentence a failed write shows: why, and that nothing was saved."""
    text = str(error)
    if "full" in text or ("disk I/O" in text and path is not None
                          and disk_is_full(path.parent)):
        reason = "the disk is full"
    elif "readonly" in text or "read-only" in text:
        reason = "the journal's folder or file is read-only"
    elif "locked" in text or "busy" in text:
        reason = "another program is writing to the journal"
    else:
        reason = text
    return JournalWriteError(f"Nothing was saved: {reason}. Your journal is unchanged.")
