"""Settings › Privacy: the passphrase on this journal, and locking the window when idle."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twitchlog.store import cipher
from twitchlog.ui import app_settings
from twitchlog.ui.context import JournalContext

DEFAULT_IDLE_MINUTES = 15
IDLE_CHOICES = ((0, "Never"), (5, "After 5 minutes"), (15, "After 15 minutes"),
                (30, "After 30 minutes"), (60, "After 1 hour"))


def idle_lock_minutes() -> int:
    """The chosen idle time before the window locks (0: never)."""
    text = app_settings.get_str(app_settings.IDLE_LOCK_MINUTES, str(DEFAULT_IDLE_MINUTES))
    try:
        return max(0, int(text))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


class PrivacySettingsBox(QGroupBox):
    """Protect / remove / change the passphrase (at once), and the idle lock (on OK)."""

    def __init__(self, context: JournalContext | None, parent: QWidget | None = None) -> None:
        super().__init__("Privacy", parent)
        self.context = context
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.protect_button = QPushButton("&Protect this journal with a passphrase…", self)
        self.unprotect_button = QPushButton("&Remove protection…", self)
        self.rekey_button = QPushButton("C&hange passphrase…", self)
        self.protect_button.clicked.connect(lambda: self._on_switch_clicked("protect"))
        self.unprotect_button.clicked.connect(lambda: self._on_switch_clicked("unprotect"))
        self.rekey_button.clicked.connect(lambda: self._on_switch_clicked("rekey"))
        self.protect_button.setAccessibleDescription(
            "Encrypt the journal and its backups with a passphrase you choose")
        self.unprotect_button.setAccessibleDescription(
            "Decrypt the journal and its backups back to plain files")
        self.rekey_button.setAccessibleDescription(
            "Re-encrypt the journal and its backups with a new passphrase")
        buttons = QHBoxLayout()
        for button in (self.protect_button, self.unprotect_button, self.rekey_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.idle_combo = QComboBox(self)
        for minutes, label in IDLE_CHOICES:
            self.idle_combo.addItem(label, minutes)
        index = self.idle_combo.findData(idle_lock_minutes())
        self.idle_combo.setCurrentIndex(index if index >= 0 else 2)
        self.tray_log_check = QCheckBox("Allow logging from the &tray while locked "
                                        "(nothing is shown)", self)
        self.tray_log_check.setChecked(
            app_settings.get_bool(app_settings.QUICK_LOG_WHILE_LOCKED, True))
        self.idle_combo.setAccessibleDescription(
            "After this long without input the window hides until the passphrase is typed")
        self.tray_log_check.setAccessibleDescription(
            "While locked, the tray menu can still log a twitch without showing the journal")
        form = QFormLayout()
        form.addRow("&Lock the window:", self.idle_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.tray_log_check)
        self.update_state()

    def protected(self) -> bool:
        return self.context is not None and cipher.is_protected_file(self.context.path)

    def update_state(self) -> None:
        """Show what applies to the open journal, and what to install if SQLCipher is missing."""
        protected = self.protected()
        if not cipher.available():
            self.status_label.setText(f"{cipher.INSTALL_HINT}.")
        elif protected:
            self.status_label.setText("This journal and its backups are protected with a "
                                      "passphrase (asked at every start).")
        else:
            self.status_label.setText("This journal is not protected: anyone who can read "
                                      "your files can read it.")
        usable = cipher.available() and self.context is not None
        self.protect_button.setVisible(not protected)
        self.protect_button.setEnabled(usable)
        self.unprotect_button.setVisible(protected)
        self.rekey_button.setVisible(protected)
        self.idle_combo.setEnabled(protected)
        self.tray_log_check.setEnabled(protected)

    def _on_switch_clicked(self, mode: str) -> None:
        from twitchlog.ui.protect_dialog import ProtectDialog

        if self.context is None:
            return
        ProtectDialog(self.context, mode, self).exec()
        self.update_state()

    def save(self) -> None:
        app_settings.set_value(app_settings.IDLE_LOCK_MINUTES, self.idle_combo.currentData())
        app_settings.set_value(app_settings.QUICK_LOG_WHILE_LOCKED,
                               self.tray_log_check.isChecked())
