"""The app's own preferences (window, theme, tray), kept apart from the journal file.

Journal-wide preferences that should travel with the data (drink amounts, patient
name) live in the journal's settings table instead. These are per computer and user,
in an INI file under the user's configuration folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from twitchlog import APP_NAME

ORGANIZATION = "TwitchLog"

GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
LAST_VIEW = "window/last_view"
SPLITTER = "today/splitter"
THEME = "appearance/theme"
KEEP_IN_TRAY = "tray/keep_running"
TRAY_HINT_SHOWN = "tray/hint_shown"
WELCOME_DONE = "welcome/done"
LAST_JOURNAL = "journal/last_path"
LAST_FOLDER = "files/last_folder"
REMINDER_ON = "reminder/enabled"
REMINDER_TIME = "reminder/time"
REMINDER_DAYS = "reminder/weekdays"
REMINDER_STATE = "reminder/state"
REMINDER_OFFERED = "reminder/offered"
CATCH_UP_DISMISSED = "catch_up/dismissed"
IDLE_LOCK_MINUTES = "privacy/idle_lock_minutes"  # 0: never lock
QUICK_LOG_WHILE_LOCKED = "privacy/quick_log_while_locked"


def app_settings() -> QSettings:
    """The settings store (INI format, user scope) for TwitchLog."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION,
                     APP_NAME)


def get_bool(key: str, default: bool = False) -> bool:
    value = app_settings().value(key, default)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return bool(value)


def get_str(key: str, default: str = "") -> str:
    value = app_settings().value(key, default)
    return value if isinstance(value, str) else default


def set_value(key: str, value: object) -> None:
    settings = app_settings()
    settings.setValue(key, value)
    settings.sync()


def last_folder() -> str:
    """The folder of the last file the user picked (dialogs start there), else home."""
    folder = get_str(LAST_FOLDER)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(path: str | Path) -> None:
    set_value(LAST_FOLDER, str(Path(path).parent))
