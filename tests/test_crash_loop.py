"""Crash loop: a writer process is SIGKILLed at random moments, again and again.

After every kill the journal is reopened with the real API: ``integrity_check`` must say
ok, every write the writer was told was saved must be there, nothing may appear that
was never attempted, and a multi-row transaction (an undo of a multi-delete, an import)
is either wholly there or wholly absent.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from twitchlog.store import Journal, cipher

HERE = Path(__file__).parent
ROUNDS = 60
RESTORE_ROUNDS = 25
SOAK_ROUNDS = 600

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


@dataclass
class Expectations:
    """What the side file says about the journal."""

    intended_episodes: set[str] = field(default_factory=set)
    confirmed_episodes: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)  # confirmed deletes
    maybe_deleted: set[str] = field(default_factory=set)  # intended, not confirmed
    groups: list[tuple[str, list[str], bool]] = field(default_factory=list)
    day_values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    day_confirmed: dict[str, str] = field(default_factory=dict)
    note_confirmed: dict[str, str] = field(default_factory=dict)
    note_values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def read_side_file(path: Path) -> Expectations:
    exp = Expectations()
    pending: dict[tuple[str, str], list[str]] = {}
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    for line in text.split("\n"):
        if not line.endswith(" ."):
            continue  # cut short by a kill
        mark, kind, *rest = line[:-2].split(" ")
        key = (kind, " ".join(rest))
        if mark == "?":
            pending[key] = rest
            if kind in ("E", "B", "I"):
                exp.intended_episodes.update(rest)
            elif kind == "C":
                exp.day_values[rest[0]].add(rest[1])
            elif kind == "U":
                exp.note_values[rest[0]].add(rest[1])
            elif kind == "D":
                exp.maybe_deleted.add(rest[0])
            continue
        pending.pop(key, None)
        if kind in ("E", "B", "I"):
            exp.confirmed_episodes.update(rest)
            if kind in ("B", "I"):
                exp.groups.append((kind, rest, True))
        elif kind == "C":
            exp.day_confirmed[rest[0]] = max(exp.day_confirmed.get(rest[0], ""), rest[1])
        elif kind == "U":
            exp.note_confirmed[rest[0]] = max(exp.note_confirmed.get(rest[0], ""), rest[1])
        elif kind == "D":
            exp.deleted.add(rest[0])
            exp.maybe_deleted.discard(rest[0])
    for (kind, _), rest in pending.items():
        if kind in ("B", "I"):
            exp.groups.append((kind, rest, False))
    return exp


def verify(db: Path, side: Path, *, checkpoint: bool) -> dict[str, int]:
    """Reopen with the real API and check everything the side file promises."""
    journal = Journal.open(db)
    try:
        conn = journal.db.conn
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        assert not journal.in_transaction
        rows = dict(conn.execute("SELECT id, notes FROM episodes").fetchall())
        days = dict(conn.execute("SELECT date, notes FROM checkins").fetchall())
        recorded = dict(conn.execute(
            "SELECT id, episodes_added FROM imports WHERE episodes_added > 0").fetchall())
        marked = dict(conn.execute(
            "SELECT import_id, COUNT(*) FROM episodes WHERE import_id IS NOT NULL "
            "GROUP BY import_id").fetchall())
    finally:
        if checkpoint:
            journal.close()
        else:
            journal.close(checkpoint=False)  # leave the -wal for the next round's recovery
    exp = read_side_file(side)
    present = set(rows)
    lost = (exp.confirmed_episodes - exp.deleted - exp.maybe_deleted) - present
    assert not lost, f"{len(lost)} saved episodes are missing"
    assert not (exp.deleted & present), "a confirmed delete came back"
    assert present <= exp.intended_episodes, "episodes appeared that were never written"
    for kind, ids, confirmed in exp.groups:
        count = len(present & set(ids))
        assert count in (0, len(ids)), f"half-applied {kind}: {count} of {len(ids)} rows"
        if confirmed:
            assert count == len(ids)
    assert marked == recorded, "an import's history does not match the rows it added"
    for day, value in exp.day_confirmed.items():
        assert days.get(day, "") >= value, f"check-in of {day} lost its saved value"
    for day, stored in days.items():
        assert stored in exp.day_values[day], f"check-in of {day} has a value never written"
    for ep_id, value in exp.note_confirmed.items():
        if ep_id in present:
            assert rows[ep_id] >= value, "an edit that was saved is missing"
    return {"episodes": len(present), "days": len(days),
            "imports_saved": sum(1 for k, _, c in exp.groups if k == "I" and c),
            "multi_row_writes_cut_by_a_kill": sum(1 for _, _, c in exp.groups if not c)}


class Zygote:
    """The forking writer server of ``crash_writer.py``."""

    def __init__(self, log: Path, passphrase: str | None = None) -> None:
        self._stderr = open(log, "w")  # noqa: SIM115 - closed in close()
        env = dict(os.environ)
        env.pop("CRASH_PASSPHRASE", None)
        if passphrase is not None:
            env["CRASH_PASSPHRASE"] = passphrase
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "crash_writer.py")], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self._stderr, text=True, bufsize=1,
            cwd=HERE, env=env)
        self.log = log
        self._events: list[tuple] = []

    def start(self, db: Path, side: Path, seed: int) -> int:
        self.proc.stdin.write(f"run {db} {side} {seed}\n")
        self.proc.stdin.flush()
        return self._expect("pid")

    def _expect(self, word: str, pid: int | None = None) -> int:
        """Wait for ``word`` (lines may arrive in any order: remember the others)."""
        while True:
            for event in self._events:
                if event[0] == word and (pid is None or event[1] == pid):
                    self._events.remove(event)
                    return event[-1]
            line = self.proc.stdout.readline()
            assert line, f"writer server died:\n{self.log.read_text()}"
            self._events.append(tuple(int(p) if p.lstrip("-").isdigit() else p
                                      for p in line.split()))

    def start_restores(self, db: Path, first: Path, second: Path, seed: int) -> int:
        self.proc.stdin.write(f"restore {db} {first} {second} {seed}\n")
        self.proc.stdin.flush()
        return self._expect("pid")

    def wait_ready(self, pid: int) -> None:
        self._expect("ready", pid)

    def reap(self, pid: int) -> int:
        self.proc.stdin.write(f"reap {pid}\n")
        self.proc.stdin.flush()
        status = self._expect("status", pid)
        self._events = [e for e in self._events if e[1] != pid]  # an unread "ready"
        return status

    def close(self) -> None:
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        self._stderr.close()


def crash_loop(tmp_path: Path, rounds: int, seed: int, passphrase: str | None = None
               ) -> dict[str, int]:
    rng = random.Random(seed)
    db = tmp_path / "crash" / "journal.twitchlog"
    db.parent.mkdir()
    side = tmp_path / "crash" / "saved.txt"
    if passphrase is not None:
        cipher.remember(db, passphrase)
    zygote = Zygote(tmp_path / "writer-stderr.txt", passphrase)
    stats = {"rounds": 0, "killed_while_opening": 0}
    try:
        for n in range(rounds):
            pid = zygote.start(db, side, seed * 10_000 + n)
            if n == 0 or rng.random() < 0.15:
                time.sleep(rng.uniform(0, 0.03))  # may land inside open/create/migrate
                stats["killed_while_opening"] += 1
            else:
                zygote.wait_ready(pid)
                time.sleep(rng.uniform(0.0, 0.06))
            os.kill(pid, signal.SIGKILL)
            status = zygote.reap(pid)
            assert status == -signal.SIGKILL, (
                f"the writer stopped by itself ({status}):\n{zygote.log.read_text()}")
            if not db.exists() or db.stat().st_size == 0:
                continue
            counts = verify(db, side, checkpoint=rng.random() < 0.5)
            stats["rounds"] += 1
            stats.update(counts)
    finally:
        zygote.close()
        cipher.forget(db)
    return stats


def test_sigkill_at_random_moments_never_loses_a_saved_write(tmp_path: Path) -> None:
    stats = crash_loop(tmp_path, ROUNDS, seed=1)
    assert stats["rounds"] >= 50
    assert stats["episodes"] > 200  # the writer really wrote between the kills
    assert stats["imports_saved"] > 0
    print(f"crash loop: {stats}")


@pytest.mark.skipif(not cipher.available(), reason="needs SQLCipher (the encryption extra)")
def test_a_protected_journal_never_loses_a_saved_write(tmp_path: Path) -> None:
    stats = crash_loop(tmp_path, ROUNDS, seed=3, passphrase="crash loop passphrase")
    db = tmp_path / "crash" / "journal.twitchlog"
    assert cipher.is_protected_file(db)  # really encrypted, from the first write on
    assert b"eyelid" not in db.read_bytes() and b"CREATE TABLE" not in db.read_bytes()
    assert stats["rounds"] >= 50
    assert stats["episodes"] > 200
    assert stats["imports_saved"] > 0
    print(f"protected crash loop: {stats}")


@pytest.mark.slow
def test_crash_loop_soak(tmp_path: Path) -> None:
    stats = crash_loop(tmp_path, SOAK_ROUNDS, seed=int(os.environ.get("CRASH_SEED", "2")))
    assert stats["rounds"] >= SOAK_ROUNDS - 20
    print(f"crash soak: {stats}")


def test_the_checker_notices_a_lost_write(tmp_path: Path) -> None:
    """The verification itself must fail when a confirmed write is missing."""
    db = tmp_path / "j.twitchlog"
    side = tmp_path / "side.txt"
    with Journal.open(db):
        pass
    side.write_text("? E lost-one .\n! E lost-one .\n! E cut-sh")
    with pytest.raises(AssertionError, match="missing"):
        verify(db, side, checkpoint=True)
    side.write_text("? B a b .\n")
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO episodes (id, started_at, started_utc, local_date, location_id, "
                 "created_at, updated_at) VALUES ('a', '2025-01-01T00:00:00+00:00', 'x', "
                 "'2025-01-01', 1, 'x', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(AssertionError, match="half-applied"):
        verify(db, side, checkpoint=True)


def test_sigkill_during_restores_never_breaks_the_journal(tmp_path: Path) -> None:
    """A process restoring backups in a loop is killed at random moments: the journal is
    always one whole journal (the old one or a restored one), every safety copy that got
    its final name is complete, and the next restore clears what a killed one left."""
    from trust_support import make_journal

    from twitchlog.store.backups import backup_dir, backup_files, restore_backup, validate_backup

    rng = random.Random(7)
    folder = tmp_path / "restore"
    db = make_journal(folder / "journal.twitchlog", 5, 2)
    sources = [make_journal(tmp_path / name / "src.twitchlog", count, 1)
               for name, count in (("a", 30), ("b", 60))]
    contents = [frozenset(_ids(src)) for src in (db, *sources)]
    zygote = Zygote(tmp_path / "restorer-stderr.txt")
    kills = 0
    try:
        for n in range(RESTORE_ROUNDS):
            pid = zygote.start_restores(db, sources[0], sources[1], n)
            zygote.wait_ready(pid)
            time.sleep(rng.uniform(0.0, 0.12))
            os.kill(pid, signal.SIGKILL)
            assert zygote.reap(pid) == -signal.SIGKILL, zygote.log.read_text()
            kills += 1
            with Journal.open(db) as journal:
                assert [r[0] for r in journal.db.conn.execute("PRAGMA integrity_check")] == ["ok"]
                ids = frozenset(r[0] for r in journal.db.conn.execute("SELECT id FROM episodes"))
            assert ids in contents, "the journal is neither the old one nor a restored one"
    finally:
        zygote.close()
    for backup in backup_files(db):
        validate_backup(backup.path)  # a named copy is always whole
    restore_backup(db, sources[0])
    leftovers = [p.name for p in (*folder.iterdir(), *backup_dir(db).iterdir())
                 if p.name.endswith(".tmp") or ".tmp-" in p.name]
    assert leftovers == []
    print(f"restore crash loop: {kills} kills, {len(backup_files(db))} safety copies")


def _ids(path: Path) -> set[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM episodes")}
    finally:
        conn.close()
