"""Helpers for the attack tests: run the command as a script would, and prove that a
refusal left the journal's files byte-for-byte as they were."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from twitchlog.cli import main

#: The test suite's daylight-saving zone (New York rules), spelled as POSIX rules so a
#: machine without tzdata cannot fall back to UTC.
NEW_YORK = "EST5EDT,M3.2.0,M11.1.0"
INDIA = "IST-5:30"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``twitchlog ARGV`` in this process: exit status, stdout, stderr."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def journal_files(db: Path) -> dict[str, bytes | None]:
    """The journal and its -wal/-shm side files, as bytes (None when absent)."""
    files: dict[str, bytes | None] = {}
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db}{suffix}")
        files[suffix or "main"] = path.read_bytes() if path.exists() else None
    return files


def assert_refused(result: tuple[int, str, str], before: dict[str, bytes | None], db: Path,
                   *expected: str) -> str:
    """Exit 2, one line on stderr naming the problem, no output, and no byte changed."""
    code, out, err = result
    assert code == 2, (code, out, err)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert out == "", out
    for text in expected:
        assert text in err, (text, err)
    assert journal_files(db) == before, "a refusal changed the journal"
    return err.strip()


@contextmanager
def local_zone(zone: str) -> Iterator[None]:
    """Run the block with ``TZ=zone`` (POSIX only), restoring the suite's zone after."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()
