"""``journal.checkins``: the daily check-in that makes a day *tracked*.

A day with a check-in counts in the analysis (zero episodes on it is a real zero); a
day without one is unknown, never zero. Custom factor values live in
``factor_values`` beside the built-in columns and travel with the check-in here.
"""

from __future__ import annotations

from datetime import date

from twitchlog.domain import CHECKIN_FIELDS, DayCheckIn, ValueKind
from twitchlog.store.part import JournalPart
from twitchlog.store.rows import date_range, db_value, utc_now_text
from twitchlog.validation import validate_checkin

#: The built-in check-in columns, in the order the table stores them.
CHECKIN_COLUMNS = [spec.name for spec in CHECKIN_FIELDS]
_YESNO = {spec.name for spec in CHECKIN_FIELDS if spec.kind is ValueKind.YESNO}
#: The check-in fields a device can give, with the column naming their source.
DEVICE_FIELDS: dict[str, str] = {"sleep_hours": "sleep_source", "caffeine_mg": "caffeine_source"}
#: The warning signs a doctor must hear about, as check-in columns.
WARNING_SIGNS = ("weakness", "numbness", "wasting", "cramps")


class CheckIns(JournalPart):
    """The journal's check-ins (tracked days)."""


    def get(self, day: date) -> DayCheckIn | None:
        found = self.find(day, day)
        return found[0] if found else None

    def find(self, start: date | None = None, end: date | None = None) -> list[DayCheckIn]:
        """Check-ins in ``[start, end]`` (either may be open), oldest first, with
        custom factors."""
        clauses, params = date_range("date", start, end)
        cols = ", ".join(CHECKIN_COLUMNS)
        rows = self.db.execute(
            f"SELECT date, {cols} FROM checkins{clauses} ORDER BY date", params
        ).fetchall()
        values = self._factor_values(start, end)
        result = []
        for row in rows:
            checkin = DayCheckIn(date=date.fromisoformat(row[0]))
            for name, raw in zip(CHECKIN_COLUMNS, row[1:], strict=True):
                setattr(checkin, name, bool(raw) if name in _YESNO and raw is not None else raw)
            checkin.notes = checkin.notes or ""
            checkin.factors = values.get(row[0], {})
            result.append(checkin)
        return result

    def _factor_values(self, start: date | None, end: date | None
                       ) -> dict[str, dict[str, float | None]]:
        clauses, params = date_range("v.date", start, end)
        rows = self.db.execute(
            "SELECT v.date, f.name, v.value FROM factor_values v "
            f"JOIN factors f ON f.id = v.factor_id{clauses}", params
        ).fetchall()
        out: dict[str, dict[str, float | None]] = {}
        for day, name, value in rows:
            out.setdefault(day, {})[name] = value
        return out

    def save(self, checkin: DayCheckIn) -> DayCheckIn:
        """Create or replace the check-in for its date: the day becomes tracked."""
        factors = self._journal.factors.all(include_archived=True)
        validate_checkin(checkin, factors)
        with self._write():
            key = checkin.date.isoformat()
            now = utc_now_text()
            values = [db_value(getattr(checkin, name)) for name in CHECKIN_COLUMNS]
            exists = self.db.execute("SELECT 1 FROM checkins WHERE date = ?", [key]).fetchone()
            if exists:
                sets = ", ".join(f"{name} = ?" for name in CHECKIN_COLUMNS)
                # A device value the person changes is theirs now: its source goes.
                sources = ", ".join(f"{col} = CASE WHEN {name} IS ? THEN {col} ELSE NULL END"
                                    for name, col in DEVICE_FIELDS.items())
                kept = [db_value(getattr(checkin, name)) for name in DEVICE_FIELDS]
                self.db.execute(f"UPDATE checkins SET {sets}, {sources}, updated_at = ? "
                                "WHERE date = ?", [*values, *kept, now, key])
            else:
                cols = ", ".join(CHECKIN_COLUMNS)
                marks = ", ".join("?" * len(CHECKIN_COLUMNS))
                self.db.execute(
                    f"INSERT INTO checkins (date, {cols}, created_at, updated_at) "
                    f"VALUES (?, {marks}, ?, ?)", [key, *values, now, now])
            ids = {f.name.lower(): f.id for f in factors}
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
        return checkin

    def delete(self, day: date) -> DayCheckIn | None:
        """Remove a day's check-in (the day becomes unknown again); returns it for undo."""
        old = self.get(day)
        if old is not None:
            with self._write():
                self.db.execute("DELETE FROM checkins WHERE date = ?", [day.isoformat()])
        return old

    def tracked_dates(self, start: date | None = None, end: date | None = None) -> list[date]:
        clauses, params = date_range("date", start, end)
        rows = self.db.execute(f"SELECT date FROM checkins{clauses} ORDER BY date", params)
        return [date.fromisoformat(r[0]) for r in rows.fetchall()]

    def warning_days(self, start: date | None = None, end: date | None = None
                     ) -> list[tuple[date, list[str]]]:
        """Days with any warning sign ticked, and which ones, oldest first."""
        clauses, params = date_range("date", start, end)
        extra = " AND " if clauses else " WHERE "
        rows = self.db.execute(
            f"SELECT date, {', '.join(WARNING_SIGNS)} FROM checkins{clauses}{extra}"
            f"({' OR '.join(f'{n} = 1' for n in WARNING_SIGNS)}) ORDER BY date",
            params).fetchall()
        return [(date.fromisoformat(r[0]),
                 [n for n, v in zip(WARNING_SIGNS, r[1:], strict=True) if v]) for r in rows]
