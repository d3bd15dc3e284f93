"""``journal.episodes``: logging, editing, finding and paging twitch episodes.

Every write is one transaction and returns the episode as stored (the location name
as stored, the time stamps set). Reads return domain objects in time order unless
asked otherwise; the journal table pages and sorts in SQL, never in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from twitchlog.domain import Episode
from twitchlog.store.errors import NotFoundError
from twitchlog.store.part import JournalPart
from twitchlog.store.rows import (
    chunks,
    date_range,
    parse_utc_or_none,
    utc_key,
    utc_now_text,
)
from twitchlog.validation import validate_episode

#: The journal table's sortable columns and the SQL each one sorts by.
EPISODE_SORT_COLUMNS = {
    "started_at": "e.started_utc",
    "location": "l.name",
    "side": "e.side",
    "duration_s": "e.duration_s",
    "intensity": "e.intensity",
    "kind": "e.kind",
    "notes": "e.notes",
}

_EPISODE_SELECT = (
    "SELECT e.id, e.started_at, l.name, e.side, e.duration_s, e.intensity, e.kind, e.notes, "
    "e.created_at, e.updated_at FROM episodes e JOIN locations l ON l.id = e.location_id"
)


@dataclass(slots=True)
class EpisodeFilter:
    """What the journal table shows: a date range, location, kind and note text."""

    start: date | None = None
    end: date | None = None
    location: str | None = None
    kind: str | None = None
    text: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.start is not None:
            clauses.append("e.local_date >= ?")
            params.append(self.start.isoformat())
        if self.end is not None:
            clauses.append("e.local_date <= ?")
            params.append(self.end.isoformat())
        if self.location:
            clauses.append("l.name = ? COLLATE NOCASE")
            params.append(self.location)
        if self.kind:
            clauses.append("e.kind = ?")
            params.append(self.kind)
        if self.text:
            clauses.append("e.notes LIKE ? ESCAPE '\\'")
            escaped = self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


@dataclass(frozen=True, slots=True)
class LocationUse:
    """How often one (location, side) pair was logged lately: a quick-log candidate."""

    location: str
    side: str
    count: int


class Episodes(JournalPart):
    """The journal's episodes."""


    # --- writes ----------------------------------------------------------------------

    def add(self, episode: Episode, *, create_location: bool = False) -> Episode:
        """Store a new episode (validated) in one transaction and return it as stored."""
        validate_episode(episode)
        with self._write():
            self._insert(episode, create_location=create_location)
        return episode

    def update(self, episode: Episode, *, create_location: bool = False) -> Episode:
        """Replace the stored fields of an existing episode (same id)."""
        validate_episode(episode)
        locations = self._journal.locations
        with self._write():
            location_id = locations._ensure(episode.location, create=create_location)
            episode.location = locations._stored_name(location_id)
            now = utc_now_text()
            cursor = self.db.execute(
                "UPDATE episodes SET started_at = ?, started_utc = ?, local_date = ?, "
                "location_id = ?, side = ?, duration_s = ?, intensity = ?, kind = ?, notes = ?, "
                "updated_at = ? WHERE id = ?",
                [*_stored_fields(episode, location_id), now, episode.id],
            )
            if cursor.rowcount != 1:
                raise NotFoundError(f"Episode {episode.id} no longer exists.")
        episode.updated_at = parse_utc_or_none(now)
        return episode

    def delete(self, ids: Iterable[str]) -> list[Episode]:
        """Delete episodes in one transaction; returns them (oldest first) for undo.

        An id given twice (two table rows that showed one episode) is deleted once and
        returned once, so the undo puts back each episode once. The order is the stored
        UTC key's, as everywhere else: an entry an older version stored outside the
        calendar (year 1 at +05:00) has no UTC time in Python, and must still be deletable.
        """
        ids = list(dict.fromkeys(ids))
        with self._write():
            stored: list[tuple[str, str]] = []
            for chunk in chunks(ids):
                marks = ",".join("?" * len(chunk))
                stored.extend(self.db.execute(
                    f"SELECT started_utc, id FROM episodes WHERE id IN ({marks})", chunk))
            removed = self.by_ids([episode_id for _, episode_id in sorted(stored)])
            for chunk in chunks(ids):
                marks = ",".join("?" * len(chunk))
                self.db.execute(f"DELETE FROM episodes WHERE id IN ({marks})", chunk)
        return removed

    def restore(self, episodes: Sequence[Episode]) -> None:
        """Put deleted episodes back exactly as they were (undo of a delete)."""
        with self._write():
            for episode in episodes:
                validate_episode(episode)
                self._insert(episode, create_location=True)

    def _insert(self, episode: Episode, *, create_location: bool) -> None:
        locations = self._journal.locations
        location_id = locations._ensure(episode.location, create=create_location)
        episode.location = locations._stored_name(location_id)
        now = utc_now_text()
        created = utc_key(episode.created_at) if episode.created_at is not None else now
        updated = utc_key(episode.updated_at) if episode.updated_at is not None else now
        self.db.execute(
            "INSERT INTO episodes (id, started_at, started_utc, local_date, location_id, side, "
            "duration_s, intensity, kind, notes, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [episode.id, *_stored_fields(episode, location_id), created, updated],
        )
        episode.created_at = parse_utc_or_none(created)
        episode.updated_at = parse_utc_or_none(updated)

    # --- reads -----------------------------------------------------------------------

    def get(self, episode_id: str) -> Episode | None:
        found = self.by_ids([episode_id])
        return found[0] if found else None

    def by_ids(self, ids: Sequence[str]) -> list[Episode]:
        """The episodes with these ids, in the order given; ids no longer stored are skipped."""
        found: dict[str, Episode] = {}
        ids = list(ids)
        for chunk in chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"{_EPISODE_SELECT} WHERE e.id IN ({marks})",
                                       chunk).fetchall():
                found[row[0]] = episode_from_row(row)
        return [found[i] for i in ids if i in found]

    def find(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        newest_first: bool = False,
        limit: int | None = None,
    ) -> list[Episode]:
        """Episodes whose local date is in ``[start, end]`` (either may be open)."""
        where, params = EpisodeFilter(start, end).where()
        order = "DESC" if newest_first else "ASC"
        sql = f"{_EPISODE_SELECT}{where} ORDER BY e.started_utc {order}, e.id {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [episode_from_row(row) for row in self.db.execute(sql, params).fetchall()]

    def iterate(self, start: date | None = None, end: date | None = None
                ) -> Iterator[Episode]:
        """Episodes in time order without holding them all in memory (for export)."""
        where, params = EpisodeFilter(start, end).where()
        cursor = self.db.conn.execute(
            f"{_EPISODE_SELECT}{where} ORDER BY e.started_utc, e.id", params)
        for row in cursor:
            yield episode_from_row(row)

    def count(self, flt: EpisodeFilter | None = None) -> int:
        where, params = (flt or EpisodeFilter()).where()
        join = " JOIN locations l ON l.id = e.location_id" if flt and flt.location else ""
        return int(self.db.execute(f"SELECT COUNT(*) FROM episodes e{join}{where}", params
                                   ).fetchone()[0])

    def page(
        self,
        flt: EpisodeFilter | None = None,
        *,
        sort: str = "started_at",
        descending: bool = True,
        offset: int = 0,
        limit: int = 200,
    ) -> list[Episode]:
        """One page of the journal table, filtered and sorted in SQL."""
        where, params = (flt or EpisodeFilter()).where()
        column = EPISODE_SORT_COLUMNS.get(sort, "e.started_utc")
        order = "DESC" if descending else "ASC"
        sql = (f"{_EPISODE_SELECT}{where} ORDER BY {column} {order} NULLS LAST, "
               f"e.started_utc {order}, e.id LIMIT ? OFFSET ?")
        rows = self.db.execute(sql, [*params, int(limit), int(offset)]).fetchall()
        return [episode_from_row(row) for row in rows]

    def ids(self, flt: EpisodeFilter | None = None, *, sort: str = "started_at",
            descending: bool = True) -> list[str]:
        """The ids of every episode matching ``flt``, in the table's display order."""
        where, params = (flt or EpisodeFilter()).where()
        column = EPISODE_SORT_COLUMNS.get(sort, "e.started_utc")
        order = "DESC" if descending else "ASC"
        # The unary + keeps SQLite from walking the start-time index row by row (slower
        # than one sort of narrow records for a full listing); collation is unchanged.
        sql = (f"SELECT e.id FROM episodes e JOIN locations l ON l.id = e.location_id{where} "
               f"ORDER BY +{column} {order} NULLS LAST, e.started_utc {order}, e.id")
        return [row[0] for row in self.db.execute(sql, params).fetchall()]

    def frequent(self, limit: int = 4, *, recent: int = 500) -> list[LocationUse]:
        """The user's most frequent (location, side) pairs among recent episodes."""
        rows = self.db.execute(
            "SELECT l.name, r.side, COUNT(*) AS n, MAX(r.started_utc) AS last FROM "
            "(SELECT location_id, side, started_utc FROM episodes "
            " ORDER BY started_utc DESC LIMIT ?) r "
            "JOIN locations l ON l.id = r.location_id "
            "GROUP BY l.name, r.side ORDER BY n DESC, last DESC LIMIT ?",
            [recent, limit],
        ).fetchall()
        return [LocationUse(name, side, n) for name, side, n, _ in rows]

    def last_at(self, location: str, side: str) -> Episode | None:
        """The newest episode at this location and side: its details seed a quick log."""
        row = self.db.execute(
            f"{_EPISODE_SELECT} WHERE l.name = ? COLLATE NOCASE AND e.side = ? "
            "ORDER BY e.started_utc DESC LIMIT 1",
            [location, side],
        ).fetchone()
        return episode_from_row(row) if row else None

    def first(self) -> Episode | None:
        row = self.db.execute(f"{_EPISODE_SELECT} ORDER BY e.started_utc LIMIT 1").fetchone()
        return episode_from_row(row) if row else None

    def per_day(self, start: date | None = None, end: date | None = None) -> dict[date, int]:
        """Episode counts per local date (for the calendar)."""
        clauses, params = date_range("local_date", start, end)
        rows = self.db.execute(
            f"SELECT local_date, COUNT(*) FROM episodes{clauses} GROUP BY local_date", params)
        return {date.fromisoformat(d): n for d, n in rows.fetchall()}


def _stored_fields(episode: Episode, location_id: int) -> list[Any]:
    """The episode's columns from ``started_at`` to ``notes``, as stored."""
    return [episode.started_at.isoformat(), utc_key(episode.started_at),
            episode.local_date.isoformat(), location_id, episode.side, episode.duration_s,
            episode.intensity, episode.kind, episode.notes]


def episode_from_row(row: Sequence[Any]) -> Episode:
    """An episode from a row of ``_EPISODE_SELECT``."""
    return Episode(
        id=row[0],
        started_at=datetime.fromisoformat(row[1]),
        location=row[2],
        side=row[3],
        duration_s=row[4],
        intensity=row[5],
        kind=row[6],
        notes=row[7],
        created_at=parse_utc_or_none(row[8]),
        updated_at=parse_utc_or_none(row[9]),
    )
