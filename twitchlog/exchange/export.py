"""Writing the journal as CSV (``episodes.csv`` + ``days.csv``) or as one JSON file.

Only JSON carries the whole journal: CSV holds episodes and check-ins, and says so
(:data:`CSV_LEAVES_OUT`), because a spreadsheet has no place for the rest.

Every file is written atomically and privately (:func:`twitchlog.atomic.atomic_write`):
an interrupted export leaves the previous file, never half a file. Rows are streamed
from the store, so a ten-year journal never sits in memory as one big structure.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from twitchlog import __version__
from twitchlog.atomic import WriteFailedError, atomic_write
from twitchlog.domain import (
    CHECKIN_FIELDS,
    DRINKS_SETTING,
    QUICK_PLACES_SETTING,
    DayCheckIn,
    Episode,
)
from twitchlog.exchange.errors import ExportError
from twitchlog.exchange.formats import (
    DAY_COLUMNS,
    DAYS_FILENAME,
    EPISODE_COLUMNS,
    EPISODES_FILENAME,
    JSON_FORMAT,
    JSON_FORMAT_VERSION,
    format_number,
    neutralise,
)
from twitchlog.paths import ensure_private_dir
from twitchlog.words import count_words

if TYPE_CHECKING:
    from twitchlog.store import Journal

_BUILTIN = [spec for spec in CHECKIN_FIELDS if spec.name != "notes"]
_SOURCE_KEYS = {"sleep_hours": "sleep_source", "caffeine_mg": "caffeine_source"}
#: What a CSV export leaves out, in the words its message and the README use.
CSV_LEAVES_OUT = ("CSV holds episodes and check-ins only: not medications, custom factor "
                  "units, unused locations, device values waiting on days or which device "
                  "gave a value, \"I don't remember\" marks or journal settings (patient "
                  "name, drink buttons, quick-log places). Export JSON to move the whole "
                  "journal.")


@dataclass(slots=True)
class ExportSummary:
    """What an export wrote."""

    files: list[Path] = field(default_factory=list)
    episodes: int = 0
    days: int = 0
    #: JSON only: device values, "I don't remember" marks and settings written.
    device_values: int = 0
    unremembered: int = 0
    settings: int = 0
    csv: bool = False

    def summary(self) -> str:
        names = " and ".join(str(p) for p in self.files)
        text = (f"Exported {self.episodes} episode{'s' if self.episodes != 1 else ''} and "
                f"{self.days} day{'s' if self.days != 1 else ''}")
        extras = [count_words(n, word) for n, word in (
            (self.device_values, "device value"),
            (self.unremembered, "\"I don't remember\" mark"),
            (self.settings, "setting")) if n]
        if extras:
            text += " (with " + ", ".join(extras) + ")"
        text += f" to {names}."
        return f"{text} {CSV_LEAVES_OUT}" if self.csv else text


def export_csv(journal: Journal, folder: Path | str, start: date | None = None,
               end: date | None = None) -> ExportSummary:
    """Write ``episodes.csv`` and ``days.csv`` into ``folder`` (created if missing)."""
    _check_range(start, end)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; for CSV, --out names a folder that receives "
                          f"{EPISODES_FILENAME} and {DAYS_FILENAME}")
    try:
        ensure_private_dir(folder)
    except OSError as exc:
        raise ExportError(f"cannot create the folder {folder}: {exc.strerror or exc}"
                          ) from None
    result = ExportSummary(csv=True)
    result.episodes = _write_atomically(
        folder / EPISODES_FILENAME, lambda h: _write_episodes_csv(journal, h, start, end))
    result.days = _write_atomically(
        folder / DAYS_FILENAME, lambda h: _write_days_csv(journal, h, start, end))
    result.files = [folder / EPISODES_FILENAME, folder / DAYS_FILENAME]
    return result


def export_json(journal: Journal, path: Path | str, start: date | None = None,
                end: date | None = None) -> ExportSummary:
    """Write the whole journal (or a date range of it) as one JSON file."""
    _check_range(start, end)
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path} is a folder; for JSON, --out names a file such as "
                          "journal.json")
    if not path.parent.exists():
        raise ExportError(f"the folder {path.parent} does not exist")
    counts: dict[str, int] = {}

    def write(handle: IO[str]) -> int:
        counts.update(_write_json(journal, handle, start, end))
        return counts["episodes"]

    _write_atomically(path, write)
    return ExportSummary(files=[path], episodes=counts["episodes"], days=counts["days"],
                         device_values=counts["device_values"],
                         unremembered=counts["unremembered_days"],
                         settings=counts["settings"])


def _check_range(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise ExportError(f"the range starts ({start.isoformat()}) after it ends "
                          f"({end.isoformat()})")


def _write_atomically(path: Path, writer: Callable[[IO[str]], int]) -> int:
    try:
        with atomic_write(path, "w", encoding="utf-8", newline="") as handle:
            return writer(handle)
    except WriteFailedError as exc:
        raise ExportError(str(exc.strerror or exc)) from None


def _write_episodes_csv(journal: Journal, handle: IO[str], start: date | None,
                        end: date | None) -> int:
    out = csv.writer(handle)
    out.writerow(EPISODE_COLUMNS)
    count = 0
    for ep in journal.episodes.iterate(start, end):
        out.writerow((
            ep.id, ep.started_at.isoformat(), neutralise(ep.location), ep.side,
            format_number(ep.duration_s), format_number(ep.intensity), ep.kind,
            neutralise(ep.notes),
        ))
        count += 1
    return count


def _write_days_csv(journal: Journal, handle: IO[str], start: date | None,
                    end: date | None) -> int:
    factors = journal.factors.all(include_archived=True)
    out = csv.writer(handle)
    out.writerow([*DAY_COLUMNS, *(neutralise(f.name) for f in factors)])
    checkins = journal.checkins.find(start, end)
    for day in checkins:
        row = [day.date.isoformat()]
        row.extend(format_number(getattr(day, spec.name)) for spec in _BUILTIN)
        row.append(neutralise(day.notes))
        row.extend(format_number(day.factors.get(f.name)) for f in factors)
        out.writerow(row)
    return len(checkins)


def _write_json(journal: Journal, handle: IO[str], start: date | None,
                end: date | None) -> dict[str, int]:
    dump = json.dumps
    head: dict[str, Any] = {
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "locations": [{"name": loc.name, "builtin": loc.builtin}
                      for loc in journal.locations.all()],
        "factors": [{"name": f.name, "kind": str(f.kind), "unit": f.unit,
                     "archived": f.archived} for f in journal.factors.all(include_archived=True)],
        "medications": [{"name": m.name, "dose": m.dose,
                         "start_date": m.start_date.isoformat(),
                         "end_date": m.end_date.isoformat() if m.end_date else None,
                         "notes": m.notes} for m in journal.medications.all()],
        "settings": _settings_json(journal),
        "unremembered_days": [d.isoformat() for d in journal.catch_up.unremembered(start, end)],
        "device_values": ({"date": v.date.isoformat(), "field": v.field, "value": v.value,
                           "source": v.source} for v in journal.devices.newest(start, end)),
    }
    checkins = journal.checkins.find(start, end)
    sources = journal.devices.sources_between(start, end)
    head["days"] = (_day_json(day, sources.get(day.date, {})) for day in checkins)
    head["episodes"] = (_episode_json(ep) for ep in journal.episodes.iterate(start, end))
    counts = {}
    handle.write("{")
    for i, (key, value) in enumerate(head.items()):
        handle.write(("\n " if i == 0 else ",\n ") + dump(key) + ": ")
        if isinstance(value, str | int | type(None)):
            handle.write(dump(value, ensure_ascii=False))
        elif isinstance(value, dict):
            handle.write(dump(value, ensure_ascii=False))
            counts[key] = len(value)
        else:
            counts[key] = _write_list(handle, value)
    handle.write("\n}\n")
    return counts


def _write_list(handle: IO[str], items: Iterable[Any]) -> int:
    """A list with one compact item per line: readable, diff-friendly, streamed."""
    count = 0
    for item in items:
        handle.write(("[\n  " if count == 0 else ",\n  ") + json.dumps(item, ensure_ascii=False))
        count += 1
    handle.write("\n ]" if count else "[]")
    return count


def _settings_json(journal: Journal) -> dict[str, Any]:
    """The portable settings this journal has, as JSON values (drinks and places as
    lists, not the JSON texts they are stored as)."""
    out: dict[str, Any] = {}
    for key, raw in journal.settings.portable().items():
        if key == DRINKS_SETTING:
            out[key] = [[label, mg] for label, mg in journal.settings.drinks()]
        elif key == QUICK_PLACES_SETTING:
            out[key] = [{"location": p.location, "side": p.side, "pinned": p.pinned}
                        for p in journal.settings.quick_places()]
        else:
            out[key] = raw
    return out


def _day_json(day: DayCheckIn, sources: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {"date": day.date.isoformat()}
    for spec in _BUILTIN:
        item[spec.name] = getattr(day, spec.name)
        if spec.name in _SOURCE_KEYS:
            item[_SOURCE_KEYS[spec.name]] = sources.get(spec.name)
    item["notes"] = day.notes
    item["factors"] = {k: v for k, v in day.factors.items() if v is not None}
    return item


def _episode_json(ep: Episode) -> dict[str, Any]:
    return {
        "id": ep.id,
        "started_at": ep.started_at.isoformat(),
        "location": ep.location,
        "side": ep.side,
        "duration_s": ep.duration_s,
        "intensity": ep.intensity,
        "kind": ep.kind,
        "notes": ep.notes,
        "created_at": _utc_text(ep.created_at),
        "updated_at": _utc_text(ep.updated_at),
    }


def _utc_text(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
