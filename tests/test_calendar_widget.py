"""The tracking calendar: checked-in days, episode counts and gaps look different."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QImage, QPainter, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

from twitchlog.domain import DayCheckIn, Episode
from twitchlog.store import Journal
from twitchlog.ui.calendar_widget import EPISODE_COLOR, CalendarWidget, MonthCalendar
from twitchlog.ui.context import JournalContext
from twitchlog.words import count_words

TODAY = date.today()
FIRST = TODAY.replace(day=1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour)).astimezone()


@pytest.fixture
def context(journal: Journal) -> JournalContext:
    """A journal started 40 days ago: check-ins every third day, episodes on some days."""
    start = TODAY - timedelta(days=40)
    for offset in range(0, 41, 3):
        journal.checkins.save(DayCheckIn(start + timedelta(days=offset), stress=3))
    journal.episodes.restore([
        Episode(at(start), "eyelid"),
        Episode(at(start + timedelta(days=1)), "calf"),
        Episode(at(start + timedelta(days=1), 15), "calf"),
        Episode(at(start + timedelta(days=1), 18), "thumb"),
        Episode(at(TODAY, 8), "eyelid"),
    ])
    return JournalContext(journal)


@pytest.fixture
def widget(context: JournalContext, qtbot: Any) -> CalendarWidget:
    w = CalendarWidget(context)
    qtbot.addWidget(w)
    w.resize(420, 480)
    w.show()
    return w


def show(widget: CalendarWidget, day: date) -> None:
    widget.show_month(day.year, day.month)


def test_marks_tracked_episode_and_untracked_days(widget: CalendarWidget) -> None:
    start = TODAY - timedelta(days=40)
    show(widget, start)
    first = widget.mark(start)
    assert first.tracked and first.episodes == 1 and not first.gap
    busy = widget.mark(start + timedelta(days=1))
    assert not busy.tracked and busy.episodes == 3 and busy.gap  # episodes but no check-in
    quiet = widget.mark(start + timedelta(days=2))
    assert not quiet.tracked and quiet.episodes == 0 and quiet.gap
    before = widget.mark(start - timedelta(days=1))
    assert not before.gap and not before.in_journal  # before the journal started

    show(widget, TODAY)
    assert widget.mark(TODAY).episodes == 1
    assert not widget.mark(TODAY + timedelta(days=1)).gap  # the future is not a gap
    assert widget.mark(start + timedelta(days=39)).tracked == ((39 % 3) == 0)


def test_three_looks_are_clearly_different(widget: CalendarWidget) -> None:
    start = TODAY - timedelta(days=40)
    show(widget, start)
    calendar = widget.calendar
    base = calendar.palette().color(QPalette.ColorRole.Base)

    def render(day: date) -> set[tuple[int, int, int]]:
        image = QImage(60, 48, QImage.Format.Format_RGB32)
        image.fill(QColor("magenta"))
        painter = QPainter(image)
        calendar.paintCell(painter, QRect(0, 0, 60, 48), QDate(day.year, day.month, day.day))
        painter.end()
        return {QColor(image.pixel(x, y)).getRgb()[:3]
                for x in range(0, 60, 2) for y in range(0, 48, 2)}

    def near(colors: set[tuple[int, int, int]], target: QColor) -> bool:
        r, g, b = target.red(), target.green(), target.blue()
        return any(abs(c[0] - r) + abs(c[1] - g) + abs(c[2] - b) < 30 for c in colors)

    tracked = render(start + timedelta(days=3))  # checked in, no episodes
    gap = render(start + timedelta(days=2))  # no check-in
    episodes = render(start + timedelta(days=1))  # no check-in, three episodes
    plain = render(start - timedelta(days=1))  # before the journal
    greenish = [c for c in tracked if c[1] > c[0] + 20 and c[1] > c[2]]
    assert greenish, "a checked-in day has a green fill"
    assert not [c for c in gap if c[1] > c[0] + 20 and c[1] > c[2]]
    assert len(gap) > len(plain)  # hatching adds lines to the background
    assert near(episodes, EPISODE_COLOR) and not near(gap, EPISODE_COLOR)
    assert not near(tracked, EPISODE_COLOR)
    base_rgb = (base.red(), base.green(), base.blue())
    assert base_rgb in plain and greenish[0] != base_rgb


def test_enter_on_a_day_chooses_it_and_page_down_shows_next_month(
        widget: CalendarWidget, qtbot: Any) -> None:
    grid = widget.calendar.findChild(QTableView)
    day = TODAY - timedelta(days=2)
    widget.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
    grid.setFocus()
    with qtbot.waitSignal(widget.day_chosen) as blocker:
        QTest.keyClick(grid, Qt.Key.Key_Return)
    assert blocker.args == [day]

    before = (widget.calendar.yearShown(), widget.calendar.monthShown())
    QTest.keyClick(grid, Qt.Key.Key_PageUp)
    shown = (widget.calendar.yearShown(), widget.calendar.monthShown())
    assert shown != before
    # the previous month's data was loaded when it came into view
    month_first = date(shown[0], shown[1], 1)
    start = TODAY - timedelta(days=40)
    if month_first <= start:
        assert widget.mark(start).tracked


def test_summary_counts_the_month_and_follows_changes(
        widget: CalendarWidget, context: JournalContext) -> None:
    show(widget, TODAY)
    start = TODAY - timedelta(days=40)
    days = [start + timedelta(days=o) for o in range(0, 41, 3)]
    tracked = sum(1 for d in days if d >= FIRST)
    episodes = 1 + (3 if start + timedelta(days=1) >= FIRST else 0) + \
        (1 if start >= FIRST else 0)
    text = widget.summary_label.text()
    assert f"{tracked} of {count_words(TODAY.day, 'day')} checked in" in text
    assert f"{episodes} episode" in text

    context.journal.checkins.save(DayCheckIn(TODAY, sleep_hours=7))
    widget.refresh()
    if TODAY not in days:
        assert f"{tracked + 1} of {count_words(TODAY.day, 'day')} checked in" in \
            widget.summary_label.text()
    assert widget.mark(TODAY).tracked
    widget.calendar.setSelectedDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    said = f"{TODAY.day} {TODAY:%B}: tracked, 1 episode"
    assert said in widget.day_label.text()
    grid = widget.calendar.findChild(QTableView)  # what a screen reader hears for the day
    assert said in QAccessible.queryAccessibleInterface(grid).text(QAccessible.Text.Description)


def test_empty_journal_has_no_gaps(qtbot: Any, journal: Journal) -> None:
    calendar = MonthCalendar(JournalContext(journal))
    qtbot.addWidget(calendar)
    assert not calendar.mark(TODAY).gap
    assert not calendar.mark(TODAY - timedelta(days=3)).tracked


def test_days_outside_the_journal_say_why(qtbot: Any, widget: CalendarWidget,
                                          journal: Journal) -> None:
    """A new journal's today read "outside the journal", as if it did not count."""
    start = TODAY - timedelta(days=40)
    assert widget.mark(start - timedelta(days=1)).describe().endswith(
        ": before your first entry")
    assert widget.mark(TODAY + timedelta(days=1)).describe().endswith(": still to come")
    with Journal.open(journal.path.with_name("new.twitchlog")) as fresh:
        empty = MonthCalendar(JournalContext(fresh))
        qtbot.addWidget(empty)
        assert empty.mark(TODAY).describe().endswith(": nothing logged yet")


def test_month_summary_counts_from_the_journals_first_day(
        qtbot: Any, widget: CalendarWidget, journal: Journal) -> None:
    """A journal begun mid-month: the days before it are not "not checked in"."""
    start = TODAY - timedelta(days=40)
    show(widget, start)
    month_end = (start.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    days = (min(month_end, TODAY) - start).days + 1
    assert f"of {count_words(days, 'day')} checked in" in widget.summary_label.text()
    earlier = start.replace(day=1) - timedelta(days=1)
    show(widget, earlier)
    assert widget.summary_label.text() == f"{earlier:%B %Y}: before your first entry."
    with Journal.open(journal.path.with_name("new.twitchlog")) as fresh:
        empty = CalendarWidget(JournalContext(fresh))
        qtbot.addWidget(empty)
        assert "0 of 1 day checked in" in empty.summary_label.text()
