"""The app and a protected journal: the passphrase prompt, Settings › Privacy, the idle
lock, and the printable recovery copy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import FakeClock, isolate_app_settings
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from trust_support import make_journal

from twitchlog.store import Journal, cipher, protection
from twitchlog.ui import app_settings
from twitchlog.ui.context import JournalContext
from twitchlog.ui.journal_opener import open_interactively
from twitchlog.ui.main_window import MainWindow
from twitchlog.ui.passphrase_dialog import PassphraseDialog
from twitchlog.ui.privacy_settings_widget import PrivacySettingsBox
from twitchlog.ui.protect_dialog import PROTECT, UNPROTECT, ProtectDialog

pytestmark = pytest.mark.skipif(not cipher.available(),
                                reason="needs SQLCipher (the encryption extra)")
SECRET = "tray and lock"


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> Iterator[None]:
    isolate_app_settings(tmp_path / "qsettings")
    cipher.forget_all()
    yield
    cipher.forget_all()


@pytest.fixture
def protected_path(tmp_path: Path) -> Path:
    path = make_journal(tmp_path / "journal.twitchlog", episodes=4)
    protection.protect(path, SECRET)
    cipher.forget_all()
    return path


def test_a_wrong_passphrase_is_said_and_changes_nothing(qtbot, protected_path: Path) -> None:
    before = protected_path.read_bytes()
    dialog = PassphraseDialog(protected_path)
    qtbot.addWidget(dialog)
    dialog.edit.setText("not it")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "wrong" in dialog.problem_label.text() and not dialog.problem_label.isHidden()
    assert dialog.edit.text() == ""  # never left in the field
    assert cipher.passphrase_for(protected_path) is None
    assert protected_path.read_bytes() == before
    dialog.edit.setText(SECRET)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert cipher.passphrase_for(protected_path) == SECRET


def test_start_up_asks_before_reading(qtbot, protected_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[Path] = []

    def type_it(path: Path, _parent: object, **_options: str) -> bool:
        asked.append(path)
        cipher.unlock(path, SECRET)
        return True

    monkeypatch.setattr("twitchlog.ui.passphrase_dialog.ask_passphrase", type_it)
    journal = open_interactively(protected_path, None, create=False)
    assert journal is not None and asked == [protected_path]
    assert journal.counts()["episodes"] == 4
    journal.close()


def test_protect_and_unprotect_from_settings(qtbot, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_journal(tmp_path / "journal.twitchlog", episodes=3)
    context = JournalContext(Journal.open(path))
    box = PrivacySettingsBox(context)
    qtbot.addWidget(box)
    assert not box.protect_button.isHidden() and box.unprotect_button.isHidden()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)

    dialog = ProtectDialog(context, PROTECT)
    qtbot.addWidget(dialog)
    dialog.new_edit.setText(SECRET)
    dialog.again_edit.setText("typo")
    dialog.accept()
    assert "differ" in dialog.problem_label.text() and not protection.is_protected(path)
    dialog.again_edit.setText(SECRET)
    dialog.accept()
    assert protection.is_protected(path) and b"CREATE TABLE" not in path.read_bytes()
    assert context.journal.counts()["episodes"] == 3  # reopened, keyed
    box.update_state()
    assert box.protect_button.isHidden() and not box.unprotect_button.isHidden()

    undo = ProtectDialog(context, UNPROTECT)
    qtbot.addWidget(undo)
    undo.current_edit.setText("wrong")
    undo.accept()
    assert "wrong" in undo.problem_label.text() and protection.is_protected(path)
    assert context.journal.counts()["episodes"] == 3
    undo.current_edit.setText(SECRET)
    undo.accept()
    assert not protection.is_protected(path)
    context.journal.close()


def test_the_window_locks_when_idle_and_the_tray_still_logs(
        qtbot, protected_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QApplication, "quit", lambda: None)
    cipher.unlock(protected_path, SECRET)
    app_settings.set_value(app_settings.IDLE_LOCK_MINUTES, 5)
    app_settings.set_value(app_settings.QUICK_LOG_WHILE_LOCKED, True)
    journal = Journal.open(protected_path)
    window = MainWindow(JournalContext(journal), clock=FakeClock())
    qtbot.addWidget(window)
    window.show()
    window.idle_lock.lock()
    assert window.idle_lock.locked and not window.isVisible()
    if window.tray is not None:
        assert window.tray.locked and window.tray.log_menu.isEnabled()
        window.tray.log_at("calf", "left")
        assert not window.isVisible()
        assert journal.counts()["episodes"] == 5
    monkeypatch.setattr(PassphraseDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    assert not window.idle_lock.ask_to_unlock() and not window.isVisible()
    monkeypatch.setattr(PassphraseDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    assert window.idle_lock.ask_to_unlock() and window.isVisible()
    QApplication.setQuitOnLastWindowClosed(True)


def test_a_locked_window_shown_again_asks_for_the_passphrase_first(
        qtbot, protected_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QApplication, "quit", lambda: None)
    cipher.unlock(protected_path, SECRET)
    app_settings.set_value(app_settings.IDLE_LOCK_MINUTES, 5)
    asked: list[bool] = []

    def refuse(_self: PassphraseDialog) -> QDialog.DialogCode:
        asked.append(True)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PassphraseDialog, "exec", refuse)
    window = MainWindow(JournalContext(Journal.open(protected_path)), clock=FakeClock())
    qtbot.addWidget(window)
    window.show()
    window.idle_lock.lock()
    window.show()  # e.g. the tray's "Show TwitchLog"
    qtbot.waitUntil(lambda: bool(asked), timeout=2000)
    assert not window.isVisible() and window.idle_lock.locked
    monkeypatch.setattr(PassphraseDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    assert window.idle_lock.ask_to_unlock() and window.isVisible()
    prompts = len(asked)
    window.hide()
    window.show()  # unlocked: shown at once, nothing asked
    qtbot.wait(50)
    assert window.isVisible() and len(asked) == prompts
    window.context.journal.close()
    QApplication.setQuitOnLastWindowClosed(True)


def test_privacy_explains_what_to_install_without_sqlcipher(
        qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cipher, "available", lambda: False)
    box = PrivacySettingsBox(None)
    qtbot.addWidget(box)
    assert "twitchlog[encryption]" in box.status_label.text()
    assert not box.protect_button.isEnabled()


def test_the_recovery_copy_is_a_printable_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from twitchlog.report.passphrase_sheet import write_passphrase_sheet

    out = write_passphrase_sheet(tmp_path / "sheet.pdf", tmp_path / "journal.twitchlog",
                                 "ünïcode phrase 42")
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "ünïcode phrase 42" in text and "no other way" in text
    assert out.stat().st_mode & 0o077 == 0


def test_the_export_dialog_says_exports_are_plain(qtbot, protected_path: Path) -> None:
    from twitchlog.ui.exchange_flow import ExportDialog

    cipher.unlock(protected_path, SECRET)
    context = JournalContext(Journal.open(protected_path))
    dialog = ExportDialog(context)
    qtbot.addWidget(dialog)
    assert not dialog.plain_note.isHidden() and "plain files" in dialog.plain_note.text()
    context.journal.close()
