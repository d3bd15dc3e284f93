"""How the report writes dates, numbers and durations: unambiguous for any reader.

Dates are ``4 Jan 2025`` (no month/day order to guess); negative numbers use a real
minus sign; nothing here depends on the process locale.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from twitchlog.validation import format_duration
from twitchlog.words import count_words

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MINUS = "\u2212"
DASH = "\u2013"
NBSP = "\u00a0"


def fmt_date(day: date | datetime | None) -> str:
    """``4 Jan 2025``; an empty string for ``None``."""
    if day is None:
        return ""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def fmt_day_month(day: date) -> str:
    """``4 Jan`` (the year is given once, elsewhere)."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def fmt_time(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def fmt_datetime(moment: datetime | None) -> str:
    """``4 Jan 2025, 14:05`` in the episode's own local time."""
    if moment is None:
        return ""
    return f"{fmt_date(moment)}, {fmt_time(moment)}"


def fmt_range(start: date, end: date) -> str:
    return f"{fmt_date(start)} {DASH} {fmt_date(end)}"


def fmt_count(value: int) -> str:
    """Whole numbers with thousands separators: ``3,652``."""
    return f"{value:,}"


def fmt_number(value: float | None, digits: int = 1) -> str:
    """A rounded number with a real minus sign; ``-`` never appears for zero."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return DASH
    text = f"{value:,.{digits}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def fmt_signed(value: float | None, digits: int = 2) -> str:
    """``+0.25`` / ``−0.25``: the sign of a change always shows."""
    if value is None or not math.isfinite(value):
        return DASH
    text = fmt_number(value, digits)
    return text if text.startswith(MINUS) or text.strip("0.,") == "" else f"+{text}"


def fmt_percent(fraction: float | None) -> str:
    if fraction is None or not math.isfinite(fraction):
        return DASH
    return f"{round(fraction * 100):d}%"


def fmt_duration(seconds: float | None) -> str:
    """``45 s``, ``2 min 5 s``; an en dash when unknown. The spaces are non-breaking:
    a line never ends in "longest 4" with "min 32 s" on the next."""
    if seconds is None or not math.isfinite(seconds):
        return DASH
    return format_duration(seconds).replace(" ", NBSP)


def fmt_ratio(value: float | None) -> str:
    """``1.8×`` for effect sizes."""
    if value is None or not math.isfinite(value):
        return DASH
    return f"{fmt_number(value, 1)}\u00d7"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 day`` / ``3 days`` with thousands separators (the shared counting words)."""
    return count_words(count, singular, plural_form)


def join_words(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]
