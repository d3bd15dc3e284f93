"""A JSON export carries the whole journal: exported and imported into a new journal, every
part reads back the same; re-imports change nothing; undo removes exactly what came in."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from twitchlog.cli import main as cli_main
from twitchlog.domain import (
    DRINKS_SETTING,
    PATIENT_DOB_SETTING,
    PATIENT_NAME_SETTING,
    QUICK_PLACES_SETTING,
    REPORT_QUESTIONS_SETTING,
    CustomFactor,
    DayCheckIn,
    Episode,
    Medication,
    QuickPlace,
    ValueKind,
)
from twitchlog.exchange import ImportRefusedError, export_csv, export_json, import_paths
from twitchlog.store import Journal
from twitchlog.store.device_import import DeviceValue, SuggestedValue

TZ = timezone(timedelta(hours=1))
D1, D2, D3, D4, D5 = (date(2025, 5, 1) + timedelta(days=i) for i in range(5))


def full_journal(path: Path) -> Journal:
    """Every kind of data a journal holds."""
    journal = Journal.open(path)
    journal.locations.add("iPad thumb")
    journal.factors.add(CustomFactor(name="screen time", kind=ValueKind.NUMBER, unit="h"))
    journal.factors.add(CustomFactor(name="Old habit", kind=ValueKind.YESNO))
    journal.medications.save(Medication(name="Magnesium", start_date=D1, dose="300 mg",
                                        end_date=D4, notes="evening"))
    journal.episodes.add(Episode(started_at=datetime(2025, 5, 1, 9, 30, tzinfo=TZ),
                                 location="iPad thumb", side="left", duration_s=12.5,
                                 intensity=4, kind="twitch", notes="after typing"))
    journal.episodes.add(Episode(started_at=datetime(2025, 5, 2, 22, 5, tzinfo=TZ),
                                 location="calf", side="both", kind="cramp"))
    journal.checkins.save(DayCheckIn(date=D1, sleep_quality=3, stress=4, magnesium=True,
                                     notes="long day", factors={"screen time": 6.5,
                                                                "Old habit": 1.0}))
    journal.checkins.save(DayCheckIn(date=D2, sleep_hours=6.0, caffeine_mg=190.0))
    journal.factors.set_archived("Old habit", True)
    # Fitbit fills D1's empty sleep (a tracked day); D3 is untracked, so its value waits.
    journal.devices.apply([DeviceValue(D1, "sleep_hours", 7.2, "Fitbit"),
                           DeviceValue(D3, "sleep_hours", 6.8, "Fitbit"),
                           DeviceValue(D3, "caffeine_mg", 120.0, "Apple Health")],
                          "sleep-2025-05.json")
    journal.catch_up.mark_unremembered(D4)
    journal.settings.set(PATIENT_NAME_SETTING, "Ana Müller")
    journal.settings.set(PATIENT_DOB_SETTING, "1980-02-03")
    journal.settings.set(REPORT_QUESTIONS_SETTING, "Is this benign?\nShould I test B12?")
    journal.settings.save_drinks([("brewed coffee", 120.0), ("matcha", 70.0)])
    journal.settings.save_quick_places([QuickPlace("iPad thumb", "left", True),
                                        QuickPlace("calf", "both", False)])
    return journal


def parts(journal: Journal) -> dict[str, object]:
    """The journal as its API shows it, part by part (ids that differ per journal left out)."""
    days = [D1 + timedelta(days=i) for i in range(6)]
    return {
        "episodes": [(e.id, e.started_at, e.location, e.side, e.duration_s, e.intensity,
                      e.kind, e.notes) for e in journal.episodes.iterate()],
        "checkins": journal.checkins.find(),
        "factors": [(f.name, f.kind, f.unit, f.archived)
                    for f in journal.factors.all(include_archived=True)],
        "medications": [(m.name, m.dose, m.start_date, m.end_date, m.notes)
                        for m in journal.medications.all()],
        "locations": [(loc.name, loc.builtin) for loc in journal.locations.all()],
        "suggested": {d: journal.devices.suggested(d) for d in days},
        "sources": {d: journal.devices.sources(d) for d in days},
        "device nights": journal.devices.nights(),
        "unremembered": journal.catch_up.unremembered(),
        "missed": journal.catch_up.missed_days(D5 + timedelta(days=1)),
        # Drinks and places are compared as the app reads them (the stored text may list
        # only the changed drinks; the export writes every button).
        "settings": {key: value for key, value in journal.settings.portable().items()
                     if key not in (DRINKS_SETTING, QUICK_PLACES_SETTING)},
        "drinks": journal.settings.drinks(),
        "quick places": journal.settings.quick_places(),
        "tracked": journal.checkins.tracked_dates(),
    }


@pytest.fixture
def source(tmp_path: Path) -> Journal:
    journal = full_journal(tmp_path / "source.twitchlog")
    yield journal
    journal.close()


def test_a_json_export_imported_into_a_new_journal_gives_the_same_journal(
        source: Journal, tmp_path: Path) -> None:
    summary = export_json(source, tmp_path / "all.json")
    assert summary.device_values == 3 and summary.unremembered == 1 and summary.settings == 5
    with Journal.open(tmp_path / "copy.twitchlog") as copy:
        result = import_paths(copy, [tmp_path / "all.json"])
        assert result.device_values_added == 3 and result.unremembered_added == 1
        want, got = parts(source), parts(copy)
        for name in want:
            assert got[name] == want[name], name
        # What a person sees: the check-in's "from Fitbit", the waiting value, no re-asking.
        assert copy.devices.sources(D1) == {"sleep_hours": "Fitbit"}
        assert SuggestedValue("sleep_hours", 6.8, "Fitbit") in copy.devices.suggested(D3)
        assert D4 not in copy.catch_up.missed_days(D5)
        assert copy.settings.get(PATIENT_NAME_SETTING) == "Ana Müller"


def test_the_file_holds_the_new_parts_in_format_2(source: Journal, tmp_path: Path) -> None:
    export_json(source, tmp_path / "all.json")
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert data["format_version"] == 2
    assert data["unremembered_days"] == [D4.isoformat()]
    assert {"date": D3.isoformat(), "field": "sleep_hours", "value": 6.8,
            "source": "Fitbit"} in data["device_values"]
    first = next(d for d in data["days"] if d["date"] == D1.isoformat())
    assert (first["sleep_hours"], first["sleep_source"], first["caffeine_source"]) == \
        (7.2, "Fitbit", None)
    assert set(data["settings"]) == {PATIENT_NAME_SETTING, PATIENT_DOB_SETTING,
                                     REPORT_QUESTIONS_SETTING, DRINKS_SETTING,
                                     QUICK_PLACES_SETTING}
    assert data["settings"][QUICK_PLACES_SETTING][0] == {"location": "iPad thumb",
                                                         "side": "left", "pinned": True}


def test_machine_settings_never_travel(source: Journal, tmp_path: Path) -> None:
    source.settings.set("storage_warning_shown_for", "/home/ana")
    export_json(source, tmp_path / "all.json")
    assert "storage_warning_shown_for" not in (tmp_path / "all.json").read_text()


def test_a_range_export_carries_the_range_only(source: Journal, tmp_path: Path) -> None:
    export_json(source, tmp_path / "part.json", D1, D2)
    data = json.loads((tmp_path / "part.json").read_text(encoding="utf-8"))
    assert data["unremembered_days"] == []
    assert [v["date"] for v in data["device_values"]] == [D1.isoformat()]


def test_a_second_import_changes_nothing_and_leaves_no_history(source: Journal,
                                                               tmp_path: Path) -> None:
    export_json(source, tmp_path / "all.json")
    with Journal.open(tmp_path / "copy.twitchlog") as copy:
        assert import_paths(copy, [tmp_path / "all.json"]).changed
        history = copy.imports.all()
        again = import_paths(copy, [tmp_path / "all.json"])
        assert not again.changed, again.summary()
        assert copy.imports.all() == history
    # Into the very journal it came from: nothing new either.
    assert not import_paths(source, [tmp_path / "all.json"]).changed


def test_undo_removes_exactly_the_values_marks_and_settings_the_import_added(
        source: Journal, tmp_path: Path) -> None:
    export_json(source, tmp_path / "all.json")
    with Journal.open(tmp_path / "copy.twitchlog") as copy:
        copy.settings.set(PATIENT_NAME_SETTING, "Own name")
        copy.catch_up.mark_unremembered(D5)
        copy.devices.apply([DeviceValue(D5, "sleep_hours", 8.0, "Oura")], "oura.csv")
        before = parts(copy)
        result = import_paths(copy, [tmp_path / "all.json"])
        assert PATIENT_NAME_SETTING not in result.settings_added  # the journal's own is kept
        assert copy.settings.get(PATIENT_NAME_SETTING) == "Own name"
        assert copy.settings.drinks()[-1] == ("matcha", 70.0)
        undone = copy.imports.undo_last()
        assert undone is not None
        assert (undone.device_values_removed, undone.unremembered_removed,
                undone.settings_removed) == (3, 1, 4)
        assert "3 device values" in undone.summary()
        assert parts(copy) == before


def test_replace_lets_the_files_settings_win(source: Journal, tmp_path: Path) -> None:
    from twitchlog.exchange import read_import

    export_json(source, tmp_path / "all.json")
    with Journal.open(tmp_path / "copy.twitchlog") as copy:
        copy.settings.set(PATIENT_NAME_SETTING, "Own name")
        copy.catch_up.mark_unremembered(D5)
        copy.imports.apply(read_import([tmp_path / "all.json"]), replace=True)
        assert copy.settings.get(PATIENT_NAME_SETTING) == "Ana Müller"
        assert copy.catch_up.unremembered() == [D4]


def test_a_typed_value_changed_by_the_file_loses_its_device_source(tmp_path: Path) -> None:
    """A format 1 file (or CSV) says nothing of sources: the old rule holds."""
    with Journal.open(tmp_path / "j.twitchlog") as journal:
        journal.checkins.save(DayCheckIn(date=D1, stress=2))
        journal.devices.apply([DeviceValue(D1, "sleep_hours", 7.2, "Fitbit")], "fitbit")
        (tmp_path / "v1.json").write_text(json.dumps({
            "format": "TwitchLog journal", "format_version": 1,
            "days": [{"date": D1.isoformat(), "sleep_hours": 5.0, "sleep_source": "Oura"}],
            "settings": {"patient_name": "ignored in format 1"}}), encoding="utf-8")
        result = import_paths(journal, [tmp_path / "v1.json"])
        assert (result.days_updated, result.settings_added) == (1, [])
        assert journal.devices.sources(D1) == {}
        assert journal.settings.get(PATIENT_NAME_SETTING) is None


@pytest.mark.parametrize(("fragment", "message"), [
    ('"settings": {"window_geometry": "x"}',
     "settings, field 'window_geometry': is not a journal setting TwitchLog exports"),
    ('"settings": []', "settings: is not an object"),
    ('"settings": {"patient_name": 5}', "field patient_name: 5 is not a text"),
    ('"settings": {"caffeine_drinks": [["espresso", true]]}', "is not a [name, mg] pair"),
    ('"settings": {"caffeine_drinks": [["espresso", 5000]]}', "is out of range"),
    ('"settings": {"quick_log_places": [{"location": "calf", "side": "up"}]}',
     "'up' is not one of left, right, both, unspecified"),
    ('"unremembered_days": ["03/04/2025"]', "unremembered_days[0], field date"),
    ('"unremembered_days": {"a": 1}', "unremembered_days: is not a list"),
    ('"device_values": [{"date": "2025-05-01", "field": "stress", "value": 3, '
     '"source": "Fitbit"}]', "field field: 'stress' is not sleep_hours or caffeine_mg"),
    ('"device_values": [{"date": "2025-05-01", "field": "sleep_hours", "value": 30, '
     '"source": "Fitbit"}]', "device_values[0], field value: 30 is out of range"),
    ('"device_values": [{"date": "2025-05-01", "field": "sleep_hours", "value": "7", '
     '"source": "Fitbit"}]', "is not a number"),
    ('"device_values": [{"date": "2025-05-01", "field": "sleep_hours", "value": 7, '
     '"source": "Fit\\u001bbit"}]', "field source"),
    ('"device_values": [{"date": "2025-05-01", "field": "sleep_hours", "value": 7}]',
     "field source: is not a text"),
    ('"days": [{"date": "2025-05-01", "sleep_source": "Fitbit"}]',
     "names a device but sleep_hours is empty"),
])
def test_hostile_new_parts_are_refused_with_one_line(tmp_path: Path, fragment: str,
                                                     message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "TwitchLog journal", "format_version": 2, ' + fragment + "}",
                    encoding="utf-8")
    with Journal.open(tmp_path / "j.twitchlog") as journal:
        with pytest.raises(ImportRefusedError) as caught:
            import_paths(journal, [path])
        assert message in str(caught.value) and "\n" not in str(caught.value)
        assert journal.imports.all() == [] and journal.settings.portable() == {}


def test_cli_preview_and_csv_export_say_what_they_carry(source: Journal, tmp_path: Path,
                                                        capsys) -> None:
    export_json(source, tmp_path / "all.json")
    fresh = tmp_path / "fresh.twitchlog"
    Journal.open(fresh).close()
    assert cli_main(["--db", str(fresh), "import", "--preview", str(tmp_path / "all.json")]) == 0
    out = capsys.readouterr().out
    assert "3 device values" in out and '1 day marked "I don\'t remember"' in out
    assert "Settings added: patient name, date of birth" in out
    assert cli_main(["--db", str(source.path), "export", "--format", "csv",
                     "--out", str(tmp_path / "csv")]) == 0
    out = capsys.readouterr().out
    assert "CSV holds episodes and check-ins only" in out and "Export JSON" in out
    assert "device values" in export_csv(source, tmp_path / "csv2").summary()


def test_the_apps_import_previews_what_the_file_carries_then_writes_it(
        qtbot, source: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app_support import isolate_app_settings
    from PySide6.QtWidgets import QMessageBox, QWidget

    from twitchlog.ui import exchange_flow
    from twitchlog.ui.context import JournalContext
    from twitchlog.ui.tasks import TaskRunner

    isolate_app_settings(tmp_path / "qsettings")
    export_json(source, tmp_path / "all.json")
    copy = Journal.open(tmp_path / "copy.twitchlog")
    copy.settings.set(PATIENT_NAME_SETTING, "Own name")
    parent = QWidget()
    qtbot.addWidget(parent)
    tasks = TaskRunner(parent)
    previews: list[str] = []
    answers = iter([False, True])
    finished: list[str] = []

    def fake_confirm(_parent: QWidget, preview: exchange_flow.ImportPreview) -> bool:
        previews.append(" ".join(preview.lines))
        return next(answers)

    monkeypatch.setattr(exchange_flow, "confirm_import", fake_confirm)
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda box: finished.append(box.informativeText()) or 0)
    flow = exchange_flow.ImportFlow(JournalContext(copy), tasks, parent)
    flow.start([str(tmp_path / "all.json")])
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=10_000)
    text = previews[0]
    assert "2 episodes, 2 days" in text
    assert '3 device values (sleep or caffeine from a phone or wearable), 1 day marked ' \
           '"I don\'t remember"' in text
    assert "Settings added: date of birth, report questions, drink buttons, " \
           "quick-log places." in text
    assert "Settings kept as this journal has them: patient name." in text
    assert copy.imports.all() == [] and copy.devices.newest() == []  # cancelled: nothing
    flow.start([str(tmp_path / "all.json")])
    qtbot.waitUntil(lambda: bool(finished), timeout=10_000)
    assert "3 device values" in finished[-1] and "settings: date of birth" in finished[-1]
    assert copy.catch_up.unremembered() == [D4]
    tasks.wait()
    copy.close()


def test_cli_import_replace_makes_the_journal_the_files(source: Journal, tmp_path: Path,
                                                        capsys) -> None:
    export_json(source, tmp_path / "all.json")
    other = tmp_path / "other.twitchlog"
    with Journal.open(other) as journal:
        journal.episodes.add(Episode(started_at=datetime(2024, 1, 1, 8, tzinfo=TZ),
                                     location="jaw"))
        journal.settings.set(PATIENT_NAME_SETTING, "Own name")
        journal.catch_up.mark_unremembered(date(2024, 1, 2))
    argv = ["--db", str(other), "import", "--replace", str(tmp_path / "all.json")]
    assert cli_main([*argv[:3], "--preview", *argv[3:]]) == 0
    out = capsys.readouterr().out
    assert "Replaces this journal's 1 episode and 0 days" in out
    assert "Settings replaced: patient name." in out
    assert cli_main(argv) == 0
    assert "earlier 1 episode and 0 days were replaced" in capsys.readouterr().err
    with Journal.open(other) as journal:
        assert parts(journal) == parts(source)
    code = cli_main(["--db", str(other), "import", "--replace",
                     str(Path(__file__).parent / "fixtures" / "wearables" / "export.zip")])
    assert code == 2
    assert "--replace is for TwitchLog exports" in capsys.readouterr().err
