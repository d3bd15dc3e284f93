"""``journal.settings``: preferences that travel with the journal file.

The patient name, the drink buttons and the quick-log places belong to the journal
(a second journal has its own), unlike window geometry, which belongs to the computer.
Structured values are JSON texts; an unreadable one reads as its default, never as
an error, because a preference must not stop the app from opening.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

from twitchlog.domain import (
    DEFAULT_DRINKS,
    DRINKS_SETTING,
    PORTABLE_SETTINGS,
    QUICK_PLACES_SETTING,
    SIDES,
    QuickPlace,
)
from twitchlog.store.part import JournalPart
from twitchlog.validation import validate_drinks, validate_setting


class Settings(JournalPart):
    """The journal's key–value preferences."""


    def get(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set(self, key: str, value: str | None) -> None:
        """Store ``value`` under ``key``; ``None`` removes it."""
        validate_setting(key, value)
        with self._write():
            if value is None:
                self.db.execute("DELETE FROM settings WHERE key = ?", [key])
            else:
                # A value the person sets is theirs: no import takes it away on undo.
                self.db.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, import_id = NULL",
                    [key, value])

    def drinks(self) -> list[tuple[str, float]]:
        """The check-in's caffeine buttons as ``(label, mg)``; defaults when unset or unreadable.

        The setting holds a JSON list of ``[label, mg]`` pairs (an object ``{label: mg}``
        is read too). Drinks missing from it keep their default amount.
        """
        raw = self.get(DRINKS_SETTING)
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
        self.set(DRINKS_SETTING, encode_drinks(drinks))

    def quick_places(self) -> list[QuickPlace]:
        """The quick-log buttons as last arranged; empty when unset or unreadable."""
        raw = self.get(QUICK_PLACES_SETTING)
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
        self.set(QUICK_PLACES_SETTING, encode_quick_places(places))

    def portable(self) -> dict[str, str]:
        """The settings a JSON export carries that this journal has, as stored."""
        marks = ",".join("?" * len(PORTABLE_SETTINGS))
        rows = self.db.execute(f"SELECT key, value FROM settings WHERE key IN ({marks})",
                               list(PORTABLE_SETTINGS)).fetchall()
        found = dict(rows)
        return {key: found[key] for key in PORTABLE_SETTINGS if key in found}

    def _import(self, values: dict[str, str], import_id: str, *, replace: bool) -> list[str]:
        """Inside an import's transaction: add the settings this journal lacks (all of
        them with ``replace``); returns the keys written. Only portable keys are taken."""
        have = self.portable()
        written = []
        for key, value in values.items():
            if key not in PORTABLE_SETTINGS or have.get(key) == value:
                continue
            if key in have and not replace:
                continue  # the journal's own value is kept
            validate_setting(key, value)
            self.db.execute(
                "INSERT INTO settings (key, value, import_id) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                "import_id = excluded.import_id", [key, value, import_id])
            written.append(key)
        return written

    def _undo(self, import_id: str) -> int:
        """Inside an undo's transaction: remove the settings that import added."""
        return int(self.db.execute("DELETE FROM settings WHERE import_id = ?",
                                   [import_id]).rowcount)


def encode_drinks(drinks: Iterable[tuple[str, float]]) -> str:
    """The drink buttons as stored: a JSON list of ``[label, mg]`` pairs, validated."""
    return json.dumps([[label, mg] for label, mg in validate_drinks(drinks)])


def encode_quick_places(places: Iterable[QuickPlace]) -> str:
    """The quick-log buttons as stored: JSON ``[location, side, pinned]`` triples."""
    return json.dumps([[p.location, p.side, p.pinned] for p in places])
