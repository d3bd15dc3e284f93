"""What a screen reader hears: every control has a name and a description.

The widgets of every view and dialog are walked through Qt's accessibility interfaces
(the same ones the AT-SPI bridge exports on Linux), so a control added without a label
fails here rather than going silent for a blind user.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from app_support import FakeClock, isolate_app_settings
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from twitchlog.demo import generate_demo
from twitchlog.domain import QuickPlace
from twitchlog.store import Journal
from twitchlog.ui.body_map_widget import BodyMapWidget
from twitchlog.ui.context import JournalContext
from twitchlog.ui.main_window import MainWindow

_INPUTS = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit, QSlider,
           QAbstractItemView)


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolate_app_settings(tmp_path / "qsettings")


@pytest.fixture
def window(qtbot, journal: Journal) -> Iterator[MainWindow]:
    generate_demo(journal, days=45, end=date.today())
    win = MainWindow(JournalContext(journal), clock=FakeClock())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.commit_pending()
    win.tasks.wait()


def _has_label(widget: QWidget) -> bool:
    """Named on purpose: an accessible name, or a label that is its buddy."""
    if widget.accessibleName().strip():
        return True
    return any(label.buddy() is widget for label in widget.window().findChildren(QLabel))


def silent_controls(root: QWidget) -> list[str]:
    """Every focusable control under ``root`` that a screen reader could not name, on
    every page of its tab widgets."""
    problems = []
    for tabs in root.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            problems += _silent(root)
    return sorted(set(problems + _silent(root)))


def _silent(root: QWidget) -> list[str]:
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root) \
                or isinstance(widget, QLabel) or widget.objectName() == "qt_spinbox_lineedit":
            continue  # labels are text, and a spin box speaks for its own line edit
        iface = QAccessible.queryAccessibleInterface(widget)
        assert iface is not None
        name = iface.text(QAccessible.Text.Name).strip()
        description = iface.text(QAccessible.Text.Description).strip()
        what = f"{type(widget).__name__} {widget.objectName() or ''}{name!r}"
        if not any(c.isalpha() for c in name):
            problems.append(f"{what}: no name")
        elif isinstance(widget, _INPUTS) and not _has_label(widget):
            problems.append(f"{what}: named only by its value, not by a label")
        if isinstance(widget, QTabBar):  # Qt describes each tab, not the strip
            tabs = [iface.child(i).text(QAccessible.Text.Description)
                    for i in range(widget.count())]
            description = " ".join(tabs) if all(tabs) else ""
        if not description:
            problems.append(f"{what}: no description")
    return problems


def test_every_view_names_and_describes_its_controls(qtbot, window: MainWindow) -> None:
    problems = []
    for key in window.view_keys():
        window.show_view(key)
        view = window.view(key)
        qtbot.wait(20)
        problems += [f"{key}: {p}" for p in silent_controls(view)]
    assert problems == []


def test_every_dialog_names_and_describes_its_controls(qtbot, window: MainWindow) -> None:
    from twitchlog.ui.episode_dialog import EpisodeDialog
    from twitchlog.ui.manage_dialog import ManageDialog
    from twitchlog.ui.passphrase_dialog import PassphraseDialog
    from twitchlog.ui.protect_dialog import PROTECT, REKEY, ProtectDialog
    from twitchlog.ui.quick_log_dialog import QuickLogDialog
    from twitchlog.ui.settings_dialog import SettingsDialog
    from twitchlog.ui.welcome_dialog import WelcomeDialog

    context = window.context
    episode = context.journal.episodes.find(newest_first=True, limit=1)[0]
    dialogs = [
        ManageDialog(context, window),
        SettingsDialog(tray_available=True, parent=window, context=context),
        PassphraseDialog(context.path, window),
        ProtectDialog(context, PROTECT, window),
        ProtectDialog(context, REKEY, window),
        WelcomeDialog(window),
        EpisodeDialog(context, QUndoStack(), episode, window),
        QuickLogDialog([QuickPlace("eyelid", "left", True), QuickPlace("calf", "right")],
                       window, locations=["eyelid", "calf", "iPad thumb"]),
    ]
    problems = []
    for dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        problems += [f"{type(dialog).__name__}: {p}" for p in silent_controls(dialog)]
        dialog.close()
    assert problems == []


def test_the_body_map_offers_each_region_to_a_screen_reader(qtbot) -> None:
    body_map = BodyMapWidget()
    qtbot.addWidget(body_map)
    body_map.resize(600, 340)
    body_map.show()
    qtbot.waitExposed(body_map)
    iface = QAccessible.queryAccessibleInterface(body_map)
    names = [iface.child(i).text(QAccessible.Text.Name) for i in range(iface.childCount())]
    assert len(names) == len(body_map.element_ids())
    assert {"Left eyelid", "Right eyelid", "Lip", "Left calf", "Right thumb"} <= set(names)
    eyelid = iface.child(names.index("Left eyelid"))
    assert eyelid.parent() is iface and iface.indexOfChild(eyelid) == names.index("Left eyelid")
    assert "face" in eyelid.text(QAccessible.Text.Description)
    centre = eyelid.rect().center()
    assert iface.childAt(centre.x(), centre.y()).text(QAccessible.Text.Name) == "Left eyelid"
    assert not eyelid.state().checked
    body_map.set_selection("eyelid", "left")
    assert eyelid.state().checked


def test_the_body_map_is_walked_with_the_arrow_keys(qtbot) -> None:
    body_map = BodyMapWidget()
    qtbot.addWidget(body_map)
    body_map.resize(600, 340)
    body_map.show()
    qtbot.waitExposed(body_map)
    chosen: list[tuple[str, str]] = []
    body_map.region_clicked.connect(lambda loc, side: chosen.append((loc, side)))
    body_map.setFocus()
    QApplication.processEvents()
    iface = QAccessible.queryAccessibleInterface(body_map)
    assert body_map.focused_element() == body_map.walk_order()[0]
    visited = {body_map.focused_element()}
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Left):
        before = body_map.focused_element()
        QTest.keyClick(body_map, key)
        assert body_map.focused_element() != before
        visited.add(body_map.focused_element())
    assert len(visited) >= 3
    assert iface.focusChild().text(QAccessible.Text.Name) == \
        body_map.element_label(body_map.focused_element())
    QTest.keyClick(body_map, Qt.Key.Key_Space)
    location, side = chosen[-1]
    assert body_map.element_label(body_map.focused_element()) == \
        (f"{side.capitalize()} {location}" if side != "unspecified" else location.capitalize())
    # every region can be reached from the keyboard
    seen = set()
    for _ in range(len(body_map.element_ids()) * 2):
        QTest.keyClick(body_map, Qt.Key.Key_Right)
        seen.add(body_map.focused_element())
        QTest.keyClick(body_map, Qt.Key.Key_Down)
        seen.add(body_map.focused_element())
    QTest.keyClick(body_map, Qt.Key.Key_End)
    assert body_map.focused_element() == body_map.walk_order()[-1]
