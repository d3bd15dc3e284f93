"""The Today view: one-click logging with undo, the form, today's list, editing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from app_support import FakeClock, isolate_app_settings
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from twitchlog.domain import Episode
from twitchlog.store import Journal
from twitchlog.ui.context import JournalContext
from twitchlog.ui.episode_dialog import EpisodeDialog
from twitchlog.ui.quick_log_widget import DEFAULT_PLACES, QuickLogWidget
from twitchlog.ui.today_view import TodayView


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolate_app_settings(tmp_path / "qsettings")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def context(journal: Journal) -> JournalContext:
    return JournalContext(journal)


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def view(qtbot, context, stack, clock) -> Iterator[TodayView]:
    widget = TodayView(context, stack, clock=clock)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.commit_pending()


def add(journal: Journal, clock: FakeClock, location: str, side: str, minutes_ago: int = 0,
        **fields: object) -> Episode:
    return journal.episodes.add(Episode(started_at=clock.now - timedelta(minutes=minutes_ago),
                                       location=location, side=side, **fields))


# --- quick log ---------------------------------------------------------------------------


def test_a_new_journal_offers_sensible_places(view):
    assert view.quick_log.places() == list(DEFAULT_PLACES[:4])
    assert [b.text() for b in view.quick_log.buttons] == [
        "Left eyelid", "Right eyelid", "Left calf", "Right calf"]


def test_buttons_keep_their_places_and_a_new_frequent_place_joins_at_the_end(
        qtbot, context, stack, journal, clock):
    first = QuickLogWidget(context, stack, clock=clock)
    qtbot.addWidget(first)
    assert first.places() == list(DEFAULT_PLACES[:4])
    for i in range(3):
        add(journal, clock, "thumb", "right", 60 + i)
    context.notify_changed()
    assert first.places() == [*DEFAULT_PLACES[:3], ("thumb", "right")]
    reopened = QuickLogWidget(context, stack, clock=clock)  # e.g. the next morning
    qtbot.addWidget(reopened)
    assert reopened.places() == first.places()


def test_opening_today_writes_nothing_until_the_journal_changes(
        qtbot, context, stack, journal, clock):
    """A write at start-up would run the journal's full check on the UI thread."""
    add(journal, clock, "thumb", "right", 60)
    widget = QuickLogWidget(context, stack, clock=clock)
    qtbot.addWidget(widget)
    assert ("thumb", "right") in widget.places()
    assert journal.settings.quick_places() == []
    add(journal, clock, "calf", "left", 30)
    context.notify_changed()
    assert [(p.location, p.side) for p in journal.settings.quick_places()] == widget.places()


def test_moving_a_button_leaves_the_widget_a_normal_qwidget(qtbot, context, stack, clock):
    """Reordering is ``move_button``; ``move`` is still Qt's, so layouts can place it."""
    widget = QuickLogWidget(context, stack, clock=clock)
    qtbot.addWidget(widget)
    before = widget.places()
    widget.move(QPoint(12, 34))
    assert widget.pos() == QPoint(12, 34) and widget.places() == before
    widget.move_button(0, 1)
    assert widget.places() == [before[1], before[0], *before[2:]]


def test_pinned_and_reordered_buttons_are_kept_with_the_journal(
        qtbot, context, stack, journal, clock):
    widget = QuickLogWidget(context, stack, clock=clock)
    qtbot.addWidget(widget)
    widget.move_button(3, -1)  # right calf one step left
    widget.set_pinned(0, True)  # left eyelid stays whatever happens
    for i in range(4):
        for place in (("thumb", "left"), ("thumb", "right"), ("foot", "left"),
                      ("foot", "right")):
            add(journal, clock, *place, 10 + i)
    context.notify_changed()
    again = QuickLogWidget(context, stack, clock=clock)
    qtbot.addWidget(again)
    assert again.places()[0] == ("eyelid", "left")
    assert again.quick_places()[0].pinned
    assert set(again.places()[1:]) == {("thumb", "left"), ("thumb", "right"),
                                       ("foot", "left"), ("foot", "right")}


def test_a_long_place_name_is_shortened_with_its_whole_name_in_the_tooltip(
        qtbot, context, stack, journal, clock):
    long_name = "left side of the lower back near the spine"
    journal.locations.add(long_name)
    for i in range(5):
        add(journal, clock, long_name, "unspecified", i)
    widget = QuickLogWidget(context, stack, clock=clock)
    qtbot.addWidget(widget)
    button = widget.buttons[widget.places().index((long_name, "unspecified"))]
    assert button.text().endswith("…")
    assert len(button.text()) < len(long_name)
    assert long_name in button.toolTip().lower()


def test_buttons_learn_the_most_frequent_places(qtbot, context, stack, journal, clock):
    for i in range(3):
        add(journal, clock, "thumb", "right", 60 + i)
    add(journal, clock, "foot", "left", 90)
    widget = QuickLogWidget(context, stack, clock=clock)
    qtbot.addWidget(widget)
    places = widget.places()
    assert places[:2] == [("thumb", "right"), ("foot", "left")]
    assert len(places) == 4


def test_one_click_logs_now_with_the_last_used_details(qtbot, view, journal, clock):
    add(journal, clock, "eyelid", "left", 300, duration_s=20, intensity=3, kind="flutter",
        notes="old note")
    button = view.quick_log.buttons[view.quick_log.places().index(("eyelid", "left"))]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    newest = journal.episodes.find(newest_first=True, limit=1)[0]
    assert newest.started_at == clock.now
    assert (newest.location, newest.side, newest.duration_s, newest.intensity, newest.kind,
            newest.notes) == ("eyelid", "left", 20, 3, "flutter", "")
    assert view.undo_bar.is_showing()
    assert view.undo_bar.label.text() == f"Logged left eyelid at {clock.now:%H:%M}"
    assert view.episodes_shown()[0].id == newest.id


def test_undo_bar_takes_the_quick_log_back(qtbot, view, journal, stack):
    qtbot.mouseClick(view.quick_log.buttons[0], Qt.MouseButton.LeftButton)
    assert journal.episodes.count() == 1
    view.undo_bar.undo_button.click()
    assert journal.episodes.count() == 0
    assert not view.undo_bar.is_showing()
    assert view.episodes_shown() == []
    stack.redo()  # the stack still knows it
    assert journal.episodes.count() == 1


def test_undo_bar_works_after_other_edits(qtbot, view, journal, clock):
    qtbot.mouseClick(view.quick_log.buttons[0], Qt.MouseButton.LeftButton)
    first = view.undo_bar.shown_episode()
    add(journal, clock, "calf", "left", 1)  # something else happened meanwhile
    view.undo_bar.undo_button.click()
    assert journal.episodes.get(first.id) is None
    assert journal.episodes.count() == 1


def test_undo_bar_hides_itself(qtbot, context, stack):
    from twitchlog.ui.quick_log_widget import UndoBar

    host = QWidget()
    qtbot.addWidget(host)
    host.resize(600, 400)
    bar = UndoBar(context, stack, host, timeout_ms=50)
    bar.setGeometry(200, 300, 380, 40)  # away from the pointer, which would keep it open
    host.show()
    bar.show_logged(Episode(started_at=FakeClock().now, location="calf"), None)
    assert bar.is_showing()
    qtbot.waitUntil(lambda: not bar.is_showing(), timeout=2000)


def test_add_details_opens_the_episode_dialog(qtbot, view, journal, monkeypatch):
    opened: list[EpisodeDialog] = []
    real_open = view.open_editor
    monkeypatch.setattr(view, "open_editor", lambda ep: opened.append(real_open(ep)))
    view.undo_bar.details_requested.disconnect()
    view.undo_bar.details_requested.connect(view.open_editor)
    qtbot.mouseClick(view.quick_log.buttons[1], Qt.MouseButton.LeftButton)
    view.undo_bar.details_button.click()
    assert len(opened) == 1
    dialog = opened[0]
    assert (dialog.form.location(), dialog.form.side()) == ("eyelid", "right")
    dialog.form.intensity_slider.setValue(6)
    dialog.accept()
    assert journal.episodes.find()[0].intensity == 6


# --- the form and today's list ------------------------------------------------------


def test_form_logs_into_todays_list_newest_first(qtbot, view, journal, clock):
    add(journal, clock, "calf", "right", 120)
    view.refresh()
    view.form.set_location("eyebrow", "left")
    view.form.submit_button.click()
    shown = view.episodes_shown()
    assert [e.location for e in shown] == ["eyebrow", "calf"]
    assert view.episode_list.topLevelItem(0).text(1) == "Left eyebrow"
    assert view.undo_bar.is_showing()
    assert view.form.location() == ""  # ready for the next one
    assert "2 logged" in view.list_box.title()


def test_only_today_is_listed(view, journal, clock):
    add(journal, clock, "calf", "left", 60 * 24 + 5)  # yesterday
    add(journal, clock, "thumb", "left", 5)
    view.refresh()
    assert [e.location for e in view.episodes_shown()] == ["thumb"]


def test_delete_selected_is_undoable(qtbot, view, journal, clock, stack):
    a = add(journal, clock, "calf", "left", 10)
    add(journal, clock, "thumb", "left", 5)
    view.refresh()
    view.episode_list.topLevelItem(1).setSelected(True)
    assert view.has_selection()
    assert view.delete_selected() == 1
    assert journal.episodes.get(a.id) is None
    stack.undo()
    assert journal.episodes.get(a.id) is not None
    stack.redo()
    assert journal.episodes.get(a.id) is None


def test_enter_on_a_row_opens_it_for_editing(qtbot, view, journal, clock, monkeypatch):
    stored = add(journal, clock, "calf", "left", 10)
    view.refresh()
    edited: list[Episode] = []
    monkeypatch.setattr(view, "open_editor", edited.append)
    view.episode_list.setCurrentItem(view.episode_list.topLevelItem(0))
    qtbot.keyClick(view.episode_list, Qt.Key.Key_Return)
    assert [e.id for e in edited] == [stored.id]


def test_midnight_moves_today_along(qtbot, view, journal, clock):
    add(journal, clock, "calf", "left", 1)
    view.refresh()
    assert len(view.episodes_shown()) == 1
    clock.advance(24 * 3600)
    view.follow_the_date()
    assert view.episodes_shown() == []
    assert view.checkin.day() == clock.now.date()


def test_log_action_focus_lands_in_the_location_search(qtbot, view):
    view.activateWindow()
    view.focus_form()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.form.picker.search, timeout=2000)


def _focus_chain(start: QWidget) -> list[QWidget]:
    """Where Tab goes from ``start``: visible widgets that take focus by Tab, in order."""
    chain: list[QWidget] = []
    widget = start
    while True:
        if widget.isVisible() and widget.isEnabled() and \
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is start or len(chain) > 500:
            return chain


def test_tab_order_follows_the_layout(qtbot, view, journal, clock, context):
    add(journal, clock, "thumb", "left")
    context.notify_changed()
    chain = _focus_chain(view.quick_log.buttons[0])
    checkin = view.checkin
    drinks = [b for b in checkin.findChildren(QPushButton) if b.text().startswith("+ ")]
    expected = [*view.quick_log.buttons, view.quick_log.arrange_button,
                view.form.picker.search, view.form.when_edit, view.form.duration_edit,
                view.form.notes_edit, view.form.clear_button, view.form.submit_button,
                view.episode_list, checkin.date_edit, checkin.field("sleep_hours"),
                checkin.field("sleep_quality"), checkin.field("caffeine_mg"), *drinks,
                checkin.field("stress"), checkin.field("potassium"), checkin.notes_edit]
    positions = [chain.index(w) for w in expected]
    assert positions == sorted(positions)
    assert len(drinks) >= 3
    strip = view.catch_up_strip  # the strips under the quick-log row come before the form
    strip.show()
    order = _focus_chain(view.quick_log.buttons[0])
    assert order.index(view.quick_log.arrange_button) < order.index(strip.open_button) < \
        order.index(strip.dismiss_button) < order.index(view.form.picker.search)


def test_a_refusal_does_not_move_the_log_button(qtbot, view):
    button = view.form.submit_button
    before = button.mapTo(view, button.rect().center())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # no location chosen
    assert view.form.location_message.isVisible()
    qtbot.wait(50)
    assert abs(button.mapTo(view, button.rect().center()).y() - before.y()) <= 2


def test_places_read_alike_everywhere_and_own_names_keep_their_capitals(
        qtbot, view, journal, clock, context):
    from twitchlog.ui.quick_log_widget import logged_text

    journal.locations.add("iPad thumb")
    own = add(journal, clock, "iPad thumb", "right", 1)
    both = add(journal, clock, "upper arm", "both", 2)
    context.notify_changed()
    assert logged_text(own) == f"right iPad thumb at {own.started_at:%H:%M}"
    assert logged_text(both).startswith("upper arm (both sides) at")
    where = {view.episode_list.topLevelItem(i).text(1)
             for i in range(view.episode_list.topLevelItemCount())}
    assert {"Right iPad thumb", "Upper arm (both)"} <= where
    assert "iPad thumb" in journal.locations.names()


def test_a_place_never_logged_can_be_pinned_from_arrange(qtbot, context, stack, journal, clock):
    from twitchlog.ui.quick_log_dialog import QuickLogDialog

    widget = QuickLogWidget(context, stack, clock=clock)
    qtbot.addWidget(widget)
    dialog = QuickLogDialog(widget.quick_places(), widget,
                            locations=journal.locations.names(), limit=5)
    qtbot.addWidget(dialog)
    dialog.location_combo.setCurrentIndex(dialog.location_combo.findData("thumb"))
    dialog.side_combo.setCurrentIndex(dialog.side_combo.findData("right"))
    dialog.add_button.click()
    assert not dialog.add_button.isEnabled()  # five is the limit here
    dialog.up_button.click()  # the new place one step to the left
    widget.set_quick_places(dialog.places())
    assert widget.places()[3] == ("thumb", "right")
    assert widget.quick_places()[3].pinned
    reopened = QuickLogWidget(context, stack, clock=clock)
    qtbot.addWidget(reopened)
    assert reopened.places() == widget.places()
    assert reopened.buttons[3].text() == "Right thumb"


def test_the_confirmation_floats_over_todays_list_and_moves_nothing(qtbot, view):
    form_box = view.form.submit_button
    before = form_box.mapTo(view, form_box.rect().topLeft())
    list_top = view.list_box.mapTo(view, view.list_box.rect().topLeft())
    qtbot.mouseClick(view.quick_log.buttons[0], Qt.MouseButton.LeftButton)
    assert view.undo_bar.is_showing()
    qtbot.wait(20)
    assert form_box.mapTo(view, form_box.rect().topLeft()) == before
    assert view.list_box.mapTo(view, view.list_box.rect().topLeft()) == list_top
    bar = view.undo_bar.geometry()
    column = view.splitter.widget(0)
    left = column.mapTo(view, column.rect().topLeft()).x()
    assert left <= bar.left() and bar.right() <= left + column.width()
    assert bar.bottom() < view.height()
