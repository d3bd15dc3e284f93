"""Locking the window of a protected journal after a chosen idle time.

Any key or mouse input in the app restarts the clock. Locked, the window hides and comes
back only after the passphrase is typed again (the same prompt as at start); the tray's
quick-log keeps writing if the user allowed it, and says only that it logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from twitchlog.store import cipher
from twitchlog.ui import app_settings
from twitchlog.ui.privacy_settings_widget import idle_lock_minutes

if TYPE_CHECKING:
    from twitchlog.ui.main_window import MainWindow

_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                       QEvent.Type.MouseMove, QEvent.Type.Wheel})


class IdleLock(QObject):
    """Watches input for ``window``; see the module docstring."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.locked = False
        self._prompting = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        self._watching = False
        self.restart()

    def applies(self) -> bool:
        return idle_lock_minutes() > 0 and cipher.is_protected_file(self._window.context.path)

    def restart(self) -> None:
        """Start the idle clock again (the journal or the settings changed).

        Input is watched only while a lock applies: an application-wide event filter
        costs a Python call per event.
        """
        applies = self.applies()
        app = QApplication.instance()
        if app is not None and applies != self._watching:
            if applies:
                app.installEventFilter(self)
            else:
                app.removeEventFilter(self)
            self._watching = applies
        if applies:
            self._timer.start(idle_lock_minutes() * 60_000)
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.locked:
            self._timer.start()
        if (self.locked and watched is self._window and event.type() == QEvent.Type.Show
                and not self._prompting):
            QTimer.singleShot(0, self.ask_to_unlock)
        return False

    def lock(self) -> None:
        """Hide the window behind the passphrase prompt (protected journals only)."""
        if self.locked or not self.applies():
            return
        self.locked = True
        # Showing the window again (tray, second launch) must ask first, even if the
        # settings change meanwhile; watched only while locked, as every event of a
        # watched window is a Python call (and start-up paid for it).
        self._window.installEventFilter(self)
        self._set_tray_locked(True)
        self._window.hide()

    def ask_to_unlock(self) -> bool:
        """The prompt; the window comes back only with the right passphrase."""
        from PySide6.QtWidgets import QDialog

        from twitchlog.ui.passphrase_dialog import PassphraseDialog

        if not self.locked or self._prompting:
            return not self.locked
        self._prompting = True
        self._window.hide()
        try:
            dialog = PassphraseDialog(
                self._window.context.path, None, remember=False, cancel_text="Stay locked",
                message="TwitchLog is locked. Enter the journal's passphrase to show it.")
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self._prompting = False
        if accepted:
            self.unlock()
        return accepted

    def unlock(self) -> None:
        self.locked = False
        self._window.removeEventFilter(self)
        self._set_tray_locked(False)
        self._window.show_and_raise()
        self.restart()

    def _set_tray_locked(self, locked: bool) -> None:
        tray = self._window.tray
        if tray is None:
            return
        allowed = app_settings.get_bool(app_settings.QUICK_LOG_WHILE_LOCKED, True)
        tray.locked = locked
        tray.log_menu.setEnabled(not locked or allowed)
