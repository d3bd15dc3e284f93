"""The small pieces around the window: tray, settings, "Where is my data?", About."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import FakeClock, isolate_app_settings
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication

from twitchlog import __version__
from twitchlog.store import Journal
from twitchlog.ui import app_settings, theme
from twitchlog.ui.about_dialog import AboutDialog
from twitchlog.ui.context import JournalContext
from twitchlog.ui.data_location_dialog import DataLocationDialog
from twitchlog.ui.main_window import MainWindow
from twitchlog.ui.settings_dialog import SettingsDialog
from twitchlog.ui.tray import TrayController


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolate_app_settings(tmp_path / "qsettings")


@pytest.fixture
def window(qtbot, journal: Journal, monkeypatch) -> Iterator[MainWindow]:
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    win = MainWindow(JournalContext(journal), clock=FakeClock())
    win.quits = quits  # type: ignore[attr-defined]
    qtbot.addWidget(win)
    win.show()
    yield win
    QApplication.setQuitOnLastWindowClosed(True)


def test_tray_menu_logs_a_twitch_in_one_click(qtbot, window, journal):
    tray = TrayController(window)
    log_menu = tray.log_menu
    log_menu.aboutToShow.emit()
    labels = [a.text() for a in log_menu.actions() if not a.isSeparator()]
    assert labels == ["Left eyelid", "Right eyelid", "Left calf", "Right calf",
                      "Somewhere else…"]
    log_menu.actions()[1].trigger()
    stored = journal.episodes.find()
    assert [(e.location, e.side) for e in stored] == [("eyelid", "right")]
    assert window.undo_stack.count() == 1  # undoable from the window
    assert [a.text() for a in tray.menu.actions() if a.isVisible() and not a.isSeparator()] \
        == ["&Log twitch now", "&Check in today", "&Open TwitchLog", "&Quit TwitchLog"]


def test_somewhere_else_opens_the_form(qtbot, window):
    tray = TrayController(window)
    window.show_view("journal")
    window.hide()
    tray.log_menu.aboutToShow.emit()
    tray.log_menu.actions()[-1].trigger()
    assert window.isVisible()
    assert window.current_view_key() == "today"


def test_keep_running_in_the_tray_hides_instead_of_quitting(qtbot, window):
    window.tray = TrayController(window)
    app_settings.set_value(app_settings.KEEP_IN_TRAY, True)
    window.tray.apply_settings()
    assert not QApplication.quitOnLastWindowClosed()
    window.close()
    assert not window.isVisible()
    assert window.quits == []  # still running
    window.tray.open_action.trigger()
    assert window.isVisible()
    window.tray.quit_action.trigger()
    assert not window.isVisible()
    assert window.quits == [True]


def test_without_the_setting_closing_quits(qtbot, window):
    window.tray = TrayController(window)
    window.tray.apply_settings()
    assert QApplication.quitOnLastWindowClosed()
    window.close()
    assert not window.isVisible()


def test_settings_are_saved_and_the_look_changes(qtbot, monkeypatch):
    monkeypatch.delenv(theme.ENV_VAR, raising=False)
    manager = theme.manager() or theme.ThemeManager(QApplication.instance(), "light")
    dialog = SettingsDialog(tray_available=True)
    qtbot.addWidget(dialog)
    try:
        dialog.tray_check.setChecked(True)
        dialog.theme_buttons["dark"].setChecked(True)
        dialog.welcome_check.setChecked(False)
        dialog.accept()
        assert app_settings.get_bool(app_settings.KEEP_IN_TRAY)
        assert app_settings.get_str(app_settings.THEME) == "dark"
        assert app_settings.get_bool(app_settings.WELCOME_DONE)
        assert theme.is_dark()
    finally:
        manager.set_choice("light")


def test_tray_option_is_explained_where_there_is_no_tray(qtbot):
    dialog = SettingsDialog(tray_available=False)
    qtbot.addWidget(dialog)
    assert not dialog.tray_check.isEnabled()


def test_where_is_my_data_shows_the_path_and_opens_its_folder(qtbot, journal, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    dialog = DataLocationDialog(JournalContext(journal))
    qtbot.addWidget(dialog)
    assert dialog.path_label.text() == str(journal.path.resolve())
    dialog.open_button.click()
    assert opened == [str(journal.path.resolve().parent)]
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == str(journal.path.resolve())


def test_about_names_the_version_and_privacy(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QLabel

    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert __version__ in text
    assert "never uses the network" in text
