"""Writes say what they changed, and each view recalculates only for what it shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest

from twitchlog.domain import DayCheckIn, Episode
from twitchlog.store import Journal
from twitchlog.ui.context import Change, JournalContext, refusal_text
from twitchlog.ui.insights_view import InsightsView
from twitchlog.ui.manage_dialog import DrinksTab
from twitchlog.ui.report_view import ReportView
from twitchlog.ui.tasks import TaskRunner
from twitchlog.validation import ValidationError

WAIT_MS = 30_000
QUIET_MS = 800  # longer than the views' refresh and preview delays


@pytest.fixture
def views(qtbot, journal: Journal) -> Iterator[tuple[JournalContext, list[str]]]:
    """Insights and Report open on a small journal; yields the context and the keys of
    the background work submitted from now on."""
    today = date.today()
    tz = datetime.now().astimezone().tzinfo
    for i in range(20):
        day = today - timedelta(days=i)
        journal.checkins.save(DayCheckIn(date=day, caffeine_mg=100.0 * (i % 3)))
        journal.episodes.add(Episode(started_at=datetime(day.year, day.month, day.day, 9,
                                                        tzinfo=tz), location="calf"))
    context = JournalContext(journal)
    tasks = TaskRunner()
    insights, report = InsightsView(context, tasks), ReportView(context, tasks)
    for view in (insights, report):
        qtbot.addWidget(view)
        view.show()
    qtbot.waitUntil(lambda: insights.insights is not None and insights.insights.complete
                    and report._last_document is not None and not tasks.is_busy("insights")
                    and not tasks.is_busy("insights-full"), timeout=WAIT_MS)
    submitted: list[str] = []
    submit = tasks.submit

    def spy(key: str, *args: object, **kwargs: object) -> None:
        submitted.append(key)
        submit(key, *args, **kwargs)  # type: ignore[arg-type]

    tasks.submit = spy  # type: ignore[method-assign]
    yield context, submitted
    tasks.wait()


def test_editing_a_drink_button_recalculates_nothing(qtbot, views) -> None:
    context, submitted = views
    tab = DrinksTab(context)
    qtbot.addWidget(tab)
    label = next(iter(tab.spins))
    tab.spins[label].setValue(123)
    assert (label, 123.0) in context.journal.settings.drinks()
    assert tab.saved_label.text() == "Saved."
    qtbot.wait(QUIET_MS)
    assert submitted == []


def test_a_check_in_recalculates_insights_and_the_report(qtbot, views) -> None:
    context, submitted = views
    context.write(Change.DAYS, lambda: context.journal.checkins.save(
        DayCheckIn(date=date.today(), caffeine_mg=400.0)))
    qtbot.waitUntil(lambda: {"insights", "report-preview"} <= set(submitted),
                    timeout=WAIT_MS)


def test_a_refused_write_announces_nothing(qtbot, journal: Journal) -> None:
    context = JournalContext(journal)
    heard: list[Change] = []
    context.changes.connect(heard.append)
    with pytest.raises(ValidationError) as refused:
        context.write(Change.EPISODES, lambda: journal.episodes.add(
            Episode(started_at=datetime.now().astimezone(), location="calf", intensity=11)))
    assert "intensity" in refusal_text(refused.value)
    assert heard == [] and journal.episodes.count() == 0
    context.write(Change.MEDICATIONS | Change.SETTINGS, lambda: None)
    assert heard == [Change.MEDICATIONS | Change.SETTINGS]
