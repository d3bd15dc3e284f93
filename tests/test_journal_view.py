"""The Journal view: filters, editing, deleting with undo/redo, the calendar link."""

from __future__ import annotations

import copy
import sys
import types
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMainWindow, QTableView, QWidget

from twitchlog.domain import Episode
from twitchlog.store import Journal
from twitchlog.ui.commands import EditEpisodeCommand
from twitchlog.ui.context import JournalContext
from twitchlog.ui.journal_view import JournalView

TODAY = date.today()


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute)).astimezone()


def seed(journal: Journal) -> list[Episode]:
    """30 episodes over the last 60 days at three locations, some with notes."""
    episodes = []
    for i in range(30):
        day = TODAY - timedelta(days=2 * i)
        episodes.append(Episode(
            started_at=local(day, 9 + i % 10),
            location=("eyelid", "calf", "thumb")[i % 3],
            side=("left", "right")[i % 2],
            duration_s=30.0 * (i + 1),
            intensity=1 + i % 10,
            kind=("twitch", "flutter", "cramp")[i % 3] if i % 4 else "spasm",
            notes="after coffee" if i % 5 == 0 else ("Reading a book" if i % 7 == 0 else ""),
        ))
    journal.episodes.restore(episodes)
    return episodes


@pytest.fixture
def context(journal: Journal) -> JournalContext:
    seed(journal)
    return JournalContext(journal)


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def view(context: JournalContext, stack: QUndoStack, qtbot: Any) -> Iterator[JournalView]:
    widget = JournalView(context, stack)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()


def shown(view: JournalView) -> list[Episode]:
    model = view.model
    return [model.episode_at(row) for row in range(model.rowCount())]


def status(view: JournalView) -> str:
    return view.status_label.text()


def select_rows(view: JournalView, rows: list[int]) -> None:
    """Like clicking the first row and Ctrl+clicking the others."""
    selection = view.table.selectionModel()
    flag = QItemSelectionModel.SelectionFlag
    selection.setCurrentIndex(view.model.index(rows[0], 0), flag.ClearAndSelect | flag.Rows)
    for row in rows[1:]:
        selection.select(view.model.index(row, 0), flag.Select | flag.Rows)


# --- showing and filtering -----------------------------------------------------------


def test_shows_every_episode_newest_first_with_a_status_line(view: JournalView) -> None:
    assert status(view) == "30 episodes shown"
    rows = shown(view)
    assert [e.started_at for e in rows] == sorted((e.started_at for e in rows), reverse=True)
    assert not view.clear_button.isEnabled()
    assert view.preset_combo.currentText() == "All time"


def test_location_kind_and_text_filters_narrow_the_rows(view: JournalView,
                                                        qtbot: Any) -> None:
    view.location_combo.setCurrentIndex(view.location_combo.findData("calf"))
    assert {e.location for e in shown(view)} == {"calf"}
    assert status(view) == "10 episodes shown (of 30 in the journal)"
    assert view.clear_button.isEnabled()

    view.kind_combo.setCurrentIndex(view.kind_combo.findData("spasm"))
    rows = shown(view)
    assert rows and all(e.location == "calf" and e.kind == "spasm" for e in rows)

    view.clear_filters()
    assert status(view) == "30 episodes shown"

    # typing in the search waits for a pause, then filters on the notes
    QTest.keyClicks(view.search_edit, "COFFEE")
    assert status(view) == "30 episodes shown"  # not yet: debounced
    qtbot.waitUntil(lambda: status(view).startswith("6 episodes shown"), timeout=3000)
    assert all("coffee" in e.notes for e in shown(view))

    view.search_edit.clear()
    QTest.keyClicks(view.search_edit, "book")
    QTest.keyClick(view.search_edit, Qt.Key.Key_Return)  # Enter searches at once
    assert {e.notes for e in shown(view)} == {"Reading a book"}


def test_date_range_and_presets(view: JournalView) -> None:
    view.from_edit.setDate(QDate(TODAY.year, TODAY.month, TODAY.day).addDays(-10))
    assert view.preset_combo.currentData() == "custom"
    rows = shown(view)
    assert len(rows) == 6  # days 0, 2, 4, 6, 8, 10 ago
    assert all(TODAY - timedelta(days=10) <= e.local_date <= TODAY for e in rows)

    view.to_edit.setDate(QDate(TODAY.year, TODAY.month, TODAY.day).addDays(-5))
    assert sorted((TODAY - e.local_date).days for e in shown(view)) == [6, 8, 10]

    view.preset_combo.setCurrentIndex(view.preset_combo.findData("7d"))
    assert sorted((TODAY - e.local_date).days for e in shown(view)) == [0, 2, 4, 6]
    assert view.from_edit.date() == QDate(TODAY.year, TODAY.month, TODAY.day).addDays(-6)

    view.preset_combo.setCurrentIndex(view.preset_combo.findData("all"))
    assert len(shown(view)) == 30


def test_clicking_a_calendar_day_filters_the_table_to_it(view: JournalView,
                                                         qtbot: Any) -> None:
    day = TODAY - timedelta(days=4)
    calendar = view.calendar.calendar
    calendar.setSelectedDate(QDate(day.year, day.month, day.day))
    grid = calendar.findChild(QTableView)
    grid.setFocus()
    QTest.keyClick(grid, Qt.Key.Key_Return)
    rows = shown(view)
    assert len(rows) == 1 and rows[0].local_date == day
    assert view.from_edit.date() == view.to_edit.date() == QDate(day.year, day.month, day.day)
    assert status(view) == "1 episode shown (of 30 in the journal)"
    view.clear_filters()
    assert len(shown(view)) == 30


def test_the_calendar_opens_a_days_check_in_through_the_window(
        context: JournalContext, stack: QUndoStack, qtbot: Any) -> None:
    class Window(QMainWindow):
        def __init__(self) -> None:
            super().__init__()
            self.opened: list[date] = []

        def show_checkin(self, day: date) -> None:
            self.opened.append(day)

    window = Window()
    qtbot.addWidget(window)
    view = JournalView(context, stack)
    window.setCentralWidget(view)
    window.show()
    button = view.calendar.checkin_button
    assert button.isVisible()
    day = TODAY - timedelta(days=3)
    view.calendar.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.opened == [day]

    alone = JournalView(context, stack)  # no window that can open check-ins: no button
    qtbot.addWidget(alone)
    alone.show()
    assert not alone.calendar.checkin_button.isVisible()


def test_sorting_by_clicking_a_header(view: JournalView) -> None:
    header = view.table.horizontalHeader()
    column = 4  # Intensity
    spot = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2,
                  header.height() // 2)
    seen = []
    for _ in range(2):
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
        assert header.sortIndicatorSection() == column
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        values = [e.intensity for e in shown(view)]
        assert values == sorted(values, reverse=descending)
        seen.append(descending)
    assert seen[0] != seen[1]  # the second click reverses the order


# --- deleting, undo and redo -------------------------------------------------------------


def test_delete_key_removes_one_row_and_undo_redo_work(view: JournalView, stack: QUndoStack,
                                                       context: JournalContext,
                                                       qtbot: Any) -> None:
    journal = context.journal
    select_rows(view, [2])
    victim = view.model.episode_at(2)
    below = view.model.episode_at(3)
    view.table.setFocus()
    with qtbot.waitSignal(view.status_message) as message:
        QTest.keyClick(view.table, Qt.Key.Key_Delete)
    assert message.args[0].startswith("Deleted 1 episode. Undo with")
    assert journal.episodes.get(victim.id) is None
    assert journal.episodes.count() == 29
    assert status(view).startswith("29 episodes shown")
    assert victim.id not in {e.id for e in shown(view)}
    assert view.selected_ids() == [below.id]  # the next row is selected

    stack.undo()
    assert journal.episodes.get(victim.id) == victim
    assert status(view).startswith("30 episodes shown")
    stack.redo()
    assert journal.episodes.get(victim.id) is None
    assert len(shown(view)) == 29


def test_delete_many_rows_then_undo_after_switching_views(view: JournalView,
                                                          stack: QUndoStack,
                                                          context: JournalContext) -> None:
    journal = context.journal
    select_rows(view, [0, 1, 5, 7])
    assert view.has_selection()
    ids = view.selected_ids()
    before = {i: journal.episodes.get(i) for i in ids}
    assert view.delete_selected() == 4
    assert journal.episodes.count() == 26
    assert all(journal.episodes.get(i) is None for i in ids)
    assert stack.undoText() == "Delete 4 episodes"

    view.hide()  # the user switches to another view; the main window keeps the stack
    stack.undo()
    assert journal.episodes.count() == 30
    assert {i: journal.episodes.get(i) for i in ids} == before
    view.show()
    assert status(view).startswith("30 episodes shown")
    assert set(ids) <= {e.id for e in shown(view)}

    view.hide()
    stack.redo()
    view.show()
    assert journal.episodes.count() == 26
    assert not set(ids) & {e.id for e in shown(view)}


def test_nothing_selected_deletes_nothing(view: JournalView, stack: QUndoStack) -> None:
    view.table.clearSelection()
    assert not view.has_selection()
    assert view.delete_selected() == 0
    assert stack.count() == 0


# --- editing -----------------------------------------------------------------------------


class FakeEpisodeDialog(QDialog):
    """Stands in for the episode form: records what it was opened with; ``save`` pushes
    the edit as the real form does."""

    opened: ClassVar[list[FakeEpisodeDialog]] = []

    def __init__(self, context: JournalContext, undo_stack: QUndoStack,
                 episode: Episode | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.undo_stack, self.episode = context, undo_stack, episode
        FakeEpisodeDialog.opened.append(self)

    def save(self, **changes: Any) -> None:
        after = copy.copy(self.episode)
        for name, value in changes.items():
            setattr(after, name, value)
        self.undo_stack.push(EditEpisodeCommand(self.context, self.episode, after))
        self.accept()


@pytest.fixture
def fake_dialog(monkeypatch: pytest.MonkeyPatch) -> type[FakeEpisodeDialog]:
    module = types.ModuleType("twitchlog.ui.episode_dialog")
    module.EpisodeDialog = FakeEpisodeDialog  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "twitchlog.ui.episode_dialog", module)
    FakeEpisodeDialog.opened = []
    return FakeEpisodeDialog


def test_enter_opens_the_episode_form_and_the_edit_reaches_the_store(
        view: JournalView, stack: QUndoStack, context: JournalContext,
        fake_dialog: type[FakeEpisodeDialog]) -> None:
    select_rows(view, [3])
    target = view.model.episode_at(3)
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Return)
    assert len(fake_dialog.opened) == 1
    dialog = fake_dialog.opened[0]
    assert dialog.isVisible() and dialog.episode.id == target.id
    assert dialog.undo_stack is stack and dialog.context is context

    dialog.save(notes="edited in the form", intensity=10)
    stored = context.journal.episodes.get(target.id)
    assert stored.notes == "edited in the form" and stored.intensity == 10
    assert view.model.episode_at(3).notes == "edited in the form"
    assert view.selected_ids() == [target.id]  # the edited row stays selected
    stack.undo()
    assert context.journal.episodes.get(target.id).notes == target.notes


def test_double_click_opens_the_form(view: JournalView,
                                     fake_dialog: type[FakeEpisodeDialog]) -> None:
    target = view.model.episode_at(1)
    rect = view.table.visualRect(view.model.index(1, 1))
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [d.episode.id for d in fake_dialog.opened] == [target.id]


# --- journal changes -----------------------------------------------------------------------


def test_changes_elsewhere_and_another_journal_refresh_the_view(
        view: JournalView, context: JournalContext, tmp_path: Path) -> None:
    context.journal.locations.add("left knee")
    context.journal.episodes.add(Episode(local(TODAY, 7), "left knee", notes="new"))
    context.notify_changed()
    assert status(view) == "31 episodes shown"
    assert view.location_combo.findData("left knee") > 0  # new location is offered

    other = Journal.open(tmp_path / "other.twitchlog")
    other.episodes.add(Episode(local(TODAY - timedelta(days=1), 8), "neck"))
    context.replace(other)
    assert status(view) == "1 episode shown"
    assert shown(view)[0].location == "neck"
    assert view.location_combo.findData("left knee") < 0


def test_an_empty_journal_says_how_to_start(context: JournalContext, stack: QUndoStack,
                                            qtbot: Any, tmp_path: Path) -> None:
    context.replace(Journal.open(tmp_path / "empty.twitchlog"))
    view = JournalView(context, stack)
    qtbot.addWidget(view)
    view.show()
    assert status(view) == "0 episodes shown"
    assert "No episodes yet" in view.table.empty_text


def test_editing_in_the_real_episode_form(view: JournalView, stack: QUndoStack,
                                          context: JournalContext) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from twitchlog.ui.episode_dialog import EpisodeDialog

    select_rows(view, [4])
    target = view.model.episode_at(4)
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Return)
    [dialog] = [d for d in view.findChildren(EpisodeDialog) if d.isVisible()]
    assert dialog.form.notes_edit.text() == target.notes
    dialog.form.notes_edit.setText("corrected later")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    QTest.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    stored = context.journal.episodes.get(target.id)
    assert stored.notes == "corrected later"
    assert stored.started_at == target.started_at and stored.location == target.location
    assert view.model.episode_at(4).notes == "corrected later"
    stack.undo()
    assert context.journal.episodes.get(target.id).notes == target.notes
    assert view.model.episode_at(4).notes == target.notes
