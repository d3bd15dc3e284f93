"""The one-time, kind offer of a daily reminder, shown on Today after the third tracked day.

Reminders stay off until the user says yes here or in Settings; either answer (or
turning them on in Settings) means the offer never comes back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QWidget,
)

from twitchlog import paths, reminders
from twitchlog.store import JournalError
from twitchlog.ui import app_settings
from twitchlog.ui.context import JournalContext
from twitchlog.ui.reminder_controller import load_settings, save_settings

OFFER_AFTER_DAYS = 3


class ReminderOfferWidget(QFrame):
    """"Would a gentle reminder help?" with Yes and No thanks."""

    def __init__(self, context: JournalContext, parent: QWidget | None = None, *,
                 tray_available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("reminderOffer")
        self._context = context
        self._tray_available = tray_available
        at = reminders.time_text(reminders.DEFAULT_TIME)
        self.label = QLabel(f"Would a gentle reminder help? If a day has no check-in by {at}, "
                            "TwitchLog can ask once.", self)
        self.label.setWordWrap(True)
        self.yes_button = QPushButton(f"Remind me at {at}", self)
        self.yes_button.setAccessibleName(f"Remind me at {at}")
        self.no_button = QPushButton("No, thanks", self)
        self.no_button.setAccessibleName("No reminder, thanks")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.yes_button)
        layout.addWidget(self.no_button)
        self.yes_button.clicked.connect(self._on_yes_button_clicked)
        self.no_button.clicked.connect(self._on_no_button_clicked)
        self.refresh()

    def should_offer(self) -> bool:
        if app_settings.get_bool(app_settings.REMINDER_OFFERED) or load_settings().enabled:
            return False
        if not self._tray_available():
            return False  # the reminder lives in the tray
        if self._context.path.name == paths.DEMO_FILENAME:
            return False  # made-up days are not the user's own habit
        try:
            return self._context.journal.counts()["checkins"] >= OFFER_AFTER_DAYS
        except JournalError:
            return False

    def refresh(self) -> None:
        self.setVisible(self.should_offer())

    def _on_yes_button_clicked(self) -> None:
        current = load_settings()
        save_settings(reminders.ReminderSettings(enabled=True, at=current.at,
                                                 weekdays=current.weekdays))
        app_settings.set_value(app_settings.REMINDER_OFFERED, True)
        # The reminder needs TwitchLog running: closing the window now keeps it in the tray.
        app_settings.set_value(app_settings.KEEP_IN_TRAY, True)
        QApplication.setQuitOnLastWindowClosed(False)
        self.label.setText(f"Reminder on: {reminders.describe(load_settings())}. TwitchLog "
                           "stays in the tray when its window closes; change either in "
                           "File › Settings.")
        self.yes_button.hide()
        self.no_button.setText("OK")
        self.no_button.setAccessibleName("OK")

    def _on_no_button_clicked(self) -> None:
        app_settings.set_value(app_settings.REMINDER_OFFERED, True)
        self.hide()
