"""Opening a journal file safely: identify, check, migrate, never touch a refused file.

The header is read as bytes before SQLite is asked to open anything, so a foreign or
newer file is refused without a single write (setting WAL mode would be one).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from twitchlog.paths import create_private_file, ensure_private_dir, make_private
from twitchlog.store import cipher, dbapi
from twitchlog.store.errors import (
    DamagedJournalError,
    JournalOpenError,
    MigrationError,
    NewerJournalError,
    NotAJournalError,
    UnexpectedSchemaError,
    disk_is_full,
    short_problems,
)
from twitchlog.store.identity import APPLICATION_ID, SCHEMA_VERSION
from twitchlog.store.sql import SqlConnection
from twitchlog.store.wal_check import (
    first_frame_is_valid,
    foreign_wal_reason,
    set_aside_foreign_wal,
)
from twitchlog.store.write_lock import file_identity, mark_no_log, update_mark, write_locked

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
#: Below this size ``quick_check`` takes a few milliseconds and always runs at open.
DEFER_CHECK_MIN_BYTES = 4 * 1024 * 1024


def read_header(path: Path) -> tuple[int, int] | None:
    """``(application_id, user_version)`` from the file header; ``None`` for an empty file.

    Raises :class:`NotAJournalError` when the file is not an SQLite database.
    """
    if cipher.is_protected_file(path):
        return _protected_header(path)
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


def _protected_header(path: Path) -> tuple[int, int]:
    """The identity of a protected file, read with its passphrase (asked for if unknown)."""
    passphrase = cipher.passphrase_for(path)
    if passphrase is None:
        raise cipher.needs_passphrase(path)
    conn = cipher.open_cipher(path, passphrase, readonly=True)
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    except dbapi.operational_error() as exc:
        raise DamagedJournalError(path, f"cannot be read ({exc})") from exc
    except dbapi.database_error():
        raise cipher.wrong_passphrase(path) from None
    finally:
        conn.close()
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


def connect(path: Path | str, *, readonly: bool = False, immutable: bool = False,
            passphrase: str | None = None) -> sqlite3.Connection:
    """A connection in autocommit mode with the project's pragmas.

    Autocommit (``isolation_level=None``) means no transaction is ever left open
    implicitly: every write goes through ``SqlConnection.atomic()``. ``immutable``
    (read-only, for a file TwitchLog must not touch) creates no ``-wal``/``-shm``.
    A protected file (or a new one whose passphrase is known) gets a SQLCipher
    connection keyed with ``passphrase`` or the one remembered for it in :mod:`.cipher`.
    """
    passphrase = passphrase if passphrase is not None else cipher.passphrase_for(path)
    protected = cipher.is_protected_file(path)
    if protected and passphrase is None:
        raise cipher.needs_passphrase(path)
    if protected or (passphrase is not None and not _is_plain_file(path)):
        conn = cipher.open_cipher(path, passphrase, readonly=readonly or immutable,
                                  immutable=immutable, same_thread=not (readonly or immutable))
    elif readonly or immutable:
        query = "?mode=ro&immutable=1" if immutable else "?mode=ro"
        uri = Path(path).resolve().as_uri() + query
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None)
    conn.text_factory = lenient_text
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if readonly or immutable:
        conn.execute("PRAGMA query_only = ON")
    return conn


def lenient_text(raw: bytes) -> str:
    """Stored text as ``str``; bytes that are not UTF-8 (another program wrote them)
    read as U+FFFD, so one bad note cannot make every read of the journal fail."""
    return raw.decode("utf-8", "replace")


def _is_plain_file(path: Path | str) -> bool:
    if not Path(path).is_file():
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def quick_check(conn: sqlite3.Connection, path: Path, *, full: bool = False) -> None:
    """Raise :class:`DamagedJournalError` unless SQLite's check says ``ok``.

    ``full`` runs ``integrity_check`` (indexes against their tables too), which the
    store requires before the first write.
    """
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except dbapi.operational_error():
        raise  # busy, locked, read-only: not damage (the caller says what it is)
    except dbapi.database_error() as exc:
        raise DamagedJournalError(path, f"is damaged and cannot be read ({exc})") from exc
    problems = [row[0] for row in rows if row[0] != "ok"]
    if problems:
        raise DamagedJournalError(path, "is damaged: " + short_problems(problems))


def check_schema(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Raise :class:`UnexpectedSchemaError` unless the schema is TwitchLog's own."""
    from twitchlog.store.schema_check import schema_problem

    problem = schema_problem(conn, version)
    if problem:
        raise UnexpectedSchemaError(path, f"was changed outside TwitchLog and is refused: it "
                                          f"{problem}. Nothing was written to it.")


def check_not_truncated(path: Path) -> None:
    """Cheap damage check: the file must hold every page its header counts.

    A truncated journal (a copy cut short, a full disk) fails here in microseconds;
    subtler damage is left to ``quick_check`` before the first write.
    """
    if cipher.is_protected_file(path):
        return  # encrypted header: quick_check (before the first write) covers it
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


def check_path_kind(path: Path) -> None:
    """Refuse, before anything reads it, a path that is not a regular file (or absent).

    A FIFO would block a reader forever, a device could be endless, a folder or a
    dangling link would otherwise give SQLite's puzzling messages.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise JournalOpenError(path, f"is a link to {os.readlink(path)}, which does not "
                                         "exist; remove the link or restore that file"
                                   ) from None
        return
    except OSError as exc:
        raise JournalOpenError(path, f"cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise JournalOpenError(path, "is a folder, not a journal file")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else
                "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise JournalOpenError(path, f"is {kind}, not a journal file; nothing was read")


def verify_file(path: Path) -> None:
    """The checks the store needs before a write (``integrity_check`` and the schema),
    on a read-only connection, for a background thread."""
    conn = connect(path, readonly=True)
    try:
        quick_check(conn, path, full=True)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version:
            check_schema(conn, path, version)
    finally:
        conn.close()


def set_write_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def close_without_checkpoint(conn: sqlite3.Connection, path: Path) -> None:
    """Close a writing connection to a refused file without checkpointing its ``-wal``.

    The last connection to close folds the log into the main file; a read transaction
    held on a read-only connection meanwhile stops that, and a read-only connection
    never checkpoints when it closes itself.
    """
    guard: sqlite3.Connection | None = None
    try:
        guard = connect(path, readonly=True)
        guard.execute("BEGIN")
        guard.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except dbapi.sql_error():
        pass
    conn.close()
    if guard is not None:
        guard.close()


def is_read_only_place(path: Path) -> str | None:
    """Why TwitchLog may only read ``path`` (another user's file, a read-only file,
    folder or mount), or ``None`` when it may write."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        st = os.stat(path)
    except OSError:
        return None
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return "it belongs to another user"
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(folder, os.W_OK):
        return "its folder is read-only"
    if hasattr(os, "statvfs"):
        try:
            if os.statvfs(folder).f_flag & getattr(os, "ST_RDONLY", 1):
                return "it is on a read-only disk"
        except OSError:
            pass
    return None


@dataclass(slots=True)
class OpenedDatabase:
    """What :func:`open_database` hands to ``Journal``."""

    db: SqlConnection
    checked: bool  # quick_check (or more) passed
    verified: bool  # integrity_check and the schema check passed: writes may go ahead
    identity: tuple[int, int] | None  # the main file's (device, inode) when opened
    read_only: str | None = None  # why the journal is only read, if it is
    notices: list[str] = field(default_factory=list)


def open_database(
    path: Path,
    *,
    create: bool = True,
    before_migrate: Callable[[Path, int], None] | None = None,
    defer_check: bool = False,
) -> OpenedDatabase:
    """Open (or create) a journal, migrated to the current schema.

    ``before_migrate(path, old_version)`` runs before any migration of an existing
    journal with data, so the caller can take a backup first. With ``defer_check``
    a current-format WAL journal gets only the cheap truncation check here; the
    caller must verify it before its first write (``Journal`` does). Everything is
    first checked on a read-only connection, so a refused file is never written to
    and its ``-wal`` never folded in. A journal TwitchLog may not write (another
    user's, a read-only file or disk) is opened read-only, creating nothing beside it.
    """
    path = Path(path)
    check_path_kind(path)
    is_new = not path.exists()
    if is_new:
        if not create:
            raise FileNotFoundError(path)
        ensure_private_dir(path.parent)
        with write_locked(path, required=False) as lock_fd:
            _move_orphaned_side_files(path)
            create_private_file(path)
            return _open_for_writing(path, 0, lock_fd, before_migrate, checked=True,
                                     verified=True)
    check_identity(path)  # a foreign or newer file is refused before anything else
    read_only = is_read_only_place(path)
    notices: list[str] = []
    if read_only is None and foreign_wal_reason(path) is not None:
        with write_locked(path):
            notice = set_aside_foreign_wal(path)
        if notice:
            notices.append(notice)
    version, checked, verified = _check_read_only(path, defer_check, read_only)
    if read_only is not None:
        return _open_read_only(path, version, read_only, checked, notices)
    with write_locked(path, required=False) as lock_fd:
        opened = _open_for_writing(path, version, lock_fd, before_migrate, checked=checked,
                                   verified=verified)
    opened.notices = notices
    return opened


def _check_read_only(path: Path, defer_check: bool, read_only: str | None
                     ) -> tuple[int, bool, bool]:
    """Identity, version, damage and schema, read through a connection that cannot
    write (nor checkpoint). Returns ``(version, quick-checked, fully verified)``.

    A refusal also removes the empty ``-wal``/``-shm`` the reading created (a
    read-only connection cannot delete them itself), so the folder is as it was.
    """
    had_sides = [Path(f"{path}{s}").exists() for s in ("-wal", "-shm")]
    try:
        return _checks(path, defer_check, read_only)
    except JournalOpenError:
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        if not had_sides[0] and wal.exists() and wal.stat().st_size == 0:
            wal.unlink(missing_ok=True)
            if not had_sides[1]:
                shm.unlink(missing_ok=True)
        raise


def _checks(path: Path, defer_check: bool, read_only: str | None) -> tuple[int, bool, bool]:
    version = check_identity(path)
    if path.stat().st_size == 0:
        return version, True, True
    try:
        conn = _reader(path, read_only)
    except dbapi.operational_error() as exc:
        raise JournalOpenError(path, f"cannot be read ({_os_reason(exc, path)})") from exc
    except dbapi.database_error() as exc:
        raise DamagedJournalError(path, f"cannot be opened ({exc})") from exc
    try:
        version = _committed_version(conn, path)
        if version == 0:
            return version, True, True
        # The app defers what a current journal does not need for reading (the schema
        # check; for a large file quick_check too) to a worker thread.
        deferrable = (defer_check and version == SCHEMA_VERSION
                      and conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal")
        if deferrable and path.stat().st_size >= DEFER_CHECK_MIN_BYTES:
            check_not_truncated(path)
            return version, False, False
        quick_check(conn, path)
        if not deferrable:
            check_schema(conn, path, version)
        return version, True, False
    except dbapi.operational_error() as exc:
        raise JournalOpenError(path, f"cannot be read ({_os_reason(exc, path)})") from exc
    except dbapi.database_error() as exc:
        raise DamagedJournalError(path, f"cannot be read ({exc})") from exc
    finally:
        conn.close()


def _reader(path: Path, read_only: str | None) -> sqlite3.Connection:
    """A read-only connection; for a file TwitchLog may not write, one that creates no
    ``-wal``/``-shm`` (unless a log with committed data is already there to be read)."""
    wal = Path(f"{path}-wal")
    has_log = wal.exists() and wal.stat().st_size > 0
    conn = connect(path, readonly=True, immutable=read_only is not None and not has_log)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def _open_read_only(path: Path, version: int, why: str, checked: bool, notices: list[str]
                    ) -> OpenedDatabase:
    if version < SCHEMA_VERSION:
        raise JournalOpenError(path, f"can only be read ({why}), and it is in an older "
                                     "format that would need upgrading first")
    conn = _reader(path, why)
    notices.append(f"{path} is opened read-only because {why}; nothing will be written")
    return OpenedDatabase(SqlConnection(conn), checked, False, file_identity(path), why,
                          notices)


def _open_for_writing(path: Path, version: int, lock_fd: int | None,
                      before_migrate: Callable[[Path, int], None] | None, *,
                      checked: bool, verified: bool) -> OpenedDatabase:
    try:
        conn = connect(path)
    except dbapi.database_error() as exc:
        raise DamagedJournalError(path, f"cannot be opened ({exc})") from exc
    identity = file_identity(path)
    try:
        if first_frame_is_valid(Path(f"{path}-wal")) is None:
            mark_no_log(lock_fd, path)
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
            except dbapi.sql_error():
                raise
            except Exception as exc:
                what = "could not be set up" if version == 0 else (
                    "could not be upgraded to this version's format")
                raise MigrationError(path, f"{what} ({exc}); it was left as it was") from exc
            update_mark(lock_fd, path, None)
    except dbapi.operational_error() as exc:
        # Locked, read-only, disk full or I/O: the file is fine, the place is not.
        close_without_checkpoint(conn, path)
        raise JournalOpenError(path, f"cannot be opened for writing ({_os_reason(exc, path)})"
                               ) from exc
    except dbapi.database_error() as exc:
        close_without_checkpoint(conn, path)
        raise DamagedJournalError(path, f"cannot be read ({exc})") from exc
    except BaseException:
        close_without_checkpoint(conn, path)
        raise
    return OpenedDatabase(db, checked or version == 0, verified or version == 0, identity)


def _move_orphaned_side_files(path: Path) -> None:
    """A ``-wal``/``-shm``/``-journal`` left without its journal (the file was deleted or
    moved) would be replayed into a new file of the same name: keep it aside instead."""
    import time

    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(path.with_name(f"{path.name}{suffix}.orphaned-{stamp}"))


def _os_reason(exc: Exception, path: Path | None = None) -> str:
    text = str(exc)
    if "full" in text or ("disk I/O" in text and path is not None
                          and disk_is_full(path.parent)):
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
