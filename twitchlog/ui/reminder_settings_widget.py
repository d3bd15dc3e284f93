"""Settings for the daily reminder and for starting at login (a group of the Settings dialog).

The login entry is read from the system each time (the file or registry value is the
setting), so what the box shows is what will happen at the next login.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from twitchlog import autostart, reminders
from twitchlog.reminders import ReminderSettings
from twitchlog.ui import app_settings
from twitchlog.ui.reminder_controller import load_settings, save_settings

DAY_LABELS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class ReminderSettingsBox(QGroupBox):
    """Reminder on/off, time and days; "Start TwitchLog in the tray when I log in"."""

    def __init__(self, *, tray_available: bool, parent: QWidget | None = None) -> None:
        super().__init__("Reminder and start-up", parent)
        current = load_settings()
        self.remind_check = QCheckBox("&Remind me to check in if a day has none yet", self)
        self.remind_check.setChecked(current.enabled)
        self.remind_check.setAccessibleName("Daily check-in reminder")
        self.remind_check.setAccessibleDescription(
            "A notification at the chosen time on the chosen days, only when the day has no "
            "check-in yet")
        self.time_edit = QTimeEdit(QTime(current.at.hour, current.at.minute), self)
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setAccessibleName("Reminder time")
        self.time_edit.setAccessibleDescription("Hours and minutes; the arrow keys change them")
        at_label = QLabel("&at", self)
        at_label.setBuddy(self.time_edit)
        time_row = QHBoxLayout()
        time_row.addWidget(at_label)
        time_row.addWidget(self.time_edit)
        time_row.addStretch(1)
        self.day_checks: list[QCheckBox] = []
        days_row = QHBoxLayout()
        for index, name in enumerate(reminders.WEEKDAY_NAMES):
            check = QCheckBox(name, self)
            check.setAccessibleName(DAY_LABELS[index])
            check.setAccessibleDescription(f"Remind on {DAY_LABELS[index]}s")
            check.setChecked(index in current.weekdays)
            self.day_checks.append(check)
            days_row.addWidget(check)
        days_row.addStretch(1)
        self.autostart_check = QCheckBox("&Start TwitchLog in the tray when I log in", self)
        self.autostart_check.setChecked(autostart.is_enabled())
        self.autostart_check.setAccessibleName("Start TwitchLog in the tray when I log in")
        self.autostart_check.setAccessibleDescription(
            "TwitchLog waits in the tray, with no window, from the moment you log in")
        self.autostart_check.setEnabled(tray_available)
        note = QLabel("One notification at most, plus one “Later”; none once the day is "
                      "checked in. It works while TwitchLog runs, also in the tray."
                      if tray_available else "This desktop has no system tray, so reminders "
                      "and the tray start are not available.", self)
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        self.remind_check.setEnabled(tray_available)
        layout = QVBoxLayout(self)
        layout.addWidget(self.remind_check)
        layout.addLayout(time_row)
        layout.addLayout(days_row)
        layout.addWidget(note)
        layout.addWidget(self.autostart_check)
        self.remind_check.toggled.connect(self._on_remind_check_toggled)
        self._on_remind_check_toggled(self.remind_check.isChecked())

    def chosen(self) -> ReminderSettings:
        at = self.time_edit.time()
        days = frozenset(i for i, check in enumerate(self.day_checks) if check.isChecked())
        return ReminderSettings(enabled=self.remind_check.isChecked() and bool(days),
                                at=time(at.hour(), at.minute()), weekdays=days)

    def save(self) -> bool:
        """Store the choices; ``False`` (after saying why) if the login entry failed."""
        chosen = self.chosen()
        save_settings(chosen)
        if chosen.enabled:
            app_settings.set_value(app_settings.REMINDER_OFFERED, True)  # no need to offer
        wanted = self.autostart_check.isChecked()
        if wanted == autostart.is_enabled():
            return True
        try:
            autostart.set_enabled(wanted)
        except OSError as exc:
            verb = "created" if wanted else "removed"
            QMessageBox.warning(self, "Start at login not changed",
                                f"The login entry could not be {verb}: {exc.strerror or exc}")
            return False
        return True

    def _on_remind_check_toggled(self, on: bool) -> None:
        self.time_edit.setEnabled(on)
        for check in self.day_checks:
            check.setEnabled(on)
