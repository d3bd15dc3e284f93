"""Dialogs on a small screen: each fits 1024×640 and shows its explanations whole.

A dialog taller than the screen is squeezed by the window manager, and Qt then gives a
word-wrapped label fewer lines than its text needs: the sentence is cut off or overlaps
the next control (the Settings dialog did this at 1024×640).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import app_look, isolate_app_settings
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QTabWidget, QWidget

from twitchlog.store import Journal
from twitchlog.ui.context import JournalContext

#: 1024×640 less a title bar and a panel: the room a dialog has on a small laptop.
ROOM = QSize(1024, 590)


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolate_app_settings(tmp_path / "qsettings")


@pytest.fixture(autouse=True)
def themed(qapp) -> Iterator[None]:
    """The look the app sets (Fusion, palette, style sheet), as sizes depend on it."""
    with app_look(qapp):
        yield


def squeezed_labels(widget: QWidget) -> list[str]:
    """Visible wrapped labels given fewer lines than their text needs."""
    return [label.text()[:60] for label in widget.findChildren(QLabel)
            if label.isVisible() and label.wordWrap() and label.text()
            and label.height() < label.heightForWidth(label.width())]


def assert_fits_small_screen(qtbot, dialog: QDialog) -> None:
    hint = dialog.sizeHint()
    assert hint.width() <= ROOM.width() and hint.height() <= ROOM.height(), hint
    dialog.resize(hint.boundedTo(ROOM))
    dialog.show()
    qtbot.waitExposed(dialog)
    tabs = dialog.findChild(QTabWidget)
    for index in range(tabs.count() if tabs is not None else 1):
        if tabs is not None:
            tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert squeezed_labels(dialog) == []
    dialog.close()


@pytest.mark.parametrize("tray", [True, False])
def test_settings_fit_a_small_screen(qtbot, journal: Journal, tray: bool) -> None:
    from twitchlog.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(tray_available=tray, context=JournalContext(journal))
    qtbot.addWidget(dialog)
    assert_fits_small_screen(qtbot, dialog)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "&General", "Tray and r&eminders", "Pri&vacy"]


def test_restore_without_backups_keeps_its_text_together(qtbot, journal: Journal) -> None:
    """With no backup to list, the three explanations spread over the empty table's room
    with wide gaps between them; they now stay together under each other."""
    from twitchlog.ui.restore_dialog import RestoreDialog

    dialog = RestoreDialog(journal.path, context=JournalContext(journal))
    qtbot.addWidget(dialog)
    dialog.show()  # at the size it opens with, room for a table of backups
    qtbot.waitExposed(dialog)
    assert dialog.empty_label.isVisible() and not dialog.table.isVisible()
    padded = {label.text()[:30]: label.height() - label.heightForWidth(label.width())
              for label in dialog.findChildren(QLabel) if label.isVisible()}
    assert {text: extra for text, extra in padded.items() if extra > 4} == {}
    dialog.close()
    assert_fits_small_screen(qtbot, dialog)


def test_every_other_dialog_fits_a_small_screen(qtbot, journal: Journal) -> None:
    """The dialogs a newcomer meets on the way, each measured at 1024×640."""
    from datetime import date, timedelta

    from PySide6.QtGui import QUndoStack

    from twitchlog.domain import Episode, QuickPlace
    from twitchlog.ui.about_dialog import AboutDialog
    from twitchlog.ui.catch_up_view import CatchUpDialog
    from twitchlog.ui.data_location_dialog import DataLocationDialog
    from twitchlog.ui.episode_dialog import EpisodeDialog
    from twitchlog.ui.manage_dialog import ManageDialog
    from twitchlog.ui.passphrase_dialog import PassphraseDialog
    from twitchlog.ui.protect_dialog import PROTECT, REKEY, UNPROTECT, ProtectDialog
    from twitchlog.ui.quick_log_dialog import QuickLogDialog
    from twitchlog.ui.welcome_dialog import WelcomeDialog
    from twitchlog.validation import now_local

    context = JournalContext(journal)
    journal.episodes.add(Episode(started_at=now_local(), location="calf", side="left"))
    today = date.today()
    dialogs: list[QDialog] = [
        WelcomeDialog(), AboutDialog(), DataLocationDialog(context), ManageDialog(context),
        CatchUpDialog(context, [today - timedelta(days=n) for n in (7, 6, 5, 4, 3, 2, 1)]),
        EpisodeDialog(context, QUndoStack(), journal.episodes.find(newest_first=True)[0]),
        PassphraseDialog(journal.path),
        *(ProtectDialog(context, mode) for mode in (PROTECT, UNPROTECT, REKEY)),
        QuickLogDialog([QuickPlace("eyelid", "left", True), QuickPlace("calf", "right")],
                       locations=["eyelid", "calf"]),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert_fits_small_screen(qtbot, dialog)
