"""Helpers shared by the trust tests (backups, restore, crash loop, damage, permissions)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from twitchlog.domain import DayCheckIn, Episode
from twitchlog.store import Journal
from twitchlog.store.schema import APPLICATION_ID, migrations

BASE_DAY = date(2025, 3, 1)
PLUS_ONE = timezone(timedelta(hours=1))


def add_entries(journal: Journal, episodes: int, days: int = 0, *, start: int = 0
                ) -> list[str]:
    """Add ``episodes`` episodes and ``days`` check-ins; returns the episode ids."""
    ids = []
    for i in range(start, start + episodes):
        moment = datetime(2025, 3, 1, 8, 0, tzinfo=PLUS_ONE) + timedelta(hours=7 * i)
        ep = journal.episodes.add(Episode(started_at=moment, location="eyelid",
                                         intensity=1 + i % 10, notes=f"entry {i}"))
        ids.append(ep.id)
    for i in range(start, start + days):
        journal.checkins.save(DayCheckIn(date=BASE_DAY + timedelta(days=i), sleep_hours=7.5,
                                        stress=i % 11, magnesium=bool(i % 2)))
    return ids


def make_journal(path: Path, episodes: int = 3, days: int = 2) -> Path:
    with Journal.open(path) as journal:
        add_entries(journal, episodes, days)
    return path


def make_old_journal(path: Path, episodes: int = 3) -> Path:
    """A journal of schema version 1 (before import tracking), with a few episodes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    db = Database(conn)
    migrations.apply(db, stop_before="m002_import_tracking")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    for i in range(episodes):
        conn.execute(
            "INSERT INTO episodes (id, started_at, started_utc, local_date, location_id, side, "
            "kind, notes, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 'left', 'twitch', "
            "?, ?, ?)",
            [f"old-{i}", f"2024-05-0{i + 1}T09:00:00+02:00", f"2024-05-0{i + 1}T07:00:00.000000Z",
             f"2024-05-0{i + 1}", f"old {i}", now, now])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def logical_dump(path: Path) -> dict[str, Any]:
    """Schema, pragmas and every row of every table, read without changing the file."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        schema = sorted(conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall(), key=lambda r: (r[0], r[1]))
        tables = [name for kind, name, _ in schema if kind == "table"]
        rows = {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"').fetchall()))
                for t in tables}
        pragmas = {p: conn.execute(f"PRAGMA {p}").fetchone()[0]
                   for p in ("user_version", "application_id")}
    finally:
        conn.close()
    return {"schema": schema, "rows": rows, "pragmas": pragmas}


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    finally:
        conn.close()


def episode_ids(path: Path) -> set[str]:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM episodes")}
    finally:
        conn.close()


def side_files(path: Path) -> list[str]:
    """Names of ``-wal``/``-shm``/``-journal`` files beside ``path`` that exist."""
    return [s for s in ("-wal", "-shm", "-journal") if path.with_name(path.name + s).exists()]
