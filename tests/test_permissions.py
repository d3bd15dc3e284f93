"""Private files whatever the umask: journal folder 0700; the journal, its -wal/-shm,
backups, exports and restored or set-aside copies 0600."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from trust_support import add_entries, make_journal

from twitchlog.cli import main
from twitchlog.exchange import export_csv, export_json
from twitchlog.store import Journal
from twitchlog.store.backups import backup_journal, restore_backup, set_aside_damaged

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def test_new_journal_folder_and_files_are_private(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "new-folder" / "journal.twitchlog"
    with Journal.open(path) as journal:
        add_entries(journal, 3, 2)
        wal, shm = (path.with_name(path.name + s) for s in ("-wal", "-shm"))
        assert wal.exists() and shm.exists()
        assert mode(path.parent) == 0o700
        assert mode(path) == 0o600
        assert mode(wal) == 0o600
        assert mode(shm) == 0o600


def test_backups_and_their_folder_are_private(journal_path: Path, umask: int) -> None:
    with Journal.open(journal_path) as journal:
        add_entries(journal, 2)
        backup = backup_journal(journal, "manual")
    assert mode(backup.parent) == 0o700
    assert mode(backup) == 0o600


def test_exports_are_private(journal_path: Path, tmp_path: Path, umask: int) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    with Journal.open(journal_path) as journal:
        add_entries(journal, 2, 2)
        export_csv(journal, out)
        export_json(journal, out / "journal.json")
    files = sorted(out.iterdir())
    assert [f.name for f in files] == ["days.csv", "episodes.csv", "journal.json"]
    assert all(mode(f) == 0o600 for f in files)


def test_cli_backup_out_is_private(journal_path: Path, tmp_path: Path, umask: int) -> None:
    make_journal(journal_path)
    target = tmp_path / "copy.twitchlog"
    assert main(["--db", str(journal_path), "backup", "--out", str(target)]) == 0
    assert mode(target) == 0o600


def test_restored_and_set_aside_files_are_private(journal_path: Path, umask: int) -> None:
    make_journal(journal_path)
    with Journal.open(journal_path) as journal:
        backup = backup_journal(journal, "manual")
    result = restore_backup(journal_path, backup)
    assert mode(journal_path) == 0o600
    assert mode(result.safety_backup) == 0o600
    aside = set_aside_damaged(journal_path)
    assert mode(aside) == 0o600


def test_opening_tightens_a_journal_that_was_readable_by_others(journal_path: Path,
                                                                umask: int) -> None:
    make_journal(journal_path)
    os.chmod(journal_path, 0o644)
    with Journal.open(journal_path) as journal:
        add_entries(journal, 1, start=50)
        assert mode(journal_path) == 0o600
        assert mode(journal_path.with_name(journal_path.name + "-wal")) == 0o600
