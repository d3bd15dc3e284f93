"""Every screen size: the window fits the screen, and no view cuts off what matters.

The views are laid out at 1024×640 (a small laptop, maximised), 1280×720 and 1366×768
offscreen;
each key control must lie wholly inside the window and be visible, not clipped by a
scroll area or pushed past the edge.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from app_support import FakeClock, app_look, isolate_app_settings
from PySide6.QtCore import QByteArray, QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from twitchlog.demo import generate_demo
from twitchlog.store import Journal
from twitchlog.ui import app_settings, window_placement
from twitchlog.ui.context import JournalContext
from twitchlog.ui.episode_table_model import COLUMN_KEYS
from twitchlog.ui.main_window import MainWindow

SIZES = [(1024, 640), (1280, 720), (1366, 768)]
WAIT_MS = 30_000


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolate_app_settings(tmp_path / "qsettings")


@pytest.fixture
def themed(qapp) -> Iterator[None]:
    """The look the app sets (Fusion, palette, style sheet), as sizes depend on it."""
    with app_look(qapp):
        yield


@pytest.fixture
def window(qtbot, journal: Journal, themed: None) -> Iterator[MainWindow]:
    generate_demo(journal, days=60, end=date.today())
    win = MainWindow(JournalContext(journal), clock=FakeClock())
    qtbot.addWidget(win)
    win.setWindowState(Qt.WindowState.WindowNoState)  # sized by hand, as if maximised
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.tasks.wait()


def settle(qtbot, window: MainWindow, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == (width, height), timeout=500)
    for _ in range(3):
        QApplication.processEvents()


def fully_shown(widget: QWidget, window: QWidget) -> bool:
    """Visible, wholly inside the window, and not clipped by any scroll area or parent."""
    if not widget.isVisible():
        return False
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    clip = window.rect()
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        clip = clip.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return clip.contains(rect)


def assert_shown(window: QWidget, *widgets: QWidget) -> None:
    hidden = [w.accessibleName() or getattr(w, "text", lambda: "")() or type(w).__name__
              for w in widgets if not fully_shown(w, window)]
    assert hidden == []


def assert_not_truncated(*labels: QLabel | QAbstractButton) -> None:
    cut = [w.text() for w in labels if w.isVisible() and w.width() < w.sizeHint().width()
           and not (isinstance(w, QLabel) and w.wordWrap())]
    assert cut == []


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_key_controls_of_every_view_are_in_sight(qtbot, window, width, height):
    settle(qtbot, window, width, height)
    assert window.minimumSizeHint().width() <= width

    today = window.today_view
    assert_shown(window, today.form.picker.search, today.form.location_label,
                 today.checkin.field("sleep_hours"), today.checkin.date_edit,
                 *today.quick_log.buttons)
    form_labels = [w for w in today.form.findChildren(QLabel) if w.buddy() is not None]
    checkin_labels = [w for w in today.checkin.findChildren(QLabel) if w.buddy() is not None]
    assert form_labels and checkin_labels
    assert_not_truncated(*form_labels, *checkin_labels)

    window.show_view("journal")
    journal = window.view("journal")
    settle(qtbot, window, width, height)
    assert_shown(window, journal.table, journal.search_edit, journal.clear_button,
                 journal.calendar)
    assert_every_column_in_sight(journal, width)

    window.show_view("insights")
    insights = window.view("insights")
    qtbot.waitUntil(lambda: insights.insights is not None and insights.insights.complete,
                    timeout=WAIT_MS)
    settle(qtbot, window, width, height)
    bar = insights.tabs.tabBar()
    assert all(bar.rect().contains(bar.tabRect(i)) for i in range(bar.count()))
    assert_shown(window, bar, insights.range_combo, insights.save_button)
    assert_one_scroll_area(qtbot, insights)
    side = insights.side_scroll.viewport()
    summary = list(insights.summary_labels.values())
    assert all(label.mapTo(side, QPoint(0, 0)).x() + label.width() <= side.width()
               for label in summary)  # wrapped inside the column, never cut at its edge

    window.show_view("report")
    report = window.view("report")
    settle(qtbot, window, width, height)
    assert_shown(window, report.save_button, report.print_button, report.range_combo)
    assert_not_truncated(report.save_button, report.print_button)


def assert_every_column_in_sight(journal, width: int) -> None:
    """No column behind a horizontal scroll bar; Notes keeps room for a few words."""
    table, header = journal.table, journal.table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0
    room = table.viewport().width()
    edges = [(header.sectionViewportPosition(c), header.sectionSize(c))
             for c in range(header.count())]
    assert all(left >= 0 and left + size <= room for left, size in edges)
    notes = COLUMN_KEYS.index("notes")
    assert header.sectionSize(notes) >= 96
    when = journal.model.data(journal.model.index(0, 0))
    assert when[:3].isalpha() == (width > 1024)  # the weekday goes only when room is short
    assert journal.calendar.width() >= journal.calendar.minimumSizeHint().width()


def assert_one_scroll_area(qtbot, insights) -> None:
    """The sentences scroll with the summary, never inside a second scroll area."""
    lst = insights.sentence_list
    lst.set_group_open("unclear", True)  # a long list: it grows, the panel scrolls
    rows = [lst.item(i) for i in range(lst.count()) if not lst.item(i).isHidden()]
    assert len(rows) > 3
    qtbot.waitUntil(lambda: all(lst.visualItemRect(row).top() >= 0 and
                                lst.visualItemRect(row).bottom() < lst.viewport().height()
                                for row in rows), timeout=2000)  # every row, in the list
    assert lst.verticalScrollBar().maximum() == 0
    outer = insights.side_scroll.verticalScrollBar()
    view = insights.side_scroll.viewport()

    def last_row_in_sight() -> bool:
        outer.setValue(outer.maximum())  # the end of the list is one scroll away
        last = lst.visualItemRect(rows[-1]).translated(lst.viewport().mapTo(view, QPoint()))
        return view.rect().top() <= last.top() and last.bottom() <= view.rect().bottom()

    qtbot.waitUntil(last_row_in_sight, timeout=2000)
    assert outer.maximum() > 0


def available(width: int, height: int) -> QRect:
    return QRect(0, 0, width, height)


def test_a_small_screen_starts_maximised_and_a_large_one_does_not():
    assert window_placement.starts_maximised(available(1024, 640))
    assert window_placement.starts_maximised(available(1366, 740))
    assert not window_placement.starts_maximised(available(1920, 1040))
    first = window_placement.first_geometry(available(1920, 1040))
    assert (first.width(), first.height()) == (1240, 800)
    assert available(1920, 1040).contains(first)
    small = window_placement.first_geometry(available(1024, 640))
    assert available(1024, 640).contains(small)


def test_a_placement_from_a_larger_screen_is_brought_back():
    laptop = QRect(0, 0, 1366, 740)
    off = window_placement.fit_on_screen(QRect(2200, 300, 1240, 800), laptop)
    assert laptop.contains(off) and off.width() == 1240 and off.height() == 740
    kept = window_placement.fit_on_screen(QRect(40, 30, 900, 600), laptop)
    assert kept == QRect(40, 30, 900, 600)


def test_the_first_window_fits_the_screen(qtbot, journal):
    window = MainWindow(JournalContext(journal), clock=FakeClock())
    qtbot.addWidget(window)
    screen = window.screen().availableGeometry()
    assert window.isMaximized() == window_placement.starts_maximised(screen)
    assert screen.contains(window.geometry())


def test_a_saved_placement_off_the_screen_is_brought_back(qtbot, journal):
    first = MainWindow(JournalContext(journal), clock=FakeClock())
    qtbot.addWidget(first)
    first.showNormal()
    screen = first.screen().availableGeometry()
    first.setGeometry(screen.right() + 500, screen.top() + 100, 700, 500)
    app_settings.app_settings().setValue(app_settings.GEOMETRY,
                                         QByteArray(first.saveGeometry()))
    first.close()
    again = MainWindow(JournalContext(journal), clock=FakeClock())
    qtbot.addWidget(again)
    assert screen.contains(again.frameGeometry())
