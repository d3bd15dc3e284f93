"""The main window: views, menus, shortcuts, shared undo, settings, switching journals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import FakeClock, isolate_app_settings
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox

from twitchlog import paths
from twitchlog.domain import DayCheckIn, Episode
from twitchlog.store import Journal
from twitchlog.ui import app_settings, main_window
from twitchlog.ui.context import JournalContext
from twitchlog.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolate_app_settings(tmp_path / "qsettings")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_window(qtbot, journal: Journal, clock: FakeClock) -> MainWindow:
    window = MainWindow(JournalContext(journal), clock=clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, journal: Journal, clock: FakeClock) -> Iterator[MainWindow]:
    win = make_window(qtbot, journal, clock)
    yield win
    win.commit_pending()
    win.tasks.wait()


def menu_texts(window: MainWindow, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [a.text() for a in menu.actions() if not a.isSeparator() and a.isVisible()]


def test_title_names_the_journal_file(window, journal_path):
    assert journal_path.name in window.windowTitle()
    assert "TwitchLog" in window.windowTitle()
    assert not window.demo_banner.isVisible()


def test_views_and_menus(window):
    assert window.view_keys() == ["today", "journal", "insights", "report"]
    assert window.switcher.count() == 4
    assert menu_texts(window, "&File") == [
        "&New journal…", "&Open journal…", "Explore the &demo journal", "&Import…",
        "U&ndo last import…", "&Export…", "&Restore from backup…", "&Settings…", "&Quit"]
    assert menu_texts(window, "&Edit")[2:] == ["&Delete", "&Log an episode"]
    assert menu_texts(window, "&View") == ["Today", "Journal", "Insights", "Report",
                                           "&Manage…"]
    assert menu_texts(window, "&Help") == ["&Where is my data?", "&About TwitchLog"]
    assert window.log_action.shortcut() == QKeySequence("Ctrl+L")
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)


def test_add_view_is_one_line(window):
    page = QLabel("notes")
    window.add_view("notes", "Notes", page, "journal")
    assert window.view_keys()[-1] == "notes"
    assert "Notes" in menu_texts(window, "&View")
    action = next(a for a in window.view_menu.actions() if a.text() == "Notes")
    assert action.shortcut() == QKeySequence("Ctrl+5")
    action.trigger()
    assert window.current_view() is page


def test_ctrl_l_shows_today_with_the_form_ready(qtbot, window):
    window.show_view("journal")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view_key() == "today"
    qtbot.waitUntil(lambda: window.today_view.form.picker.search.hasFocus(), timeout=2000)


def test_delete_acts_on_the_current_views_selection_and_undo_survives_switching(
        qtbot, window, journal, clock):
    stored = journal.episodes.add(Episode(started_at=clock.now, location="calf", side="left"))
    window.context.notify_changed()
    today = window.today_view
    assert not window.delete_action.isEnabled()
    today.episode_list.topLevelItem(0).setSelected(True)
    assert window.delete_action.isEnabled()
    window.delete_action.trigger()
    assert journal.episodes.get(stored.id) is None
    window.show_view("journal")
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert journal.episodes.get(stored.id) is not None
    window.redo_action.trigger()
    assert journal.episodes.get(stored.id) is None


def test_window_remembers_its_size_and_last_view(qtbot, journal, clock):
    first = make_window(qtbot, journal, clock)
    first.resize(1060, 640)
    first.show_view("journal")
    first.close()
    second = make_window(qtbot, journal, clock)
    assert second.current_view_key() == "journal"
    assert second.size().height() == 640


def test_reopening_the_journal_finds_everything(qtbot, journal_path, clock):
    journal = Journal.open(journal_path)
    window = make_window(qtbot, journal, clock)
    qtbot.mouseClick(window.today_view.quick_log.buttons[0], Qt.MouseButton.LeftButton)
    window.today_view.form.set_location("thumb", "right")
    window.today_view.form.notes_edit.setText("typing")
    window.today_view.form.submit()
    edit = window.today_view.checkin.field("sleep_hours")
    qtbot.keyClicks(edit, "6.5")
    window.close()  # the pending check-in edit is saved on close
    journal.close()

    reopened = Journal.open(journal_path)
    try:
        again = make_window(qtbot, reopened, clock)
        shown = again.today_view.episodes_shown()
        assert {(e.location, e.side, e.notes) for e in shown} == {
            ("eyelid", "left", ""), ("thumb", "right", "typing")}
        assert again.today_view.checkin.field("sleep_hours").text() == "6.5"
        assert again.today_view.quick_log.places()[0] in {("eyelid", "left"), ("thumb", "right")}
        again.close()
    finally:
        reopened.close()


def test_switching_journals_clears_undo_and_refreshes(qtbot, window, tmp_path, clock):
    qtbot.mouseClick(window.today_view.quick_log.buttons[0], Qt.MouseButton.LeftButton)
    assert window.undo_stack.count() == 1
    other = Journal.open(tmp_path / "other.twitchlog")
    other.checkins.save(DayCheckIn(clock.now.date(), stress=9))
    window.switch_journal(other)
    assert window.undo_stack.count() == 0
    assert "other.twitchlog" in window.windowTitle()
    assert window.today_view.episodes_shown() == []
    assert window.today_view.checkin.field("stress").value() == 9
    assert app_settings.get_str(app_settings.LAST_JOURNAL) == str(other.path.resolve())


def test_opening_a_damaged_file_explains_and_keeps_the_current_journal(
        qtbot, window, tmp_path, monkeypatch):
    bad = tmp_path / "notes.twitchlog"
    bad.write_bytes(b"just some text, not a journal at all" * 10)
    before = bad.read_bytes()
    shown: list[object] = []

    def fake_exec(dialog) -> int:
        shown.append((dialog.title_label.text(), dialog.problem_label.text()))
        return 0

    monkeypatch.setattr(main_window, "choose_existing", lambda parent: bad)
    monkeypatch.setattr("twitchlog.ui.journal_problem_dialog.JournalProblemDialog.exec",
                        fake_exec)
    current = window.context.path
    window.open_action.trigger()
    assert shown and shown[0][0] == "This file is not a TwitchLog journal"
    assert "not an SQLite database" in shown[0][1]
    assert window.context.path == current
    assert bad.read_bytes() == before


def test_demo_journal_round_trip(qtbot, window, journal_path, monkeypatch):
    monkeypatch.setattr(main_window, "DEMO_DAYS", 14)
    window.explore_demo()
    qtbot.waitUntil(lambda: window.is_demo(), timeout=20_000)
    assert window.context.path == paths.demo_journal_path()
    assert "Demo journal" in window.windowTitle()
    assert window.demo_banner.isVisible()
    assert window.back_home_action.isVisible()
    assert window.context.journal.counts()["checkins"] > 0
    window.demo_banner.back_button.click()
    assert window.context.path == journal_path
    assert not window.demo_banner.isVisible()
    assert journal_path.name in window.windowTitle()


def test_import_and_export_report_counts_and_refusals(qtbot, window, journal, clock, tmp_path,
                                                     monkeypatch):
    from twitchlog.ui.exchange_flow import ExportFlow, ImportFlow

    journal.episodes.add(Episode(started_at=clock.now, location="calf", side="left"))
    journal.checkins.save(DayCheckIn(clock.now.date(), stress=3))
    messages: list[str] = []

    def fake_exec(box) -> int:
        messages.append(f"{box.text()} | {box.informativeText()}")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    from twitchlog.exchange import export_csv

    export_csv(journal, tmp_path / "out")
    previews: list[str] = []
    monkeypatch.setattr("twitchlog.ui.exchange_flow.confirm_import",
                        lambda parent, preview: previews.append(preview.source) or True)
    other = Journal.open(tmp_path / "fresh.twitchlog")
    window.switch_journal(other)
    ImportFlow(window.context, window.tasks, window).start(
        [str(tmp_path / "out" / "episodes.csv"), str(tmp_path / "out" / "days.csv")])
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert previews == ["episodes.csv, days.csv"]  # asked first
    assert "1 episode added" in messages[-1]
    assert window.today_view.episodes_shown()[0].location == "calf"

    broken = tmp_path / "broken.csv"
    broken.write_text("id,started_at,location\n,2024-13-40T10:00,calf\n", encoding="utf-8")
    ImportFlow(window.context, window.tasks, window).start([str(broken)])
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=10_000)
    assert "broken.csv, line 2, column started_at" in messages[-1]
    assert "nothing was imported" in messages[-1]

    target = tmp_path / "export.json"
    monkeypatch.setattr(ExportFlow, "_choose_target", lambda self, fmt: target)
    monkeypatch.setattr("twitchlog.ui.exchange_flow.ExportDialog.exec", lambda self: 1)
    monkeypatch.setattr("twitchlog.ui.exchange_flow.ExportDialog.fmt", lambda self: "json")
    ExportFlow(window.context, window.tasks, window).start()
    qtbot.waitUntil(lambda: len(messages) == 3, timeout=10_000)
    assert "Exported 1 episode and 1 day" in messages[-1]
    assert target.exists()


def test_mnemonics_on_the_today_view_do_not_clash(qtbot, window):
    """Alt+letter must reach exactly one field (menus included), so the keyboard suffices."""
    from PySide6.QtWidgets import QAbstractButton

    letters: dict[str, list[str]] = {}
    texts = [a.text() for a in window.menuBar().actions()]
    for widget in window.today_view.findChildren(QLabel) + \
            window.today_view.findChildren(QAbstractButton):
        if widget.isVisibleTo(window) and (not isinstance(widget, QLabel) or widget.buddy()):
            texts.append(widget.text())
    for text in texts:
        index = text.replace("&&", "").find("&")
        if index >= 0:
            letters.setdefault(text.replace("&&", "")[index + 1].lower(), []).append(text)
    clashes = {k: v for k, v in letters.items() if len(v) > 1}
    assert clashes == {}
    assert len(letters) >= 15


def test_a_view_given_as_a_factory_is_built_when_first_shown(qtbot, window):
    built: list[QLabel] = []

    def notes_view() -> QLabel:
        built.append(QLabel("notes"))
        return built[-1]

    window.add_view("notes", "Notes", notes_view, "report")
    assert built == [] and not window.is_view_built("notes")
    assert not window.is_view_built("journal")  # the Journal view waits for its first visit
    window.show_view("notes")
    assert len(built) == 1
    assert window.current_view() is built[0]
    window.show_view("today")
    window.show_view("notes")
    assert len(built) == 1


def test_file_undo_last_import_asks_then_removes_what_the_import_added(
        qtbot, window, journal, clock, tmp_path, monkeypatch):
    from twitchlog.exchange import import_paths

    typed = journal.episodes.add(Episode(started_at=clock.now, location="calf", side="left"))
    csv = tmp_path / "episodes.csv"
    csv.write_text("id,started_at,location,side,duration_s,intensity,kind,notes\n"
                   ",2024-03-05T09:00:00+01:00,left elbow,,,,twitch,from a file\n",
                   encoding="utf-8")
    import_paths(journal, [csv])
    window.context.notify_changed()
    shown: list[tuple[str, str]] = []
    answers = {"Undo last import": "Undo import"}

    def fake_exec(box) -> int:
        shown.append((box.text(), box.informativeText()))
        wanted = answers.get(box.windowTitle())
        for button in box.buttons():
            if button.text() == wanted:
                monkeypatch.setattr(QMessageBox, "clickedButton", lambda self, b=button: b)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    window.file_menu.aboutToShow.emit()
    assert window.undo_import_action.isEnabled()
    window.undo_import_action.trigger()

    question, details = shown[0]
    assert question.startswith("Undo the import of episodes.csv")
    assert "1 episode and 0 days" in details and "backup" in details
    assert "Removed 1 episode, 0 days and 1 location" in shown[1][0]
    assert [e.id for e in journal.episodes.find()] == [typed.id]
    assert "left elbow" not in [loc.name for loc in journal.locations.all()]
    assert any("undo-import" in p.name for p in (journal.path.parent / "backups").iterdir())
    window.file_menu.aboutToShow.emit()
    assert not window.undo_import_action.isEnabled()


class _UnixLineEdit(QLineEdit):
    """A line edit with the X11 key bindings, where Ctrl+E means "end of line"."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and \
                QKeySequence(event.keyCombination()).toString() == "Ctrl+E":
            event.accept()
            return True
        return super().event(event)


def test_menu_shortcuts_work_while_a_text_field_has_the_keyboard(qtbot, window, monkeypatch):
    from twitchlog.ui.exchange_flow import ExportFlow

    exports: list[bool] = []
    monkeypatch.setattr(ExportFlow, "start", lambda _self: exports.append(True))
    window.activateWindow()
    notes = _UnixLineEdit(window.today_view)
    notes.show()
    notes.setFocus()
    qtbot.waitUntil(notes.hasFocus, timeout=2000)
    qtbot.keyClicks(notes, "after coffee")
    qtbot.keyClick(notes, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert exports == [True]
    assert notes.text() == "after coffee"
    qtbot.keyClick(notes, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert notes.selectedText() == "after coffee"  # select all stays the field's
