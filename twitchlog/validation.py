"""Validation and parsing shared by the GUI, the command line and import.

Every refusal is a :class:`ValidationError` whose message names the field, the
value and what is allowed, so each face of the app shows the same sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum

from twitchlog.domain import (
    BUILTIN_LOCATIONS,
    CHECKIN_FIELDS,
    EPISODE_LIMITS,
    KINDS,
    PATIENT_DOB_SETTING,
    PATIENT_NAME_SETTING,
    REPORT_QUESTIONS_SETTING,
    SIDES,
    CustomFactor,
    DayCheckIn,
    Episode,
    FieldSpec,
    Medication,
    ValueKind,
)

#: The journal's calendar: no day before this one is accepted anywhere.
EARLIEST_DATE = date(1900, 1, 1)
#: ...and none more than this many years after today (see :func:`latest_date`).
YEARS_AHEAD = 100

#: The longest text each field accepts, in characters, by the name refusals use. A
#: report of a journal with a 10 MB medication dose once took minutes and gigabytes;
#: these bounds keep every page, cell and chart label a reasonable size.
TEXT_LIMITS: dict[str, int] = {
    "location": 60,
    "factor name": 60,
    "factor unit": 20,
    "medication name": 60,
    "medication dose": 200,
    "medication notes": 2_000,
    "notes": 10_000,  # an episode's note and a day's notes
    "report questions": 4_000,
    "drink name": 40,
    "patient name": 120,
    "date of birth": 40,
    "device source": 60,
}
#: Texts that may span lines (tabs and line breaks allowed); the others are names.
MULTILINE_TEXTS = frozenset({"medication notes", "notes", "report questions"})
MAX_TEXT_LENGTH = TEXT_LIMITS["notes"]
MAX_NAME_LENGTH = TEXT_LIMITS["location"]


class ValidationError(ValueError):
    """A value was refused; ``field`` and ``value`` say which and ``reason`` why."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {show_value(value)} {reason}")


def show_value(value: object) -> str:
    """A short, printable form of a refused value (never the whole of a huge one)."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 190:
        return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
    text = repr(value[:61]) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


# --- text ----------------------------------------------------------------------------

# Surrogates are what undecodable bytes (a command-line argument, a file name) or a lone
# JSON "\ud800" become; SQLite and every file format refuse them, so they are refused here.
# NUL cannot survive a CSV file. Names (one line, shown in menus and chart labels) hold
# no control character at all; notes keep whatever else was pasted into them.
_BAD_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_BAD_IN_TEXT = re.compile("[\x00\ud800-\udfff]")


def check_text(field: str, text: str) -> str:
    """``text`` if it fits ``field``'s limit in :data:`TEXT_LIMITS` and holds only
    characters the journal can store and print; raises :class:`ValidationError` otherwise."""
    limit = TEXT_LIMITS[field]
    if len(text) > limit:
        raise ValidationError(field, text, f"is {len(text):,} characters; the limit is "
                              f"{limit:,}")
    pattern = _BAD_IN_TEXT if field in MULTILINE_TEXTS else _BAD_IN_NAME
    bad = pattern.search(text)
    if bad is not None:
        char, where = bad.group(), bad.start() + 1
        if "\ud800" <= char <= "\udfff":
            reason = f"holds bytes that are not UTF-8 text (character {where})"
        elif char == "\x00":
            reason = f"holds a NUL character (character {where})"
        else:
            reason = f"holds the control character U+{ord(char):04X} (character {where})"
        raise ValidationError(field, text, reason)
    return text


# --- dates ---------------------------------------------------------------------------


def latest_date(today: date | None = None) -> date:
    """The last day the journal accepts: :data:`YEARS_AHEAD` years after today."""
    today = today or date.today()
    day = 28 if (today.month, today.day) == (2, 29) else today.day
    return today.replace(year=today.year + YEARS_AHEAD, day=day)


#: Every day of an earlier year lies in the calendar for as long as this process runs
#: (the calendar only grows), so the common case needs no clock.
_SURELY_BEFORE_YEAR = date.today().year + YEARS_AHEAD


def check_date(field: str, day: date) -> date:
    """``day`` if it lies in the journal's calendar (1900 to a hundred years ahead)."""
    if day >= EARLIEST_DATE and day.year < _SURELY_BEFORE_YEAR:
        return day
    latest = latest_date()
    if not EARLIEST_DATE <= day <= latest:
        raise ValidationError(field, day.isoformat(), f"is outside the dates a journal holds "
                              f"({EARLIEST_DATE.isoformat()} to {latest.isoformat()})")
    return day


# --- parsing -------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str, field: str = "date") -> date:
    """An ISO 8601 date (YYYY-MM-DD). Ambiguous forms like 03/04/2024 are refused."""
    raw = text.strip() if isinstance(text, str) else text
    if not isinstance(raw, str) or not _ISO_DATE.match(raw):
        raise ValidationError(field, text, "is not a date in the form YYYY-MM-DD")
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(field, text, "is not a real calendar date") from None
    return check_date(field, day)


_ISO_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)


def parse_datetime(text: object, field: str = "started_at", notes: list[str] | None = None
                   ) -> datetime:
    """An ISO 8601 date-time; without an offset it is taken as local time.

    A bare date means midnight local time. The result is always timezone-aware. A local
    time that daylight saving skips is refused; one it repeats is read as the first of
    the two, and a sentence saying so is appended to ``notes``.
    """
    raw = text.strip() if isinstance(text, str) else text
    if not isinstance(raw, str) or not _ISO_DATETIME.match(raw):
        raise ValidationError(
            field, text, "is not an ISO 8601 date-time such as 2024-03-05T14:30 or "
            "2024-03-05T14:30:00+01:00"
        )
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(field, text, "is not a real date and time") from None
    try:
        check_date(field, value.date())  # before any conversion that could overflow
        return value if value.tzinfo is not None else local_reading(value, field, notes)
    except ValidationError as exc:
        raise ValidationError(field, text, exc.reason) from None


def local_reading(value: datetime, field: str = "started_at",
                  notes: list[str] | None = None) -> datetime:
    """A naive local wall time as an aware one, refusing a time that does not exist.

    In the hour clocks skip (spring) the refusal names the two valid readings; in the
    hour they repeat (autumn) the first reading (still summer time) is taken, and
    ``notes`` (if given) receives a sentence naming it and how to pick the other.
    """
    first = value.replace(fold=0).astimezone()
    second = value.replace(fold=1).astimezone()
    if first.utcoffset() == second.utcoffset():
        return first
    wall = value.replace(tzinfo=None, fold=0)
    shown = _clock(wall)
    if first.replace(tzinfo=None) != wall:  # the clocks went forward over this time
        early, late = sorted((first.replace(tzinfo=None), second.replace(tzinfo=None)))
        raise ValidationError(field, value.isoformat(), f"does not exist in this time zone: "
                              f"clocks went forward on {wall.date().isoformat()}, so {shown} "
                              f"was skipped; use {_clock(early)} or {_clock(late)}")
    if notes is not None:
        notes.append(f"{shown} on {wall.date().isoformat()} happened twice here (clocks went "
                     f"back); the first one, {first.isoformat()}, was stored. For the second, "
                     f"give its offset: {second.isoformat()}")
    return first


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S" if moment.second else "%H:%M")


def as_local_aware(value: datetime) -> datetime:
    """Attach the local offset to a naive date-time (valid for that instant, DST included).

    Lenient where :func:`local_reading` refuses: a skipped time comes out shifted by the
    clock change, as the GUI's date-time editors expect.
    """
    if value.tzinfo is None:
        return value.astimezone()  # naive: interpreted as local wall time
    return value


def now_local() -> datetime:
    """Now, as local time with its UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s?)?$")


def parse_duration(text: str | float | int, field: str = "duration_s") -> float:
    """Seconds from ``45``, ``45s``, ``2m``, ``1h30m`` or ``1h 30m 10s``."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        check_range_value(field, text, *EPISODE_LIMITS["duration_s"])
        return float(text)
    raw = str(text).strip().lower().replace(" ", "")
    match = _DURATION.match(raw) if raw else None
    if not match or not any(match.groups()):
        raise ValidationError(field, text, "is not a duration such as 45, 45s, 2m or 1h30m")
    hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    try:
        return check_range_value(field, total, *EPISODE_LIMITS["duration_s"])
    except ValidationError as exc:  # name what was typed, not the seconds it makes
        raise ValidationError(field, text, _out_of_range(EPISODE_LIMITS["duration_s"])
                              if math.isinf(total) else exc.reason) from None


def _out_of_range(limits: tuple[float, float]) -> str:
    return f"is out of range (allowed {_num(limits[0])} to {_num(limits[1])})"


def format_duration(seconds: float | None) -> str:
    """A short human form: ``45 s``, ``2 min``, ``1 h 30 min``."""
    if seconds is None:
        return ""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, sec = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min" + (f" {sec} s" if sec else "")
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h" + (f" {minutes} min" if minutes else "")


# --- values --------------------------------------------------------------------------


def check_range_value(field: str, value: float, lo: float | None, hi: float | None) -> float:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(field, value, "is not a finite number")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        allowed = f"{_num(lo)} to {_num(hi)}" if hi is not None else f"{_num(lo)} or more"
        raise ValidationError(field, value, f"is out of range (allowed {allowed})")
    return value


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


_YES = {"1", "yes", "y", "true", "t"}
_NO = {"0", "no", "n", "false", "f"}


def coerce_value(spec: FieldSpec, raw: object) -> float | int | bool | str | None:
    """Turn user or file input into a valid stored value for ``spec``.

    Blank (``None`` or whitespace) is unknown and stays ``None``, never zero.
    """
    if spec.kind is ValueKind.TEXT:
        return check_text("notes", "" if raw is None else str(raw))
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if spec.kind is ValueKind.YESNO:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | float) and raw in (0, 1):
            return bool(raw)
        word = str(raw).strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise ValidationError(spec.name, raw, "is not yes or no (1 or 0)")
    if isinstance(raw, bool):
        raise ValidationError(spec.name, raw, f"is not a number (allowed {spec.range_text})")
    try:
        number = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationError(spec.name, raw, f"is not a number (allowed {spec.range_text})"
                              ) from None
    except OverflowError:  # a whole number of hundreds of digits
        raise ValidationError(spec.name, raw, f"is out of range (allowed {spec.range_text})"
                              ) from None
    if math.isinf(number):  # "1e999", or a text of hundreds of digits
        raise ValidationError(spec.name, raw, f"is out of range (allowed {spec.range_text})")
    # Whole numbers are shown as typed ("12", not "12.0") in the refusal message.
    shown = int(number) if number.is_integer() else number
    check_range_value(spec.name, shown, spec.minimum, spec.maximum)
    if spec.integer:
        if not number.is_integer():
            raise ValidationError(spec.name, raw, f"is not a whole number (allowed "
                                  f"{spec.range_text})")
        return int(number)
    return number


def validate_episode(episode: Episode, known_locations: Iterable[str] | None = None) -> Episode:
    """Check every episode field; returns the episode (normalised) or raises."""
    if not isinstance(episode.started_at, datetime) or episode.started_at.tzinfo is None:
        raise ValidationError("started_at", episode.started_at, "must include a time zone")
    check_date("started_at", episode.started_at.date())
    location = (episode.location or "").strip().lower()
    if not location:
        raise ValidationError("location", episode.location, "is empty (choose a body location)")
    if known_locations is not None:
        names = {known.lower(): known for known in known_locations}
        if location not in names:
            raise ValidationError("location", episode.location,
                                  "is not a known location (add it under Manage first)")
        location = names[location]  # as the journal spells it ("iPad thumb")
    elif location not in BUILTIN_LOCATIONS:
        location = episode.location.strip()  # the user's own name keeps its capitals
    episode.location = location
    side = (episode.side or "unspecified").strip().lower()
    if side not in SIDES:
        raise ValidationError("side", episode.side, f"is not one of {', '.join(SIDES)}")
    episode.side = side
    kind = (episode.kind or "twitch").strip().lower()
    if kind not in KINDS:
        raise ValidationError("kind", episode.kind, f"is not one of {', '.join(KINDS)}")
    episode.kind = kind
    if episode.duration_s is not None:
        # The range first: a huge whole number cannot even become a float.
        episode.duration_s = float(check_range_value(
            "duration_s", episode.duration_s, *EPISODE_LIMITS["duration_s"]))
    if episode.intensity is not None:
        value: object = episode.intensity  # whatever a caller or a file handed in
        if isinstance(value, bool) or not isinstance(value, int | float) or (
                isinstance(value, float) and not value.is_integer()):
            raise ValidationError("intensity", value, "is not a whole number (allowed 1 to 10)")
        check_range_value("intensity", value, *EPISODE_LIMITS["intensity"])
        episode.intensity = int(value)
    episode.notes = check_text("notes", "" if episode.notes is None else str(episode.notes))
    return episode


def validate_checkin(checkin: DayCheckIn, factors: Iterable[CustomFactor] = ()) -> DayCheckIn:
    """Check every built-in field and custom factor value of a check-in."""
    check_date("date", checkin.date)
    for spec in CHECKIN_FIELDS:
        setattr(checkin, spec.name, coerce_value(spec, getattr(checkin, spec.name)))
    by_name = {f.name: f for f in factors}
    clean: dict[str, float | None] = {}
    for name, raw in checkin.factors.items():
        factor = by_name.get(name)
        if factor is None:
            raise ValidationError(name, raw, "is not a known custom factor (define it first)")
        value = coerce_value(factor.spec, raw)
        clean[name] = None if value is None else float(value)
    checkin.factors = clean
    return checkin


def validate_name(field: str, name: str) -> str:
    """A location, factor or medication name: trimmed, non-empty, within its limit and
    free of control characters (``field`` is its key in :data:`TEXT_LIMITS`)."""
    text = (name or "").strip()
    if not text:
        raise ValidationError(field, name, "is empty")
    return check_text(field, text)


def validate_factor(factor: CustomFactor) -> CustomFactor:
    from twitchlog.domain import CHECKIN_FIELD_BY_NAME

    factor.name = validate_name("factor name", factor.name)
    if factor.name in CHECKIN_FIELD_BY_NAME or factor.name in {"date"}:
        raise ValidationError("factor name", factor.name, "is already a built-in field")
    try:
        factor.kind = ValueKind(factor.kind)
    except ValueError:
        raise ValidationError("factor kind", factor.kind,
                              "is not one of number, scale, yesno") from None
    if factor.kind is ValueKind.TEXT:
        raise ValidationError("factor kind", factor.kind, "is not one of number, scale, yesno")
    factor.unit = check_text("factor unit", (factor.unit or "").strip())
    return factor


def validate_medication(med: Medication) -> Medication:
    med.name = validate_name("medication name", med.name)
    med.dose = check_text("medication dose", med.dose or "")
    med.notes = check_text("medication notes", med.notes or "")
    check_date("start_date", med.start_date)
    if med.end_date is not None:
        check_date("end_date", med.end_date)
    if med.end_date is not None and med.end_date < med.start_date:
        raise ValidationError("end_date", med.end_date.isoformat(),
                              f"is before the start date {med.start_date.isoformat()}")
    return med


#: Journal settings a person types, and the :data:`TEXT_LIMITS` entry each must fit.
TEXT_SETTINGS: dict[str, str] = {
    PATIENT_NAME_SETTING: "patient name",
    PATIENT_DOB_SETTING: "date of birth",
    REPORT_QUESTIONS_SETTING: "report questions",
}
#: The most caffeine one drink button may add, in mg.
MAX_DRINK_MG = 1000.0


def validate_setting(key: str, value: str | None) -> str | None:
    """A journal setting's value; typed texts must fit their limit."""
    if value is not None and key in TEXT_SETTINGS:
        check_text(TEXT_SETTINGS[key], value)
    return value


def validate_drinks(drinks: Iterable[tuple[str, float]]) -> list[tuple[str, float]]:
    """The caffeine buttons as ``(label, mg)``: named like other names, 0 to 1000 mg."""
    clean = []
    for label, mg in drinks:
        name = validate_name("drink name", label)
        clean.append((name, float(check_range_value(f"caffeine in {name}", mg, 0.0,
                                                    MAX_DRINK_MG))))
    return clean
