"""Protected journals: SQLCipher 4 connections and the passphrases held in memory.

SQLCipher comes from the optional ``sqlcipher3`` binding (``twitchlog[encryption]``)
and is imported only when a protected file is met, so start-up and plain journals
never pay for it. Keys are derived exactly as SQLCipher 4 does by default
(PBKDF2-HMAC-SHA512, 256,000 iterations, the 16-byte salt at the start of the file),
once per file and passphrase: later connections (workers, backups) hand SQLCipher the
raw key and skip the slow derivation. Passphrases live only in this process's memory;
nothing about them is ever written anywhere.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import sqlite3
import stat
import threading
from pathlib import Path
from types import ModuleType
from typing import cast

from twitchlog.store import dbapi
from twitchlog.store.errors import (
    EncryptionUnavailableError,
    PassphraseNeededError,
    WrongPassphraseError,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
#: SQLCipher 4's defaults, stated in the README.
KDF_ALGORITHM = "sha512"
KDF_ITERATIONS = 256_000
KEY_BYTES = 32
SALT_BYTES = 16
#: Every SQLCipher file is a whole number of pages; 1024 is the smallest page size used.
MIN_PAGE_SIZE = 1024
INSTALL_HINT = ("Protecting a journal with a passphrase needs SQLCipher: install it with "
                "pip install 'twitchlog[encryption]' (it is included in the standalone app)")

_lock = threading.Lock()
_passphrases: dict[str, str] = {}
_derived: dict[tuple[str, bytes], str] = {}


def available() -> bool:
    """Whether the SQLCipher binding is installed."""
    return importlib.util.find_spec("sqlcipher3") is not None


def require() -> ModuleType:
    """The SQLCipher DB-API module; raises :class:`EncryptionUnavailableError`."""
    try:
        return importlib.import_module(dbapi.CIPHER_MODULE)
    except ImportError:
        raise EncryptionUnavailableError(INSTALL_HINT) from None


def is_protected_file(path: Path | str) -> bool:
    """Could this file be a protected journal? (Encrypted pages look like noise.)

    A non-empty file of whole pages that is not a plain SQLite file: either protected,
    or a foreign file; only a passphrase tells which.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return False  # a FIFO or device must never be opened (it could block)
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return (info.st_size > 0 and info.st_size % MIN_PAGE_SIZE == 0
            and header != SQLITE_MAGIC)


# --- the passphrases of this session -----------------------------------------------------


def _key(path: Path | str) -> str:
    return os.path.realpath(os.fspath(path))


def remember(path: Path | str, passphrase: str) -> None:
    """Use ``passphrase`` for ``path`` (and its ``backups/`` folder) from now on."""
    with _lock:
        _passphrases[_key(path)] = passphrase


def forget(path: Path | str) -> None:
    """Forget the passphrase of ``path`` (the journal is plain again, or locked)."""
    with _lock:
        _passphrases.pop(_key(path), None)


def forget_all() -> None:
    """Forget every passphrase and derived key (the app locks)."""
    with _lock:
        _passphrases.clear()
        _derived.clear()


def passphrase_for(path: Path | str) -> str | None:
    """The passphrase known for ``path``: its own, or its journal's for a backup."""
    key = _key(path)
    with _lock:
        if key in _passphrases:
            return _passphrases[key]
        folder = Path(key).parent
        if folder.name == "backups":
            for journal, passphrase in _passphrases.items():
                if Path(journal).parent == folder.parent:
                    return passphrase
    return None


def unlock(path: Path | str, passphrase: str) -> None:
    """Check that ``passphrase`` opens ``path`` (read-only), then remember it.

    Raises :class:`WrongPassphraseError` (nothing was changed) or
    :class:`EncryptionUnavailableError`.
    """
    check_passphrase(path, passphrase)
    remember(path, passphrase)


def check_passphrase(path: Path | str, passphrase: str) -> None:
    """Raise :class:`WrongPassphraseError` unless ``passphrase`` reads ``path``."""
    conn = open_cipher(path, passphrase, readonly=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi.operational_error():
        raise
    except dbapi.database_error():
        raise wrong_passphrase(path) from None
    finally:
        conn.close()


def wrong_passphrase(path: Path | str) -> WrongPassphraseError:
    """The error for a passphrase that does not decrypt ``path`` (page 1 fails its HMAC)."""
    return WrongPassphraseError(
        path, "the passphrase is wrong, or the file is not a TwitchLog journal; "
              "nothing was changed")


def needs_passphrase(path: Path | str) -> PassphraseNeededError:
    """The error for a protected file whose passphrase is not known yet."""
    return PassphraseNeededError(
        path, "is protected with a passphrase (or is not a TwitchLog journal); "
              "enter its passphrase to open it")


# --- connections -------------------------------------------------------------------------


def open_cipher(path: Path | str, passphrase: str | None, *, readonly: bool = False,
                immutable: bool = False, same_thread: bool = True,
                salt_from: Path | None = None) -> sqlite3.Connection:
    """A SQLCipher connection (autocommit) keyed with ``passphrase``.

    ``passphrase=None`` opens a plain file through SQLCipher's own SQLite (used to
    encrypt it). A new file keyed ``salt_from`` another gets that file's salt and key,
    so copies cost no key derivation. The result behaves as a ``sqlite3.Connection``;
    its exceptions are SQLCipher's (catch them with :mod:`.dbapi`).
    """
    module = require()
    path = Path(path)
    if readonly:
        flags = "?mode=ro&immutable=1" if immutable else "?mode=ro"
        conn = module.connect(path.resolve().as_uri() + flags, uri=True, isolation_level=None,
                              check_same_thread=same_thread)
    else:
        conn = module.connect(str(path), isolation_level=None, check_same_thread=same_thread)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # errors are ours to word, not stderr's
        if passphrase is not None:
            conn.execute(f"PRAGMA key = {key_literal(path, passphrase, salt_from)}")
    except BaseException:
        conn.close()
        raise
    return cast(sqlite3.Connection, conn)


def key_literal(path: Path, passphrase: str, salt_from: Path | None = None) -> str:
    """The ``PRAGMA key`` value: the derived raw key for an existing file (fast); for a
    new file the key and salt of ``salt_from``, else the passphrase itself (SQLCipher
    derives it with a new random salt)."""
    salt = _salt(path)
    if salt is not None:
        return f"\"x'{_raw_key(passphrase, salt)}'\""
    source_salt = _salt(salt_from) if salt_from is not None else None
    if source_salt is not None:
        return f"\"x'{_raw_key(passphrase, source_salt)}{source_salt.hex()}'\""
    return _quoted(passphrase)


def _raw_key(passphrase: str, salt: bytes) -> str:
    cache = (passphrase, salt)
    with _lock:
        raw = _derived.get(cache)
    if raw is None:
        raw = hashlib.pbkdf2_hmac(KDF_ALGORITHM, passphrase.encode("utf-8"), salt,
                                  KDF_ITERATIONS, KEY_BYTES).hex()
        with _lock:
            _derived[cache] = raw
    return raw


def _salt(path: Path) -> bytes | None:
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            salt = handle.read(SALT_BYTES)
    except OSError:
        return None
    return salt if len(salt) == SALT_BYTES and salt != SQLITE_MAGIC else None


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def attach_literal(passphrase: str | None) -> str:
    """The ``KEY`` clause value of ``ATTACH``: ``''`` attaches a plain database."""
    return _quoted(passphrase or "")
