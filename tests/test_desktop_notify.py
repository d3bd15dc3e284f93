"""Reminder notifications with buttons over a real (private) session bus, and the fallback."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pytest

if sys.platform != "linux":
    pytest.skip("freedesktop notifications are a Linux feature", allow_module_level=True)

from notify_support import FakeNotificationServer, private_session_bus
from PySide6.QtCore import QObject, Signal

from twitchlog import APP_ID
from twitchlog.desktop_notify import DesktopNotifications
from twitchlog.reminders import MESSAGE, TITLE
from twitchlog.ui.reminder_controller import CHECK_IN, LATER, DesktopNotifier


@pytest.fixture
def bus() -> Iterator[str]:
    with private_session_bus() as address:
        yield address


class RecordingNotifier(QObject):
    """A :class:`Notifier` by shape: it records what it was asked to show."""

    activated = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[bool] = []

    def notify(self, title: str, message: str, *, can_snooze: bool) -> None:
        self.shown.append(can_snooze)


def connect_to(address: str) -> Callable[..., DesktopNotifications | None]:
    """DesktopNotifier's ``connect``, on the private bus."""

    def connect(on_action: Callable[[str], None], *,
                app_name: str) -> DesktopNotifications | None:
        return DesktopNotifications.connect(on_action, app_name=app_name, bus=address)

    return connect


@pytest.mark.parametrize(("pressed", "expected"), [("later", LATER), ("check-in", CHECK_IN),
                                                   ("default", CHECK_IN)])
def test_the_buttons_reach_the_app(qtbot, bus, pressed, expected) -> None:
    server = FakeNotificationServer(bus, press=pressed)
    fallback = RecordingNotifier()
    notifier = DesktopNotifier(fallback, connect=connect_to(bus))
    try:
        with qtbot.waitSignal(notifier.activated, timeout=5000) as chosen:
            notifier.notify(TITLE, MESSAGE, can_snooze=True)
        assert chosen.args == [expected]
        assert notifier.uses_buttons() and fallback.shown == []
        (app_name, replaces, _icon, title, body, actions, hints, timeout), = server.calls
        assert (app_name, replaces, title, body, timeout) == ("TwitchLog", 0, TITLE, MESSAGE, -1)
        assert actions == ["default", "", "check-in", "Check in now", "later", "Later"]
        assert hints["desktop-entry"] == ("s", APP_ID)  # the installed launcher's name
    finally:
        notifier.close()
        server.close()


def test_the_snoozed_reminder_has_no_second_later(qtbot, bus) -> None:
    server = FakeNotificationServer(bus)
    notifier = DesktopNotifier(RecordingNotifier(), connect=connect_to(bus))
    try:
        notifier.notify(TITLE, MESSAGE, can_snooze=False)
        assert server.calls[0][5] == ["default", "", "check-in", "Check in now"]
    finally:
        notifier.close()
        server.close()


def test_a_server_without_buttons_or_no_server_falls_back_to_the_tray(qtbot, bus) -> None:
    server = FakeNotificationServer(bus, capabilities=("body",))
    fallback = RecordingNotifier()
    notifier = DesktopNotifier(fallback, connect=connect_to(bus))
    notifier.notify(TITLE, MESSAGE, can_snooze=True)
    assert fallback.shown == [True] and not notifier.uses_buttons() and server.calls == []
    server.close()

    nobody = RecordingNotifier()  # the bus is there, no notification server on it
    alone = DesktopNotifier(nobody, connect=connect_to(bus))
    alone.notify(TITLE, MESSAGE, can_snooze=False)
    assert nobody.shown == [False]
    assert DesktopNotifications.connect(lambda key: None, app_name="TwitchLog",
                                        bus="unix:path=/nonexistent/bus") is None
