"""Is a journal's schema exactly the one TwitchLog's migrations make for its version?

A journal or backup is a file anyone can edit: a trigger hidden in a backup would run
on the next write (``AFTER INSERT ON episodes BEGIN DELETE FROM checkins; END``), and
a view or an altered table could change what the app reads. Before a journal is
written to, migrated or restored, every schema object (tables with their columns and
constraints, indexes, triggers, views) is compared with what the project's own
migrations create in an in-memory database for the same version, so a future
migration is covered without a second copy of the schema anywhere.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache

from twitchlog.store.identity import SCHEMA_VERSION

SchemaRow = tuple[str, str, str, str]  # type, name, table, normalised SQL

#: Tables SQLite adds by itself (``ANALYZE`` statistics) and may be left alone.
_HARMLESS = re.compile(r"^sqlite_stat\d$")


def schema_of(conn: sqlite3.Connection) -> frozenset[SchemaRow]:
    """Every schema object of the connection's main database, SQL whitespace-normalised."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return frozenset(
        (kind, name, table, " ".join((sql or "").split()))
        for kind, name, table, sql in rows
        if not _HARMLESS.match(name)
    )


@cache
def expected_schema(version: int) -> frozenset[SchemaRow]:
    """What the migrations make for ``version`` (1 to :data:`SCHEMA_VERSION`), cached."""
    if not 1 <= version <= SCHEMA_VERSION:
        raise ValueError(f"no schema version {version}")
    from sqlite_utils import Database

    from twitchlog.store import schema

    names = [m.name for m in schema.migrations._migrations]
    conn = sqlite3.connect(":memory:")
    try:
        stop = names[version] if version < len(names) else None
        schema.migrations.apply(Database(conn), stop_before=stop)
        return schema_of(conn)
    finally:
        conn.close()


def schema_problem(conn: sqlite3.Connection, version: int) -> str | None:
    """``None`` if the schema is exactly the expected one, else one line saying what differs."""
    actual = schema_of(conn)
    expected = expected_schema(version)
    if actual == expected:
        return None
    extra = sorted(actual - expected, key=lambda r: (r[0], r[1]))
    missing = sorted(expected - actual, key=lambda r: (r[0], r[1]))
    changed = {(r[0], r[1]) for r in extra} & {(r[0], r[1]) for r in missing}
    parts = []
    added = [r for r in extra if (r[0], r[1]) not in changed]
    if added:
        parts.append("holds " + _names(added) + " that TwitchLog did not create")
    if changed:
        parts.append("has a changed " + ", ".join(f"{k} '{n}'" for k, n in sorted(changed)))
    gone = [r for r in missing if (r[0], r[1]) not in changed]
    if gone:
        parts.append("lacks " + _names(gone))
    return "; ".join(parts)


def _names(rows: list[SchemaRow], limit: int = 3) -> str:
    shown = ", ".join(f"{kind} '{name}'" for kind, name, _, _ in rows[:limit])
    if len(rows) > limit:
        shown += f" and {len(rows) - limit} more"
    return shown
