"""The schema check compares journals with a committed snapshot of what the migrations
make (``twitchlog/store/expected_schema.py``), so a command need not run them, nor load
sqlite-utils, on every open. The snapshot is regenerated here and must match exactly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from attack_support import run

import twitchlog.store.expected_schema as snapshot
from twitchlog.store import SCHEMA_VERSION
from twitchlog.store.schema_check import derive_schema, expected_schema, expected_schema_source


def test_the_committed_snapshot_is_what_the_migrations_make() -> None:
    committed = Path(snapshot.__file__).read_text(encoding="utf-8")
    assert committed == expected_schema_source(), (
        "twitchlog/store/expected_schema.py is out of date: run `make schema`")


def test_every_version_is_in_the_snapshot_and_used() -> None:
    assert sorted(snapshot.EXPECTED_SCHEMA) == list(range(1, SCHEMA_VERSION + 1))
    for version in range(1, SCHEMA_VERSION + 1):
        assert expected_schema(version) == derive_schema(version)


def test_reading_a_current_journal_does_not_load_sqlite_utils(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "journal.twitchlog"
    assert run(capsys, "--db", str(db), "demo", "--days", "20", "--seed", "3")[0] == 0
    script = ("import sys\n"
              "from twitchlog.cli import main\n"
              f"assert main(['--db', {str(db)!r}, 'list']) == 0\n"
              f"assert main(['--db', {str(db)!r}, 'stats']) == 0\n"
              "sys.exit(3 if 'sqlite_utils' in sys.modules else 0)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120,
                            env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert result.returncode == 0, (result.returncode, result.stderr.decode()[-2000:])
    assert b" tracked days\n" in result.stdout and b"TwitchLog summary" in result.stdout
