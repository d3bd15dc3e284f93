"""The exception classes of every SQLite binding the store may be using.

A protected journal is opened through SQLCipher's binding, which raises its own
exception classes (not subclasses of :mod:`sqlite3`'s). ``except`` clauses evaluate
their expression only when an exception arrives, so these functions let code catch
both without importing SQLCipher at start-up: ``except dbapi.sql_error():``.
"""

from __future__ import annotations

import sqlite3
import sys

CIPHER_MODULE = "sqlcipher3.dbapi2"

_Classes = tuple[type[Exception], ...]


def _classes(name: str) -> _Classes:
    found: list[type[Exception]] = [getattr(sqlite3, name)]
    cipher = sys.modules.get(CIPHER_MODULE)
    if cipher is not None:
        found.append(getattr(cipher, name))
    return tuple(found)


def sql_error(*also: type[Exception]) -> _Classes:
    """``sqlite3.Error`` and its SQLCipher twin (plus ``also``, e.g. ``OSError``)."""
    return _classes("Error") + also


def database_error() -> _Classes:
    """``sqlite3.DatabaseError`` (damage, not a database) and its SQLCipher twin."""
    return _classes("DatabaseError")


def operational_error() -> _Classes:
    """``sqlite3.OperationalError`` (locked, read-only, disk full) and its twin."""
    return _classes("OperationalError")


def programming_error() -> _Classes:
    """``sqlite3.ProgrammingError`` (a closed connection) and its twin."""
    return _classes("ProgrammingError")
