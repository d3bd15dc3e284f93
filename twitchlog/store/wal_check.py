"""Before a journal is opened: does its ``-wal`` really belong to it?

SQLite replays whatever valid write-ahead log it finds beside a database. A ``-wal``
copied from another journal, or left from an older copy of this one (a sync tool put
back one file but not the other), would be merged in silently or lose acknowledged
writes. SQLite's WAL format (https://www.sqlite.org/fileformat2.html#walformat): a
32-byte header (magic, format 3007000, page size, checkpoint sequence, salt-1, salt-2,
checksum) and frames of a 24-byte header plus one page; a frame counts only if its
salts equal the header's and its checksum continues the header's. SQLite starts the
log over, with new salts, only after every frame was copied into the main file.

The rule: the owner mark in the journal's lock file (:mod:`.write_lock`) names the
salts of the current log and the main file's device and inode; TwitchLog writes it
after the commit that began a log and before that write is acknowledged. A log with
at least one valid frame is kept only if its page size equals the main file's and its
salts and the main file match the mark. Anything else is moved aside (named
``<journal>-wal.foreign-<time>``, with its ``-shm``), the main file is not touched,
and the caller tells the user. A log whose commit was cut off before its mark was
written holds only that unacknowledged write (everything before was copied into the
main file when the log started over), so setting it aside never loses a saved entry.
Every open for writing that finds no log to replay marks the file as having none
(salts 0), so a log that turns up later must be one TwitchLog wrote. Only a journal
without any mark (last opened by an older TwitchLog) keeps a log it cannot vouch for.
"""

from __future__ import annotations

import os
import struct
import sys
import time
from pathlib import Path

from twitchlog.store import cipher
from twitchlog.store.errors import JournalOpenError
from twitchlog.store.write_lock import (
    WAL_HEADER,
    WAL_MAGICS,
    file_identity,
    open_here,
    read_mark,
)

_FRAME_HEADER = 24
#: SQLite's "DMS" byte in the ``-shm``: every open connection holds a shared lock on it.
_SHM_DMS_OFFSET = 128


def _checksum(data: bytes, big_endian: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & mask
        s1 = (s1 + words[i + 1] + s0) & mask
    return s0, s1


def first_frame_is_valid(wal: Path) -> tuple[int, int, int] | None:
    """``(page size, salt-1, salt-2)`` when SQLite would replay at least one frame."""
    try:
        with open(wal, "rb") as handle:
            header = handle.read(WAL_HEADER.size)
            if len(header) < WAL_HEADER.size:
                return None
            magic, _version, page_size, _, salt1, salt2, c0, c1 = WAL_HEADER.unpack(header)
            if magic not in WAL_MAGICS or page_size < 512 or page_size > 65536:
                return None
            big = bool(magic & 1)
            if _checksum(header[:24], big) != (c0, c1):
                return None
            frame = handle.read(_FRAME_HEADER + page_size)
    except OSError:
        return None
    if len(frame) < _FRAME_HEADER + page_size:
        return None
    f_salt1, f_salt2, f0, f1 = struct.unpack(">IIII", frame[8:24])
    if (f_salt1, f_salt2) != (salt1, salt2):
        return None
    sums = _checksum(frame[:8], big, c0, c1)
    if _checksum(frame[_FRAME_HEADER:], big, *sums) != (f0, f1):
        return None
    return page_size, salt1, salt2


def main_page_size(path: Path) -> int | None:
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return None
    if len(header) < 100:
        return None
    size = struct.unpack(">H", header[16:18])[0]
    return 65536 if size == 1 else size


def foreign_wal_reason(path: Path) -> str | None:
    """Why the ``-wal`` beside ``path`` is not this journal's, or ``None`` if it is
    (or holds nothing SQLite would replay)."""
    wal = Path(f"{path}-wal")
    found = first_frame_is_valid(wal)
    if found is None:
        return None
    page_size, salt1, salt2 = found
    # A protected journal's header is encrypted: its page size cannot be read.
    if not cipher.is_protected_file(path) and page_size != main_page_size(path):
        return "its page size differs from the journal's"
    mark = read_mark(path)
    if mark is None:
        return None
    if (salt1, salt2) != (mark.salt1, mark.salt2):
        return "it was not written for this journal (a copy from another journal or an " \
               "older copy of this one)"
    if file_identity(path) != (mark.dev, mark.ino):
        return "the journal file was replaced after it was written (an older or newer " \
               "copy was put back without it)"
    return None


def set_aside_foreign_wal(path: Path) -> str | None:
    """Move a ``-wal`` (and ``-shm``) that does not belong to ``path`` aside.

    Returns the notice for the user, ``None`` when the log is the journal's own.
    Raises :class:`JournalOpenError` when another program has the file open with it.
    """
    reason = foreign_wal_reason(path)
    if reason is None:
        return None
    if open_here(file_identity(path)) or shm_in_use(Path(f"{path}-shm")):
        raise JournalOpenError(path, "is open in another program with a write-ahead log "
                                     f"(-wal) TwitchLog did not write ({reason}); close that "
                                     "program first. Nothing was changed.")
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    moved = Path(f"{path}-wal.foreign-{stamp}")
    n = 2
    while moved.exists():
        moved = Path(f"{path}-wal.foreign-{stamp}-{n}")
        n += 1
    os.replace(f"{path}-wal", moved)
    shm = Path(f"{path}-shm")
    if shm.exists():
        os.replace(shm, Path(str(moved).replace("-wal.foreign", "-shm.foreign", 1)))
    return (f"the write-ahead log beside {path.name} was set aside as {moved.name}, "
            f"because {reason}; the journal file itself was not changed")


def shm_in_use(shm: Path) -> bool:
    """Whether any process holds SQLite's shared-memory lock of this journal.

    Asks with ``F_GETLK`` (Linux), which takes no lock itself.
    """
    if not shm.exists() or not sys.platform.startswith("linux"):
        return False
    import fcntl

    try:
        fd = os.open(shm, os.O_RDONLY)
    except OSError:
        return False
    try:
        query = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, _SHM_DMS_OFFSET, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query + b"\0" * 8)
        return bool(struct.unpack("hhqqi", answer[:struct.calcsize("hhqqi")])[0]
                    != fcntl.F_UNLCK)
    except OSError:
        return False
    finally:
        os.close(fd)
