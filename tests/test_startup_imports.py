"""Opening the window must not import the heavy libraries (charts, statistics, PDF).

Run in a fresh interpreter, so imports made by other tests cannot hide a regression.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json, sys
from PySide6.QtCore import QSettings
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
from twitchlog.ui import app_settings
from twitchlog.ui.app import create_application, open_main_window
application = create_application(["twitchlog"])
app_settings.set_value(app_settings.WELCOME_DONE, True)
window = open_main_window(sys.argv[1])
for _ in range(5):
    application.processEvents()
heavy = ["matplotlib", "scipy", "fpdf", "numpy"]
print(json.dumps({
    "shown": window is not None and window.isVisible(),
    "views": window.view_keys() if window is not None else [],
    "loaded": [m for m in heavy if m in sys.modules],
}))
window.close()
"""


def _open_window_in_a_fresh_process(script: str, tmp_path: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "journal.twitchlog"),
         str(tmp_path / "qsettings")],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["shown"]
    return report


def test_the_window_opens_without_matplotlib_or_scipy(tmp_path: Path) -> None:
    report = _open_window_in_a_fresh_process(SCRIPT, tmp_path)
    assert "today" in report["views"] and "journal" in report["views"]
    assert "matplotlib" not in report["loaded"]
    assert "scipy" not in report["loaded"]
    assert "fpdf" not in report["loaded"]


TODAY_SCRIPT = r"""
import json, sys
from datetime import datetime
from PySide6.QtCore import QSettings
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
from twitchlog.ui import app_settings
from twitchlog.ui.app import create_application, open_main_window
application = create_application(["twitchlog"])
app_settings.set_value(app_settings.WELCOME_DONE, True)
today = datetime(2025, 3, 1, 21, 0).astimezone()
window = open_main_window(sys.argv[1], clock=lambda: today)
for _ in range(5):
    application.processEvents()
window.grab()
not_needed = ["importlib.metadata", "twitchlog.ui.journal_guard", "twitchlog.ui.single_instance",
              "twitchlog.ui.quit_on_signal", "twitchlog.ui.insights_view", "scipy", "matplotlib"]
print(json.dumps({
    "shown": window.isVisible(),
    "views": window.view_keys(),
    "today": [e.notes for e in window.today_view.episodes_shown()],
    "version": application.applicationVersion(),
    "loaded": [m for m in not_needed if m in sys.modules],
}))
window.close()
"""


def test_the_window_shows_todays_data_having_loaded_only_what_it_shows(tmp_path: Path) -> None:
    """What the first paint does not need waits: the version is read without
    importlib.metadata, and the single-instance and journal-guard modules belong to
    ``run_app``, which imports them itself."""
    from trust_support import make_journal

    import twitchlog

    make_journal(tmp_path / "journal.twitchlog", episodes=3)
    report = _open_window_in_a_fresh_process(TODAY_SCRIPT, tmp_path)
    assert report["today"] == ["entry 2", "entry 1", "entry 0"]  # newest first
    assert report["version"] == twitchlog.version()
    assert report["loaded"] == []


WARM_SCRIPT = SCRIPT.replace(
    "for _ in range(5):\n    application.processEvents()",
    "import time\n"
    "deadline = time.monotonic() + 60\n"
    "while 'scipy.special' not in sys.modules or 'matplotlib.figure' not in sys.modules:\n"
    "    application.processEvents()\n"
    "    time.sleep(0.02)\n"
    "    if time.monotonic() > deadline:\n"
    "        break\n"
    "import threading\n"
    "[t.join(60) for t in threading.enumerate() if t.name == 'twitchlog-warm-up']")


def test_the_charting_libraries_load_in_the_background_once_the_window_is_up(
        tmp_path: Path) -> None:
    """So the first visit to Insights does not wait a second and more for imports."""
    assert WARM_SCRIPT != SCRIPT
    report = _open_window_in_a_fresh_process(WARM_SCRIPT, tmp_path)
    assert "matplotlib" in report["loaded"] and "scipy" in report["loaded"]
    assert "fpdf" not in report["loaded"]  # the report library waits for the Report view
