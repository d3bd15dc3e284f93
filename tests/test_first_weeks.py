"""The first weeks: ranges start with the journal, not months before it existed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from app_support import isolate_app_settings

from twitchlog.analysis.ranges import preset_range
from twitchlog.cli.report_cmd import report_range
from twitchlog.domain import DayCheckIn
from twitchlog.store import Journal
from twitchlog.ui.context import JournalContext
from twitchlog.ui.insights_view import InsightsView
from twitchlog.ui.report_view import ReportView
from twitchlog.ui.tasks import TaskRunner

TODAY = date.today()
WAIT_MS = 30_000


def test_last_n_days_start_no_earlier_than_the_first_entry():
    today = date(2026, 12, 2)
    assert preset_range(90, today, None) == (date(2026, 9, 4), today)
    assert preset_range(90, today, date(2026, 11, 28)) == (date(2026, 11, 28), today)
    assert preset_range(30, today, date(2025, 1, 1)) == (date(2026, 11, 3), today)
    assert preset_range(30, today, date(2027, 1, 1)) == (date(2026, 11, 3), today)
    assert report_range(None, None, today, first_day=date(2026, 11, 28)) == \
        (date(2026, 11, 28), today)
    assert report_range(date(2026, 10, 1), None, today, first_day=date(2026, 11, 28)) == \
        (date(2026, 10, 1), today)  # a range the user asked for is kept


def start_five_days_ago(journal: Journal) -> None:
    journal.save_checkin(DayCheckIn(date=TODAY - timedelta(days=4), sleep_hours=7))
    journal.save_checkin(DayCheckIn(date=TODAY, stress=2))


def test_a_week_old_journal_is_not_reported_as_mostly_untracked(qtbot, journal, tmp_path: Path):
    isolate_app_settings(tmp_path / "settings")
    start_five_days_ago(journal)
    tasks = TaskRunner()
    context = JournalContext(journal)
    report = ReportView(context, tasks)
    qtbot.addWidget(report)
    report.show()
    assert report.report_range() == (TODAY - timedelta(days=4), TODAY)
    assert report.range_note.text().startswith("5 days,")
    assert "your journal starts there" in report.range_note.text()
    qtbot.waitUntil(lambda: report.preview.document is not None, timeout=WAIT_MS)

    insights = InsightsView(context, tasks)
    qtbot.addWidget(insights)
    insights.show()
    qtbot.waitUntil(lambda: insights.insights is not None and insights.insights.complete,
                    timeout=WAIT_MS)
    assert insights.summary_labels["tracked"].text().startswith("2 of 5 days (40%)")
    tasks.wait()
