"""Backups and restore: copies made with SQLite's backup API, never by copying the live file.

Backups live in a ``backups/`` folder beside the journal, one file each, named by the
UTC time they were taken, to the microsecond, and why
(``journal-2026-11-24T183000.123456Z-open.twitchlog``), so the names order the backups
exactly as they were made, even several in one second (a close backup just after an open
one); names from older versions, to the second, are still read. Each
is a self-contained SQLite file (no ``-wal``), checked with ``PRAGMA integrity_check``
before it is given its final name, and private (0600) on POSIX.

Rotation keeps the newest backup of each of the last 7 days, 4 weeks and 12 months that
have backups, plus every safety copy (before a migration, an import, a restore, or one
the user asked for) from the last 7 days. :func:`plan_rotation` is a pure function of
the file list and a clock, so the policy is tested over a simulated year.

Restoring validates the chosen copy, backs up the current journal first, copies the
backup into a temporary file beside the journal, moves any ``-wal``/``-shm`` of the old
journal out of the way (a stale write-ahead log must never be replayed into the
restored file) and swaps the copy in with one atomic rename.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import struct
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from twitchlog.atomic import fsync_dir
from twitchlog.paths import ensure_private_dir, make_private
from twitchlog.store import cipher, dbapi
from twitchlog.store.connection import SQLITE_MAGIC, check_identity, check_path_kind, connect
from twitchlog.store.errors import (
    JournalError,
    JournalOpenError,
    MigrationError,
    short_problems,
)
from twitchlog.store.identity import APPLICATION_ID, SCHEMA_VERSION
from twitchlog.store.schema_check import schema_problem
from twitchlog.store.write_lock import write_locked

if TYPE_CHECKING:
    from twitchlog.store.journal import Journal

BACKUP_DIRNAME = "backups"
BACKUP_SUFFIX = ".twitchlog"
STAMP_FORMAT = "%Y-%m-%dT%H%M%SZ"
#: Backup names carry microseconds; :data:`STAMP_FORMAT` names (older versions) still parse.
BACKUP_STAMP_FORMAT = "%Y-%m-%dT%H%M%S.%fZ"

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
#: Copies taken before something risky (or asked for) are kept at least this long.
SAFETY_GRACE = timedelta(days=7)

#: Why a backup was taken; the reason is part of the file name.
REASON_LABELS = {
    "open": "daily, when the journal was opened",
    "close": "when the app closed after changes",
    "migration": "before upgrading the journal format",
    "import": "before an import",
    "undo-import": "before undoing an import",
    "restore": "before a restore",
    "manual": "made on request",
    "protect": "before protecting the journal",
    "unprotect": "before removing the journal's protection",
    "rekey": "before changing the passphrase",
}
SAFETY_REASONS = frozenset({"migration", "import", "undo-import", "restore", "manual",
                            "protect", "unprotect", "rekey"})

_NAME_RE = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{4}-\d{2}-\d{2}T\d{6}(?:\.\d{6})?Z)"
    r"-(?P<reason>[a-z]+(?:-[a-z]+)*)"
    r"(?:-(?P<seq>\d+))?" + re.escape(BACKUP_SUFFIX) + "$"
)
_SIDE_FILES = ("-wal", "-shm", "-journal")


class BackupError(JournalError):
    """A backup could not be made (disk full, read-only folder); the journal is unchanged."""


class InvalidBackupError(JournalOpenError):
    """The chosen file cannot be restored; the live journal was not touched."""


@dataclass(frozen=True, slots=True)
class BackupFile:
    """A file in the backups folder, known from its name alone."""

    path: Path
    created: datetime  # aware, UTC
    reason: str
    seq: int = 1  # the ``-<n>`` of a name taken twice in the same microsecond

    @property
    def order(self) -> tuple[datetime, int, str]:
        """Sorts backups in the order they were made."""
        return self.created, self.seq, self.path.name


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What a backup holds, read from the file (read-only)."""

    path: Path
    created: datetime | None  # aware UTC from the name; ``None`` for other files
    reason: str | None
    size: int
    episodes: int | None = None
    checkins: int | None = None
    schema_version: int | None = None
    problem: str | None = None  # why it cannot be restored, if known

    @property
    def usable(self) -> bool:
        return self.problem is None

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason or "", self.reason or "")


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What a restore did, for the message shown to the user."""

    restored: BackupInfo
    safety_backup: Path | None  # the copy of the journal as it was before the restore
    set_aside: Path | None  # the old journal file, if it was damaged and kept aside


# --- names and folders -------------------------------------------------------------------


def utc_now() -> datetime:
    return datetime.now(UTC)


def backup_dir(journal_path: Path | str) -> Path:
    """The ``backups/`` folder beside the journal."""
    return Path(journal_path).parent / BACKUP_DIRNAME


def backup_name(journal_path: Path | str, created: datetime, reason: str, seq: int = 1) -> str:
    """``<journal stem>-<UTC time to the microsecond>-<reason>[-<n>].twitchlog``."""
    if reason not in REASON_LABELS:
        raise ValueError(f"unknown backup reason {reason!r}")
    stamp = created.astimezone(UTC).strftime(BACKUP_STAMP_FORMAT)
    tail = f"-{seq}" if seq > 1 else ""
    return f"{Path(journal_path).stem}-{stamp}-{reason}{tail}{BACKUP_SUFFIX}"


def parse_backup_name(name: str) -> tuple[str, datetime, str] | None:
    """``(journal stem, created, reason)`` from a backup file name, else ``None``."""
    parsed = _parse_name(name)
    return parsed[:3] if parsed is not None else None


def _parse_name(name: str) -> tuple[str, datetime, str, int] | None:
    match = _NAME_RE.match(name)
    if match is None:
        return None
    stamp = match["stamp"]
    try:
        created = datetime.strptime(
            stamp, BACKUP_STAMP_FORMAT if "." in stamp else STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return match["stem"], created, match["reason"], int(match["seq"] or 1)


def backup_files(journal_path: Path | str) -> list[BackupFile]:
    """This journal's backups in its backups folder, newest first (names only, no I/O)."""
    folder = backup_dir(journal_path)
    stem = Path(journal_path).stem
    found: list[BackupFile] = []
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise BackupError(f"The backups folder {folder} cannot be read ({exc.strerror}); "
                          "it may belong to another user (after a 'sudo twitchlog'?).") from exc
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_file():
            continue
        parsed = _parse_name(entry.name)
        if parsed is not None and parsed[0] == stem:
            found.append(BackupFile(Path(entry.path), parsed[1], parsed[2], parsed[3]))
    found.sort(key=lambda f: f.order, reverse=True)
    return found


# --- making a backup ---------------------------------------------------------------------


def create_backup(
    source: Journal | Path | str,
    reason: str,
    *,
    out: Path | str | None = None,
    now: datetime | None = None,
) -> Path:
    """Copy a journal with SQLite's backup API into a new, checked, private file.

    ``source`` is an open :class:`Journal` (its own connection is used, so the copy
    is consistent with what the app sees) or a journal path (read through a
    read-only connection, ``-wal`` included). Without ``out`` the copy goes into
    the journal's backups folder. Raises :class:`BackupError`; nothing is left behind.
    """
    now = now or utc_now()
    journal_path = Path(source.path if not isinstance(source, (str, Path)) else source)
    if out is None:
        folder = backup_dir(journal_path)
        target = None
    else:
        target = Path(out)
        folder = target.parent if str(target.parent) else Path(".")
    prefix = f".{journal_path.stem}.backup-"
    try:
        if out is None:
            ensure_private_dir(folder)
        remove_stale_temporaries(folder, prefix)
        tmp, claim = _copy_to_temp(source, folder, prefix=prefix)
    except OSError as exc:
        raise BackupError(_os_reason("The backup could not be written", folder, exc)) from exc
    try:
        _check_copy(tmp, cipher.passphrase_for(journal_path))
        if target is None:
            target = _free_name(folder, journal_path, now, reason)
        else:
            clear_side_files(target)
        os.replace(tmp, target)
    except dbapi.sql_error(OSError) as exc:
        _remove_quietly(tmp)
        if isinstance(exc, OSError):
            raise BackupError(_os_reason("The backup could not be saved", folder, exc)) from exc
        raise BackupError(f"The backup failed its integrity check, so the journal itself is "
                          f"damaged ({exc}); the copy was not kept and nothing is written to "
                          "the journal until it is restored.") from exc
    finally:
        os.close(claim)
    make_private(target)
    fsync_dir(folder)
    return target


def clear_side_files(target: Path) -> None:
    """Before a copy replaces ``target``: its ``-wal``/``-shm``/``-journal`` must go, or
    SQLite would replay the old log onto the new file. Refused while the file is open."""
    from twitchlog.store.wal_check import shm_in_use

    if shm_in_use(Path(f"{target}-shm")):
        raise BackupError(f"{target} is open in another program; close it first. "
                          "Nothing was written.")
    for suffix in _SIDE_FILES:
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def remove_stale_temporaries(folder: Path, prefix: str) -> list[Path]:
    """Delete temporaries a killed backup or restore left (``<prefix>*.tmp`` and their
    ``-journal``/``-wal``/``-shm``). One still being written is locked by its owner and
    kept; a lock that can be taken belongs to nobody alive."""
    removed: list[Path] = []
    try:
        names = [p.name for p in folder.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return removed
    bases = {name.rsplit(".tmp", 1)[0] + ".tmp" for name in names if ".tmp" in name}
    for base in sorted(bases):
        candidate = folder / base
        if candidate.exists() and _claimed_by_someone(candidate):
            continue
        _remove_quietly(candidate)  # with a -journal/-wal a kill left after it
        removed.append(candidate)
    return removed


def _claimed_by_someone(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return True
    try:
        return not _try_claim(fd)
    finally:
        os.close(fd)


def _try_claim(fd: int) -> bool:
    """An exclusive lock on a temporary while it is written (POSIX ``flock``; elsewhere
    a day-old file counts as abandoned)."""
    if os.name != "posix":
        import time

        return time.time() - os.fstat(fd).st_mtime > 86400
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _free_name(folder: Path, journal_path: Path, now: datetime, reason: str) -> Path:
    seq = 1
    while True:
        candidate = folder / backup_name(journal_path, now, reason, seq)
        if not candidate.exists():
            return candidate
        seq += 1


def _copy_to_temp(source: Journal | Path | str, folder: Path, *, prefix: str
                  ) -> tuple[Path, int]:
    """Backup-API copy of ``source`` into a new 0600 temp file in ``folder``.

    The copy is switched to rollback-journal mode so it is one self-contained file.
    A protected source gives a copy protected with the same passphrase (and salt).
    Returns the file and the open descriptor that claims it (close it when the file
    was renamed or removed). Raises :class:`BackupError` for SQLite problems,
    :class:`OSError` for file ones.
    """
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    _try_claim(fd)
    tmp = Path(name)
    try:
        _copy_into(source, tmp)
    except BaseException:
        os.close(fd)
        raise
    return tmp, fd


def _copy_into(source: Journal | Path | str, tmp: Path) -> None:
    make_private(tmp)
    owned_source: sqlite3.Connection | None = None
    try:
        if isinstance(source, (str, Path)):
            owned_source = connect(Path(source), readonly=True)
            src_conn = owned_source
        else:
            src_conn = source.db.conn
            if src_conn.in_transaction:
                raise BackupError("A backup cannot be taken in the middle of a change.")
        if isinstance(src_conn, sqlite3.Connection):
            dst = sqlite3.connect(tmp, isolation_level=None)
        else:
            source_path = Path(source if isinstance(source, (str, Path)) else source.path)
            dst = cipher.open_cipher(tmp, _passphrase_of(source_path), salt_from=source_path)
        try:
            copy_database(src_conn, dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            dst.execute("PRAGMA synchronous = FULL")
        finally:
            dst.close()
        _fsync_file(tmp)
    except dbapi.sql_error() as exc:
        _remove_quietly(tmp)
        reason = _sqlite_reason(exc)
        raise BackupError(f"The backup could not be made: {reason}. "
                          "Your journal is unchanged.") from exc
    except BaseException:
        _remove_quietly(tmp)
        raise
    finally:
        if owned_source is not None:
            owned_source.close()


def copy_database(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    """SQLite's online backup: a consistent page copy, even while others write."""
    src.backup(dst)


def _passphrase_of(path: Path) -> str:
    passphrase = cipher.passphrase_for(path)
    if passphrase is None:
        raise cipher.needs_passphrase(path)
    return passphrase


def _check_copy(path: Path, passphrase: str | None = None) -> None:
    """``integrity_check`` on a fresh read-only connection; raises ``sqlite3.Error``."""
    conn = connect(path, readonly=True, passphrase=passphrase)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    finally:
        conn.close()
    problems = [row[0] for row in rows if row[0] != "ok"]
    if problems:
        raise sqlite3.DatabaseError(short_problems(problems))
    if app_id != APPLICATION_ID:
        raise sqlite3.DatabaseError("the copy is not a TwitchLog journal")


def backup_journal(journal: Journal, reason: str, *, now: datetime | None = None) -> Path:
    """Back up an open journal into its backups folder, then rotate old backups."""
    now = now or utc_now()
    path = create_backup(journal, reason, now=now)
    rotate_backups(journal.path, now=now)
    return path


def backup_before(journal: Journal, reason: str, *, now: datetime | None = None
                  ) -> Path | None:
    """The safety copy taken before an import or a restore.

    An empty journal (no episodes, check-ins, medications or factors) has nothing
    to protect and is not copied. Raises :class:`BackupError` when the copy fails,
    so the risky operation is not started without it.
    """
    if not any(journal.counts().values()):
        return None
    return backup_journal(journal, reason, now=now)


def backup_path_before_migration(path: Path, old_version: int) -> None:
    """The ``before_migrate`` hook of :func:`Journal.open`: always a copy first.

    A failed copy stops the upgrade (:class:`MigrationError`; the journal is unchanged).
    """
    now = utc_now()
    try:
        create_backup(path, "migration", now=now)
    except BackupError as exc:
        raise MigrationError(path, "was not upgraded to this version's format, because the "
                                   f"backup that must come first failed. {exc}") from exc
    rotate_backups(path, now=now)


def auto_backup_on_open(journal: Journal, *, now: datetime | None = None,
                        tz: tzinfo | None = None) -> Path | None:
    """At most one backup a day when a journal is opened (the folder says when the last was).

    Returns the new backup, or ``None`` if today's exists or the journal is empty.
    """
    now = now or utc_now()
    if _backed_up_today(journal.path, now, tz) or not any(journal.counts().values()):
        return None
    return backup_journal(journal, "open", now=now)


def daily_backup(path: Path | str, *, now: datetime | None = None,
                 tz: tzinfo | None = None) -> Path | None:
    """:func:`auto_backup_on_open` for a path, with its own read-only connection, so the
    app can take the day's backup on a worker thread after its window appeared."""
    now = now or utc_now()
    path = Path(path)
    if _backed_up_today(path, now, tz):
        return None
    conn = connect(path, readonly=True)
    try:
        has_entries = conn.execute(
            "SELECT EXISTS(SELECT 1 FROM episodes) OR EXISTS(SELECT 1 FROM checkins) OR "
            "EXISTS(SELECT 1 FROM medications) OR EXISTS(SELECT 1 FROM factors)").fetchone()[0]
    except dbapi.sql_error() as exc:
        raise BackupError(f"The daily backup could not read the journal ({exc}).") from exc
    finally:
        conn.close()
    if not has_entries:
        return None
    made = create_backup(path, "open", now=now)
    rotate_backups(path, now=now, tz=tz)
    return made


def _backed_up_today(journal_path: Path, now: datetime, tz: tzinfo | None) -> bool:
    newest = backup_files(journal_path)
    return bool(newest) and _local_date(newest[0].created, tz) >= _local_date(now, tz)


class ChangeTracker:
    """Tells whether a journal changed since tracking began (this app or the command line).

    Used for the backup on close: ``total_changes`` counts this connection's writes,
    ``PRAGMA data_version`` moves when another connection commits.
    """

    def __init__(self, journal: Journal) -> None:
        self.reset(journal)

    def reset(self, journal: Journal) -> None:
        self.journal = journal
        self._changes = journal.db.conn.total_changes
        self._version = journal.data_version()

    def changed(self) -> bool:
        conn = self.journal.db.conn
        try:
            return (conn.total_changes != self._changes
                    or self.journal.data_version() != self._version)
        except dbapi.programming_error():  # already closed
            return False

    def backup_if_changed(self, *, now: datetime | None = None) -> Path | None:
        """The backup on close: only when something changed in this session."""
        if not self.changed():
            return None
        path = backup_journal(self.journal, "close", now=now)
        self.reset(self.journal)
        return path


# --- rotation ----------------------------------------------------------------------------


def plan_rotation(
    files: Sequence[BackupFile],
    now: datetime,
    *,
    tz: tzinfo | None = None,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> tuple[list[BackupFile], list[BackupFile]]:
    """``(keep, delete)``: the newest backup of each of the last ``daily`` days,
    ``weekly`` ISO weeks and ``monthly`` months that have backups (local calendar),
    plus safety copies younger than :data:`SAFETY_GRACE` and anything dated after
    ``now`` (a clock that went back never deletes). Pure: no I/O.
    """
    ordered = sorted(files, key=lambda f: f.order, reverse=True)
    keep: set[Path] = set()

    def bucket(key: Callable[[date], object], count: int) -> None:
        seen: list[object] = []
        for f in ordered:
            k = key(_local_date(f.created, tz))
            if k in seen:
                continue
            if len(seen) == count:
                break
            seen.append(k)
            keep.add(f.path)

    bucket(lambda d: d, daily)
    bucket(lambda d: d.isocalendar()[:2], weekly)
    bucket(lambda d: (d.year, d.month), monthly)
    for f in ordered:
        if f.created > now or (f.reason in SAFETY_REASONS and now - f.created <= SAFETY_GRACE):
            keep.add(f.path)
    kept = [f for f in ordered if f.path in keep]
    dropped = [f for f in ordered if f.path not in keep]
    return kept, dropped


def rotate_backups(journal_path: Path | str, *, now: datetime | None = None,
                   tz: tzinfo | None = None) -> list[Path]:
    """Delete the backups the policy no longer keeps; returns what was deleted."""
    _, dropped = plan_rotation(backup_files(journal_path), now or utc_now(), tz=tz)
    deleted = []
    for f in dropped:
        try:
            f.path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            break  # a read-only folder: keeping too many backups is harmless
        deleted.append(f.path)
    return deleted


def _local_date(moment: datetime, tz: tzinfo | None) -> date:
    return moment.astimezone(tz).date()


# --- reading backups -----------------------------------------------------------------------


def list_backups(journal_path: Path | str) -> list[BackupInfo]:
    """This journal's backups, newest first, with entry counts (each read read-only)."""
    return [inspect_backup(f.path, f) for f in backup_files(journal_path)]


def inspect_backup(path: Path | str, named: BackupFile | None = None) -> BackupInfo:
    """Counts and schema version of a backup, without changing it; never raises for
    an unreadable file (its ``problem`` says why)."""
    path = Path(path)
    created = named.created if named else None
    reason = named.reason if named else None
    try:
        size = path.stat().st_size
    except OSError as exc:
        return BackupInfo(path, created, reason, 0, problem=f"cannot be read ({exc.strerror})")
    try:
        version = check_identity(path)
        if version == 0:
            raise InvalidBackupError(path, "is empty")
        _check_size(path)
        conn = _open_readonly(path)
        try:
            episodes, checkins = conn.execute(
                "SELECT (SELECT COUNT(*) FROM episodes), (SELECT COUNT(*) FROM checkins)"
            ).fetchone()
        finally:
            conn.close()
    except JournalOpenError as exc:
        return BackupInfo(path, created, reason, size, problem=exc.problem)
    except dbapi.sql_error(OSError) as exc:
        return BackupInfo(path, created, reason, size, problem=f"cannot be read ({exc})")
    return BackupInfo(path, created, reason, size, episodes, checkins, version)


def validate_backup(path: Path | str) -> BackupInfo:
    """A backup that may be restored: a TwitchLog journal, not from a newer version,
    complete, and passing ``PRAGMA integrity_check``. Raises :class:`InvalidBackupError`.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidBackupError(path, "does not exist or is not a file")
    parsed = parse_backup_name(path.name)
    named = BackupFile(path, parsed[1], parsed[2]) if parsed else None
    try:
        version = check_identity(path)
    except JournalOpenError as exc:
        raise InvalidBackupError(path, exc.problem) from None
    except OSError as exc:
        raise InvalidBackupError(path, f"cannot be read ({exc.strerror})") from None
    if version == 0:
        raise InvalidBackupError(path, "is empty: it holds no journal")
    _check_size(path)
    try:
        conn = _open_readonly(path)
        try:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()
                        if r[0] != "ok"]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            live_version = conn.execute("PRAGMA user_version").fetchone()[0]
            if not problems and app_id == APPLICATION_ID and 0 < live_version <= SCHEMA_VERSION:
                schema = schema_problem(conn, live_version)
                if schema:
                    raise InvalidBackupError(path, f"was changed outside TwitchLog and cannot "
                                                   f"be restored: it {schema}")
        finally:
            conn.close()
    except dbapi.sql_error() as exc:
        raise InvalidBackupError(path, f"is damaged and cannot be restored ({exc})") from None
    if problems:
        raise InvalidBackupError(path, "is damaged and cannot be restored: "
                                       + short_problems(problems))
    if app_id != APPLICATION_ID:
        raise InvalidBackupError(path, "is not a TwitchLog journal")
    if live_version > SCHEMA_VERSION:
        raise InvalidBackupError(path, f"was written by a newer TwitchLog (journal format "
                                       f"{live_version}); please update TwitchLog first")
    info = inspect_backup(path, named)
    if info.problem:
        raise InvalidBackupError(path, info.problem)
    return info


def newest_good_backup(journal_path: Path | str) -> BackupInfo | None:
    """The newest backup that passes :func:`validate_backup`, or ``None`` (also when
    the backups folder cannot be read)."""
    try:
        files = backup_files(journal_path)
    except BackupError:
        return None
    for f in files:
        try:
            return validate_backup(f.path)
        except InvalidBackupError:
            continue
    return None


def _check_size(path: Path) -> None:
    """Refuse a file shorter than its header says (a truncated copy)."""
    if cipher.is_protected_file(path):
        return  # the header is encrypted; integrity_check covers a protected copy
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise InvalidBackupError(path, "is not a TwitchLog journal")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    pages = struct.unpack(">I", header[28:32])[0]
    change_counter = struct.unpack(">I", header[24:28])[0]
    valid_for = struct.unpack(">I", header[92:96])[0]
    size = path.stat().st_size
    if page_size < 512 or size % page_size:
        raise InvalidBackupError(path, f"is truncated or damaged ({size} bytes is not a "
                                       f"whole number of {page_size}-byte pages)")
    if pages and change_counter == valid_for and size < pages * page_size:
        raise InvalidBackupError(path, f"is truncated ({size} of {pages * page_size} bytes)")


def _open_readonly(path: Path) -> sqlite3.Connection:
    """Read-only; falls back to ``immutable`` when the folder forbids SQLite's side files."""
    try:
        conn = connect(path, readonly=True)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return conn
    except dbapi.operational_error():
        return connect(path, immutable=True)


# --- restore and damaged files ------------------------------------------------------------


def restore_backup(journal_path: Path | str, backup_path: Path | str, *,
                   now: datetime | None = None) -> RestoreResult:
    """Replace the journal with a backup, safely.

    The journal must not be open anywhere (close the app's connection first). Order:
    validate the backup; copy the current journal into the backups folder (or, if it
    is damaged or not a journal, keep it aside under a new name); copy the backup
    into a temp file beside the journal with the backup API and check it; move the
    old ``-wal``/``-shm`` out of the way; atomically rename the copy into place.
    Any failure before the rename leaves the live journal as it was. All of it runs
    under the journal's write lock, the one every writer takes, so a write that was
    acknowledged is in the restored-over journal's safety copy or refused, never lost.
    """
    now = now or utc_now()
    journal_path = Path(journal_path)
    backup_path = Path(backup_path)
    check_path_kind(journal_path)
    info = validate_backup(backup_path)
    if journal_path.exists() and _same_file(journal_path, backup_path):
        raise InvalidBackupError(backup_path, "is the journal itself")
    folder = journal_path.parent
    try:
        ensure_private_dir(folder)
        with write_locked(journal_path):
            return _swap_in(journal_path, backup_path, info, now)
    except OSError as exc:
        raise BackupError(_os_reason("The restore could not be started", folder, exc)) from exc


def _swap_in(journal_path: Path, backup_path: Path, info: BackupInfo, now: datetime
             ) -> RestoreResult:
    """The restore proper, under the journal's write lock (no writer can commit)."""
    folder = journal_path.parent
    prefix = f".{journal_path.name}.restore-"
    remove_stale_temporaries(folder, prefix)
    safety: Path | None = None
    aside: Path | None = None
    if journal_path.exists():
        if _is_healthy_journal(journal_path):
            safety = create_backup(journal_path, "restore", now=now)
        else:
            try:
                aside = set_aside_damaged(journal_path, now=now)
            except OSError as exc:
                raise BackupError(_os_reason("The damaged journal could not be moved aside",
                                             folder, exc)) from exc
    try:
        tmp, claim = _copy_to_temp(backup_path, folder, prefix=prefix)
    except OSError as exc:
        raise BackupError(_os_reason("The restore could not be prepared", folder, exc)) from exc
    try:
        _check_copy(tmp, cipher.passphrase_for(backup_path))
    except dbapi.sql_error() as exc:
        _remove_quietly(tmp)
        os.close(claim)
        raise InvalidBackupError(backup_path, f"did not copy cleanly ({exc})") from None
    stale: list[Path] = []
    try:
        for suffix in _SIDE_FILES:
            side = journal_path.with_name(journal_path.name + suffix)
            if side.exists():
                moved = folder / f".{journal_path.name}{suffix}.stale-{now.strftime(STAMP_FORMAT)}"
                os.replace(side, moved)
                stale.append(moved)
        os.replace(tmp, journal_path)
    except OSError as exc:
        _remove_quietly(tmp)
        raise BackupError(_os_reason("The restore could not be completed", folder, exc)
                          ) from exc
    finally:
        os.close(claim)
    make_private(journal_path)
    fsync_dir(folder)
    _carry_passphrase(backup_path, journal_path)
    for moved in stale:
        _remove_quietly(moved)
    rotate_backups(journal_path, now=now)
    return RestoreResult(restored=info, safety_backup=safety, set_aside=aside)


def _carry_passphrase(backup_path: Path, journal_path: Path) -> None:
    """The restored journal opens with the passphrase of the backup it came from."""
    passphrase = cipher.passphrase_for(backup_path)
    if passphrase is not None and cipher.is_protected_file(journal_path):
        cipher.remember(journal_path, passphrase)
    else:
        cipher.forget(journal_path)


def _is_healthy_journal(path: Path) -> bool:
    """A readable TwitchLog journal that passes ``quick_check`` (so it can be backed up).

    Damage or a foreign file gives ``False``; a file that cannot be read for other
    reasons (permissions, a read-only folder) raises :class:`BackupError`, because
    it must not be mistaken for a damaged one and moved aside.
    """
    try:
        if check_identity(path) == 0:
            return False
        conn = connect(path, readonly=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            return [r[0] for r in rows] == ["ok"]
        finally:
            conn.close()
    except JournalOpenError:
        return False
    except dbapi.operational_error() as exc:
        raise BackupError(f"The current journal could not be read to back it up first "
                          f"({_sqlite_reason(exc)}). Nothing was changed.") from exc
    except dbapi.database_error():
        return False
    except OSError as exc:
        raise BackupError(_os_reason("The current journal could not be read", path.parent,
                                     exc)) from exc


def set_aside_damaged(path: Path | str, *, now: datetime | None = None) -> Path:
    """Rename a damaged journal (with its ``-wal``/``-shm``) to ``<name>.damaged-<time>``.

    The side files move first, so they can never pair with a new file at the old
    name. The damaged copy is kept for the user; nothing is deleted. Returns the new
    path of the main file.
    """
    path = Path(path)
    now = now or utc_now()
    stamp = now.astimezone(UTC).strftime(STAMP_FORMAT)
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 2
    while any(target.with_name(target.name + s).exists() for s in ("", *_SIDE_FILES)):
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
        n += 1
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    os.replace(path, target)
    make_private(target)
    fsync_dir(path.parent)
    return target


# --- small helpers -----------------------------------------------------------------------


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _remove_quietly(path: Path) -> None:
    for suffix in ("", *_SIDE_FILES):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sqlite_reason(exc: Exception) -> str:
    text = str(exc)
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return "the folder is read-only"
    return text


def _os_reason(what: str, folder: Path, exc: OSError) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        why = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = f"{folder} is read-only"
    else:
        why = exc.strerror or str(exc)
    return f"{what}: {why}. Your journal is unchanged."


def describe(infos: Iterable[BackupInfo]) -> list[str]:
    """One line per backup (for the command line)."""
    lines = []
    for info in infos:
        when = info.created.astimezone().strftime("%Y-%m-%d %H:%M") if info.created else "?"
        if info.problem:
            lines.append(f"{when}  {info.path.name}  (unusable: {info.problem})")
        else:
            lines.append(f"{when}  {_plural(info.episodes or 0, 'episode')}, "
                         f"{_plural(info.checkins or 0, 'tracked day')}  "
                         f"({info.reason_label})  {info.path}")
    return lines


def open_with_backups(path: Path | str, *, create: bool = True, daily: bool = True,
                      warn: Callable[[str], None] | None = None,
                      defer_check: bool = False) -> Journal:
    """Open a journal the way the app and the command line do: a backup always comes
    before a migration, and at most once a day when opening.

    A failed daily backup does not stop the open: ``warn`` receives the message.
    """
    from twitchlog.store.journal import Journal

    journal = Journal.open(path, create=create, before_migrate=backup_path_before_migration,
                           defer_check=defer_check)
    if daily:
        try:
            auto_backup_on_open(journal)
        except BackupError as exc:
            if warn is not None:
                warn(str(exc))
    return journal


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
