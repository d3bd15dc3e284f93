"""The desktop app's two felt speeds: starting up, and a one-click log.

Start-up: from launching a fresh Python process until the window shows today's data on
the ten-year journal, against a bare PySide6 window (an empty QMainWindow) launched the
same way in the same run; the budget is twice the bare window. Each is a new process
(interpreter and Qt start included), one warm-up then the median of a few runs; "today"
is the journal's last day, so the Today view has a full day to show.

Quick log: a click on a quick-log button commits the episode (one transaction, fsync)
and refreshes every view (all of them built, as after a visit to each), on a writable
copy of the ten-year journal; budget 50 ms.
"""

from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import twitchlog
from benchmarks.common import END, BenchContext, Row, log, median, percentile

STARTS = 3
CLICKS = 25
QUICK_LOG_BUDGET = 0.050
STARTUP_RATIO = 2.0

_BARE = r"""
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(["bare"])
window = QMainWindow()
window.setWindowTitle("bare")
window.setCentralWidget(QLabel("hello"))
window.resize(1240, 800)
window.show()
for _ in range(3):
    app.processEvents()
window.grab()
print("ready", flush=True)
"""

_APP = r"""
import sys
from datetime import datetime
from PySide6.QtCore import QSettings
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
from twitchlog.ui import app_settings
from twitchlog.ui.app import create_application, open_main_window
application = create_application(["twitchlog"])
app_settings.set_value(app_settings.WELCOME_DONE, True)
today = datetime.fromisoformat(sys.argv[3]).astimezone()
window = open_main_window(sys.argv[1], clock=lambda: today)
window.resize(1240, 800)
for _ in range(3):
    application.processEvents()
window.grab()
import json
print("ready " + json.dumps({"today": len(window.today_view.episodes_shown()),
                             "tracked": window.today_view.checkin.is_tracked()}), flush=True)
window.close()
"""


def _launch(script: str, *args: str) -> tuple[float, str]:
    """Seconds from starting the process until it printed its ready line."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    with subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None
        line = ""
        for line in proc.stdout:
            if line.startswith("ready"):
                break
        elapsed = time.perf_counter() - start
        _out, err = proc.communicate(timeout=120)
        if not line.startswith("ready"):
            raise RuntimeError(f"the window did not start: {err.strip()[-300:]}")
    return elapsed, line[len("ready"):].strip()


def _startup_rows(ctx: BenchContext) -> list[Row]:
    # An installed app runs from byte-compiled modules (pip compiles them); an editable
    # checkout may not have them, and compiling 50 modules at each launch costs ~50 ms.
    compileall.compile_dir(Path(twitchlog.__file__).parent, quiet=1)
    journal = ctx.copy_journal("startup")
    settings = ctx.tmp_dir / "startup-settings"
    today = datetime.combine(END, datetime.min.time()).replace(hour=21).isoformat()
    app_args = (str(journal), str(settings), today)
    _launch(_BARE)  # warm the disk cache for Python and Qt
    _, info = _launch(_APP, *app_args)  # and a first open (the daily backup happens here)
    shown = json.loads(info)
    bare = median([_launch(_BARE)[0] for _ in range(STARTS)])
    app = median([_launch(_APP, *app_args)[0] for _ in range(STARTS)])
    return [
        Row("start-up: bare PySide6 window (new process)", bare),
        Row(f"start-up: window with today's data, 10 years ({shown['today']} episodes today)",
            app, reference=bare, max_ratio=STARTUP_RATIO, reference_name="bare window"),
    ]


def _quick_log_rows(ctx: BenchContext) -> list[Row]:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from twitchlog.store import Journal
    from twitchlog.ui.context import JournalContext
    from twitchlog.ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(ctx.tmp_dir / "quicklog-settings"))
    app = QApplication.instance() or QApplication(["bench"])
    journal = Journal.open(ctx.copy_journal("quicklog"))
    now = datetime.combine(END, datetime.min.time()).replace(hour=21).astimezone()
    window = MainWindow(JournalContext(journal), clock=lambda: now)
    try:
        window.resize(1240, 800)
        for key in window.view_keys():  # every view built: all of them refresh on a change
            window.view(key)
        window.show_view("today")
        window.show()
        app.processEvents()
        button = window.today_view.quick_log.buttons[0]
        before = journal.episodes.count()
        times = []
        for _ in range(CLICKS):
            start = time.perf_counter()
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            times.append(time.perf_counter() - start)
            app.processEvents()
        if journal.episodes.count() != before + CLICKS:
            raise RuntimeError("quick-log clicks did not all commit")
    finally:
        window.close()
        window.tasks.wait()
        journal.close()
    return [
        Row("quick-log click: commit + refresh, 10 years (median)", median(times),
            budget=QUICK_LOG_BUDGET),
        Row("quick-log click: 95th percentile", percentile(times, 95)),
    ]


def run(ctx: BenchContext) -> list[Row]:
    log("  desktop app: start-up against a bare window, quick-log clicks …")
    return _startup_rows(ctx) + _quick_log_rows(ctx)
