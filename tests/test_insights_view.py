"""The Insights view: computed off the UI thread, sentences open charts, charts save."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette

from twitchlog.analysis.results import Association
from twitchlog.domain import DayCheckIn, Episode, Medication
from twitchlog.services import insights as insights_service
from twitchlog.ui.context import JournalContext
from twitchlog.ui.insights_view import InsightsView
from twitchlog.ui.tasks import TaskRunner

TODAY = date.today()
WAIT_MS = 30_000


def fill(journal, days: int = 40) -> None:
    """``days`` tracked days up to today; twitches rise with caffeine."""
    tz = datetime.now().astimezone().tzinfo
    rng = np.random.default_rng(3)
    for i in range(days):
        day = TODAY - timedelta(days=i)
        caffeine = float(rng.choice([0, 100, 200, 300, 400]))
        journal.checkins.save(DayCheckIn(date=day, caffeine_mg=caffeine,
                                        sleep_hours=float(rng.choice([6, 7, 8]))))
        for k in range(int(rng.poisson(0.5 + caffeine / 80))):
            journal.episodes.add(Episode(started_at=datetime(day.year, day.month, day.day,
                                                            7 + k % 14, tzinfo=tz),
                                        location="eyelid", side="left", duration_s=12.0))


@pytest.fixture
def view(qtbot, journal):
    context = JournalContext(journal)
    tasks = TaskRunner()
    widget = InsightsView(context, tasks)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    yield widget
    tasks.wait()


def wait_complete(qtbot, view: InsightsView) -> None:
    qtbot.waitUntil(lambda: view.insights is not None and view.insights.complete
                    and not view._busy_keys, timeout=WAIT_MS)


def test_worker_does_not_block_the_ui_thread(qtbot, view, journal, monkeypatch) -> None:
    fill(journal)
    real = insights_service.first_pass

    def slow(**kwargs):
        time.sleep(0.4)  # a long computation, on the worker thread
        return real(**kwargs)

    monkeypatch.setattr(insights_service, "first_pass", slow)
    ticks_while_busy = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks_while_busy.append(1) if view._busy_keys else None)
    timer.start()
    view.show()
    qtbot.waitUntil(lambda: view.busy_bar.isVisible(), timeout=WAIT_MS)
    wait_complete(qtbot, view)
    timer.stop()
    assert len(ticks_while_busy) >= 5  # the event loop kept running during the work
    assert not view.busy_bar.isVisible()
    assert view.summary_labels["tracked"].text().startswith("40 of 40 days")  # not before day 1
    texts = [view.sentence_list.item(i).text() for i in range(view.sentence_list.count())]
    assert texts[0] == "Clear associations"
    assert any("caffeine" in t and "as many twitches" in t for t in texts)
    # the model of the factors together backs the caffeine sentence (issue 9)
    adjusted = texts.index("Accounting for the factors together")
    note = view.sentence_list.item(adjusted + 1)
    assert note.text() == "Caffeine: still clear after accounting for sleep."
    view.numbers_check.setChecked(True)  # the rate ratio and its CI on request
    assert note.text().startswith("Caffeine: still clear after accounting for sleep (")
    assert "× per 100 mg, 95% CI" in note.text()
    view.numbers_check.setChecked(False)
    assert any(t.startswith("▸ Not tested yet (") for t in texts)  # folded at first
    for key, chart in view.chart_widgets.items():
        assert chart.figure is not None, key


def test_clicking_a_sentence_shows_its_chart(qtbot, view, journal) -> None:
    fill(journal)
    view.show()
    wait_complete(qtbot, view)
    lst = view.sentence_list
    lst.set_group_open("unclear", True)
    item = next(lst.item(i) for i in range(lst.count())
                if isinstance(lst.item(i).data(Qt.ItemDataRole.UserRole + 1), Association)
                and "sleep" in lst.item(i).text().lower())
    rect = lst.visualItemRect(item)
    lst.scrollToItem(item)
    rect = lst.visualItemRect(item)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chart = view.chart_widgets["factor"]
    assert view.tabs.currentWidget() is chart
    qtbot.waitUntil(lambda: chart.figure is not None and "Sleep" in
                    chart.figure.axes[0].get_title(loc="left"), timeout=WAIT_MS)


def test_hidden_view_waits_and_refreshes_when_shown(qtbot, view, journal) -> None:
    calls = []
    view._tasks.busy_changed.connect(lambda key, busy: calls.append(key) if busy else None)
    view._context.notify_changed()
    qtbot.wait(300)
    assert calls == []  # nothing computed while hidden
    fill(journal, 5)
    view.show()
    wait_complete(qtbot, view)
    assert "insights" in calls
    assert view.insights.summary.coverage.days_tracked == 5
    calls.clear()
    journal.checkins.save(DayCheckIn(date=TODAY - timedelta(days=20)))
    view._context.notify_changed()
    qtbot.waitUntil(lambda: view.insights.summary.coverage.days_tracked == 6
                    and view.insights.complete, timeout=WAIT_MS)


def test_custom_range_and_all_time(qtbot, view, journal) -> None:
    fill(journal, 30)
    view.show()
    wait_complete(qtbot, view)
    start, end = TODAY - timedelta(days=9), TODAY - timedelta(days=2)
    view.set_range("custom", start, end)
    assert view.custom_box.isVisible()
    qtbot.waitUntil(lambda: view.insights.summary.start == start and view.insights.complete,
                    timeout=WAIT_MS)
    assert view.insights.summary.coverage.days_in_range == 8
    view.set_range("all")
    qtbot.waitUntil(lambda: view.insights.summary.start == TODAY - timedelta(days=29)
                    and view.insights.complete, timeout=WAIT_MS)


def test_empty_journal_says_nothing_can_be_tested(qtbot, view) -> None:
    view.show()
    wait_complete(qtbot, view)
    texts = [view.sentence_list.item(i).text() for i in range(view.sentence_list.count())]
    assert any(t.startswith("Nothing could be tested yet") for t in texts)
    assert view.summary_labels["first"].text() == "Nothing logged yet"
    assert view.summary_labels["warnings"].text() == "None logged in this period"


def test_charts_follow_a_dark_palette_and_save(qtbot, view, journal, tmp_path) -> None:
    fill(journal, 20)
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#1f2327"))
    view.setPalette(palette)
    view.show()
    wait_complete(qtbot, view)
    figure = view.chart_widgets["timeline"].figure
    assert QColor.fromRgbF(*figure.get_facecolor()).name() == "#1f2327"
    view.tabs.setCurrentWidget(view.chart_widgets["hours"])
    assert view.save_button.isEnabled()
    png = view.save_current_chart(tmp_path / "when.png")
    svg = view.save_current_chart(tmp_path / "when.svg")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert b"When twitches start" in svg.read_bytes()


def test_compare_before_and_while_taking_a_medication(qtbot, view, journal) -> None:
    fill(journal, 40)
    journal.medications.save(Medication("Magnesium", TODAY - timedelta(days=14)))
    view.show()
    wait_complete(qtbot, view)
    panel = view.compare_panel
    assert panel.mode_combo.currentText() == "Before vs while taking Magnesium"
    assert not panel.ranges.isVisible()
    view.tabs.setCurrentWidget(panel)
    qtbot.mouseClick(panel.compare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.chart.figure is not None, timeout=WAIT_MS)
    assert "as many twitches per tracked day as before Magnesium" in panel.sentence.text()
    assert view.save_button.isEnabled()
    panel.mode_combo.setCurrentIndex(panel.mode_combo.count() - 1)
    assert panel.ranges.isVisible()


def test_constructing_the_view_imports_no_matplotlib_or_scipy(tmp_path) -> None:
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from twitchlog.store import Journal\n"
        "from twitchlog.ui.context import JournalContext\n"
        "from twitchlog.ui.tasks import TaskRunner\n"
        "from twitchlog.ui.insights_view import InsightsView\n"
        f"view = InsightsView(JournalContext(Journal.open({str(tmp_path / 'j.db')!r})), "
        "TaskRunner())\n"
        "print(','.join(m for m in ('matplotlib', 'scipy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**__import__("os").environ,
                                          "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == ""


def test_body_map_shades_places_by_count(qtbot) -> None:
    from twitchlog.analysis.results import LocationCount
    from twitchlog.ui.insights_body_map_widget import InsightsBodyMapWidget, region_counts

    rows = [LocationCount("eyelid", "left", 10), LocationCount("calf", "both", 4),
            LocationCount("back", "unspecified", 2), LocationCount("thumb", "right", 1),
            LocationCount("earlobe", "left", 3)]
    elements = {"eyelid-left", "eyelid-right", "calf-left", "calf-right", "back",
                "thumb-right", "thumb-left"}
    counts, unmapped = region_counts(rows, elements)
    assert counts == {"eyelid-left": 10, "calf-left": 4, "calf-right": 4, "back": 2,
                      "thumb-right": 1}
    assert unmapped == 3
    widget = InsightsBodyMapWidget()
    qtbot.addWidget(widget)
    widget.set_counts(rows)
    assert "3 episodes at places the map does not show" in widget.key.text()
    most, least = widget.element_color("eyelid-left"), widget.element_color("thumb-right")
    assert most.lightness() < least.lightness()  # darker = more, readable in greyscale
    assert widget.element_color("eyelid-right") is None


def test_typical_duration_reads_well_from_one_episode_on(qtbot, view, journal) -> None:
    """One timed episode said "30 s (middle half 30 s–30 s; 1 timed)"; a duration could
    wrap between its number and unit ("4" / "s–20 s")."""
    tz = datetime.now().astimezone().tzinfo
    day = TODAY - timedelta(days=1)  # whole hours of it are in the past at any time of day
    journal.checkins.save(DayCheckIn(date=day, sleep_hours=7.0))
    journal.episodes.add(Episode(started_at=datetime(day.year, day.month, day.day, 7,
                                                    tzinfo=tz), location="calf", duration_s=30))
    view.show()
    wait_complete(qtbot, view)
    assert view.summary_labels["duration"].text() == "30\u00a0s (1 timed)"
    for minutes in (1, 2, 5):
        journal.episodes.add(Episode(started_at=datetime(day.year, day.month, day.day,
                                                        7 + minutes, tzinfo=tz),
                                    location="calf", duration_s=60.0 * minutes + 2))
    view.refresh()
    qtbot.waitUntil(lambda: "middle half" in view.summary_labels["duration"].text(),
                    timeout=WAIT_MS)
    text = view.summary_labels["duration"].text()
    assert text.endswith("; 4 timed)")
    assert " s" not in text.replace("middle half", "") and "\u00a0s" in text
