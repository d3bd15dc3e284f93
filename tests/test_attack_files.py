"""Attacks on the files around the journal: its folder, a foreign or stale ``-wal``,
``backup --out`` over a journal, damage only ``integrity_check`` sees, killed backups,
an unreadable backups folder, read-only journals, odd paths, a full disk, SIGTERM.

Driven through the command line (``main(argv)``, or a real process where the user or
the signal matters) and the store, as an unlucky user or a hostile file would. Every
refusal asserts the journal's bytes (and its side files) are unchanged.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from file_attack_support import (
    CAN_BE_NOBODY,
    NOBODY,
    crash_after_writes,
    damage_an_index,
    folder_snapshot,
    run_as_nobody,
    shared_dir,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from trust_support import add_entries, episode_ids, integrity, make_journal, side_files

from twitchlog.cli import main
from twitchlog.store import Journal, JournalWriteError
from twitchlog.store.backups import backup_dir, backup_files, create_backup
from twitchlog.store.safety import running_app_pid

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX files, modes and signals")
__all__ = ["shared_dir"]  # a fixture, used by name below


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("twitchlog: error:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --- the folder's mode ----------------------------------------------------------------


def test_an_existing_shared_folder_keeps_its_mode_and_sticky_bit(tmp_path: Path, capsys) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    db = shared / "j.twitchlog"
    code, _, err = cli(capsys, "--db", str(db), "log", "eyelid")
    assert code == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert "can be listed by other users" in err  # warned once...
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    code, _, err = cli(capsys, "--db", str(db), "log", "calf")
    assert code == 0 and "other users" not in err  # ...and only once
    create_backup(db, "manual")
    assert stat.S_IMODE(backup_dir(db).stat().st_mode) == 0o700  # made by TwitchLog


def test_folders_twitchlog_creates_are_private(tmp_path: Path, capsys) -> None:
    os.chmod(tmp_path, 0o755)
    db = tmp_path / "new" / "deeper" / "j.twitchlog"
    assert cli(capsys, "--db", str(db), "log", "eyelid")[0] == 0
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(db.parent.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755  # it existed: untouched


def test_restoring_does_not_chmod_an_existing_folder(tmp_path: Path, capsys) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1775)
    db = make_journal(shared / "j.twitchlog")
    backup = create_backup(db, "manual")
    assert cli(capsys, "--db", str(db), "restore", str(backup))[0] == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1775


# --- a foreign or stale -wal ------------------------------------------------------------


def _wal(path: Path) -> Path:
    return Path(f"{path}-wal")


def test_a_crashed_sessions_own_wal_is_kept_and_replayed(tmp_path: Path, capsys) -> None:
    db = make_journal(tmp_path / "j.twitchlog", 2, 0)
    crash_after_writes(db, 3, start=100)
    assert _wal(db).stat().st_size > 0
    code, out, err = cli(capsys, "--db", str(db), "list")
    assert code == 0 and "set aside" not in err
    assert "5 episodes" in out


def test_a_wal_copied_from_another_journal_is_set_aside(tmp_path: Path, capsys) -> None:
    mine = make_journal(tmp_path / "mine" / "j.twitchlog", 2, 1)
    theirs = make_journal(tmp_path / "theirs" / "j.twitchlog", 1, 0)
    crash_after_writes(theirs, 4, start=500)  # their commits wait in their -wal
    shutil.copy(_wal(theirs), _wal(mine))
    shutil.copy(f"{theirs}-shm", f"{mine}-shm")
    before = mine.read_bytes()
    code, out, err = cli(capsys, "--db", str(mine), "list")
    assert code == 0
    assert "set aside" in err and "not written for this journal" in err
    assert "2 episodes" in out  # none of theirs merged in
    assert mine.read_bytes() == before
    (kept,) = mine.parent.glob("j.twitchlog-wal.foreign-*")
    assert kept.read_bytes() == _wal(theirs).read_bytes()  # kept for the user, not deleted
    assert episode_ids(mine) == episode_ids(mine)  # and the journal reads cleanly
    assert integrity(mine) == ["ok"]


def test_a_stale_wal_from_an_older_session_is_set_aside(tmp_path: Path, capsys) -> None:
    db = make_journal(tmp_path / "j.twitchlog", 1, 0)
    crash_after_writes(db, 2, start=10)
    old_wal = _wal(db).read_bytes()
    assert cli(capsys, "--db", str(db), "log", "calf")[0] == 0  # replays it, closes cleanly
    assert cli(capsys, "--db", str(db), "log", "thumb")[0] == 0  # a new log generation
    before = db.read_bytes()
    _wal(db).write_bytes(old_wal)  # a sync tool brings the old -wal back
    code, out, err = cli(capsys, "--db", str(db), "list")
    assert code == 0 and "set aside" in err
    assert "5 episodes" in out
    assert db.read_bytes() == before


def test_a_wal_beside_a_replaced_main_file_is_set_aside(tmp_path: Path, capsys) -> None:
    """The salts match, but the journal file is another copy (a sync tool put an older
    copy back): replaying would mix two versions."""
    db = make_journal(tmp_path / "j.twitchlog", 2, 0)
    older = tmp_path / "older.twitchlog"
    shutil.copy(db, older)
    crash_after_writes(db, 3, start=20)
    os.replace(older, db)  # a new inode under the journal's name
    before = db.read_bytes()
    code, out, err = cli(capsys, "--db", str(db), "list")
    assert code == 0 and "was replaced" in err
    assert "2 episodes" in out
    assert db.read_bytes() == before


def test_a_refusal_never_checkpoints_the_wal(tmp_path: Path, capsys) -> None:
    """Damage found at open: the refusal leaves the main file and its -wal as they were."""
    db = make_journal(tmp_path / "j.twitchlog", 40, 0)
    crash_after_writes(db, 5, start=100)
    data = bytearray(db.read_bytes())
    data[4096:8192] = b"\xa5" * 4096
    db.write_bytes(bytes(data))
    before = folder_snapshot(db.parent)
    code, _, err = cli(capsys, "--db", str(db), "log", "eyelid")
    assert code == 2 and "damaged" in one_line_error(err)
    after = folder_snapshot(db.parent)
    assert after[db.name] == before[db.name]
    assert after[f"{db.name}-wal"] == before[f"{db.name}-wal"]


# --- backup --out onto a journal -----------------------------------------------------------


def test_backup_out_onto_a_live_journal_is_refused_without_force(tmp_path: Path, capsys) -> None:
    source = make_journal(tmp_path / "a" / "j.twitchlog", 3, 0)
    target = make_journal(tmp_path / "b" / "other.twitchlog", 5, 0)
    crash_after_writes(target, 2, start=50)  # the target has a -wal of its own
    before = folder_snapshot(target.parent)
    code, _, err = cli(capsys, "--db", str(source), "backup", "--out", str(target))
    assert code == 2 and "--force" in one_line_error(err)
    assert folder_snapshot(target.parent) == before
    code, _, err = cli(capsys, "--db", str(source), "backup", "--out", str(target), "--force")
    assert code == 0, err
    assert side_files(target) == []  # the old -wal went first: nothing replayed onto the copy
    assert integrity(target) == ["ok"]
    assert episode_ids(target) == episode_ids(source)


def test_backup_out_refreshes_an_earlier_backup_without_force(tmp_path: Path, capsys) -> None:
    source = make_journal(tmp_path / "j.twitchlog", 3, 0)
    target = tmp_path / "copy.twitchlog"
    assert cli(capsys, "--db", str(source), "backup", "--out", str(target))[0] == 0
    assert cli(capsys, "--db", str(source), "log", "calf")[0] == 0
    assert cli(capsys, "--db", str(source), "backup", "--out", str(target))[0] == 0
    assert len(episode_ids(target)) == 4


def test_force_without_out_is_a_usage_error(tmp_path: Path, capsys) -> None:
    source = make_journal(tmp_path / "j.twitchlog", 1, 0)
    code, _, err = cli(capsys, "--db", str(source), "backup", "--force")
    assert code == 2 and "--out" in one_line_error(err)


# --- damage only integrity_check sees --------------------------------------------------------


def test_damage_only_integrity_check_sees_is_never_written_to(tmp_path: Path, capsys) -> None:
    db = make_journal(tmp_path / "j.twitchlog", 6, 2)
    for extra in db.parent.glob(f"{db.name}-*"):
        extra.unlink()
    damaged = damage_an_index(db)
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"  # the trap
    conn.close()
    code, _, err = cli(capsys, "--db", str(db), "log", "eyelid")
    assert code == 2
    assert "damaged" in one_line_error(err) and "missing from index" in err
    assert db.read_bytes() == damaged
    assert backup_files(db) == []  # the failed daily backup was not kept
    code, out, _ = cli(capsys, "--db", str(db), "list")  # reading still works
    assert code == 0 and "6 episodes" in out
    assert db.read_bytes() == damaged


def test_damage_messages_are_short(tmp_path: Path, capsys) -> None:
    db = make_journal(tmp_path / "j.twitchlog", 400, 30)
    data = bytearray(db.read_bytes())
    for page in range(2, len(data) // 4096, 2):
        data[page * 4096 + 200: page * 4096 + 1200] = os.urandom(1000)
    db.write_bytes(bytes(data))
    code, _, err = cli(capsys, "--db", str(db), "log", "eyelid")
    assert code == 2
    line = one_line_error(err)
    assert len(err.splitlines()) <= 3 and len(line) < 600
    assert db.read_bytes() == bytes(data)


# --- killed backups and the backups folder ------------------------------------------------------


def test_temporaries_of_killed_backups_are_cleaned_by_the_next_backup(tmp_path: Path,
                                                                        capsys) -> None:
    db = make_journal(tmp_path / "j.twitchlog", 2, 0)
    folder = backup_dir(db)
    folder.mkdir()
    stale = [folder / f".j.backup-{n}.tmp" for n in range(3)]
    for tmp in stale:
        tmp.write_bytes(b"x" * 50_000)
        Path(f"{tmp}-journal").write_bytes(b"y" * 1000)
    Path(folder / ".j.backup-gone.tmp-journal").write_bytes(b"w" * 1000)  # its .tmp went first
    busy = folder / ".j.backup-inprogress.tmp"
    busy.write_bytes(b"z")
    import fcntl

    holder = os.open(busy, os.O_RDONLY)  # a backup still being written holds its lock
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        assert cli(capsys, "--db", str(db), "backup")[0] == 0
        names = {p.name for p in folder.iterdir()}
        assert not any(n.startswith(".j.backup-") and "inprogress" not in n for n in names)
        assert busy.exists()
    finally:
        os.close(holder)


def test_an_unreadable_backups_folder_gives_one_line_and_logging_goes_on(
        tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    db = make_journal(tmp_path / "j.twitchlog", 2, 0)
    folder = backup_dir(db)
    folder.mkdir()
    real_scandir = os.scandir

    def refused(path, *args):  # what a root-owned 0700 folder does to its user
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", refused)
    code, _, err = cli(capsys, "--db", str(db), "log", "calf")
    assert code == 0
    assert "backups folder" in err and "cannot be read" in err and "Traceback" not in err
    before = db.read_bytes()
    for argv in (["backup"], ["backup", "--list"]):
        code, _, err = cli(capsys, "--db", str(db), *argv)
        assert code == 2 and "cannot be read" in one_line_error(err)
    assert db.read_bytes() == before
    assert len(episode_ids(db)) == 3


@pytest.mark.skipif(not CAN_BE_NOBODY, reason="needs root, setpriv, a Python nobody may run")
def test_a_root_owned_backups_folder_as_a_real_user(shared_dir: Path) -> None:
    """After a ``sudo twitchlog``: the backups folder belongs to root, 0700."""
    home = shared_dir / "home"
    home.mkdir()
    db = make_journal(shared_dir / "j.twitchlog", 2, 0)
    for path in (home, shared_dir, db, Path(f"{db}-wal"), Path(f"{db}-shm"),
                 shared_dir / f".{db.name}.write-lock"):
        if path.exists():
            os.chown(path, NOBODY, NOBODY)
    backups = backup_dir(db)
    backups.mkdir(mode=0o700)  # root's
    done = run_as_nobody("--db", str(db), "log", "calf", env_home=home)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "backups folder" in done.stderr
    incoming = shared_dir / "in"
    incoming.mkdir()
    (incoming / "episodes.csv").write_text(
        "id,started_at,location,side,duration_s,intensity,kind,notes\n"
        ",2025-03-04T10:00:00+00:00,calf,left,,,twitch,imported\n")
    os.chmod(incoming / "episodes.csv", 0o644)
    refused = run_as_nobody("--db", str(db), "import", str(incoming), env_home=home)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    errors = [line for line in refused.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and "backup" in errors[0]  # no import without its backup
    assert len(episode_ids(db)) == 3


# --- read-only journals --------------------------------------------------------------------------


def test_another_users_journal_is_read_but_never_written(tmp_path: Path, capsys) -> None:
    db = make_journal(tmp_path / "theirs" / "j.twitchlog", 3, 2)
    os.chown(db, NOBODY, NOBODY)  # root running on someone else's 0644 file
    os.chmod(db, 0o644)
    before = folder_snapshot(db.parent)
    code, out, err = cli(capsys, "--db", str(db), "list")
    assert code == 0 and "3 episodes" in out and "read-only" in err
    out_dir = tmp_path / "export"
    assert cli(capsys, "--db", str(db), "export", "--format", "csv", "--out", str(out_dir))[0] == 0
    assert (out_dir / "episodes.csv").read_text().count("\n") == 4
    pdf = tmp_path / "r.pdf"
    code, _, err = cli(capsys, "--db", str(db), "report", "--from", "2025-03-01", "--to",
                       "2025-03-31", "--out", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    code, _, err = cli(capsys, "--db", str(db), "log", "eyelid")
    assert code == 2 and "can only be read" in one_line_error(err)
    assert folder_snapshot(db.parent) == before  # no -wal, -shm, lock or backup beside it
    assert not backup_dir(db).exists()
    assert stat.S_IMODE(db.stat().st_mode) == 0o644  # and never chmodded


@pytest.mark.skipif(not CAN_BE_NOBODY, reason="needs root, setpriv, a Python nobody may run")
def test_a_real_user_reads_roots_0644_journal_without_writing(shared_dir: Path) -> None:
    home = shared_dir / "home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    db = make_journal(shared_dir / "j.twitchlog", 3, 1)
    os.chmod(db, 0o644)
    os.chmod(shared_dir, 0o1777)  # even a folder the user may write in
    before = folder_snapshot(shared_dir)
    listed = run_as_nobody("--db", str(db), "list", env_home=home)
    assert listed.returncode == 0, listed.stderr
    assert "3 episodes" in listed.stdout
    refused = run_as_nobody("--db", str(db), "log", "eyelid", env_home=home)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert folder_snapshot(shared_dir) == before
    assert side_files(db) == []


def test_forced_read_only_mode_uri_is_enough_to_read(tmp_path: Path) -> None:
    """The read-only path, forced: a journal on a read-only mount reads like this."""
    db = make_journal(tmp_path / "j.twitchlog", 3, 0)
    before = folder_snapshot(db.parent)
    from twitchlog.store import connection

    original = connection.is_read_only_place
    connection.is_read_only_place = lambda path: "it is on a read-only disk"
    try:
        with Journal.open(db) as journal:
            assert journal.read_only == "it is on a read-only disk"
            assert len(journal.episodes.find()) == 3
            with pytest.raises(JournalWriteError, match="can only be read"):
                add_entries(journal, 1, start=9)
    finally:
        connection.is_read_only_place = original
    assert folder_snapshot(db.parent) == before


# --- odd journal paths -------------------------------------------------------------------------


def test_a_fifo_device_or_folder_is_refused_before_any_read(tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "pipe.twitchlog"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.twitchlog"
    folder.mkdir()
    for path, word in ((fifo, "named pipe"), (Path("/dev/zero"), "device"),
                       (folder, "folder")):
        for argv in (["list"], ["log", "eyelid"], ["backup"], ["stats"]):
            started = time.monotonic()
            code, _, err = cli(capsys, "--db", str(path), *argv)
            assert time.monotonic() - started < 10  # never hangs on the pipe
            assert code == 2 and word in one_line_error(err), (path, argv, err)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert list(folder.iterdir()) == []


def test_a_dangling_symlink_gets_plain_words(tmp_path: Path, capsys) -> None:
    link = tmp_path / "j.twitchlog"
    link.symlink_to(tmp_path / "gone" / "journal.twitchlog")
    for argv in (["log", "eyelid"], ["list"]):
        code, _, err = cli(capsys, "--db", str(link), *argv)
        line = one_line_error(err)
        assert code == 2 and "does not exist" in line and "File exists" not in line
    assert link.is_symlink() and not (tmp_path / "gone").exists()


# --- a full disk -------------------------------------------------------------------------------


def test_disk_io_error_on_a_full_disk_says_the_disk_is_full(tmp_path: Path,
                                                               monkeypatch) -> None:
    import shutil as shutil_module

    from twitchlog.store import transaction

    db = make_journal(tmp_path / "j.twitchlog", 1, 0)
    monkeypatch.setattr(shutil_module, "disk_usage",
                        lambda _p: shutil_module._ntuple_diskusage(10 << 30, 10 << 30, 20_000))
    error = transaction.write_error(sqlite3.OperationalError("disk I/O error"), db)
    assert "the disk is full" in str(error)
    assert str(error).count("\n") == 0


# --- SIGTERM to the app -------------------------------------------------------------------------


def test_sigterm_quits_the_app_like_file_quit(tmp_path: Path) -> None:
    db = make_journal(tmp_path / "j.twitchlog", 3, 1)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"),
           "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_DATA_HOME": str(tmp_path / "data")}
    app = subprocess.Popen([sys.executable, "-m", "twitchlog", "--db", str(db)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while running_app_pid(db) != app.pid or not backup_files(db):  # the window is up
            assert app.poll() is None, app.stderr.read() if app.stderr else ""
            assert time.monotonic() < deadline, "the app never opened"
            time.sleep(0.1)
        assert main(["--db", str(db), "log", "calf"]) == 0  # a change this session
        time.sleep(1.2)  # backups are named by the second: the close one must be newer
        app.send_signal(signal.SIGTERM)
        code = app.wait(timeout=60)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert code == 0, app.stderr.read() if app.stderr else ""
    assert running_app_pid(db) is None  # the lock was released
    assert [f.reason for f in backup_files(db)].count("close") == 1, app.stderr.read()
    assert side_files(db) == []  # closed with a checkpoint, as a normal quit


# --- fuzzed write-ahead logs --------------------------------------------------------------------


@pytest.fixture(scope="module")
def wal_material(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """A journal of ours (its bytes), and a foreign ``-wal`` full of committed frames."""
    base = tmp_path_factory.mktemp("wal-fuzz")
    mine = make_journal(base / "mine" / "j.twitchlog", 2, 1)
    theirs = make_journal(base / "theirs" / "j.twitchlog", 1, 0)
    crash_after_writes(theirs, 6, start=300)
    return mine.read_bytes(), _wal(theirs).read_bytes()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, 4200), st.integers(1, 255)), max_size=6),
       cut=st.one_of(st.none(), st.integers(0, 9000)))
def test_a_mangled_foreign_wal_never_reaches_the_journal(
        tmp_path_factory: pytest.TempPathFactory, wal_material: tuple[bytes, bytes],
        flips: list[tuple[int, int]], cut: int | None) -> None:
    main_bytes, foreign = wal_material
    folder = tmp_path_factory.mktemp("mangled")
    db = folder / "j.twitchlog"
    db.write_bytes(main_bytes)
    with Journal.open(db):  # ours now: the lock file carries its owner mark
        pass
    before = db.read_bytes()
    wal = bytearray(foreign[:cut] if cut is not None else foreign)
    for offset, value in flips:
        if offset < len(wal):
            wal[offset] ^= value
    _wal(db).write_bytes(bytes(wal))
    with Journal.open(db) as journal:
        assert len(journal.episodes.find()) == 2  # only ours, whatever the log held
    assert db.read_bytes() == before
    assert integrity(db) == ["ok"]


# --- what the app tells ----------------------------------------------------------------------


def test_the_app_says_once_what_the_open_found(qtbot, tmp_path: Path) -> None:
    """A foreign -wal set aside and a folder others can list: one calm box, once."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    from twitchlog.ui.context import JournalContext
    from twitchlog.ui.journal_guard import JournalGuard

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    mine = make_journal(shared / "j.twitchlog", 2, 0)
    theirs = make_journal(tmp_path / "theirs" / "j.twitchlog", 1, 0)
    crash_after_writes(theirs, 3, start=40)
    shutil.copy(_wal(theirs), _wal(mine))
    window = QWidget()
    qtbot.addWidget(window)
    for expected in (1, 0):
        journal = Journal.open(mine, defer_check=True)
        guard = JournalGuard(JournalContext(journal), window, daily_backup=False)
        guard.show_notices()
        boxes = [b for b in window.findChildren(QMessageBox, "journalNotices") if b.isVisible()]
        assert len(boxes) == expected
        for box in boxes:
            assert "set aside" in box.text() and "listed by other users" in box.text()
            box.close()
            box.deleteLater()
        assert len(journal.episodes.find()) == 2
        journal.close()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755


def test_the_restore_dialog_names_an_unreadable_backups_folder(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from twitchlog.ui.restore_dialog import RestoreDialog

    db = make_journal(tmp_path / "j.twitchlog", 1, 0)
    create_backup(db, "manual")
    real_scandir = os.scandir

    def refused(path, *args):
        if Path(path) == backup_dir(db):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", refused)
    dialog = RestoreDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.backups() == []
    assert "cannot be read" in dialog.empty_label.text()


def test_a_mark_that_cannot_be_written_is_dropped_not_left_stale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk while the -wal owner mark is updated: the mark goes, so a crash's
    log (holding that acknowledged write) is still replayed at the next open."""
    from twitchlog.store import write_lock

    db = make_journal(tmp_path / "j.twitchlog", 1, 0)
    real = write_lock._write_at_start

    def full(fd: int, data: bytes, *, sync: bool = True) -> None:
        if data[8:16] != b"\0" * 8:  # the salts of a new log
            raise OSError(28, "No space left on device")
        real(fd, data, sync=sync)

    monkeypatch.setattr(write_lock, "_write_at_start", full)
    journal = Journal.open(db)
    add_entries(journal, 2, start=70)
    journal.close(checkpoint=False)  # as if the process died here
    monkeypatch.undo()
    assert write_lock.read_mark(db) is None
    with Journal.open(db) as reopened:
        assert len(reopened.episodes.find()) == 3
