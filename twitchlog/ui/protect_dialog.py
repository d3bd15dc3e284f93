"""Protect the journal with a passphrase, remove the protection, or change the passphrase.

The journal is closed while its file (and every backup) is converted, then reopened;
on any failure it is reopened as it was. There is no recovery for a forgotten
passphrase, so it is typed twice and the user may save a printable copy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from twitchlog.store import JournalError
from twitchlog.store.backups import open_with_backups
from twitchlog.store.errors import WrongPassphraseError
from twitchlog.ui.a11y import describe_buttons
from twitchlog.ui.context import JournalContext

PROTECT, UNPROTECT, REKEY = "protect", "unprotect", "rekey"
NO_RECOVERY = ("There is no recovery: if you forget this passphrase, nobody (you included) "
               "can read the journal or its backups again. TwitchLog does not keep it.")
TITLES = {PROTECT: "Protect this journal with a passphrase",
          UNPROTECT: "Remove the passphrase protection",
          REKEY: "Change the passphrase"}


class ProtectDialog(QDialog):
    """One of :data:`PROTECT`, :data:`UNPROTECT`, :data:`REKEY` for the open journal."""

    def __init__(self, context: JournalContext, mode: str, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.context = context
        self.mode = mode
        self.setWindowTitle(f"{TITLES[mode]} – TwitchLog")
        form = QFormLayout()
        self.current_edit = self._password_field("Current passphrase")
        self.new_edit = self._password_field("New passphrase")
        self.again_edit = self._password_field("New passphrase again")
        if mode != PROTECT:
            form.addRow("&Current passphrase:", self.current_edit)
        else:
            self.current_edit.hide()
        if mode != UNPROTECT:
            form.addRow("&New passphrase:", self.new_edit)
            form.addRow("&Type it again:", self.again_edit)
        else:
            self.new_edit.hide()
            self.again_edit.hide()
        intro = QLabel(self._intro(), self)
        intro.setWordWrap(True)
        self.sheet_check = QCheckBox("&Save a printable recovery copy of the passphrase (PDF)",
                                     self)
        self.sheet_check.setVisible(mode != UNPROTECT)
        self.problem_label = QLabel(self)
        self.problem_label.setProperty("role", "error")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(
            {PROTECT: "&Protect", UNPROTECT: "&Remove protection", REKEY: "&Change"}[mode],
            QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button.setAccessibleDescription(TITLES[mode])
        self.sheet_check.setAccessibleDescription(
            "After the change, choose where to save a one-page PDF holding the passphrase")
        describe_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.sheet_check)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _password_field(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(name)
        edit.setAccessibleDescription("Typed characters are hidden")
        return edit

    def _intro(self) -> str:
        if self.mode == UNPROTECT:
            return ("The journal and its backups become plain files again, readable by "
                    "anyone who can read your files.")
        what = ("The journal and its backups are encrypted (SQLCipher, AES-256); every "
                "later backup is too. Exports (CSV, JSON, PDF) stay plain files.")
        return f"{what}\n\n{NO_RECOVERY}"

    def problem(self) -> str | None:
        """Why the typed fields cannot be used, or ``None``."""
        if self.mode != PROTECT and not self.current_edit.text():
            return "Enter the current passphrase."
        if self.mode != UNPROTECT:
            if not self.new_edit.text():
                return "The new passphrase is empty."
            if self.new_edit.text() != self.again_edit.text():
                return "The two new passphrases differ."
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            self._say(problem)
            return
        if self.mode != UNPROTECT and QMessageBox.question(
                self, "No recovery", f"{NO_RECOVERY}\n\nContinue?") != \
                QMessageBox.StandardButton.Yes:
            return
        new = self.new_edit.text()
        error = self._switch(self.current_edit.text(), new)
        if error is not None:
            self._say(error)
            return
        if self.mode != UNPROTECT and self.sheet_check.isChecked():
            self._save_sheet(new)
        for edit in (self.current_edit, self.new_edit, self.again_edit):
            edit.clear()
        super().accept()

    def _switch(self, current: str, new: str) -> str | None:
        """Close, convert, reopen; the reason it failed (journal reopened as it was)."""
        from twitchlog.store import protection

        context = self.context
        path = context.path
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        error: str | None = None
        try:
            context.journal.close()  # nothing may hold the file while it is replaced
            try:
                if self.mode == PROTECT:
                    protection.protect(path, new)
                elif self.mode == UNPROTECT:
                    protection.unprotect(path, current)
                else:
                    protection.rekey(path, current, new)
            except WrongPassphraseError:
                error = "The current passphrase is wrong. Nothing was changed."
            except (JournalError, OSError) as exc:
                error = str(exc)
            journal = open_with_backups(path, daily=False)
        except (JournalError, OSError) as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.critical(self, "Journal not reopened",
                                 f"The journal could not be reopened: {exc}")
            super().reject()
            return None
        QGuiApplication.restoreOverrideCursor()
        context.replace(journal)
        return error

    def _save_sheet(self, passphrase: str) -> None:
        from twitchlog.ui import app_settings

        start = str(Path(app_settings.last_folder()) / "twitchlog-passphrase.pdf")
        name, _ = QFileDialog.getSaveFileName(self, "Save the recovery copy", start,
                                              "PDF files (*.pdf)")
        if not name:
            return
        from twitchlog.report.passphrase_sheet import write_passphrase_sheet

        try:
            write_passphrase_sheet(Path(name), self.context.path, passphrase)
        except OSError as exc:
            QMessageBox.warning(self, "Recovery copy not saved", str(exc))

    def _say(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.show()
