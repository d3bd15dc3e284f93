"""Journals written by an older TwitchLog open, migrate forward, and keep their data."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from twitchlog.domain import Episode
from twitchlog.store import SCHEMA_VERSION, Journal, JournalOpenError, schema
from twitchlog.store.connection import read_header
from twitchlog.store.schema import APPLICATION_ID, m001_initial

FIXTURE = Path(__file__).parent / "fixtures" / "journal_v1.twitchlog"


@pytest.fixture
def v1_path(tmp_path: Path) -> Path:
    target = tmp_path / "old.twitchlog"
    shutil.copyfile(FIXTURE, target)
    return target


def test_the_fixture_really_is_version_1() -> None:
    assert read_header(FIXTURE) == (APPLICATION_ID, 1)
    assert SCHEMA_VERSION > 1


def test_a_version_1_journal_migrates_with_its_data(v1_path: Path) -> None:
    seen: list[tuple[Path, int, tuple[int, int] | None]] = []

    def before_migrate(path: Path, old_version: int) -> None:
        seen.append((path, old_version, read_header(path)))

    with Journal.open(v1_path, before_migrate=before_migrate) as journal:
        assert seen == [(v1_path, 1, (APPLICATION_ID, 1))]  # called before any change
        assert journal.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        episodes = journal.episodes.find()
        assert [e.id[-4:] for e in episodes] == ["0001", "0002", "0003"]
        first, cramp, elbow = episodes
        assert first.started_at == datetime(2024, 3, 30, 8, 15,
                                            tzinfo=timezone(timedelta(hours=1)))
        assert (first.location, first.side, first.duration_s, first.intensity,
                first.notes) == ("eyelid", "left", 12.0, 3, "after coffee")
        assert (cramp.kind, cramp.notes) == ("cramp", "=not a formula")
        assert elbow.location == "left elbow" and elbow.duration_s is None
        days = journal.checkins.find()
        assert [d.date for d in days] == [date(2024, 3, 30), date(2024, 3, 31)]
        assert days[0].sleep_hours == 6.5 and days[0].potassium is None
        assert days[0].factors == {"screen time": 4.5}
        assert days[1].magnesium is True and days[1].cramps is True
        [med] = journal.medications.all()
        assert (med.name, med.notes) == ("Hydrochlorothiazide", "")
        assert journal.settings.get("patient_name") == "Test Person"
        assert journal.daily_series(date(2024, 3, 30), date(2024, 3, 31)).episodes == [1, 2]
        assert journal.imports.last() is None  # the table added by migration 2 is there
        journal.episodes.add(Episode(started_at=datetime(2024, 4, 1, 9, 0, tzinfo=UTC),
                                    location="calf"))
    with Journal.open(v1_path, before_migrate=before_migrate) as journal:
        assert len(seen) == 1  # already current: no second migration
        assert journal.episodes.count() == 4


def test_a_failed_migration_changes_nothing(v1_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    broken = Migrations("twitchlog")
    broken()(m001_initial)

    @broken(name="m002_import_tracking")
    def m002_broken(db: Database) -> None:
        db.execute("CREATE TABLE imports (id TEXT PRIMARY KEY)")
        raise RuntimeError("disk pulled out mid-migration")

    monkeypatch.setattr(schema, "migrations", broken)
    with pytest.raises(JournalOpenError, match="mid-migration"):
        Journal.open(v1_path)
    monkeypatch.undo()
    assert read_header(v1_path) == (APPLICATION_ID, 1)
    conn = sqlite3.connect(v1_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert "imports" not in tables
    with Journal.open(v1_path) as journal:  # the real migration still works afterwards
        assert journal.episodes.count() == 3


def test_schema_version_counts_the_registered_migrations() -> None:
    """The cheap constant read at every open must match the migrations that exist."""
    from twitchlog.store import schema

    assert len(schema.migrations._migrations) == SCHEMA_VERSION


FIXTURE_V2 = Path(__file__).parent / "fixtures" / "journal_v2.twitchlog"


def test_a_version_2_journal_migrates_and_its_import_can_still_be_undone(
        tmp_path: Path) -> None:
    """Version 2 did not record which import added a location, factor or medication:
    after the upgrade those stay (nothing says the import added them), while the
    episodes and days the import added are still removed exactly."""
    path = tmp_path / "v2.twitchlog"
    shutil.copyfile(FIXTURE_V2, path)
    assert read_header(path) == (APPLICATION_ID, 2)
    with Journal.open(path) as journal:
        assert journal.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [e.notes for e in journal.episodes.find()] == ["by hand", "imported"]
        assert journal.checkins.get(date(2025, 5, 30)).factors == {"screen time": 3.0}
        [med] = journal.medications.all()
        assert (med.name, med.dose, med.notes) == ("Magnesium citrate", "200 mg", "evening")
        assert journal.imports.last().source == "episodes.csv and days.csv"
        undone = journal.imports.undo_last()
        assert (undone.episodes_removed, undone.days_removed) == (1, 1)
        assert (undone.locations_removed, undone.factors_removed,
                undone.medications_removed) == (0, 0, 0)
        assert [e.notes for e in journal.episodes.find()] == ["by hand"]
        assert journal.checkins.tracked_dates() == [date(2025, 5, 30)]
        assert "left elbow" in [loc.name for loc in journal.locations.all()]


FIXTURE_V5 = Path(__file__).parent / "fixtures" / "journal_v5.twitchlog"


def test_a_version_5_journal_migrates_and_its_marks_and_settings_survive_an_undo(
        tmp_path: Path) -> None:
    """m006 records which import added a mark or a setting; what a version 5 journal held
    was added by no import, so undoing a later import leaves it."""
    import json

    from twitchlog.exchange import import_paths

    assert read_header(FIXTURE_V5) == (APPLICATION_ID, 5)
    path = tmp_path / "v5.twitchlog"
    shutil.copyfile(FIXTURE_V5, path)
    export = tmp_path / "other.json"
    export.write_text(json.dumps({
        "format": "TwitchLog journal", "format_version": 2,
        "unremembered_days": ["2025-10-02", "2025-10-03"],
        "settings": {"patient_name": "Someone else", "patient_dob": "1990-01-01"}}),
        encoding="utf-8")
    with Journal.open(path) as journal:
        assert journal.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert journal.devices.sources(date(2025, 10, 1)) == {"sleep_hours": "Fitbit"}
        result = import_paths(journal, [export])
        assert (result.unremembered_added, result.settings_added) == (1, ["patient_dob"])
        journal.imports.undo_last()
        assert journal.catch_up.unremembered() == [date(2025, 10, 2)]
        assert journal.settings.portable() == {"patient_name": "V. Five"}
