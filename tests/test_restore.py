"""Restore: validate first, back up the current journal, swap atomically, and never let a
stale ``-wal``/``-shm`` pair with the restored file."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from trust_support import (
    add_entries,
    episode_ids,
    integrity,
    logical_dump,
    make_journal,
    make_old_journal,
    side_files,
)

from twitchlog.cli import main
from twitchlog.store import Journal
from twitchlog.store.backups import (
    InvalidBackupError,
    backup_files,
    backup_journal,
    list_backups,
    newest_good_backup,
    restore_backup,
    set_aside_damaged,
    validate_backup,
)
from twitchlog.store.safety import instance_lock_path, running_app_pid


@pytest.fixture
def backed_up(journal_path: Path) -> tuple[Path, Path, set[str]]:
    """A journal with 3 episodes backed up, then 4 more added after the backup."""
    with Journal.open(journal_path) as journal:
        ids = set(add_entries(journal, 3, 2))
        backup = backup_journal(journal, "manual")
        add_entries(journal, 4, start=10)
    return journal_path, backup, ids


def _snapshot(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}


def test_restore_brings_back_the_backup_and_keeps_a_copy_of_the_present(backed_up) -> None:
    journal_path, backup, ids = backed_up
    result = restore_backup(journal_path, backup)
    assert episode_ids(journal_path) == ids
    assert result.restored.episodes == 3
    assert result.safety_backup is not None and len(episode_ids(result.safety_backup)) == 7
    assert [i.reason for i in list_backups(journal_path)].count("restore") == 1
    with Journal.open(journal_path) as journal:
        assert journal.counts()["episodes"] == 3
        add_entries(journal, 1, start=40)  # the restored journal is writable
    assert integrity(journal_path) == ["ok"]
    if os.name == "posix":
        assert stat.S_IMODE(journal_path.stat().st_mode) == 0o600


def test_restore_leaves_no_temporary_files(backed_up) -> None:
    journal_path, backup, _ = backed_up
    restore_backup(journal_path, backup)
    names = sorted(p.name for p in journal_path.parent.iterdir())
    assert names == [f".{journal_path.name}.write-lock", "backups", journal_path.name]


def test_restore_with_a_stale_foreign_wal_beside_the_target(backed_up, tmp_path: Path) -> None:
    """A -wal from another file would be replayed into the restored one: it must go."""
    journal_path, backup, ids = backed_up
    other = Journal.open(tmp_path / "other.twitchlog")
    add_entries(other, 50, 20, start=100)
    foreign_wal = Path(str(other.path) + "-wal").read_bytes()
    foreign_shm = Path(str(other.path) + "-shm").read_bytes()
    other.close()
    Path(str(journal_path) + "-wal").write_bytes(foreign_wal)
    Path(str(journal_path) + "-shm").write_bytes(foreign_shm)

    restore_backup(journal_path, backup)
    assert side_files(journal_path) == []
    assert episode_ids(journal_path) == ids
    assert integrity(journal_path) == ["ok"]
    with Journal.open(journal_path) as journal:
        assert journal.counts()["checkins"] == 2


def test_restore_after_a_crash_keeps_the_crashed_sessions_writes_in_the_safety_copy(
        backed_up) -> None:
    """The old journal's -wal holds committed entries: the pre-restore copy must have them,
    and the restored journal must not."""
    journal_path, backup, ids = backed_up
    code = (
        "import os, sys; sys.path.insert(0, sys.argv[2]);"
        "from trust_support import add_entries; from twitchlog.store import Journal;"
        "j = Journal.open(sys.argv[1]); add_entries(j, 5, start=60); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code, str(journal_path),
                    str(Path(__file__).parent)], check=True)
    assert "-wal" in side_files(journal_path)  # the crashed process never checkpointed
    result = restore_backup(journal_path, backup)
    assert len(episode_ids(result.safety_backup)) == 12
    assert episode_ids(journal_path) == ids
    assert side_files(journal_path) == []


def test_restore_of_a_truncated_backup_is_refused_and_nothing_changes(backed_up,
                                                                      tmp_path: Path) -> None:
    journal_path, backup, _ = backed_up
    truncated = tmp_path / "truncated.twitchlog"
    data = backup.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    before = _snapshot(journal_path)
    backups_before = backup_files(journal_path)
    with pytest.raises(InvalidBackupError, match="truncated"):
        restore_backup(journal_path, truncated)
    assert _snapshot(journal_path) == before
    assert backup_files(journal_path) == backups_before  # refused before any copy was made
    assert len(episode_ids(journal_path)) == 7


@pytest.mark.parametrize("damage", ["random-bytes", "not-sqlite", "foreign-sqlite", "empty",
                                    "newer"])
def test_restore_of_a_bad_file_is_refused_and_the_journal_unchanged(backed_up, tmp_path: Path,
                                                                    damage: str) -> None:
    journal_path, backup, _ = backed_up
    bad = tmp_path / "bad.twitchlog"
    data = bytearray(backup.read_bytes())
    if damage == "random-bytes":
        page = 4096
        data[2 * page: 3 * page] = os.urandom(page)
        bad.write_bytes(bytes(data))
    elif damage == "not-sqlite":
        bad.write_text("date,notes\n2025-01-01,hello\n")
    elif damage == "foreign-sqlite":
        import sqlite3

        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE photos (id INTEGER)")
        conn.close()
    elif damage == "empty":
        bad.write_bytes(b"")
    else:
        data[60:64] = (99).to_bytes(4, "big")  # user_version from the future
        bad.write_bytes(bytes(data))
    before = _snapshot(journal_path)
    with pytest.raises(InvalidBackupError):
        restore_backup(journal_path, bad)
    assert _snapshot(journal_path) == before


def test_restore_over_a_damaged_journal_keeps_the_damaged_file_aside(backed_up) -> None:
    journal_path, backup, ids = backed_up
    data = bytearray(journal_path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    journal_path.write_bytes(bytes(data))
    result = restore_backup(journal_path, backup,
                            now=datetime(2026, 11, 24, 18, 30, tzinfo=UTC))
    assert result.safety_backup is None
    assert result.set_aside == journal_path.with_name(
        "test.twitchlog.damaged-2026-11-24T183000Z")
    assert result.set_aside.read_bytes() == bytes(data)
    assert episode_ids(journal_path) == ids


def test_set_aside_moves_the_side_files_with_the_damaged_file(journal_path: Path) -> None:
    make_journal(journal_path)
    for suffix in ("-wal", "-shm"):
        Path(str(journal_path) + suffix).write_bytes(b"x" * 10)
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    aside = set_aside_damaged(journal_path, now=when)
    assert aside.name == "test.twitchlog.damaged-2026-01-02T030405Z"
    assert not journal_path.exists() and side_files(journal_path) == []
    assert side_files(aside) == ["-wal", "-shm"]
    make_journal(journal_path)
    second = set_aside_damaged(journal_path, now=when)
    assert second != aside and second.exists() and aside.exists()


def test_newest_good_backup_skips_a_damaged_one(backed_up) -> None:
    journal_path, backup, _ = backed_up
    with Journal.open(journal_path) as journal:
        newer = backup_journal(journal, "manual",
                               now=datetime.now(UTC) + timedelta(minutes=1))
    data = bytearray(newer.read_bytes())
    data[-4096:] = os.urandom(4096)
    newer.write_bytes(bytes(data))
    assert newest_good_backup(journal_path).path == backup


def test_validate_reports_counts_and_version(backed_up) -> None:
    _, backup, _ = backed_up
    info = validate_backup(backup)
    assert (info.episodes, info.checkins, info.reason) == (3, 2, "manual")


def test_restoring_an_older_format_backup_migrates_it_on_open(journal_path: Path,
                                                              tmp_path: Path) -> None:
    old = make_old_journal(tmp_path / "old" / "old.twitchlog", episodes=2)
    make_journal(journal_path, 5, 0)
    restore_backup(journal_path, old)
    assert main(["--db", str(journal_path), "list"]) == 0
    with Journal.open(journal_path) as journal:
        assert journal.counts()["episodes"] == 2
    assert "migration" in {i.reason for i in list_backups(journal_path)}


def test_restore_into_a_missing_journal(tmp_path: Path, backed_up) -> None:
    _, backup, ids = backed_up
    target = tmp_path / "fresh" / "new.twitchlog"
    result = restore_backup(target, backup)
    assert result.safety_backup is None and result.set_aside is None
    assert episode_ids(target) == ids


def test_restore_refuses_the_journal_itself(journal_path: Path) -> None:
    make_journal(journal_path)
    before = journal_path.read_bytes()
    with pytest.raises(InvalidBackupError, match="journal itself"):
        restore_backup(journal_path, journal_path)
    assert journal_path.read_bytes() == before


# --- command line ---------------------------------------------------------------------


def test_cli_restore(backed_up, capsys) -> None:
    journal_path, backup, ids = backed_up
    assert main(["--db", str(journal_path), "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "3 episodes and 2 tracked days" in out
    assert "saved as" in out
    assert episode_ids(journal_path) == ids


def test_cli_restore_of_a_bad_file_exits_2_with_one_line(backed_up, tmp_path: Path,
                                                          capsys) -> None:
    journal_path, _, _ = backed_up
    bad = tmp_path / "bad.twitchlog"
    bad.write_text("hello")
    before = _snapshot(journal_path)
    assert main(["--db", str(journal_path), "restore", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("twitchlog: error:") and err.count("\n") == 1
    assert "not a TwitchLog journal" in err
    assert _snapshot(journal_path) == before


def test_cli_restore_refuses_while_the_app_has_the_journal_open(backed_up, capsys) -> None:
    journal_path, backup, _ = backed_up
    app = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        import socket

        instance_lock_path(journal_path).write_text(
            f"{app.pid}\ntwitchlog\n{socket.gethostname()}\n")
        assert running_app_pid(journal_path) == app.pid
        before = _snapshot(journal_path)
        assert main(["--db", str(journal_path), "restore", str(backup)]) == 2
        assert "app has" in capsys.readouterr().err
        assert _snapshot(journal_path) == before
    finally:
        app.kill()
        app.wait()
    # the same lock left behind by a crashed app does not block
    assert running_app_pid(journal_path) is None
    assert main(["--db", str(journal_path), "restore", str(backup)]) == 0


def test_cli_restore_works_on_a_damaged_journal(backed_up, capsys) -> None:
    journal_path, backup, ids = backed_up
    journal_path.write_bytes(journal_path.read_bytes()[:6000])
    assert main(["--db", str(journal_path), "list"]) == 2
    assert "twitchlog restore" in capsys.readouterr().err
    assert main(["--db", str(journal_path), "restore", str(backup)]) == 0
    assert "kept aside" in capsys.readouterr().out
    assert episode_ids(journal_path) == ids
    assert list(journal_path.parent.glob("test.twitchlog.damaged-*"))


def test_backup_file_copied_by_hand_is_restorable(backed_up, tmp_path: Path) -> None:
    """A backup moved elsewhere (a USB stick) restores the same."""
    journal_path, backup, ids = backed_up
    moved = tmp_path / "usb" / "my copy.twitchlog"
    moved.parent.mkdir()
    shutil.copy(backup, moved)
    restore_backup(journal_path, moved)
    assert logical_dump(journal_path)["rows"]["episodes"] == logical_dump(backup)["rows"][
        "episodes"]
    assert episode_ids(journal_path) == ids


def test_a_new_journal_never_pairs_with_an_orphaned_wal(tmp_path: Path) -> None:
    """The journal file was deleted but its -wal stayed: a new journal of the same name
    starts empty, and the orphan is kept aside, not replayed into it."""
    path = tmp_path / "j" / "journal.twitchlog"
    journal = Journal.open(path)
    add_entries(journal, 20, 5)
    wal = Path(str(path) + "-wal").read_bytes()
    journal.close()
    path.unlink()
    Path(str(path) + "-wal").write_bytes(wal)
    with Journal.open(path) as fresh:
        assert fresh.is_empty()
    assert integrity(path) == ["ok"]
    assert list(path.parent.glob("journal.twitchlog-wal.orphaned-*"))
