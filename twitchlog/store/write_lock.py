"""The journal's exclusive write lock, and the write-ahead log's owner mark kept in it.

Every write transaction (the app, the command line, an import, a migration) and every
restore takes an exclusive ``flock`` on ``.<journal name>.write-lock`` beside the
journal. SQLite's own lock is not enough for a restore: the restore renames a new file
over the journal, and a writer that opened the old file before would then commit into
a file nobody reads. Holding this lock, a writer first checks that the path still names
the file its connection opened, so an acknowledged write is either in the journal or
in the safety backup the restore took first. The operating system drops the lock when
its process dies, so a SIGKILL never leaves it held.

The lock file also carries the *owner mark* of the journal's ``-wal``: the WAL header's
two salts (SQLite picks new ones each time the log starts over) and the device and
inode of the journal file they belong to. TwitchLog writes the mark after a commit
that started a new log, before the write is acknowledged, while still holding the lock
(see :mod:`twitchlog.store.wal_check` for how it is used before an open).
"""

from __future__ import annotations

import contextlib
import errno
import os
import struct
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: How long a writer waits for a restore (or another writer) before giving up.
LOCK_TIMEOUT_S = 15.0
_POLL_S = 0.005
MARK_MAGIC = b"TWLGWAL1"
_MARK = struct.Struct(">8sIIQQ")  # magic, salt-1, salt-2, st_dev, st_ino


class LockTimeoutError(OSError):
    """The write lock stayed taken (a restore of a huge journal, a hung process)."""


@dataclass(frozen=True, slots=True)
class WalMark:
    """Which ``-wal`` generation belongs to which journal file."""

    salt1: int
    salt2: int
    dev: int
    ino: int


#: Journal files this process has open, by ``(st_dev, st_ino)``: their ``-wal`` is live
#: and never set aside (this process's own locks are invisible to ``F_GETLK``).
_OPEN_HERE: dict[tuple[int, int], int] = {}


def note_open(identity: tuple[int, int] | None, delta: int) -> None:
    """Count a connection to ``identity`` opened (+1) or closed (-1) in this process."""
    if identity is None:
        return
    count = _OPEN_HERE.get(identity, 0) + delta
    if count > 0:
        _OPEN_HERE[identity] = count
    else:
        _OPEN_HERE.pop(identity, None)


def open_here(identity: tuple[int, int] | None) -> bool:
    return identity is not None and identity in _OPEN_HERE


def lock_path(journal_path: Path | str) -> Path:
    path = Path(journal_path)
    return path.with_name(f".{path.name}.write-lock")


def file_identity(path: Path) -> tuple[int, int] | None:
    """``(st_dev, st_ino)`` of the file at ``path`` (links followed), ``None`` if missing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


@contextlib.contextmanager
def write_locked(journal_path: Path | str, *, timeout: float = LOCK_TIMEOUT_S,
                 required: bool = True) -> Iterator[int | None]:
    """Hold the journal's exclusive write lock; yields the lock file's descriptor.

    With ``required=False`` a folder where the lock file cannot be made (read-only)
    yields ``None`` instead of failing: nothing can be written there anyway.
    """
    target = lock_path(journal_path)
    try:
        fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        if required:
            raise
        yield None
        return
    try:
        _lock(fd, timeout)
        try:
            yield fd
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _lock(fd: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if sys.platform == "win32":  # what mypy knows as Windows
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK):
                raise
        if time.monotonic() >= deadline:
            raise LockTimeoutError(errno.EAGAIN, "the journal stayed locked by another "
                                   "TwitchLog (a restore or a write)")
        time.sleep(_POLL_S)


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


# --- the -wal owner mark ----------------------------------------------------------------

WAL_MAGICS = (0x377F0682, 0x377F0683)
WAL_HEADER = struct.Struct(">IIIIIIII")  # magic, version, page size, ckpt seq, salts, sums


def wal_salts(journal_path: Path | str) -> tuple[int, int] | None:
    """The salts in the ``-wal`` header, ``None`` when there is no log yet."""
    wal = Path(f"{journal_path}-wal")
    try:
        with open(wal, "rb") as handle:
            header = handle.read(WAL_HEADER.size)
    except OSError:
        return None
    if len(header) < WAL_HEADER.size:
        return None
    fields = WAL_HEADER.unpack(header)
    if fields[0] not in WAL_MAGICS:
        return None
    return fields[4], fields[5]


def read_mark(journal_path: Path | str) -> WalMark | None:
    """The owner mark in the lock file, ``None`` when there is none (an older TwitchLog)."""
    try:
        with open(lock_path(journal_path), "rb") as handle:
            data = handle.read(_MARK.size)
    except OSError:
        return None
    if len(data) < _MARK.size:
        return None
    magic, salt1, salt2, dev, ino = _MARK.unpack(data)
    if magic != MARK_MAGIC:
        return None
    return WalMark(salt1, salt2, dev, ino)


def update_mark(fd: int | None, journal_path: Path | str, known: WalMark | None
                ) -> WalMark | None:
    """After a commit, under the lock: record the log's salts if it started over.

    Costs one small read per commit; the lock file is rewritten (and synced) only
    when the salts changed, i.e. once per log generation.
    """
    salts = wal_salts(journal_path)
    ident = file_identity(Path(journal_path))
    if fd is None or salts is None or ident is None:
        return known
    mark = WalMark(salts[0], salts[1], ident[0], ident[1])
    if mark == known:
        return known
    if mark != read_mark(journal_path):
        try:
            _write_at_start(fd, _MARK.pack(MARK_MAGIC, mark.salt1, mark.salt2, mark.dev,
                                           mark.ino))
        except OSError:
            # No mark at all rather than a stale one (a stale mark would set this
            # acknowledged write aside after a crash); truncating needs no space.
            os.ftruncate(fd, 0)
            os.fsync(fd)
            return None
    return mark


def mark_no_log(fd: int | None, journal_path: Path | str) -> None:
    """At an open for writing with no log to replay: record that this journal file has
    no log yet, so a ``-wal`` that appears beside it later must be TwitchLog's own."""
    ident = file_identity(Path(journal_path))
    if fd is None or ident is None:
        return
    mark = WalMark(0, 0, ident[0], ident[1])
    if read_mark(journal_path) != mark:
        # Not synced: were it lost, the older mark stays, which a foreign log fails too.
        _write_at_start(fd, _MARK.pack(MARK_MAGIC, 0, 0, mark.dev, mark.ino), sync=False)


def _write_at_start(fd: int, data: bytes, *, sync: bool = True) -> None:
    """The mark goes in place (the lock file keeps its inode, so its lock holds) and
    is synced before the write it belongs to is acknowledged."""
    if hasattr(os, "pwrite"):
        os.pwrite(fd, data, 0)
    else:
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)
    if sync:
        os.fsync(fd)
