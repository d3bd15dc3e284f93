"""The journal: named operations over one SQLite file. The only code that speaks SQL.

Every public write is one transaction (``SqlConnection.atomic``) and returns with no
transaction open. Callers pass and receive domain objects, never rows or cursors.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from twitchlog.analysis.inputs import DailySeries
from twitchlog.domain import (
    CHECKIN_FIELDS,
    DEFAULT_DRINKS,
    DRINKS_SETTING,
    QUICK_PLACES_SETTING,
    SIDES,
    CustomFactor,
    DayCheckIn,
    Episode,
    Location,
    Medication,
    QuickPlace,
    ValueKind,
)
from twitchlog.store import connection, dbapi
from twitchlog.store.catch_up import CatchUpMixin
from twitchlog.store.device_import import DEVICE_FIELDS, DeviceImportMixin
from twitchlog.store.errors import (
    DamagedJournalError,
    JournalOpenError,
    JournalWriteError,
    NotFoundError,
    disk_is_full,
)
from twitchlog.store.importing import ImportingMixin
from twitchlog.store.sql import SqlConnection
from twitchlog.store.write_lock import (
    LockTimeoutError,
    WalMark,
    file_identity,
    note_open,
    update_mark,
    write_locked,
)
from twitchlog.validation import (
    EARLIEST_DATE,
    ValidationError,
    latest_date,
    validate_checkin,
    validate_drinks,
    validate_episode,
    validate_factor,
    validate_medication,
    validate_name,
    validate_setting,
)

_CHECKIN_COLUMNS = [spec.name for spec in CHECKIN_FIELDS]
_YESNO = {spec.name for spec in CHECKIN_FIELDS if spec.kind is ValueKind.YESNO}

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


def utc_now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def utc_key(moment: datetime) -> str:
    """A sortable UTC text key for an aware date-time."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


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
    location: str
    side: str
    count: int


class Journal(CatchUpMixin, ImportingMixin, DeviceImportMixin):
    """An open TwitchLog journal. Use :meth:`open`; close it (or use ``with``)."""

    def __init__(self, db: SqlConnection, path: Path, *, checked: bool = True,
                 verified: bool = False, identity: tuple[int, int] | None = None,
                 read_only: str | None = None, notices: Sequence[str] = ()) -> None:
        self.db = db
        self.path = path
        self._checked = checked
        self._verified = verified
        self._identity = identity
        self._refused = False
        self._wal_mark: WalMark | None = None
        #: Why this journal is only read (another user's file, a read-only disk), if so.
        self.read_only = read_only
        #: Things the open did that the user should hear about (a foreign -wal set aside).
        self.notices = list(notices)
        self._change_listeners: list[Callable[[], None]] = []
        self._registered = identity if identity is not None else file_identity(path)
        note_open(self._registered, +1)

    # --- lifecycle ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = True,
        before_migrate: Callable[[Path, int], None] | None = None,
        defer_check: bool = False,
    ) -> Journal:
        """Open or create the journal at ``path``; refused files raise and stay untouched.

        SQLite's ``quick_check`` runs at open (with ``defer_check``, the app, whose
        window must open fast, on a worker for a large file). ``integrity_check`` and
        the schema check (see :mod:`.schema_check`) must pass before the first write:
        the store runs them then unless :meth:`mark_checked` reported a background
        :func:`~twitchlog.store.connection.verify_file`. A damaged journal, or one
        whose schema was changed, is never written to.
        """
        path = Path(path)
        opened = connection.open_database(path, create=create, before_migrate=before_migrate,
                                          defer_check=defer_check)
        return cls(opened.db, path, checked=opened.checked, verified=opened.verified,
                   identity=opened.identity, read_only=opened.read_only,
                   notices=opened.notices)

    @property
    def checked(self) -> bool:
        """Whether ``quick_check`` has passed since this journal was opened."""
        return self._checked

    @property
    def verified(self) -> bool:
        """Whether ``integrity_check`` and the schema check have passed (writes may go)."""
        return self._verified

    def mark_checked(self) -> None:
        """A background :func:`~twitchlog.store.connection.verify_file` of this file passed."""
        self._checked = True
        self._verified = True

    def ensure_checked(self) -> None:
        """Run ``integrity_check`` and the schema check now unless they passed; a
        problem raises, and from then on this journal refuses every write."""
        if self._refused:
            raise DamagedJournalError(self.path, "was refused earlier in this session; "
                                                 "nothing is written to it")
        if self._verified:
            return
        try:
            connection.quick_check(self.db.conn, self.path, full=True)
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            connection.check_schema(self.db.conn, self.path, version)
        except JournalOpenError:
            self._refused = True
            raise
        self._checked = self._verified = True

    @classmethod
    def open_reader(cls, path: Path | str) -> Journal:
        """A read-only connection for a worker thread (WAL lets it read beside the writer).

        The file must already have been opened (checked and migrated) with :meth:`open`.
        """
        path = Path(path)
        return cls(SqlConnection(connection.connect(path, readonly=True)), path)

    def close(self, *, checkpoint: bool = True) -> None:
        """Checkpoint the WAL into the main file and close the connection.

        A refused journal (or ``checkpoint=False``, as after a crash) is closed
        without a checkpoint: its ``-wal`` stays as it was.
        """
        conn = self.db.conn
        note_open(self._registered, -1)
        self._registered = None
        if self._refused or not checkpoint:
            connection.close_without_checkpoint(conn, self.path)
            return
        try:
            if not conn.execute("PRAGMA query_only").fetchone()[0]:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except dbapi.sql_error():
            pass
        conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def in_transaction(self) -> bool:
        return self.db.conn.in_transaction

    def data_version(self) -> int:
        """Changes when another connection (the command line) has written the file."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def _write(self) -> Any:
        """The transaction of one user action; turns disk errors into a clear message."""
        return _WriteTransaction(self)

    # --- locations ---------------------------------------------------------------

    def locations(self) -> list[Location]:
        rows = self.db.execute(
            "SELECT id, name, builtin FROM locations ORDER BY builtin DESC, id"
        ).fetchall()
        return [Location(name=name, builtin=bool(builtin), id=i) for i, name, builtin in rows]

    def location_names(self) -> list[str]:
        return [loc.name for loc in self.locations()]

    def add_location(self, name: str) -> Location:
        """A location of the user's own, kept with the capitals they typed ("iPad thumb");
        names are compared without regard to case."""
        name = validate_name("location", name)
        with self._write():
            existing = self._location_id(name)
            if existing is not None:
                raise ValidationError("location", name, "already exists")
            self.db.execute("INSERT INTO locations (name, builtin) VALUES (?, 0)", [name])
        return next(loc for loc in self.locations() if loc.name == name)

    def rename_location(self, old: str, new: str) -> None:
        new = validate_name("location", new)
        with self._write():
            row = self.db.execute(
                "SELECT id, builtin FROM locations WHERE name = ? COLLATE NOCASE", [old]
            ).fetchone()
            if row is None:
                raise NotFoundError(f"No location named {old!r}.")
            if row[1]:
                raise ValidationError("location", old, "is built in and cannot be renamed")
            clash = self._location_id(new)
            if clash is not None and clash != row[0]:
                raise ValidationError("location", new, "already exists")
            self.db.execute("UPDATE locations SET name = ? WHERE id = ?", [new, row[0]])

    def _location_id(self, name: str) -> int | None:
        row = self.db.execute(
            "SELECT id FROM locations WHERE name = ? COLLATE NOCASE", [name.strip()]
        ).fetchone()
        return row[0] if row else None

    def _location_name(self, location_id: int) -> str:
        """The name as stored (built-in lower case, the user's own as typed)."""
        return str(self.db.execute("SELECT name FROM locations WHERE id = ?",
                                   [location_id]).fetchone()[0])

    def _ensure_location(self, name: str, *, create: bool) -> int:
        location_id = self._location_id(name)
        if location_id is not None:
            return location_id
        if not create:
            raise ValidationError("location", name,
                                  "is not a known location (add it under Manage first)")
        name = validate_name("location", name)
        new_id = self.db.execute(
            "INSERT INTO locations (name, builtin) VALUES (?, 0)", [name]
        ).lastrowid
        assert new_id is not None  # an INSERT always sets it
        return new_id

    # --- episodes ----------------------------------------------------------------

    def add_episode(self, episode: Episode, *, create_location: bool = False) -> Episode:
        """Store a new episode (validated) in one transaction and return it as stored."""
        validate_episode(episode)
        with self._write():
            self._insert_episode(episode, create_location=create_location)
        return episode

    def _insert_episode(self, episode: Episode, *, create_location: bool,
                        import_id: str | None = None) -> None:
        location_id = self._ensure_location(episode.location, create=create_location)
        episode.location = self._location_name(location_id)
        now = utc_now_text()
        created = _text_or(episode.created_at, now)
        updated = _text_or(episode.updated_at, now)
        self.db.execute(
            "INSERT INTO episodes (id, started_at, started_utc, local_date, location_id, side, "
            "duration_s, intensity, kind, notes, created_at, updated_at, import_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                episode.id,
                episode.started_at.isoformat(),
                utc_key(episode.started_at),
                episode.local_date.isoformat(),
                location_id,
                episode.side,
                episode.duration_s,
                episode.intensity,
                episode.kind,
                episode.notes,
                created,
                updated,
                import_id,
            ],
        )
        episode.created_at = _parse_utc(created)
        episode.updated_at = _parse_utc(updated)

    def update_episode(self, episode: Episode, *, create_location: bool = False) -> Episode:
        """Replace the stored fields of an existing episode (same id)."""
        validate_episode(episode)
        with self._write():
            location_id = self._ensure_location(episode.location, create=create_location)
            episode.location = self._location_name(location_id)
            now = utc_now_text()
            cursor = self.db.execute(
                "UPDATE episodes SET started_at = ?, started_utc = ?, local_date = ?, "
                "location_id = ?, side = ?, duration_s = ?, intensity = ?, kind = ?, notes = ?, "
                "updated_at = ? WHERE id = ?",
                [
                    episode.started_at.isoformat(),
                    utc_key(episode.started_at),
                    episode.local_date.isoformat(),
                    location_id,
                    episode.side,
                    episode.duration_s,
                    episode.intensity,
                    episode.kind,
                    episode.notes,
                    now,
                    episode.id,
                ],
            )
            if cursor.rowcount != 1:
                raise NotFoundError(f"Episode {episode.id} no longer exists.")
        episode.updated_at = _parse_utc(now)
        return episode

    def delete_episodes(self, ids: Iterable[str]) -> list[Episode]:
        """Delete episodes in one transaction; returns them so the deletion can be undone."""
        ids = list(ids)
        with self._write():
            removed = self._episodes_by_ids(ids)
            for chunk in _chunks(ids, 500):
                marks = ",".join("?" * len(chunk))
                self.db.execute(f"DELETE FROM episodes WHERE id IN ({marks})", chunk)
        return removed

    def restore_episodes(self, episodes: Sequence[Episode]) -> None:
        """Put deleted episodes back exactly as they were (undo of a delete)."""
        with self._write():
            for episode in episodes:
                validate_episode(episode)
                self._insert_episode(episode, create_location=True)

    def get_episode(self, episode_id: str) -> Episode | None:
        found = self._episodes_by_ids([episode_id])
        return found[0] if found else None

    def _episodes_by_ids(self, ids: Sequence[str]) -> list[Episode]:
        result: list[Episode] = []
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"{_EPISODE_SELECT} WHERE e.id IN ({marks}) ORDER BY e.started_utc", chunk
            ).fetchall()
            result.extend(_episode_from_row(row) for row in rows)
        return result

    def episodes(
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
        return [_episode_from_row(row) for row in self.db.execute(sql, params).fetchall()]

    def episode_count(self, flt: EpisodeFilter | None = None) -> int:
        where, params = (flt or EpisodeFilter()).where()
        join = " JOIN locations l ON l.id = e.location_id" if flt and flt.location else ""
        return int(self.db.execute(f"SELECT COUNT(*) FROM episodes e{join}{where}", params
                                   ).fetchone()[0])

    def episode_page(
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
        return [_episode_from_row(row) for row in rows]

    def frequent_locations(self, limit: int = 4, *, recent: int = 500) -> list[LocationUse]:
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

    def last_episode_at(self, location: str, side: str) -> Episode | None:
        """The newest episode at this location and side: its details seed a quick log."""
        row = self.db.execute(
            f"{_EPISODE_SELECT} WHERE l.name = ? COLLATE NOCASE AND e.side = ? "
            "ORDER BY e.started_utc DESC LIMIT 1",
            [location, side],
        ).fetchone()
        return _episode_from_row(row) if row else None

    def first_episode(self) -> Episode | None:
        row = self.db.execute(f"{_EPISODE_SELECT} ORDER BY e.started_utc LIMIT 1").fetchone()
        return _episode_from_row(row) if row else None

    def iter_episodes(self, start: date | None = None, end: date | None = None
                      ) -> Iterator[Episode]:
        """Episodes in time order without holding them all in memory (for export)."""
        where, params = EpisodeFilter(start, end).where()
        cursor = self.db.conn.execute(
            f"{_EPISODE_SELECT}{where} ORDER BY e.started_utc, e.id", params)
        for row in cursor:
            yield _episode_from_row(row)

    # --- check-ins ---------------------------------------------------------------

    def checkin(self, day: date) -> DayCheckIn | None:
        found = self.checkins(day, day)
        return found[0] if found else None

    def checkins(self, start: date | None = None, end: date | None = None) -> list[DayCheckIn]:
        """Check-ins (tracked days) in ``[start, end]``, oldest first, with custom factors."""
        clauses, params = _date_range("date", start, end)
        cols = ", ".join(_CHECKIN_COLUMNS)
        rows = self.db.execute(
            f"SELECT date, {cols} FROM checkins{clauses} ORDER BY date", params
        ).fetchall()
        values = self._factor_values(start, end)
        result = []
        for row in rows:
            checkin = DayCheckIn(date=date.fromisoformat(row[0]))
            for name, raw in zip(_CHECKIN_COLUMNS, row[1:], strict=True):
                setattr(checkin, name, bool(raw) if name in _YESNO and raw is not None else raw)
            checkin.notes = checkin.notes or ""
            checkin.factors = values.get(row[0], {})
            result.append(checkin)
        return result

    def _factor_values(self, start: date | None, end: date | None
                       ) -> dict[str, dict[str, float | None]]:
        clauses, params = _date_range("v.date", start, end)
        rows = self.db.execute(
            "SELECT v.date, f.name, v.value FROM factor_values v "
            f"JOIN factors f ON f.id = v.factor_id{clauses}", params
        ).fetchall()
        out: dict[str, dict[str, float | None]] = {}
        for day, name, value in rows:
            out.setdefault(day, {})[name] = value
        return out

    def save_checkin(self, checkin: DayCheckIn) -> DayCheckIn:
        """Create or replace the check-in for its date: the day becomes tracked."""
        validate_checkin(checkin, self.factors(include_archived=True))
        with self._write():
            self._upsert_checkin(checkin)
        return checkin

    def _upsert_checkin(self, checkin: DayCheckIn, import_id: str | None = None) -> bool:
        """Insert or update; returns ``True`` when the day was new."""
        key = checkin.date.isoformat()
        now = utc_now_text()
        values = [_db_value(getattr(checkin, name)) for name in _CHECKIN_COLUMNS]
        exists = self.db.execute("SELECT 1 FROM checkins WHERE date = ?", [key]).fetchone()
        if exists:
            sets = ", ".join(f"{name} = ?" for name in _CHECKIN_COLUMNS)
            # A device value the person changes is theirs now: its source goes.
            sources = ", ".join(f"{col} = CASE WHEN {name} IS ? THEN {col} ELSE NULL END"
                                for name, col in DEVICE_FIELDS.items())
            kept = [_db_value(getattr(checkin, name)) for name in DEVICE_FIELDS]
            self.db.execute(f"UPDATE checkins SET {sets}, {sources}, updated_at = ? "
                            "WHERE date = ?", [*values, *kept, now, key])
        else:
            cols = ", ".join(_CHECKIN_COLUMNS)
            marks = ", ".join("?" * len(_CHECKIN_COLUMNS))
            self.db.execute(
                f"INSERT INTO checkins (date, {cols}, created_at, updated_at, import_id) "
                f"VALUES (?, {marks}, ?, ?, ?)", [key, *values, now, now, import_id])
        ids = {f.name.lower(): f.id for f in self.factors(include_archived=True)}
        for name, value in checkin.factors.items():
            factor_id = ids[name.lower()]
            if value is None:
                self.db.execute("DELETE FROM factor_values WHERE date = ? AND factor_id = ?",
                                [key, factor_id])
            else:
                self.db.execute(
                    "INSERT INTO factor_values (date, factor_id, value) VALUES (?, ?, ?) "
                    "ON CONFLICT (date, factor_id) DO UPDATE SET value = excluded.value",
                    [key, factor_id, float(value)])
        return not exists

    def delete_checkin(self, day: date) -> DayCheckIn | None:
        """Remove a day's check-in (the day becomes unknown again); returns it for undo."""
        old = self.checkin(day)
        if old is not None:
            with self._write():
                self.db.execute("DELETE FROM checkins WHERE date = ?", [day.isoformat()])
        return old

    def tracked_dates(self, start: date | None = None, end: date | None = None) -> list[date]:
        clauses, params = _date_range("date", start, end)
        rows = self.db.execute(f"SELECT date FROM checkins{clauses} ORDER BY date", params)
        return [date.fromisoformat(r[0]) for r in rows.fetchall()]

    def episode_dates(self, start: date | None = None, end: date | None = None
                      ) -> dict[date, int]:
        """Episode counts per local date (for the calendar)."""
        clauses, params = _date_range("local_date", start, end)
        rows = self.db.execute(
            f"SELECT local_date, COUNT(*) FROM episodes{clauses} GROUP BY local_date", params)
        return {date.fromisoformat(d): n for d, n in rows.fetchall()}

    def warning_days(self, start: date | None = None, end: date | None = None
                     ) -> list[tuple[date, list[str]]]:
        """Days with any warning sign ticked, and which ones, oldest first."""
        names = ["weakness", "numbness", "wasting", "cramps"]
        clauses, params = _date_range("date", start, end)
        extra = " AND " if clauses else " WHERE "
        rows = self.db.execute(
            f"SELECT date, {', '.join(names)} FROM checkins{clauses}{extra}"
            f"({' OR '.join(f'{n} = 1' for n in names)}) ORDER BY date", params).fetchall()
        return [(date.fromisoformat(r[0]), [n for n, v in zip(names, r[1:], strict=True) if v])
                for r in rows]

    # --- the daily series ----------------------------------------------------------

    def daily_series(self, start: date, end: date) -> DailySeries:
        """Per tracked day in ``[start, end]``: episodes, total duration, mean intensity,
        and every factor's value. Computed in SQL over indexes."""
        lo, hi = start.isoformat(), end.isoformat()
        cols = ", ".join(f"c.{name}" for name in _CHECKIN_COLUMNS if name != "notes")
        rows = self.db.execute(
            f"SELECT c.date, COALESCE(e.n, 0), CASE WHEN e.n IS NULL THEN 0 ELSE e.dur END, "
            f"e.inten, {cols} FROM checkins c LEFT JOIN ("
            "  SELECT local_date, COUNT(*) AS n, SUM(duration_s) AS dur, AVG(intensity) AS inten"
            "  FROM episodes WHERE local_date BETWEEN ? AND ? GROUP BY local_date"
            ") e ON e.local_date = c.date WHERE c.date BETWEEN ? AND ? ORDER BY c.date",
            [lo, hi, lo, hi],
        ).fetchall()
        series = DailySeries(start=start, end=end)
        if not rows:
            return series
        columns = list(zip(*rows, strict=True))
        series.dates = [date.fromisoformat(d) for d in columns[0]]
        series.episodes = list(columns[1])
        series.duration_s = list(columns[2])
        series.intensity = list(columns[3])
        names = [name for name in _CHECKIN_COLUMNS if name != "notes"]
        for name, values in zip(names, columns[4:], strict=True):
            series.factors[name] = list(values)
        index = {d: i for i, d in enumerate(columns[0])}
        factors = self.factors(include_archived=True)
        by_id = {f.id: f.name for f in factors}
        for f in factors:
            series.factors[f.name] = [None] * len(rows)
        for day, factor_id, value in self.db.execute(
            "SELECT date, factor_id, value FROM factor_values WHERE date BETWEEN ? AND ?",
            [lo, hi],
        ).fetchall():
            series.factors[by_id[factor_id]][index[day]] = value
        return series

    def date_bounds(self) -> tuple[date, date] | None:
        """The first and last day with a check-in or an episode, or ``None`` if empty.

        Entries dated outside the journal's calendar (stored by an older version) are
        left out here, so every range built on these bounds is one the app can compute.
        """
        lo, hi = valid_date_span()
        row = self.db.execute(
            "SELECT MIN(d), MAX(d) FROM (SELECT MIN(date) AS d FROM checkins "
            "WHERE date BETWEEN ?1 AND ?2 UNION ALL SELECT MAX(date) FROM checkins "
            "WHERE date BETWEEN ?1 AND ?2 UNION ALL SELECT MIN(local_date) FROM episodes "
            "WHERE local_date BETWEEN ?1 AND ?2 UNION ALL SELECT MAX(local_date) FROM episodes "
            "WHERE local_date BETWEEN ?1 AND ?2)", [lo, hi]).fetchone()
        if row[0] is None:
            return None
        return date.fromisoformat(row[0]), date.fromisoformat(row[1])

    def out_of_range_counts(self) -> tuple[int, int]:
        """Episodes and check-ins dated outside the journal's calendar: an older version
        stored them; analysis and reports leave them out."""
        lo, hi = valid_date_span()
        episodes = self.db.execute(
            "SELECT COUNT(*) FROM episodes WHERE local_date NOT BETWEEN ? AND ?", [lo, hi]
        ).fetchone()[0]
        checkins = self.db.execute(
            "SELECT COUNT(*) FROM checkins WHERE date NOT BETWEEN ? AND ?", [lo, hi]
        ).fetchone()[0]
        return int(episodes), int(checkins)

    def is_empty(self) -> bool:
        row = self.db.execute(
            "SELECT EXISTS(SELECT 1 FROM episodes) OR EXISTS(SELECT 1 FROM checkins)"
        ).fetchone()
        return not row[0]

    # --- custom factors ----------------------------------------------------------

    def factors(self, *, include_archived: bool = False) -> list[CustomFactor]:
        where = "" if include_archived else " WHERE archived = 0"
        rows = self.db.execute(
            f"SELECT id, name, kind, unit, archived FROM factors{where} ORDER BY id"
        ).fetchall()
        return [CustomFactor(name=n, kind=ValueKind(k), unit=u, archived=bool(a), id=i)
                for i, n, k, u, a in rows]

    def add_factor(self, factor: CustomFactor) -> CustomFactor:
        """Define a new daily factor: a row of data, not a schema change."""
        validate_factor(factor)
        with self._write():
            if self.db.execute("SELECT 1 FROM factors WHERE name = ? COLLATE NOCASE",
                               [factor.name]).fetchone():
                raise ValidationError("factor name", factor.name, "already exists")
            factor.id = self.db.execute(
                "INSERT INTO factors (name, kind, unit, archived) VALUES (?, ?, ?, ?)",
                [factor.name, str(factor.kind), factor.unit, int(factor.archived)],
            ).lastrowid
        return factor

    def rename_factor(self, old: str, new: str) -> None:
        new = validate_factor(CustomFactor(new, ValueKind.NUMBER)).name
        with self._write():
            clash = self.db.execute("SELECT name FROM factors WHERE name = ? COLLATE NOCASE",
                                    [new]).fetchone()
            if clash and clash[0].lower() != old.lower():
                raise ValidationError("factor name", new, "already exists")
            cursor = self.db.execute(
                "UPDATE factors SET name = ? WHERE name = ? COLLATE NOCASE", [new, old])
            if cursor.rowcount != 1:
                raise NotFoundError(f"No custom factor named {old!r}.")

    def set_factor_archived(self, name: str, archived: bool) -> None:
        """Archived factors leave the check-in form; their data stays and is exported."""
        with self._write():
            cursor = self.db.execute(
                "UPDATE factors SET archived = ? WHERE name = ? COLLATE NOCASE",
                [int(archived), name])
            if cursor.rowcount != 1:
                raise NotFoundError(f"No custom factor named {name!r}.")

    # --- medications -------------------------------------------------------------

    def medications(self) -> list[Medication]:
        rows = self.db.execute(
            "SELECT id, name, dose, start_date, end_date, notes FROM medications "
            "ORDER BY start_date, id").fetchall()
        return [Medication(name=n, dose=d, start_date=date.fromisoformat(s),
                           end_date=date.fromisoformat(e) if e else None, notes=t, id=i)
                for i, n, d, s, e, t in rows]

    def save_medication(self, med: Medication) -> Medication:
        """Add (no id) or update (with id) a medication or supplement."""
        validate_medication(med)
        values = [med.name, med.dose, med.start_date.isoformat(),
                  med.end_date.isoformat() if med.end_date else None, med.notes]
        with self._write():
            if med.id is None:
                med.id = self.db.execute(
                    "INSERT INTO medications (name, dose, start_date, end_date, notes) "
                    "VALUES (?, ?, ?, ?, ?)", values).lastrowid
            else:
                cursor = self.db.execute(
                    "UPDATE medications SET name = ?, dose = ?, start_date = ?, end_date = ?, "
                    "notes = ? WHERE id = ?", [*values, med.id])
                if cursor.rowcount != 1:
                    raise NotFoundError(f"Medication {med.name!r} no longer exists.")
        return med

    def delete_medication(self, med_id: int) -> None:
        with self._write():
            self.db.execute("DELETE FROM medications WHERE id = ?", [med_id])

    # --- settings ----------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str | None) -> None:
        """Journal-wide preferences that travel with the file (patient name, drinks)."""
        validate_setting(key, value)
        with self._write():
            if value is None:
                self.db.execute("DELETE FROM settings WHERE key = ?", [key])
            else:
                self.db.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])

    def drinks(self) -> list[tuple[str, float]]:
        """The check-in's caffeine buttons as ``(label, mg)``; defaults when unset or unreadable.

        The setting holds a JSON list of ``[label, mg]`` pairs (an object ``{label: mg}``
        is read too). Drinks missing from it keep their default amount.
        """
        raw = self.setting(DRINKS_SETTING)
        stored: dict[str, float] = {}
        if raw:
            try:
                data = json.loads(raw)
                pairs = data.items() if isinstance(data, dict) else data
                for label, mg in pairs:
                    value = float(mg)
                    if isinstance(label, str) and math.isfinite(value) and value >= 0:
                        stored[label] = value
            except (ValueError, TypeError):
                stored = {}
        drinks = [(label, stored.pop(label, mg)) for label, mg in DEFAULT_DRINKS]
        drinks.extend(stored.items())
        return drinks

    def save_drinks(self, drinks: Iterable[tuple[str, float]]) -> None:
        """Store the drink amounts as a JSON list of ``[label, mg]`` pairs."""
        self.set_setting(DRINKS_SETTING,
                         json.dumps([[label, mg] for label, mg in validate_drinks(drinks)]))

    def quick_places(self) -> list[QuickPlace]:
        """The quick-log buttons as last arranged; empty when unset or unreadable."""
        raw = self.setting(QUICK_PLACES_SETTING)
        places: list[QuickPlace] = []
        try:
            data = json.loads(raw) if raw else []
            for location, side, pinned in data:
                if isinstance(location, str) and side in SIDES:
                    places.append(QuickPlace(location, side, bool(pinned)))
        except (ValueError, TypeError):
            return []
        return places

    def save_quick_places(self, places: Iterable[QuickPlace]) -> None:
        """Keep the quick-log buttons' order (and pins) with the journal."""
        self.set_setting(QUICK_PLACES_SETTING, json.dumps(
            [[p.location, p.side, p.pinned] for p in places]))

    # --- counts ------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Entry counts, for status lines and the backup list."""
        row = self.db.execute(
            "SELECT (SELECT COUNT(*) FROM episodes), (SELECT COUNT(*) FROM checkins), "
            "(SELECT COUNT(*) FROM medications), (SELECT COUNT(*) FROM factors)").fetchone()
        return dict(zip(("episodes", "checkins", "medications", "factors"), row, strict=True))


class _WriteTransaction:
    """``with journal._write():`` one transaction under the journal's write lock.

    The lock is the one a restore holds while it swaps the file, so the path must
    still name the file this connection opened; after the commit the ``-wal`` owner
    mark is brought up to date (see :mod:`.write_lock`). OS-level failures become
    messages.
    """

    def __init__(self, journal: Journal) -> None:
        self._journal = journal
        self._atomic: Any = None
        self._lock: contextlib.AbstractContextManager[int | None] | None = None
        self._fd: int | None = None
        self._outer = False

    def __enter__(self) -> None:
        journal = self._journal
        if journal.read_only is not None:
            raise JournalWriteError(f"Nothing was saved: {journal.path} can only be read "
                                    f"({journal.read_only}).")
        self._outer = not journal.db.conn.in_transaction
        if self._outer:
            self._take_lock()
        try:
            journal.ensure_checked()
            self._atomic = journal.db.atomic()
            try:
                self._atomic.__enter__()
            except dbapi.operational_error() as error:  # read-only, locked: before any change
                raise _write_error(error, journal.path) from error
        except BaseException:
            self._release_lock()
            raise

    def _take_lock(self) -> None:
        journal = self._journal
        self._lock = write_locked(journal.path)
        try:
            self._fd = self._lock.__enter__()
        except OSError as exc:
            self._lock = None
            raise JournalWriteError(f"Nothing was saved: {_lock_reason(exc, journal.path)}. "
                                    "Your journal is unchanged.") from exc
        if journal._identity is not None and file_identity(journal.path) != journal._identity:
            self._release_lock()
            raise JournalWriteError(
                f"Nothing was saved: {journal.path} was replaced (restored from a backup or "
                "moved) after it was opened here. Open it again and repeat the change.")

    def _release_lock(self) -> None:
        if self._lock is not None:
            lock, self._lock = self._lock, None
            lock.__exit__(None, None, None)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> Literal[False]:
        journal = self._journal
        try:
            try:
                self._atomic.__exit__(exc_type, exc, tb)
            except dbapi.operational_error() as error:
                raise _write_error(error, journal.path) from error
            if isinstance(exc, dbapi.operational_error()):
                raise _write_error(exc, journal.path) from exc
            if self._outer and exc_type is None:
                with contextlib.suppress(OSError):
                    journal._wal_mark = update_mark(self._fd, journal.path, journal._wal_mark)
        finally:
            self._release_lock()
        return False


def _lock_reason(exc: OSError, path: Path) -> str:
    if isinstance(exc, LockTimeoutError):
        return str(exc.strerror)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the journal's folder or file is read-only"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    return f"the journal's write lock could not be taken ({exc.strerror or exc})"


def _write_error(error: BaseException, path: Path | None = None) -> JournalWriteError:
    text = str(error)
    if "full" in text or ("disk I/O" in text and path is not None
                          and disk_is_full(path.parent)):
        reason = "the disk is full"
    elif "readonly" in text or "read-only" in text:
        reason = "the journal's folder or file is read-only"
    elif "locked" in text or "busy" in text:
        reason = "another program is writing to the journal"
    else:
        reason = text
    return JournalWriteError(f"Nothing was saved: {reason}. Your journal is unchanged.")


# --- helpers ---------------------------------------------------------------------------


def valid_date_span() -> tuple[str, str]:
    """The journal's calendar as the ISO texts stored dates compare against."""
    return EARLIEST_DATE.isoformat(), latest_date().isoformat()


def _episode_from_row(row: Sequence[Any]) -> Episode:
    return Episode(
        id=row[0],
        started_at=datetime.fromisoformat(row[1]),
        location=row[2],
        side=row[3],
        duration_s=row[4],
        intensity=row[5],
        kind=row[6],
        notes=row[7],
        created_at=_parse_utc(row[8]),
        updated_at=_parse_utc(row[9]),
    )


def _parse_utc(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def _text_or(moment: datetime | None, fallback: str) -> str:
    return utc_key(moment) if moment is not None else fallback


def _db_value(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _date_range(column: str, start: date | None, end: date | None) -> tuple[str, list[str]]:
    clauses, params = [], []
    if start is not None:
        clauses.append(f"{column} >= ?")
        params.append(start.isoformat())
    if end is not None:
        clauses.append(f"{column} <= ?")
        params.append(end.isoformat())
    return ((" WHERE " + " AND ".join(clauses)) if clauses else ""), params


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
