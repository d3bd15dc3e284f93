"""The journal file: what is stored comes back, refusals leave files untouched."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from twitchlog.domain import CustomFactor, DayCheckIn, Episode, Medication, ValueKind
from twitchlog.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    DamagedJournalError,
    EpisodeFilter,
    Journal,
    JournalOpenError,
    NewerJournalError,
    NotAJournalError,
    NotFoundError,
)
from twitchlog.validation import ValidationError

CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))
POSIX = os.name == "posix"


def at(day: int, hour: int, minute: int = 0, tz: timezone = CET) -> datetime:
    return datetime(2024, 3, day, hour, minute, tzinfo=tz)


def ep(when: datetime, location: str = "eyelid", **kw: object) -> Episode:
    return Episode(started_at=when, location=location, **kw)


# --- the file ------------------------------------------------------------------------


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_new_journal_is_private(journal: Journal, journal_path: Path) -> None:
    assert stat.S_IMODE(journal_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(journal_path.parent.stat().st_mode) == 0o700


def test_file_identifies_itself_and_uses_safe_settings(journal: Journal) -> None:
    db = journal.db
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reader_connection_is_read_only_with_foreign_keys(journal: Journal,
                                                          journal_path: Path) -> None:
    journal.episodes.add(ep(at(5, 9)))
    with Journal.open_reader(journal_path) as reader:
        assert reader.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert len(reader.episodes.find()) == 1
        with pytest.raises(sqlite3.OperationalError):
            reader.db.execute("DELETE FROM episodes")


def test_data_survives_closing_and_reopening(journal_path: Path) -> None:
    with Journal.open(journal_path) as journal:
        stored = journal.episodes.add(ep(at(5, 9), notes="first"))
    with Journal.open(journal_path) as journal:
        assert journal.episodes.find() == [stored]


def _snapshot(path: Path) -> tuple[bytes, list[str]]:
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


def test_a_text_file_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.twitchlog"
    path.write_text("shopping list\n" * 20)
    before = _snapshot(path)
    with pytest.raises(NotAJournalError, match="not an SQLite database"):
        Journal.open(path)
    assert _snapshot(path) == before


def test_another_sqlite_database_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
    before = _snapshot(path)
    with pytest.raises(NotAJournalError, match="not a TwitchLog journal"):
        Journal.open(path)
    assert _snapshot(path) == before


def _closed_journal(path: Path, episodes: int = 50) -> None:
    with Journal.open(path) as journal:
        journal.episodes.restore([ep(at(1, 0) + timedelta(hours=i), notes="x" * 200)
                                  for i in range(episodes)])


def test_a_newer_journal_is_refused_and_unchanged(journal_path: Path) -> None:
    _closed_journal(journal_path)
    conn = sqlite3.connect(journal_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = _snapshot(journal_path)
    with pytest.raises(NewerJournalError, match="newer TwitchLog") as info:
        Journal.open(journal_path)
    assert str(journal_path) in str(info.value)
    assert _snapshot(journal_path) == before


def test_a_truncated_journal_gives_a_clear_error_and_is_unchanged(journal_path: Path) -> None:
    _closed_journal(journal_path, episodes=400)
    data = journal_path.read_bytes()
    assert len(data) > 8 * 4096
    journal_path.write_bytes(data[: len(data) // 2])
    before = _snapshot(journal_path)
    with pytest.raises(JournalOpenError) as info:
        Journal.open(journal_path)
    assert isinstance(info.value, DamagedJournalError | NotAJournalError)
    assert str(journal_path) in str(info.value)
    assert _snapshot(journal_path) == before


def test_random_bytes_give_a_clear_error_and_are_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "noise.twitchlog"
    path.write_bytes(os.urandom(64 * 1024))
    before = _snapshot(path)
    with pytest.raises(NotAJournalError):
        Journal.open(path)
    assert _snapshot(path) == before


def test_scrambled_pages_are_reported_as_damage(journal_path: Path) -> None:
    _closed_journal(journal_path, episodes=400)
    data = bytearray(journal_path.read_bytes())
    data[4096:len(data)] = os.urandom(len(data) - 4096)  # keep the header page only
    journal_path.write_bytes(bytes(data))
    before = _snapshot(journal_path)
    with pytest.raises(DamagedJournalError, match=r"damaged|cannot"):
        Journal.open(journal_path)
    assert _snapshot(journal_path) == before


# --- episodes ------------------------------------------------------------------------


def test_episode_round_trip_keeps_every_field(journal: Journal) -> None:
    stored = journal.episodes.add(ep(at(5, 14, 30), side="left", duration_s=12.5,
                                    intensity=4, kind="flutter", notes="01234 =x"))
    [loaded] = journal.episodes.find()
    assert loaded == stored
    assert loaded.started_at.utcoffset() == timedelta(hours=1)
    assert loaded.created_at is not None and loaded.updated_at is not None
    assert journal.episodes.get(stored.id) == stored


def test_bad_episodes_are_refused_and_nothing_is_written(journal: Journal) -> None:
    with pytest.raises(ValidationError, match="intensity: 11 is out of range"):
        journal.episodes.add(ep(at(5, 9), intensity=11))
    with pytest.raises(ValidationError, match="not a known location"):
        journal.episodes.add(ep(at(5, 9), location="elbow"))
    assert journal.episodes.find() == []
    assert not journal.in_transaction


def test_unknown_location_can_be_created_on_request(journal: Journal) -> None:
    stored = journal.episodes.add(ep(at(5, 9), location="iPad Elbow"), create_location=True)
    assert "iPad Elbow" in journal.locations.names()  # the capitals as typed
    again = journal.episodes.add(ep(at(5, 10), location="ipad elbow"))  # any case finds it
    assert stored.location == again.location == "iPad Elbow"
    assert journal.locations.names().count("iPad Elbow") == 1


def test_update_delete_and_restore(journal: Journal) -> None:
    first = journal.episodes.add(ep(at(5, 9)))
    second = journal.episodes.add(ep(at(5, 10), location="calf"))
    first.intensity = 7
    first.notes = "stronger"
    journal.episodes.update(first)
    assert journal.episodes.get(first.id).intensity == 7
    removed = journal.episodes.delete([first.id, second.id])
    assert journal.episodes.find() == []
    journal.episodes.restore(removed)
    assert journal.episodes.find() == removed
    with pytest.raises(NotFoundError):
        journal.episodes.update(ep(at(5, 11)))
    assert not journal.in_transaction


def test_deleting_an_episode_named_twice_can_be_undone(journal: Journal) -> None:
    # two table rows can show one episode (the journal changed between two page reads)
    first = journal.episodes.add(ep(at(5, 9)))
    second = journal.episodes.add(ep(at(5, 8), location="calf"))
    removed = journal.episodes.delete([first.id, second.id, first.id])
    assert [e.id for e in removed] == [second.id, first.id]  # each once, oldest first
    journal.episodes.restore(removed)  # the undo
    assert [e.id for e in journal.episodes.find()] == [second.id, first.id]


def test_two_episodes_in_the_repeated_hour_stay_ordered(journal: Journal) -> None:
    # 02:30 happens twice on 27 Oct 2024 in central Europe: first at +02:00, then +01:00.
    earlier = journal.episodes.add(ep(datetime(2024, 10, 27, 2, 30, tzinfo=CEST)))
    later = journal.episodes.add(ep(datetime(2024, 10, 27, 2, 30, tzinfo=CET)))
    episodes = journal.episodes.find()
    assert [e.id for e in episodes] == [earlier.id, later.id]
    assert episodes[0].started_at.utcoffset() != episodes[1].started_at.utcoffset()
    assert journal.episodes.per_day() == {date(2024, 10, 27): 2}


def test_days_are_the_episodes_own_local_dates(journal: Journal) -> None:
    journal.episodes.add(ep(datetime(2024, 3, 5, 23, 30, tzinfo=timezone(timedelta(hours=-5)))))
    assert journal.episodes.per_day() == {date(2024, 3, 5): 1}  # 04:30 UTC the next day


def test_episode_ranges_pages_filters_and_counts(journal: Journal) -> None:
    journal.locations.add("elbow")
    for day, location, kind, notes in [(3, "eyelid", "twitch", "coffee"),
                                       (4, "calf", "cramp", "night 100%"),
                                       (5, "elbow", "twitch", ""),
                                       (6, "eyelid", "flutter", "")]:
        journal.episodes.add(ep(at(day, 9), location=location, kind=kind, notes=notes,
                               intensity=day))
    assert [e.location for e in journal.episodes.find(date(2024, 3, 4), date(2024, 3, 5))] == [
        "calf", "elbow"]
    assert journal.episodes.count() == 4
    assert journal.episodes.count(EpisodeFilter(location="EYELID")) == 2
    assert journal.episodes.count(EpisodeFilter(kind="cramp")) == 1
    assert journal.episodes.count(EpisodeFilter(text="100%")) == 1
    assert journal.episodes.count(EpisodeFilter(text="%")) == 1
    page = journal.episodes.page(sort="intensity", descending=False, limit=2, offset=1)
    assert [e.intensity for e in page] == [4, 5]
    assert [e.intensity for e in journal.episodes.iterate()] == [3, 4, 5, 6]
    assert journal.episodes.first().intensity == 3
    assert journal.episodes.last_at("eyelid", "unspecified").intensity == 6
    top = journal.episodes.frequent(limit=1)
    assert (top[0].location, top[0].count) == ("eyelid", 2)


# --- days ----------------------------------------------------------------------------


def test_checkin_round_trip_blank_stays_unknown(journal: Journal) -> None:
    journal.factors.add(CustomFactor("screen time", ValueKind.NUMBER, "h"))
    saved = journal.checkins.save(DayCheckIn(date(2024, 3, 5), sleep_hours=6.5, caffeine_mg=0,
                                            magnesium=False, cramps=True, notes="long day",
                                            factors={"screen time": 4.5}))
    loaded = journal.checkins.get(date(2024, 3, 5))
    assert loaded == saved
    assert loaded.caffeine_mg == 0 and loaded.stress is None
    assert loaded.magnesium is False and loaded.potassium is None
    loaded.factors["screen time"] = None
    loaded.sleep_hours = None
    journal.checkins.save(loaded)
    again = journal.checkins.get(date(2024, 3, 5))
    assert again.sleep_hours is None and again.factors == {}
    assert journal.checkins.tracked_dates() == [date(2024, 3, 5)]
    assert journal.checkins.warning_days() == [(date(2024, 3, 5), ["cramps"])]


def test_bad_checkin_is_refused_with_field_value_and_range(journal: Journal) -> None:
    with pytest.raises(ValidationError) as info:
        journal.checkins.save(DayCheckIn(date(2024, 3, 5), stress=12))
    assert str(info.value) == "stress: 12 is out of range (allowed 0 to 10)"
    assert journal.checkins.find() == []


def test_deleting_a_checkin_makes_the_day_unknown(journal: Journal) -> None:
    journal.checkins.save(DayCheckIn(date(2024, 3, 5), stress=3))
    old = journal.checkins.delete(date(2024, 3, 5))
    assert old is not None and old.stress == 3
    assert journal.checkins.tracked_dates() == []
    assert journal.checkins.delete(date(2024, 3, 5)) is None


def test_daily_series_counts_tracked_days_only(journal: Journal) -> None:
    journal.factors.add(CustomFactor("screen time", ValueKind.NUMBER, "h"))
    journal.checkins.save(DayCheckIn(date(2024, 3, 4), caffeine_mg=100))  # tracked, no twitch
    journal.checkins.save(DayCheckIn(date(2024, 3, 5), caffeine_mg=300,
                                    factors={"screen time": 6}))
    journal.episodes.add(ep(at(5, 9), duration_s=10, intensity=2))
    journal.episodes.add(ep(at(5, 10), duration_s=20, intensity=5))
    journal.episodes.add(ep(at(5, 11)))
    journal.episodes.add(ep(at(6, 9), duration_s=5))  # untracked day: unknown, not counted
    series = journal.daily_series(date(2024, 3, 1), date(2024, 3, 10))
    assert series.dates == [date(2024, 3, 4), date(2024, 3, 5)]
    assert series.episodes == [0, 3]  # a tracked day without episodes is a real zero
    assert series.duration_s == [0, 30]
    assert series.intensity == [None, 3.5]
    assert series.factors["caffeine_mg"] == [100, 300]
    assert series.factors["screen time"] == [None, 6]
    assert (series.days_in_range, series.days_tracked) == (10, 2)
    empty = journal.daily_series(date(2024, 4, 1), date(2024, 4, 30))
    assert empty.dates == [] and empty.days_tracked == 0


def test_bounds_emptiness_and_counts(journal: Journal) -> None:
    assert journal.is_empty() and journal.date_bounds() is None
    journal.checkins.save(DayCheckIn(date(2024, 3, 2)))
    journal.episodes.add(ep(at(7, 9)))
    assert not journal.is_empty()
    assert journal.date_bounds() == (date(2024, 3, 2), date(2024, 3, 7))
    assert journal.counts() == {"episodes": 1, "checkins": 1, "medications": 0, "factors": 0}


# --- factors, medications, locations, settings ----------------------------------------


def test_custom_factors_are_rows_of_data(journal: Journal) -> None:
    journal.factors.add(CustomFactor("Screen time", ValueKind.NUMBER, "h"))
    with pytest.raises(ValidationError, match="already exists"):
        journal.factors.add(CustomFactor("screen TIME", ValueKind.SCALE))
    journal.checkins.save(DayCheckIn(date(2024, 3, 5), factors={"Screen time": 2}))
    journal.factors.rename("screen time", "Screens")
    assert journal.checkins.get(date(2024, 3, 5)).factors == {"Screens": 2.0}
    journal.factors.set_archived("screens", True)
    assert journal.factors.all() == []
    assert [f.name for f in journal.factors.all(include_archived=True)] == ["Screens"]
    with pytest.raises(NotFoundError):
        journal.factors.rename("steps", "walking")


def test_medications(journal: Journal) -> None:
    med = journal.medications.save(Medication("Hydrochlorothiazide", date(2024, 1, 1),
                                             "12.5 mg", notes="diuretic"))
    med.end_date = date(2024, 2, 1)
    journal.medications.save(med)
    assert journal.medications.all() == [med]
    with pytest.raises(ValidationError, match="before the start date"):
        journal.medications.save(Medication("X", date(2024, 1, 2), end_date=date(2024, 1, 1)))
    journal.medications.delete(med.id)
    assert journal.medications.all() == []


def test_locations(journal: Journal) -> None:
    journal.locations.add("Elbow")
    with pytest.raises(ValidationError, match="already exists"):
        journal.locations.add("elbow")
    with pytest.raises(ValidationError, match="built in"):
        journal.locations.rename("eyelid", "lid")
    journal.locations.rename("elbow", "left elbow")
    assert journal.locations.names()[-1] == "left elbow"
    assert journal.locations.all()[0].builtin
    assert not journal.in_transaction


def test_settings_travel_with_the_journal(journal: Journal, journal_path: Path) -> None:
    journal.settings.set("patient_name", "A. Person")
    assert journal.settings.get("patient_name") == "A. Person"
    journal.settings.set("patient_name", None)
    assert journal.settings.get("patient_name", "none") == "none"


def test_a_failed_write_leaves_no_transaction_open(journal: Journal) -> None:
    journal.locations.add("elbow")
    with pytest.raises(ValidationError):
        journal.locations.add("elbow")
    assert not journal.in_transaction
    journal.episodes.add(ep(at(5, 9)))  # and the next write works
    assert journal.episodes.count() == 1


def test_a_deferred_check_still_refuses_to_write_into_a_damaged_journal(
        journal_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app opens big journals before quick_check finishes; the first write runs it."""
    from twitchlog.store import DamagedJournalError, connection

    with Journal.open(journal_path) as journal:
        for i in range(300):
            journal.episodes.add(Episode(started_at=datetime(2024, 5, 1, 9, tzinfo=UTC),
                                        location="calf", notes=f"note {i} " * 20))
    data = bytearray(journal_path.read_bytes())
    data[4096:12288] = b"\xa5" * 8192
    journal_path.write_bytes(bytes(data))
    monkeypatch.setattr(connection, "DEFER_CHECK_MIN_BYTES", 0)
    journal = Journal.open(journal_path, defer_check=True)
    try:
        assert not journal.checked
        with pytest.raises(DamagedJournalError):
            journal.episodes.add(Episode(started_at=datetime(2024, 5, 2, 9, tzinfo=UTC),
                                        location="eyelid"))
    finally:
        journal.db.conn.close()
    assert journal_path.read_bytes() == bytes(data)
    with pytest.raises(DamagedJournalError):
        connection.verify_file(journal_path)
