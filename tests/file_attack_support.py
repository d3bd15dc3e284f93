"""Helpers for the attack tests: snapshots, crashed writers, damage only integrity_check
sees, and running the command line as another (non-root) user."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).parent
NOBODY = 65534


def _nobody_can_run_twitchlog() -> bool:
    """Root with setpriv, and a Python that ``nobody`` may run and import TwitchLog with
    (a virtual environment over an interpreter under root's home folder is not)."""
    if not (hasattr(os, "getuid") and os.getuid() == 0 and shutil.which("setpriv")
            and Path("/var/tmp").is_dir()):
        return False
    probe = subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
         sys.executable, "-c", "import twitchlog"],
        capture_output=True, timeout=60, cwd="/", check=False)
    return probe.returncode == 0


CAN_BE_NOBODY = _nobody_can_run_twitchlog()


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (not below it) with its bytes."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def crash_after_writes(path: Path, episodes: int, *, start: int = 0) -> None:
    """A process opens ``path``, logs episodes and dies without closing: the commits
    stay in the ``-wal``, as after a crash."""
    code = ("import os, sys; from pathlib import Path; from trust_support import add_entries; "
            "from twitchlog.store import Journal; "
            f"j = Journal.open(Path(sys.argv[1])); add_entries(j, {episodes}, start={start}); "
            "os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(path)], cwd=HERE, check=True, timeout=60)


def damage_an_index(path: Path) -> bytes:
    """Change one key inside an index page: ``quick_check`` still passes, only
    ``integrity_check`` sees the index no longer matches its table."""
    conn = sqlite3.connect(path)
    try:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = "
                            "'idx_episodes_utc'").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    page = bytes(data[start:start + page_size])
    keys = [(m.group(), m.start()) for m in
            re.finditer(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", page)]
    key, pos = max(keys)  # the last key: raising a digit keeps the page in order
    data[start + pos + len(key) - 2] = ord("9")
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can reach (the test's own tmp_path is root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="twitchlog-attack-", dir="/var/tmp"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_as_nobody(*args: str, env_home: Path) -> subprocess.CompletedProcess[str]:
    """``twitchlog ARGS`` as the unprivileged user ``nobody``."""
    env = {**os.environ, "HOME": str(env_home), "XDG_DATA_HOME": str(env_home),
           "XDG_CONFIG_HOME": str(env_home), "TZ": os.environ.get("TZ", "UTC")}
    env.pop("TWITCHLOG_DB", None)
    return subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
         sys.executable, "-m", "twitchlog", *args],
        capture_output=True, text=True, timeout=120, env=env, cwd="/")
