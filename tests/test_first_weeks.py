"""The first weeks: ranges start with the journal, not months before it existed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from app_support import isolate_app_settings
from PySide6.QtCore import Qt

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
    journal.checkins.save(DayCheckIn(date=TODAY - timedelta(days=4), sleep_hours=7))
    journal.checkins.save(DayCheckIn(date=TODAY, stress=2))


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


def test_choosing_a_custom_range_starts_from_the_range_shown(qtbot, journal, tmp_path: Path):
    start_five_days_ago(journal)
    tasks = TaskRunner()
    view = InsightsView(JournalContext(journal), tasks)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.insights is not None and view.insights.complete,
                    timeout=WAIT_MS)
    view.range_combo.setCurrentIndex(view.range_combo.findData("custom"))
    view.range_combo.activated.emit(view.range_combo.currentIndex())  # as a click does
    assert view.selected_range() == (TODAY - timedelta(days=4), TODAY)  # not 90 days back
    qtbot.waitUntil(lambda: view.insights.complete and view.insights.summary.start
                    == TODAY - timedelta(days=4), timeout=WAIT_MS)
    assert view.summary_labels["tracked"].text().startswith("2 of 5 days (40%)")
    tasks.wait()


def test_charts_say_what_will_appear_until_there_is_enough(qtbot, journal, tmp_path: Path):
    start_five_days_ago(journal)
    tasks = TaskRunner()
    view = InsightsView(JournalContext(journal), tasks)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.insights is not None and view.insights.complete
                    and not view._busy_keys, timeout=WAIT_MS)
    timeline = view.chart_widgets["timeline"]
    assert timeline.figure is None
    assert timeline.placeholder.text() == ("Your twitch chart fills in after about a week of "
                                           "check-ins: 5 more check-ins to go.")
    assert "12 more tracked days to go" in view.chart_widgets["overview"].placeholder.text()
    assert "20 more twitches to go" in view.chart_widgets["hours"].placeholder.text()
    tasks.wait()


def test_known_associations_lead_and_the_rest_is_folded(qtbot, journal):
    from test_insights_view import fill

    fill(journal)
    tasks = TaskRunner()
    view = InsightsView(JournalContext(journal), tasks)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitUntil(lambda: view.insights is not None and view.insights.complete
                    and not view._busy_keys, timeout=WAIT_MS)
    assert view.chart_widgets["timeline"].figure is not None  # 40 days: charts, not words
    lst = view.sentence_list
    rows = [lst.item(i) for i in range(lst.count())]
    assert rows[0].text() == "Clear associations"
    assert rows[1].text().startswith("Likely real: On days with")
    assert "95% CI" not in rows[1].text() and "95% CI" in rows[1].toolTip() + \
        view.insights.significant[0].sentence
    header = next(r for r in rows if r.text().startswith("▸ Not tested yet ("))
    folded = [r for r in rows[rows.index(header) + 1:]]
    assert folded and all(r.isHidden() for r in folded)
    lst.scrollToItem(header)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton,
                     pos=lst.visualItemRect(header).center())
    assert header.text().startswith("▾ Not tested yet (")
    assert not any(r.isHidden() for r in folded)

    view.numbers_check.setChecked(True)
    assert "95% CI" in rows[1].text() and "rho" in rows[1].text()
    # the summary's trend, too: the interval only on request
    trend = view.summary_labels["trend"]
    assert "95% CI" in trend.text()
    view.numbers_check.setChecked(False)
    assert "95% CI" not in trend.text() and "95% CI" in trend.toolTip()
    tasks.wait()
