"""Device imports in the app: preview before writing, the check-in offers imported sleep."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from app_support import isolate_app_settings
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from twitchlog.domain import DayCheckIn
from twitchlog.exchange.wearables import ImportCancelledError
from twitchlog.store import Journal
from twitchlog.store.device_import import DeviceValue
from twitchlog.ui.checkin_widget import CheckinWidget
from twitchlog.ui.context import JournalContext
from twitchlog.ui.device_import_dialog import DeviceImportDialog
from twitchlog.ui.exchange_flow import ImportFlow, import_worker
from twitchlog.ui.tasks import TaskRunner

FIXTURES = Path(__file__).parent / "fixtures" / "wearables"
D5 = date(2024, 3, 5)


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolate_app_settings(tmp_path / "qsettings")


def test_the_check_in_offers_imported_sleep_and_use_tracks_the_day(
        qtbot, journal: Journal) -> None:
    journal.devices.apply([DeviceValue(D5, "sleep_hours", 7.2, "Fitbit")], "s.json")
    widget = CheckinWidget(JournalContext(journal), today=lambda: D5)
    qtbot.addWidget(widget)
    widget.show()
    row = widget.device_rows["sleep_hours"]
    assert row.isVisible() and row.label.text() == "7.2 h — from Fitbit"
    assert not widget.device_rows["caffeine_mg"].isVisible()
    assert not widget.is_tracked()
    row.use_button.click()
    assert journal.checkins.get(D5).sleep_hours == 7.2
    assert widget.is_tracked()
    assert widget.field("sleep_hours").text() == "7.2"
    assert row.label.text() == "from Fitbit" and not row.use_button.isVisible()
    widget.save_now()


def test_import_shows_the_preview_and_writes_only_when_accepted(
        qtbot, journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    journal.checkins.save(DayCheckIn(D5, sleep_hours=6.0))
    context = JournalContext(journal)
    parent = QWidget()
    qtbot.addWidget(parent)
    tasks = TaskRunner(parent)
    shown: list[str] = []
    answers = iter([QDialog.DialogCode.Rejected, QDialog.DialogCode.Accepted])

    def fake_dialog_exec(dialog: DeviceImportDialog) -> int:
        dialog.replace_box.setChecked(True)
        shown.append(dialog.summary.text())
        return next(answers)

    messages: list[str] = []
    monkeypatch.setattr(DeviceImportDialog, "exec", fake_dialog_exec)
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda box: messages.append(box.informativeText()) or 0)
    ImportFlow(context, tasks, parent).start([str(FIXTURES / "export.zip")])
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
    assert "3 nights of sleep and 2 days of caffeine" in shown[0]
    assert "1 value replaces what you typed" in shown[0]
    assert journal.db.execute("SELECT COUNT(*) FROM device_values").fetchone()[0] == 0
    ImportFlow(context, tasks, parent).start([str(FIXTURES / "export.zip")])
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages[-1].startswith("5 values imported (2 in checked-in days")
    assert journal.checkins.get(D5).sleep_hours == 7.17
    assert journal.imports.undo_last() is not None
    assert journal.checkins.get(D5).sleep_hours == 6.0
    tasks.wait()


def test_a_cancelled_device_read_writes_nothing(journal: Journal) -> None:
    stop = threading.Event()
    stop.set()
    with pytest.raises(ImportCancelledError):
        import_worker(journal.path, [str(FIXTURES / "export.xml")],
                      progress=lambda percent: None, stop=stop)
    assert journal.imports.all() == []


def test_insights_say_how_many_nights_came_from_a_device(qtbot, journal: Journal) -> None:
    from datetime import timedelta

    from twitchlog.ui.insights_view import InsightsView

    today = date.today()
    days = [today - timedelta(days=i) for i in range(1, 4)]
    for day in days:
        journal.checkins.save(DayCheckIn(day, stress=2))
    journal.devices.apply([DeviceValue(d, "sleep_hours", 7.0, "Oura") for d in days[:2]],
                                "oura.csv")
    tasks = TaskRunner()
    view = InsightsView(JournalContext(journal), tasks)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitUntil(lambda: view.insights is not None and view.insights.complete
                    and not view._busy_keys, timeout=30_000)
    tasks.wait()
    assert view.summary_labels["tracked"].text().endswith("; sleep of 2 nights from a device")


def test_undo_last_import_names_the_device_values_it_removes(
        qtbot, journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    from twitchlog.ui.exchange_flow import confirm_undo_last_import

    journal.devices.apply([DeviceValue(D5, "sleep_hours", 7.0, "Oura"),
                                 DeviceValue(D5, "caffeine_mg", 95.0, "Apple Health")],
                                "oura.csv")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda box: asked.append(f"{box.text()} | {box.informativeText()}"))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert not confirm_undo_last_import(JournalContext(journal), parent)  # cancelled
    assert asked[0].startswith("Undo the import of oura.csv")
    assert "removes the 2 sleep or caffeine values it brought from a device" in asked[0]
    assert len(journal.devices.suggested(D5)) == 2
