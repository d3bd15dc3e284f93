"""Hostile content: a journal or backup whose schema TwitchLog did not make.

A trigger in a restored backup used to run on the next ``log`` and delete every
check-in. Opening for writing, migrating and restoring now compare every schema object
with what the project's migrations create for the file's version, and refuse the rest
with one clear line, leaving the file byte-for-byte as it was.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from trust_support import integrity, make_journal, make_old_journal

from twitchlog.cli import main
from twitchlog.domain import Episode
from twitchlog.store import SCHEMA_VERSION, Journal, JournalError
from twitchlog.store.backups import InvalidBackupError, create_backup, validate_backup
from twitchlog.store.connection import verify_file
from twitchlog.store.errors import UnexpectedSchemaError
from twitchlog.store.schema_check import expected_schema, schema_of
from twitchlog.validation import now_local

FIXTURES = Path(__file__).parent / "fixtures"

#: Each hostile change, and a word the refusal must contain.
SHAPES = {
    "trigger": ("CREATE TRIGGER evil AFTER INSERT ON episodes BEGIN DELETE FROM checkins; END",
                "trigger 'evil'"),
    "view": ("CREATE VIEW peek AS SELECT notes FROM episodes", "view 'peek'"),
    "index": ("CREATE INDEX spy ON episodes (notes)", "index 'spy'"),
    "table": ("CREATE TABLE exfil (x)", "table 'exfil'"),
    "column": ("ALTER TABLE episodes ADD COLUMN payload TEXT", "changed table 'episodes'"),
    "dropped index": ("DROP INDEX idx_episodes_utc", "lacks index 'idx_episodes_utc'"),
    "trigger on update": ("CREATE TRIGGER t2 BEFORE UPDATE ON checkins BEGIN "
                          "SELECT RAISE(IGNORE); END", "trigger 't2'"),
}


def tamper(path: Path, sql: str) -> bytes:
    """Change the file with plain SQLite, as a person with a text editor for SQL would."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(sql)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path.read_bytes()


def checkins(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM checkins").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_tampered_journal_is_refused_and_unchanged(tmp_path: Path, capsys, shape: str) -> None:
    sql, words = SHAPES[shape]
    db = make_journal(tmp_path / "j.twitchlog", 3, 4)
    before = tamper(db, sql)
    for argv in (["log", "eyelid"], ["list"]):
        assert main(["--db", str(db), *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "changed outside TwitchLog" in err and words in err
    assert db.read_bytes() == before
    assert checkins(db) == 4


def test_the_app_open_defers_the_check_but_never_writes(tmp_path: Path) -> None:
    """The app opens at once and checks on a worker; a write before that check ends
    runs it first, and is refused."""
    sql, _ = SHAPES["trigger"]
    db = make_journal(tmp_path / "j.twitchlog", 3, 4)
    before = tamper(db, sql)
    journal = Journal.open(db, defer_check=True)
    try:
        with pytest.raises(UnexpectedSchemaError, match="trigger 'evil'"):
            journal.episodes.add(Episode(started_at=now_local(), location="calf"))
        with pytest.raises(JournalError):  # and stays refused for the session
            journal.episodes.add(Episode(started_at=now_local(), location="calf"))
    finally:
        journal.close()
    assert db.read_bytes() == before
    with pytest.raises(UnexpectedSchemaError):
        verify_file(db)  # what the app's worker runs


def test_a_backup_with_a_trigger_is_not_restored(tmp_path: Path, capsys) -> None:
    db = make_journal(tmp_path / "j.twitchlog", 3, 4)
    backup = create_backup(db, "manual")
    tamper(backup, SHAPES["trigger"][0])
    before = db.read_bytes()
    with pytest.raises(InvalidBackupError, match="changed outside TwitchLog"):
        validate_backup(backup)
    assert main(["--db", str(db), "restore", str(backup)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "trigger 'evil'" in err
    assert db.read_bytes() == before
    assert main(["--db", str(db), "log", "calf"]) == 0  # and the next log deletes nothing
    assert checkins(db) == 4


def test_an_old_journal_with_a_trigger_is_refused_before_its_upgrade(tmp_path: Path,
                                                                       capsys) -> None:
    db = make_old_journal(tmp_path / "old.twitchlog")
    before = tamper(db, SHAPES["trigger"][0])
    assert main(["--db", str(db), "log", "calf"]) == 2
    assert "trigger 'evil'" in capsys.readouterr().err
    assert db.read_bytes() == before
    assert not (tmp_path / "backups").exists()  # not even the pre-upgrade copy


def test_the_expected_schema_comes_from_the_migrations(tmp_path: Path) -> None:
    """Every version the migrations know is derivable, and a fresh journal, the shipped
    fixtures and an upgraded journal match it exactly (so a new migration is covered)."""
    for version in range(1, SCHEMA_VERSION + 1):
        assert expected_schema(version)
    with Journal.open(tmp_path / "new.twitchlog") as journal:
        assert schema_of(journal.db.conn) == expected_schema(SCHEMA_VERSION)
    fixtures = sorted(FIXTURES.glob("journal_v*.twitchlog"))
    assert len(fixtures) >= 2
    for fixture in fixtures:
        version = int(fixture.stem.removeprefix("journal_v"))
        copy = tmp_path / fixture.name
        shutil.copyfile(fixture, copy)
        conn = sqlite3.connect(copy)
        assert schema_of(conn) == expected_schema(version)
        conn.close()
        with Journal.open(copy) as journal:
            assert schema_of(journal.db.conn) == expected_schema(SCHEMA_VERSION)


# --- fuzzed schema objects ------------------------------------------------------------------

TABLES = ["episodes", "checkins", "locations", "factors", "medications", "settings"]
NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(
    lambda n: not n.startswith(("sqlite", "idx_")))
OBJECTS = st.one_of(
    st.builds(lambda n, t, when, event: f"CREATE TRIGGER {n} {when} {event} ON {t} "
              "BEGIN SELECT 1; END", NAMES, st.sampled_from(TABLES),
              st.sampled_from(["BEFORE", "AFTER"]), st.sampled_from(["INSERT", "DELETE",
                                                                      "UPDATE"])),
    st.builds(lambda n, t: f"CREATE VIEW {n} AS SELECT * FROM {t}", NAMES,
              st.sampled_from(TABLES)),
    st.builds(lambda n, t: f"CREATE INDEX {n} ON {t} (rowid)", NAMES,
              st.sampled_from(TABLES)),
    st.builds(lambda n: f"CREATE TABLE {n} (a, b)", NAMES),
    st.builds(lambda t, n: f"ALTER TABLE {t} ADD COLUMN {n}_x INTEGER", st.sampled_from(TABLES),
              NAMES),
)


@pytest.fixture(scope="module")
def base_journal(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("base") / "j.twitchlog"
    make_journal(path, 2, 2)
    return path.read_bytes()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(statements=st.lists(OBJECTS, min_size=1, max_size=3))
def test_any_schema_object_twitchlog_did_not_make_is_refused(
        tmp_path_factory: pytest.TempPathFactory, base_journal: bytes,
        statements: list[str]) -> None:
    db = tmp_path_factory.mktemp("fuzz") / "j.twitchlog"
    db.write_bytes(base_journal)
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        for sql in statements:
            try:
                conn.execute(sql)
            except sqlite3.Error:
                continue  # a duplicate name: that statement just did not apply
        changed = schema_of(conn) != expected_schema(SCHEMA_VERSION)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    before = db.read_bytes()
    if not changed:
        return
    with pytest.raises(UnexpectedSchemaError):
        Journal.open(db)
    assert db.read_bytes() == before
    assert integrity(db) == ["ok"]
