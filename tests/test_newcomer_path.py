"""The path a newcomer takes first, end to end, as a user clicks it (pytest-qt, offscreen).

First launch → welcome → demo → every view → back to my journal → the check-in and the
warning-sign ticks are stored → a restart finds them. And the same after File › Open of
a second journal with other custom factors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from app_support import FakeClock, isolate_app_settings
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from twitchlog.domain import CustomFactor, ValueKind
from twitchlog.store import Journal
from twitchlog.ui import app, app_settings, main_window
from twitchlog.ui.main_window import MainWindow
from twitchlog.ui.welcome_dialog import WelcomeDialog

DAY = date(2024, 3, 5)  # FakeClock's today
WAIT_MS = 30_000


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolate_app_settings(tmp_path / "qsettings")


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every warning box the app would have shown; the path must show none."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, title, text, *a, **k: shown.append(f"{title}: {text}"))
    return shown


@pytest.fixture
def windows(qtbot) -> Iterator[Callable[[Path], MainWindow]]:
    """Start the app as ``twitchlog --db PATH`` does; every window is closed afterwards."""
    opened: list[MainWindow] = []

    def launch(path: Path) -> MainWindow:
        window = app.open_main_window(str(path), clock=FakeClock())
        assert window is not None
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        opened.append(window)
        return window

    yield launch
    for window in opened:
        quit_window(window)


def quit_window(window: MainWindow) -> None:
    """File › Quit, then what ``run_app`` does on exit (closing twice is harmless)."""
    window.quit_app()
    window.tasks.wait()
    window.context.journal.close()


def click_when_shown(kind: type[QWidget], button: str) -> QTimer:
    """Click ``button`` of the modal ``kind`` dialog as soon as it is up.

    Armed before the action that opens it, since ``exec()`` runs its own event loop.
    """
    timer = QTimer()
    timer.setInterval(20)

    def attempt() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                timer.stop()
                getattr(widget, button).click()

    timer.timeout.connect(attempt)
    timer.start()
    return timer


def visit_every_view(qtbot, window: MainWindow, *, rows: bool) -> None:
    """Open each view and wait until it shows the journal's data (``rows``: episodes)."""
    window.show_view("journal")
    journal_view = window.view("journal")
    if rows:
        qtbot.waitUntil(lambda: journal_view.model.rowCount() > 0, timeout=WAIT_MS)
    window.show_view("insights")
    insights = window.view("insights")
    qtbot.waitUntil(lambda: insights.insights is not None and insights.insights.complete,
                    timeout=WAIT_MS)
    assert insights.sentence_list.count() > 0
    window.show_view("report")
    report = window.view("report")
    qtbot.waitUntil(lambda: report.preview.document is not None, timeout=WAIT_MS)
    window.show_view("today")


def fill_checkin(qtbot, window: MainWindow, sleep: str, *ticks: str) -> None:
    checkin = window.today_view.checkin
    qtbot.keyClicks(checkin.field("sleep_hours"), sleep)
    for name in ticks:
        checkin.field(name).check.click()
    qtbot.waitUntil(lambda: not checkin.has_pending_edits(), timeout=5000)


def test_first_launch_demo_and_back_keeps_what_the_user_enters(
        qtbot, windows, tmp_path, warnings, monkeypatch):
    monkeypatch.setattr(main_window, "DEMO_DAYS", 60)
    home = tmp_path / "mine" / "journal.twitchlog"
    clicker = click_when_shown(WelcomeDialog, "demo_button")
    window = windows(home)
    qtbot.waitUntil(lambda: not clicker.isActive(), timeout=WAIT_MS)
    qtbot.waitUntil(window.is_demo, timeout=WAIT_MS)
    assert app_settings.get_bool(app_settings.WELCOME_DONE)
    assert window.today_view.checkin.field("screen time") is not None
    visit_every_view(qtbot, window, rows=True)

    window.demo_banner.back_button.click()
    assert window.context.path == home
    assert not window.demo_banner.isVisible()
    fill_checkin(qtbot, window, "7", "weakness", "cramps")
    window.today_view.checkin.field("stress").setValue(3)
    quit_window(window)

    assert warnings == []
    with Journal.open(home) as journal:
        stored = journal.checkins.get(DAY)
        assert stored is not None
        assert (stored.sleep_hours, stored.stress) == (7, 3)
        assert (stored.weakness, stored.cramps, stored.numbness) == (True, True, None)
        assert stored.factors == {}

    again = windows(home)  # a restart: no welcome, the day as it was left
    checkin = again.today_view.checkin
    assert checkin.field("sleep_hours").text() == "7"
    assert checkin.field("weakness").check.isChecked()
    assert checkin.field("cramps").check.isChecked()
    assert not checkin.field("numbness").check.isChecked()
    assert checkin.is_tracked()


def test_opening_a_journal_with_other_factors_keeps_what_the_user_enters(
        qtbot, windows, tmp_path, warnings, monkeypatch):
    home = tmp_path / "mine" / "journal.twitchlog"
    with Journal.open(home) as journal:
        journal.factors.add(CustomFactor(name="screen time", kind=ValueKind.NUMBER, unit="h"))
    other = tmp_path / "work" / "other.twitchlog"
    with Journal.open(other) as journal:
        journal.factors.add(CustomFactor(name="pain", kind=ValueKind.SCALE))
        journal.factors.add(CustomFactor(name="sauna", kind=ValueKind.YESNO))
    app_settings.set_value(app_settings.WELCOME_DONE, True)
    window = windows(home)
    qtbot.keyClicks(window.today_view.checkin.field("screen time"), "3")
    monkeypatch.setattr(main_window, "choose_existing", lambda parent: other)
    window.open_action.trigger()
    assert window.context.path == other

    checkin = window.today_view.checkin
    with pytest.raises(KeyError):
        checkin.field("screen time")
    checkin.field("pain").setValue(6)
    fill_checkin(qtbot, window, "5.5", "numbness")
    visit_every_view(qtbot, window, rows=False)
    quit_window(window)

    assert warnings == []
    with Journal.open(home) as journal:
        assert journal.checkins.get(DAY).factors == {"screen time": 3.0}
    with Journal.open(other) as journal:
        stored = journal.checkins.get(DAY)
        assert stored is not None and stored.sleep_hours == 5.5 and stored.numbness is True
        assert stored.factors == {"pain": 6.0}

    again = windows(other)
    checkin = again.today_view.checkin
    assert checkin.field("pain").value() == 6
    assert checkin.field("sleep_hours").text() == "5.5"
    assert checkin.field("numbness").check.isChecked()
