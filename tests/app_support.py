"""Helpers for the desktop-app tests: a settable clock, private app settings, the app's look."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from twitchlog.validation import as_local_aware


class FakeClock:
    """A clock the test moves by hand; call it like ``now_local``."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = as_local_aware(start or datetime(2024, 3, 5, 14, 32, 10))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now = self.now + timedelta(seconds=seconds)


def isolate_app_settings(folder: Path) -> None:
    """Point QSettings (INI, user scope) at a private folder for one test."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    from twitchlog.ui.app_settings import app_settings

    settings = app_settings()
    settings.clear()
    settings.sync()


@contextlib.contextmanager
def app_look(app: QApplication, mode: str = "light") -> Iterator[None]:
    """The look the app sets (Fusion, palette, style sheet), as sizes depend on it; the
    application's own look comes back afterwards."""
    from twitchlog.ui.theme import ThemeManager

    palette, sheet = app.palette(), app.styleSheet()
    ThemeManager(app, mode)
    try:
        yield
    finally:
        app.setStyleSheet(sheet)
        app.setPalette(palette)
