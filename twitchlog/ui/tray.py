"""The tray icon (where the desktop has a tray): log a twitch without opening the window.

"Log twitch now" lists the quick-log places (one click logs, like the buttons in the
window) and "Somewhere else…" opens the form; "Check in today" opens today's check-in,
and "Remind me later" appears while a check-in reminder waits. With the setting "Keep
running in the tray when the window is closed", or after a ``--tray`` start, closing the
window only hides it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from twitchlog import APP_NAME
from twitchlog.ui import app_settings
from twitchlog.ui.quick_log_widget import logged_text, place_text
from twitchlog.ui.resources import app_icon

if TYPE_CHECKING:
    from twitchlog.ui.main_window import MainWindow


class TrayController(QObject):
    """Owns the tray icon and its menu for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.resident = False  # started with --tray: closing the window never quits
        self.locked = False  # the idle lock: log without showing what was logged
        self.icon = QSystemTrayIcon(app_icon(), self)  # the same icon as the window and launcher
        self.icon.setToolTip(APP_NAME)
        self.menu = QMenu()
        self.log_menu = self.menu.addMenu("&Log twitch now")
        self.log_menu.aboutToShow.connect(self._on_log_menu_about_to_show)
        self.checkin_action = QAction("&Check in today", self)
        self.checkin_action.triggered.connect(window.check_in_today)
        self.menu.addAction(self.checkin_action)
        self.later_action = QAction("Remind me &later (in an hour)", self)
        self.later_action.setVisible(False)
        self.menu.addAction(self.later_action)
        self.open_action = QAction(f"&Open {APP_NAME}", self)
        self.open_action.triggered.connect(window.show_and_raise)
        self.menu.addAction(self.open_action)
        self.menu.addSeparator()
        self.quit_action = QAction(f"&Quit {APP_NAME}", self)
        self.quit_action.triggered.connect(window.quit_app)
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_icon_activated)
        self._on_log_menu_about_to_show()
        self.icon.show()
        self.apply_settings()

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def keeps_running(self) -> bool:
        """Whether closing the window only hides it (the setting, or a tray start)."""
        return self.resident or app_settings.get_bool(app_settings.KEEP_IN_TRAY)

    def apply_settings(self) -> None:
        """With "keep running in the tray", closing the last window does not quit."""
        QApplication.setQuitOnLastWindowClosed(not self.keeps_running())

    def notify_still_running(self) -> None:
        """Said once: the app is still here, in the tray."""
        if app_settings.get_bool(app_settings.TRAY_HINT_SHOWN):
            return
        app_settings.set_value(app_settings.TRAY_HINT_SHOWN, True)
        self.icon.showMessage(APP_NAME, "TwitchLog keeps running here. Use the tray menu to "
                              "log a twitch or to quit.", QSystemTrayIcon.MessageIcon.Information,
                              6000)

    def log_at(self, location: str, side: str) -> None:
        episode = self._window.today_view.quick_log.log(location, side)
        if episode is not None and self.locked:
            self.icon.showMessage(APP_NAME, "Logged.", QSystemTrayIcon.MessageIcon.Information,
                                  3000)
        elif episode is not None:
            self.icon.showMessage(APP_NAME, f"Logged {logged_text(episode)}. Undo it from "
                                  "the window's Edit menu.",
                                  QSystemTrayIcon.MessageIcon.Information, 4000)

    def _on_log_menu_about_to_show(self) -> None:
        self.log_menu.clear()
        for location, side in self._window.today_view.quick_log.places():
            action = self.log_menu.addAction(place_text(location, side))
            action.triggered.connect(lambda _=False, p=(location, side): self.log_at(*p))
        self.log_menu.addSeparator()
        other = self.log_menu.addAction("Somewhere else…")
        other.triggered.connect(self._window.log_episode)

    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            visible = self._window.isVisible() and not self._window.isMinimized()
            if visible and self.keeps_running():
                self._window.hide()
            else:
                self._window.show_and_raise()
