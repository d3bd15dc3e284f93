"""Turning passphrase protection on, off, or changing it: the journal and its backups.

Each file is converted into a new file beside it (``sqlcipher_export``), the copy is
verified (``integrity_check``, the same application id, version and row counts), and
only then swapped in with one atomic rename. The old file's bytes are then overwritten
and it is unlinked, with its ``-wal``/``-shm``: as securely as a program can, which on
SSDs (wear levelling) and copy-on-write or snapshotting file systems (btrfs, ZFS, APFS)
is not a guarantee that no old block survives. A crash at any moment leaves every file
either as it was or fully converted; running the same command again finishes the job.

The journal must be closed everywhere (the app closes its own connection first).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from twitchlog.atomic import fsync_dir
from twitchlog.paths import make_private
from twitchlog.store import cipher, dbapi
from twitchlog.store.backups import (
    BackupError,
    backup_files,
    create_backup,
    utc_now,
)
from twitchlog.store.errors import JournalError, JournalOpenError, WrongPassphraseError
from twitchlog.store.write_lock import LockTimeoutError, write_locked

_SIDE_FILES = ("-wal", "-shm", "-journal")
_TABLES_SQL = ("SELECT name FROM sqlite_master WHERE type = 'table' "
               "AND name NOT LIKE 'sqlite_%' ORDER BY name")


class ProtectionError(JournalError):
    """Protection could not be changed; every file is as it was (or fully converted)."""


@dataclass
class ProtectionResult:
    """What changed, for the message shown to the user."""

    journal_converted: bool
    backups_converted: int = 0
    backups_left: list[Path] = field(default_factory=list)  # another passphrase, damaged


def is_protected(path: Path | str) -> bool:
    """Whether the journal file is protected (encrypted), as far as its bytes tell."""
    return cipher.is_protected_file(path)


def protect(path: Path | str, passphrase: str, *, now: datetime | None = None,
            progress: Callable[[str], None] | None = None) -> ProtectionResult:
    """Encrypt a plain journal and its backups with ``passphrase``."""
    return change_protection(Path(path), None, passphrase, now=now, progress=progress)


def unprotect(path: Path | str, passphrase: str, *, now: datetime | None = None,
              progress: Callable[[str], None] | None = None) -> ProtectionResult:
    """Decrypt a protected journal and its backups (``passphrase`` is the current one)."""
    return change_protection(Path(path), passphrase, None, now=now, progress=progress)


def rekey(path: Path | str, old: str, new: str, *, now: datetime | None = None,
          progress: Callable[[str], None] | None = None) -> ProtectionResult:
    """Re-encrypt a protected journal and its backups with a new passphrase."""
    if not new:
        raise ProtectionError("The new passphrase is empty; nothing was changed.")
    return change_protection(Path(path), old, new, now=now, progress=progress)


def change_protection(path: Path, old: str | None, new: str | None, *,
                      now: datetime | None = None,
                      progress: Callable[[str], None] | None = None) -> ProtectionResult:
    """Convert the journal at ``path`` from ``old`` to ``new`` (``None``: plain).

    A journal already in the target state (an earlier run was interrupted) is left as
    it is and only its backups are converted. Raises :class:`WrongPassphraseError`,
    :class:`ProtectionError` or :class:`BackupError`; nothing is changed then.
    """
    say = progress or (lambda _text: None)
    now = now or utc_now()
    if new == "":
        raise ProtectionError("The passphrase is empty; nothing was changed.")
    if not path.is_file():
        raise ProtectionError(f"There is no journal at {path}.")
    cipher.require()
    if old is not None and new is not None and not is_protected(path):
        raise ProtectionError(f"{path} is not protected; protect it first. "
                              "Nothing was changed.")
    done = _in_state(path, new)
    if not done:
        current = old if is_protected(path) else None
        if is_protected(path) and old is None:
            raise ProtectionError(f"{path} is already protected with another passphrase; "
                                  "nothing was changed.")
        if current is not None:
            cipher.check_passphrase(path, current)
            cipher.remember(path, current)
        try:
            with write_locked(path):  # no writer commits between the copy and the swap
                _settle(path, current)
                say("Taking a safety copy of the journal…")
                safety = create_backup(path, _reason(old, new), now=now)
                say("Converting the journal…")
                try:
                    _convert_in_place(path, current, new)
                finally:
                    _remember(path, new if _in_state(path, new) else current)
        except LockTimeoutError as exc:
            raise ProtectionError(f"{exc.strerror}; nothing was changed.") from exc
        scrub(safety)
    result = ProtectionResult(journal_converted=not done)
    for backup in backup_files(path):
        say(f"Converting the backup {backup.path.name}…")
        if _convert_backup(backup.path, old, new):
            result.backups_converted += 1
        elif not _in_state(backup.path, new):
            result.backups_left.append(backup.path)
    _remember(path, new)
    return result


def _reason(old: str | None, new: str | None) -> str:
    if old is None:
        return "protect"
    return "unprotect" if new is None else "rekey"


def _remember(path: Path, passphrase: str | None) -> None:
    if passphrase is None:
        cipher.forget(path)
    else:
        cipher.remember(path, passphrase)


def _in_state(path: Path, passphrase: str | None) -> bool:
    """Whether ``path`` already reads as the target: plain, or opening with ``passphrase``."""
    if passphrase is None:
        return not is_protected(path)
    if not is_protected(path):
        return False
    try:
        cipher.check_passphrase(path, passphrase)
    except WrongPassphraseError:
        return False
    return True


def _convert_backup(path: Path, old: str | None, new: str | None) -> bool:
    """Convert one backup if it is in the old state; ``False`` leaves it untouched."""
    if _in_state(path, new):
        return False
    passphrase = old if is_protected(path) else None
    if is_protected(path) and old is None:
        return False  # protected with a passphrase we do not have
    try:
        if passphrase is not None:
            cipher.check_passphrase(path, passphrase)
        _convert_in_place(path, passphrase, new)
    except dbapi.sql_error(JournalError, OSError):
        return False
    return True


def _settle(path: Path, passphrase: str | None) -> None:
    """Fold the ``-wal`` into the journal, overwrite it and leave rollback mode.

    Afterwards the whole journal is in its one file, and no old page lingers in a
    write-ahead log beside it.
    """
    from twitchlog.store.connection import connect

    wal = path.with_name(path.name + "-wal")
    try:
        conn = connect(path, passphrase=passphrase)
    except JournalOpenError:
        raise
    try:
        busy, frames, done = conn.execute("PRAGMA wal_checkpoint(FULL)").fetchone()
        if busy or (frames > 0 and done < frames):
            raise ProtectionError("The journal is in use by another program (close "
                                  "TwitchLog first); nothing was changed.")
        if wal.exists():
            overwrite(wal)
        conn.execute("PRAGMA journal_mode = DELETE")
    except dbapi.operational_error() as exc:
        raise ProtectionError(f"The journal could not be prepared ({exc}); close TwitchLog "
                              "and try again. Nothing was changed.") from exc
    finally:
        conn.close()
    for suffix in _SIDE_FILES:
        scrub(path.with_name(path.name + suffix))


def _convert_in_place(path: Path, old: str | None, new: str | None) -> None:
    """Export ``path`` into a verified new file and swap it in; then destroy the old one."""
    folder = path.parent
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.convert-", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()  # SQLCipher must create the file itself (a new salt for a new key)
    try:
        fingerprint = _export(path, old, tmp, new)
        if _fingerprint_of(tmp, new) != fingerprint:
            raise ProtectionError("The converted copy did not match the original; "
                                  "nothing was changed.")
        make_private(tmp)
        _fsync(tmp)
    except BaseException:
        scrub(tmp)
        raise
    _swap(tmp, path)


_Fingerprint = tuple[int, int, dict[str, int]]


def _export(source: Path, old: str | None, target: Path, new: str | None) -> _Fingerprint:
    """``sqlcipher_export`` from ``source`` into a new ``target``; the source's
    application id, schema version and row counts."""
    conn = cipher.open_cipher(source, old, readonly=True)
    try:
        fingerprint = _fingerprint(conn)
        app_id, version, _ = fingerprint
        conn.execute(f"ATTACH DATABASE ? AS converted KEY {cipher.attach_literal(new)}",
                     (str(target),))
        try:
            conn.execute("SELECT sqlcipher_export('converted')")
            # sqlcipher_export copies the schema and rows, not the header's fields.
            conn.execute(f"PRAGMA converted.application_id = {int(app_id)}")
            conn.execute(f"PRAGMA converted.user_version = {int(version)}")
        finally:
            conn.execute("DETACH DATABASE converted")
    except dbapi.database_error() as exc:
        if isinstance(exc, dbapi.operational_error()):
            raise ProtectionError(f"{source.name} could not be converted ({exc}); "
                                  "nothing was changed.") from exc
        raise ProtectionError(f"{source.name} cannot be read ({exc}); nothing was changed."
                              ) from exc
    finally:
        conn.close()
    return fingerprint


def _fingerprint(conn: sqlite3.Connection) -> _Fingerprint:
    tables = [row[0] for row in conn.execute(_TABLES_SQL).fetchall()]
    counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    return (conn.execute("PRAGMA application_id").fetchone()[0],
            conn.execute("PRAGMA user_version").fetchone()[0], counts)


def _fingerprint_of(path: Path, passphrase: str | None) -> _Fingerprint:
    """The converted copy's fingerprint, after ``integrity_check`` passed."""
    conn = cipher.open_cipher(path, passphrase, readonly=True)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()
                    if r[0] != "ok"]
        if problems:
            raise ProtectionError("The converted copy is damaged ("
                                  + "; ".join(problems[:3]) + "); nothing was changed.")
        return _fingerprint(conn)
    except dbapi.sql_error() as exc:
        raise ProtectionError(f"The converted copy could not be read back ({exc}); "
                              "nothing was changed.") from exc
    finally:
        conn.close()


def _swap(tmp: Path, path: Path) -> None:
    """Atomically put ``tmp`` in place of ``path``, then overwrite the old bytes."""
    if os.name == "nt":  # an open file cannot be replaced: rename it aside first
        aside = path.with_name(f".{path.name}.old")
        os.replace(path, aside)
        os.replace(tmp, path)
        fsync_dir(path.parent)
        scrub(aside)
        return
    old = os.open(path, os.O_RDWR)
    try:
        os.replace(tmp, path)
        fsync_dir(path.parent)
        _overwrite_fd(old)
    finally:
        os.close(old)


def overwrite(path: Path) -> None:
    """Overwrite a file's bytes with zeros in place (best effort; see module docstring)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return
    try:
        _overwrite_fd(fd)
    finally:
        os.close(fd)


def scrub(path: Path) -> None:
    """Overwrite, then unlink ``path`` and its side files; missing files are fine."""
    for suffix in ("", *_SIDE_FILES):
        side = Path(str(path) + suffix)
        if side.exists():
            overwrite(side)
            with contextlib.suppress(OSError):
                side.unlink()


def _overwrite_fd(fd: int) -> None:
    size = os.fstat(fd).st_size
    block = b"\0" * 65536
    os.lseek(fd, 0, os.SEEK_SET)
    written = 0
    with contextlib.suppress(OSError):
        while written < size:
            written += os.write(fd, block[: min(len(block), size - written)])
        os.fsync(fd)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = [
    "BackupError",
    "ProtectionError",
    "ProtectionResult",
    "change_protection",
    "is_protected",
    "protect",
    "rekey",
    "unprotect",
]
