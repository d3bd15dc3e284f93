"""When the daily check-in reminder is due: the schedule with an injected clock, no Qt."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from twitchlog import reminders
from twitchlog.reminders import Due, ReminderSettings, ReminderState, due

NY = ZoneInfo("America/New_York")
ON = ReminderSettings(enabled=True)  # 21:00, every day


def at(day: date, hour: int, minute: int = 0, *, fold: int = 0) -> datetime:
    """A New York wall-clock time, as the app's clock gives it (aware, fixed offset)."""
    zoned = datetime(day.year, day.month, day.day, hour, minute, tzinfo=NY, fold=fold)
    offset = zoned.utcoffset()
    assert offset is not None
    return zoned.astimezone(timezone(offset))


TUE = date(2026, 6, 9)  # a Tuesday in summer time


def test_due_at_the_chosen_time_and_not_before() -> None:
    fresh = ReminderState()
    assert due(at(TUE, 20, 59), ON, fresh, checked_in=False) is Due.NOTHING
    assert due(at(TUE, 21, 0), ON, fresh, checked_in=False) is Due.REMINDER
    assert due(at(TUE, 23, 59), ON, fresh, checked_in=False) is Due.REMINDER


def test_off_by_default_and_never_when_the_day_has_a_check_in() -> None:
    assert ReminderSettings().enabled is False
    assert due(at(TUE, 21, 30), ReminderSettings(), ReminderState(),
               checked_in=False) is Due.NOTHING
    assert due(at(TUE, 21, 30), ON, ReminderState(), checked_in=True) is Due.NOTHING


def test_one_reminder_a_day_then_one_snooze_an_hour_later() -> None:
    now = at(TUE, 21, 0)
    state = reminders.shown(now, ReminderState(), Due.REMINDER)
    assert due(now + timedelta(minutes=5), ON, state, checked_in=False) is Due.NOTHING
    assert reminders.can_snooze(now, state)
    state = reminders.snoozed(now + timedelta(minutes=1), state)
    assert not reminders.can_snooze(now, state)  # "Later" once a day
    assert due(at(TUE, 22, 0), ON, state, checked_in=False) is Due.NOTHING
    assert due(at(TUE, 22, 1), ON, state, checked_in=False) is Due.SNOOZED
    assert due(at(TUE, 22, 1), ON, state, checked_in=True) is Due.NOTHING  # checked in meanwhile
    state = reminders.shown(at(TUE, 22, 1), state, Due.SNOOZED)
    assert due(at(TUE, 23, 30), ON, state, checked_in=False) is Due.NOTHING
    assert reminders.snoozed(at(TUE, 22, 2), state) == state  # no second snooze
    # The next day starts afresh.
    assert due(at(TUE + timedelta(days=1), 21, 0), ON, state, checked_in=False) is Due.REMINDER


def test_missed_while_asleep_or_closed_is_shown_once_later_the_same_day_only() -> None:
    asleep_until = at(TUE, 23, 40)  # nothing ran between 20:59 and 23:40
    assert due(asleep_until, ON, ReminderState(), checked_in=False) is Due.REMINDER
    state = reminders.shown(asleep_until, ReminderState(), Due.REMINDER)
    assert due(asleep_until + timedelta(minutes=1), ON, state, checked_in=False) is Due.NOTHING
    # Started the next morning: yesterday's reminder is gone, today's is not yet due.
    assert due(at(TUE + timedelta(days=1), 8, 0), ON, ReminderState(day=TUE - timedelta(1)),
               checked_in=False) is Due.NOTHING
    # A snooze running past midnight does not spill into the next day.
    late = reminders.snoozed(at(TUE, 23, 30), reminders.shown(at(TUE, 23, 30), ReminderState(),
                                                               Due.REMINDER))
    assert due(at(TUE + timedelta(days=1), 0, 31), ON, late, checked_in=False) is Due.NOTHING


def test_days_of_the_week() -> None:
    weekdays = ReminderSettings(enabled=True, weekdays=frozenset(range(5)))
    saturday = date(2026, 6, 13)
    assert due(at(saturday, 21, 30), weekdays, ReminderState(), checked_in=False) is Due.NOTHING
    assert due(at(TUE, 21, 30), weekdays, ReminderState(), checked_in=False) is Due.REMINDER
    assert reminders.describe(weekdays) == "21:00 on weekdays"
    assert reminders.describe(ReminderSettings(enabled=True, weekdays=frozenset({0, 2}))) \
        == "21:00 on Mon, Wed"
    assert reminders.describe(ReminderSettings()) == "off"


def test_the_day_clocks_jump_forward_still_gets_its_reminder() -> None:
    spring = date(2026, 3, 8)  # 02:00 EST becomes 03:00 EDT: 02:30 never happens
    early = ReminderSettings(enabled=True, at=time(2, 30))
    assert due(at(spring, 1, 59), early, ReminderState(), checked_in=False) is Due.NOTHING
    assert due(at(spring, 3, 0), early, ReminderState(), checked_in=False) is Due.REMINDER
    # 21:00 is still 21:00 on the wall clock (a 23-hour day).
    assert due(at(spring, 20, 59), ON, ReminderState(), checked_in=False) is Due.NOTHING
    assert due(at(spring, 21, 0), ON, ReminderState(), checked_in=False) is Due.REMINDER


def test_the_day_clocks_go_back_shows_it_once_and_snoozes_by_real_time() -> None:
    autumn = date(2026, 11, 1)  # 01:00-02:00 happens twice
    early = ReminderSettings(enabled=True, at=time(1, 30))
    first = at(autumn, 1, 30)  # EDT
    second = at(autumn, 1, 30, fold=1)  # EST, an hour later
    assert second - first == timedelta(hours=1)
    assert due(first, early, ReminderState(), checked_in=False) is Due.REMINDER
    state = reminders.snoozed(first, reminders.shown(first, ReminderState(), Due.REMINDER))
    assert due(second - timedelta(minutes=1), early, state, checked_in=False) is Due.NOTHING
    assert due(second, early, state, checked_in=False) is Due.SNOOZED  # an hour, not 02:30


def test_settings_and_state_survive_their_text_form() -> None:
    now = at(TUE, 21, 5)
    state = reminders.snoozed(now, reminders.shown(now, ReminderState(), Due.REMINDER))
    assert reminders.state_from_texts(reminders.state_to_texts(state)) == state
    assert reminders.state_from_texts({"day": "garbage"}) == ReminderState()
    assert reminders.parse_time("07:45") == time(7, 45)
    assert reminders.parse_time("late") == time(21, 0)
    assert reminders.parse_weekdays(reminders.weekdays_text(frozenset({0, 6}))) \
        == frozenset({0, 6})
    assert reminders.parse_weekdays("1,x,9") == frozenset({1})
