"""One app instance per journal: a second launch brings the running window forward.

The first instance takes a ``QLockFile`` beside the journal (``.<name>.lock``; a lock
left by a crashed app is detected by its dead pid and taken over) and listens on a
``QLocalServer`` whose name is a hash of the user and the journal path. A second
launch for the same journal fails to take the lock, sends ``raise`` to that server,
waits for ``ok`` and exits with status 0 – it never opens the journal. The command
line does not take the lock: it may write while the app is open.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from twitchlog.paths import ensure_private_dir
from twitchlog.store.safety import instance_lock_path, instance_server_name

RAISE_MESSAGE = b"raise\n"
ACK_MESSAGE = b"ok\n"
CONNECT_TIMEOUT_MS = 3000


class SingleInstance(QObject):
    """The lock and the local server of the journal this app instance has open."""

    raise_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None
        self._window: QWidget | None = None
        self._pending_raise = False

    # --- claiming --------------------------------------------------------------------

    def claim(self, journal_path: Path | str) -> bool:
        """Take the journal for this instance; ``False`` if another live app holds it.

        A folder where no lock file can be made (read-only) does not stop the app:
        such a journal cannot be written anyway.
        """
        path = Path(journal_path).expanduser().absolute()
        with contextlib.suppress(OSError):
            ensure_private_dir(path.parent)
        lock = QLockFile(str(instance_lock_path(path)))
        lock.setStaleLockTime(0)  # only a dead owner makes a lock stale, never its age
        held: QLockFile | None = lock
        if not lock.tryLock(0):
            if lock.error() == QLockFile.LockError.LockFailedError:
                if not (lock.removeStaleLockFile() and lock.tryLock(0)):
                    return False
            else:
                held = None  # cannot create a lock file here: carry on unprotected
        self.release()
        self._lock = held
        self.path = path
        self._listen(path)
        return True

    def retarget(self, journal_path: Path | str) -> bool:
        """Move the claim to another journal (File > Open); ``False`` if another app
        has that one open (the current claim is kept then)."""
        path = Path(journal_path).expanduser().absolute()
        if self.path is not None and path == self.path:
            return True
        previous = self.path
        if self.claim(path):
            return True
        if previous is not None:
            self.claim(previous)
        return False

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
        self.path = None

    def _listen(self, path: Path) -> None:
        name = instance_server_name(path)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(name)  # a socket left by a crashed instance (we hold the lock)
        if server.listen(name):
            server.newConnection.connect(self._on_server_new_connection)
            self._server = server
        else:
            server.deleteLater()

    # --- the window --------------------------------------------------------------------

    def attach(self, window: QWidget) -> None:
        """Bring ``window`` forward whenever a second launch asks for it."""
        self._window = window
        if self._pending_raise:
            self._pending_raise = False
            self._raise_window()

    def _on_server_new_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_socket_ready_read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._on_socket_ready_read(socket)

    def _on_socket_ready_read(self, socket: QLocalSocket) -> None:
        if not bytes(socket.readAll().data()).startswith(RAISE_MESSAGE.strip()):
            return
        self.raise_requested.emit()
        if self._window is None:
            self._pending_raise = True  # still opening the journal: raise once shown
        else:
            self._raise_window()
        socket.write(ACK_MESSAGE)
        socket.flush()

    def _raise_window(self) -> None:
        window = self._window
        if window is None:
            return
        show_and_raise = getattr(window, "show_and_raise", None)
        if show_and_raise is not None:
            show_and_raise()
            return
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()


def ask_running_instance_to_raise(journal_path: Path | str,
                                  timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
    """Tell the app that has ``journal_path`` open to come forward; ``True`` once it
    answered. Used by a second launch, which then exits without opening the journal."""
    path = Path(journal_path).expanduser().absolute()
    socket = QLocalSocket()
    socket.connectToServer(instance_server_name(path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE_MESSAGE)
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    answered = False
    while socket.waitForReadyRead(timeout_ms):
        if ACK_MESSAGE.strip() in bytes(socket.readAll().data()):
            answered = True
            break
    socket.disconnectFromServer()
    return answered


def lock_holder(journal_path: Path | str) -> int | None:
    """The pid of another live instance holding the journal's lock, else ``None``."""
    lock = QLockFile(str(instance_lock_path(Path(journal_path).expanduser().absolute())))
    lock.setStaleLockTime(0)
    pid = lock.getLockInfo()[0]
    if not pid:
        return None
    if lock.tryLock(0):
        lock.unlock()
        return None
    return pid


def claim_or_forward(journal_path: Path | str, parent: QObject | None = None
                     ) -> tuple[SingleInstance | None, int]:
    """Start-up: ``(instance, 0)`` when this launch may open the journal, else
    ``(None, status)`` after asking the running app to come forward (status 0), or
    telling the user it did not answer (status 1). The journal is never opened here."""
    instance = SingleInstance(parent)
    if instance.claim(journal_path):
        return instance, 0
    if ask_running_instance_to_raise(journal_path):
        return None, 0
    from PySide6.QtWidgets import QMessageBox

    pid = lock_holder(journal_path)
    holder = f" (process {pid})" if pid else ""
    QMessageBox.information(
        None, "TwitchLog is already open",
        f"TwitchLog already has the journal {journal_path} open{holder}, but that window "
        "did not respond. Switch to it, or close it and start TwitchLog again.")
    return None, 1
