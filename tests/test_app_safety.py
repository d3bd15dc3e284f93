"""The app's safety net: one instance per journal, restore and damage dialogs, the backup
on close and the storage warning."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from trust_support import add_entries, episode_ids, make_journal

from twitchlog.store import DamagedJournalError, Journal
from twitchlog.store.backups import backup_journal, list_backups
from twitchlog.store.safety import instance_lock_path, running_app_pid
from twitchlog.ui import damaged_dialog
from twitchlog.ui.context import JournalContext
from twitchlog.ui.damaged_dialog import (
    CHOOSE_BACKUP,
    OTHER_OPTIONS,
    RESTORE_NEWEST,
    START_EMPTY,
    DamagedJournalDialog,
    recover_damaged_journal,
)
from twitchlog.ui.journal_guard import JournalGuard
from twitchlog.ui.restore_dialog import RestoreDialog
from twitchlog.ui.single_instance import SingleInstance, claim_or_forward
from twitchlog.ui.tasks import TaskRunner

SECOND_LAUNCH = """
import sys
from PySide6.QtCore import QCoreApplication
from twitchlog.ui.single_instance import ask_running_instance_to_raise
app = QCoreApplication([])
print(ask_running_instance_to_raise(sys.argv[1]), flush=True)
"""


@pytest.fixture
def quiet_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record message boxes instead of showing them."""
    shown: list[str] = []

    def record(kind: str):
        def show(_parent, title, text, *args, **kwargs):
            shown.append(f"{kind}: {title}: {text}")
            return QMessageBox.StandardButton.Ok
        return show

    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    return shown


def _damage(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
    return bytes(data)


# --- single instance ---------------------------------------------------------------------


def test_a_second_claim_on_the_same_journal_fails(qtbot, journal_path: Path) -> None:
    first = SingleInstance()
    assert first.claim(journal_path)
    second = SingleInstance()
    assert not second.claim(journal_path)
    assert second.claim(journal_path.with_name("other.twitchlog"))  # other journals are free
    first.release()
    assert SingleInstance().claim(journal_path)


def test_a_lock_left_by_a_crashed_app_is_taken_over(qtbot, journal_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    journal_path.parent.mkdir(parents=True)
    lock = instance_lock_path(journal_path)
    lock.write_text(f"{dead.pid}\npython3\n{socket.gethostname()}\n")
    assert running_app_pid(journal_path) is None
    instance = SingleInstance()
    assert instance.claim(journal_path)
    assert lock.read_text().split("\n")[0] == str(os.getpid())
    instance.release()


def test_a_second_launch_brings_the_first_window_forward(qtbot, journal_path: Path) -> None:
    instance = SingleInstance()
    assert instance.claim(journal_path)
    window = QWidget()
    qtbot.addWidget(window)
    instance.attach(window)
    before = journal_path.exists()
    launch = subprocess.Popen([sys.executable, "-c", SECOND_LAUNCH, str(journal_path)],
                              stdout=subprocess.PIPE, text=True)
    with qtbot.waitSignal(instance.raise_requested, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: launch.poll() is not None, timeout=10_000)
    assert launch.returncode == 0
    assert launch.stdout.read().strip() == "True"
    assert window.isVisible()
    assert journal_path.exists() == before  # the second launch never opened the journal
    instance.release()


def test_the_command_line_sees_the_apps_lock(qtbot, journal_path: Path) -> None:
    instance = SingleInstance()
    assert instance.claim(journal_path)
    code = ("import sys; from twitchlog.store.safety import running_app_pid;"
            "print(running_app_pid(sys.argv[1]))")
    out = subprocess.run([sys.executable, "-c", code, str(journal_path)], capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == str(os.getpid())
    instance.release()


def test_claim_or_forward_tells_the_user_when_the_other_app_does_not_answer(
        qtbot, journal_path: Path, quiet_boxes, monkeypatch) -> None:
    holder = SingleInstance()
    assert holder.claim(journal_path)
    holder._server.close()  # a hung first instance: holds the lock, does not answer
    from twitchlog.ui import single_instance

    monkeypatch.setattr(single_instance, "CONNECT_TIMEOUT_MS", 200)
    instance, status = claim_or_forward(journal_path)
    assert instance is None and status == 1
    assert "already open" in quiet_boxes[0]
    holder.release()


# --- restore dialog ------------------------------------------------------------------------


@pytest.fixture
def context_with_backups(qtbot, journal_path: Path) -> JournalContext:
    journal = Journal.open(journal_path)
    add_entries(journal, 3, 2)
    backup_journal(journal, "manual")
    add_entries(journal, 4, start=20)
    context = JournalContext(journal)
    yield context
    context.journal.close()


def test_restore_dialog_lists_backups_with_date_and_counts(qtbot, context_with_backups
                                                           ) -> None:
    dialog = RestoreDialog(context_with_backups.path, context=context_with_backups)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row[1] == "made on request" and row[2] == "3" and row[3] == "2"
    assert dialog.restore_button.isEnabled()


def test_restore_from_the_dialog_reopens_the_journal(qtbot, context_with_backups,
                                                     quiet_boxes, monkeypatch) -> None:
    context = context_with_backups
    dialog = RestoreDialog(context.path, context=context)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(RestoreDialog, "_confirm", lambda self, info: True)
    with qtbot.waitSignal(context.replaced), qtbot.waitSignal(dialog.restored):
        dialog.restore_button.click()
    assert context.journal.counts()["episodes"] == 3
    add_entries(context.journal, 1, start=90)  # the reopened journal is writable
    assert "Backup restored" in quiet_boxes[-1]
    reasons = sorted(i.reason for i in list_backups(context.path))
    assert reasons == ["manual", "restore"]
    safety = next(i for i in list_backups(context.path) if i.reason == "restore")
    assert safety.episodes == 7


def test_cancelling_the_confirmation_changes_nothing(qtbot, context_with_backups,
                                                     monkeypatch) -> None:
    context = context_with_backups
    dialog = RestoreDialog(context.path, context=context)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(RestoreDialog, "_confirm", lambda self, info: False)
    dialog.restore_button.click()
    assert context.journal.counts()["episodes"] == 7
    assert len(list_backups(context.path)) == 1


def test_an_unusable_backup_is_shown_but_cannot_be_chosen(qtbot, context_with_backups) -> None:
    context = context_with_backups
    (info,) = list_backups(context.path)
    info.path.write_bytes(info.path.read_bytes()[:3000])
    dialog = RestoreDialog(context.path, context=context)
    qtbot.addWidget(dialog)
    assert "cannot be used" in dialog.table.item(0, 1).text()
    assert dialog.selected() is None and not dialog.restore_button.isEnabled()


def test_back_up_now_adds_a_row(qtbot, context_with_backups) -> None:
    context = context_with_backups
    dialog = RestoreDialog(context.path, context=context)
    qtbot.addWidget(dialog)
    dialog.backup_button.click()
    assert dialog.table.rowCount() == 2
    assert dialog.selected().episodes == 7


# --- damaged journal -------------------------------------------------------------------------


def test_damaged_dialog_offers_the_newest_good_backup(qtbot, journal_path: Path) -> None:
    make_journal(journal_path, 2, 1)
    with Journal.open(journal_path) as journal:
        backup_journal(journal, "manual")
    error = DamagedJournalError(journal_path, "is damaged: page 3 is never used")
    from twitchlog.store.backups import newest_good_backup

    dialog = DamagedJournalDialog(journal_path, error, newest_good_backup(journal_path))
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isHidden()
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "newest good backup" in text and "2 episodes and 1 tracked day" in text
    assert "page 3 is never used" in text and "has not written anything" in text
    without = DamagedJournalDialog(journal_path, error, None)
    qtbot.addWidget(without)
    assert without.restore_button.isHidden()


def test_restoring_over_a_damaged_journal_keeps_it_aside(qtbot, journal_path: Path,
                                                         quiet_boxes, monkeypatch) -> None:
    make_journal(journal_path, 3, 1)
    with Journal.open(journal_path) as journal:
        ids = {e.id for e in journal.episodes.find()}
        backup_journal(journal, "manual")
    damaged = _damage(journal_path)
    with pytest.raises(DamagedJournalError) as caught:
        Journal.open(journal_path)
    monkeypatch.setattr(DamagedJournalDialog, "exec", lambda self: RESTORE_NEWEST)
    journal = recover_damaged_journal(journal_path, caught.value)
    assert journal is not None
    try:
        assert {e.id for e in journal.episodes.find()} == ids
    finally:
        journal.close()
    (aside,) = journal_path.parent.glob("test.twitchlog.damaged-*")
    assert aside.read_bytes() == damaged
    assert "kept as" in quiet_boxes[-1] and str(aside) in quiet_boxes[-1]


def test_no_backup_start_empty_keeps_the_damaged_file(qtbot, journal_path: Path,
                                                      quiet_boxes, monkeypatch) -> None:
    make_journal(journal_path, 3, 1)
    damaged = _damage(journal_path)
    monkeypatch.setattr(DamagedJournalDialog, "exec", lambda self: START_EMPTY)
    journal = recover_damaged_journal(journal_path, DamagedJournalError(journal_path, "bad"))
    assert journal is not None and journal.is_empty()
    journal.close()
    (aside,) = journal_path.parent.glob("test.twitchlog.damaged-*")
    assert aside.read_bytes() == damaged


def test_other_options_touch_nothing(qtbot, journal_path: Path, monkeypatch) -> None:
    make_journal(journal_path, 3, 1)
    damaged = _damage(journal_path)
    monkeypatch.setattr(DamagedJournalDialog, "exec", lambda self: OTHER_OPTIONS)
    assert recover_damaged_journal(journal_path, DamagedJournalError(journal_path, "x")) is None
    assert journal_path.read_bytes() == damaged
    assert sorted(p.name for p in journal_path.parent.iterdir()) == [
        ".test.twitchlog.write-lock", "test.twitchlog"]  # the lock file is from make_journal


def test_choosing_an_older_backup(qtbot, journal_path: Path, quiet_boxes, monkeypatch) -> None:
    make_journal(journal_path, 2, 0)
    with Journal.open(journal_path) as journal:
        older = backup_journal(journal, "manual")
        add_entries(journal, 3, start=30)
        backup_journal(journal, "manual")
    _damage(journal_path)
    choices = iter([CHOOSE_BACKUP])
    monkeypatch.setattr(DamagedJournalDialog, "exec", lambda self: next(choices))

    def pick_older(self) -> int:
        self.select(older)
        self._on_restore_button_clicked()
        return self.result()

    monkeypatch.setattr(damaged_dialog.RestoreDialog, "exec", pick_older)
    journal = recover_damaged_journal(journal_path, DamagedJournalError(journal_path, "x"))
    assert journal is not None
    assert journal.counts()["episodes"] == 2
    journal.close()
    assert episode_ids(journal_path)


# --- the guard: backup on close, storage warning ----------------------------------------------


def test_backup_on_close_only_after_changes(qtbot, journal_path: Path) -> None:
    journal = Journal.open(journal_path)
    add_entries(journal, 1)
    context = JournalContext(journal)
    window = QWidget()
    qtbot.addWidget(window)
    guard = JournalGuard(context, window, daily_backup=False)
    assert guard.finish() is None  # nothing changed in this session
    journal.close()
    journal = Journal.open(journal_path)
    context = JournalContext(journal)
    guard = JournalGuard(context, window, daily_backup=False)
    add_entries(journal, 2, start=10)
    context.notify_changed()
    made = guard.finish()
    journal.close()
    assert made is not None
    (info,) = list_backups(journal_path)
    assert info.reason == "close" and info.episodes == 3


def test_close_backup_catches_writes_nobody_announced(qtbot, journal_path: Path) -> None:
    """A write through the connection (or by the command line) counts even without a
    ``changed`` signal."""
    journal = Journal.open(journal_path)
    context = JournalContext(journal)
    window = QWidget()
    qtbot.addWidget(window)
    guard = JournalGuard(context, window, daily_backup=False)
    with Journal.open(journal_path) as cli:
        add_entries(cli, 2)
    assert guard.changed()
    assert guard.finish() is not None
    journal.close()
    assert list_backups(journal_path)[0].episodes == 2


def test_switching_journals_backs_up_the_one_left(qtbot, journal_path: Path,
                                                  tmp_path: Path) -> None:
    journal = Journal.open(journal_path)
    context = JournalContext(journal)
    window = QWidget()
    qtbot.addWidget(window)
    JournalGuard(context, window, daily_backup=False)
    add_entries(journal, 2)
    context.notify_changed()
    context.replace(Journal.open(tmp_path / "other" / "other.twitchlog"))
    assert [i.reason for i in list_backups(journal_path)] == ["close"]
    context.journal.close()


def test_storage_warning_is_shown_once(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "Dropbox" / "journal.twitchlog"
    window = QWidget()
    qtbot.addWidget(window)
    for expected in (1, 0):
        journal = Journal.open(path)
        context = JournalContext(journal)
        guard = JournalGuard(context, window, daily_backup=False)
        guard.check_storage()
        boxes = [b for b in window.findChildren(QMessageBox, "storageWarning") if b.isVisible()]
        assert len(boxes) == expected
        for box in boxes:
            assert "Dropbox" in box.text()
            box.close()
            box.deleteLater()
        journal.close()


def test_launching_twitchlog_again_for_an_open_journal_exits_0(qtbot, journal_path: Path,
                                                               tmp_path: Path) -> None:
    """The real second launch: ``twitchlog --db PATH`` while this process has it open."""
    instance = SingleInstance()
    assert instance.claim(journal_path)
    window = QWidget()
    qtbot.addWidget(window)
    instance.attach(window)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home2"),
               XDG_CONFIG_HOME=str(tmp_path / "cfg2"))
    launch = subprocess.Popen([sys.executable, "-m", "twitchlog", "--db", str(journal_path)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with qtbot.waitSignal(instance.raise_requested, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: launch.poll() is not None, timeout=20_000)
    assert launch.returncode == 0, launch.stderr.read()
    assert not journal_path.exists()  # never opened, let alone created
    instance.release()


class _WindowWithTasks(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.tasks = TaskRunner(self)


def test_the_days_backup_is_taken_in_the_background(qtbot, journal_path: Path) -> None:
    make_journal(journal_path, 4, 1)
    journal = Journal.open(journal_path)
    context = JournalContext(journal)
    window = _WindowWithTasks()
    qtbot.addWidget(window)
    guard = JournalGuard(context, window)
    qtbot.waitUntil(lambda: guard.last_backup is not None, timeout=10_000)
    (info,) = list_backups(journal_path)
    assert info.reason == "open" and info.episodes == 4
    JournalGuard(context, window)  # opened again the same day: no second copy
    window.tasks.wait()
    qtbot.wait(50)
    assert len(list_backups(journal_path)) == 1
    journal.close()


def test_a_failed_daily_backup_is_reported_not_fatal(qtbot, journal_path: Path,
                                                     monkeypatch) -> None:
    make_journal(journal_path, 1, 0)
    journal = Journal.open(journal_path)
    context = JournalContext(journal)
    window = _WindowWithTasks()
    qtbot.addWidget(window)
    from twitchlog.store import backups

    def no_space(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups.tempfile, "mkstemp", no_space)
    JournalGuard(context, window)
    qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox, "backupWarning")),
                    timeout=10_000)
    (box,) = window.findChildren(QMessageBox, "backupWarning")
    assert "disk is full" in box.text() and "journal itself is fine" in box.text()
    box.close()
    add_entries(journal, 1, start=70)  # the journal carries on
    journal.close()


# --- the main window: File > Restore from backup…, command-line writes on focus --------------


@pytest.fixture
def main_window(qtbot, journal_path: Path, tmp_path: Path):
    from app_support import isolate_app_settings

    from twitchlog.ui.main_window import MainWindow

    isolate_app_settings(tmp_path / "qsettings")
    journal = Journal.open(journal_path)
    add_entries(journal, 3, 1)
    window = MainWindow(JournalContext(journal))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.tasks.wait()
    window.context.journal.close()


def test_command_line_writes_show_when_the_app_regains_focus(qtbot, main_window) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    main_window._poll.stop()  # only the focus change may notice
    with Journal.open(main_window.context.path) as cli:
        add_entries(cli, 2, start=40)
    with qtbot.waitSignal(main_window.context.changed, timeout=2000):
        QApplication.instance().applicationStateChanged.emit(
            Qt.ApplicationState.ApplicationActive)
    assert main_window.context.journal.counts()["episodes"] == 5


def test_file_restore_from_backup_swaps_the_journal_and_clears_undo(
        qtbot, main_window, quiet_boxes, monkeypatch) -> None:
    from twitchlog.ui import restore_dialog

    window = main_window
    backup_journal(window.context.journal, "manual")
    add_entries(window.context.journal, 2, start=50)
    window.undo_stack.push(QUndoCommand("something"))
    monkeypatch.setattr(restore_dialog.RestoreDialog, "_confirm", lambda self, info: True)

    def choose_newest(dialog) -> int:
        dialog._on_restore_button_clicked()
        return dialog.result()

    monkeypatch.setattr(restore_dialog.RestoreDialog, "exec", choose_newest)
    window.restore_action.trigger()
    assert window.context.journal.counts()["episodes"] == 3
    assert window.undo_stack.count() == 0
    assert "Backup restored" in quiet_boxes[-1]
