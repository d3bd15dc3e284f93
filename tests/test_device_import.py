"""Device values in the journal: previewed, applied once, confirmed, undone exactly."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

from twitchlog.domain import DayCheckIn
from twitchlog.store import SCHEMA_VERSION, Journal
from twitchlog.store.connection import read_header
from twitchlog.store.device_import import DeviceImportResult, DevicePreview, DeviceValue
from twitchlog.store.schema import APPLICATION_ID

FIXTURE_V4 = Path(__file__).parent / "fixtures" / "journal_v4.twitchlog"
D1, D2, D3 = date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 3)


def values() -> list[DeviceValue]:
    return [DeviceValue(D1, "sleep_hours", 7.2, "Fitbit"),
            DeviceValue(D2, "sleep_hours", 6.0, "Fitbit"),
            DeviceValue(D2, "caffeine_mg", 150.0, "Apple Health"),
            DeviceValue(D3, "sleep_hours", 8.0, "Fitbit")]


def typed(journal: Journal) -> None:
    journal.checkins.save(DayCheckIn(date=D1, stress=3))             # tracked, no sleep
    journal.checkins.save(DayCheckIn(date=D2, sleep_hours=5.5))      # tracked, typed sleep


def test_preview_counts_and_writes_nothing(journal: Journal) -> None:
    typed(journal)
    preview = journal.devices.preview(values(), ["sleep.json"])
    assert (preview.nights, preview.caffeine_days) == (3, 1)
    assert (preview.first, preview.last) == (D1, D3)
    assert preview.fill_tracked == 2            # D1 sleep, D2 caffeine
    assert preview.untracked_days == 1          # D3
    assert preview.conflicts == [(D2, "sleep_hours", 5.5, 6.0)]
    text = " ".join(preview.lines())
    assert "does not make a day tracked" in text
    assert "02 Mar 2024 sleep typed 5.5 h, device 6 h" in text
    assert journal.db.execute("SELECT COUNT(*) FROM device_values").fetchone()[0] == 0
    assert journal.imports.all() == []


def test_typed_values_win_imported_sleep_waits_and_import_is_idempotent(
        journal: Journal) -> None:
    typed(journal)
    result = journal.devices.apply(values(), "sleep.json")
    assert (result.stored, result.applied) == (4, 2)
    assert journal.checkins.get(D1).sleep_hours == 7.2
    assert journal.devices.sources(D1) == {"sleep_hours": "Fitbit"}
    assert journal.checkins.get(D2).sleep_hours == 5.5           # typed wins
    assert journal.checkins.get(D2).caffeine_mg == 150.0
    assert journal.checkins.get(D3) is None                     # still not tracked
    assert journal.checkins.tracked_dates() == [D1, D2]
    assert [(s.field, s.value, s.source) for s in journal.devices.suggested(D3)] == [
        ("sleep_hours", 8.0, "Fitbit")]
    again = journal.devices.apply(values(), "sleep.json")
    assert not again.changed and again.summary().startswith("Nothing new")
    assert len(journal.imports.all()) == 1


def test_a_large_device_import_writes_every_count_alike() -> None:
    result = DeviceImportResult("Fitbit export", stored=3_650, applied=1_200, unchanged=1_000)
    assert result.summary() == ("3,650 values imported (1,200 in checked-in days, 2,450 "
                                "waiting to be confirmed), 1,000 already there.")
    preview = DevicePreview(["sleep.json"], nights=3_650, skipped=Counter({"no date": 1_234}))
    assert preview.lines() == ["3,650 nights of sleep and 0 days of caffeine.",
                               "Skipped (1,234×): no date."]


def test_the_person_may_let_device_values_replace_typed_ones(journal: Journal) -> None:
    typed(journal)
    journal.devices.apply(values(), "sleep.json", replace_typed=True)
    assert journal.checkins.get(D2).sleep_hours == 6.0
    undone = journal.imports.undo_last()
    assert undone is not None and undone.device_values_removed == 4
    assert "device value" in undone.summary()
    assert journal.checkins.get(D2).sleep_hours == 5.5           # put back exactly
    assert journal.checkins.get(D1).sleep_hours is None
    assert journal.devices.sources(D1) == {}
    assert journal.checkins.get(D2).caffeine_mg is None
    assert journal.devices.suggested(D3) == []
    assert journal.checkins.tracked_dates() == [D1, D2]


def test_confirming_on_the_check_in_tracks_the_day_and_survives_undo(
        journal: Journal) -> None:
    journal.devices.apply(values(), "sleep.json")
    assert journal.devices.confirm(D3, "sleep_hours") == 8.0
    assert journal.checkins.tracked_dates() == [D3]
    assert journal.devices.nights() == 1                     # D3; D1 and D2 untracked
    journal.imports.undo_last()
    assert journal.checkins.get(D3).sleep_hours == 8.0           # the person vouched for it
    assert journal.devices.confirm(D3, "sleep_hours") is None


def test_typing_over_a_device_value_makes_it_the_persons(journal: Journal) -> None:
    typed(journal)
    journal.devices.apply(values(), "sleep.json")
    checkin = journal.checkins.get(D1)
    checkin.stress = 4
    journal.checkins.save(checkin)
    assert journal.devices.sources(D1) == {"sleep_hours": "Fitbit"}   # unchanged value
    checkin.sleep_hours = 6.5
    journal.checkins.save(checkin)
    assert journal.devices.sources(D1) == {}
    journal.imports.undo_last()
    assert journal.checkins.get(D1).sleep_hours == 6.5           # an edit since is kept


def test_a_version_4_journal_migrates_and_takes_device_values(tmp_path: Path) -> None:
    path = tmp_path / "v4.twitchlog"
    shutil.copyfile(FIXTURE_V4, path)
    assert read_header(path) == (APPLICATION_ID, 4)
    with Journal.open(path) as journal:
        assert journal.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [e.notes for e in journal.episodes.find()] == ["v4"]
        assert journal.checkins.get(date(2025, 9, 1)).sleep_hours == 7.0
        result = journal.devices.apply(
            [DeviceValue(date(2025, 9, 1), "sleep_hours", 6.0, "Oura"),
             DeviceValue(date(2025, 9, 2), "sleep_hours", 7.5, "Oura")], "oura.csv")
        assert (result.stored, result.applied) == (2, 0)
    with Journal.open(path) as journal:
        assert journal.checkins.get(date(2025, 9, 1)).sleep_hours == 7.0
        assert journal.devices.suggested(date(2025, 9, 2))[0].value == 7.5
        assert journal.imports.last().device_values == 2


def test_a_days_csv_import_that_changes_device_sleep_takes_its_source_away(
        journal: Journal, tmp_path: Path) -> None:
    from twitchlog.exchange import import_paths

    typed(journal)
    journal.devices.apply(values(), "sleep.json")
    assert journal.devices.sources(D1) == {"sleep_hours": "Fitbit"}
    days = tmp_path / "days.csv"
    days.write_text("date,sleep_hours,stress\n2024-03-01,7.2,5\n2024-03-02,6.5,\n",
                    encoding="utf-8")
    import_paths(journal, [days])
    assert journal.devices.sources(D1) == {"sleep_hours": "Fitbit"}     # same value: kept
    assert journal.checkins.get(D1).stress == 5
    assert journal.devices.sources(D2) == {"caffeine_mg": "Apple Health"}  # not in the file
    days.write_text("date,sleep_hours\n2024-03-01,8\n", encoding="utf-8")
    import_paths(journal, [days])
    assert journal.checkins.get(D1).sleep_hours == 8.0
    assert journal.devices.sources(D1) == {}
