"""Applying an import to the journal in one transaction, and undoing the last one.

The exchange layer (:mod:`twitchlog.exchange`) reads and validates files into an
:class:`ImportPlan` of domain objects; ``journal.imports.apply`` (:meth:`Imports.apply`) writes the
plan with bulk statements inside a single transaction, so an import is all-or-nothing
and fast (a ten-year journal is a few seconds). Every import that changes anything
leaves a row in ``imports``; rows it *added* carry its ``import_id``, which makes
:meth:`Imports.undo_last` exact: it removes what that import added and
nothing else (rows it merely updated keep their new values).

Merge rules (the file wins where it says something):

- an episode with a known id replaces that episode's fields given by the file;
  fields the file does not have (a column left out) keep their stored values;
- a day with a known date gets the file's values for the columns the file has;
  a blank value in the file means unknown and clears the stored value;
- locations, custom factors and medications (matched by name, and medications by
  name and start date) are added when missing; existing definitions are kept;
- a day's device sources (``sleep_source``, ``caffeine_source``), when the file gives
  them, are set with its values; otherwise a value the file changes loses its source;
- device values are added where the journal's newest value for that day and field
  differs; "I don't remember" marks are added when missing; a journal setting is added
  when the journal has none (``replace`` lets the file's value win).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from twitchlog.domain import PORTABLE_SETTINGS, CustomFactor, DayCheckIn, Episode, Medication
from twitchlog.store.checkins import CHECKIN_COLUMNS, DEVICE_FIELDS
from twitchlog.store.device_import import DeviceValue
from twitchlog.store.part import JournalPart
from twitchlog.store.rows import chunks, db_value, parse_utc, utc_key, utc_now_text
from twitchlog.words import count_words

EPISODE_FIELDS = ("started_at", "location", "side", "duration_s", "intensity", "kind", "notes")
_EPISODE_DEFAULTS: dict[str, Any] = {
    "side": "unspecified", "duration_s": None, "intensity": None, "kind": "twitch", "notes": "",
}


@dataclass(slots=True)
class EpisodeImport:
    """A validated episode from a file; ``fields`` are the ones the file gave."""

    episode: Episode
    fields: frozenset[str] = frozenset(EPISODE_FIELDS)


@dataclass(slots=True)
class DayImport:
    """A validated day from a file.

    ``fields`` names the built-in check-in fields the file gave (the others keep their
    stored value, or stay unknown on a new day); ``checkin.factors`` holds only the
    custom factors the file gave, ``None`` meaning "blank: clear it".
    """

    checkin: DayCheckIn
    fields: frozenset[str] = frozenset(CHECKIN_COLUMNS)
    #: Which device gave a field's value (``sleep_hours`` → "Fitbit"), for the fields
    #: whose source the file states; ``None`` means typed. Other fields follow the rule
    #: above (a changed value loses its source).
    sources: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class ImportPlan:
    """Everything one import will write, already validated. Built by the exchange layer."""

    source: str
    episodes: list[EpisodeImport] = field(default_factory=list)
    days: list[DayImport] = field(default_factory=list)
    factors: list[CustomFactor] = field(default_factory=list)
    medications: list[Medication] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    #: Device values waiting on days (at most one per day and field).
    device_values: list[DeviceValue] = field(default_factory=list)
    #: Days marked "I don't remember".
    unremembered: list[date] = field(default_factory=list)
    #: Journal settings (keys of :data:`~twitchlog.domain.PORTABLE_SETTINGS`), as stored.
    settings: dict[str, str] = field(default_factory=dict)
    #: Sentences about how values were read (a local time clocks repeat), to pass on.
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ImportResult:
    """What an import did, for the message shown to the person."""

    source: str
    import_id: str | None = None
    episodes_added: int = 0
    episodes_updated: int = 0
    episodes_unchanged: int = 0
    days_added: int = 0
    days_updated: int = 0
    days_unchanged: int = 0
    medications_added: int = 0
    medications_updated: int = 0
    factors_added: list[str] = field(default_factory=list)
    locations_added: list[str] = field(default_factory=list)
    device_values_added: int = 0
    unremembered_added: int = 0
    #: Setting keys written (added, or replaced with ``replace``).
    settings_added: list[str] = field(default_factory=list)
    replaced: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.episodes_added or self.episodes_updated or self.days_added
                    or self.days_updated or self.medications_added
                    or self.medications_updated or self.factors_added
                    or self.locations_added or self.device_values_added
                    or self.unremembered_added or self.settings_added
                    or any(self.replaced.values()))

    def summary(self) -> str:
        """One or two sentences: what was added, updated and already there.

        Every count is written as :func:`~twitchlog.words.count_words` writes it
        (``1,024``), so the numbers of one sentence look alike.
        """
        if not self.changed:
            total_e = self.episodes_unchanged
            total_d = self.days_unchanged
            return (f"Nothing new: the journal already holds all {count_words(total_e, 'episode')} "
                    f"and {count_words(total_d, 'day')} of this import.")
        parts = [
            f"{count_words(self.episodes_added, 'episode')} added, "
            f"{self.episodes_updated:,} updated, {self.episodes_unchanged:,} unchanged",
            f"{count_words(self.days_added, 'day')} added, {self.days_updated:,} updated, "
            f"{self.days_unchanged:,} unchanged",
        ]
        if self.medications_added or self.medications_updated:
            parts.append(f"{count_words(self.medications_added, 'medication')} added, "
                         f"{self.medications_updated:,} updated")
        if self.factors_added:
            parts.append("new custom factor" + ("s " if len(self.factors_added) > 1 else " ")
                         + ", ".join(self.factors_added))
        if self.locations_added:
            parts.append("new location" + ("s " if len(self.locations_added) > 1 else " ")
                         + ", ".join(self.locations_added))
        parts.extend(carried_parts(self.device_values_added, self.unremembered_added,
                                   self.settings_added))
        return "; ".join(parts) + "."


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One row of the import history."""

    id: str
    imported_at: datetime
    source: str
    episodes_added: int
    episodes_updated: int
    days_added: int
    days_updated: int
    undone: bool
    device_values: int = 0


@dataclass(frozen=True, slots=True)
class UndoImportResult:
    """What "Undo last import" removed."""

    source: str
    imported_at: datetime
    episodes_removed: int
    days_removed: int
    locations_removed: int = 0
    factors_removed: int = 0
    medications_removed: int = 0
    device_values_removed: int = 0
    unremembered_removed: int = 0
    settings_removed: int = 0

    def summary(self) -> str:
        if self.device_values_removed and not (self.episodes_removed or self.days_removed
                                               or self.unremembered_removed
                                               or self.settings_removed):
            return (f"Removed {count_words(self.device_values_removed, 'device value')} (sleep and "
                    f"caffeine) imported from {self.source}; check-in fields they filled "
                    "are back as they were.")
        parts = [count_words(self.episodes_removed, "episode"),
                 count_words(self.days_removed, "day")]
        for count, word in ((self.locations_removed, "location"),
                            (self.factors_removed, "custom factor"),
                            (self.medications_removed, "medication"),
                            (self.device_values_removed, "device value"),
                            (self.unremembered_removed, '"don\'t remember" mark'),
                            (self.settings_removed, "setting")):
            if count:
                parts.append(count_words(count, word))
        listed = ", ".join(parts[:-1]) + f" and {parts[-1]}"
        return f"Removed {listed} added by the import of {self.source}."


def carried_parts(device_values: int, unremembered: int, settings: Iterable[str]) -> list[str]:
    """Phrases for the device values, "don't remember" marks and settings of an import
    (or its preview): ``3 device values``, ``2 days marked "I don't remember"``."""
    parts = []
    if device_values:
        parts.append(f"{count_words(device_values, 'device value')} (sleep or caffeine "
                     "from a phone or wearable)")
    if unremembered:
        parts.append(f"{count_words(unremembered, 'day')} marked \"I don't remember\"")
    names = [PORTABLE_SETTINGS.get(key, key) for key in settings]
    if names:
        parts.append("settings: " + ", ".join(names))
    return parts



class Imports(JournalPart):
    """``journal.imports``: bulk import, import history and undo."""


    # --- history -----------------------------------------------------------------

    def all(self) -> list[ImportRecord]:
        """Every recorded import, newest first."""
        rows = self.db.execute(
            "SELECT id, imported_at, source, episodes_added, episodes_updated, days_added, "
            "days_updated, undone, device_values FROM imports "
            "ORDER BY imported_at DESC, rowid DESC"
        ).fetchall()
        return [_record(row) for row in rows]

    def last(self) -> ImportRecord | None:
        """The newest import not yet undone: what "Undo last import" would remove."""
        row = self.db.execute(
            "SELECT id, imported_at, source, episodes_added, episodes_updated, days_added, "
            "days_updated, undone, device_values FROM imports WHERE undone = 0 "
            "ORDER BY imported_at DESC, rowid DESC LIMIT 1"
        ).fetchone()
        return _record(row) if row else None

    def undo_last(self) -> UndoImportResult | None:
        """Remove exactly the rows the last import added (one transaction).

        Episodes, days and medications it added go. A location or custom factor it
        added goes too unless something the import did not add uses it (an episode
        typed since, a value on a day that was already there), so nothing the user
        entered is lost. Rows that import only updated keep their new values.
        Returns ``None`` when there is no import to undo.
        """
        with self._write():
            row = self.db.execute(
                "SELECT id, imported_at, source FROM imports WHERE undone = 0 "
                "ORDER BY imported_at DESC, rowid DESC LIMIT 1").fetchone()
            if row is None:
                return None
            import_id, imported_at, source = row
            device_values = self._journal.devices._undo(import_id)
            unremembered = self._journal.catch_up._undo(import_id)
            settings = self._journal.settings._undo(import_id)
            episodes = self.db.execute(
                "DELETE FROM episodes WHERE import_id = ?", [import_id]).rowcount
            days = self.db.execute(
                "DELETE FROM checkins WHERE import_id = ?", [import_id]).rowcount
            medications = self.db.execute(
                "DELETE FROM medications WHERE import_id = ?", [import_id]).rowcount
            factors = self.db.execute(
                "DELETE FROM factors WHERE import_id = ? AND NOT EXISTS "
                "(SELECT 1 FROM factor_values WHERE factor_id = factors.id)",
                [import_id]).rowcount
            locations = self.db.execute(
                "DELETE FROM locations WHERE import_id = ? AND builtin = 0 AND NOT EXISTS "
                "(SELECT 1 FROM episodes WHERE location_id = locations.id)",
                [import_id]).rowcount
            self.db.execute("UPDATE imports SET undone = 1 WHERE id = ?", [import_id])
        return UndoImportResult(source=source, imported_at=parse_utc(imported_at),
                                episodes_removed=episodes, days_removed=days,
                                locations_removed=locations, factors_removed=factors,
                                medications_removed=medications,
                                device_values_removed=device_values,
                                unremembered_removed=unremembered,
                                settings_removed=settings)

    # --- applying ----------------------------------------------------------------

    def apply(self, plan: ImportPlan, *, replace: bool = False) -> ImportResult:
        """Write a validated plan in ONE transaction; nothing is written on any error.

        With ``replace`` the journal's entries (episodes, days, custom factors,
        medications, custom locations, device values, "I don't remember" marks and the
        import history) are removed first, in the same transaction; journal settings
        are kept, except those the plan gives, whose value it replaces.
        """
        result = ImportResult(source=plan.source, notes=list(plan.notes))
        now = utc_now_text()
        import_id = str(uuid.uuid4())
        with self._write():
            if replace:
                result.replaced = self._clear_entries()
            self.db.execute(
                "INSERT INTO imports (id, imported_at, source) VALUES (?, ?, ?)",
                [import_id, now, plan.source])
            location_ids = self._import_locations(plan, result, import_id)
            factor_ids = self._import_factors(plan, result, import_id)
            self._import_medications(plan, result, import_id)
            self._import_days(plan, result, factor_ids, import_id, now)
            self._import_episodes(plan, result, location_ids, import_id, now)
            journal = self._journal
            result.device_values_added = journal.devices._import(plan.device_values, import_id)
            result.unremembered_added = journal.catch_up._import(plan.unremembered, import_id)
            result.settings_added = journal.settings._import(plan.settings, import_id,
                                                             replace=replace)
            if result.changed:
                self.db.execute(
                    "UPDATE imports SET episodes_added = ?, episodes_updated = ?, "
                    "days_added = ?, days_updated = ? WHERE id = ?",
                    [result.episodes_added, result.episodes_updated, result.days_added,
                     result.days_updated, import_id])
                result.import_id = import_id
            else:
                # A re-import that changed nothing leaves no trace in the history,
                # so "Undo last import" still means the import that did something.
                self.db.execute("DELETE FROM imports WHERE id = ?", [import_id])
        return result

    def _clear_entries(self) -> dict[str, int]:
        counts = {}
        for table in ("episodes", "checkins", "medications"):
            counts[table] = self.db.execute(f"DELETE FROM {table}").rowcount
        self.db.execute("DELETE FROM factor_values")
        counts["factors"] = self.db.execute("DELETE FROM factors").rowcount
        counts["locations"] = self.db.execute(
            "DELETE FROM locations WHERE builtin = 0").rowcount
        self.db.execute("DELETE FROM device_values")
        self.db.execute("DELETE FROM unremembered_days")
        self.db.execute("UPDATE settings SET import_id = NULL")
        self.db.execute("DELETE FROM imports")
        return counts

    def _import_locations(self, plan: ImportPlan, result: ImportResult,
                          import_id: str) -> dict[str, int]:
        ids = {name.lower(): i for i, name in
               self.db.execute("SELECT id, name FROM locations").fetchall()}
        wanted = list(plan.locations)
        wanted.extend(item.episode.location for item in plan.episodes
                      if "location" in item.fields)
        for name in wanted:
            key = name.lower()
            if key not in ids:
                ids[key] = self.db.execute(
                    "INSERT INTO locations (name, builtin, import_id) VALUES (?, 0, ?)",
                    [name, import_id]).lastrowid  # the capitals as written
                result.locations_added.append(name)
        return ids

    def _import_factors(self, plan: ImportPlan, result: ImportResult,
                        import_id: str) -> dict[str, int]:
        ids = {name.lower(): i for i, name in
               self.db.execute("SELECT id, name FROM factors").fetchall()}
        for factor in plan.factors:
            if factor.name.lower() in ids:
                continue
            ids[factor.name.lower()] = self.db.execute(
                "INSERT INTO factors (name, kind, unit, archived, import_id) "
                "VALUES (?, ?, ?, ?, ?)",
                [factor.name, str(factor.kind), factor.unit, int(factor.archived), import_id]
            ).lastrowid
            result.factors_added.append(factor.name)
        return ids

    def _import_medications(self, plan: ImportPlan, result: ImportResult,
                            import_id: str) -> None:
        existing = {
            (name.lower(), start): (i, dose, end, notes)
            for i, name, dose, start, end, notes in self.db.execute(
                "SELECT id, name, dose, start_date, end_date, notes FROM medications")
        }
        for med in plan.medications:
            key = (med.name.lower(), med.start_date.isoformat())
            end = med.end_date.isoformat() if med.end_date else None
            found = existing.get(key)
            if found is None:
                med_id = self.db.execute(
                    "INSERT INTO medications (name, dose, start_date, end_date, notes, "
                    "import_id) VALUES (?, ?, ?, ?, ?, ?)",
                    [med.name, med.dose, key[1], end, med.notes, import_id]
                ).lastrowid
                existing[key] = (med_id, med.dose, end, med.notes)
                result.medications_added += 1
            elif found[1:] != (med.dose, end, med.notes):
                self.db.execute(
                    "UPDATE medications SET dose = ?, end_date = ?, notes = ? WHERE id = ?",
                    [med.dose, end, med.notes, found[0]])
                existing[key] = (found[0], med.dose, end, med.notes)
                result.medications_updated += 1

    def _import_days(self, plan: ImportPlan, result: ImportResult,
                     factor_ids: dict[str, int], import_id: str, now: str) -> None:
        if not plan.days:
            return
        keys = [item.checkin.date.isoformat() for item in plan.days]
        cols = ", ".join(CHECKIN_COLUMNS)
        source_cols = ", ".join(DEVICE_FIELDS.values())
        stored: dict[str, tuple[Any, ...]] = {}
        stored_sources: dict[str, tuple[Any, ...]] = {}
        stored_values: dict[str, dict[int, float]] = {}
        if self.db.execute("SELECT EXISTS(SELECT 1 FROM checkins)").fetchone()[0]:
            for chunk in chunks(keys):
                marks = ",".join("?" * len(chunk))
                for row in self.db.execute(
                        f"SELECT date, {cols}, {source_cols} FROM checkins "
                        f"WHERE date IN ({marks})", chunk):
                    stored[row[0]] = tuple(row[1:1 + len(CHECKIN_COLUMNS)])
                    stored_sources[row[0]] = tuple(row[1 + len(CHECKIN_COLUMNS):])
                for day, factor_id, value in self.db.execute(
                        "SELECT date, factor_id, value FROM factor_values "
                        f"WHERE date IN ({marks})", chunk):
                    stored_values.setdefault(day, {})[factor_id] = value
        inserts: list[list[Any]] = []
        updates: list[list[Any]] = []
        value_upserts: list[tuple[str, int, float]] = []
        value_deletes: list[tuple[str, int]] = []
        for key, item in zip(keys, plan.days, strict=True):
            checkin = item.checkin
            old = stored.get(key)
            values = []
            for index, name in enumerate(CHECKIN_COLUMNS):
                if name in item.fields:
                    values.append(db_value(getattr(checkin, name)))
                elif old is not None:
                    values.append(old[index])
                else:
                    values.append("" if name == "notes" else None)
            if values[-1] is None:
                values[-1] = ""
            sources = _day_sources(item, values, old, stored_sources.get(key))
            old_values = stored_values.get(key, {})
            factor_changed = False
            for name, value in checkin.factors.items():
                factor_id = factor_ids[name.lower()]
                if value is None:
                    if factor_id in old_values:
                        value_deletes.append((key, factor_id))
                        factor_changed = True
                elif old_values.get(factor_id) != float(value):
                    value_upserts.append((key, factor_id, float(value)))
                    factor_changed = True
            if old is None:
                inserts.append([key, *values, *sources, now, now, import_id])
                result.days_added += 1
            elif (tuple(values) != old or factor_changed
                  or sources != stored_sources.get(key)):
                updates.append([*values, *sources, now, key])
                result.days_updated += 1
            else:
                result.days_unchanged += 1
        marks = ", ".join("?" * (len(CHECKIN_COLUMNS) + len(DEVICE_FIELDS)))
        if inserts:
            self.db.conn.executemany(
                f"INSERT INTO checkins (date, {cols}, {source_cols}, created_at, updated_at, "
                f"import_id) VALUES (?, {marks}, ?, ?, ?)", inserts)
        if updates:
            sets = ", ".join(f"{name} = ?" for name in [*CHECKIN_COLUMNS,
                                                         *DEVICE_FIELDS.values()])
            self.db.conn.executemany(
                f"UPDATE checkins SET {sets}, updated_at = ? WHERE date = ?", updates)
        if value_deletes:
            self.db.conn.executemany(
                "DELETE FROM factor_values WHERE date = ? AND factor_id = ?", value_deletes)
        if value_upserts:
            self.db.conn.executemany(
                "INSERT INTO factor_values (date, factor_id, value) VALUES (?, ?, ?) "
                "ON CONFLICT (date, factor_id) DO UPDATE SET value = excluded.value",
                value_upserts)

    def _import_episodes(self, plan: ImportPlan, result: ImportResult,
                         location_ids: dict[str, int], import_id: str, now: str) -> None:
        if not plan.episodes:
            return
        stored: dict[str, tuple[Any, ...]] = {}
        if self.db.execute("SELECT EXISTS(SELECT 1 FROM episodes)").fetchone()[0]:
            ids = [item.episode.id for item in plan.episodes]
            for chunk in chunks(ids):
                marks = ",".join("?" * len(chunk))
                for row in self.db.execute(
                        "SELECT e.id, e.started_at, l.name, e.side, e.duration_s, e.intensity, "
                        "e.kind, e.notes FROM episodes e JOIN locations l ON "
                        f"l.id = e.location_id WHERE e.id IN ({marks})", chunk):
                    stored[row[0]] = tuple(row[1:])
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        for item in plan.episodes:
            ep = item.episode
            old = stored.get(ep.id)
            values = _episode_values(ep, item.fields, old)
            if old is None:
                started = values[0]
                inserts.append((
                    ep.id, started.isoformat(), utc_key(started),
                    started.date().isoformat(), location_ids[values[1].lower()], *values[2:],
                    utc_key(ep.created_at) if ep.created_at else now,
                    utc_key(ep.updated_at) if ep.updated_at else now, import_id))
                result.episodes_added += 1
                continue
            started = values[0]
            comparable = (started.isoformat(), values[1].lower(), *values[2:])
            if comparable == (old[0], old[1].lower(), *old[2:]):
                result.episodes_unchanged += 1
                continue
            updates.append((
                started.isoformat(), utc_key(started), started.date().isoformat(),
                location_ids[values[1].lower()], *values[2:], now, ep.id))
            result.episodes_updated += 1
        if inserts:
            self.db.conn.executemany(
                "INSERT INTO episodes (id, started_at, started_utc, local_date, location_id, "
                "side, duration_s, intensity, kind, notes, created_at, updated_at, import_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts)
        if updates:
            self.db.conn.executemany(
                "UPDATE episodes SET started_at = ?, started_utc = ?, local_date = ?, "
                "location_id = ?, side = ?, duration_s = ?, intensity = ?, kind = ?, notes = ?, "
                "updated_at = ? WHERE id = ?", updates)


def _day_sources(item: DayImport, values: list[Any], old: tuple[Any, ...] | None,
                 old_sources: tuple[Any, ...] | None) -> tuple[Any, ...]:
    """The day's device-source columns after the import.

    A source the file states is taken (none without a value); otherwise a value the
    file changes is the file's now, so its source goes, and an unchanged one keeps it.
    """
    at = {name: i for i, name in enumerate(CHECKIN_COLUMNS)}
    out: list[Any] = []
    for i, name in enumerate(DEVICE_FIELDS):
        value = values[at[name]]
        if value is None:
            out.append(None)
        elif name in item.sources:
            out.append(item.sources[name])
        elif old is not None and old_sources is not None and old[at[name]] == value:
            out.append(old_sources[i])
        else:
            out.append(None)
    return tuple(out)


def _episode_values(ep: Episode, fields: frozenset[str], old: tuple[Any, ...] | None
                    ) -> tuple[Any, ...]:
    """The episode's stored field values after merging the file's fields over ``old``."""
    out: list[Any] = []
    for index, name in enumerate(EPISODE_FIELDS):
        if name in fields:
            out.append(getattr(ep, name))
        elif old is not None:
            raw = old[index]
            out.append(datetime.fromisoformat(raw) if name == "started_at" else raw)
        else:
            out.append(_EPISODE_DEFAULTS.get(name, getattr(ep, name)))
    return tuple(out)


def _record(row: Iterable[Any]) -> ImportRecord:
    i, at, source, ea, eu, da, du, undone, dv = row
    return ImportRecord(id=i, imported_at=parse_utc(at), source=source, episodes_added=ea,
                        episodes_updated=eu, days_added=da, days_updated=du,
                        undone=bool(undone), device_values=dv)


__all__ = [
    "DayImport",
    "EpisodeImport",
    "ImportPlan",
    "ImportRecord",
    "ImportResult",
    "Imports",
    "UndoImportResult",
]
