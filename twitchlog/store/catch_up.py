"""``journal.catch_up``: which recent days have no check-in, and the days the user
said they cannot remember.

The catch-up strip asks about the last few untracked days. "I don't remember" leaves a
day untracked (nothing is invented about it) but records it, so it is not asked again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from twitchlog.store.part import JournalPart
from twitchlog.store.rows import utc_now_text

#: How far back the catch-up looks: days older than this are left alone.
CATCH_UP_DAYS = 7


class CatchUp(JournalPart):
    """The journal's untracked recent days."""


    def missed_days(self, today: date, *, limit: int = CATCH_UP_DAYS) -> list[date]:
        """Days before ``today`` (at most ``limit`` back, never before the journal's
        first entry) with no check-in and not marked unremembered, oldest first."""
        first = self.db.execute(
            "SELECT MIN(d) FROM (SELECT MIN(date) AS d FROM checkins "
            "UNION ALL SELECT MIN(local_date) FROM episodes)").fetchone()[0]
        if first is None:
            return []
        start = max(today - timedelta(days=limit), date.fromisoformat(first))
        end = today - timedelta(days=1)
        if start > end:
            return []
        taken = {row[0] for row in self.db.execute(
            "SELECT date FROM checkins WHERE date BETWEEN ?1 AND ?2 UNION "
            "SELECT date FROM unremembered_days WHERE date BETWEEN ?1 AND ?2",
            [start.isoformat(), end.isoformat()]).fetchall()}
        days = (start + timedelta(days=i) for i in range((end - start).days + 1))
        return [d for d in days if d.isoformat() not in taken]

    def unremembered(self, start: date | None = None, end: date | None = None) -> list[date]:
        """Days marked "I don't remember" in ``[start, end]``, oldest first."""
        rows = self.db.execute(
            "SELECT date FROM unremembered_days WHERE date BETWEEN ? AND ? ORDER BY date",
            [(start or date.min).isoformat(), (end or date.max).isoformat()]).fetchall()
        return [date.fromisoformat(row[0]) for row in rows]

    def mark_unremembered(self, day: date, *, remembered: bool = False) -> None:
        """Stop (or, with ``remembered=True``, start again) asking about ``day``."""
        with self._write():
            if remembered:
                self.db.execute("DELETE FROM unremembered_days WHERE date = ?",
                                [day.isoformat()])
            else:
                self.db.execute(
                    "INSERT INTO unremembered_days (date, marked_at) VALUES (?, ?) "
                    "ON CONFLICT (date) DO NOTHING", [day.isoformat(), utc_now_text()])

    def _import(self, days: Iterable[date], import_id: str) -> int:
        """Inside an import's transaction: mark the days not marked yet; returns how many."""
        now = utc_now_text()
        added = 0
        for day in days:
            added += self.db.execute(
                "INSERT INTO unremembered_days (date, marked_at, import_id) VALUES (?, ?, ?) "
                "ON CONFLICT (date) DO NOTHING", [day.isoformat(), now, import_id]).rowcount
        return added

    def _undo(self, import_id: str) -> int:
        """Inside an undo's transaction: remove the marks that import added."""
        return int(self.db.execute("DELETE FROM unremembered_days WHERE import_id = ?",
                                   [import_id]).rowcount)
