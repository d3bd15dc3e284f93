"""Screenshots of every view, to look at the app at one screen size and theme.

Run under a real X server with a window manager, so the window is placed and
maximised as on a desktop (``make screenshots`` does this with Xvfb and openbox)::

    python tools/screenshots.py OUT_DIR --theme dark [--size 1024x640] [--days 365]
    python tools/screenshots.py OUT_DIR --fresh  # a journal started today (the first weeks)
    python tools/screenshots.py OUT_DIR --empty  # a journal with nothing in it yet

Each view is saved as ``OUT_DIR/<view>-<theme>.png``, grabbed from the screen. The
journal is made up (the demo, or a fresh one) in a temporary folder, and the settings are
private to the run, so the user's own journal and window placement are never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from twitchlog.ui.tasks import TaskRunner

VIEWS = ("today", "journal", "insights", "report")


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--size", default="", help="WIDTHxHEIGHT of the window (default: "
                        "what the app chooses for the screen)")
    parser.add_argument("--days", type=int, default=365, help="days of demo data")
    parser.add_argument("--fresh", action="store_true",
                        help="a journal started today instead of the demo")
    parser.add_argument("--empty", action="store_true",
                        help="a journal with nothing in it yet instead of the demo")
    parser.add_argument("--whole-screen", action="store_true",
                        help="grab the whole screen (window decorations included)")
    return parser.parse_args()


def _settle(tasks: TaskRunner, seconds: float = 1.5) -> None:
    """Let timers fire and background work finish, twice over."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        end = time.monotonic() + seconds / 3
        while time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.02)
        tasks.wait(30_000)
    QApplication.processEvents()


def main() -> int:
    args = _parse()
    os.environ["TWITCHLOG_THEME"] = args.theme
    scratch = Path(tempfile.mkdtemp(prefix="twitchlog-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    os.environ["XDG_DATA_HOME"] = str(scratch / "data")
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(scratch / "settings"))

    from twitchlog.demo import create_demo_journal
    from twitchlog.domain import DayCheckIn, Episode
    from twitchlog.store import Journal
    from twitchlog.ui import app_settings
    from twitchlog.ui.app import create_application
    from twitchlog.ui.context import JournalContext
    from twitchlog.ui.main_window import MainWindow
    from twitchlog.validation import now_local

    create_application(sys.argv[:1])
    app_settings.set_value(app_settings.WELCOME_DONE, True)
    path = scratch / "journal.twitchlog"
    if args.empty:
        Journal.open(path).close()
    elif args.fresh:
        with Journal.open(path) as journal:
            now = now_local()
            journal.checkins.save(DayCheckIn(date=now.date(), sleep_hours=7, stress=3))
            journal.episodes.add(Episode(started_at=now, location="eyelid", side="left",
                                        duration_s=20))
    else:
        create_demo_journal(path, days=args.days)
    window = MainWindow(JournalContext(Journal.open(path)))
    if args.size:
        width, height = (int(n) for n in args.size.lower().split("x"))
        window.resize(width, height)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    for key in VIEWS:
        window.show_view(key)
        _settle(window.tasks)
        shot = window.screen().grabWindow(0) if args.whole_screen else window.grab()
        target = args.out / f"{key}-{args.theme}.png"
        shot.save(str(target))
        print(f"{target}  window {window.width()}x{window.height()}")
    window.tasks.wait(30_000)
    window.context.journal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
