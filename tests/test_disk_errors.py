"""Disk full or a read-only place during a write, an export or a backup: a clear message,
nothing half-written, the journal intact and still usable afterwards."""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from trust_support import add_entries, integrity, logical_dump, make_journal

from twitchlog import atomic
from twitchlog.cli import main
from twitchlog.domain import Episode
from twitchlog.exchange import ExchangeError, export_csv, export_json
from twitchlog.store import Journal, JournalOpenError, JournalWriteError
from twitchlog.store import backups as backups_module
from twitchlog.store.backups import (
    BackupError,
    backup_dir,
    backup_journal,
    list_backups,
    restore_backup,
)

ZONE = timezone(timedelta(hours=2))
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """Make folders read-only for real (chmod), and, where file modes do not bind (root),
    refuse to create files in them the way the kernel would."""
    folders: list[Path] = []
    real_mkstemp = tempfile.mkstemp

    def guarded_mkstemp(*args, **kwargs):
        where = Path(kwargs.get("dir") or (args[2] if len(args) > 2 else "."))
        if any(where.resolve() == f.resolve() for f in folders):
            raise PermissionError(errno.EACCES, "Permission denied", str(where))
        return real_mkstemp(*args, **kwargs)

    def make(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o500)
        folders.append(folder)
        if IS_ROOT:
            monkeypatch.setattr(tempfile, "mkstemp", guarded_mkstemp)
        return folder

    yield make
    for folder in folders:
        os.chmod(folder, 0o700)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


# --- journal writes -------------------------------------------------------------------


def test_disk_full_during_a_write_saves_nothing_and_says_so(journal: Journal) -> None:
    add_entries(journal, 3, 1)
    journal.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = logical_dump(journal.path)
    pages = journal.db.execute("PRAGMA page_count").fetchone()[0]
    journal.db.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    big = Episode(started_at=datetime(2025, 5, 1, 9, tzinfo=ZONE), location="calf",
                  notes="x" * 9000)
    with pytest.raises(JournalWriteError, match=r"disk is full.*unchanged"):
        journal.episodes.add(big)
    assert not journal.in_transaction
    assert logical_dump(journal.path) == before
    assert integrity(journal.path) == ["ok"]
    journal.db.conn.execute("PRAGMA max_page_count = 1073741823")  # space again
    journal.episodes.add(big)
    assert journal.counts()["episodes"] == 4


def test_disk_full_during_a_bulk_restore_keeps_none_of_it(journal: Journal) -> None:
    add_entries(journal, 2)
    pages = journal.db.execute("PRAGMA page_count").fetchone()[0]
    journal.db.conn.execute(f"PRAGMA max_page_count = {pages + 3}")
    batch = [Episode(started_at=datetime(2025, 6, 1, 9, tzinfo=ZONE) + timedelta(hours=i),
                     location="thumb", notes="n" * 3000) for i in range(40)]
    with pytest.raises(JournalWriteError):
        journal.episodes.restore(batch)
    assert journal.counts()["episodes"] == 2
    assert not journal.in_transaction


def test_a_read_only_journal_refuses_writes_clearly(journal: Journal) -> None:
    add_entries(journal, 1)
    journal.db.conn.execute("PRAGMA query_only = ON")  # SQLite's read-only refusal
    with pytest.raises(JournalWriteError, match=r"read-only.*unchanged"):
        add_entries(journal, 1, start=9)
    assert not journal.in_transaction
    journal.db.conn.execute("PRAGMA query_only = OFF")
    assert journal.counts()["episodes"] == 1


@pytest.mark.skipif(IS_ROOT or os.name != "posix", reason="file modes do not bind root")
def test_opening_a_journal_in_a_read_only_folder_is_refused_clearly(
        journal_path: Path, read_only) -> None:
    make_journal(journal_path)
    before = journal_path.read_bytes()
    read_only(journal_path.parent)
    with pytest.raises(JournalOpenError) as caught:
        Journal.open(journal_path)
    assert "read-only" in str(caught.value) and "damaged" not in str(caught.value)
    assert journal_path.read_bytes() == before


# --- backups ------------------------------------------------------------------------------


def test_disk_full_during_a_backup_leaves_no_partial_file(journal: Journal,
                                                          monkeypatch) -> None:
    add_entries(journal, 5, 2)
    backup_journal(journal, "manual")
    before_backups = _files(backup_dir(journal.path))

    def half_then_full(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
        src.backup(dst, pages=2)  # some pages really written, then no space
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups_module, "copy_database", half_then_full)
    with pytest.raises(BackupError, match="disk is full"):
        backup_journal(journal, "manual", now=backups_module.utc_now() + timedelta(hours=1))
    assert _files(backup_dir(journal.path)) == before_backups  # no temp, no partial copy
    assert integrity(journal.path) == ["ok"]
    add_entries(journal, 1, start=30)  # the journal carries on
    assert journal.counts()["episodes"] == 6


def test_backup_into_a_read_only_folder(journal: Journal, read_only) -> None:
    add_entries(journal, 2)
    read_only(backup_dir(journal.path))
    with pytest.raises(BackupError, match=r"read-only.*unchanged"):
        backup_journal(journal, "manual")
    assert list(backup_dir(journal.path).iterdir()) == []
    assert integrity(journal.path) == ["ok"]


def test_cli_backup_failure_is_one_line_and_the_daily_backup_only_warns(
        journal_path: Path, read_only, capsys) -> None:
    make_journal(journal_path, 2, 0)
    read_only(backup_dir(journal_path))
    assert main(["--db", str(journal_path), "backup"]) == 2
    err = capsys.readouterr().err
    assert err.count("twitchlog: error:") == 1 and "read-only" in err
    # logging still works; the failed daily backup is a warning, not a failure
    assert main(["--db", str(journal_path), "log", "calf"]) == 0
    err = capsys.readouterr().err
    assert "warning: the daily backup was not made" in err
    with Journal.open(journal_path) as journal:
        assert journal.counts()["episodes"] == 3


def test_restore_when_the_journal_folder_is_read_only_changes_nothing(
        journal_path: Path, tmp_path: Path, read_only) -> None:
    make_journal(journal_path, 3, 0)
    with Journal.open(journal_path) as journal:
        backup = backup_journal(journal, "manual")
        add_entries(journal, 2, start=20)
    outside = tmp_path / "elsewhere.twitchlog"
    outside.write_bytes(backup.read_bytes())
    for p in list(backup_dir(journal_path).iterdir()):
        p.unlink()
    before = journal_path.read_bytes()
    read_only(journal_path.parent)
    read_only(backup_dir(journal_path))
    with pytest.raises(BackupError):
        restore_backup(journal_path, outside)
    assert journal_path.read_bytes() == before
    leftovers = {p.name for p in journal_path.parent.iterdir()} - {
        "backups", journal_path.name, f".{journal_path.name}.write-lock"}
    assert leftovers <= {journal_path.name + "-wal", journal_path.name + "-shm"}
    assert list_backups(journal_path) == []
    os.chmod(journal_path.parent, 0o700)
    with Journal.open(journal_path) as journal:
        assert journal.counts()["episodes"] == 5


# --- exports -------------------------------------------------------------------------------


def test_disk_full_during_an_export_keeps_the_previous_files(journal: Journal, tmp_path: Path,
                                                             monkeypatch) -> None:
    add_entries(journal, 3, 2)
    out = tmp_path / "export"
    export_csv(journal, out)
    export_json(journal, out / "journal.json")
    before = _files(out)
    add_entries(journal, 3, start=40)

    def no_space(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    with pytest.raises(ExchangeError, match="No space left"):
        export_json(journal, out / "journal.json")
    with pytest.raises(ExchangeError, match="No space left"):
        export_csv(journal, out)
    assert _files(out) == before  # old files whole, no temp files beside them


def test_export_into_a_read_only_folder(journal: Journal, tmp_path: Path, read_only,
                                        capsys) -> None:
    add_entries(journal, 2, 1)
    out = read_only(tmp_path / "locked")
    with pytest.raises(ExchangeError):
        export_json(journal, out / "journal.json")
    assert list(out.iterdir()) == []
    journal.close()
    assert main(["--db", str(journal.path), "export", "--format", "csv", "--out",
                 str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("twitchlog: error:") and err.count("\n") == 1
    assert list(out.iterdir()) == []


def test_a_journal_locked_by_another_program_is_not_called_damaged(journal_path: Path,
                                                                   monkeypatch) -> None:
    make_journal(journal_path)
    from twitchlog.store import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(journal_path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(JournalOpenError) as caught:
            Journal.open(journal_path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "another program is using it" in str(caught.value)
    assert type(caught.value) is JournalOpenError  # not DamagedJournalError
    with Journal.open(journal_path) as journal:
        assert journal.counts()["episodes"] == 3
