"""The crash-loop test's child: writes through the real Journal API until it is killed.

Run as a small server (``python crash_writer.py``) that imports the store once and
forks one writer per round, so the test can SIGKILL writers many times cheaply:

    stdin:  ``run DB SIDEFILE SEED``  -> stdout: ``pid N`` (and ``ready N`` once open)
    stdin:  ``restore DB A B SEED``   -> the same, for a child restoring A or B in a loop
    stdin:  ``reap N``                -> stdout: ``status N CODE`` (negative = signal)

With ``CRASH_PASSPHRASE`` set, the journal is a protected (SQLCipher) one.

Before each write the writer appends an intent line (``? kind ids``) to the side file,
and after the call returned it appends the confirmation (``! kind ids``), each time
with flush + fsync; every complete line ends with `` .``. The test then knows: every
confirmed write must be in the journal, and nothing may be there that was never intended.
"""

from __future__ import annotations

import os
import random
import sys
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from twitchlog.domain import DayCheckIn, Episode
from twitchlog.store import Journal

ZONE = timezone(timedelta(hours=-5))
FIRST_DAY = date(2025, 1, 1)
BATCH = 40  # episodes put back in one transaction (an undo of a multi-delete)
IMPORT_SIZE = 30  # episodes in one imported file


def _say(line: str) -> None:
    """One line to the test in one ``write``: the server and its children share the
    pipe, and ``print`` may split a line from its newline."""
    os.write(1, f"{line}\n".encode())


def _log(side, line: str) -> None:
    side.write(line + " .\n")
    side.flush()
    os.fsync(side.fileno())


def _episode(rng: random.Random, seq: int) -> Episode:
    moment = datetime(2025, 1, 1, tzinfo=ZONE) + timedelta(minutes=rng.randrange(500_000))
    return Episode(id=str(uuid.UUID(int=rng.getrandbits(128))), started_at=moment,
                   location=rng.choice(["eyelid", "calf", "thumb"]),
                   intensity=rng.randint(1, 10), notes=f"{seq:012d}")


def _import_file(folder: Path, episodes: list[Episode]) -> Path:
    """A CSV export-format file with these episodes, for the journal's importer."""
    path = folder / f"import-{episodes[0].id}.csv"
    lines = ["id,started_at,location,side,duration_s,intensity,kind,notes"]
    lines += [f"{e.id},{e.started_at.isoformat()},{e.location},{e.side},,{e.intensity},"
              f"{e.kind},{e.notes}" for e in episodes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_forever(db: str, side_path: str, seed: int) -> None:
    rng = random.Random(seed)
    seq = seed * 1_000_000
    importer = _importer()
    passphrase = os.environ.get("CRASH_PASSPHRASE")
    if passphrase:  # a protected journal (SQLCipher)
        from twitchlog.store import cipher

        cipher.remember(db, passphrase)
    journal = Journal.open(db)
    _say(f"ready {os.getpid()}")
    with open(side_path, "a+", encoding="utf-8") as side:
        # A kill can cut a line short (Linux stops a write at a page boundary for a
        # fatal signal): start on a fresh line; the reader ignores unterminated ones.
        side.seek(0, os.SEEK_END)
        if side.tell():
            side.write("\n")
        known: list[str] = []
        while True:
            seq += 1
            roll = rng.random()
            if roll < 0.45 or not known:
                ep = _episode(rng, seq)
                _log(side, f"? E {ep.id}")
                journal.episodes.add(ep)
                _log(side, f"! E {ep.id}")
                known.append(ep.id)
            elif roll < 0.65:
                day = FIRST_DAY + timedelta(days=rng.randrange(90))
                _log(side, f"? C {day} {seq:012d}")
                journal.checkins.save(DayCheckIn(date=day, notes=f"{seq:012d}",
                                                sleep_hours=rng.choice([None, 6.5, 8.0])))
                _log(side, f"! C {day} {seq:012d}")
            elif roll < 0.75:
                target = rng.choice(known)
                ep = journal.episodes.get(target)
                if ep is None:
                    continue
                ep.notes = f"{seq:012d}"
                _log(side, f"? U {target} {seq:012d}")
                journal.episodes.update(ep)
                _log(side, f"! U {target} {seq:012d}")
            elif roll < 0.82:
                target = known.pop(rng.randrange(len(known)))
                _log(side, f"? D {target}")
                journal.episodes.delete([target])
                _log(side, f"! D {target}")
            elif roll < 0.92:
                batch = [_episode(rng, seq) for _ in range(BATCH)]
                ids = " ".join(e.id for e in batch)
                _log(side, f"? B {ids}")
                journal.episodes.restore(batch)
                _log(side, f"! B {ids}")
            else:
                batch = [_episode(rng, seq) for _ in range(IMPORT_SIZE)]
                path = _import_file(Path(side_path).parent, batch)
                ids = " ".join(e.id for e in batch)
                _log(side, f"? I {ids}")
                importer(journal, path)
                _log(side, f"! I {ids}")
                path.unlink()


def restore_forever(db: str, first: str, second: str, seed: int) -> None:
    """Restore two backups in turn, as fast as possible, until killed."""
    from twitchlog.store.backups import restore_backup

    rng = random.Random(seed)
    sources = [first, second]
    _say(f"ready {os.getpid()}")
    while True:
        restore_backup(db, rng.choice(sources))


def _importer():
    """The journal's file importer (all-or-nothing, recorded in ``imports``)."""
    from twitchlog.exchange import import_paths

    return lambda journal, path: import_paths(journal, [path])


def serve() -> None:
    # Imported once here, so each forked child starts writing (or restoring) at once.
    from twitchlog.store import SCHEMA_VERSION
    from twitchlog.store.backups import restore_backup  # noqa: F401
    from twitchlog.store.schema_check import expected_schema

    expected_schema(SCHEMA_VERSION)
    children: set[int] = set()
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] in ("run", "restore"):
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                try:
                    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
                    if words[0] == "run":
                        write_forever(words[1], words[2], int(words[3]))
                    else:
                        restore_forever(words[1], words[2], words[3], int(words[4]))
                except BaseException:
                    import traceback

                    traceback.print_exc()
                    sys.stderr.flush()
                    os._exit(3)
                os._exit(4)
            children.add(pid)
            _say(f"pid {pid}")
        elif words[0] == "reap":
            pid = int(words[1])
            _, status = os.waitpid(pid, 0)
            children.discard(pid)
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            _say(f"status {pid} {code}")
        elif words[0] == "quit":
            break
    for pid in children:
        os.kill(pid, 9)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    serve()
