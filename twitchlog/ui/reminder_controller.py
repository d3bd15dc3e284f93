"""The daily check-in reminder in the running app: reads the settings, asks
:mod:`twitchlog.reminders` what is due, shows it, and remembers what was shown.

It checks every 30 seconds and when the app starts, so a reminder missed while the
computer slept or the app was closed appears at the next check of the same day. The
notification goes through a :class:`Notifier`; the tray balloon
(``QSystemTrayIcon.showMessage``) is the one every platform has, and clicking it opens
today's check-in. "Later" lives in the tray menu while a reminder is waiting, because
the balloon itself cannot carry buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from twitchlog import APP_NAME, reminders
from twitchlog.desktop_notify import DEFAULT_ACTION, DesktopNotifications
from twitchlog.reminders import Due, ReminderSettings, ReminderState
from twitchlog.store import JournalError, dbapi
from twitchlog.ui import app_settings
from twitchlog.ui.context import JournalContext
from twitchlog.validation import now_local

if TYPE_CHECKING:
    from twitchlog.ui.main_window import MainWindow
    from twitchlog.ui.tray import TrayController

CHECK_MS = 30_000
CHECK_IN = "check-in"
LATER = "later"


class Notifier(Protocol):
    """What the controller needs of a notifier: ``notify`` shows a notification and the
    ``activated`` signal carries the chosen action (``CHECK_IN``/``LATER``).

    A protocol, not a base class: Qt's metaclass rules out an abstract QObject, and a
    base method that only raised would fail at run time rather than in the type check.
    """

    @property
    def activated(self) -> SignalInstance: ...

    def notify(self, title: str, message: str, *, can_snooze: bool) -> None: ...


class TrayNotifier(QObject):
    """The tray balloon: a click on it means "Check in now"."""

    activated = Signal(str)

    def __init__(self, icon: QSystemTrayIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icon = icon
        self._pending = False
        icon.messageClicked.connect(self._on_icon_message_clicked)

    def notify(self, title: str, message: str, *, can_snooze: bool) -> None:
        self._pending = True
        hint = " Click here to check in." + (" “Later” is in the tray menu." if can_snooze
                                              else "")
        self._icon.showMessage(title, message + hint, QSystemTrayIcon.MessageIcon.Information,
                               15_000)

    def _on_icon_message_clicked(self) -> None:
        # The tray shows other messages too (a twitch logged); only ours opens the check-in.
        if self._pending:
            self._pending = False
            self.activated.emit(CHECK_IN)


class DesktopNotifier(QObject):
    """Buttons where the desktop has them, else ``fallback`` (the tray message).

    The session bus is first contacted when a reminder is due, not at start-up.
    """

    activated = Signal(str)
    _from_bus = Signal(str)  # emitted on jeepney's thread, delivered on the UI thread

    def __init__(self, fallback: Notifier, parent: QObject | None = None, *,
                 connect: Callable[..., DesktopNotifications | None]
                 = DesktopNotifications.connect) -> None:
        super().__init__(parent)
        self.fallback = fallback
        self._connect = connect
        self._bus: DesktopNotifications | None = None
        self._tried = False
        fallback.activated.connect(self.activated)
        self._from_bus.connect(self._on_bus_action)

    def notify(self, title: str, message: str, *, can_snooze: bool) -> None:
        if not self._tried:
            self._tried = True
            self._bus = self._connect(self._from_bus.emit, app_name=APP_NAME)
        if self._bus is not None:
            actions = [(CHECK_IN, "Check in now")] + ([(LATER, "Later")] if can_snooze else [])
            if self._bus.notify(title, message, actions):
                return
        self.fallback.notify(title, message, can_snooze=can_snooze)

    def uses_buttons(self) -> bool:
        return self._bus is not None

    def close(self) -> None:
        if self._bus is not None:
            self._bus.close()
            self._bus = None

    def _on_bus_action(self, key: str) -> None:
        if key in (CHECK_IN, DEFAULT_ACTION):
            self.activated.emit(CHECK_IN)
        elif key == LATER:
            self.activated.emit(LATER)


def load_settings() -> ReminderSettings:
    return ReminderSettings(
        enabled=app_settings.get_bool(app_settings.REMINDER_ON),
        at=reminders.parse_time(app_settings.get_str(app_settings.REMINDER_TIME, "21:00")),
        weekdays=reminders.parse_weekdays(app_settings.get_str(
            app_settings.REMINDER_DAYS, reminders.weekdays_text(reminders.ALL_WEEKDAYS))),
    )


def save_settings(settings: ReminderSettings) -> None:
    app_settings.set_value(app_settings.REMINDER_ON, settings.enabled)
    app_settings.set_value(app_settings.REMINDER_TIME, reminders.time_text(settings.at))
    app_settings.set_value(app_settings.REMINDER_DAYS,
                           reminders.weekdays_text(settings.weekdays))


def load_state() -> ReminderState:
    prefix = app_settings.REMINDER_STATE
    keys = ("day", "shown", "snoozed_until", "snooze_shown")
    return reminders.state_from_texts({k: app_settings.get_str(f"{prefix}/{k}") for k in keys})


def save_state(state: ReminderState) -> None:
    settings = app_settings.app_settings()
    for key, value in reminders.state_to_texts(state).items():
        settings.setValue(f"{app_settings.REMINDER_STATE}/{key}", value)
    settings.sync()


class ReminderController(QObject):
    """Owns the reminder timer for one window; ``check_in_requested`` opens the check-in."""

    check_in_requested = Signal()
    snooze_changed = Signal(bool)  # whether "Later" can be offered now

    def __init__(self, context: JournalContext, notifier: Notifier,
                 parent: QObject | None = None, *,
                 clock: Callable[[], datetime] = now_local) -> None:
        super().__init__(parent)
        self._context = context
        self._clock = clock
        self.notifier = notifier
        notifier.activated.connect(self._on_notifier_activated)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        QTimer.singleShot(0, self.check)  # missed while the app was closed: shown once now

    def check(self) -> Due:
        """Show the reminder if it is due now; returns what was shown."""
        now = self._clock()
        state = load_state()
        try:
            checked_in = self._context.journal.checkins.get(now.date()) is not None
        except dbapi.sql_error(JournalError):  # a journal closing or switching: next time
            return Due.NOTHING
        what = reminders.due(now, load_settings(), state, checked_in=checked_in)
        if what is Due.NOTHING:
            if checked_in:
                self.snooze_changed.emit(False)
            return what
        state = reminders.shown(now, state, what)
        save_state(state)
        can_snooze = reminders.can_snooze(now, state)
        self.notifier.notify(reminders.TITLE, reminders.MESSAGE, can_snooze=can_snooze)
        self.snooze_changed.emit(can_snooze)
        return what

    def can_snooze(self) -> bool:
        return reminders.can_snooze(self._clock(), load_state())

    def snooze(self) -> None:
        """"Later": once a day, the reminder comes back in an hour."""
        now = self._clock()
        save_state(reminders.snoozed(now, load_state()))
        self.snooze_changed.emit(False)

    def _on_notifier_activated(self, action: str) -> None:
        if action == LATER:
            self.snooze()
        elif action == CHECK_IN:
            self.snooze_changed.emit(False)
            self.check_in_requested.emit()



def install_reminders(window: MainWindow, tray: TrayController,
                      clock: Callable[[], datetime]) -> ReminderController:
    """Reminders with buttons where the desktop has them, else through the tray."""
    notifier = DesktopNotifier(TrayNotifier(tray.icon, window), window)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(notifier.close)
    controller = ReminderController(window.context, notifier, window, clock=clock)
    controller.check_in_requested.connect(window.check_in_today)
    controller.snooze_changed.connect(tray.later_action.setVisible)
    tray.later_action.triggered.connect(controller.snooze)
    return controller
