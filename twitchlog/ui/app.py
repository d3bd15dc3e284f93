"""Starting the desktop app: the application object, the look, the journal, the window.

:func:`run_app` is what ``twitchlog`` (with no sub-command) runs. The journal comes from
``--db``, else ``$TWITCHLOG_DB``, else the journal opened last, else the default path.
A refused file (foreign, newer, damaged) is named in a dialog and left untouched.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from twitchlog import APP_ID, APP_NAME, paths, version
from twitchlog.ui import app_settings
from twitchlog.ui.context import JournalContext
from twitchlog.ui.journal_opener import open_interactively
from twitchlog.ui.main_window import MainWindow
from twitchlog.ui.resources import app_icon
from twitchlog.ui.theme import ThemeManager
from twitchlog.validation import now_local

EXIT_GAVE_UP = 1
EXIT_MISSING_LIBRARIES = 2


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication with TwitchLog's names (for QSettings), icon and look."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(app_settings.ORGANIZATION)
    app.setApplicationVersion(version())
    app.setDesktopFileName(APP_ID)  # docks group the windows under the launcher
    app.setWindowIcon(app_icon())
    ThemeManager(app, app_settings.get_str(app_settings.THEME, "system"))
    return app


def initial_journal_path(db: str | None) -> Path:
    """``--db`` > ``$TWITCHLOG_DB`` > the journal opened last (if it still exists) > default."""
    if db or os.environ.get(paths.ENV_VAR):
        return paths.resolve_journal_path(db)
    last = app_settings.get_str(app_settings.LAST_JOURNAL)
    if last:
        candidate = Path(last)
        try:
            is_demo = candidate.resolve() == paths.demo_journal_path().resolve()
        except OSError:
            is_demo = True
        if candidate.is_file() and not is_demo:
            return candidate
    return paths.default_journal_path()


def open_main_window(db: str | None = None, *,
                     clock: Callable[[], datetime] = now_local,
                     tray: bool = False) -> MainWindow | None:
    """Open the journal (asking what to do if it is refused) and show the window.

    Returns ``None`` when the user chose to quit instead. ``clock`` is for benchmarks
    and tests that need a fixed "today". With ``tray`` (the login start) and a tray
    to live in, no window is shown until the user asks for it.
    """
    journal = open_interactively(initial_journal_path(db), None, create=True,
                                 give_up_text="&Quit")
    if journal is None:
        return None
    context = JournalContext(journal)
    window = MainWindow(context, home_path=journal.path, clock=clock)
    context.setParent(window)
    if tray and window.tray is not None:
        window.tray.resident = True
        window.tray.apply_settings()
        return window
    window.show()
    if journal.is_empty() and not app_settings.get_bool(app_settings.WELCOME_DONE):
        QTimer.singleShot(0, lambda: show_welcome(window))
    return window


def show_welcome(window: MainWindow) -> None:
    """The first-start dialog; it may lead to the demo journal."""
    from twitchlog.ui.welcome_dialog import DEMO, WelcomeDialog

    choice = WelcomeDialog(window).exec()
    app_settings.set_value(app_settings.WELCOME_DONE, True)
    if choice == DEMO:
        window.explore_demo()


def run_app(db: str | None = None, *, tray: bool = False) -> int:
    """Run the desktop app until it quits; returns the exit status."""
    # Only this entry point needs these (the window alone does not): importing them with
    # the module slowed every window made elsewhere (tests, benchmarks, the demo).
    from twitchlog.ui import qt_libraries
    from twitchlog.ui.journal_guard import JournalGuard
    from twitchlog.ui.quit_on_signal import QuitOnSignal
    from twitchlog.ui.single_instance import claim_or_forward

    missing = qt_libraries.problem()
    if missing is not None:  # Qt would abort with a bare "could not load the platform plugin"
        print(f"twitchlog: error: {missing}", file=sys.stderr)
        return EXIT_MISSING_LIBRARIES
    app = create_application()
    instance, status = claim_or_forward(initial_journal_path(db))
    if instance is None:  # another TwitchLog has this journal open: it came forward
        return status
    window = open_main_window(db, tray=tray)
    if window is None:
        instance.release()
        return EXIT_GAVE_UP
    guard = JournalGuard(window.context, window, instance)
    stopper = QuitOnSignal(window.quit_app, app)  # SIGTERM: the same path as File > Quit
    try:
        return app.exec()
    finally:
        stopper.uninstall()
        window.tasks.wait(10_000)
        guard.finish()  # the backup on close (if anything changed), then the lock goes
        window.context.journal.close()

