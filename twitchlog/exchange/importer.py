"""Reading export files into one validated :class:`ImportPlan`, then applying it.

Files are recognised by their content, not their name: a JSON export by its
``format``/``format_version``, ``episodes.csv`` by a header with ``started_at``,
``days.csv`` by a header with ``date``. Every value goes through
:mod:`twitchlog.validation`; the first problem stops the whole import with a message
naming file, line, column and reason, before anything is written.

Rules worth knowing (also in the README):

- a missing ``id`` gets a new UUID derived from the row's content, so importing the
  same id-less file twice still adds nothing;
- ``started_at`` without an offset is local time; dates are ISO 8601 only;
- an unknown column in ``days.csv`` is a custom factor, created on import: yes/no
  when every value is 0/1 (or yes/no), otherwise a number; an existing factor of
  that name (any case) is used as defined;
- text is kept exactly, except that the CSV formula neutralisation of export is
  reversed (see :mod:`twitchlog.exchange.formats`);
- a row repeated within one import (same id, or same date) counts once, the later
  row winning;
- a JSON export of format 2 also carries device values, "I don't remember" marks, the
  journal settings of :data:`~twitchlog.domain.PORTABLE_SETTINGS` (an unknown setting is
  refused, never stored) and each day's device sources; a format 1 file is read as
  before. Merge rules are in :mod:`twitchlog.store.importing`.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twitchlog.bounded_read import (
    ReadRefusedError,
    check_regular,
    open_regular,
    read_capped,
    size_text,
)
from twitchlog.domain import (
    BUILTIN_LOCATIONS,
    CHECKIN_FIELD_BY_NAME,
    CHECKIN_FIELDS,
    DRINKS_SETTING,
    PORTABLE_SETTINGS,
    QUICK_PLACES_SETTING,
    SIDES,
    CustomFactor,
    DayCheckIn,
    Episode,
    FieldSpec,
    Medication,
    QuickPlace,
    ValueKind,
)
from twitchlog.exchange.csvstream import CsvStream
from twitchlog.exchange.errors import ImportRefusedError
from twitchlog.exchange.formats import (
    EPISODE_COLUMNS,
    JSON_FORMAT,
    JSON_FORMAT_VERSION,
    MAX_IMPORT_BYTES,
    unneutralise,
)
from twitchlog.store.checkins import DEVICE_FIELDS
from twitchlog.store.device_import import DeviceValue
from twitchlog.store.importing import (
    EPISODE_FIELDS,
    DayImport,
    EpisodeImport,
    ImportPlan,
    ImportResult,
)
from twitchlog.store.settings import encode_drinks, encode_quick_places
from twitchlog.validation import (
    ValidationError,
    coerce_value,
    parse_date,
    parse_datetime,
    parse_duration,
    show_value,
    validate_drinks,
    validate_episode,
    validate_factor,
    validate_medication,
    validate_name,
    validate_setting,
)

if TYPE_CHECKING:
    from twitchlog.store import Journal

_CANONICAL_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ID_NAMESPACE = uuid.UUID("6f0c2a4e-5b7d-4f0e-9a43-54574c470001")
_YESNO_WORDS = {"0", "1", "yes", "no", "y", "n", "true", "false", "t", "f"}
_EXTENSIONS = (".csv", ".json")
_SQLITE_MAGIC = b"SQLite format 3\x00"
#: How many repeated-hour readings an import names one by one.
_SHOWN_READINGS = 3


def import_paths(journal: Journal, paths: Sequence[Path | str]) -> ImportResult:
    """Read, validate and import files (or folders of them) in one transaction."""
    plan = read_import(paths, factors=journal.factors.all(include_archived=True))
    return journal.imports.apply(plan)


def read_import(paths: Sequence[Path | str], *,
                factors: Iterable[CustomFactor] = ()) -> ImportPlan:
    """The validated plan for ``paths``; raises :class:`ImportRefusedError` on any problem.

    ``factors`` are the journal's custom factors, whose definitions the files' values
    must fit.
    """
    files = expand_paths(paths)
    builder = _PlanBuilder(factors)
    kinds = [(path, display, _sniff(path, display)) for path, display in files]
    # JSON first: its factor definitions decide how days.csv columns are read.
    for path, display, kind in kinds:
        if kind == "json":
            builder.read_json(path, display)
    for path, display, kind in kinds:
        if kind == "csv":
            builder.read_csv(path, display)
    return builder.finish(_source_name([display for _, display in files]))


def expand_paths(paths: Sequence[Path | str]) -> list[tuple[Path, str]]:
    """Files to read, as ``(path, name shown in messages)``; folders give their exports."""
    if not paths:
        raise ImportRefusedError("import", "no file or folder given")
    files: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        display = str(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir()
                           if p.is_file() and not p.name.startswith(".")
                           and p.suffix.lower() in _EXTENSIONS)
            if not found:
                raise ImportRefusedError(display, "this folder holds no .csv or .json "
                                         "export files")
            files.extend((p, str(Path(display) / p.name)) for p in found)
        elif path.is_file():
            files.append((path, display))
        elif path.exists():
            try:
                check_regular(path)
            except ReadRefusedError as exc:
                raise ImportRefusedError(display, str(exc)) from None
            raise ImportRefusedError(display, "is not a regular file")
        else:
            raise ImportRefusedError(display, "no such file or folder")
    return files


def _sniff(path: Path, display: str) -> str:
    """``"json"`` or ``"csv"``, after the size check and a look at the first bytes."""
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(64)
    except ReadRefusedError as exc:
        raise ImportRefusedError(display, str(exc)) from None
    except OSError as exc:
        raise ImportRefusedError(display, f"cannot be read ({exc.strerror or exc})") from None
    if size > MAX_IMPORT_BYTES:
        raise ImportRefusedError(
            display, f"is {size_text(size, 1)}, larger than the {size_text(MAX_IMPORT_BYTES)} "
            "an import file may be")
    if size == 0:
        raise ImportRefusedError(display, "is empty (not a TwitchLog export)")
    if head.startswith(_SQLITE_MAGIC):
        raise ImportRefusedError(display, "is a database file, not a TwitchLog export "
                                 "or a Gadgetbridge export (open a journal file from the File "
                                 "menu instead)")
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        raise ImportRefusedError(display, "is an XML file, but not a TwitchLog export or an "
                                 "Apple Health export")
    return "json" if text.startswith((b"{", b"[")) else "csv"


def _storable(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _first_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 120 else text[:117] + "…"


def _source_name(displays: list[str]) -> str:
    """The files' names as stored in the import history (undecodable bytes as �)."""
    names = [_storable(Path(d).name) for d in displays]
    if len(names) > 3:
        return ", ".join(names[:3]) + f" and {len(names) - 3} more"
    return ", ".join(names)


@dataclass(slots=True)
class _Pending:
    """A value for a custom factor not defined yet: checked once its kind is known."""

    file: str
    line: int | None
    entry: str | None
    column: str
    raw: object


@dataclass(slots=True)
class _PlanBuilder:
    journal_factors: Iterable[CustomFactor]
    factors: dict[str, CustomFactor] = field(default_factory=dict)
    new_factors: dict[str, CustomFactor] = field(default_factory=dict)
    episodes: dict[str, EpisodeImport] = field(default_factory=dict)
    days: dict[date, DayImport] = field(default_factory=dict)
    medications: dict[tuple[str, date], Medication] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)
    pending: dict[str, dict[date, _Pending]] = field(default_factory=dict)
    pending_names: dict[str, tuple[str, str, int | None, str | None]] = field(
        default_factory=dict)
    occurrences: dict[tuple[Any, ...], int] = field(default_factory=dict)
    known_locations: set[str] = field(default_factory=set)
    location_cache: dict[str, str] = field(default_factory=dict)
    readings: list[str] = field(default_factory=list)
    device_values: dict[tuple[date, str], DeviceValue] = field(default_factory=dict)
    unremembered: set[date] = field(default_factory=set)
    settings: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.factors = {f.name.lower(): f for f in self.journal_factors}
        self.known_locations = set(BUILTIN_LOCATIONS)

    # --- CSV -----------------------------------------------------------------------

    def read_csv(self, path: Path, display: str) -> None:
        try:
            with CsvStream(path, display) as stream:
                records = stream.records()
                _, header = next(records)
                names = [cell.strip() for cell in header]
                lowered = [n.lower() for n in names]
                decimal_comma = stream.delimiter == ";"
                if "date" in lowered:
                    self._read_days_csv(display, names, records, decimal_comma)
                elif "started_at" in lowered:
                    self._read_episodes_csv(display, lowered, records, decimal_comma)
                else:
                    raise ImportRefusedError(
                        display, "is not a TwitchLog export: its first line should be the "
                        "header of episodes.csv (id,started_at,location,…) or days.csv "
                        "(date,sleep_hours,…)", line=1)
        except OSError as exc:
            raise ImportRefusedError(display, f"cannot be read ({exc.strerror or exc})"
                                     ) from None

    def _read_episodes_csv(self, display: str, names: list[str],
                           records: Iterable[tuple[int, list[str]]],
                           decimal_comma: bool) -> None:
        _check_header(display, names)
        unknown = [n for n in names if n not in EPISODE_COLUMNS and n]
        if unknown:
            raise ImportRefusedError(
                display, f"is not an episodes.csv column (expected {', '.join(EPISODE_COLUMNS)})",
                line=1, column=unknown[0])
        if "location" not in names:
            raise ImportRefusedError(display, "the header has no location column", line=1)
        index = {name: i for i, name in enumerate(names) if name}
        fields = frozenset(n for n in EPISODE_FIELDS if n in index)
        width = len(names)
        unnamed = [i for i, name in enumerate(names) if not name]
        for line, row in records:
            cells = _fit_row(display, line, row, width, unnamed)
            if cells is None:
                continue
            values = {name: cells[i] for name, i in index.items()}
            self._add_episode(values, fields, decimal_comma,
                              _Where(display, line, None))

    def _read_days_csv(self, display: str, names: list[str],
                       records: Iterable[tuple[int, list[str]]],
                       decimal_comma: bool) -> None:
        lowered = [n.lower() for n in names]
        _check_header(display, lowered)
        builtin: list[tuple[int, FieldSpec]] = []
        custom: list[tuple[int, str]] = []
        date_index = lowered.index("date")
        for i, (name, low) in enumerate(zip(names, lowered, strict=True)):
            if low == "date" or not name:
                continue
            if low in CHECKIN_FIELD_BY_NAME:
                builtin.append((i, CHECKIN_FIELD_BY_NAME[low]))
            else:
                factor_name = unneutralise(name)
                self._check_factor_name(factor_name, display, 1, None)
                custom.append((i, factor_name))
        fields = frozenset(spec.name for _, spec in builtin)
        width = len(names)
        unnamed = [i for i, name in enumerate(names) if not name]
        for line, row in records:
            cells = _fit_row(display, line, row, width, unnamed)
            if cells is None:
                continue
            where = _Where(display, line, None)
            raw_date = cells[date_index]
            day = where.check("date", raw_date, parse_date)
            checkin = DayCheckIn(date=day)
            for i, spec in builtin:
                raw = cells[i]
                if spec.kind is ValueKind.TEXT:
                    raw = unneutralise(raw)
                elif decimal_comma:
                    raw = _decimal_point(raw)
                setattr(checkin, spec.name,
                        where.check(spec.name, raw, partial(coerce_value, spec)))
            for i, name in custom:
                raw = cells[i]
                if decimal_comma:
                    raw = _decimal_point(raw)
                self._factor_value(checkin, name, raw, where)
            self._add_day(checkin, fields)

    # --- JSON ----------------------------------------------------------------------

    def read_json(self, path: Path, display: str) -> None:
        try:
            raw = read_capped(path, MAX_IMPORT_BYTES)
        except ReadRefusedError as exc:
            raise ImportRefusedError(display, str(exc)) from None
        except OSError as exc:
            raise ImportRefusedError(display, f"cannot be read ({exc.strerror or exc})"
                                     ) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            raise ImportRefusedError(display, "is not UTF-8 text", line=line) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportRefusedError(display, f"is not valid JSON ({exc.msg}, at character "
                                     f"{exc.colno})", line=exc.lineno) from None
        except RecursionError:
            raise ImportRefusedError(display, "is not a TwitchLog export (nested too deeply)"
                                     ) from None
        except ValueError as exc:  # an integer longer than Python converts from text
            reason = (f"holds a number of more than {sys.get_int_max_str_digits():,} digits"
                      if "digits" in str(exc) else _first_line(exc))
            raise ImportRefusedError(display, f"is not a TwitchLog export ({reason})"
                                     ) from None
        if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
            raise ImportRefusedError(display, "is a JSON file, but not a TwitchLog export or a "
                                     "sleep export TwitchLog reads (Fitbit, Garmin, Oura)")
        version = data.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ImportRefusedError(display, f"has no valid format_version ({version!r})")
        if version > JSON_FORMAT_VERSION:
            raise ImportRefusedError(
                display, f"was written by a newer TwitchLog (export format {version}; this "
                f"version reads up to {JSON_FORMAT_VERSION}). Please update TwitchLog")
        lists = ["locations", "factors", "medications", "days", "episodes"]
        if version >= 2:
            lists += ["unremembered_days", "device_values"]
            if not isinstance(data.get("settings", {}), dict):
                raise ImportRefusedError(display, "is not an object of setting: value",
                                         entry="settings")
        for key in lists:
            if not isinstance(data.get(key, []), list):
                raise ImportRefusedError(display, "is not a list", entry=key)
        for i, item in enumerate(data.get("locations", [])):
            where = _Where(display, None, f"locations[{i}]")
            obj = where.obj(item)
            name = obj.get("name")
            if not isinstance(name, str):
                raise where.error("name", name, "is not a text")
            if not obj.get("builtin"):
                self._location(where.check("name", name,
                                           lambda r: validate_name("location", r)))
        for i, item in enumerate(data.get("factors", [])):
            self._json_factor(_Where(display, None, f"factors[{i}]"), item)
        for i, item in enumerate(data.get("medications", [])):
            self._json_medication(_Where(display, None, f"medications[{i}]"), item)
        for i, item in enumerate(data.get("days", [])):
            self._json_day(_Where(display, None, f"days[{i}]"), item, version)
        if version >= 2:
            self._json_carried(display, data)
        for i, item in enumerate(data.get("episodes", [])):
            where = _Where(display, None, f"episodes[{i}]")
            obj = where.obj(item)
            fields = frozenset(n for n in EPISODE_FIELDS if n in obj)
            if "started_at" not in obj or "location" not in obj:
                raise where.error("started_at" if "started_at" not in obj else "location",
                                  None, "is missing")
            values = {k: obj.get(k) for k in EPISODE_COLUMNS if k in obj}
            episode = self._add_episode(values, fields, False, where)
            for stamp in ("created_at", "updated_at"):
                stamp_raw = obj.get(stamp)
                if stamp_raw is not None:
                    setattr(episode, stamp, where.check(stamp, stamp_raw, _parse_stamp))

    def _json_carried(self, display: str, data: dict[str, Any]) -> None:
        """Format 2: "I don't remember" marks, device values and journal settings."""
        for i, raw in enumerate(data.get("unremembered_days", [])):
            where = _Where(display, None, f"unremembered_days[{i}]")
            self.unremembered.add(where.check("date", raw, parse_date))
        for i, item in enumerate(data.get("device_values", [])):
            value = self._json_device_value(_Where(display, None, f"device_values[{i}]"),
                                            item)
            self.device_values.pop((value.date, value.field), None)  # a later one wins
            self.device_values[(value.date, value.field)] = value
        for key, raw in data.get("settings", {}).items():
            self._json_setting(_Where(display, None, "settings"), key, raw)

    def _json_device_value(self, where: _Where, item: object) -> DeviceValue:
        obj = where.obj(item)
        day = where.check("date", obj.get("date"), parse_date)
        name = obj.get("field")
        if name not in DEVICE_FIELDS:
            raise where.error("field", name, "is not sleep_hours or caffeine_mg")
        raw = obj.get("value")
        if isinstance(raw, str):
            raise where.error("value", raw, "is not a number")
        value = where.check("value", raw, partial(coerce_value, CHECKIN_FIELD_BY_NAME[name]))
        if value is None:
            raise where.error("value", None, "is missing")
        return DeviceValue(day, name, float(value), _device_source(where, "source",
                                                                   obj.get("source")))

    def _json_setting(self, where: _Where, key: str, raw: object) -> None:
        if key not in PORTABLE_SETTINGS:
            raise where.error(show_value(key), None, "is not a journal setting TwitchLog "
                              "exports (known: "
                              + ", ".join(PORTABLE_SETTINGS) + ")")
        if raw is None:
            return
        try:
            if key == DRINKS_SETTING:
                self.settings[key] = encode_drinks(_drinks(raw))
            elif key == QUICK_PLACES_SETTING:
                self.settings[key] = encode_quick_places(_quick_places(raw))
            elif not isinstance(raw, str):
                raise ValidationError(key, raw, "is not a text")
            else:
                self.settings[key] = validate_setting(key, raw) or ""
        except ValidationError as exc:
            raise where.error(key, exc.value, exc.reason) from None

    def _json_factor(self, where: _Where, item: object) -> None:
        obj = where.obj(item)
        name, kind, unit = obj.get("name"), obj.get("kind", "number"), obj.get("unit", "")
        if not isinstance(name, str):
            raise where.error("name", name, "is not a text")
        if not isinstance(unit, str):
            raise where.error("unit", unit, "is not a text")
        factor = CustomFactor(name=name, kind=kind, unit=unit,
                              archived=bool(obj.get("archived", False)))
        try:
            validate_factor(factor)
        except ValidationError as exc:
            column = {"factor kind": "kind", "factor unit": "unit"}.get(exc.field, "name")
            raise where.error(column, exc.value, exc.reason) from None
        key = factor.name.lower()
        if key not in self.factors:
            self.factors[key] = factor
            self.new_factors[key] = factor

    def _json_medication(self, where: _Where, item: object) -> None:
        obj = where.obj(item)
        name, dose, notes = obj.get("name"), obj.get("dose") or "", obj.get("notes") or ""
        for key, value in (("name", name), ("dose", dose), ("notes", notes)):
            if not isinstance(value, str):
                raise where.error(key, value, "is not a text")
        start = where.check("start_date", obj.get("start_date"),
                            lambda r: parse_date(r, "start_date"))
        end_raw = obj.get("end_date")
        end = None if end_raw in (None, "") else where.check(
            "end_date", end_raw, lambda r: parse_date(r, "end_date"))
        med = Medication(name=str(name), start_date=start, dose=str(dose), end_date=end,
                         notes=str(notes))  # each checked to be a text above
        try:
            validate_medication(med)
        except ValidationError as exc:
            column = exc.field.removeprefix("medication ")
            raise where.error(column, exc.value, exc.reason) from None
        self.medications[(med.name.lower(), med.start_date)] = med

    def _json_day(self, where: _Where, item: object, version: int = 1) -> None:
        obj = where.obj(item)
        day = where.check("date", obj.get("date"), parse_date)
        checkin = DayCheckIn(date=day)
        present = []
        for spec in CHECKIN_FIELDS:
            if spec.name not in obj:
                continue
            present.append(spec.name)
            raw = obj[spec.name]
            if spec.kind is not ValueKind.TEXT and isinstance(raw, str) and raw.strip():
                raise where.error(spec.name, raw, "is not a number" if spec.kind is not
                                  ValueKind.YESNO else "is not true or false")
            if spec.kind is ValueKind.TEXT and raw is not None and not isinstance(raw, str):
                raise where.error(spec.name, raw, "is not a text")
            setattr(checkin, spec.name,
                    where.check(spec.name, raw, partial(coerce_value, spec)))
        factor_values = obj.get("factors", {})
        if not isinstance(factor_values, dict):
            raise where.error("factors", factor_values, "is not an object of name: value")
        for name, raw in factor_values.items():
            if isinstance(raw, str):
                raise where.error(f"factors.{name}", raw, "is not a number")
            self._factor_value(checkin, name, raw, where)
        sources: dict[str, str | None] = {}
        for name, key in DEVICE_FIELDS.items():
            if version < 2 or key not in obj:
                continue
            if obj[key] is None:
                sources[name] = None
            elif getattr(checkin, name) is None:
                raise where.error(key, obj[key], f"names a device but {name} is empty")
            else:
                sources[name] = _device_source(where, key, obj[key])
        self._add_day(checkin, frozenset(present), sources)

    # --- shared --------------------------------------------------------------------

    def _add_episode(self, values: dict[str, Any], fields: frozenset[str],
                     decimal_comma: bool, where: _Where) -> Episode:
        """Validate one episode row (CSV cells or a JSON object) and add it to the plan.

        This runs once per row of a 100,000-row file, so it converts in one pass and
        lets every :class:`ValidationError` name its field, which is the column.
        """
        is_csv = where.line is not None
        try:
            raw_id = values.get("id")
            episode_id: str | None = None
            if raw_id is not None and (not isinstance(raw_id, str) or raw_id.strip()):
                episode_id = raw_id if isinstance(raw_id, str) and _CANONICAL_UUID.match(
                    raw_id) else _parse_uuid(raw_id)
            readings: list[str] = []
            started = parse_datetime(values.get("started_at"), "started_at", readings)
            if readings:
                self.readings.append(f"{where.place()}: {readings[0]}")
            location = values.get("location")
            normal = self.location_cache.get(location) if isinstance(location, str) else None
            if normal is None:
                if not isinstance(location, str):
                    raise ValidationError("location", location, "is not a text")
                normal = validate_name("location", unneutralise(location) if is_csv
                                       else location).lower()
                self.location_cache[location] = normal
                if normal not in self.known_locations:
                    self._location(normal)
            notes = values.get("notes")
            if notes is None:
                notes = ""
            elif not isinstance(notes, str):
                raise ValidationError("notes", notes, "is not a text")
            elif is_csv:
                notes = unneutralise(notes)
            episode = Episode(
                started_at=started,
                location=normal,
                side=_text_or(values.get("side"), "unspecified", "side"),
                duration_s=_parse_seconds(values.get("duration_s"), decimal_comma),
                intensity=_parse_intensity(  # type: ignore[arg-type]  # made whole below
                    values.get("intensity"), decimal_comma),
                kind=_text_or(values.get("kind"), "twitch", "kind"),
                notes=notes,
                id=episode_id or "",
            )
            validate_episode(episode)
        except ValidationError as exc:
            raise where.error(exc.field, exc.value, exc.reason) from None
        if episode_id is None:
            key = (started.isoformat(), normal, episode.side, episode.duration_s,
                   episode.intensity, episode.kind, episode.notes)
            n = self.occurrences.get(key, 0)
            self.occurrences[key] = n + 1
            episode.id = str(uuid.uuid5(_ID_NAMESPACE, repr(key) + f"#{n}"))
        elif episode.id in self.episodes:
            del self.episodes[episode.id]  # a later row wins, in file order
        self.episodes[episode.id] = EpisodeImport(episode, fields)
        return episode

    def _location(self, name: str) -> None:
        self.known_locations.add(name)
        self.locations.setdefault(name, name)

    def _check_factor_name(self, name: str, display: str, line: int | None,
                           entry: str | None) -> None:
        key = name.lower()
        if key in self.factors or key in self.pending_names:
            return
        try:
            validate_factor(CustomFactor(name=name, kind=ValueKind.NUMBER))
        except ValidationError as exc:
            raise ImportRefusedError(display, f"{exc.reason} (an extra column of days.csv "
                                     "is a custom factor)", line=line, entry=entry,
                                     column=repr(name)) from None
        self.pending_names[key] = (name, display, line, entry)

    def _factor_value(self, checkin: DayCheckIn, name: str, raw: object,
                      where: _Where) -> None:
        factor = self.factors.get(name.lower())
        column = f"factors.{name}" if where.entry is not None else name
        if factor is not None:
            value = where.check(column, raw, lambda r: coerce_value(factor.spec, r))
            checkin.factors[factor.name] = None if value is None else float(value)
            return
        self._check_factor_name(name, where.file, where.line, where.entry)
        canonical = self.pending_names[name.lower()][0]
        checkin.factors[canonical] = None
        values = self.pending.setdefault(name.lower(), {})
        if raw is not None and str(raw).strip():
            values[checkin.date] = _Pending(where.file, where.line, where.entry, column, raw)
        else:
            values.pop(checkin.date, None)  # a later blank wins over an earlier value

    def _add_day(self, checkin: DayCheckIn, fields: frozenset[str],
                 sources: dict[str, str | None] | None = None) -> None:
        sources = dict(sources or {})
        old = self.days.pop(checkin.date, None)
        if old is not None:
            for name in old.fields - fields:
                setattr(checkin, name, getattr(old.checkin, name))
            checkin.factors = {**old.checkin.factors, **checkin.factors}
            sources = {**{k: v for k, v in old.sources.items() if k not in fields},
                       **sources}
            fields = old.fields | fields
        self.days[checkin.date] = DayImport(checkin, fields, sources)

    def finish(self, source: str) -> ImportPlan:
        """Define the factors first met in files, check their values, build the plan."""
        for key, (name, _display, _line, _entry) in self.pending_names.items():
            values = self.pending.get(key, {})
            is_yesno = bool(values) and all(
                str(p.raw).strip().lower() in _YESNO_WORDS or p.raw in (0, 1)
                for p in values.values())
            factor = CustomFactor(name=name, kind=ValueKind.YESNO if is_yesno
                                  else ValueKind.NUMBER)
            self.factors[key] = factor
            self.new_factors[key] = factor
            spec = factor.spec
            for day, p in values.items():
                where = _Where(p.file, p.line, p.entry)
                value = where.check(p.column, p.raw, partial(coerce_value, spec))
                self.days[day].checkin.factors[name] = None if value is None else float(value)
        return ImportPlan(
            source=source,
            episodes=list(self.episodes.values()),
            days=list(self.days.values()),
            factors=list(self.new_factors.values()),
            medications=list(self.medications.values()),
            locations=list(self.locations),
            device_values=list(self.device_values.values()),
            unremembered=sorted(self.unremembered),
            settings=dict(self.settings),
            notes=self._reading_notes(),
        )

    def _reading_notes(self) -> list[str]:
        """The first few local times read in the repeated hour, and how many more."""
        notes = self.readings[:_SHOWN_READINGS]
        if len(self.readings) > _SHOWN_READINGS:
            notes.append(f"{len(self.readings) - _SHOWN_READINGS:,} more times without an "
                         "offset fell in an hour the clocks repeat; each was read the same way")
        return notes


@dataclass(frozen=True, slots=True)
class _Where:
    """Where a value came from, to turn a ValidationError into a located refusal."""

    file: str
    line: int | None
    entry: str | None

    def place(self) -> str:
        """``episodes.csv, line 4`` or ``journal.json, episodes[3]``."""
        if self.line is not None:
            return f"{self.file}, line {self.line}"
        return f"{self.file}, {self.entry}" if self.entry else self.file

    def error(self, column: str, value: object, reason: str) -> ImportRefusedError:
        shown = _show(value)
        return ImportRefusedError(self.file, f"{shown} {reason}" if shown else reason,
                                  line=self.line, column=column, entry=self.entry)

    def check(self, column: str, raw: Any, convert: Callable[[Any], Any]) -> Any:
        try:
            return convert(raw)
        except ValidationError as exc:
            name = exc.field if column == "episode" else column
            raise self.error(name, exc.value, exc.reason) from None

    def obj(self, item: object) -> dict[str, Any]:
        if not isinstance(item, dict):
            raise ImportRefusedError(self.file, "is not a JSON object", entry=self.entry)
        return item


def _device_source(where: _Where, column: str, raw: object) -> str:
    """A device's name ("Fitbit"), as the check-in shows it after "from"."""
    if not isinstance(raw, str):
        raise where.error(column, raw, "is not a text")
    return str(where.check(column, raw, lambda r: validate_name("device source", r)))


def _drinks(raw: object) -> list[tuple[str, float]]:
    """The drink buttons from ``[[label, mg], ...]``, checked like the Manage dialog's."""
    if not isinstance(raw, list):
        raise ValidationError("drinks", raw, "is not a list of [name, mg] pairs")
    pairs = []
    for pair in raw:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
                and isinstance(pair[1], int | float) and not isinstance(pair[1], bool)):
            raise ValidationError("drinks", pair, "is not a [name, mg] pair")
        pairs.append((pair[0], pair[1]))  # a huge whole number is refused as out of range
    return validate_drinks(pairs)


def _quick_places(raw: object) -> list[QuickPlace]:
    """The quick-log buttons from ``[{"location", "side", "pinned"}, ...]``."""
    if not isinstance(raw, list):
        raise ValidationError("places", raw, "is not a list of quick-log places")
    places = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("location"), str):
            raise ValidationError("places", item, "is not a place with a location")
        if item.get("side") not in SIDES:
            raise ValidationError("side", item.get("side"),
                                  "is not one of " + ", ".join(SIDES))
        if not isinstance(item.get("pinned", False), bool):
            raise ValidationError("pinned", item.get("pinned"), "is not true or false")
        places.append(QuickPlace(validate_name("location", item["location"]),
                                 item["side"], item.get("pinned", False)))
    return places


def _show(value: object) -> str:
    return "" if value is None else show_value(value)


def _check_header(display: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise ImportRefusedError(display, "appears twice in the header", line=1,
                                     column=name)
        seen.add(name)


def _fit_row(display: str, line: int, row: list[str], width: int,
             unnamed: Sequence[int] = ()) -> list[str] | None:
    """The row padded to the header's width; ``None`` for a blank line.

    Spreadsheets drop trailing empty cells or add empty ones; anything else extra (or
    a value under a column without a name) is refused rather than silently dropped.
    """
    for i in unnamed:
        if i < len(row) and row[i].strip():
            raise ImportRefusedError(display, f"cell {i + 1} has a value but its column has "
                                     "no name in the header", line=line)
    if len(row) < width:
        row = row + [""] * (width - len(row))
    elif len(row) > width:
        if any(cell.strip() for cell in row[width:]):
            raise ImportRefusedError(display, f"has {len(row)} cells but the header has "
                                     f"{width} columns", line=line)
        row = row[:width]
    if not any(cell.strip() for cell in row):
        return None
    return row


def _decimal_point(raw: str) -> str:
    """``7,5`` → ``7.5`` in files saved with ``;`` by a spreadsheet using decimal commas."""
    text = raw.strip()
    if text.count(",") == 1 and text.replace(",", "", 1).isdigit():
        return text.replace(",", ".")
    return raw


def _parse_uuid(raw: object) -> str:
    try:
        return str(uuid.UUID(str(raw).strip()))
    except ValueError:
        raise ValidationError("id", raw, "is not a UUID (leave it blank to get a new id)"
                              ) from None


def _parse_seconds(raw: object, decimal_comma: bool = False) -> float | None:
    """Seconds as a number; ``2m`` or ``1h30m`` are accepted too (hand-made files)."""
    if raw is None:
        return None
    if isinstance(raw, str):
        if not raw.strip():
            return None
        if decimal_comma:
            raw = _decimal_point(raw)
    elif isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValidationError("duration_s", raw, "is not a number of seconds")
    try:
        number = float(raw)
    except ValueError:
        return parse_duration(str(raw))
    except OverflowError:  # a JSON whole number of hundreds of digits
        return parse_duration(raw)
    if isinstance(raw, str) and not math.isfinite(number):
        raise ValidationError("duration_s", raw, "is out of range (allowed 0 to 86400)"
                              if math.isinf(number) else "is not a number of seconds")
    return parse_duration(number)


def _parse_intensity(raw: object, decimal_comma: bool = False) -> float | None:
    """A number for ``validate_episode`` to check (whole, 1 to 10)."""
    if raw is None:
        return None
    if isinstance(raw, str):
        if not raw.strip():
            return None
        if decimal_comma:
            raw = _decimal_point(raw)
        try:
            return int(raw)
        except ValueError:
            pass
    elif isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValidationError("intensity", raw, "is not a whole number (allowed 1 to 10)")
    try:
        number = float(raw)
    except ValueError:
        raise ValidationError("intensity", raw, "is not a whole number (allowed 1 to 10)"
                              ) from None
    except OverflowError:  # a JSON whole number of hundreds of digits
        raise ValidationError("intensity", raw, "is out of range (allowed 1 to 10)") from None
    if not math.isfinite(number):
        raise ValidationError("intensity", raw, "is not a whole number (allowed 1 to 10)")
    return number


def _parse_stamp(raw: object) -> datetime:
    if not isinstance(raw, str):
        raise ValidationError("time stamp", raw, "is not an ISO 8601 date-time")
    return parse_datetime(raw, "time stamp")


def _text_or(raw: object, default: str, column: str) -> str:
    if raw is None:
        return default
    if not isinstance(raw, str):
        raise ValidationError(column, raw, "is not a text")
    return raw.strip() or default
