"""Switching journals rebuilds every view: nothing of the previous journal survives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from app_support import FakeClock, isolate_app_settings
from PySide6.QtWidgets import QMessageBox

from twitchlog.domain import CustomFactor, ValueKind
from twitchlog.store import Journal
from twitchlog.ui import main_window
from twitchlog.ui.context import JournalContext
from twitchlog.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolate_app_settings(tmp_path / "qsettings")


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every warning box the app would have shown (a modal would block the test)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, title, text, *a, **k: shown.append(f"{title}: {text}"))
    return shown


@pytest.fixture
def window(qtbot, journal: Journal) -> Iterator[MainWindow]:
    win = MainWindow(JournalContext(journal), clock=FakeClock())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.commit_pending()
    win.tasks.wait()


def type_sleep(qtbot, window: MainWindow, text: str) -> None:
    edit = window.today_view.checkin.field("sleep_hours")
    edit.clear()
    qtbot.keyClicks(edit, text)
    window.commit_pending()


def test_demo_and_back_then_the_checkin_saves(qtbot, window, journal_path, warnings,
                                              monkeypatch):
    monkeypatch.setattr(main_window, "DEMO_DAYS", 14)
    window.explore_demo()
    qtbot.waitUntil(window.is_demo, timeout=20_000)
    assert "screen time" in [f.name for f in window.context.journal.factors.all()]
    window.demo_banner.back_button.click()
    assert window.context.path == journal_path

    type_sleep(qtbot, window, "7")
    checkin = window.today_view.checkin
    checkin.field("weakness").check.click()
    window.commit_pending()

    assert warnings == []
    stored = window.context.journal.checkins.get(date(2024, 3, 5))
    assert stored is not None and stored.sleep_hours == 7 and stored.weakness is True
    assert stored.factors == {}
    with pytest.raises(KeyError):
        checkin.field("screen time")


def test_factor_rows_follow_the_journal_shown(qtbot, window, tmp_path, warnings):
    window.context.journal.factors.add(CustomFactor(name="screen time", kind=ValueKind.NUMBER,
                                                   unit="h"))
    window.context.notify_changed()
    assert window.today_view.checkin.field("screen time") is not None
    other = Journal.open(tmp_path / "other.twitchlog")
    other.factors.add(CustomFactor(name="pain", kind=ValueKind.SCALE))
    window.switch_journal(other)
    checkin = window.today_view.checkin
    with pytest.raises(KeyError):
        checkin.field("screen time")
    checkin.field("pain").setValue(4)
    type_sleep(qtbot, window, "6")
    assert warnings == []
    stored = other.checkins.get(date(2024, 3, 5))
    assert stored is not None and stored.sleep_hours == 6 and stored.factors == {"pain": 4.0}


def test_report_and_insights_forget_the_previous_journal(qtbot, window, tmp_path):
    report = window.view("report")
    report.status_label.setText("Saved the report (18 pages) to demo.pdf")
    insights = window.view("insights")
    insights.compare_panel.sentence.setText("You logged 2.1× as many twitches …")
    window.switch_journal(Journal.open(tmp_path / "other.twitchlog"))
    assert "Saved the report" not in window.view("report").status_label.text()
    assert window.view("insights").compare_panel.sentence.text() == ""
    assert window.view_keys() == ["today", "journal", "insights", "report"]


def test_changing_the_comparison_drops_the_old_result(qtbot, window):
    panel = window.view("insights").compare_panel
    panel.sentence.setText("You logged half as many twitches in the second period.")
    panel.a_from.setDate(panel.a_from.date().addDays(-3))
    assert panel.sentence.text() == ""
    assert panel.chart.placeholder.text() == "Pick two periods and press Compare."
