"""Validation and parsing shared by the GUI, the command line and import.

Every refusal is a :class:`ValidationError` whose message names the field, the
value and what is allowed, so each face of the app shows the same sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime

from twitchlog.domain import (
    BUILTIN_LOCATIONS,
    CHECKIN_FIELDS,
    EPISODE_LIMITS,
    KINDS,
    SIDES,
    CustomFactor,
    DayCheckIn,
    Episode,
    FieldSpec,
    Medication,
    ValueKind,
)

MAX_TEXT_LENGTH = 10_000
MAX_NAME_LENGTH = 60


class ValidationError(ValueError):
    """A value was refused; ``field`` and ``value`` say which and ``reason`` why."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {_show(value)} {reason}")


def _show(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


# --- parsing -------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str, field: str = "date") -> date:
    """An ISO 8601 date (YYYY-MM-DD). Ambiguous forms like 03/04/2024 are refused."""
    raw = text.strip() if isinstance(text, str) else text
    if not isinstance(raw, str) or not _ISO_DATE.match(raw):
        raise ValidationError(field, text, "is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(field, text, "is not a real calendar date") from None


_ISO_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)


def parse_datetime(text: str, field: str = "started_at") -> datetime:
    """An ISO 8601 date-time; without an offset it is taken as local time.

    A bare date means midnight local time. The result is always timezone-aware.
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
    return as_local_aware(value)


def as_local_aware(value: datetime) -> datetime:
    """Attach the local offset to a naive date-time (valid for that instant, DST included)."""
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
    return check_range_value(field, total, *EPISODE_LIMITS["duration_s"])


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
        text = "" if raw is None else str(raw)
        if len(text) > MAX_TEXT_LENGTH:
            raise ValidationError(spec.name, text, f"is too long (at most {MAX_TEXT_LENGTH} "
                                  "characters)")
        return text
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
        episode.duration_s = check_range_value(
            "duration_s", float(episode.duration_s), *EPISODE_LIMITS["duration_s"])
    if episode.intensity is not None:
        value = episode.intensity
        if isinstance(value, bool) or not float(value).is_integer():
            raise ValidationError("intensity", value, "is not a whole number (allowed 1 to 10)")
        check_range_value("intensity", value, *EPISODE_LIMITS["intensity"])
        episode.intensity = int(value)
    episode.notes = coerce_value(CHECKIN_FIELDS[-1], episode.notes) or ""
    return episode


def validate_checkin(checkin: DayCheckIn, factors: Iterable[CustomFactor] = ()) -> DayCheckIn:
    """Check every built-in field and custom factor value of a check-in."""
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
    """A location, factor or medication name: trimmed, non-empty, not too long."""
    text = (name or "").strip()
    if not text:
        raise ValidationError(field, name, "is empty")
    if len(text) > MAX_NAME_LENGTH:
        raise ValidationError(field, name, f"is too long (at most {MAX_NAME_LENGTH} characters)")
    return text


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
    return factor


def validate_medication(med: Medication) -> Medication:
    med.name = validate_name("medication name", med.name)
    if med.end_date is not None and med.end_date < med.start_date:
        raise ValidationError("end_date", med.end_date.isoformat(),
                              f"is before the start date {med.start_date.isoformat()}")
    return med
