"""Starting the app: which journal opens, refused files, the welcome and the look."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from app_support import isolate_app_settings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from twitchlog import paths
from twitchlog.domain import Episode
from twitchlog.store import Journal
from twitchlog.ui import app, app_settings, journal_opener, theme
from twitchlog.ui.damaged_dialog import OTHER_OPTIONS, DamagedJournalDialog
from twitchlog.ui.journal_problem_dialog import CREATE_NEW, GIVE_UP, JournalProblemDialog
from twitchlog.ui.main_window import MainWindow
from twitchlog.ui.welcome_dialog import DEMO, START, WelcomeDialog
from twitchlog.validation import now_local


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolate_app_settings(tmp_path / "qsettings")
    app_settings.set_value(app_settings.WELCOME_DONE, True)


class Problems(list):
    """The problem dialogs shown, and the answers the "user" gives (the last repeats)."""

    def __init__(self) -> None:
        super().__init__()
        self.answers = [GIVE_UP]


@pytest.fixture
def problems(monkeypatch) -> Problems:
    """Record the problem dialogs instead of showing them."""
    seen = Problems()

    def fake_exec(dialog: JournalProblemDialog) -> int:
        seen.append(dialog)
        return seen.answers.pop(0) if len(seen.answers) > 1 else seen.answers[0]

    monkeypatch.setattr(JournalProblemDialog, "exec", fake_exec)
    # A damaged journal first gets the recovery dialog (restore a backup); "Other
    # options…" leads on to the problem dialog these tests look at.
    monkeypatch.setattr(DamagedJournalDialog, "exec", lambda dialog: OTHER_OPTIONS)
    return seen


def close_window(window: MainWindow | None) -> None:
    if window is not None:
        window.close()
        window.tasks.wait()
        window.context.journal.close()


def damage(path: Path) -> bytes:
    with Journal.open(path) as journal:
        for i in range(300):
            journal.episodes.add(Episode(started_at=now_local(), location="calf",
                                        notes=f"note {i} " * 20))
    data = bytearray(path.read_bytes())
    data[4096:12288] = b"\xa5" * 8192
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_damaged_journal_opens_a_clear_dialog_and_stays_untouched(qtbot, tmp_path, problems):
    path = tmp_path / "journal.twitchlog"
    before = damage(path)
    window = app.open_main_window(str(path))
    assert window is None  # the user chose to quit
    (dialog,) = problems
    assert dialog.title_label.text() == "This journal file is damaged"
    assert "damaged" in dialog.problem_label.text()
    assert str(path) in dialog.path_label.text()
    assert dialog.give_up_button.text() == "&Quit"
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".journal.twitchlog.write-lock", "journal.twitchlog", "qsettings"]  # lock: from damage()


def test_a_newer_journal_is_named_as_such(qtbot, tmp_path, problems):
    path = tmp_path / "future.twitchlog"
    Journal.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = path.read_bytes()
    assert app.open_main_window(str(path)) is None
    assert problems[0].title_label.text() == "This journal needs a newer TwitchLog"
    assert "Please update TwitchLog" in problems[0].problem_label.text()
    assert path.read_bytes() == before


def test_after_a_refusal_the_user_can_start_a_new_journal(qtbot, tmp_path, problems,
                                                          monkeypatch):
    bad = tmp_path / "photo.twitchlog"
    bad.write_bytes(b"\x89PNG not a journal" * 20)
    fresh = tmp_path / "fresh.twitchlog"
    problems.answers[:] = [CREATE_NEW, GIVE_UP]
    monkeypatch.setattr(journal_opener, "choose_new", lambda parent: fresh)
    window = app.open_main_window(str(bad))
    try:
        assert window is not None
        assert window.context.path == fresh
        assert problems[0].title_label.text() == "This file is not a TwitchLog journal"
    finally:
        close_window(window)


def test_journal_path_precedence(tmp_path, monkeypatch):
    env = Path(paths.default_journal_path())  # conftest points $TWITCHLOG_DB at tmp
    assert app.initial_journal_path("/x/given.twitchlog") == Path("/x/given.twitchlog")
    assert app.initial_journal_path(None) == env
    monkeypatch.delenv(paths.ENV_VAR)
    last = tmp_path / "elsewhere.twitchlog"
    Journal.open(last).close()
    app_settings.set_value(app_settings.LAST_JOURNAL, str(last))
    assert app.initial_journal_path(None) == last
    last.unlink()
    assert app.initial_journal_path(None) == paths.default_journal_path()


def test_first_start_on_an_empty_journal_welcomes(qtbot, tmp_path, monkeypatch):
    app_settings.set_value(app_settings.WELCOME_DONE, False)
    answers: list[int] = [DEMO]
    monkeypatch.setattr(WelcomeDialog, "exec", lambda self: answers.pop(0))
    demos: list[MainWindow] = []
    monkeypatch.setattr(MainWindow, "explore_demo", lambda self: demos.append(self))
    window = app.open_main_window(str(tmp_path / "new.twitchlog"))
    try:
        qtbot.waitUntil(lambda: not answers, timeout=2000)
        assert demos == [window]
        assert app_settings.get_bool(app_settings.WELCOME_DONE)
    finally:
        close_window(window)


def test_no_welcome_once_it_was_seen(qtbot, tmp_path, monkeypatch):
    shown: list[int] = []
    monkeypatch.setattr(WelcomeDialog, "exec", lambda self: shown.append(1) or START)
    window = app.open_main_window(str(tmp_path / "new.twitchlog"))
    qtbot.wait(20)
    close_window(window)
    assert shown == []


def test_application_names_icon_and_follows_the_chosen_look(qtbot, monkeypatch):
    monkeypatch.setenv(theme.ENV_VAR, "dark")
    application = app.create_application()
    try:
        assert application.applicationName() == "TwitchLog"
        assert application.organizationName() == "TwitchLog"
        assert not application.windowIcon().isNull()
        assert theme.is_dark()
        window_color = QApplication.palette().color(QPalette.ColorRole.Window)
        assert window_color.lightness() < 80
        monkeypatch.setenv(theme.ENV_VAR, "light")
        theme.manager().set_choice("system")
        assert not theme.is_dark()
    finally:
        monkeypatch.delenv(theme.ENV_VAR)
        theme.manager().set_choice("light")
