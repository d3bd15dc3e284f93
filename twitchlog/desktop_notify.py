"""Desktop notifications with action buttons on Linux: ``org.freedesktop.Notifications``.

Spoken over the session bus with jeepney (pure Python, no event loop of its own), because
Qt for Python's QtDBus cannot send the ``uint32`` the ``Notify`` call requires. A
notification server without the "actions" capability, or no session bus at all, gives
``None`` from :meth:`DesktopNotifications.connect`, and the app falls back to the tray
message. Nothing here touches the network: the session bus is a local socket.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from twitchlog import APP_ID

if TYPE_CHECKING:
    from jeepney.io.threading import DBusConnection, DBusRouter

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
DEFAULT_ACTION = "default"  # a click on the notification itself
TIMEOUT_S = 2.0
UNCLAIMED_KEPT = 16


def supported_platform() -> bool:
    """Desktops that speak freedesktop notifications (not Windows, not macOS)."""
    return not sys.platform.startswith("win") and sys.platform != "darwin"


class _Callback:
    """Stands in for the queue jeepney fills with matching signals (on its receiver thread)."""

    def __init__(self, receive: Callable[[Any], None]) -> None:
        self._receive = receive

    def put_nowait(self, message: Any) -> None:
        self._receive(message)


class DesktopNotifications:
    """One session-bus connection; ``on_action(key)`` runs on jeepney's receiver thread."""

    def __init__(self, conn: DBusConnection, router: DBusRouter,
                 on_action: Callable[[str], None], app_name: str) -> None:
        self._conn = conn
        self._router = router
        self._on_action = on_action
        self._app_name = app_name
        self._ids: set[int] = set()
        # A button pressed before Notify's reply was read (or another app's button).
        self._unclaimed: dict[int, str] = {}
        self._lock = threading.Lock()
        self._filter: object | None = None  # keeps jeepney's filter alive

    @classmethod
    def connect(cls, on_action: Callable[[str], None], *, app_name: str,
                bus: str = "SESSION") -> DesktopNotifications | None:
        """A connection to a notification server that shows actions, else ``None``."""
        if not supported_platform():
            return None
        try:
            from jeepney import DBusAddress, MatchRule, message_bus, new_method_call
            from jeepney.io.threading import DBusRouter, open_dbus_connection
            from jeepney.wrappers import DBusErrorResponse, unwrap_msg
        except ImportError:
            return None
        try:
            conn = open_dbus_connection(bus=bus)
        except (OSError, KeyError, ValueError, RuntimeError):  # no session bus here
            return None
        router = DBusRouter(conn)
        try:
            server = DBusAddress(PATH, bus_name=SERVICE, interface=INTERFACE)
            (capabilities,) = unwrap_msg(router.send_and_get_reply(
                new_method_call(server, "GetCapabilities"), timeout=TIMEOUT_S))
            if "actions" not in capabilities:
                raise LookupError("the notification server shows no buttons")
            rule = MatchRule(type="signal", interface=INTERFACE, member="ActionInvoked",
                             path=PATH)
            unwrap_msg(router.send_and_get_reply(message_bus.AddMatch(rule),
                                                 timeout=TIMEOUT_S))
        except (DBusErrorResponse, OSError, LookupError, TimeoutError, TypeError, ValueError):
            _close(conn, router)
            return None
        notifications = cls(conn, router, on_action, app_name)
        notifications._filter = router.filter(rule, queue=_Callback(notifications._on_signal))
        return notifications

    def notify(self, title: str, body: str, actions: Sequence[tuple[str, str]]) -> bool:
        """Show a notification with ``(key, label)`` buttons; ``False`` if it failed."""
        from jeepney import DBusAddress, new_method_call
        from jeepney.wrappers import DBusErrorResponse, unwrap_msg

        server = DBusAddress(PATH, bus_name=SERVICE, interface=INTERFACE)
        flat = [DEFAULT_ACTION, ""]
        for key, label in actions:
            flat += [key, label]
        hints: dict[str, tuple[str, Any]] = {"desktop-entry": ("s", APP_ID),
                                             "category": ("s", "reminder")}
        message = new_method_call(server, "Notify", "susssasa{sv}i",
                                  (self._app_name, 0, APP_ID, title, body, flat, hints,
                                   -1))
        try:
            (notification_id,) = unwrap_msg(
                self._router.send_and_get_reply(message, timeout=TIMEOUT_S))
        except (DBusErrorResponse, OSError, TimeoutError, TypeError, ValueError):
            return False
        with self._lock:
            self._ids.add(int(notification_id))
            early = self._unclaimed.pop(int(notification_id), None)
        if early is not None:
            self._deliver(int(notification_id), early)
        return True

    def close(self) -> None:
        _close(self._conn, self._router)

    def _on_signal(self, message: Any) -> None:
        try:
            notification_id, key = message.body
        except (TypeError, ValueError):
            return
        with self._lock:
            if notification_id not in self._ids:  # not ours, or not known to be ours yet
                self._unclaimed[notification_id] = str(key)
                while len(self._unclaimed) > UNCLAIMED_KEPT:
                    del self._unclaimed[next(iter(self._unclaimed))]
                return
        self._deliver(notification_id, str(key))

    def _deliver(self, notification_id: int, key: str) -> None:
        with self._lock:
            if notification_id not in self._ids:
                return  # a second button press on the same notification
            self._ids.discard(notification_id)
        self._on_action(key)


def _close(conn: DBusConnection, router: DBusRouter) -> None:
    try:
        router.close()
    finally:
        conn.close()
