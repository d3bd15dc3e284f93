"""Walk TwitchLog as a newcomer does and photograph every step, dialogs included.

Run under a real X server with a window manager (``make walk`` does this with Xvfb and
openbox)::

    python tools/walk.py OUT_DIR --theme dark

First start on an empty journal in a private data folder → the welcome → the demo →
every view and chart tab → Manage, Settings (each tab), restore, About, "Where is my
data?", catch-up → back to the own journal → a quick log, the form, a check-in, the
episode editor → every view again → a saved report, from the demo and from the own
journal. Each step is ``OUT_DIR/NN-step.png`` (the whole screen, as the user sees it),
a dialog also ``NN-step-dialog.png``; the reports are ``demo-report.pdf`` and
``own-report.pdf``. A dialog that does not fit the screen is named at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from twitchlog.ui.main_window import MainWindow

#: A step yields the seconds to wait before the next one (timers and workers run meanwhile).
Steps = Iterator[float]


class Camera:
    """Numbered screenshots of the whole screen, and of a dialog on its own."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.count = 0
        self.too_big: list[str] = []

    def shoot(self, name: str, dialog: QWidget | None = None) -> None:
        from PySide6.QtGui import QGuiApplication

        self.count += 1
        stem = f"{self.count:02d}-{name}"
        screen = QGuiApplication.primaryScreen()
        screen.grabWindow(0).save(str(self.out / f"{stem}.png"))
        if dialog is not None:
            dialog.grab().save(str(self.out / f"{stem}-dialog.png"))
            if not screen.availableGeometry().contains(dialog.frameGeometry()):
                self.too_big.append(f"{name}: {dialog.frameGeometry()}")
        print(stem, flush=True)


def _modal() -> QWidget | None:
    from PySide6.QtWidgets import QApplication

    return QApplication.activeModalWidget()


def _later(action: Callable[[], object]) -> None:
    """Run ``action`` from the event loop: a dialog's ``exec()`` must not block a step."""
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, action)


def _demo(window: MainWindow, camera: Camera, out: Path) -> Steps:
    from PySide6.QtWidgets import QTabWidget

    from twitchlog.ui.catch_up_view import CatchUpDialog
    from twitchlog.ui.welcome_dialog import WelcomeDialog

    yield 1.5
    welcome = _modal()
    assert isinstance(welcome, WelcomeDialog), "no welcome on an empty journal"
    camera.shoot("welcome", welcome)
    welcome.demo_button.click()
    yield 0.3
    camera.shoot("demo-preparing")
    while not window.is_demo():
        yield 0.5
    yield 2
    for key in ("today", "journal", "insights", "report"):
        window.show_view(key)
        yield 3
        camera.shoot(f"demo-{key}")
    window.show_view("insights")
    tabs = window.view("insights").findChild(QTabWidget)
    for index in range(tabs.count() if tabs is not None else 0):
        assert tabs is not None
        tabs.setCurrentIndex(index)
        yield 2.5
        camera.shoot("demo-insights-" + tabs.tabText(index).replace("&", "").replace(" ", "-"))
    yield from _save_report(window, camera, out / "demo-report.pdf", "demo")
    for name, open_dialog in (("manage", window.open_manage),
                              ("settings", window.open_settings),
                              ("restore", window.restore_from_backup),
                              ("about", window.show_about),
                              ("data-location", window.show_data_location)):
        _later(open_dialog)
        yield 1.5
        dialog = _modal()
        assert dialog is not None, f"{name}: no dialog"
        camera.shoot(f"demo-{name}", dialog)
        pages = dialog.findChild(QTabWidget)
        for index in range(1, pages.count() if pages is not None else 0):
            assert pages is not None
            pages.setCurrentIndex(index)
            yield 0.6
            camera.shoot(f"demo-{name}-tab{index}", dialog)
        dialog.close()
        yield 0.8
    window.show_view("today")
    yield 1
    today = window.today_view.catch_up_strip
    day = window.today_view.checkin.day()
    catch_up = CatchUpDialog(window.context, today.missed
                             or [day - timedelta(days=n) for n in (3, 2, 1)], window)
    catch_up.show()
    yield 1
    camera.shoot("demo-catch-up", catch_up)
    catch_up.close()
    yield 0.5


def _own(window: MainWindow, camera: Camera, out: Path) -> Steps:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog

    window.demo_banner.back_button.click()
    yield 3
    camera.shoot("own-today-empty")
    for key in ("journal", "insights", "report"):
        window.show_view(key)
        yield 2.5
        camera.shoot(f"own-{key}-empty")
    window.show_view("today")
    yield 1
    today = window.today_view
    buttons = [b for b in today.quick_log.buttons if b.isVisible()]
    if buttons:
        buttons[0].click()
        yield 0.7
        camera.shoot("own-quick-logged")
    today.form.set_location("calf", "left")
    today.form.set_duration_text("30 s")
    today.form.set_intensity(3)
    QTest.keyClicks(today.form.notes_edit, "after a long run")
    yield 0.5
    camera.shoot("own-form-filled")
    today.form.submit()
    yield 1
    camera.shoot("own-form-logged")
    for field, typed in (("sleep_hours", "6.5"), ("caffeine_mg", "200"), ("stress", "6")):
        widget = today.checkin.field(field)
        widget.setFocus()
        QTest.keyClicks(widget, typed)
    yield 2
    camera.shoot("own-checked-in")
    newest = today.episode_list.topLevelItem(0)
    if newest is not None:
        today.episode_list.setCurrentItem(newest)
    today.edit_current()
    yield 1
    editor = next((w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QDialog) and w.isVisible()), None)
    if editor is not None:
        camera.shoot("own-edit-episode", editor)
        editor.close()
        yield 0.5
    for key in ("journal", "insights"):
        window.show_view(key)
        yield 3
        camera.shoot(f"own-{key}")
    yield from _save_report(window, camera, out / "own-report.pdf", "own")


def _save_report(window: MainWindow, camera: Camera, target: Path, name: str) -> Steps:
    from twitchlog.ui.report_view import ReportView

    window.show_view("report")
    yield 2.5
    camera.shoot(f"{name}-report")
    view = window.view("report")
    assert isinstance(view, ReportView)
    view.save_pdf(target)
    while not target.exists() or not view.save_button.isEnabled():
        yield 0.5
    yield 1
    camera.shoot(f"{name}-report-saved")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PNG and PDF files")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="twitchlog-walk-"))
    for variable, folder in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                             ("HOME", "home")):
        (scratch / folder).mkdir()
        os.environ[variable] = str(scratch / folder)
    os.environ["TWITCHLOG_THEME"] = args.theme
    os.environ.pop("TWITCHLOG_DB", None)  # the default journal: a true first start

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from twitchlog.ui.app import create_application, open_main_window

    app = create_application(sys.argv[:1])
    window = open_main_window(None)
    assert window is not None
    camera = Camera(out)

    def walk() -> Steps:
        yield from _demo(window, camera, out)
        yield from _own(window, camera, out)

    steps = walk()
    failed: list[BaseException] = []

    def advance() -> None:
        try:
            delay = next(steps)
        except StopIteration:
            QApplication.quit()
            return
        except Exception as error:  # the walk stops; the error is reported below
            failed.append(error)
            QApplication.quit()
            return
        QTimer.singleShot(int(delay * 1000), advance)

    QTimer.singleShot(0, advance)
    app.exec()
    window.tasks.wait(30_000)
    window.context.journal.close()
    for problem in camera.too_big:
        print(f"larger than the screen: {problem}", file=sys.stderr)
    if failed:
        print(f"walk stopped: {failed[0]!r}", file=sys.stderr)
    return 1 if failed or camera.too_big else 0


if __name__ == "__main__":
    sys.exit(main())
