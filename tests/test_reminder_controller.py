"""The reminder in the running app (offscreen, with a fake notifier), the settings and the
tray start."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from app_support import FakeClock, isolate_app_settings
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from twitchlog import autostart
from twitchlog.domain import DayCheckIn
from twitchlog.reminders import MESSAGE, Due
from twitchlog.ui import app, app_settings
from twitchlog.ui.context import JournalContext
from twitchlog.ui.reminder_controller import (
    CHECK_IN,
    LATER,
    ReminderController,
    TrayNotifier,
    load_settings,
)
from twitchlog.ui.reminder_offer_widget import ReminderOfferWidget
from twitchlog.ui.settings_dialog import SettingsDialog
from twitchlog.ui.tray import TrayController


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path, qapp: QApplication) -> Iterator[None]:
    isolate_app_settings(tmp_path / "qsettings")
    app_settings.set_value(app_settings.WELCOME_DONE, True)
    yield
    QApplication.setQuitOnLastWindowClosed(True)  # the tray start and the offer change it


class FakeNotifier(QObject):
    """A :class:`Notifier` by shape: it records what it was asked to show."""

    activated = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[tuple[str, bool]] = []

    def notify(self, title: str, message: str, *, can_snooze: bool) -> None:
        self.shown.append((message, can_snooze))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2024, 3, 5, 20, 0))


@pytest.fixture
def controller(qtbot, journal, clock) -> ReminderController:
    context = JournalContext(journal)
    return ReminderController(context, FakeNotifier(), context, clock=clock)


def turn_on() -> None:
    app_settings.set_value(app_settings.REMINDER_ON, True)


def test_nothing_while_reminders_are_off(controller, clock) -> None:
    clock.advance(2 * 3600)
    assert load_settings().enabled is False
    assert controller.check() is Due.NOTHING and controller.notifier.shown == []


def test_one_reminder_then_later_then_once_more(qtbot, controller, clock) -> None:
    turn_on()
    assert controller.check() is Due.NOTHING  # 20:00
    clock.advance(3600)
    with qtbot.waitSignal(controller.snooze_changed) as offered:
        assert controller.check() is Due.REMINDER
    assert offered.args == [True]
    assert controller.notifier.shown == [(MESSAGE, True)]
    assert controller.check() is Due.NOTHING  # not twice
    controller.notifier.activated.emit(LATER)
    clock.advance(3599)
    assert controller.check() is Due.NOTHING
    clock.advance(1)
    assert controller.check() is Due.SNOOZED
    assert controller.notifier.shown[-1] == (MESSAGE, False)  # no second "Later"
    clock.advance(3600)
    assert controller.check() is Due.NOTHING and len(controller.notifier.shown) == 2


def test_a_restart_remembers_what_was_shown(qtbot, journal, clock) -> None:
    turn_on()
    clock.advance(3 * 3600)  # 23:00: missed at 21:00 while the app was closed
    context = JournalContext(journal)
    first = ReminderController(context, FakeNotifier(), context, clock=clock)
    qtbot.waitUntil(lambda: len(first.notifier.shown) == 1, timeout=2000)  # at start-up
    second = ReminderController(context, FakeNotifier(), context, clock=clock)
    assert second.check() is Due.NOTHING and second.notifier.shown == []


def test_no_reminder_when_today_is_checked_in_and_check_in_now_asks_for_it(
        qtbot, controller, journal, clock) -> None:
    turn_on()
    journal.checkins.save(DayCheckIn(date=clock().date(), stress=2))
    clock.advance(3600)
    assert controller.check() is Due.NOTHING
    with qtbot.waitSignal(controller.check_in_requested):
        controller.notifier.activated.emit(CHECK_IN)


def test_the_settings_dialog_saves_the_reminder_and_the_login_entry(qtbot) -> None:
    dialog = SettingsDialog(tray_available=True)
    qtbot.addWidget(dialog)
    box = dialog.reminder_box
    assert not box.remind_check.isChecked() and not box.time_edit.isEnabled()
    assert box.time_edit.time().toString("HH:mm") == "21:00"
    assert not dialog.tray_check.isChecked()
    box.remind_check.setChecked(True)
    assert dialog.tray_check.isChecked()  # shown, so it can be unticked again
    box.day_checks[5].setChecked(False)
    box.day_checks[6].setChecked(False)
    box.autostart_check.setChecked(True)
    dialog.accept()
    settings = load_settings()
    assert settings.enabled and settings.weekdays == frozenset(range(5))
    assert autostart.is_enabled("xdg")
    assert app_settings.get_bool(app_settings.KEEP_IN_TRAY)
    dialog = SettingsDialog(tray_available=True)
    qtbot.addWidget(dialog)
    assert dialog.reminder_box.autostart_check.isChecked()
    dialog.reminder_box.autostart_check.setChecked(False)
    dialog.accept()
    assert not autostart.entry_path("xdg").exists()


def test_the_offer_comes_once_after_the_third_tracked_day(qtbot, journal) -> None:
    context = JournalContext(journal)
    assert ReminderOfferWidget(context).should_offer() is False  # no tray here, no offer
    offer = ReminderOfferWidget(context, tray_available=lambda: True)
    qtbot.addWidget(offer)
    for day in range(1, 3):
        journal.checkins.save(DayCheckIn(date=datetime(2024, 3, day).date()))
    offer.refresh()
    assert offer.isHidden()
    journal.checkins.save(DayCheckIn(date=datetime(2024, 3, 3).date()))
    offer.refresh()
    assert not offer.isHidden()
    offer.yes_button.click()
    assert load_settings().enabled
    assert "21:00 every day" in offer.label.text()
    assert app_settings.get_bool(app_settings.KEEP_IN_TRAY)  # it has to keep running
    offer.refresh()
    assert offer.isHidden()  # never offered again


def test_a_tray_start_shows_no_window_and_the_tray_menu_has_the_four_actions(
        qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(TrayController, "available", staticmethod(lambda: True))
    window = app.open_main_window(str(tmp_path / "tray.twitchlog"), tray=True)
    try:
        assert window is not None and not window.isVisible()
        assert window.tray is not None and window.tray.keeps_running()
        assert isinstance(window.tray.icon, QSystemTrayIcon)
        texts = [a.text().replace("&", "") for a in window.tray.menu.actions()
                 if a.isVisible() and not a.isSeparator()]
        assert texts == ["Log twitch now", "Check in today", "Open TwitchLog", "Quit TwitchLog"]
        assert not window.tray.later_action.isVisible()
        window.reminders.snooze_changed.emit(True)  # a reminder is waiting
        assert window.tray.later_action.isVisible()
        window.reminders.notifier.activated.emit(CHECK_IN)  # "Check in now"
        assert window.isVisible() and window.current_view_key() == "today"
        window.hide()
        window.tray.checkin_action.trigger()
        assert window.isVisible() and window.current_view_key() == "today"
        assert window.today_view.checkin.day() == window.today_view.day_dots.dots.today
        window.close()  # a tray start keeps running in the tray
        assert not window.isVisible()
    finally:
        window.quit_app()
        window.tasks.wait()
        window.context.journal.close()


def test_the_tray_message_opens_the_check_in_only_for_a_reminder(qtbot) -> None:
    icon = QSystemTrayIcon()
    notifier = TrayNotifier(icon)
    chosen: list[str] = []
    notifier.activated.connect(chosen.append)
    icon.messageClicked.emit()  # some other tray message ("Logged …")
    assert chosen == []
    notifier.notify("title", MESSAGE, can_snooze=True)
    icon.messageClicked.emit()
    icon.messageClicked.emit()
    assert chosen == [CHECK_IN]
