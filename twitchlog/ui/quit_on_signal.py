"""SIGTERM (and SIGINT, SIGHUP) quit the app the way File > Quit does.

A logout, ``kill`` or a service manager sends SIGTERM; without a handler Python dies
at once, skipping the backup on close and leaving the journal's lock to be found stale.
Python runs signal handlers only when it gets control, so the C signal handler writes
to a socket (``signal.set_wakeup_fd``) that a ``QSocketNotifier`` watches; the Qt event
loop then calls :data:`quit` on the UI thread.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP")
                if hasattr(signal, name))


class QuitOnSignal(QObject):
    """Installed once by :func:`twitchlog.ui.app.run_app`; :meth:`uninstall` at exit."""

    def __init__(self, quit: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._quit = quit
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {sig: signal.signal(sig, self._on_signal) for sig in SIGNALS}
        self._pending = False
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read,
                                         self)
        self._notifier.activated.connect(self._on_notifier_activated)

    def _on_signal(self, signum: int, frame: object) -> None:
        self._pending = True  # the Python-level handler; the wakeup byte wakes Qt

    def _on_notifier_activated(self) -> None:
        with contextlib.suppress(OSError):
            while self._reader.recv(64):
                pass
        if self._pending:
            self._pending = False
            self._quit()

    def uninstall(self) -> None:
        self._notifier.setEnabled(False)
        for sig, previous in self._previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(sig, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
