"""Opening a journal file safely: identify, check, migrate, never touch a refused file.

The header is read as bytes before SQLite is asked to open anything, so a foreign or
newer file is refused without a single write (setting WAL mode would be one).
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Callable
from pathlib import Path

from twitchlog.paths import create_private_file, make_private
from twitchlog.store.errors import (
    DamagedJournalError,
    JournalOpenError,
    MigrationError,
    NewerJournalError,
    NotAJournalError,
)
from twitchlog.store.identity import APPLICATION_ID, SCHEMA_VERSION
from twitchlog.store.sql import SqlConnection

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
#: Below this size ``quick_check`` takes a few milliseconds and always runs at open.
DEFER_CHECK_MIN_BYTES = 4 * 1024 * 1024


def read_header(path: Path) -> tuple[int, int] | None:
    """``(application_id, user_version)`` from the file header; ``None`` for an empty file.

    Raises :class:`NotAJournalError` when the file is not an SQLite database.
    """
    with open(path, "rb") as handle:
        header = handle.read(100)
    if not header:
        return None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotAJournalError(path, "is not a TwitchLog journal (it is not an SQLite "
                                     "database at all)")
    user_version = struct.unpack(">I", header[60:64])[0]
    application_id = struct.unpack(">I", header[68:72])[0]
    return application_id, user_version


def check_identity(path: Path) -> int:
    """The file's schema version after checking it is ours and not from the future."""
    identity = read_header(path)
    if identity is None:
        return 0
    application_id, user_version = identity
    if application_id != APPLICATION_ID:
        raise NotAJournalError(path, "is an SQLite database, but not a TwitchLog journal")
    if user_version > SCHEMA_VERSION:
        raise NewerJournalError(
            path,
            f"was written by a newer TwitchLog (journal format {user_version}; this version "
            f"reads up to {SCHEMA_VERSION}). Please update TwitchLog to open it.",
        )
    return user_version


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode with the project's pragmas.

    Autocommit (``isolation_level=None``) means no transaction is ever left open
    implicitly: every write goes through ``SqlConnection.atomic()``.
    """
    if readonly:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if readonly:
        conn.execute("PRAGMA query_only = ON")
    return conn


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Raise :class:`DamagedJournalError` unless SQLite's quick check says ``ok``."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError:
        raise  # busy, locked, read-only: not damage (the caller says what it is)
    except sqlite3.DatabaseError as exc:
        raise DamagedJournalError(path, f"is damaged and cannot be read ({exc})") from exc
    problems = [row[0] for row in rows if row[0] != "ok"]
    if problems:
        raise DamagedJournalError(path, "is damaged: " + "; ".join(problems[:3]))


def check_not_truncated(path: Path) -> None:
    """Cheap damage check: the file must hold every page its header counts.

    A truncated journal (a copy cut short, a full disk) fails here in microseconds;
    subtler damage is left to ``quick_check`` before the first write.
    """
    with open(path, "rb") as handle:
        header = handle.read(100)
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    page_count = struct.unpack(">I", header[28:32])[0]
    change_counter, valid_for = header[24:28], header[92:96]
    if change_counter != valid_for:  # the header's page count is stale: nothing to compare
        return
    if page_size and page_count and path.stat().st_size < page_size * page_count:
        raise DamagedJournalError(path, "is damaged: the file is shorter than its own header "
                                        "says (it was cut off)")


def verify_file(path: Path) -> None:
    """Run ``quick_check`` on a read-only connection (for a background thread)."""
    conn = connect(path, readonly=True)
    try:
        quick_check(conn, path)
    finally:
        conn.close()


def set_write_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def open_database(
    path: Path,
    *,
    create: bool = True,
    before_migrate: Callable[[Path, int], None] | None = None,
    defer_check: bool = False,
) -> tuple[SqlConnection, bool]:
    """Open (or create) a journal for writing, migrated to the current schema.

    ``before_migrate(path, old_version)`` runs before any migration of an existing
    journal with data, so the caller can take a backup first. Returns the connection
    and whether ``quick_check`` has run. With ``defer_check`` a current-format WAL
    journal gets only the cheap truncation check here; the caller must run
    :func:`quick_check` before its first write (``Journal`` does).
    """
    path = Path(path)
    is_new = not path.exists()
    if is_new:
        if not create:
            raise FileNotFoundError(path)
        _move_orphaned_side_files(path)
        create_private_file(path)
    version = check_identity(path)
    try:
        conn = connect(path)
    except sqlite3.DatabaseError as exc:
        raise DamagedJournalError(path, f"cannot be opened ({exc})") from exc
    try:
        if path.stat().st_size > 0:
            version = _committed_version(conn, path)
        checked = False
        if version > 0:
            deferrable = (defer_check and version == SCHEMA_VERSION
                          and path.stat().st_size >= DEFER_CHECK_MIN_BYTES
                          and conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal")
            if deferrable:
                check_not_truncated(path)
            else:
                quick_check(conn, path)
                checked = True
        if version < SCHEMA_VERSION and version > 0 and before_migrate is not None:
            before_migrate(path, version)
        if version == 0:
            # Stamp a new file as ours before WAL mode writes its first page: a crash
            # before the first migration commits must leave an empty journal, never a
            # file that later opens as "not a TwitchLog journal".
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        make_private(path)  # ours: private whatever it was (-wal/-shm copy its mode)
        set_write_pragmas(conn)
        for suffix in ("-wal", "-shm"):
            make_private(path.with_name(path.name + suffix))
        db = SqlConnection(conn)
        if version < SCHEMA_VERSION:
            try:
                migrate(db)
            except sqlite3.Error:
                raise
            except Exception as exc:
                what = "could not be set up" if version == 0 else (
                    "could not be upgraded to this version's format")
                raise MigrationError(path, f"{what} ({exc}); it was left as it was") from exc
    except sqlite3.OperationalError as exc:
        # Locked, read-only, disk full or I/O: the file is fine, the place is not.
        conn.close()
        raise JournalOpenError(path, f"cannot be opened for writing ({_os_reason(exc)})"
                               ) from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DamagedJournalError(path, f"cannot be read ({exc})") from exc
    except BaseException:
        conn.close()
        raise
    return db, checked or version == 0


def _move_orphaned_side_files(path: Path) -> None:
    """A ``-wal``/``-shm``/``-journal`` left without its journal (the file was deleted or
    moved) would be replayed into a new file of the same name: keep it aside instead."""
    import time

    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(path.with_name(f"{path.name}{suffix}.orphaned-{stamp}"))


def _os_reason(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return "its folder or the file is read-only"
    if "locked" in text or "busy" in text:
        return "another program is using it"
    return text


def _committed_version(conn: sqlite3.Connection, path: Path) -> int:
    """The schema version as SQLite sees it, including commits still in the ``-wal``.

    After a crash the file header can lag behind the write-ahead log, so the header
    check alone could take a newer journal for an older one.
    """
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    user_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if application_id != APPLICATION_ID:
        raise NotAJournalError(path, "is an SQLite database, but not a TwitchLog journal")
    if user_version > SCHEMA_VERSION:
        raise NewerJournalError(
            path,
            f"was written by a newer TwitchLog (journal format {user_version}; this version "
            f"reads up to {SCHEMA_VERSION}). Please update TwitchLog to open it.",
        )
    return user_version


def migrate(db: SqlConnection) -> None:
    """Apply every pending migration and stamp the file, all in one transaction.

    sqlite-utils runs the migrations; it is imported only here, when needed.
    """
    from sqlite_utils import Database

    from twitchlog.store import schema

    with db.atomic():
        schema.migrations.apply(Database(db.conn))
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
