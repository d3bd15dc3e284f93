"""Asking for a journal's passphrase: at start, to unlock the window, for a backup.

A wrong passphrase is said plainly and changes nothing; the dialog stays open for
another try. The passphrase is kept only in memory (see :mod:`twitchlog.store.cipher`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from twitchlog.store import JournalError, cipher
from twitchlog.store.errors import WrongPassphraseError


class PassphraseDialog(QDialog):
    """``exec()`` is accepted once the typed passphrase opens ``path``.

    With ``remember`` the passphrase is kept for this session (opening a journal or a
    backup); without it the dialog only checks it (unlocking a locked window).
    """

    def __init__(self, path: Path, parent: QWidget | None = None, *, remember: bool = True,
                 message: str | None = None, cancel_text: str = "Cancel") -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._remember = remember
        self.setWindowTitle("Passphrase – TwitchLog")
        intro = QLabel(message or (
            f"{self.path.name} is protected with a passphrase (or it is not a TwitchLog "
            "journal). Enter its passphrase to open it."), self)
        intro.setWordWrap(True)
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName("Passphrase")
        self.edit.setAccessibleDescription("Typed characters are hidden")
        self.problem_label = QLabel(self)
        self.problem_label.setProperty("role", "error")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        buttons = QDialogButtonBox(self)
        self.open_button = buttons.addButton("&Unlock", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setAccessibleDescription("Check the passphrase and open")
        buttons.buttons()[-1].setAccessibleDescription("Close without opening")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.edit)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        """Check the passphrase; a wrong one keeps the dialog open with the reason."""
        passphrase = self.edit.text()
        try:
            if self._remember:
                cipher.unlock(self.path, passphrase)
            else:
                cipher.check_passphrase(self.path, passphrase)
        except WrongPassphraseError:
            self._say("That passphrase is wrong (or the file is not a TwitchLog journal). "
                      "Nothing was changed; try again.")
            return
        except (JournalError, OSError) as exc:
            self._say(str(exc))
            return
        finally:
            self.edit.clear()
        super().accept()

    def _say(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.show()
        self.edit.setFocus()


def ask_passphrase(path: Path, parent: QWidget | None, *, message: str | None = None,
                   cancel_text: str = "Cancel") -> bool:
    """Ask until the passphrase opens ``path``; ``False`` if the user cancelled or
    SQLCipher is not installed (then the dialog says what to install)."""
    if not cipher.available():
        QMessageBox.warning(parent, "Protected journal",
                            f"{path.name} is protected with a passphrase (or it is not a "
                            f"TwitchLog journal). {cipher.INSTALL_HINT}.")
        return False
    dialog = PassphraseDialog(path, parent, message=message, cancel_text=cancel_text)
    return dialog.exec() == QDialog.DialogCode.Accepted
