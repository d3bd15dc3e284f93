"""App settings for this computer: the tray, privacy, the look, the welcome screen.

Things that belong to a journal (drink amounts, patient details) are edited in Manage
and the Report view, and travel with the journal file. The sections sit on tabs so the
dialog fits a 1024×640 screen without squeezing its wrapped explanations.
"""

from __future__ import annotations

import os

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from twitchlog.ui import app_settings, theme
from twitchlog.ui.a11y import describe_buttons, describe_tabs
from twitchlog.ui.context import JournalContext
from twitchlog.ui.privacy_settings_widget import PrivacySettingsBox
from twitchlog.ui.reminder_settings_widget import ReminderSettingsBox


class SettingsDialog(QDialog):
    """Saved when the user presses OK; the look changes at once."""

    def __init__(self, *, tray_available: bool, parent: QWidget | None = None,
                 context: JournalContext | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings – TwitchLog")
        self.tray_check = QCheckBox("&Keep running in the tray when the window is closed", self)
        self.tray_check.setChecked(app_settings.get_bool(app_settings.KEEP_IN_TRAY))
        self.tray_check.setEnabled(tray_available)
        self.tray_check.setAccessibleDescription(
            "Closing the window leaves TwitchLog in the tray, ready for a one-click log")
        tray_box = QGroupBox("Tray", self)
        tray_layout = QVBoxLayout(tray_box)
        tray_layout.addWidget(self.tray_check)
        note = QLabel("From the tray icon you can log a twitch with one click." if tray_available
                      else "This desktop has no system tray, so TwitchLog quits when its "
                      "window closes.", self)
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        tray_layout.addWidget(note)

        look_box = QGroupBox("Appearance", self)
        look_layout = QVBoxLayout(look_box)
        self.theme_buttons: dict[str, QRadioButton] = {}
        group = QButtonGroup(self)
        current = app_settings.get_str(app_settings.THEME, "system") or "system"
        for choice, label in (("system", "Follow the &system (light or dark)"),
                              ("light", "&Light"), ("dark", "&Dark")):
            button = QRadioButton(label, self)
            button.setChecked(choice == current)
            button.setAccessibleDescription("How TwitchLog looks: light, dark, or as the "
                                            "system is set")
            group.addButton(button)
            look_layout.addWidget(button)
            self.theme_buttons[choice] = button
        if os.environ.get(theme.ENV_VAR, "").strip().lower() in theme.CHOICES:
            env = QLabel(f"${theme.ENV_VAR} is set, so it decides for now.", self)
            env.setProperty("role", "muted")
            look_layout.addWidget(env)

        self.reminder_box = ReminderSettingsBox(tray_available=tray_available, parent=self)
        # A reminder or a tray start only works if closing the window keeps TwitchLog running.
        for check in (self.reminder_box.remind_check, self.reminder_box.autostart_check):
            check.toggled.connect(self._on_needs_tray_toggled)

        self.privacy_box = PrivacySettingsBox(context, self)

        self.welcome_check = QCheckBox("Show the &welcome screen at the next start", self)
        self.welcome_check.setAccessibleDescription(
            "The welcome screen offers the demo journal")
        self.welcome_check.setChecked(not app_settings.get_bool(app_settings.WELCOME_DONE))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        describe_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(_page(self.tabs, look_box, self.welcome_check), "&General")
        # the tray and the reminder together: turning a reminder on also keeps the tray
        self.tabs.addTab(_page(self.tabs, tray_box, self.reminder_box), "Tray and r&eminders")
        self.tabs.addTab(_page(self.tabs, self.privacy_box), "Pri&vacy")
        describe_tabs(self.tabs, "Settings", {
            "General": "How TwitchLog looks, and the welcome screen",
            "Tray and reminders": "Keeping TwitchLog in the tray, the daily reminder, "
                                  "starting at login",
            "Privacy": "A passphrase for the journal, and locking the window when idle",
        })
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _on_needs_tray_toggled(self, on: bool) -> None:
        if on:
            self.tray_check.setChecked(True)

    def theme_choice(self) -> str:
        return next((c for c, b in self.theme_buttons.items() if b.isChecked()), "system")

    def accept(self) -> None:
        app_settings.set_value(app_settings.KEEP_IN_TRAY, self.tray_check.isChecked())
        self.privacy_box.save()
        self.reminder_box.save()  # after the tray box: starting at login keeps it in the tray
        app_settings.set_value(app_settings.THEME, self.theme_choice())
        app_settings.set_value(app_settings.WELCOME_DONE, not self.welcome_check.isChecked())
        manager = theme.manager()
        if manager is not None:
            manager.set_choice(self.theme_choice())
        super().accept()


def _page(parent: QWidget, *widgets: QWidget) -> QWidget:
    """One tab: the given sections stacked at the top."""
    page = QWidget(parent)
    layout = QVBoxLayout(page)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return page
