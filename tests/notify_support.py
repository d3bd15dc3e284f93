"""A private session bus and a fake notification server, for the desktop-notification tests.

The server answers like a real one (GNOME, KDE, dunst): ``GetCapabilities``, and
``Notify`` with the exact signature ``susssasa{sv}i``; a call with any other signature
gets an error, as a strict server does. It can press one of the buttons right after
showing a notification.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jeepney import (
    DBusAddress,
    HeaderFields,
    MessageType,
    message_bus,
    new_error,
    new_method_return,
    new_signal,
)
from jeepney.io.blocking import open_dbus_connection

from twitchlog.desktop_notify import INTERFACE, PATH, SERVICE


@contextmanager
def private_session_bus() -> Iterator[str]:
    """Start ``dbus-daemon --session`` for one test; yields its address."""
    daemon = shutil.which("dbus-daemon")
    assert daemon, "dbus-daemon is installed by .ci/qt-deps.sh"
    process = subprocess.Popen([daemon, "--session", "--nofork", "--print-address=1"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        assert address, "dbus-daemon gave no address"
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)


class FakeNotificationServer:
    """``org.freedesktop.Notifications`` on ``address``, answering on its own thread."""

    def __init__(self, address: str, *, capabilities: tuple[str, ...] = ("actions", "body"),
                 press: str | None = None) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.press = press
        self._capabilities = list(capabilities)
        self._ids = itertools.count(41)
        self._conn = open_dbus_connection(bus=address)
        self._conn.send_and_get_reply(message_bus.RequestName(SERVICE))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._conn.close()

    def _serve(self) -> None:
        emitter = DBusAddress(PATH, interface=INTERFACE)
        while not self._stop.is_set():
            try:
                msg = self._conn.receive(timeout=0.1)
            except TimeoutError:
                continue
            if msg.header.message_type is not MessageType.method_call:
                continue
            member = msg.header.fields.get(HeaderFields.member)
            signature = msg.header.fields.get(HeaderFields.signature, "")
            if member == "GetCapabilities":
                self._conn.send(new_method_return(msg, "as", (self._capabilities,)))
            elif member == "Notify" and signature == "susssasa{sv}i":
                notification_id = next(self._ids)
                self.calls.append(msg.body)
                self._conn.send(new_method_return(msg, "u", (notification_id,)))
                if self.press is not None:
                    self._conn.send(new_signal(emitter, "ActionInvoked", "us",
                                               (notification_id, self.press)))
            else:
                self._conn.send(new_error(msg, "org.freedesktop.DBus.Error.InvalidArgs"))
