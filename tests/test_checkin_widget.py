"""The daily check-in: saves as you edit, blanks stay unknown, refusals are explained."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from app_support import isolate_app_settings
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from twitchlog.domain import DRINKS_SETTING, WARNING_HELP, CustomFactor, DayCheckIn, ValueKind
from twitchlog.store import Journal
from twitchlog.ui.checkin_widget import CheckinWidget
from twitchlog.ui.context import JournalContext

DAY = date(2024, 3, 5)


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolate_app_settings(tmp_path / "qsettings")


@pytest.fixture
def context(journal: Journal) -> JournalContext:
    return JournalContext(journal)


@pytest.fixture
def checkin(qtbot, context: JournalContext) -> Iterator[CheckinWidget]:
    widget = CheckinWidget(context, today=lambda: DAY)
    qtbot.addWidget(widget)
    widget.resize(420, 900)
    widget.show()
    yield widget
    widget.save_now()  # nothing may be left pending once the journal closes


def type_into(qtbot, checkin: CheckinWidget, name: str, text: str) -> None:
    edit = checkin.field(name)
    edit.selectAll()
    qtbot.keyClicks(edit, text) if text else qtbot.keyClick(edit, Qt.Key.Key_Backspace)


def drink_button(checkin: CheckinWidget, label: str) -> QPushButton:
    return next(b for b in checkin.findChildren(QPushButton) if b.text().startswith(f"+ {label}"))


def test_viewing_a_day_does_not_track_it(checkin, journal):
    assert not checkin.is_tracked()
    assert "Not tracked" in checkin.status_label.text()
    checkin.save_now()
    assert journal.checkins.get(DAY) is None


def test_an_edit_is_saved_after_a_short_pause_without_a_save_button(qtbot, checkin, journal):
    type_into(qtbot, checkin, "sleep_hours", "7.5")
    assert checkin.has_pending_edits()
    qtbot.waitUntil(lambda: journal.checkins.get(DAY) is not None, timeout=3000)
    stored = journal.checkins.get(DAY)
    assert stored.sleep_hours == 7.5
    assert "Saved" in checkin.status_label.text()
    assert checkin.is_tracked()


def test_blank_fields_stay_unknown_never_zero(qtbot, checkin, journal):
    type_into(qtbot, checkin, "stress", "4")
    checkin.save_now()
    stored = journal.checkins.get(DAY)
    assert stored.stress == 4
    for name in ("sleep_hours", "sleep_quality", "caffeine_mg", "exercise_min",
                 "alcohol_units", "nicotine", "magnesium", "potassium", "weakness"):
        assert getattr(stored, name) is None, name
    type_into(qtbot, checkin, "caffeine_mg", "120")
    checkin.save_now()
    assert journal.checkins.get(DAY).caffeine_mg == 120
    type_into(qtbot, checkin, "caffeine_mg", "")  # cleared: unknown again, not 0
    checkin.save_now()
    assert journal.checkins.get(DAY).caffeine_mg is None
    checkin.field("stress").setValue(checkin.field("stress").minimum())  # back to "—"
    checkin.save_now()
    assert journal.checkins.get(DAY).stress is None


def test_every_builtin_field_persists(qtbot, checkin, journal):
    type_into(qtbot, checkin, "sleep_hours", "6,5")  # a decimal comma is fine
    checkin.field("sleep_quality").setValue(2)
    type_into(qtbot, checkin, "exercise_min", "30")
    type_into(qtbot, checkin, "alcohol_units", "1.5")
    type_into(qtbot, checkin, "nicotine", "3")
    checkin.field("magnesium").setCurrentIndex(1)
    checkin.field("magnesium").activated.emit(1)
    checkin.field("potassium").setCurrentIndex(2)
    checkin.field("potassium").activated.emit(2)
    checkin.notes_edit.setPlainText("long day")
    checkin.save_now()
    stored = journal.checkins.get(DAY)
    assert (stored.sleep_hours, stored.sleep_quality, stored.exercise_min, stored.alcohol_units,
            stored.nicotine, stored.magnesium, stored.potassium, stored.notes) == (
        6.5, 2, 30, 1.5, 3, True, False, "long day")


def test_drink_buttons_add_to_an_editable_total(qtbot, checkin, journal):
    drink_button(checkin, "brewed coffee 95 mg").click()
    drink_button(checkin, "espresso 63 mg").click()
    assert checkin.field("caffeine_mg").text() == "158"
    checkin.save_now()
    assert journal.checkins.get(DAY).caffeine_mg == 158
    type_into(qtbot, checkin, "caffeine_mg", "100")
    drink_button(checkin, "cola").click()
    checkin.save_now()
    assert journal.checkins.get(DAY).caffeine_mg == 134


def test_drink_amounts_come_from_the_journal_setting(qtbot, checkin, context, journal):
    journal.settings.set(DRINKS_SETTING, json.dumps([["brewed coffee", 120], ["mate", 80]]))
    context.notify_changed()
    assert drink_button(checkin, "brewed coffee").text() == "+ brewed coffee 120 mg"
    drink_button(checkin, "mate").click()
    assert checkin.field("caffeine_mg").text() == "80"


def test_warning_sign_shows_one_calm_sentence_and_is_saved(qtbot, checkin, journal):
    box = checkin.field("numbness")
    assert not box.help.isVisible()
    box.check.click()
    assert box.help.isVisible()
    assert box.help.text() == WARNING_HELP
    checkin.save_now()
    assert journal.checkins.get(DAY).numbness is True
    assert journal.checkins.get(DAY).weakness is None  # unticked is unknown, not "no"
    box.check.click()
    checkin.save_now()
    assert journal.checkins.get(DAY).numbness is None


def test_an_explicit_no_from_elsewhere_is_kept(qtbot, checkin, context, journal):
    journal.checkins.save(DayCheckIn(DAY, cramps=False, stress=2))
    context.notify_changed()
    type_into(qtbot, checkin, "stress", "5")
    checkin.save_now()
    assert journal.checkins.get(DAY).cramps is False


@pytest.mark.parametrize(("name", "text", "message"), [
    ("sleep_hours", "30", "“30” is out of range (allowed 0 to 24)"),
    ("sleep_hours", "seven", "“seven” is not a number (allowed 0 to 24)"),
    ("nicotine", "2.5", "“2.5” is not a whole number (allowed 0 to 500)"),
    ("caffeine_mg", "-5", "“-5” is out of range (allowed 0 to 2000)"),
    ("exercise_min", "2000", "“2000” is out of range (allowed 0 to 1440)"),
    ("alcohol_units", "101", "“101” is out of range (allowed 0 to 100)"),
])
def test_refused_values_are_explained_and_not_stored(qtbot, checkin, journal, name, text,
                                                     message):
    type_into(qtbot, checkin, "stress", "3")
    type_into(qtbot, checkin, name, text)
    checkin.save_now()
    assert checkin.message(name).isVisible()
    assert checkin.message(name).text() == message
    stored = journal.checkins.get(DAY)
    assert stored.stress == 3  # the valid field was saved
    assert getattr(stored, name) is None
    assert "not kept" in checkin.status_label.text()
    type_into(qtbot, checkin, name, "1")
    checkin.save_now()
    assert not checkin.message(name).isVisible()


def test_too_long_day_notes_are_explained(qtbot, checkin):
    checkin.notes_edit.setPlainText("z" * 10_001)
    checkin.save_now()
    assert checkin.notes_message.text() == "Notes is 10,001 characters; the limit is 10,000"


def test_any_date_can_be_checked_in_and_pending_edits_are_saved_first(qtbot, checkin, journal):
    type_into(qtbot, checkin, "sleep_hours", "8")
    checkin.prev_button.click()  # saves today's edit, then shows yesterday
    assert checkin.day() == DAY - timedelta(days=1)
    assert journal.checkins.get(DAY).sleep_hours == 8
    assert checkin.field("sleep_hours").text() == ""
    type_into(qtbot, checkin, "sleep_hours", "5")
    checkin.save_now()
    assert journal.checkins.get(DAY - timedelta(days=1)).sleep_hours == 5
    checkin.today_button.click()
    assert checkin.field("sleep_hours").text() == "8"
    assert not checkin.next_button.isEnabled()  # no check-ins for the future


def test_mark_as_tracked_with_nothing_else(qtbot, checkin, journal):
    checkin.track_button.click()
    stored = journal.checkins.get(DAY)
    assert stored is not None and stored.sleep_hours is None
    assert checkin.is_tracked()
    assert not checkin.track_button.isVisible()


def test_custom_factors_appear_and_persist(qtbot, checkin, context, journal):
    journal.factors.add(CustomFactor("screen time", ValueKind.NUMBER, "h"))
    journal.factors.add(CustomFactor("headache", ValueKind.YESNO))
    context.notify_changed()
    type_into(qtbot, checkin, "screen time", "4.5")
    combo = checkin.field("headache")
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    checkin.save_now()
    assert journal.checkins.get(DAY).factors == {"screen time": 4.5, "headache": 1.0}
    type_into(qtbot, checkin, "screen time", "")
    checkin.save_now()
    assert journal.checkins.get(DAY).factors.get("screen time") is None


def test_reopening_the_journal_finds_the_check_in(qtbot, journal_path, tmp_path):
    journal = Journal.open(journal_path)
    context = JournalContext(journal)
    widget = CheckinWidget(context, today=lambda: DAY)
    qtbot.addWidget(widget)
    type_into(qtbot, widget, "sleep_hours", "6")
    widget.field("stress").setValue(7)
    widget.save_now()
    journal.close()
    reopened = Journal.open(journal_path)
    try:
        again = CheckinWidget(JournalContext(reopened), today=lambda: DAY)
        qtbot.addWidget(again)
        assert again.field("sleep_hours").text() == "6"
        assert again.field("stress").value() == 7
        assert again.field("caffeine_mg").text() == ""
        assert again.is_tracked()
    finally:
        reopened.close()


def test_archived_factors_leave_the_form_and_keep_their_data(qtbot, checkin, context, journal):
    journal.factors.add(CustomFactor("screen time", ValueKind.NUMBER, "h"))
    context.notify_changed()
    type_into(qtbot, checkin, "screen time", "3")
    checkin.save_now()
    journal.factors.set_archived("screen time", True)
    context.notify_changed()
    with pytest.raises(KeyError):
        checkin.field("screen time")
    type_into(qtbot, checkin, "stress", "2")
    checkin.save_now()
    assert journal.checkins.get(DAY).factors == {"screen time": 3.0}


def test_a_typed_digit_replaces_the_unknown_dash_at_once(qtbot, checkin, journal):
    spin = checkin.field("stress")
    assert spin.text() == "—"
    spin.setFocus()
    spin.lineEdit().setCursorPosition(len(spin.text()))  # the caret after the dash
    qtbot.keyClicks(spin, "7")
    assert spin.text() == "7"
    checkin.save_now()
    assert journal.checkins.get(DAY).stress == 7
