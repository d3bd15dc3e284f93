"""Catching up on missed days: the store's view of them, schema 4, and the flow on Today."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from app_support import FakeClock, isolate_app_settings
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from twitchlog.domain import DayCheckIn, Episode
from twitchlog.store import SCHEMA_VERSION, Journal
from twitchlog.store.connection import read_header
from twitchlog.store.schema import APPLICATION_ID
from twitchlog.ui.catch_up_view import CatchUpDialog
from twitchlog.ui.context import JournalContext
from twitchlog.ui.today_view import TodayView

TODAY = date(2024, 3, 5)
FIXTURE_V3 = Path(__file__).parent / "fixtures" / "journal_v3.twitchlog"


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolate_app_settings(tmp_path / "qsettings")


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_missed_days_are_recent_untracked_and_not_before_the_journal(journal: Journal) -> None:
    assert journal.catch_up.missed_days(TODAY) == []  # an empty journal has nothing to catch up
    journal.checkins.save(DayCheckIn(date=days_ago(3), sleep_hours=7))
    # not today, not before the first entry
    assert journal.catch_up.missed_days(TODAY) == [days_ago(2), days_ago(1)]
    journal.checkins.save(DayCheckIn(date=days_ago(20)))
    assert journal.catch_up.missed_days(TODAY) == [
        days_ago(7), days_ago(6), days_ago(5), days_ago(4), days_ago(2), days_ago(1)]  # last 7
    journal.catch_up.mark_unremembered(days_ago(2))
    journal.catch_up.mark_unremembered(days_ago(2))  # twice is once
    assert days_ago(2) not in journal.catch_up.missed_days(TODAY)
    assert journal.catch_up.unremembered() == [days_ago(2)]
    assert journal.checkins.tracked_dates(days_ago(2), days_ago(2)) == []  # still unknown
    journal.catch_up.mark_unremembered(days_ago(2), remembered=True)
    assert days_ago(2) in journal.catch_up.missed_days(TODAY)


def test_a_version_3_journal_gains_the_unremembered_days(tmp_path: Path) -> None:
    path = tmp_path / "v3.twitchlog"
    shutil.copyfile(FIXTURE_V3, path)
    assert read_header(path) == (APPLICATION_ID, 3)
    assert SCHEMA_VERSION >= 4
    with Journal.open(path) as journal:
        assert journal.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [e.notes for e in journal.episodes.find()] == ["v3"]
        assert journal.checkins.tracked_dates() == [date(2025, 9, 1), date(2025, 9, 3)]
        assert journal.catch_up.missed_days(date(2025, 9, 5)) == [
            date(2025, 9, 2), date(2025, 9, 4)]
        journal.catch_up.mark_unremembered(date(2025, 9, 2))
    with Journal.open(path) as journal:
        assert journal.catch_up.unremembered() == [date(2025, 9, 2)]
        assert journal.catch_up.missed_days(date(2025, 9, 5)) == [date(2025, 9, 4)]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2024, 3, 5, 9, 0))


@pytest.fixture
def context(journal: Journal) -> JournalContext:
    return JournalContext(journal)


@pytest.fixture
def view(qtbot, context, clock) -> Iterator[TodayView]:
    widget = TodayView(context, QUndoStack(), clock=clock)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def test_catch_up_three_days_fill_one_forget_one_dismiss(qtbot, journal, context, clock):
    journal.checkins.save(DayCheckIn(date=days_ago(4), sleep_hours=8.0))
    journal.episodes.add(Episode(started_at=datetime(2024, 3, 3, 10, 0).astimezone(),
                                location="calf"))
    widget = TodayView(context, QUndoStack(), clock=clock)
    qtbot.addWidget(widget)
    widget.show()
    strip = widget.catch_up_strip
    assert strip.isVisible()
    assert strip.open_button.text() == "Catch up on 3 missed days"
    assert "fault" not in strip.label.text().lower() and "forgot" not in strip.label.text()

    dialog = strip.open_catch_up()
    assert isinstance(dialog, CatchUpDialog)
    qtbot.waitExposed(dialog)
    assert [row.day for row in dialog.rows] == [days_ago(3), days_ago(2), days_ago(1)]
    filled, forgotten, untouched = dialog.rows
    assert forgotten.done_button.text() == "Nothing more to add"  # it has an episode

    qtbot.keyClicks(filled.fields["sleep_hours"], "6.5")
    qtbot.keyClicks(filled.fields["caffeine_mg"], "190")
    filled.fields["stress"].setValue(4)
    qtbot.waitUntil(lambda: journal.checkins.get(days_ago(3)) is not None, timeout=3000)
    qtbot.waitUntil(lambda: journal.checkins.get(days_ago(3)).stress == 4, timeout=3000)
    assert strip.open_button.text() == "Catch up on 2 missed days"  # follows as you go

    qtbot.mouseClick(forgotten.forget_button, Qt.MouseButton.LeftButton)
    assert forgotten.status.text().startswith("Left as unknown")
    assert not forgotten.fields["sleep_hours"].isEnabled()
    assert strip.open_button.text() == "Catch up on 1 missed day"
    qtbot.mouseClick(forgotten.forget_button, Qt.MouseButton.LeftButton)  # "Undo"
    assert forgotten.fields["sleep_hours"].isEnabled() and journal.catch_up.unremembered() == []
    assert strip.open_button.text() == "Catch up on 2 missed days"
    qtbot.mouseClick(forgotten.forget_button, Qt.MouseButton.LeftButton)
    assert forgotten.forget_button.text() == "Undo"

    qtbot.keyClicks(untouched.fields["sleep_hours"], "abc")  # refused, never guessed
    dialog.reject()
    assert untouched.status.text().startswith("Not saved")

    qtbot.mouseClick(strip.dismiss_button, Qt.MouseButton.LeftButton)
    assert not strip.isVisible()

    stored = journal.checkins.get(days_ago(3))
    assert (stored.sleep_hours, stored.caffeine_mg, stored.stress) == (6.5, 190.0, 4)
    assert stored.sleep_quality is None and stored.notes == ""
    assert journal.checkins.tracked_dates() == [days_ago(4), days_ago(3)]
    assert journal.catch_up.unremembered() == [days_ago(2)]
    assert journal.episodes.count() == 1

    # Dismissed for the rest of today; the next day it asks (only) about what is left.
    widget.refresh()
    assert not strip.isVisible()
    clock.advance(24 * 3600)
    widget.refresh()
    assert strip.isVisible() and strip.missed == [days_ago(1), TODAY]


def test_no_twitches_that_day_makes_an_empty_day_tracked(qtbot, view, journal, clock):
    journal.checkins.save(DayCheckIn(date=days_ago(2)))
    view.refresh()
    dialog = view.catch_up_strip.open_catch_up()
    row = dialog.row(days_ago(1))
    assert row.done_button.text() == "No twitches that day"
    qtbot.mouseClick(row.done_button, Qt.MouseButton.LeftButton)
    assert journal.checkins.get(days_ago(1)) == DayCheckIn(date=days_ago(1))
    assert journal.episodes.count(None) == 0
    assert not view.catch_up_strip.isVisible()
    dialog.close()


def test_today_shows_fourteen_dots_and_this_months_tracked_days(view, journal):
    for n in (0, 1, 3, 5, 20):
        journal.checkins.save(DayCheckIn(date=days_ago(n)))
    view.refresh()
    flags = view.day_dots.tracked_flags()
    assert len(flags) == 14
    assert [i for i, tracked in enumerate(flags) if tracked] == [8, 10, 12, 13]
    assert view.day_dots.month_label.text() == "3 tracked days in March"  # 2, 4 and 5 March
    assert "4 of the last 14 days tracked; today is tracked" \
        in view.day_dots.dots.accessibleDescription()
    assert "lost" not in view.day_dots.dots.toolTip().lower()


def test_the_strip_and_dots_rebuild_when_another_journal_opens(qtbot, view, context, tmp_path):
    context.journal.checkins.save(DayCheckIn(date=days_ago(2)))
    view.refresh()
    assert view.catch_up_strip.isVisible()
    other = Journal.open(tmp_path / "other.twitchlog")
    for n in range(14):
        other.checkins.save(DayCheckIn(date=days_ago(n)))
    context.replace(other)
    assert not view.catch_up_strip.isVisible()
    assert all(view.day_dots.tracked_flags())
    assert view.day_dots.month_label.text() == "5 tracked days in March"


def test_a_journal_switch_saves_the_open_catch_up_into_the_old_journal_only(
        qtbot, view, context, tmp_path):
    old = context.journal
    old.checkins.save(DayCheckIn(date=days_ago(2)))
    view.refresh()
    dialog = view.catch_up_strip.open_catch_up()
    qtbot.keyClicks(dialog.row(days_ago(1)).fields["sleep_hours"], "7")
    view.commit_pending()  # what the main window does before switching
    other = Journal.open(tmp_path / "other.twitchlog")
    other.checkins.save(DayCheckIn(date=days_ago(3)))
    context.replace(other)
    assert not dialog.isVisible()
    assert other.checkins.tracked_dates() == [days_ago(3)]  # nothing written into the new journal
    reopened = Journal.open(old.path)
    try:
        assert reopened.checkins.get(days_ago(1)).sleep_hours == 7.0
    finally:
        reopened.close()
    assert view.catch_up_strip.missed == [days_ago(2), days_ago(1)]


def test_catch_up_offers_device_values_waiting_on_a_missed_day(qtbot, journal, context, clock):
    from twitchlog.store.device_import import DeviceValue

    journal.checkins.save(DayCheckIn(date=days_ago(4), sleep_hours=8.0))
    journal.devices.apply([DeviceValue(days_ago(2), "sleep_hours", 7.2, "Fitbit"),
                           DeviceValue(days_ago(2), "caffeine_mg", 120.0, "Apple Health"),
                           DeviceValue(days_ago(1), "sleep_hours", 6.0, "Oura")],
                          "export.zip")
    widget = TodayView(context, QUndoStack(), clock=clock)
    qtbot.addWidget(widget)
    widget.show()
    strip = widget.catch_up_strip
    dialog = strip.open_catch_up()
    qtbot.waitExposed(dialog)
    plain, waiting, forgotten = dialog.rows
    assert plain.device_rows == {}
    sleep = waiting.device_rows["sleep_hours"]
    assert sleep.isVisible() and sleep.label.text() == "7.2 h sleep — from Fitbit"
    assert sleep.use_button.isVisible()
    assert waiting.device_rows["caffeine_mg"].label.text() == "120 mg caffeine — from Apple Health"
    assert journal.checkins.get(days_ago(2)) is None  # offered, not taken

    waiting.fields["stress"].setValue(3)  # typed first, kept with the device value
    qtbot.mouseClick(sleep.use_button, Qt.MouseButton.LeftButton)
    stored = journal.checkins.get(days_ago(2))
    assert (stored.sleep_hours, stored.stress, stored.caffeine_mg) == (7.2, 3, None)
    assert journal.devices.sources(days_ago(2)) == {"sleep_hours": "Fitbit"}
    assert waiting.fields["sleep_hours"].text() == "7.2"
    assert sleep.label.text() == "from Fitbit" and not sleep.use_button.isVisible()
    assert waiting.status.text() == "✓ Saved · day tracked"
    assert strip.open_button.text() == "Catch up on 2 missed days"

    qtbot.mouseClick(forgotten.forget_button, Qt.MouseButton.LeftButton)
    assert not forgotten.device_rows["sleep_hours"].use_button.isEnabled()
    dialog.accept()
    assert journal.checkins.get(days_ago(1)) is None  # an imported value never tracks a day
    assert journal.devices.sources(days_ago(2)) == {"sleep_hours": "Fitbit"}  # kept on close
