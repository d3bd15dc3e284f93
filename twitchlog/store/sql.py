"""The store's runtime connection: plain ``sqlite3`` with sqlite-utils' transaction rules.

sqlite-utils (and the numpy it pulls in) costs more to import than the whole window
takes to open, so day-to-day queries go through this thin wrapper and sqlite-utils is
imported only when the schema has to be created or migrated (:mod:`.schema`).
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

# Savepoint names only need to be unique among the savepoints open on one connection.
_SAVEPOINT_NUMBERS = itertools.count(1)


class SqlConnection:
    """``execute`` and ``atomic`` over one autocommit ``sqlite3`` connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[SqlConnection]:
        """One transaction; nested blocks become savepoints (as in sqlite-utils)."""
        if self.conn.in_transaction:
            name = f"twitchlog_{next(_SAVEPOINT_NUMBERS)}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
