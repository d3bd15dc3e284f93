"""The Manage dialog: factors, locations, medications and drink amounts reach the store."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QMessageBox

from twitchlog.domain import DEFAULT_DRINKS, DRINKS_SETTING, CustomFactor, DayCheckIn, ValueKind
from twitchlog.store import Journal
from twitchlog.ui.context import JournalContext
from twitchlog.ui.manage_dialog import ManageDialog


@pytest.fixture
def context(journal: Journal) -> JournalContext:
    return JournalContext(journal)


@pytest.fixture
def dialog(context: JournalContext, qtbot: Any) -> ManageDialog:
    d = ManageDialog(context)
    qtbot.addWidget(d)
    d.show()
    return d


def type_into(widget: Any, text: str) -> None:
    widget.clear()
    QTest.keyClicks(widget, text)


def list_texts(widget: Any) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


# --- custom factors ----------------------------------------------------------------------


def test_add_rename_archive_a_factor_keeps_its_data(dialog: ManageDialog,
                                                    context: JournalContext,
                                                    qtbot: Any) -> None:
    tab = dialog.factors_tab
    dialog.tabs.setCurrentWidget(tab)
    journal = context.journal
    type_into(tab.name_edit, "Screen time")
    assert tab.unit_edit.isEnabled()
    type_into(tab.unit_edit, "h")
    with qtbot.waitSignal(context.changed):
        QTest.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    [factor] = journal.factors.all()
    assert (factor.name, factor.kind, factor.unit) == ("Screen time", ValueKind.NUMBER, "h")
    assert list_texts(tab.factor_list) == ["Screen time  ·  number (h)"]
    assert tab.name_edit.text() == ""

    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData(ValueKind.YESNO))
    assert not tab.unit_edit.isEnabled()
    type_into(tab.name_edit, "Deadline")
    QTest.keyClick(tab.name_edit, Qt.Key.Key_Return)  # Enter adds too
    assert [f.name for f in journal.factors.all()] == ["Screen time", "Deadline"]
    assert journal.factors.all()[1].kind is ValueKind.YESNO

    journal.checkins.save(DayCheckIn(date(2024, 5, 1), factors={"Screen time": 6.5}))

    tab.factor_list.setCurrentRow(0)
    type_into(tab.rename_edit, "Screens")
    QTest.mouseClick(tab.rename_button, Qt.MouseButton.LeftButton)
    assert [f.name for f in journal.factors.all()] == ["Screens", "Deadline"]
    assert journal.checkins.get(date(2024, 5, 1)).factors == {"Screens": 6.5}

    assert tab.selected_factor().name == "Screens"
    QTest.mouseClick(tab.archive_button, Qt.MouseButton.LeftButton)
    assert [f.name for f in journal.factors.all()] == ["Deadline"]
    archived = journal.factors.all(include_archived=True)[0]
    assert archived.name == "Screens" and archived.archived
    assert journal.checkins.get(date(2024, 5, 1)).factors == {"Screens": 6.5}  # data kept
    assert tab.factor_list.item(0).text().endswith("(archived)")
    assert tab.archive_button.text().replace("&", "") == "Unarchive"

    QTest.mouseClick(tab.archive_button, Qt.MouseButton.LeftButton)
    assert [f.name for f in journal.factors.all()] == ["Screens", "Deadline"]


def test_factor_validation_messages(dialog: ManageDialog, context: JournalContext) -> None:
    tab = dialog.factors_tab
    dialog.tabs.setCurrentWidget(tab)
    context.journal.factors.add(CustomFactor("Hydration", ValueKind.NUMBER, "glasses"))
    tab.reload()

    QTest.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.add_errors.isVisible()
    assert tab.add_errors.text() == "Name is empty"
    assert tab.name_edit.property("invalid") is True

    type_into(tab.name_edit, "stress")
    QTest.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.add_errors.text() == "“stress” is already a built-in field"

    type_into(tab.name_edit, "hydration")
    QTest.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert "already exists" in tab.add_errors.text()
    assert len(context.journal.factors.all()) == 1

    type_into(tab.name_edit, "Walks")
    QTest.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert not tab.add_errors.isVisible()
    assert tab.name_edit.property("invalid") is False

    tab.factor_list.setCurrentRow(0)
    type_into(tab.rename_edit, "   ")
    QTest.mouseClick(tab.rename_button, Qt.MouseButton.LeftButton)
    assert tab.rename_errors.isVisible() and "empty" in tab.rename_errors.text()
    type_into(tab.rename_edit, "x" * 61)
    QTest.mouseClick(tab.rename_button, Qt.MouseButton.LeftButton)
    assert "61 characters; the limit is 60" in tab.rename_errors.text()
    assert context.journal.factors.all()[0].name == "Hydration"


# --- locations -------------------------------------------------------------------------


def test_add_and_rename_a_location(dialog: ManageDialog, context: JournalContext) -> None:
    tab = dialog.locations_tab
    dialog.tabs.setCurrentWidget(tab)
    journal = context.journal
    assert "eyelid" in tab.builtin_label.text()
    assert not tab.rename_button.isEnabled()  # nothing of the user's own yet

    type_into(tab.name_edit, "Left Knee")
    QTest.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert "Left Knee" in journal.locations.names()  # the user's capitals are kept
    assert list_texts(tab.location_list) == ["Left Knee"]

    type_into(tab.rename_edit, "iPad knee")
    QTest.keyClick(tab.rename_edit, Qt.Key.Key_Return)
    names = journal.locations.names()
    assert "iPad knee" in names and "Left Knee" not in names
    assert list_texts(tab.location_list) == ["iPad knee"]

    type_into(tab.name_edit, "Eyelid")
    QTest.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.add_errors.isVisible() and "already exists" in tab.add_errors.text()
    type_into(tab.rename_edit, "calf")
    QTest.mouseClick(tab.rename_button, Qt.MouseButton.LeftButton)
    assert "already exists" in tab.rename_errors.text()
    assert sum(1 for loc in journal.locations.all() if not loc.builtin) == 1


# --- medications --------------------------------------------------------------------------


def test_add_edit_and_delete_a_medication(dialog: ManageDialog, context: JournalContext,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    tab = dialog.medications_tab
    dialog.tabs.setCurrentWidget(tab)
    journal = context.journal
    assert "diuretics" in " ".join(label.text() for label in tab.findChildren(QLabel))
    type_into(tab.name_edit, "Prednisone")
    type_into(tab.dose_edit, "10 mg")
    tab.start_edit.setDate(QDate(2024, 2, 1))
    QTest.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    [med] = journal.medications.all()
    assert (med.name, med.dose, med.start_date, med.end_date) == (
        "Prednisone", "10 mg", date(2024, 2, 1), None)
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 3).text() == "ongoing"

    # an end date before the start is refused beside the end date
    tab.table.selectRow(0)
    assert tab.name_edit.text() == "Prednisone"
    tab.stopped_check.setChecked(True)
    tab.end_edit.setDate(QDate(2024, 1, 15))
    QTest.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.end_errors.isVisible()
    assert "before the start date 2024-02-01" in tab.end_errors.text()
    assert journal.medications.all()[0].end_date is None

    tab.end_edit.setDate(QDate(2024, 3, 10))
    QTest.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert not tab.end_errors.isVisible()
    assert journal.medications.all()[0].end_date == date(2024, 3, 10)
    assert len(journal.medications.all()) == 1  # edited, not added
    assert tab.table.item(0, 3).text() == "2024-03-10"

    QTest.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.name_errors.text() == "Name is empty"

    tab.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    QTest.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert len(journal.medications.all()) == 1  # the user said no
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    QTest.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert journal.medications.all() == []
    assert tab.table.rowCount() == 0


# --- caffeine drinks -------------------------------------------------------------------


def test_edit_drink_amounts(dialog: ManageDialog, context: JournalContext,
                            qtbot: Any) -> None:
    tab = dialog.drinks_tab
    dialog.tabs.setCurrentWidget(tab)
    journal = context.journal
    assert [(label, spin.value()) for label, spin in tab.spins.items()] == list(DEFAULT_DRINKS)
    assert journal.settings.get(DRINKS_SETTING) is None

    spin = tab.spins["espresso"]
    spin.setFocus()
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin, "75")
    assert journal.settings.get(DRINKS_SETTING) is None  # typing alone does not save
    with qtbot.waitSignal(context.changed):
        QTest.keyClick(spin, Qt.Key.Key_Return)
    stored = dict(json.loads(journal.settings.get(DRINKS_SETTING)))
    assert stored["espresso"] == 75 and stored["brewed coffee"] == 95
    assert dict(journal.settings.drinks())["espresso"] == 75
    assert tab.saved_label.text() == "Saved."
    assert dialog.isVisible()  # Enter saved the amount without closing the dialog

    QTest.keyClick(tab.spins["cola"], Qt.Key.Key_Up)  # arrow keys save too
    assert dict(journal.settings.drinks())["cola"] == 35

    QTest.mouseClick(tab.defaults_button, Qt.MouseButton.LeftButton)
    assert journal.settings.drinks() == list(DEFAULT_DRINKS)
    assert tab.spins["espresso"].value() == 63

    # a reopened dialog shows the stored amounts
    journal.settings.set(DRINKS_SETTING, json.dumps([["espresso", 70], ["cola", 30]]))
    again = ManageDialog(context)
    qtbot.addWidget(again)
    assert again.drinks_tab.spins["espresso"].value() == 70
    assert again.drinks_tab.spins["brewed coffee"].value() == 95


def test_unreadable_drink_setting_falls_back_to_defaults(journal: Journal) -> None:
    journal.settings.set(DRINKS_SETTING, "not json")
    assert journal.settings.drinks() == list(DEFAULT_DRINKS)
    journal.settings.set(DRINKS_SETTING, json.dumps({"espresso": 60, "matcha": 70}))
    drinks = dict(journal.settings.drinks())
    assert drinks["espresso"] == 60 and drinks["matcha"] == 70
