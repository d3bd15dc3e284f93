"""Is a journal's schema exactly the one TwitchLog's migrations make for its version?

A journal or backup is a file anyone can edit: a trigger hidden in a backup would run
on the next write (``AFTER INSERT ON episodes BEGIN DELETE FROM checkins; END``), and
a view or an altered table could change what the app reads. Before a journal is
written to, migrated or restored, every schema object (tables with their columns and
constraints, indexes, triggers, views) is compared with what the project's own
migrations create for the same version.

Running the migrations (and importing sqlite-utils to do so) costs about 150 ms, which
every command would pay; so the result is kept in :mod:`.expected_schema`, a module
generated from the migrations by ``make schema``. A test regenerates it and requires the
committed file to be identical, so it cannot drift from the migrations.
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
    from twitchlog.store.expected_schema import EXPECTED_SCHEMA

    rows = EXPECTED_SCHEMA.get(version)
    # Only a development tree with a new migration and no `make schema` yet lacks it.
    return frozenset(rows) if rows is not None else derive_schema(version)


def derive_schema(version: int) -> frozenset[SchemaRow]:
    """What the migrations make for ``version``, by running them in memory."""
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


def expected_schema_source() -> str:
    """The text of :mod:`.expected_schema`, derived from the migrations (``make schema``)."""
    lines = [
        '"""The schema each journal version must have, as the migrations make it.',
        "",
        "Generated from twitchlog/store/schema.py by `make schema`; do not edit. A test",
        "regenerates it and fails if this file differs.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "EXPECTED_SCHEMA: dict[int, tuple[tuple[str, str, str, str], ...]] = {",
    ]
    for version in range(1, SCHEMA_VERSION + 1):
        lines.append(f"    {version}: (")
        for kind, name, table, sql in sorted(derive_schema(version)):
            lines.append(f"        ({kind!r}, {name!r}, {table!r},")
            lines.extend(f"         {chunk!r}" for chunk in _chunks(sql))
            lines[-1] += "),"
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _chunks(sql: str, width: int = 76) -> list[str]:
    """``sql`` in pieces of at most about ``width`` characters, split before spaces."""
    pieces: list[str] = []
    while len(sql) > width:
        cut = sql.rfind(" ", 1, width)
        cut = cut if cut > 0 else width
        pieces.append(sql[:cut])
        sql = sql[cut:]
    pieces.append(sql)
    return pieces


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
