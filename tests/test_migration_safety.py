"""A migration that fails (an error, or a crash half-way) leaves schema, data and version
exactly as they were, and a backup of the old format was taken first."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils.migrations import Migrations
from trust_support import integrity, logical_dump, make_journal, make_old_journal, side_files

from twitchlog.cli import main
from twitchlog.store import SCHEMA_VERSION, Journal, connection, schema
from twitchlog.store.backups import backup_path_before_migration, list_backups
from twitchlog.store.errors import MigrationError

HERE = Path(__file__).parent


def _broken(db) -> None:
    """Does real damage before failing: a new table, a new column, rewritten rows."""
    db.execute("CREATE TABLE mood (day TEXT, value INTEGER)")
    db.execute("INSERT INTO mood VALUES ('2025-01-01', 3)")
    db.execute("ALTER TABLE episodes ADD COLUMN mood INTEGER")
    db.execute("UPDATE episodes SET notes = 'overwritten', side = 'both'")
    db.execute("DELETE FROM locations WHERE builtin = 0")
    raise RuntimeError("bug in migration 3")


def break_migrations(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real migrations plus a failing third one, on a copy of the migration set."""
    patched = Migrations(schema.migrations.name)
    patched._migrations = [*schema.migrations._migrations,
                           Migrations._Migration("m003_broken", _broken)]
    monkeypatch.setattr(schema, "migrations", patched)
    monkeypatch.setattr(connection, "SCHEMA_VERSION", SCHEMA_VERSION + 1)


def test_failed_migration_leaves_schema_data_and_version_unchanged(
        journal_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_journal(journal_path, episodes=5, days=3)
    break_migrations(monkeypatch)
    before = logical_dump(journal_path)
    with pytest.raises(MigrationError, match=r"could not be upgraded.*bug in migration 3"):
        Journal.open(journal_path)
    after = logical_dump(journal_path)
    assert after == before
    assert after["pragmas"]["user_version"] == SCHEMA_VERSION
    assert integrity(journal_path) == ["ok"]


def test_failed_migration_from_an_older_version_rolls_back_every_step(
        journal_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Version 1 -> 3 fails in step 3: step 2 (which worked) is rolled back too."""
    make_old_journal(journal_path, episodes=4)
    break_migrations(monkeypatch)
    before = logical_dump(journal_path)
    with pytest.raises(MigrationError):
        Journal.open(journal_path, before_migrate=backup_path_before_migration)
    assert logical_dump(journal_path) == before
    assert before["pragmas"]["user_version"] == 1
    (backup,) = list_backups(journal_path)
    assert backup.reason == "migration" and backup.schema_version == 1
    assert logical_dump(backup.path)["rows"] == before["rows"]


def test_after_a_failed_migration_the_journal_still_opens_with_the_good_code(
        journal_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_old_journal(journal_path, episodes=2)
    break_migrations(monkeypatch)
    with pytest.raises(MigrationError):
        Journal.open(journal_path)
    monkeypatch.undo()
    with Journal.open(journal_path) as journal:
        assert journal.counts()["episodes"] == 2
        assert {e.notes for e in journal.episodes.find()} == {"old 0", "old 1"}
    assert logical_dump(journal_path)["pragmas"]["user_version"] == SCHEMA_VERSION


def test_cli_reports_a_failed_migration_in_one_line(journal_path: Path, capsys,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    make_journal(journal_path, episodes=1)
    break_migrations(monkeypatch)
    before = logical_dump(journal_path)
    assert main(["--db", str(journal_path), "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("twitchlog: error:") and err.count("\n") == 1
    assert "left as it was" in err
    assert logical_dump(journal_path) == before


def test_a_failed_backup_stops_the_migration(journal_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    make_old_journal(journal_path, episodes=2)
    before = logical_dump(journal_path)
    from twitchlog.store import backups

    def no_space(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups.tempfile, "mkstemp", no_space)
    with pytest.raises(MigrationError, match=r"not upgraded.*disk is full"):
        Journal.open(journal_path, before_migrate=backup_path_before_migration)
    assert logical_dump(journal_path) == before


SLOW_MIGRATION = r"""
import sys, time
from sqlite_utils.migrations import Migrations
from twitchlog.store import connection, schema, Journal

def slow(db):
    db.execute("UPDATE episodes SET notes = 'half-migrated'")
    db.execute("CREATE TABLE extra (x)")
    print("inside", flush=True)
    time.sleep(60)

patched = Migrations(schema.migrations.name)
patched._migrations = [*schema.migrations._migrations, Migrations._Migration("m003_slow", slow)]
schema.migrations = patched
connection.SCHEMA_VERSION = schema.SCHEMA_VERSION + 1
Journal.open(sys.argv[1])
"""


def test_a_crash_in_the_middle_of_a_migration_changes_nothing(journal_path: Path) -> None:
    make_old_journal(journal_path, episodes=3)
    before = logical_dump(journal_path)
    child = subprocess.Popen([sys.executable, "-c", SLOW_MIGRATION, str(journal_path)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "inside"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    assert side_files(journal_path)  # it really died mid-transaction, leaving its -wal
    assert logical_dump(journal_path) == before
    with Journal.open(journal_path) as journal:  # the real code migrates it properly now
        assert sorted(e.notes for e in journal.episodes.find()) == ["old 0", "old 1", "old 2"]
    assert integrity(journal_path) == ["ok"]
