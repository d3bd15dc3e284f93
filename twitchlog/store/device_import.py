"""Sleep and caffeine from device exports: preview, apply in one transaction, confirm, undo.

Device values live in ``device_values`` (one row per date, field and import), never
in ``checkins`` by themselves, because a check-in means the person vouched for the
day. Where a day is tracked, the import fills the check-in field when it is empty or
came from a device before; a value the person typed is kept unless they chose
otherwise. Every filled field remembers the value it replaced, so undoing the import
puts that back exactly (unless the person has changed the field since).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from twitchlog.store.checkins import DEVICE_FIELDS
from twitchlog.store.part import JournalPart
from twitchlog.store.rows import utc_now_text
from twitchlog.validation import validate_name
from twitchlog.words import count_words

_SAME = 0.005


@dataclass(frozen=True, slots=True)
class DeviceValue:
    """One imported value for a date and check-in field, with its source ("Fitbit")."""

    date: date
    field: str
    value: float
    source: str


@dataclass(frozen=True, slots=True)
class SuggestedValue:
    """A device value waiting on a day's check-in: "7.2 h — from Fitbit"."""

    field: str
    value: float
    source: str


@dataclass(slots=True)
class DevicePreview:
    """What a device import would do, before anything is written."""

    files: list[str]
    nights: int = 0
    caffeine_days: int = 0
    first: date | None = None
    last: date | None = None
    fill_tracked: int = 0
    untracked_days: int = 0
    conflicts: list[tuple[date, str, float, float]] = field(default_factory=list)
    unchanged: int = 0
    naps: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def lines(self, *, replace_typed: bool = False) -> list[str]:
        """The preview as short sentences for the dialog and ``--preview``."""
        out = [f"{count_words(self.nights, 'night')} of sleep and "
               f"{count_words(self.caffeine_days, 'day')} of caffeine"
               + (f", {self.first:%d %b %Y} to {self.last:%d %b %Y}."
                  if self.first and self.last else ".")]
        if self.fill_tracked:
            verb = "fills an empty field" if self.fill_tracked == 1 else "fill empty fields"
            out.append(f"{count_words(self.fill_tracked, 'value')} {verb} of checked-in days.")
        if self.untracked_days:
            out.append(f"{count_words(self.untracked_days, 'day')} without a check-in: the "
                       "imported values wait there to be confirmed; imported sleep alone "
                       "does not make a day tracked.")
        if self.conflicts:
            one = len(self.conflicts) == 1
            if replace_typed:
                verb = "replaces" if one else "replace"
            else:
                verb = "differs from, and does not replace," if one else \
                    "differ from, and do not replace,"
            out.append(f"{count_words(len(self.conflicts), 'value')} {verb} what you typed "
                       f"(first: {_conflict_text(self.conflicts[0])}).")
        if self.unchanged:
            out.append(f"{count_words(self.unchanged, 'value')} already in the journal.")
        if self.naps:
            out.append(f"{count_words(self.naps, 'nap')} not counted as a night's sleep.")
        for reason, count in sorted(self.skipped.items()):
            out.append(f"Skipped ({count:,}×): {reason}.")
        return out


@dataclass(slots=True)
class DeviceImportResult:
    """What a device import wrote."""

    source: str
    import_id: str | None = None
    stored: int = 0
    applied: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.stored)

    def summary(self) -> str:
        if not self.changed:
            return "Nothing new: the journal already holds every value of this import."
        return (f"{count_words(self.stored, 'value')} imported ({self.applied:,} in checked-in "
                f"days, {self.stored - self.applied:,} waiting to be confirmed), "
                f"{self.unchanged:,} already there.")


class DeviceValues(JournalPart):
    """``journal.devices``: device imports (the SQL side; parsing is in exchange/)."""


    def preview(self, values: Sequence[DeviceValue], files: list[str], *,
                              replace_typed: bool = False) -> DevicePreview:
        """Count what :meth:`apply` would do; writes nothing."""
        preview = DevicePreview(files=files)
        days = sorted({v.date for v in values})
        if days:
            preview.first, preview.last = days[0], days[-1]
        preview.nights = sum(1 for v in values if v.field == "sleep_hours")
        preview.caffeine_days = sum(1 for v in values if v.field == "caffeine_mg")
        untracked: set[date] = set()
        for value, action, old in self._plan_values(values, replace_typed):
            if action == "unchanged":
                preview.unchanged += 1
            elif action == "fill":
                preview.fill_tracked += 1
            elif action == "conflict":
                preview.conflicts.append((value.date, value.field, old or 0.0, value.value))
            else:
                untracked.add(value.date)
        preview.untracked_days = len(untracked)
        return preview

    def apply(self, values: Sequence[DeviceValue], source: str, *,
                            replace_typed: bool = False) -> DeviceImportResult:
        """Write the values in ONE transaction; a second run of the same file adds nothing."""
        _check_sources(values)
        result = DeviceImportResult(source=source)
        import_id = str(uuid.uuid4())
        now = utc_now_text()
        with self._write():
            self.db.execute("INSERT INTO imports (id, imported_at, source) VALUES (?, ?, ?)",
                            [import_id, now, source])
            for value, action, _ in self._plan_values(values, replace_typed):
                if action == "unchanged":
                    result.unchanged += 1
                    continue
                apply = action == "fill" or (action == "conflict" and replace_typed)
                previous: tuple[Any, Any] = (None, None)
                key = value.date.isoformat()
                if apply:
                    column = DEVICE_FIELDS[value.field]
                    previous = self.db.execute(
                        f"SELECT {value.field}, {column} FROM checkins WHERE date = ?",
                        [key]).fetchone()
                    self.db.execute(
                        f"UPDATE checkins SET {value.field} = ?, {column} = ?, "
                        "updated_at = ? WHERE date = ?", [value.value, value.source, now, key])
                    result.applied += 1
                self.db.execute(
                    "INSERT INTO device_values (date, field, value, source, import_id, "
                    "applied, previous, previous_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [key, value.field, value.value, value.source, import_id, int(apply),
                     previous[0], previous[1]])
                result.stored += 1
            if result.changed:
                self.db.execute("UPDATE imports SET device_values = ? WHERE id = ?",
                                [result.stored, import_id])
                result.import_id = import_id
            else:
                self.db.execute("DELETE FROM imports WHERE id = ?", [import_id])
        return result

    def _plan_values(self, values: Sequence[DeviceValue], replace_typed: bool = False
                     ) -> list[tuple[DeviceValue, str, float | None]]:
        """Each value with ``unchanged``, ``fill``, ``conflict`` or ``wait`` (untracked)."""
        latest = {(d, f): (v, s) for d, f, v, s in self.db.execute(
            "SELECT date, field, value, source FROM device_values ORDER BY rowid")}
        checkins = {row[0]: row[1:] for row in self.db.execute(
            "SELECT date, sleep_hours, sleep_source, caffeine_mg, caffeine_source "
            "FROM checkins")}
        out: list[tuple[DeviceValue, str, float | None]] = []
        for value in values:
            key = value.date.isoformat()
            known = latest.get((key, value.field))
            seen = (known is not None and abs(known[0] - value.value) < _SAME
                    and known[1] == value.source)
            row = checkins.get(key)
            if row is None:
                out.append((value, "unchanged" if seen else "wait", None))
                continue
            stored, stored_source = (row[0], row[1]) if value.field == "sleep_hours" \
                else (row[2], row[3])
            if stored is not None and abs(stored - value.value) < _SAME:
                out.append((value, "unchanged", stored))
            elif stored is None or stored_source is not None:
                out.append((value, "fill", stored))
            elif seen and not replace_typed:
                out.append((value, "unchanged", stored))
            else:
                out.append((value, "conflict", stored))
        return out

    def suggested(self, day: date) -> list[SuggestedValue]:
        """The newest device value of each field for ``day``, for the check-in to offer."""
        rows = self.db.execute(
            "SELECT field, value, source FROM device_values WHERE date = ? ORDER BY rowid",
            [day.isoformat()]).fetchall()
        newest = {name: SuggestedValue(name, value, source) for name, value, source in rows}
        return list(newest.values())

    def sources(self, day: date) -> dict[str, str]:
        """Which check-in fields of ``day`` came from a device, and from which."""
        row = self.db.execute("SELECT sleep_source, caffeine_source FROM checkins "
                              "WHERE date = ?", [day.isoformat()]).fetchone()
        if row is None:
            return {}
        return {name: src for name, src in zip(DEVICE_FIELDS, row, strict=True) if src}

    def nights(self, start: date | None = None, end: date | None = None) -> int:
        """Tracked days in the range whose sleep came from a device."""
        sql = "SELECT COUNT(*) FROM checkins WHERE sleep_source IS NOT NULL"
        params: list[str] = []
        if start is not None:
            sql += " AND date >= ?"
            params.append(start.isoformat())
        if end is not None:
            sql += " AND date <= ?"
            params.append(end.isoformat())
        return int(self.db.execute(sql, params).fetchone()[0])

    def confirm(self, day: date, name: str) -> float | None:
        """The check-in takes the day's device value for ``name``; the day becomes tracked.

        Returns the value, or ``None`` when the day has no device value for the field.
        """
        found = {s.field: s for s in self.suggested(day)}.get(name)
        if found is None:
            return None
        key = day.isoformat()
        now = utc_now_text()
        column = DEVICE_FIELDS[name]
        with self._write():
            updated = self.db.execute(
                f"UPDATE checkins SET {name} = ?, {column} = ?, updated_at = ? WHERE date = ?",
                [found.value, found.source, now, key]).rowcount
            if not updated:
                self.db.execute(
                    f"INSERT INTO checkins (date, {name}, {column}, notes, created_at, "
                    "updated_at) VALUES (?, ?, ?, '', ?, ?)",
                    [key, found.value, found.source, now, now])
        return found.value

    def newest(self, start: date | None = None, end: date | None = None
               ) -> list[DeviceValue]:
        """The newest device value of each day and field in ``[start, end]`` (what the
        check-in offers), by date and then in the order they came: what a JSON export
        carries."""
        rows = self.db.execute(
            "SELECT date, field, value, source FROM device_values AS d WHERE date BETWEEN ? "
            "AND ? AND rowid = (SELECT MAX(rowid) FROM device_values WHERE date = d.date "
            "AND field = d.field) ORDER BY date, rowid",
            [(start or date.min).isoformat(), (end or date.max).isoformat()]).fetchall()
        return [DeviceValue(date.fromisoformat(d), f, v, s) for d, f, v, s in rows]

    def sources_between(self, start: date | None = None, end: date | None = None
                        ) -> dict[date, dict[str, str]]:
        """:meth:`sources` for every check-in in ``[start, end]`` with a device value."""
        rows = self.db.execute(
            "SELECT date, sleep_source, caffeine_source FROM checkins WHERE date BETWEEN ? "
            "AND ? AND (sleep_source IS NOT NULL OR caffeine_source IS NOT NULL)",
            [(start or date.min).isoformat(), (end or date.max).isoformat()]).fetchall()
        return {date.fromisoformat(row[0]): {
            name: src for name, src in zip(DEVICE_FIELDS, row[1:], strict=True) if src}
            for row in rows}

    def _import(self, values: Sequence[DeviceValue], import_id: str) -> int:
        """Inside a JSON import's transaction: keep the file's values where the journal's
        newest value for that day and field differs; returns how many were added.

        They only wait (``applied`` 0): the check-in values they once filled travel
        with the days, sources included.
        """
        _check_sources(values)
        latest = {(v.date, v.field): v for v in self.newest()}
        added = 0
        for value in values:
            known = latest.get((value.date, value.field))
            if (known is not None and abs(known.value - value.value) < _SAME
                    and known.source == value.source):
                continue
            self.db.execute(
                "INSERT INTO device_values (date, field, value, source, import_id) "
                "VALUES (?, ?, ?, ?, ?)",
                [value.date.isoformat(), value.field, value.value, value.source, import_id])
            latest[(value.date, value.field)] = value
            added += 1
        return added

    def _undo(self, import_id: str) -> int:
        """Put back what an import's applied values replaced; drop its device values."""
        applied = self.db.execute(
            "SELECT date, field, value, previous, previous_source FROM device_values "
            "WHERE import_id = ? AND applied = 1", [import_id]).fetchall()
        for day, name, value, previous, previous_source in applied:
            column = DEVICE_FIELDS[name]
            self.db.execute(
                f"UPDATE checkins SET {name} = ?, {column} = ? WHERE date = ? AND {name} = ?",
                [previous, previous_source, day, value])
        return int(self.db.execute("DELETE FROM device_values WHERE import_id = ?",
                                   [import_id]).rowcount)



def _check_sources(values: Sequence[DeviceValue]) -> None:
    """Every source is a name the check-in can show ("from Fitbit"): no control
    characters, within its limit; a refusal comes before anything is written."""
    for source in {v.source for v in values}:
        validate_name("device source", source)


def _conflict_text(conflict: tuple[date, str, float, float]) -> str:
    day, name, typed, imported = conflict
    unit = "h" if name == "sleep_hours" else "mg"
    what = "sleep" if name == "sleep_hours" else "caffeine"
    return f"{day:%d %b %Y} {what} typed {typed:g} {unit}, device {imported:g} {unit}"


__all__ = [
    "DEVICE_FIELDS",
    "DeviceImportResult",
    "DevicePreview",
    "DeviceValue",
    "DeviceValues",
    "SuggestedValue",
]
