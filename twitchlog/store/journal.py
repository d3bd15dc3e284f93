"""The journal: one SQLite file, opened, checked, written under one lock, closed.

:class:`Journal` is the store's one public entry point. It owns the connection and
the write transaction and hands each kind of work to a named part, so each is easy
to find (as Anki's collection hands work to ``col.decks``):

- ``journal.episodes`` (:mod:`.episodes`), ``journal.locations`` (:mod:`.locations`)
- ``journal.checkins`` (:mod:`.checkins`), ``journal.catch_up`` (:mod:`.catch_up`)
- ``journal.factors``, ``journal.medications`` (:mod:`.definitions`)
- ``journal.settings`` (:mod:`.settings`)
- ``journal.imports`` (:mod:`.importing`), ``journal.devices`` (:mod:`.device_import`)

Questions about the whole journal (its daily series, date bounds, counts) stay here.
Every public write is one transaction (:mod:`.transaction`) and returns with no
transaction open. Callers pass and receive domain objects, never rows or cursors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from twitchlog.analysis.inputs import DailySeries
from twitchlog.store import connection, dbapi
from twitchlog.store.catch_up import CatchUp
from twitchlog.store.checkins import CHECKIN_COLUMNS, CheckIns
from twitchlog.store.definitions import Factors, Medications
from twitchlog.store.device_import import DeviceValues
from twitchlog.store.episodes import Episodes
from twitchlog.store.errors import DamagedJournalError, JournalOpenError
from twitchlog.store.importing import Imports
from twitchlog.store.locations import Locations
from twitchlog.store.rows import valid_date_span
from twitchlog.store.settings import Settings
from twitchlog.store.sql import SqlConnection
from twitchlog.store.transaction import WriteTransaction
from twitchlog.store.write_lock import WalMark, file_identity, note_open


class Journal:
    """An open TwitchLog journal. Use :meth:`open`; close it (or use ``with``)."""

    def __init__(self, db: SqlConnection, path: Path, *, checked: bool = True,
                 verified: bool = False, identity: tuple[int, int] | None = None,
                 read_only: str | None = None, notices: Sequence[str] = ()) -> None:
        self.db = db
        self.path = path
        self._checked = checked
        self._verified = verified
        self._refused = False
        #: The file (device, inode) this connection opened: a write into a file that
        #: replaced it since (a restore, a move) is refused.
        self.identity = identity
        #: The ``-wal`` owner mark after this connection's last commit.
        self.wal_mark: WalMark | None = None
        #: Why this journal is only read (another user's file, a read-only disk), if so.
        self.read_only = read_only
        #: Things the open did that the user should hear about (a foreign -wal set aside).
        self.notices = list(notices)
        self._registered: tuple[int, int] | None = (
            identity if identity is not None else file_identity(path))
        note_open(self._registered, +1)
        self.episodes = Episodes(self)
        self.locations = Locations(self)
        self.checkins = CheckIns(self)
        self.catch_up = CatchUp(self)
        self.factors = Factors(self)
        self.medications = Medications(self)
        self.settings = Settings(self)
        self.imports = Imports(self)
        self.devices = DeviceValues(self)

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

    def write_transaction(self) -> WriteTransaction:
        """One user action's transaction under the journal's write lock; every part's
        write runs in one, and a caller may group several writes in an outer one."""
        return WriteTransaction(self)

    # --- questions about the whole journal -------------------------------------------

    def daily_series(self, start: date, end: date) -> DailySeries:
        """Per tracked day in ``[start, end]``: episodes, total duration, mean intensity,
        and every factor's value. Computed in SQL over indexes."""
        lo, hi = start.isoformat(), end.isoformat()
        cols = ", ".join(f"c.{name}" for name in CHECKIN_COLUMNS if name != "notes")
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
        names = [name for name in CHECKIN_COLUMNS if name != "notes"]
        for name, values in zip(names, columns[4:], strict=True):
            series.factors[name] = list(values)
        index = {d: i for i, d in enumerate(columns[0])}
        factors = self.factors.all(include_archived=True)
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

    def counts(self) -> dict[str, int]:
        """Entry counts, for status lines and the backup list."""
        row = self.db.execute(
            "SELECT (SELECT COUNT(*) FROM episodes), (SELECT COUNT(*) FROM checkins), "
            "(SELECT COUNT(*) FROM medications), (SELECT COUNT(*) FROM factors)").fetchone()
        return dict(zip(("episodes", "checkins", "medications", "factors"), row, strict=True))
