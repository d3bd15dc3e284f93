"""Restore while something writes: every ``log`` that exited 0 is accounted for.

Three processes run ``twitchlog log`` in a loop (the command line's ``main`` per
write: open, write, close, exactly as a script calling the command would) while this
test restores a backup again and again through ``twitchlog restore``. Restore holds
the journal's write lock for the whole swap, the lock every writer takes, so a write
that was acknowledged is either in the journal or in a safety copy taken before a
restore; a write caught by a swap is refused (exit 2), never silently lost.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from trust_support import make_journal

from twitchlog.cli import main
from twitchlog.store.backups import backup_files, create_backup

HERE = Path(__file__).parent
WRITERS = 3
SECONDS = 3.0
#: On a loaded machine the race runs longer, until it has enough of both, up to this.
MAX_SECONDS = 60.0

LOGGER = """
import os, sys, time
from twitchlog.cli import main
db, tag, ack, stop = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
sys.stdout = sys.stderr = open(os.devnull, "w")
n = refused = 0
with open(ack, "a") as out:
    while not os.path.exists(stop):
        n += 1
        note = f"{tag}-{n}"
        if main(["--db", db, "log", "eyelid", "--note", note]) == 0:
            out.write(note + "\\n")
            out.flush()
            os.fsync(out.fileno())
        else:
            refused += 1
    out.write(f"# refused {refused}\\n")
"""


def notes(path: Path) -> set[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT notes FROM episodes")}
    finally:
        conn.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX processes")
def test_restores_racing_logging_loops_lose_no_acknowledged_write(tmp_path: Path,
                                                                  capsys) -> None:
    db = make_journal(tmp_path / "j" / "journal.twitchlog", 2, 1)
    source = create_backup(db, "manual", out=tmp_path / "source.twitchlog")
    assert main(["--db", str(db), "log", "calf"]) == 0  # warm the daily backup
    stop = tmp_path / "stop"
    acks = [tmp_path / f"ack-{i}.txt" for i in range(WRITERS)]
    for ack in acks:
        ack.touch()
    loggers = [subprocess.Popen([sys.executable, "-c", LOGGER, str(db), f"w{i}", str(ack),
                                 str(stop)], cwd=HERE)
               for i, ack in enumerate(acks)]
    restores = 0
    failures: list[str] = []

    def acknowledged_so_far() -> int:
        return sum(len(ack.read_text().splitlines()) for ack in acks)

    try:
        time.sleep(1.0)  # the loggers need a moment to import
        started = time.monotonic()
        while time.monotonic() - started < MAX_SECONDS and (
                time.monotonic() - started < SECONDS or restores < 5
                or acknowledged_so_far() < 20):
            if main(["--db", str(db), "restore", str(source)]) == 0:
                restores += 1
            else:
                failures.append(capsys.readouterr().err.strip())
            time.sleep(0.05)
    finally:
        stop.touch()
        for proc in loggers:
            assert proc.wait(timeout=120) == 0
    capsys.readouterr()
    acknowledged: set[str] = set()
    refused = 0
    for ack in acks:
        for line in ack.read_text().splitlines():
            if line.startswith("# refused"):
                refused += int(line.split()[-1])
            elif line:
                acknowledged.add(line)
    kept = notes(db)
    for backup in backup_files(db):
        kept |= notes(backup.path)
    lost = acknowledged - kept
    print(f"restore race: {restores} restores, {len(acknowledged)} acknowledged logs, "
          f"{refused} refused, {len(lost)} lost")
    assert not failures, f"restores refused: {failures}"
    assert restores >= 5
    assert len(acknowledged) >= 20  # the loggers really wrote between the restores
    assert not lost, f"{len(lost)} acknowledged writes are in neither journal nor backup"
