"""Backups: made with SQLite's backup API, checked, private, taken at the right moments,
and rotated 7 daily / 4 weekly / 12 monthly."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from trust_support import add_entries, integrity, make_journal, make_old_journal, side_files

from twitchlog.cli import main
from twitchlog.store import SCHEMA_VERSION, Journal
from twitchlog.store.backups import (
    BackupFile,
    ChangeTracker,
    auto_backup_on_open,
    backup_before,
    backup_dir,
    backup_files,
    backup_journal,
    backup_name,
    backup_path_before_migration,
    create_backup,
    inspect_backup,
    list_backups,
    parse_backup_name,
    plan_rotation,
    restore_backup,
    rotate_backups,
)

NOON = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute("SELECT (SELECT COUNT(*) FROM episodes), "
                            "(SELECT COUNT(*) FROM checkins)").fetchone()
    finally:
        conn.close()


# --- making a backup -------------------------------------------------------------------


def test_backup_goes_to_the_backups_folder_named_by_time_and_reason(journal: Journal) -> None:
    add_entries(journal, 4, 3)
    path = backup_journal(journal, "manual", now=datetime(2026, 11, 24, 18, 30, tzinfo=UTC))
    assert path.parent == journal.path.parent / "backups"
    assert path.name == "test-2026-11-24T183000.000000Z-manual.twitchlog"
    assert _counts(path) == (4, 3)
    assert integrity(path) == ["ok"]


def test_backup_is_private_self_contained_and_has_no_side_files(journal: Journal) -> None:
    add_entries(journal, 2)
    path = backup_journal(journal, "manual")
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with open(path, "rb") as handle:
        header = handle.read(20)
    assert header[18:20] == b"\x01\x01"  # rollback-journal mode: one file, no -wal needed
    assert side_files(path) == []
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temp files left


def test_backup_includes_commits_still_in_the_write_ahead_log(journal: Journal) -> None:
    """A copy of the live file would miss these: the backup API sees every commit."""
    add_entries(journal, 5)
    assert journal.path.with_name(journal.path.name + "-wal").stat().st_size > 0
    path = backup_journal(journal, "manual")
    assert _counts(path)[0] == 5


def test_backup_taken_while_another_program_writes_is_consistent(journal: Journal) -> None:
    add_entries(journal, 3)
    other = sqlite3.connect(journal.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("DELETE FROM episodes")  # uncommitted: must not appear in the backup
    try:
        path = backup_journal(journal, "manual")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _counts(path)[0] == 3
    assert integrity(path) == ["ok"]


def test_backup_of_a_path_reads_through_a_read_only_connection(journal_path: Path) -> None:
    make_journal(journal_path, episodes=6, days=1)
    before = journal_path.read_bytes()
    path = create_backup(journal_path, "manual")
    assert _counts(path) == (6, 1)
    assert journal_path.read_bytes() == before


def test_two_backups_in_the_same_second_get_distinct_names(journal: Journal) -> None:
    add_entries(journal, 1)
    first = backup_journal(journal, "manual", now=NOON)
    second = backup_journal(journal, "manual", now=NOON)
    assert first != second and first.exists() and second.exists()
    assert parse_backup_name(second.name)[2] == "manual"


def test_backup_names_round_trip() -> None:
    name = backup_name(Path("/x/my-journal.twitchlog"), NOON, "import", seq=3)
    stem, created, reason = parse_backup_name(name)
    assert (stem, created, reason) == ("my-journal", NOON, "import")
    assert parse_backup_name("notes.txt") is None
    assert parse_backup_name("journal-2026-13-45T999999Z-open.twitchlog") is None


def test_a_close_backup_in_the_same_second_as_the_open_one_is_the_one_kept(
        journal: Journal) -> None:
    """By name alone "open" sorts after "close": the rotation after the close backup
    would have taken the older copy for the day's newest and deleted the close backup,
    the one holding the session's entries."""
    add_entries(journal, 1)
    opened = backup_journal(journal, "open", now=NOON + timedelta(microseconds=200_000))
    add_entries(journal, 2)
    closed = backup_journal(journal, "close", now=NOON + timedelta(microseconds=700_000))
    assert [f.path for f in backup_files(journal.path)] == [closed]
    assert not opened.exists() and _counts(closed)[0] == 3


def test_backups_named_by_older_versions_are_listed_in_order_and_restored(
        journal: Journal) -> None:
    add_entries(journal, 2)
    made = create_backup(journal, "open", now=NOON)
    old = made.with_name("test-2026-11-24T120000Z-open.twitchlog")  # to the second
    made.rename(old)
    add_entries(journal, 1)
    newer = create_backup(journal, "close", now=NOON + timedelta(microseconds=1))
    again = [create_backup(journal, "manual", now=NOON + timedelta(seconds=1))
             for _ in range(11)]  # one microsecond: -2 ... -11, in numeric order
    assert again[-1].name.endswith("-manual-11.twitchlog")
    assert [f.path for f in backup_files(journal.path)] == [*reversed(again), newer, old]
    assert [info.path for info in list_backups(journal.path)][-1] == old
    journal_path = journal.path
    journal.close()
    restore_backup(journal_path, old)
    assert _counts(journal_path)[0] == 2


def test_backups_of_other_journals_in_the_same_folder_are_not_listed(tmp_path: Path) -> None:
    a = make_journal(tmp_path / "a.twitchlog", 1, 0)
    b = make_journal(tmp_path / "b.twitchlog", 2, 0)
    create_backup(a, "manual")
    create_backup(b, "manual")
    assert [i.episodes for i in list_backups(a)] == [1]
    assert [i.episodes for i in list_backups(b)] == [2]


# --- when backups are taken ---------------------------------------------------------------


def test_open_backup_at_most_once_a_day(journal: Journal) -> None:
    add_entries(journal, 2)
    first = auto_backup_on_open(journal, now=NOON)
    assert first is not None and parse_backup_name(first.name)[2] == "open"
    assert auto_backup_on_open(journal, now=NOON + timedelta(hours=3)) is None
    assert auto_backup_on_open(journal, now=NOON + timedelta(days=1)) is not None
    assert len(backup_files(journal.path)) == 2


def test_any_backup_today_counts_as_the_daily_one(journal: Journal) -> None:
    add_entries(journal, 1)
    backup_journal(journal, "manual", now=NOON)
    assert auto_backup_on_open(journal, now=NOON + timedelta(minutes=5)) is None


def test_an_empty_journal_is_not_backed_up(journal: Journal) -> None:
    assert auto_backup_on_open(journal) is None
    assert backup_before(journal, "import") is None
    assert not backup_dir(journal.path).exists()


def test_backup_before_an_import_is_always_taken(journal: Journal) -> None:
    add_entries(journal, 1)
    backup_journal(journal, "open", now=NOON)
    path = backup_before(journal, "import", now=NOON + timedelta(minutes=1))
    assert path is not None and parse_backup_name(path.name)[2] == "import"


def test_close_backup_only_when_something_changed(journal: Journal) -> None:
    add_entries(journal, 1)
    tracker = ChangeTracker(journal)
    assert tracker.backup_if_changed() is None
    add_entries(journal, 1, start=5)
    made = tracker.backup_if_changed()
    assert made is not None and _counts(made)[0] == 2
    assert tracker.backup_if_changed() is None  # nothing new since


def test_close_backup_notices_writes_from_the_command_line(journal: Journal) -> None:
    add_entries(journal, 1)
    tracker = ChangeTracker(journal)
    with Journal.open(journal.path) as cli:
        add_entries(cli, 1, start=9)
    assert tracker.changed()
    assert _counts(tracker.backup_if_changed())[0] == 2


def test_backup_before_migration_keeps_the_old_format(journal_path: Path) -> None:
    make_old_journal(journal_path, episodes=3)
    with Journal.open(journal_path, before_migrate=backup_path_before_migration) as journal:
        assert journal.counts()["episodes"] == 3
    (info,) = list_backups(journal_path)
    assert info.reason == "migration"
    assert info.schema_version == 1 and info.episodes == 3
    assert integrity(info.path) == ["ok"]
    assert SCHEMA_VERSION > 1


def test_cli_open_backs_up_before_migrating(journal_path: Path, capsys) -> None:
    make_old_journal(journal_path, episodes=2)
    assert main(["--db", str(journal_path), "list"]) == 0
    reasons = sorted(i.reason for i in list_backups(journal_path))
    assert "migration" in reasons
    versions = {i.reason: i.schema_version for i in list_backups(journal_path)}
    assert versions["migration"] == 1


def test_cli_makes_one_daily_backup_however_often_it_runs(journal_path: Path, capsys) -> None:
    for _ in range(4):
        assert main(["--db", str(journal_path), "log", "eyelid"]) == 0
    infos = list_backups(journal_path)
    assert [i.reason for i in infos] == ["open"]
    assert infos[0].episodes == 1  # taken when the second command opened the journal


# --- the backup command -------------------------------------------------------------------


def test_cli_backup_into_the_backups_folder(journal_path: Path, capsys) -> None:
    make_journal(journal_path, 3, 2)
    assert main(["--db", str(journal_path), "backup"]) == 0
    out = capsys.readouterr().out
    assert "Backed up 3 episodes and 2 tracked days to" in out
    assert any(i.reason == "manual" for i in list_backups(journal_path))


def test_cli_backup_out_to_a_file_and_a_folder(journal_path: Path, tmp_path: Path) -> None:
    make_journal(journal_path, 3, 0)
    target = tmp_path / "usb" / "copy.twitchlog"
    target.parent.mkdir()
    assert main(["--db", str(journal_path), "backup", "--out", str(target)]) == 0
    assert _counts(target)[0] == 3
    assert main(["--db", str(journal_path), "backup", "--out", str(target)]) == 0  # refresh
    assert main(["--db", str(journal_path), "backup", "--out", str(target.parent)]) == 0
    assert len(list(target.parent.glob("test-*-manual.twitchlog"))) == 1
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_cli_backup_refuses_to_overwrite_another_file(journal_path: Path, tmp_path: Path,
                                                      capsys) -> None:
    make_journal(journal_path, 1, 0)
    precious = tmp_path / "thesis.txt"
    precious.write_text("years of work")
    assert main(["--db", str(journal_path), "backup", "--out", str(precious)]) == 2
    err = capsys.readouterr().err
    assert "not a TwitchLog backup" in err and err[-1] == "\n" and err.count("\n") == 1
    assert precious.read_text() == "years of work"
    assert main(["--db", str(journal_path), "backup", "--out",
                 str(tmp_path / "missing" / "x.twitchlog")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_cli_backup_list(journal_path: Path, capsys) -> None:
    make_journal(journal_path, 2, 1)
    assert main(["--db", str(journal_path), "backup", "--list"]) == 0
    assert "No backups yet" in capsys.readouterr().out
    main(["--db", str(journal_path), "backup"])
    capsys.readouterr()
    assert main(["--db", str(journal_path), "backup", "--list"]) == 0
    out = capsys.readouterr().out
    assert "2 episodes, 1 tracked day  (made on request)" in out


def test_cli_backup_without_a_journal_fails_cleanly(journal_path: Path, capsys) -> None:
    assert main(["--db", str(journal_path), "backup"]) == 2
    assert "no journal at" in capsys.readouterr().err
    assert not journal_path.exists()


# --- listing --------------------------------------------------------------------------------


def test_list_shows_counts_and_marks_unreadable_files(journal: Journal) -> None:
    add_entries(journal, 2, 1)
    good = backup_journal(journal, "manual", now=NOON)
    bad = backup_dir(journal.path) / backup_name(journal.path, NOON + timedelta(hours=1), "open")
    bad.write_bytes(good.read_bytes()[:5000])
    infos = list_backups(journal.path)
    assert [i.path for i in infos] == [bad, good]  # newest first
    assert infos[1].episodes == 2 and infos[1].checkins == 1 and infos[1].usable
    assert not infos[0].usable and "truncated" in infos[0].problem
    assert inspect_backup(good).usable


# --- rotation ---------------------------------------------------------------------------------


def _simulate(days: int, seed: int, tz: ZoneInfo) -> tuple[list[BackupFile], list[BackupFile],
                                                            datetime]:
    """A user who opens the app on most days; rotation runs after every new backup."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=tz)
    existing: list[BackupFile] = []
    everything: list[BackupFile] = []
    now = start
    for day in range(days):
        if rng.random() < 0.25:
            continue
        for _ in range(rng.choice([1, 1, 2, 3])):
            now = max(now, start + timedelta(days=day, minutes=rng.randrange(24 * 60)))
            reason = rng.choice(["open", "close", "close", "import", "restore"])
            f = BackupFile(Path(f"/b/{len(everything):05d}"), now.astimezone(UTC), reason)
            existing.append(f)
            everything.append(f)
            existing, _ = plan_rotation(existing, now, tz=tz)
    return existing, everything, now


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Kolkata"])
def test_rotation_over_a_simulated_year(zone: str) -> None:
    tz = ZoneInfo(zone)
    kept, everything, now = _simulate(400, seed=7, tz=tz)

    def local(f: BackupFile) -> date:
        return f.created.astimezone(tz).date()

    newest_first = sorted(everything, key=lambda f: (f.created, f.path.name), reverse=True)
    assert kept[0] == newest_first[0]
    # the newest backup of each of the last 7 days with backups
    days = list(dict.fromkeys(local(f) for f in newest_first))[:7]
    for d in days:
        assert max((f for f in everything if local(f) == d),
                   key=lambda f: (f.created, f.path.name)) in kept
    # one backup in each of the last 4 weeks and 12 months that had backups
    weeks = list(dict.fromkeys(local(f).isocalendar()[:2] for f in newest_first))[:4]
    months = list(dict.fromkeys((local(f).year, local(f).month) for f in newest_first))[:12]
    assert all(any(local(f).isocalendar()[:2] == w for f in kept) for w in weeks)
    assert all(any((local(f).year, local(f).month) == m for f in kept) for m in months)
    # bounded: at most 7 + 4 + 12, plus safety copies of the last 7 days
    recent_safety = [f for f in kept if f.reason in {"import", "restore"}
                     and now - f.created <= timedelta(days=7)]
    assert len(kept) <= 7 + 4 + 12 + len(recent_safety)
    assert len(everything) > 300 and len(kept) < 35
    # a backup from about a year ago survives as that month's copy
    assert min(f.created for f in kept) < now - timedelta(days=300)


def test_incremental_rotation_equals_rotating_once() -> None:
    tz = ZoneInfo("America/New_York")
    kept, everything, now = _simulate(200, seed=3, tz=tz)
    once, _ = plan_rotation(everything, now, tz=tz)
    assert {f.path for f in once} == {f.path for f in kept}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=500 * 24), min_size=1, max_size=60),
       st.integers(min_value=0, max_value=40 * 24))
def test_rotation_never_drops_the_newest_or_future_backups(hours: list[int], back: int) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    files = [BackupFile(Path(f"/b/{i}"), start + timedelta(hours=h), "open")
             for i, h in enumerate(hours)]
    now = start + timedelta(hours=max(hours) - back)  # the clock may have gone back
    kept, dropped = plan_rotation(files, now, tz=UTC)
    newest = max(files, key=lambda f: (f.created, f.path.name))
    assert newest in kept
    assert all(f.created <= now for f in dropped)
    assert len(kept) + len(dropped) == len(files)


def test_rotate_backups_deletes_files_with_a_fake_clock(journal: Journal) -> None:
    add_entries(journal, 1)
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    for day in range(60):
        backup_journal(journal, "open", now=start + timedelta(days=day))
    names = [f.created.date() for f in backup_files(journal.path)]
    assert len(names) == len(set(names))
    assert names[:7] == [(start + timedelta(days=59 - i)).date() for i in range(7)]
    assert len(names) <= 7 + 4 + 12
    assert rotate_backups(journal.path, now=start + timedelta(days=60)) == []
    # nothing but backups files ever appear in the folder
    assert all(p.suffix == ".twitchlog" for p in backup_dir(journal.path).iterdir())
