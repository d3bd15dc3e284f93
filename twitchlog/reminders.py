"""When the daily check-in reminder is due: plain Python with the clock passed in.

The reminder time is a wall-clock time ("21:00" on the user's clock, whatever daylight
saving does), so a day whose clocks jump past it still gets its reminder at the first
moment after it. A snooze is an hour of real time. At most one reminder and one
snoozed reminder a day; none once the day has a check-in. Because the decision only
compares "now" with what has been shown today, a reminder missed while the computer
slept or the app was closed comes due at the next check of the same day, and is gone
once the day is over.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

DEFAULT_TIME = time(21, 0)
ALL_WEEKDAYS = frozenset(range(7))  # Monday is 0, as in date.weekday()
SNOOZE = timedelta(hours=1)
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

TITLE = "Time for today's check-in"
MESSAGE = "How was today? Sleep, caffeine and stress take a few seconds."


class Due(enum.Enum):
    """What to show now."""

    NOTHING = "nothing"
    REMINDER = "reminder"  # the day's reminder
    SNOOZED = "snoozed"  # the reminder again, an hour after "Later"


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """The user's choice: off until turned on."""

    enabled: bool = False
    at: time = DEFAULT_TIME
    weekdays: frozenset[int] = field(default=ALL_WEEKDAYS)


@dataclass(frozen=True, slots=True)
class ReminderState:
    """What has happened on ``day``; a state about another day counts as nothing yet."""

    day: date | None = None
    shown: bool = False
    snoozed_until: datetime | None = None
    snooze_shown: bool = False

    def on(self, today: date) -> ReminderState:
        """This state if it is about ``today``, else a fresh one for ``today``."""
        return self if self.day == today else ReminderState(day=today)


def due(now: datetime, settings: ReminderSettings, state: ReminderState, *,
        checked_in: bool) -> Due:
    """What is due at ``now`` (an aware local time) for a day with or without a check-in."""
    if not settings.enabled or checked_in:
        return Due.NOTHING
    today = now.date()
    current = state.on(today)
    if not current.shown:
        if today.weekday() not in settings.weekdays:
            return Due.NOTHING
        wall_clock = now.replace(tzinfo=None)
        return Due.REMINDER if wall_clock >= datetime.combine(today, settings.at) \
            else Due.NOTHING
    if current.snoozed_until is not None and not current.snooze_shown \
            and now >= current.snoozed_until:
        return Due.SNOOZED
    return Due.NOTHING


def shown(now: datetime, state: ReminderState, what: Due) -> ReminderState:
    """The state after showing ``what`` at ``now``."""
    current = state.on(now.date())
    if what is Due.REMINDER:
        return replace(current, shown=True)
    if what is Due.SNOOZED:
        return replace(current, snooze_shown=True)
    return current


def can_snooze(now: datetime, state: ReminderState) -> bool:
    """"Later" is offered once a day, on the first reminder."""
    current = state.on(now.date())
    return current.shown and current.snoozed_until is None


def snoozed(now: datetime, state: ReminderState) -> ReminderState:
    """The state after "Later": the reminder comes back in an hour (if the day lasts)."""
    if not can_snooze(now, state):
        return state.on(now.date())
    return replace(state.on(now.date()), snoozed_until=now + SNOOZE)


# --- text forms, for the settings file -------------------------------------------------


def time_text(at: time) -> str:
    return f"{at:%H:%M}"


def parse_time(text: str, default: time = DEFAULT_TIME) -> time:
    """``"21:00"``; anything unreadable gives ``default``."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return default


def weekdays_text(days: frozenset[int]) -> str:
    return ",".join(str(d) for d in sorted(days))


def parse_weekdays(text: str) -> frozenset[int]:
    """``"0,1,2"``; unknown parts are ignored, an empty text means no day."""
    days = {int(part) for part in text.split(",") if part.strip().isdigit()}
    return frozenset(d for d in days if 0 <= d <= 6)


def state_to_texts(state: ReminderState) -> dict[str, str]:
    return {
        "day": state.day.isoformat() if state.day else "",
        "shown": "1" if state.shown else "0",
        "snoozed_until": state.snoozed_until.isoformat() if state.snoozed_until else "",
        "snooze_shown": "1" if state.snooze_shown else "0",
    }


def state_from_texts(texts: dict[str, str]) -> ReminderState:
    """The inverse of :func:`state_to_texts`; a damaged value reads as nothing shown."""
    try:
        day = date.fromisoformat(texts["day"]) if texts.get("day") else None
        until = datetime.fromisoformat(texts["snoozed_until"]) \
            if texts.get("snoozed_until") else None
    except ValueError:
        return ReminderState()
    if until is not None and until.tzinfo is None:
        until = None
    return ReminderState(day=day, shown=texts.get("shown") == "1", snoozed_until=until,
                         snooze_shown=texts.get("snooze_shown") == "1")


def describe(settings: ReminderSettings) -> str:
    """"21:00 every day" / "21:00 on Mon, Wed" / "off", for the settings and tray."""
    if not settings.enabled or not settings.weekdays:
        return "off"
    if settings.weekdays == ALL_WEEKDAYS:
        days = "every day"
    elif settings.weekdays == frozenset(range(5)):
        days = "on weekdays"
    else:
        days = "on " + ", ".join(WEEKDAY_NAMES[d] for d in sorted(settings.weekdays))
    return f"{time_text(settings.at)} {days}"
