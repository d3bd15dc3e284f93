"""The episode form: body map, keyboard entry, presets, timer, every validation message."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from app_support import FakeClock, isolate_app_settings
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from twitchlog.domain import BUILTIN_LOCATIONS, Episode
from twitchlog.store import Journal
from twitchlog.ui.body_map_widget import BodyMapWidget, element_id, parse_element_id
from twitchlog.ui.context import JournalContext
from twitchlog.ui.episode_dialog import EpisodeDialog
from twitchlog.ui.episode_form_widget import EpisodeFormWidget


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolate_app_settings(tmp_path / "qsettings")


@pytest.fixture
def context(journal: Journal) -> JournalContext:
    return JournalContext(journal)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def form(qtbot, context: JournalContext, clock: FakeClock) -> EpisodeFormWidget:
    widget = EpisodeFormWidget(context, clock=clock)
    qtbot.addWidget(widget)
    widget.resize(900, 560)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def submitted(qtbot, form: EpisodeFormWidget) -> list[Episode]:
    seen: list[Episode] = []
    form.submitted.connect(seen.append)
    return seen


def click_region(qtbot, body_map: BodyMapWidget, elem: str) -> None:
    centre = body_map.element_rect(elem).center().toPoint()
    qtbot.mouseClick(body_map, Qt.MouseButton.LeftButton, pos=centre)


# --- the body map ----------------------------------------------------------------------


def test_every_builtin_location_has_a_region_and_every_region_is_clickable(qtbot):
    body_map = BodyMapWidget()
    qtbot.addWidget(body_map)
    body_map.resize(470, 270)
    locations = {parse_element_id(e)[0] for e in body_map.element_ids()}
    assert locations == set(BUILTIN_LOCATIONS)
    assert {"eyelid-left", "eyelid-right", "calf-left", "calf-right", "back"} <= set(
        body_map.element_ids())
    for elem in body_map.element_ids():
        assert body_map.element_at(body_map.element_rect(elem).center()) == elem


def test_clicking_the_map_sets_location_side_and_highlight(qtbot, form):
    click_region(qtbot, form.picker.body_map, "eyelid-left")
    assert form.location() == "eyelid"
    assert form.side() == "left"
    assert form.location_label.text() == "Left eyelid"
    assert form.picker.body_map.selected_elements() == {"eyelid-left"}
    assert form.picker.list_view.currentIndex().data(Qt.ItemDataRole.UserRole) == "eyelid"

    click_region(qtbot, form.picker.body_map, element_id("upper arm", "right"))
    assert (form.location(), form.side()) == ("upper arm", "right")
    click_region(qtbot, form.picker.body_map, "back")
    assert (form.location(), form.side()) == ("back", "unspecified")


def test_choosing_both_sides_highlights_both_regions(qtbot, form):
    click_region(qtbot, form.picker.body_map, "calf-left")
    form.side_buttons["both"].click()
    assert form.picker.body_map.selected_elements() == {"calf-left", "calf-right"}
    assert form.location_label.text() == "Calf (both sides)"


def test_body_map_click_then_save_logs_that_place(qtbot, form, clock):
    seen = submitted(qtbot, form)
    click_region(qtbot, form.picker.body_map, "thumb-right")
    form.submit_button.click()
    assert len(seen) == 1
    episode = seen[0]
    assert (episode.location, episode.side) == ("thumb", "right")
    assert episode.started_at == clock.now
    assert episode.duration_s is None and episode.intensity is None
    assert episode.kind == "twitch"


# --- keyboard ----------------------------------------------------------------------------


def test_keyboard_only_entry_and_enter_saves(qtbot, form, clock):
    seen = submitted(qtbot, form)
    form.focus_location()
    qtbot.keyClicks(form.picker.search, "cal")
    assert form.location() == "calf"  # the first match is chosen while typing
    form.side_buttons["right"].setChecked(True)
    qtbot.keyClicks(form.duration_edit, "1m30s")
    form.intensity_slider.setFocus()
    for _ in range(4):
        qtbot.keyClick(form.intensity_slider, Qt.Key.Key_Right)
    assert form.intensity_label.text() == "4 – moderate"
    form.kind_combo.setCurrentIndex(form.kind_combo.findData("cramp"))
    qtbot.keyClicks(form.notes_edit, "after a run")
    qtbot.keyClick(form.notes_edit, Qt.Key.Key_Return)
    assert len(seen) == 1
    episode = seen[0]
    assert (episode.location, episode.side, episode.duration_s, episode.intensity,
            episode.kind, episode.notes) == ("calf", "right", 90.0, 4, "cramp", "after a run")


def test_search_arrows_move_through_matches(qtbot, form):
    form.focus_location()
    qtbot.keyClicks(form.picker.search, "e")  # eyelid, eyebrow, cheek, ...
    assert form.location() == "eyelid"
    qtbot.keyClick(form.picker.search, Qt.Key.Key_Down)
    assert form.location() == "eyebrow"


def test_escape_clears_the_form(qtbot, form):
    click_region(qtbot, form.picker.body_map, "foot-left")
    form.duration_edit.setText("5s")
    form.notes_edit.setText("x")
    qtbot.keyClick(form.notes_edit, Qt.Key.Key_Escape)
    assert form.location() == ""
    assert form.duration_edit.text() == "" and form.notes_edit.text() == ""
    assert form.side() == "unspecified"


# --- when and how long --------------------------------------------------------------


def test_when_presets_are_relative_to_now_at_save_time(qtbot, form, clock):
    seen = submitted(qtbot, form)
    click_region(qtbot, form.picker.body_map, "eyelid-right")
    form.when_chips[15].click()
    clock.advance(120)  # the form sat open for two minutes
    form.submit()
    assert seen[0].started_at == clock.now - timedelta(minutes=15)


def test_custom_date_time_for_a_past_episode(qtbot, form):
    seen = submitted(qtbot, form)
    click_region(qtbot, form.picker.body_map, "cheek-left")
    form.when_edit.setDateTime(datetime(2024, 2, 29, 7, 45))
    assert not any(chip.isChecked() for chip in form.when_chips.values())
    form.submit()
    started = seen[0].started_at
    assert started.tzinfo is not None
    assert started.replace(tzinfo=None) == datetime(2024, 2, 29, 7, 45)


def test_duration_presets(qtbot, form):
    seen = submitted(qtbot, form)
    click_region(qtbot, form.picker.body_map, "eyelid-left")
    for text, seconds in (("10s", 10.0), ("1m", 60.0), ("10m", 600.0), ("1h", 3600.0)):
        form.duration_chips[text].click()
        assert form.duration_chips[text].isChecked()
        form.submit()
        assert seen[-1].duration_s == seconds


def test_timer_fills_duration_and_start_time(qtbot, form, clock):
    seen = submitted(qtbot, form)
    click_region(qtbot, form.picker.body_map, "calf-left")
    start = clock.now
    form.timer_button.click()
    assert form.timer_running()
    assert "Stop" in form.timer_button.text()
    clock.advance(95)
    qtbot.waitUntil(lambda: "1:35" in form.timer_button.text(), timeout=3000)
    assert form.timer_button.isVisible()
    clock.advance(1)  # the tick moves it on every second
    qtbot.waitUntil(lambda: "1:36" in form.timer_button.text(), timeout=3000)
    clock.advance(-1)
    form.timer_button.click()
    assert not form.timer_running()
    assert form.duration_edit.text() == "1m35s"
    assert "1 min 35 s" in form.timer_label.text()
    clock.advance(600)  # saving later does not move the start
    form.submit()
    assert seen[0].duration_s == 95.0
    assert seen[0].started_at == start


def test_saving_while_the_timer_runs_stops_it(qtbot, form, clock):
    seen = submitted(qtbot, form)
    click_region(qtbot, form.picker.body_map, "thigh-right")
    form.timer_button.click()
    clock.advance(42)
    form.submit()
    assert seen[0].duration_s == 42.0
    assert not form.timer_running()


# --- validation messages -------------------------------------------------------------


def test_no_location_is_explained_beside_the_field(qtbot, form):
    seen = submitted(qtbot, form)
    form.submit()
    assert seen == []
    assert form.location_message.isVisible()
    assert form.location_message.text() == "Location is empty (choose a body location)"
    click_region(qtbot, form.picker.body_map, "jaw-left")
    assert not form.location_message.isVisible()


def test_unreadable_duration_is_explained(qtbot, form):
    seen = submitted(qtbot, form)
    click_region(qtbot, form.picker.body_map, "eyelid-left")
    form.duration_edit.setText("a while")
    form.submit()
    assert seen == []
    assert form.duration_message.isVisible()
    assert form.duration_message.text() == (
        "“a while” is not a duration such as 45, 45s, 2m or 1h30m")
    assert form.duration_edit.property("invalid") is True


def test_too_long_duration_is_explained(qtbot, form):
    click_region(qtbot, form.picker.body_map, "eyelid-left")
    form.duration_edit.setText("25h")
    form.submit()
    assert form.duration_message.text() == "“25h” is out of range (allowed 0 to 86400 seconds)"


def test_too_long_notes_are_explained(qtbot, form):
    click_region(qtbot, form.picker.body_map, "eyelid-left")
    form.notes_edit.setText("x" * 10_001)
    form.submit()
    assert form.notes_message.text() == "Notes is 10,001 characters; the limit is 10,000"


def test_all_problems_are_shown_at_once(qtbot, form):
    form.duration_edit.setText("soon")
    form.notes_edit.setText("y" * 10_001)
    form.submit()
    assert form.location_message.isVisible()
    assert form.duration_message.isVisible()
    assert form.notes_message.isVisible()


# --- the dialog ----------------------------------------------------------------------


def test_dialog_edits_an_episode_through_the_undo_stack(qtbot, context, journal, clock):
    stored = journal.episodes.add(Episode(started_at=clock.now - timedelta(hours=2),
                                         location="eyelid", side="left", duration_s=5,
                                         intensity=3))
    stack = QUndoStack()
    dialog = EpisodeDialog(context, stack, stored, clock=clock)
    qtbot.addWidget(dialog)
    assert dialog.form.location() == "eyelid" and dialog.form.side() == "left"
    assert dialog.form.duration_edit.text() == "5s"
    dialog.form.notes_edit.setText("while reading")
    dialog.form.side_buttons["right"].click()
    dialog.accept()
    after = journal.episodes.get(stored.id)
    assert (after.side, after.notes) == ("right", "while reading")
    assert after.started_at == stored.started_at  # time untouched stays exact
    stack.undo()
    before = journal.episodes.get(stored.id)
    assert (before.side, before.notes) == ("left", "")


def test_dialog_refuses_invalid_input_and_stays_open(qtbot, context, journal, clock):
    stack = QUndoStack()
    dialog = EpisodeDialog(context, stack, None, clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.form.location_message.isVisible()
    assert journal.episodes.count() == 0
    dialog.form.set_location("calf", "left")
    dialog.accept()
    assert not dialog.isVisible()
    assert journal.episodes.count() == 1
    assert stack.count() == 1


def test_dialog_delete_button_removes_the_episode_undoably(qtbot, context, journal, clock):
    stored = journal.episodes.add(Episode(started_at=clock.now, location="calf"))
    stack = QUndoStack()
    dialog = EpisodeDialog(context, stack, stored, clock=clock)
    qtbot.addWidget(dialog)
    dialog.delete_button.click()
    assert journal.episodes.get(stored.id) is None
    stack.undo()
    assert journal.episodes.get(stored.id) is not None


def test_view_captions_of_the_body_map_stay_clear_of_the_drawings(qapp) -> None:
    """Front, Back and Face sit beside the heads, with room to spare for the larger text
    some scalings give (QT_SCALE_FACTOR=2 rounds small SVG fonts up)."""
    import re

    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFont, QFontMetricsF

    from twitchlog.ui.resources import resource_path

    svg = resource_path("body_map.svg").read_text()
    font = QFont("sans-serif")
    font.setBold(True)
    font.setPixelSize(18)  # 1.5 times the 12 drawn: what a rounded-up 2x font may take
    metrics = QFontMetricsF(font)
    shapes = [QRectF(float(cx) - float(rx), float(cy) - float(ry), 2 * float(rx), 2 * float(ry))
              for cx, cy, rx, ry in re.findall(
                  r'<ellipse cx="([\d.]+)" cy="([\d.]+)" rx="([\d.]+)" ry="([\d.]+)"', svg)]
    captions = re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*font-weight="bold">'
                          r'(Front|Back|Face)</text>', svg)
    assert len(captions) == 3
    for x, y, word in captions:
        box = QRectF(float(x), float(y) - metrics.ascent(), metrics.horizontalAdvance(word),
                     metrics.height())
        assert not any(box.intersects(shape) for shape in shapes), word
